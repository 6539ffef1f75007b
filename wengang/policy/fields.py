"""The facts an enterprise case carries: the registry extract contract (REGISTRY.md).

One list serves the batch reader (types, Chinese aliases, validation), the single-case reader and
the forms of the web calculator (labels, help texts).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

FieldType = Literal["text", "bool", "int", "decimal", "uscc", "industry", "date", "choice", "list"]


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: FieldType
    help: str = ""
    #: counts and amounts that may not be negative
    nonnegative: bool = False
    alias: str = ""
    #: a "choice": the accepted values, each with its Chinese label (also accepted as input)
    choices: tuple[tuple[str, str], ...] = ()
    #: an "int" with an upper bound, e.g. a period of at most 120 months
    maximum: int | None = None
    #: a "list": the fields of each line
    items: tuple[Field, ...] = ()

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

# ---- the other kinds of case: one schema each (the same reading rules as the registry); each kind
# names its schema where its rule module registers it (``kinds.py``) ------------------------------

#: more people than any employer has: a larger count is a typing error (and would not fit a database integer)
MAX_HEADCOUNT = 10_000_000
WORKER_CATEGORIES = (
    ("hard_to_employ", "城乡就业困难人员"),
    ("registered_unemployed", "本市其他登记失业人员"),
    ("none", "非登记失业人员"),
)
WORKER_FIELDS: tuple[Field, ...] = (
    Field("name", "姓名", "text"),
    Field("id_number", "身份证号", "text"),
    Field("category", "人员类别", "choice", "城乡就业困难人员、本市其他登记失业人员或非登记失业人员",
          choices=WORKER_CATEGORIES),
    Field("contract_years", "劳动合同期限（年）", "decimal", "", True),
    Field("contract_start", "劳动合同起始日期", "date", "YYYY-MM-DD；补贴期在合同期外的月份不予补贴"),
    Field("contract_end", "劳动合同终止日期", "date", "YYYY-MM-DD；无固定期限合同可不填"),
    Field("si_paid", "按规定缴纳社会保险", "bool"),
    Field("monthly_wage", "月工资", "decimal", "元", True),
    Field("wage_paid_in_full", "按月足额发放工资", "bool"),
    Field("pension_base", "实际缴费基数", "decimal", "元", True),
    Field("months_subsidised_before", "已享受补贴月数", "int", "", True, maximum=1200),
    Field("period_months", "申请期月数", "int", "6 或 12", True, maximum=120),
    Field("period_end", "申请期截止日期", "date", "YYYY-MM-DD"),
    Field("claim_date", "申请日期", "date", "YYYY-MM-DD"),
    Field("op3_deduction", "核减的一次性社会保险补贴", "decimal", "元", True),
)
PLACEMENT_FIELDS: tuple[Field, ...] = (
    Field("worker_id", "劳动者编号", "text"),
    Field("name", "姓名", "text"),
    Field("enterprise", "用工单位", "text"),
    Field("enterprise_posted_urgent", "用工单位发布过急聘公告", "bool"),
    Field("confirmed_by_enterprise", "用工单位确认", "bool"),
    Field("confirmed_by_agency", "服务机构确认", "bool"),
    Field("has_pay_proof", "有薪酬证明或劳务协议", "bool"),
)
AGENCY_FIELDS: tuple[Field, ...] = (
    Field("name", "机构名称", "text"),
    Field("uscc", "统一社会信用代码", "uscc"),
    Field("placements", "推荐成功上岗名单", "list", "每行一名劳动者", items=PLACEMENT_FIELDS),
    Field("counted_placements", "推荐成功上岗人数", "int", "已核定的人数（无名单时）", True, maximum=MAX_HEADCOUNT),
)
TRAINEE_FIELDS: tuple[Field, ...] = (
    Field("name", "姓名", "text"),
    Field("id_number", "身份证号", "text"),
    Field("course", "课程或批次", "text"),
    Field("class_hours", "课时", "decimal", "每课时45分钟，线上课时累计计算", True),
    Field("training_year", "培训年度", "int", "", True, maximum=9999),
    Field("still_employed", "申领时仍在职", "bool"),
    Field("other_training_subsidy", "已申领其他培训补贴", "bool"),
)
TRAINING_FIELDS: tuple[Field, ...] = (
    Field("name", "单位名称", "text"),
    Field("uscc", "统一社会信用代码", "uscc"),
    Field("received_op2_or_op3", "享受了失业保险费返还或一次性社会保险补贴", "bool"),
    Field("trainees", "参训职工名单", "list", "每行一名职工的一个批次或课程", items=TRAINEE_FIELDS),
    Field("qualified_trainees", "符合条件的参训职工人数", "int", "已核定的人数（无名单时）", True, maximum=MAX_HEADCOUNT),
)
#: the four circumstances of a layoff (L.circ(1)–(4)), by number
LAYOFF_CIRCUMSTANCES = {
    1: "依照企业破产法规定进行重整",
    2: "生产经营发生严重困难",
    3: "企业转产、重大技术革新或者经营方式调整，经变更劳动合同后仍需裁减人员",
    4: "劳动合同订立时所依据的客观经济情况发生重大变化，致使劳动合同无法履行",
}
LAYOFF_FIELDS: tuple[Field, ...] = (
    Field("name", "单位名称", "text"),
    Field("uscc", "统一社会信用代码", "uscc"),
    Field("layoffs", "裁减人数", "int", "", True, maximum=MAX_HEADCOUNT),
    Field("employees", "职工总数", "int", "", True, maximum=MAX_HEADCOUNT),
    Field("notice_days", "提前说明天数", "int", "", True),
    Field("circumstance", "裁减情形", "int", "四种法定情形的编号 1–4，或情形的原文", True,
          choices=tuple((str(k), text) for k, text in LAYOFF_CIRCUMSTANCES.items())),
    *(Field(f"material_{i}", f"材料{i}", "bool") for i in range(1, 9)),
    Field("epidemic_unable_to_return", "因疫情暂不能返岗人数", "int", "", True, maximum=MAX_HEADCOUNT),
)
BACK_PAYMENT_FIELDS: tuple[Field, ...] = (
    Field("name", "单位名称", "text"),
    Field("deadline", "缴费截止日期", "date", "YYYY-MM-DD"),
    Field("paid_on", "补缴日期", "date", "YYYY-MM-DD"),
    Field("amount_due", "应缴金额", "decimal", "元", True),
)
UNEMPLOYMENT_FIELDS: tuple[Field, ...] = (
    Field("name", "姓名", "text"),
    Field("contribution_years", "累计缴费年限", "decimal", "失业前所在单位和本人累计缴纳失业保险费的年数", True),
    Field("involuntary", "非因本人意愿中断就业", "bool", "劳动合同到期终止、被解除劳动合同、单位关闭等"),
    Field("registered", "已办理失业登记", "bool", "失业登记已经街乡确认"),
    Field("seeking_work", "有求职要求", "bool"),
)
#: N13 / N15 (``rules/assistance.py``): ages in whole months, derived from the ID number's birth date
SEX_CHOICES = (("male", "男"), ("female", "女"))
HARDSHIP_FIELDS: tuple[Field, ...] = (
    Field("category", "认定类别", "text"),
    Field("category_listed", "属于认定类别", "bool"),
    Field("sex", "性别", "choice", choices=SEX_CHOICES),
    Field("age_months", "年龄（月）", "int", "", True, maximum=2400),
    Field("age_years", "年龄（周岁）", "int", "", True, maximum=200),
    Field("beijing_hukou", "本市户籍", "bool"),
    Field("not_employed", "处于失业状态", "bool"),
    Field("evidence", "已上传证明材料", "bool"),
)
FLEXIBLE_FIELDS: tuple[Field, ...] = (
    Field("certified", "已认定为就业困难人员", "bool"),
    Field("flexible_employed", "灵活就业缴费", "bool"),
    Field("sex", "性别", "choice", choices=SEX_CHOICES),
    Field("age_months", "申领月份的年龄（月）", "int", "", True, maximum=2400),
    Field("age_months_first", "首次享受补贴时的年龄（月）", "int", "", True, maximum=2400),
    Field("months_subsidised_before", "已享受补贴月数", "int", "", True, maximum=1200),
    Field("contributions_paid", "当月实际缴纳社会保险费", "decimal", "元", True),
)
WELFARE_POST_FIELDS: tuple[Field, ...] = (
    Field("certified", "已认定为就业困难人员", "bool"),
    Field("same_street", "岗位在本人所在街乡", "bool"),
    Field("open_places", "岗位空缺数", "int", "", maximum=MAX_HEADCOUNT),
    Field("placed_elsewhere", "已在其他公益性岗位在岗", "bool"),
)
LOAN_EXTENSION_FIELDS: tuple[Field, ...] = (
    Field("infected", "借款人患新型冠状病毒感染肺炎", "bool"),
    Field("requested_on", "申请日期", "date", "YYYY-MM-DD"),
    Field("loan_end", "贷款到期日", "date", "YYYY-MM-DD"),
    Field("extension_months", "展期月数", "int", "", True, maximum=120),
    Field("principal", "贷款本金", "decimal", "元", True),
    Field("annual_rate", "贷款年利率", "decimal", "如 0.0435", True),
    Field("subsidy_share", "贴息比例", "decimal", "占利息的比例，如 1 为全额贴息", True),
)
LOAN_GUARANTEE_FIELDS: tuple[Field, ...] = (
    Field("small_firm", "借款人为小微企业", "bool", "否则为个人"),
    Field("lost_income", "受疫情影响暂时失去收入来源", "bool"),
    Field("amount", "申请贷款金额", "decimal", "元", True),
    Field("term_months", "贷款期限（月）", "int", "", True, maximum=120),
)
GRADUATE_FIELDS: tuple[Field, ...] = (
    Field("graduation_year", "毕业年份", "int", "", True, maximum=9999),
    Field("signed_on", "签约日期", "date", "YYYY-MM-DD"),
    Field("report_on", "报到日期", "date", "YYYY-MM-DD"),
)
#: one firm's month of the monthly registry extract (N18 monitoring)
FIRM_MONTH_FIELDS: tuple[Field, ...] = (
    Field("name", "单位名称", "text"),
    Field("uscc", "统一社会信用代码", "uscc"),
    Field("insured_start", "月初参保人数", "int", "", True, maximum=MAX_HEADCOUNT),
    Field("lost", "当月减少参保人数", "int", "", True, maximum=MAX_HEADCOUNT),
)
#: one street's month: the sums over its firms' rows of that month (N19)
STREET_MONTH_FIELDS: tuple[Field, ...] = (
    Field("street", "街乡", "text"),
    Field("insured_start", "月初参保人数", "int", "辖区企业合计", True, maximum=MAX_HEADCOUNT * 100),
    Field("lost", "当月减少参保人数", "int", "辖区企业合计", True, maximum=MAX_HEADCOUNT * 100),
)
def field_label(name: str, kind: str = "") -> str:
    """The Chinese label of a fact (the name itself when unknown): in the schema of ``kind`` if it
    has it, else in the registry extract's, else in the first kind's (in registration order) that does."""
    from .kinds import kinds

    registered = kinds()
    schemas = [registered[kind].fields] if kind in registered else []
    schemas += [ENTERPRISE_FIELDS, *(k.fields for k in registered.values())]
    for fields in schemas:
        for f in fields:
            if f.name == name:
                return f.label
            for item in f.items:
                if item.name == name:
                    return item.label
    return name


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
