"""The e-mail route (D1): import e-mails sent to the intake mailboxes into permit cases.

The notice lets applicants e-mail their PDFs to two mailboxes (one for labour dispatch, one for
special working hours; each ``PermitType`` names its mailbox, so they are data). An e-mail is read
from an ``.eml`` file or a Maildir, and:

1. is imported once: the Message-ID plus the SHA-256 of its content (without a Message-ID, of the
   raw message) is the key, so two different e-mails sharing a Message-ID are both imported;
2. names its organisation by the sender's address (``OrganisationEmail``) or by the unit name
   before the "+" of the subject or an attachment's file name (单位名称+业务名称);
3. names its business by the permit type's name in the subject or a file name;
4. carries PDFs only, each checked by content; otherwise the whole e-mail is refused.

PDFs are found in nested parts and in forwarded messages (``message/rfc822``). Accepted PDFs go to
the organisation's open case of that type (a new one when there is none). A reply (the case and
what happens next, or why the e-mail was refused) goes only to a sender address already known for
the organisation or its cases, never to a stranger or a forged sender. E-mails that cannot be
matched wait in the staff's list with the reason; one that cannot be read at all is recorded as
failed and does not stop the others.
"""

from __future__ import annotations

import email
import email.header
import email.policy
import email.utils
import hashlib
import logging
import mailbox
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from wengang import clock
from wengang.registry.models import Organisation
from wengang.subsidies.services.materials import MaterialError, check_pdf

from .models import OrganisationEmail, PermitCase, PermitEmail, PermitType
from .notifications import WHAT_NEXT, case_summary
from .services import MAX_MEGABYTES, MAX_PAGES, open_case, permit_case_create, permit_material_attach

logger = logging.getLogger(__name__)


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


# ---- reading a message defensively -----------------------------------------------------------
# The header parser of ``email.policy.default`` raises on some malformed headers (``From: "``,
# ``<foo@[bar``), so headers are read raw and decoded here: RFC 2047 words by their charset, raw
# 8-bit text as UTF-8 and else GB18030 (mail clients in China send GBK unlabelled); GB2312 and GBK
# labels are read as GB18030, their superset. NUL characters are dropped everywhere.

#: the RFC 5321 limit; a longer "address" is not one
MAX_ADDRESS = 254
GB_CHARSETS = {"gb2312", "gbk", "gb18030", "x-gbk", "euc-cn", "cp936", "hz-gb-2312"}


def clean_text(text: str, limit: int | None = None) -> str:
    """Text safe to store: no NUL or other control characters except tab and line breaks, cut to ``limit``."""
    text = "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 32).strip()
    return text[:limit] if limit is not None else text


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Bytes of a header or file name: the labelled charset (GB* as GB18030), else UTF-8, else GB18030."""
    tried = []
    if charset:
        label = charset.strip().lower()
        tried.append("gb18030" if label in GB_CHARSETS else label)
    tried += ["utf-8", "gb18030"]
    for name in tried:
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def decode_header_value(value: str) -> str:
    """A raw header value as text (see above); never raises."""
    raw = value.encode("utf-8", errors="surrogateescape")
    try:
        text = decode_bytes(raw)
        decoded = "".join(
            decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk
            for chunk, charset in email.header.decode_header(text)
        )
    except Exception:  # a malformed encoded word: keep the text as it came
        decoded = decode_bytes(raw)
    return clean_text(" ".join(decoded.split()))


def _raw_headers(message: Message, name: str) -> list[str]:
    wanted = name.lower()
    return [decode_header_value(str(v)) for k, v in message.raw_items() if k.lower() == wanted]


def _header(message: Message, name: str) -> str:
    values = _raw_headers(message, name)
    return values[0] if values else ""


def valid_address(address: str) -> bool:
    if not address or len(address) > MAX_ADDRESS:
        return False
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def _addresses(message: Message, *headers: str) -> list[str]:
    """The valid addresses in these headers, lower-cased; malformed ones are left out."""
    values = [v for h in headers for v in _raw_headers(message, h)]
    try:
        pairs = email.utils.getaddresses(values)
    except Exception:  # the address parser raises on some malformed input
        return []
    out = []
    for _, addr in pairs:
        addr = addr.strip().lower()
        if valid_address(addr):
            out.append(addr)
    return out


@dataclass(frozen=True)
class _Attachment:
    filename: str
    data: bytes


def _filename(part: Message) -> str:
    """The attachment's file name from Content-Disposition or Content-Type, decoded like a header."""
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        try:
            value = part.get_param(param, header=header)
        except Exception:
            continue
        if not value:
            continue
        if isinstance(value, tuple):  # RFC 2231: (charset, language, text)
            charset, _, text = value
            name = decode_bytes(email.utils.unquote(str(text)).encode("latin-1", errors="surrogateescape"), charset)
        else:
            name = decode_header_value(email.utils.unquote(str(value)))
        name = clean_text(name, 200)
        if name:
            return name
    return ""


def _parts(message: Message) -> Iterator[Message]:
    """Every leaf part, nested multiparts and forwarded messages (``message/rfc822``) included."""
    for part in message.walk():
        if not part.is_multipart():
            yield part


def _forwarded_subjects(message: Message) -> list[str]:
    subjects = []
    for part in message.walk():
        if part.get_content_type() == "message/rfc822":
            for inner in part.get_payload() or []:
                if isinstance(inner, Message):
                    subjects.append(_header(inner, "Subject"))
    return [s for s in subjects if s]


def _attachments(message: Message) -> list[_Attachment]:
    """Parts that are files: a file name, a PDF, or ``Content-Disposition: attachment``; the text
    and HTML bodies of the message (and of forwarded ones) are not."""
    found = []
    for part in _parts(message):
        name = _filename(part)
        kind = part.get_content_type()
        disposition = part.get_content_disposition() or ""
        if not name and kind != "application/pdf" and disposition != "attachment":
            continue
        if not name and kind.startswith("text/") and disposition != "attachment":
            continue
        payload = part.get_payload(decode=True)
        found.append(_Attachment(name or "附件", payload if isinstance(payload, bytes) else b""))
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


def known_addresses(organisation: Organisation) -> set[str]:
    """Where replies about this organisation may go: its registered addresses and the contact
    addresses of its permit cases. Any other sender may be a stranger or a forged ``From:``."""
    registered = OrganisationEmail.objects.filter(organisation=organisation).values_list("email", flat=True)
    contacts = PermitCase.objects.filter(organisation=organisation).exclude(contact_email="")
    return {a.lower() for a in registered} | {a.lower() for a in contacts.values_list("contact_email", flat=True)}


def _body_bytes(raw: bytes) -> bytes:
    """The message after its header block, line endings normalised: the same e-mail read from a
    Maildir and from an .eml file differs in delivery headers and line endings, not here."""
    normal = raw.replace(b"\r\n", b"\n")
    _head, _blank, body = normal.partition(b"\n\n")
    return body


def dedup_key(message_id: str, raw: bytes) -> str:
    """The Message-ID plus a hash of the content: two different e-mails sharing a Message-ID
    (a client reusing one, a resend with other attachments) are both imported."""
    digest = hashlib.sha256(_body_bytes(raw)).hexdigest()
    return f"{message_id[:180]} sha256:{digest}" if message_id else "sha256:" + hashlib.sha256(raw).hexdigest()


def import_message(raw: bytes) -> ImportResult:
    """Import one e-mail (see the module docstring). Importing it again changes nothing.

    Runs in its own transaction; an unexpected failure leaves nothing of this e-mail but a
    ``failed`` record with the reason (see :func:`import_permit_emails`).
    """
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    message_id = _header(message, "Message-ID")
    key = dedup_key(message_id, raw)
    existing = PermitEmail.objects.filter(dedup_key=key).first()
    if existing is not None and existing.outcome != PermitEmail.Outcome.FAILED:
        return ImportResult(key, "duplicate", existing.reason, existing.case)

    senders = _addresses(message, "From")
    sender = senders[0] if senders else ""
    recipients = _addresses(message, "To", "Cc", "Delivered-To", "X-Original-To")
    subject = _header(message, "Subject")
    attachments = _attachments(message)
    sent_at = None
    sent = _header(message, "Date")
    if sent:
        try:
            sent_at = email.utils.parsedate_to_datetime(sent)
        except (TypeError, ValueError, IndexError):
            sent_at = None
    if sent_at is not None and timezone.is_naive(sent_at):
        sent_at = timezone.make_aware(sent_at)
    record = PermitEmail(
        dedup_key=key,
        message_id=clean_text(message_id, 255),
        sender=sender or clean_text(_header(message, "From"), 255),
        recipients=", ".join(recipients)[:500],
        subject=clean_text(subject, 255),
        sent_at=sent_at,
        attachment_names=[a.filename for a in attachments],
    )
    labels = [subject, *_forwarded_subjects(message)] + [a.filename for a in attachments]
    #: addresses known for the firm and its cases before this e-mail (a new case's contact does not count)
    known: set[str] = set()

    def finish(outcome: str, reason: str, case: PermitCase | None = None, reply: str = "") -> ImportResult:
        record.outcome, record.reason, record.case = outcome, reason, case
        record.organisation = case.organisation if case else record.organisation
        # replies go only to an address known for the firm or its cases: never to a stranger
        to = sender if sender and sender in known else ""
        if reply and to:
            record.reply_sent_at = clock.now()
        record.save()
        if reply and to:
            transaction.on_commit(lambda: _reply(to, record.subject, reply))
        return ImportResult(key, outcome, reason, case)

    with transaction.atomic():
        if existing is not None:  # an earlier run failed on this e-mail: try again
            existing.delete()
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
        known.update(known_addresses(organisation))
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
                # status messages go to the contact address: only one known for the firm
                contact_email=sender if sender in known else "",
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


def _failed(raw: bytes, err: Exception) -> ImportResult:
    """Record an e-mail whose import failed, so staff see it and a rerun tries it again."""
    try:
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
        message_id = _header(message, "Message-ID")
        subject, sender = _header(message, "Subject"), _header(message, "From")
    except Exception:
        message_id = subject = sender = ""
    key = dedup_key(message_id, raw)
    reason = f"邮件格式异常，未能自动导入（{type(err).__name__}），请查看原始邮件后人工处理"
    try:
        with transaction.atomic():
            PermitEmail.objects.filter(dedup_key=key).delete()
            PermitEmail.objects.create(
                dedup_key=key,
                message_id=clean_text(message_id, 255),
                sender=clean_text(sender, 255),
                subject=clean_text(subject, 255),
                outcome=PermitEmail.Outcome.FAILED,
                reason=reason,
            )
    except Exception:
        logger.exception("could not record the failed import of e-mail %s", key)
    return ImportResult(key, PermitEmail.Outcome.FAILED, reason)


def import_permit_emails(path: Path | str) -> list[ImportResult]:
    """Import every e-mail at ``path`` (``.eml`` file, folder of ``.eml`` files, or Maildir).

    Each e-mail is its own transaction: one that fails is rolled back, recorded as ``failed`` with
    its reason, and the run goes on with the next.
    """
    results = []
    for raw in read_messages(Path(path)):
        try:
            with transaction.atomic():
                results.append(import_message(raw))
        except Exception as err:  # untrusted input: one bad e-mail must not stop the others
            logger.exception("importing a permit e-mail failed")
            results.append(_failed(raw, err))
    return results
