"""``manage.py backup [--into DIR]``: database dump, uploaded files and a manifest (make backup)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wengang.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "备份数据库与上传文件（附行数与文件哈希清单）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--into", type=Path, help="备份目录（默认 var/backups/<时间>）")

    def handle(self, *args: Any, **options: Any) -> None:
        into = options["into"] or Path(settings.BASE_DIR) / "var" / "backups" / dt.datetime.now(dt.UTC).strftime(
            "%Y%m%dT%H%M%SZ"
        )
        try:
            manifest = backup_create(into=into, media_root=Path(settings.MEDIA_ROOT))
        except (BackupError, FileExistsError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"已备份到 {into}：{len(manifest['tables'])} 张表 {rows} 行，{len(manifest['files'])} 个上传文件"
        )
