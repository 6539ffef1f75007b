"""The 《收悉证明》: an A4 PDF (WeasyPrint, Noto CJK) with its 核验码 and a QR code to the public
verification page (/documents/verify/, number + code), and the seal the administrator set.

Made on demand from what was fixed at acceptance (number, date, unit, head count), so every
download of a receipt is the same document; the code is drawn at the first download and kept.
Receipts printed before codes existed still verify by number alone at /layoffs/verify/.
"""

from __future__ import annotations

from typing import Any

import weasyprint
from django.template.loader import render_to_string

from wengang.documents import services as documents
from wengang.subsidies.services.letters import BUREAU

from .models import LayoffReport, Status

DEPARTMENT_NAME = "劳动关系科"
#: the document type of receipts; their numbers stay the layoff app's own (朝人社收〔2020〕第0001号)
DOCUMENT_TYPE = "layoff-receipt"


def _chinese_date(day: Any) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def receipt_context(report: LayoffReport, base_url: str) -> dict[str, Any]:
    """``base_url`` (https://host) makes the QR code's link absolute."""
    assert report.status == Status.ACCEPTED and report.receipt_number and report.accepted_on
    document = documents.register(
        DOCUMENT_TYPE, f"layoffs.report:{report.pk}", report.receipt_number, report.accepted_on
    )
    return {
        **documents.print_context(document, base_url),
        "bureau": BUREAU,
        "department": DEPARTMENT_NAME,
        "report": report,
        "organisation": report.organisation,
        "number": report.receipt_number,
        "accepted_date": _chinese_date(report.accepted_on),
        "report_date": _chinese_date(report.report_date) if report.report_date else "",
        "circumstance": report.get_circumstance_display(),
    }


def receipt_pdf(report: LayoffReport, base_url: str) -> bytes:
    html = render_to_string("layoffs/receipt.html", receipt_context(report, base_url))
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf


def receipt_filename(report: LayoffReport) -> str:
    return f"{report.receipt_number}-收悉证明.pdf"
