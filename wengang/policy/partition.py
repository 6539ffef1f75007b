"""Screening split into partitions (record ranges), screened apart and merged into one result.

The merged output, rejects file and meta are byte for byte those of one :func:`screen_file` run
on the same input: each partition is validated and screened on its own (duplicate credit codes
found within it), and the merge, walking the partitions in order, finds the codes a partition
accepted that an earlier partition had already accepted (the same rule, DUP_REASON, as one
process), drops those rows from the output and adds them to the rejects.

Everything a partition needs is in a JSON-able *spec*, and everything it hands on is a file in
the job's directory, so partitions may run in subprocesses (``wengang screen --partitions N``),
in Celery workers (:mod:`wengang.screening_tasks`) or on other machines sharing that directory.

Files in the job directory: ``job.json`` (the plan), and per partition ``part-00000.out.parquet``
(accepted rows screened, with their record number), ``.rejects.parquet``, ``.keys.parquet``
(record number, credit-code keys and the code as given, of the accepted rows) and ``.done``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from .explain import DEFAULT_ON
from .params import parse_overrides
from .rules.enterprise import enterprise_policies
from .rules.variants import check_variant
from .screen import (
    CHUNK_ROWS,
    DUP_REASON,
    REJECT_SCHEMA,
    ROW,
    ScreenError,
    SeenCodes,
    Summary,
    normalise_headers,
    read_table,
    rejects_path_for,
    resolve_for_screen,
    screen_frame,
    validate,
    write_meta,
    write_table,
)

VALUE = "__value"


def count_rows(source: Path) -> int:
    if not source.exists():
        raise ScreenError(f"找不到文件 {source}")
    if source.suffix.lower() == ".parquet":
        return int(pl.scan_parquet(source).select(pl.len()).collect().item())
    return read_table(source).height


def plan(
    source: Path,
    output: Path,
    workdir: Path,
    partitions: int,
    *,
    on: dt.date | None = None,
    variant: str = "baseline",
    sets: Sequence[str] = (),
    rejects: Path | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> dict[str, Any]:
    """Split ``source`` into at most ``partitions`` record ranges; write and return the job."""
    if partitions < 1:
        raise ScreenError("分区数须至少为 1")
    check_variant(variant)
    parse_overrides(sets)  # a bad --set fails here, before any work
    total = count_rows(source)
    size = max(1, -(-total // partitions))
    ranges = [(start, min(size, total - start)) for start in range(0, total, size)] or [(0, 0)]
    workdir.mkdir(parents=True, exist_ok=True)
    job: dict[str, Any] = {
        "source": str(source),
        "output": str(output),
        "rejects": str(rejects or rejects_path_for(output)),
        "workdir": str(workdir),
        "on": (on or DEFAULT_ON).isoformat(),
        "variant": variant,
        "sets": list(sets),
        "total": total,
        "chunk_rows": chunk_rows,
        "specs": [],
    }
    for index, (offset, length) in enumerate(ranges):
        job["specs"].append({**{k: job[k] for k in ("source", "workdir", "on", "variant", "sets")},
                             "index": index, "offset": offset, "length": length})
    (workdir / "job.json").write_text(json.dumps(job, ensure_ascii=False, indent=1), encoding="utf-8")
    return job


def _part(workdir: Path, index: int, kind: str) -> Path:
    return workdir / f"part-{index:05d}.{kind}"


def screen_partition(spec: dict[str, Any]) -> dict[str, Any]:
    """Screen one record range into its partial files. Returns the spec (for chaining)."""
    source, workdir = Path(spec["source"]), Path(spec["workdir"])
    offset, length, index = int(spec["offset"]), int(spec["length"]), int(spec["index"])
    resolved = resolve_for_screen(dt.date.fromisoformat(spec["on"]), spec["variant"], parse_overrides(spec["sets"]))
    if source.suffix.lower() == ".parquet":
        df = normalise_headers(pl.scan_parquet(source).slice(offset, length).collect())
    else:
        df = read_table(source).slice(offset, length)
    checked = validate(df, row_offset=offset)
    out = screen_frame(checked, variant=spec["variant"], resolved=resolved)
    rows = checked.raw[ROW]
    out.with_columns(rows).write_parquet(_part(workdir, index, "out.parquet"))
    checked.rejects.write_parquet(_part(workdir, index, "rejects.parquet"))
    values = df["uscc"].gather((rows - offset - 1).to_numpy()).cast(pl.String).alias(VALUE)
    checked.keys.with_columns(rows, values).write_parquet(_part(workdir, index, "keys.parquet"))
    _part(workdir, index, "done").write_text("", encoding="utf-8")
    return spec


def all_done(job: dict[str, Any]) -> bool:
    workdir = Path(job["workdir"])
    return all(_part(workdir, int(s["index"]), "done").exists() for s in job["specs"])


def claim_merge(job: dict[str, Any]) -> bool:
    """True for exactly one caller once every partition is done (an exclusive create of
    ``merge.claim``: atomic on a local disk and on NFS v3+), so the merge runs once."""
    if not all_done(job):
        return False
    try:
        fd = os.open(Path(job["workdir"]) / "merge.claim", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def merge(job: dict[str, Any]) -> Summary:
    """Merge the partitions' files into the output, rejects and meta of one run."""
    workdir = Path(job["workdir"])
    variant = job["variant"]
    on = dt.date.fromisoformat(job["on"])
    overrides = parse_overrides(job["sets"])
    resolved = resolve_for_screen(on, variant, overrides)
    seen = SeenCodes()
    outs: list[pl.DataFrame] = []
    rejects: list[pl.DataFrame] = []
    for spec in job["specs"]:
        index = int(spec["index"])
        out = pl.read_parquet(_part(workdir, index, "out.parquet"))
        rej = pl.read_parquet(_part(workdir, index, "rejects.parquet"))
        keys = pl.read_parquet(_part(workdir, index, "keys.parquet"))
        if len(seen) and keys.height:
            again = pl.Series(seen.contains(keys["__hi"].to_numpy(), keys["__lo"].to_numpy()))
            if again.any():
                dups = keys.filter(again)
                keys = keys.filter(~again)
                out = out.filter(~pl.col(ROW).is_in(dups[ROW].implode()))
                extra = dups.select(
                    pl.col(ROW).alias("row"),
                    (pl.col(ROW) + 1).alias("line"),
                    pl.lit("uscc").alias("column"),
                    pl.col(VALUE).alias("value"),
                    pl.lit(DUP_REASON).alias("reason"),
                )
                rej = pl.concat([rej, extra]).sort("row", maintain_order=True)
        seen.add(keys["__hi"].to_numpy(), keys["__lo"].to_numpy())
        outs.append(out)
        rejects.append(rej)
    merged = pl.concat(outs).rechunk()
    all_rejects = pl.concat(rejects).rechunk() if rejects else pl.DataFrame(schema=REJECT_SCHEMA)
    source, output, rejects_path = Path(job["source"]), Path(job["output"]), Path(job["rejects"])
    total, chunk_rows = int(job["total"]), int(job["chunk_rows"])
    policies = enterprise_policies(variant)
    summary = Summary(provisional=sorted({u.key for u in resolved.used.values() if u.provisional}))
    summary.rows = total
    summary.accepted = merged.height
    summary.rejected_rows = all_rejects["row"].n_unique() if all_rejects.height else 0
    chunked = source.suffix.lower() == ".parquet" and output.suffix.lower() == ".parquet" and total > chunk_rows
    if chunked:
        _write_chunked(merged, output, total, chunk_rows)
    else:
        write_table(merged.drop(ROW), output)
    summary.add(merged.drop(ROW), policies)
    all_rejects.write_csv(rejects_path)
    write_meta(source, output, rejects_path, on, variant, overrides, resolved, summary)
    return summary


def _write_chunked(merged: pl.DataFrame, output: Path, total: int, chunk_rows: int) -> None:
    """Write as one process writes a file of more than ``chunk_rows`` rows: one row group per
    input chunk (see ``screen._screen_chunked``)."""
    import pyarrow.parquet as pq

    writer: pq.ParquetWriter | None = None
    tmp = output.with_name(output.name + ".partial")
    for offset in range(0, total, chunk_rows):
        part = merged.filter(pl.col(ROW).is_between(offset + 1, offset + chunk_rows)).drop(ROW)
        table = part.to_arrow()
        if writer is None:
            writer = pq.ParquetWriter(tmp, table.schema, compression="lz4", write_statistics=False)
        writer.write_table(table)
    if writer is not None:
        writer.close()
        os.replace(tmp, output)


def screen_partitioned(
    source: Path,
    output: Path,
    partitions: int,
    *,
    on: dt.date | None = None,
    variant: str = "baseline",
    sets: Sequence[str] = (),
    rejects: Path | None = None,
    workdir: Path | None = None,
    chunk_rows: int = CHUNK_ROWS,
    processes: bool = True,
) -> Summary:
    """Screen ``source`` in ``partitions`` parts, each in a subprocess of its own (or in this
    process, ``processes=False``), and merge them. The job directory is removed afterwards."""
    workdir = workdir or output.with_name(f".{output.name}.partitions")
    if workdir.exists():
        shutil.rmtree(workdir)
    try:
        job = plan(source, output, workdir, partitions, on=on, variant=variant, sets=sets,
                   rejects=rejects, chunk_rows=chunk_rows)
        if processes:
            procs = [
                subprocess.Popen(
                    [sys.executable, "-m", "wengang.policy.partition", json.dumps(spec)],
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                )
                for spec in job["specs"]
            ]
            failed = []
            for proc in procs:
                _, err = proc.communicate()
                if proc.returncode:
                    failed.append(err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""])
            if failed:
                raise ScreenError(f"有 {len(failed)} 个分区筛查失败：{failed[0][0]}")
        else:
            for spec in job["specs"]:
                screen_partition(spec)
        return merge(job)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m wengang.policy.partition SPEC_JSON``: screen one partition."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        screen_partition(json.loads(args[0]))
    except ScreenError as err:
        print(f"错误：{err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
