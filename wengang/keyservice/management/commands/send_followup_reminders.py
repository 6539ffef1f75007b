"""``manage.py send_followup_reminders [--date YYYY-MM-DD]``: remind staff of due follow-ups."""

from __future__ import annotations

import datetime as dt

from wengang.cases.commands import DailyCommand
from wengang.keyservice.services import followup_send_reminders


class Command(DailyCommand):
    help = "提醒责任人跟进到期的重点企业联系记录（每条记录只提醒一次）"

    def run(self, on: dt.date | None) -> None:
        sent = followup_send_reminders(on=on)
        self.stdout.write(f"已发送跟进提醒 {sent} 条")
