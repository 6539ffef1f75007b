"""The pages: who sees what (enterprise read-only, agencies what was pushed to them, staff their
scope), and the forms re-rendering with a Chinese message on bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import make_reviewer, make_user
from wengang.accounts.models import Role
from wengang.cases.models import Notification
from wengang.keyservice.models import ContactEntry, Need
from wengang.keyservice.services import need_publish

from .conftest import street


def page(client, user, name, *args, method="get", data=None):
    client.force_login(user)
    url = reverse(f"keyservice:{name}", args=args)
    return client.post(url, data or {}) if method == "post" else client.get(url)


def test_staff_see_their_enterprises_and_due_follow_ups(client, centre, wumei, bianlifeng, wumei_need):
    response = page(client, centre, "index")
    assert response.status_code == 200
    text = response.content.decode()
    assert "物美孙河物流配送中心" in text and "便利蜂商贸有限公司" in text
    assert "到期待跟进" in text


def test_street_staff_see_only_the_key_enterprises_of_their_street(client, sunhe_staff, wumei, bianlifeng):
    text = page(client, sunhe_staff, "index").content.decode()
    assert "物美孙河物流配送中心" in text
    assert "便利蜂商贸有限公司" not in text
    assert page(client, sunhe_staff, "enterprise", bianlifeng.pk).status_code == 404


def test_the_enterprise_sees_its_needs_read_only(client, wumei_user, wumei_need):
    response = page(client, wumei_user, "need", wumei_need.pk)
    assert response.status_code == 200
    text = response.content.decode()
    assert "物流分拣员" in text and "450 人" in text
    assert "登记进度" not in text and "推送给" not in text
    assert page(client, wumei_user, "enterprise", wumei_need.organisation_id).status_code == 200
    assert "联系记录" not in page(client, wumei_user, "enterprise", wumei_need.organisation_id).content.decode()


def test_the_enterprise_cannot_change_its_ledger(client, wumei_user, wumei_need, wumei):
    assert (
        page(client, wumei_user, "need_progress", wumei_need.pk, method="post", data={"filled": "5"}).status_code == 403
    )
    assert page(client, wumei_user, "need_new", wumei.pk).status_code == 403
    assert page(client, wumei_user, "need_publish", wumei_need.pk).status_code == 403
    assert page(client, wumei_user, "contact_new", wumei.pk, method="post").status_code == 403
    wumei_need.refresh_from_db()
    assert wumei_need.filled == 0


def test_it_refuses_another_enterprise(client, bianlifeng_user, wumei_need, wumei):
    assert page(client, bianlifeng_user, "need", wumei_need.pk).status_code == 404
    assert page(client, bianlifeng_user, "enterprise", wumei.pk).status_code == 404
    assert "物流分拣员" not in page(client, bianlifeng_user, "index").content.decode()


def test_an_agency_sees_only_the_needs_pushed_to_it(client, centre, wumei_need, agency, agency_user, other_agency_user):
    assert page(client, agency_user, "need", wumei_need.pk).status_code == 404
    need_publish(need=wumei_need, actor=centre, agencies=[agency], streets=[])
    assert page(client, agency_user, "need", wumei_need.pk).status_code == 200
    assert "物流分拣员" in page(client, agency_user, "index").content.decode()
    assert page(client, other_agency_user, "need", wumei_need.pk).status_code == 404
    assert page(client, agency_user, "enterprise", wumei_need.organisation_id).status_code == 404


def test_street_staff_see_a_need_pushed_to_their_street(client, centre, wumei_need, wangjing_staff):
    assert page(client, wangjing_staff, "need", wumei_need.pk).status_code == 404
    need_publish(need=wumei_need, actor=centre, agencies=[], streets=[street("望京")])
    response = page(client, wangjing_staff, "need", wumei_need.pk)
    assert response.status_code == 200
    assert "登记进度" not in response.content.decode()


@pytest.mark.parametrize("role", [Role.INDIVIDUAL, Role.MUNICIPAL, Role.INDUSTRY])
def test_roles_without_a_part_are_refused(client, role, wumei_need):
    user = make_user("someone", role)
    assert page(client, user, "index").status_code == 403
    assert page(client, user, "need", wumei_need.pk).status_code == 403


def test_another_departments_reviewer_is_refused(client, wumei_need):
    assert page(client, make_reviewer("laodong", department="labour-service"), "index").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, wumei_need):
    response = client.get(reverse("keyservice:need", args=[wumei_need.pk]))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def need_form(**changes: object) -> dict[str, object]:
    """The 用工需求 form of a 100-person need in 孙河, with ``changes``."""
    return {
        "post": "仓储理货员",
        "count": "100",
        "deadline": "2020-03-01",
        "street": street("孙河").pk,
        "pay_min": "4500",
        "pay_max": "6000",
        **changes,
    }


def test_staff_record_a_need_through_the_form(client, sunhe_staff, wumei):
    data = need_form(workplace="孙河物流园", note="")
    response = page(client, sunhe_staff, "need_new", wumei.pk, method="post", data=data)
    need = Need.objects.get(post="仓储理货员")
    assert response.status_code == 302 and response["Location"] == reverse("keyservice:need", args=[need.pk])
    assert (need.count, need.open_count, str(need.pay_min)) == (100, 100, "4500.00")


def test_a_bad_pay_range_re_renders_the_form_with_the_input(client, centre, wumei):
    response = page(client, centre, "need_new", wumei.pk, method="post", data=need_form(pay_min="6000", pay_max="4500"))
    assert response.status_code == 400
    text = response.content.decode()
    assert "月薪上限不能低于下限" in text and 'role="alert"' in text and 'value="仓储理货员"' in text
    assert not Need.objects.exists()


def test_progress_over_the_count_is_refused_with_a_message(client, centre, wumei_need):
    response = page(client, centre, "need_progress", wumei_need.pk, method="post", data={"filled": "451"})
    assert response.status_code == 400
    assert "到岗人数不能超过需求人数 450 人" in response.content.decode()


def test_progress_through_the_page(client, centre, wumei_need):
    response = page(
        client, centre, "need_progress", wumei_need.pk, method="post", data={"filled": "200", "note": "首批"}
    )
    assert response.status_code == 302
    wumei_need.refresh_from_db()
    assert (wumei_need.filled, wumei_need.open_count) == (200, 250)


def test_closing_a_need_through_the_page(client, centre, wumei_need):
    page(client, centre, "need_status", wumei_need.pk, "closed", method="post", data={"comment": "企业暂停"})
    wumei_need.refresh_from_db()
    assert wumei_need.status == "closed"


def test_the_publish_page_suggests_the_nearby_streets(client, centre, wumei_need, agency):
    text = page(client, centre, "need_publish", wumei_need.pk).content.decode()
    for name in ("孙河", "首都机场", "崔各庄", "来广营", "金盏"):
        assert f'value="{street(name).pk}" id="id_streets_s{street(name).pk}" checked' in text
    assert agency.name in text


def test_publishing_through_the_page(client, centre, wumei_need, agency, agency_user, sunhe_staff):
    data = {"agencies": [agency.pk], "streets": [street("孙河").pk]}
    response = page(client, centre, "need_publish", wumei_need.pk, method="post", data=data)
    assert response.status_code == 302
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"jigou", "sunhe"}
    text = page(client, centre, "need", wumei_need.pk).content.decode()
    assert "推送记录" in text and agency.name in text


def test_publishing_to_nobody_re_renders_with_a_message(client, centre, wumei_need):
    response = page(client, centre, "need_publish", wumei_need.pk, method="post", data={})
    assert response.status_code == 400
    assert "请至少选择一家人力资源服务机构或一个街乡" in response.content.decode()


def contact_form(responsible, **change) -> dict:
    """The contact form as filled in after a call to 便利蜂's 姜经理 on 2020-02-11."""
    data = {"on": "2020-02-11", "channel": "phone", "contact_person": "姜经理", "agreed": "x", "responsible": responsible.pk}
    return {**data, **change}


def test_staff_log_a_contact_through_the_page(client, centre, bianlifeng):
    data = contact_form(
        centre, at_time="16:00", agreed="各门店正在汇总用工需求", next_step="催要宣传册", follow_up_on="2020-02-13"
    )
    response = page(client, centre, "contact_new", bianlifeng.pk, method="post", data=data)
    assert response.status_code == 302
    entry = ContactEntry.objects.get()
    assert (entry.on, entry.follow_up_on, entry.responsible) == (dt.date(2020, 2, 11), dt.date(2020, 2, 13), centre)


def test_a_follow_up_before_the_contact_is_refused(client, centre, bianlifeng):
    data = contact_form(centre, follow_up_on="2020-02-10")
    response = page(client, centre, "contact_new", bianlifeng.pk, method="post", data=data)
    assert response.status_code == 400
    assert "跟进日期不能早于联系日期" in response.content.decode()
    assert not ContactEntry.objects.exists()


def test_the_responsible_must_serve_the_enterprise(client, centre, bianlifeng, sunhe_staff):
    data = contact_form(sunhe_staff)
    response = page(client, centre, "contact_new", bianlifeng.pk, method="post", data=data)
    assert response.status_code == 400
    assert not ContactEntry.objects.exists()


def test_the_need_page_links_to_the_job_markets_new_post_page_for_those_who_may_post(
    client, sunhe_staff, centre, wumei_need
):
    from django.urls import NoReverseMatch

    try:
        url = reverse("jobs:post_new")
    except NoReverseMatch:
        try:
            url = reverse("jobs:new")
        except NoReverseMatch:
            pytest.skip("the job market has no new-post page")
    assert f'href="{url}"' in page(client, sunhe_staff, "need", wumei_need.pk).content.decode()
    assert f'href="{url}"' not in page(client, centre, "need", wumei_need.pk).content.decode()


# ---- every view × the personas that may not use it ----------------------------------------------

VIEWS = [
    ("GET", "index", ()),
    ("GET", "enterprise", ("org",)),
    ("POST", "contact_new", ("org",)),
    ("GET", "need_new", ("org",)),
    ("POST", "need_new", ("org",)),
    ("GET", "need", ("need",)),
    ("POST", "need_progress", ("need",)),
    ("POST", "need_status", ("need", "closed")),
    ("GET", "need_publish", ("need",)),
    ("POST", "need_publish", ("need",)),
]


def _args(spec, need):
    return [need.organisation_id if a == "org" else need.pk if a == "need" else a for a in spec]


@pytest.mark.parametrize(("method", "name", "spec"), VIEWS, ids=[f"{m} {n}" for m, n, _ in VIEWS])
def test_every_view_refuses_outsiders(client, method, name, spec, wumei_need, bianlifeng_user, wangjing_staff):
    """Another enterprise and another street's staff: 404 (or their own overview, without it);
    an individual and another department's reviewer: 403; anonymous: sign in."""
    args = _args(spec, wumei_need)
    url = reverse(f"keyservice:{name}", args=args)
    call = client.post if method == "POST" else client.get
    assert call(url).status_code == 302  # anonymous → sign-in
    expected = {
        bianlifeng_user: 200 if name == "index" else 404,
        wangjing_staff: 200 if name == "index" else 404,
        make_user("geren", Role.INDIVIDUAL): 403,
        make_reviewer("laodong", department="labour-service"): 403,
    }
    for user, status in expected.items():
        client.force_login(user)
        assert call(url).status_code == status, user.username
    wumei_need.refresh_from_db()
    assert (wumei_need.filled, wumei_need.status) == (0, "open")
    assert not ContactEntry.objects.exists() and not Notification.objects.exists()
