"""免申即享: publish a run → the firm's inbox message → 确认申请 → the review queue; no double push."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from wengang.cases.models import Notification
from wengang.screening.models import Push, PushStatus, ScreeningRun
from wengang.screening.push import PushError, push_confirm, run_publish, run_push, uptake
from wengang.subsidies.models import Application, Status, SubsidyType

from .conftest import OP3_FIRM, UNKNOWN_FIRM, client_for, extract_csv, submit

pytestmark = pytest.mark.django_db
OP3_PERIOD = (dt.date(2020, 2, 1), dt.date(2020, 4, 30))


@pytest.fixture
def published(reviewer, owner, unknown_owner, django_capture_on_commit_callbacks) -> ScreeningRun:
    submit(reviewer, django_capture_on_commit_callbacks)
    run = ScreeningRun.objects.get()
    client = client_for(reviewer)
    with django_capture_on_commit_callbacks(execute=True):  # the push task runs after the commit
        response = client.post(f"/screening/{run.pk}/publish/")
    assert "已发布，正在向" in client.get(response["Location"]).content.decode()
    assert Push.objects.count() == 10
    run.refresh_from_db()
    return run


def test_publishing_pushes_the_eligible_and_the_incomplete(published, owner, unknown_owner):
    eligible = Push.objects.get(organisation=owner.organisation, subsidy_type__policy="OP3")
    assert (eligible.outcome, eligible.amount, eligible.subsidy_type.policy) == ("eligible", Decimal("15000.00"), "OP3")
    assert (eligible.period_start, eligible.period_end) == OP3_PERIOD
    assert eligible.decision["status"] == "eligible" and eligible.decision["amount"] == "15000.00"
    # one message per firm and run: the eligible subsidy with its amount, then what the 待定 ones need
    [message] = Notification.objects.filter(user=owner)
    assert message.title == "免申即享：符合1项补贴，另有4项待补充信息"
    eligible_part, pending_part = message.body.split("\n")
    assert eligible_part == (
        "经筛查，贵单位符合以下1项补贴的条件：一次性社会保险补贴，预计金额15,000.00 元。"
        "无需另行申报，请登录系统在“免申即享”中逐项点击“确认申请”。"
    )
    assert pending_part.startswith("另有4项补贴贵单位可能符合，但登记信息不全，请补充以下信息：")
    assert message.content_type.model == "push" and message.object_id == eligible.pk
    pending = Push.objects.get(organisation=unknown_owner.organisation, subsidy_type__policy="OP3")
    assert pending.outcome == "unknown" and pending.amount is None and pending.missing == ["ui_payers_2019_avg"]
    [incomplete] = Notification.objects.filter(user=unknown_owner)
    assert incomplete.title == "免申即享：5项补贴待补充信息"
    assert incomplete.body.startswith("经筛查，贵单位有5项补贴可能符合，但登记信息不全，请补充以下信息：")
    assert "一次性社会保险补贴：2019年月均缴纳失业保险人数；" in incomplete.body and "预计金额" not in incomplete.body
    # the other policies the engine could not decide (OP2, OP5, OP6, N14) are 待定 for both firms
    assert sorted(Push.objects.filter(organisation=owner.organisation).values_list("subsidy_type__policy", flat=True)) == [
        "N14", "OP2", "OP3", "OP5", "OP6"
    ]
    assert uptake(published) == {"pushed": 10, "opened": 0, "confirmed": 0, "declined": 0}


def test_the_firm_confirms_and_the_application_enters_review(published, owner, reviewer):
    push = Push.objects.get(organisation=owner.organisation, subsidy_type__policy="OP3")
    client = client_for(owner)
    page = client.get("/screening/offers/").content.decode()
    assert "一次性社会保险补贴" in page and "15,000.00 元" in page and "北京待定" not in page
    assert "确认申请" in client.get(f"/screening/offers/{push.pk}/").content.decode()
    assert uptake(published)["opened"] == 1
    response = client.post(f"/screening/offers/{push.pk}/confirm/")
    application = Application.objects.get(organisation=owner.organisation)
    assert response["Location"] == f"/hall/apply/{application.pk}/"
    assert application.status == Status.SUBMITTED and application.claimed_amount == Decimal("15000.00")
    assert application.precheck == push.decision and application.facts["ui_payers_2019_avg"] == "40"
    assert application.changes.get().reason == "免申即享：按主动筛查结果确认申请"
    queue = client_for(reviewer).get("/hall/review/").content.decode()
    assert application.reference in queue
    assert uptake(published) == {"pushed": 10, "opened": 1, "confirmed": 1, "declined": 0}
    # a second click changes nothing
    client.post(f"/screening/offers/{push.pk}/confirm/")
    assert Application.objects.filter(organisation=owner.organisation).count() == 1


def test_a_pending_firm_is_asked_for_exactly_the_missing_facts(published, unknown_owner):
    push = Push.objects.get(organisation=unknown_owner.organisation, subsidy_type__policy="OP3")
    page = client_for(unknown_owner).get(f"/screening/offers/{push.pk}/").content.decode()
    assert "请补充以下信息" in page and 'href="/hall/apply/new/OP3/#id_ui_payers_2019_avg"' in page
    assert page.count("<li><a href=\"/hall/apply/new/") == 1 and "确认申请</button>" not in page
    with pytest.raises(PushError, match="信息不全"):
        push_confirm(push=push, user=unknown_owner)


def test_a_firm_declines(published, owner):
    push = Push.objects.get(organisation=owner.organisation, subsidy_type__policy="OP3")
    client_for(owner).post(f"/screening/offers/{push.pk}/decline/")
    push.refresh_from_db()
    assert push.status == PushStatus.DECLINED and not Application.objects.exists()
    assert uptake(published) == {"pushed": 10, "opened": 1, "confirmed": 0, "declined": 1}


def test_a_firm_sees_only_its_own_push(published, outsider, unknown_owner, owner):
    push = Push.objects.get(organisation=owner.organisation, subsidy_type__policy="OP3")
    for user in (outsider, unknown_owner):
        client = client_for(user)
        assert client.get(f"/screening/offers/{push.pk}/").status_code == 404
        assert client.post(f"/screening/offers/{push.pk}/confirm/").status_code == 404
        assert "15,000.00" not in client.get("/screening/offers/").content.decode()
    assert not Application.objects.exists()


def test_a_firm_is_never_pushed_twice(published, reviewer, owner, django_capture_on_commit_callbacks):
    # another scenario of the same firms, published too: nothing new to push
    submit(reviewer, django_capture_on_commit_callbacks, overrides="op3_rate_high=0.6")
    second = ScreeningRun.objects.exclude(pk=published.pk).get()
    run_publish(run=second, user=reviewer)
    assert run_push(second.pk) == 0
    assert run_push(published.pk) == 0  # a retried task pushes nothing twice
    assert Push.objects.count() == 10 and Notification.objects.filter(user=owner).count() == 1
    with pytest.raises(PushError, match="已发布"):
        run_publish(run=second, user=reviewer)


def test_a_firm_that_already_applied_is_not_pushed(reviewer, owner, django_capture_on_commit_callbacks):
    Application.objects.create(
        reference="OP3-TEST-0001", organisation=owner.organisation, subsidy_type=SubsidyType.objects.get(policy="OP3"),
        period_start=OP3_PERIOD[0], period_end=OP3_PERIOD[1], applicant=owner,
    )
    submit(reviewer, django_capture_on_commit_callbacks, upload=extract_csv(OP3_FIRM, UNKNOWN_FIRM))
    run = ScreeningRun.objects.get()
    run_publish(run=run, user=reviewer)
    assert run_push(run.pk) == 4
    assert not Push.objects.filter(organisation=owner.organisation, subsidy_type__policy="OP3").exists()
    assert Push.objects.filter(organisation=owner.organisation).count() == 4


def test_the_database_refuses_a_second_push(published, owner):
    from django.db import IntegrityError, transaction

    first = Push.objects.get(organisation=owner.organisation, subsidy_type__policy="OP3")
    with pytest.raises(IntegrityError), transaction.atomic():
        Push.objects.create(run=published, organisation=first.organisation, subsidy_type=first.subsidy_type,
                            period_start=first.period_start, period_end=first.period_end, outcome="eligible")


def test_the_inbox_links_the_firm_to_its_push(published, owner, outsider):
    push = Push.objects.get(organisation=owner.organisation, subsidy_type__policy="OP3")
    inbox = client_for(owner).get("/hall/apply/notifications/").content.decode()
    assert f'<a href="/screening/offers/{push.pk}/">查看免申即享</a>' in inbox
    assert "免申即享" not in client_for(outsider).get("/hall/apply/notifications/").content.decode()
