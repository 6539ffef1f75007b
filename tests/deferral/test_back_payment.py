"""The public back-payment calculator: exact late fees from the engine's I4 policy."""

from __future__ import annotations

import pytest

from tests.asserts import assert_shows

pytestmark = pytest.mark.django_db

URL = "/deferral/back-payment/"


def calc(client, **data):
    return client.get(URL, data)


def test_it_is_public(client):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "I2 正常参保缴费单位（截止 2020-03-31）" in body
    assert "截止 2020-07-31" in body


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        pytest.param(
            {"amount_due": "10000.00", "scheme": "i2", "paid_on": "2020-04-10"},
            ["<dd>2020-03-31</dd>", "<dd>10 天</dd>", "50.00 元", "应缴 10,000.00 元 × 每日 0.05% × 超期 10 天"],
            id="ten-days-late-on-10000-costs-50-yuan",
        ),
        pytest.param(
            {"amount_due": "12,345.67", "scheme": "i2", "paid_on": "2020-04-03"},
            ["<dd>3 天</dd>", '<strong class="deferral-fee">18.52 元</strong>'],
            id="the-fee-is-rounded-half-up-to-the-fen",
        ),
        pytest.param(
            {"amount_due": "10000", "scheme": "i3", "paid_on": "2020-07-31"},
            ["<dd>2020-07-31</dd>", "<dd>0 天</dd>", '<strong class="deferral-fee">0.00 元</strong>', "不收取滞纳金"],
            id="paying-on-the-deadline-costs-nothing",
        ),
        pytest.param(
            {"amount_due": "50000", "scheme": "custom", "deadline": "2020-07-31", "paid_on": "2020-08-31"},
            ["<dd>31 天</dd>", '<strong class="deferral-fee">775.00 元</strong>'],
            id="a-custom-deadline",
        ),
    ],
)
def test_the_late_fee(client, data, shown):
    assert_shows(calc(client, **data).content.decode(), *shown)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount_due": "一万", "scheme": "i2", "paid_on": "2020-04-10"}, "应缴金额须为数字，如 12345.67"),
        ({"amount_due": "10.001", "scheme": "i2", "paid_on": "2020-04-10"}, "应缴金额最多到分（两位小数）"),
        ({"amount_due": "0", "scheme": "i2", "paid_on": "2020-04-10"}, "应缴金额须大于 0"),
        ({"amount_due": "100", "scheme": "i2", "paid_on": "4月10日"}, "日期格式不对"),
        ({"amount_due": "100", "scheme": "custom", "paid_on": "2020-04-10"}, "选择“其他截止日”时请填写截止日"),
        ({"amount_due": "100", "scheme": "i2", "paid_on": "2010-01-01"}, "该补缴日期没有适用的滞纳金标准"),
    ],
)
def test_invalid_input_is_shown_again_with_a_message(client, data, message):
    response = calc(client, **data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert_shows(body, 'role="alert"', f'value="{data["amount_due"]}"', 'aria-invalid="true"')
    assert "deferral-fee" not in body


def test_htmx_gets_the_partial(client):
    response = client.get(
        URL, {"amount_due": "10000", "scheme": "i2", "paid_on": "2020-04-10"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "50.00 元" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount_due": "-100", "scheme": "i2", "paid_on": "2020-04-10"}, "应缴金额须大于 0"),
        ({"amount_due": "1" + "0" * 30, "scheme": "i2", "paid_on": "2020-04-10"}, "应缴金额过大"),
        ({"amount_due": "NaN", "scheme": "i2", "paid_on": "2020-04-10"}, "应缴金额须为数字"),
        ({"amount_due": "100", "scheme": "i2", "paid_on": "15.04.2020"}, "日期格式不对"),
        ({"amount_due": "100", "scheme": "i2", "paid_on": "20200415"}, "日期格式不对"),
        ({"amount_due": "100", "scheme": "custom", "deadline": "31.03.2020", "paid_on": "2020-04-10"}, "日期格式不对"),
    ],
)
def test_hostile_values_get_chinese_form_errors(client, data, message):
    response = calc(client, **data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_far_future_payment_date_is_computed_not_a_crash(client):
    body = calc(client, amount_due="100", scheme="i2", paid_on="9999-12-31").content.decode()
    # 100 × 0.05 % × 2,914,544 days (2020-03-31 → 9999-12-31) = 145,727.20
    assert "145,727.20 元" in body
