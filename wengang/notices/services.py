"""Writes of 复工返岗指引: save a notice (rich text sanitised) with an optional PDF attachment, in one
transaction: a bad attachment saves nothing."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from wengang.accounts.models import User
from wengang.subsidies.services.materials import MEGABYTE, MaterialError, check_pdf, conventional_name, store_pdf

from .models import Notice, NoticeAttachment
from .sanitize import clean_html, plain_text

MAX_PAGES, MAX_MEGABYTES = 50, 10


def notice_save(
    *,
    notice: Notice | None,
    author: User,
    kind: str,
    title: str,
    body: str,
    publish_on: dt.date,
    expires_on: dt.date | None,
    withdrawn: bool = False,
    attachment: UploadedFile | None = None,
) -> Notice:
    """Create or update a notice. Refused (``MaterialError``) when the body has no text left after
    cleaning, the dates are reversed, or the attachment is no acceptable PDF."""
    cleaned = clean_html(body)
    if not plain_text(cleaned):
        raise MaterialError("正文不能为空（只允许段落、加粗、列表、小标题和链接等简单格式）")
    if expires_on is not None and expires_on < publish_on:
        raise MaterialError(f"有效期至 {expires_on.isoformat()} 早于发布日期 {publish_on.isoformat()}")
    pdf = data = None
    if attachment is not None:
        if attachment.size is not None and attachment.size > MAX_MEGABYTES * MEGABYTE:
            raise MaterialError(f"附件超过 {MAX_MEGABYTES} MB，请压缩后上传")
        attachment.seek(0)
        data = attachment.read(MAX_MEGABYTES * MEGABYTE + 1)
        pdf = check_pdf(data, max_pages=MAX_PAGES, max_megabytes=MAX_MEGABYTES)
    with transaction.atomic():
        record = notice or Notice(author=author)
        record.kind, record.title, record.body = kind, title, cleaned
        record.publish_on, record.expires_on, record.withdrawn = publish_on, expires_on, withdrawn
        record.save()
        if pdf is not None and data is not None and not record.attachments.filter(sha256=pdf.sha256).exists():
            stem = (attachment.name or "附件").rsplit(".", 1)[0] if attachment is not None else "附件"
            store_pdf(
                NoticeAttachment(notice=record), check=pdf, data=data,
                original_name=attachment.name or "" if attachment is not None else "",
                display_name=conventional_name(title, stem),
            )
    return record
