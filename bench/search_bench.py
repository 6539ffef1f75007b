#!/usr/bin/env python3
"""Benchmark the job market search (就业超市) at 100,000 posts.

    python bench/search_bench.py                       # SQLite (a temporary file database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python bench/search_bench.py
                                                       # SQLite, then PostgreSQL (a throw-away test_… database)
    DATABASE_URL=… python bench/search_bench.py --only postgresql

Each backend runs in a child process: a fresh database is migrated (so the real indexes exist:
the FTS5 trigram table on SQLite; on PostgreSQL the GIN index of the bigram column and the index
of the public order), 100,000 synthetic posts are bulk-created (seeded, deterministic), and then
each representative search is timed the way the public page runs it: the count (capped at 1,000)
and the first page of 20 posts, through ``wengang.jobs.selectors.Results`` (what ``/jobs/`` hands
to its Paginator). Reported: p50 and p95 milliseconds over ``--repeat``
runs per search, after one warm-up run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TITLES = (
    "仓储分拣员",
    "物流配送员",
    "超市收银员",
    "理货员",
    "冷链物流司机",
    "快递员",
    "外卖骑手",
    "保洁员",
    "保安员",
    "社区防疫志愿者",
    "餐厅服务员",
    "中餐厨师",
    "面点师",
    "生鲜加工员",
    "电商客服",
    "仓库管理员",
    "叉车司机",
    "水电维修工",
    "护工",
    "药店营业员",
    "数据录入员",
    "行政助理",
    "会计",
    "软件测试工程师",
    "门店店长",
)
PHRASES = (
    "负责超市配送中心商品分拣、装车",
    "提供食宿",
    "两班倒",
    "缴纳五险一金",
    "有健康证优先",
    "工作地点近地铁",
    "月休四天",
    "熟练使用电脑",
    "负责冷链物流车辆运输",
    "持C1驾照",
    "负责门店收银和理货",
    "节假日三倍工资",
    "负责社区防疫值守",
    "包吃住",
    "负责线上订单客服",
    "工作认真负责",
    "负责货品出入库登记",
    "持叉车证",
    "负责设备日常维修",
    "负责老人日常照护",
    "负责药品销售",
    "负责数据录入与核对",
    "负责面点制作",
    "负责生鲜分割",
)

#: (label, query, filters) — filters are applied by name in the child
SEARCHES = (
    ("分拣员", "分拣员", {}),
    ("冷链物流 司机", "冷链物流 司机", {}),
    ("收银员 + 街乡", "收银员", {"street": True}),
    ("分拣员 + 只看急聘", "分拣员", {"urgent": True}),
    ("配送员 + 月薪≥6000", "配送员", {"pay": 6000}),
    ("物流（两字）", "物流", {}),
    ("无关键词，仅街乡", "", {"street": True}),
    ("潜水教练（无此岗位）", "潜水教练", {}),  # the shape of 分拣员 with no match: in turn, plans must suit both
)


def load_posts(rows: int, seed: int) -> float:
    """Bulk-create ``rows`` synthetic published posts (and 200 firms) in the current database; seconds taken."""
    from datetime import timedelta
    from decimal import Decimal

    from django.db import connection
    from django.utils import timezone

    from wengang import clock
    from wengang.accounts.models import Role, User
    from wengang.jobs.models import JobPost, PostStatus
    from wengang.registry.models import Organisation, Street

    rng = random.Random(seed)
    streets = list(Street.objects.all())
    firms = [
        Organisation(
            uscc=f"91110105BENCH{i:04d}X"[:18],
            name=f"基准测试企业{i}",
            street=rng.choice(streets),
            key_category="necessities" if i % 10 == 0 else "",
        )
        for i in range(200)
    ]
    Organisation.objects.bulk_create(firms)
    firms = list(Organisation.objects.filter(name__startswith="基准测试企业"))
    user = User.objects.create(username="bench", role=Role.ENTERPRISE, organisation=firms[0])
    today = clock.today()
    now = timezone.now()
    started = time.perf_counter()
    batch: list[JobPost] = []
    for i in range(rows):
        firm = rng.choice(firms)
        low = rng.randrange(3000, 12000, 100)
        batch.append(
            JobPost(
                organisation=firm,
                posted_by=user,
                title=rng.choice(TITLES),
                description="，".join(rng.sample(PHRASES, 4)) + "。",
                openings=rng.randint(1, 50),
                pay_min=Decimal(low),
                pay_max=Decimal(low + rng.randrange(0, 3000, 100)),
                workplace="朝阳区",
                street=rng.choice(streets),
                industry_code=rng.choice(("F52", "G59", "H62", "O80", "I65")),
                schedule="白班",
                contact_name="联系人",
                contact_phone="010-12345678",
                deadline=today + timedelta(days=rng.randint(1, 90)),
                urgent=bool(firm.key_category) and rng.random() < 0.2,
                status=PostStatus.PUBLISHED,
                published_at=now - timedelta(minutes=i),
            )
        )
        if len(batch) == 5000:
            JobPost.objects.bulk_create(batch)
            batch = []
    JobPost.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE jobs_jobpost")  # as autovacuum would have, after a bulk load
    return time.perf_counter() - started


def child(rows: int, repeat: int, seed: int) -> dict[str, object]:
    import django

    django.setup()
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection

    from wengang import clock
    from wengang.jobs.models import JobPost
    from wengang.jobs.selectors import Results, Search
    from wengang.registry.models import Street

    test_db = None
    if connection.vendor == "postgresql":
        test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)
    try:
        load_seconds = load_posts(rows, seed)
        today = clock.today()
        street = Street.objects.get(name="孙河")
        searches = {
            label: Search(
                q=q,
                street=street if filters.get("street") else None,
                urgent=bool(filters.get("urgent")),
                pay=Decimal(filters["pay"]) if "pay" in filters else None,
            )
            for label, q, filters in SEARCHES
        }

        def timed(criteria: Search) -> tuple[float, int, str]:
            t0 = time.perf_counter()
            found = Results(criteria, today=today)
            total = found.count()
            page = found[0:20]
            return (time.perf_counter() - t0) * 1000, total, page[0].title if page else ""

        def figures(label: str, timings: list[float], total: int, first: str) -> dict[str, object]:
            timings.sort()
            return {
                "search": label,
                "matches": total,
                "first": first,
                "p50_ms": round(statistics.median(timings), 1),
                "p95_ms": round(timings[max(0, int(round(0.95 * len(timings))) - 1)], 1),
            }

        results = []
        for label, criteria in searches.items():  # each search again and again
            timed(criteria)
            runs = [timed(criteria) for _ in range(repeat)]
            results.append(figures(label, [ms for ms, _t, _f in runs], runs[0][1], runs[0][2]))
        # Then all of them in turn, as visitors search, on the same connection: with PostgreSQL's
        # prepared statements (DB_SERVER_SIDE_BINDING) a search of the same shape as another (one term,
        # no filter: 分拣员, 物流) runs the statement prepared for the other, so a plan made for one
        # term's rows must not be kept for a term with far more or fewer
        interleaved: dict[str, list[float]] = {label: [] for label in searches}
        for _ in range(repeat):
            for label, criteria in searches.items():
                interleaved[label].append(timed(criteria)[0])
        mixed = [
            figures(label, interleaved[label], r["matches"], r["first"])  # type: ignore[arg-type]
            for label, r in zip(searches, results, strict=True)
        ]
        return {
            "backend": connection.vendor,
            "rows": JobPost.objects.count(),
            "load_s": round(load_seconds, 1),
            "prepared": bool(connection.settings_dict["OPTIONS"].get("server_side_binding")),
            "results": results,
            "interleaved": mixed,
        }
    finally:
        if test_db is not None:
            connection.creation.destroy_test_db(test_db, verbosity=0)


def run_backend(env: dict[str, str], args: argparse.Namespace) -> dict[str, object]:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            "--rows",
            str(args.rows),
            "--repeat",
            str(args.repeat),
            "--seed",
            str(args.seed),
        ],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--only", choices=("sqlite", "postgresql"), help="one backend (postgresql needs DATABASE_URL)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wengang.config.settings")
    os.environ.setdefault("WENGANG_TODAY", "2020-06-01")
    if args.child:
        print(json.dumps(child(args.rows, args.repeat, args.seed), ensure_ascii=False))
        return
    reports = []
    if args.only != "postgresql":
        with tempfile.TemporaryDirectory() as tmp:
            env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            env["SQLITE_PATH"] = str(Path(tmp) / "search_bench.sqlite3")
            reports.append(run_backend(env, args))
    if os.environ.get("DATABASE_URL") and args.only != "sqlite":
        reports.append(run_backend(dict(os.environ), args))
    for report in reports:
        prepared = ", prepared statements" if report.get("prepared") else ""
        print(f"\n{report['backend']}: {report['rows']:,} posts (bulk load {report['load_s']} s{prepared})")
        print(f"{'search':<24}{'matches':>9}{'p50 ms':>9}{'p95 ms':>9}   in turn: p50 ms  p95 ms")
        for r, m in zip(report["results"], report["interleaved"], strict=True):  # type: ignore[call-overload]
            print(f"{r['search']:<24}{r['matches']:>9,}{r['p50_ms']:>9}{r['p95_ms']:>9}   {m['p50_ms']:>15}{m['p95_ms']:>8}")


if __name__ == "__main__":
    main()
