"""The job market's personas are tests/personas.py (a key enterprise, an ordinary one, street staff of
孙河, a reviewer, an HR agency); here the service day and a post's values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tests.factories import service_day_fixture
from wengang.accounts.models import User
from wengang.jobs.models import JobPost
from wengang.jobs.services import post_create
from wengang.registry.models import Street

TODAY = dt.date(2020, 6, 1)


clock = service_day_fixture(TODAY.isoformat(), uploads=False)


def values(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "title": "仓储分拣员",
        "description": "负责超市配送中心商品分拣、装车，提供食宿。",
        "openings": 400,
        "pay_min": Decimal("5000.00"),
        "pay_max": Decimal("6500.00"),
        "workplace": "孙河乡物流园1号",
        "street": Street.objects.get(name="孙河"),
        "industry_code": "G59",
        "schedule": "两班倒",
        "contact_name": "王经理",
        "contact_phone": "010-84590000",
        "deadline": TODAY + dt.timedelta(days=30),
        "urgent": False,
        "internship": False,
    }
    base.update(overrides)
    return base


def form_data(**overrides: Any) -> dict[str, Any]:
    """The same post as submitted through the web form."""
    data = values(**overrides)
    data["street"] = data["street"].pk
    data["deadline"] = data["deadline"].isoformat()
    for flag in ("urgent", "internship"):
        if data[flag]:
            data[flag] = "on"
        else:
            del data[flag]
    return {k: str(v) for k, v in data.items()}


def api_body(**overrides: Any) -> dict[str, Any]:
    """The same post as a partner system sends it: the street by name, no 急聘 flag."""
    data: dict[str, Any] = form_data(**overrides)
    data["street"] = "孙河"
    data.pop("urgent", None)
    return data


def make_post(owner: User, **overrides: Any) -> JobPost:
    assert owner.organisation is not None
    return post_create(actor=owner, organisation=owner.organisation, values=values(**overrides))
