"""Who may open the review pages: the reviewing department, the municipal group at the joint
review; never an enterprise; never another department's reviewer."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from wengang.accounts.models import Role
from wengang.subsidies.models import Application, Material, Status

from .conftest import application, user

ACTIONS = (
    "review_accept",
    "review_deficiency",
    "review_supplied",
    "review_return",
    "review_escalate",
    "review_approve",
    "review_reject",
    "review_payment",
)


def assert_refused(client, who, name: str, app: Application, status: int) -> None:
    """``who`` opens (the detail page) or posts (an action) review page ``name`` of ``app``: refused
    with ``status``, the application still submitted."""
    client.force_login(who)
    method = client.get if name == "review_detail" else client.post
    assert method(reverse(f"subsidies:{name}", args=[app.pk])).status_code == status
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["review_detail", *ACTIONS])
def test_a_reviewer_of_another_department_gets_404(client, skills_reviewer, firm, name) -> None:
    assert_refused(client, skills_reviewer, name, application(firm, "OP3"), 404)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.AGENCY, Role.INDIVIDUAL, Role.STREET])
@pytest.mark.parametrize("name", ["review_detail", *ACTIONS])
def test_applicants_and_other_roles_get_403(client, firm, role, name) -> None:
    app = application(firm, "OP3")
    # even the applicant organisation's own user: the review pages are not theirs
    who = user(role, organisation=firm if role in (Role.ENTERPRISE, Role.AGENCY) else None)
    assert_refused(client, who, name, app, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["review_queue", "review_export"])
def test_enterprises_get_403_on_the_workbench(client, firm_user, name) -> None:
    client.force_login(firm_user)
    assert client.get(reverse(f"subsidies:{name}")).status_code == 403


@pytest.mark.django_db
def test_enterprises_cannot_run_batches(client, firm_user, firm) -> None:
    app = application(firm, "OP3")
    client.force_login(firm_user)
    response = client.post(reverse("subsidies:review_batch"), {"action": "accept", "ids": [app.pk], "confirm": "1"})
    assert response.status_code == 403
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, firm) -> None:
    app = application(firm, "OP3")
    response = client.get(reverse("subsidies:review_detail", args=[app.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_the_municipal_group_sees_an_application_only_once_it_is_referred(client, reviewer, municipal, firm) -> None:
    app = application(firm, "OP3", status=Status.DISTRICT_REVIEW)
    client.force_login(municipal)
    assert client.get(reverse("subsidies:review_detail", args=[app.pk])).status_code == 404


@pytest.mark.django_db
def test_drafts_are_not_shown_to_reviewers(client, reviewer, firm) -> None:
    app = application(firm, "OP3", status=Status.DRAFT)
    client.force_login(reviewer)
    assert client.get(reverse("subsidies:review_detail", args=[app.pk])).status_code == 404


@pytest.mark.django_db
def test_materials_download_for_staff_and_the_applicant_only(
    client, reviewer, firm, firm_user, outsider, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    app = application(firm, "OP3")
    requirement = app.subsidy_type.requirements.first()
    item = Material(
        application=app,
        requirement=requirement,
        original_name="scan.pdf",
        display_name=f"{firm.name}{requirement.name}.pdf",
        sha256="a" * 64,
        pages=1,
        size=9,
        uploaded_by=firm_user,
    )
    item.file.save("scan.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    item.save()
    url = reverse("subsidies:review_material", args=[app.pk, item.pk])

    for who in (reviewer, firm_user):
        client.force_login(who)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4\n"
        assert "attachment" in response["Content-Disposition"]

    client.force_login(outsider)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_detail_page_shows_masked_ids_and_the_timeline(client, reviewer, firm) -> None:
    app = application(firm, "OP3")
    app.worker_lines.create(name="张三", id_number="11010519491231002X", month="2020-03-01", category="登记失业人员")
    client.force_login(reviewer)
    html = client.get(reverse("subsidies:review_detail", args=[app.pk])).content.decode()
    assert "110105********002X" in html
    assert "11010519491231002X" not in html
    assert "已提交" in html  # the timeline's first change
    assert "按今日（2020-06-01）政策规则的判断" in html
    assert "9,000.00 元" in html
