"""The applicant follows the application on one page: status, timeline, 容缺, decision, payment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.asserts import assert_shows
from tests.factories import make_user, pdf_bytes, pdf_upload
from wengang.accounts.models import Role
from wengang.subsidies.models import Deficiency, Material, Payment, PaymentBatch, Status
from wengang.subsidies.workflow import application_transition

from .helpers import assert_no_inline_code, html, start, submit


@pytest.fixture
def submitted(owner):
    app = start(owner)
    submit(owner, app)
    return app


@pytest.fixture
def deficient(submitted, reviewer):
    application_transition(application=submitted, to=Status.DEFICIENT, actor=reviewer, comment="容缺受理")
    item = submitted.subsidy_type.requirements.get(name="社会保险费缴费凭证")
    Deficiency.objects.create(
        application=submitted,
        requirement=item,
        description="社会保险费缴费凭证",
        due_date=dt.date(2020, 6, 15),
        created_by=reviewer,
    )
    Deficiency.objects.create(
        application=submitted, description="情况说明（加盖公章）", due_date=dt.date(2020, 6, 15), created_by=reviewer
    )
    return submitted


def test_the_timeline_names_the_department_not_the_reviewer(owner_client, deficient):
    page = html(owner_client.get(f"/hall/apply/{deficient.pk}/"))
    assert "申请单位（王经理）" in page
    assert f"· {deficient.subsidy_type.department.name}：" in page
    assert "李审核" not in page
    assert "容缺受理" in page
    assert "补正期限：2020-06-15" in page
    assert_no_inline_code(page)


def test_supplying_the_last_item_moves_the_application_to_review(owner_client, owner, deficient):
    first, second = deficient.deficiencies.order_by("id")
    r = owner_client.post(f"/hall/apply/{deficient.pk}/deficiencies/{first.pk}/", {f"d{first.pk}-file": pdf_upload()})
    assert r.status_code == 302
    deficient.refresh_from_db()
    assert deficient.status == Status.DEFICIENT  # one item still open
    first.refresh_from_db()
    assert first.resolved_at is not None

    # the free-text item: the applicant says which checklist item the file belongs to
    item = deficient.subsidy_type.requirements.get(name="社会保险费缴费凭证")
    r = owner_client.post(
        f"/hall/apply/{deficient.pk}/deficiencies/{second.pk}/",
        {f"d{second.pk}-file": pdf_upload(data=pdf_bytes(2)), f"d{second.pk}-requirement": item.pk},
    )
    assert r.status_code == 302
    deficient.refresh_from_db()
    assert deficient.status == Status.DISTRICT_REVIEW
    last = deficient.changes.order_by("-id").first()
    assert (last.from_status, last.to_status, last.actor) == (Status.DEFICIENT, Status.DISTRICT_REVIEW, owner)
    assert Material.objects.filter(application=deficient).count() == 2
    assert "容缺事项已全部补正，申请进入区级审核" in html(owner_client.get(r["Location"]))


def test_a_bad_supply_is_refused_with_its_reason(owner_client, deficient):
    first = deficient.deficiencies.order_by("id").first()
    r = owner_client.post(
        f"/hall/apply/{deficient.pk}/deficiencies/{first.pk}/",
        {f"d{first.pk}-file": pdf_upload(data=pdf_bytes(1, password="x"))},
    )
    assert r.status_code == 200
    assert "PDF文件已加密或设置了密码" in html(r)
    first.refresh_from_db()
    assert first.resolved_at is None


def test_supply_after_the_due_date_is_refused(owner_client, deficient, settings):
    settings.WENGANG_TODAY = "2020-06-16"
    first = deficient.deficiencies.order_by("id").first()
    r = owner_client.post(f"/hall/apply/{deficient.pk}/deficiencies/{first.pk}/", {f"d{first.pk}-file": pdf_upload()})
    assert "补正期限 2020-06-15 已过" in html(r)


def test_the_decision_and_payment_are_shown(owner_client, submitted, reviewer, acme):
    application_transition(application=submitted, to=Status.DISTRICT_REVIEW, actor=reviewer)

    def decide(_):
        return {
            "approved_amount": Decimal("15000.00"),
            "decision": {
                "amount_steps": ["2020年2–4月单位实际缴纳 … × 50%"],
                "decided_on": "2020-06-01",
                "conditions": [],
            },
            "decision_reasons": "经审核符合 OP3.1 各项条件",
        }

    application_transition(application=submitted, to=Status.APPROVED, actor=reviewer, change=decide)
    page = html(owner_client.get(f"/hall/apply/{submitted.pk}/"))
    assert "核定金额：<strong>15,000.00 元</strong>" in page
    assert "经审核符合 OP3.1 各项条件" in page
    batch = PaymentBatch.objects.create(reference="PB-2020-001", paid_on=dt.date(2020, 6, 20), created_by=reviewer)
    Payment.objects.create(application=submitted, batch=batch, amount=Decimal("15000.00"), reference="TX-0001")
    application_transition(application=submitted, to=Status.PAID, actor=reviewer)
    page = html(owner_client.get(f"/hall/apply/{submitted.pk}/"))
    assert "TX-0001" in page
    assert "2020-06-20" in page


def test_a_rejection_cites_its_clauses(owner_client, submitted, reviewer):
    application_transition(application=submitted, to=Status.DISTRICT_REVIEW, actor=reviewer)

    def decide(_):
        return {
            "decision": {
                "rejected_clauses": ["OP3.1(3)"],
                "conditions": [{"status": "unmet", "clause": "OP3.1(3)", "text": "属于国有或国有控股企业"}],
            },
            "decision_reasons": "不予通过。依据：OP3.1(3)。",
        }

    application_transition(
        application=submitted, to=Status.REJECTED, actor=reviewer, comment="不予通过。依据：OP3.1(3)。", change=decide
    )
    page = html(owner_client.get(f"/hall/apply/{submitted.pk}/"))
    assert_shows(page, "不予通过", "属于国有或国有控股企业", "[OP3.1(3)]")


def test_a_municipal_member_is_shown_as_the_group(owner_client, submitted, reviewer):
    municipal = make_user("city", Role.MUNICIPAL, first_name="赵联审")
    application_transition(application=submitted, to=Status.DISTRICT_REVIEW, actor=reviewer)
    application_transition(application=submitted, to=Status.MUNICIPAL_REVIEW, actor=reviewer)
    application_transition(application=submitted, to=Status.RETURNED, actor=municipal, comment="请补充说明")
    page = html(owner_client.get(f"/hall/apply/{submitted.pk}/"))
    assert "市审核小组" in page
    assert "赵联审" not in page
