#!/usr/bin/env python3
"""Deterministic synthetic registry extracts (REGISTRY.md) for benchmarks and tests.

    python bench/generate.py --rows 1000000 -o bench/data/registry_1m.parquet
    python bench/generate.py --rows 2000 -o /tmp/registry.csv --seed 7 --bad-rate 0.01

The format follows the output file's extension: Parquet (typed: Int64 counts, Decimal(18,2) money and
``ui_payers_2019_avg``, Boolean flags, String text) or CSV (plain text, empty cell = unknown).

Rows are generated in blocks of ``BLOCK_ROWS`` rows, each from its own seeded NumPy generator
(``SeedSequence([seed, block])``), and written in chunks of up to ``CHUNK_ROWS`` rows, so

* the same seed and row count give the same file, byte for byte;
* a smaller extract is a prefix of a larger one with the same seed (the 100k file is the first
  100,000 rows of the 1M file);
* memory stays bounded whatever ``--rows`` is (about one chunk at a time).

Everything is vectorised with NumPy / Arrow; no Python loop runs per row.

What is in it (all synthetic):

* firm sizes lognormal (most firms 1–20 employees, a tail to thousands), industries weighted over
  GB/T 4754-2017 codes, the 43 Chaoyang street and area offices;
* insured headcounts consistent with employees (2018-12, 2019-12, 2020-01..04 with small drift),
  ``ui_payers_2019_avg`` a twelfth-month average; about 10 % of firms with 2020 growth exactly 0 %
  and about 3 % exactly 20 % (the OP3 boundaries);
* attrition, ``ui_paid_months`` 0–200 (some exactly 12), profits that may be negative, quarterly
  profits, employer contributions ≈ 26.8 % of a 5,000–20,000 yuan wage per insured head and month;
* flags at plausible rates; ``local_rural_workers`` mostly 0, some 30 or more;
* about 3 % of cells empty (unknown), spread over every column but ``uscc``;
* with ``--bad-rate`` (default 0.001) that share of bad rows: bad check character, a number with
  thousands separators, a negative count, a negative amount, a magnitude ≥ 10^15, a non-whole count,
  ``maybe`` in a flag, a bad industry code, or a duplicate credit code (copied from an earlier row).
  The same rows are bad in both formats; the three text-level faults a typed Parquet column cannot
  hold (separators, ``maybe``, non-whole count) become a magnitude ≥ 10^15, a negative count and a
  negative amount in Parquet.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from wengang.policy.fields import ENTERPRISE_FIELDS

DEFAULT_SEED = 2020
BLOCK_ROWS = 100_000
CHUNK_ROWS = 1_000_000

# GB 32100-2015 (same alphabet and weights as wengang.policy.fields; kept here so the generator
# stands alone, and checked against the engine by tests/bench/test_generate.py)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28], dtype=np.int64)
# GB 11714-1997 organisation code (characters 9–17 of a credit code): 8 body characters + check
ORG_WEIGHTS = np.array([3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
BODY_SPACE = 31**8
BODY_MULT = 2_654_435_761  # coprime with 31, so i -> (a*i + b) mod 31^8 is a bijection

STREETS = (
    "建外",
    "朝外",
    "呼家楼",
    "三里屯",
    "左家庄",
    "香河园",
    "和平街",
    "安贞",
    "亚运村",
    "小关",
    "酒仙桥",
    "麦子店",
    "团结湖",
    "六里屯",
    "八里庄",
    "双井",
    "劲松",
    "潘家园",
    "垡头",
    "大屯",
    "望京",
    "奥运村",
    "东湖",
    "首都机场",
    "南磨房",
    "高碑店",
    "将台",
    "太阳宫",
    "小红门",
    "十八里店",
    "平房",
    "东风",
    "来广营",
    "常营",
    "三间房",
    "管庄",
    "金盏",
    "孙河",
    "崔各庄",
    "东坝",
    "黑庄户",
    "豆各庄",
    "王四营",
)
# more firms in the dense business streets
STREET_WEIGHTS = np.array(
    [
        6,
        5,
        5,
        4,
        3,
        3,
        3,
        4,
        4,
        3,
        4,
        3,
        3,
        2,
        3,
        4,
        3,
        3,
        2,
        4,
        8,
        3,
        2,
        1,
        3,
        3,
        3,
        3,
        2,
        3,
        2,
        2,
        4,
        2,
        2,
        2,
        2,
        1,
        3,
        2,
        1,
        1,
        1,
    ],
    dtype=np.float64,
)

# code, weight, name words, P(high-tech), P(I3 ten industries confirmed), P(OP5 certified),
# revenue per employee (median, yuan)
INDUSTRIES: tuple[tuple[str, float, tuple[str, ...], float, float, float, float], ...] = (
    ("F51", 12, ("商贸", "贸易", "供应链管理"), 0.02, 0.03, 0.025, 1_500_000),
    ("F52", 9, ("商店", "商贸", "超市"), 0.01, 0.08, 0.02, 600_000),
    ("I65", 9, ("科技", "软件开发", "信息技术"), 0.70, 0.02, 0.003, 500_000),
    ("I6513", 2, ("软件开发",), 0.75, 0.02, 0.003, 500_000),
    ("I64", 4, ("网络科技", "互联网信息服务"), 0.60, 0.02, 0.003, 600_000),
    ("I63", 1.5, ("通信技术",), 0.55, 0.02, 0.003, 700_000),
    ("L72", 8, ("商务咨询", "企业管理咨询"), 0.03, 0.03, 0.002, 400_000),
    ("L726", 2, ("人力资源",), 0.02, 0.03, 0.002, 300_000),
    ("L728", 2, ("会展服务",), 0.01, 0.45, 0.002, 350_000),
    ("L7291", 1, ("国际旅行社", "旅行社"), 0.01, 0.60, 0.002, 400_000),
    ("L71", 1.5, ("租赁",), 0.02, 0.05, 0.002, 500_000),
    ("M73", 3, ("生物技术研究", "科技研究"), 0.65, 0.02, 0.02, 350_000),
    ("M74", 3, ("工程设计",), 0.20, 0.02, 0.002, 400_000),
    ("M75", 4, ("技术服务", "科技发展"), 0.55, 0.02, 0.005, 350_000),
    ("K701", 2, ("房地产开发",), 0.00, 0.02, 0.001, 3_000_000),
    ("K702", 2, ("物业管理",), 0.00, 0.05, 0.002, 150_000),
    ("K703", 1.5, ("房地产经纪",), 0.00, 0.03, 0.001, 400_000),
    ("G54", 2, ("运输", "汽车运输"), 0.02, 0.45, 0.03, 400_000),
    ("G59", 1.5, ("仓储服务", "物流"), 0.03, 0.30, 0.04, 450_000),
    ("G60", 0.5, ("快递服务",), 0.02, 0.30, 0.05, 250_000),
    ("H62", 6, ("餐饮管理", "餐饮"), 0.00, 0.60, 0.004, 200_000),
    ("H61", 1.5, ("酒店管理", "宾馆"), 0.00, 0.60, 0.002, 300_000),
    ("C13", 0.5, ("食品",), 0.05, 0.05, 0.08, 800_000),
    ("C27", 0.5, ("医药",), 0.70, 0.05, 0.25, 900_000),
    ("C39", 0.8, ("电子技术",), 0.65, 0.05, 0.03, 800_000),
    ("C35", 0.5, ("机械设备",), 0.40, 0.05, 0.05, 700_000),
    ("E48", 1.5, ("市政工程",), 0.02, 0.05, 0.002, 800_000),
    ("E50", 2, ("装饰工程",), 0.00, 0.05, 0.002, 500_000),
    ("E47", 1.5, ("建设工程",), 0.00, 0.05, 0.002, 900_000),
    ("J66", 0.8, ("金融服务",), 0.05, 0.02, 0.001, 2_000_000),
    ("J67", 1.5, ("资本管理", "投资管理"), 0.02, 0.02, 0.001, 1_500_000),
    ("J69", 0.8, ("投资",), 0.02, 0.02, 0.001, 1_000_000),
    ("O80", 2, ("家政服务",), 0.00, 0.10, 0.002, 120_000),
    ("O81", 1, ("汽车维修",), 0.00, 0.05, 0.002, 300_000),
    ("P83", 1, ("教育咨询", "培训学校"), 0.02, 0.35, 0.001, 250_000),
    ("Q84", 0.5, ("医疗", "门诊部"), 0.30, 0.05, 0.10, 400_000),
    ("R87", 1, ("影视文化传媒", "文化传媒"), 0.10, 0.55, 0.001, 500_000),
    ("R88", 1, ("文化艺术",), 0.05, 0.55, 0.001, 300_000),
    ("R89", 0.3, ("体育发展",), 0.02, 0.55, 0.001, 300_000),
    ("N77", 0.4, ("环保科技",), 0.55, 0.05, 0.02, 600_000),
    ("A01", 0.2, ("农业",), 0.05, 0.05, 0.02, 300_000),
    ("D44", 0.2, ("电力",), 0.30, 0.02, 0.01, 3_000_000),
)
BRAND_CHARS = list("新信汇悦智云鑫航睿康远博晟华锦宏德海嘉美星安瑞泰创金恒诚通盛达中天合源优佳明正兴隆宇昊")
FORMS = ("有限公司", "有限责任公司", "股份有限公司", "有限公司分公司")
FORM_WEIGHTS = np.array([0.70, 0.22, 0.05, 0.03])

# the registry extract's columns, in its order, by type (REGISTRY.md; the engine's ENTERPRISE_FIELDS)
COLUMNS = tuple(f.name for f in ENTERPRISE_FIELDS)
COUNT_COLS = tuple(f.name for f in ENTERPRISE_FIELDS if f.type == "int")
MONEY_COLS = tuple(f.name for f in ENTERPRISE_FIELDS if f.type == "decimal")
BOOL_COLS = tuple(f.name for f in ENTERPRISE_FIELDS if f.type == "bool")
TEXT_COLS = tuple(f.name for f in ENTERPRISE_FIELDS if f.type in ("text", "uscc", "industry"))
#: the money columns that may not be negative, in the order the fault generator draws from
NONNEG_MONEY = (
    "revenue_2019",
    "total_assets",
    "employer_contrib_2020_02",
    "employer_contrib_2020_03",
    "employer_contrib_2020_04",
    "ui_payers_2019_avg",
)
DECIMAL = pa.decimal128(18, 2)
SCHEMA = pa.schema(
    [
        (
            c,
            pa.string()
            if c in TEXT_COLS
            else pa.int64()
            if c in COUNT_COLS
            else DECIMAL
            if c in MONEY_COLS
            else pa.bool_(),
        )
        for c in COLUMNS
    ]
)
# share of empty (unknown) cells per column; never for uscc (an empty code is a bad row)
NULL_RATE = {c: 0.0 if c == "uscc" else 0.01 if c in ("name", "street", "industry_code") else 0.031 for c in COLUMNS}

BAD_KINDS = (
    "bad_check",
    "thousands",
    "negative_count",
    "negative_money",
    "too_large",
    "fractional_count",
    "maybe_bool",
    "bad_industry",
    "duplicate",
)
BAD_INDUSTRY = ("F5", "52", "FF52", "F52A", "F123456", "F-52", "未知", "I 65")
MAYBE = ("maybe", "unknown", "Y", "√", "N/A")


# ---- credit codes -----------------------------------------------------------------------


def _splitmix(x: np.ndarray) -> np.ndarray:
    z = x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def uscc_codes(index: np.ndarray, seed: int) -> np.ndarray:
    """Valid, distinct credit codes for global row numbers ``index``, as an (n, 18) uint8 array.

    The code is a pure function of (row number, seed), so a duplicate can copy an earlier row's
    code without looking at it. Characters: 1–2 registration type (91 enterprise, 92 individual
    business), 3–8 area code (110105 Chaoyang, 110000 Beijing), 9–17 organisation code (an 8
    character body, a bijection of the row number, and its GB 11714 check), 18 the GB 32100 check.
    """
    n = len(index)
    alphabet = np.frombuffer(USCC_ALPHABET.encode("ascii"), dtype=np.uint8)
    h = _splitmix(index.astype(np.uint64) ^ np.uint64(seed * 0x2545F4914F6CDD1D % 2**64))
    digits = np.empty((n, 17), dtype=np.int64)
    digits[:, 0] = 9
    digits[:, 1] = np.where(h % np.uint64(100) < np.uint64(94), 1, 2)
    area = np.where((h >> np.uint64(8)) % np.uint64(100) < np.uint64(85), 110105, 110000)
    for k in range(6):
        digits[:, 2 + k] = area // 10 ** (5 - k) % 10
    offset = int(_splitmix(np.array([seed], dtype=np.uint64))[0] % np.uint64(BODY_SPACE))
    body = (index.astype(np.int64) * BODY_MULT + offset) % BODY_SPACE
    for k in range(8):
        digits[:, 8 + k] = body // 31 ** (7 - k) % 31
    # GB 11714: value of a character is its digit, or 10..35 for A..Z
    chars = alphabet[digits[:, 8:16]]
    values = np.where(chars <= ord("9"), chars - ord("0"), chars - ord("A") + 10).astype(np.int64)
    c9 = 11 - (values @ ORG_WEIGHTS) % 11
    org_check = np.where(c9 == 10, USCC_ALPHABET.index("X"), np.where(c9 == 11, 0, c9))
    digits[:, 16] = org_check
    check = (31 - (digits @ USCC_WEIGHTS) % 31) % 31
    out = np.empty((n, 18), dtype=np.uint8)
    out[:, :17] = alphabet[digits]
    out[:, 17] = alphabet[check]
    return out


def _string_array(fixed: np.ndarray) -> pa.Array:
    """An (n, w) uint8 array of ASCII as an Arrow string array, without a Python loop."""
    n, w = fixed.shape
    offsets = np.arange(0, (n + 1) * w, w, dtype=np.int32)
    return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(fixed.tobytes())])


# ---- typed arrays ----------------------------------------------------------------------------


def _validity(valid: np.ndarray) -> pa.Buffer | None:
    if valid.all():
        return None
    return pa.py_buffer(np.packbits(valid, bitorder="little"))


def _decimal_array(cents: np.ndarray, valid: np.ndarray) -> pa.Array:
    """Decimal(18, 2) from integer cents (the 128-bit little-endian unscaled values)."""
    cents = cents.astype(np.int64)
    words = np.empty((len(cents), 2), dtype=np.int64)
    words[:, 0] = cents
    words[:, 1] = cents >> 63
    return pa.Array.from_buffers(
        DECIMAL, len(cents), [_validity(valid), pa.py_buffer(words)], null_count=int((~valid).sum())
    )


def _take(values: list[str] | tuple[str, ...], idx: np.ndarray) -> pa.Array:
    return pa.array(values, type=pa.string()).take(pa.array(idx))


def _cents(x: np.ndarray) -> np.ndarray:
    return np.rint(x * 100).astype(np.int64)


# ---- one block -------------------------------------------------------------------------------


def generate_block(block: int, seed: int, bad_rate: float, text: bool) -> pa.Table:
    """Rows ``block*BLOCK_ROWS`` … ``+BLOCK_ROWS-1``; typed Arrow, or all-text when ``text``."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, block]))
    n = BLOCK_ROWS
    start = block * BLOCK_ROWS
    index = np.arange(start, start + n, dtype=np.int64)

    # industry, street, name
    weights = np.array([i[1] for i in INDUSTRIES])
    ind = rng.choice(len(INDUSTRIES), size=n, p=weights / weights.sum())
    street = rng.choice(len(STREETS), size=n, p=STREET_WEIGHTS / STREET_WEIGHTS.sum())
    words = [w for i in INDUSTRIES for w in i[2]]
    first_word = np.cumsum([0] + [len(i[2]) for i in INDUSTRIES])[:-1]
    n_words = np.array([len(i[2]) for i in INDUSTRIES])
    word = first_word[ind] + (rng.integers(0, 1 << 30, n) % n_words[ind])
    form = rng.choice(len(FORMS), size=n, p=FORM_WEIGHTS)

    # size: lognormal, with a thin heavier tail
    emp = np.ceil(rng.lognormal(1.2, 1.25, n))
    big = rng.random(n) < 0.003
    emp[big] = np.ceil(rng.lognormal(5.0, 1.2, big.sum()))
    emp = np.clip(emp, 1, 60_000).astype(np.int64)

    # insured headcounts
    shell = rng.random(n) < 0.07  # no one insured
    cover = rng.beta(8, 1, n)
    i19 = np.where(shell, 0, rng.binomial(emp, cover))
    same = rng.random(n) < 0.40
    ratio = np.exp(rng.normal(0.0, 0.12, n))
    i18 = np.where(same, i19, np.maximum(0, np.rint(i19 * ratio))).astype(np.int64)
    i18 = np.where(shell & (rng.random(n) < 0.7), 0, i18)
    att = rng.poisson(i18 * 0.012)
    att = np.minimum(att, i18)
    months = np.where(i19 + i18 > 0, np.rint(200 * rng.beta(1.1, 1.4, n)), 0).astype(np.int64)
    months = np.where((months > 0) & (rng.random(n) < 0.02), 12, months)
    months = np.where((months > 0) & (rng.random(n) < 0.02), 11, months)

    x = rng.integers(0, 13, n)
    avg19_cents = np.rint((i18 * x + i19 * (12 - x)) * 100 / 12).astype(np.int64)
    pay = np.empty((4, n), dtype=np.int64)
    prev = i19
    for m, down in enumerate((0.02, 0.04, 0.03, 0.02)):
        prev = prev - rng.binomial(prev, down) + rng.poisson(prev * 0.025 + 0.02)
        pay[m] = prev
    # OP3 boundaries: 2020 Jan–Apr average exactly equal to (0 %) or exactly 20 % above the 2019 average
    pick = rng.random(n)
    flat = (pick < 0.10) & (pay.sum(axis=0) > 0)
    up20 = (pick >= 0.10) & (pick < 0.13) & (pay.sum(axis=0) > 0)
    total = pay.sum(axis=0)
    avg19_cents = np.where(flat, total * 25, avg19_cents)  # total/4 yuan
    pay[3] = np.where(up20, pay[3] + (6 - total % 6) % 6, pay[3])
    total = pay.sum(axis=0)
    avg19_cents = np.where(up20, total * 125 // 6, avg19_cents)  # total/4.8 yuan, exact

    new1 = rng.poisson(i19 * 0.02 + 0.04)
    new2 = rng.poisson(i19 * 0.015 + 0.03)
    trained = np.where(rng.random(n) < 0.08, rng.binomial(emp, rng.uniform(0.1, 1.0, n)), 0)
    rural = np.where(rng.random(n) < 0.08, rng.poisson(emp * 0.05 + 0.3), 0)
    many = (emp >= 40) & (rng.random(n) < 0.10)
    rural = np.where(many, rng.integers(30, np.maximum(31, emp // 2 + 1)), rural)
    rural = np.where(many & (rng.random(n) < 0.2), 30, rural)

    # money
    rpe = np.array([i[6] for i in INDUSTRIES])[ind]
    revenue = emp * rpe * rng.lognormal(0, 1.0, n)
    revenue = np.where(rng.random(n) < 0.02, 0.0, revenue)
    assets = np.maximum(revenue, rpe * 0.2) * rng.lognormal(np.log(0.6), 0.9, n)
    rev18 = revenue * rng.lognormal(0, 0.25, n)
    m18 = np.clip(rng.normal(0.06, 0.10, n), -1, 0.6)
    m19 = np.clip(rng.normal(0.03, 0.12, n), -1, 0.6)
    tax = 0.03
    pt18 = rev18 * (m18 + tax)
    pt19 = revenue * (m19 + tax)
    profit19 = revenue * m19
    quarters = profit19 / 4 + (np.abs(profit19) / 4 + revenue * 0.01) * rng.normal(0, 1.2, (4, n))
    q20 = revenue / 4 * rng.normal(-0.06, 0.12, n)
    dormant = rng.random(n) < 0.02
    pt18, pt19, q20 = (np.where(dormant, 0.0, a) for a in (pt18, pt19, q20))
    quarters[:, dormant] = 0.0
    wage = np.clip(rng.lognormal(np.log(9000), 0.35, n), 5000, 20000)
    contrib = 0.268 * wage * pay[1:] * rng.normal(1.0, 0.03, (3, n))

    # flags
    hi_p = np.array([i[3] for i in INDUSTRIES])[ind] * 1.06
    i3_p = np.array([i[4] for i in INDUSTRIES])[ind] * 0.80
    op5_p = np.array([i[5] for i in INDUSTRIES])[ind] * 0.90
    u = rng.random((9, n))
    flags = {
        "state_owned": u[0] < np.where(emp >= 300, 0.25, 0.028),
        "restricted_catalogue": u[1] < 0.02,
        "priority_zone": u[2] < 0.15,
        "high_tech_industry": u[3] < hi_p,
        "serious_dishonesty": u[4] < 0.01,
        "stabilisation_measures": u[5] < 0.60,
        "epidemic_supplier_certified": u[6] < op5_p,
        "arrears_before_2019_12": u[7] < 0.03,
        "deferral_industry_confirmed": u[8] < i3_p,
    }

    counts = {
        "employees": emp,
        "insured_2018_12": i18,
        "insured_2019_12": i19,
        "attrition_2019": att,
        "ui_paid_months": months,
        "ui_payers_2020_01": pay[0],
        "ui_payers_2020_02": pay[1],
        "ui_payers_2020_03": pay[2],
        "ui_payers_2020_04": pay[3],
        "si_new_2020_01": new1,
        "si_new_2020_02": new2,
        "trained_40h_employed": trained,
        "local_rural_workers": rural,
    }
    cents = {
        "revenue_2019": _cents(revenue),
        "total_assets": _cents(assets),
        "profit_tax_2018": _cents(pt18),
        "profit_tax_2019": _cents(pt19),
        **{f"profit_2019q{k + 1}": _cents(quarters[k]) for k in range(4)},
        "profit_2020q1": _cents(q20),
        "ui_payers_2019_avg": avg19_cents,
        **{f"employer_contrib_2020_{m + 2:02d}": _cents(contrib[m]) for m in range(3)},
    }
    valid = {c: rng.random(n) >= NULL_RATE[c] for c in COLUMNS}

    # bad rows: the same rows and kinds whatever the format
    bad = np.flatnonzero(rng.random(n) < bad_rate)
    kind = rng.integers(0, len(BAD_KINDS), len(bad))
    kind = np.where((kind == BAD_KINDS.index("duplicate")) & (index[bad] == 0), 0, kind)
    pick_count = rng.integers(0, len(COUNT_COLS), len(bad))
    pick_money = rng.integers(0, len(NONNEG_MONEY), len(bad))
    pick_flag = rng.integers(0, len(BOOL_COLS), len(bad))
    pick_any = rng.integers(0, 1 << 30, len(bad))
    earlier = (rng.random(len(bad)) * index[bad]).astype(np.int64)

    codes = uscc_codes(index, seed)
    is_dup = kind == BAD_KINDS.index("duplicate")
    codes[bad[is_dup]] = uscc_codes(earlier[is_dup], seed)
    wrong = bad[kind == BAD_KINDS.index("bad_check")]
    if len(wrong):
        lut = np.zeros(256, dtype=np.int64)
        lut[np.frombuffer(USCC_ALPHABET.encode(), dtype=np.uint8)] = np.arange(31)
        alphabet = np.frombuffer(USCC_ALPHABET.encode("ascii"), dtype=np.uint8)
        shift = 1 + pick_any[kind == BAD_KINDS.index("bad_check")] % 30
        codes[wrong, 17] = alphabet[(lut[codes[wrong, 17]] + shift) % 31]

    # typed faults (and, in Parquet, the stand-ins for the text-level ones)
    text_faults: list[tuple[str, int, str]] = []  # (column, row, cell text) applied only to text output
    for j, (row, k) in enumerate(zip(bad.tolist(), kind.tolist(), strict=True)):
        name = BAD_KINDS[k]
        if name == "negative_count" or (name == "maybe_bool" and not text):
            col = COUNT_COLS[pick_count[j]]
            counts[col][row] = -1 - pick_any[j] % 5
            valid[col][row] = True
        elif name == "negative_money" or (name == "fractional_count" and not text):
            col = NONNEG_MONEY[pick_money[j]]
            cents[col][row] = -100 - pick_any[j] % 100_000
            valid[col][row] = True
        elif name == "too_large" or (name == "thousands" and not text):
            col = MONEY_COLS[pick_money[j]]
            cents[col][row] = 10**17 + pick_any[j]  # 10^15 yuan and more
            valid[col][row] = True
        elif name == "thousands":
            col = ("revenue_2019", "total_assets", "employees")[pick_money[j] % 3]
            text_faults.append((col, row, f"{1000 + pick_any[j] % 9_000_000:,}"))
        elif name == "fractional_count":
            text_faults.append((COUNT_COLS[pick_count[j]], row, f"{pick_any[j] % 40}.5"))
        elif name == "maybe_bool":
            text_faults.append((BOOL_COLS[pick_flag[j]], row, MAYBE[pick_any[j] % len(MAYBE)]))
        elif name == "bad_industry":
            text_faults.append(("industry_code", row, BAD_INDUSTRY[pick_any[j] % len(BAD_INDUSTRY)]))

    brand = rng.integers(0, len(BRAND_CHARS), (2, n))
    arrays: dict[str, pa.Array] = {
        "uscc": _string_array(codes),
        "name": pc.binary_join_element_wise(
            "北京",
            _take(BRAND_CHARS, brand[0]),
            _take(BRAND_CHARS, brand[1]),
            _take(words, word),
            _take(FORMS, form),
            "",
        ),
        "street": _take(STREETS, street),
        "industry_code": _take([i[0] for i in INDUSTRIES], ind),
    }
    for c in ("name", "street", "industry_code"):
        arrays[c] = pc.if_else(pa.array(valid[c]), arrays[c], pa.scalar(None, pa.string()))
    for c, values in counts.items():
        arrays[c] = pa.array(values, type=pa.int64(), mask=~valid[c])
    for c, values in cents.items():
        arrays[c] = _decimal_array(values, valid[c])
    for c, values in flags.items():
        arrays[c] = pa.array(values, type=pa.bool_(), mask=~valid[c])
    # bad industry codes are text in both formats
    table = pa.table([arrays[c] for c in COLUMNS], schema=SCHEMA)
    ind_faults = [(r, t) for c, r, t in text_faults if c == "industry_code"]
    if not text:
        if ind_faults:
            table = _scatter(table, "industry_code", ind_faults)
        return table
    out = pl.from_arrow(table).with_columns(pl.all().cast(pl.String))
    for c in {c for c, _, _ in text_faults}:
        rows = [r for cc, r, _ in text_faults if cc == c]
        vals = [t for cc, _, t in text_faults if cc == c]
        out = out.with_columns(out[c].scatter(rows, vals))
    return out.to_arrow().cast(pa.schema([(c, pa.string()) for c in COLUMNS]))


def _scatter(table: pa.Table, column: str, cells: list[tuple[int, str]]) -> pa.Table:
    s = pl.from_arrow(table.column(column)).scatter([r for r, _ in cells], [t for _, t in cells])
    i = table.schema.get_field_index(column)
    return table.set_column(i, column, s.to_arrow().cast(pa.string()))


# ---- files -----------------------------------------------------------------------------------


def iter_chunks(rows: int, seed: int, bad_rate: float, text: bool, chunk_rows: int = CHUNK_ROWS):
    """Tables of up to ``chunk_rows`` rows (a multiple of BLOCK_ROWS), together ``rows`` rows."""
    per_chunk = max(1, chunk_rows // BLOCK_ROWS)
    blocks = -(-rows // BLOCK_ROWS)
    for first in range(0, blocks, per_chunk):
        parts = [generate_block(b, seed, bad_rate, text) for b in range(first, min(first + per_chunk, blocks))]
        table = pa.concat_tables(parts) if len(parts) > 1 else parts[0]
        remaining = rows - first * BLOCK_ROWS
        if table.num_rows > remaining:
            table = table.slice(0, remaining)
        yield table


def write_extract(path: Path, rows: int, seed: int = DEFAULT_SEED, bad_rate: float = 0.001) -> None:
    """Write ``rows`` rows to ``path`` (.parquet or .csv), chunk by chunk."""
    suffix = path.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise SystemExit(f"unsupported output type {suffix!r} (use .parquet or .csv)")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    if suffix == ".parquet":
        with pq.ParquetWriter(tmp, SCHEMA, compression="snappy") as writer:
            for table in iter_chunks(rows, seed, bad_rate, text=False):
                writer.write_table(table, row_group_size=CHUNK_ROWS)
    else:
        with open(tmp, "wb") as f:
            f.write((",".join(COLUMNS) + "\n").encode())
            for table in iter_chunks(rows, seed, bad_rate, text=True):
                pl.from_arrow(table).write_csv(f, include_header=False)
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a synthetic registry extract (REGISTRY.md).")
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("-o", "--output", required=True, help=".parquet (typed) or .csv (text)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--bad-rate", type=float, default=0.001, help="share of bad rows (default 0.001)")
    args = parser.parse_args(argv)
    if args.rows < 0:
        parser.error("--rows must be ≥ 0")
    started = time.perf_counter()
    write_extract(Path(args.output), args.rows, args.seed, args.bad_rate)
    print(f"wrote {args.rows:,} rows to {args.output} in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
