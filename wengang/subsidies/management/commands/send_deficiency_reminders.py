"""Remind applicants of 容缺 items due within two working days (run daily)."""

from __future__ import annotations

import datetime as dt

from wengang.cases.commands import DailyCommand
from wengang.subsidies.services.review import deficiency_send_reminders


class Command(DailyCommand):
    help = "提醒申请人两个工作日内到期的容缺补正事项（每项只提醒一次）"

    def run(self, on: dt.date | None) -> None:
        sent = deficiency_send_reminders(on=on)
        self.stdout.write(f"已发送 {sent} 条容缺到期提醒")
