"""The pages: who sees what, the portal route, the staff's forms, and the public 双公示 list."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import id_number, pdf_bytes
from wengang.permits.models import PermitCase, PermitType, PickupBatch, Status
from wengang.permits.services import permit_act, permit_submit

from .helpers import checked_on_site


def granted(owner, officer, permit_type, number="京朝人社派许字〔2020〕第012号") -> PermitCase:
    submitted = permit_submit(user=owner, permit_type=permit_type, data=pdf_bytes(1), original_name="a.pdf")
    case = checked_on_site(submitted, officer, "李审核、张核查")
    permit_act(
        case=case,
        action="approve",
        actor=officer,
        data={"permit_number": number, "valid_from": dt.date(2020, 3, 12), "valid_to": dt.date(2023, 3, 11)},
    )
    return case


def test_an_enterprise_applies_through_the_portal(client, owner, dispatch_new):
    client.force_login(owner)
    upload = SimpleUploadedFile("扫描件.pdf", pdf_bytes(2), content_type="application/pdf")
    response = client.post("/permits/new/", {"permit_type": dispatch_new.pk, "file": upload})
    case = PermitCase.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/permits/{case.pk}/"
    page = client.get(f"/permits/{case.pk}/").content.decode()
    assert "北京甲乙人力资源有限公司+新申请劳务派遣行政许可.pdf" in page
    assert "补充材料" in page
    assert "电子材料审核合格</button>" not in page  # the officer's steps are not offered to the applicant


def test_a_renamed_file_is_refused_with_the_form_kept(client, owner, dispatch_new):
    client.force_login(owner)
    upload = SimpleUploadedFile("申请书.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post("/permits/new/", {"permit_type": dispatch_new.pk, "file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page and "文件内容不是PDF格式" in page
    assert f'value="{dispatch_new.pk}" selected' in page
    assert PermitCase.objects.count() == 0


def test_another_enterprise_cannot_see_a_case(client, owner, outsider, dispatch_new):
    case = permit_submit(user=owner, permit_type=dispatch_new, data=pdf_bytes(1), original_name="a.pdf")
    material = case.materials.get()
    client.force_login(outsider)
    assert client.get(f"/permits/{case.pk}/").status_code == 404
    assert client.get(f"/permits/{case.pk}/files/{material.pk}/").status_code == 404
    assert case.reference not in client.get("/permits/").content.decode()


def test_enterprises_and_other_departments_cannot_handle_a_case(client, owner, other_reviewer, dispatch_new):
    case = permit_submit(user=owner, permit_type=dispatch_new, data=pdf_bytes(1), original_name="a.pdf")
    client.force_login(owner)
    assert client.post(f"/permits/{case.pk}/act/e_approve/").status_code == 403
    client.force_login(other_reviewer)
    assert client.get("/permits/").status_code == 403
    assert client.post(f"/permits/{case.pk}/act/e_approve/").status_code == 403
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


def test_the_officer_ticks_the_paper_checklist_on_the_page(client, owner, officer, dispatch_new):
    case = permit_submit(user=owner, permit_type=dispatch_new, data=pdf_bytes(1), original_name="a.pdf")
    client.force_login(officer)
    assert client.post(f"/permits/{case.pk}/act/e_approve/").status_code == 302
    partial = {name: "on" for name in PermitCase.PAPER_FIELDS if name != "envelope_sender"}
    response = client.post(f"/permits/{case.pk}/paper/", partial)
    assert response.status_code == 400
    assert "纸质材料核对未完成：信封注明寄件人" in response.content.decode()
    response = client.post(f"/permits/{case.pk}/paper/", {name: "on" for name in PermitCase.PAPER_FIELDS})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.PAPER_RECEIVED


def test_a_bad_approval_re_renders_with_the_reason(client, owner, officer, dispatch_new):
    case = granted(owner, officer, dispatch_new)
    permit_act(case=case, action="publish", actor=officer)
    other = permit_submit(user=owner, permit_type=dispatch_new, data=pdf_bytes(2), original_name="b.pdf")
    checked_on_site(other, officer)
    client.force_login(officer)
    response = client.post(
        f"/permits/{other.pk}/act/approve/",
        {
            "approve-permit_number": case.permit_number,
            "approve-valid_from": "2020-03-12",
            "approve-valid_to": "2023-03-11",
        },
    )
    assert response.status_code == 400
    assert "已被使用" in response.content.decode()


def test_the_public_page_finds_a_permit_by_unit_name_without_personal_data(client, acme, owner, officer, dispatch_new):
    owner.id_number = id_number(7)
    owner.phone = "13912345678"
    owner.save()
    case = granted(owner, officer, dispatch_new)
    indefinite = PermitType.objects.get(code="hours-indefinite")
    permit_submit(
        user=owner, permit_type=indefinite, data=pdf_bytes(1), original_name="b.pdf"
    )  # not granted: not shown

    response = client.get("/permits/public/", {"unit": "甲乙"})
    assert response.status_code == 200
    page = response.content.decode()
    for shown in (
        "北京甲乙人力资源有限公司",
        acme.uscc,
        "新申请劳务派遣行政许可",
        "京朝人社派许字〔2020〕第012号",
        "2020-03-12 至 2023-03-11",
        "2020-03-02",
    ):
        assert shown in page
    for hidden in (
        "王经理",
        owner.id_number,
        owner.id_number[:6] + "*",
        "13912345678",
        "wang@acme.example",
        "李审核",
        "不定时工作制审批</td",
        case.reference,
    ):
        assert hidden not in page
    assert "（1 项）" in page
    assert "（0 项）" in client.get("/permits/public/", {"unit": "丙丁"}).content.decode()


def test_the_public_page_filters_by_type(client, owner, officer, dispatch_new, comprehensive):
    granted(owner, officer, dispatch_new)
    page = client.get("/permits/public/", {"permit_type": comprehensive.pk}).content.decode()
    assert "（0 项）" in page


def test_every_page_renders_for_the_people_who_use_it(client, owner, officer, dispatch_new):
    case = granted(owner, officer, dispatch_new)
    client.force_login(officer)
    assert client.get(f"/permits/{case.pk}/").status_code == 200
    permit_act(case=case, action="publish", actor=officer)
    assert client.get("/permits/").status_code == 200
    assert client.get("/permits/?status=published").content.decode().count(case.reference) == 1
    response = client.post(
        "/permits/pickup/",
        {
            "date": "2020-03-20",
            "place": "八里庄南里21号院",
            "first_slot": "09:00",
            "slot_minutes": "30",
            "slot_count": "4",
        },
    )
    assert response.status_code == 302
    assert case.reference in client.get("/permits/pickup/").content.decode()

    client.force_login(owner)
    page = client.get(f"/permits/{case.pk}/").content.decode()
    assert "预约领取纸质结果" in page and "2020-03-20 09:30 八里庄南里21号院" in page
    batch_pk = PickupBatch.objects.get().pk
    assert client.post(f"/permits/{case.pk}/pickup/", {"choice": f"{batch_pk}@09:30"}).status_code == 302
    assert client.get("/permits/").status_code == 200

    client.force_login(officer)
    assert client.post(f"/permits/{case.pk}/act/collect/").status_code == 302
    case.refresh_from_db()
    assert case.status == Status.COLLECTED
    assert "09:30" in client.get("/permits/pickup/").content.decode()


def test_a_permit_file_is_served_as_a_download(client, owner, dispatch_new):
    """Issue 8, finding 20: permit files were served ``inline``, so a crafted file rendered in our origin."""
    case = permit_submit(user=owner, permit_type=dispatch_new, data=pdf_bytes(1), original_name="a.pdf")
    material = case.materials.get()
    client.force_login(owner)
    response = client.get(f"/permits/{case.pk}/files/{material.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
