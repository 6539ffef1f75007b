"""The heartbeat benchmark (issue 14): 2,000 learners on PostgreSQL with the production server.

``deploy/serve.sh`` (gunicorn, as ``make serve``) on its own port; 2,000 learners enrolled on one
ten-hour recorded lesson, each with a signed-in session and a learning session; Locust users, one
per learner, each sending a heartbeat every 20 s (100 requests a second in all) for ``--seconds``.
Then the database is asked what it kept: the counted milliseconds must equal what the server
confirmed to the learners (no lost minutes), and no heartbeat may have been refused.

    .venv/bin/python bench/load/heartbeat.py                                  # 2,000 learners, 120 s
    .venv/bin/python bench/load/heartbeat.py --learners 500 --seconds 60 --port 8141

Prints the figures and writes them to ``bench/out/heartbeat-<time>.json``. The server is stopped on
exit. The learners (usernames ``hb-…``) are made again on every run.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, VENV, Server  # noqa: E402 - beside this script

HERE = Path(__file__).resolve().parent
SETUP = f"""
import json, sys
sys.path.insert(0, {str(HERE)!r})
from heartbeat_world import make_learners
for learner in make_learners({{n}}):
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
        "LOG_LEVEL": "WARNING",
        "ACCESS_LOG_LEVEL": "WARNING",
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
                str(max(1, args.learners // 20)),
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
        "rps": round(float(row["Requests/s"]), 1),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "p99_ms": float(row["99%"]),
        "max_ms": round(float(row["Max Response Time"]), 1),
        "confirmed_ms": confirmed["ms"],
        "kept_ms": kept["kept_ms"],
        "refused": kept["refused"],
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "cores": os.cpu_count(),
    }
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    (out / f"heartbeat-{stamp}.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    for key, value in figures.items():
        print(f"{key:>14}: {value}")
    lost = figures["confirmed_ms"] - figures["kept_ms"]
    print(f"{'lost_ms':>14}: {lost}")
    return 0 if lost <= 0 else 1  # the server may keep a heartbeat whose answer timed out


if __name__ == "__main__":
    sys.exit(main())
