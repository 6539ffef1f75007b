"""A private production setup for the fault tests: its own PostgreSQL cluster and redis-server on free
ports under a temporary folder, gunicorn and a Celery worker started as ``make serve`` starts them.

Only these private servers are ever stopped or restarted; all traffic goes to 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def as_postgres(*command: str) -> list[str]:
    """Run PostgreSQL's tools as the postgres user when we are root (initdb refuses root)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


@dataclass
class PrivatePostgres:
    folder: Path
    port: int = field(default_factory=free_port)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, name: str = "wengang") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        subprocess.run(
            as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                        "--locale=C.UTF-8"),
            check=True, capture_output=True,
        )
        self.start()
        subprocess.run(["createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "wengang"], check=True)

    def ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off"
        subprocess.run(
            as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"), "-o", options,
                        "-w", "-t", "60", *args),
            check=True, capture_output=True,
        )

    def start(self) -> None:
        self.ctl("start")

    def restart(self) -> None:
        self.ctl("restart", "-m", "fast")

    def stop(self) -> None:
        self.ctl("stop", "-m", "fast")


@dataclass
class PrivateRedis:
    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "yes",
             "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: _redis_answers(self.port), 10, "redis-server")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def wait_for(check, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise TimeoutError(f"{what} not ready after {seconds} s")


@dataclass
class Stack:
    """The environment of every process, and the processes started (stopped by :meth:`close`)."""

    env: dict[str, str]
    logs: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def manage(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run([str(VENV / "python"), "manage.py", *args], cwd=ROOT, env=self.env,
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-3000:])
        return done.stdout

    def python(self, code: str, timeout: float = 120, **extra_env: str) -> str:
        """Run ``code`` with Django set up in a fresh process with the production environment."""
        prelude = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'wengang.config.settings'); django.setup()\n"
        done = subprocess.run([str(VENV / "python"), "-c", prelude + code], cwd=ROOT, env={**self.env, **extra_env},
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-3000:])
        return done.stdout

    def spawn(self, name: str, *command: str, **extra_env: str) -> subprocess.Popen[bytes]:
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(list(command), cwd=ROOT, env={**self.env, **extra_env}, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def web(self, port: int, **extra_env: str) -> subprocess.Popen[bytes]:
        process = self.spawn("web", str(VENV / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
                             "wengang.config.wsgi:application", BIND=f"127.0.0.1:{port}", **extra_env)
        wait_for(lambda: get(f"http://127.0.0.1:{port}/healthz")[0] == 200, 60, "gunicorn")
        return process

    def worker(self, **extra_env: str) -> subprocess.Popen[bytes]:
        return self.spawn("worker", str(VENV / "celery"), "-A", "wengang.config.celery", "worker", "--concurrency", "1",
                          "--loglevel", "INFO", "--hostname", f"reliability{len(self.processes)}@%h", **extra_env)

    def beat(self, **extra_env: str) -> subprocess.Popen[bytes]:
        return self.spawn("beat", str(VENV / "celery"), "-A", "wengang.config.celery", "beat", "--loglevel", "INFO",
                          "--schedule", str(self.logs / "celerybeat-schedule"), **extra_env)

    @staticmethod
    def kill(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
        """Signal the process and everything it started (its own session), then wait for it."""
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)

    def close(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                self.kill(process)


def get(
    url: str, timeout: float = 10, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], str, float]:
    """(status, headers, body, seconds); status 0 when the connection failed."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers or {}), timeout=timeout) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8", "replace"), time.monotonic() - started
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8", "replace"), time.monotonic() - started
    except (urllib.error.URLError, OSError, TimeoutError):
        return 0, {}, "", time.monotonic() - started


def make_stack(folder: Path, pg: PrivatePostgres, redis: PrivateRedis) -> Stack:
    logs = folder / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "CELERY_", "PYTEST"))},
        "PRODUCTION": "1",
        "DEBUG": "0",
        "SECRET_KEY": "reliability-" + "x" * 40,
        "DATABASE_URL": pg.url(),
        "CELERY_BROKER_URL": redis.url,
        "CACHE_URL": redis.url.removesuffix("/0") + "/1",  # as make serve: sessions cached, Redis's own database
        "WENGANG_TODAY": "2020-06-01",
        "MEDIA_ROOT": str(folder / "media"),
        "PYTHONPATH": str(ROOT),
        "DB_CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        "PROMETHEUS_MULTIPROC_DIR": str(folder / "prometheus"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    (folder / "prometheus").mkdir(exist_ok=True)
    return Stack(env=env, logs=logs)


def temp_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="wengang-reliability-"))
    folder.chmod(0o755)  # the postgres user must reach its cluster inside
    return folder

