"""The factories every app's tests share: credit codes and ID numbers with valid check characters
(the demo data's own, ``wengang/demo/data.py``), organisations, users per role, PDFs, Excel files,
the service day and the OP3 facts of a firm that qualifies."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from tests.facts import OP3_FACTS
from wengang.accounts.models import Department, Role, User
from wengang.demo.data import with_id_check, with_uscc_check
from wengang.registry.models import Organisation, Street

PASSWORD = "x-password-1"

__all__ = ["OP3_FACTS"]  # re-exported: the firm's facts live in tests/facts.py, free of Django



def uscc(seq: int) -> str:
    return with_uscc_check(f"91110105{seq:09d}")


def id_number(seq: int, birth: str = "19800101") -> str:
    return with_id_check(f"110105{birth}{seq:03d}")


def street(name: str) -> Street:
    return Street.objects.get(name=name)


def make_organisation(seq: int, name: str, kind: str = "enterprise", **extra: Any) -> Organisation:
    return Organisation.objects.create(uscc=uscc(seq), name=name, kind=kind, **extra)


def make_user(username: str, role: str, *, password: str = PASSWORD, **extra: Any) -> User:
    return User.objects.create_user(username=username, password=password, role=role, **extra)


def service_day(settings: Any, today: str, media: Any = None) -> None:
    """The service clock on ``today`` (ISO date) and, given a folder, uploads kept out of the tree."""
    settings.WENGANG_TODAY = today
    if media is not None:
        settings.MEDIA_ROOT = media / "media"


def service_day_fixture(today: str, *, uploads: bool = True) -> Any:
    """A conftest's autouse fixture, ``clock = service_day_fixture("2020-06-01")``: the service clock on
    ``today`` (ISO date) for every test and, unless ``uploads=False``, uploads kept in its own tmp_path."""

    @pytest.fixture(autouse=True)
    def clock(settings: Any, tmp_path: Any) -> None:
        service_day(settings, today, tmp_path if uploads else None)

    return clock


def make_reviewer(username: str = "reviewer", department: str = "labour-service") -> User:
    return make_user(username, Role.REVIEWER, first_name="李审核", department=Department.objects.get(code=department))


def pdf_bytes(
    pages: int = 1, password: str | None = None, owner_password: str | None = None, title: str | None = None
) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if title is not None:
        writer.add_metadata({"/Title": title})
    if password is not None:
        writer.encrypt(password, owner_password=owner_password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_upload(name: str = "材料.pdf", data: bytes | None = None, pages: int = 1) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(pages) if data is None else data, content_type="application/pdf")


def titled_pdf(title: str) -> SimpleUploadedFile:
    """A one-page PDF named and titled ``title`` (the title tells uploads apart in the tests)."""
    return pdf_upload(f"{title}.pdf", pdf_bytes(title=title))


def xlsx_upload(header: Sequence[str], rows: Sequence[Sequence[Any]], name: str = "名单.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(
        name, out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
