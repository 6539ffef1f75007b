"""The guide's data file: every entry has its required parts, every link resolves, and a file that
breaks a rule is refused with the entry and the part named."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from django.urls import reverse

from wengang.guide.catalogue import DATA, REQUIRED, GuideDataError, load, parse


def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return data


def test_every_entry_has_its_required_parts_and_is_in_one_group() -> None:
    catalogue = load()
    for guide in catalogue.guides:
        assert guide.title and guide.clauses and guide.summary, guide.slug
        assert guide.conditions and guide.materials and guide.deadlines and guide.process, guide.slug
        assert guide.contact.department, guide.slug
    grouped = [g.slug for _, _, guides in catalogue.groups for g in guides]
    assert sorted(grouped) == sorted(g.slug for g in catalogue.guides)


def test_every_link_resolves() -> None:
    for guide in load().guides:
        name, args = guide.apply
        assert name, guide.slug
        assert reverse(name, args=args).startswith("/"), guide.slug
        for _, url in guide.online:
            assert url.startswith(("http://", "https://")), guide.slug


@pytest.mark.parametrize("part", REQUIRED)
def test_an_entry_missing_a_required_part_is_refused(part: str) -> None:
    data = _data()
    del data["guides"][2][part]
    with pytest.raises(GuideDataError, match=f"guides 第3条.*缺少 {part}"):
        parse(data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["guides"][0].update(contact="nobody"), "联系人 nobody 不在 contacts 中"),
        (lambda d: d["guides"][0].update(conditions=[]), "缺少 conditions"),
        (lambda d: d["guides"][0].update(note="x"), "未知的部分 note"),
        (lambda d: d["guides"][0].update(online=[{"name": "官网", "url": "ftp://x"}]), "online 的 url 须为网址"),
        (lambda d: d["guides"][0].update(checklist={"source": "loan", "key": "OP1"}), "checklist 的 source"),
        (lambda d: d["guides"].append(copy.deepcopy(d["guides"][0])), "slug 重复"),
        (lambda d: d["groups"][0]["guides"].append("op9"), "未知的指南 op9"),
    ],
)
def test_broken_data_is_refused(change: Any, message: str) -> None:
    data = _data()
    change(data)
    with pytest.raises(GuideDataError, match=message):
        parse(data)
