"""Background work of the permit workflow: turning status changes into notifications."""

from __future__ import annotations

from celery import shared_task


@shared_task  # type: ignore[untyped-decorator]
def deliver_permit_notifications(change_id: int) -> int:
    """Create the in-app notices and e-mails for one permit status change (idempotent)."""
    from .notifications import deliver

    return deliver(change_id)
