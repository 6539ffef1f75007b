"""The service's notion of "today", settable for demonstrations and tests.

``settings.WENGANG_TODAY`` (environment ``WENGANG_TODAY=2020-06-01``) fixes the date; otherwise
it is the real date in the configured time zone. Every deadline and application window reads
the date from here, never from ``date.today()``.
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
