"""The online training platform under /training/ (namespace ``training``)."""

from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.home, name="home"),
    path("courses/new/", views.course_new, name="course_new"),
    path("courses/<int:pk>/", views.course_detail, name="course"),
    path("courses/<int:pk>/lessons/new/", views.lesson_new, name="lesson_new"),
    path("courses/<int:pk>/sessions/new/", views.session_new, name="session_new"),
    path("courses/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("lessons/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("attendance-template.xlsx", views.attendance_template, name="attendance_template"),
    path("courses/<int:pk>/import/", views.enrol_import, name="enrol_import"),
    path("courses/<int:pk>/roster.xlsx", views.roster_export, name="roster_export"),
    path("enrolment-template.xlsx", views.enrol_template, name="enrol_template"),
    path("lessons/<int:pk>/", views.lesson_watch, name="lesson"),
    path("lessons/<int:pk>/video/", views.lesson_video, name="video"),
    path("heartbeat/", views.heartbeat, name="heartbeat"),
    path("presence/", views.presence, name="presence"),
    path("live/", views.live, name="live"),
    path("stats/", views.stats, name="stats"),
    path("commissions/", views.commissions, name="commissions"),
    path("employees/", views.employees, name="employees"),
    path("claim/", views.claim, name="claim"),
    path("record/<int:pk>/", views.claim_record, name="claim_record"),
]

urlpatterns += [
    path("lessons/<int:pk>/room/", views.live_room, name="live_room"),
    path("lessons/<int:pk>/room/<str:to>/", views.live_move, name="live_move"),
    path("lessons/<int:pk>/join/", views.live_join, name="live_join"),
    path("lessons/<int:pk>/leave/", views.live_leave, name="live_leave"),
    path("lessons/<int:pk>/ping/", views.live_ping, name="live_ping"),
    path("enrolments/<int:pk>/certificate/", views.certificate_issue, name="certificate_issue"),
    path("certificates/<int:pk>/", views.certificate_download, name="certificate"),
    path("courses/<int:pk>/archive.zip", views.course_archive, name="course_archive"),
    path("record/<int:pk>/archive.zip", views.claim_archive, name="claim_archive"),
    path("employees/archive.zip", views.employees_archive, name="employees_archive"),
]
