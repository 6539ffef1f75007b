"""Close the applications whose 容缺 due date has passed (run daily)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wengang.subsidies.services.review import deficiency_close_overdue


class Command(BaseCommand):
    help = "关闭容缺补正期限已过仍未补正的申请（逾期未补正）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=dt.date.fromisoformat, help="按此日期计算（默认：服务的当前日期）")

    def handle(self, *args: Any, **options: Any) -> None:
        closed = deficiency_close_overdue(on=options["date"])
        for app in closed:
            self.stdout.write(f"{app.reference} 逾期未补正，已关闭")
        self.stdout.write(f"共关闭 {len(closed)} 件申请")
