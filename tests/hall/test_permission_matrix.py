"""Who may open what: every view of the service hall × every role.

The views are enumerated from the URL resolver (the ``accounts``, ``subsidies`` and
``calculator`` namespaces, and the project's own views mounted in the admin site, such as the
registry import), so a new view — or a new app — without rows in ``EXPECTED`` fails
``test_every_view_has_expectations``. Each (request, role) pair is its own test.

The objects the URLs need belong to one organisation (``owner``'s) and are handled by one
department (劳动服务管理中心, ``reviewer``'s); they are built once for the module, and each
test runs in a savepoint rolled back after it, so a state-changing POST changes nothing for the
next test.
"""

from __future__ import annotations

import datetime as dt
import inspect
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import OP3_FACTS, titled_pdf, uscc
from wengang.accounts.models import Department, Role, User
from wengang.cases.models import Notification
from wengang.registry.models import Organisation, Street
from wengang.subsidies.models import (
    Application,
    Deficiency,
    Material,
    Status,
    SubsidyType,
)
from wengang.subsidies.services import review
from wengang.subsidies.services.materials import material_attach
from wengang.subsidies.workflow import application_transition

TODAY = dt.date(2020, 6, 1)
ROLES = (
    "anonymous",
    "owner",  # enterprise user of the organisation that owns the applications
    "other_enterprise",  # enterprise user of another organisation
    "agency",  # HR agency user (an organisation of its own)
    "individual",
    "street",  # street-office staff (望京, where the owner is registered)
    "reviewer",  # district reviewer of 劳动服务管理中心, which handles OP1, OP2, OP3, N14
    "other_reviewer",  # district reviewer of 职业能力建设科
    "municipal",  # member of the municipal joint-review group
    "admin",
)
#: the service hall's URL namespaces (besides the admin site's), covered by this matrix
NAMESPACES = ("accounts", "subsidies", "calculator", "ops")
#: the filings' and the job market's namespaces (issues 4 and 5), each with its own role tests in
#: tests/<namespace>/; the API ("api", "apitokens", issue 11) in tests/api/; documents (one public page) in tests/documents/;
#: the public 办事指南 ("guide") in tests/guide/; the dashboards ("monitoring", issue 13) in
#: tests/monitoring/test_permissions.py and its early warning in tests/monitoring/test_warning_pages.py; screening
#: and its 免申即享 offers ("screening") in tests/screening/test_matrix.py; the individuals' services
#: ("individuals", issue 15) in tests/individuals/test_permissions.py; 就业援助 ("assistance", issue 15) in
#: tests/assistance/test_permissions.py
COVERED_ELSEWHERE = frozenset(
    {"permits", "layoffs", "deferral", "keyservice", "jobs", "placements", "api", "apitokens", "documents", "guide"}
    | {"monitoring", "screening", "training", "individuals", "assistance"}
    # issue 15 (h15c): tests/graduates/, tests/loans/ and tests/notices/ (who_may_publish)
    | {"graduates", "loans", "notices"}
)



# ---- the data -----------------------------------------------------------------------------------


@dataclass
class World:
    users: dict[str, User]
    draft: Application  # OP1, with a material
    submitted: Application  # OP3, with a material
    deficient: Application  # N14, one 容缺 item open
    district: Application  # OP3 (another period), under district review
    municipal: Application  # OP2, referred to the municipal group
    approved: Application  # OP3 (a third period), approved with its decision frozen
    draft_material: Material
    submitted_material: Material
    deficiency: Deficiency
    notification: Notification




def _application(owner: User, policy: str, start: dt.date, end: dt.date) -> Application:
    return Application.objects.create(
        reference=f"{policy}-{start:%Y%m%d}-{end:%m%d}",
        organisation=owner.organisation,
        subsidy_type=SubsidyType.objects.get(policy=policy),
        period_start=start,
        period_end=end,
        applicant=owner,
    )


def _submit(app: Application, owner: User) -> Application:
    at = timezone.make_aware(dt.datetime.combine(TODAY, dt.time(10)))
    application_transition(
        application=app,
        to=Status.SUBMITTED,
        actor=owner,
        change=lambda _a: {"submitted_at": at, "commitment_accepted_at": at},
    )
    return app


def build_world() -> World:
    wangjing = Street.objects.get(name="望京")
    owner_org = Organisation.objects.create(
        uscc=uscc(1), name="北京甲乙科技有限公司", kind="enterprise", street=wangjing, facts=dict(OP3_FACTS)
    )
    other_org = Organisation.objects.create(uscc=uscc(2), name="北京丙丁贸易有限公司", kind="enterprise")
    agency_org = Organisation.objects.create(uscc=uscc(3), name="北京戊己人力资源有限公司", kind="agency")
    labour = Department.objects.get(code="labour-service")
    skills = Department.objects.get(code="vocational-skills")

    def make(username: str, role: str, **extra: Any) -> User:
        return User.objects.create_user(username=username, password=None, role=role, **extra)

    users = {
        "owner": make("owner", Role.ENTERPRISE, organisation=owner_org),
        "other_enterprise": make("other", Role.ENTERPRISE, organisation=other_org),
        "agency": make("agency", Role.AGENCY, organisation=agency_org),
        "individual": make("individual", Role.INDIVIDUAL),
        "street": make("street", Role.STREET, street=wangjing),
        "reviewer": make("reviewer", Role.REVIEWER, department=labour),
        "other_reviewer": make("other_reviewer", Role.REVIEWER, department=skills),
        "municipal": make("municipal", Role.MUNICIPAL),
        "admin": make("admin", Role.ADMIN, is_staff=True, is_superuser=True),
    }
    owner, reviewer = users["owner"], users["reviewer"]

    draft = _application(owner, "OP1", dt.date(2019, 7, 1), dt.date(2019, 12, 31))
    draft_material = material_attach(
        application=draft,
        requirement=draft.subsidy_type.requirements.get(essential=True),
        upload=titled_pdf("花名册"),
        user=owner,
    ).material

    submitted = _application(owner, "OP3", dt.date(2020, 2, 1), dt.date(2020, 4, 30))
    submitted_material = material_attach(
        application=submitted,
        requirement=submitted.subsidy_type.requirements.get(),
        upload=titled_pdf("缴费凭证"),
        user=owner,
    ).material
    _submit(submitted, owner)

    deficient = _submit(_application(owner, "N14", dt.date(2020, 1, 1), dt.date(2020, 12, 31)), owner)
    (deficiency,) = review.application_accept_with_deficiencies(
        application=deficient, actor=reviewer, items=[review.MissingItem("劳动合同（2020年新签）")]
    )

    district = _submit(_application(owner, "OP3", dt.date(2020, 2, 1), dt.date(2020, 3, 31)), owner)
    review.application_accept(application=district, actor=reviewer)

    municipal = _submit(_application(owner, "OP2", dt.date(2020, 1, 1), dt.date(2020, 6, 30)), owner)
    review.application_accept(application=municipal, actor=reviewer)
    review.application_escalate(application=municipal, actor=reviewer)

    approved = _submit(_application(owner, "OP3", dt.date(2020, 3, 1), dt.date(2020, 4, 30)), owner)
    review.application_accept(application=approved, actor=reviewer)
    review.application_approve(application=approved, actor=reviewer)

    notification = Notification.objects.create(
        user=owner, case=submitted, title=f"{submitted.reference}：已提交", body="申请已提交。"
    )
    for app in (draft, submitted, deficient, district, municipal, approved):
        app.refresh_from_db()
    assert approved.status == Status.APPROVED and municipal.status == Status.MUNICIPAL_REVIEW
    assert approved.approved_amount == Decimal("15000.00")
    return World(
        users=users,
        draft=draft,
        submitted=submitted,
        deficient=deficient,
        district=district,
        municipal=municipal,
        approved=approved,
        draft_material=draft_material,
        submitted_material=submitted_material,
        deficiency=deficiency,
        notification=notification,
    )


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    """The data, built once for the module inside a transaction rolled back after it."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            WENGANG_TODAY=TODAY.isoformat(),
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


# ---- the URLs -----------------------------------------------------------------------------------


def url_for(name: str, w: World) -> str:
    """The URL of a view, with the objects it is about."""
    kwargs: dict[str, dict[str, Any]] = {
        "subsidies:apply_new": {"policy": "OP3"},
        "subsidies:apply_roster_template": {"policy": "OP1"},
        "subsidies:apply_detail": {"pk": w.submitted.pk},
        "subsidies:apply_edit": {"pk": w.draft.pk},
        "subsidies:apply_autosave": {"pk": w.draft.pk},
        "subsidies:apply_roster": {"pk": w.draft.pk},
        "subsidies:apply_material_upload": {"pk": w.draft.pk, "requirement_pk": w.draft_material.requirement_id},
        "subsidies:apply_material_file": {"pk": w.draft.pk, "material_pk": w.draft_material.pk},
        "subsidies:apply_material_delete": {"pk": w.draft.pk, "material_pk": w.draft_material.pk},
        "subsidies:apply_withdraw": {"pk": w.draft.pk},
        "subsidies:apply_supply": {"pk": w.deficient.pk, "deficiency_pk": w.deficiency.pk},
        "subsidies:apply_notification_read": {"pk": w.notification.pk},
        "subsidies:review_detail": {"pk": w.municipal.pk},
        "subsidies:review_accept": {"pk": w.submitted.pk},
        "subsidies:review_deficiency": {"pk": w.submitted.pk},
        "subsidies:review_return": {"pk": w.submitted.pk},
        "subsidies:review_supplied": {"pk": w.deficient.pk},
        "subsidies:review_close": {"pk": w.deficient.pk},
        "subsidies:review_escalate": {"pk": w.district.pk},
        "subsidies:review_approve": {"pk": w.district.pk},
        "subsidies:review_reject": {"pk": w.district.pk},
        "subsidies:review_payment": {"pk": w.approved.pk},
        "subsidies:review_letter": {"pk": w.approved.pk},
        "subsidies:review_material": {"pk": w.submitted.pk, "material_pk": w.submitted_material.pk},
        "admin:registry_organisation_import_job": {"pk": 999999},
        "subsidies:review_material_inline": {"pk": w.submitted.pk, "material_pk": w.submitted_material.pk},
        "subsidies:review_material_mark": {"pk": w.submitted.pk, "material_pk": w.submitted_material.pk},
    }
    return reverse(name, kwargs=kwargs.get(name, {}))


def project_views() -> set[str]:
    """Every named view, as ``namespace:name``, from the URL resolver: all of the project's apps
    (a new app's views included), and of the admin site only the project's own views mounted in
    it (such as the registry import), not Django's model pages."""
    found: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        if namespace in COVERED_ELSEWHERE:
            return
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, namespace or p.namespace or "")
            elif isinstance(p, URLPattern) and p.name:
                name = f"{namespace}:{p.name}" if namespace else p.name
                if namespace != "admin":
                    found.add(name)
                else:
                    view = inspect.unwrap(p.callback)
                    if inspect.isfunction(view) and view.__module__.startswith("wengang."):
                        found.add(name)

    walk(get_resolver().url_patterns, "")
    return found


# ---- the expectations ---------------------------------------------------------------------------

OK = "200"  # the page, or a form shown again with its errors (an empty POST)
GO = "302"  # done (or refused with a message), then sent on to a normal page
LOGIN = "login"  # sent to the sign-in page
DENY = "403"  # wrong role
HIDE = "404"  # another organisation's or department's object (never say whose it is)
NOPE = "405"  # method not allowed


def row(*outcomes: str) -> dict[str, str]:
    assert len(outcomes) == len(ROLES)
    return dict(zip(ROLES, outcomes, strict=True))


def every(outcome: str) -> dict[str, str]:
    return row(*[outcome] * len(ROLES))


# A GET of every view; a POST with empty data of every view that answers POST (a view without a
# POST row must answer 405, see test_views_without_a_post_row_refuse_post). Applications are the
# owner's; the column heads are the roles in ROLES.
# fmt: off
#                                                  anon   owner  other  agency indiv  street review other  munic  admin
EXPECTED: dict[str, dict[str, str]] = {
    # accounts -----------------------------------------------------------------------------------
    "GET accounts:login": every(OK),
    "POST accounts:login": every(OK),
    "GET accounts:logout": every(OK),  # asks to confirm
    "POST accounts:logout": every(LOGIN),  # signed out, to the sign-in page
    "GET accounts:portal":                         row(LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "GET accounts:totp":                           row(LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    OK,    OK,    OK,    OK),
    "POST accounts:totp":                          row(LOGIN, DENY,  DENY,  DENY,  DENY,  OK,    OK,    OK,    OK,    OK),
    # the project's views in the admin site; signed-in users without admin rights are sent to the
    # admin's sign-in, which refuses them (the redirect is followed once)
    "GET admin:login":                             row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  GO),
    "POST admin:login":                            row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  GO),
    "GET admin:registry_organisation_import":      row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  OK),
    "POST admin:registry_organisation_import":     row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  OK),
    # an import job's result page: administrators only (this world has no job, hence 404 for them)
    "GET admin:registry_organisation_import_job":  row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  HIDE),
    # the public calculator ----------------------------------------------------------------------
    "GET calculator:index": every(OK),
    "POST calculator:index": every(OK),
    "GET calculator:parameters": every(OK),
    # probes and metrics (wengang/ops): anyone may ask; /metrics only from allowed addresses (tests/ops)
    "GET ops:healthz": every(OK),
    "GET ops:readyz": every(OK),
    "GET ops:metrics": every(OK),
    "GET ops:favicon": every(GO),  # to the static icon
    # the applicant's hall: enterprises and agencies, their own organisation's applications --------
    "GET subsidies:apply_list":                    row(LOGIN, OK,    OK,    OK,    DENY,  DENY,  DENY,  DENY,  DENY,  DENY),
    "GET subsidies:apply_new":                     row(LOGIN, OK,    OK,    DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY),  # OP3: not for agencies
    "POST subsidies:apply_new":                    row(LOGIN, OK,    GO,    DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY),  # owner: already claimed
    "GET subsidies:apply_roster_template":         row(LOGIN, OK,    OK,    DENY,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY),  # OP1
    "GET subsidies:apply_detail":                  row(LOGIN, OK,    HIDE,  HIDE,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY),
    "GET subsidies:apply_edit":                    row(LOGIN, OK,    HIDE,  HIDE,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY),
    "POST subsidies:apply_edit":                   row(LOGIN, GO,    HIDE,  HIDE,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY),
    "GET subsidies:apply_autosave":                row(LOGIN, NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE),
    "POST subsidies:apply_autosave":               row(LOGIN, OK,    HIDE,  HIDE,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY),
    "GET subsidies:apply_roster":                  row(LOGIN, NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE),
    "POST subsidies:apply_roster":                 row(LOGIN, OK,    HIDE,  HIDE,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY),
    "GET subsidies:apply_material_upload":         row(LOGIN, NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE),
    "POST subsidies:apply_material_upload":        row(LOGIN, OK,    HIDE,  HIDE,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY),
    "GET subsidies:apply_material_file":           row(LOGIN, OK,    HIDE,  HIDE,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY),
    "GET subsidies:apply_material_delete":         row(LOGIN, NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE),
    "POST subsidies:apply_material_delete":        row(LOGIN, GO,    HIDE,  HIDE,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY),
    "GET subsidies:apply_withdraw":                row(LOGIN, NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE),
    "POST subsidies:apply_withdraw":               row(LOGIN, OK,    HIDE,  HIDE,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY),
    "GET subsidies:apply_supply":                  row(LOGIN, NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE),
    "POST subsidies:apply_supply":                 row(LOGIN, OK,    HIDE,  HIDE,  DENY,  DENY,  DENY,  DENY,  DENY,  DENY),
    # every signed-in user's inbox; a message is its addressee's only
    "GET subsidies:notifications":                 row(LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "GET subsidies:apply_notifications_read":      row(LOGIN, NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE),
    "POST subsidies:apply_notifications_read":     row(LOGIN, GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "GET subsidies:apply_notification_read":       row(LOGIN, NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE,  NOPE),
    "POST subsidies:apply_notification_read":      row(LOGIN, GO,    HIDE,  HIDE,  HIDE,  HIDE,  HIDE,  HIDE,  HIDE,  HIDE),
    # the reviewer workbench: reviewers, the municipal group, administrators; the department's
    # applications; the municipal group's once referred (review_detail's is); only reviewers act
    "GET subsidies:review_queue":                  row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  OK,    OK,    OK,    OK),
    "GET subsidies:review_export":                 row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  OK,    OK,    OK,    OK),
    "GET subsidies:review_payments_export":        row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  OK,    OK,    OK,    OK),
    "GET subsidies:review_batch": every(NOPE),
    "POST subsidies:review_batch":                 row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  GO,    GO,    GO,    GO),
    "GET subsidies:review_detail":                 row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  OK,    HIDE,  OK,    OK),
    "GET subsidies:review_accept": every(NOPE),
    "POST subsidies:review_accept":                row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  GO,    HIDE,  HIDE,  DENY),
    "GET subsidies:review_deficiency": every(NOPE),
    "POST subsidies:review_deficiency":            row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  OK,    HIDE,  HIDE,  DENY),
    "GET subsidies:review_supplied": every(NOPE),
    "POST subsidies:review_supplied":              row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  OK,    HIDE,  HIDE,  DENY),
    "GET subsidies:review_return": every(NOPE),
    "POST subsidies:review_return":                row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  OK,    HIDE,  HIDE,  DENY),
    "GET subsidies:review_close": every(NOPE),
    # the 补正 deadline has not passed: the reviewer is told why on the case page
    "POST subsidies:review_close":                 row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  GO,    HIDE,  HIDE,  DENY),
    "GET subsidies:review_escalate": every(NOPE),
    "POST subsidies:review_escalate":              row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  OK,    HIDE,  HIDE,  DENY),
    "GET subsidies:review_approve": every(NOPE),
    # the reviewer's empty POST is asked to confirm (an irreversible decision): the confirmation page
    "POST subsidies:review_approve":               row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  OK,    HIDE,  HIDE,  DENY),
    "GET subsidies:review_reject": every(NOPE),
    "POST subsidies:review_reject":                row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  OK,    HIDE,  HIDE,  DENY),
    "GET subsidies:review_payment": every(NOPE),
    "POST subsidies:review_payment":               row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  OK,    HIDE,  HIDE,  DENY),
    # downloads open to the applicant organisation too
    "GET subsidies:review_letter":                 row(LOGIN, OK,    HIDE,  HIDE,  DENY,  DENY,  OK,    HIDE,  HIDE,  OK),
    "GET subsidies:review_material":               row(LOGIN, OK,    HIDE,  HIDE,  DENY,  DENY,  OK,    HIDE,  HIDE,  OK),
    "GET subsidies:review_material_inline":        row(LOGIN, OK,    HIDE,  HIDE,  DENY,  DENY,  OK,    HIDE,  HIDE,  OK),
    # the reviewer's mark on a material: only the reviewing department (an empty form re-renders)
    "GET subsidies:review_material_mark": every(NOPE),
    "POST subsidies:review_material_mark":         row(LOGIN, DENY,  DENY,  DENY,  DENY,  DENY,  OK,    HIDE,  HIDE,  DENY),
}
# fmt: on

#: (request, role) pairs where the application answers otherwise today: bugs reported, to be fixed
KNOWN_BUGS: dict[tuple[str, str], str] = {}


def _cases() -> list[Any]:
    cases = []
    for request, outcomes in EXPECTED.items():
        for role in ROLES:
            bug = KNOWN_BUGS.get((request, role))
            marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
            cases.append(pytest.param(request, role, outcomes[role], id=f"{request} {role}", marks=marks))
    return cases


def outcome(client: Any, response: Any, signed_in: bool) -> str:
    if response.status_code == 302:
        path = urlsplit(response["Location"]).path
        if path == reverse("admin:login") and signed_in:
            return outcome(client, client.get(response["Location"]), signed_in)
        return LOGIN if path in (reverse("accounts:login"), reverse("admin:login")) else GO
    return str(response.status_code)


def ask(client: Any, world: World, request: str, role: str) -> str:
    method, name = request.split()
    if role != "anonymous":
        client.force_login(world.users[role])
    response = getattr(client, method.lower())(url_for(name, world))
    return outcome(client, response, signed_in=role != "anonymous")


# ---- the tests ----------------------------------------------------------------------------------


def test_every_view_has_expectations() -> None:
    views = project_views()
    assert {name.split(":")[0] for name in views} == {*NAMESPACES, "admin"}
    covered = {request.split()[1] for request in EXPECTED}
    assert sorted(views - covered) == [], "views without a row in EXPECTED"
    assert sorted(covered - views) == [], "rows in EXPECTED for views that no longer exist"
    assert {f"GET {name}" for name in views} <= set(EXPECTED), "every view needs a GET row"


@pytest.mark.django_db
@pytest.mark.parametrize(("request_", "role", "expected"), _cases())
def test_who_may_do_what(client, world: World, request_: str, role: str, expected: str) -> None:
    assert ask(client, world, request_, role) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n in project_views() if f"POST {n}" not in EXPECTED))
def test_views_without_a_post_row_refuse_post(client, world: World, name: str) -> None:
    """Every view that answers POST has a POST row (so no state-changing view goes untested)."""
    for role in ("owner", "reviewer", "admin"):
        assert ask(client, world, f"POST {name}", role) == NOPE, role


# ---- what the lists show ------------------------------------------------------------------------

APPS = ("draft", "submitted", "deficient", "district", "municipal", "approved")
#: which of the owner's applications each role's lists show (roles not named: none of them)
# fmt: off
SHOWN: dict[str, dict[str, tuple[str, ...]]] = {
    "subsidies:apply_list":    {"owner": APPS},
    "subsidies:notifications": {"owner": ("submitted",)},
    # the queue opens on the open cases (issue 12); the decided ones are under 全部, checked below
    "subsidies:review_queue":  {"reviewer": APPS[1:5], "municipal": ("municipal",), "admin": APPS[1:5]},
    "subsidies:review_export": {"reviewer": ("approved",), "admin": ("approved",)},  # decisions only
}
# fmt: on


def page_text(response: Any) -> str:
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        return " ".join(str(v) for sheet in book for r in sheet.iter_rows(values_only=True) for v in r if v)
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "role"),
    [(name, role) for name in SHOWN for role in ROLES if EXPECTED[f"GET {name}"][role] == OK],
)
def test_lists_show_only_what_the_role_may_see(client, world: World, name: str, role: str) -> None:
    client.force_login(world.users[role])
    text = page_text(client.get(url_for(name, world)))
    references = {attr: getattr(world, attr).reference for attr in APPS}
    shown = {attr for attr, ref in references.items() if re.search(rf"\b{re.escape(ref)}\b", text)}
    assert shown == set(SHOWN[name].get(role, ()))


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "shown"), [("reviewer", APPS[1:]), ("municipal", ("municipal",)), ("admin", APPS[1:])])
def test_the_queues_all_tab_shows_only_what_the_role_may_see(client, world: World, role: str, shown: tuple[str, ...]) -> None:
    client.force_login(world.users[role])
    text = page_text(client.get(url_for("subsidies:review_queue", world) + "?status=all"))
    references = {attr: getattr(world, attr).reference for attr in APPS}
    assert {attr for attr, ref in references.items() if re.search(rf"\b{re.escape(ref)}\b", text)} == set(shown)
