"""The partners' API under attack (issue 8, findings 7, 13, 19): wrong JSON types, deep nesting,
oversized bodies and floods are answered in JSON with 400, 413 or 429, and nothing is saved."""

from __future__ import annotations

import json

import pytest

from wengang.api.services import token_create as api_token_create
from wengang.jobs.models import JobPost
from wengang.jobs.payload import PayloadError, nesting_depth, post_form_data, read_json_object
from wengang.ratelimit import Limit, rate_limit_hit, rate_limit_reached

from .test_api import URL, body

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(key_owner):
    return api_token_create(user=key_owner, name="物美招聘系统")[1]


def send(client, key, data, **extra):
    payload = data if isinstance(data, str | bytes) else json.dumps(data, ensure_ascii=False)
    return client.post(URL, payload, content_type="application/json", headers={"Authorization": f"Token {key}"}, **extra)


def test_a_deadline_that_is_an_object_is_a_field_error(client, key):
    data = json.loads(body())
    data["deadline"] = {"a": 1}
    response = send(client, key, data)
    assert response.status_code == 400
    assert response.json() == {"error": "字段类型不正确", "errors": {"deadline": ["须为文字"]}}
    assert JobPost.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("openings", [1], "须为数字"), ("pay_min", True, "须为数字"), ("urgent", "yes", "须为 true 或 false"),
     ("title", 5, "须为文字")],
)
def test_each_field_has_its_json_type(client, key, field, value, message):
    data = json.loads(body())
    data[field] = value
    response = send(client, key, data)
    assert response.status_code == 400 and response.json()["errors"] == {field: [message]}


def test_deeply_nested_brackets_are_refused_before_parsing(client, key):
    response = send(client, key, "[" * 100_000 + "]" * 100_000)  # 200 KB: over the size cap first
    assert response.status_code == 413 and "error" in response.json()
    response = send(client, key, '{"title": ' + "[" * 20_000 + "]" * 20_000 + "}")  # 40 KB, under the cap
    assert response.status_code == 400
    assert response.json() == {"error": "请求体嵌套过深（最多 2 层）"}


def test_brackets_inside_strings_do_not_count():
    assert nesting_depth('{"title": "[[[[{{{{"}', stop_at=2) == 1
    assert nesting_depth('{"t": "\\"[[["}', stop_at=2) == 1
    assert read_json_object('{"title": "【急聘】[[["}'.encode()) == {"title": "【急聘】[[["}
    with pytest.raises(PayloadError, match="JSON 对象"):
        read_json_object(b"[1, 2]")
    with pytest.raises(PayloadError, match="UTF-8"):
        read_json_object(b"\xff\xfe")


def test_the_form_data_takes_numbers_and_flags():
    assert post_form_data({"openings": 12, "pay_min": 4500.5, "urgent": True, "internship": False, "street": 3,
                           "other": {"ignored": 1}}) == {"openings": "12", "pay_min": "4500.5", "urgent": "on",
                                                         "street": "3"}


def test_an_oversized_body_is_answered_in_json(client, key, settings):
    settings.JOBS_API_MAX_BODY_BYTES = 1024
    data = json.loads(body(description="理货" * 600))
    response = send(client, key, data)
    assert response.status_code == 413
    assert response.json() == {"error": "请求体过大（不超过 1 KB）"}


def test_a_body_over_djangos_own_cap_is_json_too(client, key, settings):
    """Django's DATA_UPLOAD_MAX_MEMORY_SIZE used to answer with an HTML 400."""
    settings.JOBS_API_MAX_BODY_BYTES = 10_000_000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = send(client, key, json.loads(body(description="理货" * 600)))
    assert response.status_code == 413 and response["Content-Type"] == "application/json"


def test_the_description_is_capped(client, key):
    response = send(client, key, json.loads(body(description="负责理货。" * 401)))  # 2,005 characters
    assert response.status_code == 400
    assert response.json()["errors"]["description"] == ["确保该变量包含不超过 2000 字符 (目前字符数 2005)。"]


def test_a_get_is_answered_in_json(client):
    response = client.get(URL)
    assert response.status_code == 405 and response.json() == {"error": "请使用 POST 提交岗位"}


def test_a_key_is_rate_limited(client, key, settings):
    settings.JOBS_API_RATE_PER_KEY = "3/60"
    codes = [send(client, key, json.loads(body(title=f"理货员{i}"))).status_code for i in range(5)]
    assert codes == [201, 201, 201, 429, 429]
    response = send(client, key, json.loads(body()))
    assert response.json() == {"error": f"请求过于频繁，请 {response['Retry-After']} 秒后再试"}
    assert 1 <= int(response["Retry-After"]) <= 60
    assert JobPost.objects.count() == 3


def test_bad_keys_are_limited_per_address_and_then_even_a_good_key_waits(client, key, settings):
    settings.JOBS_API_BAD_KEYS_PER_ADDRESS = "3/600"
    codes = [send(client, f"guess{i}", json.loads(body())).status_code for i in range(4)]
    assert codes == [401, 401, 401, 429]
    assert send(client, key, json.loads(body())).status_code == 429
    other_address = send(client, key, json.loads(body()), REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 201


def test_an_address_is_rate_limited(client, key, settings):
    settings.JOBS_API_RATE_PER_ADDRESS = "2/60"
    codes = [send(client, "nope", "{}").status_code for _ in range(3)]
    assert codes == [401, 401, 429]


def test_the_window_starts_again_after_its_seconds(settings):
    limit = Limit.parse("2/60")
    assert [rate_limit_hit("t", "k", limit, now=120.0) for _ in range(3)] == [None, None, 60]
    assert rate_limit_hit("t", "k", limit, now=179.5) == 1
    assert rate_limit_reached("t", "k", limit, now=179.5) == 1
    assert rate_limit_hit("t", "k", limit, now=180.0) is None
    assert rate_limit_hit("t", "k", Limit.parse("0/60"), now=180.0) is None
