"""``wengang`` command line: explain one case, screen a registry extract, list parameters.

    wengang explain FACTS.yaml [--on DATE] [--variant NAME] [--set P=V ...] [--json]
    wengang screen INPUT -o OUTPUT [--on DATE] [--set P=V ...] [--variant NAME] [--rejects FILE] [--partitions N]
    wengang params [--on DATE] [--json]
    wengang variants
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from .policy import VARIANTS, explain, load_parameters, parse_overrides
from .policy.factfile import load_fact_file
from .policy.params import STATUS_ZH, ParameterError, format_param
from .policy.rules.variants import UnknownVariant


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{text}") from exc


def cmd_explain(args: argparse.Namespace) -> int:
    facts = load_fact_file(Path(args.file))
    overrides = parse_overrides(args.set or [])
    result = explain(facts, args.on, variant=args.variant, overrides=overrides)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.to_text())
    # bad input is a usage error (exit 2), as a malformed file is: the field and why, in Chinese
    for err in result.errors:
        print(f"输入有误：{err.field}：{err.message}", file=sys.stderr)
    return 2 if result.errors else 0


class _NoBar:
    def close(self) -> None:
        pass


def _no_progress(done: int, total: int) -> None:
    pass


def _progress_bar(total_hint: int | None = None) -> Any:
    if not sys.stderr.isatty():
        # tqdm(disable=None) would show nothing either; its import costs a batch run up to 0.05 s
        return _NoBar(), _no_progress
    from tqdm import tqdm

    bar = tqdm(total=total_hint, unit=" 行", unit_scale=True, file=sys.stderr, disable=None, leave=False)

    def update(done: int, total: int) -> None:
        if bar.total != total:
            bar.total = total
        bar.update(done - bar.n)

    return bar, update


def _summary_table(base: Any, alt: Any | None) -> str:
    lines = []
    header = f"{'政策':<6}{'符合(家)':>10}{'待定(家)':>10}{'金额(元)':>20}"
    if alt is not None:
        header += f"{'模拟符合':>10}{'差额(家)':>10}{'模拟金额(元)':>20}{'金额差(元)':>18}"
    lines.append(header)
    for pid, count in base.eligible.items():
        amount = base.amount.get(pid)
        row = f"{pid:<6}{count:>10}{base.unknown.get(pid, 0):>10}{_money(amount):>20}"
        if alt is not None:
            a_count = alt.eligible.get(pid, 0)
            a_amount = alt.amount.get(pid)
            diff = None if amount is None or a_amount is None else a_amount - amount
            row += f"{a_count:>10}{a_count - count:>+10}{_money(a_amount):>20}{_money(diff, sign=True):>18}"
        lines.append(row)
    return "\n".join(lines)


def _money(value: Decimal | None, sign: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+,.2f}" if sign else f"{value:,.2f}"


#: Polars' allocator (jemalloc) in a screening process: one arena, and freed pages kept (Polars'
#: own default returns them after 0.5–1 s), so what one step frees the next reuses instead of
#: faulting fresh pages in (at 1M rows ~250k → ~180k page faults, ~0.15 s of system time; the
#: peak grows by ~50 MB). Polars adds these after its defaults, so they take precedence.
BATCH_MALLOC_CONF = "narenas:1,dirty_decay_ms:-1,muzzy_decay_ms:-1"


def batch_allocator() -> None:
    """Tune the allocator for a batch run: only before Polars is loaded (jemalloc reads its
    settings once), and not over settings given in the environment."""
    if "polars" not in sys.modules:
        os.environ.setdefault("_RJEM_MALLOC_CONF", BATCH_MALLOC_CONF)


def cmd_screen(args: argparse.Namespace) -> int:
    batch_allocator()
    from .policy.screen import ScreenError, rejects_path_for, screen_file

    source, output = Path(args.input), Path(args.output)
    overrides = parse_overrides(args.set or [])
    what_if = bool(overrides) or args.variant != "baseline"
    rejects = Path(args.rejects) if args.rejects else rejects_path_for(output)
    started = time.perf_counter()
    bar, update = _progress_bar()
    try:
        if args.partitions:
            from .policy.partition import screen_partitioned

            summary = screen_partitioned(
                source, output, args.partitions, on=args.on, variant=args.variant, sets=args.set or [], rejects=rejects
            )
        else:
            summary = screen_file(
                source, output, on=args.on, variant=args.variant, overrides=overrides, rejects=rejects, progress=update
            )
        bar.close()
        baseline = None
        if what_if:
            base_out = output.with_name(output.stem + ".baseline" + output.suffix)
            bar, update = _progress_bar()
            baseline = screen_file(
                source, base_out, on=args.on, rejects=base_out.with_name(base_out.stem + ".rejects.csv"), progress=update
            )
            bar.close()
    except ScreenError as err:
        bar.close()
        print(f"错误：{err}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    print(f"读入 {summary.rows} 行，接受 {summary.accepted} 行，退回 {summary.rejected_rows} 行（见 {rejects}）；用时 {elapsed:.2f} 秒")
    print(f"结果：{output}")
    if summary.provisional:
        print(f"待核实：以下参数未确认或为模拟值，相关金额为暂定 —— {'、'.join(summary.provisional)}")
    if baseline is not None:
        print(f"\n模拟与基线对比（解读方案 {args.variant}；参数 {', '.join(args.set or []) or '无改动'}）：")
        print(_summary_table(baseline, summary))
    else:
        print(_summary_table(summary, None))
    return 0


def cmd_params(args: argparse.Namespace) -> int:
    params = load_parameters()
    rows = []
    for name, param in sorted(params.items()):
        for value in param.values:
            if args.on and not value.covers(args.on):
                continue
            rows.append(
                {
                    "name": name,
                    "label": param.label,
                    "clause": param.clause,
                    "value": format_param(value.value, param.unit),
                    "unit": param.unit,
                    "start": value.start.isoformat(),
                    "end": value.end.isoformat() if value.end else "",
                    "status": value.status,
                    "source": value.source,
                }
            )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        period = f"{r['start']} 至 {r['end'] or '今'}"
        print(f"{r['name']:<30} {r['value']:<16} {period:<26} {STATUS_ZH[r['status']]:<4} [{r['clause']}] {r['label']}")
        print(f"{'':<30} 来源：{r['source']}")
    return 0


def cmd_variants(args: argparse.Namespace) -> int:
    for name, text in VARIANTS.items():
        print(f"{name:<12} {text}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wengang", description="稳岗政策引擎：逐案解释与批量筛查")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--on", type=iso_date, default=None, help="决定日期 YYYY-MM-DD（默认 2020-05-01）")
        p.add_argument("--variant", default="baseline", help="解读方案（wengang variants 列出）")
        p.add_argument("--set", action="append", metavar="PARAM=VALUE", help="模拟：覆盖参数值，可重复")

    p = sub.add_parser("explain", help="解释一个案件（JSON 或 YAML 事实文件）")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    common(p)
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser("screen", help="批量筛查登记数据（CSV / Parquet / XLSX）")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--rejects", help="退回行文件（默认 OUTPUT.rejects.csv）")
    p.add_argument(
        "--partitions", type=int, default=0, metavar="N",
        help="按记录范围分成 N 个分区，在子进程中并行筛查后合并（结果与单进程逐字节相同）",
    )
    common(p)
    p.set_defaults(func=cmd_screen)

    p = sub.add_parser("params", help="列出参数：值、期间、来源、状态")
    p.add_argument("--on", type=iso_date, default=None, help="只列出在该日期有效的值")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_params)

    p = sub.add_parser("variants", help="列出解读方案")
    p.set_defaults(func=cmd_variants)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (ParameterError, UnknownVariant, ValueError, OSError) as err:
        print(f"错误：{err}", file=sys.stderr)
        return 2


def run() -> None:
    """Console entry point. Exits without tearing down the interpreter's heap: after a screening
    run of millions of rows that teardown costs a noticeable fraction of the run."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
