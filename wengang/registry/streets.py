"""The streets as a select's choices, from the shared cache (issue 11, load).

The public job search offers every street in a select, and its ``ModelChoiceField`` read the 43 rows
and made a model of each on every request: one of the page's three queries. The choices — (id, name) pairs, as the
``ModelChoiceField`` would write them — are kept in the shared cache (Redis under ``make serve``) for
at most :data:`KEEP_SECONDS` and dropped as soon as a street is saved or deleted. A form still checks a
submitted street against the database; only what the select offers comes from here.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Street

KEY = "registry:street-choices:v1"
KEEP_SECONDS = 60

Choices = tuple[tuple[int, str], ...]

#: one object per distinct list of choices in this process: pages kept per choices object
#: (``wengang/ops/skeletons.py``, ``source``) stay kept while the streets are the same
_same: dict[Choices, Choices] = {}


def street_choices() -> Choices:
    """Every street as (id, label), in the model's order."""
    choices: Choices | None = cache.get(KEY)
    if choices is None:
        choices = tuple((street.pk, str(street)) for street in Street.objects.all())
        cache.set(KEY, choices, KEEP_SECONDS)
    kept = _same.get(choices)
    if kept is None:
        if len(_same) > 16:
            _same.clear()
        kept = _same[choices] = choices
    return kept


@receiver(post_save, sender=Street, dispatch_uid="registry.streets.changed")
@receiver(post_delete, sender=Street, dispatch_uid="registry.streets.deleted")
def _changed(**_kwargs: Any) -> None:
    cache.delete(KEY)
    transaction.on_commit(lambda: cache.delete(KEY))  # and again once others can read the change
