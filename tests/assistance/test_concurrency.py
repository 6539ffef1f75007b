"""Two street officers filling a post's last place at the same moment, each on its own connection:
the post row is locked, so exactly one person is placed and the other is told the post is full."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import id_number, make_user, service_day, street
from tests.threads import at_once, waiting_for_locks
from wengang.accounts.models import Role
from wengang.assistance import services
from wengang.assistance.models import HardshipCategory, WelfarePlacement

from .conftest import certify


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_officers_filling_the_last_place_at_once_place_one_person(settings, tmp_path):
    service_day(settings, "2020-06-01", tmp_path)
    older = HardshipCategory.objects.get(name="大龄失业人员")
    officers = [make_user(f"jiexiang{n}", Role.STREET, street=street("孙河")) for n in (1, 2)]
    people = [make_user(f"p{n}", Role.INDIVIDUAL, id_number=id_number(20 + n, "19680101")) for n in (1, 3)]
    certs = [certify(person, officers[0], older) for person in people]
    post = services.post_create(
        user=officers[0],
        values={"title": "社区保洁员", "headcount": 1, "terms": "保洁", "monthly_pay": Decimal("2200.00")},
    )
    refused: list[str] = []

    def place(cert, officer) -> None:
        try:
            waiting_for_locks(
                lambda: services.placement_create(
                    post=post, certification=cert, start=dt.date(2020, 6, 1), end=dt.date(2021, 5, 31), user=officer
                )
            )
        except services.AssistanceError as exc:
            refused.append(str(exc))

    errors = at_once(place, zip(certs, officers, strict=True))
    assert not errors, errors
    assert WelfarePlacement.objects.filter(post=post).count() == 1
    assert len(refused) == 1 and "岗位已满员" in refused[0]
