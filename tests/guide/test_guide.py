"""办事指南: every service has one page, public, with the notice's contacts and no invented ones."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from wengang.guide.services import ANNOUNCED, GUIDES

SERVICES = (
    "op1",
    "op2",
    "op3",
    "op4",
    "op5",
    "op6",
    "dispatch",
    "hours",
    "layoff",
    "deferral",
    "jobs",
    "placements",
    "internship",
    "unemployment",
    "benefit",
    "hardship",
    "flexible",
    "welfare",
    "loan-extension",
    "loan-green",
    "graduates",
    "training",
)


def test_every_service_has_a_guide() -> None:
    assert tuple(g.slug for g in GUIDES) == SERVICES


@pytest.mark.django_db
def test_the_index_lists_every_guide_for_anyone(client) -> None:
    page = client.get(reverse("guide:index")).content.decode()
    for slug in SERVICES:
        assert f'href="/guide/{slug}/"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "department", "phone", "address"),
    [
        ("op1", "朝阳区劳动服务管理中心", "67364754", "将台路5号院15号楼D座1A层"),
        ("op3", "朝阳区劳动服务管理中心", "67364754", "将台路5号院15号楼D座1A层"),
        ("op4", "朝阳区人力资源公共服务中心", "57596213", "将台路5号院15号楼D座"),
        ("op5", "朝阳区人力社保局就业资金管理科", "65090439", "八里庄南里21号院"),
        ("op6", "朝阳区人力社保局职业能力建设科", "65090441", "八里庄南里21号院"),
        (
            "dispatch",
            "朝阳区人力资源和社会保障局劳动关系科",
            "65090452、65090450",
            "北京市朝阳区八里庄南里21号院 劳动关系科（邮编：100025）",
        ),
        (
            "layoff",
            "朝阳区人力资源和社会保障局劳动关系科",
            "65090451",
            "北京市朝阳区八里庄南里21号院 劳动关系科（邮编：100025）",
        ),
        ("deferral", "市级相关行业主管部门（确认行业）；各区社会保险经办机构（补缴）", ANNOUNCED, ANNOUNCED),
        # individual services: the notice names no phone or address for most of them
        ("unemployment", "所在街道（乡镇）社会保障事务所", ANNOUNCED, ANNOUNCED),
        ("flexible", "所在街道（乡镇）社会保障事务所", ANNOUNCED, ANNOUNCED),
        ("loan-extension", "贷款银行", ANNOUNCED, ANNOUNCED),
        ("training", "朝阳区人力社保局职业能力建设科", "65090441", "八里庄南里21号院"),
    ],
)
def test_a_guide_shows_the_contact_the_notice_gives(client, slug, department, phone, address) -> None:
    response = client.get(reverse("guide:detail", args=[slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<dt>联系部门</dt><dd>{department}</dd>" in page
    assert f"<dt>联系电话</dt><dd>{phone}</dd>" in page
    assert f"<dt>办公地址</dt><dd>{address}</dd>" in page


@pytest.mark.django_db
def test_a_guide_states_conditions_materials_and_deadlines(client) -> None:
    page = client.get(reverse("guide:detail", args=["op3"])).content.decode()
    assert '2020年5月1日至7月31日（<span class="clause">OP3.4</span>）' in page
    assert '最高补贴6315元/人（<span class="clause">OP3.2(3)</span>）' in page
    assert 'href="/hall/apply/new/OP3/"' in page
    page = client.get(reverse("guide:detail", args=["dispatch"])).content.decode()
    assert '<a href="mailto:cylwpqsq@126.com" translate="no">cylwpqsq@126.com</a>' in page and "骑缝章" in page


@pytest.mark.django_db
def test_the_admin_checklist_is_shown_with_the_notice_text(client) -> None:
    from wengang.permits.models import PermitType

    names = list(
        PermitType.objects.get(code="dispatch-new").requirements.order_by("order", "id").values_list("name", flat=True)
    )
    assert names  # seeded by the permits' migration
    page = client.get(reverse("guide:detail", args=["dispatch"])).content.decode()
    for name in names:
        assert name in page


@pytest.mark.django_db
def test_no_guide_invents_a_phone_number(client) -> None:
    notice_phones = {"67364754", "57596213", "65090439", "65090441", "65090452", "65090450", "65090451"}
    for slug in SERVICES:
        page = client.get(reverse("guide:detail", args=[slug])).content.decode()
        phone = re.search(r"<dt>联系电话</dt><dd>(.*?)</dd>", page)
        assert phone is not None
        numbers = set(re.findall(r"\d{8}", phone.group(1)))
        assert numbers <= notice_phones, slug
        assert numbers or phone.group(1) == ANNOUNCED, slug


@pytest.mark.django_db
def test_an_unknown_service_is_a_chinese_404(client) -> None:
    response = client.get("/guide/op9/")
    assert response.status_code == 404
    assert client.post(reverse("guide:index")).status_code == 405


def test_the_link_tag_links_a_known_service_and_nothing_else() -> None:
    from django.template import Context, Template

    template = Template("{% load guide_tags %}{% guide_link slug %}")
    assert template.render(Context({"slug": "OP3"})) == (
        '<p class="guide-link"><a href="/guide/op3/">办事指南：一次性社会保险补贴</a>（申请条件、所需材料、办理时限和联系方式）</p>'
    )
    assert template.render(Context({"slug": "N14"})) == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "slugs"),
    [
        ("/hall/apply/new/OP3/", ["op3"]),
        ("/permits/new/", ["dispatch", "hours"]),
        ("/permits/", ["dispatch", "hours"]),
        ("/layoffs/", ["layoff"]),
        ("/deferral/", ["deferral"]),
        ("/jobs/manage/new/", ["jobs"]),
        ("/jobs/manage/", ["jobs"]),
        ("/placements/bases/apply/", ["internship"]),
        ("/accounts/", []),
    ],
)
def test_each_apply_page_and_the_workbench_link_to_the_guide(client, settings, url, slugs) -> None:
    from tests.factories import make_organisation, make_user

    settings.WENGANG_TODAY = "2020-06-01"
    firm = make_organisation(5, "北京甲乙科技有限公司")
    client.force_login(make_user("qiye", "enterprise", organisation=firm))
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for slug in slugs:
        assert f'href="/guide/{slug}/"' in page
    assert 'href="/guide/"' in page  # the footer (and the workbench) link the index


@pytest.mark.django_db
def test_clause_ids_are_marked_as_citations_and_text_is_escaped(client) -> None:
    from wengang.guide.templatetags.guide_tags import cite

    assert cite("情形（L.circ(1)–(4)）<b>") == '情形（<span class="clause">L.circ(1)–(4)</span>）&lt;b&gt;'
    page = client.get(reverse("guide:detail", args=["layoff"])).content.decode()
    assert '<span class="clause">L.mat(1)–(8)</span>' in page


@pytest.mark.django_db
def test_the_apply_link_is_offered_only_to_those_who_may_use_it(client) -> None:
    from tests.factories import make_organisation, make_reviewer, make_user

    firm = make_organisation(6, "北京甲乙科技有限公司")
    agency = make_organisation(7, "北京丙丁人力资源有限公司", kind="agency")
    people = {
        "firm": make_user("qiye", "enterprise", organisation=firm),
        "agency": make_user("jigou", "agency", organisation=agency),
        "reviewer": make_reviewer(),
    }
    offered = {
        "firm": {
            *("op1", "op2", "op3", "op5", "op6", "dispatch", "hours", "layoff", "deferral", "jobs", "internship"),
            *("loan-extension", "loan-green", "graduates", "training"),
        },
        "agency": {"op4", "deferral", "placements"},
        "reviewer": set(),
    }
    for who, user in people.items():
        client.force_login(user)
        shown = {slug for slug in SERVICES if 'class="button"' in client.get(f"/guide/{slug}/").content.decode()}
        assert shown == offered[who], who
    client.logout()
    assert 'href="/hall/apply/new/OP3/"' in client.get("/guide/op3/").content.decode()  # asks to sign in


@pytest.mark.django_db
def test_the_individual_guides_state_the_notice_and_the_law(client) -> None:
    page = client.get(reverse("guide:detail", args=["loan-extension"])).content.decode()
    assert '展期期限原则上不超过1年；展期期间财政部门继续给予贴息（<span class="clause">N16</span>）' in page
    page = client.get(reverse("guide:detail", args=["benefit"])).content.decode()
    assert "满5年不足10年的，最长18个月" in page and "10年以上的，最长24个月" in page
    page = client.get(reverse("guide:detail", args=["welfare"])).content.decode()
    assert "由公益性就业岗位托底安置" in page


@pytest.mark.django_db
def test_an_individual_is_offered_the_individual_services_only(client) -> None:
    from tests.factories import id_number, make_user

    client.force_login(make_user("geren", "individual", id_number=id_number(123, "19900315")))
    shown = {slug for slug in SERVICES if 'class="button"' in client.get(f"/guide/{slug}/").content.decode()}
    assert shown == {
        *("unemployment", "benefit", "hardship", "flexible", "welfare"),
        *("loan-extension", "loan-green", "graduates"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "slugs"),
    [
        ("/individuals/", ["unemployment", "benefit"]),
        ("/individuals/register/", ["unemployment"]),
        ("/assistance/", ["hardship", "flexible", "welfare"]),
        ("/assistance/apply/", ["hardship"]),
        ("/loans/", ["loan-extension", "loan-green"]),
        ("/loans/guarantees/apply/", ["loan-green"]),
        ("/graduates/", ["graduates"]),
        ("/training/", ["training"]),
    ],
)
def test_each_individual_service_links_its_guide(client, settings, url, slugs) -> None:
    from tests.factories import id_number, make_user, street

    settings.WENGANG_TODAY = "2020-06-01"
    person = make_user("geren", "individual", id_number=id_number(123, "19900315"), street=street("孙河"))
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for slug in slugs:
        assert f'href="/guide/{slug}/"' in page


@pytest.mark.django_db
def test_every_apply_link_opens_a_page(client) -> None:
    from tests.factories import id_number, make_user, street

    client.force_login(make_user("geren", "individual", id_number=id_number(123, "19900315"), street=street("孙河")))
    for slug in SERVICES:
        page = client.get(f"/guide/{slug}/").content.decode()
        link = re.search(r'<a class="button" href="([^"]+)"', page)
        if link:
            assert client.get(link.group(1)).status_code in (200, 302), slug
