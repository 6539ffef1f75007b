"""The load benchmark (``make bench-load``): ``make serve`` on a port of its own, then Locust, page by page.

For every page of ``pages.PAGES``: evenly paced load at each rate of ``--rates`` (constant-throughput
users), then as fast as ``--max-users`` users can go (the maximum throughput). Prints one table and writes
every figure, with the load average of the machine before each step, to ``bench/out/load-<time>.json``.

Bounded and self-stopping: each Locust run has a time limit, and the server (``deploy/serve.sh``: gunicorn,
Celery worker and beat, in a process group of their own) is stopped on exit, on Ctrl-C and on error.
All traffic goes to 127.0.0.1.

    .venv/bin/python bench/load/run.py                          # every page, 50/100/200 req/s and the maximum
    .venv/bin/python bench/load/run.py --pages calculator,jobs --rates 200 --seconds 8
    .venv/bin/python bench/load/run.py --env WEB_WORKERS=4 --env WEB_THREADS=4   # a gunicorn variant
    git archive main | tar -x -C /tmp/main-tree && .venv/bin/python bench/load/run.py --baseline /tmp/main-tree
    .venv/bin/python bench/load/run.py --baseline . --baseline-env WEB_WORKERS=2   # two settings side by side
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv" / "bin"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import PAGES  # noqa: E402 - beside this script

RATES = (50, 100, 200)

SESSIONS = """
from django.test import Client
from wengang.accounts.models import User
for name in {names!r}:
    client = Client()
    client.force_login(User.objects.get(username=name))
    print(name, client.cookies["sessionid"].value)
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated, of: " + ", ".join(PAGES))
    parser.add_argument("--rates", default=",".join(map(str, RATES)), help="offered req/s, evenly paced")
    parser.add_argument("--seconds", type=int, default=10, help="measured seconds per step")
    parser.add_argument("--max-users", type=int, default=24, help="users without pause for the maximum")
    parser.add_argument("--no-max", action="store_true", help="skip the maximum-throughput step")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", "8140")))
    parser.add_argument(
        "--database-url", default=os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wengang_load")
    )
    parser.add_argument("--redis-url", default=os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/5"))
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("LOAD_CACHE_URL", "redis://127.0.0.1:6379/6"),
        help="CACHE_URL of the servers",
    )
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="for the servers")
    parser.add_argument(
        "--baseline-env", action="append", default=[], metavar="NAME=VALUE", help="for the baseline server only"
    )
    parser.add_argument("--label", default="", help="a name for this run in the JSON file")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout (e.g. `git archive main | tar -x -C DIR`), served on the next port and measured "
        "right after this one at every step: a fair before/after on a busy machine",
    )
    return parser.parse_args(argv)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a signed-out page's redirect to the sign-in page is its status, not a 200


_opener = urllib.request.build_opener(_NoRedirect)


def get(url: str, cookie: str = "") -> int:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"} if cookie else {})
    try:
        with _opener.open(request, timeout=10) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as err:
        return int(err.code)
    except OSError:
        return 0


class Server:
    """``deploy/serve.sh`` in a process group of its own, stopped with everything it started."""

    def __init__(self, env: dict[str, str], log: Path, *, tree: Path, base: str) -> None:
        self.env = env
        self.log = log
        self.tree = tree
        self.base = base
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        base = self.base
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                ["bash", "deploy/serve.sh"],
                cwd=self.tree,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 600  # an empty database is migrated and gets the demo data first
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"make serve stopped (exit {self.process.returncode}); see {self.log}")
            if get(base + "/readyz") == 200:
                return
            time.sleep(0.5)
        raise TimeoutError(f"make serve not ready after 600 s; see {self.log}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(40)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        except ProcessLookupError:
            pass


def sessions(env: dict[str, str], names: list[str], tree: Path = ROOT) -> dict[str, str]:
    """A signed-in session for each demo account, made by the server's own code and settings (same
    SECRET_KEY; a session names the sign-in backend of the code that made it)."""
    done = subprocess.run(
        [str(VENV / "python"), "manage.py", "shell", "--no-imports", "-v", "0", "-c", SESSIONS.format(names=names)],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return dict(line.split() for line in done.stdout.splitlines() if line.strip())


def locust(
    page: str, *, base: str, users: int, user_rate: float, seconds: int, env: dict[str, str], folder: Path
) -> dict[str, Any]:
    prefix = folder / f"{page}-{users}-{user_rate:g}"
    load = os.getloadavg()[0]
    subprocess.run(
        [
            str(VENV / "locust"),
            "-f",
            str(Path(__file__).with_name("locustfile.py")),
            "--headless",
            "--host",
            base,
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds + 1}s",
            "--reset-stats",
            "--stop-timeout",
            "5",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "ERROR",
            "--exit-code-on-error",
            "0",
        ],
        cwd=ROOT,
        env=env | {"WG_PAGE": page, "WG_USER_RATE": str(user_rate)},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=seconds + 60,
    )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        row = next((r for r in csv.DictReader(f) if r["Name"] == page), None)
    if row is None:  # not one request went out (Locust starved of CPU, or its users failed to start)
        return {
            "requests": 0,
            "failed": 0,
            "failures": {},
            "rps": 0.0,
            "ok_rps": 0.0,
            "p50_ms": 0.0,
            "p95_ms": 0.0,
            "p99_ms": 0.0,
            "max_ms": 0.0,
            "load_before": round(load, 2),
        }
    with open(f"{prefix}_failures.csv", encoding="utf-8") as f:
        failures = {r["Error"]: int(r["Occurrences"]) for r in csv.DictReader(f) if r["Name"] == page}
    count, failed = int(row["Request Count"]), int(row["Failure Count"])
    rps = float(row["Requests/s"])
    return {
        "requests": count,
        "failed": failed,
        "failures": failures,
        "rps": round(rps, 1),
        "ok_rps": round(rps * (count - failed) / count, 1) if count else 0.0,
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "p99_ms": float(row["99%"]),
        "max_ms": round(float(row["Max Response Time"]), 1),
        "load_before": round(load, 2),
    }


def users_for(rate: int) -> tuple[int, float]:
    """Users each pacing at most 5 req/s: enough of them that a slow answer does not lower the offered rate."""
    users = max(10, rate // 5)
    return users, rate / users


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    pages = [p for p in args.pages.split(",") if p]
    unknown = [p for p in pages if p not in PAGES]
    if unknown:
        print(f"unknown pages: {', '.join(unknown)}", file=sys.stderr)
        return 2
    rates = [int(r) for r in args.rates.split(",") if r]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="wengang-load-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WG_", "PYTEST"))} | {
        "DATABASE_URL": args.database_url,
        "CELERY_BROKER_URL": args.redis_url,
        "CACHE_URL": args.cache_url,
        "SECRET_KEY": secrets.token_urlsafe(50),  # one for every server: the same session cookies sign in
        "VENV": str(VENV.parent),
        "LOG_LEVEL": "WARNING",
        "ACCESS_LOG_LEVEL": "WARNING",
        "PRODUCTION": "1",
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "wengang.config.settings",
    }
    server_env = dict(item.split("=", 1) for item in args.env)
    # this tree, and the baseline tree when given; measured one after the other at every step
    trees = {"this": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    own_env = {"this": {}, "baseline": dict(item.split("=", 1) for item in args.baseline_env)}
    servers: dict[str, Server] = {}
    for i, (name, tree) in enumerate(trees.items()):
        port = args.port + i
        servers[name] = Server(
            env
            | server_env
            | own_env[name]
            | {"BIND": f"127.0.0.1:{port}", "VAR": str(folder / name), "MEDIA_ROOT": str(folder / "media")},
            folder / f"serve-{name}.log",
            tree=tree,
            base=f"http://127.0.0.1:{port}",
        )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results: dict[str, Any] = {
        "started": stamp,
        "label": args.label,
        "server_env": args.env,
        "baseline_env": args.baseline_env,
        "trees": {name: str(tree) for name, tree in trees.items()},
        "seconds": args.seconds,
        "load_start": os.getloadavg(),
        "cpus": os.cpu_count(),
        "servers": {name: {} for name in servers},
    }
    try:
        for server in servers.values():  # one at a time: both migrate the same database
            server.start()
        accounts = sorted({account for _m, _p, account in PAGES.values() if account})
        cookies = {name: sessions(env, accounts, trees[name]) for name in servers}
        server_envs = {
            name: env | {f"WG_COOKIE_{account.upper()}": cookie for account, cookie in cookies[name].items()}
            for name in servers
        }
        for page in pages:
            method, path, account = PAGES[page]
            for name, server in servers.items():
                if method == "GET":  # each worker loads its templates and caches before it is measured
                    statuses = {get(server.base + path, cookies[name].get(account, "")) for _ in range(12)}
                    if statuses != {200}:
                        raise RuntimeError(f"{page}: warm-up answered {statuses}")
            steps = [(str(rate), *users_for(rate)) for rate in rates]
            if not args.no_max:
                steps.append(("max", args.max_users, 0.0))
            for step, users, user_rate in steps:
                for name, server in servers.items():
                    figures = locust(
                        page,
                        base=server.base,
                        users=users,
                        user_rate=user_rate,
                        seconds=args.seconds,
                        env=server_envs[name],
                        folder=folder,
                    )
                    results["servers"][name].setdefault(page, {})[step] = figures
                    offered = "max" if step == "max" else f"{step} req/s"
                    print(f"{name:8} {page:16} {offered:>9}: {format_step(figures)}", flush=True)
    finally:
        for server in servers.values():
            server.stop()
        for name in [*servers, "media"]:  # the servers' scratch folders; their logs stay
            shutil.rmtree(folder / name, ignore_errors=True)
        results["load_end"] = os.getloadavg()
        path = out / f"load-{stamp}.json"
        path.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        print(
            f"\nfigures: {path}  (load average at start {results['load_start'][0]:.2f}, "
            f"at end {results['load_end'][0]:.2f}; server logs in {folder})"
        )
    for name, pages_figures in results["servers"].items():
        print(f"\n{name} ({trees[name]}):\n{table(pages_figures, rates)}")
    return 0


def format_step(step: dict[str, Any]) -> str:
    shed = sum(n for error, n in step["failures"].items() if "503" in error)
    return (
        f"{step['ok_rps']:7.1f} ok/s  p50 {step['p50_ms']:5.0f}  p95 {step['p95_ms']:5.0f}  "
        f"p99 {step['p99_ms']:5.0f} ms  failed {step['failed']}/{step['requests']} (503: {shed})  "
        f"load {step['load_before']}"
    )


def table(pages: dict[str, Any], rates: list[int]) -> str:
    head = "| page | max req/s | " + " | ".join(f"{r} req/s: ok/s, p50/p95/p99 ms, failed" for r in rates) + " |"
    lines = [head, "|---" * (2 + len(rates)) + "|"]
    for page, steps in pages.items():
        cells = [page, str(steps["max"]["ok_rps"]) if "max" in steps else "–"]
        for r in rates:
            s = steps.get(str(r))
            if s is None:
                cells.append("–")
                continue
            cells.append(f"{s['ok_rps']}, {s['p50_ms']:.0f}/{s['p95_ms']:.0f}/{s['p99_ms']:.0f}, {s['failed']}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
