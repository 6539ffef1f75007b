"""Reading a finished run (selectors): its result table, downloads in other formats, the
registry's latest import as an extract, and the what-if comparison of two runs of one extract."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import polars as pl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile

from wengang import clock
from wengang.policy.fields import ENTERPRISE_FIELDS
from wengang.policy.rules.enterprise import enterprise_policies
from wengang.policy.screen import read_table, write_table
from wengang.registry.models import Organisation
from wengang.registry.services import fact_text

from .models import ScreeningRun

MONEY = pl.Decimal(14, 2)
REJECTS_SHOWN = 200


def _bytes(field: FieldFile) -> bytes:
    with field.open("rb") as fh:
        data: bytes = fh.read()
    return data


def result_frame(run: ScreeningRun) -> pl.DataFrame:
    """The run's result table, typed: ``*_eligible`` booleans (null: 待定), amounts as Decimal."""
    df = pl.read_csv(io.BytesIO(_bytes(run.result_file)), infer_schema=False)
    casts = []
    for name in df.columns:
        if name.endswith("_amount") or name == "amount_total":
            casts.append(pl.col(name).cast(MONEY))
        elif name.endswith("_eligible"):
            casts.append(pl.col(name).replace_strict({"true": True, "false": False}, default=None, return_dtype=pl.Boolean))
    return df.with_columns(casts)


def result_download(run: ScreeningRun, suffix: str) -> bytes:
    """The result as ``.xlsx`` or ``.parquet``, written by the engine's own writer."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"result{suffix}"
        write_table(result_frame(run), path)
        return path.read_bytes()


def rejects_rows(run: ScreeningRun) -> tuple[list[dict[str, str]], int]:
    """The first rejects (row, column, value, reason as the engine wrote them) and how many there are."""
    if not run.rejects_file:
        return [], 0
    rows = list(csv.DictReader(io.StringIO(_bytes(run.rejects_file).decode("utf-8-sig"))))
    return rows[:REJECTS_SHOWN], len(rows)


def input_frame(run: ScreeningRun) -> pl.DataFrame:
    """The extract as the engine reads it (CSV and XLSX cells as text)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{Path(run.input_name).suffix.lower()}"
        path.write_bytes(_bytes(run.input_file))
        return read_table(path)


def registry_extract() -> SimpleUploadedFile:
    """The imported registry (every enterprise's latest facts) as a CSV extract of the REGISTRY.md contract."""
    out = io.StringIO()
    writer = csv.writer(out)
    names = [f.name for f in ENTERPRISE_FIELDS]
    writer.writerow(names)
    for org in Organisation.objects.filter(kind=Organisation.Kind.ENTERPRISE).select_related("street").order_by("uscc"):
        facts = org.engine_facts()
        writer.writerow([fact_text(facts.get(name)) or "" for name in names])
    return SimpleUploadedFile(f"登记库-{clock.today():%Y%m%d}.csv", out.getvalue().encode("utf-8"), content_type="text/csv")


# ---- what-if -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One group (a policy, street or industry) of one policy: eligible firms and amounts, both runs."""

    dimension: str
    group: str
    policy: str
    base_count: int
    base_amount: Decimal
    count: int
    amount: Decimal

    @property
    def count_diff(self) -> int:
        return self.count - self.base_count

    @property
    def amount_diff(self) -> Decimal:
        return self.amount - self.base_amount


DIMENSIONS = (("policy", "按政策"), ("street", "按街道"), ("industry", "按行业"))


def policies_of(df: pl.DataFrame) -> list[str]:
    return [c.removesuffix("_eligible").upper() for c in df.columns if c.endswith("_eligible")]


def _totals(run: ScreeningRun) -> dict[tuple[str, str, str], tuple[int, Decimal]]:
    df = result_frame(run)
    extract = input_frame(run)
    industry = pl.col("industry_code").cast(pl.String) if "industry_code" in extract.columns else pl.lit(None, pl.String)
    industries = extract.select(
        pl.col("uscc").cast(pl.String).str.strip_chars().str.to_uppercase(), industry.alias("industry")
    ).unique("uscc", keep="first")
    df = df.join(industries, on="uscc", how="left").with_columns(
        pl.col("street").fill_null("（未填）"), pl.col("industry").fill_null("（未填）").str.slice(0, 1)
    )
    out: dict[tuple[str, str, str], tuple[int, Decimal]] = {}
    for pid in policies_of(df):
        eligible, amount = f"{pid.lower()}_eligible", f"{pid.lower()}_amount"
        chosen = df.filter(pl.col(eligible).fill_null(False))
        money = pl.col(amount).sum() if amount in df.columns else pl.lit(Decimal("0.00")).cast(MONEY)
        out[("policy", pid, pid)] = (chosen.height, chosen.select(money).item() or Decimal("0.00"))
        for dim in ("street", "industry"):
            grouped = chosen.group_by(dim).agg(pl.len().alias("n"), money.alias("a"))
            for group, n, a in grouped.iter_rows():
                out[(dim, group or "（未填）", pid)] = (n, a or Decimal("0.00"))
    return out


def compare(base: ScreeningRun, scenario: ScreeningRun) -> dict[str, list[Line]]:
    """Baseline vs scenario per policy, street and industry (门类), with the differences."""
    left, right = _totals(base), _totals(scenario)
    zero = (0, Decimal("0.00"))
    lines: dict[str, list[Line]] = {dim: [] for dim, _ in DIMENSIONS}
    for key in sorted(set(left) | set(right)):
        (bn, ba), (n, a) = left.get(key, zero), right.get(key, zero)
        lines[key[0]].append(Line(key[0], key[1], key[2], bn, Decimal(ba).quantize(Decimal("0.01")), n,
                                  Decimal(a).quantize(Decimal("0.01"))))
    return lines


def same_extract(run: ScreeningRun) -> Iterable[ScreeningRun]:
    """Other finished scenarios of the same extract (for the what-if comparison)."""
    return ScreeningRun.objects.filter(input_sha256=run.input_sha256, status="done").exclude(pk=run.pk)


def policy_titles() -> dict[str, str]:
    """Each screenable policy id with its Chinese title, for the pages."""
    return {p.id: p.title for p in enterprise_policies("baseline")}
