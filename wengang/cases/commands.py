"""The daily jobs as ``manage.py`` commands (cron, Celery beat, or by hand for another day)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wengang.cli import iso_date


class DailyCommand(BaseCommand):
    """A daily job: ``run`` is called with the day given as ``--date``, or ``None`` for the
    service's current date (``wengang.clock.today()``)."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=iso_date, help="按此日期计算（默认：服务的当前日期）")

    def handle(self, *args: Any, **options: Any) -> None:
        self.run(options["date"])

    def run(self, on: dt.date | None) -> None:
        raise NotImplementedError
