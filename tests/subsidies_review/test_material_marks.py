"""Reviewing materials: the inline PDF preview (same permission as the download, framed by our own
page only) and a mark per material (合格 / 需补正) that pre-fills the 容缺 list and is reset when
the applicant supplies the item again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import pdf_upload
from wengang.accounts.models import Role
from wengang.cases.models import Notification
from wengang.subsidies.models import Application, Material, MaterialMark, Status
from wengang.subsidies.services.apply import deficiency_supply
from wengang.subsidies.services.materials import material_attach
from wengang.subsidies.services.review import material_mark
from wengang.subsidies.workflow import TransitionError, application_transition

from .conftest import application, user


def attached(app: Application, *, essential: bool = False) -> Material:
    requirement = app.subsidy_type.requirements.filter(essential=essential).first()
    applicant = app.applicant
    return material_attach(application=app, requirement=requirement, upload=pdf_upload(), user=applicant).material


@pytest.fixture
def submitted(firm):
    return application(firm, "OP3")


@pytest.fixture
def optional(submitted) -> Material:
    """A material the applicant uploaded for the item that may be supplied later (缴费凭证)."""
    return attached(submitted)


def mark(client, material: Material, mark: str, note: str = ""):
    return client.post(
        reverse("subsidies:review_material_mark", args=[material.application_id, material.pk]),
        {f"mark-{material.pk}-mark": mark, f"mark-{material.pk}-note": note},
    )


# ---- inline preview ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_preview_is_served_inline_and_framed_by_our_own_pages_only(client, reviewer, optional) -> None:
    client.force_login(reviewer)
    response = client.get(reverse("subsidies:review_material_inline", args=[optional.application_id, optional.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; ")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Content-Security-Policy"] == "default-src 'none'; object-src 'self'; frame-ancestors 'self'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_the_download_and_every_other_page_stay_unframeable(client, reviewer, optional) -> None:
    client.force_login(reviewer)
    download = client.get(reverse("subsidies:review_material", args=[optional.application_id, optional.pk]))
    page = client.get(reverse("subsidies:review_detail", args=[optional.application_id]))

    assert download["Content-Disposition"].startswith("attachment; ")
    assert download["X-Frame-Options"] == "DENY"
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_review_page_frames_each_material_lazily(client, reviewer, optional) -> None:
    client.force_login(reviewer)
    html = client.get(reverse("subsidies:review_detail", args=[optional.application_id])).content.decode()
    url = reverse("subsidies:review_material_inline", args=[optional.application_id, optional.pk])
    assert f'<iframe src="{url}" title="{optional.display_name}" loading="lazy"' in html
    assert "在线查看（1 页）" in html


@pytest.mark.django_db
def test_the_preview_is_refused_to_those_who_may_not_see_the_case(client, skills_reviewer, outsider, optional) -> None:
    url = reverse("subsidies:review_material_inline", args=[optional.application_id, optional.pk])
    client.force_login(skills_reviewer)
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(user(Role.INDIVIDUAL))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_the_applicant_organisation_may_preview_its_own_material(client, optional) -> None:
    client.force_login(optional.application.applicant)
    url = reverse("subsidies:review_material_inline", args=[optional.application_id, optional.pk])
    assert client.get(url).status_code == 200


# ---- marks ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reviewer_marks_a_material_for_resupply_with_a_note(client, reviewer, optional) -> None:
    client.force_login(reviewer)
    response = mark(client, optional, "resupply", "  4月凭证缺银行盖章 ")

    app_url = reverse("subsidies:review_detail", args=[optional.application_id])
    assert response.status_code == 302
    assert response["Location"] == f"{app_url}#material-{optional.pk}"
    optional.refresh_from_db()
    assert (optional.mark, optional.mark_note, optional.marked_by) == ("resupply", "4月凭证缺银行盖章", reviewer)
    event = optional.application.changes.order_by("pk").last()
    assert (event.from_status, event.to_status) == (Status.SUBMITTED, Status.SUBMITTED)
    assert event.move == "材料标记为需补正"
    assert event.reason == f"{optional.display_name}：需补正，4月凭证缺银行盖章"
    assert event.payload == {"material": {"id": optional.pk, "mark": "resupply"}}
    assert event.actor == reviewer
    # a mark does not move the case: nobody is notified
    assert not Notification.objects.filter(event=event).exists()

    html = client.get(app_url).content.decode()
    assert '<span class="mark mark--unmet">需补正</span> <span>4月凭证缺银行盖章</span>' in html
    assert "<strong>材料标记为需补正</strong>" in html


@pytest.mark.django_db
def test_a_material_marked_ok_carries_no_note(client, reviewer, optional) -> None:
    client.force_login(reviewer)
    assert mark(client, optional, "ok", "看过了").status_code == 302
    optional.refresh_from_db()
    assert (optional.mark, optional.mark_note) == ("ok", "")
    assert optional.application.changes.order_by("pk").last().reason == f"{optional.display_name}：合格"


@pytest.mark.django_db
def test_resupply_needs_a_note_and_the_form_says_so_on_the_field(client, reviewer, optional) -> None:
    client.force_login(reviewer)
    response = mark(client, optional, "resupply", "   ")

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        f'<a href="#id_mark-{optional.pk}-note">需补正的内容（申请人可见）：标记为需补正时，请写明需补正的内容</a>'
        in html
    )
    optional.refresh_from_db()
    assert optional.mark == ""


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["", "bogus", "<script>"])
def test_an_unknown_mark_is_refused_in_chinese(client, reviewer, optional, value) -> None:
    client.force_login(reviewer)
    response = mark(client, optional, value)
    assert response.status_code == 200
    assert "请选择“合格”或“需补正”" in response.content.decode()
    optional.refresh_from_db()
    assert optional.mark == ""


@pytest.mark.django_db
def test_only_the_reviewing_department_marks(client, skills_reviewer, municipal, firm_user, optional) -> None:
    client.force_login(skills_reviewer)
    assert mark(client, optional, "ok").status_code == 404
    client.force_login(municipal)
    assert mark(client, optional, "ok").status_code == 404  # not referred to the municipal group
    client.force_login(optional.application.applicant)
    assert mark(client, optional, "ok").status_code == 403
    optional.refresh_from_db()
    assert optional.mark == ""


@pytest.mark.django_db
def test_marks_are_refused_once_the_case_is_decided(reviewer, optional) -> None:
    app = optional.application
    application_transition(application=app, to=Status.RETURNED, actor=reviewer, comment="请补充")
    with pytest.raises(TransitionError, match="不能再标记材料"):
        material_mark(material=optional, actor=reviewer, mark=MaterialMark.OK)
    optional.refresh_from_db()
    assert optional.mark == ""


@pytest.mark.django_db
def test_the_mark_form_is_not_offered_to_those_who_cannot_mark(client, optional) -> None:
    client.force_login(user(Role.ADMIN, department=None))
    html = client.get(reverse("subsidies:review_detail", args=[optional.application_id])).content.decode()
    assert "保存标记" not in html
    assert "在线查看" in html


# ---- marks feed 容缺 ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_deficiency_form_is_prefilled_from_the_materials_marked_for_resupply(client, reviewer, optional) -> None:
    material_mark(material=optional, actor=reviewer, mark=MaterialMark.RESUPPLY, note="4月凭证缺银行盖章")
    client.force_login(reviewer)
    html = client.get(reverse("subsidies:review_detail", args=[optional.application_id])).content.decode()

    requirement = optional.requirement_id
    assert f'name="deficiency-requirements" value="{requirement}" id="id_deficiency-requirements_0" checked' in html
    assert "已按材料审核标记勾选 1 项“需补正”的材料" in html

    response = client.post(
        reverse("subsidies:review_deficiency", args=[optional.application_id]),
        {"deficiency-requirements": [requirement]},
    )
    assert response.status_code == 302
    (item,) = optional.application.deficiencies.all()
    assert item.description == "社会保险费缴费凭证：4月凭证缺银行盖章"
    assert item.requirement_id == requirement


@pytest.mark.django_db
def test_an_essential_material_marked_for_resupply_is_pointed_to_the_return(client, reviewer, submitted) -> None:
    essential = attached(submitted, essential=True)
    material_mark(material=essential, actor=reviewer, mark=MaterialMark.RESUPPLY, note="缺公章")
    client.force_login(reviewer)
    html = client.get(reverse("subsidies:review_detail", args=[submitted.pk])).content.decode()
    assert "核心材料“核心材料”标记为需补正，不能容缺，请退回修改。" in html
    assert "checked" not in html.split('name="deficiency-requirements"')[1].split(">")[0]


@pytest.mark.django_db
def test_the_applicant_sees_what_to_resupply_and_supplying_it_resets_the_mark(
    client, reviewer, optional, settings
) -> None:
    app = optional.application
    material_mark(material=optional, actor=reviewer, mark=MaterialMark.RESUPPLY, note="4月凭证缺银行盖章")
    client.force_login(reviewer)
    client.post(
        reverse("subsidies:review_deficiency", args=[app.pk]), {"deficiency-requirements": [optional.requirement_id]}
    )
    client.force_login(app.applicant)
    html = client.get(reverse("subsidies:apply_detail", args=[app.pk])).content.decode()
    assert '<span class="mark mark--unmet">需补正</span> 审核意见：4月凭证缺银行盖章' in html
    assert "<strong>社会保险费缴费凭证：4月凭证缺银行盖章</strong>" in html

    (item,) = app.deficiencies.all()
    deficiency_supply(deficiency=item, upload=pdf_upload(pages=2), user=app.applicant)

    optional.refresh_from_db()
    assert (optional.mark, optional.mark_note, optional.marked_by) == ("", "", None)
    app.refresh_from_db()
    assert app.status == Status.DISTRICT_REVIEW
    assert app.materials.count() == 2
    assert (
        "审核意见：4月凭证缺银行盖章"
        not in client.get(reverse("subsidies:apply_detail", args=[app.pk])).content.decode()
    )
