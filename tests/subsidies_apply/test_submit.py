"""Submitting: once per click or retry, inside the window, with the commitment and core materials."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.asserts import assert_shows
from tests.factories import pdf_upload
from wengang.cases.models import CaseEvent
from wengang.subsidies.models import Application, MaterialRequirement, Status
from wengang.subsidies.services import apply as svc
from wengang.subsidies.workflow import application_transition

from .helpers import assert_no_inline_code, html, start, submit


@pytest.fixture
def draft(owner):
    return start(owner)


def post_submit(client, app, key=None, commitment=True, **extra):
    data = {"action": "submit", "submission_key": str(key or app.submission_key), **extra}
    if commitment:
        data["commitment"] = "on"
    return client.post(f"/hall/apply/{app.pk}/edit/", data)


def test_the_form_shows_commitment_key_and_precheck(owner_client, draft):
    r = owner_client.get(f"/hall/apply/{draft.pk}/edit/")
    assert r.status_code == 200
    page = html(r)
    assert draft.subsidy_type.commitment in page
    assert_shows(
        page,
        f'name="submission_key" value="{draft.submission_key}"',
        "15,000.00 元",
        'hx-trigger="change delay:1s"',
    )
    assert_no_inline_code(page)


def test_it_submits_and_stores_the_precheck_and_amount(owner_client, draft, owner):
    r = post_submit(owner_client, draft, **draft.facts)
    assert r.status_code == 302
    assert r["Location"] == f"/hall/apply/{draft.pk}/"
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.claimed_amount == Decimal("15000.00")
    assert draft.precheck["policy"] == "OP3"
    assert draft.precheck["status"] == "eligible"
    assert draft.precheck["amount"] == "15000.00"
    assert draft.commitment_accepted_at is not None
    assert draft.submitted_at is not None
    change = draft.changes.get()
    assert (change.from_status, change.to_status, change.actor) == (Status.DRAFT, Status.SUBMITTED, owner)


def test_a_double_click_submits_once(owner_client, draft):
    key = draft.submission_key
    first = post_submit(owner_client, draft, key=key, **draft.facts)
    second = post_submit(owner_client, draft, key=key, **draft.facts)
    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1
    assert CaseEvent.objects.filter(to_status=Status.SUBMITTED).count() == 1
    assert "申请已提交，无需重复提交" in html(owner_client.get(second["Location"]))


def test_the_service_answers_a_retry_with_the_same_application(owner, draft):
    key = str(draft.submission_key)
    first = svc.application_submit(application=draft, user=owner, submission_key=key, commitment_accepted=True)
    again = svc.application_submit(application=draft, user=owner, submission_key=key, commitment_accepted=True)
    assert (first.repeated, again.repeated) == (False, True)
    assert again.application.pk == first.application.pk
    assert CaseEvent.objects.count() == 1


def test_it_refuses_to_submit_outside_the_window(owner_client, draft, settings):
    settings.WENGANG_TODAY = "2020-08-01"
    r = post_submit(owner_client, draft, **draft.facts)
    assert r.status_code == 200
    page = html(r)
    assert "不在申请期内，不能提交：OP3 的申请期为 2020-05-01 至 2020-07-31，今天是 2020-08-01（申请期已结束）" in page
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert not CaseEvent.objects.exists()


def test_it_refuses_before_the_window_opens(owner, draft, settings):
    settings.WENGANG_TODAY = "2020-04-30"
    with pytest.raises(svc.ApplyError, match="申请期未开始"):
        submit(owner, draft)


def test_an_administrators_window_replaces_the_notices(owner, draft, settings):
    subsidy = draft.subsidy_type
    subsidy.window_start, subsidy.window_end = dt.date(2020, 8, 1), dt.date(2020, 8, 31)
    subsidy.save()
    with pytest.raises(svc.ApplyError, match="2020-08-01 至 2020-08-31"):
        submit(owner, draft)
    settings.WENGANG_TODAY = "2020-08-03"
    assert submit(owner, draft).repeated is False


def test_it_requires_the_commitment(owner_client, draft):
    r = post_submit(owner_client, draft, commitment=False, **draft.facts)
    assert "请阅读承诺书并勾选" in html(r)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_it_requires_the_essential_materials(owner_client, owner, draft):
    item = MaterialRequirement.objects.create(subsidy_type=draft.subsidy_type, name="营业执照", essential=True, order=0)
    r = post_submit(owner_client, draft, **draft.facts)
    assert "缺少核心材料（不可容缺，须在提交时上传）：营业执照" in html(r)
    owner_client.post(f"/hall/apply/{draft.pk}/materials/{item.pk}/", {f"m{item.pk}-file": pdf_upload()})
    r = post_submit(owner_client, draft, **draft.facts)
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_a_missing_non_essential_item_does_not_block(owner_client, draft):
    page = html(owner_client.get(f"/hall/apply/{draft.pk}/edit/"))
    assert "尚未上传：社会保险费缴费凭证。可以先提交，审核部门可容缺受理并限期补正。" in page
    assert post_submit(owner_client, draft, **draft.facts).status_code == 302


def test_it_saves_corrected_facts_with_the_submission(owner_client, draft):
    facts = {**draft.facts, "employer_contrib_2020_04": "16000.00"}
    post_submit(owner_client, draft, **facts)
    draft.refresh_from_db()
    # 50 % × (10,000 + 10,000 + 16,000) = 18,000.00
    assert draft.claimed_amount == Decimal("18000.00")
    assert draft.facts["employer_contrib_2020_04"] == "16000.00"


def test_bad_facts_are_shown_and_nothing_is_submitted(owner_client, draft):
    r = post_submit(owner_client, draft, **{**draft.facts, "ui_payers_2020_01": "四十八"})
    page = html(r)
    assert_shows(page, "申报数据填写有误，请修改后再提交", "“四十八”不是数字", 'value="四十八"')
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_stale_form_is_refused_after_the_application_came_back(owner, draft, reviewer):
    old_key = str(draft.submission_key)
    submit(owner, draft)
    application_transition(application=draft, to=Status.RETURNED, actor=reviewer, comment="请补充说明")
    with pytest.raises(svc.ApplyError, match="页面已过期"):
        svc.application_submit(application=draft, user=owner, submission_key=old_key, commitment_accepted=True)


def test_it_resubmits_after_return_even_after_the_window(owner_client, owner, draft, reviewer, settings):
    submit(owner, draft)
    application_transition(application=draft, to=Status.RETURNED, actor=reviewer, comment="缴费额有误，请更正")
    settings.WENGANG_TODAY = "2020-08-10"
    draft.refresh_from_db()
    page = html(owner_client.get(f"/hall/apply/{draft.pk}/edit/"))
    assert "缴费额有误，请更正" in page
    assert "重新提交申请" in page
    r = post_submit(owner_client, draft, **draft.facts)
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert list(draft.changes.values_list("to_status", flat=True)) == ["submitted", "returned", "submitted"]


def test_withdrawing_a_submitted_application(owner_client, owner, draft):
    submit(owner, draft)
    r = owner_client.post(f"/hall/apply/{draft.pk}/withdraw/", {"w-confirm": "on", "w-reason": "数据有误"})
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.WITHDRAWN
    assert draft.changes.last().comment == "数据有误"


def test_withdrawing_needs_confirmation(owner_client, owner, draft):
    submit(owner, draft)
    r = owner_client.post(f"/hall/apply/{draft.pk}/withdraw/", {})
    assert "请勾选“确认撤回该申请”" in html(r)
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


# ---- issue 12: a 不符合 case is submitted only with a reason the reviewer sees ------------------

# 禁限目录内的企业不享受 OP3: the pre-check finds the claim 不符合
INELIGIBLE = {"restricted_catalogue": "true"}


def test_submitting_a_case_the_precheck_finds_ineligible_asks_for_a_reason(owner_client, draft, owner):
    from .helpers import attach_essentials

    attach_essentials(owner, draft)
    r = post_submit(owner_client, draft, **{**draft.facts, **INELIGIBLE})
    assert r.status_code == 200
    page = html(r)
    assert "预审结果为“不符合”" in page
    assert 'name="ineligible_reason"' in page
    assert_no_inline_code(page)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert not CaseEvent.objects.filter(to_status=Status.SUBMITTED).exists()
    # nothing half-written: the facts typed in were not stored either
    assert draft.facts.get("restricted_catalogue") != "true"


def test_with_a_reason_it_is_submitted_and_the_reviewer_sees_the_reason(owner_client, draft, owner):
    from .helpers import attach_essentials

    attach_essentials(owner, draft)
    why = "本单位已于4月退出禁限目录，证明材料已上传"
    r = post_submit(owner_client, draft, ineligible_reason=why, **{**draft.facts, **INELIGIBLE})
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.precheck["status"] == "ineligible"
    event = draft.changes.get()
    assert event.reason == f"预审不符合，申请人说明理由：{why}"


def test_an_eligible_case_is_submitted_without_a_reason(owner, draft):
    done = submit(owner, draft)
    assert done.application.status == Status.SUBMITTED
    assert done.application.changes.get().reason == ""


def test_the_service_refuses_a_blank_reason_for_an_ineligible_case(owner, draft):
    from .helpers import attach_essentials

    attach_essentials(owner, draft)
    with pytest.raises(svc.IneligibleNeedsReason):
        svc.application_submit(
            application=draft,
            user=owner,
            submission_key=str(draft.submission_key),
            commitment_accepted=True,
            values={**draft.facts, **INELIGIBLE},
            ineligible_reason="   ",
        )
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
