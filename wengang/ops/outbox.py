"""Handing status changes to Celery without letting a broker outage break the page.

The case events are the outbox (``wengang.cases``): an event of a notifying workflow without a
``Delivery`` row has not been delivered. Enqueueing after the commit is only the fast path; when Redis is down it fails quickly
(settings: one retry, short timeouts), the page still answers, and :func:`deliver_pending` — run
by beat every minute — delivers what is left once the broker is back. Delivery is idempotent
(row lock + ``Delivery``), so a change handed over twice is delivered once.
"""

from __future__ import annotations

import datetime as dt
import logging
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


def deliver_pending(*, older_than: dt.timedelta = dt.timedelta(seconds=30), limit: int = 500) -> int:
    """Deliver the case events not yet delivered that are older than ``older_than``. Returns how many."""
    from wengang.cases.outbox import deliver, pending

    done = 0
    for event_id in pending(before=timezone.now() - older_than).values_list("id", flat=True)[:limit]:
        deliver(event_id)
        done += 1
    return done
