"""Two street officers filling a post's last place at the same moment, each on its own connection:
the post row is locked, so exactly one person is placed and the other is told the post is full."""

from __future__ import annotations

import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.db import OperationalError, connection

from tests.factories import id_number, make_user, service_day, street
from wengang.accounts.models import Role
from wengang.assistance import services
from wengang.assistance.models import HardshipCategory, WelfarePlacement

from .conftest import certify


def place_waiting_for_locks(**kwargs) -> None:
    """SQLite's shared in-memory test database says "locked" at once where PostgreSQL would wait."""
    for _ in range(500):
        try:
            services.placement_create(**kwargs)
            return
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            time.sleep(0.01)
    raise AssertionError("the write lock was never released")


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
    start = threading.Barrier(2)
    refused: list[str] = []
    errors: list[BaseException] = []

    def place(cert, officer) -> None:
        try:
            start.wait(timeout=10)
            place_waiting_for_locks(
                post=post, certification=cert, start=dt.date(2020, 6, 1), end=dt.date(2021, 5, 31), user=officer
            )
        except services.AssistanceError as exc:
            refused.append(str(exc))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=place, args=pair) for pair in zip(certs, officers, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert WelfarePlacement.objects.filter(post=post).count() == 1
    assert len(refused) == 1 and "岗位已满员" in refused[0]
