"""Background work of the key-enterprise service: the daily follow-up reminders."""

from __future__ import annotations

from celery import shared_task


@shared_task  # type: ignore[untyped-decorator]
def send_followup_reminders() -> int:
    """Remind staff of the contact-log follow-ups due today (each entry once)."""
    from .services import followup_send_reminders

    return followup_send_reminders()
