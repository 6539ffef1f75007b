"""``manage.py restore DIR [--database-url URL]``: into an empty database and MEDIA_ROOT, then checked."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wengang.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "从备份恢复到空数据库与空的上传文件目录，并核对行数与文件哈希"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="备份目录（manage.py backup 写出的）")
        parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""), help="目标空数据库")
        parser.add_argument("--media-root", type=Path, default=None, help="目标上传文件目录（默认 MEDIA_ROOT）")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["database_url"]:
            raise CommandError("请用 --database-url 或 DATABASE_URL 指定要恢复到的空数据库")
        try:
            result = backup_restore(
                source=options["source"],
                database_url=options["database_url"],
                media_root=options["media_root"] or Path(settings.MEDIA_ROOT),
            )
        except (BackupError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        if result["differences"]:
            raise CommandError("恢复结果与备份清单不符：\n" + "\n".join(result["differences"]))
        self.stdout.write(
            f"已恢复并核对：{result['tables']} 张表 {result['rows']} 行，{result['files']} 个文件与备份一致"
        )
