"""The kinds of case the engine judges, each declared once, in the rule module that judges it.

A kind is the ``kind`` of a case (``enterprise``, ``worker``, …). Its rule module registers it with
:func:`register`: its Chinese label, the facts it reads (a schema of ``fields.py``), its policies
(by interpretation variant), the YAML case files (``cases/*.yaml``) that exercise it and, if it has
any, its rules across facts (``check``: a contract's end after its start). The central
modules read this registry: :func:`~wengang.policy.explain.policies_for` and the explanation's
heading, the fact reader (:func:`~wengang.policy.facts.read_case`), the case-file reader (which
kinds a case may name) and the engine's tests (every kind's case files exist and hold cases). A
new kind is a rule module and a case file; nothing central is edited. The smallest one::

    register(Kind("graduate", "毕业生签约", GRADUATE_FIELDS, lambda variant: (contactless_signing(),), ("graduates",)))

The rule modules are found by listing the ``rules`` package, so there is no list of them to keep.
Importing them imports neither Polars nor Django.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .facts import FactError
    from .fields import Field
    from .model import Policy

#: a rule across facts, run after each fact was read: the errors found (the facts concerned set to
#: None in the dict), given the facts and their Chinese labels
CrossCheck = Callable[[dict[str, Any], dict[str, str]], "list[FactError]"]

_REGISTERED: dict[str, Kind] = {}


@dataclass(frozen=True)
class Kind:
    """One kind of case."""

    name: str
    #: the Chinese name of the case, e.g. 招用人员 (the heading of an explanation)
    label: str
    #: the facts a case of this kind carries (the enterprise kind: the registry extract's fields)
    fields: tuple[Field, ...]
    #: the policies that judge it, for an interpretation variant
    policies: Callable[[str], tuple[Policy, ...]]
    #: stems of the YAML case files under ``cases/`` that hold its cases
    case_files: tuple[str, ...]
    #: rules across facts (an end date after the start date, …), checked when a case is read
    check: CrossCheck | None = None


def register(kind: Kind) -> Kind:
    """Declare a kind of case (called once, when its rule module is imported)."""
    if kind.name in _REGISTERED:
        raise ValueError(f"kind {kind.name!r} is registered twice")
    _REGISTERED[kind.name] = kind
    return kind


@cache
def kinds() -> dict[str, Kind]:
    """Every kind of case, by name, in the order of the rule modules (alphabetical) and of their
    registrations."""
    from . import rules

    for module in pkgutil.iter_modules(rules.__path__):
        importlib.import_module(f"{rules.__name__}.{module.name}")
    return dict(_REGISTERED)


def get_kind(name: str) -> Kind:
    """The kind called ``name``; ``ValueError`` (Chinese, listing the kinds) when there is none."""
    found = kinds().get(name)
    if found is None:
        raise ValueError(f"未知的案件类型 {name!r}；可选：{'、'.join(kinds())}")
    return found
