"""Count the dashboards' application summary from scratch (nightly; after a bulk load)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from wengang.subsidies.summary import summary_rebuild


class Command(BaseCommand):
    help = "重新统计看板的补贴申请汇总（全部已提交的申请）"

    def handle(self, *args: Any, **options: Any) -> None:
        began = time.perf_counter()
        rows = summary_rebuild()
        self.stdout.write(f"汇总已重建：{rows} 行，用时 {time.perf_counter() - began:.1f} 秒")
