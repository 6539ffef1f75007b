"""The demo world: organisations, one user per role, and applications in every state.

Everything here is synthetic. The six firms of the notice's attachment 2 (重点企业: 物美、京客隆、
便利蜂、永辉超市、大洋路农副产品市场、盛华宏林粮油批发) appear under plausible full names with
made-up registry figures and credit codes; no code or figure is a real one. Credit codes use
Chaoyang's prefix 91110105 and resident ID numbers Chaoyang's area code 110105, each with a valid
check character, so the validators accept them.

The organisations and their registry facts are in ``organisations.yaml``: text keyed by the
engine's field names (``wengang/policy/fields.py``), as a registry extract would deliver them; an
empty or missing value means unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from wengang.accounts.models import Role
from wengang.policy.fields import uscc_check_char
from wengang.registry.validators import ID_CHECK, ID_WEIGHTS

#: the service's date the demo is made on: both the OP2 and the OP3 windows are open
DEMO_TODAY = dt.date(2020, 6, 1)
DEFAULT_PASSWORD = "wengang-demo-2020"
#: Chaoyang District: the area part of credit codes and resident ID numbers
CHAOYANG_USCC_PREFIX = "91110105"
CHAOYANG_AREA = "110105"


def with_uscc_check(first17: str) -> str:
    """A credit code (GB 32100): the first 17 characters and their check character."""
    check = uscc_check_char(first17)
    assert check is not None
    return first17 + check


def with_id_check(first17: str) -> str:
    """A resident ID number (GB 11643): the first 17 digits and their check character."""
    total = sum(int(ch) * w for ch, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + ID_CHECK[total % 11]


def demo_uscc(serial: int) -> str:
    """A synthetic credit code: Chaoyang's prefix, organisation code ``MA01WG`` + serial, check."""
    return with_uscc_check(f"{CHAOYANG_USCC_PREFIX}MA01WG{serial:03d}")


def demo_id_number(birth: dt.date, sequence: int) -> str:
    """A synthetic resident ID number: Chaoyang area, birth date, sequence, check."""
    return with_id_check(f"{CHAOYANG_AREA}{birth:%Y%m%d}{sequence:03d}")


# ---- organisations ----------------------------------------------------------------------------

ORGANISATIONS_FILE = Path(__file__).with_name("organisations.yaml")


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    serial: int
    name: str
    street: str
    industry_code: str
    facts: dict[str, str]
    kind: str = "enterprise"
    key_category: str = ""
    #: what the engine makes of it
    note: str = ""

    @property
    def uscc(self) -> str:
        return demo_uscc(self.serial)


def _text(name: str, value: Any) -> str:
    """A registry value as the extract writes it: true/false, digits, or "" for unknown."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        raise ValueError(f"{ORGANISATIONS_FILE.name}: {name} = {value!r}: write amounts with cents in quotes")
    return "" if value is None else str(value)


def load_organisations(path: Path = ORGANISATIONS_FILE) -> tuple[DemoOrganisation, ...]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for row in doc["organisations"]:
        base = doc["defaults"] if row.get("complete", True) else {}
        values = {**base, **row["facts"], "industry_code": row["industry_code"]}
        out.append(
            DemoOrganisation(
                key=row["key"],
                serial=int(row["serial"]),
                name=row["name"],
                street=row["street"],
                industry_code=row["industry_code"],
                facts={name: _text(name, value) for name, value in values.items()},
                kind=row.get("kind", "enterprise"),
                key_category=row.get("key_category", ""),
                note=row.get("note", ""),
            )
        )
    return tuple(out)


ORGANISATIONS = load_organisations()

# ---- users -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    username: str
    name: str
    role: str
    #: what to open after signing in
    opens: str
    organisation: str = ""  # DemoOrganisation.key
    department: str = ""  # Department.code
    street: str = ""
    id_number: str = ""
    #: listed in the main table (one per role); the others act for the demo applications
    featured: bool = True


USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "系统管理员", Role.ADMIN, "/admin/ 与 /hall/review/（全部申请）"),
    DemoUser("qiye", "李明", Role.ENTERPRISE, "/hall/apply/ 申请 OP3（预审、上传材料、提交）", organisation="zhitu"),
    DemoUser("qiye2", "王芳", Role.ENTERPRISE, "/hall/apply/ 补正容缺材料、草稿", organisation="qicheng"),
    DemoUser("jigou", "赵磊", Role.AGENCY, "/hall/apply/（OP4 待管理员开放申请期）", organisation="chaoyang_hr"),
    DemoUser(
        "geren",
        "刘洋",
        Role.INDIVIDUAL,
        "/individuals/ 失业登记、推荐岗位、失业保险金申领",
        street="孙河",
        id_number=demo_id_number(dt.date(1990, 3, 15), 123),
    ),
    DemoUser("jiexiang", "陈静", Role.STREET, "/individuals/queue/ 失业登记确认、失业保险金审核发放（孙河地区）", street="孙河"),
    DemoUser("shenhe", "周涛", Role.REVIEWER, "/hall/review/ 劳动服务管理中心队列", department="labour-service"),
    DemoUser("shenhe2", "吴敏", Role.REVIEWER, "/hall/review/ 职业能力建设科队列", department="vocational-skills"),
    DemoUser("shishenhe", "郑华", Role.MUNICIPAL, "/hall/review/ 市审核小组联审", department=""),
    DemoUser("hangye", "冯丽", Role.INDUSTRY, "/accounts/ 市级行业主管部门（延长缴费确认）", department=""),
    DemoUser("peixun", "韩梅", Role.PROVIDER, "/accounts/ 培训机构（线上培训）", organisation="chaoyang_training"),
    DemoUser("gaoxiao", "唐宁", Role.SCHOOL, "/accounts/ 高校就业指导中心（毕业生签约）", organisation="jinghua_university"),
    DemoUser("yinhang", "宋阳", Role.BANK, "/accounts/ 经办银行（创业担保贷款）", organisation="chaoyang_bank"),
    # the other firms' contacts, who made the demo applications
    DemoUser("qiye3", "孙悦", Role.ENTERPRISE, "/hall/apply/", organisation="yunshan", featured=False),
    DemoUser("qiye4", "马超", Role.ENTERPRISE, "/hall/apply/", organisation="qinghe", featured=False),
    DemoUser("qiye5", "胡军", Role.ENTERPRISE, "/hall/apply/", organisation="hengxin", featured=False),
    DemoUser("qiye6", "高峰", Role.ENTERPRISE, "/hall/apply/", organisation="huitong", featured=False),
    DemoUser("qiye7", "林静", Role.ENTERPRISE, "/hall/apply/", organisation="chengyun", featured=False),
    DemoUser("qiye8", "何平", Role.ENTERPRISE, "/hall/apply/", organisation="ankang", featured=False),
    DemoUser("qiye9", "郭强", Role.ENTERPRISE, "/hall/apply/", organisation="lvyuan", featured=False),
    DemoUser("qiye10", "罗丽", Role.ENTERPRISE, "/hall/apply/", organisation="xincheng", featured=False),
)

# ---- applications ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One move of a demo application, made ``days_ago`` days before the demo date."""

    action: str
    days_ago: int = 0
    comment: str = ""


@dataclass(frozen=True)
class Trainee:
    name: str
    id_number: str
    class_hours: str
    still_employed: bool = True
    other_subsidy: bool = False


@dataclass(frozen=True)
class DemoApplication:
    reference: str
    organisation: str  # DemoOrganisation.key
    policy: str
    #: the moves from draft to the state the application is to show
    steps: tuple[Step, ...]
    #: checklist items (by name) left out at submission; 容缺 lists them
    missing: tuple[str, ...] = ()
    trainees: tuple[Trainee, ...] = field(default_factory=tuple)
    #: the state the steps lead to (checked after loading)
    status: str = ""


def _trainee(name: str, birth: dt.date, seq: int, hours: str, **flags: bool) -> Trainee:
    return Trainee(name, demo_id_number(birth, seq), hours, **flags)


APPLICATIONS: tuple[DemoApplication, ...] = (
    # draft: 启程 (qiye2) is preparing a training claim; OP3 is not decided yet, so it is 待定
    DemoApplication(
        "OP6-2020-0001",
        "qicheng",
        "OP6",
        (),
        status="draft",
        trainees=(
            _trainee("周晓雨", dt.date(1994, 7, 2), 231, "46"),
            _trainee("钱浩然", dt.date(1992, 11, 19), 315, "41.5"),
        ),
    ),
    # submitted: the epidemic-supplies firm's OP5 claim waits for 就业资金管理科
    DemoApplication("OP5-2020-0001", "ankang", "OP5", (Step("submit"),), status="submitted"),
    # deficient: 启程 (qiye2) submitted OP3 without the contribution receipts; 容缺 due in 10 working days
    DemoApplication(
        "OP3-2020-0001",
        "qicheng",
        "OP3",
        (Step("submit"), Step("deficient")),
        missing=("社会保险费缴费凭证",),
        status="deficient",
    ),
    # district review: the demonstration-base candidate was accepted
    DemoApplication("N14-2020-0001", "lvyuan", "N14", (Step("submit"), Step("accept")), status="district_review"),
    # municipal review: OP2 always goes to the joint review
    DemoApplication(
        "OP2-2020-0001",
        "hengxin",
        "OP2",
        (Step("submit"), Step("accept"), Step("escalate")),
        status="municipal_review",
    ),
    # returned: 智图 (qiye) claimed OP6 before any OP2/OP3 was granted
    DemoApplication(
        "OP6-2020-0002",
        "zhitu",
        "OP6",
        (
            Step("submit"),
            Step(
                "return",
                comment="依据 OP6：申请职业技能培训补贴须已享受困难企业失业保险费返还或一次性社会保险补贴。"
                "本单位尚未获批一次性社会保险补贴（OP3），请获批后修改本申请重新提交；"
                "另第3行学员累计36课时，不足40课时，不计入补贴人数。",
            ),
        ),
        trainees=(
            _trainee("孙嘉怡", dt.date(1996, 1, 23), 142, "52"),
            _trainee("李子轩", dt.date(1991, 5, 8), 417, "44"),
            _trainee("杨思远", dt.date(1988, 9, 30), 278, "36"),
        ),
        status="returned",
    ),
    # approved: 青禾 at 30 %
    DemoApplication(
        "OP3-2020-0002", "qinghe", "OP3", (Step("submit"), Step("accept"), Step("approve")), status="approved"
    ),
    # paid: 云杉 at 50 %
    DemoApplication(
        "OP3-2020-0003",
        "yunshan",
        "OP3",
        (Step("submit"), Step("accept"), Step("approve"), Step("pay")),
        status="paid",
    ),
    # submitted: 云杉's training claim, after its OP3 was paid (one of four trainees short of hours)
    DemoApplication(
        "OP6-2020-0003",
        "yunshan",
        "OP6",
        (Step("submit"),),
        status="submitted",
        trainees=(
            _trainee("赵一鸣", dt.date(1993, 4, 12), 356, "48"),
            _trainee("王雨桐", dt.date(1997, 8, 21), 124, "40"),
            _trainee("张博文", dt.date(1990, 12, 3), 519, "62.5"),
            _trainee("陈可馨", dt.date(1995, 2, 17), 268, "32"),
        ),
    ),
    # rejected: a large firm claimed OP3; the reasons cite the clauses not met
    DemoApplication(
        "OP3-2020-0004", "huitong", "OP3", (Step("submit"), Step("accept"), Step("reject")), status="rejected"
    ),
    # withdrawn: the state-owned firm withdrew its OP3 claim after seeing the pre-check
    DemoApplication(
        "OP3-2020-0005",
        "chengyun",
        "OP3",
        (Step("submit"), Step("withdraw", comment="预审显示本单位为国有企业，不符合 OP3.1(3)，撤回申请")),
        status="withdrawn",
    ),
    # closed: the firm with incomplete data did not supply the 容缺 item in time
    DemoApplication(
        "N14-2020-0002",
        "xincheng",
        "N14",
        (Step("submit", days_ago=28), Step("deficient", days_ago=28), Step("close")),
        missing=("本区户籍农村劳动力人数及劳动合同（登记数据缺失）",),
        status="closed",
    ),
)

#: the payment batch of the paid demo application
PAYMENT_BATCH = "ZF-2020-0601"
