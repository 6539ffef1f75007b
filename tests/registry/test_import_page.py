"""The upload page for registry extracts in the admin site (administrators only): the upload becomes
a background import job (run in-process here, as without a broker) and its result page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.accounts.factories import make_user
from wengang.accounts.models import Department, Role
from wengang.registry.models import ImportJob, Organisation

from .test_import import SAMPLE, sample_rows

pytestmark = pytest.mark.django_db

URL = "/admin/registry/organisation/import/"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def imported(client, django_capture_on_commit_callbacks):
    """Post an upload; the job runs when the request's transaction commits; the result page."""

    def post(name: str, content: bytes):
        with django_capture_on_commit_callbacks(execute=True):
            r = client.post(URL, {"file": upload(name, content), "as_of": "2020-04-30"})
        job = ImportJob.objects.get()
        assert r.status_code == 302 and r["Location"] == f"{URL}{job.pk}/"
        page = client.get(r["Location"])
        assert page.status_code == 200
        return page

    return post


def test_the_page_offers_the_upload(client, administrator):
    client.force_login(administrator)
    r = client.get(URL)
    assert r.status_code == 200
    text = r.content.decode()
    assert "上传登记数据" in text and 'type="file"' in text
    assert URL in client.get("/admin/registry/organisation/").content.decode()


def test_an_administrator_imports_a_file_and_sees_the_rejects(client, administrator, imported):
    header, rows = sample_rows()
    rows[4]["employees"] = "-3"
    lines = [",".join(header)] + [",".join(row[h] for h in header) for row in rows]
    client.force_login(administrator)
    text = imported("extract.csv", "\n".join(lines).encode()).content.decode()
    assert "新建 <strong>29</strong> 家，更新 <strong>0</strong> 家，拒收 <strong>1</strong> 行" in text
    assert "<td>5</td><td>6</td><td>从业人员</td><td><code>-3</code></td><td>不能为负数</td>" in text
    assert Organisation.objects.count() == 29


def test_it_refuses_other_file_types(client, administrator):
    client.force_login(administrator)
    r = client.post(URL, {"file": upload("extract.txt", SAMPLE.read_bytes()), "as_of": "2020-04-30"})
    assert "只能导入 .csv、.parquet 或 .xlsx 文件。" in r.content.decode()
    assert Organisation.objects.count() == 0


def test_it_reports_a_file_without_a_credit_code_column(client, administrator, imported):
    client.force_login(administrator)
    text = imported("extract.csv", "name,street\n某公司,望京\n".encode()).content.decode()
    assert "缺少必需的列：统一社会信用代码（uscc）" in text
    assert "本次未导入任何数据。" in text
    assert ImportJob.objects.get().status == "failed"


def test_staff_who_are_not_administrators_are_refused(client):
    clerk = make_user("clerk", Role.REVIEWER, is_staff=True, department=Department.objects.first())
    client.force_login(clerk)
    assert client.get(URL).status_code == 403
    r = client.post(URL, {"file": upload("extract.csv", SAMPLE.read_bytes()), "as_of": "2020-04-30"})
    assert r.status_code == 403
    assert Organisation.objects.count() == 0


def test_applicants_never_reach_the_page(client):
    user = make_user("acme", Role.ENTERPRISE)
    client.force_login(user)
    r = client.get(URL, follow=True)
    assert r.status_code == 403
    assert Organisation.objects.count() == 0


def test_an_html_page_named_xlsx_is_a_chinese_error_not_a_500(client, administrator, imported):
    # issue 8 (8): was an uncaught BadZipFile
    client.force_login(administrator)
    assert "文件不是 Excel（.xlsx）格式" in imported("extract.xlsx", b"<html>export</html>").content.decode()
    assert Organisation.objects.count() == 0


def test_a_gbk_csv_is_imported_and_the_page_says_how_it_was_read(client, administrator, imported):
    header, rows = sample_rows()
    lines = [",".join(header)] + [",".join(row[h] for h in header) for row in rows]
    client.force_login(administrator)
    text = imported("extract.csv", "\n".join(lines).encode("gbk")).content.decode()
    assert "新建 <strong>30</strong> 家" in text
    assert "已按 GBK（GB18030）编码读取" in text
    assert Organisation.objects.filter(name="北京新信资本管理有限公司").exists()
