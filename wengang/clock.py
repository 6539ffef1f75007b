"""The service's notion of "today" and "now", settable for demonstrations and tests.

``settings.WENGANG_TODAY`` (environment ``WENGANG_TODAY=2020-06-01``) fixes the date; otherwise
it is the real date in the configured time zone. Every deadline and application window reads
the date from here, never from ``date.today()``.

Every moment a person reads follows the service date, at the real time of day: a submission or
a decision is stored as :func:`now`; an audit row or a message keeps its real timestamp (it
orders the trail and drives the outbox) next to its service date ``on``, and is shown as
:func:`moment` of the two. So a demonstration set on 2020-06-01 shows its moves on 2020-06-01,
next to the 2020 deadlines they are compared with, rather than on the real date. A record's
creation time (``Tracked.created_at``, screening runs, API keys and their last use, imported
e-mails) is shown to people, so it is :func:`now` too. Moments only machines read (sessions,
throttling, outbox sweeps, ``updated_at``) stay on ``timezone.now()``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    fixed = getattr(settings, "WENGANG_TODAY", "")
    if fixed:
        return fixed if isinstance(fixed, dt.date) else dt.date.fromisoformat(str(fixed))
    return timezone.localdate()


def now() -> dt.datetime:
    """The service's current moment: :func:`today` at the real local time of day (aware)."""
    real = timezone.localtime()
    day = today()
    if day == real.date():
        return real
    return real.replace(year=day.year, month=day.month, day=day.day)


def moment(on: dt.date, at: dt.datetime) -> dt.datetime:
    """A record's service moment: its service date ``on`` at the local time of day of its real ``at``."""
    local = timezone.localtime(at) if timezone.is_aware(at) else at
    return local.replace(year=on.year, month=on.month, day=on.day)
