"""文号, verification codes and the seal.

A number is ``{prefix}〔{year}〕第{sequence:04d}号`` (朝人社补〔2020〕第0001号): one sequence per
document type and year, drawn under a row lock on the year's counter. Each document also gets a
short random code printed on it; the public page answers only to the number together with the
code, so counting through the sequential numbers reveals nothing.
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import io
import re
import secrets
import unicodedata

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .models import DocumentCounter, DocumentType, IssuedDocument

#: no 0/O, 1/I/L: the code is read off paper and typed
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
SEAL_MAX_BYTES = 200 * 1024
SEAL_MAX_SIDE = 1200
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_OPEN = "〔[(【［（<《"
_CLOSE = "〕])】］）>》"
_NUMBER = re.compile(
    rf"^(?P<prefix>[^{re.escape(_OPEN)}]+)[{re.escape(_OPEN)}](?P<year>\d{{4}})[{re.escape(_CLOSE)}]第?(?P<seq>\d{{1,6}})号?$"
)


def format_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}〔{year}〕第{sequence:04d}号"


def parse_number(text: str) -> tuple[str, int, int] | None:
    """(prefix, year, sequence) from what a reader typed: full- or half-width brackets, 〔〕 [] ()
    【】, spaces anywhere, 第 and 号 optional, zero padding optional. None when it is no 文号."""
    cleaned = unicodedata.normalize("NFKC", text or "")
    cleaned = re.sub(r"\s+", "", cleaned)
    match = _NUMBER.match(cleaned)
    if not match:
        return None
    sequence = int(match["seq"])
    if sequence == 0:
        return None
    return match["prefix"], int(match["year"]), sequence


def canonical_number(text: str) -> str | None:
    parsed = parse_number(text)
    return format_number(*parsed) if parsed else None


def normalise_code(text: str) -> str:
    cleaned = unicodedata.normalize("NFKC", text or "").upper()
    return re.sub(r"[\s\-—_]+", "", cleaned)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def shown_code(code: str) -> str:
    """As printed: ABCD-EFGH."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def issue(type_code: str, subject: str, on: dt.date, *, issuer: str = "") -> IssuedDocument:
    """The document for ``subject``, numbered on first issue (the same number and code ever after).

    The year's counter row is locked while the next sequence is drawn, so two issues at once get
    consecutive numbers; two issues for the same subject at once meet the unique ``subject`` and the
    second returns the first's document. ``issuer``: who issues it, where not the bureau."""
    existing = IssuedDocument.objects.filter(subject=subject).select_related("doc_type").first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            doc_type = DocumentType.objects.get(code=type_code)
            DocumentCounter.objects.get_or_create(doc_type=doc_type, year=on.year)
            counter = DocumentCounter.objects.select_for_update().get(doc_type=doc_type, year=on.year)
            counter.last += 1
            counter.save(update_fields=["last"])
            return IssuedDocument.objects.create(
                doc_type=doc_type,
                year=on.year,
                sequence=counter.last,
                number=format_number(doc_type.prefix, on.year, counter.last),
                code=new_code(),
                subject=subject,
                issued_on=on,
                issuer=issuer,
            )
    except IntegrityError:
        return IssuedDocument.objects.select_related("doc_type").get(subject=subject)


def register(type_code: str, subject: str, number: str, on: dt.date) -> IssuedDocument:
    """A document numbered elsewhere (the 《收悉证明》 keep their own numbering): give it a code."""
    existing = IssuedDocument.objects.filter(subject=subject).select_related("doc_type").first()
    if existing is not None:
        return existing
    parsed = parse_number(number)
    if parsed is None:
        raise ValueError(f"not a document number: {number!r}")
    _, year, sequence = parsed
    try:
        with transaction.atomic():
            return IssuedDocument.objects.create(
                doc_type=DocumentType.objects.get(code=type_code),
                year=year,
                sequence=sequence,
                number=number,
                code=new_code(),
                subject=subject,
                issued_on=on,
            )
    except IntegrityError:
        return IssuedDocument.objects.select_related("doc_type").get(subject=subject)


_DUMMY_CODE = "X" * CODE_LENGTH


def verify(number: str, code: str) -> IssuedDocument | None:
    """The document with this number and code; None for anything else (no number, no such
    document, wrong code), with no way to tell those apart."""
    canonical = canonical_number(number)
    document = IssuedDocument.objects.select_related("doc_type").filter(number=canonical).first() if canonical else None
    given = normalise_code(code)
    expected = document.code if document is not None else _DUMMY_CODE
    matches = hmac.compare_digest(given.encode(), expected.encode())
    return document if document is not None and matches and given else None


def validate_seal(data: bytes) -> None:
    """A seal image: a real PNG of at most 200 KB and 1200 px a side."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > SEAL_MAX_BYTES:
        raise ValidationError(f"公章图片不能超过 {SEAL_MAX_BYTES // 1024} KB，请压缩后重新上传")
    if not data.startswith(PNG_SIGNATURE):
        raise ValidationError("公章图片须为 PNG 格式")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError("公章图片无法读取，请上传完好的 PNG 文件") from error
    if width > SEAL_MAX_SIDE or height > SEAL_MAX_SIDE:
        raise ValidationError(f"公章图片的长宽不能超过 {SEAL_MAX_SIDE} 像素")


def seal_data_uri(doc_type: DocumentType) -> str:
    """The seal as a data URI for the PDF; empty when the administrator has set none."""
    seal = bytes(doc_type.seal or b"")
    return "data:image/png;base64," + base64.b64encode(seal).decode("ascii") if seal else ""


def qr_data_uri(text: str) -> str:
    """A QR code of ``text`` as an SVG data URI (no files, no scripts)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg: bytes = image.to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def verify_path(number: str, code: str) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    return reverse("documents:verify") + "?" + urlencode({"number": number, "code": shown_code(code)})


def print_context(document: IssuedDocument, base_url: str) -> dict[str, str]:
    """What a document prints about itself: 文号, 核验码, the QR code to the verification page, the seal."""
    url = base_url.rstrip("/") + verify_path(document.number, document.code)
    return {
        "doc_number": document.number,
        "doc_code": shown_code(document.code),
        "doc_verify_page": base_url.rstrip("/") + verify_path("", "").split("?", 1)[0],
        "doc_qr": qr_data_uri(url),
        "doc_seal": seal_data_uri(document.doc_type),
    }
