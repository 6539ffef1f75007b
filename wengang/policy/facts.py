"""Reading facts: one cell or one value to a typed fact, with the rules of REGISTRY.md.

The batch reader (``screen``) applies the same rules column by column; ``tests/policy`` checks the
two agree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from .expr import INPUT_SCALE, Value
from .fields import FIELDS_BY_NAME, Field, valid_uscc

#: decimals are read to 8 places in both modes, finer digits rounded half-to-even (the rule
#: Polars applies when it reads a decimal); money is rounded only at the end, half-up
INPUT_PLACES = INPUT_SCALE
INPUT_QUANT = Decimal(1).scaleb(-INPUT_PLACES)
MAX_MAGNITUDE = Decimal(10) ** 15
NUMBER_RE = re.compile(r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
INDUSTRY_RE = re.compile(r"^[A-Za-z][0-9]{2,4}$")
TRUE_WORDS = {"true", "1", "yes", "是"}
FALSE_WORDS = {"false", "0", "no", "否"}


class FactError(ValueError):
    """A value that cannot be read; the message is Chinese and names the field."""

    def __init__(self, field: str, message: str, key: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        #: the fact's name (``layoffs``) where the reader knows it, for forms to place the error
        self.key = key


def read_bool(name: str, raw: Any) -> bool | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    text = str(raw).strip().lower()
    if text == "":
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise FactError(name, f"“{raw}”不是是/否值（可用 true/false、1/0、yes/no、是/否）")


def read_number(name: str, raw: Any) -> Decimal | None:
    """A plain decimal number, below 10^15 in magnitude, read to 8 places."""
    number = parse_number(name, raw)
    return None if number is None else to_input_places(number)


def to_input_places(number: Decimal) -> Decimal:
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -INPUT_PLACES:
        return number
    return number.quantize(INPUT_QUANT, rounding=ROUND_HALF_EVEN)


def parse_number(name: str, raw: Any) -> Decimal | None:
    """The number exactly as written; checks the form and the magnitude (below 10^15)."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise FactError(name, f"“{raw}”不是数字")
    if isinstance(raw, (int, Decimal)):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(repr(raw))
    else:
        text = str(raw).strip()
        if text == "":
            return None
        if not NUMBER_RE.match(text):
            raise FactError(name, f"“{raw}”不是数字（只能含数字、正负号、小数点和指数，不能有千分位等分隔符）")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - the pattern admits only valid numbers
            raise FactError(name, f"“{raw}”不是数字") from exc
    if not number.is_finite():
        raise FactError(name, f"“{raw}”不是有限数字")
    if number.copy_abs() >= MAX_MAGNITUDE:
        raise FactError(name, f"“{raw}”超出范围（绝对值须小于10^15）")
    return number


def read_fact(field: Field, raw: Any) -> Value:
    """One registry value, typed and checked, or None for an empty (unknown) one."""
    name = field.name
    if field.type == "bool":
        return read_bool(field.label, raw)
    if field.type in ("int", "decimal"):
        # the checks see the number as written; the value is then read to 8 places
        number = parse_number(field.label, raw)
        if number is None:
            return None
        if field.nonnegative and number < 0:
            raise FactError(field.label, f"“{raw}”不能为负数")
        if field.type == "int":
            if number != number.to_integral_value():
                raise FactError(field.label, f"“{raw}”须为整数")
            return int(number)
        return to_input_places(number)
    if raw is None:
        return None
    text = str(raw).strip()
    if text == "":
        return None
    if field.type == "uscc":
        text = text.upper()
        if not valid_uscc(text):
            raise FactError(field.label, f"“{raw}”不是有效的统一社会信用代码（校验位不符）")
        return text
    if field.type == "industry":
        if not INDUSTRY_RE.match(text):
            raise FactError(field.label, f"“{raw}”不是行业代码（一个字母加2–4位数字，如 F52）")
        return text.upper()
    del name
    return text


def read_enterprise(raw: Mapping[str, Any]) -> tuple[dict[str, Value], list[FactError]]:
    """Facts of one enterprise (English names or Chinese labels); errors are collected, not raised."""
    from .fields import alias_map

    aliases = alias_map()
    facts: dict[str, Value] = {}
    errors: list[FactError] = []
    for key, value in raw.items():
        name = aliases.get(str(key).strip())
        if name is None:
            facts[str(key)] = value
            continue
        try:
            facts[name] = read_fact(FIELDS_BY_NAME[name], value)
        except FactError as err:
            errors.append(err)
            facts[name] = None
    return facts, errors


# ---- the other kinds of case: one schema each ------------------------------------------------

DATE_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{1,2})-|/([0-9]{1,2})/|年([0-9]{1,2})月)([0-9]{1,2})日?$")
MAX_TEXT = 500
MAX_LINES = 100_000


def read_date(name: str, raw: Any) -> dt.date | None:
    """A date written year first: ``2020-07-15``, ``2020/07/15`` or ``2020年7月15日``.

    Day-first or compact forms (``15.07.2020``, ``20200715``) are refused rather than guessed, and
    so is a date with a time of day."""
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        raise FactError(name, f"“{raw}”含有时刻；请只写日期，如 2020-07-15")
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, (bool, int, Decimal, float, list, Mapping)):
        raise FactError(name, f"“{raw}”不是日期；请写成 2020-07-15")
    text = str(raw).strip()
    if text == "":
        return None
    match = DATE_RE.match(text)
    if match is None or (text.endswith("日") and "年" not in text) or ("年" in text and not text.endswith("日")):
        raise FactError(name, f"“{raw}”不是日期；请写成 2020-07-15（也可写 2020/07/15 或 2020年7月15日）")
    year, month, day = int(match[1]), int(match[2] or match[3] or match[4]), int(match[5])
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise FactError(name, f"“{raw}”不是有效的日期（{year}年没有{month}月{day}日）") from exc


def _read_text(name: str, raw: Any) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, (bool, list, Mapping, dt.date)):
        raise FactError(name, f"“{raw}”不是文字")
    text = str(raw).strip()
    if len(text) > MAX_TEXT:
        raise FactError(name, f"内容过长（最多 {MAX_TEXT} 个字）")
    return text or None


def _read_choice(field: Field, raw: Any) -> str | None:
    text = _read_text(field.label, raw)
    if text is None:
        return None
    for value, label in field.choices:
        if text in (value, label):
            return value
    options = "、".join(label for _, label in field.choices)
    raise FactError(field.label, f"“{raw}”不是可选的值（可选：{options}）")


def read_kind_fact(field: Field, raw: Any, where: str = "") -> Value:
    """One fact of a worker, agency, training, layoff or back-payment case, typed and checked."""
    label = f"{where}{field.label}"
    if field.type == "date":
        return read_date(label, raw)
    if field.type == "choice":
        return _read_choice(field, raw)
    if field.type == "text":
        return _read_text(label, raw)
    if field.type == "int" and field.choices and isinstance(raw, str):
        for number, text in field.choices:
            if raw.strip() == text:
                return int(number)
    if field.type in ("int", "decimal", "bool") and isinstance(raw, (list, Mapping, dt.date)):
        raise FactError(label, f"“{raw}”不是{'是/否值' if field.type == 'bool' else '数字'}")
    try:
        value = read_fact(field, raw)
    except FactError as err:
        raise FactError(label, err.message) from None
    if field.maximum is not None and isinstance(value, int) and value > field.maximum:
        raise FactError(label, f"“{raw}”超出范围（不能大于 {field.maximum}）")
    return value


def _read_lines(field: Field, raw: Any, errors: list[FactError]) -> list[dict[str, Any]] | None:
    if raw is None:
        return None
    if not isinstance(raw, list):
        raise FactError(field.label, f"应为名单（每行一项的列表），不能是“{str(raw)[:50]}”")
    if len(raw) > MAX_LINES:
        raise FactError(field.label, f"名单过长（最多 {MAX_LINES:,} 行）")
    lines: list[dict[str, Any]] = []
    for i, line in enumerate(raw, start=1):
        where = f"{field.label}第{i}行"
        if not isinstance(line, Mapping):
            raise FactError(where, f"应为“字段: 值”的映射，不能是“{str(line)[:50]}”")
        facts, line_errors = _read_mapping(field.items, line, where)
        errors.extend(line_errors)
        lines.append(facts)
    return lines


def _read_mapping(
    fields: tuple[Field, ...], raw: Mapping[str, Any], where: str = ""
) -> tuple[dict[str, Any], list[FactError]]:
    by_name = {f.name: f for f in fields}
    by_label = {f.label: f for f in fields}
    facts: dict[str, Any] = {}
    errors: list[FactError] = []
    for key, value in raw.items():
        field = by_name.get(str(key).strip()) or by_label.get(str(key).strip())
        if field is None:
            known = "、".join(f.name for f in fields)
            errors.append(FactError(f"{where}{key}", f"未知的字段“{key}”（可用：{known}）", str(key)))
            continue
        try:
            if field.type == "list":
                facts[field.name] = _read_lines(field, value, errors)
            else:
                facts[field.name] = read_kind_fact(field, value, where)
        except FactError as err:
            err.key = err.key or field.name
            errors.append(err)
            facts[field.name] = None
    return facts, errors


def read_case(kind: str, raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[FactError]]:
    """Facts of a case of a registered kind (not an enterprise), read by the fields its rule module
    registers (``kinds.py``): unknown fields, text in number fields, negative counts and amounts,
    dates that are not year first and the kind's broken cross-field rules are errors (Chinese,
    naming the field), and the facts concerned are unknown."""
    from .kinds import kinds

    registered = kinds()[kind]
    facts, errors = _read_mapping(registered.fields, raw)
    if registered.check is not None:
        errors += registered.check(facts, {f.name: f.label for f in registered.fields})
    return facts, errors


def check_kind(kind: str, values: Mapping[str, Any]) -> dict[str, str]:
    """The schema's verdict on some facts of a kind of case, for a form: fact name → the Chinese
    message of its first error (empty when all can be read)."""
    _, errors = read_case(kind, values)
    out: dict[str, str] = {}
    for err in errors:
        out.setdefault(err.key or err.field, err.message)
    return out
