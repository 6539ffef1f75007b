"""Uploads are PDFs by content: parsed, not encrypted, within the item's page and size limits."""

from __future__ import annotations

import hashlib

import pytest

from tests.factories import pdf_bytes, pdf_upload
from wengang.subsidies.models import Material, MaterialRequirement

from .helpers import html, start


@pytest.fixture
def draft(owner):
    return start(owner)


@pytest.fixture
def item(draft) -> MaterialRequirement:
    return draft.subsidy_type.requirements.get(name="社会保险费缴费凭证")


def upload(client, draft, item, file):
    return client.post(f"/hall/apply/{draft.pk}/materials/{item.pk}/", {f"m{item.pk}-file": file})


def test_it_stores_a_pdf_under_the_conventional_name(owner_client, draft, item):
    data = pdf_bytes(pages=3)
    r = upload(owner_client, draft, item, pdf_upload("scan_001.pdf", data))
    assert r.status_code == 302
    material = Material.objects.get()
    assert material.display_name == "北京甲乙科技有限公司+社会保险费缴费凭证.pdf"
    assert material.original_name == "scan_001.pdf"
    assert material.sha256 == hashlib.sha256(data).hexdigest()
    assert (material.pages, material.size) == (3, len(data))
    assert material.file.read() == data


def test_it_does_not_store_the_same_file_twice(owner_client, draft, item):
    data = pdf_bytes(pages=2)
    upload(owner_client, draft, item, pdf_upload("a.pdf", data))
    r = upload(owner_client, draft, item, pdf_upload("copy of a.pdf", data))
    assert r.status_code == 302
    assert Material.objects.count() == 1
    page = html(owner_client.get(r["Location"]))
    assert "该文件已上传过" in page


def test_a_second_different_file_gets_a_numbered_name(owner_client, draft, item):
    upload(owner_client, draft, item, pdf_upload(data=pdf_bytes(1)))
    upload(owner_client, draft, item, pdf_upload(data=pdf_bytes(2)))
    names = sorted(Material.objects.values_list("display_name", flat=True))
    assert names == ["北京甲乙科技有限公司+社会保险费缴费凭证.pdf", "北京甲乙科技有限公司+社会保险费缴费凭证（2）.pdf"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"This is a plain text file, renamed to .pdf\n" * 20, "文件内容不是PDF格式"),
        (pdf_bytes(3)[:300], "PDF文件已损坏或格式不正确"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a pdf body", "PDF文件已损坏或格式不正确"),
        (pdf_bytes(1, password="x"), "PDF文件已加密或设置了密码"),
        (pdf_bytes(1, password="", owner_password="owner"), "PDF文件已加密或设置了密码"),
        (b"", "文件是空的"),
    ],
    ids=["not-a-pdf", "truncated", "malformed", "encrypted", "owner-password-only", "empty"],
)
def test_it_refuses_a_bad_file_with_its_reason(owner_client, draft, item, data, reason):
    r = upload(owner_client, draft, item, pdf_upload("看起来是.pdf", data))
    assert r.status_code == 200
    page = html(r)
    assert reason in page
    assert 'role="alert"' in page
    assert 'aria-invalid="true"' in page
    assert not Material.objects.exists()


def test_it_refuses_too_many_pages(owner_client, draft, item):
    item.max_pages = 2
    item.save()
    r = upload(owner_client, draft, item, pdf_upload(data=pdf_bytes(3)))
    assert "文件共 3 页，超过该项材料的上限 2 页" in html(r)
    assert not Material.objects.exists()


def test_it_refuses_an_oversized_file(owner_client, draft, item):
    item.max_megabytes = 1
    item.save()
    big = pdf_bytes(1) + b"%" + b"0" * (1024 * 1024)
    r = upload(owner_client, draft, item, pdf_upload(data=big))
    assert "超过该项材料的上限 1 MB" in html(r)
    assert not Material.objects.exists()


def test_the_applicant_downloads_a_material_under_its_conventional_name(owner_client, draft, item):
    upload(owner_client, draft, item, pdf_upload(data=pdf_bytes(1)))
    material = Material.objects.get()
    r = owner_client.get(f"/hall/apply/{draft.pk}/files/{material.pk}/")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert "attachment" in r["Content-Disposition"]
    assert b"".join(r.streaming_content).startswith(b"%PDF-")


def test_a_draft_material_can_be_deleted(owner_client, draft, item):
    upload(owner_client, draft, item, pdf_upload(data=pdf_bytes(1)))
    material = Material.objects.get()
    r = owner_client.post(f"/hall/apply/{draft.pk}/files/{material.pk}/delete/")
    assert r.status_code == 302
    assert not Material.objects.exists()


# ---- active content (issue 8, finding 20) -------------------------------------------------------


def _pdf_with(build) -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    build(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _open_action(kind: str):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    def build(writer):
        action = DictionaryObject({NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject(kind)})
        if kind == "/Launch":
            action[NameObject("/F")] = TextStringObject("cmd.exe")
        else:
            action[NameObject("/JS")] = TextStringObject("app.alert(1)")
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)

    return build


def _document_js(writer):
    from pypdf.actions import JavaScript

    writer.add_open_action(JavaScript("app.alert('x');"))


JS_DOC = _pdf_with(_document_js)
LAUNCH = _pdf_with(_open_action("/Launch"))
# the same action with its name written in #xx escapes, as an evader would
HIDDEN_JS = _pdf_with(_open_action("/JavaScript")).replace(b"/S /JavaScript", b"/S /J#61vaScript")
POLYGLOT = b"<html><body><script>alert(document.cookie)</script></body></html>\n" + pdf_bytes(1)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (JS_DOC, "PDF文件含有脚本或启动程序等动作"),
        (LAUNCH, "PDF文件含有脚本或启动程序等动作"),
        (HIDDEN_JS, "PDF文件含有脚本或启动程序等动作"),
        (POLYGLOT, "文件开头含有网页代码，不是单纯的PDF文件"),
    ],
    ids=["document-javascript", "launch-on-open", "escaped-name", "html-polyglot"],
)
def test_it_refuses_a_pdf_with_active_content(owner_client, draft, item, data, reason):
    r = upload(owner_client, draft, item, pdf_upload("扫描件.pdf", data))
    assert r.status_code == 200
    assert reason in html(r)
    assert not Material.objects.exists()


def test_a_download_is_an_attachment_never_sniffed_or_cached(owner_client, draft, item):
    upload(owner_client, draft, item, pdf_upload(data=pdf_bytes(1)))
    material = Material.objects.get()
    r = owner_client.get(f"/hall/apply/{draft.pk}/files/{material.pk}/")
    assert r["Content-Disposition"].startswith("attachment")
    assert r["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in r["Cache-Control"]
