"""Rule expressions: one definition, two evaluators.

A rule is written once as a small expression tree (``v("insured_2018_12") * 1000 < ...``). The tree
is evaluated two ways from the same nodes:

* ``node.eval(env)`` — one case, Python ``Decimal``/``int``/``bool``, ``None`` for unknown;
* ``node.vec(ctx)`` — a whole table, compiled to a Polars expression, ``null`` for unknown.

Both evaluators share one arithmetic: integers stay integers; sums and differences of decimals
are exact; a product or quotient finer than 14 decimal places is rounded half-to-even at 14 places
— the rule Polars applies to its decimals — so the two modes agree to the last digit. Money is
rounded once, half-up (away from zero) to 0.01 yuan, by ``round_money``. Comparisons are exact.

Unknown inputs follow Kleene's three-valued logic: ``&``, ``|`` and ``~`` of an unknown give unknown
unless a known operand settles the result; arithmetic and comparisons with an unknown operand are
unknown. ``known(x)`` is the one node that turns "unknown" into a plain ``False``.

Scaled integers: where the places of a decimal are known (an amount read in cents, a parameter of
0.052), the plan carries it as an integer column holding value × 10^places (``fixed``), and sums,
products, comparisons, a division by a whole constant and the rounding of money are integer
arithmetic (in 128 bits where a product or a rescaling could pass 2^63). The result is the same
exact number the Polars-decimal path gives (several times cheaper, half the memory); a node falls
back to Polars decimals as soon as an operand is one. ``vec`` always gives decimals as decimals;
``native`` gives the plan's own form (what the batch stores between stages).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Literal

if TYPE_CHECKING:
    import polars as pl
else:

    class _LazyPolars:
        """Polars, imported on first use: one case (``eval``) never needs it, and importing it
        is most of a one-case process's start-up. The first attribute looked up imports it and
        puts the real module in its place."""

        def __getattr__(self, name: str) -> Any:
            import polars

            globals()["pl"] = polars
            return getattr(polars, name)

    pl = _LazyPolars()

Value = Decimal | int | bool | str | dt.date | None
Kind = Literal["int", "dec", "bool", "str", "date"]

SCALE = 14
QUANT = Decimal(1).scaleb(-SCALE)
MONEY = Decimal("0.01")
DEC_CTX = Context(prec=60, rounding=ROUND_HALF_UP)


def q14(x: Decimal) -> Decimal:
    """Round a product or quotient to the shared working scale: 14 places, half-to-even."""
    return x.quantize(QUANT, rounding=ROUND_HALF_EVEN, context=DEC_CTX)


def round_money_value(x: Decimal | int) -> Decimal:
    """Round an amount half-up to 0.01 yuan. The only rounding applied to money."""
    return Decimal(x).quantize(MONEY, context=DEC_CTX)


@dataclass
class Env:
    """What one evaluation sees: the case's facts, the parameter values, and a memo."""

    facts: Mapping[str, Value]
    params: Mapping[str, Any]
    memo: dict[int, Value] = field(default_factory=dict)


@dataclass
class VecCtx:
    """What compilation to Polars sees: the column kinds and the parameter values."""

    kinds: Mapping[str, Kind]
    params: Mapping[str, Any]
    #: decimal places of decimal input columns, where they differ from INPUT_SCALE
    scales: Mapping[str, int] = field(default_factory=dict)
    #: nodes already computed as columns (id → column name), so big rules stay small plans
    columns: dict[int, str] = field(default_factory=dict)
    #: decimal input columns given as integers of value × 10^places (e.g. amounts in cents: 2)
    fixed: Mapping[str, int] = field(default_factory=dict)
    #: every number input is below this in magnitude (validated rows: 10^15), so scaled integers
    #: known to stay below 2^63 are computed in 64 bits; None: 128 bits throughout
    input_bound: int | None = None


def _lit(value: Value) -> pl.Expr:
    if value is None:
        return pl.lit(None)
    if isinstance(value, bool):
        return pl.lit(value, dtype=pl.Boolean)
    if isinstance(value, int):
        return pl.lit(value, dtype=pl.Int64)
    if isinstance(value, Decimal):
        if _integral(value):
            return pl.lit(int(value), dtype=pl.Int64)
        return pl.lit(value)
    if isinstance(value, dt.date):
        return pl.lit(value, dtype=pl.Date)
    return pl.lit(value, dtype=pl.String)


INPUT_SCALE = 8
INT128_FROM = 2**62


def _int_lit(value: int) -> pl.Expr:
    return pl.lit(value, dtype=pl.Int64 if abs(value) < INT128_FROM else pl.Int128)


def _const_places(value: Any) -> int | None:
    """Places of a constant as a scaled integer: 0 for an integer, those of a decimal (at most
    14), None for anything else."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return 0
    if isinstance(value, Decimal) and value.is_finite():
        if _integral(value):
            return 0
        exponent = value.normalize().as_tuple().exponent
        assert isinstance(exponent, int)
        return max(0, -exponent) if -exponent <= SCALE else None
    return None


def _native_lit(value: Value) -> pl.Expr:
    """A constant in the plan's form: a decimal of known places as a scaled integer."""
    places = _const_places(value)
    if isinstance(value, Decimal) and places is not None:
        return _int_lit(int(value.scaleb(places)))
    return _lit(value)


INT64_BOUND = 2**63


def int_type(bound: int | None) -> pl.DataType:
    """The integer type for values below ``bound`` in magnitude: 64 bits when they fit."""
    return pl.Int64() if bound is not None and bound <= INT64_BOUND else pl.Int128()


def _bound_at(bound: int | None, have: int, want: int) -> int | None:
    return None if bound is None else bound * 10 ** (want - have)


def fixed_to_decimal(x: pl.Expr, places: int) -> pl.Expr:
    """A scaled integer as the Polars decimal it stands for, exactly (``places`` places)."""
    whole = x.cast(pl.Decimal(38, 0))
    return whole if places == 0 else whole * pl.lit(Decimal(1).scaleb(-places))


def _integral(value: Decimal) -> bool:
    return value.is_finite() and value == value.to_integral_value() and abs(value) < 2**62


def _scale_of(value: Any) -> int:
    if isinstance(value, Decimal) and not _integral(value):
        exponent = value.normalize().as_tuple().exponent
        return min(SCALE, max(0, -exponent)) if isinstance(exponent, int) else 0
    return 0


def _kind_of(value: Any) -> Kind:
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, Decimal):
        # a whole-number parameter (1,600 yuan, 6,315 yuan) is an integer in the plan:
        # integer arithmetic is exact and several times cheaper than decimal arithmetic
        return "int" if _integral(value) else "dec"
    return "str"


def as_expr(x: Expr | Value) -> Expr:
    if isinstance(x, Expr):
        return x
    if isinstance(x, float):
        raise TypeError("floats are not allowed in rules; use Decimal")
    return Const(x)


class Expr:
    """Base of every node. Operators build new nodes; nothing is evaluated until asked."""

    def eval(self, env: Env) -> Value:
        raise NotImplementedError

    def vec(self, ctx: VecCtx) -> pl.Expr:
        """Compile to Polars, a decimal as a Polars decimal of ``scale()`` places."""
        places = self.fixed(ctx)
        if places is None or self.kind(ctx) != "dec":
            return self.native(ctx)
        return fixed_to_decimal(self.native(ctx), places)

    def native(self, ctx: VecCtx) -> pl.Expr:
        """Compile to Polars in the plan's own form: a decimal of ``fixed()`` places as a scaled
        integer. A node already computed as a column is referred to by name."""
        name = ctx.columns.get(id(self))
        if name is not None:
            return pl.col(name)
        return self._vec(ctx)

    def _vec(self, ctx: VecCtx) -> pl.Expr:
        raise NotImplementedError

    def fixed(self, ctx: VecCtx) -> int | None:
        """Places of the scaled integer ``native()`` gives (0 for an integer), or None when it
        gives a Polars decimal (or no number)."""
        return 0 if self.kind(ctx) == "int" else None

    def bound(self, ctx: VecCtx) -> int | None:
        """A bound on the magnitude of the scaled integer ``native()`` gives (None: unknown)."""
        if not self.inputs() and self.fixed(ctx) is not None:
            value = self.eval(Env({}, ctx.params))
            return None if value is None else abs(int(Decimal(value).scaleb(self.fixed(ctx) or 0))) + 1  # type: ignore[arg-type]
        return None

    def native_at(self, ctx: VecCtx, places: int) -> pl.Expr:
        """The scaled integer at ``places`` places (no fewer than ``fixed()``); a constant is
        scaled here, once, and a column in 64 bits when its bound allows."""
        have = self.fixed(ctx)
        assert have is not None and places >= have
        if not self.inputs():
            value = self.eval(Env({}, ctx.params))
            if value is None:
                return pl.lit(None, dtype=pl.Int64)
            return _int_lit(int(Decimal(value).scaleb(places)))  # type: ignore[arg-type]
        x = self.native(ctx)
        if places == have:
            return x
        dtype = int_type(_bound_at(self.bound(ctx), have, places))
        return x.cast(dtype) * pl.lit(10 ** (places - have), dtype=dtype)

    def kind(self, ctx: VecCtx) -> Kind:
        raise NotImplementedError

    def scale(self, ctx: VecCtx) -> int:
        """Decimal places of a decimal result in the Polars plan (inputs 8; at most 14)."""
        return 0 if self.kind(ctx) != "dec" else SCALE

    def children(self) -> tuple[Expr, ...]:
        return ()

    def inputs(self) -> set[str]:
        """Names of the facts this expression reads."""
        out: set[str] = set()
        for c in self.children():
            out |= c.inputs()
        return out

    def param_names(self) -> set[str]:
        out: set[str] = set()
        for c in self.children():
            out |= c.param_names()
        return out

    # arithmetic
    def __add__(self, o: Expr | Value) -> Expr:
        return Arith("+", self, as_expr(o))

    def __radd__(self, o: Expr | Value) -> Expr:
        return Arith("+", as_expr(o), self)

    def __sub__(self, o: Expr | Value) -> Expr:
        return Arith("-", self, as_expr(o))

    def __rsub__(self, o: Expr | Value) -> Expr:
        return Arith("-", as_expr(o), self)

    def __mul__(self, o: Expr | Value) -> Expr:
        return Arith("*", self, as_expr(o))

    def __rmul__(self, o: Expr | Value) -> Expr:
        return Arith("*", as_expr(o), self)

    def __truediv__(self, o: Expr | Value) -> Expr:
        return Arith("/", self, as_expr(o))

    # comparisons (``==`` stays Python identity; use ``.eq``)
    def __lt__(self, o: Expr | Value) -> Expr:
        return Cmp("<", self, as_expr(o))

    def __le__(self, o: Expr | Value) -> Expr:
        return Cmp("<=", self, as_expr(o))

    def __gt__(self, o: Expr | Value) -> Expr:
        return Cmp(">", self, as_expr(o))

    def __ge__(self, o: Expr | Value) -> Expr:
        return Cmp(">=", self, as_expr(o))

    def eq(self, o: Expr | Value) -> Expr:
        return Cmp("==", self, as_expr(o))

    # Kleene logic
    def __and__(self, o: Expr | Value) -> Expr:
        return And((self, as_expr(o)))

    def __or__(self, o: Expr | Value) -> Expr:
        return Or((self, as_expr(o)))

    def __invert__(self) -> Expr:
        return Not(self)

    __hash__ = object.__hash__


@dataclass(frozen=True, eq=False)
class Const(Expr):
    value: Value

    def eval(self, env: Env) -> Value:
        return self.value

    def scale(self, ctx: VecCtx) -> int:
        return _scale_of(self.value)

    def fixed(self, ctx: VecCtx) -> int | None:
        return _const_places(self.value)

    def _vec(self, ctx: VecCtx) -> pl.Expr:
        return _native_lit(self.value)

    def kind(self, ctx: VecCtx) -> Kind:
        return _kind_of(self.value)


@dataclass(frozen=True, eq=False)
class Var(Expr):
    """A fact of the case (a registry column)."""

    name: str

    def eval(self, env: Env) -> Value:
        return env.facts.get(self.name)

    def _vec(self, ctx: VecCtx) -> pl.Expr:
        return pl.col(self.name)

    def kind(self, ctx: VecCtx) -> Kind:
        return ctx.kinds[self.name]

    def scale(self, ctx: VecCtx) -> int:
        if self.kind(ctx) != "dec":
            return 0
        places = ctx.fixed.get(self.name)
        return places if places is not None else ctx.scales.get(self.name, INPUT_SCALE)

    def fixed(self, ctx: VecCtx) -> int | None:
        return ctx.fixed.get(self.name) if self.kind(ctx) == "dec" else super().fixed(ctx)

    def bound(self, ctx: VecCtx) -> int | None:
        places = self.fixed(ctx)
        return None if places is None or ctx.input_bound is None else ctx.input_bound * 10**places

    def inputs(self) -> set[str]:
        return {self.name}


@dataclass(frozen=True, eq=False)
class Param(Expr):
    """A dated parameter; its value is fixed for a run (decision date, overrides).

    ``at`` pins the lookup to a date named by the notice itself ("2019年度…标准") instead of the
    decision date.
    """

    name: str
    at: str | None = None

    @property
    def key(self) -> str:
        return self.name if self.at is None else f"{self.name}@{self.at}"

    def eval(self, env: Env) -> Value:
        return env.params[self.key]  # type: ignore[no-any-return]

    def _vec(self, ctx: VecCtx) -> pl.Expr:
        return _native_lit(ctx.params[self.key])

    def kind(self, ctx: VecCtx) -> Kind:
        return _kind_of(ctx.params[self.key])

    def scale(self, ctx: VecCtx) -> int:
        return _scale_of(ctx.params[self.key])

    def fixed(self, ctx: VecCtx) -> int | None:
        return _const_places(ctx.params[self.key])

    def param_names(self) -> set[str]:
        return {self.key}


@dataclass(frozen=True, eq=False)
class Named(Expr):
    """A derived quantity with a name, evaluated once per case and shown in explanations."""

    name: str
    expr: Expr

    def eval(self, env: Env) -> Value:
        key = id(self)
        if key in env.memo:
            return env.memo[key]
        value = self.expr.eval(env)
        env.memo[key] = value
        return value

    def _vec(self, ctx: VecCtx) -> pl.Expr:
        return self.expr.native(ctx)

    def kind(self, ctx: VecCtx) -> Kind:
        return self.expr.kind(ctx)

    def scale(self, ctx: VecCtx) -> int:
        return self.expr.scale(ctx)

    def fixed(self, ctx: VecCtx) -> int | None:
        return self.expr.fixed(ctx)

    def bound(self, ctx: VecCtx) -> int | None:
        return self.expr.bound(ctx)

    def children(self) -> tuple[Expr, ...]:
        return (self.expr,)


class Binary(Expr):
    """A node of two operands ``a`` and ``b`` (declared by the subclass): unknown when either is,
    else ``apply`` of their values."""

    a: Expr
    b: Expr

    def eval(self, env: Env) -> Value:
        x = self.a.eval(env)
        y = self.b.eval(env)
        if x is None or y is None:
            return None
        return self.apply(x, y)

    def apply(self, x: Any, y: Any) -> Value:
        raise NotImplementedError

    def children(self) -> tuple[Expr, ...]:
        return (self.a, self.b)


class Unary(Expr):
    """A node of one operand ``item`` (declared by the subclass): unknown when it is, else ``apply``
    of its value."""

    item: Expr

    def eval(self, env: Env) -> Value:
        value = self.item.eval(env)
        return None if value is None else self.apply(value)

    def apply(self, value: Any) -> Value:
        raise NotImplementedError

    def children(self) -> tuple[Expr, ...]:
        return (self.item,)


@dataclass(frozen=True, eq=False)
class Operator(Binary):
    """A two-operand node named by its operator symbol: arithmetic (``Arith``) or comparison (``Cmp``)."""

    op: str
    a: Expr
    b: Expr


@dataclass(frozen=True, eq=False)
class Arith(Operator):
    def apply(self, x: Any, y: Any) -> Value:
        assert isinstance(x, (int, Decimal)) and isinstance(y, (int, Decimal))
        if isinstance(x, int) and isinstance(y, int) and self.op != "/":
            if self.op == "+":
                return x + y
            if self.op == "-":
                return x - y
            return x * y
        dx, dy = Decimal(x), Decimal(y)
        # operands carry at most 14 places, so sums and differences are exact as they stand
        if self.op == "+":
            return DEC_CTX.add(dx, dy)
        if self.op == "-":
            return DEC_CTX.subtract(dx, dy)
        if self.op == "*":
            return q14(DEC_CTX.multiply(dx, dy))
        if dy == 0:
            return None
        return q14(DEC_CTX.divide(dx, dy))

    def kind(self, ctx: VecCtx) -> Kind:
        if not self.inputs():
            return _kind_of(self.eval(Env({}, ctx.params)))
        if self.op != "/" and self.a.kind(ctx) == "int" and self.b.kind(ctx) == "int":
            return "int"
        return "dec"

    def scale(self, ctx: VecCtx) -> int:
        if self.kind(ctx) == "int":
            return 0
        if not self.inputs():
            return _scale_of(self.eval(Env({}, ctx.params)))
        sa, sb = self.a.scale(ctx), self.b.scale(ctx)
        if self.op in "+-":
            return max(sa, sb)
        if self.op == "*":
            return min(SCALE, sa + sb)
        return SCALE

    def _divisor(self, ctx: VecCtx) -> int | None:
        """The divisor of a quotient by a positive whole constant (``x / 3``), else None."""
        if self.op != "/" or self.b.inputs():
            return None
        value = self.b.eval(Env({}, ctx.params))
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)) or not _integral(Decimal(value)):
            return None
        return int(value) if value > 0 else None

    def fixed(self, ctx: VecCtx) -> int | None:
        if self.kind(ctx) == "int":
            return 0
        if not self.inputs():
            return _const_places(self.eval(Env({}, ctx.params)))
        fa, fb = self.a.fixed(ctx), self.b.fixed(ctx)
        if fa is None or fb is None:
            return None
        if self.op in "+-":
            return max(fa, fb)
        if self.op == "*":
            return fa + fb if fa + fb <= SCALE else None
        return SCALE if self._divisor(ctx) is not None else None

    def bound(self, ctx: VecCtx) -> int | None:
        places = self.fixed(ctx)
        if places is None or not self.inputs():
            return super().bound(ctx)
        fa, fb = self.a.fixed(ctx), self.b.fixed(ctx)
        ba, bb = self.a.bound(ctx), self.b.bound(ctx)
        if fa is None or fb is None or ba is None or bb is None:
            return None
        if self.op in "+-":
            return int(ba * 10 ** (places - fa) + bb * 10 ** (places - fb))
        if self.op == "*":
            return ba * bb
        divisor = self._divisor(ctx)
        return None if divisor is None else ba * 10 ** (places - fa) // divisor + 1

    def _fixed_vec(self, ctx: VecCtx, places: int) -> pl.Expr:
        dtype = int_type(self.bound(ctx))
        if self.op in "+-*":
            if self.op == "*":
                x, y = self.a.native(ctx), self.b.native(ctx)
            else:
                x, y = self.a.native_at(ctx, places), self.b.native_at(ctx, places)
            x, y = x.cast(dtype), y.cast(dtype)
            return x + y if self.op == "+" else x - y if self.op == "-" else x * y
        # x / d at 14 places, half-to-even: floor quotient and remainder (0 <= r < d), then up
        # when r is more than half of d, or exactly half and the quotient odd
        divisor = self._divisor(ctx)
        assert divisor is not None
        n = self.a.native_at(ctx, places)
        dtype = int_type(_bound_at(self.a.bound(ctx), self.a.fixed(ctx) or 0, places))
        n, d, two = n.cast(dtype), pl.lit(divisor, dtype=dtype), pl.lit(2, dtype=dtype)
        q = n // d
        twice_r = (n - q * d) * two
        up = (twice_r > d) | ((twice_r == d) & (q % two == 1))
        return q + up.cast(dtype)

    def _vec(self, ctx: VecCtx) -> pl.Expr:
        if not self.inputs():
            # constants and parameters only: fold to one literal, computed the scalar way
            return _native_lit(self.eval(Env({}, ctx.params)))
        places = self.fixed(ctx)
        if places is not None and self.kind(ctx) == "dec":
            return self._fixed_vec(ctx, places)
        x, y = self.a.vec(ctx), self.b.vec(ctx)
        if self.kind(ctx) == "int":
            if self.op == "*":
                # counts below 10^15 times amounts can pass 2^63: multiply in 128 bits unless
                # the bounds of both say the product stays in 64
                dtype = int_type(self.bound(ctx))
                return x.cast(dtype) * y.cast(dtype)
            return x + y if self.op == "+" else x - y
        # Decimal places are tracked so that sums and products stay exact: a sum at the larger
        # scale of its operands, a product at the sum of theirs (at most 14, rounded half-to-even
        # beyond, as the scalar side does), a quotient at 14.
        out = pl.Decimal(38, self.scale(ctx))
        if self.b.kind(ctx) == "int":
            y = y.cast(pl.Decimal(38, 0))
        if self.op == "+":
            return x.cast(out) + y.cast(out)
        if self.op == "-":
            return x.cast(out) - y.cast(out)
        if self.op == "*":
            return x.cast(out) * y
        zero = y == 0
        safe = pl.when(zero).then(pl.lit(1, dtype=pl.Int64).cast(pl.Decimal(38, 0))).otherwise(y)
        return pl.when(zero).then(None).otherwise(x.cast(pl.Decimal(38, SCALE)) / safe)


_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda x, y: x < y,
    "<=": lambda x, y: x <= y,
    ">": lambda x, y: x > y,
    ">=": lambda x, y: x >= y,
    "==": lambda x, y: x == y,
}


@dataclass(frozen=True, eq=False)
class Cmp(Operator):
    def apply(self, x: Any, y: Any) -> Value:
        return _CMP[self.op](x, y)

    def kind(self, ctx: VecCtx) -> Kind:
        return "bool"

    def _vec(self, ctx: VecCtx) -> pl.Expr:
        a, b = self.a, self.b
        places = max(_factor_places(a, ctx), _factor_places(b, ctx))
        if places:
            # ``x * 0.052 < y`` is compiled as ``x * 52 < y * 1000``: the same exact comparison
            # with integer factors, which Polars multiplies without rescaling decimals
            a, b = _times_power_of_ten(a, places, ctx), _times_power_of_ten(b, places, ctx)
        fa, fb = a.fixed(ctx), b.fixed(ctx)
        if fa is not None and fb is not None:
            # both exact integers of known places: compare at the finer of the two
            both = max(fa, fb)
            result_fixed: pl.Expr = _CMP[self.op](a.native_at(ctx, both), b.native_at(ctx, both))  # type: ignore[assignment]
            return result_fixed
        x, y = a.vec(ctx), b.vec(ctx)
        ka, kb = a.kind(ctx), b.kind(ctx)
        if ka == "dec" and kb == "int":
            y = y.cast(pl.Decimal(38, 0))
        elif ka == "int" and kb == "dec":
            x = x.cast(pl.Decimal(38, 0))
        result: pl.Expr = _CMP[self.op](x, y)  # type: ignore[assignment]
        return result


def _constant_factor(e: Expr, ctx: VecCtx) -> tuple[Expr, Decimal] | None:
    """``(x, c)`` when ``e`` is ``x * c`` or ``c * x`` with ``c`` a non-integral constant."""
    if not isinstance(e, Arith) or e.op != "*" or not e.inputs():
        return None
    for const, other in ((e.b, e.a), (e.a, e.b)):
        if not const.inputs():
            value = const.eval(Env({}, ctx.params))
            if isinstance(value, Decimal) and not _integral(value):
                return other, value
    return None


def _factor_places(e: Expr, ctx: VecCtx) -> int:
    found = _constant_factor(e, ctx)
    return _scale_of(found[1]) if found else 0


def _times_power_of_ten(e: Expr, places: int, ctx: VecCtx) -> Expr:
    found = _constant_factor(e, ctx)
    if found:
        other, value = found
        return Arith("*", other, Const(value.scaleb(places)))
    return Arith("*", e, Const(10**places))


@dataclass(frozen=True, eq=False)
class Connective(Expr):
    """``all_of`` / ``any_of`` in Kleene's logic: one item of the settling value (false for an
    AND, true for an OR) settles the whole, else an unknown item leaves it unknown."""

    items: tuple[Expr, ...]
    SETTLES: ClassVar[bool]

    def eval(self, env: Env) -> Value:
        unknown = False
        for item in self.items:
            value = item.eval(env)
            if value is self.SETTLES:
                return self.SETTLES
            if value is None:
                unknown = True
        return None if unknown else not self.SETTLES

    def kind(self, ctx: VecCtx) -> Kind:
        return "bool"

    def _vec(self, ctx: VecCtx) -> pl.Expr:
        # Polars' & and | on nullable booleans are Kleene's
        out = self.items[0].vec(ctx)
        for item in self.items[1:]:
            out = (out | item.vec(ctx)) if self.SETTLES else (out & item.vec(ctx))
        return out

    def children(self) -> tuple[Expr, ...]:
        return self.items


class And(Connective):
    SETTLES = False


class Or(Connective):
    SETTLES = True


@dataclass(frozen=True, eq=False)
class Not(Unary):
    item: Expr

    def apply(self, value: Any) -> Value:
        return not value

    def kind(self, ctx: VecCtx) -> Kind:
        return "bool"

    def _vec(self, ctx: VecCtx) -> pl.Expr:
        return ~self.item.vec(ctx)


@dataclass(frozen=True, eq=False)
class Known(Unary):
    """True when the value is known. Never unknown itself."""

    item: Expr

    def eval(self, env: Env) -> Value:
        return self.item.eval(env) is not None

    def kind(self, ctx: VecCtx) -> Kind:
        return "bool"

    def _vec(self, ctx: VecCtx) -> pl.Expr:
        return self.item.vec(ctx).is_not_null()


@dataclass(frozen=True, eq=False)
class IfElse(Expr):
    """``then`` where the test holds, ``otherwise`` where it fails, unknown where it is unknown."""

    test: Expr
    then: Expr
    otherwise: Expr

    def eval(self, env: Env) -> Value:
        t = self.test.eval(env)
        if t is None:
            return None
        return self.then.eval(env) if t else self.otherwise.eval(env)

    def kind(self, ctx: VecCtx) -> Kind:
        ka, kb = self.then.kind(ctx), self.otherwise.kind(ctx)
        if ka == kb:
            return ka
        if {ka, kb} <= {"int", "dec"}:
            return "dec"
        raise TypeError(f"IfElse branches of kinds {ka} and {kb}")

    def scale(self, ctx: VecCtx) -> int:
        if self.kind(ctx) != "dec":
            return 0
        return max(self.then.scale(ctx), self.otherwise.scale(ctx))

    def fixed(self, ctx: VecCtx) -> int | None:
        if self.kind(ctx) == "int":
            return 0
        fa, fb = self.then.fixed(ctx), self.otherwise.fixed(ctx)
        if self.kind(ctx) != "dec" or fa is None or fb is None:
            return None
        return max(fa, fb)

    def bound(self, ctx: VecCtx) -> int | None:
        places, fa, fb = self.fixed(ctx), self.then.fixed(ctx), self.otherwise.fixed(ctx)
        if places is None or fa is None or fb is None:
            return None
        ba, bb = _bound_at(self.then.bound(ctx), fa, places), _bound_at(self.otherwise.bound(ctx), fb, places)
        return None if ba is None or bb is None else max(ba, bb)

    def _vec(self, ctx: VecCtx) -> pl.Expr:
        k = self.kind(ctx)
        places = self.fixed(ctx)
        if k == "dec" and places is not None:
            dtype = int_type(self.bound(ctx))
            a = self.then.native_at(ctx, places).cast(dtype)
            b = self.otherwise.native_at(ctx, places).cast(dtype)
        else:
            a, b = self.then.vec(ctx), self.otherwise.vec(ctx)
        if k == "dec" and places is None:
            out = pl.Decimal(38, self.scale(ctx))
            a, b = a.cast(out), b.cast(out)
        t = self.test.vec(ctx)
        return pl.when(t.is_null()).then(None).when(t).then(a).otherwise(b)

    def children(self) -> tuple[Expr, ...]:
        return (self.test, self.then, self.otherwise)


@dataclass(frozen=True, eq=False)
class MinOf(Binary):
    """The smaller of two values; unknown if either is unknown."""

    a: Expr
    b: Expr

    def apply(self, x: Any, y: Any) -> Value:
        return x if x <= y else y  # type: ignore[no-any-return]

    def kind(self, ctx: VecCtx) -> Kind:
        return IfElse(Const(True), self.a, self.b).kind(ctx)

    def scale(self, ctx: VecCtx) -> int:
        return IfElse(Const(True), self.a, self.b).scale(ctx)

    def fixed(self, ctx: VecCtx) -> int | None:
        return IfElse(Const(True), self.a, self.b).fixed(ctx)

    def bound(self, ctx: VecCtx) -> int | None:
        return IfElse(Const(True), self.a, self.b).bound(ctx)

    def _vec(self, ctx: VecCtx) -> pl.Expr:
        return IfElse(self.a <= self.b, self.a, self.b).native(ctx)


@dataclass(frozen=True, eq=False)
class RoundMoney(Unary):
    """Round half-up (away from zero) to 0.01 yuan."""

    item: Expr

    def apply(self, value: Any) -> Value:
        assert isinstance(value, (int, Decimal))
        return round_money_value(value)

    def kind(self, ctx: VecCtx) -> Kind:
        return "dec"

    def scale(self, ctx: VecCtx) -> int:
        return 2

    def _vec(self, ctx: VecCtx) -> pl.Expr:
        places = self.item.fixed(ctx)
        if places is not None and self.item.kind(ctx) == "dec":
            if places <= 2:
                return fixed_to_decimal(self.item.native_at(ctx, 2), 2)
            # half-up (away from zero) to cents on the magnitude; 10^k is even, so half is exact
            x = self.item.native(ctx)
            unit = 10 ** (places - 2)
            dtype = int_type(self.item.bound(ctx))
            cents = (x.cast(dtype).abs() + pl.lit(unit // 2, dtype=dtype)) // pl.lit(unit, dtype=dtype)
            negative = pl.lit(0, dtype=dtype) - cents  # Int128 has no negation in Polars
            return fixed_to_decimal(pl.when(x < 0).then(negative).otherwise(cents), 2)
        e = self.item.vec(ctx)
        if self.item.kind(ctx) == "int" or self.item.scale(ctx) <= 2:
            return e.cast(pl.Decimal(38, 2))
        return e.round(2, mode="half_away_from_zero").cast(pl.Decimal(38, 2))


@dataclass(frozen=True, eq=False)
class Lookup(Expr):
    """A value from a data table, keyed by another expression; unknown when the key is."""

    table: Mapping[Any, Value]
    key: Expr
    value_kind: Kind
    default: Value = None

    def eval(self, env: Env) -> Value:
        k = self.key.eval(env)
        if k is None:
            return None
        return self.table.get(k, self.default)

    def kind(self, ctx: VecCtx) -> Kind:
        return self.value_kind

    def fixed(self, ctx: VecCtx) -> int | None:
        if self.value_kind != "dec":
            return super().fixed(ctx)
        places = [_const_places(x) for x in [*self.table.values(), self.default] if x is not None]
        if any(p is None for p in places):
            return None
        whole = [x for x in [*self.table.values(), self.default] if x is not None]
        top = max((p for p in places if p is not None), default=0)
        # the scaled table stays in 64 bits
        return top if all(abs(Decimal(x).scaleb(top)) < INT128_FROM for x in whole) else None  # type: ignore[arg-type]

    def scale(self, ctx: VecCtx) -> int:
        places = self.fixed(ctx)
        return places if places is not None else super().scale(ctx)

    def bound(self, ctx: VecCtx) -> int | None:
        places = self.fixed(ctx)
        if places is None:
            return None
        values = [x for x in [*self.table.values(), self.default] if x is not None]
        return max((abs(int(Decimal(x).scaleb(places))) for x in values), default=0) + 1  # type: ignore[arg-type]

    def native_at(self, ctx: VecCtx, places: int) -> pl.Expr:
        return self._table_vec(ctx, places)

    def _vec(self, ctx: VecCtx) -> pl.Expr:
        return self._table_vec(ctx, self.fixed(ctx) if self.value_kind in ("dec", "int") else None)

    def _table_vec(self, ctx: VecCtx, places: int | None) -> pl.Expr:
        """The lookup; a table of numbers as scaled integers of ``places`` places."""
        dtype: Any = {"int": pl.Int64, "dec": pl.Decimal(38, SCALE), "bool": pl.Boolean, "str": pl.String}[
            self.value_kind
        ]
        table: Mapping[Any, Any] = self.table
        default: Any = self.default
        if places is not None:
            # decimals of known places: looked up as scaled integers
            dtype = pl.Int64
            table = {k: None if x is None else int(Decimal(x).scaleb(places)) for k, x in table.items()}
            default = None if default is None else int(Decimal(default).scaleb(places))
        keys = list(table)
        key = self.key.vec(ctx)
        if keys and all(isinstance(k, int) and not isinstance(k, bool) and 0 <= k <= 256 for k in keys):
            # small integer keys (e.g. a table row number): gather from a dense array
            top = max(keys)
            dense = pl.Series([table.get(k, default) for k in range(top + 1)], dtype=dtype)
            inside = key.is_between(0, top)
            fallback = _lit(default) if places is None else pl.lit(default, dtype=pl.Int64)
            out = pl.when(inside).then(pl.lit(dense).gather(key.clip(0, top))).otherwise(fallback)
        else:
            values = [table[k] for k in keys]
            out = key.replace_strict(keys, values, default=default, return_dtype=dtype)
        return pl.when(key.is_null()).then(None).otherwise(out)

    def children(self) -> tuple[Expr, ...]:
        return (self.key,)


@dataclass(frozen=True, eq=False)
class PrefixLookup(Expr):
    """Map a code by its longest listed prefix (e.g. ``K701`` before ``K``), else ``default``."""

    table: Mapping[str, int]
    key: Expr
    default: int

    def eval(self, env: Env) -> Value:
        code = self.key.eval(env)
        if code is None:
            return None
        assert isinstance(code, str)
        return self.match(code)

    def match(self, code: str) -> int:
        for n in range(len(code), 0, -1):
            hit = self.table.get(code[:n])
            if hit is not None:
                return hit
        return self.default

    def kind(self, ctx: VecCtx) -> Kind:
        return "int"

    def _vec(self, ctx: VecCtx) -> pl.Expr:
        key = self.key.vec(ctx)

        def per_code(codes: pl.Series) -> pl.Series:
            # few distinct codes in a registry: resolve each once, then map the column
            distinct = [c for c in codes.unique().to_list() if c is not None]
            hits = [self.match(c) for c in distinct]
            return codes.replace_strict(distinct, hits, default=None, return_dtype=pl.Int64)

        found = key.map_batches(per_code, return_dtype=pl.Int64)
        return pl.when(key.is_null()).then(None).otherwise(found)

    def children(self) -> tuple[Expr, ...]:
        return (self.key,)


# ---- small constructors used by the rule files -------------------------------------------


def v(name: str) -> Var:
    return Var(name)


def p(name: str, at: str | None = None) -> Param:
    return Param(name, at)


def c(value: Value | str) -> Const:
    if isinstance(value, str):
        return Const(Decimal(value))
    return Const(value)


def all_of(*items: Expr) -> Expr:
    return And(tuple(items))


def any_of(*items: Expr) -> Expr:
    return Or(tuple(items))


def known(item: Expr) -> Expr:
    return Known(item)


def if_(test: Expr, then: Expr | Value, otherwise: Expr | Value) -> Expr:
    return IfElse(test, as_expr(then), as_expr(otherwise))


def min_of(a: Expr | Value, b: Expr | Value) -> Expr:
    return MinOf(as_expr(a), as_expr(b))


def round_money(item: Expr) -> Expr:
    return RoundMoney(item)


def named(name: str, item: Expr) -> Named:
    return Named(name, item)


@dataclass(frozen=True, eq=False)
class DaysBetween(Binary):
    """Whole days from ``a`` to ``b`` (``b - a``); unknown if either date is."""

    a: Expr
    b: Expr

    def apply(self, x: Any, y: Any) -> Value:
        assert isinstance(x, dt.date) and isinstance(y, dt.date)
        return (y - x).days

    def kind(self, ctx: VecCtx) -> Kind:
        return "int"

    def _vec(self, ctx: VecCtx) -> pl.Expr:
        return (self.b.vec(ctx) - self.a.vec(ctx)).dt.total_days()


@dataclass(frozen=True, eq=False)
class NextMonthStart(Unary):
    """The first day of the month after the given date."""

    item: Expr

    def apply(self, d: Any) -> Value:
        assert isinstance(d, dt.date)
        return dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)

    def kind(self, ctx: VecCtx) -> Kind:
        return "date"

    def _vec(self, ctx: VecCtx) -> pl.Expr:
        return self.item.vec(ctx).dt.month_start().dt.offset_by("1mo")


def days_between(a: Expr, b: Expr) -> Expr:
    return DaysBetween(a, b)


def next_month_start(d: Expr) -> Expr:
    return NextMonthStart(d)
