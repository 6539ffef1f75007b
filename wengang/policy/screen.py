"""Screening a registry extract (主动筛查 / 免申即享) in one vectorised pass.

The extract follows REGISTRY.md: CSV (UTF-8, with or without BOM), Parquet or XLSX in; the same
out, by the output file's extension, plus a rejects file (CSV) listing every bad row with its row
number, column and reason. The rules are the ones :func:`explain` uses, compiled to Polars
expressions by :mod:`wengang.policy.expr`; nothing here restates a rule.

Large Parquet files are processed in chunks of ``CHUNK_ROWS`` rows so memory stays bounded; the
duplicate-credit-code check carries the codes already accepted from chunk to chunk.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from .explain import DEFAULT_ON
from .expr import Expr, Named, RoundMoney, VecCtx, fixed_to_decimal
from .facts import INPUT_PLACES, MAX_MAGNITUDE, FactError, read_fact
from .fields import (
    ENTERPRISE_FIELDS,
    FIELDS_BY_NAME,
    IDENTITY_FIELDS,
    USCC_ALPHABET,
    USCC_WEIGHTS,
    Field,
    alias_map,
    field_label,
)
from .model import Policy
from .params import ParamValue, Resolved, resolve
from .rules.enterprise import enterprise_policies
from .rules.variants import check_variant
from .workbook import MEGABYTE, Limits, WorkbookError, open_workbook, sheet_rows

if TYPE_CHECKING:
    import numpy as np

CHUNK_ROWS = 1_000_000
PARQUET_ROW_GROUP = 512 * 512
IN_DEC = pl.Decimal(38, INPUT_PLACES)
EXACT_DEC = pl.Decimal(38, 20)
MONEY = pl.Decimal(38, 2)
NUMBER_PATTERN = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
USCC_PATTERN = r"^[0-9A-HJ-NP-RTUWXY]{18}$"
INDUSTRY_PATTERN = r"^[A-Za-z][0-9]{2,4}$"
BOOL_WORDS = {
    "true": True, "1": True, "yes": True, "是": True,
    "false": False, "0": False, "no": False, "否": False,
}
NO_AMOUNT = {"I2", "I3"}
ROW = "__row"
REJECT_SCHEMA = {"row": pl.Int64, "line": pl.Int64, "column": pl.String, "value": pl.String, "reason": pl.String}


class ScreenError(ValueError):
    """The file as a whole cannot be screened (unreadable, or a required column is missing)."""


# ---- reading ------------------------------------------------------------------------------


def read_table(path: Path) -> pl.DataFrame:
    """Read a whole extract. CSV and XLSX cells are read as text and checked here."""
    return read_table_encoded(path)[0]


def read_table_encoded(path: Path) -> tuple[pl.DataFrame, str]:
    """Read a whole extract, and the encoding a CSV was read in ("" for other files).

    A CSV that is not UTF-8 is read as GB18030 (what Excel writes on a Chinese Windows, a superset
    of GBK and GB2312). An XLSX is opened by the guarded opener (:mod:`wengang.policy.workbook`).
    """
    suffix = path.suffix.lower()
    encoding = ""
    try:
        if suffix == ".csv":
            encoding = csv_encoding(path)
            if encoding == "utf-8":
                df = pl.read_csv(path, infer_schema=False, encoding="utf8")
            else:
                text = path.read_bytes().decode("gb18030")
                df = pl.read_csv(text.encode("utf-8"), infer_schema=False, encoding="utf8")
        elif suffix == ".parquet":
            df = pl.read_parquet(path)
        elif suffix in (".xlsx", ".xlsm"):
            df = _read_xlsx(path)
        else:
            raise ScreenError(f"不支持的文件类型 {suffix}（可用 .csv、.parquet、.xlsx）")
    except WorkbookError as exc:
        raise ScreenError(f"无法读取 {path.name}：{exc}") from exc
    except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as exc:
        raise ScreenError(f"无法读取 {path.name}：文件内容不是有效的 {suffix.lstrip('.').upper()} 格式") from exc
    return normalise_headers(df), encoding


#: the GB* family is decoded as GB18030, which contains GB2312 and GBK
CSV_FALLBACK = "gb18030"


def csv_encoding(path: Path) -> str:
    """``"utf-8"`` (with or without BOM) or ``"gb18030"``; ``ScreenError`` when neither decodes the file."""
    for encoding in ("utf-8", CSV_FALLBACK):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as file:
                while chunk := file.read(1024 * 1024):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ScreenError(
        f"无法识别 {path.name} 的文字编码（既不是 UTF-8，也不是 GBK/GB18030）；"
        "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入"
    )


#: an extract in Excel: at most Excel's own row count, and a bound on what it may unpack to
XLSX_LIMITS = Limits(max_rows=1_048_575, max_uncompressed=1024 * MEGABYTE, max_shared_strings=2_000_000)


def _read_xlsx(path: Path) -> pl.DataFrame:
    wb = open_workbook(path, XLSX_LIMITS)
    try:
        rows = sheet_rows(wb.worksheets[0], XLSX_LIMITS)
        first = next(rows, None)
        header = [str(h).strip() if h is not None else "" for h in (first[1] if first else ())]
        columns: list[list[str | None]] = [[] for _ in header]
        for _number, row in rows:
            if all(v is None or str(v).strip() == "" for v in row):
                continue
            for i in range(len(header)):
                value = row[i] if i < len(row) else None
                columns[i].append(_xlsx_text(value))
    finally:
        wb.close()
    try:
        return pl.DataFrame(
            {h: col for h, col in zip(header, columns, strict=True)}, schema={h: pl.String for h in header}
        )
    except pl.exceptions.PolarsError as exc:  # duplicate or blank column names
        raise ScreenError(f"无法读取 {path.name}：第1行的列名重复或为空") from exc


def _xlsx_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)


def normalise_headers(df: pl.DataFrame) -> pl.DataFrame:
    """Map Chinese labels to the English names; strip a BOM; check the required columns."""
    aliases = alias_map()
    rename = {}
    for col in df.columns:
        clean = col.lstrip("\ufeff").strip()
        target = aliases.get(clean, clean)
        if target != col:
            rename[col] = target
    if rename:
        df = df.rename(rename)
    missing = [f.name for f in ENTERPRISE_FIELDS if f.name not in df.columns and f.name in IDENTITY_FIELDS[:1]]
    if missing:
        # the label people know, with the column name a file may also use
        raise ScreenError(f"缺少必需的列：{'、'.join(f'{field_label(name)}（{name}）' for name in missing)}")
    return df


# ---- validation ---------------------------------------------------------------------------


@cache
def _uscc_lut() -> np.ndarray:
    """Byte → value of a credit-code character (255 outside the alphabet)."""
    import numpy as np

    lut = np.full(256, 255, dtype=np.uint8)
    for i, ch in enumerate(USCC_ALPHABET):
        lut[ord(ch)] = i
        lut[ord(ch.lower())] = i
    return lut


def prepare_batch() -> None:
    """Import NumPy and build the lookup table (a tenth of a second), on a thread of its own
    while the main one reads the file: Polars reads without holding the GIL."""
    _uscc_lut()


def normalise_uscc(codes: pl.Series) -> pl.Series:
    """Strip blanks and upper-case, touching only the codes that need it."""
    codes = codes.cast(pl.String)
    needs = (codes.str.len_bytes() != 18) | codes.str.contains("[a-z]")
    if needs.any():
        fixed = codes.str.strip_chars().str.to_uppercase()
        codes = pl.select(pl.when(needs).then(fixed).otherwise(codes)).to_series()
    return codes.alias("uscc")


def code_bytes(codes: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """Which codes are 18 bytes long, and the bytes of the codes as an ``(18, n)`` array: one
    row per character position, so each position is one contiguous run (codes of another length
    read as ``000000000000000000``). Vectorised: the codes are joined into one buffer."""
    import numpy as np

    n = len(codes)
    length_ok = (codes.str.len_bytes() == 18).fill_null(False)
    if not length_ok.all():
        codes = pl.select(pl.when(length_ok).then(codes).otherwise(pl.lit("0" * 18))).to_series()
    # joined as bytes (a Binary item), not as a Python str to encode again
    raw = np.frombuffer(codes.str.join("").cast(pl.Binary).item(), dtype=np.uint8).reshape(n, 18)
    return length_ok.to_numpy(), np.ascontiguousarray(raw.T)


def _has_lower_case(chars: np.ndarray) -> bool:
    """Whether any byte is an ASCII lower-case letter (``a``–``z``; in UTF-8 no other
    character has such a byte), for which a credit code is upper-cased."""
    import numpy as np

    return bool(((chars - np.uint8(ord("a"))) < 26).any())


def uscc_digits(codes: pl.Series, raw: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[pl.Series, np.ndarray]:
    """Which codes are valid (GB 32100-2015 alphabet, 18 characters, check character) and
    their digits as an ``(18, n)`` array (one row per character position); invalid codes get
    the digits of ``000000000000000000``. ``raw``: :func:`code_bytes` of the codes, if known.

    Vectorised on the codes' bytes (see :func:`code_bytes`).
    """
    import numpy as np

    n = len(codes)
    if n == 0:
        return pl.Series("ok", [], dtype=pl.Boolean), np.zeros((18, 0), dtype=np.uint8)
    length_ok, chars = raw if raw is not None else code_bytes(codes)
    digits = _uscc_lut()[chars]
    ok = length_ok & (digits < 31).all(axis=0)
    # the weighted sum in 16 bits: at most 17 × 30 × 30 = 15,300 for digits of the alphabet (a
    # sum over a byte outside it may wrap, but that code is invalid already)
    total = np.zeros(n, dtype=np.uint16)
    for k, weight in enumerate(USCC_WEIGHTS):
        total += digits[k] * np.uint16(weight)
    ok &= (31 - total % 31) % 31 == digits[17]
    if not ok.all():
        digits[:, ~ok] = 0
    return pl.Series("ok", ok), digits


def uscc_keys(digits: np.ndarray, ok: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Two integers that identify a valid code exactly (17 base-31 digits; the 18th follows).
    ``digits``: ``(18, n)``, as :func:`uscc_digits` gives them."""
    import numpy as np

    n = digits.shape[1]
    hi = digits[0].astype(np.int64)
    for k in range(1, 9):
        hi *= 31
        hi += digits[k]
    lo = digits[9].astype(np.int64)
    for k in range(10, 17):
        lo *= 31
        lo += digits[k]
    # rows with an invalid code get a key no valid code has, so they never collide
    bad = ~ok.to_numpy()
    hi[bad] = -1
    lo[bad] = np.arange(n, dtype=np.int64)[bad]
    return pl.Series("__hi", hi), pl.Series("__lo", lo)


def _text(col: pl.Expr) -> pl.Expr:
    stripped = col.cast(pl.String).str.strip_chars()
    return pl.when(stripped == "").then(None).otherwise(stripped)


NOT_A_NUMBER = "不是数字（只能含数字、正负号、小数点和指数，不能有千分位等分隔符）"
OUT_OF_RANGE = "超出范围（绝对值须小于10^15）"
NEGATIVE = "不能为负数"
NOT_WHOLE = "须为整数"
PLAIN_NUMBER_PATTERN = r"^[+-]?(?:[0-9]{1,17}(?:\.[0-9]{0,20})?|\.[0-9]{1,20})$"


def verdict_column(f: Field) -> str:
    return f"__verdict_{f.name}"


def unusual_number_verdicts(f: Field, texts: pl.Series) -> pl.Series | None:
    """The single-case reader's verdict on the column's unusual numbers (an exponent, or more
    digits than a Polars decimal holds): the reason a cell is refused, else None. None when the
    column has no such number (the usual case)."""
    clean = texts.cast(pl.String).str.strip_chars()
    odd = (
        clean.str.contains(NUMBER_PATTERN).fill_null(False)
        & ~clean.str.contains(PLAIN_NUMBER_PATTERN).fill_null(False)
    )
    if not odd.any():
        return None
    out: list[str | None] = [None] * len(texts)
    for i in odd.arg_true().to_list():
        try:
            read_fact(f, clean[i])
        except FactError as err:
            out[i] = next(
                (r for r in (OUT_OF_RANGE, NEGATIVE, NOT_WHOLE) if err.message.endswith(r)), NOT_A_NUMBER
            )
    return pl.Series(verdict_column(f), out, dtype=pl.String)


def text_is_clean(f: Field, texts: pl.Series) -> bool:
    """Whether a text column reads as it stands: no cell with blanks around it, no empty cell,
    and for an industry code no lower-case letter, so stripping and upper-casing every cell
    (most of the cost of a text column) can be skipped. A column of few distinct values (an
    industry code, a street) is checked on its distinct values."""
    if texts.dtype != pl.String:
        return False
    if f.type == "industry" or f.name == "street":
        texts = texts.unique()
    stripped = texts.str.strip_chars()
    dirty = (stripped != texts) | (texts.str.len_bytes() == 0)
    if f.type == "industry":
        dirty = dirty | texts.str.contains("[a-z]")
    return not bool(dirty.any())


#: below this, a double that is the nearest one to a number of cents is the nearest to no other
#: (doubles are less than a fifth of a cent apart there), so that number is the one repr() gives
CENTS_EXACT_BELOW = 10.0**13


@lru_cache(maxsize=2)
def _hundreds(n: int) -> pl.Series:
    """A column of n hundreds, shared by the float columns of a chunk (one allocation)."""
    return pl.repeat(100.0, n, dtype=pl.Float64, eager=True)


def float_cents(values: pl.Series) -> pl.Series | None:
    """A column of floats as whole cents (Int64), when every finite value below 10^15 in
    magnitude is below 10^13 and the double nearest to a number of cents (the usual amounts in
    yuan and cents); None otherwise. Such a value *is* that number of cents: the one ``repr()``
    gives, as the single-case reader reads it (see :data:`CENTS_EXACT_BELOW`). Checked exactly:
    ``cents / 100`` is the double nearest to the number of cents, so it equals the value only for
    that number. Cells that are not finite numbers below 10^15 (rejected anyway) become unknown.

    Integer cents are what the rules compute on (scaled integers, see :mod:`wengang.policy.expr`):
    no decimal conversion of the column at all."""
    values = values.cast(pl.Float64)
    cents = (values * 100).round(0)
    # back to yuan through a column of hundreds: Polars divides by a constant through its
    # reciprocal (inexact here), by a column exactly
    hundreds = _hundreds(len(values))
    back = cents / hundreds == values
    limit = 100 * CENTS_EXACT_BELOW
    high, low = cents.max(), cents.min()
    in_range = high is None or (high < limit and low > -limit)  # type: ignore[operator]
    if in_range and back.sum() == len(values) - values.null_count():
        # every value is whole cents below the bound (the usual column): no mask to build (a NaN
        # cell, rejected anyway, becomes unknown in the cast)
        return cents.cast(pl.Int64, strict=False).alias(values.name)
    whole = back & (cents.abs() < limit)
    if whole.sum() != len(values) - values.null_count():
        rejected = ~(values.abs() < float(MAX_MAGNITUDE))  # NaN, ±inf, too large: rejected rows
        if not bool((whole | rejected).fill_null(True).all()):
            return None
    return pl.select(pl.when(whole).then(cents.cast(pl.Int64, strict=False))).to_series().alias(values.name)


def float_decimals(values: pl.Series) -> pl.Series:
    """A column of floats as the decimals the single-case reader makes of them: the shortest
    decimal that reads back as the same float (``repr``), to 8 places, half-to-even.

    Fast path, for a column of amounts in yuan and cents (the usual case): every finite value
    below 10^13 in magnitude is the double nearest to a number of cents, checked by rounding
    to cents and back; such a value *is* that number of cents, and Polars converts it exactly at
    2 places (and back: the check). Otherwise (more places, or larger values) the values that are
    not whole cents are read through their shortest decimal text, as the single-case reader
    reads ``repr(value)``. Cells that are not finite numbers below 10^15 (rejected anyway)
    become unknown."""
    values = values.cast(pl.Float64)  # a Float32 cell reaches one case as the same double
    finite = values.is_finite().fill_null(False) & (values.abs() < float(MAX_MAGNITUDE))
    small = pl.select(pl.when(finite & (values.abs() < CENTS_EXACT_BELOW)).then(values)).to_series()
    as_cents = small.cast(pl.Decimal(38, 2), strict=False)
    whole_cents = (as_cents.cast(pl.Float64) == values).fill_null(False)
    as_cents = pl.select(pl.when(whole_cents).then(as_cents)).to_series()
    odd = finite & ~whole_cents
    if not odd.any():
        return as_cents
    # Polars writes a float as the shortest decimal that reads back as it (as repr() does), and
    # reads a plain decimal to 8 places half-to-even (as the single-case reader does); the few
    # written with an exponent (tiny values) are read by the single-case reader itself.
    text = pl.select(pl.when(odd).then(values.cast(pl.String))).to_series()
    plain = text.str.contains(PLAIN_NUMBER_PATTERN).fill_null(False)
    exact = pl.select(pl.when(plain).then(text.cast(IN_DEC, strict=False))).to_series()
    rare = odd & ~plain
    if rare.any():
        cells: list[Decimal | None] = exact.to_list()
        for i in rare.arg_true().to_list():
            number = read_fact(_ANY_DECIMAL, values[i])
            assert isinstance(number, Decimal)
            cells[i] = number
        exact = pl.Series(values.name, cells, dtype=IN_DEC)
    return pl.select(
        pl.when(pl.lit(whole_cents)).then(pl.lit(as_cents).cast(IN_DEC)).otherwise(pl.lit(exact)).alias(values.name)
    ).to_series()


_ANY_DECIMAL = Field("amount", "金额", "decimal")


def _field_checks(
    f: Field, dtype: pl.DataType, verdicts: bool = False, clean: bool = False
) -> tuple[pl.Expr, list[tuple[pl.Expr, str]]]:
    """The typed column and (bad-row test, reason) pairs for one registry field.

    ``verdicts``: the frame has a column of single-case verdicts for this field's unusual
    numbers (see :func:`unusual_number_verdicts`). ``clean``: a text column that reads as it
    stands (see :func:`text_is_clean`)."""
    col = pl.col(f.name)
    problems: list[tuple[pl.Expr, str]] = []
    if f.type == "bool":
        if dtype == pl.Boolean:
            return col, problems
        text = _text(col).str.to_lowercase()
        value = text.replace_strict(list(BOOL_WORDS), list(BOOL_WORDS.values()), default=None, return_dtype=pl.Boolean)
        problems.append((text.is_not_null() & value.is_null(), "不是是/否值（可用 true/false、1/0、yes/no、是/否）"))
        return value, problems
    if f.type in ("int", "decimal"):
        if dtype.is_numeric():
            if dtype.is_integer() or (isinstance(dtype, pl.Decimal) and (dtype.scale or 0) <= INPUT_PLACES):
                number = col  # exact already; kept at its own scale
            elif dtype.is_float() and f.type == "decimal":
                number = col  # read exactly by float_decimals() in validate (Validated.converted)
            else:
                number = col.cast(IN_DEC, strict=False)
            if dtype.is_float():
                problems.append((col.is_nan() | col.is_infinite(), "不是有限数字"))
            exact = col
        else:
            text = _text(col)
            number = text.cast(IN_DEC, strict=False)
            # The checks see the number as written: exactly, in Polars, for plain numbers of up
            # to 17 + 20 digits; numbers with an exponent or more digits (rare) are checked by
            # the single-case reader itself, so both modes reject exactly the same cells.
            plain = text.str.contains(PLAIN_NUMBER_PATTERN)
            exotic = text.is_not_null() & ~plain & text.str.contains(NUMBER_PATTERN)
            exact = pl.when(plain).then(text.cast(EXACT_DEC, strict=False))
            problems.append(
                (text.is_not_null() & ~text.str.contains(NUMBER_PATTERN), NOT_A_NUMBER)
            )
            if verdicts:
                verdict = pl.when(exotic).then(pl.col(verdict_column(f)))
                for reason in (OUT_OF_RANGE, NEGATIVE, NOT_WHOLE):
                    problems.append((verdict == reason, reason))
        bound = 10**15 if dtype.is_integer() else MAX_MAGNITUDE
        problems.append(((exact >= bound) | (exact <= -bound), OUT_OF_RANGE))
        if f.nonnegative:
            problems.append((exact < 0, NEGATIVE))
        if f.type == "int":
            if not dtype.is_integer():
                problems.append((exact != exact.round(0), NOT_WHOLE))
                number = pl.when(number.abs() < MAX_MAGNITUDE).then(number).otherwise(None).cast(pl.Int64, strict=False)
            return number.cast(pl.Int64), problems
        return number, problems
    text = col if clean else _text(col)
    if f.type == "industry":
        problems.append((text.is_not_null() & ~text.str.contains(INDUSTRY_PATTERN), "不是行业代码（一个字母加2–4位数字，如 F52）"))
        return (text if clean else text.str.to_uppercase()), problems
    return text, problems


@dataclass
class Validated:
    #: the accepted rows as read (known columns not yet typed); see ``facts()`` and ``clean``
    raw: pl.DataFrame
    rejects: pl.DataFrame
    keys: pl.DataFrame  # (hi, lo) of the accepted credit codes, for the duplicate check
    #: expressions that turn the accepted raw columns into typed facts (applied lazily)
    typed: list[pl.Expr] = field(default_factory=list)
    #: float columns of decimal fields, already read exactly: as whole cents (see float_cents;
    #: listed in ``fixed``) or as exact decimals (see float_decimals)
    converted: pl.DataFrame = field(default_factory=pl.DataFrame)
    #: decimal columns held as scaled integers (column → places), as the rules take them
    fixed: dict[str, int] = field(default_factory=dict)

    def facts(self) -> pl.LazyFrame:
        """The accepted rows with every known column typed (decimals as decimals)."""
        lazy = self.plan()
        if self.fixed:
            lazy = lazy.with_columns(fixed_to_decimal(pl.col(n), k).alias(n) for n, k in self.fixed.items())
        return lazy

    def plan(self) -> pl.LazyFrame:
        """The accepted rows typed for the rules: the columns of ``fixed`` as scaled integers."""
        raw = self.raw.with_columns(self.converted.get_columns()) if self.converted.width else self.raw
        lazy = raw.lazy()
        return lazy.with_columns(self.typed) if self.typed else lazy

    @property
    def clean(self) -> pl.DataFrame:
        """The accepted rows, typed (materialised)."""
        return self.facts().collect()


USCC_REASON = "不是有效的统一社会信用代码（长度、字符或校验位不符）"
DUP_REASON = "统一社会信用代码与前面已接受的行重复"


class SeenCodes:
    """The credit codes accepted so far in a chunked run, as sorted integer keys.

    A bitmap of hashed keys answers "certainly not seen" for almost every row; only the rest
    are looked up by binary search. Adding a chunk merges two sorted runs. So a 10-million-row
    file is checked without a hash table rebuilt for every chunk.
    """

    BITS = 26

    def __init__(self) -> None:
        import numpy as np

        self.lo = np.zeros(0, dtype=np.int64)
        self.hi = np.zeros(0, dtype=np.int64)
        self.bitmap = np.zeros(1 << self.BITS, dtype=bool)

    def __len__(self) -> int:
        return len(self.lo)

    def _slots(self, lo: np.ndarray) -> np.ndarray:
        return _hash_slots(lo, self.BITS)

    def contains(self, hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
        import numpy as np

        found = np.zeros(len(lo), dtype=bool)
        maybe = np.flatnonzero(self.bitmap[self._slots(lo)])
        if len(maybe) == 0:
            return found
        qlo, qhi = lo[maybe], hi[maybe]
        left = np.searchsorted(self.lo, qlo, side="left")
        right = np.searchsorted(self.lo, qlo, side="right")
        single = right - left == 1
        found[maybe[single]] = self.hi[left[single]] == qhi[single]
        for j in np.flatnonzero(right - left > 1):  # codes sharing their low part: rare
            found[maybe[j]] = bool((self.hi[left[j] : right[j]] == qhi[j]).any())
        return found

    def add(self, hi: np.ndarray, lo: np.ndarray) -> None:
        import numpy as np

        self.bitmap[self._slots(lo)] = True
        all_lo = np.concatenate([self.lo, lo])
        order = np.argsort(all_lo, kind="stable")
        self.lo = all_lo[order]
        self.hi = np.concatenate([self.hi, hi])[order]


def validate(df: pl.DataFrame, row_offset: int = 0, seen: SeenCodes | None = None) -> Validated:
    """Type every known column; split the rows into accepted ones and rejects with reasons.

    ``row_offset`` numbers rows of a later chunk; ``seen`` holds the codes accepted in earlier
    chunks (a code already accepted makes a later row a duplicate); it is updated.
    """
    # The credit codes are checked (with NumPy, on one core) while Polars checks the other
    # columns (on all cores): both release the GIL, so on two cores this hides most of it.
    with ThreadPoolExecutor(max_workers=1) as pool:
        codes = pool.submit(_credit_codes, df["uscc"])
        present, typed, tests, checked_df, decimals, fixed = _column_checks(df)
        flags = (
            checked_df.lazy()
            .select(
                pl.int_range(row_offset + 1, row_offset + df.height + 1, dtype=pl.Int64).alias(ROW),
                *(t.alias(name) for name, _, _, t in tests),
            )
            .collect()
        )
        uscc, uscc_ok, hi, lo = codes.result()
    flag_names = ["__bad_uscc", *(name for name, _, _, _ in tests)]
    flags = flags.with_columns((~uscc_ok).alias("__bad_uscc")).with_columns(
        pl.any_horizontal(flag_names).alias("__bad")
    )
    return _finish_validation(
        df, row_offset, seen, present, typed, tests, flags, flag_names, (uscc, uscc_ok, hi, lo), decimals, fixed
    )


def _column_checks(
    df: pl.DataFrame,
) -> tuple[
    list[Field], list[pl.Expr], list[tuple[str, str, str, pl.Expr]], pl.DataFrame, list[pl.Series], dict[str, int]
]:
    """The known columns other than the credit code: their typing expressions, their (flag name,
    column, reason, bad-row test) checks, the frame the tests run on, the float columns of
    decimal fields read exactly (whole cents where they are, see :func:`float_cents`, else exact
    decimals, see :func:`float_decimals`) and which of them are cents (column → 2)."""
    present = [f for f in ENTERPRISE_FIELDS if f.name in df.columns and f.type != "uscc"]
    typed: list[pl.Expr] = []
    tests: list[tuple[str, str, str, pl.Expr]] = []  # flag name, column, reason, test
    extra_columns = []
    for f in present:
        if f.type in ("int", "decimal") and df.schema[f.name] == pl.String:
            verdicts = unusual_number_verdicts(f, df[f.name])
            if verdicts is not None:
                extra_columns.append(verdicts)
    checked_df = df.with_columns(extra_columns) if extra_columns else df
    with_verdicts = {c.name for c in extra_columns}
    decimals: list[pl.Series] = []
    fixed: dict[str, int] = {}
    for f in present:
        if f.type == "decimal" and df.schema[f.name].is_float():
            cents = float_cents(df[f.name])
            if cents is None:
                decimals.append(float_decimals(df[f.name]))
            else:
                decimals.append(cents)
                fixed[f.name] = 2
    settled = _settled_columns(df, present)
    for f in present:
        clean = f.type in ("text", "industry") and text_is_clean(f, df[f.name])
        value, problems = _field_checks(f, df.schema[f.name], verdict_column(f) in with_verdicts, clean)
        typed.append(value.alias(f.name))
        if f.name in settled:
            continue
        for i, (test, reason) in enumerate(problems):
            tests.append((f"__bad_{f.name}_{i}", f.name, reason, test.fill_null(False)))
    return present, typed, tests, checked_df, decimals, fixed


def _settled_columns(df: pl.DataFrame, present: Sequence[Field]) -> set[str]:
    """The typed number columns in which no cell can fail a check, judged on their extremes.

    A typed number column's checks (not a finite number, out of range, negative) each hold for
    some cell exactly when they hold for the column's least or greatest value, or for a NaN
    (``nan_min``/``nan_max`` give it where ``min``/``max`` skip it): so they are run on those
    four values instead of every row (reductions, no column built). A whole-number check on a
    column of floats does not follow the extremes: such a column is checked row by row."""
    names = []
    for f in present:
        dtype = df.schema[f.name]
        if dtype.is_numeric() and (f.type == "decimal" or dtype.is_integer()) and f.type in ("int", "decimal"):
            names.append(f.name)
    if not names or df.height == 0:
        return set()
    extremes = []
    for name in names:
        col = pl.col(name)
        if df.schema[name].is_float():
            extremes.append(col.min().append(col.max()).append(col.nan_min()).append(col.nan_max()))
        else:
            extremes.append(col.min().append(col.max()).append(col.max()).append(col.max()))
    ends = df.select(extremes)
    failing = []
    for name in names:
        _, problems = _field_checks(FIELDS_BY_NAME[name], df.schema[name])
        tests = [t.fill_null(False) for t, _ in problems] or [pl.lit(False)]
        failing.append(pl.any_horizontal(tests).any().alias(name))
    found = ends.select(failing).row(0, named=True)
    return {name for name in names if not found[name]}


def _credit_codes(codes: pl.Series) -> tuple[pl.Series, pl.Series, pl.Series, pl.Series]:
    """The codes normalised, which are valid, and their two integer keys."""
    # Codes that are all 18 bytes with no lower-case letter (the usual case) read as they
    # stand: the bytes are checked for both, instead of the text of each code.
    codes = codes.cast(pl.String)
    length_ok, chars = code_bytes(codes)
    if length_ok.all() and not _has_lower_case(chars):
        uscc = codes.alias("uscc")
        ok, digits = uscc_digits(uscc, (length_ok, chars))
    else:
        uscc = normalise_uscc(codes)
        ok, digits = uscc_digits(uscc)  # read again from the normalised codes
    hi, lo = uscc_keys(digits, ok)
    return uscc, ok, hi, lo


def _finish_validation(
    df: pl.DataFrame,
    row_offset: int,
    seen: SeenCodes | None,
    present: list[Field],
    typed: list[pl.Expr],
    tests: list[tuple[str, str, str, pl.Expr]],
    flags: pl.DataFrame,
    flag_names: list[str],
    codes: tuple[pl.Series, pl.Series, pl.Series, pl.Series],
    decimals: list[pl.Series],
    fixed: dict[str, int],
) -> Validated:
    uscc, _, hi, lo = codes
    bad = flags["__bad"]
    any_bad = bool(bad.any())
    # duplicates: a code already accepted, earlier in this chunk or in an earlier chunk
    keys = pl.DataFrame([flags[ROW], hi, lo])
    ok_keys = keys.filter(~bad) if any_bad else keys
    dup_rows = _duplicates(ok_keys, seen)
    reasons = {name: (col, reason) for name, col, reason, _ in tests}
    reasons["__bad_uscc"] = ("uscc", USCC_REASON)
    bad_flags = flags.filter(bad).select(ROW, *flag_names) if any_bad else flags.clear().select(ROW, *flag_names)
    rejects = _rejects(df, bad_flags, flag_names, reasons, dup_rows, row_offset)
    keep = ~bad
    if dup_rows.height:
        keep = keep & ~flags[ROW].is_in(dup_rows[ROW].implode())
    dropped = not bool(keep.all())
    raw = df if uscc.equals(df["uscc"]) else df.with_columns(uscc)
    raw = raw.with_columns(flags[ROW])
    converted = pl.DataFrame(decimals)
    if dropped:
        raw = raw.filter(keep)
        converted = converted.filter(keep) if decimals else converted
        ok_keys = keys.filter(keep)
    else:
        ok_keys = keys
    if seen is not None:
        seen.add(ok_keys["__hi"].to_numpy(), ok_keys["__lo"].to_numpy())
    known = {f.name for f in ENTERPRISE_FIELDS}
    extra = [c for c in df.columns if c not in known]
    raw = raw.select(ROW, "uscc", *(f.name for f in present), *extra)
    return Validated(raw, rejects, ok_keys.select("__hi", "__lo"), typed, converted, fixed)


#: hash slots for the duplicate check within a chunk (4M: a 32 MB count for up to 1M rows)
DUP_SLOT_BITS = 22


def _hash_slots(lo: np.ndarray, bits: int) -> np.ndarray:
    """A slot of ``bits`` bits for each key (Fibonacci hashing: the top bits of a product)."""
    import numpy as np

    mixed = lo.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    return (mixed >> np.uint64(64 - bits)).astype(np.intp)


def _duplicates(keys: pl.DataFrame, seen: SeenCodes | None) -> pl.DataFrame:
    """Rows (``ROW``) whose code was already accepted: earlier here, or in ``seen``."""
    # The low part (the code's last characters) rarely repeats; the full key is compared only
    # for rows whose low part does. Those are found among the rows whose low part falls in a
    # hash slot with another (about a fifth of a million rows; the same low part, the same slot).
    import numpy as np

    slots = _hash_slots(keys["__lo"].to_numpy(), DUP_SLOT_BITS)
    crowded = np.bincount(slots, minlength=1 << DUP_SLOT_BITS)[slots] > 1
    suspects = keys.filter(pl.Series(crowded)) if keys.height else keys
    suspects = suspects.filter(pl.col("__lo").is_duplicated())
    dups = suspects.filter(~pl.struct("__hi", "__lo").is_first_distinct()).select(ROW)
    if seen is not None and len(seen):
        again = keys.filter(pl.Series(seen.contains(keys["__hi"].to_numpy(), keys["__lo"].to_numpy()))).select(ROW)
        if again.height:
            dups = pl.concat([dups, again]).unique().sort(ROW)
    return dups


def _rejects(
    df: pl.DataFrame,
    bad: pl.DataFrame,
    flag_names: list[str],
    reasons: Mapping[str, tuple[str, str]],
    dup_rows: pl.DataFrame,
    row_offset: int,
) -> pl.DataFrame:
    """One line per problem: record number, file line, column, the value as given, reason."""
    parts: list[pl.DataFrame] = []
    if bad.height:
        long = bad.unpivot(index=ROW, on=flag_names, variable_name="flag", value_name="hit").filter(pl.col("hit"))
        for flag, (column, reason) in reasons.items():
            rows = long.filter(pl.col("flag") == flag).select(ROW)
            if rows.height == 0:
                continue
            values = df[column].gather((rows[ROW] - row_offset - 1).to_numpy()).cast(pl.String)
            parts.append(
                rows.with_columns(
                    pl.lit(column).alias("column"), values.alias("value"), pl.lit(reason).alias("reason")
                )
            )
    if dup_rows.height:
        values = df["uscc"].gather((dup_rows[ROW] - row_offset - 1).to_numpy()).cast(pl.String)
        parts.append(
            dup_rows.with_columns(pl.lit("uscc").alias("column"), values.alias("value"), pl.lit(DUP_REASON).alias("reason"))
        )
    if not parts:
        return pl.DataFrame(schema=REJECT_SCHEMA)
    out = pl.concat(parts).sort(ROW, maintain_order=True)
    return out.select(pl.col(ROW).alias("row"), (pl.col(ROW) + 1).alias("line"), "column", "value", "reason")


# ---- rules, compiled ----------------------------------------------------------------------


def _kinds() -> dict[str, Any]:
    return {f.name: f.kind for f in ENTERPRISE_FIELDS}


@cache
def _policy_params(variant: str) -> frozenset[str]:
    keys: set[str] = set()
    for policy in enterprise_policies(variant):
        for cond in policy.conditions:
            keys |= cond.test.param_names()
        if policy.amount is not None:
            keys |= policy.amount.param_names()
    return frozenset(keys)


def resolve_for_screen(
    on: dt.date, variant: str, overrides: Mapping[str, ParamValue] | None = None
) -> Resolved:
    return resolve(_policy_params(variant), on, overrides)


def _stages(policies: Sequence[Policy]) -> list[list[Expr]]:
    """Named quantities and condition tests, grouped so each group only reads earlier ones."""
    targets: set[int] = set()
    nodes: dict[int, Expr] = {}
    for policy in policies:
        for cond in policy.conditions:
            targets.add(id(cond.test))
            nodes[id(cond.test)] = cond.test
        roots = [cond.test for cond in policy.conditions]
        if policy.amount is not None:
            roots.append(policy.amount)
        stack = list(roots)
        while stack:
            node = stack.pop()
            if isinstance(node, Named) and id(node) not in nodes:
                targets.add(id(node))
                nodes[id(node)] = node
            stack.extend(node.children())
    level: dict[int, int] = {}

    def depth(node: Expr) -> int:
        below = max((depth(ch) for ch in node.children()), default=-1)
        if id(node) in targets:
            if id(node) not in level:
                level[id(node)] = below + 1
            return level[id(node)]
        return below

    for node in nodes.values():
        depth(node)
    grouped: dict[int, list[Expr]] = {}
    for key, lvl in level.items():
        grouped.setdefault(lvl, []).append(nodes[key])
    return [grouped[k] for k in sorted(grouped)]


def unmet_expr(policy: Policy, ctx: VecCtx) -> pl.Expr:
    """The ``;``-list of clause ids not met: a bit per clause, then one lookup of the few masks."""
    clauses: list[str] = []
    for cond in policy.conditions:
        if cond.clause not in clauses:
            clauses.append(cond.clause)
    mask: pl.Expr = pl.lit(0, dtype=pl.Int32)
    for cond in policy.conditions:
        bit = 1 << clauses.index(cond.clause)
        failed = (~cond.test.vec(ctx)).fill_null(False)
        mask = mask | pl.when(failed).then(pl.lit(bit, dtype=pl.Int32)).otherwise(pl.lit(0, dtype=pl.Int32))
    # the text of every mask, indexed by the mask (none unmet: null); a gather, not a hash lookup
    texts = [";".join(c for i, c in enumerate(clauses) if m >> i & 1) or None for m in range(1 << len(clauses))]
    return pl.lit(pl.Series(texts, dtype=unmet_dtype(tuple(clauses)))).gather(mask)


@cache
def unmet_dtype(clauses: tuple[str, ...]) -> pl.Enum:
    """The type of a ``*_unmet`` column: an Enum of every ``;``-list of a policy's clause ids
    (in clause order), fixed by the rules alone, so every run and every partition has the same
    one. Written to Parquet, an Enum is a dictionary of a few texts and small indices: the
    writer neither hashes nor stores a text per row (a third of the cost of the whole write)."""
    return pl.Enum([";".join(c for i, c in enumerate(clauses) if m >> i & 1) for m in range(1, 1 << len(clauses))])


def output_exprs(policies: Sequence[Policy], ctx: VecCtx) -> list[pl.Expr]:
    """The output columns of the contract, for every policy, as Polars expressions."""
    exprs: list[pl.Expr] = []
    for policy in policies:
        pid = policy.id.lower()
        eligible = policy.eligible.vec(ctx)
        exprs.append(eligible.alias(f"{pid}_eligible"))
        if policy.id not in NO_AMOUNT:
            assert policy.amount is not None
            rounded = RoundMoney(policy.amount).vec(ctx)
            amount = (
                pl.when(eligible.is_null())
                .then(None)
                .when(eligible)
                .then(rounded)
                .otherwise(pl.lit(Decimal("0.00")).cast(MONEY))
                .alias(f"{pid}_amount")
            )
            exprs.append(amount)
        exprs.append(unmet_expr(policy, ctx).alias(f"{pid}_unmet"))
    return exprs


def screen_frame(
    facts: Validated | pl.DataFrame | pl.LazyFrame,
    *,
    variant: str = "baseline",
    resolved: Resolved,
) -> pl.DataFrame:
    """Evaluate every screenable policy on validated rows; one output row per input row."""
    policies = enterprise_policies(variant)
    kinds = _kinds()
    if isinstance(facts, Validated):
        # validated rows: every number below 10^15 in magnitude (see _field_checks)
        lazy, fixed, bound = facts.plan(), dict(facts.fixed), int(MAX_MAGNITUDE)
    else:
        lazy, fixed, bound = facts.lazy(), {}, None
    schema = lazy.collect_schema()
    columns = schema.names()
    scales = {name: dtype.scale or 0 for name, dtype in schema.items() if isinstance(dtype, pl.Decimal)}
    # a decimal field given as integers (a typed integer column) is a scaled integer of 0 places
    fixed.update(
        {n: 0 for n, dtype in schema.items() if kinds.get(n) == "dec" and dtype.is_integer() and n not in fixed}
    )
    ctx = VecCtx(kinds, resolved.values, scales=scales, fixed=fixed, input_bound=bound)
    missing = [f for f in ENTERPRISE_FIELDS if f.name not in columns]
    if missing:
        dtypes: dict[str, pl.DataType] = {"int": pl.Int64(), "dec": IN_DEC, "bool": pl.Boolean(), "str": pl.String()}
        lazy = lazy.with_columns(pl.lit(None, dtype=dtypes[f.kind]).alias(f.name) for f in missing)
    known = {f.name for f in ENTERPRISE_FIELDS}
    extra = [c for c in columns if c not in known and c != ROW]
    for n, stage in enumerate(_stages(policies)):
        cols = []
        for i, node in enumerate(stage):
            name = f"__s{n}_{i}"
            cols.append(node.native(ctx).alias(name))
            ctx.columns[id(node)] = name
        lazy = lazy.with_columns(cols)
    exprs = output_exprs(policies, ctx)
    amount_cols = [f"{p.id.lower()}_amount" for p in policies if p.id not in NO_AMOUNT]
    out = (
        lazy
        .select(*IDENTITY_FIELDS, *extra, *exprs)
        .with_columns(pl.sum_horizontal(amount_cols).fill_null(Decimal("0.00")).cast(MONEY).alias("amount_total"))
        .collect()
    )
    return out


@dataclass
class ScreenResult:
    output: pl.DataFrame
    rejects: pl.DataFrame


def screen(
    table: pl.DataFrame,
    *,
    on: dt.date | None = None,
    variant: str = "baseline",
    overrides: Mapping[str, ParamValue] | None = None,
) -> ScreenResult:
    """Screen a registry extract held in memory (columns as in REGISTRY.md, any cell types).

    Returns the contract's output columns (one row per accepted input row, in input order) and
    the rejected rows with their reasons.
    """
    check_variant(variant)
    resolved = resolve_for_screen(on or DEFAULT_ON, variant, overrides)
    checked = validate(normalise_headers(table))
    return ScreenResult(screen_frame(checked, variant=variant, resolved=resolved), checked.rejects)


# ---- files --------------------------------------------------------------------------------


@dataclass
class Summary:
    rows: int = 0
    accepted: int = 0
    rejected_rows: int = 0
    eligible: dict[str, int] = field(default_factory=dict)
    unknown: dict[str, int] = field(default_factory=dict)
    amount: dict[str, Decimal] = field(default_factory=dict)
    provisional: list[str] = field(default_factory=list)

    def add(self, out: pl.DataFrame, policies: Sequence[Policy]) -> None:
        aggs = []
        for p in policies:
            pid = p.id.lower()
            aggs.append(pl.col(f"{pid}_eligible").sum().alias(f"e_{pid}"))
            aggs.append(pl.col(f"{pid}_eligible").is_null().sum().alias(f"u_{pid}"))
            if p.id not in NO_AMOUNT:
                aggs.append(pl.col(f"{pid}_amount").sum().alias(f"a_{pid}"))
        row = out.select(aggs).row(0, named=True) if out.height else {}
        for p in policies:
            pid = p.id.lower()
            self.eligible[p.id] = self.eligible.get(p.id, 0) + int(row.get(f"e_{pid}") or 0)
            self.unknown[p.id] = self.unknown.get(p.id, 0) + int(row.get(f"u_{pid}") or 0)
            if p.id not in NO_AMOUNT:
                self.amount[p.id] = self.amount.get(p.id, Decimal("0.00")) + Decimal(row.get(f"a_{pid}") or 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "accepted": self.accepted,
            "rejected_rows": self.rejected_rows,
            "eligible": self.eligible,
            "unknown": self.unknown,
            "amount": {k: f"{v:.2f}" for k, v in self.amount.items()},
            "provisional": self.provisional,
        }


def rejects_path_for(output: Path) -> Path:
    return output.with_name(output.stem + ".rejects.csv")


def write_table(df: pl.DataFrame, path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        df.write_csv(path)
    elif suffix == ".parquet":
        # a fixed row-group size, so the file depends on the rows alone and not on how the frame
        # is laid out in memory (a partitioned run writes the same bytes; see partition.py)
        df.write_parquet(path, compression="lz4", statistics=False, row_group_size=PARQUET_ROW_GROUP)
    elif suffix == ".xlsx":
        _write_xlsx(df, path)
    else:
        raise ScreenError(f"不支持的输出类型 {suffix}（可用 .csv、.parquet、.xlsx）")


def _write_xlsx(df: pl.DataFrame, path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("screening")
    ws.append(df.columns)
    for row in df.iter_rows():
        ws.append([_xlsx_cell(v) for v in row])
    wb.save(path)


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def screen_file(
    source: Path,
    output: Path,
    *,
    on: dt.date | None = None,
    variant: str = "baseline",
    overrides: Mapping[str, ParamValue] | None = None,
    rejects: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> Summary:
    """Screen an extract file into ``output`` and ``rejects`` (default ``OUTPUT.rejects.csv``)."""
    check_variant(variant)
    warm_up = ThreadPoolExecutor(max_workers=1)
    warm_up.submit(prepare_batch)
    warm_up.shutdown(wait=False)
    on = on or DEFAULT_ON
    resolved = resolve_for_screen(on, variant, overrides)
    policies = enterprise_policies(variant)
    rejects = rejects or rejects_path_for(output)
    summary = Summary(provisional=sorted({u.key for u in resolved.used.values() if u.provisional}))
    suffix_in = source.suffix.lower()
    if not source.exists():
        raise ScreenError(f"找不到文件 {source}")
    streaming = suffix_in == ".parquet" and output.suffix.lower() == ".parquet"
    total = pl.scan_parquet(source).select(pl.len()).collect().item() if suffix_in == ".parquet" else None
    if streaming and total is not None and total > chunk_rows:
        _screen_chunked(source, output, rejects, total, chunk_rows, variant, resolved, summary, progress)
    else:
        df = read_table(source)
        summary.rows = df.height
        checked = validate(df)
        out = screen_frame(checked, variant=variant, resolved=resolved)
        summary.accepted = out.height
        rejected = checked.rejects
        summary.rejected_rows = rejected["row"].n_unique() if rejected.height else 0
        summary.add(out, policies)
        # the input's memory is free for the writer's buffers (fewer fresh pages to fault in)
        del df, checked
        write_table(out, output)
        rejected.write_csv(rejects)
        if progress:
            progress(summary.rows, summary.rows)
    write_meta(source, output, rejects, on, variant, overrides, resolved, summary)
    return summary


def write_meta(
    source: Path,
    output: Path,
    rejects: Path,
    on: dt.date,
    variant: str,
    overrides: Mapping[str, ParamValue] | None,
    resolved: Resolved,
    summary: Summary,
) -> None:
    """``OUTPUT.meta.json``: decision date, variant, overrides, parameters used and the summary.
    Deterministic (no times), so a partitioned run writes the same bytes."""
    meta = {
        "source": str(source),
        "output": str(output),
        "rejects": str(rejects),
        "on": on.isoformat(),
        "variant": variant,
        "overrides": {k: str(v) for k, v in (overrides or {}).items()},
        "parameters": [u.to_dict() for u in resolved.used.values()],
        "summary": summary.to_dict(),
    }
    output.with_name(output.name + ".meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8"
    )


def _screen_chunked(
    source: Path,
    output: Path,
    rejects: Path,
    total: int,
    chunk_rows: int,
    variant: str,
    resolved: Resolved,
    summary: Summary,
    progress: Callable[[int, int], None] | None,
) -> None:
    import pyarrow.parquet as pq

    policies = enterprise_policies(variant)
    lazy = pl.scan_parquet(source)
    writer: pq.ParquetWriter | None = None
    seen = SeenCodes()
    rejected_rows = 0
    tmp = output.with_name(output.name + ".partial")
    with open(rejects, "w", encoding="utf-8", newline="") as rej:
        rej.write(",".join(REJECT_SCHEMA) + "\n")
        for offset in range(0, total, chunk_rows):
            df = normalise_headers(lazy.slice(offset, chunk_rows).collect())
            checked = validate(df, row_offset=offset, seen=seen)
            out = screen_frame(checked, variant=variant, resolved=resolved)
            summary.rows += df.height
            summary.accepted += out.height
            summary.add(out, policies)
            if checked.rejects.height:
                rejected_rows += checked.rejects["row"].n_unique()
                rej.write(checked.rejects.write_csv(include_header=False))
            table = out.to_arrow()
            if writer is None:
                writer = pq.ParquetWriter(tmp, table.schema, compression="lz4", write_statistics=False)
            writer.write_table(table)
            del df, checked, out, table
            if progress:
                progress(min(offset + chunk_rows, total), total)
    if writer is not None:
        writer.close()
        os.replace(tmp, output)
    summary.rejected_rows = rejected_rows
