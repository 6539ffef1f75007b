"""The applicant's side of the workflow: start a claim, fill it, submit it, follow it.

Subsidy types are data (``SubsidyType`` rows, the engine's rules and parameters): the periods,
windows, form fields and rosters below are looked up per policy, not coded per view. Every status
change goes through :func:`wengang.subsidies.workflow.application_transition`.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from wengang import clock, spreadsheets
from wengang.accounts.models import ORGANISATION_ROLES, Role, User
from wengang.cases.models import CaseEvent
from wengang.policy import policies_for
from wengang.policy.explain import PolicyResult, explain
from wengang.policy.facts import FactError, read_fact
from wengang.policy.fields import FIELDS_BY_NAME, Field
from wengang.policy.params import ParameterError, resolve
from wengang.policy.rules.worker import CATEGORY_ZH, HARD, REGISTERED
from wengang.registry.models import Organisation
from wengang.registry.validators import mask_id_number

from ..models import (
    Application,
    Deficiency,
    MaterialRequirement,
    Policy,
    Status,
    SubsidyType,
    TrainingLine,
    WorkerLine,
)
from ..workflow import EDITABLE, TransitionError, application_transition
from .engine import ENTERPRISE_POLICIES, WorkerJudgement, claimed_months, combine_workers, judge, judge_workers
from .materials import Attached, MaterialError, material_attach


class ApplyError(Exception):
    """A request the applicant cannot make now; the message says why, in Chinese."""


class IneligibleNeedsReason(ApplyError):
    """The pre-check finds the application 不符合: it may still be submitted, with a reason (issue 12)."""


INELIGIBLE_REASON_MAX = 500


# ---- periods ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str

    @property
    def key(self) -> str:
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    @property
    def text(self) -> str:
        return f"{self.label}（{self.start.isoformat()} 至 {self.end.isoformat()}）"


#: the periods the notice fixes for the one-off subsidies (OP1 and OP4 are computed below)
FIXED_PERIODS: dict[str, Period] = {
    # OP2.2: the refund is assessed on 2019 and paid for 2020
    Policy.OP2: Period(dt.date(2020, 1, 1), dt.date(2020, 12, 31), "2020年度"),
    # OP3.2: contributions actually paid for February to April 2020
    Policy.OP3: Period(dt.date(2020, 2, 1), dt.date(2020, 4, 30), "2020年2月至4月"),
    # OP5: new social-insurance enrolments in January and February 2020
    Policy.OP5: Period(dt.date(2020, 1, 1), dt.date(2020, 2, 29), "2020年1月至2月"),
    # OP6: training organised in the training year (parameter op6_training_year = 2020)
    Policy.OP6: Period(dt.date(2020, 1, 1), dt.date(2020, 12, 31), "2020年培训年度"),
    # N14: the demonstration-base year
    Policy.N14: Period(dt.date(2020, 1, 1), dt.date(2020, 12, 31), "2020年度"),
}
#: OP4 counts placements during the epidemic-control period: from Beijing's first-level public
#: health emergency response (2020-01-24) to the day before an administrator opens the window
EPIDEMIC_CONTROL_START = dt.date(2020, 1, 24)
OP1_LENGTHS = {6: "半年", 12: "一年"}


def add_months(first: dt.date, months: int) -> dt.date:
    year, month = divmod(first.month - 1 + months, 12)
    return dt.date(first.year + year, month + 1, 1)


def op1_period(start_month: dt.date, months: int) -> Period:
    """OP1.3: a claim covers a full half-year or year of the contract, from its first month."""
    if months not in OP1_LENGTHS:
        raise ApplyError("OP1 的补贴期间为半年（6个月）或一年（12个月）")
    start = start_month.replace(day=1)
    end = add_months(start, months) - dt.timedelta(days=1)
    return Period(start, end, f"{start.year}年{start.month}月起{OP1_LENGTHS[months]}")


def fixed_period(subsidy_type: SubsidyType) -> Period | None:
    """The one period a non-OP1 subsidy is claimed for; None for OP1 or an unopened OP4."""
    policy = subsidy_type.policy
    if policy == Policy.OP4:
        if subsidy_type.window_start is None or subsidy_type.window_start <= EPIDEMIC_CONTROL_START:
            return None
        return Period(EPIDEMIC_CONTROL_START, subsidy_type.window_start - dt.timedelta(days=1), "疫情防控期间")
    return FIXED_PERIODS.get(policy)


def parse_period(subsidy_type: SubsidyType, key: str) -> Period:
    """The period named by ``start_end`` (ISO dates) if it is one this subsidy may be claimed for."""
    try:
        start_text, end_text = key.split("_", 1)
        start, end = dt.date.fromisoformat(start_text), dt.date.fromisoformat(end_text)
    except ValueError as err:
        raise ApplyError("补贴期间无效") from err
    if subsidy_type.policy == Policy.OP1:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        op1 = op1_period(start, months)
        if op1.end != end or start.day != 1:
            raise ApplyError("OP1 的补贴期间须从某月1日起，为期半年或一年")
        return op1
    fixed = fixed_period(subsidy_type)
    if fixed is None or (fixed.start, fixed.end) != (start, end):
        raise ApplyError("该补贴不能按这个期间申请")
    return fixed


def period_of(application: Application) -> Period:
    if application.subsidy_type.policy == Policy.OP1:
        months = (
            (application.period_end.year - application.period_start.year) * 12
            + application.period_end.month
            - application.period_start.month
            + 1
        )
        return op1_period(application.period_start, months)
    fixed = fixed_period(application.subsidy_type)
    if fixed and (fixed.start, fixed.end) == (application.period_start, application.period_end):
        return fixed
    return Period(application.period_start, application.period_end, "补贴期间")


# ---- windows ------------------------------------------------------------------------------

WindowState = Literal["open", "not_started", "ended", "not_opened"]


@dataclass(frozen=True)
class Window:
    """When a subsidy may be submitted; both ends inclusive, either may be open-ended."""

    start: dt.date | None
    end: dt.date | None
    source: str
    #: OP4: no submissions until an administrator sets the start
    opened: bool = True

    def state(self, on: dt.date) -> WindowState:
        if not self.opened:
            return "not_opened"
        if self.start and on < self.start:
            return "not_started"
        if self.end and on > self.end:
            return "ended"
        return "open"

    def is_open(self, on: dt.date) -> bool:
        return self.state(on) == "open"

    @property
    def text(self) -> str:
        if not self.opened:
            return "尚未开放（疫情防控期结束后由管理员开放）"
        if self.start and self.end:
            return f"{self.start.isoformat()} 至 {self.end.isoformat()}"
        if self.start:
            return f"{self.start.isoformat()} 起"
        if self.end:
            return f"至 {self.end.isoformat()}"
        return "随时申请"


STATE_TEXT: dict[WindowState, str] = {
    "open": "申请期内",
    "not_started": "申请期未开始",
    "ended": "申请期已结束",
    "not_opened": "尚未开放",
}


def _engine_window(policy: str, on: dt.date) -> tuple[dt.date, dt.date] | None:
    rules = [p for p in policies_for("enterprise") if p.id == policy]
    if not rules or not rules[0].window:
        return None
    start_key, end_key = rules[0].window
    try:
        values = resolve([start_key, end_key], on).values
    except ParameterError:
        return None
    return values[start_key], values[end_key]


def window_of(subsidy_type: SubsidyType, on: dt.date) -> Window:
    """The administrator's window if set; else the notice's (engine parameters); OP4 stays closed
    until an administrator opens it; the others without a window in the notice are always open."""
    if subsidy_type.window_start or subsidy_type.window_end:
        return Window(subsidy_type.window_start, subsidy_type.window_end, "管理员设定")
    if subsidy_type.policy == Policy.OP4:
        return Window(None, None, "", opened=False)
    engine = _engine_window(subsidy_type.policy, on)
    if engine:
        return Window(engine[0], engine[1], "通知规定")
    if subsidy_type.policy == Policy.OP1:
        return Window(None, None, "每满半年或一年后次月起90日内申请（OP1.3）")
    return Window(None, None, "")


# ---- form fields per subsidy ------------------------------------------------------------------

RECEIVED_OP2_OR_OP3 = Field(
    "received_op2_or_op3",
    "已享受困难企业失业保险费返还或一次性社会保险补贴",
    "bool",
    "OP6 的前提条件；本单位在服务大厅获批的 OP2 或 OP3 申请会自动填为“是”",
)


def fact_fields(policy: str) -> tuple[Field, ...]:
    """The registry facts the applicant confirms for a policy: the ones its rule reads."""
    if policy == Policy.OP6:
        return (RECEIVED_OP2_OR_OP3,)
    if policy not in ENTERPRISE_POLICIES:
        return ()
    rule = next(p for p in policies_for("enterprise") if p.id == policy)
    names: set[str] = set()
    for cond in rule.conditions:
        names |= cond.test.inputs()
        for show in cond.shows.values():
            names |= show.expr.inputs()
    if rule.amount is not None:
        names |= rule.amount.inputs()
    for step in rule.steps:
        for show in step.shows.values():
            names |= show.expr.inputs()
    return tuple(f for f in FIELDS_BY_NAME.values() if f.name in names)


def registry_values(organisation: Organisation, fields: Iterable[Field]) -> dict[str, str]:
    """The registry's text for each field (empty when unknown)."""
    out = {}
    for f in fields:
        raw = organisation.facts.get(f.name)
        out[f.name] = "" if raw is None else str(raw).strip()
    return out


def _received_op2_or_op3(organisation: Organisation) -> bool:
    return Application.objects.filter(
        organisation=organisation,
        subsidy_type__policy__in=[Policy.OP2, Policy.OP3],
        status__in=[Status.APPROVED, Status.PAID],
    ).exists()


def initial_facts(organisation: Organisation, policy: str) -> dict[str, str]:
    """What a new draft starts from: the registry's values (OP6: whether OP2/OP3 was granted)."""
    if policy == Policy.OP6:
        return {RECEIVED_OP2_OR_OP3.name: "true" if _received_op2_or_op3(organisation) else ""}
    return registry_values(organisation, fact_fields(policy))


def check_facts(fields: Sequence[Field], values: Mapping[str, str]) -> list[FactError]:
    """The engine's own reader checks each value; the errors, in field order."""
    errors = []
    for f in fields:
        try:
            read_fact(f, values.get(f.name, ""))
        except FactError as err:
            errors.append(FactError(f.name, err.message))
    return errors


# ---- pre-check ------------------------------------------------------------------------------


def registry_precheck(organisation: Organisation, policy: str, on: dt.date) -> PolicyResult | None:
    """Before a draft exists: the engine's result for the registry facts (enterprise policies)."""
    if policy not in ENTERPRISE_POLICIES:
        return None
    case = {**organisation.engine_facts(), "kind": "enterprise"}
    try:
        return explain(case, on, policies=[policy]).results[0]
    except ParameterError:
        return None


def precheck(application: Application, on: dt.date) -> PolicyResult:
    """The engine's result for the application as it stands (raises ApplyError without parameters)."""
    try:
        return judge(application, on)
    except ParameterError as err:
        raise ApplyError(f"{on.isoformat()} 没有可用的政策参数，无法预审：{err}") from err


# ---- offers and lists ----------------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """A subsidy type the organisation may apply for, with its window today."""

    subsidy_type: SubsidyType
    window: Window
    state: WindowState
    period: Period | None

    @property
    def state_text(self) -> str:
        return STATE_TEXT[self.state]

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def offers_for(organisation: Organisation, on: dt.date) -> list[Offer]:
    out = []
    for subsidy in SubsidyType.objects.filter(active=True, applicant_kind=organisation.kind).order_by("policy"):
        window = window_of(subsidy, on)
        out.append(Offer(subsidy, window, window.state(on), fixed_period(subsidy)))
    return out


def applications_of(organisation: Organisation) -> QuerySet[Application]:
    return (
        Application.objects.filter(organisation=organisation)
        .select_related("subsidy_type")
        .prefetch_related("deficiencies")
        .order_by("-created_at", "-id")
    )


def open_deficiencies(application: Application) -> list[Deficiency]:
    return [d for d in application.deficiencies.all() if d.resolved_at is None]


# ---- starting and saving a draft -------------------------------------------------------------


def _reference(policy: str, on: dt.date) -> str:
    return f"{policy}-{on:%Y%m%d}-{secrets.token_hex(3).upper()}"


def existing_application(organisation: Organisation, subsidy_type: SubsidyType, period: Period) -> Application | None:
    return (
        Application.objects.filter(
            organisation=organisation,
            subsidy_type=subsidy_type,
            period_start=period.start,
            period_end=period.end,
        )
        .exclude(status=Status.WITHDRAWN)
        .first()
    )


ALREADY_CLAIMED = "本单位已提交过该期间的申请"


def application_start(*, user: User, subsidy_type: SubsidyType, period: Period) -> Application:
    """A draft for the organisation, subsidy and period, pre-filled from the registry.

    An existing draft (or an application returned for correction) for the same period is resumed;
    one already submitted refuses: one claim per organisation, subsidy and period.
    """
    organisation = user.organisation
    assert organisation is not None
    if not subsidy_type.active:
        raise ApplyError(f"{subsidy_type.get_policy_display()}目前不受理申请")
    found = existing_application(organisation, subsidy_type, period)
    if found is not None:
        if found.status in EDITABLE:
            return found
        raise ApplyError(ALREADY_CLAIMED)
    try:
        with transaction.atomic():
            return Application.objects.create(
                reference=_reference(subsidy_type.policy, clock.today()),
                organisation=organisation,
                subsidy_type=subsidy_type,
                period_start=period.start,
                period_end=period.end,
                applicant=user,
                facts=initial_facts(organisation, subsidy_type.policy),
            )
    except IntegrityError:
        # a concurrent request (a double click) created it first
        found = existing_application(organisation, subsidy_type, period)
        if found is not None and found.status in EDITABLE:
            return found
        raise ApplyError(ALREADY_CLAIMED) from None


def _locked_editable(application: Application) -> Application:
    locked = (
        Application.objects.select_for_update().select_related("subsidy_type", "organisation").get(pk=application.pk)
    )
    if locked.status not in EDITABLE:
        raise ApplyError(f"申请当前状态为“{Status(locked.status).label}”，不能修改")
    return locked


def application_save_facts(*, application: Application, values: Mapping[str, str]) -> list[FactError]:
    """Store the applicant's values for the policy's fields (draft autosave).

    Values the engine cannot read are not stored; their errors are returned. Returns [] when
    everything was saved.
    """
    fields = fact_fields(application.subsidy_type.policy)
    errors = check_facts(fields, values)
    bad = {e.field for e in errors}
    with transaction.atomic():
        locked = _locked_editable(application)
        facts = dict(locked.facts)
        for f in fields:
            if f.name in values and f.name not in bad:
                facts[f.name] = str(values[f.name]).strip()
        locked.facts = facts
        locked.save(update_fields=["facts", "updated_at"])
    application.refresh_from_db()
    return errors


# ---- rosters: OP1 workers, OP6 trainees, OP4 placements ----------------------------------------

YES_NO = ("是", "否")


@dataclass(frozen=True)
class Column:
    """One column of a roster, as the Excel template and the row form name it."""

    name: str
    header: str
    help: str = ""
    #: stored as text in the template (ID numbers keep their 18 digits and the X)
    text: bool = False
    choices: tuple[str, ...] = ()
    required: bool = True


ID_HELP = "18位居民身份证号码，末位可为X"
WORKER_COLUMNS = (
    Column("name", "姓名"),
    Column("id_number", "身份证号码", ID_HELP, text=True),
    Column(
        "category",
        "人员类别",
        "城乡就业困难人员或本市其他登记失业人员",
        choices=(CATEGORY_ZH[HARD], CATEGORY_ZH[REGISTERED]),
    ),
    Column("contract_years", "劳动合同期限（年）", "如 1、2、3；无固定期限填 10"),
    Column("monthly_wage", "月工资（元）"),
    Column("pension_base", "养老保险缴费基数（元）"),
    Column("months_before", "已享受补贴月数", "此前已享受岗位补贴和社会保险补贴的月数，没有填0"),
    Column("months", "本次申请月数", "不超过补贴期间的月数"),
    Column("start_month", "补贴起始月份", "如 2020-01；不填为补贴期间的第一个月", text=True, required=False),
    Column("si_paid", "按规定缴纳社会保险", "是或否", choices=YES_NO),
    Column("wage_paid_in_full", "按月足额发放工资", "是或否", choices=YES_NO),
)
TRAINEE_COLUMNS = (
    Column("name", "姓名"),
    Column("id_number", "身份证号码", ID_HELP, text=True),
    Column("class_hours", "累计课时", "2020年累计培训课时（每课时45分钟，线上课时累计计算）"),
    Column("still_employed", "仍在本企业就业", "是或否", choices=YES_NO),
    Column("other_subsidy", "已申领其他培训补贴", "是或否", choices=YES_NO),
)
PLACEMENT_COLUMNS = (
    Column("name", "姓名"),
    Column("id_number", "身份证号码", ID_HELP, text=True),
    Column("enterprise", "重点企业名称"),
    Column("enterprise_uscc", "重点企业统一社会信用代码", "18位统一社会信用代码", text=True),
    Column("start_date", "上岗日期", "如 2020-02-15", text=True),
    Column("enterprise_posted_urgent", "重点企业在就业超市发布急聘公告", "是或否", choices=YES_NO),
    Column("confirmed_by_enterprise", "重点企业确认", "是或否", choices=YES_NO),
    Column("confirmed_by_agency", "本机构确认", "是或否", choices=YES_NO),
    Column("has_pay_proof", "有薪酬证明或劳务协议", "是或否", choices=YES_NO),
)
RosterKind = Literal["workers", "trainees", "placements"]
ROSTER_COLUMNS: dict[str, tuple[Column, ...]] = {
    "workers": WORKER_COLUMNS,
    "trainees": TRAINEE_COLUMNS,
    "placements": PLACEMENT_COLUMNS,
}
ROSTER_OF_POLICY: dict[str, RosterKind] = {Policy.OP1: "workers", Policy.OP6: "trainees", Policy.OP4: "placements"}
ROSTER_TITLE = {"workers": "招用人员花名册", "trainees": "参训学员花名册", "placements": "推荐成功上岗人员名单"}
MAX_ROSTER_ROWS = 2000
MAX_ROSTER_BYTES = 5 * 1024 * 1024


def roster_kind(policy: str) -> RosterKind | None:
    return ROSTER_OF_POLICY.get(policy)


def roster_template(kind: str) -> bytes:
    """An Excel template for a roster: the header row, text cells for IDs, drop-downs for choices."""
    columns = ROSTER_COLUMNS[kind]
    return spreadsheets.template(
        title=ROSTER_TITLE[kind],
        columns=[spreadsheets.Column(c.name, c.header, c.help if c.required else f"（选填）{c.help}") for c in columns],
        text_columns=[c.name for c in columns if c.text],
        yes_no_columns=[c.name for c in columns if c.choices],
        rows=MAX_ROSTER_ROWS,
        notes=["", "第一行为列名，请勿修改；从第二行起每行一人。身份证号码请按文本填写。"],
    )


def read_roster_file(upload: UploadedFile, kind: str) -> list[tuple[int, dict[str, str]]]:
    """The rows of an uploaded roster (Excel row number, column name → text), blank rows skipped.

    Columns are found by their header text, in any order (``wengang.spreadsheets``).
    """
    columns = ROSTER_COLUMNS[kind]
    try:
        rows = spreadsheets.read_rows(
            upload,
            title=ROSTER_TITLE[kind],
            columns=[spreadsheets.Column(c.name, c.header, c.help) for c in columns],
            max_rows=MAX_ROSTER_ROWS,
            max_bytes=MAX_ROSTER_BYTES,
            optional=[c.name for c in columns if not c.required],
        )
    except spreadsheets.SpreadsheetError as err:
        raise ApplyError(str(err)) from err
    if not rows:
        raise ApplyError("名单中没有数据行")
    return rows


def _worker_months_taken(application: Application, rows: Sequence[Mapping[str, str]]) -> dict[str, list[dt.date]]:
    """Worker-months of these rows already claimed on another application (OP1, any firm)."""
    wanted: dict[str, set[dt.date]] = {}
    for row in rows:
        wanted.setdefault(row["id_number"], set()).update(claimed_months(row))
    taken: dict[str, list[dt.date]] = {}
    lines = WorkerLine.objects.filter(policy=Policy.OP1, id_number__in=list(wanted)).exclude(application=application)
    for line in lines.only("id_number", "month"):
        if line.month in wanted[line.id_number]:
            taken.setdefault(line.id_number, []).append(line.month)
    return taken


def _unregistered_workers(rows: Sequence[tuple[int | None, Mapping[str, str]]]) -> list[RowError]:
    """OP1.1(1): a worker claimed as 本市其他登记失业人员 who has a personal account here but no
    unemployment registration the street office confirmed (N8) is not one. People without an
    account registered elsewhere; their category is checked on review as before."""
    from wengang.individuals.selectors import unemployment_registered

    claimed = [(number, row) for number, row in rows if row.get("category") == REGISTERED]
    known = unemployment_registered(row["id_number"] for _, row in claimed)
    return [
        RowError(
            number,
            f"身份证号码 {mask_id_number(row['id_number'])} 的人员没有经街乡确认的失业登记，"
            f"不能按“{CATEGORY_ZH[REGISTERED]}”申报",
        )
        for number, row in claimed
        if known.get(row["id_number"]) is False
    ]


def _months_text(months: Iterable[dt.date]) -> str:
    return "、".join(m.strftime("%Y-%m") for m in sorted(months))


def taken_message(id_number: str, months: Iterable[dt.date]) -> str:
    return (
        f"身份证号码 {mask_id_number(id_number)} 的 {_months_text(months)} 月已申领过岗位补贴和社会保险补贴"
        "（同一人员同一月份只能申领一次）"
    )


@dataclass(frozen=True)
class RowError:
    row: int | None
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}" if self.row else self.message


class RosterError(ApplyError):
    """Rows that cannot be accepted; ``errors`` has one entry per problem, with row numbers."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("；".join(str(e) for e in errors))
        self.errors = errors


def _check_duplicates(rows: Sequence[tuple[int | None, Mapping[str, str]]]) -> list[RowError]:
    seen: dict[str, int | None] = {}
    errors = []
    for number, row in rows:
        key = row["id_number"]
        if key in seen:
            first = seen[key]
            errors.append(RowError(number, f"身份证号码与第{first}行重复" if first else "该人员已在名单中"))
        else:
            seen[key] = number
    return errors


def roster_rows(application: Application) -> list[dict[str, Any]]:
    """The roster as stored: OP1 workers / OP4 placements from the facts, OP6 trainees from lines."""
    kind = roster_kind(application.subsidy_type.policy)
    if kind == "trainees":
        return [
            {
                "pk": line.pk,
                "name": line.name,
                "id_number": line.id_number,
                "class_hours": line.class_hours,
                "still_employed": line.still_employed,
                "other_subsidy": line.other_subsidy,
            }
            for line in application.training_lines.order_by("id")
        ]
    if kind is None:
        return []
    return list(application.facts.get(kind) or [])


def roster_replace(*, application: Application, rows: Sequence[tuple[int | None, Mapping[str, str]]]) -> int:
    """Replace the roster with checked rows (an upload). Returns the number of rows stored."""
    return _roster_write(application, rows, replace=True)


def roster_add(*, application: Application, row: Mapping[str, str]) -> int:
    """Add one checked row to the roster (entered on the form)."""
    return _roster_write(application, [(None, row)], replace=False)


def _roster_write(
    application: Application, rows: Sequence[tuple[int | None, Mapping[str, str]]], *, replace: bool
) -> int:
    with transaction.atomic():
        locked = _locked_editable(application)
        kind = roster_kind(locked.subsidy_type.policy)
        if kind is None:
            raise ApplyError("该补贴不需要名单")
        existing = [] if replace else [(None, r) for r in roster_rows(locked)]
        if kind != "placements":  # OP4 counts a worker once itself (the engine's roster rule)
            errors = _check_duplicates([*existing, *rows])
            if errors:
                raise RosterError(errors)
        if kind == "workers":
            period = period_of(locked)
            errors = []
            for number, row in rows:
                months = claimed_months(row)
                if months[0] < period.start or months[-1] > period.end:
                    errors.append(RowError(number, f"申请月份 {_months_text(months)} 超出补贴期间 {period.text}"))
            taken = _worker_months_taken(locked, [r for _, r in rows])
            errors += [
                RowError(number, taken_message(row["id_number"], taken[row["id_number"]]))
                for number, row in rows
                if row["id_number"] in taken
            ]
            errors += _unregistered_workers(rows)
            if errors:
                raise RosterError(errors)
        if kind == "trainees":
            if replace:
                locked.training_lines.all().delete()
            TrainingLine.objects.bulk_create(
                TrainingLine(
                    application=locked,
                    name=row["name"],
                    id_number=row["id_number"],
                    class_hours=Decimal(row["class_hours"]),
                    still_employed=row["still_employed"] == "true",
                    other_subsidy=row["other_subsidy"] == "true",
                )
                for _, row in rows
            )
            count = locked.training_lines.count()
        else:
            stored = [] if replace else list(locked.facts.get(kind) or [])
            stored += [dict(row) for _, row in rows]
            locked.facts = {**locked.facts, kind: stored}
            locked.save(update_fields=["facts", "updated_at"])
            count = len(stored)
    application.refresh_from_db()
    return count


def roster_remove(*, application: Application, index: int) -> None:
    """Remove one roster row: for OP6 ``index`` is the trainee line's id, else the row's position."""
    with transaction.atomic():
        locked = _locked_editable(application)
        kind = roster_kind(locked.subsidy_type.policy)
        if kind == "trainees":
            deleted, _ = locked.training_lines.filter(pk=index).delete()
            if not deleted:
                raise ApplyError("名单中没有这一行")
        elif kind is not None:
            stored = list(locked.facts.get(kind) or [])
            if not 0 <= index < len(stored):
                raise ApplyError("名单中没有这一行")
            del stored[index]
            locked.facts = {**locked.facts, kind: stored}
            locked.save(update_fields=["facts", "updated_at"])
    application.refresh_from_db()


# ---- submission -------------------------------------------------------------------------------


def missing_essentials(application: Application) -> list[MaterialRequirement]:
    """Checklist items that must be present at submission (核心材料, not to be supplied later)."""
    present = set(application.materials.values_list("requirement_id", flat=True))
    return [r for r in application.subsidy_type.requirements.filter(essential=True) if r.pk not in present]


def missing_optional(application: Application) -> list[MaterialRequirement]:
    """Required items not yet uploaded that a reviewer may accept as missing (容缺)."""
    present = set(application.materials.values_list("requirement_id", flat=True))
    return [
        r for r in application.subsidy_type.requirements.filter(required=True, essential=False) if r.pk not in present
    ]


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _write_worker_lines(application: Application, judgements: Sequence[WorkerJudgement]) -> None:
    """OP1: one line per worker and claimed month, with the engine's per-worker amount spread over
    the months (cents to the last month). The unique (worker, policy, month) constraint refuses a
    worker-month that any application already claims."""
    application.worker_lines.all().delete()
    lines = []
    for j in judgements:
        total = j.result.amount if j.result.status == "eligible" and j.result.amount is not None else Decimal("0")
        share = _money(total / len(j.months))
        for i, month in enumerate(j.months):
            amount = share if i < len(j.months) - 1 else total - share * (len(j.months) - 1)
            lines.append(
                WorkerLine(
                    application=application,
                    policy=Policy.OP1,
                    name=j.worker["name"],
                    id_number=j.worker["id_number"],
                    month=month,
                    category=j.worker.get("category", ""),
                    amount=amount,
                )
            )
    workers = application.facts.get("workers") or []
    taken = _worker_months_taken(application, workers)
    if taken:
        raise ApplyError("；".join(taken_message(k, v) for k, v in taken.items()))
    try:
        with transaction.atomic():
            WorkerLine.objects.bulk_create(lines)
    except IntegrityError as err:  # another claim took a worker-month meanwhile
        raise ApplyError(
            "名单中有人员的同一月份已被其他申请申领（同一人员同一月份只能申领一次），请核对后再提交"
        ) from err


@dataclass(frozen=True)
class Submitted:
    application: Application
    #: True when this request repeated one already handled (a double click or a retry)
    repeated: bool


def application_submit(
    *,
    application: Application,
    user: User,
    submission_key: str,
    commitment_accepted: bool,
    values: Mapping[str, str] | None = None,
    ineligible_reason: str = "",
) -> Submitted:
    """Submit a draft (or resubmit a returned application): once, whatever the number of clicks.

    The form carries ``submission_key``; a submission replaces it, so a repeated request finds
    the application already submitted and changes nothing. Checks, in order: the window (not for
    a resubmission: the claim was made in time), the commitment, the roster, the essential
    materials. Stores the engine's pre-check and amount with the status change.
    """
    today = clock.today()
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update()
            .select_related("subsidy_type", "organisation")
            .get(pk=application.pk)
        )
        if str(locked.submission_key) != str(submission_key):
            if locked.status not in EDITABLE:
                return Submitted(locked, repeated=True)
            raise ApplyError("页面已过期（申请已在别处修改），请刷新页面后再提交")
        if locked.status not in EDITABLE:  # pragma: no cover - a submission always replaces the key
            return Submitted(locked, repeated=True)
        subsidy = locked.subsidy_type
        if values is not None:
            fields = fact_fields(subsidy.policy)
            errors = check_facts(fields, values)
            if errors:
                labels = {f.name: f.label for f in fields}
                raise ApplyError("；".join(f"{labels[e.field]}：{e.message}" for e in errors))
            locked.facts = {**locked.facts, **{f.name: str(values.get(f.name, "")).strip() for f in fields}}
            locked.save(update_fields=["facts", "updated_at"])
        resubmission = locked.status == Status.RETURNED
        if not subsidy.active:
            raise ApplyError(f"{subsidy.get_policy_display()}目前不受理申请")
        window = window_of(subsidy, today)
        if not resubmission and not window.is_open(today):
            raise ApplyError(
                f"不在申请期内，不能提交：{subsidy.policy} 的申请期为 {window.text}，今天是 {today.isoformat()}"
                f"（{STATE_TEXT[window.state(today)]}）"
            )
        if not commitment_accepted:
            raise ApplyError("请阅读承诺书并勾选“本单位已阅读并同意以上承诺”后再提交")
        kind = roster_kind(subsidy.policy)
        if kind and not roster_rows(locked):
            raise ApplyError(f"请先填写或上传{ROSTER_TITLE[kind]}")
        essentials = missing_essentials(locked)
        if essentials:
            raise ApplyError("缺少核心材料（不可容缺，须在提交时上传）：" + "、".join(r.name for r in essentials))
        if kind == "workers":
            try:
                judgements = judge_workers(locked, today)
            except ParameterError as err:
                raise ApplyError(f"{today.isoformat()} 没有可用的政策参数，无法预审：{err}") from err
            result = combine_workers(judgements, today)
            _write_worker_lines(locked, judgements)
        else:
            result = precheck(locked, today)
        # issue 12: a 不符合 case is not submitted without a word; the reason goes to the reviewer
        # with the submission's event (its 办理记录)
        reason = ineligible_reason.strip()[:INELIGIBLE_REASON_MAX]
        if result.status == "ineligible" and not reason:
            raise IneligibleNeedsReason(
                "预审结果为“不符合”：按政策规则本申请目前不符合条件，提交后很可能不予通过。"
                "如仍要提交，请在“仍要提交的理由”中说明，审核人员会看到；也可以先修改申报数据或材料。"
            )
        comment = "修改后重新提交" if resubmission else ""
        if result.status == "ineligible":
            comment = "；".join(filter(None, [comment, f"预审不符合，申请人说明理由：{reason}"]))
        now = clock.now()

        def stamp(_: Application) -> dict[str, Any]:
            return {
                "precheck": result.to_dict(),
                "claimed_amount": result.amount,
                "commitment_accepted_at": now,
                "submitted_at": now,
                "submission_key": uuid.uuid4(),
            }

        try:
            application_transition(
                application=locked,
                to=Status.SUBMITTED,
                actor=user,
                comment=comment,
                change=stamp,
            )
        except TransitionError as err:
            raise ApplyError(str(err)) from err
    application.refresh_from_db()
    return Submitted(application, repeated=False)


def application_from_screening(
    *,
    user: User,
    subsidy_type: SubsidyType,
    period: Period,
    facts: Mapping[str, str],
    screened: Mapping[str, Any],
    amount: Decimal | None,
) -> Application:
    """免申即享: the firm confirms a screened offer with one click. The application is created
    submitted, with the screened facts and the screened decision (``screened``, the engine's
    PolicyResult.to_dict()) frozen as its pre-check, and enters the normal review queue."""
    organisation = user.organisation
    assert organisation is not None
    if existing_application(organisation, subsidy_type, period) is not None:
        raise ApplyError(ALREADY_CLAIMED)
    fields = fact_fields(subsidy_type.policy)
    now = clock.now()
    try:
        with transaction.atomic():
            application = Application.objects.create(
                reference=_reference(subsidy_type.policy, clock.today()),
                organisation=organisation,
                subsidy_type=subsidy_type,
                period_start=period.start,
                period_end=period.end,
                applicant=user,
                facts={f.name: str(facts.get(f.name, "")) for f in fields},
            )
            application_transition(
                application=application,
                to=Status.SUBMITTED,
                actor=user,
                comment="免申即享：按主动筛查结果确认申请",
                change=lambda _: {
                    "precheck": dict(screened),
                    "claimed_amount": amount,
                    "commitment_accepted_at": now,
                    "submitted_at": now,
                    "submission_key": uuid.uuid4(),
                },
            )
    except IntegrityError:
        raise ApplyError(ALREADY_CLAIMED) from None
    except TransitionError as err:
        raise ApplyError(str(err)) from err
    application.refresh_from_db()
    return application


def application_withdraw(*, application: Application, user: User, reason: str = "") -> CaseEvent:
    """Withdraw a draft, a submitted or a returned application; its worker-months become free."""
    with transaction.atomic():
        try:
            change = application_transition(
                application=application,
                to=Status.WITHDRAWN,
                actor=user,
                comment=reason.strip() or "申请人撤回",
            )
        except TransitionError as err:
            raise ApplyError(str(err)) from err
        application.worker_lines.all().delete()
    return change


# ---- deficiencies (容缺) -----------------------------------------------------------------------


def deficiency_supply(
    *,
    deficiency: Deficiency,
    upload: UploadedFile,
    user: User,
    requirement: MaterialRequirement | None = None,
) -> Attached:
    """Supply one 容缺 item with a PDF; the last one moves the application on to district review.

    ``requirement`` says which checklist item the file belongs to when the reviewer did not name
    one. Refused after the due date.
    """
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("organisation", "subsidy_type")
            .get(pk=deficiency.application_id)
        )
        if application.status != Status.DEFICIENT:
            raise ApplyError(f"申请当前状态为“{Status(application.status).label}”，不在容缺补正阶段")
        item = Deficiency.objects.select_for_update().get(pk=deficiency.pk)
        if item.resolved_at is not None:
            raise ApplyError("该事项已补正")
        today = clock.today()
        if today > item.due_date:
            raise ApplyError(f"补正期限 {item.due_date.isoformat()} 已过，请联系审核部门")
        target = item.requirement or requirement
        if target is None:
            raise ApplyError("请选择补正材料所属的材料清单项")
        try:
            attached = material_attach(application=application, requirement=target, upload=upload, user=user)
        except MaterialError as err:
            raise ApplyError(str(err)) from err
        item.resolved_at = clock.now()
        item.save(update_fields=["resolved_at"])
        if not application.deficiencies.filter(resolved_at__isnull=True).exists():
            names = "、".join(d.description for d in application.deficiencies.all())
            try:
                application_transition(
                    application=application,
                    to=Status.DISTRICT_REVIEW,
                    actor=user,
                    comment=f"已补正全部容缺事项：{names}",
                )
            except TransitionError as err:
                raise ApplyError(str(err)) from err
    deficiency.refresh_from_db()
    return attached


# ---- timeline and notifications ----------------------------------------------------------------


def actor_label(change: CaseEvent) -> str:
    """Who acted, as the applicant sees it: their own colleagues by name, staff by department."""
    actor = change.actor
    if actor is None:
        return "系统"
    if actor.role in ORGANISATION_ROLES:
        return f"申请单位（{actor.display_name}）"
    if actor.role == Role.REVIEWER and actor.department_id is not None and actor.department is not None:
        return actor.department.name
    if actor.role == Role.MUNICIPAL:
        return "市审核小组"
    return "工作人员"


def due_dates(application: Application) -> list[tuple[str, dt.date]]:
    """The deadlines the applicant should see for an application, soonest first."""
    out: list[tuple[str, dt.date]] = []
    if application.status in EDITABLE:
        window = window_of(application.subsidy_type, clock.today())
        if window.end:
            out.append(("申请截止", window.end))
    for d in open_deficiencies(application):
        out.append((f"补正：{d.description}", d.due_date))
    if application.review_due and application.status in (Status.SUBMITTED, Status.DISTRICT_REVIEW):
        out.append(("审核期限", application.review_due))
    return sorted(out, key=lambda pair: pair[1])
