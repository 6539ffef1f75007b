"""The facts an enterprise case carries: the registry extract contract (REGISTRY.md).

One list serves the batch reader (types, Chinese aliases, validation), the single-case reader and
the forms of the web calculator (labels, help texts).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

FieldType = Literal["text", "bool", "int", "decimal", "uscc", "industry"]


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: FieldType
    help: str = ""
    #: counts and amounts that may not be negative
    nonnegative: bool = False
    alias: str = ""

    @property
    def kind(self) -> Literal["int", "dec", "bool", "str"]:
        if self.type == "int":
            return "int"
        if self.type == "decimal":
            return "dec"
        if self.type == "bool":
            return "bool"
        return "str"

    @property
    def aliases(self) -> tuple[str, ...]:
        return (self.alias or self.label,)


def _months(prefix: str, label: str, months: range, ftype: FieldType, help: str = "") -> list[Field]:
    return [
        Field(f"{prefix}{m:02d}", f"2020年{m}月{label}", ftype, help, nonnegative=True) for m in months
    ]


ENTERPRISE_FIELDS: tuple[Field, ...] = (
    Field("uscc", "统一社会信用代码", "uscc", "18位，按 GB 32100-2015 校验"),
    Field("name", "单位名称", "text"),
    Field("street", "所属街乡", "text"),
    Field("industry_code", "行业代码", "industry", "GB/T 4754-2017，字母加2–4位数字，如 F52、I65"),
    Field("state_owned", "国有企业", "bool", "国有或国有控股"),
    Field("employees", "从业人员", "int", "从业人员总数（用于中小微企业划型）", True),
    Field("revenue_2019", "营业收入", "decimal", "2019年营业收入，元", True),
    Field("total_assets", "资产总额", "decimal", "元", True),
    Field("restricted_catalogue", "禁限目录", "bool", "属于北京市新增产业的禁止和限制目录"),
    Field("priority_zone", "一区十六园/三城一区", "bool", "注册在中关村一区十六园或三城一区"),
    Field("high_tech_industry", "高精尖产业", "bool", "属于十大高精尖产业"),
    Field("insured_2018_12", "2018年12月失业保险参保人数", "int", "", True),
    Field("insured_2019_12", "2019年12月失业保险参保人数", "int", "", True),
    Field("attrition_2019", "2019年自然减员人数", "int", "退休、死亡等", True),
    Field("ui_paid_months", "连续足额缴纳失业保险月数", "int", "截至2020年3月", True),
    Field("serious_dishonesty", "严重违法失信", "bool", "列入严重违法失信企业名单"),
    Field("profit_tax_2018", "2018年度利税总额", "decimal", "元，可为负数"),
    Field("profit_tax_2019", "2019年度利税总额", "decimal", "元，可为负数"),
    Field("profit_2019q1", "2019年一季度利润", "decimal", "元，负数为亏损"),
    Field("profit_2019q2", "2019年二季度利润", "decimal", "元，负数为亏损"),
    Field("profit_2019q3", "2019年三季度利润", "decimal", "元，负数为亏损"),
    Field("profit_2019q4", "2019年四季度利润", "decimal", "元，负数为亏损"),
    Field("profit_2020q1", "2020年一季度利润", "decimal", "元，负数为亏损"),
    Field("stabilisation_measures", "稳岗措施", "bool", "已制定稳定就业岗位措施"),
    Field("ui_payers_2019_avg", "2019年月均缴纳失业保险人数", "decimal", "", True),
    *_months("ui_payers_2020_", "缴纳失业保险人数", range(1, 5), "int"),
    *_months("employer_contrib_2020_", "单位缴费额", range(2, 5), "decimal",
             "单位实际缴纳的养老、医疗、失业保险费，元"),
    Field("epidemic_supplier_certified", "疫情防控物资企业认定", "bool",
          "春节期间（截至2020年2月9日）开工生产、配送疫情防控急需物资并经认定"),
    *_months("si_new_2020_", "社保增员人数", range(1, 3), "int"),
    Field("trained_40h_employed", "培训达标在职人数", "int",
          "2020年累计培训不低于40课时（每课时45分钟）且仍在职的职工人数", True),
    Field("local_rural_workers", "本区户籍农村劳动力", "int", "安置的本区户籍农村劳动力人数", True),
    Field("arrears_before_2019_12", "2019年12月前欠缴", "bool", "2019年12月前存在未补齐的欠缴"),
    Field("deferral_industry_confirmed", "行业主管部门确认", "bool",
          "经市级行业主管部门确认属于十个行业（延长缴费至7月底）"),
)

FIELDS_BY_NAME = {f.name: f for f in ENTERPRISE_FIELDS}
IDENTITY_FIELDS = ("uscc", "name", "street")


@cache
def alias_map() -> dict[str, str]:
    """Header → field name, for the English names and the Chinese labels (REGISTRY.md)."""
    out: dict[str, str] = {}
    for f in ENTERPRISE_FIELDS:
        out[f.name] = f.name
        for a in f.aliases:
            out[a] = f.name
    return out


# GB 32100-2015: the 18th character of a unified social credit code is a check character.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str | None:
    """The check character for the first 17 characters, or None if one is not allowed."""
    total = 0
    for ch, w in zip(first17, USCC_WEIGHTS, strict=True):
        idx = USCC_ALPHABET.find(ch)
        if idx < 0:
            return None
        total += idx * w
    return USCC_ALPHABET[(31 - total % 31) % 31]


def valid_uscc(code: str) -> bool:
    """True when ``code`` is 18 characters of the GB 32100-2015 alphabet with a correct check."""
    if len(code) != 18:
        return False
    check = uscc_check_char(code[:17])
    return check is not None and check == code[17]
