"""Employment monitoring and early warning (N18/N19): monthly extracts kept per firm and month, the
measures summed by the database, the engine's levels and the alerts they raise, acknowledged,
answered with measures, closed or escalated."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import make_reviewer, make_user, uscc
from wengang.cases.models import Notification
from wengang.cases.workflow import TransitionError
from wengang.imports import ImportRefused
from wengang.monitoring import warning
from wengang.monitoring.models import Alert, AlertStatus, FirmMonth, Measure
from wengang.monitoring.warning_workflow import alert_transition
from wengang.registry.models import Organisation, Street

pytestmark = pytest.mark.django_db

APRIL, MAY, MARCH, FEB = dt.date(2020, 4, 1), dt.date(2020, 5, 1), dt.date(2020, 3, 1), dt.date(2020, 2, 1)
HEADER = "统一社会信用代码,单位名称,所属街乡,行业代码,月初参保人数,当月新增参保人数,当月减少参保人数\n"


def csv(*rows: tuple[object, ...]) -> bytes:
    return (HEADER + "".join(",".join(str(c) for c in r) + "\n" for r in rows)).encode()


def load(month: dt.date, *rows: tuple[object, ...]) -> warning.MonthlySummary:
    return warning.monthly_import(rows=warning.read_monthly(csv(*rows), "m.csv"), month=month)


def row(seq: int, start: int, lost: int, street: str = "孙河", new: int = 0, industry: str = "C34") -> tuple[object, ...]:
    return (uscc(seq), f"测试{seq}有限公司", street, industry, start, new, lost)


@pytest.fixture
def sunhe_office():
    return make_user("jiexiang_t", "street", street=Street.objects.get(name="孙河"))


def test_a_firm_losing_exactly_30_percent_raises_a_red_alert_for_its_street(sunhe_office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        summary = load(APRIL, row(1, 100, 30), row(2, 5000, 0))
    alert = Alert.objects.get(scope="firm")
    assert (summary.created, summary.alerts) == (2, 1)
    assert (alert.level, alert.street.name, alert.status, alert.organisation.uscc) == ("red", "孙河", "open", uscc(1))
    assert alert.reasons == ["月初参保 100 人，当月减少 30 人（岗位流失率 30.00%）：达到红色预警线（100 人或 30%）（N18）"]
    assert alert.provisional is True
    # 2020-06-01 is a Monday: two working days later
    assert alert.ack_due == dt.date(2020, 6, 3)
    assert Notification.objects.filter(user=sunhe_office, title__startswith="失业预警").count() == 1


def test_29_percent_is_orange_and_under_10_percent_raises_nothing():
    load(APRIL, row(1, 100, 29), row(2, 100, 9), row(3, 100, 10))
    assert dict(Alert.objects.filter(scope="firm").values_list("organisation__uscc", "level")) == {
        uscc(1): "orange",
        uscc(3): "yellow",
    }


def test_a_street_reaching_exactly_5_percent_gets_a_red_street_alert():
    # 望京: 20 firms of 500 → 10,000 insured, 500 lost (25 each: each firm 5%, none over a firm line but the people 20+)
    load(APRIL, *[row(10 + i, 500, 25, street="望京") for i in range(20)])
    street_alert = Alert.objects.get(scope="street")
    assert (street_alert.street.name, street_alert.level, street_alert.insured_start, street_alert.lost_insured) == (
        "望京", "red", 10000, 500,
    )
    # and every firm lost 25 ≥ 20 people: yellow
    assert set(Alert.objects.filter(scope="firm").values_list("level", flat=True)) == {"yellow"}


def test_a_month_missing_for_a_firm_is_unknown_not_zero():
    load(MARCH, row(1, 100, 2))
    load(APRIL, row(2, 100, 0))  # firm 1 missing in April
    load(MAY, row(1, 96, 1), row(2, 100, 0))
    series = warning.firm_series(Organisation.objects.get(uscc=uscc(1)), until=MAY, months=3)
    april = next(m for m in series if m.month == APRIL)
    may = next(m for m in series if m.month == MAY)
    assert (april.row, april.rate, april.warning.level, april.warning.label) == (None, None, "unknown", "待定")
    assert may.rate == Decimal(1) / Decimal(96)
    assert may.rolling is None  # March–May needs April


def test_the_rolling_rate_spans_three_months_from_the_first_months_start():
    load(MARCH, row(1, 200, 10))
    load(APRIL, row(1, 190, 10))
    load(MAY, row(1, 180, 20))
    may = warning.firm_series(Organisation.objects.get(uscc=uscc(1)), until=MAY, months=1)[-1]
    assert may.rolling == Decimal(40) / Decimal(200)
    sunhe = next(r for r in warning.street_month_rows(month=MAY) if r.street.name == "孙河")
    assert (sunhe.start, sunhe.lost, sunhe.rate, sunhe.rolling) == (180, 20, Decimal(20) / Decimal(180), Decimal("0.2"))


def test_a_street_without_data_that_month_is_unknown():
    load(APRIL, row(1, 100, 1))
    rows = {r.street.name: r for r in warning.street_month_rows(month=APRIL)}
    assert len(rows) == 43
    assert (rows["望京"].start, rows["望京"].warning.level) == (None, "unknown")
    assert (rows["孙河"].start, rows["孙河"].warning.level) == (100, "none")


def test_a_firm_that_changes_street_counts_under_the_street_of_each_month():
    load(MARCH, row(1, 100, 40, street="孙河"))
    load(APRIL, row(1, 60, 30, street="望京"))
    march = Alert.objects.get(scope="firm", month=MARCH)
    april = Alert.objects.get(scope="firm", month=APRIL)
    assert (march.street.name, march.level, april.street.name, april.level) == ("孙河", "red", "望京", "red")
    by_street = {r.street.name: r.lost for r in warning.street_month_rows(month=APRIL) if r.lost is not None}
    assert by_street == {"望京": 30}


def test_a_re_imported_month_replaces_the_month_and_keeps_one_alert():
    load(APRIL, row(1, 100, 30), row(2, 100, 0))
    again = load(APRIL, row(1, 100, 30), row(2, 100, 0))
    assert (again.created, again.updated, again.alerts) == (0, 2, 0)
    assert FirmMonth.objects.filter(month=APRIL).count() == 2
    # the firm's, and 孙河's (30 of its 200 insured: 15%)
    assert Alert.objects.count() == 2
    corrected = load(APRIL, row(1, 100, 20))
    assert (corrected.created, corrected.updated) == (0, 1)
    assert FirmMonth.objects.filter(month=APRIL).count() == 1
    alert = Alert.objects.get(scope="firm")
    assert (alert.level, alert.lost_insured) == ("orange", 20)
    assert [e.move for e in alert.changes.all()] == ["发出红色预警", "重新导入该月数据：橙色预警"]


def test_a_bad_row_refuses_the_whole_month_with_every_reason():
    load(APRIL, row(1, 100, 0))
    bad = csv(row(1, 100, "三十"), ("12345", "", "", "", 1, 1, 1), row(3, 100, 1, street="火星"), row(4, 10**12, 0))
    with pytest.raises(ImportRefused) as refused:
        warning.monthly_import(rows=warning.read_monthly(bad, "m.csv"), month=APRIL)
    assert [(r["line"], r["column"]) for r in refused.value.rejects] == [
        (2, "当月减少参保人数"),
        (3, "统一社会信用代码"),
        (4, "所属街乡"),
        (5, "月初参保人数"),
    ]
    assert FirmMonth.objects.get().lost_insured == 0


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "文件是空的"),
        ("统一社会信用代码,单位名称\n".encode(), "第1行缺少列：月初参保人数、当月新增参保人数、当月减少参保人数"),
        (HEADER.encode("gb18030") + b"\x00\xff\xfe", "无法识别文件编码"),
    ],
)
def test_unreadable_files_are_refused_in_chinese(data, reason):
    with pytest.raises(ImportRefused) as refused:
        warning.read_monthly(data, "m.csv")
    assert reason in str(refused.value)


def test_a_gbk_file_reads_like_utf8():
    rows = warning.read_monthly(csv(row(1, 100, 3)).decode().encode("gb18030"), "m.csv")
    assert [(r.uscc, r.street, r.insured_start, r.lost_insured) for r in rows] == [(uscc(1), "孙河", 100, 3)]


def test_the_command_imports_a_month(tmp_path, capsys):
    # the firm's alert and 孙河's: the firm is the street's only one
    path = tmp_path / "2020-04.csv"
    path.write_bytes(csv(row(1, 100, 30)))
    call_command("import_monthly", str(path), "--month", "2020-04")
    assert "2020年04月导入完成：新增 1 家、更新 0 家（其中登记库新建单位 1 家），新发出预警 2 条。" in capsys.readouterr().out
    with pytest.raises(CommandError, match="月份“2020-13”无效"):
        call_command("import_monthly", str(path), "--month", "2020-13")


def test_the_street_acknowledges_records_measures_and_closes(sunhe_office):
    load(APRIL, row(1, 100, 30))
    alert = Alert.objects.get(scope="firm")
    with pytest.raises(warning.MonitoringError, match="请先签收"):
        warning.alert_record_measure(alert=alert, actor=sunhe_office, values={})
    alert_transition(alert=alert, to=AlertStatus.ACKNOWLEDGED, actor=sunhe_office)
    values = {"kind": Measure.Kind.CONTACT, "taken_on": dt.date(2020, 6, 1), "description": "走访企业，了解减员原因"}
    warning.alert_record_measure(alert=alert, actor=sunhe_office, values=values)
    warning.alert_record_measure(alert=alert, actor=sunhe_office, values={**values, "kind": Measure.Kind.SUBSIDY})
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESPONDING
    alert_transition(alert=alert, to=AlertStatus.CLOSED, actor=sunhe_office, comment="企业已稳定用工")
    assert [e.move for e in alert.changes.all()] == ["发出红色预警", "签收", "记录应对措施", "记录应对措施", "办结"]


def test_another_street_may_not_acknowledge():
    load(APRIL, row(1, 100, 30))
    wangjing = make_user("wj", "street", street=Street.objects.get(name="望京"))
    with pytest.raises(TransitionError, match="您不能办理该预警的“签收”"):
        alert_transition(alert=Alert.objects.get(scope="firm"), to=AlertStatus.ACKNOWLEDGED, actor=wangjing)


def test_an_alert_not_acknowledged_within_two_working_days_is_escalated(sunhe_office, django_capture_on_commit_callbacks):
    reviewer = make_reviewer("shenhe_t")
    load(APRIL, row(1, 100, 30), row(2, 5000, 0))  # 30 of 孙河's 5,100: no street alert
    assert warning.escalate_overdue_alerts(today=dt.date(2020, 6, 3)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert warning.escalate_overdue_alerts(today=dt.date(2020, 6, 4)) == 1
    alert = Alert.objects.get()
    assert alert.status == AlertStatus.ESCALATED
    assert Notification.objects.filter(user=reviewer, title__startswith="失业预警已升级").count() == 1
    assert warning.escalate_overdue_alerts(today=dt.date(2020, 6, 5)) == 0
    alert_transition(alert=alert, to=AlertStatus.ACKNOWLEDGED, actor=sunhe_office)


def test_the_trend_sums_months_and_intensive_firms():
    load(MARCH, row(1, 300, 30), row(2, 100, 5))
    load(APRIL, row(1, 270, 0), row(2, 299, 0))
    march, april = warning.trend(until=APRIL, months=2)
    assert (march.start, march.lost, march.rate) == (400, 35, Decimal(35) / Decimal(400))
    assert (march.intensive_start, march.intensive_lost, march.intensive_rate) == (300, 30, Decimal("0.1"))
    assert (april.intensive_start, april.intensive_rate) == (0, None)


def test_the_industry_rows_sum_per_section():
    load(APRIL, row(1, 100, 10, industry="C34"), row(2, 100, 30, industry="c18"), row(3, 100, 1, industry="F52"))
    assert [(r.section, r.firms, r.start, r.lost) for r in warning.industry_rows(month=APRIL)] == [
        ("C", 2, 200, 40),
        ("F", 1, 100, 1),
    ]


def test_an_excel_extract_reads_by_its_chinese_headers():
    from tests.factories import xlsx_upload

    header = ["统一社会信用代码", "单位名称", "月初参保人数", "当月新增参保人数", "当月减少参保人数"]
    upload = xlsx_upload(header, [[uscc(1), "测试1有限公司", 100, 2, 30]], name="四月.xlsx")
    rows = warning.read_monthly(upload.read(), "四月.xlsx")
    assert [(r.uscc, r.insured_start, r.new_insured, r.lost_insured, r.street) for r in rows] == [(uscc(1), 100, 2, 30, "")]


def test_two_people_acknowledging_at_once_acknowledge_once(sunhe_office):
    load(APRIL, row(1, 100, 30), row(2, 5000, 0))
    seen_by_street, seen_by_district = Alert.objects.get(), Alert.objects.get()
    alert_transition(alert=seen_by_street, to=AlertStatus.ACKNOWLEDGED, actor=sunhe_office)
    with pytest.raises(TransitionError, match="该预警已被他人处理，请刷新后重试"):
        alert_transition(alert=seen_by_district, to=AlertStatus.ACKNOWLEDGED, actor=make_reviewer("shenhe_t2"))
    assert [e.move for e in Alert.objects.get().changes.all()] == ["发出红色预警", "签收"]


def test_the_demo_months_raise_the_red_alert_for_sunhe_once(settings):
    from io import StringIO

    from wengang.demo import monitoring as demo

    settings.WENGANG_TODAY = None  # the demo's own service date
    demo.load(StringIO())
    demo.load(StringIO())
    red = Alert.objects.get(scope="firm", level="red")
    assert (red.organisation.name, red.street.name, red.month, red.status) == ("北京孙河恒达服装制造有限公司", "孙河", MAY, "open")
    assert red.ack_due == dt.date(2020, 6, 3)
    assert FirmMonth.objects.filter(organisation=red.organisation).count() == 4


def test_a_firm_without_a_street_is_answered_by_the_department():
    load(APRIL, row(1, 100, 30, street=""))
    alert = Alert.objects.get()  # no street: no street alert either
    assert (alert.street, alert.department.code, alert.responsible) == (None, "labour-service", "劳动服务管理中心")
    alert_transition(alert=alert, to=AlertStatus.ACKNOWLEDGED, actor=make_reviewer("shenhe_t3"))
    assert alert.status == AlertStatus.ACKNOWLEDGED
