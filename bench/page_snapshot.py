"""A page's HTML for every active user, written to a folder or compared with one written before.

Refactoring a shared page (the portal is every role's landing page) must not change a word of it:
snapshot it for every account before the change, and compare after. CSRF tokens (new on every
request) are masked; nothing else is::

    WENGANG_TODAY=2020-06-01 DATABASE_URL=… .venv/bin/python bench/page_snapshot.py /accounts/ --write /tmp/before
    WENGANG_TODAY=2020-06-01 DATABASE_URL=… .venv/bin/python bench/page_snapshot.py /accounts/ --compare /tmp/before

Needs a database holding the demo data. Exits 1 when a page differs (its first differing lines are
printed), 0 when all are the same.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wengang.config.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from wengang.accounts.models import User  # noqa: E402

CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


def page(user: User, path: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(path)
    body = response.content.decode("utf-8", "replace")
    return f"HTTP {response.status_code}\n" + CSRF.sub(r'\1…"', body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, help="write one file per user into this folder")
    mode.add_argument("--compare", type=Path, help="compare with the files written before")
    args = parser.parse_args()
    users = list(User.objects.filter(is_active=True).order_by("username"))
    differ = 0
    for user in users:
        html = page(user, args.path)
        if args.write:
            args.write.mkdir(parents=True, exist_ok=True)
            (args.write / f"{user.username}.html").write_text(html, encoding="utf-8")
            continue
        before = (args.compare / f"{user.username}.html").read_text(encoding="utf-8")
        if before != html:
            differ += 1
            diff = difflib.unified_diff(before.splitlines(), html.splitlines(), "before", "after", lineterm="", n=1)
            print(f"--- {user.username}: differs")
            print("\n".join(list(diff)[:20]))
    verb = "written" if args.write else f"compared, {differ} differ"
    print(f"{args.path}: {len(users)} users {verb}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
