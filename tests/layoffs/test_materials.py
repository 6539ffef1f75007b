"""The eight materials: PDFs checked by the service hall's checker, named 单位名称+材料名称."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wengang.layoffs import services
from wengang.subsidies.services.materials import MaterialError

from .factories import pdf


@pytest.fixture
def report(owner):
    return services.report_create(user=owner)


def test_a_pdf_gets_the_conventional_name(report, owner):
    material = services.report_attach(report=report, item=6, upload=pdf(), user=owner)
    assert material.display_name == "北京甲乙制造有限公司+（六）工会或者全体劳动者的意见.pdf"
    assert services.judge(report).result("L").conditions[7].status == "met"


def test_a_second_upload_replaces_the_first(report, owner):
    services.report_attach(report=report, item=1, upload=pdf("a"), user=owner)
    services.report_attach(report=report, item=1, upload=pdf("b"), user=owner)
    assert report.materials.count() == 1 and report.materials.get().original_name == "b.pdf"


def test_a_text_file_named_pdf_is_refused_on_the_page(client, report, owner):
    client.force_login(owner)
    response = client.post(
        reverse("layoffs:material_upload", args=[report.pk, 2]),
        {"m2-file": SimpleUploadedFile("说明.pdf", b"just text")},
    )
    assert response.status_code == 400
    assert "未上传：文件内容不是PDF格式（仅修改扩展名无效），请上传PDF文件" in response.content.decode()
    assert report.materials.count() == 0


def test_the_named_list_is_not_a_pdf_item(report, owner):
    with pytest.raises(MaterialError, match="被裁减人员名单请按模板上传 Excel"):
        services.report_attach(report=report, item=5, upload=pdf(), user=owner)


def test_a_post_without_a_file_is_refused_with_400(client, report, owner):
    client.force_login(owner)
    response = client.post(reverse("layoffs:material_upload", args=[report.pk, 2]), {})
    assert response.status_code == 400
    assert "请选择要上传的 PDF 文件" in response.content.decode()
