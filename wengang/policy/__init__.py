"""The policy engine: the notice's rules as code, explained case by case and screened in batch.

No Django here (a lint rule enforces it). Public entry points:

* :func:`explain` — one case, with every condition, clause id, amount and parameter used;
* :func:`screen` / :func:`screen_file` — a registry extract in one vectorised pass;
* :func:`load_parameters` / :func:`resolve` — dated parameters with sources.
"""

from .explain import DEFAULT_ON, Explanation, PolicyResult, explain, policies_for
from .params import load_parameters, parse_overrides, resolve
from .rules.variants import VARIANTS
from .screen import ScreenResult, screen, screen_file

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
