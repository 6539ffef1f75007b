"""One permit from submission to 双公示 through the services; the guards of the transition table."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import pdf_bytes
from wengang.cases.models import Notification
from wengang.permits.models import PermitCase, Status
from wengang.permits.services import (
    PermitError,
    granted_permits,
    permit_act,
    permit_paper_check,
    permit_submit,
    pickup_batch_create,
    pickup_book,
)
from wengang.permits.workflow import TransitionError, permit_transition
from wengang.subsidies.services.materials import MaterialError

from .helpers import ALL_TICKED, checked_on_site


def submitted(owner, permit_type) -> PermitCase:
    return permit_submit(user=owner, permit_type=permit_type, data=pdf_bytes(2), original_name="scan.pdf")


def approve(case: PermitCase, officer, number: str, valid_to: dt.date = dt.date(2023, 3, 11)) -> None:
    """The officer grants permit ``number``, valid from 2020-03-12."""
    permit_act(
        case=case,
        action="approve",
        actor=officer,
        data={"permit_number": number, "valid_from": dt.date(2020, 3, 12), "valid_to": valid_to},
    )


def test_one_permit_from_submission_to_publication(
    owner, officer, dispatch_new, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = submitted(owner, dispatch_new)
        assert case.reference == f"XK2020{case.pk:05d}"
        assert case.materials.get().display_name == "北京甲乙人力资源有限公司+新申请劳务派遣行政许可.pdf"
        permit_act(case=case, action="e_approve", actor=officer)
        assert permit_paper_check(case=case, actor=officer, checks=ALL_TICKED) is True
        permit_act(
            case=case,
            action="schedule",
            actor=officer,
            data={"onsite_date": dt.date(2020, 3, 10), "onsite_inspectors": "李审核、张核查"},
        )
        permit_act(
            case=case,
            action="onsite",
            actor=officer,
            data={"onsite_result": "经营场所与申请材料一致", "onsite_passed": True},
        )
        assert granted_permits(unit="甲乙").count() == 0
        permit_act(
            case=case,
            action="approve",
            actor=officer,
            data={
                "permit_number": "京朝人社派许字〔2020〕第012号",
                "valid_from": dt.date(2020, 3, 12),
                "valid_to": dt.date(2023, 3, 11),
            },
        )
        assert list(granted_permits(unit="甲乙")) == [case]  # on the 双公示 list as soon as granted
        permit_act(case=case, action="publish", actor=officer)

    case.refresh_from_db()
    assert case.status == Status.PUBLISHED
    assert case.decided_on == dt.date(2020, 3, 2)
    assert [c.to_status for c in case.changes.all()] == [
        "submitted",
        "e_approved",
        "paper_received",
        "onsite_scheduled",
        "onsite_done",
        "approved",
        "published",
    ]
    assert Notification.objects.filter(user=owner).count() == 7
    assert len(mailoutbox) == 7
    assert "京朝人社派许字〔2020〕第012号" in mailoutbox[-1].body
    assert "预约领取" in mailoutbox[-1].body


def test_the_paper_set_is_received_only_when_every_item_is_ticked(owner, officer, dispatch_new):
    case = submitted(owner, dispatch_new)
    permit_act(case=case, action="e_approve", actor=officer)

    with pytest.raises(TransitionError, match="信封注明北京地区联系电话"):
        permit_transition(case=case, to=Status.PAPER_RECEIVED, actor=officer)
    checks = {**ALL_TICKED, "envelope_phone": False}
    assert permit_paper_check(case=case, actor=officer, checks=checks) is False

    case.refresh_from_db()
    assert case.status == Status.E_APPROVED
    assert case.paper_missing() == ["信封注明北京地区联系电话"]
    assert case.paper_cross_page_seal is True  # the ticks made are kept
    assert permit_paper_check(case=case, actor=officer, checks=ALL_TICKED) is True


def test_only_labour_relations_handles_a_case(owner, other_reviewer, dispatch_new):
    case = submitted(owner, dispatch_new)
    with pytest.raises(TransitionError, match="劳动关系科"):
        permit_act(case=case, action="e_approve", actor=other_reviewer)
    with pytest.raises(TransitionError):
        permit_act(case=case, action="e_approve", actor=owner)
    assert case.changes.count() == 1


def test_steps_cannot_be_skipped(owner, officer, dispatch_new):
    case = submitted(owner, dispatch_new)
    with pytest.raises(TransitionError, match="不能变更为“准予许可”"):
        approve(case, officer, "X1")


def test_a_rejection_needs_a_reason(owner, officer, dispatch_new):
    case = submitted(owner, dispatch_new)
    with pytest.raises(TransitionError, match="须填写理由"):
        permit_act(case=case, action="reject", actor=officer, data={"reason": " "})
    permit_act(case=case, action="reject", actor=officer, data={"reason": "注册资本不足200万元"})
    case.refresh_from_db()
    assert case.status == Status.REJECTED
    assert case.rejection_reason == "注册资本不足200万元"


def test_a_non_pdf_upload_creates_no_case(owner, dispatch_new):
    with pytest.raises(MaterialError, match="不是PDF"):
        permit_submit(user=owner, permit_type=dispatch_new, data=b"PK\x03\x04 docx", original_name="申请书.docx")
    assert PermitCase.objects.count() == 0


def test_one_open_case_per_organisation_and_type(owner, dispatch_new):
    submitted(owner, dispatch_new)
    with pytest.raises(PermitError, match="已有一件办理中"):
        submitted(owner, dispatch_new)


def test_collection_needs_a_booked_slot(owner, officer, dispatch_new):
    case = submitted(owner, dispatch_new)
    checked_on_site(case, officer)
    approve(case, officer, "P-1")
    permit_act(case=case, action="publish", actor=officer)
    with pytest.raises(TransitionError, match="尚未预约"):
        permit_act(case=case, action="collect", actor=officer)

    batch = pickup_batch_create(
        date=dt.date(2020, 3, 20),
        place="八里庄南里21号院",
        first_slot=dt.time(9, 0),
        slot_minutes=30,
        slot_count=2,
        actor=officer,
    )
    assert batch.slots() == [dt.time(9, 0), dt.time(9, 30)]
    pickup_book(case=case, batch=batch, slot=dt.time(9, 30), actor=owner)
    permit_act(case=case, action="collect", actor=officer)
    case.refresh_from_db()
    assert case.status == Status.COLLECTED
    assert list(granted_permits(unit="北京甲乙人力资源有限公司")) == [case]


def test_an_approval_needs_a_valid_period_after_a_passed_check(owner, officer, comprehensive):
    case = submitted(owner, comprehensive)
    checked_on_site(case, officer, result="工时方案可行")
    with pytest.raises(TransitionError, match="晚于起始日"):
        approve(case, officer, "H-1", valid_to=dt.date(2020, 3, 12))
    case.refresh_from_db()
    assert case.status == Status.ONSITE_DONE and case.permit_number == ""
