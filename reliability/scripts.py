"""Code run inside the stack's processes (a fresh Django process with the production environment)."""

from __future__ import annotations

import json
from typing import Any

import psycopg

from .harness import Stack

APPROVE = """
import json, time
from wengang.accounts.models import User
from wengang.subsidies.models import Application
from wengang.subsidies.services.review import application_approve
reviewer = User.objects.get(pk=__REVIEWER__)
out = []
for pk in __IDS__:
    started = time.monotonic()
    change = application_approve(application=Application.objects.get(pk=pk), actor=reviewer)
    out.append([change.pk, round(time.monotonic() - started, 3)])
print(json.dumps(out))
"""


SESSION = """
from django.test import Client
from wengang.accounts.models import User
client = Client()
client.force_login(User.objects.get(pk=__USER__))
print(client.cookies["sessionid"].value)
"""


def session_cookie(stack: Stack, user: int) -> str:
    """A signed-in session of the user (made as sign-in makes one: in PostgreSQL and the cache), as a Cookie header."""
    key = stack.python(SESSION.replace("__USER__", str(user))).strip().splitlines()[-1]
    return f"sessionid={key}"


def approve(stack: Stack, reviewer: int, app_ids: list[int]) -> list[tuple[int, float]]:
    """Approve the applications as the reviewer's page does (the same service); (change id, seconds) each."""
    code = APPROVE.replace("__REVIEWER__", str(reviewer)).replace("__IDS__", json.dumps(app_ids))
    return [tuple(pair) for pair in json.loads(stack.python(code).strip().splitlines()[-1])]  # type: ignore[misc]


def state(stack: Stack, change_ids: list[int]) -> dict[str, Any]:
    """How many of the changes are delivered, and the number of notices of each (read directly, quickly)."""
    with psycopg.connect(stack.env["DATABASE_URL"].replace("postgres://", "postgresql://"), connect_timeout=5) as conn:
        notified = conn.execute(
            "SELECT count(*) FROM cases_delivery WHERE event_id = ANY(%s)", [change_ids]
        ).fetchone()[0]
        counts = dict(
            conn.execute(
                "SELECT event_id, count(*) FROM cases_notification WHERE event_id = ANY(%s) GROUP BY event_id",
                [change_ids],
            ).fetchall()
        )
    return {"notified": notified, "notices": [counts.get(i, 0) for i in change_ids]}


def settle_backlog(stack: Stack) -> int:
    """Mark every event not yet delivered as delivered (no notices) and empty the broker's queue, so a
    test that times deliveries starts from an idle worker: the earlier tests (500 filings, each
    notifying the department's reviewers) leave thousands of e-mails queued, which the slow test mail
    would otherwise send first. Returns how many events were marked."""
    import redis

    with psycopg.connect(stack.env["DATABASE_URL"].replace("postgres://", "postgresql://"), connect_timeout=5) as conn:
        marked = conn.execute(
            "INSERT INTO cases_delivery (event_id, delivered_at, notices) SELECT e.id, now(), 0 FROM cases_caseevent e"
            " WHERE NOT EXISTS (SELECT 1 FROM cases_delivery d WHERE d.event_id = e.id)"
        ).rowcount
    redis.Redis.from_url(stack.env["CELERY_BROKER_URL"]).flushdb()
    return marked

