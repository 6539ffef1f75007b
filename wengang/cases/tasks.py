"""Background work of the case mechanism: delivering an event's notifications."""

from __future__ import annotations

from celery import shared_task


@shared_task  # type: ignore[untyped-decorator]
def deliver_event(event_id: int) -> int:
    """Create the in-app notices and e-mails for one case event (idempotent)."""
    from .outbox import deliver

    return deliver(event_id)
