"""Close the applications whose 容缺 due date has passed (run daily)."""

from __future__ import annotations

import datetime as dt

from wengang.cases.commands import DailyCommand
from wengang.subsidies.services.review import deficiency_close_overdue


class Command(DailyCommand):
    help = "关闭容缺补正期限已过仍未补正的申请（逾期未补正）"

    def run(self, on: dt.date | None) -> None:
        closed = deficiency_close_overdue(on=on)
        for app in closed:
            self.stdout.write(f"{app.reference} 逾期未补正，已关闭")
        self.stdout.write(f"共关闭 {len(closed)} 件申请")
