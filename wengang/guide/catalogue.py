"""The 办事指南 entries, read from ``guides.yaml`` and checked: every entry has its required parts,
every contact it names exists and every group lists known entries. A file that breaks these rules
is refused when it is loaded (``GuideDataError`` names the entry and the part), never shown half.

The text is data, kept by policy staff in the YAML file; this module only reads it (no Django here:
whether the ``apply`` URL names resolve is checked by the guide's tests).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

#: what the guide says where the notice gives no phone, address or deadline
ANNOUNCED = "以主管部门公布为准"
DATA = Path(__file__).with_name("guides.yaml")
REQUIRED = ("slug", "title", "clauses", "summary", "conditions", "materials", "deadlines", "process", "contact")
OPTIONAL = ("who", "amounts", "online", "apply", "checklist")
LISTS = ("conditions", "materials", "deadlines", "process", "amounts")
CHECKLIST_SOURCES = ("subsidy", "permit")


class GuideDataError(ValueError):
    """``guides.yaml`` breaks a rule: the message names the entry and the part."""


@dataclass(frozen=True)
class Contact:
    department: str
    phone: str = ANNOUNCED
    address: str = ANNOUNCED
    #: (what the mailbox is for, address)
    emails: tuple[tuple[str, str], ...] = ()
    #: the clause that names this contact
    source: str = ""


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    #: the clauses of the notice the guide follows
    clauses: str
    summary: str
    conditions: tuple[str, ...]
    materials: tuple[str, ...]
    deadlines: tuple[str, ...]
    process: tuple[str, ...]
    contact: Contact
    #: the page where the service is used (URL name, args)
    apply: tuple[str, tuple[str, ...]] = ("", ())
    apply_label: str = "去办理"
    #: admin checklists shown with the materials: ("subsidy", policy) or ("permit", kind)
    checklist: tuple[str, str] = ("", "")
    who: str = ""
    amounts: tuple[str, ...] = field(default_factory=tuple)
    #: where to apply on the bureau's own sites: (name, address), as the notice prints them
    online: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Catalogue:
    guides: tuple[Guide, ...]
    #: the index page's sections: (key, heading, guides)
    groups: tuple[tuple[str, str, tuple[Guide, ...]], ...]

    @property
    def by_slug(self) -> dict[str, Guide]:
        return {g.slug: g for g in self.guides}


def _text(raw: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise GuideDataError(f"{where}：{key} 须为非空文字")
    return value


def _texts(raw: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GuideDataError(f"{where}：{key} 须为文字列表")
    if required and not value:
        raise GuideDataError(f"{where}：缺少 {key}")
    return tuple(value)


def _pairs(raw: Any, keys: tuple[str, str], where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, list):
        raise GuideDataError(f"{where}：须为列表")
    out = []
    for item in raw:
        if not isinstance(item, dict) or set(item) != set(keys):
            raise GuideDataError(f"{where}：每项须有且只有 {'、'.join(keys)}")
        out.append((_text(item, keys[0], where), _text(item, keys[1], where)))
    return tuple(out)


def _contact(raw: Any, where: str) -> Contact:
    if not isinstance(raw, dict):
        raise GuideDataError(f"{where}：联系人须为映射")
    unknown = set(raw) - {"department", "phone", "address", "emails", "source"}
    if unknown:
        raise GuideDataError(f"{where}：未知的联系人字段 {'、'.join(sorted(unknown))}")
    return Contact(
        department=_text(raw, "department", where),
        phone=str(raw.get("phone", ANNOUNCED)),
        address=_text(raw, "address", where) if "address" in raw else ANNOUNCED,
        emails=_pairs(raw.get("emails", []), ("for", "address"), f"{where} emails"),
        source=_text(raw, "source", where, required=False),
    )


def _guide(raw: Any, index: int, contacts: Mapping[str, Contact]) -> Guide:
    where = f"guides 第{index}条"
    if not isinstance(raw, dict):
        raise GuideDataError(f"{where}：须为映射")
    where = f"guides 第{index}条（{raw.get('slug', '')}）"
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise GuideDataError(f"{where}：缺少 {'、'.join(missing)}")
    unknown = set(raw) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        raise GuideDataError(f"{where}：未知的部分 {'、'.join(sorted(unknown))}")
    contact = raw["contact"]
    if isinstance(contact, str):
        if contact not in contacts:
            raise GuideDataError(f"{where}：联系人 {contact} 不在 contacts 中")
        chosen = contacts[contact]
    else:
        chosen = _contact(contact, where)
    apply = raw.get("apply") or {}
    if not isinstance(apply, dict) or (apply and not isinstance(apply.get("url"), str)):
        raise GuideDataError(f"{where}：apply 须有 url")
    checklist = raw.get("checklist") or {}
    if checklist and checklist.get("source") not in CHECKLIST_SOURCES:
        raise GuideDataError(f"{where}：checklist 的 source 须为 {'、'.join(CHECKLIST_SOURCES)}")
    online = _pairs(raw.get("online", []), ("name", "url"), f"{where} online")
    if any(not url.startswith(("http://", "https://")) for _, url in online):
        raise GuideDataError(f"{where}：online 的 url 须为网址")
    return Guide(
        slug=_text(raw, "slug", where),
        title=_text(raw, "title", where),
        clauses=_text(raw, "clauses", where),
        summary=_text(raw, "summary", where),
        conditions=_texts(raw, "conditions", where),
        materials=_texts(raw, "materials", where),
        deadlines=_texts(raw, "deadlines", where),
        process=_texts(raw, "process", where),
        contact=chosen,
        apply=(apply.get("url", ""), tuple(str(a) for a in apply.get("args", ()))),
        apply_label=apply.get("label", "去办理"),
        checklist=(checklist.get("source", ""), str(checklist.get("key", ""))),
        who=_text(raw, "who", where, required=False),
        amounts=_texts(raw, "amounts", where, required=False),
        online=online,
    )


def parse(data: Any) -> Catalogue:
    """The catalogue of a parsed ``guides.yaml``; :class:`GuideDataError` when a rule is broken."""
    if not isinstance(data, dict) or set(data) != {"contacts", "guides", "groups"}:
        raise GuideDataError("guides.yaml 须有且只有 contacts、guides、groups")
    contacts = {str(name): _contact(raw, f"contacts {name}") for name, raw in (data["contacts"] or {}).items()}
    guides = tuple(_guide(raw, i, contacts) for i, raw in enumerate(data["guides"] or (), 1))
    by_slug = {g.slug: g for g in guides}
    if len(by_slug) != len(guides):
        raise GuideDataError("guides：slug 重复")
    groups = []
    for raw in data["groups"] or ():
        where = f"groups {raw.get('key', '')}"
        slugs = raw.get("guides") or []
        unknown = [s for s in slugs if s not in by_slug]
        if unknown:
            raise GuideDataError(f"{where}：未知的指南 {'、'.join(unknown)}")
        groups.append((_text(raw, "key", where), _text(raw, "title", where), tuple(by_slug[s] for s in slugs)))
    return Catalogue(guides, tuple(groups))


@cache
def load(path: Path = DATA) -> Catalogue:
    """The catalogue of the guide's data file (read once per process)."""
    return parse(yaml.safe_load(path.read_text(encoding="utf-8")))
