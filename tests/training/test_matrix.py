"""Every training view × every role: the provider's staff, a learner enrolled on its course, the
firm the learner works for, another firm, another training institution, a plain individual, an
OP6 reviewer, another department's reviewer, anonymous. 403 for the wrong role, 404 for another
organisation's course, lesson or claim. A new view without a row here fails the first test."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver, reverse
from django.utils import timezone

from tests.factories import make_organisation, make_reviewer, make_user
from tests.training.setup import op6_claim
from wengang.accounts.models import Role
from wengang.documents import services as documents
from wengang.training.models import Certificate, Lesson
from wengang.training.services import lesson_add_session

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "provider",
    "learner",
    "firm",
    "other_firm",
    "other_provider",
    "individual",
    "reviewer",
    "other_reviewer",
)
L, F, N, OK, GO, BAD = "login", "403", "404", "200", "302", "400"


def row(*outcomes: str) -> dict[str, str]:
    return dict(zip(ROLES, outcomes, strict=True))


# name → (method, outcome per role); POSTs send empty data (a form shown again is 400)
EXPECTED = {
    "home": ("GET", row(L, OK, OK, OK, OK, OK, OK, OK, OK)),
    "course_new": ("POST", row(L, BAD, F, BAD, BAD, BAD, F, F, F)),
    "course": ("GET", row(L, OK, N, N, N, N, N, N, N)),
    "lesson_new": ("POST", row(L, BAD, N, N, N, N, N, N, N)),
    "enrol": ("POST", row(L, BAD, N, N, N, N, N, N, N)),
    "session_new": ("POST", row(L, BAD, N, N, N, N, N, N, N)),
    "attendance": ("POST", row(L, BAD, N, N, N, N, N, N, N)),
    "attendance_template": ("GET", row(L, OK, F, OK, OK, OK, F, F, F)),
    "enrol_import": ("POST", row(L, BAD, N, N, N, N, N, N, N)),
    "roster_export": ("GET", row(L, OK, N, N, N, N, N, N, N)),
    "enrol_template": ("GET", row(L, OK, F, OK, OK, OK, F, F, F)),
    "lesson": ("GET", row(L, OK, OK, N, N, N, N, N, N)),
    "video": ("GET", row(L, OK, OK, N, N, N, N, N, N)),
    "heartbeat": ("POST", row(F, F, F, F, F, F, F, F, F)),  # no learning pass: whoever is signed in
    "presence": ("POST", row(L, OK, OK, OK, OK, OK, OK, OK, OK)),
    "live": ("GET", row(L, OK, F, OK, OK, OK, F, F, F)),
    "stats": ("GET", row(L, OK, F, OK, OK, OK, F, F, F)),
    "commissions": ("GET", row(L, OK, F, F, F, OK, F, F, F)),
    "employees": ("GET", row(L, F, F, OK, OK, F, F, F, F)),
    "claim": ("POST", row(L, F, F, GO, GO, F, F, F, F)),
    "claim_record": ("GET", row(L, N, N, OK, N, N, N, OK, N)),
    "live_room": ("GET", row(L, OK, N, N, N, N, N, N, N)),
    "live_move": ("POST", row(L, GO, N, N, N, N, N, N, N)),
    "live_join": ("POST", row(L, GO, GO, N, N, N, N, N, N)),
    "live_leave": ("POST", row(L, GO, GO, N, N, N, N, N, N)),
    "live_ping": ("POST", row(L, OK, OK, N, N, N, N, N, N)),
    "certificate_issue": ("POST", row(L, GO, N, N, N, N, N, N, N)),
    "certificate": ("GET", row(L, OK, OK, OK, N, N, N, N, N)),
    "course_archive": ("GET", row(L, OK, N, N, N, N, N, N, N)),
    "claim_archive": ("GET", row(L, N, N, OK, N, N, N, OK, N)),
    "employees_archive": ("GET", row(L, F, F, OK, OK, F, F, F, F)),
}


def test_every_view_has_expectations():
    _, sub = get_resolver().namespace_dict["training"]
    assert {p.name for p in sub.url_patterns} == set(EXPECTED)


@pytest.fixture
def world(world):
    """The commissioned world (conftest) with one lesson of each kind, a learner and a certificate."""
    from tests.training.setup import video_upload
    from wengang.training.services import lesson_add_video

    w = world
    lesson = lesson_add_video(course=w.course, title="第一课", upload=video_upload(3))
    enrolment, learner = w.learner(1)
    offline = Lesson.objects.create(course=w.course, title="线下课", kind="offline")
    start = timezone.make_aware(dt.datetime(2020, 6, 1, 0, 0))
    live = lesson_add_session(
        course=w.course, title="直播", kind="live", starts_at=start, ends_at=start + dt.timedelta(hours=23),
        room_url="https://live.example.com/1",
    )
    certificate = Certificate(
        enrolment=enrolment,
        document=documents.issue("training-certificate", f"training.enrolment:{enrolment.pk}", dt.date(2020, 6, 1)),
        hours=40,
        issued_on=dt.date(2020, 6, 1),
        issued_by=w.staff,
    )
    certificate.file.save("c.pdf", ContentFile(b"%PDF-1.4 test"))
    application = op6_claim(w, ("学员1", learner.id_number))
    other_school = make_organisation(903, "另一培训学校", kind="training")
    users = {
        "provider": w.staff,
        "learner": learner,
        "firm": w.firm_user,
        "other_firm": w.other_user,
        "other_provider": make_user("peixun_o", Role.PROVIDER, organisation=other_school),
        "individual": make_user("geren_t", Role.INDIVIDUAL),
        "reviewer": make_reviewer("shenhe_t", "vocational-skills"),
        "other_reviewer": make_reviewer("shenhe_o"),
    }
    args = {
        "course": [w.course.pk],
        "lesson_new": [w.course.pk],
        "enrol": [w.course.pk],
        "session_new": [w.course.pk],
        "attendance": [offline.pk],
        "enrol_import": [w.course.pk],
        "roster_export": [w.course.pk],
        "lesson": [lesson.pk],
        "video": [lesson.pk],
        "claim_record": [application.pk],
        "live_room": [live.pk],
        "live_move": [live.pk, "live"],
        "live_join": [live.pk],
        "live_leave": [live.pk],
        "live_ping": [live.pk],
        "certificate_issue": [enrolment.pk],
        "certificate": [certificate.pk],
        "course_archive": [w.course.pk],
        "claim_archive": [application.pk],
    }
    return users, args


CASES = [(name, role) for name in sorted(EXPECTED) for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_role_may_open_view(client, world, name, role):
    users, args = world
    method, outcomes = EXPECTED[name]
    if role != "anonymous":
        client.force_login(users[role])
    url = reverse(f"training:{name}", args=args.get(name, []))
    response = client.post(url) if method == "POST" else client.get(url)
    expected = outcomes[role]
    if expected == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert str(response.status_code) == expected, response.content[:300]
