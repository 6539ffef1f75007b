"""Who sees what: the enterprise its own reports, the 劳动关系科 submitted ones, nobody else."""

from __future__ import annotations

from django.urls import reverse

from wengang.accounts.models import Role, User
from wengang.layoffs import services
from wengang.layoffs.models import Status

from .factories import pdf


def test_it_refuses_another_enterprise(client, submitted, outsider):
    client.force_login(outsider)
    for name in ("layoffs:detail", "layoffs:receipt"):
        assert client.get(reverse(name, args=[submitted.pk])).status_code == 404
    assert client.get(reverse("layoffs:material_file", args=[submitted.pk, 1])).status_code == 404
    assert submitted.organisation.name not in client.get(reverse("layoffs:list")).content.decode()


def test_another_enterprise_cannot_upload_to_a_report(client, owner, outsider):
    report = services.report_create(user=owner)
    client.force_login(outsider)
    response = client.post(reverse("layoffs:material_upload", args=[report.pk, 1]), {"m1-file": pdf()})
    assert response.status_code == 404
    assert report.materials.count() == 0


def test_the_reviewer_sees_submitted_reports_but_not_drafts(client, submitted, owner, reviewer):
    draft = services.report_create(user=owner)
    client.force_login(reviewer)
    assert client.get(reverse("layoffs:detail", args=[submitted.pk])).status_code == 200
    assert client.get(reverse("layoffs:detail", args=[draft.pk])).status_code == 404


def test_another_department_and_individuals_get_403(client, submitted, other_reviewer, db):
    person = User.objects.create_user(username="p", password="x-password-1", role=Role.INDIVIDUAL)
    for user in (other_reviewer, person):
        client.force_login(user)
        assert client.get(reverse("layoffs:list")).status_code == 403
        assert client.post(reverse("layoffs:accept", args=[submitted.pk])).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_the_enterprise_cannot_accept_its_own_report(client, submitted, owner):
    client.force_login(owner)
    assert client.post(reverse("layoffs:accept", args=[submitted.pk])).status_code == 403


def test_a_submitted_report_cannot_be_edited(client, submitted, owner):
    client.force_login(owner)
    assert client.post(reverse("layoffs:detail", args=[submitted.pk]), {"layoffs": "25"}).status_code == 403


def test_the_reviewer_accepts_and_returns_through_the_pages(client, submitted, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("layoffs:return", args=[submitted.pk]), {"reasons": ""})
    assert "退回理由" in response.content.decode()
    url = reverse("layoffs:accept", args=[submitted.pk])
    confirm = client.post(url).content.decode()
    assert "操作不可撤销" in confirm and '<input type="hidden" name="confirm" value="1">' in confirm
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    response = client.post(url, {"confirm": "1"}, follow=True)
    assert "已受理，出具《收悉证明》朝人社收〔2020〕第0001号" in response.content.decode()
    # a second click (double submit) changes nothing and says so
    again = client.post(url, {"confirm": "1"}, follow=True).content.decode()
    assert "该报告已受理，《收悉证明》朝人社收〔2020〕第0001号" in again


def test_the_pages_need_a_login(client, submitted):
    response = client.get(reverse("layoffs:detail", args=[submitted.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
