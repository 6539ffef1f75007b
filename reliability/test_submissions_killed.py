"""``kill -9`` of gunicorn's workers during 500 concurrent filings: none lost, none doubled, none half-written.

500 clients (threads, each an enterprise with its own API token) file one OP3 application with a
real PDF through ``POST /api/v1/applications`` at once, each with its own ``Idempotency-Key``, and
retry with the same key on a lost connection or a 5xx. Meanwhile every worker process of gunicorn
is killed with SIGKILL in several rounds (the master forks new ones). Afterwards the database must
hold, for every client, exactly one application — submitted, with its material row, the file on
disk with the recorded SHA-256, and its one audit row — and the idempotency record answering it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import signal
import statistics
import subprocess
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg
from pypdf import PdfWriter

from .conftest import FIGURES
from .harness import free_port

CLIENTS = 500
#: kill every worker when this many filings have been answered (and at least KILL_GAP seconds apart)
KILL_AT = (25, 100, 175, 250, 325)
KILL_GAP = 1.5
DEADLINE_SECONDS = 420

SEED = """
import json
from wengang.accounts.models import Role, User
from wengang.api.services import token_create
from wengang.registry.models import Organisation
from tests.factories import uscc
from tests.facts import OP3_FACTS
firms = Organisation.objects.bulk_create(
    Organisation(uscc=uscc(800000 + i), name=f"可靠性测试企业{i:03d}", facts=OP3_FACTS) for i in range(__N__)
)
users = []
for i, firm in enumerate(firms):
    user = User(username=f"reliability{i:03d}", role=Role.ENTERPRISE, organisation=firm)
    user.set_unusable_password()
    users.append(user)
User.objects.bulk_create(users)
out = []
for user in User.objects.filter(username__startswith="reliability").order_by("username"):
    token, key = token_create(user=user, name="可靠性测试")
    out.append({"token": token.pk, "organisation": user.organisation_id, "key": key})
print(json.dumps(out))
"""


def pdf_for(client: int) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": f"缴费凭证 {client}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def multipart(fields: dict[str, str], filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="materials"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode() + data + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> tuple[int, dict[str, Any] | None]:
    """(status, JSON body); status 0 when the connection failed or was cut."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers), timeout=timeout) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        try:
            return e.code, json.loads(e.read())
        except (ValueError, OSError):
            return e.code, None
    except (urllib.error.URLError, OSError, TimeoutError, ValueError):
        return 0, None


def worker_pids(master: int) -> list[int]:
    done = subprocess.run(["ps", "--ppid", str(master), "-o", "pid="], capture_output=True, text=True)
    return [int(p) for p in done.stdout.split()]


def test_killed_workers_lose_double_or_half_write_no_filing(stack) -> None:
    st, _pg, _redis, _seed = stack
    clients = json.loads(st.python(SEED.replace("__N__", str(CLIENTS)), CELERY_BROKER_URL="").strip().splitlines()[-1])
    assert len(clients) == CLIENTS
    port = free_port()
    url = f"http://127.0.0.1:{port}/api/v1/applications"
    web = st.web(port)

    answered: list[dict[str, Any]] = [{} for _ in range(CLIENTS)]
    done_count = [0]
    lock = threading.Lock()
    gate = threading.Barrier(CLIENTS + 1)
    began = [0.0]

    def client(n: int) -> None:
        me = clients[n]
        key = f"reliability-{n:03d}-{uuid.uuid4()}"
        data = pdf_for(n)
        body, content_type = multipart({"subsidy_type": "OP3", "commitment_accepted": "true"}, f"凭证{n}.pdf", data)
        headers = {"Authorization": f"Token {me['key']}", "Idempotency-Key": key, "Content-Type": content_type}
        seen: list[int] = []
        rng = random.Random(n)
        wait = 0.2
        gate.wait(60)
        while time.monotonic() - began[0] < DEADLINE_SECONDS:
            status, payload = post(url, body, headers, timeout=30)
            seen.append(status)
            if status == 201 and payload is not None or 400 <= status < 500 and status != 429:
                break
            time.sleep(wait * (0.5 + rng.random()))  # a lost connection, a 5xx or a 429: the same key again
            wait = min(wait * 2, 3.0)
        with lock:
            answered[n] = {
                "key": key, "statuses": seen, "id": (payload or {}).get("id") if seen and seen[-1] == 201 else None,
                "sha256": hashlib.sha256(data).hexdigest(), "seconds": time.monotonic() - began[0],
            }
            done_count[0] += 1

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    began[0] = time.monotonic()
    gate.wait(60)

    kills: list[dict[str, Any]] = []
    last_kill = 0.0
    for threshold in KILL_AT:
        while done_count[0] < threshold and time.monotonic() - began[0] < DEADLINE_SECONDS:
            time.sleep(0.05)
        while time.monotonic() - last_kill < KILL_GAP:
            time.sleep(0.05)
        if done_count[0] >= CLIENTS:
            break
        pids = worker_pids(web.pid)
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        last_kill = time.monotonic()
        kills.append({"at_seconds": round(last_kill - began[0], 1), "answered": done_count[0], "workers": len(pids)})
    for t in threads:
        t.join(max(1.0, DEADLINE_SECONDS + 40 - (time.monotonic() - began[0])))
    wall = time.monotonic() - began[0]
    assert web.poll() is None, "the gunicorn master must survive its workers' deaths"

    media = Path(st.env["MEDIA_ROOT"])
    with psycopg.connect(st.env["DATABASE_URL"].replace("postgres://", "postgresql://"), connect_timeout=5) as conn:
        token_ids = [c["token"] for c in clients]
        org_ids = [c["organisation"] for c in clients]
        records = {
            (token, key): (status, response)
            for token, key, status, response in conn.execute(
                "SELECT token_id, key, status_code, response FROM api_idempotencyrecord WHERE token_id = ANY(%s)",
                [token_ids],
            ).fetchall()
        }
        applications: dict[int, list[tuple[int, str]]] = {}
        for pk, org, status in conn.execute(
            "SELECT id, organisation_id, status FROM subsidies_application WHERE organisation_id = ANY(%s)", [org_ids]
        ).fetchall():
            applications.setdefault(org, []).append((pk, status))
        app_ids = [pk for rows in applications.values() for pk, _ in rows]
        materials: dict[int, list[tuple[str, str]]] = {}
        for app, path, sha in conn.execute(
            "SELECT application_id, file, sha256 FROM subsidies_material WHERE application_id = ANY(%s)", [app_ids]
        ).fetchall():
            materials.setdefault(app, []).append((path, sha))
        events = dict(
            conn.execute(
                "SELECT e.object_id, count(*) FROM cases_caseevent e JOIN django_content_type t ON t.id = e.content_type_id"
                " WHERE t.app_label = 'subsidies' AND t.model = 'application' AND e.to_status = 'submitted'"
                " AND e.object_id = ANY(%s) GROUP BY e.object_id",
                [app_ids],
            ).fetchall()
        )
        stored_files = {row[0] for row in conn.execute("SELECT file FROM subsidies_material").fetchall()}

    lost, duplicated, half_written, mismatched = [], [], [], []
    for n, (me, got) in enumerate(zip(clients, answered, strict=True)):
        rows = applications.get(me["organisation"], [])
        record = records.get((me["token"], got.get("key")))
        if got.get("id") is None or not rows or record is None:
            lost.append(n)
            continue
        if len(rows) > 1:
            duplicated.append(n)
            continue
        pk, status = rows[0]
        files = materials.get(pk, [])
        whole = (
            status == "submitted"
            and events.get(pk) == 1
            and len(files) == 1
            and (media / files[0][0]).is_file()
            and hashlib.sha256((media / files[0][0]).read_bytes()).hexdigest() == files[0][1] == got["sha256"]
        )
        if not whole:
            half_written.append(n)
        if not (got["id"] == pk == record[1]["id"] and record[0] == 201):
            mismatched.append(n)
    on_disk = {str(p.relative_to(media)) for p in (media / "materials").rglob("*.pdf")} if (media / "materials").exists() else set()
    retried = [a for a in answered if len(a.get("statuses", [])) > 1]
    failures = [s for a in answered for s in a.get("statuses", []) if s != 201]
    seconds = sorted(a["seconds"] for a in answered if a)
    FIGURES["submissions_killed"] = {
        "clients": CLIENTS,
        "kill_rounds": len(kills),
        "workers_killed": sum(k["workers"] for k in kills),
        "kills": kills,
        "filed": sum(1 for a in answered if a.get("id") is not None),
        "clients_that_retried": len(retried),
        "failed_attempts": {str(s): failures.count(s) for s in sorted(set(failures))},
        "lost": len(lost),
        "duplicated": len(duplicated),
        "half_written": len(half_written),
        "answer_mismatch": len(mismatched),
        "orphan_files_on_disk": len(on_disk - stored_files),
        "wall_seconds": round(wall, 1),
        "client_seconds_median": round(statistics.median(seconds), 1),
        "client_seconds_max": round(seconds[-1], 1),
    }
    assert len(kills) == len(KILL_AT) and all(k["workers"] >= 1 for k in kills)
    assert (lost, duplicated, half_written, mismatched) == ([], [], [], [])
