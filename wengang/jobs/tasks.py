"""Daily background work of the job market: expire posts past their deadline.

Schedule daily (Celery beat ``wengang.jobs.tasks.deactivate_stale_posts``, or cron running the
management command of the same name).
"""

from __future__ import annotations

from celery import shared_task


@shared_task  # type: ignore[untyped-decorator]
def deactivate_stale_posts() -> int:
    """Mark published or waiting posts whose deadline has passed as expired. Returns how many."""
    from wengang import clock

    from .services import deactivate_stale_posts as run

    return run(today=clock.today())
