"""Remind applicants of 容缺 items due within two working days (run daily)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wengang.subsidies.services.review import deficiency_send_reminders


class Command(BaseCommand):
    help = "提醒申请人两个工作日内到期的容缺补正事项（每项只提醒一次）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=dt.date.fromisoformat, help="按此日期计算（默认：服务的当前日期）")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = deficiency_send_reminders(on=options["date"])
        self.stdout.write(f"已发送 {sent} 条容缺到期提醒")
