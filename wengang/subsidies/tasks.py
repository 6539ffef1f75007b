"""Background work of the workflow: turning status changes into notifications."""

from __future__ import annotations

from celery import shared_task


@shared_task  # type: ignore[untyped-decorator]
def deliver_notifications(change_id: int) -> int:
    """Create the in-app notices and e-mails for one status change (idempotent)."""
    from .notifications import deliver

    return deliver(change_id)


# registered with the worker here; scheduled daily by beat (settings.CELERY_BEAT_SCHEDULE)
from .tasks_review import close_overdue_deficiencies, send_deficiency_reminders  # noqa: E402,F401
