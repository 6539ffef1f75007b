"""Demo data for the job market (就业超市), from attachment 2: 急聘 posts of the key enterprises
(物美 logistics centre in 孙河 400–500 pickers, 京客隆 100, 便利蜂 680, 永辉 200), vacancies that
street offices posted on local firms' behalf, and one warned post waiting in the moderation queue.

Made through ``wengang.jobs.services`` with the clock at the demo date, so every post passed the
N17 check and has its status record. Idempotent: a post is created only when its organisation has
none with that title. Needs the service hall's demo organisations; call it after ``demo_load``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import yaml
from django.db import transaction

from wengang.accounts.models import Role, User
from wengang.jobs.models import JobPost
from wengang.jobs.services import post_create
from wengang.registry.models import Organisation, Street

from .accounts import demo_firm_user, demo_password_hash
from .data import DEMO_TODAY, ORGANISATIONS
from .load import service_date

POSTED_ON = DEMO_TODAY - dt.timedelta(days=3)

#: the posts, their recruiters and the street staff who post on firms' behalf (``jobs.yaml``)
DATA_FILE = Path(__file__).with_name("jobs.yaml")


def _post(raw: dict[str, Any], street: str = "") -> dict[str, Any]:
    """A post's form values from its line of ``jobs.yaml``."""
    low, high = raw["pay"]
    name, phone = raw["contact"]
    return {
        "title": raw["title"], "description": raw["description"], "openings": raw["openings"],
        "pay_min": Decimal(low).quantize(Decimal("0.01")), "pay_max": Decimal(high).quantize(Decimal("0.01")),
        "workplace": raw["workplace"], "street": raw.get("street", street), "schedule": raw["schedule"],
        "contact_name": name, "contact_phone": phone, "deadline": raw["deadline"],
        "urgent": raw.get("urgent", False), "internship": raw.get("internship", False),
    }


_DATA = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
#: key enterprise → (username of its recruiter, name); created when the firm has no enterprise user
RECRUITERS = {key: (firm["recruiter"][0], firm["recruiter"][1]) for key, firm in _DATA["key_posts"].items()}
KEY_POSTS = {key: [_post(raw) for raw in firm["posts"]] for key, firm in _DATA["key_posts"].items()}
#: street → (username of its staff member, name); 孙河's is the hall demo's ``jiexiang``
STREET_STAFF = {raw["street"]: (raw["staff"][0], raw["staff"][1]) for raw in _DATA["street_posts"]}
#: street vacancies: (street, organisation key, post); 附件2: 东湖、建外、和平街等 20 个街乡 posted vacancies
#: through their WeChat accounts and work groups, here one vacancy per street on a local firm's behalf
STREET_POSTS = [(raw["street"], raw["firm"], _post(raw, raw["street"])) for raw in _DATA["street_posts"]]


def _password() -> str:
    return demo_password_hash("jiexiang", "qiye")


def _street_user(street: Street, password: str) -> User:
    username, name = STREET_STAFF[street.name]
    user, _ = User.objects.get_or_create(
        username=username, defaults={"first_name": name, "role": Role.STREET, "street": street, "password": password}
    )
    return user


def load(stdout: TextIO) -> None:
    by_key = {spec.key: spec for spec in ORGANISATIONS}
    organisations = {
        key: org for key, spec in by_key.items() if (org := Organisation.objects.filter(uscc=spec.uscc).first()) is not None
    }
    if "wumei" not in organisations:
        stdout.write("就业超市演示数据未载入：缺少演示单位（请先载入服务大厅演示数据）\n")
        return
    streets = {s.name: s for s in Street.objects.all()}
    password = _password()
    created: list[str] = []
    with transaction.atomic(), service_date(POSTED_ON):
        for key, posts in KEY_POSTS.items():
            organisation = organisations[key]
            recruiter = demo_firm_user(organisation, *RECRUITERS[key], password)
            for values in posts:
                if JobPost.objects.filter(organisation=organisation, title=values["title"]).exists():
                    continue
                post = post_create(
                    actor=recruiter, organisation=organisation, values={**values, "street": streets[values["street"]]}
                )
                created.append(f"{organisation.name} · {post.title}（{post.get_status_display()}）")
        for street_name, key, values in STREET_POSTS:
            firm = organisations.get(key)
            if firm is None or JobPost.objects.filter(organisation=firm, title=values["title"]).exists():
                continue
            staff = _street_user(streets[street_name], password)
            post = post_create(
                actor=staff, organisation=firm, values={**values, "street": streets[values["street"]]},
                on_behalf_street=staff.street,
            )
            created.append(f"{street_name}代发：{firm.name} · {post.title}（{post.get_status_display()}）")
    stdout.write(f"就业超市：新建 {len(created)} 个岗位\n")
    for line in created:
        stdout.write(f"  {line}\n")
