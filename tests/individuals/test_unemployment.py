"""失业登记 (N8): filed online with 容缺, confirmed by the person's street office, closed by the
hiring firm's 就业登记; the OP1 roster reads the confirmed registration."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from tests.factories import pdf_bytes
from wengang.cases.workflow import TransitionError
from wengang.individuals import selectors, services
from wengang.individuals.models import RegistrationStatus, UnemploymentRegistration
from wengang.individuals.workflow import registration_transition

from .conftest import PERSON_ID

pytestmark = pytest.mark.django_db


def file(person, **changes):
    values = {
        "last_employer": "北京旧单位有限公司",
        "separation_date": dt.date(2020, 4, 30),
        "separation_reason": "contract_ended",
        "job_wishes": "收银员",
    } | changes
    return services.registration_file(person=person, **values)


def test_a_person_registers_with_the_street_of_the_account(person):
    reg = file(person)
    assert (reg.status, reg.street.name, reg.filed_on) == ("submitted", "孙河", dt.date(2020, 6, 1))
    assert reg.proof_missing  # 容缺: the separation proof may follow
    assert [e.move for e in reg.changes.all()] == ["网上办理失业登记"]


def test_a_separation_after_today_is_refused_and_nothing_is_saved(person):
    with pytest.raises(TransitionError, match="离职日期 2020-06-02 晚于今天"):
        file(person, separation_date=dt.date(2020, 6, 2))
    assert not UnemploymentRegistration.objects.exists()


def test_one_open_registration_per_person(person):
    file(person)
    with pytest.raises(TransitionError, match="不能重复登记"):
        file(person)


def test_the_database_refuses_a_second_open_registration(person):
    reg = file(person)
    with pytest.raises(IntegrityError), transaction.atomic():
        UnemploymentRegistration.objects.create(
            person=person,
            street=reg.street,
            last_employer="x",
            separation_date=dt.date(2020, 4, 1),
            separation_reason="dismissed",
            job_wishes="x",
            filed_on=dt.date(2020, 6, 1),
        )


def test_the_street_office_of_the_street_confirms(person, office):
    reg = file(person)
    registration_transition(registration=reg, to=RegistrationStatus.REGISTERED, actor=office)
    assert (reg.status, reg.registered_on, reg.confirmed_by) == ("registered", dt.date(2020, 6, 1), office)


def test_another_street_office_may_not_confirm(person, other_office):
    reg = file(person)
    with pytest.raises(TransitionError, match="您不能办理“确认失业登记”"):
        registration_transition(registration=reg, to=RegistrationStatus.REGISTERED, actor=other_office)


def test_the_person_may_not_confirm_their_own(person):
    reg = file(person)
    with pytest.raises(TransitionError):
        registration_transition(registration=reg, to=RegistrationStatus.REGISTERED, actor=person)


def test_the_proof_is_a_checked_pdf(person):
    reg = file(person)
    material = services.material_attach(
        registration=reg, upload=SimpleUploadedFile("证明.pdf", pdf_bytes(2)), user=person
    )
    assert (material.pages, material.display_name) == (2, "赵失业解除或终止劳动合同证明.pdf")
    assert not reg.proof_missing


def test_a_file_that_is_not_a_pdf_is_refused_with_the_reason(person):
    from wengang.subsidies.services.materials import MaterialError

    reg = file(person)
    with pytest.raises(MaterialError, match="不是PDF格式"):
        services.material_attach(registration=reg, upload=SimpleUploadedFile("a.pdf", b"hello\x00world"), user=person)
    assert reg.proof_missing


def test_the_hiring_firm_closes_the_registration(person, office, firm_user):
    reg = file(person)
    registration_transition(registration=reg, to=RegistrationStatus.REGISTERED, actor=office)
    services.employment_register(employer=firm_user, id_number=PERSON_ID, name="赵失业", start=dt.date(2020, 6, 1))
    reg.refresh_from_db()
    assert (reg.status, reg.employer, reg.employed_on) == ("employed", "北京新雇科技有限公司", dt.date(2020, 6, 1))


def test_a_wrong_name_finds_nothing(person, office, firm_user):
    reg = file(person)
    registration_transition(registration=reg, to=RegistrationStatus.REGISTERED, actor=office)
    with pytest.raises(TransitionError, match="未找到该人员有效的失业登记"):
        services.employment_register(employer=firm_user, id_number=PERSON_ID, name="李四", start=dt.date(2020, 6, 1))


def test_an_unconfirmed_registration_cannot_be_closed_by_a_firm(person, firm_user):
    file(person)
    with pytest.raises(TransitionError, match="未找到"):
        services.employment_register(employer=firm_user, id_number=PERSON_ID, name="赵失业", start=dt.date(2020, 6, 1))


def test_recommended_posts_come_from_the_job_market(person, office):
    from tests.factories import make_organisation
    from wengang.jobs.models import JobPost, PostStatus
    from wengang.registry.models import Street

    firm = make_organisation(602, "北京超市有限公司")
    sunhe = Street.objects.get(name="孙河")
    common = dict(
        organisation=firm,
        posted_by=office,
        description="负责收银",
        openings=2,
        pay_min=4000,
        pay_max=5000,
        workplace="孙河",
        street=sunhe,
        schedule="白班",
        contact_name="王",
        contact_phone="010-1",
        deadline=dt.date(2020, 7, 1),
        status=PostStatus.PUBLISHED,
    )
    JobPost.objects.create(title="超市收银员", **common)
    JobPost.objects.create(title="仓库管理员", **common)
    reg = file(person, job_wishes="收银员")
    assert [p.title for p in selectors.recommended_posts(reg)] == ["超市收银员"]


# ---- the OP1 hook ----------------------------------------------------------------------------


def test_registered_unemployed_status_follows_the_street_confirmation(person, office):
    assert selectors.unemployment_registered([PERSON_ID, "110105198001010010"]) == {PERSON_ID: False}
    reg = file(person)
    registration_transition(registration=reg, to=RegistrationStatus.REGISTERED, actor=office)
    assert selectors.unemployment_registered([PERSON_ID]) == {PERSON_ID: True}


def test_op1_refuses_a_registered_unemployed_claim_for_a_person_never_confirmed(person):
    from wengang.policy.rules.worker import REGISTERED
    from wengang.subsidies.services.apply import _unregistered_workers

    rows = [
        (2, {"id_number": PERSON_ID, "category": REGISTERED}),
        (3, {"id_number": "110105198001010010", "category": REGISTERED}),
    ]
    errors = _unregistered_workers(rows)
    assert [str(e) for e in errors] == [
        "第2行：身份证号码 110105********5010 的人员没有经街乡确认的失业登记，不能按“本市其他登记失业人员”申报"
    ]


def test_op1_accepts_the_same_person_once_the_street_confirmed(person, office):
    from wengang.policy.rules.worker import REGISTERED
    from wengang.subsidies.services.apply import _unregistered_workers

    reg = file(person)
    registration_transition(registration=reg, to=RegistrationStatus.REGISTERED, actor=office)
    assert _unregistered_workers([(2, {"id_number": PERSON_ID, "category": REGISTERED})]) == []
