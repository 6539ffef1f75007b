"""The admin site: users (roles, links, masked ID numbers), organisations, streets, departments, sign-in log."""

from __future__ import annotations

import pytest

from wengang.accounts.models import Department, LoginAttempt, Role, User
from wengang.registry.models import Organisation, Street

from .factories import make_user, uscc

pytestmark = pytest.mark.django_db

VALID_ID = "11010519491231002X"


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/accounts/department/",
        "/admin/accounts/loginattempt/",
        "/admin/registry/organisation/",
        "/admin/registry/organisation/add/",
        "/admin/registry/street/",
        "/admin/registry/organisation/?q=甲乙",
        "/admin/accounts/user/?q=acme",
    ],
)
def test_the_admin_pages_open(admin_client, enterprise_user, url):
    assert admin_client.get(url).status_code == 200


def test_the_user_list_shows_id_numbers_masked(admin_client, reviewer):
    reviewer.id_number = VALID_ID
    reviewer.save()
    text = admin_client.get("/admin/accounts/user/").content.decode()
    assert "110105********002X" in text
    assert VALID_ID not in text


def user_form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "username": "newbie",
        "first_name": "新同事",
        "password1": "a-long-enough-password-2020",
        "password2": "a-long-enough-password-2020",
        "role": Role.REVIEWER,
        "department": Department.objects.get(code="labour-service").pk,
        "phone": "",
        "id_number": VALID_ID.lower(),
        "organisation": "",
        "street": "",
        "_save": "保存",
    }
    data.update(changes)
    return data


def test_an_administrator_creates_a_reviewer(admin_client):
    r = admin_client.post("/admin/accounts/user/add/", user_form())
    assert r.status_code == 302, r.content.decode()
    user = User.objects.get(username="newbie")
    assert user.role == Role.REVIEWER and user.department is not None and user.department.code == "labour-service"
    assert user.id_number == VALID_ID  # check character upper-cased


def test_it_refuses_an_invalid_id_number(admin_client):
    r = admin_client.post("/admin/accounts/user/add/", user_form(id_number=VALID_ID[:17] + "3"))
    assert r.status_code == 200
    assert "不是有效的居民身份证号码" in r.content.decode()
    assert not User.objects.filter(username="newbie").exists()


def test_a_reviewer_needs_a_department(admin_client):
    r = admin_client.post("/admin/accounts/user/add/", user_form(department=""))
    assert "区审核人员须关联所属部门。" in r.content.decode()


def test_only_applicants_carry_an_organisation(admin_client, acme):
    r = admin_client.post("/admin/accounts/user/add/", user_form(organisation=acme.pk))
    assert "只有用人单位和人力资源服务机构账号可以关联单位。" in r.content.decode()


def test_an_enterprise_account_needs_its_organisation(admin_client, acme):
    r = admin_client.post("/admin/accounts/user/add/", user_form(role=Role.ENTERPRISE, department=""))
    assert "用人单位账号须关联所属单位。" in r.content.decode()
    r = admin_client.post(
        "/admin/accounts/user/add/", user_form(role=Role.ENTERPRISE, department="", organisation=acme.pk)
    )
    assert r.status_code == 302


def test_an_administrator_creates_an_agency_with_a_key_category(admin_client):
    r = admin_client.post(
        "/admin/registry/organisation/add/",
        {
            "uscc": uscc(77).lower(),
            "name": "北京某某人力资源服务有限公司",
            "kind": "agency",
            "street": Street.objects.get(name="三里屯").pk,
            "industry_code": "l72",
            "key_category": "necessities",
            "_save": "保存",
        },
    )
    assert r.status_code == 302, r.content.decode()
    org = Organisation.objects.get(uscc=uscc(77))
    assert org.kind == "agency" and org.key_category == "necessities" and org.industry_code == "L72"


def test_it_refuses_a_bad_credit_code(admin_client):
    good = uscc(77)
    bad = good[:17] + ("1" if good.endswith("0") else "0")
    r = admin_client.post(
        "/admin/registry/organisation/add/", {"uscc": bad, "name": "某公司", "kind": "enterprise", "_save": "保存"}
    )
    assert r.status_code == 200 and "不是有效的统一社会信用代码" in r.content.decode()


def test_organisations_are_filtered_by_kind_street_and_category(admin_client, acme, other_org):
    text = admin_client.get(
        f"/admin/registry/organisation/?street__id__exact={acme.street_id}&key_category__exact=city&kind__exact=enterprise"
    ).content.decode()
    assert acme.name in text and other_org.name not in text


def test_the_sign_in_log_is_read_only(admin_client):
    attempt = LoginAttempt.objects.create(username="x", ip="10.0.0.1", outcome="bad_password")
    assert admin_client.get("/admin/accounts/loginattempt/add/").status_code == 403
    r = admin_client.post(f"/admin/accounts/loginattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert r.status_code == 403
    assert admin_client.get(f"/admin/accounts/loginattempt/{attempt.pk}/change/").status_code == 200


def test_staff_who_are_not_administrators_cannot_import(client):
    clerk = make_user("clerk", Role.REVIEWER, is_staff=True, department=Department.objects.first())
    client.force_login(clerk)
    assert client.get("/admin/registry/organisation/import/").status_code == 403
