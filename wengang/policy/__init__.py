"""The policy engine: the notice's rules as code, explained case by case and screened in batch.

No Django here (a lint rule enforces it). Public entry points:

* :func:`explain` — one case, with every condition, clause id, amount and parameter used;
* :func:`screen` / :func:`screen_file` — a registry extract in one vectorised pass;
* :func:`load_parameters` / :func:`resolve` — dated parameters with sources.

The batch entry points are imported on first use: one case needs neither Polars nor the
screening machinery, and importing them is most of a one-case process's start-up.
"""

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from .explain import DEFAULT_ON, Explanation, PolicyResult, explain, policies_for
from .params import load_parameters, parse_overrides, resolve
from .rules.variants import VARIANTS

if TYPE_CHECKING:
    from .screen import ScreenResult, screen, screen_file

_BATCH = ("ScreenResult", "screen", "screen_file")


class _Engine(types.ModuleType):
    """This package, with its batch names imported on first use.

    ``screen`` is both a function of this package and the name of its submodule: importing the
    submodule makes the import system set the package's ``screen`` to the module, so that is
    turned back into the function here (as the eager ``from .screen import screen`` used to)."""

    def __getattr__(self, name: str) -> Any:
        if name in _BATCH:
            importlib.import_module(f"{__name__}.screen")  # sets the three names: see __setattr__
            return self.__dict__[name]
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "screen" and isinstance(value, types.ModuleType):
            for batch_name in _BATCH:
                super().__setattr__(batch_name, getattr(value, batch_name))
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Engine

__all__ = [
    "DEFAULT_ON",
    "VARIANTS",
    "Explanation",
    "PolicyResult",
    "explain",
    "load_parameters",
    "parse_overrides",
    "policies_for",
    "resolve",
    "screen",
    "screen_file",
    "ScreenResult",
]
