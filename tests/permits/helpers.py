"""E-mails as they arrive at the intake mailboxes, built with the standard library."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from tests.factories import pdf_bytes


def eml(
    *,
    sender: str = "wang@acme.example",
    to: str = "cylwpqsq@126.com",
    subject: str = "北京甲乙人力资源有限公司+新申请劳务派遣行政许可",
    attachments: list[tuple[str, bytes, str]] | None = None,
    message_id: str | None = "",
) -> bytes:
    """An e-mail with PDF attachments (name, bytes, MIME type); message_id None leaves the header out."""
    message = EmailMessage()
    message["From"] = f"王经理 <{sender}>"
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(dt.datetime(2020, 3, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    if message_id is not None:
        message["Message-ID"] = message_id or make_msgid(domain="acme.example")
    message.set_content("您好，附件为我单位申请材料，请审核。")
    if attachments is None:
        attachments = [(f"{subject}.pdf", pdf_bytes(3), "application/pdf")]
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()
