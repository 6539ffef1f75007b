"""``{% guide_link "op3" %}``: the link to a service's 办事指南 on its apply page (nothing when the
service has no guide, e.g. a subsidy type added in the admin later)."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wengang.guide.services import BY_SLUG

register = template.Library()


@register.inclusion_tag("guide/_link.html")
def guide_link(slug: str) -> dict[str, Any]:
    return {"guide": BY_SLUG.get(str(slug).lower())}


#: a clause id of the notice as the guides cite it: OP3.2(3), OP6.5, L.circ(1)–(4), L.mat(1)–(8), N17, D1
CLAUSE = re.compile(r"\b(?:OP\d(?:\.\d)?|L\.[a-z]+|[NDIS]\d{1,2})(?:\(\d\))*(?:–(?:\(\d\))+|–[NDIS]?\d)?")


@register.filter
def cite(text: str) -> SafeString:
    """The text with each clause id marked as a citation (``<span class="clause">``), escaped."""
    out, last = [], 0
    for match in CLAUSE.finditer(text):
        out += [escape(text[last : match.start()]), f'<span class="clause">{escape(match.group())}</span>']
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # every piece is escaped above
