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


class FieldErrors(PayloadError):
    """The post's fields do not validate; ``errors`` names each field with its Chinese message."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("岗位信息填写有误", errors)


def post_from_json(*, user: Any, payload: dict[str, Any]) -> Any:
    """Create a post for ``user`` (an enterprise, or street staff naming ``organisation`` by its
    credit code) from a JSON object: the partner API's one path, for ``/jobs/api/posts/`` and
    ``/api/v1/jobs/posts``. Raises PayloadError / FieldErrors, or the service's PostRefused
    (N17 block) and PostError; the caller checks ``permissions.can_post`` first."""
    from wengang.registry.models import Organisation, Street

    from . import permissions, services
    from .forms import PostForm

    data = post_form_data(payload)
    street_staff = permissions.is_street_staff(user)
    if street_staff:
        uscc = payload.get("organisation")
        organisation = Organisation.objects.filter(uscc=uscc.upper()).first() if isinstance(uscc, str) else None
        if organisation is None or not permissions.can_post_for(user, organisation):
            raise FieldErrors({"organisation": ["请填写登记库中用人单位的统一社会信用代码"]})
    else:
        organisation = user.organisation
    if "street" in data and not data["street"].isdigit():
        found = Street.objects.filter(name=data["street"]).first()
        data["street"] = str(found.pk) if found else ""
    form = PostForm(data, organisation=organisation)
    if not form.is_valid():
        raise FieldErrors({k: [str(m) for m in v] for k, v in form.errors.items()})
    return services.post_create(
        actor=user, organisation=organisation, values=form.cleaned_data,
        on_behalf_street=user.street if street_staff else None,
    )
