"""待办 (issue 12): each role's landing page lists what needs its action, with due dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from tests.demo_world import FAST_HASHERS, DemoSnapshot
from wengang.accounts import workbench
from wengang.accounts.models import User
from wengang.jobs.models import JobPost, PostStatus
from wengang.keyservice.models import ContactEntry
from wengang.layoffs.models import LayoffReport
from wengang.layoffs.models import Status as LayoffStatus
from wengang.permits.models import PermitCase
from wengang.permits.models import Status as PermitStatus
from wengang.registry.models import Organisation
from wengang.subsidies.models import Application, Deficiency, Status

PORTAL = reverse("accounts:portal")


@pytest.fixture(scope="module")
def demo(demo_snapshot: DemoSnapshot, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[None]:
    """The demo world of 2020-06-01 (``load_demo``'s rows, copied from the process's snapshot:
    ``tests/demo_world.py``) for the module, in a transaction rolled back after it."""
    assert demo_snapshot.day == "2020-06-01"
    media = demo_snapshot.media_copy(tmp_path_factory.mktemp("demo") / "media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS, WENGANG_TODAY=dt.date(2020, 6, 1)),
        transaction.atomic(),
    ):
        demo_snapshot.restore()
        yield
        transaction.set_rollback(True)


def portal(client: Any, username: str) -> str:
    client.force_login(User.objects.get(username=username))
    response = client.get(PORTAL)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_qiye2_sees_its_deficiency_deadline_with_a_countdown(demo: None, client: Any, settings: Any) -> None:
    settings.WENGANG_TODAY = dt.date(2020, 6, 1)
    deficient = Application.objects.get(organisation__users__username="qiye2", status=Status.DEFICIENT)
    due = Deficiency.objects.filter(application=deficient, resolved_at__isnull=True).order_by("due_date")[0].due_date
    html = portal(client, "qiye2")
    assert '<h2 id="todo-title">待办</h2>' in html
    assert "补正容缺材料" in html and deficient.reference in html
    days = (due - dt.date(2020, 6, 1)).days
    assert f"期限 {due.year}年{due.month}月{due.day}日（还剩 {days} 天）" in html
    # the draft is on it too, after the dated item
    draft = Application.objects.get(organisation__users__username="qiye2", status=Status.DRAFT)
    assert html.index(deficient.reference) < html.index(draft.reference)
    # and the old links stay, as a secondary section
    assert "其他办理事项" in html and reverse("subsidies:apply_list") in html


@pytest.mark.django_db
def test_an_enterprise_never_sees_another_firms_cases(demo: None, client: Any, settings: Any) -> None:
    settings.WENGANG_TODAY = dt.date(2020, 6, 1)
    theirs = Application.objects.exclude(organisation__users__username="qiye").values_list("reference", flat=True)
    html = portal(client, "qiye")
    assert theirs and not any(ref in html for ref in theirs)
    assert all(t.reference not in theirs for t in workbench.organisation_todos(User.objects.get(username="qiye")))


@pytest.mark.django_db
def test_a_reviewer_sees_open_cases_counts_and_overdue_first(demo: None, client: Any, settings: Any) -> None:
    settings.WENGANG_TODAY = dt.date(2020, 6, 1)
    shenhe = User.objects.get(username="shenhe")
    desk = workbench.staff_desk(shenhe)
    assert desk is not None and desk.todos
    dated = [t.due for t in desk.todos if t.due is not None]
    assert dated == sorted(dated)
    html = portal(client, "shenhe")
    assert f"未办结的案件 {desk.open_count} 件" in html
    assert "?status=submitted" in html
    finished = Application.objects.filter(status__in=(Status.WITHDRAWN, Status.CLOSED, Status.PAID))
    assert all(a.reference not in html.split("其他办理事项")[0] for a in finished)


@pytest.mark.django_db
def test_the_municipal_group_sees_only_its_own_tabs(demo: None, client: Any, settings: Any) -> None:
    settings.WENGANG_TODAY = dt.date(2020, 6, 1)
    html = portal(client, "shishenhe")
    assert "?status=municipal_review" in html
    assert "?status=submitted" not in html and "?status=deficient" not in html


@pytest.mark.django_db
def test_laodong_is_offered_the_layoff_reports_to_accept(demo: None, client: Any, settings: Any) -> None:
    settings.WENGANG_TODAY = dt.date(2020, 6, 1)
    laodong = User.objects.get(username="laodong")
    desk = workbench.staff_desk(laodong)
    assert desk is not None
    html = portal(client, "laodong")
    assert '<h2 id="todo-title">待办</h2>' in html


@pytest.mark.django_db
def test_a_street_office_lands_on_what_needs_its_action(demo: None, client: Any, settings: Any) -> None:
    settings.WENGANG_TODAY = dt.date(2020, 6, 1)
    jiexiang = User.objects.get(username="jiexiang")
    assert jiexiang.street is not None
    # a post of its street waiting for moderation, and one of another street (not its business)
    ours = JobPost.objects.filter(street=jiexiang.street).order_by("pk").first()
    theirs = JobPost.objects.exclude(street=jiexiang.street).exclude(organisation__street=jiexiang.street).first()
    assert ours is not None and theirs is not None
    JobPost.objects.filter(pk__in=[ours.pk, theirs.pk]).update(status=PostStatus.MODERATION)
    # a key enterprise of its street whose follow-up was due last Friday
    firm = Organisation.objects.filter(street=jiexiang.street).exclude(key_category="").get()
    ContactEntry.objects.create(
        organisation=firm,
        on=dt.date(2020, 5, 20),
        channel=ContactEntry._meta.get_field("channel").choices[0][0],
        contact_person="刘经理",
        agreed="五月底前补招分拣员",
        next_step="电话确认到岗人数",
        follow_up_on=dt.date(2020, 5, 29),
        responsible=jiexiang,
        recorded_by=jiexiang,
    )

    todos = workbench.street_todos(jiexiang)

    assert [(t.kind, t.action, t.due) for t in todos] == [
        ("重点企业跟进", "跟进：电话确认到岗人数", dt.date(2020, 5, 29)),  # dated first
        ("失业保险金申领", "审核申领", None),  # then by reference: geren's claim SJ…
        ("失业登记", "确认失业登记", None),  # geren2's registration SY…
        ("重点企业用工需求", "协助招聘，尚缺 450 人", None),  # then by firm: 北京物美…
        ("招聘岗位审核", "审核岗位用语", None),
        # 就业援助 (issue 15): the demo's application to confirm and 赵志强's June claim
        ("就业困难人员认定", "核对证明材料，认定或不予认定", None),
        ("灵活就业社会保险补贴", "审核补贴 757.00 元", None),
    ]
    html = portal(client, "jiexiang")
    assert "需要本街乡办理的事项" in html
    assert "期限 2020年5月29日（已逾期 3 天）" in html
    assert f"{ours.organisation.name} {ours.title}" in html
    assert theirs.title not in html
    # a firm's landing page never shows the street's list
    assert workbench.street_todos(User.objects.get(username="qiye")) == []


@pytest.mark.django_db
def test_recent_work_is_newest_first_by_the_dates_shown(demo: None) -> None:
    """The demo makes qiye2's 5月4日 容缺 move after the 6月1日 ones: it is listed below them."""
    shenhe = User.objects.get(username="shenhe")
    desk = workbench.staff_desk(shenhe)
    assert desk is not None and desk.recent
    shown = [(event.on, event.at) for event in desk.recent]
    assert shown == sorted(shown, reverse=True)
    assert desk.recent[0].on == dt.date(2020, 6, 1)


@pytest.mark.django_db
def test_an_enterprises_todos_come_from_one_query_with_only_its_own_rows(
    demo: None, settings: Any, django_assert_num_queries: Any
) -> None:
    """Issue 11 (load): the applicant's four case types are one UNION ALL query; each part keeps its
    own firm's rows, order and bounds, and the list is what the separate queries gave."""
    settings.WENGANG_TODAY = dt.date(2020, 6, 1)
    qiye = User.objects.get(username="qiye")
    other = User.objects.get(username="qiye2").organisation
    posts = list(JobPost.objects.order_by("pk")[:5])
    # ours: a draft, a rejected post, one closing within 7 days (shown, dated), one closing later (not shown)
    JobPost.objects.filter(pk=posts[0].pk).update(organisation=qiye.organisation, status=PostStatus.DRAFT, title="草稿岗位")
    JobPost.objects.filter(pk=posts[1].pk).update(
        organisation=qiye.organisation, status=PostStatus.REJECTED, title="被退回岗位"
    )
    JobPost.objects.filter(pk=posts[2].pk).update(
        organisation=qiye.organisation, status=PostStatus.PUBLISHED, deadline=dt.date(2020, 6, 5), title="将截止岗位"
    )
    JobPost.objects.filter(pk=posts[3].pk).update(
        organisation=qiye.organisation, status=PostStatus.PUBLISHED, deadline=dt.date(2020, 6, 9), title="下周后截止岗位"
    )
    # another firm's draft post and layoff report: never on qiye's list
    JobPost.objects.filter(pk=posts[4].pk).update(organisation=other, status=PostStatus.DRAFT, title="别家草稿岗位")
    report = LayoffReport.objects.get()
    LayoffReport.objects.filter(pk=report.pk).update(organisation=other, status=LayoffStatus.DRAFT)
    ours = LayoffReport.objects.create(
        organisation=qiye.organisation, applicant=qiye, status=LayoffStatus.RETURNED, layoffs=25, employees=100
    )

    returned = Application.objects.get(organisation=qiye.organisation, status=Status.RETURNED)
    permit = PermitCase.objects.get(organisation=qiye.organisation, status=PermitStatus.PUBLISHED)
    with django_assert_num_queries(1):
        todos = workbench.organisation_todos(qiye)

    assert [(t.kind, t.reference, t.action, t.status, t.due, t.urgency) for t in todos] == [
        ("招聘岗位", "将截止岗位", "岗位即将截止，如仍招聘请延期", "已发布", dt.date(2020, 6, 5), "later"),
        ("补贴申请 OP6", returned.reference, "按退回意见修改后重新提交", "退回修改", None, "later"),
        ("行政许可", permit.reference, "预约领取审批结果", "已公示，待领取", None, "later"),
        ("裁减人员报告", f"报告 {ours.pk}", "按退回意见补正后重新报告", "退回补正", None, "later"),
        ("招聘岗位", "草稿岗位", "修改后发布", "草稿", None, "later"),
        ("招聘岗位", "被退回岗位", "修改后发布", "未通过审核", None, "later"),
    ]  # dated first, then by reference
    assert todos[4].url == reverse("jobs:mine") and todos[3].url == reverse("layoffs:detail", args=[ours.pk])
    assert not any("别家" in t.reference or t.reference == f"报告 {report.pk}" for t in todos)
