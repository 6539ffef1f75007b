"""``manage.py import_permit_emails PATH``: the e-mail route of the permit applications (D1)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wengang.permits.intake import import_permit_emails

LABELS = {
    "attached": "已归入案件",
    "unmatched": "无法识别",
    "refused": "已退回",
    "duplicate": "此前已导入",
    "failed": "导入失败",
}


class Command(BaseCommand):
    help = "导入发送到许可受理邮箱的邮件（.eml 文件、.eml 文件夹或 Maildir）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help=".eml 文件、包含 .eml 的文件夹，或 Maildir 目录")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            results = import_permit_emails(options["path"])
        except FileNotFoundError as err:
            raise CommandError(str(err)) from err
        for result in results:
            case = f" {result.case.reference}" if result.case else ""
            reason = f"：{result.reason}" if result.reason else ""
            self.stdout.write(f"{LABELS[result.outcome]}{case}{reason}")
        counts = Counter(r.outcome for r in results)
        self.stdout.write(f"共 {len(results)} 封：" + "，".join(f"{LABELS[k]} {v}" for k, v in counts.items()))
