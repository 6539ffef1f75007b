"""Daily background work of the review: 容缺 reminders, the automatic close, the dashboards' summary.

Schedule them daily (Celery beat, ``settings.CELERY_BEAT_SCHEDULE``, or cron running the
management commands of the same names). Notifications of moves are ``wengang.cases.tasks``'.
"""

from __future__ import annotations

from celery import shared_task


@shared_task  # type: ignore[untyped-decorator]
def send_deficiency_reminders() -> int:
    """Remind applicants of 容缺 items due within two working days. Returns notices created."""
    from .services.review import deficiency_send_reminders

    return deficiency_send_reminders()


@shared_task  # type: ignore[untyped-decorator]
def close_overdue_deficiencies() -> list[str]:
    """Close applications whose 容缺 due date has passed. Returns their references."""
    from .services.review import deficiency_close_overdue

    return [app.reference for app in deficiency_close_overdue()]


@shared_task  # type: ignore[untyped-decorator]
def rebuild_dashboard_summary() -> int:
    """Count the dashboards' summary from scratch (nightly): moves keep it exact as they happen;
    this also counts applications written outside the services and firms that moved street.
    Returns the summary's rows."""
    from .summary import summary_rebuild

    return summary_rebuild()
