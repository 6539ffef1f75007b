"""import_monthly FILE --month 2020-04: keep one month of the monthly registry extract and raise its alerts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wengang.imports import ImportRefused
from wengang.monitoring.warning import monthly_import, read_monthly
from wengang.policy.params import ParameterError

SHOWN = 50


def _month(text: str) -> dt.date:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise CommandError(f"月份“{text}”无效，请写成 2020-04 的形式")
    return dt.date(int(match[1]), int(match[2]), 1)


class Command(BaseCommand):
    help = "导入一个月的月度参保数据（CSV 或 XLSX：统一社会信用代码、月初参保人数、当月新增参保人数、当月减少参保人数），并判断预警"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="月度参保数据文件")
        parser.add_argument("--month", required=True, help="数据所属月份，如 2020-04")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        month = _month(options["month"])
        if not path.is_file():
            raise CommandError(f"找不到文件 {path}")
        try:
            rows = read_monthly(path.read_bytes(), path.name)
            summary = monthly_import(rows=rows, month=month)
        except ImportRefused as exc:
            lines = [str(exc)] + [
                f"  文件第 {r['line']} 行 {r['column']}“{r['value']}”：{r['reason']}" for r in exc.rejects[:SHOWN]
            ]
            if len(exc.rejects) > SHOWN:
                lines.append(f"  …… 另有 {len(exc.rejects) - SHOWN} 个问题未列出")
            raise CommandError("\n".join(lines)) from exc
        except ParameterError as exc:
            raise CommandError(f"未导入：该月没有预警线参数（{exc}）") from exc
        self.stdout.write(
            f"{month:%Y年%m月}导入完成：新增 {summary.created} 家、更新 {summary.updated} 家"
            f"（其中登记库新建单位 {summary.new_firms} 家），新发出预警 {summary.alerts} 条。"
        )
