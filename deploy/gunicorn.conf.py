"""Gunicorn settings for Wengang (make serve, deploy/systemd/wengang-web.service).

Overload is bounded at every stage: ``WEB_THREADS`` threads per worker, of which at most
``WENGANG_MAX_INFLIGHT`` run Django at once (the others wait at most ``WENGANG_QUEUE_TIMEOUT``
seconds, then get the Chinese 503), at most ``worker_connections`` open connections per worker,
and a listen backlog of ``WEB_BACKLOG``. A request running longer than ``timeout`` kills its worker.
"""

import gc
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS", "3"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "8"))
worker_connections = int(os.environ.get("WEB_CONNECTIONS", str(threads * 2)))
backlog = int(os.environ.get("WEB_BACKLOG", "64"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# recycle workers now and then (memory), staggered; a recycled worker costs a fork and cold
# connections, so not too often: 2,000 learners' heartbeats alone are 100 requests a second
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "wengang-web"
control_socket_disable = True  # no shared socket under ~/.gunicorn: several instances may run on one host
accesslog = None  # the application logs each request as JSON with its request id
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "wengang.ops.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}


# Load Django and every view once in the master, so workers start warm and share that memory.
preload_app = True


def when_ready(server):  # type: ignore[no-untyped-def]
    from django.db import connections
    from django.urls import get_resolver

    from wengang.ops.warm import warm

    get_resolver().check()  # imports every view module (the engine, Polars, WeasyPrint)
    warm()  # compiles every template and reads the parameters: workers start warm, also after recycling
    connections.close_all()  # no connection may cross the fork
    # What the master loaded stays for good: out of the garbage collector's sight, a worker's full
    # collection no longer walks those ~250,000 objects (125 ms of CPU, a stall of every thread),
    # and their memory stays shared with the master instead of being copied on the collector's writes.
    gc.freeze()


def child_exit(server, worker):  # type: ignore[no-untyped-def]
    """Metrics of several worker processes are summed from files; a dead worker's are marked so."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
