"""Queries compiled once per process (issue 11, load): the ORM's SQL without the ORM's cost.

Building and compiling a queryset costs 0.3–1 ms of CPU per query, as much as running it, and the
signed-in landing pages run the same few queries on every request with only an id and a date
changed. A :class:`Prepared` query is written with the ORM as usual (so it stays portable between
PostgreSQL and SQLite and follows the models), built once per process, database vendor and time
zone with stand-in arguments, and then run with the real ones put in their places.

The stand-ins are values no real argument takes (ids below -2·10⁹, dates in the year 1001…); the
build checks that each appears among the compiled parameters, so an argument the ORM transformed
(and that therefore cannot be put back) is refused at once instead of giving wrong rows. Arguments
are ids (``int``) and dates (``datetime.date``); the ORM's own constants (statuses, the time zone's
name) stay in the compiled parameters.

Rows come back as the database gives them: with SQLite dates are ISO strings (:func:`as_date`).
:meth:`Prepared.objects` gives model instances instead (``select_related`` included), through the
ORM's own row handling, for a query of one model's rows.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from django.db import connections
from django.db.models import Model, QuerySet
from django.utils import timezone

M = TypeVar("M", bound=Model)

#: what a builder returns: one queryset, or several whose rows are concatenated (UNION ALL)
Built = QuerySet[Any] | Sequence[QuerySet[Any]]


def _stand_in(kind: type, n: int) -> Any:
    if kind is int:
        return -2_000_000_000 - n
    if kind is dt.date:
        return dt.date(1001 + n, 1, 1)
    raise TypeError(f"prepared queries take int and date arguments, not {kind.__name__}")


class Prepared:
    """``build(*args)`` gives the queryset(s) for the arguments; ``rows(*args)`` runs them.

    ``kinds`` are the arguments' types (``int`` or ``datetime.date``). Several querysets (each with its
    own ordering and slice) are combined as ``SELECT * FROM (q1) UNION ALL SELECT * FROM (q2) …``:
    their selected columns must match in number and type (give them the same aliases with
    ``values_list`` over annotations)."""

    def __init__(self, build: Callable[..., Built], *kinds: type, using: str = "default") -> None:
        self.build = build
        self.kinds = kinds
        self.using = using
        self._compiled: dict[tuple[str, str], tuple[str, list[Any], dict[int, int]]] = {}
        self._lock = threading.Lock()

    def _compile(self) -> tuple[str, list[Any], dict[int, int]]:
        connection = connections[self.using]
        key = (connection.vendor, timezone.get_current_timezone_name())
        compiled = self._compiled.get(key)
        if compiled is not None:
            return compiled
        stand_ins = [_stand_in(kind, n) for n, kind in enumerate(self.kinds)]
        built = self.build(*stand_ins)
        querysets = [built] if isinstance(built, QuerySet) else list(built)
        parts: list[str] = []
        params: list[Any] = []
        for n, queryset in enumerate(querysets):
            sql, part_params = queryset.query.get_compiler(using=self.using).as_sql()
            parts.append(sql if len(querysets) == 1 else f"SELECT * FROM ({sql}) AS prepared_{n}")
            params.extend(part_params)
        adapted = [self._adapt(connection, value) for value in stand_ins]
        slots: dict[int, int] = {}
        for position, value in enumerate(params):
            for n, stand_in in enumerate(adapted):
                if isinstance(value, type(stand_in)) and not isinstance(value, bool) and value == stand_in:
                    slots[position] = n
        missing = set(range(len(stand_ins))) - set(slots.values())
        if missing:
            raise ValueError(f"prepared query: argument(s) {sorted(missing)} not found among the compiled parameters")
        compiled = (" UNION ALL ".join(parts), params, slots)
        with self._lock:
            self._compiled[key] = compiled
        return compiled

    @staticmethod
    def _adapt(connection: Any, value: Any) -> Any:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return connection.ops.adapt_datefield_value(value)
        return value

    def _bound(self, args: tuple[Any, ...]) -> tuple[str, list[Any]]:
        """The compiled SQL and its parameters with ``args`` in their places."""
        if len(args) != len(self.kinds):
            raise TypeError(f"prepared query takes {len(self.kinds)} arguments, {len(args)} given")
        for value, kind in zip(args, self.kinds, strict=True):
            if not isinstance(value, kind) or (kind is dt.date and isinstance(value, dt.datetime)):
                raise TypeError(f"prepared query argument {value!r} is not a {kind.__name__}")
        sql, params, slots = self._compile()
        connection = connections[self.using]
        bound = list(params)
        for position, n in slots.items():
            bound[position] = self._adapt(connection, args[n])
        return sql, bound

    def rows(self, *args: Any) -> list[tuple[Any, ...]]:
        sql, bound = self._bound(args)
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, bound)
            return list(cursor.fetchall())

    def objects(self, *args: Any) -> list[Any]:
        """The model instances of a build that is one queryset of model rows (no ``values()``), as
        iterating it would give them (``select_related`` objects attached): the queryset is kept per
        thread with its compiler, as :func:`compiled_once` keeps one, and answers with this query's
        SQL and the bound arguments."""
        sql, bound = self._bound(args)
        queryset, compiler = _kept(("prepared", id(self)), self._one_queryset, self.using)
        compiler.as_sql = lambda *args, **kwargs: (sql, bound)
        return list(queryset.all())

    def _one_queryset(self) -> QuerySet[Any]:
        built = self.build(*(_stand_in(kind, n) for n, kind in enumerate(self.kinds)))
        if not isinstance(built, QuerySet):
            raise TypeError("prepared objects: the build must be one queryset")
        return built

    def forget(self) -> None:
        """Drop the compiled SQL (tests that change the models' tables)."""
        with self._lock:
            self._compiled.clear()


def as_date(value: Any) -> dt.date | None:
    """A date column's value as a date (SQLite returns ISO text; a datetime is cut to its date)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


_threads = threading.local()
#: how many compiled querysets a thread keeps (beyond that it starts afresh)
KEPT_QUERYSETS = 64


def compiled_once(key: Hashable, build: Callable[[], QuerySet[M]], *, using: str = "default") -> list[M]:
    """The objects of ``build()``'s queryset, its SQL compiled once per thread, database vendor, time
    zone and ``key`` (issue 11, load): for a query whose SQL varies with a few known values (they all
    go into ``key``) and whose results need the ORM's model instances (``select_related`` included),
    which :class:`Prepared` rows do not give. ``key`` must say everything the SQL depends on; the
    queryset is evaluated afresh each time (a clone), only the compiling is skipped.

    Compilers are bound to the thread's connection, hence a cache per thread."""
    queryset, _compiler = _kept(key, build, using)
    return list(queryset.all())


def _kept(key: Hashable, build: Callable[[], QuerySet[M]], using: str) -> tuple[QuerySet[M], Any]:
    """This thread's queryset for ``key`` and the compiler it hands out, which answers with the SQL
    it compiled when kept (until told otherwise)."""
    kept: dict[Hashable, tuple[QuerySet[Any], Any]] | None = getattr(_threads, "kept", None)
    if kept is None:
        kept = _threads.kept = {}
    connection = connections[using]
    # the connection itself too: a compiler runs its SQL on the connection it was made with (the kept
    # compiler holds it, so its id is not reused while kept)
    full_key = (using, id(connection), connection.vendor, timezone.get_current_timezone_name(), key)
    entry = kept.get(full_key)
    if entry is None:
        queryset = build().using(using)
        compiler = queryset.query.get_compiler(using=using)
        compiled = compiler.as_sql()
        # the compiler keeps what compiling set up (selected columns, related objects' layout);
        # the query hands out this compiler, which answers with the SQL it compiled
        compiler.as_sql = lambda *args, **kwargs: compiled
        queryset.query.get_compiler = lambda *args, **kwargs: compiler  # type: ignore[method-assign]
        if len(kept) >= KEPT_QUERYSETS:
            kept.clear()
        kept[full_key] = entry = (queryset, compiler)
    return entry


def forget_compiled() -> None:
    """Drop this thread's compiled querysets (tests that change the models' tables)."""
    _threads.kept = {}
