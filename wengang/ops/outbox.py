"""Handing status changes to Celery without letting a broker outage break the page.

The status-change rows are the outbox: a change whose ``notified_at`` is still empty has not been
delivered. Enqueueing after the commit is only the fast path; when Redis is down it fails quickly
(settings: one retry, short timeouts), the page still answers, and :func:`deliver_pending` — run
by beat every minute — delivers what is left once the broker is back. Delivery is idempotent
(row lock + ``notified_at``), so a change handed over twice is delivered once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.utils import timezone

log = logging.getLogger("wengang.ops")


def enqueue(task: Any, *args: object) -> bool:
    """``task.delay(*args)``; on a broker error log it and return False (the sweep delivers later)."""
    from kombu.exceptions import OperationalError as BrokerError
    from redis.exceptions import RedisError

    try:
        task.delay(*args)
    except (BrokerError, RedisError, ConnectionError, TimeoutError) as exc:  # the outbox row is the safety net
        log.warning("task not queued, left for the outbox sweep: %s", exc, extra={"task": getattr(task, "name", "")})
        return False
    return True


def outboxes() -> list[tuple[Any, Callable[[int], int]]]:
    """(status-change model, idempotent delivery function) of each workflow that notifies through Celery."""
    from wengang.permits import notifications as permit_notifications
    from wengang.permits.models import PermitStatusChange
    from wengang.subsidies import notifications as subsidy_notifications
    from wengang.subsidies.models import StatusChange

    return [(StatusChange, subsidy_notifications.deliver), (PermitStatusChange, permit_notifications.deliver)]


def deliver_pending(*, older_than: dt.timedelta = dt.timedelta(seconds=30), limit: int = 500) -> int:
    """Deliver the changes not yet notified that are older than ``older_than``. Returns how many."""
    cutoff = timezone.now() - older_than
    done = 0
    for model, deliver in outboxes():
        pending = model.objects.filter(notified_at__isnull=True, at__lte=cutoff).order_by("at", "id")
        for change_id in pending.values_list("id", flat=True)[:limit]:
            deliver(change_id)
            done += 1
    return done
