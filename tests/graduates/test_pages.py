"""The offer form and the agreement page as people use them: bad input re-renders in Chinese and
keeps what was typed; a decision is confirmed before it is made."""

from __future__ import annotations

import pytest

from wengang.graduates.models import Agreement, Status

from .conftest import GRADUATE_ID

pytestmark = pytest.mark.django_db


def _form(university, **changes):
    return {
        "graduate_name": "林晓", "id_number": GRADUATE_ID, "school": university.pk, "major": "计算机科学与技术",
        "graduation_year": "2020", "position": "软件工程师", "workplace": "北京市朝阳区",
        "monthly_salary": "9500.00", "report_on": "2020-07-15", **changes,
    }


def test_an_offer_from_the_form_goes_to_the_graduate(client, employer, graduate, university):
    client.force_login(employer)
    response = client.post("/graduates/offer/", _form(university))
    agreement = Agreement.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/graduates/{agreement.pk}/"
    assert agreement.monthly_salary == agreement.monthly_salary.__class__("9500.00")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id_number": "110105199803010210"}, "不是有效的居民身份证号码"),
        ({"monthly_salary": "1e400"}, "月薪"),
        ({"monthly_salary": "-5"}, "月薪"),
        ({"report_on": "2020-02-30"}, "报到日期"),
        ({"graduate_name": "林\x00晓"}, "毕业生姓名"),
        ({"school": "99999"}, "毕业院校"),
        ({"graduation_year": "99999999999999999999"}, "毕业年份"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(client, employer, graduate, university, change, message):
    client.force_login(employer)
    response = client.post("/graduates/offer/", _form(university, **change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "计算机科学与技术" in response.content.decode()  # what was typed stays
    assert Agreement.objects.count() == 0


def test_the_school_confirms_on_a_confirmation_page_first(client, agreement, graduate, school):
    client.force_login(graduate)
    client.post(f"/graduates/{agreement.pk}/move/accepted/", {"confirm": "1"})
    client.force_login(school)
    page = client.post(f"/graduates/{agreement.pk}/move/signed/")
    assert page.status_code == 200 and "将确认林晓与北京智图科技有限公司的三方协议" in page.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == Status.ACCEPTED
    client.post(f"/graduates/{agreement.pk}/move/signed/", {"confirm": "1"})
    agreement.refresh_from_db()
    assert agreement.status == Status.SIGNED


def test_an_unknown_move_says_why(client, agreement, graduate):
    client.force_login(graduate)
    response = client.post(f"/graduates/{agreement.pk}/move/nonsense/", {"confirm": "1"})
    assert response.status_code == 400
    assert "不能变更为" in response.content.decode()


def test_the_detail_page_masks_the_id_number_and_marks_unconfirmed_deadlines(client, agreement, graduate):
    client.force_login(graduate)
    html = client.get(f"/graduates/{agreement.pk}/").content.decode()
    assert GRADUATE_ID not in html and GRADUATE_ID[-4:] in html
    assert "待核实" in html and "确认接受录用" in html
