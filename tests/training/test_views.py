"""The training pages as their users meet them: the provider uploads lessons and enrols, the video
page reports progress, the firm's OP6 draft is built from the record, the reviewer reads it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import id_number, make_reviewer, pdf_bytes
from tests.training.setup import video_upload
from wengang.subsidies.models import Application, TrainingLine
from wengang.training.learning import LearningPass, pass_read
from wengang.training.models import Lesson, LessonProgress, RejectedHeartbeat
from wengang.training.services import lesson_add_video

pytestmark = pytest.mark.django_db


def record(enrolment, lesson, minutes: str | int, day: str = "2020-05-20") -> None:
    """A learning record as heartbeats would have left it (``minutes`` counted on ``day``)."""
    from decimal import Decimal

    ms = int(Decimal(str(minutes)) * 60000)
    LessonProgress.objects.create(
        enrolment=enrolment, lesson=lesson, intervals=[[0, ms]], counted_ms=ms, by_day={day: ms}
    )


def test_a_non_video_upload_is_shown_again_with_the_reason(client, world):
    client.force_login(world.staff)
    upload = SimpleUploadedFile("第一课.mp4", pdf_bytes(), content_type="video/mp4")
    response = client.post(reverse("training:lesson_new", args=[world.course.pk]), {"title": "第一课", "video": upload})
    assert response.status_code == 400
    assert "无法读取该视频：文件不是视频，或已损坏" in response.content.decode()
    assert 'value="第一课"' in response.content.decode()
    assert not Lesson.objects.exists()


def test_a_video_upload_shows_its_duration(client, world):
    client.force_login(world.staff)
    url = reverse("training:lesson_new", args=[world.course.pk])
    response = client.post(url, {"title": "安全用电", "video": video_upload(3)}, follow=True)
    assert "已添加录播课节“安全用电”，时长 0:03" in response.content.decode()


def test_the_video_is_served_in_ranges_to_an_enrolled_learner(client, world):
    lesson = lesson_add_video(course=world.course, title="第一课", upload=video_upload(3))
    _, learner = world.learner(1)
    client.force_login(learner)
    response = client.get(reverse("training:video", args=[lesson.pk]), HTTP_RANGE="bytes=0-99")
    assert response.status_code == 206
    assert response["Content-Range"].startswith("bytes 0-99/")
    assert len(response.content) == 100


def test_the_heartbeat_endpoint_counts_and_refuses_in_json(client, world):
    """The page's pass in the header is the whole authentication: the heartbeat comes from a
    client without cookies, CSRF checks on, and reads neither the session nor the user."""
    lesson = lesson_add_video(course=world.course, title="第一课", upload=video_upload(3))
    enrolment, learner = world.learner(1)
    client.force_login(learner)
    page = client.get(reverse("training:lesson", args=[lesson.pk]))
    learning_pass = page.context["learning_pass"]
    assert f'data-pass="{learning_pass}"' in page.content.decode()
    url = reverse("training:heartbeat")
    player = Client(enforce_csrf_checks=True)
    headers = {"X-Learning-Pass": learning_pass}
    now_ms = int(dt.datetime.now(dt.UTC).timestamp() * 1000)
    body = {"lesson": lesson.pk, "seq": 1, "start_ms": 0, "end_ms": 1500, "rate": 1, "sent_at": now_ms}
    with CaptureQueriesContext(connection) as queries:
        answer = player.post(url, json.dumps(body), content_type="application/json", headers=headers)
    assert answer.json() == {"state": "ok", "added_ms": 1500, "total_ms": 1500}
    assert "no-store" in answer["Cache-Control"]
    statements = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "BEGIN"))]
    # PostgreSQL: one read, one write of both rows; SQLite: one read, two updates in a transaction
    assert len(statements) == (2 if connection.vendor == "postgresql" else 3), statements
    assert not any("django_session" in sql or "accounts_user" in sql for sql in statements)
    again = player.post(url, json.dumps(body), content_type="application/json", headers=headers).json()
    assert (again["state"], again["added_ms"], again["total_ms"]) == ("duplicate", 0, 1500)
    bad = player.post(url, b"\x00\xff not json", content_type="application/json", headers=headers).json()
    assert bad["state"] == "rejected"
    huge = player.post(url, json.dumps({**body, "pad": "x" * 5000}), content_type="application/json", headers=headers)
    assert huge.status_code == 400
    assert LessonProgress.objects.get(enrolment=enrolment).counted_ms == 1500
    assert RejectedHeartbeat.objects.count() == 1


def test_a_heartbeat_without_its_pass_is_refused_whoever_is_signed_in(client, world):
    """The session cookie of the learner does not stand in for the pass."""
    lesson = lesson_add_video(course=world.course, title="第一课", upload=video_upload(3))
    enrolment, learner = world.learner(1)
    client.force_login(learner)
    client.get(reverse("training:lesson", args=[lesson.pk]))
    now_ms = int(dt.datetime.now(dt.UTC).timestamp() * 1000)
    body = {"lesson": lesson.pk, "seq": 1, "start_ms": 0, "end_ms": 1500, "rate": 1, "sent_at": now_ms}
    response = client.post(reverse("training:heartbeat"), json.dumps(body), content_type="application/json")
    assert response.status_code == 403
    assert response.json()["message"] == "缺少学习凭证，请重新打开本课节"
    assert LessonProgress.objects.get(enrolment=enrolment).counted_ms == 0
    assert not RejectedHeartbeat.objects.exists()  # a stray request, not a forged heartbeat: only the log has it


def test_the_presence_check_gives_a_new_pass(client, world):
    lesson = lesson_add_video(course=world.course, title="第一课", upload=video_upload(3))
    _, learner = world.learner(1)
    client.force_login(learner)
    session = client.get(reverse("training:lesson", args=[lesson.pk])).context["session"]
    answer = client.post(reverse("training:presence"), {"token": session.token}).json()
    assert answer["state"] == "ok"
    assert pass_read(answer["pass"]) == LearningPass(session.pk, learner.pk, session.progress.enrolment_id, lesson.pk)


def test_the_firms_op6_draft_lists_who_reached_40_hours_with_the_engines_amount(client, world):
    lesson = Lesson.objects.create(course=world.course, title="第一课", duration_ms=3_600_000 * 40)
    full, _ = world.learner(1)
    short, _ = world.learner(2)
    record(full, lesson, 1800)  # 40.00 课时
    record(short, lesson, "1799.55")  # 39.99 课时
    client.force_login(world.firm_user)
    page = client.get(reverse("training:employees")).content.decode()
    assert "线上 1800 分钟，每课时 45 分钟，合 40.00 课时，达到 40 课时（OP6）" in page
    assert "线上 1799.55 分钟，每课时 45 分钟，合 39.99 课时，距 40 课时还差 0.45 分钟（OP6）" in page
    response = client.post(reverse("training:claim"))
    application = Application.objects.get(organisation=world.firm)
    assert response["Location"] == reverse("subsidies:apply_detail", args=[application.pk])
    lines = list(TrainingLine.objects.filter(application=application))
    assert [(line.id_number, str(line.class_hours)) for line in lines] == [(id_number(1), "40.0")]
    from wengang.subsidies.services.engine import judge

    result = judge(application, dt.date(2020, 6, 1))
    assert sum(1 for item in result.items if item.counted) == 1


def test_hours_of_one_person_add_up_across_providers(client, world):
    from wengang.training.models import Course, Enrolment

    lesson = Lesson.objects.create(course=world.course, title="第一课", duration_ms=3_600_000 * 40)
    own = Course.objects.create(provider=world.firm, title="企业自办安全生产")
    own_lesson = Lesson.objects.create(course=own, title="第一课", duration_ms=3_600_000 * 40)
    first, _ = world.learner(1)
    second = Enrolment.objects.create(
        course=own,
        name="学员1",
        id_number=first.id_number,
        employer=world.firm,
        enrolled_by=world.firm_user,
        offline_minutes=300,
    )
    record(first, lesson, 1000)
    record(second, own_lesson, 500)
    client.force_login(world.firm_user)
    page = client.get(reverse("training:employees")).content.decode()
    assert "线上 1500 分钟 + 线下 300 分钟 = 1800 分钟，每课时 45 分钟，合 40.00 课时，达到 40 课时（OP6）" in page
    assert page.count(first.masked_id_number) == 1


def test_2019_minutes_do_not_count_in_the_2020_claim(client, world):
    lesson = Lesson.objects.create(course=world.course, title="第一课", duration_ms=3_600_000 * 40)
    enrolment, _ = world.learner(1)
    record(enrolment, lesson, 1800, day="2019-12-31")
    client.force_login(world.firm_user)
    client.post(reverse("training:claim"))
    assert not Application.objects.exists()


def test_the_reviewer_sees_the_record_behind_each_trainee(client, world):
    lesson = Lesson.objects.create(course=world.course, title="安全用电", duration_ms=3_600_000 * 40)
    enrolment, _ = world.learner(1)
    record(enrolment, lesson, 1800)
    client.force_login(world.firm_user)
    client.post(reverse("training:claim"))
    application = Application.objects.get(organisation=world.firm)
    client.force_login(make_reviewer("shenhe_t", "vocational-skills"))
    page = client.get(reverse("training:claim_record", args=[application.pk])).content.decode()
    assert "学员1" in page and enrolment.masked_id_number in page
    assert "安全用电" in page
    assert "0:00–30:00:00" in page
    assert "2020-05-20：1800.00 分钟" in page
    assert enrolment.id_number not in page
