"""Reading a facts file (JSON or YAML) safely: size, nesting and alias expansion are capped.

A facts file comes from outside (``wengang explain FILE``, an upload): it must never run for
seconds, exhaust memory or end in a traceback. YAML is read with the safe loader (no ``!!python``
tags), ``1234.45`` as an exact decimal, and only ``true``/``false`` as booleans (YAML 1.2), so a
yes/no field gets ``yes`` as text and judges it itself. Before anything is built, the event
stream is checked: at most ``MAX_DEPTH`` levels and ``MAX_NODES`` values once aliases are
expanded (a "billion laughs" file of a few hundred bytes is refused at once).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 5_000_000
MAX_DEPTH = 32
MAX_NODES = 500_000
#: values that aliases may add in all (a facts file has little reason to repeat itself)
MAX_ALIAS_VALUES = 10_000


class FactFileError(ValueError):
    """A facts file that cannot be read; the message is Chinese."""


class FactsLoader(yaml.SafeLoader):
    """YAML for facts and case files: ``1234.45`` is read as ``Decimal("1234.45")``, never as a
    float, and only ``true``/``false`` are booleans (YAML 1.2), so the key ``on:`` stays "on"."""


def _decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal | str:
    text = str(loader.construct_scalar(node)).replace("_", "")  # type: ignore[arg-type]
    special = {".nan": "NaN", ".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity"}
    try:
        return Decimal(special.get(text.lower(), text))
    except ArithmeticError:
        return text  # e.g. YAML 1.1 sexagesimal "1:30.5": left as text for the fact reader to judge


FactsLoader.add_constructor("tag:yaml.org,2002:float", _decimal)
FactsLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
FactsLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass
class _Open:
    anchor: str | None
    size: int = 1
    height: int = 1


def check_yaml_shape(
    text: str, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES, max_aliased: int = MAX_ALIAS_VALUES
) -> None:
    """Refuse YAML nested deeper than ``max_depth``, holding more than ``max_nodes`` values once its
    aliases are expanded, or whose aliases add more than ``max_aliased`` values; reads only the
    event stream, so nothing large is ever built."""
    sizes: dict[str, tuple[int, int]] = {}
    stack: list[_Open] = []
    total = 0
    aliased = 0

    def add(size: int, height: int) -> None:
        nonlocal total
        if stack:
            top = stack[-1]
            top.size += size
            top.height = max(top.height, height + 1)
            grown = top.size
        else:
            total += size
            grown = total
        if grown > max_nodes:
            raise FactFileError(f"文件内容过多（展开别名后超过 {max_nodes:,} 个值）")
        if len(stack) + height > max_depth:
            raise FactFileError(f"文件嵌套过深（超过 {max_depth} 层）")

    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(stack) >= max_depth:
                raise FactFileError(f"文件嵌套过深（超过 {max_depth} 层）")
            stack.append(_Open(event.anchor))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            done = stack.pop()
            if done.anchor:
                sizes[done.anchor] = (done.size, done.height)
            add(done.size, done.height)
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor:
                sizes[event.anchor] = (1, 0)
            add(1, 0)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in sizes:
                raise FactFileError(f"别名 *{event.anchor} 指向未定义或自身包含的锚点")
            aliased += sizes[event.anchor][0]
            if aliased > max_aliased:
                raise FactFileError(f"文件内容过多（展开别名后超过 {max_aliased:,} 个值）")
            add(*sizes[event.anchor])


def _check_json_depth(data: Any, max_depth: int = MAX_DEPTH) -> None:
    todo: list[tuple[Any, int]] = [(data, 0)]
    while todo:
        value, depth = todo.pop()
        if isinstance(value, (dict, list)):
            if depth >= max_depth:
                raise FactFileError(f"文件嵌套过深（超过 {max_depth} 层）")
            children = value.values() if isinstance(value, dict) else value
            todo.extend((child, depth + 1) for child in children)


def _where(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    return f"（第 {mark.line + 1} 行第 {mark.column + 1} 列）" if mark is not None else ""


def parse_yaml(text: str) -> Any:
    """YAML text to data, with the shape checked first; errors are :class:`FactFileError`."""
    try:
        check_yaml_shape(text)
        return yaml.load(text, Loader=FactsLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.constructor.ConstructorError as exc:
        raise FactFileError(f"YAML 含有不允许的标签或类型{_where(exc)}：只接受普通的文字、数字、日期、列表和映射") from exc
    except yaml.YAMLError as exc:
        raise FactFileError(f"YAML 格式错误{_where(exc)}") from exc
    except RecursionError as exc:  # pragma: no cover - the shape check refuses deep files first
        raise FactFileError(f"文件嵌套过深（超过 {MAX_DEPTH} 层）") from exc


def parse_json(text: str) -> Any:
    """JSON text to data (numbers with a point as exact decimals); errors are :class:`FactFileError`."""
    try:
        data = json.loads(text, parse_float=Decimal)
    except RecursionError as exc:
        raise FactFileError(f"文件嵌套过深（超过 {MAX_DEPTH} 层）") from exc
    except json.JSONDecodeError as exc:
        raise FactFileError(f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）") from exc
    _check_json_depth(data)
    return data


def load_fact_file(path: Path) -> dict[str, Any]:
    """The facts of a JSON (``.json``) or YAML file as a mapping; ``{facts: {...}, kind: ...}``
    (a case written like the YAML case files) is unwrapped."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FactFileError(f"文件过大（{size:,} 字节，最多 {MAX_BYTES:,} 字节）")
        raw = path.read_bytes()
    except OSError as exc:
        raise FactFileError(f"无法读取文件 {path}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FactFileError("文件不是 UTF-8 编码的文本") from exc
    data = parse_json(text) if path.suffix.lower() == ".json" else parse_yaml(text)
    if not isinstance(data, dict):
        raise FactFileError("文件应包含一个对象（字段: 值）")
    if "facts" in data and isinstance(data["facts"], dict):
        facts = dict(data["facts"])
        if "kind" in data and "kind" not in facts:
            facts["kind"] = data["kind"]
        return facts
    return data
