"""Partitioned screening (issue 11): the merged output, rejects and meta are byte for byte those
of one ``screen_file`` run, with 1 and 3 partitions, for CSV and Parquet, with bad rows and
duplicate credit codes straddling the partition boundaries."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from wengang.policy import screen_file
from wengang.policy.partition import screen_partitioned
from wengang.policy.screen import DUP_REASON

from .test_screen_files import _rows

FILES = ("out{s}", "out.rejects.csv", "out{s}.meta.json")


def _registry(n: int = 12) -> list[dict[str, str]]:
    """12 rows; with 3 partitions the ranges are rows 1-4, 5-8, 9-12."""
    rows = _rows(n)
    rows[3]["employees"] = "abc"                 # row 4 bad (end of partition 1)
    rows[4]["uscc"] = rows[2]["uscc"]            # row 5 duplicates row 3 (across the boundary)
    rows[8]["uscc"] = rows[0]["uscc"]            # row 9 duplicates row 1 (two partitions away)
    rows[9]["uscc"] = rows[3]["uscc"]            # row 10: the code of bad row 4 -> accepted
    rows[10]["uscc"] = rows[9]["uscc"]           # row 11 duplicates row 10 (within partition 3)
    rows[11]["revenue_2019"] = "1,000"           # row 12 bad
    rows[6]["uscc"] = "91110105000000000X"       # row 7: bad check character
    rows[7]["uscc"] = rows[6]["uscc"]            # row 8: the same bad code, rejected as bad
    return rows


def _source(tmp_path: Path, kind: str) -> Path:
    frame = pl.DataFrame(_registry(), schema={k: pl.String for k in _registry()[0]})
    path = tmp_path / f"in.{kind}"
    if kind == "csv":
        frame.write_csv(path)
    else:
        frame = frame.with_columns(pl.col("ui_payers_2020_01").cast(pl.Int64))  # a typed column
        frame.write_parquet(path)
    return path


def _snapshot(directory: Path, suffix: str) -> dict[str, bytes]:
    return {name.format(s=suffix): (directory / name.format(s=suffix)).read_bytes() for name in FILES}


def one_run(tmp_path: Path, kind: str) -> tuple[Path, Path, dict[str, bytes], Any]:
    """A source extract, the output path (its folder left empty again), the files one ``screen_file``
    run writes there and its summary: what a partitioned run must reproduce."""
    source = _source(tmp_path, kind)
    out = tmp_path / "run" / f"out.{kind}"
    out.parent.mkdir()
    single = screen_file(source, out)
    expected = _snapshot(out.parent, f".{kind}")
    shutil.rmtree(out.parent)
    out.parent.mkdir()
    return source, out, expected, single


@pytest.mark.parametrize("kind", ["csv", "parquet"])
@pytest.mark.parametrize("partitions", [1, 3])
def test_partitioned_run_is_byte_for_byte_one_run(tmp_path: Path, kind: str, partitions: int) -> None:
    source, out, expected, single = one_run(tmp_path, kind)
    # subprocesses for the CSV runs (and the CLI test); in this process for Parquet, to keep it fast
    merged = screen_partitioned(source, out, partitions, processes=kind == "csv" and partitions > 1)
    assert _snapshot(out.parent, f".{kind}") == expected
    assert merged == single
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(expected)  # job directory removed
    rejects = pl.read_csv(out.parent / "out.rejects.csv")
    dups = rejects.filter(pl.col("reason") == DUP_REASON)
    assert dups["row"].to_list() == [5, 9, 11]
    assert dups["line"].to_list() == [6, 10, 12]
    assert single.rows == 12 and single.accepted == 5 and single.rejected_rows == 7  # bad 4, 7, 8, 12; dup 5, 9, 11


def test_chunked_parquet_output_is_matched(tmp_path: Path) -> None:
    """A Parquet output of more rows than a chunk is written in row groups per input chunk."""
    source = _source(tmp_path, "parquet")
    out = tmp_path / "run" / "out.parquet"
    out.parent.mkdir()
    screen_file(source, out, chunk_rows=5)
    expected = _snapshot(out.parent, ".parquet")
    shutil.rmtree(out.parent)
    out.parent.mkdir()
    screen_partitioned(source, out, 3, chunk_rows=5, processes=False)
    assert _snapshot(out.parent, ".parquet") == expected


def test_more_partitions_than_rows_and_what_if_parameters(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    pl.DataFrame(_rows(2)).write_csv(source)
    out = tmp_path / "run" / "out.csv"
    out.parent.mkdir()
    sets = ["op3_rate_high=0.6"]
    from wengang.policy import parse_overrides

    screen_file(source, out, overrides=parse_overrides(sets), variant="baseline")
    expected = _snapshot(out.parent, ".csv")
    shutil.rmtree(out.parent)
    out.parent.mkdir()
    summary = screen_partitioned(source, out, 5, sets=sets, processes=False)
    assert summary.rows == 2 and summary.accepted == 2
    assert _snapshot(out.parent, ".csv") == expected


def test_cli_partitions_flag_gives_the_same_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from wengang.cli import main

    source = _source(tmp_path, "csv")
    out = tmp_path / "run" / "out.csv"
    out.parent.mkdir()
    assert main(["screen", str(source), "-o", str(out)]) == 0
    expected = _snapshot(out.parent, ".csv")
    shutil.rmtree(out.parent)
    out.parent.mkdir()
    assert main(["screen", str(source), "-o", str(out), "--partitions", "3"]) == 0
    assert _snapshot(out.parent, ".csv") == expected
    assert "读入 12 行，接受 5 行，退回 7 行" in capsys.readouterr().out
    assert main(["screen", str(source), "-o", str(out), "--partitions", "-1"]) == 2
    assert "分区数须至少为 1" in capsys.readouterr().err
