"""Registry import jobs: progress on the job row, the result page polled with htmx until done, and a
failure that leaves nothing half-imported."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from tests.accounts.factories import make_user
from wengang.accounts.models import Department, Role
from wengang.imports import import_job_run
from wengang.registry.models import ImportJob, Organisation

from .test_import import SAMPLE

pytestmark = pytest.mark.django_db

URL = "/admin/registry/organisation/import/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def queued(administrator, content: bytes, name: str = "extract.csv") -> ImportJob:
    job = ImportJob(as_of=dt.date(2020, 4, 30), original_name=name, created_by=administrator)
    job.file.save(name, ContentFile(content), save=False)
    job.save()
    return job


def test_a_job_reports_each_step_and_ends_with_its_counts(administrator, monkeypatch):
    job = queued(administrator, SAMPLE.read_bytes())
    seen: list[tuple[str, int, str]] = []  # the row as each later step finds it
    original = ImportJob.objects.filter

    def spy(*args, **kwargs):
        if ImportJob.objects.get(pk=job.pk).status == "running":
            row = ImportJob.objects.get(pk=job.pk)
            seen.append((row.status, row.progress, row.stage))
        return original(*args, **kwargs)

    monkeypatch.setattr(ImportJob.objects, "filter", spy)
    done = import_job_run(job.pk)

    assert seen == [("running", 10, "读取文件"), ("running", 30, "逐行校验"), ("running", 60, "写入单位登记数据")]
    assert (done.status, done.progress, done.stage) == ("done", 100, "已完成")
    assert (done.created, done.updated, done.rejected, done.rejects, done.rejects_total) == (30, 0, 0, [], 0)
    assert done.finished_at is not None
    assert done.file.name == ""  # the upload is not kept once the job has run
    assert Organisation.objects.count() == 30


def test_a_failure_while_writing_imports_nothing(administrator, monkeypatch):
    job = queued(administrator, SAMPLE.read_bytes())

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    # the new organisations are written first; the failure comes after them
    monkeypatch.setattr(Organisation.objects, "bulk_update", broken)
    done = import_job_run(job.pk)

    assert done.status == "failed"
    assert done.error == "导入时发生系统错误，未导入任何数据；请稍后重试或联系运维人员。"
    assert done.stage == "已停止" and done.progress == 60
    assert Organisation.objects.count() == 0


def test_a_redelivered_task_does_not_import_twice(administrator):
    job = queued(administrator, SAMPLE.read_bytes())
    import_job_run(job.pk)
    again = import_job_run(job.pk)
    assert (again.status, again.created) == ("done", 30)
    assert Organisation.objects.count() == 30


def test_the_result_page_polls_until_the_job_is_done(client, administrator):
    job = queued(administrator, SAMPLE.read_bytes())
    client.force_login(administrator)

    waiting = client.get(f"{URL}{job.pk}/", HTTP_HX_REQUEST="true")
    text = waiting.content.decode()
    assert waiting.status_code == 200
    assert f'hx-get="{URL}{job.pk}/" hx-trigger="every 1s" hx-swap="outerHTML"' in text
    assert f'<progress id="import-progress-{job.pk}" max="100" value="0">0%</progress>' in text
    assert '<span role="status" aria-live="polite">排队中：等待开始（0%）</span>' in text
    assert "<html" not in text  # htmx gets the part only
    assert "HX-Request" in waiting["Vary"]

    import_job_run(job.pk)
    page = client.get(f"{URL}{job.pk}/").content.decode()
    assert "hx-trigger" not in page
    assert '<span role="status" aria-live="polite">已完成：已完成</span>' in page
    assert "新建 <strong>30</strong> 家，更新 <strong>0</strong> 家，拒收 <strong>0</strong> 行。" in page
    assert 'src="/static/vendor/htmx/htmx.min.js"' in page


def test_only_administrators_see_a_job(client, administrator):
    job = queued(administrator, SAMPLE.read_bytes())
    clerk = make_user("clerk", Role.REVIEWER, is_staff=True, department=Department.objects.first())
    client.force_login(clerk)
    assert client.get(f"{URL}{job.pk}/").status_code == 403
    client.force_login(administrator)
    assert client.get(f"{URL}{job.pk + 1}/").status_code == 404


def test_the_upload_page_lists_recent_jobs(client, administrator):
    job = queued(administrator, SAMPLE.read_bytes(), name="四月提取.csv")
    import_job_run(job.pk)
    client.force_login(administrator)
    text = client.get(URL).content.decode()
    assert f'<a href="{URL}{job.pk}/">' in text
    assert "<td>四月提取.csv</td><td>已完成</td><td>30</td><td>0</td><td>0</td>" in text
