"""The upload page for registry extracts in the admin site (administrators only)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.accounts.factories import make_user
from wengang.accounts.models import Department, Role
from wengang.registry.models import Organisation

from .test_import import SAMPLE, sample_rows

pytestmark = pytest.mark.django_db

URL = "/admin/registry/organisation/import/"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_the_page_offers_the_upload(client, administrator):
    client.force_login(administrator)
    r = client.get(URL)
    assert r.status_code == 200
    text = r.content.decode()
    assert "上传登记数据" in text and 'type="file"' in text
    assert URL in client.get("/admin/registry/organisation/").content.decode()


def test_an_administrator_imports_a_file_and_sees_the_rejects(client, administrator):
    header, rows = sample_rows()
    rows[4]["employees"] = "-3"
    lines = [",".join(header)] + [",".join(row[h] for h in header) for row in rows]
    client.force_login(administrator)
    r = client.post(URL, {"file": upload("extract.csv", "\n".join(lines).encode()), "as_of": "2020-04-30"})
    assert r.status_code == 200
    text = r.content.decode()
    assert "新建 <strong>29</strong> 家，更新 <strong>0</strong> 家，拒收 <strong>1</strong> 行" in text
    assert "<td>5</td><td>6</td><td><code>employees</code></td><td><code>-3</code></td><td>不能为负数</td>" in text
    assert Organisation.objects.count() == 29


def test_it_refuses_other_file_types(client, administrator):
    client.force_login(administrator)
    r = client.post(URL, {"file": upload("extract.txt", SAMPLE.read_bytes()), "as_of": "2020-04-30"})
    assert "只能导入 .csv、.parquet 或 .xlsx 文件。" in r.content.decode()
    assert Organisation.objects.count() == 0


def test_it_reports_a_file_without_a_credit_code_column(client, administrator):
    client.force_login(administrator)
    r = client.post(URL, {"file": upload("extract.csv", "name,street\n某公司,望京\n".encode()), "as_of": "2020-04-30"})
    assert "缺少必需的列：uscc" in r.content.decode()


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


def test_an_html_page_named_xlsx_is_a_chinese_error_not_a_500(client, administrator):
    # issue 8 (8): was an uncaught BadZipFile
    client.force_login(administrator)
    r = client.post(URL, {"file": upload("extract.xlsx", b"<html>export</html>"), "as_of": "2020-04-30"})
    assert r.status_code == 200
    assert "文件不是 Excel（.xlsx）格式" in r.content.decode()
    assert Organisation.objects.count() == 0


def test_a_gbk_csv_is_imported_and_the_page_says_how_it_was_read(client, administrator):
    header, rows = sample_rows()
    lines = [",".join(header)] + [",".join(row[h] for h in header) for row in rows]
    client.force_login(administrator)
    r = client.post(URL, {"file": upload("extract.csv", "\n".join(lines).encode("gbk")), "as_of": "2020-04-30"})
    text = r.content.decode()
    assert "新建 <strong>30</strong> 家" in text
    assert "已按 GBK（GB18030）编码读取" in text
    assert Organisation.objects.filter(name="北京新信资本管理有限公司").exists()
