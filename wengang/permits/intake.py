"""The e-mail route (D1): import e-mails sent to the intake mailboxes into permit cases.

The notice lets applicants e-mail their PDFs to two mailboxes (one for labour dispatch, one for
special working hours; each ``PermitType`` names its mailbox, so they are data). An e-mail is read
from an ``.eml`` file or a Maildir, and:

1. is imported once: the Message-ID (or, without one, the SHA-256 of the raw message) is the key;
2. names its organisation by the sender's address (``OrganisationEmail``) or by the unit name
   before the "+" of the subject or an attachment's file name (单位名称+业务名称);
3. names its business by the permit type's name in the subject or a file name;
4. carries PDFs only, each checked by content; otherwise the whole e-mail is refused.

Accepted PDFs go to the organisation's open case of that type (a new one when there is none), and
the sender gets a reply quoting the case and what happens next. E-mails that cannot be matched wait
in the staff's list with the reason.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import hashlib
import mailbox
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from wengang.registry.models import Organisation
from wengang.subsidies.services.materials import MaterialError, check_pdf

from .models import OrganisationEmail, PermitCase, PermitEmail, PermitType
from .notifications import WHAT_NEXT, case_summary
from .services import MAX_MEGABYTES, MAX_PAGES, open_case, permit_case_create, permit_material_attach


@dataclass(frozen=True)
class ImportResult:
    key: str
    #: "attached", "unmatched", "refused", or "duplicate" when the e-mail was imported before
    outcome: str
    reason: str = ""
    case: PermitCase | None = None


def read_messages(path: Path) -> Iterator[bytes]:
    """The raw bytes of each message at ``path``: one ``.eml`` file, a folder of them, or a Maildir."""
    if path.is_file():
        yield path.read_bytes()
        return
    if not path.is_dir():
        raise FileNotFoundError(f"找不到邮件文件或目录：{path}")
    if (path / "cur").is_dir() and (path / "new").is_dir():
        box = mailbox.Maildir(str(path), factory=None, create=False)
        for key in sorted(box.keys()):
            yield box.get_bytes(key)
        return
    for file in sorted(path.glob("*.eml")):
        yield file.read_bytes()


def _addresses(message: EmailMessage, *headers: str) -> list[str]:
    values = [str(v) for h in headers for v in message.get_all(h, [])]
    return [addr.strip().lower() for _, addr in email.utils.getaddresses(values) if addr]


@dataclass(frozen=True)
class _Attachment:
    filename: str
    data: bytes


def _attachments(message: EmailMessage) -> list[_Attachment]:
    found = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        found.append(_Attachment(part.get_filename() or "附件", payload if isinstance(payload, bytes) else b""))
    return found


def _unit_and_business(text: str) -> tuple[str, str]:
    """``"某某公司+新申请劳务派遣行政许可.pdf"`` → ("某某公司", "新申请劳务派遣行政许可")."""
    stem = text.strip()
    if stem.lower().endswith(".pdf"):
        stem = stem[:-4]
    unit, plus, business = stem.replace("＋", "+").partition("+")
    return (unit.strip(), business.strip()) if plus else ("", stem)


def _organisation(sender: str, labels: list[str]) -> Organisation | None:
    known = OrganisationEmail.objects.select_related("organisation").filter(email=sender).first()
    if known is not None:
        return known.organisation
    for label in labels:
        unit, _ = _unit_and_business(label)
        if unit:
            match = Organisation.objects.filter(name=unit).first()
            if match is not None:
                return match
    return None


def _permit_type(types: list[PermitType], labels: list[str]) -> PermitType | None:
    named = {t for t in types for label in labels if t.name in label}
    return named.pop() if len(named) == 1 else None


def _reply(to: str, subject: str, body: str) -> None:
    if to:
        send_mail(f"回复：{subject}" if subject else "许可申请邮件处理结果", body, None, [to])


def import_message(raw: bytes) -> ImportResult:
    """Import one e-mail (see the module docstring). Importing it again changes nothing."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    message_id = str(message.get("Message-ID", "") or "").strip()
    key = message_id[:255] if message_id else "sha256:" + hashlib.sha256(raw).hexdigest()
    existing = PermitEmail.objects.filter(dedup_key=key).first()
    if existing is not None:
        return ImportResult(key, "duplicate", existing.reason, existing.case)

    senders = _addresses(message, "From")
    sender = senders[0] if senders else ""
    recipients = _addresses(message, "To", "Cc", "Delivered-To", "X-Original-To")
    subject = str(message.get("Subject", "") or "").strip()
    attachments = _attachments(message)
    sent = message.get("Date")
    sent_at = None
    if sent:
        try:
            sent_at = email.utils.parsedate_to_datetime(str(sent))
        except (TypeError, ValueError):
            sent_at = None
    if sent_at is not None and timezone.is_naive(sent_at):
        sent_at = timezone.make_aware(sent_at)
    record = PermitEmail(
        dedup_key=key,
        message_id=message_id[:255],
        sender=sender[:255],
        recipients=", ".join(recipients)[:500],
        subject=subject[:255],
        sent_at=sent_at,
        attachment_names=[a.filename for a in attachments],
    )
    labels = [subject] + [a.filename for a in attachments]

    def finish(outcome: str, reason: str, case: PermitCase | None = None, reply: str = "") -> ImportResult:
        record.outcome, record.reason, record.case = outcome, reason, case
        record.organisation = case.organisation if case else record.organisation
        if reply and sender:
            record.reply_sent_at = timezone.now()
        record.save()
        if reply and sender:
            transaction.on_commit(lambda: _reply(sender, subject, reply))
        return ImportResult(key, outcome, reason, case)

    with transaction.atomic():
        types = list(PermitType.objects.filter(intake_mailbox__in=recipients, active=True))
        if not types:
            return finish(PermitEmail.Outcome.UNMATCHED, "收件人不是许可受理邮箱")
        organisation = _organisation(sender, labels)
        if organisation is None:
            reason = (
                f"无法识别申请单位：发件地址 {sender or '（无）'} 未登记，"
                "邮件主题和附件名中也没有已登记的单位名称（应为“单位名称+业务名称”）"
            )
            return finish(
                PermitEmail.Outcome.UNMATCHED, reason, reply=reason + "。请按要求命名后重新发送，或与劳动关系科联系。"
            )
        record.organisation = organisation
        permit_type = _permit_type(types, labels)
        if permit_type is None:
            names = "、".join(t.name for t in types)
            reason = f"无法识别申请事项：邮件主题或附件名应写明以下之一：{names}"
            return finish(PermitEmail.Outcome.UNMATCHED, reason, reply=reason + "。")
        if not attachments:
            reason = "邮件没有附件，请将申请材料以PDF附件发送"
            return finish(PermitEmail.Outcome.REFUSED, reason, reply=reason + "。")
        for attachment in attachments:
            try:
                check_pdf(attachment.data, max_pages=MAX_PAGES, max_megabytes=MAX_MEGABYTES)
            except MaterialError as err:
                reason = f"附件“{attachment.filename}”：{err}"
                return finish(
                    PermitEmail.Outcome.REFUSED,
                    reason,
                    reply=f"您发送的“{permit_type.name}”申请材料未被受理。\n原因：{reason}\n请将全部材料以PDF格式重新发送。",
                )
        case = open_case(organisation, permit_type)
        created = case is None
        if case is None:
            case = permit_case_create(
                organisation=organisation,
                permit_type=permit_type,
                actor=None,
                channel=PermitCase.Channel.EMAIL,
                contact_email=sender,
            )
        record.outcome = PermitEmail.Outcome.ATTACHED
        record.case = case
        record.save()
        for attachment in attachments:
            permit_material_attach(
                case=case, data=attachment.data, original_name=attachment.filename, actor=None, email=record
            )
        case.refresh_from_db()
        reply = (
            ("已收到您的申请，并登记为新案件。" if created else "已收到您补充的材料，已归入原案件。")
            + f"\n\n{case_summary(case)}\n\n下一步："
            + WHAT_NEXT.get(case.status, "")  # type: ignore[call-overload]
        )
        return finish(PermitEmail.Outcome.ATTACHED, "", case, reply=reply)


def import_permit_emails(path: Path | str) -> list[ImportResult]:
    """Import every e-mail at ``path`` (``.eml`` file, folder of ``.eml`` files, or Maildir)."""
    return [import_message(raw) for raw in read_messages(Path(path))]
