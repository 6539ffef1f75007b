"""公益性岗位托底安置 (N15): a street office publishes posts, lists its certified people as
candidates (by category and wishes), places them within the headcount, records monthly attendance
and ends a placement; the post's occupancy follows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import make_user
from wengang.accounts.models import Role
from wengang.assistance import services
from wengang.assistance.models import Attendance, HardshipCategory, WelfarePlacement

from .conftest import certify

pytestmark = pytest.mark.django_db
JUNE, NEXT_MAY = dt.date(2020, 6, 1), dt.date(2021, 5, 31)


def _place(post, cert, office):
    return services.placement_create(post=post, certification=cert, start=JUNE, end=NEXT_MAY, user=office)


def test_candidates_of_a_suited_category_and_matching_wishes_come_first(
    person, other_person, sunhe_office, older, post
):
    disabled = HardshipCategory.objects.get(name="残疾人")
    certify(other_person, sunhe_office, disabled, wishes="门卫")
    certify(person, sunhe_office, older, wishes="社区保洁")
    rows = services.candidates(post)
    assert [(r["certification"].person.username, r["by_category"], r["by_wishes"]) for r in rows] == [
        ("kunnan", True, True),
        ("other", False, False),
    ]


def test_a_placement_fills_a_place_and_ending_it_frees_the_place(person, certified, sunhe_office, post):
    placement = _place(post, certified, sunhe_office)
    assert services.occupancy(post) == (1, 1)
    assert services.candidates(post) == []  # a person in post is no longer a candidate
    services.placement_end(placement=placement, user=sunhe_office, reason="本人找到工作")
    assert services.occupancy(post) == (0, 2)


def test_a_full_post_takes_nobody_more(person, other_person, certified, sunhe_office, older, post):
    post.headcount = 1
    post.save()
    _place(post, certified, sunhe_office)
    second = certify(other_person, sunhe_office, older)
    with pytest.raises(services.AssistanceError, match="岗位已满员"):
        _place(post, second, sunhe_office)
    assert WelfarePlacement.objects.count() == 1


def test_a_person_is_in_one_post_at_a_time(person, certified, sunhe_office, post):
    _place(post, certified, sunhe_office)
    other_post = services.post_create(
        user=sunhe_office,
        values={"title": "治安巡逻员", "headcount": 3, "terms": "夜间巡逻", "monthly_pay": Decimal("2400.00")},
    )
    with pytest.raises(services.AssistanceError, match="已在其他公益性岗位在岗"):
        _place(other_post, certified, sunhe_office)


def test_an_uncertified_person_is_not_placed(person, older, post, sunhe_office):
    from tests.factories import street

    draft = services.certification_create(
        person=person, street=street("孙河"), category=older, beijing_hukou=True, not_employed=True
    )
    with pytest.raises(services.AssistanceError, match="尚未认定为就业困难人员"):
        _place(post, draft, sunhe_office)


def test_a_term_ending_before_it_starts_is_refused(certified, sunhe_office, post):
    with pytest.raises(services.AssistanceError, match="早于起始日期"):
        services.placement_create(
            post=post, certification=certified, start=JUNE, end=dt.date(2020, 5, 31), user=sunhe_office
        )


def test_attendance_is_one_row_a_month_inside_the_term(certified, sunhe_office, post):
    placement = _place(post, certified, sunhe_office)
    services.attendance_record(placement=placement, month=JUNE, days_due=21, days_worked=19, note="", user=sunhe_office)
    services.attendance_record(
        placement=placement, month=JUNE, days_due=21, days_worked=20, note="更正", user=sunhe_office
    )
    assert list(Attendance.objects.values_list("days_due", "days_worked", "note")) == [(21, 20, "更正")]
    with pytest.raises(services.AssistanceError, match="不在安置期"):
        services.attendance_record(
            placement=placement, month=dt.date(2020, 5, 1), days_due=21, days_worked=20, note="", user=sunhe_office
        )
    with pytest.raises(services.AssistanceError, match="尚未到来"):
        services.attendance_record(
            placement=placement, month=dt.date(2020, 7, 1), days_due=21, days_worked=20, note="", user=sunhe_office
        )
    with pytest.raises(services.AssistanceError, match="超过2020年06月的天数"):
        services.attendance_record(
            placement=placement, month=JUNE, days_due=31, days_worked=20, note="", user=sunhe_office
        )


def test_the_street_sees_occupancy_and_its_own_posts_only(client, sunhe_office, wangjing_office, certified, post):
    _place(post, certified, sunhe_office)
    client.force_login(sunhe_office)
    page = client.get("/assistance/").content.decode()
    assert "社区保洁员" in page
    assert "张建国" in page and "110105********0114" in page and "197003150114" not in page
    client.force_login(wangjing_office)
    assert "社区保洁员" not in client.get("/assistance/").content.decode()


def test_hostile_post_input_gets_chinese_messages_and_nothing_is_saved(client, sunhe_office):
    client.force_login(sunhe_office)
    data = {"title": "保洁\x00员", "headcount": "9" * 30, "terms": "", "monthly_pay": "1e400"}
    response = client.post("/assistance/posts/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "保洁" in page and "未能办理，请修改后重试" in page
    assert "确保该值小于或等于500" in page or "小于或等于 500" in page


def test_hostile_claim_and_attendance_input_never_fails(client, person, certified, sunhe_office, post):
    placement = _place(post, certified, sunhe_office)
    client.force_login(person)
    for month in ("2020-13", "二〇二〇年六月", "99999-01", "\x00"):
        response = client.post("/assistance/claims/new/", {"month": month, "contributions_paid": "1200"})
        assert response.status_code == 400
        assert "未能办理，请修改后重试" in response.content.decode()
    assert "请按“2020-05”的格式填写年月" in response.content.decode() or "空字符" in response.content.decode()
    response = client.post("/assistance/claims/new/", {"month": "2020-06", "contributions_paid": "-5"})
    assert "确保该值大于或等于0" in response.content.decode().replace(" ", "")
    client.force_login(sunhe_office)
    response = client.post(
        f"/assistance/placements/{placement.pk}/attendance/",
        {"month": "2020-06", "days_due": "20", "days_worked": "25"},
    )
    assert "实际出勤 25 天多于应出勤 20 天" in response.content.decode()
    assert not Attendance.objects.exists()
    for to in ("nonsense", "active"):
        assert client.post(f"/assistance/placements/{placement.pk}/move/{to}/").status_code in (302, 404)


def test_a_second_click_on_a_decision_changes_nothing(client, person, certified, sunhe_office):
    claim = services.claim_create(person=person, month=JUNE, paid=Decimal("1200.00"), flexible_employed=True)
    client.force_login(sunhe_office)
    url = f"/assistance/claims/{claim.pk}/move/approved/"
    assert "确认核准补贴" in client.post(url).content.decode()
    assert client.post(url, {"confirm": "1"}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == "approved"
    response = client.post(url, {"confirm": "1"}, follow=True)
    assert "已办理：已核准" in response.content.decode()
    assert claim.changes.count() == 2


def test_the_person_cannot_see_a_post_page(client, person, post):
    client.force_login(person)
    assert client.get(f"/assistance/posts/{post.pk}/").status_code == 404
    assert make_user("stranger", Role.INDIVIDUAL)  # the role alone gives no post


def test_the_street_offices_todo_lists_what_waits_for_it(client, person, certified, sunhe_office, wangjing_office):
    services.claim_create(person=person, month=JUNE, paid=Decimal("1200.00"), flexible_employed=True)
    client.force_login(sunhe_office)
    page = client.get("/accounts/").content.decode()
    assert "灵活就业社会保险补贴" in page and "审核补贴 800.00 元" in page
    client.force_login(wangjing_office)
    assert "审核补贴 800.00 元" not in client.get("/accounts/").content.decode()


def test_the_portal_links_the_page_only_for_those_who_may_open_it(client, person, sunhe_office):
    for user, linked in ((person, True), (sunhe_office, True), (make_user("gaoxiao", Role.SCHOOL), False)):
        client.force_login(user)
        assert ('href="/assistance/"' in client.get("/accounts/").content.decode()) is linked


def test_a_post_no_longer_published_takes_nobody_and_keeps_its_people(client, person, certified, sunhe_office, post):
    _place(post, certified, sunhe_office)
    client.force_login(sunhe_office)
    client.post(f"/assistance/posts/{post.pk}/publish/", {"published": "0"})
    post.refresh_from_db()
    assert post.published is False
    assert services.occupancy(post) == (1, 1)
    other = make_user("zhao", Role.INDIVIDUAL, id_number="110105196207100018")
    cert = certify(other, sunhe_office, HardshipCategory.objects.get(name="大龄失业人员"))
    with pytest.raises(services.AssistanceError, match="已停止发布"):
        _place(post, cert, sunhe_office)
