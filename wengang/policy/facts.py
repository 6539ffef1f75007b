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

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


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


#: facts that are identifiers or names: always text, even when written with digits only
TEXT_SUFFIXES = ("_id", "_number", "uscc", "name", "_code", "category")


def read_generic(raw: Mapping[str, Any]) -> dict[str, Value]:
    """Facts of a worker, agency, training or layoff case: numbers, dates, booleans, text."""
    out: dict[str, Value] = {}
    for key, value in raw.items():
        out[key] = _generic(str(key), value)
    return out


def _generic(key: str, value: Any) -> Any:
    if (key == "id" or key.endswith(TEXT_SUFFIXES)) and value is not None and not isinstance(value, (list, Mapping)):
        text = str(value).strip()
        return text or None
    if value is None or isinstance(value, (bool, int, dt.date)):
        return value
    if isinstance(value, (float, Decimal)):
        return read_number(key, value)
    if isinstance(value, list):
        return [read_generic(item) if isinstance(item, Mapping) else item for item in value]
    if isinstance(value, Mapping):
        return read_generic(value)
    text = str(value).strip()
    if text == "":
        return None
    if NUMBER_RE.match(text):
        number = read_number(key, text)
        assert number is not None
        return int(number) if number == number.to_integral_value() and "." not in text else number
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    if text.lower() in TRUE_WORDS - {"1"} or text.lower() in FALSE_WORDS - {"0"}:
        return read_bool(key, text)
    return text
