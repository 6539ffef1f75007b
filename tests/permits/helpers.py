"""E-mails as they arrive at the intake mailboxes, built with the standard library; a case taken
through the checks before the decision."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from tests.factories import pdf_bytes
from wengang.accounts.models import User
from wengang.permits.models import PermitCase
from wengang.permits.services import permit_act, permit_paper_check, permit_submit

ALL_TICKED = dict.fromkeys(PermitCase.PAPER_FIELDS, True)


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


def checked_on_site(case: PermitCase, officer: User, inspectors: str = "甲、乙", result: str = "合格") -> PermitCase:
    """A submitted case through the electronic and paper checks and a passed on-site check on
    2020-03-10: ready for the decision."""
    permit_act(case=case, action="e_approve", actor=officer)
    permit_paper_check(case=case, actor=officer, checks=ALL_TICKED)
    onsite = {"onsite_date": dt.date(2020, 3, 10), "onsite_inspectors": inspectors}
    permit_act(case=case, action="schedule", actor=officer, data=onsite)
    permit_act(case=case, action="onsite", actor=officer, data={"onsite_result": result, "onsite_passed": True})
    return case


def inspected(owner, officer, permit_type, inspectors="李审核、张核查") -> PermitCase:
    """A case submitted and taken through every check: ready to decide."""
    case = permit_submit(user=owner, permit_type=permit_type, data=pdf_bytes(1), original_name="a.pdf")
    return checked_on_site(case, officer, inspectors)


def granted(owner, officer, permit_type, number="京朝人社派许字〔2020〕第012号") -> PermitCase:
    case = inspected(owner, officer, permit_type)
    permit_act(
        case=case,
        action="approve",
        actor=officer,
        data={"permit_number": number, "valid_from": dt.date(2020, 3, 12), "valid_to": dt.date(2023, 3, 11)},
    )
    return case
