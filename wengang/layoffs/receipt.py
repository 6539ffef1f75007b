"""The 《收悉证明》: an A4 PDF (WeasyPrint, Noto CJK) with a QR code to the public verification page.

Made on demand from what was fixed at acceptance (number, date, unit, head count), so every
download of a receipt is the same document.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
import weasyprint
from django.template.loader import render_to_string
from django.urls import reverse

from wengang.subsidies.services.letters import BUREAU

from .models import LayoffReport, Status

DEPARTMENT_NAME = "劳动关系科"


def verify_path(number: str) -> str:
    return reverse("layoffs:verify") + "?" + urlencode({"number": number})


def qr_data_uri(text: str) -> str:
    """A QR code of ``text`` as an SVG data URI (no files, no scripts)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg: bytes = image.to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _chinese_date(day: Any) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def receipt_context(report: LayoffReport, verify_url: str) -> dict[str, Any]:
    assert report.status == Status.ACCEPTED and report.receipt_number and report.accepted_on
    return {
        "bureau": BUREAU,
        "department": DEPARTMENT_NAME,
        "report": report,
        "organisation": report.organisation,
        "number": report.receipt_number,
        "accepted_date": _chinese_date(report.accepted_on),
        "report_date": _chinese_date(report.report_date) if report.report_date else "",
        "circumstance": report.get_circumstance_display(),
        "verify_url": verify_url,
        # printed without the encoded query: the reader types the number shown above
        "verify_page": verify_url.split("?", 1)[0],
        "qr": qr_data_uri(verify_url),
    }


def receipt_pdf(report: LayoffReport, verify_url: str) -> bytes:
    html = render_to_string("layoffs/receipt.html", receipt_context(report, verify_url))
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf


def receipt_filename(report: LayoffReport) -> str:
    return f"{report.receipt_number}-收悉证明.pdf"
