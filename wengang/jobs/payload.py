"""Reading a job post sent as JSON by a partner system, before :class:`~wengang.jobs.forms.PostForm`
validates it: the body's size and nesting, and each field's JSON type. Kept apart from the view
so the coming API framework can reuse it (issue 8, finding 7: ``{"deadline": {"a": 1}}`` raised
AttributeError, 100,000 nested brackets RecursionError).
"""

from __future__ import annotations

import json
from typing import Any

from .forms import POST_FIELDS

#: a post is a flat object; anything deeper than this is refused before parsing
MAX_DEPTH = 2
FLAGS = frozenset({"urgent", "internship"})
NUMBERS = frozenset({"openings", "pay_min", "pay_max"})
TEXTS = frozenset(POST_FIELDS) - FLAGS - NUMBERS


class PayloadError(Exception):
    """The body cannot be read as a post. ``message`` is Chinese; ``errors`` names fields."""

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


def nesting_depth(text: str, stop_at: int) -> int:
    """How deeply ``[`` and ``{`` nest outside strings; stops counting once past ``stop_at``."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_at:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def read_json_object(body: bytes, *, max_depth: int = MAX_DEPTH) -> dict[str, Any]:
    """The body as a JSON object, or PayloadError. The caller caps the body's size."""
    try:
        text = body.decode("utf-8") if body else "{}"
    except UnicodeDecodeError as err:
        raise PayloadError("请求体须为 UTF-8 编码的 JSON 对象") from err
    if nesting_depth(text, max_depth) > max_depth:
        raise PayloadError(f"请求体嵌套过深（最多 {max_depth} 层）")
    try:
        payload = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise PayloadError("请求体须为 JSON 对象") from err
    if not isinstance(payload, dict):
        raise PayloadError("请求体须为 JSON 对象")
    return payload


def post_form_data(payload: dict[str, Any]) -> dict[str, str]:
    """The post's fields as form data (strings), each checked for its JSON type: text fields take
    strings, figures take numbers or strings, flags take true/false. Other keys are ignored."""
    data: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for name in POST_FIELDS:
        if name not in payload or payload[name] is None:
            continue
        value = payload[name]
        if name in FLAGS:
            if not isinstance(value, bool):
                errors[name] = ["须为 true 或 false"]
            elif value:
                data[name] = "on"
        elif name in NUMBERS:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                errors[name] = ["须为数字"]
            else:
                data[name] = str(value)
        elif name == "street" and isinstance(value, int) and not isinstance(value, bool):
            data[name] = str(value)
        elif not isinstance(value, str):
            errors[name] = ["须为文字"]
        else:
            data[name] = value
    if errors:
        raise PayloadError("字段类型不正确", errors)
    return data
