"""I2 / I3 status page: each unit sees its own status, deadline and reason, from the engine."""

from __future__ import annotations

import pytest

from tests.asserts import assert_shows
from wengang.accounts.models import Role

from .conftest import make_user

pytestmark = pytest.mark.django_db


def test_it_shows_i2_deadline_to_a_normally_paying_unit(client, owner):
    client.force_login(owner)
    response = client.get("/deferral/")
    assert response.status_code == 200
    body = response.content.decode()
    assert_shows(body, "北京甲乙餐饮有限公司", "缴费截止日：<strong>2020-03-31</strong>", "2020年1月、2月社会保险费可延长至 2020-03-31 缴纳，不收滞纳金")
    # I3 not yet confirmed: no July deadline granted
    assert "缴费截止日：<strong>2020-07-31</strong>" not in body
    assert "未经市级行业主管部门确认属于十个行业" in body


def test_it_tells_a_unit_in_arrears_why_i2_does_not_apply(client, debtor_user):
    client.force_login(debtor_user)
    body = client.get("/deferral/").content.decode()
    assert "2019年12月前存在未补齐的欠缴，补齐后方可适用" in body
    assert "补齐2019年12月前欠缴的社会保险费" in body
    assert "缴费截止日：<strong>" not in body


def test_it_sends_anonymous_users_to_sign_in(client):
    response = client.get("/deferral/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", [Role.INDIVIDUAL, Role.REVIEWER, Role.INDUSTRY, Role.MUNICIPAL])
def test_it_refuses_roles_without_a_unit(client, role):
    client.force_login(make_user("someone", role))
    assert client.get("/deferral/").status_code == 403
    assert client.post("/deferral/apply/", {"industry": "catering", "declaration": "on"}).status_code == 403


def test_it_links_the_calculator(client, owner):
    client.force_login(owner)
    assert "/deferral/back-payment/" in client.get("/deferral/").content.decode()
