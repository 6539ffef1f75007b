"""Queries compiled once per process (wengang/ops/prepared.py, issue 11): the same rows as the ORM."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import QuerySet

from tests.factories import make_organisation, street
from wengang.ops.prepared import Prepared, as_date
from wengang.registry.models import Organisation


def _named(street_id: int, since: dt.date) -> QuerySet[Any]:
    return (
        Organisation.objects.filter(street_id=street_id, facts_as_of__gte=since).order_by("pk").values_list("pk", "name")
    )


@pytest.mark.django_db
def test_a_prepared_query_gives_the_orms_rows_for_each_call_and_compiles_once(
    django_assert_num_queries: Any,
) -> None:
    east, west = street("望京"), street("建外")
    a = make_organisation(1, "甲公司", street=east, facts_as_of=dt.date(2020, 5, 1))
    make_organisation(2, "乙公司", street=east, facts_as_of=dt.date(2020, 1, 1))
    c = make_organisation(3, "丙公司", street=west, facts_as_of=dt.date(2020, 5, 1))
    built: list[tuple[int, dt.date]] = []

    def build(street_id: int, since: dt.date) -> QuerySet[Any]:
        built.append((street_id, since))
        return _named(street_id, since)

    query = Prepared(build, int, dt.date)
    with django_assert_num_queries(1):
        assert query.rows(east.pk, dt.date(2020, 4, 1)) == [(a.pk, "甲公司")]
    assert query.rows(west.pk, dt.date(2020, 4, 1)) == [(c.pk, "丙公司")]
    assert query.rows(east.pk, dt.date(2019, 12, 1)) == list(_named(east.pk, dt.date(2019, 12, 1)))
    assert query.rows(west.pk, dt.date(2020, 6, 1)) == []
    assert len(built) == 1  # the queryset was built (and compiled) once


@pytest.mark.django_db
def test_several_querysets_are_one_union_all_each_with_its_own_order_and_limit() -> None:
    east = street("望京")
    firms = [make_organisation(n, f"单位{n}", street=east) for n in range(1, 6)]

    def build(street_id: int) -> list[QuerySet[Any]]:
        mine = Organisation.objects.filter(street_id=street_id).values_list("pk")
        return [mine.order_by("pk")[:2], mine.order_by("-pk")[:1]]

    assert Prepared(build, int).rows(east.pk) == [(firms[0].pk,), (firms[1].pk,), (firms[4].pk,)]


@pytest.mark.django_db
def test_an_argument_the_orm_does_not_pass_through_is_refused() -> None:
    # the builder shifts the date, so the stand-in is not among the parameters: no wrong rows, an error
    query = Prepared(lambda since: Organisation.objects.filter(facts_as_of__gte=since + dt.timedelta(1)), dt.date)
    with pytest.raises(ValueError, match="not found"):
        query.rows(dt.date(2020, 1, 1))
    with pytest.raises(TypeError):
        Prepared(lambda pk: Organisation.objects.filter(pk=pk), int).rows("1")


def test_dates_come_back_as_dates() -> None:
    assert as_date("2020-06-01") == dt.date(2020, 6, 1)
    assert as_date(dt.datetime(2020, 6, 1, 8, 0)) == dt.date(2020, 6, 1)
    assert as_date(dt.date(2020, 6, 1)) == dt.date(2020, 6, 1)
    assert as_date(None) is None


@pytest.mark.django_db
def test_prepared_objects_are_the_orms_model_instances_with_their_related_objects(
    django_assert_num_queries: Any,
) -> None:
    east, west = street("望京"), street("建外")
    a = make_organisation(1, "甲公司", street=east)
    b = make_organisation(2, "乙公司", street=west)
    query = Prepared(lambda pk: Organisation.objects.select_related("street").filter(pk=pk), int)
    with django_assert_num_queries(1):
        (first,) = query.objects(a.pk)
        assert (first, first.name, first.street) == (a, "甲公司", east)  # the street came with it
    (second,) = query.objects(b.pk)
    assert (second, second.street.name) == (b, "建外")
    assert query.objects(-1) == []
    with pytest.raises(TypeError, match="one queryset"):
        Prepared(lambda pk: [Organisation.objects.filter(pk=pk)] * 2, int).objects(a.pk)


@pytest.mark.django_db
def test_on_postgresql_a_query_run_again_is_planned_once_as_a_prepared_statement() -> None:
    """The settings bind parameters on the server, so PostgreSQL keeps a query run DB_PREPARE_THRESHOLD
    times on a connection as a prepared statement and stops planning it again (issue 11, load)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    east = street("望京")
    make_organisation(1, "甲公司", street=east, facts_as_of=dt.date(2020, 5, 1))
    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]
    for _ in range(threshold + 1):
        assert list(_named(east.pk, dt.date(2020, 1, 1))) == [(Organisation.objects.get().pk, "甲公司")]
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any('FROM "registry_organisation"' in s and "$1" in s for s in statements), statements
