"""Pages of the training platform under /training/. Thin: check permissions, validate, call one
service, redirect or render. Another provider's course or lesson is a 404; a wrong role a 403."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from wengang import clock, spreadsheets
from wengang.accounts import permissions as base
from wengang.cases.views import act_and_back, acting_user
from wengang.cases.workflow import TransitionError, history, next_moves
from wengang.config.security import sessionless
from wengang.registry.models import Organisation
from wengang.subsidies.models import Application

from . import archive, certificates, learning, permissions, records
from . import claim as claims
from . import live as lives
from . import services as svc
from .forms import (
    AttendanceForm,
    CommissionForm,
    CourseForm,
    EnrolForm,
    LiveMoveForm,
    SessionLessonForm,
    UploadForm,
    VideoLessonForm,
)
from .models import (
    Certificate,
    Commission,
    Course,
    Enrolment,
    Lesson,
    LessonKind,
    LessonProgress,
    LiveSession,
    LiveStatus,
    clock_text,
)

MAX_HEARTBEAT_BYTES = 2048
RANGE = re.compile(r"^bytes=(\d{1,15})-(\d{0,15})$")
#: a range answer is at most this long; the player asks for the next part
RANGE_CHUNK = 8 * 1024 * 1024


def _course(user: Any, pk: int) -> Course:
    course = get_object_or_404(Course.objects.select_related("provider"), pk=pk)
    if not permissions.may_manage_course(user, course):
        raise Http404
    return course


def _course_page(request: HttpRequest, course: Course, **forms: Any) -> HttpResponse:
    enrolments = list(course.enrolments.select_related("employer"))
    lessons = list(course.lessons.all())
    totals = records.people(enrolments, *records.whole_time(), clock.today())
    issued = {
        c.enrolment_id: c for c in Certificate.objects.filter(enrolment__course=course).select_related("document")
    }
    rows = [
        (p, certificates.Completion(p.hours, course.completion_hours), issued.get(p.enrolments[0].pk))
        for p in totals
        if p.hours is not None
    ]
    context = {
        "course": course,
        "lessons": lessons,
        "people": rows,
        "lesson_form": forms.get("lesson_form") or VideoLessonForm(),
        "session_form": forms.get("session_form") or SessionLessonForm(),
        "attendance_form": forms.get("attendance_form") or AttendanceForm(),
        "enrol_form": forms.get("enrol_form") or EnrolForm(),
        "upload_form": forms.get("upload_form") or UploadForm(),
        "row_errors": forms.get("row_errors") or [],
    }
    return render(request, "training/course.html", context, status=400 if forms else 200)


# ---- home ---------------------------------------------------------------------------------------


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    context: dict[str, Any] = {
        "may_run": permissions.may_run_courses(user),
        "is_provider": permissions.is_provider_staff(user),
        "may_claim": permissions.may_claim(user),
        "course_form": CourseForm(),
    }
    enrolments = list(svc.enrolments_of(user).prefetch_related("course__lessons"))
    if enrolments:
        watched = dict(LessonProgress.objects.filter(enrolment__in=enrolments).values_list("lesson_id", "counted_ms"))
        issued = {
            c.enrolment_id: c for c in Certificate.objects.filter(enrolment__in=enrolments).select_related("document")
        }
        context["enrolments"] = [
            (
                e,
                [(lesson, clock_text(watched.get(lesson.pk, 0))) for lesson in e.course.lessons.all()],
                issued.get(e.pk),
            )
            for e in enrolments
        ]
        context["me"] = records.people(enrolments, *records.whole_time(), clock.today())[0]
    if context["may_run"]:
        context["courses"] = list(Course.objects.filter(provider_id=user.organisation_id).order_by("id"))
    return render(request, "training/home.html", context)


@login_required
@require_POST
def course_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.may_run_courses, "只有培训机构或企业可以开设课程")
    form = CourseForm(request.POST)
    if not form.is_valid():
        courses = list(Course.objects.filter(provider_id=user.organisation_id))
        context = {"may_run": True, "courses": courses, "course_form": form, "enrolments": []}
        return render(request, "training/home.html", context, status=400)
    course = svc.course_create(user=user, **form.cleaned_data)
    messages.success(request, f"已开设课程“{course.title}”，请添加课节、报名学员")
    return redirect("training:course", pk=course.pk)


# ---- a course: lessons, enrolment, roster ------------------------------------------------------


@login_required
@require_safe
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _course_page(request, _course(acting_user(request), pk))


def _course_form(
    request: HttpRequest,
    course: Course,
    form_key: str,
    form: Any,
    act: Callable[[dict[str, Any]], str],
    error_field: str | None = None,
    rows_error: str = "",
) -> HttpResponse:
    """The shape of every form posted on a course page: valid → ``act`` (the one service call; it
    returns the success message) → back to the course. A ``TrainingError`` goes on the form at
    ``error_field``; for a roster upload (``rows_error``, the form's error with ``{n}`` for the count)
    the rejected rows are listed under it. Otherwise the course page again, with this form."""
    row_errors: list[str] = []
    if form.is_valid():
        try:
            message = act(form.cleaned_data)
        except svc.TrainingError as err:
            if rows_error and isinstance(err, svc.EnrolmentRowsError):
                row_errors = err.errors
                form.add_error(error_field, rows_error.format(n=len(err.errors)))
            else:
                form.add_error(error_field, str(err))
        else:
            messages.success(request, message)
            return redirect("training:course", pk=course.pk)
    return _course_page(request, course, **{form_key: form}, row_errors=row_errors)


@login_required
@require_POST
def lesson_new(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(acting_user(request), pk)

    def add(data: dict[str, Any]) -> str:
        lesson = svc.lesson_add_video(course=course, title=data["title"], upload=data["video"])
        return f"已添加录播课节“{lesson.title}”，时长 {clock_text(lesson.duration_ms)}"

    return _course_form(request, course, "lesson_form", VideoLessonForm(request.POST, request.FILES), add, "video")


@login_required
@require_POST
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(acting_user(request), pk)

    def add(data: dict[str, Any]) -> str:
        lesson = svc.lesson_add_session(course=course, **data)
        return f"已添加{lesson.get_kind_display()}“{lesson.title}”"

    return _course_form(request, course, "session_form", SessionLessonForm(request.POST), add)


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """A lesson's attendance sheet (offline or live), replacing its earlier one."""
    user = acting_user(request)
    lesson = get_object_or_404(Lesson.objects.select_related("course"), pk=pk)
    if not permissions.may_manage_course(user, lesson.course):
        raise Http404

    def load(data: dict[str, Any]) -> str:
        count = svc.attendance_import(user=user, lesson=lesson, upload=data["file"])
        return f"已导入“{lesson.title}”的签到 {count} 人"

    form = AttendanceForm(request.POST, request.FILES)
    rows_error = "签到表中有 {n} 处错误，未导入，请修改后重新导入"
    return _course_form(request, lesson.course, "attendance_form", form, load, "file", rows_error)


@login_required
@require_safe
def attendance_template(request: HttpRequest) -> HttpResponse:
    acting_user(request, permissions.may_run_courses, "只有培训机构或企业可以下载签到表模板")
    return spreadsheets.download(svc.attendance_template(), "线下签到表模板")


@login_required
@require_POST
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    course = _course(user, pk)

    def add(data: dict[str, Any]) -> str:
        enrolment = svc.enrolment_add(user=user, course=course, row=data)
        return f"已报名：{enrolment.name}（{enrolment.masked_id_number}）"

    return _course_form(request, course, "enrol_form", EnrolForm(request.POST), add)


@login_required
@require_POST
def enrol_import(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    course = _course(user, pk)

    def load(data: dict[str, Any]) -> str:
        count = svc.enrolment_import(user=user, course=course, upload=data["file"])
        return f"已按名单报名 {count} 人"

    form = UploadForm(request.POST, request.FILES)
    rows_error = "名单中有 {n} 处错误，未报名任何人，请修改后重新导入"
    return _course_form(request, course, "upload_form", form, load, "file", rows_error)


@login_required
@require_safe
def enrol_template(request: HttpRequest) -> HttpResponse:
    acting_user(request, permissions.may_run_courses, "只有培训机构或企业可以下载报名模板")
    return spreadsheets.download(svc.enrolment_template(), "学员报名名单模板")


@login_required
@require_safe
def roster_export(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(acting_user(request), pk)
    enrolments = list(course.enrolments.select_related("employer"))
    people = records.people(enrolments, *records.whole_time(), clock.today())
    return spreadsheets.download(records.roster_xlsx(course, people), f"{course.title}学员名单")


# ---- watching a lesson ---------------------------------------------------------------------------


def _lesson(user: Any, pk: int) -> Lesson:
    lesson = get_object_or_404(Lesson.objects.select_related("course", "course__provider"), pk=pk)
    if not permissions.may_watch(user, lesson):
        raise Http404
    return lesson


@login_required
@require_safe
def lesson_watch(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    lesson = _lesson(user, pk)
    context: dict[str, Any] = {
        "lesson": lesson,
        "course": lesson.course,
        "duration": clock_text(lesson.duration_ms),
    }
    if lesson.kind == LessonKind.VIDEO and learning.enrolment_for(user, lesson) is not None:
        session = learning.session_start(user=user, lesson=lesson)
        context.update(
            session=session,
            learning_pass=learning.pass_issue(session),
            counted=clock_text(session.progress.counted_ms),
            heartbeat_seconds=learning.heartbeat_seconds(),
            check_seconds=int(learning.presence_check().total_seconds()),
        )
    if lesson.kind == LessonKind.LIVE:
        context.update(lives.trainee_view(user, lesson))
    return render(request, "training/lesson.html", context)


@login_required
@require_safe
def lesson_video(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The video file, to enrolled learners and the provider only; byte ranges for seeking."""
    lesson = _lesson(acting_user(request), pk)
    if not lesson.video:
        raise Http404
    handle = lesson.video.open("rb")
    size = lesson.video.size
    match = RANGE.match(request.headers.get("Range", ""))
    if match is None:
        whole = FileResponse(handle, content_type=lesson.video_type)
        whole["Accept-Ranges"] = "bytes"
        return whole
    start = int(match.group(1))
    end = min(int(match.group(2)) if match.group(2) else size - 1, size - 1, start + RANGE_CHUNK - 1)
    if start >= size or end < start:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    handle.seek(start)
    data = handle.read(end - start + 1)
    handle.close()
    response = HttpResponse(data, status=206, content_type=lesson.video_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response


@sessionless
@csrf_exempt
@require_POST
def heartbeat(request: HttpRequest) -> JsonResponse:
    """One progress report of the video page (JSON in, JSON out; no template).

    Authenticated by the learning pass in the ``X-Learning-Pass`` header, not by the session
    cookie (``learning`` module doc): the session and the user are not read, so one heartbeat is
    two short queries. CSRF-exempt because a cookie grants nothing here: a forged cross-site
    request carries no pass (another site can neither read one nor set the header)."""
    if len(request.body) > MAX_HEARTBEAT_BYTES:
        return JsonResponse({"state": "rejected", "message": "学习记录格式不正确"}, status=400)
    try:
        payload = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        payload = None
    if not isinstance(payload, dict):
        payload = {"raw": request.body[:100].decode("utf-8", "replace")}
    beat = learning.heartbeat(credential=request.headers.get(learning.PASS_HEADER, ""), payload=payload)
    return JsonResponse(beat.as_json(), status=beat.status)


@login_required
@require_POST
def presence(request: HttpRequest) -> JsonResponse:
    """继续学习: counting resumes, with a new learning pass."""
    try:
        session = learning.presence_confirm(user=acting_user(request), token=str(request.POST.get("token", ""))[:64])
    except svc.TrainingError as err:
        return JsonResponse({"state": "paused", "message": str(err)})
    return JsonResponse({"state": "ok", "message": "已确认，继续计时", "pass": learning.pass_issue(session)})


# ---- provider: live view, statistics, commissions ------------------------------------------------


@login_required
@require_safe
def live(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.may_run_courses, "只有培训机构或企业可以查看实时学习情况")
    assert user.organisation is not None
    learners = records.learning_now(user.organisation)
    if request.headers.get("HX-Request"):
        return render(request, "training/_live_table.html", {"learners": learners})
    rooms = LiveSession.objects.filter(lesson__course__provider=user.organisation, status=LiveStatus.LIVE)
    context = {"learners": learners, "rooms": rooms.select_related("lesson__course").order_by("lesson__starts_at")}
    return render(request, "training/live.html", context)


@login_required
@require_safe
def stats(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.may_run_courses, "只有培训机构或企业可以查看培训统计")
    assert user.organisation is not None
    data = records.provider_stats(user.organisation)
    if request.GET.get("format") == "xlsx":
        return spreadsheets.download(records.stats_xlsx(data), "培训统计")
    return render(request, "training/stats.html", {"stats": data})


@login_required
def commissions(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.is_provider_staff, "只有培训机构可以登记委托培训协议")
    form = CommissionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        enterprise = Organisation.objects.filter(uscc=form.cleaned_data["enterprise_uscc"].strip().upper()).first()
        if enterprise is None:
            form.add_error("enterprise_uscc", "没有这个统一社会信用代码的登记单位")
        else:
            try:
                svc.commission_record(
                    user=user,
                    enterprise=enterprise,
                    licence_number=form.cleaned_data["licence_number"],
                    upload=form.cleaned_data["agreement"],
                )
            except svc.TrainingError as err:
                form.add_error("agreement", str(err))
            else:
                messages.success(request, f"已登记{enterprise.name}的委托培训协议")
                return redirect("training:commissions")
    elif request.method not in ("GET", "HEAD", "POST"):
        raise PermissionDenied
    rows = Commission.objects.filter(provider_id=user.organisation_id).select_related("enterprise")
    status = 400 if request.method == "POST" else 200
    return render(request, "training/commissions.html", {"rows": rows, "form": form}, status=status)


# ---- the firm: employees' hours, the OP6 draft; the reviewer: the record behind a claim --------


@login_required
@require_safe
def employees(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.may_claim, "只有用人单位可以查看职工培训课时")
    issued = (
        Certificate.objects.filter(enrolment__employer_id=user.organisation_id)
        .select_related("document", "enrolment__course")
        .order_by("enrolment__name", "id")
    )
    return render(request, "training/employees.html", {"preview": claims.preview(user), "certificates": issued})


@login_required
@require_POST
def claim(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.may_claim, "只有用人单位可以申请职业技能培训补贴")
    try:
        application, written = claims.op6_claim_create(user=user)
    except svc.TrainingError as err:
        messages.error(request, str(err))
        return redirect("training:employees")
    messages.success(request, f"已按学习记录生成 OP6 申请草稿，名单 {written} 人。请核对、上传材料后提交。")
    return redirect("subsidies:apply_detail", pk=application.pk)


@login_required
@require_safe
def claim_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The learning record behind each trainee of an OP6 claim (the firm, its reviewers)."""
    user = acting_user(request)
    application = get_object_or_404(Application.objects.select_related("subsidy_type", "organisation"), pk=pk)
    if not permissions.may_see_claim_record(user, application):
        raise Http404
    lines = list(application.training_lines.order_by("id"))
    enrolments = Enrolment.objects.filter(
        employer=application.organisation, id_number__in=[line.id_number for line in lines]
    ).select_related("course", "course__provider")
    people = {
        p.id_number: p
        for p in records.people(enrolments, application.period_start, application.period_end, clock.today())
    }
    detail = records.lesson_detail(enrolments)
    rows = [(line, people.get(line.id_number), detail.get(line.id_number, [])) for line in lines]
    back = "subsidies:apply_detail" if base.is_applicant(user) else "subsidies:review_detail"
    context = {"application": application, "rows": rows, "back_url": reverse(back, args=[application.pk])}
    return render(request, "training/claim_record.html", context)


# ---- live lessons: the provider's room page and moves; the trainee's join, ping and leave -----------


def _live(user: Any, pk: int, *, manage: bool) -> LiveSession:
    """The live room of lesson ``pk``: its provider (``manage``) or an enrolled trainee; else 404."""
    live = get_object_or_404(LiveSession.objects.select_related("lesson__course__provider"), lesson_id=pk)
    allowed = (
        permissions.may_manage_course(user, live.lesson.course) if manage else permissions.may_watch(user, live.lesson)
    )
    if not allowed:
        raise Http404
    return live


def _room_page(request: HttpRequest, live: LiveSession, form: LiveMoveForm | None = None) -> HttpResponse:
    user = acting_user(request)
    lesson = live.lesson
    context = {
        "live": live,
        "lesson": lesson,
        "course": lesson.course,
        "opens_at": lesson.starts_at - lives.START_EARLY if lesson.starts_at else None,
        "moves": next_moves(lives.LIVE_SESSIONS, live, user),
        "form": form or LiveMoveForm(),
        "events": history(live),
        "in_room": lives.in_room(live) if live.status == LiveStatus.LIVE else [],
        "attendance": lives.attendance(live),
    }
    template = "training/_room_now.html" if request.headers.get("HX-Request") else "training/live_room.html"
    return render(request, template, context, status=400 if form is not None else 200)


@login_required
@require_safe
def live_room(request: HttpRequest, pk: int) -> HttpResponse:
    """The provider's page of a live lesson: start/end, who is in the room now, the attendance after."""
    return _room_page(request, _live(acting_user(request), pk, manage=True))


@login_required
@require_POST
def live_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    user = acting_user(request)
    live = _live(user, pk, manage=True)
    if to not in (LiveStatus.LIVE, LiveStatus.ENDED):
        raise Http404
    try:
        if to == LiveStatus.LIVE:
            lives.live_start(live=live, actor=user)
        else:
            lives.live_end(live=live, actor=user)
    except TransitionError as err:
        form = LiveMoveForm(request.POST)
        form.is_valid()
        form.add_error(None, str(err))
        return _room_page(request, live, form)
    messages.success(request, "直播已开始，学员现在可以进入直播" if to == LiveStatus.LIVE else "直播已结束，出勤已计入学习记录")
    return redirect("training:live_room", pk=pk)


@login_required
@require_POST
def live_join(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    live = _live(user, pk, manage=False)
    return act_and_back(
        request,
        lambda: lives.join(user=user, live=live),
        errors=svc.TrainingError,
        done=lambda _: "已进入直播，请在新窗口打开直播间；离开时请点击“离开直播”",
        back=reverse("training:lesson", args=[pk]),
    )


@login_required
@require_POST
def live_leave(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    visit = lives.leave(user=user, live=_live(user, pk, manage=False))
    messages.success(request, "已离开直播" if visit is not None else "您当前不在直播间中")
    return redirect("training:lesson", pk=pk)


@login_required
@require_POST
def live_ping(request: HttpRequest, pk: int) -> JsonResponse:
    """The live page's presence ping (JSON): ``in`` while the stay is open, ``out`` otherwise."""
    user = acting_user(request)
    inside = lives.ping(user=user, live=_live(user, pk, manage=False))
    message = "" if inside else "您已不在直播间中（页面长时间未响应或直播已结束），如需继续请刷新页面后重新进入直播"
    return JsonResponse({"state": "in" if inside else "out", "message": message})


# ---- completion certificates and the archive -------------------------------------------------------


@login_required
@require_POST
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """The provider issues a trainee's completion certificate (once, after completion)."""
    user = acting_user(request)
    enrolment = get_object_or_404(Enrolment.objects.select_related("course__provider", "employer"), pk=pk)
    if not permissions.may_manage_course(user, enrolment.course):
        raise Http404
    return act_and_back(
        request,
        lambda: certificates.certificate_issue(user=user, enrolment=enrolment, base_url=request.build_absolute_uri("/")),
        errors=svc.TrainingError,
        done=lambda certificate: f"已为{enrolment.name}发放结业证书（{certificate.document.number}）",
        back=reverse("training:course", args=[enrolment.course_id]),
    )


@login_required
@require_safe
def certificate_download(request: HttpRequest, pk: int) -> FileResponse:
    """The certificate PDF, to the course's provider, the trainee and the employer."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("document", "enrolment__course__provider"), pk=pk
    )
    if not certificates.may_download(acting_user(request), certificate):
        raise Http404
    return FileResponse(
        certificate.file.open("rb"),
        as_attachment=True,
        filename=certificates.filename(certificate),
        content_type="application/pdf",
    )


def _zip_response(data: Any, name: str) -> FileResponse:
    return FileResponse(data, as_attachment=True, filename=f"{name}-{clock.today():%Y%m%d}.zip", content_type="application/zip")


@login_required
@require_safe
def course_archive(request: HttpRequest, pk: int) -> FileResponse:
    course = _course(acting_user(request), pk)
    return _zip_response(archive.course_archive(course), f"{course.title}培训档案")


@login_required
@require_safe
def employees_archive(request: HttpRequest) -> FileResponse:
    """The firm's archive of its own trainees (every course, every provider)."""
    user = acting_user(request, permissions.may_claim, "只有用人单位可以下载本单位职工的培训档案")
    assert user.organisation is not None
    return _zip_response(archive.firm_archive(user.organisation), f"{user.organisation.name}职工培训档案")


@login_required
@require_safe
def claim_archive(request: HttpRequest, pk: int) -> FileResponse:
    """An OP6 claim's training archive: the firm and its reviewers (as the record behind it)."""
    user = acting_user(request)
    application = get_object_or_404(Application.objects.select_related("subsidy_type", "organisation"), pk=pk)
    if not permissions.may_see_claim_record(user, application):
        raise Http404
    return _zip_response(archive.claim_archive(application), f"{application.reference}培训档案")
