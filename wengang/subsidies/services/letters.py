"""The decision letter (审核决定书): a printable A4 PDF made from the frozen decision.

Only what was frozen at the decision is printed — conditions, clause texts, parameter values —
so a later change of parameters or facts never changes a letter already issued.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone

from wengang import clock
from wengang.documents import services as documents
from wengang.documents.models import IssuedDocument
from wengang.policy.params import STATUS_ZH, ParameterError, format_param, parse_value

from ..models import Application, Status

BUREAU = "北京市朝阳区人力资源和社会保障局"
#: states that have a decision letter
DECIDED = frozenset({Status.APPROVED, Status.REJECTED, Status.PAID})
MARK = {"met": "符合", "unmet": "不符合", "unknown": "待定"}


def has_letter(application: Application) -> bool:
    return application.status in DECIDED and bool(application.decision)


def parameter_row(p: dict[str, Any]) -> dict[str, Any]:
    """A frozen parameter (UsedParameter.to_dict) as shown: value formatted, status in Chinese."""
    try:
        shown = format_param(parse_value(p.get("value"), p.get("unit", ""), p.get("key", "")), p.get("unit", ""))
    except ParameterError:
        shown = str(p.get("value"))
    status = p.get("status", "")
    return {
        "label": p.get("label") or p.get("name") or p.get("key"),
        "clause": p.get("clause", ""),
        "value": shown,
        "status": STATUS_ZH.get(status, status),
        "provisional": status in ("unconfirmed", "override"),
        "source": p.get("source", ""),
    }


#: the document type of decision letters (文号 朝人社补〔2020〕第0001号)
DOCUMENT_TYPE = "decision"


def letter_document(application: Application, decided_on: dt.date) -> IssuedDocument:
    """The letter's 文号 and verification code, drawn the first time the letter is made."""
    return documents.issue(DOCUMENT_TYPE, f"subsidies.application:{application.pk}", decided_on)


def letter_context(application: Application, base_url: str = "") -> dict[str, Any]:
    """Everything the letter shows, from the application and its frozen decision; ``base_url``
    (https://host) makes the QR code's link absolute."""
    decision = application.decision or {}
    # the decision date on the service's clock, as frozen; the timestamp for older decisions
    decided_at = application.decided_at or clock.now()
    decided_on = (
        dt.date.fromisoformat(decision["decided_on"]) if decision.get("decided_on") else timezone.localdate(decided_at)
    )
    amount = application.approved_amount
    conditions = [
        {"clause": c.get("clause", ""), "text": c.get("text", ""), "mark": MARK.get(c.get("status", ""), "")}
        for c in decision.get("conditions", [])
    ]
    parameters = [parameter_row(p) for p in decision.get("parameters", [])]
    decider = application.decided_by
    document = letter_document(application, decided_on)
    return {
        **documents.print_context(document, base_url),
        "bureau": BUREAU,
        "app": application,
        "organisation": application.organisation,
        "subsidy": application.subsidy_type,
        "approved": application.status in (Status.APPROVED, Status.PAID),
        "amount": None if amount is None else f"{Decimal(amount):,.2f} 元",
        "reasons": application.decision_reasons,
        "rejected_clauses": decision.get("rejected_clauses", []),
        "title": decision.get("title", application.subsidy_type.get_policy_display()),
        "policy_clause": decision.get("clause", ""),
        "amount_steps": decision.get("amount_steps", []),
        "conditions": conditions,
        "parameters": parameters,
        "provisional": any(p["provisional"] for p in parameters),
        "decided_on": decided_on.isoformat(),
        "decided_date": _chinese_date(decided_on),
        "department": decider.department.name if decider and decider.department else "市审核小组" if decider else "",
    }


def _chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def decision_letter_html(application: Application, base_url: str = "") -> str:
    return render_to_string("subsidies/review/letter.html", letter_context(application, base_url))


def decision_letter_pdf(application: Application, base_url: str = "") -> bytes:
    """The letter as an A4 PDF (WeasyPrint; Chinese set in Noto CJK from fonts-noto-cjk)."""
    pdf: bytes = weasyprint.HTML(string=decision_letter_html(application, base_url)).write_pdf()
    return pdf


def letter_filename(application: Application) -> str:
    return f"{application.reference}-审核决定书.pdf"
