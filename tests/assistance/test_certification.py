"""就业困难人员认定 (N13): a draft, evidence by PDF, submission judged by the engine, the street
office of the person's street certifies or refuses with a reason."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import make_user, pdf_bytes, pdf_upload, street
from wengang.accounts.models import Role
from wengang.assistance import services
from wengang.assistance.models import Certification, Evidence
from wengang.cases.models import Notification
from wengang.cases.workflow import TransitionError
from wengang.subsidies.services.materials import MaterialError

from .conftest import certify

pytestmark = pytest.mark.django_db


def _draft(person, category, **extra):
    values = {"street": street("孙河"), "category": category, "beijing_hukou": True, "not_employed": True, **extra}
    return services.certification_create(person=person, **values)


def test_a_submitted_application_with_evidence_is_certified_by_its_street(
    person, sunhe_office, older, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cert = certify(person, sunhe_office, older)
    assert cert.status == "certified"
    assert cert.decided_by == sunhe_office
    assert str(cert.decided_on) == "2020-06-01"
    assert [e.to_status for e in cert.changes.order_by("at", "id")] == ["submitted", "certified"]
    assert Notification.objects.filter(user=person, title="您已认定为就业困难人员").exists()


def test_it_cannot_be_submitted_without_evidence(person, older):
    cert = _draft(person, older)
    with pytest.raises(TransitionError, match="尚未上传证明材料"):
        services.certification_submit(certification=cert, user=person)
    cert.refresh_from_db()
    assert cert.status == "draft"


def test_a_person_past_retirement_age_is_not_certified(older):
    retired = make_user("laoren", Role.INDIVIDUAL, id_number="110105195001010012")
    cert = _draft(retired, older)
    services.evidence_attach(certification=cert, upload=pdf_upload(), user=retired)
    with pytest.raises(TransitionError, match="不在 16 周岁至法定退休年龄 60 周岁之间"):
        services.certification_submit(certification=cert, user=retired)


def test_a_person_without_an_id_number_cannot_apply(older):
    nobody = make_user("noid", Role.INDIVIDUAL)
    with pytest.raises(services.AssistanceError, match="居民身份证号码"):
        _draft(nobody, older)
    assert not Certification.objects.exists()


def test_one_person_has_one_live_certification(person, older):
    _draft(person, older)
    with pytest.raises(services.AssistanceError, match="不能重复申请"):
        _draft(person, older)
    assert Certification.objects.filter(person=person).count() == 1


def test_a_refusal_needs_a_reason_and_is_told_to_the_person(
    person, sunhe_office, older, django_capture_on_commit_callbacks
):
    cert = _draft(person, older)
    services.evidence_attach(certification=cert, upload=pdf_upload(), user=person)
    services.certification_submit(certification=cert, user=person)
    with pytest.raises(TransitionError, match="须填写理由"):
        services.certification_decide(certification=cert, to="refused", user=sunhe_office)
    with django_capture_on_commit_callbacks(execute=True):
        services.certification_decide(certification=cert, to="refused", user=sunhe_office, reason="残疾人证已过期")
    cert.refresh_from_db()
    assert (cert.status, cert.refusal) == ("refused", "残疾人证已过期")
    assert Notification.objects.get(user=person, title="就业困难人员认定未通过").body.endswith("残疾人证已过期")
    # refused: the person may apply again
    assert _draft(person, older).status == "draft"


def test_another_streets_office_cannot_certify(person, wangjing_office, older):
    cert = _draft(person, older)
    services.evidence_attach(certification=cert, upload=pdf_upload(), user=person)
    services.certification_submit(certification=cert, user=person)
    with pytest.raises(TransitionError, match="您不能办理"):
        services.certification_decide(certification=cert, to="certified", user=wangjing_office)


def test_a_text_file_named_pdf_is_refused_and_nothing_is_stored(person, older):
    cert = _draft(person, older)
    fake = pdf_upload("残疾人证.pdf", data=b"not a pdf at all")
    with pytest.raises(MaterialError, match="不是PDF格式"):
        services.evidence_attach(certification=cert, upload=fake, user=person)
    assert not Evidence.objects.exists()


def test_the_same_file_twice_is_stored_once(person, older):
    cert = _draft(person, older)
    data = pdf_bytes(title="低保证")
    services.evidence_attach(certification=cert, upload=pdf_upload("a.pdf", data), user=person)
    services.evidence_attach(certification=cert, upload=pdf_upload("b.pdf", data), user=person)
    assert Evidence.objects.filter(certification=cert).count() == 1
    assert Evidence.objects.get().display_name == "大龄失业人员证明材料.pdf"


def test_age_and_sex_come_from_the_id_number():
    # the 17th digit (1) is odd: a man
    assert services.birth_and_sex("110105197003150113") is None  # bad check character (4 is right)
    born, sex = services.birth_and_sex("110105197003150114") or (None, None)
    assert (born, sex) == (dt.date(1970, 3, 15), "male")
    assert services.age_in_months(dt.date(1970, 3, 15), dt.date(2020, 6, 1)) == 602
    assert services.age_in_months(dt.date(1970, 3, 15), dt.date(2020, 3, 14)) == 599


def test_a_refused_form_answers_400_with_its_errors_and_the_users_data(client, person, older):
    client.force_login(person)
    response = client.post("/assistance/apply/", {"category": "", "wishes": "保洁<script>"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "未能办理，请修改后重试" in page and "保洁&lt;script&gt;" in page
    cert = _draft(person, older)
    response = client.post(f"/assistance/certifications/{cert.pk}/evidence/", {"file": pdf_upload("x.pdf", b"<html>")})
    assert response.status_code == 400
    assert "PDF" in response.content.decode()
    assert not Evidence.objects.exists()
