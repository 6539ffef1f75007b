"""Real-name enrolment: ID numbers checked by their check character; employees of a firm that
trains itself or commissioned the provider; unemployed people on free courses only; bulk from
Excel with every bad row named and nobody enrolled unless all rows are good."""

from __future__ import annotations

import pytest

from tests.factories import id_number, pdf_upload, xlsx_upload
from tests.training.setup import World
from wengang.training.models import Course, Enrolment
from wengang.training.services import (
    ENROL_COLUMNS,
    EnrolmentRowsError,
    TrainingError,
    commission_record,
    enrolment_add,
    enrolment_import,
)

pytestmark = pytest.mark.django_db
HEADER = [c.header for c in ENROL_COLUMNS]


def row(seq: int, relation: str = "本企业职工", uscc: str | None = None, world: World | None = None, **extra):
    return {
        "name": f"学员{seq}",
        "id_number": id_number(seq),
        "relation": relation,
        "employer_uscc": uscc if uscc is not None else (world.firm.uscc if world else ""),
        **extra,
    }


def test_an_employee_of_a_commissioning_firm_is_enrolled(world):
    enrolment = enrolment_add(user=world.staff, course=world.course, row=row(1, world=world))
    assert enrolment.employer == world.firm
    assert enrolment.masked_id_number == id_number(1)[:6] + "********" + id_number(1)[-4:]


def test_a_wrong_check_character_is_refused(world):
    bad = id_number(1)[:-1] + ("0" if id_number(1)[-1] != "0" else "1")
    with pytest.raises(TrainingError, match="无效"):
        enrolment_add(user=world.staff, course=world.course, row=row(1, world=world, id_number=bad))
    assert not Enrolment.objects.exists()


def test_a_firm_that_did_not_commission_the_provider_is_refused(world):
    with pytest.raises(TrainingError, match="未委托本机构培训"):
        enrolment_add(user=world.staff, course=world.course, row=row(1, uscc=world.other_firm.uscc))


def test_a_firm_trains_its_own_staff_without_a_commission(world):
    own = Course.objects.create(provider=world.other_firm, title="安全生产")
    enrolment = enrolment_add(user=world.other_user, course=own, row=row(1, uscc=world.other_firm.uscc))
    assert enrolment.employer == world.other_firm


def test_an_unemployed_person_enrols_only_in_a_free_course(world):
    with pytest.raises(TrainingError, match="失业人员只能报名免费课程"):
        enrolment_add(user=world.staff, course=world.course, row=row(1, "失业人员", uscc=""))
    world.course.free = True
    world.course.save()
    enrolment = enrolment_add(user=world.staff, course=world.course, row=row(1, "失业人员", uscc=""))
    assert enrolment.employer is None


def test_the_same_person_enrols_once_per_course(world):
    enrolment_add(user=world.staff, course=world.course, row=row(1, world=world))
    with pytest.raises(TrainingError, match="已报名本课程"):
        enrolment_add(user=world.staff, course=world.course, row=row(1, world=world))


def test_another_providers_course_is_refused(world):
    own = Course.objects.create(provider=world.other_firm, title="安全生产")
    with pytest.raises(TrainingError, match="只能为本单位的课程"):
        enrolment_add(user=world.staff, course=own, row=row(1, world=world))


def test_a_nul_byte_in_the_name_is_removed(world):
    enrolment = enrolment_add(user=world.staff, course=world.course, row=row(1, world=world, name="张\x00三"))
    assert enrolment.name == "张三"


def test_bulk_enrolment_enrols_every_row(world):
    rows = [[f"学员{i}", id_number(i), "本企业职工", world.firm.uscc] for i in range(1, 31)]
    assert enrolment_import(user=world.staff, course=world.course, upload=xlsx_upload(HEADER, rows)) == 30
    assert Enrolment.objects.filter(course=world.course).count() == 30


def test_bulk_enrolment_names_every_bad_row_and_enrols_nobody(world):
    rows = [
        ["学员1", id_number(1), "本企业职工", world.firm.uscc],
        ["学员2", "110105198001010000", "本企业职工", world.firm.uscc],
        ["学员3", id_number(3), "本企业待岗职工", world.other_firm.uscc],
        ["学员1", id_number(1), "本企业职工", world.firm.uscc],
        ["学员5", id_number(5), "临时工", world.firm.uscc],
    ]
    with pytest.raises(EnrolmentRowsError) as caught:
        enrolment_import(user=world.staff, course=world.course, upload=xlsx_upload(HEADER, rows))
    assert [e.split("：", 1)[0] for e in caught.value.errors] == ["第3行", "第4行", "第5行", "第6行"]
    assert "第5行：身份证号码与第2行重复" in caught.value.errors
    assert not Enrolment.objects.exists()


def test_a_non_excel_file_is_refused(world):
    with pytest.raises(TrainingError):
        enrolment_import(user=world.staff, course=world.course, upload=pdf_upload("名单.xlsx"))


def test_a_commission_needs_a_pdf_agreement(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(TrainingError, match="PDF"):
        commission_record(
            user=world.staff,
            enterprise=world.other_firm,
            licence_number="京朝1号",
            upload=SimpleUploadedFile("协议.pdf", b"not a pdf"),
        )
    with pytest.raises(TrainingError, match="已登记过"):
        commission_record(user=world.staff, enterprise=world.firm, licence_number="京朝1号", upload=pdf_upload())
