"""Completion certificates: issued by the provider once the trainee's class hours on the course
reach its completion hours, once, as a numbered PDF verified publicly; the trainee and the firm
download it; and the training archive (ZIP) for 留存备查."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import id_number, make_organisation, make_reviewer, make_user
from tests.training.setup import op6_claim
from wengang.accounts.models import Role
from wengang.documents import services as documents
from wengang.training import archive
from wengang.training.certificates import certificate_issue, completion
from wengang.training.models import Attendance, Certificate, Lesson, LessonProgress
from wengang.training.services import TrainingError

pytestmark = pytest.mark.django_db
BASE = "https://wengang.example.cn/"


@pytest.fixture
def world(world):
    """The commissioned world (conftest) with a 40-hour completion line and a long video."""
    w = world
    w.course.completion_hours = Decimal(40)
    w.course.save()
    w.video = w.lesson(duration_ms=2000 * 60_000)
    return w


def record(world, enrolment, minutes: str, offline: int = 0) -> None:
    ms = int(Decimal(minutes) * 60_000)
    LessonProgress.objects.create(
        enrolment=enrolment, lesson=world.video, intervals=[[0, ms]], counted_ms=ms, by_day={"2020-05-20": ms}
    )
    if offline:
        sitting = Lesson.objects.create(course=world.course, title="线下课", kind="offline")
        Attendance.objects.create(enrolment=enrolment, lesson=sitting, minutes=offline)
        enrolment.offline_minutes = offline
        enrolment.save()


def test_completion_is_the_course_hours_reached(world):
    short, _ = world.learner(1)
    done, _ = world.learner(2)
    record(world, short, "1799.55")  # 39.99 课时
    record(world, done, "1350", offline=450)  # 1,800 minutes = 40.00 课时
    assert not completion(short).completed
    assert completion(short).text == "未结业：39.99 课时，本课程结业须达到 40 课时"
    assert completion(done).completed and completion(done).hours.hours == Decimal("40.00")


def test_not_issued_before_completion_nor_by_another_provider(world):
    enrolment, _ = world.learner(1)
    record(world, enrolment, "1799.55")
    with pytest.raises(TrainingError, match="未结业：39.99 课时，本课程结业须达到 40 课时，暂不能发证"):
        certificate_issue(user=world.staff, enrolment=enrolment, base_url=BASE)
    other = make_user("peixun_x", Role.PROVIDER, organisation=make_organisation(905, "另一培训学校", kind="training"))
    with pytest.raises(TrainingError, match="只有开设本课程的培训机构可以发放结业证书"):
        certificate_issue(user=other, enrolment=enrolment, base_url=BASE)
    assert not Certificate.objects.exists()


def test_a_certificate_is_issued_once_and_verifies(world, client):
    enrolment, _ = world.learner(1)
    record(world, enrolment, "1845")
    certificate = certificate_issue(user=world.staff, enrolment=enrolment, base_url=BASE)
    assert certificate.document.number == "朝培结〔2020〕第0001号"
    assert certificate.hours == Decimal("41.00")
    with pytest.raises(TrainingError, match="学员1已发过结业证书（朝培结〔2020〕第0001号），不重复发证"):
        certificate_issue(user=world.staff, enrolment=enrolment, base_url=BASE)
    assert Certificate.objects.count() == 1

    text = "".join(p.extract_text() for p in PdfReader(certificate.file.open("rb")).pages)
    compact = text.replace(" ", "").replace("\n", "")
    assert "朝培结〔2020〕第0001号" in compact and "学员1" in compact and "电工岗位技能提升" in compact
    assert "41.00课时" in compact and "测试职业技能培训学校" in compact and "2020年6月1日" in compact
    assert id_number(1) not in compact and id_number(1)[-4:] in compact
    assert documents.shown_code(certificate.document.code) in compact

    url = reverse("documents:verify")
    found = client.get(url, {"number": certificate.document.number, "code": certificate.document.code})
    assert found.status_code == 200 and "核验通过" in found.content.decode()
    assert "职业技能培训结业证书" in found.content.decode()
    # issued by the school, not by the bureau that numbers it
    assert "<dd>测试职业技能培训学校</dd>" in found.content.decode()
    assert "<dd>北京市朝阳区人力资源和社会保障局</dd>" not in found.content.decode()
    wrong = client.get(url, {"number": certificate.document.number, "code": "ABCD-EFGH"})
    assert wrong.status_code == 404 and "未能核验" in wrong.content.decode()


def test_the_provider_issues_on_the_course_page_and_the_trainee_and_firm_download(world, client):
    enrolment, learner = world.learner(1)
    record(world, enrolment, "1800")
    client.force_login(world.staff)
    page = client.get(reverse("training:course", args=[world.course.pk])).content.decode()
    assert "发放结业证书" in page
    response = client.post(reverse("training:certificate_issue", args=[enrolment.pk]), follow=True)
    assert "已为学员1发放结业证书（朝培结〔2020〕第0001号）" in response.content.decode()
    again = client.post(reverse("training:certificate_issue", args=[enrolment.pk]), follow=True)
    assert "不重复发证" in again.content.decode()
    certificate = Certificate.objects.get()
    url = reverse("training:certificate", args=[certificate.pk])
    for user in (learner, world.firm_user, world.staff):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(learner)
    assert "下载结业证书（朝培结〔2020〕第0001号）" in client.get(reverse("training:home")).content.decode()
    client.force_login(world.firm_user)
    assert "学员1 · 电工岗位技能提升（朝培结〔2020〕第0001号，40.00 课时）" in client.get(
        reverse("training:employees")
    ).content.decode()
    for user in (world.other_user, make_user("geren_x", Role.INDIVIDUAL, id_number=id_number(9))):
        client.force_login(user)
        assert client.get(url).status_code == 404


#: the archive of a firm that commissioned the school, with one certificate issued
WHOLE = ["培训协议/委托培训企业+委托培训协议.pdf", "学习记录.xlsx", "学员名单及课时.xlsx", "结业证书/朝培结〔2020〕第0001号-学员1.pdf"]


def completed_with_certificate(world):
    """学员1 at 1,800 minutes (40.00 课时) with her certificate issued."""
    done, _ = world.learner(1)
    record(world, done, "1800")
    certificate_issue(user=world.staff, enrolment=done, base_url=BASE)
    return done


def _roster(archive_zip: zipfile.ZipFile) -> dict:
    sheet = load_workbook(io.BytesIO(archive_zip.read("学员名单及课时.xlsx"))).active
    return {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_course_archive_holds_roster_records_agreement_and_certificates(world, client):
    completed_with_certificate(world)
    short, _ = world.learner(2)
    record(world, short, "90", offline=45)
    client.force_login(world.staff)
    archive_zip = _zip(client.get(reverse("training:course_archive", args=[world.course.pk])))
    assert sorted(archive_zip.namelist()) == WHOLE
    rows = _roster(archive_zip)
    assert rows["学员1"][6] == 40 and rows["学员1"][7] == "是"
    assert rows["学员2"][6] == 3  # 90 + 45 minutes
    learning = load_workbook(io.BytesIO(archive_zip.read("学习记录.xlsx"))).active
    lines = [r for r in learning.iter_rows(min_row=2, values_only=True) if r[0]]
    assert ("学员2", "第一课", "录播视频", 90) in [(r[0], r[3], r[4], r[5]) for r in lines]
    assert ("学员2", "线下课", "线下课", 45) in [(r[0], r[3], r[4], r[5]) for r in lines]
    assert all(id_number(2) != r[1] for r in lines)  # masked
    assert archive_zip.read("结业证书/朝培结〔2020〕第0001号-学员1.pdf").startswith(b"%PDF")
    assert archive_zip.read("培训协议/委托培训企业+委托培训协议.pdf").startswith(b"%PDF")


def test_the_claim_archive_for_the_firm_and_its_reviewer_only(world, client):
    completed_with_certificate(world)
    stranger, _ = world.learner(3, employer=world.other_firm)
    record(world, stranger, "1800")
    application = op6_claim(world, ("学员1", id_number(1)), ("学员3", id_number(3)))
    url = reverse("training:claim_archive", args=[application.pk])
    for user in (world.firm_user, make_reviewer("shenhe_t", "vocational-skills")):
        client.force_login(user)
        archive_zip = _zip(client.get(url))
        rows = _roster(archive_zip)
        # 学员3 works for another firm: nothing of her record is in this firm's archive
        assert rows["学员1"][3] == 40 and rows["学员3"][3] == 0 and rows["学员3"][5] == "无学习记录"
        assert "结业证书/朝培结〔2020〕第0001号-学员1.pdf" in archive_zip.namelist()
        assert "培训协议/委托培训企业+委托培训协议.pdf" in archive_zip.namelist()
    for user in (world.other_user, world.staff, make_reviewer("shenhe_o")):
        client.force_login(user)
        assert client.get(url).status_code == 404
    assert len(archive.claim_enrolments(application)) == 1


def test_the_firm_archive_holds_its_own_trainees_only(world, client):
    completed_with_certificate(world)
    stranger, _ = world.learner(3, employer=world.other_firm)
    record(world, stranger, "1800")
    client.force_login(world.firm_user)
    archive_zip = _zip(client.get(reverse("training:employees_archive")))
    assert sorted(archive_zip.namelist()) == WHOLE
    assert list(_roster(archive_zip)) == ["学员1"]
    client.force_login(world.other_user)
    other = _zip(client.get(reverse("training:employees_archive")))
    assert sorted(other.namelist()) == ["学习记录.xlsx", "学员名单及课时.xlsx"]  # no agreement, no certificate
