"""Case pages: the step tracker (``{% load case_tags %}{% case_steps case %}``)."""

from __future__ import annotations

from typing import Any

from django import template

from wengang.cases.steps import tracker
from wengang.cases.workflow import workflow_for

register = template.Library()


@register.inclusion_tag("cases/_steps.html")
def case_steps(case: Any) -> dict[str, Any]:
    """The case's step tracker, from its workflow's declared steps and its events."""
    return {"tracker": tracker(workflow_for(type(case)), case)}
