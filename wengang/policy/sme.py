"""SME classification under 工信部联企业〔2011〕300号, from the data files in ``data/``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - libyaml is part of the PyYAML wheels
    from yaml import SafeLoader  # type: ignore[assignment]

from .expr import Expr, Lookup, PrefixLookup, any_of, c, if_, named, v

DATA = Path(__file__).parent / "data"
TEN_THOUSAND = Decimal(10000)
#: registry column for each figure of the table; money in the table is in 万元
FIGURES = {"employees": "employees", "revenue": "revenue_2019", "assets": "total_assets"}
SIZE_ZH = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}


@dataclass(frozen=True)
class Sector:
    number: int
    name: str
    ceiling: dict[str, int | Decimal]
    medium: dict[str, int | Decimal]
    small: dict[str, int | Decimal]


def _bounds(raw: dict[str, Any]) -> dict[str, int | Decimal]:
    out: dict[str, int | Decimal] = {}
    for figure, value in raw.items():
        out[figure] = int(value) if figure == "employees" else Decimal(value) * TEN_THOUSAND
    return out


@cache
def sectors() -> dict[int, Sector]:
    doc = yaml.load((DATA / "sme_classification.yaml").read_text(encoding="utf-8"), Loader=SafeLoader)
    return {
        int(n): Sector(int(n), s["name"], _bounds(s["ceiling"]), _bounds(s["medium"]), _bounds(s["small"]))
        for n, s in doc["sectors"].items()
    }


@cache
def industry_map() -> tuple[dict[str, int], int]:
    doc = yaml.load((DATA / "industry_map.yaml").read_text(encoding="utf-8"), Loader=SafeLoader)
    return {str(k): int(v) for k, v in doc["prefixes"].items()}, int(doc["default"])


def sector_of(code: str) -> int:
    table, default = industry_map()
    for n in range(len(code), 0, -1):
        if code[:n] in table:
            return table[code[:n]]
    return default


@cache
def sector_expr() -> Expr:
    """The 300号 table row of the enterprise's industry (1–16), from its GB/T 4754 code."""
    table, default = industry_map()
    return named("sme_sector", PrefixLookup(table, v("industry_code"), default))


@cache
def is_sme() -> Expr:
    """SME when any figure the sector's ceiling lists is below its bound (Kleene OR)."""
    sector = sector_expr()
    terms = []
    for figure, column in FIGURES.items():
        has = {n: figure in s.ceiling for n, s in sectors().items()}
        bound = {n: s.ceiling[figure] for n, s in sectors().items() if figure in s.ceiling}
        kind = "int" if figure == "employees" else "dec"
        terms.append(
            if_(
                named(f"sme_has_{figure}_ceiling", Lookup(has, sector, "bool", default=False)),
                v(column) < named(f"sme_{figure}_ceiling", Lookup(bound, sector, kind)),  # type: ignore[arg-type]
                c(False),
            )
        )
    return any_of(*terms)


def size_class(sector: int, figures: dict[str, Any]) -> str | None:
    """大型/中型/小型/微型 for display, or None when a figure the sector needs is unknown."""
    s = sectors()[sector]

    def all_at_least(bounds: dict[str, int | Decimal]) -> bool | None:
        vals = [figures.get(FIGURES[f]) for f in bounds]
        if any(x is None for x in vals):
            return None
        return all(x is not None and bool(x >= b) for x, b in zip(vals, bounds.values(), strict=True))

    ceiling = [figures.get(FIGURES[f]) for f in s.ceiling]
    if any(x is not None and bool(x < b) for x, b in zip(ceiling, s.ceiling.values(), strict=True)):
        medium = all_at_least(s.medium)
        if medium:
            return "medium"
        small = all_at_least(s.small)
        if small and medium is False:
            return "small"
        if small is False:
            return "micro"
        return None
    if any(x is None for x in ceiling):
        return None
    return "large"
