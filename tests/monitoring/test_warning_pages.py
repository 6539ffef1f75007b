"""The monitoring and early-warning pages: who may open what (the district everything, a street
office its street, nobody else anything), the upload of a month, an alert's moves and measures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import uscc
from wengang.accounts.models import Department, Role
from wengang.monitoring import warning
from wengang.monitoring.models import Alert, AlertStatus, FirmMonth
from wengang.registry.models import Street

from .conftest import person, person_of

pytestmark = pytest.mark.django_db

APRIL = dt.date(2020, 4, 1)
HEADER = "统一社会信用代码,单位名称,所属街乡,行业代码,月初参保人数,当月新增参保人数,当月减少参保人数\n"


def month_file(*rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("2020-04.csv", (HEADER + "".join(r + "\n" for r in rows)).encode())


@pytest.fixture
def alerts() -> dict[str, Alert]:
    """孙河: a firm losing 30 of 100 (red); 望京: a firm losing 10 of 100 among 10,000 (yellow)."""
    rows = [
        f"{uscc(1)},孙河物流有限公司,孙河,G54,100,0,30",
        f"{uscc(2)},孙河大厂有限公司,孙河,C34,5000,0,0",
        f"{uscc(3)},望京软件有限公司,望京,I65,100,0,10",
        f"{uscc(4)},望京大厂有限公司,望京,I65,9900,0,0",
    ]
    warning.monthly_import(rows=warning.read_monthly(month_file(*rows).read(), "m.csv"), month=APRIL)
    return {a.street.name: a for a in Alert.objects.filter(scope="firm")}


@pytest.fixture
def reviewer():
    return person(Role.REVIEWER, department=Department.objects.get(code="labour-service"))


def sunhe_office():
    return person(Role.STREET, street=Street.objects.get(name="孙河"))


def urls(alerts: dict[str, Alert]) -> list[str]:
    pk = alerts["孙河"].pk
    return [
        reverse("monitoring:warning"),
        reverse("monitoring:warning_alert", args=[pk]),
    ]


@pytest.mark.parametrize(
    ("role", "extra", "status"),
    [
        (Role.REVIEWER, "department", 200),
        (Role.ADMIN, "", 200),
        (Role.STREET, "孙河", 200),
        (Role.STREET, "望京", 404),  # the page 200, another street's alert 404: checked below
        (Role.STREET, "", 403),
        (Role.ENTERPRISE, "", 403),
        (Role.INDIVIDUAL, "", 403),
        (Role.MUNICIPAL, "", 403),
    ],
)
def test_it_checks_who_may_see_the_alert(client, alerts, reviewer, role, extra, status):
    client.force_login(person_of(role, extra))
    page, alert = urls(alerts)
    assert client.get(page).status_code == (200 if status in (200, 404) else status)
    assert client.get(alert).status_code == status


@pytest.mark.parametrize("name", ["monitoring:warning", "monitoring:warning_import"])
def test_it_sends_anonymous_visitors_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_a_street_office_sees_its_street_and_its_alerts_only(client, alerts):
    client.force_login(sunhe_office())
    page = client.get(reverse("monitoring:warning"), {"month": "2020-04"})
    assert [r.street.name for r in page.context["streets"]] == ["孙河"]
    assert [a.subject for a in page.context["page"].object_list] == ["孙河物流有限公司"]
    text = page.content.decode()
    assert "失业监测预警（孙河地区）" in text and "望京软件有限公司" not in text
    assert "导入月度参保数据" not in text


def test_the_district_sees_every_street_and_red_alerts_first(client, alerts, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("monitoring:warning"))
    assert len(page.context["streets"]) == 43
    assert [(a.subject, a.level) for a in page.context["page"].object_list] == [
        ("孙河物流有限公司", "red"),
        ("望京软件有限公司", "yellow"),
    ]
    levels = {r.street.name: r.warning.label for r in page.context["streets"]}
    assert (levels["孙河"], levels["望京"], levels["三里屯"]) == ("未达预警线", "未达预警线", "待定")


@pytest.mark.parametrize("month", ["2020-13", "9" * 40, "2020-04'--"])
def test_a_bad_month_shows_a_chinese_message_not_an_error(client, alerts, reviewer, month):
    client.force_login(reviewer)
    response = client.get(reverse("monitoring:warning"), {"month": month})
    assert response.status_code == 200
    assert response.context["month"] == APRIL  # the latest month imported


def test_a_nul_in_the_month_gets_the_chinese_bad_request_page(client, alerts, reviewer):
    """NulQueryMiddleware answers every address with a NUL character before the view runs."""
    client.force_login(reviewer)
    response = client.get(reverse("monitoring:warning"), {"month": "\x00"})
    assert response.status_code == 400
    assert "网址中含有无效字符" in response.content.decode()


def test_only_the_district_imports_a_month(client, reviewer):
    client.force_login(sunhe_office())
    assert client.get(reverse("monitoring:warning_import")).status_code == 403
    client.force_login(person(Role.ENTERPRISE))
    assert client.post(reverse("monitoring:warning_import"), {"month": "2020-04"}).status_code == 403


def upload_april(client, capture, lost: str):
    """The district uploads April with one firm losing ``lost`` insured, the job run on commit."""
    with capture(execute=True):
        return client.post(
            reverse("monitoring:warning_import"),
            {"month": "2020-04", "file": month_file(f"{uscc(1)},孙河物流有限公司,孙河,G54,100,0,{lost}")},
        )


def test_an_upload_becomes_a_job_that_imports_the_month(client, reviewer, django_capture_on_commit_callbacks):
    client.force_login(reviewer)
    response = upload_april(client, django_capture_on_commit_callbacks, "30")
    assert response.status_code == 302
    result = client.get(response["Location"]).content.decode()
    assert "已导入 1 家单位的月度参保数据" in result and "新发出预警 2 条" in result
    assert FirmMonth.objects.get().lost_insured == 30


def test_a_bad_upload_keeps_the_month_and_says_why(client, reviewer, django_capture_on_commit_callbacks):
    client.force_login(reviewer)
    response = upload_april(client, django_capture_on_commit_callbacks, "-3")
    result = client.get(response["Location"]).content.decode()
    assert "文件第2行 当月减少参保人数“-3”：“当月减少参保人数”应为非负整数，而不是“-3”" in result
    assert not FirmMonth.objects.exists()


@pytest.mark.parametrize(
    ("month", "name", "message"),
    [("2020-07", "m.csv", "不能导入尚未开始的月份"), ("2018-12", "m.csv", "不能选择更早的月份"), ("2020-04", "m.pdf", "请上传 CSV 或 Excel")],
)
def test_the_upload_form_refuses_in_chinese(client, reviewer, month, name, message):
    client.force_login(reviewer)
    upload = SimpleUploadedFile(name, HEADER.encode())
    response = client.post(reverse("monitoring:warning_import"), {"month": month, "file": upload})
    assert response.status_code == 200 and message in response.content.decode()


def test_the_street_acknowledges_records_a_measure_and_closes_after_confirming(client, alerts):
    office = sunhe_office()
    client.force_login(office)
    alert = alerts["孙河"]
    move = lambda to, **data: client.post(reverse("monitoring:warning_move", args=[alert.pk, to]), data)  # noqa: E731
    assert move(AlertStatus.ACKNOWLEDGED).status_code == 302
    assert move(AlertStatus.ACKNOWLEDGED).status_code == 302  # a second click: already done
    bad = client.post(reverse("monitoring:warning_measure", args=[alert.pk]), {"kind": "contact", "taken_on": "2020-06-02", "description": "走访\x00"})
    assert bad.status_code == 422 and "日期不能晚于今天" in bad.content.decode()
    good = {"kind": "contact", "taken_on": "2020-06-01", "contact": "王经理", "description": "走访企业，推送稳岗返还政策", "outcome": "企业暂缓减员"}
    assert client.post(reverse("monitoring:warning_measure", args=[alert.pk]), good).status_code == 302
    confirm = move(AlertStatus.CLOSED, comment="已稳定")
    assert confirm.status_code == 200 and "确认办结" in confirm.content.decode()
    assert move(AlertStatus.CLOSED, comment="已稳定", confirm="1").status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED
    assert [e.move for e in alert.changes.all()] == ["发出红色预警", "签收", "记录应对措施", "办结"]


def test_another_street_cannot_move_or_answer_the_alert(client, alerts):
    client.force_login(person(Role.STREET, street=Street.objects.get(name="望京")))
    pk = alerts["孙河"].pk
    assert client.post(reverse("monitoring:warning_move", args=[pk, AlertStatus.ACKNOWLEDGED])).status_code == 404
    assert client.post(reverse("monitoring:warning_measure", args=[pk]), {}).status_code == 404
    assert Alert.objects.get(pk=pk).status == AlertStatus.OPEN


def test_the_key_enterprise_ledger_shows_the_firms_alerts(client, alerts, reviewer):
    from wengang.registry.models import Organisation

    Organisation.objects.filter(uscc=uscc(1)).update(key_category="necessities")
    client.force_login(sunhe_office())
    page = client.get(reverse("keyservice:enterprise", args=[alerts["孙河"].organisation_id])).content.decode()
    assert "失业预警" in page and reverse("monitoring:warning_alert", args=[alerts["孙河"].pk]) in page


def test_a_reviewer_of_another_department_reads_an_alert_but_cannot_act_on_it(client, alerts):
    other = person(Role.REVIEWER, department=Department.objects.get(code="employment-fund"))
    client.force_login(other)
    alert = alerts["孙河"]
    page = client.get(reverse("monitoring:warning_alert", args=[alert.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "该预警由孙河地区、劳动服务管理中心或管理员办理，您只能查看。" in text
    assert page.context["moves"] == [] and page.context["can_measure"] is False
    assert client.post(reverse("monitoring:warning_move", args=[alert.pk, AlertStatus.ACKNOWLEDGED])).status_code == 403
    Alert.objects.filter(pk=alert.pk).update(status=AlertStatus.ACKNOWLEDGED)
    measure = {"kind": "contact", "taken_on": "2020-06-01", "description": "走访"}
    assert client.post(reverse("monitoring:warning_measure", args=[alert.pk]), measure).status_code == 403
    assert Alert.objects.get(pk=alert.pk).measures.count() == 0
    assert [e.move for e in alert.changes.all()] == ["发出红色预警"]


@pytest.mark.parametrize("who", ["labour-service", "admin"])
def test_the_labour_service_centre_and_administrators_act_on_any_streets_alert(client, alerts, who):
    actor = person(Role.ADMIN) if who == "admin" else person(Role.REVIEWER, department=Department.objects.get(code=who))
    client.force_login(actor)
    alert = alerts["望京"]
    assert client.post(reverse("monitoring:warning_move", args=[alert.pk, AlertStatus.ACKNOWLEDGED])).status_code == 302
    measure = {"kind": "guidance", "taken_on": "2020-06-01", "description": "电话指导企业申请稳岗返还"}
    assert client.post(reverse("monitoring:warning_measure", args=[alert.pk]), measure).status_code == 302
    alert.refresh_from_db()
    assert (alert.status, alert.measures.count()) == (AlertStatus.RESPONDING, 1)


def test_only_the_labour_service_centre_escalates_by_hand():
    from wengang.monitoring.warning_workflow import ALERTS

    alert = Alert(street=Street.objects.get(name="孙河"), status=AlertStatus.OPEN)
    centre = person(Role.REVIEWER, department=Department.objects.get(code="labour-service"))
    fund = person(Role.REVIEWER, department=Department.objects.get(code="employment-fund"))
    sunhe = person(Role.STREET, street=Street.objects.get(name="孙河"))
    assert ALERTS.parties_of(centre, alert) == {"district"}
    assert ALERTS.parties_of(fund, alert) == set()
    assert ALERTS.parties_of(sunhe, alert) == {"responsible"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_lists_the_columns_with_one_example_row_and_imports_only_when_it_is_removed(client, reviewer, fmt):
    client.force_login(reviewer)
    response = client.get(reverse("monitoring:warning_template", args=[fmt]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and f".{fmt}" in response["Content-Disposition"]
    data = response.content
    rows = warning._raw_rows(data, f"t.{fmt}")
    assert [line for line, _ in rows] == [2]
    assert rows[0][1] == {
        "uscc": "91110105MA01EXAMP5",
        "name": "示例：北京某某服装有限公司（导入前请删除此行）",
        "street": "孙河",
        "industry_code": "C18",
        "insured_start": "200",
        "new_insured": "3",
        "lost_insured": "12",
    }
    with pytest.raises(warning.ImportRefused) as refused:
        warning.read_monthly(data, f"t.{fmt}")
    assert refused.value.rejects[0]["reason"] == "这是模板中的示例行，请删除后再导入"
    # the example's code replaced by a real one: the row imports as it stands
    real = data.replace(b"91110105MA01EXAMP5", uscc(7).encode()) if fmt == "csv" else None
    if real is not None:
        assert [(r.uscc, r.insured_start, r.lost_insured) for r in warning.read_monthly(real, "t.csv")] == [(uscc(7), 200, 12)]


def test_the_import_page_links_the_templates_and_only_importers_download_them(client, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("monitoring:warning_import")).content.decode()
    assert reverse("monitoring:warning_template", args=["xlsx"]) in page and "下载 CSV 模板" in page
    assert client.get(reverse("monitoring:warning_template", args=["pdf"])).status_code == 404
    client.force_login(sunhe_office())
    assert client.get(reverse("monitoring:warning_template", args=["csv"])).status_code == 403
    client.logout()
    assert client.get(reverse("monitoring:warning_template", args=["csv"])).status_code == 302


def test_a_csv_without_the_columns_points_to_the_template():
    with pytest.raises(warning.ImportRefused, match="第1行缺少列：月初参保人数、当月新增参保人数、当月减少参保人数（请使用下载的模板"):
        warning.read_monthly("统一社会信用代码\n".encode(), "m.csv")
