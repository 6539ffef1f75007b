"""Deciding: approval freezes the engine's decision; OP2 goes to the municipal group; a rejection
cites clauses; a return gives reasons."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from wengang.policy import explain
from wengang.subsidies.models import Application, Status
from wengang.subsidies.services.engine import application_case, judge
from wengang.subsidies.services.letters import decision_letter_html
from wengang.subsidies.services.review import application_approve, application_escalate, application_reject
from wengang.subsidies.workflow import TransitionError

from .conftest import OP2_FACTS, OP3_SHRINKING, application, organisation


def post(client, who, name, app, data=None):
    client.force_login(who)
    return client.post(reverse(f"subsidies:{name}", args=[app.pk]), data or {})


@pytest.mark.django_db
def test_approval_freezes_the_decision_and_the_amount(client, reviewer, firm) -> None:
    app = application(firm, "OP3", status=Status.DISTRICT_REVIEW)

    response = post(client, reviewer, "review_approve", app, {"approve-comment": "材料齐全"})

    # first a confirmation saying what will happen; nothing is written yet
    assert response.status_code == 200
    html = response.content.decode()
    assert "将审核通过望京软件有限公司的申请（" in html
    assert "按今日政策规则核定 ¥9,000.00" in html
    assert "操作不可撤销" in html
    assert '<input type="hidden" name="approve-comment" value="材料齐全">' in html
    assert '<input type="hidden" name="confirm" value="1">' in html
    app.refresh_from_db()
    assert app.status == Status.DISTRICT_REVIEW

    response = post(client, reviewer, "review_approve", app, {"approve-comment": "材料齐全", "confirm": "1"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.APPROVED
    # OP3.2(1): 30 % of 3 × 10,000.00 paid in Feb–Apr 2020
    assert app.approved_amount == Decimal("9000.00")
    assert app.decision["amount"] == "9000.00"
    assert app.decision["decided_on"] == "2020-06-01"
    assert app.decided_by == reviewer
    assert app.decided_at is not None
    assert app.decision_reasons == "材料齐全"
    used = {p["key"]: p["value"] for p in app.decision["parameters"]}
    assert used["op3_rate_low"] == "0.30"
    assert {c["clause"] for c in app.decision["conditions"]} >= {"OP3.1(1)", "OP3.1(2)", "OP3.1(3)"}


@pytest.mark.django_db
def test_a_later_parameter_change_never_alters_an_approved_amount(reviewer, firm) -> None:
    app = application(firm, "OP3", status=Status.DISTRICT_REVIEW)
    application_approve(application=app, actor=reviewer)
    letter_before = decision_letter_html(app)

    # a new rate (an override), a later date and changed facts all judge differently now …
    overridden = explain(
        {**application_case(app)}, dt.date(2020, 6, 1), policies=["OP3"], overrides={"op3_rate_low": Decimal("0.40")}
    )
    assert overridden.results[0].amount == Decimal("12000.00")
    firm.facts = dict(OP3_SHRINKING)
    firm.save()
    assert judge(Application.objects.get(pk=app.pk), dt.date(2020, 7, 15)).status == "ineligible"

    # … but the approved amount and the letter stay as decided
    app.refresh_from_db()
    assert app.approved_amount == Decimal("9000.00")
    assert app.decision["amount"] == "9000.00"
    assert decision_letter_html(app) == letter_before
    assert "9,000.00 元" in letter_before


@pytest.mark.django_db
def test_it_refuses_to_approve_what_the_engine_finds_ineligible(client, reviewer) -> None:
    app = application(organisation(facts=OP3_SHRINKING), "OP3", status=Status.DISTRICT_REVIEW)

    client.force_login(reviewer)
    html = client.get(reverse("subsidies:review_detail", args=[app.pk])).content.decode()
    # not offered: no 审核通过 form, but the reason it cannot be made now
    assert reverse("subsidies:review_approve", args=[app.pk]) not in html
    assert "<strong>审核通过</strong>：按政策规则，本申请“不符合”，不能审核通过" in html

    response = post(client, reviewer, "review_approve", app, {"confirm": "1"})

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "按政策规则，本申请“不符合”，不能审核通过" in page
    app.refresh_from_db()
    assert app.status == Status.DISTRICT_REVIEW
    assert app.approved_amount is None and app.decision == {}


@pytest.mark.django_db
def test_op2_cannot_be_approved_by_the_district(client, reviewer) -> None:
    app = application(organisation(facts=OP2_FACTS), "OP2", status=Status.DISTRICT_REVIEW)

    with pytest.raises(TransitionError, match="须报市审核小组联审"):
        application_approve(application=app, actor=reviewer)

    client.force_login(reviewer)
    html = client.get(reverse("subsidies:review_detail", args=[app.pk])).content.decode()
    assert "报市审核小组" in html
    assert reverse("subsidies:review_approve", args=[app.pk]) not in html

    client.force_login(reviewer)
    response = client.post(reverse("subsidies:review_approve", args=[app.pk]), follow=True)
    assert "本项补贴须报市审核小组联审通过" in response.content.decode()
    app.refresh_from_db()
    assert app.status == Status.DISTRICT_REVIEW


@pytest.mark.django_db
def test_op2_goes_to_the_municipal_group_which_approves_it(client, reviewer, municipal) -> None:
    app = application(organisation(facts=OP2_FACTS), "OP2", status=Status.DISTRICT_REVIEW)

    assert post(client, reviewer, "review_escalate", app).status_code == 302
    app.refresh_from_db()
    assert app.status == Status.MUNICIPAL_REVIEW
    assert not app.doubt  # OP2 goes up always, not because of a doubt

    client.force_login(municipal)
    html = client.get(reverse("subsidies:review_detail", args=[app.pk])).content.decode()
    assert "联审通过" in html
    assert post(client, municipal, "review_approve", app, {"confirm": "1"}).status_code == 302
    app.refresh_from_db()
    assert app.status == Status.APPROVED
    # OP2.2: 6 months × 1,600.00 × 95 payers in April 2020
    assert app.approved_amount == Decimal("912000.00")
    assert app.decided_by == municipal
    assert app.decision["provisional"] is True


@pytest.mark.django_db
def test_op3_goes_to_the_municipal_group_only_with_a_stated_doubt(client, reviewer) -> None:
    app = application(organisation(), "OP3", status=Status.DISTRICT_REVIEW)

    with pytest.raises(TransitionError, match="存疑事项"):
        application_escalate(application=app, actor=reviewer, reason="")
    response = post(client, reviewer, "review_escalate", app, {"escalate-reason": ""})
    assert response.status_code == 200
    assert "请写明存疑事项" in response.content.decode()

    application_escalate(application=app, actor=reviewer, reason="参保人数与缴费凭证不一致")
    app.refresh_from_db()
    assert app.status == Status.MUNICIPAL_REVIEW and app.doubt


@pytest.mark.django_db
def test_a_district_reviewer_cannot_decide_a_joint_review(client, reviewer) -> None:
    app = application(organisation(facts=OP2_FACTS), "OP2", status=Status.DISTRICT_REVIEW)
    application_escalate(application=app, actor=reviewer)

    client.force_login(reviewer)
    html = client.get(reverse("subsidies:review_detail", args=[app.pk])).content.decode()
    assert reverse("subsidies:review_approve", args=[app.pk]) not in html
    response = client.post(reverse("subsidies:review_approve", args=[app.pk]), follow=True)
    assert "“区审核人员”不能办理“联审通过”" in response.content.decode()
    app.refresh_from_db()
    assert app.status == Status.MUNICIPAL_REVIEW


@pytest.mark.django_db
def test_a_rejection_must_cite_a_clause(client, reviewer) -> None:
    app = application(organisation(facts=OP3_SHRINKING), "OP3", status=Status.DISTRICT_REVIEW)

    with pytest.raises(TransitionError, match="条款编号"):
        application_reject(application=app, actor=reviewer, clauses=[], reasons="参保人数下降")
    response = post(client, reviewer, "review_reject", app, {"reject-reasons": "参保人数下降"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "须引用至少一个条款编号" in html
    assert 'value="OP3.1(1)"' in html  # the engine's unmet clause is offered
    app.refresh_from_db()
    assert app.status == Status.DISTRICT_REVIEW

    response = post(client, reviewer, "review_reject", app, {"reject-clauses": ["OP3.1(1)"], "reject-reasons": ""})
    assert response.status_code == 200
    assert "将对" in response.content.decode() and "作出不予通过决定，依据 OP3.1(1)" in response.content.decode()
    app.refresh_from_db()
    assert app.status == Status.DISTRICT_REVIEW
    response = post(
        client, reviewer, "review_reject", app, {"reject-clauses": ["OP3.1(1)"], "reject-reasons": "", "confirm": "1"}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.REJECTED
    assert "OP3.1(1)" in app.decision_reasons
    assert app.decision["rejected_clauses"] == ["OP3.1(1)"]
    assert app.approved_amount is None


@pytest.mark.django_db
def test_a_clause_written_in_the_reasons_is_enough(reviewer) -> None:
    app = application(organisation(facts=OP3_SHRINKING), "OP3", status=Status.DISTRICT_REVIEW)
    application_reject(application=app, actor=reviewer, clauses=[], reasons="不符合OP3.1(1)：2020年4月参保人数下降")
    app.refresh_from_db()
    assert app.status == Status.REJECTED
    assert app.decision["rejected_clauses"] == ["OP3.1(1)"]


@pytest.mark.django_db
def test_returning_needs_reasons(client, reviewer, firm) -> None:
    app = application(firm, "OP3")
    response = post(client, reviewer, "review_return", app, {"return-reasons": "  "})
    assert response.status_code == 200
    assert "请填写退回理由" in response.content.decode()

    assert post(client, reviewer, "review_return", app, {"return-reasons": "缴费凭证不清晰"}).status_code == 302
    app.refresh_from_db()
    assert app.status == Status.RETURNED
    assert app.changes.last().comment == "缴费凭证不清晰"


@pytest.mark.django_db
def test_accepting_moves_a_submission_into_review(client, reviewer, firm) -> None:
    app = application(firm, "OP3")
    assert post(client, reviewer, "review_accept", app).status_code == 302
    app.refresh_from_db()
    assert app.status == Status.DISTRICT_REVIEW
    assert app.review_due == dt.date(2020, 6, 22)  # 15 working days after Monday 1 June


@pytest.mark.django_db
def test_without_parameters_for_the_date_nothing_is_decided(client, reviewer, firm, settings) -> None:
    app = application(firm, "OP3", status=Status.DISTRICT_REVIEW)
    settings.WENGANG_TODAY = dt.date(2019, 1, 1)  # before the notice: no parameter values

    client.force_login(reviewer)
    html = client.get(reverse("subsidies:review_detail", args=[app.pk])).content.decode()
    assert "没有可用的政策参数" in html

    with pytest.raises(TransitionError, match="没有可用的政策参数"):
        application_approve(application=app, actor=reviewer)
    with pytest.raises(TransitionError, match="没有可用的政策参数"):
        application_reject(application=app, actor=reviewer, clauses=["OP3.1(1)"])
    app.refresh_from_db()
    assert app.status == Status.DISTRICT_REVIEW


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("policy", "status", "forms"),
    [
        ("OP3", Status.SUBMITTED, ["容缺受理", "受理", "退回修改"]),
        ("OP3", Status.DISTRICT_REVIEW, ["存疑，报市审核小组联审", "审核通过", "不予通过", "退回修改"]),
        ("OP2", Status.DISTRICT_REVIEW, ["报市审核小组", "不予通过", "退回修改"]),
    ],
)
def test_the_review_page_has_one_form_for_each_move_next_moves_offers(client, reviewer, policy, status, forms) -> None:
    """The page keeps its own forms (容缺 items, clauses, amounts), but the moves are the workflow's:
    one form for each move ``next_moves`` offers, none for any other."""
    from wengang.cases.workflow import next_moves
    from wengang.subsidies.workflow import APPLICATIONS

    org = organisation(facts=OP2_FACTS) if policy == "OP2" else organisation()
    app = application(org, policy, status=status)
    offered = next_moves(APPLICATIONS, app, reviewer)
    client.force_login(reviewer)
    page = client.get(reverse("subsidies:review_detail", args=[app.pk])).content.decode()

    titles = [part.split("</h3>")[0] for part in page.split('<form class="action"')[1:] if "<h3>" in part.split("</form>")[0]]
    shown = [t.split("<h3>")[1] for t in titles]
    assert sorted(shown) == sorted(forms)
    assert len(shown) == len(offered)
