"""The learners of the heartbeat benchmarks (``heartbeat.py`` under gunicorn, ``heartbeat_cost.py``
in-process): ``n`` learners (usernames ``hb-…``) enrolled on one ten-hour recorded lesson, each with
an open learning session and its learning pass (as the lesson page would have given them). Made
again on every call. Needs Django set up, with the server's SECRET_KEY (the pass is signed with it).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import time
from typing import Any

TITLE = "心跳基准课程"
#: where the video page posts its reports
URL = "/training/heartbeat/"


def report(lesson: int, seq: int, start_ms: int, span_ms: int) -> str:
    """The JSON body of one heartbeat, as the video page sends it: ``span_ms`` watched from ``start_ms``."""
    body = {
        "lesson": lesson,
        "seq": seq,
        "start_ms": start_ms,
        "end_ms": start_ms + span_ms,
        "rate": 1,
        "sent_at": int(time.time() * 1000),
    }
    return json.dumps(body)


def make_learners(n: int, *, opened_ago: dt.timedelta = dt.timedelta(0)) -> list[dict[str, Any]]:
    """The learners, as ``{pass, lesson, user}``; their learning sessions were opened
    ``opened_ago`` (a session opened long ago has two minutes of video in hand at once)."""
    from django.utils import timezone

    from wengang.accounts.models import Role, User
    from wengang.demo.data import demo_id_number, demo_uscc
    from wengang.registry.models import Organisation
    from wengang.training.learning import pass_issue, presence_check
    from wengang.training.models import Course, Enrolment, LearningSession, Lesson, LessonProgress

    Course.objects.filter(title=TITLE).delete()
    User.objects.filter(username__startswith="hb-").delete()
    school, _ = Organisation.objects.get_or_create(
        uscc=demo_uscc(901), defaults={"name": "基准培训学校", "kind": "training"}
    )
    firm, _ = Organisation.objects.get_or_create(uscc=demo_uscc(902), defaults={"name": "基准企业"})
    staff = User.objects.create(username="hb-staff", role=Role.PROVIDER, organisation=school)
    course = Course.objects.create(provider=school, title=TITLE)
    lesson = Lesson.objects.create(course=course, title="十小时录播", duration_ms=36_000_000, video_type="video/webm")
    ids = [demo_id_number(dt.date(1980, 1, 1) + dt.timedelta(days=k // 900), 100 + k % 900) for k in range(n)]
    users = User.objects.bulk_create(User(username=f"hb-{k}", role=Role.INDIVIDUAL, id_number=ids[k]) for k in range(n))
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(course=course, name=f"学员{k}", id_number=ids[k], employer=firm, enrolled_by=staff) for k in range(n)
    )
    progress = LessonProgress.objects.bulk_create(LessonProgress(enrolment=e, lesson=lesson) for e in enrolments)
    now = timezone.now()
    opened = now - opened_ago
    sessions = LearningSession.objects.bulk_create(
        LearningSession(
            token=secrets.token_urlsafe(32),
            user=u,
            progress=p,
            started_at=opened,
            last_at=opened,
            check_due_at=now + presence_check(),  # the pass lasts five minutes longer
        )
        for u, p in zip(users, progress, strict=True)
    )
    return [{"pass": pass_issue(s), "lesson": lesson.pk, "user": s.user_id} for s in sessions]


def kept() -> dict[str, int]:
    """What the database kept of the benchmark learners: counted ms and refused heartbeats."""
    from django.db.models import Sum

    from wengang.training.models import LessonProgress, RejectedHeartbeat

    total = LessonProgress.objects.filter(enrolment__course__title=TITLE).aggregate(s=Sum("counted_ms"))["s"] or 0
    refused = RejectedHeartbeat.objects.filter(user__username__startswith="hb-").count()
    return {"kept_ms": total, "refused": refused}
