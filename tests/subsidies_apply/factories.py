"""Small factories for the applicant tests: organisations, users, PDFs, ID numbers, Excel rosters."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from wengang.accounts.models import Department, Role, User
from wengang.policy.fields import uscc_check_char
from wengang.registry.models import Organisation
from wengang.registry.validators import ID_CHECK, ID_WEIGHTS

# OP3.2: 48 payers a month in Jan–Apr 2020 against 40 in 2019 is growth of exactly 20 % → 50 % of
# the 30,000.00 yuan paid in Feb–Apr = 15,000.00; the cap 6,315 × 48 = 303,120.00 does not bite.
OP3_FACTS = {
    "industry_code": "F52",
    "employees": "50",
    "revenue_2019": "5000000",
    "total_assets": "3000000",
    "state_owned": "false",
    "restricted_catalogue": "false",
    "priority_zone": "true",
    "high_tech_industry": "false",
    "ui_payers_2019_avg": "40",
    "ui_payers_2020_01": "48",
    "ui_payers_2020_02": "48",
    "ui_payers_2020_03": "48",
    "ui_payers_2020_04": "48",
    "employer_contrib_2020_02": "10000.00",
    "employer_contrib_2020_03": "10000.00",
    "employer_contrib_2020_04": "10000.00",
}


def uscc(seq: int) -> str:
    first17 = f"91110105{seq:09d}"
    check = uscc_check_char(first17)
    assert check is not None
    return first17 + check


def id_number(seq: int, birth: str = "19800101") -> str:
    first17 = f"110105{birth}{seq:03d}"
    total = sum(int(ch) * w for ch, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + ID_CHECK[total % 11]


def make_organisation(seq: int, name: str, kind: str = "enterprise", **extra: Any) -> Organisation:
    return Organisation.objects.create(uscc=uscc(seq), name=name, kind=kind, **extra)


def make_user(username: str, role: str, **extra: Any) -> User:
    return User.objects.create_user(username=username, password="x-password-1", role=role, **extra)


def make_reviewer(username: str = "reviewer", department: str = "labour-service") -> User:
    return make_user(username, Role.REVIEWER, first_name="李审核", department=Department.objects.get(code=department))


def pdf_bytes(pages: int = 1, password: str | None = None, owner_password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password is not None:
        writer.encrypt(password, owner_password=owner_password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_upload(name: str = "材料.pdf", data: bytes | None = None, pages: int = 1) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(pages) if data is None else data, content_type="application/pdf")


def xlsx_upload(header: Sequence[str], rows: Sequence[Sequence[Any]], name: str = "名单.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(
        name, out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
