"""Presentation of engine figures: money in yuan, and where a decision date falls in a window."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext as _

from wengang.policy import VARIANTS, PolicyResult
from wengang.policy.fields import FIELDS_BY_NAME, Field
from wengang.policy.params import STATUS_ZH

register = template.Library()


@register.filter
def yuan(value: Decimal | int | None) -> str:
    """Money as "15,000.00 元": two decimals and thousands separators, formatted from the Decimal."""
    if value is None:
        return ""
    return f"{Decimal(value):,.2f} 元"


_TRUE = {"true", "1", "yes", "是"}
_FALSE = {"false", "0", "no", "否"}


def fact_text(value: object, field: Field | None = None) -> str:
    """A registry or application fact as an applicant reads it: 是/否 for yes-no facts, the Chinese label
    of a choice, counts and amounts with thousands separators; "" for no value."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value).strip()
    if (field is not None and field.kind == "bool") or text in ("true", "false", "True", "False"):
        if text.lower() in _TRUE:
            return "是"
        if text.lower() in _FALSE:
            return "否"
    if field is not None and field.choices:
        return dict(field.choices).get(text, text)
    if field is not None and field.kind in ("int", "dec"):
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        return f"{number:,}"
    return text


@register.filter
def fact_value(value: object, field: Field | str | None = None) -> str:
    """``{{ value|fact_value:field }}`` (a Field or a field name): see ``fact_text``."""
    if isinstance(field, str):
        field = FIELDS_BY_NAME.get(field)
    return fact_text(value, field)


@register.filter
def window_status(window: tuple[dt.date, dt.date] | None, on: dt.date) -> str:
    """Whether the decision date is before, in or after an application window."""
    if not window:
        return ""
    start, end = window
    if on < start:
        return _("按决定日期，申请期尚未开始")
    if on > end:
        return _("按决定日期，申请期已结束")
    return _("按决定日期，正在申请期内")


@register.filter
def param_status(status: str) -> str:
    """已确认 / 有来源 / 待核实 / 模拟值."""
    return STATUS_ZH.get(status, status)


@register.filter
def param_source(source: str, status: str) -> str:
    """A parameter's source as the public reads it: an unconfirmed working value's internal note
    becomes "待主管部门确认"."""
    return "待主管部门确认" if status == "unconfirmed" else source


@register.filter
def missing_fields(names: list[str]) -> list[tuple[str, str]]:
    """(name, label) of the missing facts that the form has an input for."""
    return [(name, FIELDS_BY_NAME[name].label) for name in names if name in FIELDS_BY_NAME]


@register.filter
def pending_amounts(results: list[PolicyResult]) -> list[PolicyResult]:
    """Results whose amount cannot be computed yet, so the total leaves them out."""
    return [r for r in results if r.has_amount and r.amount is None]


@register.filter
def variant_text(name: str) -> str:
    return VARIANTS.get(name, name)
