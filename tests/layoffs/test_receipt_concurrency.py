"""Two reviewers accepting two layoff reports at the same moment, each on its own connection."""

from __future__ import annotations

import contextlib
import threading

import pytest

from tests.factories import uscc
from tests.threads import at_once, waiting_for_locks
from wengang.accounts.models import Department, Role, User
from wengang.layoffs import services
from wengang.layoffs.models import LayoffReport, Status
from wengang.registry.models import Organisation, Street

from .conftest import TODAY
from .factories import complete_report


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_live_acceptances_at_once_get_distinct_receipt_numbers(monkeypatch) -> None:
    real = services.next_receipt_number
    drawn = threading.Barrier(2)

    def draw_together(year: int) -> str:
        number = real(year)
        # both have read the same last number before either writes; the loser's second draw has
        # nobody to wait for
        with contextlib.suppress(threading.BrokenBarrierError):
            drawn.wait(timeout=2)
        return number

    monkeypatch.setattr(services, "next_receipt_number", draw_together)
    labour_relations = Department.objects.get_or_create(code="labour-relations", defaults={"name": "劳动关系科"})[0]
    street = Street.objects.get_or_create(name="孙河", defaults={"kind": "street"})[0]
    reviewers, reports = [], []
    for n in (1, 2):
        firm = Organisation.objects.create(
            uscc=uscc(60 + n), name=f"北京并发{n}有限公司", street=street, industry_code="C34", facts={"employees": "1000"}
        )
        owner = User.objects.create_user(username=f"owner{n}", password=None, role=Role.ENTERPRISE, organisation=firm)
        report = complete_report(owner, today=TODAY)
        services.report_submit(report=report, user=owner)
        reports.append(report)
        reviewers.append(
            User.objects.create_user(username=f"laodong{n}", password=None, role=Role.REVIEWER, department=labour_relations)
        )

    def accept(report: LayoffReport, reviewer: User) -> None:
        mine = LayoffReport.objects.get(pk=report.pk)
        waiting_for_locks(lambda: services.report_accept(report=mine, user=reviewer))

    errors = at_once(accept, zip(reports, reviewers, strict=True))

    assert errors == []
    accepted = LayoffReport.objects.filter(pk__in=[r.pk for r in reports]).order_by("receipt_number")
    assert [r.status for r in accepted] == [Status.ACCEPTED, Status.ACCEPTED]
    assert [r.receipt_number for r in accepted] == ["朝人社收〔2020〕第0001号", "朝人社收〔2020〕第0002号"]
