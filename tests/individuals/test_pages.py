"""The pages with bad and hostile input: a clear Chinese message, the person's input kept, nothing
saved, never a 500."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wengang.individuals.models import BenefitClaim, UnemploymentRegistration

pytestmark = pytest.mark.django_db

GOOD = {
    "last_employer": "北京旧单位有限公司",
    "separation_date": "2020-04-30",
    "separation_reason": "dismissed",
    "job_wishes": "收银员",
}


@pytest.fixture
def registered(client, person) -> UnemploymentRegistration:
    """The person's registration, filed on the page (and waiting for the street office)."""
    client.force_login(person)
    client.post(reverse("individuals:register"), GOOD)
    return UnemploymentRegistration.objects.get()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"separation_date": "2020-06-30"}, "离职日期 2020-06-30 晚于今天（2020-06-01）"),
        ({"separation_date": "2020-02-30"}, "离职日期"),
        ({"separation_reason": "fired_by_aliens"}, "离职原因"),
        ({"job_wishes": "收银\x00员"}, "求职意向含有无法识别的字符"),
        ({"last_employer": "x" * 5000}, "原工作单位"),
    ],
)
def test_a_bad_registration_is_named_and_nothing_is_saved(client, person, changes, message):
    client.force_login(person)
    response = client.post(reverse("individuals:register"), GOOD | changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "北京旧单位有限公司" in response.content.decode() or "last_employer" in changes
    assert not UnemploymentRegistration.objects.exists()


def test_a_proof_that_is_not_a_pdf_still_registers_and_says_why(client, person):
    client.force_login(person)
    upload = SimpleUploadedFile("证明.pdf", b"<html>not a pdf</html>")
    response = client.post(reverse("individuals:register"), GOOD | {"proof": upload}, follow=True)
    body = response.content.decode()
    assert "证明材料未上传" in body and "请在登记详情中补交" in body
    assert UnemploymentRegistration.objects.get().proof_missing


@pytest.mark.parametrize(
    ("years", "message"),
    [
        ("1e400", "累计缴费年限不能超过60年"),
        ("-1", "累计缴费年限不能为负数"),
        ("三年", "请填写数字"),
        ("99999999999999999999", "累计缴费年限不能超过60年"),
        ("3.25", "精确到0.1年即可"),
    ],
)
def test_bad_contribution_years_are_named(client, person, years, message):
    client.force_login(person)
    response = client.post(reverse("individuals:claim_new"), {"contribution_years": years, "seeking_work": "on"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not BenefitClaim.objects.exists()


def test_a_claim_before_registration_says_so_on_the_page(client, person):
    client.force_login(person)
    response = client.post(reverse("individuals:claim_new"), {"contribution_years": "3", "seeking_work": "on"})
    assert "请先办理失业登记" in response.content.decode()


def test_an_unknown_move_is_refused_in_words(client, registered, office):
    client.force_login(office)
    response = client.post(reverse("individuals:registration_move", args=[registered.pk, "nonsense"]), {"confirm": "1"})
    assert response.status_code == 400
    assert "不能变更为" in response.content.decode()


def test_a_firm_with_a_bad_id_number_is_told(client, firm_user):
    client.force_login(firm_user)
    response = client.post(
        reverse("individuals:hire"), {"name": "赵", "id_number": "110105199003155011", "start": "2020-06-01"}
    )
    assert response.status_code == 400
    assert "不是有效的居民身份证号码" in response.content.decode()


def test_the_confirmation_page_comes_before_the_decision(client, registered, office):
    reg = registered
    client.force_login(office)
    url = reverse("individuals:registration_move", args=[reg.pk, "registered"])
    first = client.post(url, {"comment": ""})
    assert "确认失业登记" in first.content.decode()
    reg.refresh_from_db()
    assert reg.status == "submitted"
    client.post(url, {"comment": "", "confirm": "1"})
    reg.refresh_from_db()
    assert reg.status == "registered"
    again = client.post(url, {"comment": "", "confirm": "1"}, follow=True)
    assert "无需重复办理" in again.content.decode()


def test_the_street_office_finds_the_registration_on_its_todo_list(client, registered, office, other_office):
    client.force_login(office)
    assert "确认失业登记" in client.get(reverse("accounts:portal")).content.decode()
    client.force_login(other_office)
    assert "确认失业登记" not in client.get(reverse("accounts:portal")).content.decode()
