"""Dated parameters: values by period, each with unit, clause, source and status.

The files live in ``parameters/*.yaml``. ``load_parameters()`` reads them once; ``resolve(on=...)``
picks, for a decision date, the value whose period contains it, applies what-if overrides and
reports which values are unconfirmed (a decision reading one is provisional, 待核实).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - libyaml is part of the PyYAML wheels
    from yaml import SafeLoader  # type: ignore[assignment]

Status = Literal["confirmed", "sourced", "unconfirmed", "override"]
STATUSES = ("confirmed", "sourced", "unconfirmed")
STATUS_ZH = {"confirmed": "已确认", "sourced": "有来源", "unconfirmed": "待核实", "override": "模拟值"}
WHOLE_UNITS = {"persons", "months", "days", "years", "year", "class-hours", "minutes"}
PARAM_DIR = Path(__file__).parent / "parameters"

ParamValue = Decimal | int | dt.date


class ParameterError(ValueError):
    """A parameter file or an override is malformed, or no value covers the date."""


@dataclass(frozen=True)
class DatedValue:
    start: dt.date
    end: dt.date | None
    value: ParamValue
    status: Status
    source: str

    def covers(self, on: dt.date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class Parameter:
    name: str
    label: str
    unit: str
    clause: str
    values: tuple[DatedValue, ...]

    def at(self, on: dt.date) -> DatedValue:
        """The value in force on ``on`` (the latest start that covers it)."""
        hits = [v for v in self.values if v.covers(on)]
        if not hits:
            raise ParameterError(f"参数 {self.name}（{self.label}）在 {on.isoformat()} 没有有效值")
        return max(hits, key=lambda v: v.start)


@dataclass(frozen=True)
class UsedParameter:
    """A parameter as a decision read it: shown in explanations and frozen on approvals."""

    key: str
    name: str
    label: str
    unit: str
    clause: str
    value: ParamValue
    status: Status
    source: str
    start: dt.date
    end: dt.date | None

    @property
    def provisional(self) -> bool:
        return self.status in ("unconfirmed", "override")

    def display(self) -> str:
        return format_param(self.value, self.unit)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "label": self.label,
            "unit": self.unit,
            "clause": self.clause,
            "value": str(self.value) if not isinstance(self.value, dt.date) else self.value.isoformat(),
            "status": self.status,
            "source": self.source,
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
        }


@dataclass(frozen=True)
class Resolved:
    """The parameter values for one run: ``values[key]`` and their provenance ``used[key]``."""

    on: dt.date
    values: Mapping[str, Any]
    used: Mapping[str, UsedParameter]
    overrides: Mapping[str, ParamValue] = field(default_factory=dict)


def format_param(value: ParamValue, unit: str) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if unit == "ratio":
        pct = (Decimal(value) * 100).normalize()
        return f"{pct:f}%"
    if unit == "yuan":
        return f"{Decimal(value):,.2f} 元"
    suffix = {
        "persons": " 人",
        "months": " 个月",
        "days": " 天",
        "years": " 年",
        "year": " 年",
        "class-hours": " 课时",
        "minutes": " 分钟",
    }.get(unit, "")
    return f"{value}{suffix}"


def iso_date(raw: Any) -> dt.date | None:
    """``raw`` if it is a date, else the date its text names as YYYY-MM-DD; None when it names none."""
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        return None


def parse_value(raw: Any, unit: str, name: str) -> ParamValue:
    if unit == "date":
        day = iso_date(raw)
        if day is None:
            raise ParameterError(f"参数 {name} 的值 {raw!r} 不是日期（YYYY-MM-DD）")
        return day
    if isinstance(raw, float):
        raise ParameterError(f"参数 {name} 的值 {raw!r} 须写成字符串，避免二进制浮点")
    try:
        number = Decimal(str(raw).strip())
    except InvalidOperation as exc:
        raise ParameterError(f"参数 {name} 的值 {raw!r} 不是数字") from exc
    if not number.is_finite():
        raise ParameterError(f"参数 {name} 的值 {raw!r} 不是有限数字")
    if unit in WHOLE_UNITS:
        if number != number.to_integral_value():
            raise ParameterError(f"参数 {name} 的值 {raw!r} 须为整数（单位：{unit}）")
        return int(number)
    return number


def _as_date(raw: Any, name: str) -> dt.date:
    day = iso_date(raw)
    if day is None:
        raise ParameterError(f"参数 {name} 的日期 {raw!r} 格式错误")
    return day


def _read_file(path: Path) -> Iterable[Parameter]:
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader) or {}
    except (yaml.YAMLError, ValueError) as exc:
        raise ParameterError(f"参数文件 {path.name} 无法读取（格式或日期错误）：{exc}") from exc
    if not isinstance(doc, dict):
        raise ParameterError(f"参数文件 {path.name} 应为“参数名: 定义”的映射")
    defaults = doc.pop("_defaults", {})
    for name, spec in doc.items():
        unit = spec["unit"]
        raw_values = spec.get("values") or [
            {k: spec[k] for k in ("value", "start", "end", "status", "source") if k in spec}
        ]
        values = []
        for raw in raw_values:
            merged = {**defaults, **raw}
            status = merged.get("status")
            if status not in STATUSES:
                raise ParameterError(f"{path.name}: 参数 {name} 的状态 {status!r} 无效")
            if not merged.get("source"):
                raise ParameterError(f"{path.name}: 参数 {name} 缺少来源")
            values.append(
                DatedValue(
                    start=_as_date(merged["start"], name),
                    end=_as_date(merged["end"], name) if merged.get("end") else None,
                    value=parse_value(merged["value"], unit, name),
                    status=status,
                    source=str(merged["source"]),
                )
            )
        yield Parameter(name, spec["label"], unit, spec["clause"], tuple(values))


@cache
def load_parameters(directory: Path = PARAM_DIR) -> dict[str, Parameter]:
    """Read every parameter file of the directory; names are unique across files."""
    out: dict[str, Parameter] = {}
    for path in sorted(directory.glob("*.yaml")):
        for param in _read_file(path):
            if param.name in out:
                raise ParameterError(f"参数 {param.name} 重复定义（{path.name}）")
            out[param.name] = param
    return out


def parse_overrides(items: Iterable[str]) -> dict[str, ParamValue]:
    """Parse ``NAME=VALUE`` strings (the CLI's ``--set``) into typed values."""
    params = load_parameters()
    out: dict[str, ParamValue] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or name not in params:
            known = "、".join(sorted(params))
            raise ParameterError(f"未知参数 {name!r}（格式 NAME=VALUE；可用参数：{known}）")
        out[name] = parse_value(raw.strip(), params[name].unit, name)
    return out


def resolve(
    keys: Iterable[str],
    on: dt.date,
    overrides: Mapping[str, ParamValue] | None = None,
    *,
    missing_ok: bool = False,
) -> Resolved:
    """Values for the parameter keys a set of rules reads (``name`` or ``name@YYYY-MM-DD``).

    With ``missing_ok`` a parameter that has no value on the date is ``None`` (unknown: what reads
    it is unknown) instead of an error."""
    params = load_parameters()
    overrides = dict(overrides or {})
    values: dict[str, Any] = {}
    used: dict[str, UsedParameter] = {}
    for key in sorted(set(keys)):
        name, _, at = key.partition("@")
        param = params.get(name)
        if param is None:
            raise ParameterError(f"规则引用了未定义的参数 {name}")
        when = dt.date.fromisoformat(at) if at else on
        if missing_ok and name not in overrides and not any(v.covers(when) for v in param.values):
            values[key] = None
            continue
        if name in overrides and not any(v.covers(when) for v in param.values):
            # a what-if value for a date the table has no value for
            dated = DatedValue(when, None, overrides[name], "override", "模拟值（参数表中该日期没有值）")
        else:
            dated = param.at(when)
        value, status = dated.value, dated.status
        if name in overrides:
            value, status = overrides[name], "override"
        values[key] = value
        used[key] = UsedParameter(
            key, name, param.label, param.unit, param.clause, value, status, dated.source,
            dated.start, dated.end,
        )
    return Resolved(on=on, values=values, used=used, overrides=overrides)
