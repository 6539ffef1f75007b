"""Where a page's time goes: pyinstrument over repeated requests through Django's test client.

Run it with the production settings and a database holding the demo data (``make serve`` or
``bench/load/run.py`` has loaded it), e.g.::

    PRODUCTION=1 SECRET_KEY=x DATABASE_URL=postgres://postgres@127.0.0.1:5432/wengang_load WENGANG_TODAY=2020-06-01 \\
      .venv/bin/python bench/load/profile_pages.py calculator parameters --requests 200

Prints, per page, the mean time per request and the call tree (``--html DIR`` also writes one HTML
report per page), or with ``--timing`` only the CPU and wall time per request (no profiler). The
first request of each page is left out (templates and caches warm up).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wengang.config.settings")

import django  # noqa: E402

django.setup()

from page_client import client_for, request  # noqa: E402
from pages import PAGES  # noqa: E402
from pyinstrument import Profiler  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", default=list(PAGES))
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--html", type=Path, help="write an HTML report per page into this folder")
    parser.add_argument("--timing", action="store_true", help="no profile: CPU and wall ms per request only")
    args = parser.parse_args()
    for page in args.pages:
        client = client_for(page)
        status = request(client, page)
        if status != 200:
            print(f"{page}: HTTP {status}", file=sys.stderr)
            return 1
        if args.timing:
            cpu, wall = time.process_time(), time.perf_counter()
            for _ in range(args.requests):
                request(client, page)
            cpu_ms = (time.process_time() - cpu) * 1000 / args.requests
            wall_ms = (time.perf_counter() - wall) * 1000 / args.requests
            print(f"{page:16} CPU {cpu_ms:6.1f} ms   wall {wall_ms:6.1f} ms   per request ({args.requests})")
            continue
        profiler = Profiler(interval=0.0005)
        started = time.perf_counter()
        profiler.start()
        for _ in range(args.requests):
            request(client, page)
        profiler.stop()
        mean_ms = (time.perf_counter() - started) * 1000 / args.requests
        print(f"==== {page}: {mean_ms:.1f} ms per request (profiled, {args.requests} requests)")
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        if args.html:
            args.html.mkdir(parents=True, exist_ok=True)
            (args.html / f"{page}.html").write_text(profiler.output_html(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
