"""Background work of the monitoring: the daily escalation of alerts not acknowledged in time (S4)."""

from __future__ import annotations

from celery import shared_task


@shared_task  # type: ignore[untyped-decorator]
def escalate_overdue_alerts() -> int:
    """升级 the alerts still 待签收 after their deadline (working days, ``monitoring_ack_workdays``)."""
    from wengang import clock

    from .warning import escalate_overdue_alerts as escalate

    return escalate(today=clock.today())
