"""The industry authority's queue and decisions; confirmation flips the engine's I3 result."""

from __future__ import annotations

import pytest
from django.core import mail

from wengang.cases.models import CaseEvent, Notification
from wengang.deferral.models import DeferralApplication, Status
from wengang.deferral.services import deferral_file
from wengang.deferral.workflow import DeferralError, deferral_transition
from wengang.policy import explain

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(owner, acme) -> DeferralApplication:
    return deferral_file(organisation=acme, applicant=owner, industry="catering")


def test_confirmation_flips_the_engine_i3_result_and_the_deadline(
    client, settings, pending, acme, owner, authority, django_capture_on_commit_callbacks
):
    assert explain(acme.engine_facts(), policies=["I3"]).result("I3").status == "ineligible"
    client.force_login(authority)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/deferral/applications/{pending.pk}/decide/", {"decision": "confirmed", "reason": "", "confirm": "1"}
        )
    assert response.status_code == 302
    acme.refresh_from_db()
    assert acme.facts["deferral_industry_confirmed"] == "true"
    i3 = explain(acme.engine_facts(), policies=["I3"]).result("I3")
    assert i3.status == "eligible"
    assert i3.outcome == "可延长缴费至 2020-07-31；申请期 2020-02-17 至 2020-03-20"
    change = CaseEvent.objects.filter(to_status=Status.CONFIRMED).get()
    assert change.actor_id == authority.pk
    assert change.payload == {"facts": {"deferral_industry_confirmed": {"from": "false", "to": "true"}}}

    # the unit now sees the July deadline, and was told
    settings.WENGANG_TODAY = "2020-06-01"
    client.force_login(owner)
    body = client.get("/deferral/").content.decode()
    assert "缴费截止日：<strong>2020-07-31</strong>" in body
    assert "本单位已经确认，可延长缴费至 2020-07-31，无需申请" in body
    notice = Notification.objects.get(user=owner)
    assert notice.title == f"{pending.reference} 延长缴费至7月底申请：已确认"
    assert "可延长缴费至 2020-07-31" in notice.body
    assert [m.to for m in mail.outbox][-1] == ["acme@example.cn"]


def test_a_decline_needs_a_reason_and_tells_the_unit(
    client, pending, acme, owner, authority, django_capture_on_commit_callbacks
):
    client.force_login(authority)
    response = client.post(f"/deferral/applications/{pending.pk}/decide/", {"decision": "declined", "reason": " "})
    assert response.status_code == 400
    assert "不予确认须填写理由" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/deferral/applications/{pending.pk}/decide/",
            {"decision": "declined", "reason": "主营业务为建材批发", "confirm": "1"},
        )
    pending.refresh_from_db()
    acme.refresh_from_db()
    assert (pending.status, pending.reason) == (Status.DECLINED, "主营业务为建材批发")
    assert acme.facts["deferral_industry_confirmed"] == "false"
    assert explain(acme.engine_facts(), policies=["I3"]).result("I3").status == "ineligible"
    notice = Notification.objects.get(user=owner)
    assert "不予确认" in notice.title
    assert "意见：主营业务为建材批发" in notice.body


def test_the_authority_is_told_of_a_new_application(
    pending, authority, other_authority, django_capture_on_commit_callbacks
):
    from wengang.cases.outbox import deliver

    change = pending.changes.get()
    assert deliver(change.pk) == 1
    assert deliver(change.pk) == 0  # once only
    assert Notification.objects.filter(user=authority).count() == 1
    assert Notification.objects.filter(user=other_authority).count() == 0


def test_the_queue_lists_applications_of_its_industries_only(client, pending, authority, other_authority):
    client.force_login(authority)
    body = client.get("/deferral/queue/").content.decode()
    assert pending.reference in body
    assert "北京甲乙餐饮有限公司" in body
    client.force_login(other_authority)
    body = client.get("/deferral/queue/?status=all").content.decode()
    assert pending.reference not in body


def test_an_authority_for_other_industries_cannot_see_or_decide(client, pending, acme, other_authority):
    client.force_login(other_authority)
    assert client.get(f"/deferral/applications/{pending.pk}/").status_code == 404
    response = client.post(f"/deferral/applications/{pending.pk}/decide/", {"decision": "confirmed", "confirm": "1"})
    assert response.status_code == 404
    with pytest.raises(DeferralError, match="不由您所在的主管部门确认"):
        deferral_transition(application=pending, to=Status.CONFIRMED, actor=other_authority)
    pending.refresh_from_db()
    acme.refresh_from_db()
    assert pending.status == Status.SUBMITTED
    assert acme.facts["deferral_industry_confirmed"] == "false"


def test_an_enterprise_cannot_decide_its_own_application(client, pending, owner):
    client.force_login(owner)
    assert (
        client.post(
            f"/deferral/applications/{pending.pk}/decide/", {"decision": "confirmed", "confirm": "1"}
        ).status_code
        == 403
    )
    assert client.get("/deferral/queue/").status_code == 403
    with pytest.raises(DeferralError):
        deferral_transition(application=pending, to=Status.CONFIRMED, actor=owner)


def test_a_decided_application_cannot_be_decided_again(client, pending, authority):
    deferral_transition(application=pending, to=Status.CONFIRMED, actor=authority)
    client.force_login(authority)
    response = client.post(
        f"/deferral/applications/{pending.pk}/decide/", {"decision": "declined", "reason": "x", "confirm": "1"}
    )
    assert response.status_code == 400
    assert "不能再作确认" in response.content.decode()
    with pytest.raises(DeferralError, match="当前状态“已确认”不能变更为“不予确认”"):
        deferral_transition(application=pending, to=Status.DECLINED, actor=authority, comment="x")


def test_an_industry_user_without_an_authority_record_is_refused(client, pending):
    from .conftest import make_user

    client.force_login(make_user("nobody", "industry"))
    assert client.get("/deferral/queue/").status_code == 403
    assert client.get(f"/deferral/applications/{pending.pk}/").status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, pending):
    for url in ("/deferral/queue/", f"/deferral/applications/{pending.pk}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    response = client.post(f"/deferral/applications/{pending.pk}/decide/", {"decision": "confirmed", "confirm": "1"})
    assert response.status_code == 302


def test_a_decision_is_confirmed_with_a_summary_before_it_is_made(client, pending, acme, authority):
    client.force_login(authority)
    url = f"/deferral/applications/{pending.pk}/decide/"

    response = client.post(url, {"decision": "confirmed", "reason": ""})

    assert response.status_code == 200
    html = response.content.decode()
    assert f"将对{acme.name}的延长缴费申请作出“已确认”决定，结果通知申请单位，操作不可撤销。" in html
    assert '<input type="hidden" name="decision" value="confirmed">' in html
    pending.refresh_from_db()
    assert pending.status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("decision", "reason", "said"), [("confirmed", "", "：已确认"), ("declined", "非十个行业", "：不予确认")]
)
def test_the_decision_message_names_the_status_once(client, pending, authority, decision, reason, said):
    client.force_login(authority)
    data = {"decision": decision, "reason": reason, "confirm": "1"}
    page = client.post(f"/deferral/applications/{pending.pk}/decide/", data, follow=True).content.decode()
    assert f"申请 {pending.reference}{said}，已通知申请单位。" in page
    assert "已已" not in page and "已不予" not in page
