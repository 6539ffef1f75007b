#!/usr/bin/env python3
"""Benchmark batch screening (``wengang screen``) and single-case ``explain``.

    python bench/screen_bench.py            # 100k and 1M rows, explain latency, output check
    python bench/screen_bench.py --big      # adds 10M rows

For each size the whole ``wengang screen IN.parquet -o OUT.parquet`` process is run as a
subprocess inside a fresh wrapper process, which reports

* wall seconds of the whole child process (interpreter start, imports, read, validate, screen,
  write), measured around ``subprocess.run``;
* peak memory: ``ru_maxrss`` of ``getrusage(RUSAGE_CHILDREN)`` in the wrapper, i.e. the child's
  maximum resident set size (a fresh wrapper per run, so runs do not mask each other);
* the engine's own time as it prints it (``用时 … 秒``: after imports, before exit).

Inputs come from ``bench/generate.py`` (seed 2020, bad rate 0.001) and are cached in
``bench/data/`` (git-ignored) with a sidecar recording how they were made; outputs go to
``bench/out/`` (git-ignored). The 100k output is converted to CSV and checked with
``shared/tools/check_screen_output.py`` against the input minus the rows the engine rejected.

``explain`` latency is measured in this process: ``explain(facts).to_dict()`` for N distinct
enterprises (rows of the 100k extract as dicts), after a short warm-up; median, p95 and p99.

Targets (documented, not asserted): 1M rows ≤ 1.5 s and ≤ 2 GB; 10M rows ≤ 12 s and ≤ 4 GB;
explain median ≤ 0.2 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

DATA = BENCH / "data"
OUT = BENCH / "out"
SIZES = {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
TARGETS = {"1m": (1.5, 2048), "10m": (12.0, 4096)}  # seconds, MiB
EXPLAIN_TARGET_MS = 0.2


def _checker_path() -> Path:
    env = os.environ.get("WENGANG_CHECKER")
    if env:
        return Path(env)
    return ROOT.parent / "shared" / "tools" / "check_screen_output.py"


# Runs in a fresh interpreter: starts the command, waits, reports the child's wall time and peak RSS.
WRAPPER = r"""
import json, resource, subprocess, sys, time
log = open(sys.argv[1], "wb")
t0 = time.perf_counter()
rc = subprocess.run(sys.argv[2:], stdout=log, stderr=subprocess.STDOUT).returncode
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "maxrss_kib": ru.ru_maxrss, "user": ru.ru_utime, "sys": ru.ru_stime}))
"""


def _git_state() -> str:
    """The commit benchmarked, and whether the engine had uncommitted changes (read-only git)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "wengang"], cwd=ROOT, capture_output=True, text=True
        )
    except OSError:
        return "unknown"
    state = head.stdout.strip() or "unknown"
    return state + (" + uncommitted changes in wengang/" if dirty.stdout.strip() else "")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _wengang() -> list[str]:
    exe = Path(sys.executable).parent / "wengang"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "wengang.cli"]


def measure(cmd: list[str], log: Path) -> dict:
    """Run ``cmd`` in a fresh wrapper; return wall seconds, peak RSS (KiB), CPU times, exit code."""
    res = subprocess.run([sys.executable, "-c", WRAPPER, str(log), *cmd], capture_output=True, text=True, check=True)
    out = json.loads(res.stdout.strip().splitlines()[-1])
    out["log"] = log.read_text(encoding="utf-8", errors="replace")
    return out


# ---- inputs --------------------------------------------------------------------------------


def _generator_hash() -> str:
    return hashlib.sha256((BENCH / "generate.py").read_bytes()).hexdigest()[:16]


def ensure_input(label: str, rows: int, seed: int, bad_rate: float) -> Path:
    """The cached extract for ``label``, (re)generated when missing or made differently."""
    path = DATA / f"registry_{label}.parquet"
    sidecar = path.with_name(path.name + ".json")
    want = {"rows": rows, "seed": seed, "bad_rate": bad_rate, "generator": _generator_hash()}
    if path.exists() and sidecar.exists():
        try:
            if json.loads(sidecar.read_text()) == want:
                return path
        except ValueError:
            pass
    print(f"  generating {rows:,} rows → {path.relative_to(ROOT)} …", flush=True)
    t0 = time.perf_counter()
    generate.write_extract(path, rows, seed, bad_rate)
    print(f"  generated in {time.perf_counter() - t0:.1f} s", flush=True)
    sidecar.write_text(json.dumps(want))
    return path


# ---- screening -------------------------------------------------------------------------------


ENGINE_TIME = re.compile(r"用时 ([0-9.]+) 秒")
COUNTS = re.compile(r"读入 (\d+) 行，接受 (\d+) 行，退回 (\d+) 行")


def bench_screen(label: str, source: Path, repeat: int) -> dict:
    output = OUT / f"screen_{label}.parquet"
    runs = []
    for k in range(repeat):
        load = _load()
        r = measure([*_wengang(), "screen", str(source), "-o", str(output)], OUT / f"screen_{label}.log")
        if r["rc"] != 0:
            raise SystemExit(f"wengang screen failed on {source.name} (exit {r['rc']}):\n{r['log'][-2000:]}")
        m = ENGINE_TIME.search(r["log"])
        r["engine"] = float(m.group(1)) if m else None
        c = COUNTS.search(r["log"])
        r["counts"] = tuple(int(x) for x in c.groups()) if c else None
        r["load_before"] = load
        runs.append(r)
        print(
            f"  {label} run {k + 1}/{repeat}: {r['wall']:.2f} s, {r['maxrss_kib'] / 1024:.0f} MiB "
            f"(load average before: {load})",
            flush=True,
        )
    walls = [r["wall"] for r in runs]
    rows, accepted, rejected = runs[-1]["counts"] or (None, None, None)
    median = statistics.median(walls)
    return {
        "label": label,
        "rows": rows,
        "accepted": accepted,
        "rejected_rows": rejected,
        "runs": len(runs),
        "wall_median_s": median,
        "wall_min_s": min(walls),
        "engine_median_s": statistics.median([r["engine"] for r in runs if r["engine"] is not None] or [float("nan")]),
        "cpu_median_s": statistics.median([r["user"] + r["sys"] for r in runs]),
        "rows_per_s": rows / median if rows else None,
        "peak_rss_mib": max(r["maxrss_kib"] for r in runs) / 1024,
        "walls_s": walls,
        "load_before": [r["load_before"] for r in runs],
        "output": str(output),
    }


def bench_startup(repeat: int) -> dict:
    """Fixed cost of a ``wengang`` process: ``wengang variants`` (interpreter + CLI imports)."""
    walls = []
    for _ in range(repeat):
        walls.append(measure([*_wengang(), "variants"], OUT / "startup.log")["wall"])
    cmd = [sys.executable, "-c", "import wengang.policy.screen"]
    imports = [measure(cmd, OUT / "imports.log")["wall"] for _ in range(repeat)]
    return {"cli_median_s": statistics.median(walls), "import_screen_median_s": statistics.median(imports)}


def check_output(source: Path, label: str) -> dict:
    """Run the shared output checker on the screened output (as CSV) against the input order."""
    import polars as pl

    checker = _checker_path()
    output = OUT / f"screen_{label}.parquet"
    rejects = OUT / f"screen_{label}.rejects.csv"
    out_csv = OUT / f"screen_{label}.csv"
    order_csv = OUT / f"screen_{label}.order.csv"
    out = pl.read_parquet(output)
    out.write_csv(out_csv)
    codes = pl.read_parquet(source, columns=["uscc"]).with_row_index("row", offset=1)
    rejected = pl.read_csv(rejects, columns=["row"], schema_overrides={"row": pl.Int64})["row"].unique()
    # The input minus the rejected rows: what the output must be, in order. (The checker maps each
    # code to one input position, so the rejected duplicates must not be in what it is given.)
    kept = codes.filter(~pl.col("row").cast(pl.Int64).is_in(rejected.implode()))
    kept.select("uscc").write_csv(order_csv)
    same_codes = kept["uscc"].equals(out["uscc"])
    result = {
        "output_rows": out.height,
        "input_rows": codes.height,
        "rejected_rows": rejected.len(),
        "rows_add_up": out.height + rejected.len() == codes.height,
        "codes_equal_input_minus_rejects": bool(same_codes),
    }
    if not checker.exists():
        result["checker"] = f"skipped: {checker} not found"
        return result
    res = subprocess.run([sys.executable, str(checker), str(out_csv), str(order_csv)], capture_output=True, text=True)
    result["checker"] = "conforms" if res.returncode == 0 else "DOES NOT CONFORM"
    result["checker_output"] = res.stdout.strip().splitlines()[-25:]
    return result


# ---- explain -------------------------------------------------------------------------------------


def bench_explain(source: Path, n: int, passes: int = 3, warmup: int = 200) -> dict:
    """Latency of ``explain(facts).to_dict()`` over ``n`` distinct enterprises.

    The ``n`` cases are timed one call at a time, in ``passes`` passes; the figures are those of
    the pass with the lowest median (the one least disturbed by other load on the machine), and
    every pass's median is kept.
    """
    import polars as pl

    from wengang.policy import explain

    df = pl.read_parquet(source)
    step = max(1, df.height // (n + warmup))
    cases = df.gather_every(step).head(n + warmup).to_dicts()
    for facts in cases[n:]:
        explain(facts).to_dict()
    best: list[float] | None = None
    medians = []
    errors = 0
    for _ in range(passes):
        timings = []
        errors = 0
        for facts in cases[:n]:
            t0 = time.perf_counter_ns()
            result = explain(facts).to_dict()
            timings.append(time.perf_counter_ns() - t0)
            errors += bool(result.get("errors"))
        ms = sorted(t / 1e6 for t in timings)
        medians.append(statistics.median(ms))
        if best is None or medians[-1] < statistics.median(best):
            best = ms
    assert best is not None

    def pct(q: float) -> float:
        return best[min(len(best) - 1, int(q * len(best)))]

    return {
        "cases": len(best),
        "passes": passes,
        "pass_medians_ms": medians,
        "cases_with_input_errors": errors,
        "median_ms": statistics.median(best),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": best[-1],
        "mean_ms": statistics.fmean(best),
    }


# ---- report ----------------------------------------------------------------------------------


def _verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "MISSED")


def report(screens: list[dict], startup: dict | None, explain_res: dict | None, check: dict | None) -> str:
    lines = []
    head = f"{'rows':>11} {'runs':>4} {'wall s (median)':>15} {'min':>6} {'engine s':>8} {'cpu s':>6} {'rows/s':>11} {'peak RSS MiB':>12}  target"
    lines.append(head)
    lines.append("-" * len(head))
    for s in screens:
        target = TARGETS.get(s["label"])
        if target:
            ok = s["wall_median_s"] <= target[0] and s["peak_rss_mib"] <= target[1]
            t = f"≤{target[0]:g} s, ≤{target[1] / 1024:g} GB: {_verdict(ok)}"
        else:
            t = ""
        lines.append(
            f"{s['rows']:>11,} {s['runs']:>4} {s['wall_median_s']:>15.2f} {s['wall_min_s']:>6.2f} "
            f"{s['engine_median_s']:>8.2f} {s['cpu_median_s']:>6.2f} {s['rows_per_s']:>11,.0f} "
            f"{s['peak_rss_mib']:>12,.0f}  {t}"
        )
    if startup:
        lines.append(
            f"fixed cost: `wengang variants` {startup['cli_median_s']:.2f} s; "
            f"`import wengang.policy.screen` {startup['import_screen_median_s']:.2f} s"
        )
    if explain_res:
        e = explain_res
        lines.append(
            f"explain(facts).to_dict(): {e['cases']} enterprises, best of {e['passes']} passes: "
            f"median {e['median_ms']:.3f} ms, "
            f"p95 {e['p95_ms']:.3f} ms, p99 {e['p99_ms']:.3f} ms, max {e['max_ms']:.3f} ms "
            f"(target median ≤{EXPLAIN_TARGET_MS} ms: {_verdict(e['median_ms'] <= EXPLAIN_TARGET_MS)}); "
            f"pass medians {', '.join(f'{m:.3f}' for m in e['pass_medians_ms'])} ms"
        )
    if check:
        lines.append(
            f"100k output check: {check['checker']}; {check['output_rows']:,} rows out + "
            f"{check['rejected_rows']:,} rejected = {check['input_rows']:,} in: "
            f"{'yes' if check['rows_add_up'] else 'NO'}; codes = input minus rejects, in order: "
            f"{'yes' if check['codes_equal_input_minus_rejects'] else 'NO'}"
        )
        if check["checker"] == "DOES NOT CONFORM":
            lines.extend("  " + x for x in check.get("checker_output", []))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--big", action="store_true", help="also 10M rows")
    parser.add_argument("--sizes", help="comma-separated subset of 100k,1m,10m (overrides --big)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size up to 1M (10M runs once)")
    parser.add_argument("--explain-cases", type=int, default=2000)
    parser.add_argument("--explain-passes", type=int, default=3)
    parser.add_argument("--no-explain", action="store_true")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--bad-rate", type=float, default=0.001)
    args = parser.parse_args(argv)
    labels = args.sizes.split(",") if args.sizes else ["100k", "1m", *(["10m"] if args.big else [])]
    unknown = [x for x in labels if x not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {unknown}; choose from {', '.join(SIZES)}")
    OUT.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now().astimezone()
    print(
        f"wengang screen benchmark — {started:%Y-%m-%d %H:%M %Z}, {platform.node()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
        flush=True,
    )
    print(f"code: {_git_state()}; load average {_load()}", flush=True)
    inputs = {label: ensure_input(label, SIZES[label], args.seed, args.bad_rate) for label in labels}
    if "100k" not in inputs and not args.no_explain:
        inputs_100k = ensure_input("100k", SIZES["100k"], args.seed, args.bad_rate)
    else:
        inputs_100k = inputs.get("100k")
    startup = bench_startup(args.repeat)
    screens = []
    check = None
    for label in labels:
        screens.append(bench_screen(label, inputs[label], 1 if label == "10m" else args.repeat))
        if label == "100k":
            check = check_output(inputs[label], label)
    explain_res = (
        None
        if args.no_explain or inputs_100k is None
        else bench_explain(inputs_100k, args.explain_cases, args.explain_passes)
    )
    import polars as pl

    text = report(screens, startup, explain_res, check)
    print()
    print(text)
    results = {
        "date": started.isoformat(timespec="seconds"),
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "polars": pl.__version__,
        "argv": sys.argv,
        "code": _git_state(),
        "load_after": _load(),
        "screen": screens,
        "startup": startup,
        "explain": explain_res,
        "check": check,
    }
    path = OUT / f"results-{started:%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print(f"load average now: {_load()}")
    print(f"\nresults: {path.relative_to(ROOT)}")
    return 0 if check is None or check["checker"] != "DOES NOT CONFORM" else 1


if __name__ == "__main__":
    sys.exit(main())
