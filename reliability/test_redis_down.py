"""Redis stopped (a minute by default): pages keep working — signed-in ones too, their sessions read
from PostgreSQL instead of the cache —, decisions are taken, and what was queued is delivered once
Redis is back (the outbox sweep of beat), each notification exactly once."""

from __future__ import annotations

import os
import time

from .conftest import FIGURES
from .harness import free_port, get
from .scripts import approve, session_cookie, state

CHANGES = 5
DOWN_SECONDS = float(os.environ.get("REDIS_DOWN_SECONDS", "60"))


def test_pages_keep_working_while_redis_is_down_and_queued_work_is_delivered_after(stack) -> None:
    st, _pg, redis, seed = stack
    apps, seed["apps"] = seed["apps"][:CHANGES], seed["apps"][CHANGES:]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    st.web(port, WEB_WORKERS="2")
    st.worker()
    st.beat(OUTBOX_SWEEP_SECONDS="5")
    assert get(f"{base}/readyz")[0] == 200
    signed_in = {"Cookie": session_cookie(st, seed["reviewer"])}
    assert get(f"{base}/accounts/", headers=signed_in)[0] == 200  # its session now cached in Redis

    redis.stop()
    down_at = time.monotonic()
    pages: list[tuple[int, float]] = []
    decided = approve(st, seed["reviewer"], apps)  # the reviewer's decisions, taken while Redis is down
    changes = [change for change, _ in decided]
    decision_seconds = [s for _, s in decided]
    while time.monotonic() - down_at < DOWN_SECONDS:
        for path in ("/", "/jobs/", "/accounts/login/", "/permits/public/"):
            status, _headers, _body, took = get(base + path)
            pages.append((status, took))
        # signed in: the portal itself, not the sign-in page it would redirect to
        status, _headers, body, took = get(f"{base}/accounts/", headers=signed_in)
        pages.append((status if "<h1>我的办事</h1>" in body else -status, took))
        time.sleep(0.5)
    readyz_while_down = get(f"{base}/readyz")
    undelivered_while_down = state(st, changes)["notified"]

    redis.start()
    back_at = time.monotonic()
    deadline = back_at + 120
    while time.monotonic() < deadline and state(st, changes)["notified"] < CHANGES:
        time.sleep(1)
    after = state(st, changes)
    FIGURES["redis_down"] = {
        "down_seconds": round(back_at - down_at, 1),
        "page_requests_while_down": len(pages),
        "page_statuses_while_down": sorted({s for s, _ in pages}),
        "page_seconds_max_while_down": round(max(t for _, t in pages), 3),
        "decisions_while_down": CHANGES,
        "decision_seconds_max": max(decision_seconds),
        "readyz_while_down": readyz_while_down[0],
        "delivered_while_down": undelivered_while_down,
        "seconds_to_deliver_after_return": round(time.monotonic() - back_at, 1),
        "notices_per_change": sorted(set(after["notices"])),
    }
    assert {s for s, _ in pages} == {200}
    assert max(decision_seconds) < 5  # the decision does not hang on the broker
    assert readyz_while_down[0] == 503 and '"redis": "error' in readyz_while_down[2]
    assert undelivered_while_down == 0
    assert after["notified"] == CHANGES
    assert after["notices"] == [1] * CHANGES
