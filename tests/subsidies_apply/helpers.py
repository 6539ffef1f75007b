"""Shortcuts the applicant tests share: start a draft, submit it, check a page has no inline code, an
OP3 application already decided."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from tests.factories import pdf_upload
from wengang.accounts.models import User
from wengang.subsidies.models import Application, SubsidyType
from wengang.subsidies.services import apply as svc
from wengang.subsidies.services.materials import material_attach


def start(user: User, policy: str = "OP3", period: svc.Period | None = None) -> Application:
    subsidy = SubsidyType.objects.get(policy=policy)
    chosen = period or svc.fixed_period(subsidy)
    assert chosen is not None
    return svc.application_start(user=user, subsidy_type=subsidy, period=chosen)


def op3_decided(owner: User, reference: str, status: str, **extra: Any) -> Application:
    """An OP3 application of the owner's firm for February–April 2020, already at ``status``."""
    return Application.objects.create(
        reference=reference,
        organisation=owner.organisation,
        subsidy_type=SubsidyType.objects.get(policy="OP3"),
        period_start=dt.date(2020, 2, 1),
        period_end=dt.date(2020, 4, 30),
        applicant=owner,
        status=status,
        **extra,
    )


def attach_essentials(user: User, app: Application) -> None:
    """A PDF for each core checklist item (核心材料), which a submission needs."""
    for requirement in svc.missing_essentials(app):
        material_attach(application=app, requirement=requirement, upload=pdf_upload(), user=user)


def submit(user: User, app: Application) -> svc.Submitted:
    """Submit with the commitment accepted and the core materials attached."""
    attach_essentials(user, app)
    return svc.application_submit(
        application=app, user=user, submission_key=str(app.submission_key), commitment_accepted=True
    )


def html(response) -> str:
    return response.content.decode()


def assert_no_inline_code(page: str) -> None:
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline <script>"
    assert "<style" not in page
    assert not re.search(r"\sstyle=", page), "style= attribute"
    assert not re.search(r"\son[a-z]+=", page), "event-handler attribute"
