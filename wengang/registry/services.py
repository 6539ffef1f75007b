"""Loading the registry extract (REGISTRY.md) into organisations.

The file is read and checked by the policy engine's own reader and validator, so a row the batch
screen rejects is rejected here too, with the same row number, column and reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone

from wengang.policy.fields import ENTERPRISE_FIELDS
from wengang.policy.screen import ROW, normalise_headers, read_table_encoded, validate

from .models import ImportJob, Organisation, Street

#: the registry fields kept in ``Organisation.facts``; extra columns of the file are not kept
FACT_FIELDS = tuple(f.name for f in ENTERPRISE_FIELDS)
NAME_MAX = Organisation._meta.get_field("name").max_length or 200
STREET_SUFFIXES = ("街道办事处", "地区办事处", "办事处", "街道", "地区")
BATCH = 1000


@dataclass(frozen=True)
class Reject:
    """One problem with one row: record number (1 = first data row), file line, column, value, reason."""

    row: int
    line: int
    column: str
    value: str
    reason: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    #: rows left out (a row with several problems counts once)
    rejected: int = 0
    rejects: list[Reject] = field(default_factory=list)
    #: street names of accepted rows that match none of the 43 streets (the organisation keeps no street)
    unknown_streets: list[str] = field(default_factory=list)
    #: how a CSV was decoded: "" (not a CSV), "UTF-8" or "GB18030" (GBK, as Excel writes it on Chinese Windows)
    encoding: str = ""

    @property
    def accepted(self) -> int:
        return self.created + self.updated


def fact_text(value: Any) -> str | None:
    """A registry value as the text the engine reads; None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    if isinstance(value, Decimal):
        return format(value, "f")
    text = str(value).strip()
    return text or None


def street_lookup() -> dict[str, Street]:
    return {s.name: s for s in Street.objects.all()}


def match_street(name: str | None, streets: dict[str, Street]) -> Street | None:
    """``和平街``, ``和平街街道`` and ``南磨房地区办事处`` all name one of the 43 streets."""
    if not name:
        return None
    text = name.strip()
    if text in streets:
        return streets[text]
    for suffix in STREET_SUFFIXES:
        if text.endswith(suffix) and text[: -len(suffix)] in streets:
            return streets[text[: -len(suffix)]]
    return None


def _rejects_of(frame: pl.DataFrame) -> list[Reject]:
    return [
        Reject(
            row=int(r["row"]),
            line=int(r["line"]),
            column=str(r["column"]),
            value=r["value"] or "",
            reason=str(r["reason"]),
        )
        for r in frame.iter_rows(named=True)
    ]


def registry_import_extract(
    *, path_or_frame: Path | str | pl.DataFrame, as_of: dt.date, progress: Callable[[int, str], None] | None = None
) -> ImportResult:
    """Create or update one organisation per accepted row, matched by credit code, in one transaction.

    Name, street (when it names one of the 43 streets), industry code and ``facts`` (every registry
    field's value as text, empty cells left out) come from the row; ``facts`` is replaced as a whole,
    since a value missing from a newer extract is no longer known. New organisations are enterprises;
    an existing organisation keeps its kind and key-enterprise category, which are set by hand.
    A row with a NUL character in any kept value is rejected (PostgreSQL cannot store it). A CSV is
    read as UTF-8, else as GB18030; ``encoding`` says which.
    Raises ``ScreenError`` when the file cannot be read or has no credit-code column.
    ``progress(percent, stage)`` hears of each step (called outside the import's transaction).
    """
    report = progress or (lambda _percent, _stage: None)
    report(10, "读取文件")
    encoding = ""
    if isinstance(path_or_frame, pl.DataFrame):
        frame = normalise_headers(path_or_frame)
    else:
        frame, encoding = read_table_encoded(Path(path_or_frame))
        encoding = encoding.upper()
    report(30, "逐行校验")
    checked = validate(frame)
    rejects = _rejects_of(checked.rejects)
    raw = checked.raw
    names = [c for c in FACT_FIELDS if c in raw.columns]
    rows = raw.select(ROW, *names).iter_rows(named=True)

    streets = street_lookup()
    unknown_streets: set[str] = set()
    accepted: list[tuple[int, dict[str, str]]] = []
    for row in rows:
        facts = {name: text for name in names if (text := fact_text(row[name])) is not None}
        number = int(row[ROW])
        nul = next((key for key, text in facts.items() if "\x00" in text), None)
        if nul is not None:
            # PostgreSQL cannot store NUL in text or JSON; it is never part of a real value
            shown = facts[nul].replace("\x00", "")
            rejects.append(
                Reject(number, number + 1, nul, shown, "含有不可见的空字符（NUL），请检查原始数据后重新导出")
            )
            continue
        name = facts.get("name", "")
        if not name:
            rejects.append(Reject(number, number + 1, "name", "", "缺少单位名称"))
            continue
        if len(name) > NAME_MAX:
            rejects.append(Reject(number, number + 1, "name", name, f"单位名称超过{NAME_MAX}个字"))
            continue
        accepted.append((number, facts))
    rejects.sort(key=lambda r: r.row)

    report(60, "写入单位登记数据")
    now = timezone.now()
    result = ImportResult(rejected=len({r.row for r in rejects}), rejects=rejects, encoding=encoding)
    with transaction.atomic():
        codes = [facts["uscc"] for _, facts in accepted]
        existing: dict[str, Organisation] = {}
        for start in range(0, len(codes), BATCH):
            existing.update(Organisation.objects.in_bulk(codes[start : start + BATCH], field_name="uscc"))
        new: list[Organisation] = []
        changed: list[Organisation] = []
        for _number, facts in accepted:
            street = match_street(facts.get("street"), streets)
            if street is None and facts.get("street"):
                unknown_streets.add(facts["street"])
            values = {
                "name": facts["name"],
                "street": street,
                "industry_code": facts.get("industry_code", "").upper(),
                "facts": facts,
                "facts_as_of": as_of,
            }
            org = existing.get(facts["uscc"])
            if org is None:
                new.append(Organisation(uscc=facts["uscc"], kind=Organisation.Kind.ENTERPRISE, **values))
            else:
                for key, value in values.items():
                    setattr(org, key, value)
                org.updated_at = now
                changed.append(org)
        Organisation.objects.bulk_create(new, batch_size=BATCH)
        Organisation.objects.bulk_update(
            changed, ["name", "street", "industry_code", "facts", "facts_as_of", "updated_at"], batch_size=BATCH
        )
    result.created = len(new)
    result.updated = len(changed)
    result.unknown_streets = sorted(unknown_streets)
    return result


#: rejects kept on a job for its result page; the management command lists every one
SHOWN = 500


def registry_import_job_work(job: ImportJob, progress: Callable[[int, str], None]) -> dict[str, Any]:
    """The work of a queued registry import job (run by ``wengang.imports``): the counts and the
    first rejects for its result page. Raises ``ScreenError`` when the file cannot be read."""
    assert job.as_of is not None
    result = registry_import_extract(path_or_frame=job.file.path, as_of=job.as_of, progress=progress)
    return {
        "created": result.created,
        "updated": result.updated,
        "rejected": result.rejected,
        "rejects": [asdict(r) for r in result.rejects[:SHOWN]],
        "rejects_total": len(result.rejects),
        "unknown_streets": result.unknown_streets,
        "encoding": result.encoding,
    }
