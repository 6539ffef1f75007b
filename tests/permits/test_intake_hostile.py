"""The e-mail route against malformed and hostile mail (issue 8, findings 9 and 14–17)."""

from __future__ import annotations

import base64
from email.message import EmailMessage

import pytest

from tests.factories import pdf_bytes
from wengang.permits import intake
from wengang.permits.intake import import_permit_emails
from wengang.permits.models import OrganisationEmail, PermitCase, PermitEmail, PermitMaterial

from .helpers import eml

UNIT_SUBJECT = "北京甲乙人力资源有限公司+新申请劳务派遣行政许可"


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def raw_mail(*, headers: list[tuple[str, bytes]], body: bytes = b"hello\r\n") -> bytes:
    head = b"".join(name.encode() + b": " + value + b"\r\n" for name, value in headers)
    return head + b"\r\n" + body


def last_pdf_part(filename: bytes) -> bytes:
    """The closing part of a ``multipart/mixed; boundary="b"`` body: a one-page PDF named ``filename``."""
    return (
        b'--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="' + filename + b'"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(pdf_bytes(1)) + b"\r\n--b--\r\n"
    )


def with_from(from_value: bytes) -> bytes:
    """A good e-mail (PDF, unit name in the subject) whose From: header is replaced by raw bytes."""
    good = eml(sender="placeholder@acme.example")
    head, _, body = good.partition(b"\n\n")
    lines = [line for line in head.split(b"\n") if not line.startswith(b"From:")]
    return b"\n".join([b"From: " + from_value, *lines]) + b"\n\n" + body


# ---- 14: one bad message does not stop the run ------------------------------------------------


@pytest.mark.parametrize(
    "from_value",
    [b'"', b"<", b'a@b, "', b"<foo@[bar", b"x" * 300 + b"@acme.example", b"wa\x00ng@acme.example"],
    ids=["quote", "angle", "list-with-quote", "open-domain-literal", "over-254", "nul"],
)
def test_a_malformed_sender_neither_crashes_nor_reaches_the_database(acme, tmp_path, from_value):
    path = write(tmp_path, "1.eml", with_from(from_value))
    [result] = import_permit_emails(path)
    # the unit name in the subject still identifies the firm; the sender is simply unknown
    assert result.outcome == "attached"
    record = PermitEmail.objects.get()
    assert "\x00" not in record.sender and len(record.sender) <= 255
    case = PermitCase.objects.get()
    assert case.contact_email == ""  # the sender is not an address known for the firm


def test_nul_characters_in_subject_sender_name_and_file_name_are_dropped(acme, tmp_path):
    data = raw_mail(
        headers=[
            ("From", b"=?utf-8?q?=E7=8E=8B=00?= <wang@acme.example>"),
            ("To", b"cylwpqsq@126.com"),
            ("Subject", UNIT_SUBJECT.encode() + b"\x00"),
            ("Message-ID", b"<nul@acme.example>"),
            ("MIME-Version", b"1.0"),
            ("Content-Type", b'multipart/mixed; boundary="b"'),
        ],
        body=b"--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n" + last_pdf_part(b"a\x00b.pdf"),
    )
    [result] = import_permit_emails(write(tmp_path, "1.eml", data))
    assert result.outcome == "attached"
    record = PermitEmail.objects.get()
    assert record.subject == UNIT_SUBJECT
    assert record.attachment_names == ["ab.pdf"]
    assert PermitMaterial.objects.get().original_name == "ab.pdf"


def test_a_failing_message_is_recorded_and_the_run_goes_on(acme, tmp_path, monkeypatch):
    write(tmp_path, "1.eml", eml(message_id="<first@acme.example>"))
    write(tmp_path, "2.eml", eml(message_id="<second@acme.example>"))
    real = intake.permit_material_attach
    calls = []

    def fail_once(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(intake, "permit_material_attach", fail_once)
    first, second = import_permit_emails(tmp_path)
    assert first.outcome == "failed" and "未能自动导入" in first.reason
    assert second.outcome == "attached"
    # the first message left nothing half-written: one case, one PDF (the second message's)
    assert PermitCase.objects.count() == 1 and PermitMaterial.objects.count() == 1
    failed = PermitEmail.objects.get(outcome="failed")
    assert failed.message_id == "<first@acme.example>"

    # a rerun tries the failed message again; the imported one is a duplicate
    again = import_permit_emails(tmp_path)
    assert [r.outcome for r in again] == ["attached", "duplicate"]
    assert not PermitEmail.objects.filter(outcome="failed").exists()
    assert PermitMaterial.objects.count() == 1  # the same PDF content, stored once


def test_the_command_reports_a_failure_and_goes_on(acme, tmp_path, monkeypatch):
    from django.core.management import call_command

    write(tmp_path, "1.eml", eml(message_id="<first@acme.example>"))
    write(tmp_path, "2.eml", eml(message_id="<second@acme.example>", subject=UNIT_SUBJECT + "（补充）"))
    calls = []
    real = intake._organisation

    def fail_once(*args):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return real(*args)

    monkeypatch.setattr(intake, "_organisation", fail_once)
    from io import StringIO

    out = StringIO()
    call_command("import_permit_emails", str(tmp_path), stdout=out)
    text = out.getvalue()
    assert "导入失败：邮件格式异常" in text
    assert "共 2 封：导入失败 1，已归入案件 1" in text


# ---- 15: the same Message-ID with different content -------------------------------------------


def test_two_different_emails_sharing_a_message_id_are_both_imported(acme, tmp_path):
    one = eml(message_id="<same@acme.example>", attachments=[("材料1.pdf", pdf_bytes(1), "application/pdf")])
    two = eml(message_id="<same@acme.example>", attachments=[("材料2.pdf", pdf_bytes(2), "application/pdf")])
    write(tmp_path, "1.eml", one)
    write(tmp_path, "2.eml", two)
    results = import_permit_emails(tmp_path)
    assert [r.outcome for r in results] == ["attached", "attached"]
    assert PermitMaterial.objects.count() == 2
    assert PermitEmail.objects.count() == 2


def test_the_same_email_with_other_delivery_headers_is_still_a_duplicate(acme, tmp_path):
    data = eml(message_id="<same@acme.example>")
    write(tmp_path, "1.eml", data)
    write(
        tmp_path,
        "2.eml",
        b"Received: from mx2 by intake; Mon, 2 Mar 2020 09:31:00 +0800\r\n" + data.replace(b"\n", b"\r\n"),
    )
    assert [r.outcome for r in import_permit_emails(tmp_path)] == ["attached", "duplicate"]


# ---- 16: charsets, nested parts, forwarded messages -------------------------------------------


def test_a_raw_gb18030_subject_is_read(acme, tmp_path):
    data = raw_mail(
        headers=[
            ("From", b"someone@mail.example"),
            ("To", b"cylwpqsq@126.com"),
            ("Subject", UNIT_SUBJECT.encode("gb18030")),
            ("MIME-Version", b"1.0"),
            ("Content-Type", b'multipart/mixed; boundary="b"'),
        ],
        body=last_pdf_part(b"1.pdf"),
    )
    [result] = import_permit_emails(write(tmp_path, "1.eml", data))
    assert result.outcome == "attached"
    assert PermitEmail.objects.get().subject == UNIT_SUBJECT


def test_a_gb2312_encoded_word_is_read_as_gb18030(acme, tmp_path):
    # 「珺」 is in GBK/GB18030 but not in GB2312; mail clients label such text GB2312 anyway
    subject = UNIT_SUBJECT + "（珺）"
    word = b"=?gb2312?b?" + base64.b64encode(subject.encode("gb18030")) + b"?="
    data = raw_mail(
        headers=[
            ("From", b"someone@mail.example"),
            ("To", b"cylwpqsq@126.com"),
            ("Subject", word),
            ("MIME-Version", b"1.0"),
            ("Content-Type", b'multipart/mixed; boundary="b"'),
        ],
        body=last_pdf_part(b"1.pdf"),
    )
    [result] = import_permit_emails(write(tmp_path, "1.eml", data))
    assert PermitEmail.objects.get().subject == subject
    assert result.outcome == "attached"


def test_a_pdf_inside_a_nested_alternative_part_is_found(acme, tmp_path):
    message = EmailMessage()
    message["From"] = "wang@acme.example"
    message["To"] = "cylwpqsq@126.com"
    message["Subject"] = UNIT_SUBJECT
    message.set_content("正文")
    message.add_alternative("<p>正文</p>", subtype="html")
    # the PDF sits inside the multipart/alternative, as some clients send it
    message.get_payload()[1].make_mixed()
    message.get_payload()[1].add_attachment(pdf_bytes(2), maintype="application", subtype="pdf", filename="材料.pdf")
    [result] = import_permit_emails(write(tmp_path, "1.eml", message.as_bytes()))
    assert result.outcome == "attached"
    assert PermitMaterial.objects.get().pages == 2


def test_a_forwarded_message_is_opened(acme, tmp_path):
    inner = EmailMessage()
    inner["From"] = "boss@acme.example"
    inner["To"] = "wang@acme.example"
    inner["Subject"] = UNIT_SUBJECT
    inner.set_content("材料见附件")
    inner.add_attachment(pdf_bytes(3), maintype="application", subtype="pdf", filename="申请材料.pdf")
    outer = EmailMessage()
    outer["From"] = "someone@mail.example"
    outer["To"] = "cylwpqsq@126.com"
    outer["Subject"] = "Fw: 材料"
    outer.set_content("请查收转发的邮件")
    outer.add_attachment(inner)  # message/rfc822
    [result] = import_permit_emails(write(tmp_path, "1.eml", outer.as_bytes()))
    assert result.outcome == "attached", result.reason
    material = PermitMaterial.objects.get()
    assert (material.original_name, material.pages) == ("申请材料.pdf", 3)


# ---- 17: no replies to strangers --------------------------------------------------------------


def test_an_unknown_sender_of_an_unmatched_email_gets_no_reply(
    db, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    data = eml(sender="stranger@mail.example", subject="你好", attachments=[])
    with django_capture_on_commit_callbacks(execute=True):
        [result] = import_permit_emails(write(tmp_path, "1.eml", data))
    assert result.outcome == "unmatched"
    assert mailoutbox == []
    assert PermitEmail.objects.get().reply_sent_at is None


def test_a_forged_sender_naming_a_firm_gets_no_reply(acme, tmp_path, mailoutbox, django_capture_on_commit_callbacks):
    data = eml(sender="victim@elsewhere.example", attachments=[("申请书.pdf", b"not a pdf", "application/pdf")])
    with django_capture_on_commit_callbacks(execute=True):
        [result] = import_permit_emails(write(tmp_path, "1.eml", data))
    assert result.outcome == "refused"
    assert mailoutbox == []


def test_an_address_known_for_the_firm_gets_the_reply(acme, tmp_path, mailoutbox, django_capture_on_commit_callbacks):
    OrganisationEmail.objects.create(organisation=acme, email="wang@acme.example")
    data = eml(attachments=[("申请书.pdf", b"not a pdf", "application/pdf")])
    with django_capture_on_commit_callbacks(execute=True):
        [result] = import_permit_emails(write(tmp_path, "1.eml", data))
    assert result.outcome == "refused"
    assert [m.to for m in mailoutbox] == [["wang@acme.example"]]


def test_the_contact_address_of_an_earlier_case_gets_the_reply(
    acme, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_permit_emails(write(tmp_path, "1.eml", eml(sender="new@acme.example")))
    # the first e-mail opened the case from an address nobody knows: no reply, no contact address
    assert mailoutbox == []
    case = PermitCase.objects.get()
    assert case.contact_email == ""
    # the firm confirms the address to the bureau, which records it on the case
    PermitCase.objects.filter(pk=case.pk).update(contact_email="new@acme.example")
    with django_capture_on_commit_callbacks(execute=True):
        import_permit_emails(
            write(
                tmp_path,
                "2.eml",
                eml(sender="new@acme.example", attachments=[("补充.pdf", pdf_bytes(2), "application/pdf")]),
            )
        )
    assert [m.to for m in mailoutbox] == [["new@acme.example"]]
