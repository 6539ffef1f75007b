"""The e-mail route (D1): real .eml files and a Maildir imported into cases, replies sent."""

from __future__ import annotations

import mailbox

from django.core.management import call_command

from tests.factories import pdf_bytes
from wengang.permits.intake import import_permit_emails
from wengang.permits.models import OrganisationEmail, PermitCase, PermitEmail, PermitMaterial

from .helpers import eml


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_an_email_from_a_known_address_opens_a_case(
    acme, owner, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    OrganisationEmail.objects.create(organisation=acme, email="Wang@Acme.example")
    path = write(
        tmp_path,
        "1.eml",
        eml(
            subject="劳务派遣许可申请",
            attachments=[
                ("北京甲乙人力资源有限公司+新申请劳务派遣行政许可.pdf", pdf_bytes(4), "application/pdf"),
            ],
        ),
    )

    with django_capture_on_commit_callbacks(execute=True):
        [result] = import_permit_emails(path)

    assert result.outcome == "attached"
    case = PermitCase.objects.get()
    assert (case.organisation, case.permit_type.code, case.channel) == (acme, "dispatch-new", "email")
    assert case.contact_email == "wang@acme.example"
    material = case.materials.get()
    assert material.display_name == "北京甲乙人力资源有限公司+新申请劳务派遣行政许可.pdf"
    assert material.pages == 4
    reply = next(m for m in mailoutbox if m.subject.startswith("回复："))
    assert reply.to == ["wang@acme.example"]
    assert case.reference in reply.body and "下一步" in reply.body and "电子材料" in reply.body


def test_the_unit_name_in_the_subject_identifies_an_unknown_sender(acme, tmp_path):
    path = write(
        tmp_path,
        "1.eml",
        eml(
            sender="someone@mail.example",
            to="cytsgssq@163.com",
            subject="北京甲乙人力资源有限公司+综合计算工时工作制审批",
        ),
    )
    [result] = import_permit_emails(path)
    assert result.outcome == "attached"
    assert result.case is not None and result.case.permit_type.code == "hours-comprehensive"


def test_the_same_email_imported_twice_creates_one_case(acme, tmp_path, mailoutbox, django_capture_on_commit_callbacks):
    OrganisationEmail.objects.create(organisation=acme, email="wang@acme.example")
    data = eml(message_id="<abc-123@acme.example>")
    first, second = write(tmp_path, "a.eml", data), write(tmp_path, "b.eml", data)
    with django_capture_on_commit_callbacks(execute=True):
        results = import_permit_emails(tmp_path)
    assert [r.outcome for r in results] == ["attached", "duplicate"]
    with django_capture_on_commit_callbacks(execute=True):
        [again] = import_permit_emails(first)
    assert again.outcome == "duplicate" and again.case == results[0].case
    assert PermitCase.objects.count() == 1
    assert PermitMaterial.objects.count() == 1
    assert PermitEmail.objects.count() == 1
    assert len([m for m in mailoutbox if m.subject.startswith("回复：")]) == 1
    assert second.exists()


def test_without_a_message_id_the_content_is_the_key(acme, tmp_path):
    data = eml(message_id=None)
    path = write(tmp_path, "a.eml", data)
    assert [r.outcome for r in import_permit_emails(path) + import_permit_emails(path)] == ["attached", "duplicate"]
    assert PermitEmail.objects.get().dedup_key.startswith("sha256:")
    assert PermitCase.objects.count() == 1


def test_a_second_email_adds_to_the_open_case(acme, tmp_path):
    write(tmp_path, "1.eml", eml())
    write(
        tmp_path,
        "2.eml",
        eml(attachments=[("北京甲乙人力资源有限公司+新申请劳务派遣行政许可.pdf", pdf_bytes(6), "application/pdf")]),
    )
    results = import_permit_emails(tmp_path)
    assert results[0].case == results[1].case
    names = list(PermitMaterial.objects.values_list("display_name", flat=True))
    assert names == [
        "北京甲乙人力资源有限公司+新申请劳务派遣行政许可.pdf",
        "北京甲乙人力资源有限公司+新申请劳务派遣行政许可（2）.pdf",
    ]


def test_a_non_pdf_attachment_is_refused_with_the_reason_and_a_reply(
    acme, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    OrganisationEmail.objects.create(organisation=acme, email="wang@acme.example")
    path = write(
        tmp_path,
        "1.eml",
        eml(
            attachments=[
                ("北京甲乙人力资源有限公司+新申请劳务派遣行政许可.pdf", pdf_bytes(1), "application/pdf"),
                ("申请书.pdf", b"PK\x03\x04 this is a renamed docx", "application/pdf"),
            ]
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        [result] = import_permit_emails(path)

    assert result.outcome == "refused"
    assert result.reason == "附件“申请书.pdf”：文件内容不是PDF格式（仅修改扩展名无效），请上传PDF文件"
    assert PermitCase.objects.count() == 0 and PermitMaterial.objects.count() == 0
    [reply] = mailoutbox
    assert reply.to == ["wang@acme.example"]
    assert "未被受理" in reply.body and "申请书.pdf" in reply.body


def test_an_unrecognised_sender_waits_in_the_staff_list(db, tmp_path, officer, client):
    path = write(
        tmp_path,
        "1.eml",
        eml(
            sender="stranger@mail.example",
            subject="许可申请",
            attachments=[("材料.pdf", pdf_bytes(1), "application/pdf")],
        ),
    )
    [result] = import_permit_emails(path)
    assert result.outcome == "unmatched"
    assert "发件地址 stranger@mail.example 未登记" in result.reason
    assert PermitCase.objects.count() == 0

    client.force_login(officer)
    page = client.get("/permits/emails/").content.decode()
    assert "stranger@mail.example" in page and "未登记" in page


def test_mail_to_another_mailbox_is_not_a_permit_application(acme, tmp_path):
    [result] = import_permit_emails(write(tmp_path, "1.eml", eml(to="info@example.com")))
    assert (result.outcome, result.reason) == ("unmatched", "收件人不是许可受理邮箱")


def test_the_command_reads_a_maildir(acme, tmp_path):
    box = mailbox.Maildir(str(tmp_path / "inbox"), create=True)
    box.add(eml(message_id="<m1@acme.example>"))
    box.add(
        eml(to="cytsgssq@163.com", subject="北京甲乙人力资源有限公司+不定时工作制审批", message_id="<m2@acme.example>")
    )
    box.close()
    from io import StringIO

    out = StringIO()
    call_command("import_permit_emails", str(tmp_path / "inbox"), stdout=out)
    assert "共 2 封：已归入案件 2" in out.getvalue()
    assert sorted(PermitCase.objects.values_list("permit_type__code", flat=True)) == [
        "dispatch-new",
        "hours-indefinite",
    ]
