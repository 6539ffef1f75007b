"""Uploaded materials: PDFs checked by their content, stored once per checksum and item.

A file is accepted when its bytes are a PDF that pypdf can parse, it is not encrypted, and it stays
within the checklist item's page and size limits. What the user named it does not matter: a text
file renamed ``x.pdf`` is refused. Accepted files get the notice's conventional name
``单位名称+材料名称.pdf`` (附件2: 文件名按照“单位名称+业务名称”进行命名).
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from wengang.accounts.models import User

from ..models import Application, Material, MaterialMark, MaterialRequirement

MEGABYTE = 1024 * 1024
#: a PDF starts with "%PDF-"; readers tolerate junk before it within the first kilobyte, but we
#: accept only white space there: HTML before the header is an HTML+PDF polyglot (issue 8)
HEADER_WINDOW = 1024
#: what a browser sniffing the first kilobyte would take for a web page
HTML_MARKERS = re.compile(rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|object|embed|img|a\s)", re.IGNORECASE)
#: action types that run code or programs when a PDF is opened or clicked (ISO 32000 §12.6.4)
ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/Rendition", "/RichMediaExecute"})
#: keys that carry JavaScript (an action's /JS, the document's /JavaScript name tree)
ACTIVE_KEYS = frozenset({"/JS", "/JavaScript"})
#: objects visited at most when looking for actions; a file with more is refused as too complex
MAX_OBJECTS = 200_000
UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


class MaterialError(Exception):
    """An upload that cannot be accepted; the message says why, in Chinese."""


@dataclass(frozen=True)
class PdfCheck:
    pages: int
    size: int
    sha256: str


def _megabytes(size: int) -> str:
    return f"{size / MEGABYTE:.1f}"


def check_pdf(data: bytes, *, max_pages: int, max_megabytes: int) -> PdfCheck:
    """The page count, size and checksum of an acceptable PDF; :class:`MaterialError` otherwise."""
    size = len(data)
    if size == 0:
        raise MaterialError("文件是空的，请重新选择文件")
    if size > max_megabytes * MEGABYTE:
        raise MaterialError(
            f"文件大小 {_megabytes(size)} MB，超过该项材料的上限 {max_megabytes} MB，请压缩或拆分后上传"
        )
    start = data.find(b"%PDF-", 0, HEADER_WINDOW)
    if start < 0:
        raise MaterialError("文件内容不是PDF格式（仅修改扩展名无效），请上传PDF文件")
    if data[:start].strip(b" \t\r\n\x00\xef\xbb\xbf") or HTML_MARKERS.search(data[:HEADER_WINDOW]):
        raise MaterialError("文件开头含有网页代码，不是单纯的PDF文件，请用PDF软件重新导出后上传")
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted or "/Encrypt" in reader.trailer
    except Exception as err:  # untrusted input: any parser failure means the file is unreadable
        raise MaterialError("PDF文件已损坏或格式不正确，无法读取，请重新导出后上传") from err
    if encrypted:
        raise MaterialError("PDF文件已加密或设置了密码，请上传未加密的文件")
    try:
        pages = len(reader.pages)
        for page in reader.pages:
            page.mediabox  # noqa: B018 - reading each page's box proves the page tree is sound
    except Exception as err:
        raise MaterialError("PDF文件已损坏或格式不正确，无法读取，请重新导出后上传") from err
    active = active_content(reader)
    if active is not None:
        raise MaterialError(active)
    if pages == 0:
        raise MaterialError("PDF文件没有页面")
    if pages > max_pages:
        raise MaterialError(f"文件共 {pages} 页，超过该项材料的上限 {max_pages} 页，请精简或拆分后上传")
    return PdfCheck(pages=pages, size=size, sha256=hashlib.sha256(data).hexdigest())


def read_pdf(upload: UploadedFile, *, max_pages: int, max_megabytes: int) -> tuple[bytes, PdfCheck]:
    """An uploaded PDF's bytes and :func:`check_pdf`'s answer on them. A file whose declared size is
    over the limit is refused before it is read, and no more than one byte past the limit is read."""
    if upload.size is not None and upload.size > max_megabytes * MEGABYTE:
        raise MaterialError(f"文件超过 {max_megabytes} MB，请压缩或拆分后上传")
    upload.seek(0)
    data = upload.read(max_megabytes * MEGABYTE + 1)
    return data, check_pdf(data, max_pages=max_pages, max_megabytes=max_megabytes)


def active_content(reader: PdfReader) -> str | None:
    """Why the PDF must be refused for active content (JavaScript, launching programs), in
    Chinese, or None. Walks every object reachable from the trailer, once each; names are
    compared decoded (pypdf turns ``/J#61vaScript`` into ``/JavaScript``)."""
    seen: set[tuple[int, int]] = set()
    stack: list[object] = [reader.trailer]
    try:
        while stack:
            item = stack.pop()
            if isinstance(item, IndirectObject):
                key = (item.idnum, item.generation)
                if key in seen:
                    continue
                seen.add(key)
                if len(seen) > MAX_OBJECTS:
                    return "PDF文件结构过于复杂，无法检查，请重新导出后上传"
                item = item.get_object()
            if isinstance(item, dict):
                for name, value in item.items():
                    if name in ACTIVE_KEYS or (name == "/S" and isinstance(value, str) and value in ACTIVE_ACTIONS):
                        return "PDF文件含有脚本或启动程序等动作（JavaScript、Launch），出于安全考虑不能接收，请打印为PDF或重新导出后上传"
                    stack.append(value)
            elif isinstance(item, list):
                stack.extend(item)
    except Exception:  # untrusted input: a broken reference is a broken file
        return "PDF文件已损坏或格式不正确，无法读取，请重新导出后上传"
    return None


def conventional_name(organisation_name: str, requirement_name: str) -> str:
    """``单位名称+材料名称.pdf`` with characters that file systems refuse removed."""
    name = UNSAFE_NAME.sub("", f"{organisation_name}+{requirement_name}").strip() or "材料"
    return f"{name}.pdf"


def store_pdf(material: Any, *, check: PdfCheck, data: bytes, original_name: str, display_name: str) -> None:
    """Save a checked PDF into a material row (any ``cases.fields.StoredPdf`` table) and the row;
    the file is removed again when the row cannot be saved. Runs in the caller's transaction."""
    material.original_name = original_name[:255]
    material.display_name = display_name[:255]
    material.sha256, material.pages, material.size = check.sha256, check.pages, check.size
    material.file.save(f"{check.sha256[:16]}.pdf", ContentFile(data), save=False)
    saved = material.file.name
    try:
        material.save()
    except Exception:
        material.file.storage.delete(saved)
        raise


@dataclass(frozen=True)
class Attached:
    material: Material
    #: False when the same file was already attached to this item and nothing new was stored
    created: bool


def material_attach(
    *, application: Application, requirement: MaterialRequirement, upload: UploadedFile, user: User
) -> Attached:
    """Check an uploaded PDF and store it for one checklist item of an application.

    The same bytes (same SHA-256) already attached to the same item are not stored again; the
    existing material is returned with ``created=False``.
    """
    if requirement.subsidy_type_id != application.subsidy_type_id:
        raise MaterialError("该材料不属于本项补贴的材料清单")
    limit = requirement.max_megabytes * MEGABYTE
    if upload.size is not None and upload.size > limit:
        raise MaterialError(
            f"文件大小 {_megabytes(upload.size)} MB，超过该项材料的上限 {requirement.max_megabytes} MB，请压缩或拆分后上传"
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    check = check_pdf(data, max_pages=requirement.max_pages, max_megabytes=requirement.max_megabytes)
    with transaction.atomic():
        # serialise uploads to one application, so two identical files cannot both be stored
        Application.objects.select_for_update().filter(pk=application.pk).first()
        existing = Material.objects.filter(
            application=application, requirement=requirement, sha256=check.sha256
        ).first()
        if existing is not None:
            return Attached(existing, created=False)
        base = conventional_name(application.organisation.name, requirement.name)
        count = Material.objects.filter(application=application, requirement=requirement).count()
        display = base if count == 0 else f"{base[:-4]}（{count + 1}）.pdf"
        material = Material(application=application, requirement=requirement, uploaded_by=user)
        store_pdf(material, check=check, data=data, original_name=upload.name or "", display_name=display)
        # a new file for the item answers the reviewer's 需补正 mark: the reviewer looks again
        Material.objects.filter(application=application, requirement=requirement, mark=MaterialMark.RESUPPLY).update(
            mark=MaterialMark.NONE, mark_note="", marked_by=None, marked_at=None
        )
    return Attached(material, created=True)


def material_remove(*, material: Material) -> None:
    """Delete a material and its file (only while the application is editable; the view checks)."""
    file = material.file
    with transaction.atomic():
        material.delete()
        transaction.on_commit(lambda: file.delete(save=False))
