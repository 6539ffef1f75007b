"""The benchmark generator (bench/generate.py): deterministic, valid codes, screenable output."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import polars as pl
import pytest

from wengang.policy.fields import valid_uscc
from wengang.policy.screen import screen_file

ROOT = Path(__file__).resolve().parents[2]
CHECKER = Path(__file__).resolve().parents[3] / "shared/tools/check_screen_output.py"
ROWS = 2_000


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


gen = _load("bench_generate", ROOT / "bench" / "generate.py")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("gen")
    out = {
        "a.parquet": d / "a.parquet",
        "b.parquet": d / "b.parquet",
        "a.csv": d / "a.csv",
        "clean.parquet": d / "clean.parquet",
    }
    gen.write_extract(out["a.parquet"], ROWS, seed=11, bad_rate=0.02)
    gen.write_extract(out["b.parquet"], ROWS, seed=11, bad_rate=0.02)
    gen.write_extract(out["a.csv"], ROWS, seed=11, bad_rate=0.02)
    gen.write_extract(out["clean.parquet"], ROWS, seed=12, bad_rate=0.0)
    return out


def test_same_seed_same_bytes(files: dict[str, Path], tmp_path: Path) -> None:
    assert files["a.parquet"].read_bytes() == files["b.parquet"].read_bytes()
    other = tmp_path / "c.parquet"
    gen.write_extract(other, ROWS, seed=12, bad_rate=0.02)
    assert not pl.read_parquet(other).equals(pl.read_parquet(files["a.parquet"]))


def test_shape_and_types(files: dict[str, Path]) -> None:
    df = pl.read_parquet(files["a.parquet"])
    assert df.height == ROWS
    assert df.columns == list(gen.COLUMNS)
    assert df.schema["employees"] == pl.Int64
    assert df.schema["revenue_2019"] == pl.Decimal(18, 2)
    assert df.schema["ui_payers_2019_avg"] == pl.Decimal(18, 2)
    assert df.schema["state_owned"] == pl.Boolean
    assert df.schema["street"] == pl.String
    text = pl.read_csv(files["a.csv"], infer_schema=False)
    assert text.height == ROWS and text.columns == list(gen.COLUMNS)
    # the same rows, apart from the text-level faults Parquet cannot hold
    assert text["uscc"].equals(df["uscc"])
    assert text["name"].equals(df["name"])
    # about 3 % of cells empty; uscc never
    assert df["uscc"].null_count() == 0
    share = sum(df[c].null_count() for c in df.columns) / (df.height * df.width)
    assert 0.015 < share < 0.045


def test_codes_valid_and_unique_without_bad_rows(files: dict[str, Path]) -> None:
    codes = pl.read_parquet(files["clean.parquet"])["uscc"].to_list()
    assert all(valid_uscc(c) for c in codes)
    assert len(set(codes)) == len(codes)


def test_bad_rows_are_few_and_deliberate(files: dict[str, Path]) -> None:
    codes = pl.read_parquet(files["a.parquet"])["uscc"].to_list()
    invalid = sum(not valid_uscc(c) for c in codes)
    dups = len(codes) - len(set(codes))
    # bad rate 0.02 over 9 kinds → about 4–5 rows of each kind in 2,000
    assert 0 < invalid < 0.02 * ROWS
    assert 0 < dups < 0.02 * ROWS


def test_prefix_of_a_larger_extract(files: dict[str, Path], tmp_path: Path) -> None:
    bigger = tmp_path / "bigger.parquet"
    gen.write_extract(bigger, ROWS + 500, seed=11, bad_rate=0.02)
    assert pl.read_parquet(bigger).head(ROWS).equals(pl.read_parquet(files["a.parquet"]))


@pytest.mark.parametrize("source", ["a.csv", "a.parquet"])
def test_screen_output_passes_the_checker(files: dict[str, Path], tmp_path: Path, source: str) -> None:
    if not CHECKER.exists():
        pytest.skip(f"{CHECKER} not found")
    checker = _load("check_screen_output", CHECKER)
    src = files[source]
    out = tmp_path / "out.csv"
    rejects = tmp_path / "rejects.csv"
    summary = screen_file(src, out, rejects=rejects)
    rejected = pl.read_csv(rejects, schema_overrides={"row": pl.Int64})
    assert summary.rows == ROWS
    assert summary.accepted + summary.rejected_rows == ROWS
    assert 0 < summary.rejected_rows < 0.03 * ROWS
    reasons = set(rejected["reason"])
    assert len(reasons) >= 4, reasons
    # what the output must hold: the input minus the rejected rows, in input order
    codes = pl.read_parquet(files["a.parquet"], columns=["uscc"]).with_row_index("row", offset=1)
    kept = codes.filter(~pl.col("row").cast(pl.Int64).is_in(rejected["row"].unique().implode()))
    order = tmp_path / "order.csv"
    kept.select("uscc").write_csv(order)
    assert pl.read_csv(out, infer_schema=False)["uscc"].equals(kept["uscc"])
    assert checker.main(str(out), str(order)) == 0
