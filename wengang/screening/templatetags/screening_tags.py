"""Policy ids as their Chinese titles on the screening pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

from wengang.calculator import forms as calculator_forms

from ..results import policy_titles

register = template.Library()


@register.filter
def policy_title(pid: str) -> str:
    return f"{pid} {policy_titles().get(pid, '')}".strip()


@register.filter
def signed_yuan(value: Decimal | int) -> str:
    """A difference with its sign: "+1,500.00 元", "-300.00 元"; counts without decimals."""
    if isinstance(value, int):
        return f"{value:+,d}"
    return f"{Decimal(value):+,.2f} 元"


@register.filter
def variant_label(name: str) -> str:
    try:
        return calculator_forms.variant_label(name)
    except KeyError:
        return name
