"""Identifiers: unified social credit codes (GB 32100-2015) and resident ID numbers (GB 11643-1999)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from wengang.policy.fields import valid_uscc

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def validate_uscc(value: str) -> None:
    if not valid_uscc((value or "").strip().upper()):
        raise ValidationError("“%(value)s”不是有效的统一社会信用代码（18位，校验位不符）", params={"value": value})


def id_number_ok(value: str) -> bool:
    """An 18-character resident ID number with a valid birth date and check character."""
    text = (value or "").strip().upper()
    if len(text) != 18 or not text[:17].isdigit():
        return False
    try:
        dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    total = sum(int(ch) * w for ch, w in zip(text[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == text[17]


def validate_id_number(value: str) -> None:
    if not id_number_ok(value):
        raise ValidationError("“%(value)s”不是有效的居民身份证号码（18位，出生日期或校验位不符）", params={"value": mask_id_number(value)})


def mask_id_number(value: str) -> str:
    """Show the first 6 and last 4 characters only: 110105********123X."""
    text = (value or "").strip()
    if len(text) <= 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]
