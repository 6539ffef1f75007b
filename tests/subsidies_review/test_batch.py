"""Batch actions: a confirmation page listing the applications and amounts, then each applied
on its own, with the reason for each one skipped."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from wengang.subsidies.models import Status

from .conftest import OP2_FACTS, OP3_SHRINKING, application, organisation

BATCH = reverse("subsidies:review_batch")


@pytest.mark.django_db
def test_batch_approval_asks_for_confirmation_first(client, reviewer) -> None:
    ok = application(organisation("甲有限公司"), "OP3", status=Status.DISTRICT_REVIEW)
    op2 = application(organisation("乙有限公司", facts=OP2_FACTS), "OP2", status=Status.DISTRICT_REVIEW)
    client.force_login(reviewer)

    response = client.post(BATCH, {"action": "approve", "ids": [ok.pk, op2.pk]})

    assert response.status_code == 200
    html = response.content.decode()
    assert "确认批量审核通过" in html
    assert ok.reference in html and "9,000.00 元" in html
    assert op2.reference in html and "本项补贴须报市审核小组联审通过" in html
    assert "确认审核通过 1 件" in html
    ok.refresh_from_db()
    op2.refresh_from_db()
    assert ok.status == op2.status == Status.DISTRICT_REVIEW  # nothing done yet


@pytest.mark.django_db
def test_confirmed_batch_approval_applies_each_and_reports_the_skipped(client, reviewer) -> None:
    ok = application(organisation(), "OP3", status=Status.DISTRICT_REVIEW)
    ineligible = application(organisation(facts=OP3_SHRINKING), "OP3", status=Status.DISTRICT_REVIEW)
    not_accepted = application(organisation(), "OP3")
    client.force_login(reviewer)

    response = client.post(BATCH, {"action": "approve", "ids": [ok.pk, ineligible.pk, not_accepted.pk], "confirm": "1"})

    html = response.content.decode()
    assert "已审核通过 1 件，未办理 2 件" in html
    assert "不能审核通过" in html  # the engine finds the second ineligible
    assert "当前状态“已提交”不能变更为“审核通过”" in html
    for app in (ok, ineligible, not_accepted):
        app.refresh_from_db()
    assert ok.status == Status.APPROVED and ok.approved_amount == Decimal("9000.00")
    assert ineligible.status == Status.DISTRICT_REVIEW
    assert not_accepted.status == Status.SUBMITTED


@pytest.mark.django_db
def test_batch_accept(client, reviewer) -> None:
    apps = [application(organisation(), "OP3") for _ in range(3)]
    client.force_login(reviewer)
    response = client.post(BATCH, {"action": "accept", "ids": [a.pk for a in apps], "confirm": "1"})
    assert "已受理 3 件，未办理 0 件" in response.content.decode()
    for app in apps:
        app.refresh_from_db()
        assert app.status == Status.DISTRICT_REVIEW and app.review_due is not None


@pytest.mark.django_db
def test_another_departments_applications_are_left_out(client, reviewer, skills_reviewer) -> None:
    app = application(organisation(), "OP3")
    client.force_login(skills_reviewer)
    response = client.post(BATCH, {"action": "accept", "ids": [app.pk], "confirm": "1"})
    assert app.reference not in response.content.decode()
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


@pytest.mark.django_db
def test_a_batch_needs_a_selection(client, reviewer) -> None:
    client.force_login(reviewer)
    response = client.post(BATCH, {"action": "accept"}, follow=True)
    assert "请选择要批量办理的申请和操作" in response.content.decode()
