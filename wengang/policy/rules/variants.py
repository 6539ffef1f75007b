"""Named interpretation variants: alternative readings of ambiguous clauses, selectable per run."""

from __future__ import annotations

VARIANTS: dict[str, str] = {
    "baseline": "按条文字面解读：OP2.1(2) 利税下降超过50%、连续两季度亏损、2020年一季度亏损三项同时满足",
    "op2-either": "OP2.1(2) 宽松解读：利税下降超过50% 或 连续两季度亏损（满足其一），且2020年一季度亏损",
}


class UnknownVariant(ValueError):
    pass


def check_variant(name: str) -> str:
    if name not in VARIANTS:
        raise UnknownVariant(f"未知解读方案 {name!r}；可选：{'、'.join(VARIANTS)}")
    return name
