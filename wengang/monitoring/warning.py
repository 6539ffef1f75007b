"""Employment monitoring and early warning (N18/N19): the monthly extract as a time series per
firm, the measures in SQL, the engine's levels, and the alerts they raise.

Services (writes): :func:`monthly_import` (one month, replaced whole: importing a month again
changes nothing but what changed), :func:`month_evaluate` (the engine's level of each firm and
street of a month → alerts), :func:`alert_record_measure`, :func:`escalate_overdue_alerts`.
Selectors (reads): :func:`street_month_rows`, :func:`trend`, :func:`industry_rows`,
:func:`firm_series`. Every figure is summed by the database; the levels come from
``wengang.policy.warning`` — a month missing is 待定 (unknown), never zero.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Case, Count, Q, QuerySet, Sum, When
from django.db.models.functions import Substr, TruncMonth, Upper

from wengang import clock, spreadsheets
from wengang.accounts.models import Department, User
from wengang.cases.workflow import record_event, record_note
from wengang.imports import ImportRefused
from wengang.layoffs.models import LayoffReport
from wengang.layoffs.models import Status as LayoffStatus
from wengang.policy.fields import MAX_HEADCOUNT, valid_uscc
from wengang.policy.params import ParameterError
from wengang.policy.warning import LEVEL_ZH, Warning, ack_workdays, intensive_headcount, warning_level
from wengang.registry.models import ImportJob, Organisation, Street
from wengang.subsidies.workdays import add_working_days

from . import permissions
from .models import Alert, AlertStatus, FirmMonth, Measure
from .warning_workflow import ALERTS, alert_transition

#: the first month the warning lines have values for (parameters/monitoring.yaml)
FIRST_MONTH = dt.date(2019, 1, 1)
MAX_ROWS = 50_000
MAX_BYTES = 20 * spreadsheets.MEGABYTE
COLUMNS = (
    spreadsheets.Column("uscc", "统一社会信用代码", "必填，18位"),
    spreadsheets.Column("name", "单位名称", "登记库中没有的单位必填"),
    spreadsheets.Column("street", "所属街乡", "可不填（沿用登记库），如：孙河"),
    spreadsheets.Column("industry_code", "行业代码", "可不填（沿用登记库），如 F52"),
    spreadsheets.Column("insured_start", "月初参保人数", "必填，非负整数"),
    spreadsheets.Column("new_insured", "当月新增参保人数", "必填，非负整数"),
    spreadsheets.Column("lost_insured", "当月减少参保人数", "必填，非负整数"),
)
OPTIONAL = ("name", "street", "industry_code")
#: the templates' example row: a valid code no firm has, refused if it is uploaded unchanged
EXAMPLE = {
    "uscc": "91110105MA01EXAMP5",
    "name": "示例：北京某某服装有限公司（导入前请删除此行）",
    "street": "孙河",
    "industry_code": "C18",
    "insured_start": 200,
    "new_insured": 3,
    "lost_insured": 12,
}
TEMPLATE_NOTES = (
    "每家单位每月一行；数据所属月份在上传页面选择，不在表中填写。",
    "单位名称、所属街乡、行业代码可不填，沿用登记库；登记库中没有的单位须填写单位名称。",
    "第2行是示例，导入前请删除。任何一行有误，整月都不导入。",
)
COUNTS = ("insured_start", "new_insured", "lost_insured")
SHEET_TITLE = "月度参保数据"
#: the first rejects kept for the result page
SHOWN = 50
OPEN_STATES = (AlertStatus.OPEN, AlertStatus.ESCALATED, AlertStatus.ACKNOWLEDGED, AlertStatus.RESPONDING)


class MonitoringError(Exception):
    """A write refused with a Chinese reason."""


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


# ---- reading a monthly extract -------------------------------------------------------------------


@dataclass(frozen=True)
class MonthlyRow:
    line: int
    uscc: str
    name: str
    street: str
    industry_code: str
    insured_start: int
    new_insured: int
    lost_insured: int


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRefused("无法识别文件编码，请保存为 UTF-8 或 GB18030 编码的 CSV，或 Excel 文件")


def _raw_rows(data: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """(line, column name → text) of a CSV (UTF-8 or GBK; headers by Chinese label or column
    name) or an .xlsx; every required column must be there."""
    if len(data) > MAX_BYTES:
        raise ImportRefused(f"文件超过 {MAX_BYTES // spreadsheets.MEGABYTE} MB，请分批导入")
    if filename.lower().endswith(".xlsx"):
        upload = SimpleUploadedFile(filename, data)
        try:
            return spreadsheets.read_rows(
                upload, title=SHEET_TITLE, columns=COLUMNS, max_rows=MAX_ROWS, max_bytes=MAX_BYTES, optional=OPTIONAL
            )
        except spreadsheets.SpreadsheetError as err:
            raise ImportRefused(str(err)) from err
    text = _decode(data).replace("\x00", "")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header:
            raise ImportRefused("文件是空的：第1行应为列名（统一社会信用代码、月初参保人数……）")
        names = {c.header: c.name for c in COLUMNS} | {c.name: c.name for c in COLUMNS}
        positions: dict[str, int] = {}
        for i, cell in enumerate(header):
            name = names.get(cell.strip())
            if name and name not in positions:
                positions[name] = i
        missing = [c.header for c in COLUMNS if c.name not in positions and c.name not in OPTIONAL]
        if missing:
            raise ImportRefused(f"第1行缺少列：{'、'.join(missing)}（请使用下载的模板，勿修改列名）")
        out = []
        for values in reader:
            if reader.line_num > MAX_ROWS + 1:
                raise ImportRefused(f"文件超过 {MAX_ROWS} 行，请分批导入")
            row = {name: values[i].strip() if i < len(values) else "" for name, i in positions.items()}
            if any(row.values()):
                out.append((reader.line_num, row))
    except csv.Error as err:
        raise ImportRefused(f"第 {reader.line_num} 行无法读取（CSV 格式错误）") from err
    return out


def _count(text: str, label: str) -> int:
    digits = text.replace(",", "").strip()
    if digits.endswith(".0"):
        digits = digits[:-2]
    if not digits:
        raise ValueError(f"“{label}”未填写")
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"“{label}”应为非负整数，而不是“{text[:20]}”")
    if len(digits) > 9 or int(digits) > MAX_HEADCOUNT:
        raise ValueError(f"“{label}”{text[:20]} 超出合理范围（不超过 {MAX_HEADCOUNT:,} 人）")
    return int(digits)


def read_monthly(data: bytes, filename: str) -> list[MonthlyRow]:
    """Every row of a monthly extract, checked; any bad row refuses the file with every reason."""
    labels = {c.name: c.header for c in COLUMNS}
    streets = {s.name: s for s in Street.objects.all()} | {str(s): s for s in Street.objects.all()}
    known = set(Organisation.objects.values_list("uscc", flat=True))
    rows: list[MonthlyRow] = []
    rejects: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, cells in _raw_rows(data, filename):
        problems: list[tuple[str, str, str]] = []
        uscc = cells.get("uscc", "").upper()
        if uscc == EXAMPLE["uscc"]:
            problems.append(("uscc", uscc, "这是模板中的示例行，请删除后再导入"))
        elif not valid_uscc(uscc):
            problems.append(("uscc", uscc, "统一社会信用代码不是有效的18位代码"))
        elif uscc in seen:
            problems.append(("uscc", uscc, f"与第 {seen[uscc]} 行重复：一家单位每月一行"))
        else:
            seen[uscc] = line
            if uscc not in known and not cells.get("name"):
                problems.append(("name", "", "登记库中没有该单位，须填写单位名称"))
        street = cells.get("street", "")
        if street and street not in streets:
            problems.append(("street", street, "不是朝阳区的街乡名称"))
        counts: dict[str, int] = {}
        for name in COUNTS:
            try:
                counts[name] = _count(cells.get(name, ""), labels[name])
            except ValueError as err:
                problems.append((name, cells.get(name, "")[:20], str(err)))
        for column, value, reason in problems:
            rejects.append({"row": len(rows) + len(rejects) + 1, "line": line, "column": labels[column], "value": value, "reason": reason})
        if not problems:
            rows.append(
                MonthlyRow(
                    line, uscc, cells.get("name", "")[:200], street, cells.get("industry_code", "").upper()[:5],
                    counts["insured_start"], counts["new_insured"], counts["lost_insured"],
                )
            )
    if rejects:
        raise ImportRefused(f"未导入：{len(rejects)} 处有误，请改正后重新导入", rejects=rejects)
    if not rows:
        raise ImportRefused("文件中没有数据行")
    return rows


def template_xlsx() -> bytes:
    """The Excel template of a monthly extract: the columns accepted, one example row, the notes."""
    return spreadsheets.template(
        title=SHEET_TITLE, columns=COLUMNS, text_columns=("uscc", "industry_code"), example=EXAMPLE, notes=TEMPLATE_NOTES
    )


def template_csv() -> bytes:
    """The same as CSV: UTF-8 with a byte-order mark (so Excel opens the Chinese headers), header and
    the example row."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    writer.writerow([EXAMPLE[c.name] for c in COLUMNS])
    return out.getvalue().encode("utf-8-sig")


# ---- importing a month -----------------------------------------------------------------------------


@dataclass
class MonthlySummary:
    created: int = 0
    updated: int = 0
    new_firms: int = 0
    alerts: int = 0


@transaction.atomic
def monthly_import(*, rows: Iterable[MonthlyRow], month: dt.date, job: ImportJob | None = None) -> MonthlySummary:
    """Keep one month of the extract: the month's rows are replaced whole (the same file twice gives
    the same month), then the month is judged (:func:`month_evaluate`)."""
    month = month_start(month)
    rows = list(rows)
    summary = MonthlySummary()
    streets = {s.name: s for s in Street.objects.all()} | {str(s): s for s in Street.objects.all()}
    orgs = {o.uscc: o for o in Organisation.objects.filter(uscc__in=[r.uscc for r in rows]).select_related("street")}
    before = set(FirmMonth.objects.filter(month=month).values_list("organisation__uscc", flat=True))
    FirmMonth.objects.filter(month=month).delete()
    # firms the registry does not hold yet are added with the extract's name, street and industry
    added = Organisation.objects.bulk_create(
        [
            Organisation(uscc=r.uscc, name=r.name, street=streets.get(r.street), industry_code=r.industry_code)
            for r in rows
            if r.uscc not in orgs
        ],
        batch_size=1000,
    )
    summary.new_firms = len(added)
    if added:
        orgs |= {o.uscc: o for o in Organisation.objects.filter(uscc__in=[a.uscc for a in added]).select_related("street")}
    out = []
    for row in rows:
        org = orgs[row.uscc]
        street = streets.get(row.street) if row.street else org.street
        out.append(
            FirmMonth(
                organisation=org, month=month, street=street, industry_code=row.industry_code or org.industry_code,
                insured_start=row.insured_start, new_insured=row.new_insured, lost_insured=row.lost_insured, job=job,
            )
        )
        if row.uscc in before:
            summary.updated += 1
        else:
            summary.created += 1
    FirmMonth.objects.bulk_create(out, batch_size=2000)
    summary.alerts = month_evaluate(month=month)
    return summary


def monthly_import_job_work(job: ImportJob, progress: Callable[[int, str], None]) -> dict[str, Any]:
    """The work of a queued monthly import (run by ``wengang.imports``): all rows or none."""
    assert job.as_of is not None
    progress(10, "检查每一行")
    with job.file.open("rb") as upload:
        data = upload.read(MAX_BYTES + 1)
    rows = read_monthly(data, job.original_name)
    progress(60, "保存并判断预警")
    try:
        summary = monthly_import(rows=rows, month=job.as_of, job=job)
    except ParameterError as err:
        raise ImportRefused(f"未导入：该月没有预警线参数（{err}）") from err
    return {
        "created": summary.created,
        "updated": summary.updated,
        "details": {"month": job.as_of.isoformat(), "new_firms": summary.new_firms, "alerts": summary.alerts},
    }


# ---- the engine's levels → alerts ---------------------------------------------------------------


def _responsible_department() -> Department | None:
    return Department.objects.filter(code=permissions.RESPONSIBLE_DEPARTMENT).first()


def _raise(
    *, scope: str, month: dt.date, warning: Warning, street: Street | None, organisation: Organisation | None,
    insured_start: int, lost: int, alert: Alert | None,
) -> bool:
    """Create the month's alert, or bring its (locked) ``alert`` up to date after a re-import. True if new."""
    key: dict[str, Any] = {"scope": scope, "month": month}
    key |= {"organisation": organisation} if scope == Alert.Scope.FIRM else {"street": street}
    figures = {"insured_start": insured_start, "lost_insured": lost, "reasons": warning.reasons, "provisional": warning.provisional}
    if alert is not None:
        changed = alert.level != warning.level or (alert.insured_start, alert.lost_insured) != (insured_start, lost)
        if alert.status in OPEN_STATES and changed and warning.raised:
            Alert.objects.filter(pk=alert.pk).update(level=warning.level, **figures)
            record_note(ALERTS, alert, actor=None, label=f"重新导入该月数据：{LEVEL_ZH[warning.level]}", reason="；".join(warning.reasons))
        elif alert.status in OPEN_STATES and changed:
            record_note(ALERTS, alert, actor=None, label="重新导入该月数据：未达预警线", reason="；".join(warning.reasons))
        return False
    if not warning.raised:
        return False
    today = clock.today()
    alert = Alert.objects.create(
        street=street,
        department=None if street is not None else _responsible_department(),
        level=warning.level,
        ack_due=add_working_days(today, ack_workdays(month)),
        **{k: v for k, v in key.items() if k not in ("street",)},
        **figures,
    )
    record_event(ALERTS, alert, actor=None, to=AlertStatus.OPEN, label=f"发出{warning.label}")
    return True


def month_evaluate(*, month: dt.date) -> int:
    """Judge every firm and every street of ``month`` with the engine; returns the new alerts."""
    month = month_start(month)
    new = 0
    # the month's alerts, locked and read once: a firm without an alert and below every line costs no query
    existing = list(Alert.objects.select_for_update().filter(month=month))
    by_firm = {a.organisation_id: a for a in existing if a.scope == Alert.Scope.FIRM}
    by_street = {a.street_id: a for a in existing if a.scope == Alert.Scope.STREET}
    for row in FirmMonth.objects.filter(month=month).select_related("organisation", "street"):
        warning = warning_level("firm_month", {"insured_start": row.insured_start, "lost": row.lost_insured}, on=month)
        alert = by_firm.get(row.organisation_id)
        if alert is None and not warning.raised:
            continue
        new += _raise(
            scope=Alert.Scope.FIRM, month=month, warning=warning, street=row.street, organisation=row.organisation,
            insured_start=row.insured_start, lost=row.lost_insured, alert=alert,
        )
    streets = {s.pk: s for s in Street.objects.all()}
    for agg in _by_street(FirmMonth.objects.filter(month=month, street__isnull=False)):
        warning = warning_level("street_month", {"insured_start": agg["start"], "lost": agg["lost"]}, on=month)
        alert = by_street.get(agg["street"])
        if alert is None and not warning.raised:
            continue
        new += _raise(
            scope=Alert.Scope.STREET, month=month, warning=warning, street=streets[agg["street"]], organisation=None,
            insured_start=agg["start"], lost=agg["lost"], alert=alert,
        )
    return new


def _by_street(qs: QuerySet[FirmMonth]) -> QuerySet[Any]:
    return qs.values("street").annotate(start=Sum("insured_start"), lost=Sum("lost_insured"), new=Sum("new_insured"), firms=Count("id")).order_by("street")


# ---- measures and escalation -------------------------------------------------------------------


@transaction.atomic
def alert_record_measure(*, alert: Alert, actor: User, values: Mapping[str, Any]) -> Measure:
    """Record a response measure: the first moves the alert to 处置中 (记录应对措施); later ones are
    added to its record. Only those who may make the move may record."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status in (AlertStatus.OPEN, AlertStatus.ESCALATED):
        raise MonitoringError("请先签收该预警，再记录应对措施")
    if alert.status == AlertStatus.CLOSED:
        raise MonitoringError("该预警已办结，不能再记录应对措施")
    measure = Measure.objects.create(alert=alert, recorded_by=actor, **values)
    summary = f"{measure.get_kind_display()}：{measure.description}"
    if alert.status == AlertStatus.ACKNOWLEDGED:
        alert_transition(alert=alert, to=AlertStatus.RESPONDING, actor=actor, comment=summary)
    else:
        if not ALERTS.moves[(AlertStatus.RESPONDING, AlertStatus.CLOSED)].parties & ALERTS.parties_of(actor, alert):
            raise MonitoringError("您不能为该预警记录应对措施")
        record_note(ALERTS, alert, actor=actor, label="记录应对措施", reason=summary)
    return measure


def escalate_overdue_alerts(*, today: dt.date) -> int:
    """升级 every alert still 待签收 after its acknowledgement deadline (S4). Returns how many."""
    done = 0
    for alert in Alert.objects.filter(status=AlertStatus.OPEN, ack_due__lt=today):
        try:
            alert_transition(
                alert=alert, to=AlertStatus.ESCALATED, actor=None,
                comment=f"{alert.responsible}逾期未签收（签收期限 {alert.ack_due:%Y-%m-%d}）",
            )
        except Exception:  # noqa: BLE001 - signed meanwhile: nothing to escalate
            continue
        done += 1
    return done


# ---- selectors ------------------------------------------------------------------------------------


def _rate(lost: int | None, start: int | None) -> Decimal | None:
    if lost is None or not start:
        return None
    return Decimal(lost) / Decimal(start)


@dataclass
class StreetRow:
    street: Street
    start: int | None
    new: int | None
    lost: int | None
    firms: int
    rate: Decimal | None
    rolling: Decimal | None
    warning: Warning
    alerts: int = 0

    @property
    def level(self) -> str:
        return self.warning.level


def street_month_rows(*, month: dt.date, street_id: int | None = None) -> list[StreetRow]:
    """Every street's month (or the one street's): the sums, the job-loss rate, the rolling 3-month
    rate (lost over the 3 months ÷ insured at the start of the first; unknown unless all three months
    are there) and the engine's level. A street without data that month is 待定."""
    month = month_start(month)
    first = add_months(month, -2)
    base = FirmMonth.objects.filter(street__isnull=False)
    streets = Street.objects.all()
    if street_id is not None:
        base, streets = base.filter(street_id=street_id), streets.filter(pk=street_id)
    # one grouped read of the three months per street (at most three rows each): the month's sums,
    # and the rolling sums (lost over the three, insured at the start of the first, months present)
    now: dict[int, dict[str, Any]] = {}
    rolling: dict[int, dict[str, Any]] = {}
    for a in (
        base.filter(month__gte=first, month__lte=month)
        .values("street", "month")
        .annotate(start=Sum("insured_start"), lost=Sum("lost_insured"), new=Sum("new_insured"), firms=Count("id"))
        .order_by()
    ):
        if a["month"] == month:
            now[a["street"]] = a
        three = rolling.setdefault(a["street"], {"lost": 0, "start": 0, "months": 0})
        three["lost"] += a["lost"]
        three["months"] += 1
        if a["month"] == first:
            three["start"] = a["start"]
    alerts = dict(
        Alert.objects.filter(month=month, status__in=OPEN_STATES, street__isnull=False)
        .values("street")
        .annotate(n=Count("id"))
        .values_list("street", "n")
    )
    out = []
    for street in streets:
        agg, roll = now.get(street.pk), rolling.get(street.pk)
        start, lost = (agg["start"], agg["lost"]) if agg else (None, None)
        warning = warning_level("street_month", {"insured_start": start, "lost": lost}, on=month)
        out.append(
            StreetRow(
                street=street, start=start, new=agg["new"] if agg else None, lost=lost, firms=agg["firms"] if agg else 0,
                rate=_rate(lost, start),
                rolling=_rate(roll["lost"], roll["start"]) if roll and roll["months"] == 3 else None,
                warning=warning, alerts=alerts.get(street.pk, 0),
            )
        )
    return out


@dataclass
class TrendRow:
    month: dt.date
    start: int
    new: int
    lost: int
    rate: Decimal | None
    intensive_start: int
    intensive_lost: int
    intensive_rate: Decimal | None
    layoffs: int


def trend(*, street_id: int | None = None, months: int = 12, until: dt.date | None = None) -> list[TrendRow]:
    """The district's (or a street's) months: sums, job-loss rate, the same for 用工密集 firms
    (insured at the start ≥ the dated threshold of each month) and people in accepted layoff reports."""
    until = month_start(until or clock.today())
    since = max(add_months(until, -(months - 1)), FIRST_MONTH)
    months = (until.year - since.year) * 12 + until.month - since.month + 1
    qs = FirmMonth.objects.filter(month__gte=since, month__lte=until)
    reports = LayoffReport.objects.filter(status=LayoffStatus.ACCEPTED, accepted_on__gte=since, accepted_on__lt=add_months(until, 1))
    if street_id is not None:
        qs = qs.filter(street_id=street_id)
        reports = reports.filter(organisation__street_id=street_id)
    # the threshold is dated: one condition per value it takes in the range (usually one, and then no
    # test of the month: every row of the query is in the range)
    by_threshold: dict[int, list[dt.date]] = {}
    for m in (add_months(since, i) for i in range(months)):
        by_threshold.setdefault(intensive_headcount(m), []).append(m)
    intensive = Q()
    for n, in_months in by_threshold.items():
        intensive |= Q(insured_start__gte=n) if len(by_threshold) == 1 else Q(month__in=in_months, insured_start__gte=n)
    rows = (
        qs.values("month")
        .annotate(
            start=Sum("insured_start"), new=Sum("new_insured"), lost=Sum("lost_insured"),
            i_start=Sum("insured_start", filter=intensive), i_lost=Sum("lost_insured", filter=intensive),
        )
        .order_by("month")
    )
    laid_off = dict(
        reports.annotate(m=TruncMonth("accepted_on")).values("m").annotate(n=Sum("layoffs")).values_list("m", "n")
    )
    laid_off = {(k.date() if isinstance(k, dt.datetime) else k): v for k, v in laid_off.items()}
    out = []
    for r in rows:
        out.append(
            TrendRow(
                month=r["month"], start=r["start"], new=r["new"], lost=r["lost"], rate=_rate(r["lost"], r["start"]),
                intensive_start=r["i_start"] or 0, intensive_lost=r["i_lost"] or 0,
                intensive_rate=_rate(r["i_lost"], r["i_start"]), layoffs=laid_off.pop(r["month"], 0) or 0,
            )
        )
    return out


@dataclass
class IndustryRow:
    section: str
    firms: int
    start: int
    lost: int
    rate: Decimal | None


def industry_rows(*, month: dt.date, street_id: int | None = None) -> list[IndustryRow]:
    """The month per industry section (门类: the code's first letter), highest job-loss first."""
    qs = FirmMonth.objects.filter(month=month_start(month))
    if street_id is not None:
        qs = qs.filter(street_id=street_id)
    rows = (
        qs.annotate(section=Upper(Substr("industry_code", 1, 1)))
        .values("section")
        .annotate(firms=Count("id"), start=Sum("insured_start"), lost=Sum("lost_insured"))
        .order_by("section")
    )
    out = [IndustryRow(r["section"] or "未登记行业", r["firms"], r["start"], r["lost"], _rate(r["lost"], r["start"])) for r in rows]
    return sorted(out, key=lambda r: (-(r.rate or Decimal(-1)), r.section))


@dataclass
class FirmMonthView:
    month: dt.date
    row: FirmMonth | None
    rate: Decimal | None
    rolling: Decimal | None
    warning: Warning = field(default_factory=lambda: Warning("unknown"))


def firm_series(organisation: Organisation, *, until: dt.date, months: int = 6) -> list[FirmMonthView]:
    """A firm's last months from its first extract on, a missing month shown as 待定 (not zero); the
    rolling 3-month rate only where all three months are there."""
    until = month_start(until)
    span = [add_months(until, -i) for i in range(months + 1, -1, -1)]
    rows = {r.month: r for r in FirmMonth.objects.filter(organisation=organisation, month__gte=span[0], month__lte=until)}
    out = []
    for i, m in enumerate(span[2:], start=2):
        r = rows.get(m)
        window = [rows.get(span[j]) for j in (i - 2, i - 1, i)]
        rolling = None
        if all(window):
            rolling = _rate(sum(w.lost_insured for w in window if w), window[0].insured_start if window[0] else None)
        facts = {"insured_start": r.insured_start, "lost": r.lost_insured} if r else {"insured_start": None, "lost": None}
        out.append(FirmMonthView(m, r, _rate(r.lost_insured, r.insured_start) if r else None, rolling, warning_level("firm_month", facts, on=m)))
    # months before the firm's first extract say nothing; a gap after it is shown as 待定
    while out and out[0].row is None:
        out.pop(0)
    return out


def alerts_for(user: User) -> QuerySet[Alert]:
    """The alerts a person may see: the district all, a street office its street's."""
    qs = Alert.objects.select_related("organisation", "street", "department")
    if permissions.is_district(user):
        return qs
    if permissions.is_street_office(user):
        return qs.filter(street=user.street)
    return qs.none()


def open_alerts(user: User) -> QuerySet[Alert]:
    return alerts_for(user).filter(status__in=OPEN_STATES).order_by(
        Case(When(level="red", then=0), When(level="orange", then=1), default=2), "ack_due", "-month", "id"
    )


def latest_month() -> dt.date | None:
    return FirmMonth.objects.order_by("-month").values_list("month", flat=True).first()
