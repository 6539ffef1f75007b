"""Reads for the 待办 page (``wengang.accounts.workbench``): what waits for a street office."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from .models import Certification, CertificationStatus, ClaimStatus, FlexibleClaim


@dataclass(frozen=True)
class Waiting:
    kind: str
    reference: str
    action: str
    status: str
    url: str


def waiting_for_street(street_id: int, limit: int) -> list[Waiting]:
    """Applications to confirm and monthly claims to review, of this street only, oldest first."""
    out = [
        Waiting(
            "就业困难人员认定",
            f"{c.person.display_name}（{c.category}）",
            "核对证明材料，认定或不予认定",
            c.get_status_display(),
            reverse("assistance:certification", args=[c.pk]),
        )
        for c in Certification.objects.filter(street_id=street_id, status=CertificationStatus.SUBMITTED)
        .select_related("person", "category")
        .order_by("submitted_on", "pk")[:limit]
    ]
    out += [
        Waiting(
            "灵活就业社会保险补贴",
            f"{c.person.display_name} {c.month:%Y年%m月}",
            f"审核补贴 {c.amount:,.2f} 元",
            c.get_status_display(),
            reverse("assistance:claim", args=[c.pk]),
        )
        for c in FlexibleClaim.objects.filter(street_id=street_id, status=ClaimStatus.SUBMITTED)
        .select_related("person")
        .order_by("month", "pk")[:limit]
    ]
    return out
