"""One clock for records: with the service date set to 2020-06-01 (the demo), a record's creation time
— a case's (``Tracked.created_at``), a screening run's, an API key's and its last use, an imported
permit e-mail's — is the service date at the real time of day, and the lists that show it say 2020
(issue 12: they said the real year next to 2020 deadlines). Lists ordered by it follow the moments
shown, equal moments in creation order."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.factories import make_organisation, make_user, service_day
from wengang.accounts.models import Role
from wengang.api.services import token_create, token_for_key
from wengang.permits.models import PermitEmail
from wengang.placements.models import InternshipBase
from wengang.screening.models import ScreeningRun

pytestmark = pytest.mark.django_db

REAL_YEAR = str(timezone.now().year)


def _day(moment: dt.datetime) -> str:
    return timezone.localtime(moment).date().isoformat()


def test_records_are_created_on_the_service_date(settings, tmp_path) -> None:
    assert REAL_YEAR != "2020"
    service_day(settings, "2020-06-01", tmp_path)
    firm = make_organisation(1, "北京一号科技有限公司")
    owner = make_user("owner", Role.ENTERPRISE, organisation=firm)
    token, key = token_create(user=owner, name="人事系统")
    token_for_key(key)
    token.refresh_from_db()
    run = ScreeningRun.objects.create(
        submitted_by=owner, input_file=ContentFile(b"x", name="x.csv"), input_name="x.csv",
        input_sha256="0" * 64, decision_date=dt.date(2020, 5, 1),
    )
    mail = PermitEmail.objects.create(dedup_key="m1", outcome=PermitEmail.Outcome.UNMATCHED)

    assert [_day(m) for m in (firm.created_at, token.created_at, token.last_used_at, run.created_at, mail.imported_at)] == [
        "2020-06-01"
    ] * 5
    # the real time of day is kept
    assert abs(timezone.localtime(firm.created_at).time().hour - timezone.localtime().time().hour) <= 1


def test_the_lists_that_showed_the_real_year_say_2020(client, settings, tmp_path) -> None:
    service_day(settings, "2020-06-01", tmp_path)
    firm = make_organisation(1, "北京一号科技有限公司")
    owner = make_user("owner", Role.ENTERPRISE, organisation=firm)
    admin = make_user("boss", Role.ADMIN, is_staff=True, is_superuser=True)
    token_for_key(token_create(user=owner, name="人事系统")[1])
    ScreeningRun.objects.create(
        submitted_by=admin, input_file=ContentFile(b"x", name="x.csv"), input_name="登记库.csv",
        input_sha256="0" * 64, decision_date=dt.date(2020, 5, 1),
    )
    PermitEmail.objects.create(dedup_key="m1", subject="派遣许可申请", outcome=PermitEmail.Outcome.UNMATCHED)
    InternshipBase.objects.create(organisation=firm, capacity=6, posts_offered="数据标注", applied_by=owner)

    client.force_login(owner)
    pages = {"/api/tokens/": client.get("/api/tokens/"), "/placements/bases/": client.get("/placements/bases/")}
    client.force_login(admin)
    pages |= {path: client.get(path) for path in ("/screening/", "/permits/emails/")}

    for path, response in pages.items():
        assert response.status_code == 200, path
        text = response.content.decode()
        assert "2020-06-01" in text, path
        assert REAL_YEAR not in text, path


def test_a_list_by_creation_time_follows_the_service_moments(settings, tmp_path) -> None:
    """Records made on 2020-06-03, then 2020-06-01, then 2020-06-02 (the clock set back and forth, as a
    demonstration does across real days) list newest service moment first."""
    made = []
    for seq, day in enumerate(("2020-06-03", "2020-06-01", "2020-06-02"), start=1):
        service_day(settings, day, tmp_path)
        made.append(PermitEmail.objects.create(dedup_key=f"m{seq}", outcome=PermitEmail.Outcome.UNMATCHED))
    same = PermitEmail.objects.create(dedup_key="m4", outcome=PermitEmail.Outcome.UNMATCHED)
    PermitEmail.objects.filter(pk=same.pk).update(imported_at=made[2].imported_at)

    listed = [mail.dedup_key for mail in PermitEmail.objects.all()]

    assert listed == ["m1", "m4", "m3", "m2"]
