from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wengang import clock
from wengang.jobs.services import deactivate_stale_posts


class Command(BaseCommand):
    help = "将已过截止日期的岗位（含急聘）标记为已过期，并记录状态变更"

    def handle(self, *args: Any, **options: Any) -> None:
        count = deactivate_stale_posts(today=clock.today())
        self.stdout.write(f"已下架 {count} 个过期岗位（截至 {clock.today():%Y-%m-%d}）")
