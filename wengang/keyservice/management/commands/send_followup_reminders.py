"""``manage.py send_followup_reminders [--date YYYY-MM-DD]``: remind staff of due follow-ups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wengang.keyservice.services import followup_send_reminders


class Command(BaseCommand):
    help = "提醒责任人跟进到期的重点企业联系记录（每条记录只提醒一次）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="按该日期判断是否到期（默认今天）")

    def handle(self, *args: Any, **options: Any) -> None:
        on = None
        if options["date"]:
            try:
                on = dt.date.fromisoformat(options["date"])
            except ValueError as err:
                raise CommandError("日期格式应为 YYYY-MM-DD") from err
        sent = followup_send_reminders(on=on)
        self.stdout.write(f"已发送跟进提醒 {sent} 条")
