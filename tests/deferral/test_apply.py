"""I3 applications: the window, the registry's arrears check, one open application per unit."""

from __future__ import annotations

import pytest

from wengang.cases.models import CaseEvent
from wengang.deferral.models import DeferralApplication, Status
from wengang.deferral.services import deferral_file
from wengang.deferral.workflow import DeferralError

pytestmark = pytest.mark.django_db


def apply(client, industry: str = "catering"):
    return client.post("/deferral/apply/", {"industry": industry, "declaration": "on"})


@pytest.mark.parametrize("day", ["2020-02-17", "2020-03-20"])
def test_it_accepts_applications_on_the_window_edges(client, settings, owner, day):
    settings.WENGANG_TODAY = day
    client.force_login(owner)
    response = apply(client)
    app = DeferralApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/deferral/applications/{app.pk}/"
    assert (app.status, app.industry, app.filed_on.isoformat()) == (Status.SUBMITTED, "catering", day)
    change = CaseEvent.objects.get()
    assert (change.from_status, change.to_status, change.actor_id, change.on.isoformat()) == (
        "",
        "submitted",
        owner.pk,
        day,
    )


@pytest.mark.parametrize(("day", "word"), [("2020-02-16", "尚未开始"), ("2020-03-21", "已经结束")])
def test_it_refuses_applications_outside_the_window(client, settings, owner, day, word):
    settings.WENGANG_TODAY = day
    client.force_login(owner)
    response = apply(client)
    assert response.status_code == 400
    body = response.content.decode()
    assert f"延长缴费至7月底的申请期为 2020-02-17 至 2020-03-20，今天（{day}）申请期{word}，不能申请" in body
    assert DeferralApplication.objects.count() == 0
    assert CaseEvent.objects.count() == 0


def test_it_hides_the_form_outside_the_window(client, settings, owner):
    settings.WENGANG_TODAY = "2020-06-01"
    client.force_login(owner)
    body = client.get("/deferral/").content.decode()
    assert "今天（2020-06-01）不在申请期内，不能提交申请" in body
    assert 'action="/deferral/apply/"' not in body


def test_it_refuses_a_unit_in_arrears_with_the_reason(client, debtor_user):
    client.force_login(debtor_user)
    response = apply(client)
    assert response.status_code == 400
    assert "不能申请：2019年12月前存在未补齐的欠缴，补齐后方可适用（I2）" in response.content.decode()
    assert DeferralApplication.objects.count() == 0


def test_it_refuses_a_unit_whose_arrears_are_unknown(owner, acme):
    acme.facts = {}
    acme.save()
    with pytest.raises(DeferralError, match="登记数据无法确认本单位正常参保缴费"):
        deferral_file(organisation=acme, applicant=owner, industry="catering")


def test_it_refuses_a_second_open_application(client, owner):
    client.force_login(owner)
    apply(client)
    response = apply(client, "tourism")
    assert response.status_code == 400
    assert "本单位已有待确认或已确认的申请，不能重复申请" in response.content.decode()
    assert DeferralApplication.objects.count() == 1


def test_it_requires_an_industry_of_the_ten_and_the_declaration(client, owner):
    client.force_login(owner)
    response = client.post("/deferral/apply/", {"industry": "mining"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "请从十个行业中选择" in body
    assert "请勾选确认本单位确属所选行业" in body
    assert DeferralApplication.objects.count() == 0


def test_it_lets_a_declined_unit_apply_again(owner, acme, authority):
    from wengang.deferral.workflow import deferral_transition

    first = deferral_file(organisation=acme, applicant=owner, industry="catering")
    deferral_transition(application=first, to=Status.DECLINED, actor=authority, comment="主营业务为批发")
    second = deferral_file(organisation=acme, applicant=owner, industry="accommodation")
    assert second.status == Status.SUBMITTED


def test_an_enterprise_cannot_see_another_units_application(client, owner, outsider, acme):
    app = deferral_file(organisation=acme, applicant=owner, industry="catering")
    client.force_login(outsider)
    assert client.get(f"/deferral/applications/{app.pk}/").status_code == 404
    assert "北京甲乙餐饮有限公司" not in client.get("/deferral/").content.decode()
    client.force_login(owner)
    assert client.get(f"/deferral/applications/{app.pk}/").status_code == 200
