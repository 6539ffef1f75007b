"""import_registry FILE [--as-of DATE]: load a registry extract (CSV, Parquet or XLSX) into organisations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wengang import clock
from wengang.policy.screen import ScreenError
from wengang.registry.services import registry_import_extract

#: rejects printed in full; the rest are counted
SHOWN = 50


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"日期“{text}”无效，请写成 2020-04-30 的形式") from exc


class Command(BaseCommand):
    help = "导入登记数据（REGISTRY.md 格式的 CSV、Parquet 或 XLSX），按统一社会信用代码新建或更新单位"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="登记数据文件")
        parser.add_argument("--as-of", type=str, default="", help="登记数据日期（默认今天），如 2020-04-30")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"找不到文件 {path}")
        as_of = _date(options["as_of"]) if options["as_of"] else clock.today()
        try:
            result = registry_import_extract(path_or_frame=path, as_of=as_of)
        except ScreenError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"导入完成（登记数据日期 {as_of.isoformat()}）：新建 {result.created} 家，"
            f"更新 {result.updated} 家，拒收 {result.rejected} 行。"
        )
        if result.encoding == "GB18030":
            self.stdout.write("文件不是 UTF-8 编码，已按 GBK（GB18030）编码读取。")
        for reject in result.rejects[:SHOWN]:
            self.stdout.write(
                f"  第 {reject.row} 行（文件第 {reject.line} 行）{reject.column}“{reject.value}”：{reject.reason}"
            )
        if len(result.rejects) > SHOWN:
            self.stdout.write(f"  …… 另有 {len(result.rejects) - SHOWN} 个问题未列出")
        if result.unknown_streets:
            self.stdout.write(
                "以下街乡名称不属于朝阳区 43 个街乡，相应单位未关联街乡：" + "、".join(result.unknown_streets)
            )
