"""The demo loader: every role, every state, valid identifiers, and idempotent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings

from wengang.accounts.models import Role, User
from wengang.cases.models import CaseEvent, Notification
from wengang.demo import keyservice as demo_keyservice
from wengang.demo import placements as demo_placements
from wengang.demo.data import APPLICATIONS, DEMO_TODAY, ORGANISATIONS
from wengang.demo.load import demo_pdf
from wengang.policy import explain
from wengang.policy.fields import valid_uscc
from wengang.registry.models import Organisation
from wengang.registry.validators import id_number_ok
from wengang.subsidies.models import (
    Application,
    Deficiency,
    Material,
    Payment,
    Status,
    TrainingLine,
)
from wengang.subsidies.services.engine import judge
from wengang.subsidies.services.materials import check_pdf
from wengang.subsidies.workflow import APPLICATIONS as WORKFLOW

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_output(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[str]:
    """The demo, loaded once for this module (notifications delivered) and rolled back after it.

    Each test runs in its own savepoint inside this transaction, so what a test writes is undone."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"), PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        yield run_load_demo()
        transaction.set_rollback(True)


def run_load_demo() -> str:
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (Organisation, User, Application, CaseEvent, Material, Deficiency, TrainingLine, Payment, Notification)
    return {model.__name__: model.objects.count() for model in models}


def test_loading_twice_creates_nothing_twice(demo_output: str) -> None:
    first = counts()
    run_load_demo()
    assert counts() == first
    # the hall's organisations, the job market's synthetic key enterprises and internship bases, and
    # the monitoring's garment maker that loses 30 % in May
    assert first["Organisation"] == len(ORGANISATIONS) + len(demo_keyservice.SYNTHETIC) + len(demo_placements.BASE_FIRMS) + 1
    assert first["Application"] == len(APPLICATIONS)


def test_it_loads_the_demo_administrator_once(demo_output: str) -> None:
    run_load_demo()
    admin = User.objects.get(username="admin")
    assert admin.role == Role.ADMIN
    assert admin.is_superuser and admin.check_password("wengang-demo-2020")


def test_every_role_has_a_user_with_the_printed_password(demo_output: str) -> None:
    out = demo_output
    for role in Role:
        user = User.objects.filter(role=role).first()
        assert user is not None, role
        assert user.check_password("wengang-demo-2020")
        assert f" {user.username} " in out
    assert "wengang-demo-2020" in out
    assert out.rstrip().splitlines()[-1].startswith("  http://127.0.0.1:8000/admin/")
    assert "http://127.0.0.1:8000/hall/review/" in out and "http://127.0.0.1:8000/accounts/login/" in out


def test_the_account_table_lists_the_filings_staff_with_what_they_do(demo_output: str) -> None:
    """Issue 12: laodong accepts layoff reports but was missing from the printed table."""
    lines = demo_output.splitlines()
    for username, job in (("laodong", "/layoffs/ 受理裁员报告"), ("gonggong", "/keyservice/"), ("gongfu", "/placements/")):
        row = next((line for line in lines if f" {username} " in line), "")
        assert job in row, username
        assert User.objects.filter(username=username).exists()


def test_printed_links_follow_the_port_in_use(demo_output: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12: load_demo printed port 8000 whatever port `make run` served on."""
    monkeypatch.setenv("PORT", "8123")
    out = run_load_demo()
    assert out.rstrip().splitlines()[-1].startswith("  http://127.0.0.1:8123/admin/")
    assert ":8000" not in out
    assert "http://127.0.0.1:8123/accounts/login/" in out


def test_users_belong_where_their_role_says(demo_output: str) -> None:
    assert User.objects.get(username="qiye").organisation.name == "北京智图云联科技有限公司"
    assert User.objects.get(username="jigou").organisation.kind == Organisation.Kind.AGENCY
    assert User.objects.get(username="jiexiang").street.name == "孙河"
    assert User.objects.get(username="shenhe").department.name == "劳动服务管理中心"
    assert User.objects.get(username="shenhe2").department.name == "职业能力建设科"
    assert not User.objects.filter(role__in=[Role.REVIEWER, Role.MUNICIPAL, Role.STREET], totp_required=True).exists()


def test_every_status_has_an_application(demo_output: str) -> None:
    assert set(Application.objects.values_list("status", flat=True)) == set(Status.values)


def test_each_status_history_runs_from_draft_to_the_current_status(demo_output: str) -> None:
    for app in Application.objects.prefetch_related("changes"):
        status = Status.DRAFT.value
        for change in app.changes.all():
            assert change.from_status == status, app.reference
            assert (change.from_status, change.to_status) in WORKFLOW.moves
            status = change.to_status
        assert status == app.status, app.reference


def test_the_approved_application_froze_the_engines_decision(demo_output: str) -> None:
    app = Application.objects.get(status=Status.APPROVED)
    on = dt.date.fromisoformat(app.decision["decided_on"])
    result = judge(app, on)
    assert on == DEMO_TODAY
    assert app.approved_amount == result.amount == Decimal("107532.00")
    assert app.decision["amount"] == "107532.00"
    assert {p["key"] for p in app.decision["parameters"]} >= {"op3_rate_low", "op3_cap_per_person"}
    assert app.decided_by is not None and app.decided_by.role == Role.REVIEWER


def test_the_paid_application_was_paid_its_approved_amount(demo_output: str) -> None:
    app = Application.objects.get(status=Status.PAID)
    assert app.payment.amount == app.approved_amount == Decimal("42900.00")
    assert app.payment.batch.paid_on == DEMO_TODAY


def test_the_rejection_cites_the_clauses_not_met(demo_output: str) -> None:
    app = Application.objects.get(status=Status.REJECTED)
    assert app.decision_reasons.startswith("不予通过。依据：OP3.1(2)、OP3.1(3)。")
    assert "不符合 OP3.1(2)：按300号文第6类划型为大型企业" in app.decision_reasons


def test_the_open_deficiency_is_due_after_the_demo_date(demo_output: str) -> None:
    deficiency = Deficiency.objects.get(application__status=Status.DEFICIENT)
    assert deficiency.due_date == dt.date(2020, 6, 15)  # ten working days after 1 June 2020
    assert deficiency.resolved_at is None
    assert "逾期未补正" in Application.objects.get(status=Status.CLOSED).changes.last().comment


def test_submissions_carry_the_engines_precheck(demo_output: str) -> None:
    submitted = Application.objects.exclude(status=Status.DRAFT)
    assert submitted.count() == len(APPLICATIONS) - 1
    for app in submitted:
        assert app.precheck["policy"] == app.subsidy_type.policy
        assert app.submitted_at is not None and app.commitment_accepted_at is not None
    op2 = Application.objects.get(status=Status.MUNICIPAL_REVIEW)
    assert op2.precheck["provisional"] is True and op2.claimed_amount == Decimal("2304000.00")


def test_demo_users_have_unread_notices(demo_output: str) -> None:
    for username in ("qiye", "qiye2", "shenhe", "shenhe2", "shishenhe"):
        assert Notification.objects.filter(user__username=username, read_at__isnull=True).exists(), username


def test_credit_codes_and_id_numbers_are_valid(demo_output: str) -> None:
    assert all(valid_uscc(code) for code in Organisation.objects.values_list("uscc", flat=True))
    numbers = [*User.objects.exclude(id_number="").values_list("id_number", flat=True)]
    numbers += TrainingLine.objects.values_list("id_number", flat=True)
    assert numbers and all(id_number_ok(n) for n in numbers)
    for name in (
        "北京物美商业集团股份有限公司孙河物流配送中心",
        "北京京客隆商业集团股份有限公司",
        "便利蜂商贸有限公司",
        "北京永辉超市有限公司",
        "北京大洋路农副产品市场有限公司",
        "北京盛华宏林粮油批发有限公司",
    ):
        org = Organisation.objects.get(name=name)
        assert org.key_category == Organisation.KeyCategory.NECESSITIES
    assert Organisation.objects.get(name__contains="物美").street.name == "孙河"


def test_the_demo_materials_are_acceptable_pdfs() -> None:
    check = check_pdf(demo_pdf(["Wengang (demo)"]), max_pages=1, max_megabytes=1)
    assert check.pages == 1


def _result(key: str, policy: str) -> Any:
    org = next(o for o in ORGANISATIONS if o.key == key)
    case = {**org.facts, "uscc": org.uscc, "name": org.name, "street": org.street}
    return explain(case, DEMO_TODAY, policies=[policy]).results[0]


@pytest.mark.parametrize(
    ("key", "policy", "status", "amount", "unmet"),
    [
        ("zhitu", "OP3", "eligible", "80300.00", []),  # growth exactly 20 %: 50 %
        ("qicheng", "OP3", "eligible", "56376.15", []),  # growth 7 %: 30 %
        ("hengxin", "OP2", "eligible", "2304000.00", []),
        ("huitong", "OP3", "ineligible", "0.00", ["OP3.1(2)", "OP3.1(3)"]),
        ("chengyun", "OP3", "ineligible", "0.00", ["OP3.1(3)"]),
        ("ankang", "OP5", "eligible", "20000.00", []),
        ("lvyuan", "N14", "eligible", "100000.00", []),
        ("xincheng", "OP3", "unknown", None, []),
        ("hongyun", "I2", "ineligible", None, ["I2"]),
        ("hongyun", "I3", "ineligible", None, ["I3"]),
        ("wumei", "OP3", "ineligible", "0.00", ["OP3.1(2)", "OP3.1(3)"]),
    ],
)
def test_the_registry_facts_give_varied_results(
    key: str, policy: str, status: str, amount: str | None, unmet: list[str]
) -> None:
    result = _result(key, policy)
    assert result.status == status
    assert result.amount == (None if amount is None else Decimal(amount))
    assert result.unmet == unmet


def test_op2_reads_an_unconfirmed_parameter() -> None:
    assert _result("hengxin", "OP2").provisional


def test_the_live_course_held_a_lesson_and_completers_hold_certificates(demo_output: str) -> None:
    from wengang.training.models import Certificate, LessonProgress, LiveSession, LiveStatus

    held = LiveSession.objects.get(status=LiveStatus.ENDED)
    counted = sorted(LessonProgress.objects.filter(lesson=held.lesson).values_list("counted_ms", flat=True))
    # the five stays of ``demo.training.STAYS``, clipped to 18:50–20:30 and merged, in minutes
    assert [ms // 60_000 for ms in counted] == [55, 70, 75, 88, 90]
    assert LiveSession.objects.filter(status=LiveStatus.SCHEDULED).count() == 1
    certificates = Certificate.objects.select_related("enrolment__course").order_by("id")
    assert [(c.enrolment.course.title, c.hours) for c in certificates] == [
        ("电工岗位技能提升", Decimal("40.00")),
        ("电工岗位技能提升", Decimal("50.00")),
        ("安全生产直播课", Decimal("2.00")),
    ]
