"""The heartbeat benchmark (issue 14): 2,000 learners on PostgreSQL with the production server.

``deploy/serve.sh`` (gunicorn, as ``make serve``, its logging included) on its own port; 2,000
learners enrolled on one ten-hour recorded lesson, each with an open learning session and its
learning pass (``heartbeat_world.py``); Locust users, one per learner, each sending a heartbeat
every 20 s (100 requests a second in all, from the first seconds: the learners' first reports are
spread over 20 s) for ``--seconds``. Then the database is asked what it kept: the counted
milliseconds must cover what the server confirmed to the learners (no lost minutes), and no
heartbeat may have been refused.

    .venv/bin/python bench/load/heartbeat.py                                  # 2,000 learners, 120 s
    .venv/bin/python bench/load/heartbeat.py --learners 2000 --seconds 60 --port 8220 \
        --database-url postgres://postgres@127.0.0.1:5432/wg_beat --redis-url redis://127.0.0.1:6379/3
    .venv/bin/python bench/load/heartbeat.py --env WEB_WORKERS=2              # a gunicorn variant

Unattended: starts and stops the server itself (also on error or Ctrl-C), then prints every figure
and a summary line — p50/p95/p99 at the client (Locust) and inside Django (the access log), requests
a second served of those offered, lost milliseconds, gunicorn worker (re)starts, the load average —
and writes them to ``bench/out/heartbeat-<time>.json``. Exit status 1 if a minute was lost. The
learners (usernames ``hb-…``) are made again on every run.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, VENV, Server  # noqa: E402 - beside this script

#: each learner's player reports every 20 s (heartbeat_locustfile.py)
EVERY_SECONDS = 20

HERE = Path(__file__).resolve().parent
SETUP = f"""
import datetime as dt, json, sys
sys.path.insert(0, {str(HERE)!r})
from heartbeat_world import make_learners
# opened a minute ago: each session has its two minutes of video in hand from the first report
for learner in make_learners({{n}}, opened_ago=dt.timedelta(minutes=1)):
    print(json.dumps(learner))
"""
CHECK = f"""
import json, sys
sys.path.insert(0, {str(HERE)!r})
from heartbeat_world import kept
print(json.dumps(kept()))
"""


def manage_shell(env: dict[str, str], code: str, timeout: int = 900) -> str:
    done = subprocess.run(
        [str(VENV / "python"), "manage.py", "shell", "--no-imports", "-v", "0", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return done.stdout


def listen_drops() -> int:
    """SYNs the kernel dropped because a listen queue was full (machine-wide: other servers count
    too). A dropped SYN costs its client a retransmission: 1 s, then 3 s, 7 s in all."""
    try:
        with open("/proc/net/netstat", encoding="ascii") as f:
            rows = [line.split() for line in f if line.startswith("TcpExt:")]
        return int(dict(zip(rows[0], rows[1], strict=True))["ListenDrops"])
    except (OSError, IndexError, KeyError, ValueError):
        return -1


def server_side(log: Path) -> dict[str, Any]:
    """From the server's JSON access log: the heartbeat's time inside Django (percentiles, ms),
    which leaves out gunicorn's queue and the client's own delays; and how many gunicorn workers
    were started, beyond the first ones (a recycled worker starts cold)."""
    durations: list[float] = []
    boots = 0
    with open(log, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if "Booting worker" in line:
                boots += 1
            if '"/training/heartbeat/"' not in line:
                continue
            try:
                durations.append(float(json.loads(line)["duration_ms"]))
            except (ValueError, KeyError):
                continue
    durations.sort()

    def at(share: float) -> float:
        return durations[min(len(durations) - 1, int(len(durations) * share))] if durations else float("nan")

    return {
        "server_p50_ms": at(0.5),
        "server_p95_ms": at(0.95),
        "server_p99_ms": at(0.99),
        "server_logged": len(durations),
        "worker_boots": boots,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--port", type=int, default=8141)
    parser.add_argument(
        "--database-url", default=os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wg_h14")
    )
    parser.add_argument("--redis-url", default=os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/3"))
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for the server (WEB_WORKERS=4)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="wengang-heartbeat-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WG_", "PYTEST"))} | {
        "DATABASE_URL": args.database_url,
        "CELERY_BROKER_URL": args.redis_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "VENV": str(VENV.parent),
        "PRODUCTION": "1",
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "wengang.config.settings",
        "WENGANG_TODAY": "2020-06-01",
    }
    base = f"http://127.0.0.1:{args.port}"
    server = Server(
        env
        | dict(item.split("=", 1) for item in args.env)
        | {"BIND": f"127.0.0.1:{args.port}", "VAR": str(folder / "var"), "MEDIA_ROOT": str(folder / "media")},
        folder / "serve.log",
        tree=ROOT,
        base=base,
    )
    try:
        server.start()
        learners = folder / "learners.jsonl"
        learners.write_text(manage_shell(env, SETUP.format(n=args.learners)), encoding="utf-8")
        total_file = folder / "confirmed.json"
        load_before = os.getloadavg()[0]
        drops_before = listen_drops()
        subprocess.run(
            [
                str(VENV / "locust"),
                "-f",
                str(Path(__file__).with_name("heartbeat_locustfile.py")),
                "--headless",
                "--host",
                base,
                "-u",
                str(args.learners),
                "-r",
                str(max(1, args.learners // 2)),  # all started in two seconds; each first reports 0–20 s later
                "-t",
                f"{args.seconds}s",
                "--csv",
                str(folder / "hb"),
                "--only-summary",
                "--loglevel",
                "ERROR",
                "--exit-code-on-error",
                "0",
                "--stop-timeout",
                "25",
            ],
            cwd=ROOT,
            env=env | {"WG_HEARTBEAT_FILE": str(learners), "WG_HEARTBEAT_TOTAL": str(total_file)},
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=args.seconds + 120,
        )
        drops = listen_drops() - drops_before
        with open(folder / "hb_stats.csv", encoding="utf-8") as f:
            row = next(r for r in csv.DictReader(f) if r["Name"] == "heartbeat")
        confirmed = json.loads(total_file.read_text(encoding="utf-8"))
        kept = json.loads(manage_shell(env, CHECK).strip().splitlines()[-1])
    finally:
        server.stop()
    figures = {
        "learners": args.learners,
        "seconds": args.seconds,
        "requests": int(row["Request Count"]),
        "failed": int(row["Failure Count"]),
        "rps": round(int(row["Request Count"]) / args.seconds, 1),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "p99_ms": float(row["99%"]),
        "max_ms": round(float(row["Max Response Time"]), 1),
        "confirmed_ms": confirmed["ms"],
        "kept_ms": kept["kept_ms"],
        "refused": kept["refused"],
        "listen_drops": drops,
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "cores": os.cpu_count(),
    }
    figures |= server_side(folder / "serve.log")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    (out / f"heartbeat-{stamp}.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    for key, value in figures.items():
        print(f"{key:>16}: {value}")
    lost = max(0, figures["confirmed_ms"] - figures["kept_ms"])  # the server may keep more than it confirmed
    print(f"{'lost_ms':>16}: {lost}")
    offered = args.learners / EVERY_SECONDS
    met = figures["p95_ms"] <= 50 and not lost and not figures["failed"]
    print(
        f"\n{figures['requests']} heartbeats of {args.learners} learners in {args.seconds} s: "
        f"{figures['rps']} req/s served of {offered:g} offered, {figures['failed']} failed; "
        f"p50 {figures['p50_ms']:g} ms, p95 {figures['p95_ms']:g} ms, p99 {figures['p99_ms']:g} ms "
        f"(server {figures['server_p50_ms']:g} / {figures['server_p95_ms']:g} / {figures['server_p99_ms']:g} ms); "
        f"lost {lost} ms; {figures['worker_boots']} worker (re)starts; {drops} SYNs dropped (machine-wide); load {figures['load_before']:g} → "
        f"{figures['load_after']:g} on {figures['cores']} cores.\n"
        f"Target (p95 ≤ 50 ms, nothing failed, nothing lost): {'met' if met else 'NOT met'}."
    )
    return 0 if not lost else 1


if __name__ == "__main__":
    sys.exit(main())
