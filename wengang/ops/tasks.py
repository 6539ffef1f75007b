"""Periodic work of the outbox (scheduled by beat, settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task


@shared_task  # type: ignore[untyped-decorator]
def deliver_pending_notifications() -> int:
    """Deliver the status changes whose hand-over to the broker failed (Redis was down)."""
    from .outbox import deliver_pending

    return deliver_pending()
