"""The portal (我的办事) at /accounts/: one page, routed by the user's role."""

from __future__ import annotations

import re

import pytest

from tests.asserts import assert_shows
from wengang.accounts.models import Role
from wengang.cases.models import Notification

from .factories import make_user

pytestmark = pytest.mark.django_db


def page(client, user) -> str:
    client.force_login(user)
    r = client.get("/accounts/")
    assert r.status_code == 200
    return r.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    r = client.get("/accounts/")
    assert r.status_code == 302
    assert r["Location"] == "/accounts/login/?next=/accounts/"


def test_an_enterprise_sees_its_own_organisation(client, enterprise_user, acme):
    text = page(client, enterprise_user)
    assert "<h1>我的办事</h1>" in text
    assert f'<h2 id="organisation-title">{acme.name}</h2>' in text
    assert acme.uscc in text
    assert "望京街道" in text
    assert "城市公共运行" in text
    assert 'href="/"' in text  # the public calculator


def test_an_enterprise_never_sees_another_organisation(client, enterprise_user, other_org):
    text = page(client, enterprise_user)
    assert other_org.name not in text
    assert other_org.uscc not in text


def test_an_agency_sees_its_own_organisation(client, other_org):
    other_org.kind = "agency"
    other_org.save()
    agent = make_user("agent", Role.AGENCY, organisation=other_org)
    text = page(client, agent)
    assert other_org.name in text and "经营性人力资源服务机构" in text and "未认定为重点企业" in text


def test_an_applicant_without_an_organisation_is_told_to_ask_the_administrator(client):
    orphan = make_user("orphan", Role.ENTERPRISE)
    text = page(client, orphan)
    assert "尚未关联单位" in text


def test_a_reviewer_sees_the_department(client, reviewer):
    text = page(client, reviewer)
    assert "就业资金管理科" in text and "65090439" in text
    assert "organisation-title" not in text


def test_a_municipal_member_sees_the_joint_review(client, municipal):
    assert "市审核小组" in page(client, municipal)


def test_street_staff_see_their_street(client, street_staff, acme, other_org):
    text = page(client, street_staff)
    assert "望京街道办事处" in text
    assert re.search(r"本街乡登记单位</dt><dd>1 家", text)
    assert acme.name not in text


def test_an_administrator_is_pointed_to_the_admin_site(client, administrator):
    text = page(client, administrator)
    assert 'href="/admin/"' in text
    assert 'href="/admin/registry/organisation/import/"' in text


def test_an_individual_learns_what_they_can_do(client, individual):
    text = page(client, individual)
    assert "个人用户可以做什么" in text
    assert "账号安全" not in text


def test_it_counts_unread_notifications_of_this_user_only(client, enterprise_user, reviewer):
    Notification.objects.create(user=enterprise_user, title="已受理", body="……")
    Notification.objects.create(user=enterprise_user, title="已读", body="……", read_at="2020-05-01T10:00:00+08:00")
    Notification.objects.create(user=reviewer, title="别人的", body="……")
    text = page(client, enterprise_user)
    assert "<strong>1</strong> 条未读" in text


def test_staff_are_offered_the_authenticator(client, reviewer):
    assert 'href="/accounts/totp/"' in page(client, reviewer)


def test_the_header_shows_who_is_signed_in(client, enterprise_user):
    client.force_login(enterprise_user)
    text = client.get("/").content.decode()
    assert_shows(text, "王经理 · 用人单位", 'action="/accounts/logout/"', 'href="/accounts/"')
    client.logout()
    text = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in text and "王经理" not in text


@pytest.mark.parametrize(
    "fixture", ["enterprise_user", "reviewer", "municipal", "street_staff", "administrator", "individual"]
)
def test_the_portal_has_no_inline_code(client, request, fixture):
    text = page(client, request.getfixturevalue(fixture))
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
    assert "<style" not in text
    assert not re.search(r"\sstyle=", text)
    assert not re.search(r"\son[a-z]+=", text)
