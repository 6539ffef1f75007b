"""Live lessons: the provider starts (not earlier than 30 minutes before the schedule) and ends the
room, each move an audit row; trainees join and leave; the attended time is the union of a
trainee's stays clipped to the actual start–end, and it counts toward class hours (÷ 45)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import id_number, make_organisation, make_user, service_day
from tests.training.setup import World, commission
from wengang.accounts.models import Role
from wengang.cases.workflow import TransitionError, history
from wengang.registry.validators import mask_id_number
from wengang.training import live as lives
from wengang.training.models import LessonProgress, LiveSession, LiveStatus, LiveVisit
from wengang.training.records import people, whole_time
from wengang.training.services import TrainingError, lesson_add_session

pytestmark = pytest.mark.django_db
ROOM = "https://live.example.com/room/8812"


def at(hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2020, 6, 2, hour, minute, second))


def pings(learner, live, start: dt.datetime, end: dt.datetime) -> None:
    """The open page's pings, one a minute from ``start`` up to ``end``."""
    moment = start
    while moment <= end:
        assert lives.ping(user=learner, live=live, now=moment)
        moment += dt.timedelta(minutes=1)


@pytest.fixture
def world(settings, tmp_path):
    service_day(settings, "2020-06-02", tmp_path)
    w = World()
    commission(w)
    lesson = lesson_add_session(
        course=w.course, title="第1次直播", kind="live", starts_at=at(19), ends_at=at(20, 30), room_url=ROOM
    )
    w.live = LiveSession.objects.get(lesson=lesson)
    return w


def test_a_live_lesson_needs_an_https_room_link(world):
    for bad in ("", "http://live.example.com/1", "javascript:alert(1)", "https://localhost/x"):
        with pytest.raises(TrainingError, match="直播间链接须为以 https:// 开头的网址"):
            lesson_add_session(course=world.course, title="直播", kind="live", starts_at=at(19), ends_at=at(20), room_url=bad)


def test_the_provider_may_start_from_thirty_minutes_before_the_schedule(world):
    with pytest.raises(TransitionError, match="18:30 起才能开始直播"):
        lives.live_start(live=world.live, actor=world.staff, now=at(18, 29, 59))
    assert world.live.status == LiveStatus.SCHEDULED
    lives.live_start(live=world.live, actor=world.staff, now=at(18, 30))
    assert world.live.status == LiveStatus.LIVE and world.live.started_at == at(18, 30)
    lives.live_end(live=world.live, actor=world.staff, now=at(20, 31))
    assert [(e.move, e.to_status) for e in history(world.live)] == [("开始直播", "live"), ("结束直播", "ended")]


def test_another_providers_lesson_is_refused(world, client):
    other = make_user("peixun_x", Role.PROVIDER, organisation=make_organisation(905, "另一培训学校", kind="training"))
    with pytest.raises(TransitionError, match="只有开设本课程的培训机构可以“开始直播”"):
        lives.live_start(live=world.live, actor=other, now=at(19))
    client.force_login(other)
    lesson_pk = world.live.lesson_id
    assert client.post(reverse("training:live_move", args=[lesson_pk, "live"])).status_code == 404
    assert client.get(reverse("training:live_room", args=[lesson_pk])).status_code == 404
    world.live.refresh_from_db()
    assert world.live.status == LiveStatus.SCHEDULED


def test_joining_before_the_start_or_after_the_end_is_refused(world):
    _, learner = world.learner(1)
    with pytest.raises(TrainingError, match="直播尚未开始"):
        lives.join(user=learner, live=world.live, now=at(19, 1))
    lives.live_start(live=world.live, actor=world.staff, now=at(19))
    lives.live_end(live=world.live, actor=world.staff, now=at(20, 30))
    with pytest.raises(TrainingError, match="直播已结束，不能再进入"):
        lives.join(user=learner, live=world.live, now=at(20, 31))
    assert not LiveVisit.objects.exists()


def test_a_trainee_is_not_in_twice_and_a_stranger_not_at_all(world):
    _, learner = world.learner(1)
    stranger = make_user("geren_x", Role.INDIVIDUAL, id_number="110105199001011236")
    lives.live_start(live=world.live, actor=world.staff, now=at(19))
    lives.join(user=learner, live=world.live, now=at(19, 5))
    with pytest.raises(TrainingError, match="您已在直播间中"):
        lives.join(user=learner, live=world.live, now=at(19, 6))
    with pytest.raises(TrainingError, match="您未报名该课程"):
        lives.join(user=stranger, live=world.live, now=at(19, 6))
    assert LiveVisit.objects.count() == 1


def test_attended_minutes_are_the_union_of_stays_clipped_to_the_actual_times(world):
    a, learner_a = world.learner(1)
    b, learner_b = world.learner(2)
    c, learner_c = world.learner(3)
    live = world.live
    lives.live_start(live=live, actor=world.staff, now=at(19))
    # A: 19:05–19:20 (left by the button), rejoins 19:30, last ping 19:59, then closes the browser
    lives.join(user=learner_a, live=live, now=at(19, 5))
    pings(learner_a, live, at(19, 6), at(19, 19))
    assert lives.leave(user=learner_a, live=live, now=at(19, 20)) is not None
    assert lives.leave(user=learner_a, live=live, now=at(19, 21)) is None  # not in: nothing to end
    lives.join(user=learner_a, live=live, now=at(19, 30))
    pings(learner_a, live, at(19, 31), at(19, 59))
    # B: 19:10 until after the end, pinging; C: in and out within a minute
    lives.join(user=learner_b, live=live, now=at(19, 10))
    pings(learner_b, live, at(19, 10, 30), at(20, 29, 30))
    lives.join(user=learner_c, live=live, now=at(19, 40))
    lives.leave(user=learner_c, live=live, now=at(19, 40, 45))
    assert sorted(r.name for r in lives.in_room(live, now=at(20, 0))) == ["学员1", "学员2"]
    assert [r.name for r in lives.in_room(live, now=at(20, 29, 45))] == ["学员2"]  # A's pings stopped at 19:59
    lives.live_end(live=live, actor=world.staff, now=at(20, 30))

    counted = dict(LessonProgress.objects.values_list("enrolment_id", "counted_ms"))
    assert counted == {a.pk: (15 + 29) * 60_000, b.pk: 80 * 60_000, c.pk: 45_000}
    progress = LessonProgress.objects.get(enrolment=a)
    assert progress.intervals == [[5 * 60_000, 20 * 60_000], [30 * 60_000, 59 * 60_000]]
    assert progress.by_day == {"2020-06-02": 44 * 60_000}
    assert not LiveVisit.objects.filter(left_at__isnull=True).exists()
    # counted like recorded minutes: 80 minutes ÷ 45 = 1.77 课时 (cut), 44 minutes = 0.97
    hours = {p.name: p.hours.hours for p in people([a, b, c], *whole_time(), dt.date(2020, 6, 2))}
    assert hours == {"学员1": Decimal("0.97"), "学员2": Decimal("1.77"), "学员3": Decimal("0.01")}
    assert [(x.name, x.minutes) for x in lives.attendance(live)] == [
        ("学员1", Decimal("44.00")),
        ("学员2", Decimal("80.00")),
        ("学员3", Decimal("0.75")),
    ]


def test_overlapping_stays_count_once_and_only_inside_the_lesson():
    start, end = at(19), at(20)
    stays = [(at(18, 50), at(19, 10)), (at(19, 5), at(19, 25)), (at(19, 50), at(20, 15))]
    intervals, ms = lives.attended(stays, start, end)
    assert intervals == [[0, 25 * 60_000], [50 * 60_000, 60 * 60_000]]
    assert ms == 35 * 60_000


def test_a_ping_after_the_timeout_finds_the_stay_ended_at_the_last_ping(world):
    enrolment, learner = world.learner(1)
    lives.live_start(live=world.live, actor=world.staff, now=at(19))
    lives.join(user=learner, live=world.live, now=at(19))
    assert lives.ping(user=learner, live=world.live, now=at(19, 1))
    assert not lives.ping(user=learner, live=world.live, now=at(19, 3))  # 2 minutes of silence
    visit = LiveVisit.objects.get()
    assert visit.left_at == at(19, 1)
    lives.join(user=learner, live=world.live, now=at(19, 3))  # may come back in
    pings(learner, world.live, at(19, 4), at(19, 9))
    lives.live_end(live=world.live, actor=world.staff, now=at(19, 10))
    assert LessonProgress.objects.get(enrolment=enrolment).counted_ms == 8 * 60_000


def test_the_trainee_sees_enter_only_while_live_and_the_provider_sees_who_is_in(world, client):
    _, learner = world.learner(1)
    lesson_pk = world.live.lesson_id
    client.force_login(learner)
    page = client.get(reverse("training:lesson", args=[lesson_pk])).content.decode()
    assert "直播尚未开始" in page and "进入直播" not in page
    lives.live_start(live=world.live, actor=world.staff, now=at(18, 45))
    assert "进入直播" in client.get(reverse("training:lesson", args=[lesson_pk])).content.decode()
    response = client.post(reverse("training:live_join", args=[lesson_pk]), follow=True)
    page = response.content.decode()
    assert "已进入直播" in page and ROOM in page and "离开直播" in page
    assert client.post(reverse("training:live_ping", args=[lesson_pk])).json()["state"] == "in"

    client.force_login(world.staff)
    assert "第1次直播" in client.get(reverse("training:live")).content.decode()  # 实时查看 links the live room
    room = client.get(reverse("training:live_room", args=[lesson_pk])).content.decode()
    assert "学员1" in room and mask_id_number(id_number(1)) in room and "结束直播" in room

    client.force_login(learner)
    page = client.post(reverse("training:live_leave", args=[lesson_pk]), follow=True).content.decode()
    assert "已离开直播" in page and "进入直播" in page
    assert client.post(reverse("training:live_ping", args=[lesson_pk])).json()["state"] == "out"


def test_the_ping_and_the_end_cost_a_few_queries_whatever_the_room(world, django_assert_max_num_queries):
    lives.live_start(live=world.live, actor=world.staff, now=at(19))
    learners = [world.learner(n)[1] for n in range(1, 6)]
    for learner in learners:
        lives.join(user=learner, live=world.live, now=at(19, 1))
    with django_assert_max_num_queries(4):  # the enrolment, the stay, its update
        assert lives.ping(user=learners[0], live=world.live, now=at(19, 2))
    with django_assert_max_num_queries(14):  # not one per stay
        lives.live_end(live=world.live, actor=world.staff, now=at(19, 3))
    # only the one who pinged was still there; the others' pages went quiet at 19:01 (nothing counted)
    assert list(LessonProgress.objects.values_list("counted_ms", flat=True)) == [120_000]


def test_a_bad_room_link_is_shown_again_with_the_reason(world, client):
    client.force_login(world.staff)
    data = {"title": "第2次直播", "kind": "live", "starts_at": "2020-06-09 19:00", "ends_at": "2020-06-09 20:30"}
    response = client.post(
        reverse("training:session_new", args=[world.course.pk]), {**data, "room_url": "http://live.example.com/2"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "直播间链接须为以 https:// 开头的网址" in page and 'value="第2次直播"' in page
    assert LiveSession.objects.count() == 1
    response = client.post(
        reverse("training:session_new", args=[world.course.pk]),
        {**data, "room_url": "https://live.example.com/2"},
        follow=True,
    )
    assert "已添加直播课“第2次直播”" in response.content.decode()
    assert LiveSession.objects.get(lesson__title="第2次直播").room_url == "https://live.example.com/2"


def test_starting_too_early_on_the_page_says_from_when(world, client, settings):
    settings.WENGANG_TODAY = "2020-06-01"  # the day before the scheduled 2020-06-02 19:00
    client.force_login(world.staff)
    url = reverse("training:live_room", args=[world.live.lesson_id])
    assert "可于 2020年6月2日 18:30（计划开始前30分钟）起开始直播" in client.get(url).content.decode()
    response = client.post(reverse("training:live_move", args=[world.live.lesson_id, "live"]))
    assert response.status_code == 400
    assert "直播计划于 2020年06月02日 19:00 开始，18:30 起才能开始直播" in response.content.decode()
    world.live.refresh_from_db()
    assert world.live.status == LiveStatus.SCHEDULED and world.live.started_at is None
    assert client.post(reverse("training:live_move", args=[world.live.lesson_id, "nonsense"])).status_code == 404
