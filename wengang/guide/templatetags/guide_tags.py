"""``{% guide_link "op3" %}``: the link to a service's 办事指南 on its apply page (nothing when the
service has no guide, e.g. a subsidy type added in the admin later)."""

from __future__ import annotations

from typing import Any

from django import template

from wengang.guide.services import BY_SLUG

register = template.Library()


@register.inclusion_tag("guide/_link.html")
def guide_link(slug: str) -> dict[str, Any]:
    return {"guide": BY_SLUG.get(str(slug).lower())}
