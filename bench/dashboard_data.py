#!/usr/bin/env python3
"""Fill a PostgreSQL database with dashboard data: synthetic firms, subsidy applications in every
state (decided, paid, late, 容缺), job posts and the firms' monthly registry extracts (``--months``,
for /dashboard/warning/), for ``bench/dashboard_bench.py``.

    createdb -h 127.0.0.1 -U postgres wg_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/wg_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/dashboard_data.py --applications 1000000 --posts 100000

Rows go in with PostgreSQL COPY (about 10 s per 100,000 applications on a quiet machine); the
data is seeded and deterministic. Earlier bench rows (references ``BENCH-…``) are removed first,
so the command may be re-run with other sizes; the dashboards' summary is then counted anew
(``summary_rebuild``). PostgreSQL only: SQLite has no COPY.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wengang.config.settings")

#: one firm per this many applications (a firm claims several subsidies over several periods)
APPLICATIONS_PER_FIRM = 20
INDUSTRIES = ("C34", "F52", "G59", "H61", "H62", "I65", "K70", "L72", "M75", "O80", "R87", "E48")
STATUSES = (  # (status, weight)
    ("submitted", 8),
    ("deficient", 4),
    ("district_review", 10),
    ("municipal_review", 2),
    ("returned", 3),
    ("approved", 25),
    ("rejected", 8),
    ("paid", 35),
    ("closed", 2),
    ("withdrawn", 3),
)
DECIDED = {"approved", "rejected", "paid", "closed"}
START = dt.datetime(2020, 2, 10, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def uscc(n: int) -> str:
    from wengang.policy.fields import uscc_check_char

    first = f"91110105{n:09d}"
    check = uscc_check_char(first)
    assert check is not None
    return first + check


def copy(table: str, columns: tuple[str, ...], rows: object) -> None:
    from django.db import connection

    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as out:
        for row in rows:  # type: ignore[attr-defined]
            out.write_row(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--applications", type=int, default=200_000)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--months", type=int, default=12, help="monthly registry extracts per firm, to 2020-06 (the /dashboard/warning/ page)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection, transaction

    from wengang.accounts.models import Role, User
    from wengang.registry.models import Organisation, Street
    from wengang.subsidies.models import SubsidyType
    from wengang.subsidies.summary import summary_rebuild
    from wengang.subsidies.workdays import add_working_days

    if connection.vendor != "postgresql":
        sys.exit("dashboard_data.py needs PostgreSQL: set DATABASE_URL=postgres://…")
    rng = random.Random(args.seed)
    began = time.perf_counter()
    with transaction.atomic():
        user, _ = User.objects.get_or_create(username="bench-applicant", defaults={"role": Role.ENTERPRISE})
        with connection.cursor() as cursor:
            # the dashboards' summary is counted anew at the end (summary_rebuild)
            cursor.execute("DELETE FROM subsidies_applicationsummary")
            cursor.execute("DELETE FROM subsidies_applicationfigures")
            cursor.execute("DELETE FROM subsidies_payment WHERE reference LIKE 'BENCH-%%'")
            cursor.execute("DELETE FROM subsidies_paymentbatch WHERE reference = 'BENCH'")
            cursor.execute(
                "DELETE FROM subsidies_deficiency WHERE application_id IN "
                "(SELECT id FROM subsidies_application WHERE reference LIKE 'BENCH-%%')"
            )
            cursor.execute("DELETE FROM subsidies_application WHERE reference LIKE 'BENCH-%%'")
            cursor.execute("DELETE FROM jobs_jobpost WHERE title = 'BENCH'")
            cursor.execute(
                "DELETE FROM monitoring_firmmonth WHERE organisation_id IN "
                "(SELECT id FROM registry_organisation WHERE name LIKE 'BENCH-%%')"
            )
            cursor.execute("DELETE FROM registry_organisation WHERE name LIKE 'BENCH-%%'")
        streets = list(Street.objects.values_list("pk", flat=True))
        types = list(SubsidyType.objects.values_list("pk", flat=True))
        firms = max(1, args.applications // APPLICATIONS_PER_FIRM)
        Organisation.objects.bulk_create(
            (
                Organisation(
                    uscc=uscc(500_000_000 + n),
                    name=f"BENCH-{n}",
                    street_id=streets[n % len(streets)] if n % 50 else None,
                    industry_code=INDUSTRIES[n % len(INDUSTRIES)],
                )
                for n in range(firms)
            ),
            batch_size=5000,
        )
        org_ids = list(
            Organisation.objects.filter(name__startswith="BENCH-").order_by("pk").values_list("pk", flat=True)
        )
        print(f"{firms:,} firms in {time.perf_counter() - began:.1f} s", flush=True)

        statuses = [s for s, w in STATUSES for _ in range(w)]
        due_of: dict[dt.date, dt.date] = {}
        paid: list[tuple[int, str]] = []

        def applications():
            for n in range(args.applications):
                org = org_ids[n % firms]
                kind = types[(n // firms) % len(types)]
                # distinct (firm, type, period) for every row: the period moves on per round of types
                period = dt.date(2020, 1, 1) + dt.timedelta(days=n // (firms * len(types)))
                submitted = START + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 120))
                day = submitted.date()
                due = due_of.get(day) or due_of.setdefault(day, add_working_days(day, 15))
                status = rng.choice(statuses)
                decided = amount = None
                if status in DECIDED:
                    decided = submitted + dt.timedelta(days=rng.randrange(1, 30))
                if status in ("approved", "paid"):
                    amount = f"{rng.randrange(1000, 500_000) / 100:.2f}"
                    if status == "paid":
                        paid.append((n, amount))
                yield (
                    f"BENCH-{n:08d}", org, kind, period, period, user.pk, status, "{}", "{}", str(uuid.UUID(int=n)),
                    submitted, due, False, "{}", amount, "", decided, submitted, submitted,
                )  # fmt: skip

        copy(
            "subsidies_application",
            ("reference", "organisation_id", "subsidy_type_id", "period_start", "period_end", "applicant_id",
             "status", "facts", "precheck", "submission_key", "submitted_at", "review_due", "doubt", "decision",
             "approved_amount", "decision_reasons", "decided_at", "created_at", "updated_at"),
            applications(),
        )  # fmt: skip
        print(f"{args.applications:,} applications in {time.perf_counter() - began:.1f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO subsidies_paymentbatch (reference, paid_on, created_by_id, created_at) "
                "VALUES ('BENCH', '2020-06-01', %s, now()) RETURNING id",
                [user.pk],
            )
            batch = cursor.fetchone()[0]
            cursor.execute("SELECT reference, id FROM subsidies_application WHERE reference LIKE 'BENCH-%%'")
            ids = dict(cursor.fetchall())
        copy(
            "subsidies_payment",
            ("application_id", "batch_id", "amount", "reference"),
            ((ids[f"BENCH-{n:08d}"], batch, amount, f"BENCH-P{n}") for n, amount in paid),
        )
        # a 容缺 item on every 25th application
        copy(
            "subsidies_deficiency",
            ("application_id", "description", "due_date", "created_by_id", "created_at"),
            ((pk, "缴费凭证", "2020-06-01", user.pk, START) for ref, pk in ids.items() if int(ref[6:]) % 25 == 0),
        )
        copy(
            "jobs_jobpost",
            ("organisation_id", "posted_by_id", "title", "description", "openings", "pay_min", "pay_max", "workplace",
             "street_id", "industry_code", "schedule", "contact_name", "contact_phone", "deadline", "urgent",
             "internship", "status", "wording_findings", "published_at", "created_at", "updated_at"),
            (
                (org_ids[n % firms], user.pk, "BENCH", "岗位", 1 + n % 9, 4000, 8000, "朝阳区", streets[n % len(streets)],
                 INDUSTRIES[n % len(INDUSTRIES)], "白班", "王", "010-12345678", "2020-08-01", n % 7 == 0, False,
                 "published" if n % 10 else "expired", "[]", START + dt.timedelta(minutes=17 * n), START, START)
                for n in range(args.posts)
            ),
        )  # fmt: skip
        print(f"{args.posts:,} job posts in {time.perf_counter() - began:.1f} s", flush=True)

        def firm_months():
            # the months up to 2020-06, newest first (as months since year 0, counted from 0)
            months = [dt.date((2020 * 12 + 5 - m) // 12, (2020 * 12 + 5 - m) % 12 + 1, 1) for m in range(args.months)]
            for n, org in enumerate(org_ids):
                insured = 5 + (n * 37) % 400
                for month in reversed(months):
                    lost = rng.randrange(0, 1 + insured // 12)
                    new = rng.randrange(0, 1 + insured // 10)
                    yield (org, month, streets[n % len(streets)] if n % 50 else None, INDUSTRIES[n % len(INDUSTRIES)],
                           insured, new, lost)  # fmt: skip
                    insured = max(1, insured + new - lost)

        copy(
            "monitoring_firmmonth",
            ("organisation_id", "month", "street_id", "industry_code", "insured_start", "new_insured", "lost_insured"),
            firm_months(),
        )
        print(f"{firms * args.months:,} firm months in {time.perf_counter() - began:.1f} s", flush=True)
        rows = summary_rebuild()
        print(f"dashboard summary ({rows:,} rows) in {time.perf_counter() - began:.1f} s", flush=True)
    with connection.cursor() as cursor:
        # as autovacuum leaves a table in service: statistics, and the visibility map that lets the
        # job market's index (jobs.jobpost_market) answer without reading the posts
        cursor.execute("VACUUM ANALYZE")
    print(f"done in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
