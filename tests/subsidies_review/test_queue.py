"""The workbench queue: one department's applications, filters, working-day deadlines."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from wengang.accounts.models import Role
from wengang.registry.models import Street
from wengang.subsidies.models import Application, Status
from wengang.subsidies.services import review
from wengang.subsidies.services.review import application_accept, application_escalate, review_due

from .conftest import OP3_SHRINKING, application, organisation, user

QUEUE = reverse("subsidies:review_queue")


def page(client, who, **params) -> str:
    client.force_login(who)
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_it_lists_only_the_reviewers_department(client, reviewer, skills_reviewer, firm) -> None:
    op3 = application(firm, "OP3")
    op6 = application(organisation("培训企业有限公司"), "OP6")

    mine = page(client, reviewer)
    assert op3.reference in mine
    assert op6.reference not in mine

    theirs = page(client, skills_reviewer)
    assert op6.reference in theirs
    assert op3.reference not in theirs


@pytest.mark.django_db
def test_it_leaves_drafts_out(client, reviewer, firm) -> None:
    draft = application(firm, "OP3", status=Status.DRAFT)
    assert draft.reference not in page(client, reviewer)


@pytest.mark.django_db
def test_it_refuses_enterprises_and_anonymous_visitors(client, firm_user) -> None:
    client.force_login(firm_user)
    assert client.get(QUEUE).status_code == 403
    client.logout()
    assert client.get(QUEUE).status_code == 302


@pytest.mark.django_db
def test_it_filters_by_status_search_and_street(client, reviewer, firm) -> None:
    submitted = application(firm, "OP3")
    other = organisation("朝外商贸有限公司", street="朝外", facts=OP3_SHRINKING)
    accepted = application(other, "OP3")
    application_accept(application=accepted, actor=reviewer)

    by_status = page(client, reviewer, status="district_review")
    assert accepted.reference in by_status and submitted.reference not in by_status

    by_name = page(client, reviewer, q="朝外商贸")
    assert accepted.reference in by_name and submitted.reference not in by_name

    by_reference = page(client, reviewer, q=submitted.reference)
    assert submitted.reference in by_reference and accepted.reference not in by_reference

    street = other.street
    assert street is not None
    by_street = page(client, reviewer, street=street.pk)
    assert accepted.reference in by_street and submitted.reference not in by_street


@pytest.mark.django_db
def test_accepting_sets_the_review_deadline_in_working_days(reviewer, firm, settings) -> None:
    # submitted and accepted on Thursday 2020-04-30; 15 working days skip the May Day holiday
    # (1–5 May) and count Saturday 9 May, a working weekend: 6, 7, 8, 9, 11–15, 18–22, 25 May
    settings.WENGANG_TODAY = dt.date(2020, 4, 30)
    app = application(firm, "OP3")
    assert app.review_due is None
    application_accept(application=app, actor=reviewer)
    app.refresh_from_db()
    assert app.review_due == dt.date(2020, 5, 25)


@pytest.mark.django_db
def test_overdue_applications_are_marked_in_words_and_filtered(client, reviewer, firm, settings) -> None:
    settings.WENGANG_TODAY = dt.date(2020, 4, 30)
    late = application(firm, "OP3")
    application_accept(application=late, actor=reviewer)  # due 2020-05-25
    waiting = application(organisation(), "OP3")  # not yet accepted: due computed, not stored

    settings.WENGANG_TODAY = dt.date(2020, 5, 28)  # Thursday: 3 working days after 25 May
    fresh = application(organisation(), "OP3")
    assert review_due(waiting) == dt.date(2020, 5, 25)

    html = page(client, reviewer)
    assert "queue__row--overdue" in html
    assert "已逾期 3 个工作日" in html

    overdue = page(client, reviewer, overdue="on")
    assert late.reference in overdue
    assert waiting.reference in overdue
    assert fresh.reference not in overdue


@pytest.mark.django_db
def test_the_municipal_group_sees_its_joint_reviews(client, reviewer, municipal, firm) -> None:
    at_district = application(firm, "OP3", status=Status.DISTRICT_REVIEW)
    escalated = application(organisation(), "OP3", status=Status.DISTRICT_REVIEW)
    application_escalate(application=escalated, actor=reviewer, reason="缴费凭证与参保人数不一致")

    html = page(client, municipal)
    assert escalated.reference in html
    assert at_district.reference not in html


@pytest.mark.django_db
def test_the_queue_is_paginated(client, reviewer, firm) -> None:
    for _ in range(26):
        application(organisation(), "OP3")
    first = page(client, reviewer)
    assert "第 1 / 2 页" in first
    assert Application.objects.count() == 26
    second = page(client, reviewer, page=2)
    assert second.count('name="ids"') == 1


@pytest.mark.django_db
def test_htmx_gets_only_the_results(client, reviewer, firm) -> None:
    app = application(firm, "OP3")
    client.force_login(reviewer)
    response = client.get(QUEUE, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert app.reference in html
    assert "<html" not in html


@pytest.mark.django_db
def test_a_reviewer_without_a_department_is_refused(client) -> None:
    client.force_login(user(Role.REVIEWER))
    assert client.get(QUEUE).status_code == 403


@pytest.mark.django_db
def test_the_status_tabs_count_the_departments_applications(client, reviewer, firm) -> None:
    application(firm, "OP3")
    application(organisation(), "OP3")
    application(organisation(), "OP3", status=Status.DISTRICT_REVIEW)
    application(organisation("培训企业有限公司"), "OP6")  # another department's
    html = page(client, reviewer)
    assert 'href="?status=submitted">已提交 <span class="count">2</span>' in html
    assert 'href="?status=district_review">区级审核中 <span class="count">1</span>' in html


@pytest.mark.django_db
def test_the_queue_opens_on_open_cases_by_deadline(client, reviewer, firm, settings) -> None:
    """Issue 12: the queue opened on 全部 with withdrawn and closed cases first."""
    settings.WENGANG_TODAY = dt.date(2020, 4, 30)
    withdrawn = application(organisation(), "OP3")
    closed = application(organisation(), "OP3")
    # finished cases, with no review deadline (SQLite sorts those NULLs first)
    Application.objects.filter(pk=withdrawn.pk).update(status=Status.WITHDRAWN)
    Application.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    later = application(organisation(), "OP3")
    application_accept(application=later, actor=reviewer)  # due 2020-05-25
    later.refresh_from_db()
    sooner = application(firm, "OP3", status=Status.DISTRICT_REVIEW)
    Application.objects.filter(pk=sooner.pk).update(review_due=dt.date(2020, 5, 6))

    html = page(client, reviewer)
    assert withdrawn.reference not in html and closed.reference not in html
    assert html.index(sooner.reference) < html.index(later.reference)
    assert '<a href="/hall/review/" aria-current="page">待办理 <span class="count">2</span>' in html

    everything = page(client, reviewer, status="all")
    assert withdrawn.reference in everything and closed.reference in everything
    # open cases by deadline come before the finished ones, whatever the database's NULL order
    assert everything.index(later.reference) < everything.index(withdrawn.reference)


@pytest.mark.django_db
def test_cases_submitted_on_several_service_days_are_listed_by_their_deadline(client, reviewer, settings) -> None:
    """A case awaiting 受理 is due 15 working days after its submission date, as an accepted one is:
    the queue orders both kinds by that date, then by the submission time shown, then as created,
    whichever real day each was submitted on."""
    settings.WENGANG_TODAY = dt.date(2020, 5, 11)
    accepted = application(organisation(), "OP3")
    application_accept(application=accepted, actor=reviewer)
    settings.WENGANG_TODAY = dt.date(2020, 5, 7)
    thursday = application(organisation(), "OP3")
    settings.WENGANG_TODAY = dt.date(2020, 5, 6)
    evening = application(organisation(), "OP3")
    morning = application(organisation(), "OP3")  # created after the evening one, submitted earlier in the day
    Application.objects.filter(pk=evening.pk).update(submitted_at=dt.datetime(2020, 5, 6, 15, 30, tzinfo=dt.UTC))
    Application.objects.filter(pk=morning.pk).update(submitted_at=dt.datetime(2020, 5, 6, 0, 30, tzinfo=dt.UTC))
    settings.WENGANG_TODAY = dt.date(2020, 5, 12)

    dues = {app.reference: review_due(Application.objects.get(pk=app.pk)) for app in (accepted, thursday, morning)}
    html = page(client, reviewer)

    assert dues == {
        accepted.reference: dt.date(2020, 6, 1),
        thursday.reference: dt.date(2020, 5, 27),
        morning.reference: dt.date(2020, 5, 26),
    }
    listed = sorted((accepted, thursday, evening, morning), key=lambda app: html.index(app.reference))
    assert listed == [morning, evening, thursday, accepted]


@pytest.mark.django_db
def test_overdue_cases_come_first(client, reviewer, firm, settings) -> None:
    settings.WENGANG_TODAY = dt.date(2020, 4, 30)
    waiting = application(organisation(), "OP3")  # not yet accepted: due 2020-05-25, not stored
    settings.WENGANG_TODAY = dt.date(2020, 5, 28)
    due_later = application(firm, "OP3", status=Status.DISTRICT_REVIEW)
    Application.objects.filter(pk=due_later.pk).update(review_due=dt.date(2020, 6, 10))
    html = page(client, reviewer)
    assert html.index(waiting.reference) < html.index(due_later.reference)


@pytest.mark.django_db
def test_the_municipal_group_sees_only_its_tabs_and_actions(client, reviewer, municipal, firm) -> None:
    """Issue 12: the municipal group saw district tabs (已提交, 容缺) and a 受理 batch action."""
    escalated = application(firm, "OP3", status=Status.DISTRICT_REVIEW)
    application_escalate(application=escalated, actor=reviewer, reason="缴费凭证与参保人数不一致")
    html = page(client, municipal)
    assert escalated.reference in html
    assert "?status=submitted" not in html and "?status=deficient" not in html
    assert "?status=municipal_review" in html
    assert '<option value="accept">' not in html and '<option value="approve">' in html

    district = page(client, reviewer)
    assert '<option value="accept">' in district and "?status=submitted" in district


@pytest.mark.django_db
def test_the_filters_offer_only_the_statuses_and_subsidies_the_queue_can_hold(client, reviewer, municipal) -> None:
    """Issue 12: the municipal group's status filter offered 已提交, 容缺 and 已撤回, and every subsidy."""
    import re

    def options(html: str, name: str) -> list[str]:
        select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
        assert select is not None
        return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0))

    group = page(client, municipal)
    assert options(group, "status") == ["待办理（未办结）", "市审核小组联审中", "审核通过", "不予通过", "已拨付", "全部"]
    assert options(group, "subsidy") == ["全部", "OP2 困难企业失业保险费返还", "OP3 一次性社会保险补贴"]

    district = page(client, reviewer)
    assert options(district, "status")[:3] == ["待办理（未办结）", "已提交", "容缺受理（待补正）"]
    assert "逾期未补正，已关闭" in options(district, "status")
    # the 劳动服务管理中心's subsidies; OP4 to OP6 go to other departments
    assert options(district, "subsidy") == [
        "全部", "N14 就业示范基地一次性就业补贴", "OP1 岗位补贴和社会保险补贴", "OP2 困难企业失业保险费返还", "OP3 一次性社会保险补贴",
    ]


@pytest.mark.django_db
def test_the_list_count_comes_from_the_status_counts_and_is_exact(
    client, reviewer, municipal, firm, django_assert_num_queries
) -> None:
    """Issue 11 (load): a status filter's count is taken from the tabs' grouped count, with no COUNT(*)
    of its own; it equals the rows the filter lists, for every status and for each user's scope."""
    application(firm, "OP3")
    application(organisation(), "OP3", status=Status.DISTRICT_REVIEW)
    application(organisation(), "OP3", status=Status.WITHDRAWN)
    application(organisation(), "OP3", status=Status.DRAFT)  # never on the queue
    escalated = application(organisation(), "OP3", status=Status.DISTRICT_REVIEW)
    application_escalate(application=escalated, actor=reviewer, reason="缴费凭证与参保人数不一致")
    application(organisation("培训企业有限公司"), "OP6")  # another department's
    for who in (reviewer, municipal):
        counts = review.queue_status_counts(who)
        for status in ("", "all", *(s.value for s in Status)):
            flt = review.QueueFilter(status=status)
            listed = review.queue_filter(review.queue_for(who), flt).count()
            assert review.filtered_count(counts, flt) == listed, (who.username, status)
    # another criterion narrows the list: the count is the list's own
    assert review.filtered_count(counts, review.QueueFilter(search="CY2020")) is None
    assert review.filtered_count(counts, review.QueueFilter(overdue=True)) is None
    html = page(client, reviewer, status="all")
    assert "共 4 件" in html  # submitted, district review, municipal review (escalated), withdrawn; not OP6 nor the draft
    client.force_login(reviewer)
    with django_assert_num_queries(8):  # session, user, waiting, counts, list, department, types, streets
        client.get(QUEUE)


@pytest.mark.django_db
def test_the_filter_fields_are_kept_per_set_of_choices(client, reviewer, firm) -> None:
    """Issue 11 (load): the unfilled filter form is rendered once per process for its choices; a new
    street is offered at once, and a filled-in form shows the user's values."""
    def fields(html: str) -> str:
        return html.split('<div class="queue-filter__fields">')[1].split('<div class="form-actions">')[0]

    before = page(client, reviewer)
    assert "新建测试街道" not in before and '<select name="street"' in fields(before)
    assert fields(page(client, reviewer)) == fields(before)  # the same fields, kept
    new = Street.objects.create(name="新建测试", kind=Street.Kind.STREET)
    after = page(client, reviewer)
    assert f'<option value="{new.pk}">新建测试街道</option>' in after
    filled = page(client, reviewer, street=new.pk, q="CY2020")
    assert f'<option value="{new.pk}" selected>新建测试街道</option>' in filled
    assert 'value="CY2020"' in filled
    assert 'value="CY2020"' not in page(client, reviewer)


@pytest.mark.django_db
def test_the_waiting_list_has_one_row_per_subsidy_type_and_submission_day(reviewer, settings) -> None:
    """Cases awaiting 受理 give the deadline column one ``WHEN`` per subsidy type and day, not one per
    case (the model's default ordering once put each case's ``created_at`` into the DISTINCT); an
    accepted case has its deadline stored and is not waiting."""
    settings.WENGANG_TODAY = dt.date(2020, 5, 6)
    first, second, third = (application(organisation(), "OP3") for _ in range(3))
    Application.objects.filter(pk__in=[first.pk, second.pk]).update(
        submitted_at=dt.datetime(2020, 5, 6, 1, 30, tzinfo=dt.UTC)
    )
    Application.objects.filter(pk=third.pk).update(submitted_at=dt.datetime(2020, 5, 6, 20, 0, tzinfo=dt.UTC))
    accepted = application(organisation(), "OP3")
    application_accept(application=accepted, actor=reviewer)

    # 20:00 UTC is 04:00 the next day in Beijing: a second day of the same subsidy type
    assert review._waiting() == [
        (first.subsidy_type_id, 15, dt.date(2020, 5, 6)),
        (first.subsidy_type_id, 15, dt.date(2020, 5, 7)),
    ]


@pytest.mark.django_db
def test_the_compiled_queue_page_is_each_scopes_own_and_read_afresh(reviewer, skills_reviewer, municipal, firm) -> None:
    """Issue 11 (load): ``queue_page`` compiles the list's SQL once per scope, filter, date and waiting
    list; each department still gets only its own cases, in the ORM queryset's order, and a case added
    since is listed on the next call (the rows are read each time, only the compiling is kept)."""
    op3 = application(firm, "OP3")
    escalated = application(organisation(), "OP3", status=Status.DISTRICT_REVIEW)
    application_escalate(application=escalated, actor=reviewer, reason="缴费凭证与参保人数不一致")
    op6 = application(organisation("培训企业有限公司"), "OP6")
    for who in (reviewer, skills_reviewer, municipal):
        for flt in (review.QueueFilter(), review.QueueFilter(status="all"), review.QueueFilter(overdue=True)):
            expected = list(review.queue_filter(review.queue_for(who), flt)[0:25])
            assert review.queue_page(who, flt, 0, 25) == expected
            assert review.queue_page(who, flt, 0, 25) == expected  # the compiled SQL, run again

    assert review.queue_page(reviewer, review.QueueFilter(), 0, 25) == [op3, escalated]
    assert review.queue_page(skills_reviewer, review.QueueFilter(), 0, 25) == [op6]
    assert review.queue_page(municipal, review.QueueFilter(), 0, 25) == [escalated]
    assert review.queue_page(reviewer, review.QueueFilter(), 1, 26) == [escalated]

    later = application(organisation(), "OP3", status=Status.DISTRICT_REVIEW)
    assert review.queue_page(reviewer, review.QueueFilter(status="district_review"), 0, 25) == [later]
    rows = review.queue_page(reviewer, review.QueueFilter(), 0, 25)
    assert set(rows) == {op3, escalated, later} and rows[0].organisation.street.name
