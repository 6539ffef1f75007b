"""A Celery worker killed (SIGKILL) mid-delivery: after a restart every notification exists exactly once."""

from __future__ import annotations

import signal
import time

from .conftest import FIGURES
from .harness import Stack
from .scripts import approve, settle_backlog, state

CHANGES = 10


def test_a_worker_killed_mid_delivery_delivers_every_notification_exactly_once(stack) -> None:
    st, _pg, _redis, seed = stack
    mail_log = st.logs / "mail.log"
    slow = {
        "EMAIL_BACKEND": "reliability.slow_mail.EmailBackend",
        "SLOW_MAIL_LOG": str(mail_log),
        "SLOW_MAIL_SECONDS": "1",
        # an unacknowledged task is handed out again this long after it was taken (600 s in production)
        "CELERY_VISIBILITY_TIMEOUT": "5",
    }
    apps, seed["apps"] = seed["apps"][:CHANGES], seed["apps"][CHANGES:]
    settle_backlog(st)  # the earlier tests' queued deliveries are not this test's
    worker = st.worker(**slow)
    changes = [change for change, _ in approve(st, seed["reviewer"], apps)]

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and state(st, changes)["notified"] < 3:
        time.sleep(0.3)
    Stack.kill(worker, signal.SIGKILL)  # the main process and its pool child, mid-way through a 1 s e-mail
    before = state(st, changes)
    assert 3 <= before["notified"] < CHANGES

    restarted = time.monotonic()
    st.worker(**slow)
    # as under make serve: beat's outbox sweep delivers what the broker did not hand out again
    st.beat(OUTBOX_SWEEP_SECONDS="5")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and state(st, changes)["notified"] < CHANGES:
        time.sleep(0.5)
    after = state(st, changes)
    emails = mail_log.read_text(encoding="utf-8").splitlines()
    FIGURES["worker_killed"] = {
        "changes": CHANGES,
        "delivered_before_kill": before["notified"],
        "delivered_after_restart": after["notified"],
        "notices_per_change": sorted(set(after["notices"])),
        "emails_logged": len(emails),
        "seconds_to_complete_after_restart": round(time.monotonic() - restarted, 1),
    }
    assert after["notified"] == CHANGES
    assert after["notices"] == [1] * CHANGES  # exactly once each, none lost, none doubled
