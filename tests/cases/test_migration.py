"""The data migrations carry every app's own status-change rows (and the inbox) into ``cases``.

Migrates the database back to the schema before the case mechanism, writes representative rows
with the historical models of that state, migrates forward and checks counts and histories.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from ..browser import restore_the_database  # noqa: F401  (a module fixture: the seed rows back for later tests)

BEFORE = [
    ("subsidies", "0002_seed_subsidy_types"),
    ("permits", "0003_permit_email_failed_outcome"),
    ("layoffs", "0001_initial"),
    ("deferral", "0001_initial"),
    ("keyservice", "0001_initial"),
    ("jobs", "0005_wording_context_rules"),
    ("placements", "0001_initial"),
    ("cases", None),
]
T0 = timezone.make_aware(dt.datetime(2020, 5, 6, 9, 30))


def _migrate(targets: list[tuple[str, str | None]]):
    """Migrate to ``targets``; the historical models of the state reached (as ``migrate`` gives its
    post-migrate signal: every applied migration's state, built while migrating, not again)."""
    state = MigrationExecutor(connection).migrate(targets)
    state.clear_delayed_apps_cache()
    return state.apps


def _leaves() -> list[tuple[str, str | None]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _old_rows(apps) -> dict[str, int]:
    """One case of each type with its history, as the pre-refactor tables held them."""
    get = apps.get_model
    User, Department = get("accounts", "User"), get("accounts", "Department")
    Street, Organisation = get("registry", "Street"), get("registry", "Organisation")
    street = Street.objects.get_or_create(name="望京", defaults={"kind": "street"})[0]
    firm = Organisation.objects.create(uscc="91110105000000001X", name="迁移测试有限公司", street=street)
    owner = User.objects.create(username="mig-owner", password="!", role="enterprise", organisation=firm)
    dept = Department.objects.get_or_create(code="labour-service", defaults={"name": "劳动服务管理中心"})[0]
    reviewer = User.objects.create(username="mig-reviewer", password="!", role="reviewer", department=dept)
    later = [T0 + dt.timedelta(hours=n) for n in range(4)]

    subsidy = get("subsidies", "SubsidyType").objects.get(policy="OP3")
    app = get("subsidies", "Application").objects.create(
        reference="CY2020-OP3-MIG01", organisation=firm, subsidy_type=subsidy, applicant=owner,
        period_start=dt.date(2020, 2, 1), period_end=dt.date(2020, 4, 30), status="returned",
    )
    StatusChange = get("subsidies", "StatusChange")
    submitted = StatusChange.objects.create(application=app, actor=owner, to_status="submitted", notified_at=later[1])
    returned = StatusChange.objects.create(
        application=app, actor=reviewer, from_status="submitted", to_status="returned", comment="缴费额有误"
    )
    StatusChange.objects.filter(pk=submitted.pk).update(at=later[0])
    StatusChange.objects.filter(pk=returned.pk).update(at=later[2])
    Notification = get("subsidies", "Notification")
    notice = Notification.objects.create(user=owner, application=app, change=returned, title="退回修改", body="意见：缴费额有误")
    Notification.objects.filter(pk=notice.pk).update(created_at=later[3])
    Notification.objects.create(user=owner, title="裁减人员报告已受理", body="……")  # another app's notice

    permit = get("permits", "PermitCase").objects.create(
        reference="XK202000001", organisation=firm, permit_type=get("permits", "PermitType").objects.first(),
        status="e_approved",
    )
    PermitStatusChange = get("permits", "PermitStatusChange")
    PermitStatusChange.objects.create(case=permit, actor=owner, to_status="submitted", notified_at=later[0])
    PermitStatusChange.objects.create(case=permit, actor=reviewer, from_status="submitted", to_status="e_approved")

    report = get("layoffs", "LayoffReport").objects.create(organisation=firm, applicant=owner, status="submitted")
    get("layoffs", "LayoffStatusChange").objects.create(report=report, actor=owner, to_status="submitted")

    deferral = get("deferral", "DeferralApplication").objects.create(
        organisation=firm, applicant=owner, industry="transport", filed_on=dt.date(2020, 3, 2), status="confirmed"
    )
    DeferralChange = get("deferral", "DeferralChange")
    DeferralChange.objects.create(application=deferral, actor=owner, on=dt.date(2020, 3, 2), to_status="submitted")
    DeferralChange.objects.create(
        application=deferral, actor=reviewer, on=dt.date(2020, 3, 5), from_status="submitted", to_status="confirmed",
        facts_changed={"deferral_industry_confirmed": {"from": None, "to": "true"}},
    )

    need = get("keyservice", "Need").objects.create(
        organisation=firm, post="装配工", count=5, deadline=dt.date(2020, 6, 30), street=street,
        pay_min=Decimal("5000"), pay_max=Decimal("6000"), created_by=reviewer, status="closed",
    )
    get("keyservice", "NeedStatusChange").objects.create(
        need=need, actor=reviewer, from_status="open", to_status="closed", comment="企业暂停招聘"
    )

    post = get("jobs", "JobPost").objects.create(
        organisation=firm, posted_by=owner, title="仓库管理员", description="负责出入库", openings=2,
        pay_min=Decimal("5000"), pay_max=Decimal("6000"), workplace="望京", street=street, schedule="白班",
        contact_name="王女士", contact_phone="010-84700000", deadline=dt.date(2020, 6, 30), status="published",
    )
    get("jobs", "PostEvent").objects.create(post=post, actor=owner, from_status="draft", to_status="published", reason="用语检查通过")

    base = get("placements", "InternshipBase").objects.create(
        organisation=firm, posts_offered="行政助理", capacity=3, mentor_name="李老师", mentor_phone="13800000000",
        address="望京街道", applied_by=owner, status="pending",
    )
    get("placements", "InternshipBaseChange").objects.create(base=base, actor=owner, to_status="pending")
    return {"application": app.pk, "permit": permit.pk, "deferral": deferral.pk, "post": post.pk, "need": need.pk}


def _check_the_case_tables(apps, ids: dict[str, int]) -> None:
    """Every status change and notice of ``_old_rows`` is in the case tables, with its history."""
    CaseEvent, Delivery = apps.get_model("cases", "CaseEvent"), apps.get_model("cases", "Delivery")
    Notification, ContentType = apps.get_model("cases", "Notification"), apps.get_model("contenttypes", "ContentType")

    def events(app_label: str, model: str, pk: int | None = None):
        ct = ContentType.objects.get(app_label=app_label, model=model)
        rows = CaseEvent.objects.filter(content_type=ct).order_by("at", "id")
        return rows.filter(object_id=pk) if pk is not None else rows

    assert CaseEvent.objects.count() == 2 + 2 + 1 + 2 + 1 + 1 + 1
    history = list(events("subsidies", "application", ids["application"]))
    assert [(e.from_status, e.to_status, e.reason, e.actor.username) for e in history] == [
        ("", "submitted", "", "mig-owner"),
        ("submitted", "returned", "缴费额有误", "mig-reviewer"),
    ]
    assert history[0].at == T0
    assert Delivery.objects.get(event_id=history[0].pk).delivered_at == T0 + dt.timedelta(hours=1)
    assert not Delivery.objects.filter(event_id=history[1].pk).exists()  # not yet notified: still in the outbox

    assert Notification.objects.count() == 2
    notice = Notification.objects.get(title="退回修改")
    assert (notice.event_id, notice.object_id, notice.created_at) == (history[1].pk, ids["application"], T0 + dt.timedelta(hours=3))
    assert Notification.objects.get(title="裁减人员报告已受理").content_type_id is None

    assert [e.to_status for e in events("permits", "permitcase", ids["permit"])] == ["submitted", "e_approved"]
    confirmed = events("deferral", "deferralapplication", ids["deferral"]).last()
    assert (confirmed.on, confirmed.payload) == (
        dt.date(2020, 3, 5),
        {"facts": {"deferral_industry_confirmed": {"from": None, "to": "true"}}},
    )
    assert events("keyservice", "need", ids["need"]).get().reason == "企业暂停招聘"
    assert events("jobs", "jobpost", ids["post"]).get().reason == "用语检查通过"
    assert events("layoffs", "layoffreport").count() == 1 and events("placements", "internshipbase").count() == 1


def _check_the_old_tables(apps, ids: dict[str, int]) -> None:
    """Migrated back, the old tables hold the status changes and notices again."""
    changes = apps.get_model("subsidies", "StatusChange").objects.filter(application_id=ids["application"])
    assert [(c.to_status, c.comment) for c in changes.order_by("at", "id")] == [("submitted", ""), ("returned", "缴费额有误")]
    assert apps.get_model("subsidies", "Notification").objects.get(title="退回修改").change_id == changes.last().pk
    assert apps.get_model("deferral", "DeferralChange").objects.filter(to_status="confirmed").get().facts_changed == {
        "deferral_industry_confirmed": {"from": None, "to": "true"}
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_status_change_and_notice_reaches_the_case_tables_and_reverses_to_the_old_tables() -> None:
    """One round trip, checked at both ends: the old rows migrated forward are in the case tables,
    and migrated back they are in the old tables again. (Each migration across the schema costs
    seconds of CPU, backwards the most; the two checks used to be two tests with three round trips.)"""
    leaves = _leaves()
    try:
        ids = _old_rows(_migrate(BEFORE))
        _check_the_case_tables(_migrate(leaves), ids)
        _check_the_old_tables(_migrate(BEFORE), ids)
    finally:
        MigrationExecutor(connection).migrate(leaves)  # its historical models are not needed
