"""Street bulk import: the template; the upload becomes a background job whose result page (its
uploader's only) shows the counts per street, or every bad row with nothing saved."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.accounts.factories import make_user
from tests.asserts import assert_shows
from wengang.accounts.models import Role
from wengang.jobs.importer import COLUMNS
from wengang.jobs.models import JobPost, PostStatus
from wengang.registry.models import ImportJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def imported(client, django_capture_on_commit_callbacks):
    """Post a file; the job runs when the request's transaction commits; its result page."""

    def post(upload) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("jobs:import"), {"file": upload})
        job = ImportJob.objects.get()
        assert job.kind == ImportJob.Kind.JOB_POSTS and not job.file
        assert response.status_code == 302 and response["Location"] == f"/jobs/import/{job.pk}/"
        page = client.get(response["Location"])
        assert page.status_code == 200
        return page.content.decode()

    return post


def row(firm, **overrides):
    base = {
        "uscc": firm.uscc,
        "title": "理货员",
        "description": "超市理货",
        "openings": 10,
        "pay_min": 4500,
        "pay_max": 5500,
        "workplace": "望京西园",
        "street": "望京",
        "industry_code": "F52",
        "schedule": "早班",
        "contact_name": "李女士",
        "contact_phone": "010-64700000",
        "deadline": "2020-07-15",
        "urgent": "否",
        "internship": "否",
    }
    base.update(overrides)
    return [base[c.name] for c in COLUMNS]


def workbook(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append([c.header for c in COLUMNS])
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("岗位.xlsx", out.getvalue())


def test_the_template_has_every_column(client, street_staff):
    client.force_login(street_staff)
    response = client.get(reverse("jobs:import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]


def test_it_imports_every_row_and_counts_per_street(client, street_staff, plain_firm, key_firm, sunhe, imported):
    plain_firm.street = sunhe  # registered in 孙河, hiring for a workplace in 望京
    plain_firm.save()
    client.force_login(street_staff)
    upload = workbook(
        [
            row(plain_firm),
            row(plain_firm, title="收银员", openings=5, description="收银，女士优先"),
            row(key_firm, title="分拣员", street="孙河", openings=400, urgent="是"),
        ]
    )
    page = imported(upload)
    assert "已完成：已完成" in page
    assert "已导入 3 个岗位，其中 1 个含需人工审核的用语" in page
    assert [(p.title, p.status, p.on_behalf_street) for p in JobPost.objects.order_by("id")] == [
        ("理货员", PostStatus.PUBLISHED, sunhe),
        ("收银员", PostStatus.MODERATION, sunhe),
        ("分拣员", PostStatus.PUBLISHED, sunhe),
    ]
    assert JobPost.objects.get(title="分拣员").urgent is True
    assert '<th scope="row">望京街道</th><td class="num">2</td><td class="num">15</td>' in page
    assert '<th scope="row">孙河地区</th><td class="num">1</td><td class="num">400</td>' in page


def test_bad_rows_are_reported_by_number_and_nothing_is_saved(client, street_staff, plain_firm, imported):
    client.force_login(street_staff)
    upload = workbook(
        [
            row(plain_firm),
            row(plain_firm, pay_min=6000, pay_max=5000),
            row(plain_firm, description="湖北籍勿扰"),
            row(plain_firm, urgent="是"),
            row(plain_firm, uscc="91110105000000000X", street="火星"),
        ]
    )
    page = imported(upload)
    assert JobPost.objects.count() == 0
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED
    assert_shows(
        page,
        "未导入：4 行有误",
        "第3行：月薪上限（元）：月薪上限（5,000.00 元）不能低于下限（6,000.00 元）",
        "第4行：用语不得发布：“湖北籍勿扰”（疫情地区，N17）",
        "第5行：急聘：只有重点企业",
        "第6行：登记库中没有统一社会信用代码为“91110105000000000X”的用人单位；没有名为“火星”的街乡",
    )
    assert "第2行" not in page


def test_a_file_that_is_not_excel_is_refused(client, street_staff, imported):
    client.force_login(street_staff)
    page = imported(SimpleUploadedFile("a.xlsx", b"not excel"))
    assert "导入失败：已停止" in page
    assert "无法读取文件" in page
    assert "本次未导入任何岗位；请改正后重新上传。" in page


@pytest.mark.parametrize("persona", ["plain_owner", "reviewer"])
def test_only_street_staff_import(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("jobs:import")).status_code == 403
    assert client.get(reverse("jobs:import_template")).status_code == 403


def test_staff_see_counts_per_street(client, street_staff, reviewer, plain_owner, key_owner):
    from .conftest import make_post

    make_post(plain_owner, openings=3)
    make_post(key_owner, openings=400, urgent=True)
    client.force_login(reviewer)
    page = client.get(reverse("jobs:street_counts")).content.decode()
    assert '<th scope="row">孙河地区</th><td class="num">2</td><td class="num">403</td><td class="num">1</td>' in page
    client.force_login(plain_owner)
    assert client.get(reverse("jobs:street_counts")).status_code == 403


def test_a_street_imports_only_its_own_streets_vacancies(client, street_staff, plain_firm, imported):
    """Issue 8, finding 4: 孙河's staff imported posts of a firm registered elsewhere for a
    workplace elsewhere. The whole file is refused; nothing is saved."""
    client.force_login(street_staff)
    upload = workbook([row(plain_firm, title="理货员", street="孙河"), row(plain_firm, title="收银员")])
    page = imported(upload)
    assert "未导入：街乡只能代发本街乡的岗位：北京丙丁贸易有限公司不在孙河登记，工作地点也不在孙河" in page
    assert JobPost.objects.count() == 0


def test_only_the_uploader_and_administrators_see_a_jobs_result(client, street_staff, key_firm, reviewer, imported):
    client.force_login(street_staff)
    imported(workbook([row(key_firm, street="孙河")]))
    job = ImportJob.objects.get()
    assert (job.status, job.created, job.created_by) == (ImportJob.Status.DONE, 1, street_staff)
    url = f"/jobs/import/{job.pk}/"
    other_street = make_user("jiexiang_wj", Role.STREET, street=street_staff.street)
    administrator = make_user("admin", Role.ADMIN)
    for persona, status in [(other_street, 404), (reviewer, 404), (administrator, 200)]:
        client.force_login(persona)
        assert client.get(url).status_code == status, persona
    client.logout()
    assert client.get(url).status_code == 302  # to sign in


def test_the_result_page_answers_htmx_with_its_part_and_lists_recent_jobs(client, street_staff, key_firm, imported):
    client.force_login(street_staff)
    imported(workbook([row(key_firm, street="孙河")]))
    job = ImportJob.objects.get()
    part = client.get(f"/jobs/import/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert part.lstrip().startswith('<section id="import-job"')
    assert "hx-get" not in part  # finished: no more polling
    page = client.get(reverse("jobs:import")).content.decode()
    assert f'<a href="/jobs/import/{job.pk}/">2020-06-01 ' in page
    assert '<td>岗位.xlsx</td><td>已完成</td><td class="num">1</td>' in page
