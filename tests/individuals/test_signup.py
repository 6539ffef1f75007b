"""Self-registration: a one-time code by e-mail and SMS, rate-limited, expiring; one account per ID
number (the database's constraint); password reset by Django's machinery with Chinese pages."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import id_number, make_user
from wengang.accounts.models import Role, User
from wengang.individuals import sms

from .conftest import PERSON_ID

pytestmark = pytest.mark.django_db

NEW_ID = id_number(777, "19920101")


def details(**changes):
    sunhe = __import__("wengang.registry.models", fromlist=["Street"]).Street.objects.get(name="孙河")
    return {
        "name": "钱新人",
        "id_number": NEW_ID.lower(),
        "phone": "13900000002",
        "email": "qian@example.com",
        "street": sunhe.pk,
        "password1": "Lu-2020-qingchun",
        "password2": "Lu-2020-qingchun",
    } | changes


def sent_code() -> str:
    match = re.search(r"验证码 (\d{6})", mail.outbox[-1].body)
    assert match
    return match.group(1)


def test_a_person_signs_up_with_the_code_sent_by_mail_and_sms(client):
    sms.outbox.clear()
    response = client.post(reverse("individuals:signup"), details())
    assert response.status_code == 302
    code = sent_code()
    assert sms.outbox[-1][0] == "13900000002" and code in sms.outbox[-1][1]
    response = client.post(reverse("individuals:signup_code"), {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("individuals:home")
    user = User.objects.get(username="13900000002")
    assert (user.role, user.first_name, user.id_number, user.street.name) == (Role.INDIVIDUAL, "钱新人", NEW_ID, "孙河")
    assert client.get(reverse("individuals:home")).status_code == 200


def test_a_wrong_code_is_refused_and_counted(client):
    client.post(reverse("individuals:signup"), details())
    code = sent_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        response = client.post(reverse("individuals:signup_code"), {"code": wrong})
        assert "验证码不正确" in response.content.decode()
    response = client.post(reverse("individuals:signup_code"), {"code": code})
    assert "验证码错误次数过多" in response.content.decode()
    assert not User.objects.filter(username="13900000002").exists()


def test_an_expired_code_is_refused(client, settings):
    client.post(reverse("individuals:signup"), details())
    code = sent_code()
    session = client.session
    session["individuals_signup"]["expires"] = "2000-01-01T00:00:00+00:00"
    session.save()
    response = client.post(reverse("individuals:signup_code"), {"code": code})
    assert "验证码已过期" in response.content.decode()


def test_codes_are_rate_limited_per_address(client):
    for _ in range(3):
        assert client.post(reverse("individuals:signup"), details()).status_code == 302
    response = client.post(reverse("individuals:signup"), details())
    assert response.status_code == 400
    assert "验证码发送过于频繁" in response.content.decode()
    assert len(mail.outbox) == 3


def test_an_id_number_with_an_account_cannot_sign_up_again(client, person):
    response = client.post(reverse("individuals:signup"), details(id_number=PERSON_ID, phone="13900000003"))
    assert "该身份证号码已注册账号" in response.content.decode()
    assert not mail.outbox


def test_the_database_keeps_one_account_per_id_number(person):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_user("other", Role.INDIVIDUAL, id_number=PERSON_ID)
    make_user("blank1", Role.ENTERPRISE)
    make_user("blank2", Role.ENTERPRISE)  # accounts without an ID number are not one person


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "110105199201017770", "不是有效的居民身份证号码"),
        ("phone", "1234", "请填写11位手机号码"),
        ("name", "张\x00三", "真实姓名含有无法识别的字符"),
        ("password2", "other-pass-2020", "两次输入的密码不一致"),
        ("street", "999999", "请选择列表中的街乡"),
        ("email", "not-an-address", "请填写有效的电子邮箱"),
    ],
)
def test_bad_details_are_named_and_the_form_keeps_the_rest(client, field, value, message):
    response = client.post(reverse("individuals:signup"), details(**{field: value}))
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    assert "钱新人" in body or field == "name"
    assert not mail.outbox


def test_password_reset_mails_a_link_that_sets_a_new_password(client, person):
    response = client.post(reverse("individuals:password_reset"), {"email": "zhao@example.com"})
    assert response.status_code == 302
    link = re.search(r"http://testserver(/individuals/password/reset/\S+/)", mail.outbox[-1].body)
    assert link and mail.outbox[-1].subject == "稳岗个人账号重设密码"
    page = client.get(link.group(1), follow=True)
    assert "设置新密码" in page.content.decode()
    done = client.post(
        page.redirect_chain[-1][0], {"new_password1": "Xin-mima-2020!", "new_password2": "Xin-mima-2020!"}
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Xin-mima-2020!")


def test_password_reset_says_the_same_for_an_unknown_address(client):
    response = client.post(reverse("individuals:password_reset"), {"email": "nobody@example.com"}, follow=True)
    assert "如果该邮箱注册过账号" in response.content.decode()
    assert not mail.outbox
