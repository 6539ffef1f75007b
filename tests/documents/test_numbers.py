"""文号: parsing what readers type, drawing sequences per type and year, verifying with the code."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from tests.threads import at_once, waiting_for_locks
from wengang.documents import services
from wengang.documents.models import DocumentCounter, DocumentType

DAY = dt.date(2020, 6, 1)


@pytest.mark.parametrize(
    "typed",
    [
        "朝人社补〔2020〕第0007号",
        "朝人社补[2020]第7号",
        "朝人社补(2020)第07号",
        "朝人社补（2020）第0007号",
        "朝人社补【2020】7号",
        " 朝人社补 〔 2020 〕 第 7 号 ",
        "朝人社补［２０２０］第７号",
        "朝人社补〔2020〕7",
    ],
)
def test_a_number_is_read_in_any_bracket_spacing_or_padding(typed: str) -> None:
    assert services.canonical_number(typed) == "朝人社补〔2020〕第0007号"


@pytest.mark.parametrize(
    "typed", ["", "朝人社补", "朝人社补〔20〕第7号", "〔2020〕第7号", "朝人社补〔2020〕第0号", "7"]
)
def test_what_is_no_number_is_refused(typed: str) -> None:
    assert services.canonical_number(typed) is None


def test_codes_use_an_unambiguous_alphabet_and_are_read_loosely() -> None:
    code = services.new_code()
    assert len(code) == 8 and set(code) <= set(services.CODE_ALPHABET)
    assert not set("01OIL") & set(services.CODE_ALPHABET)
    assert services.normalise_code(" abcd-efgh ") == "ABCDEFGH"
    assert services.normalise_code("ＡＢＣＤ　ＥＦＧＨ") == "ABCDEFGH"
    assert services.shown_code("ABCDEFGH") == "ABCD-EFGH"


@pytest.mark.django_db
def test_numbers_run_per_type_and_year_and_a_subject_keeps_its_number() -> None:
    first = services.issue("decision", "subsidies.application:1", DAY)
    second = services.issue("decision", "subsidies.application:2", DAY)
    again = services.issue("decision", "subsidies.application:1", dt.date(2021, 1, 5))
    next_year = services.issue("decision", "subsidies.application:3", dt.date(2021, 1, 5))
    receipt_kind = services.issue("layoff-receipt", "test:1", DAY)

    assert first.number == "朝人社补〔2020〕第0001号"
    assert second.number == "朝人社补〔2020〕第0002号"
    assert (again.pk, again.number, again.code) == (first.pk, first.number, first.code)
    assert next_year.number == "朝人社补〔2021〕第0001号"
    assert receipt_kind.number == "朝人社收〔2020〕第0001号"
    assert first.code != second.code


@pytest.mark.django_db
def test_the_administrators_prefix_is_used_for_new_numbers() -> None:
    DocumentType.objects.filter(code="decision").update(prefix="朝人社就补")
    assert services.issue("decision", "subsidies.application:1", DAY).number == "朝人社就补〔2020〕第0001号"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_issues_at_once_get_consecutive_numbers() -> None:
    DocumentCounter.objects.create(doc_type=DocumentType.objects.get(code="decision"), year=2020, last=41)
    issued: list[str] = []

    def draw(subject: str) -> None:
        issued.append(waiting_for_locks(lambda: services.issue("decision", subject, DAY)).number)

    errors = at_once(draw, [(f"subsidies.application:{n}",) for n in (1, 2)])
    assert not errors
    assert sorted(issued) == ["朝人社补〔2020〕第0042号", "朝人社补〔2020〕第0043号"]
    assert DocumentCounter.objects.get(year=2020, doc_type__code="decision").last == 43


@pytest.mark.django_db
def test_verification_needs_the_number_and_its_code() -> None:
    document = services.issue("decision", "subsidies.application:1", DAY)
    loose_code = services.shown_code(document.code).lower()

    assert services.verify("朝人社补[2020]第1号", loose_code) == document
    assert services.verify(document.number, document.code) == document
    assert services.verify(document.number, "") is None
    wrong = "".join("A" if c != "A" else "B" for c in document.code)
    assert services.verify(document.number, wrong) is None
    assert services.verify("朝人社补〔2020〕第0002号", document.code) is None
    assert services.verify("胡乱输入", document.code) is None


@pytest.mark.django_db
def test_the_page_says_the_same_about_a_wrong_code_and_no_such_document(client) -> None:
    document = services.issue("decision", "subsidies.application:1", DAY)
    url = reverse("documents:verify")

    ok = client.get(url, {"number": "朝人社补(2020)1号", "code": services.shown_code(document.code)})
    assert ok.status_code == 200
    text = ok.content.decode()
    assert "核验通过" in text and "补贴审核决定书" in text and "2020年6月1日" in text

    wrong = client.get(url, {"number": document.number, "code": "ZZZZ-ZZZZ"})
    missing = client.get(url, {"number": "朝人社补〔2020〕第0099号", "code": "ZZZZ-ZZZZ"})
    assert wrong.status_code == missing.status_code == 404
    for response in (wrong, missing):
        body = response.content.decode()
        assert "未能核验" in body
        assert "核验通过" not in body and "补贴审核决定书" not in body and "2020年6月1日" not in body
    # apart from the number typed back into the form, the two answers are the same page
    assert wrong.content.decode().replace(f'value="{document.number}"', "") == missing.content.decode().replace(
        'value="朝人社补〔2020〕第0099号"', ""
    )


@pytest.mark.django_db
def test_missing_fields_re_render_with_a_chinese_message(client) -> None:
    response = client.get(reverse("documents:verify"), {"number": "朝人社补〔2020〕第0001号", "code": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "朝人社补〔2020〕第0001号" in body and "核验码" in body and "这个字段是必填项" in body
    assert "未能核验" not in body


@pytest.mark.django_db
def test_verification_is_rate_limited_per_address(client, settings) -> None:
    settings.DOCUMENTS_VERIFY_RATE = "3/60"
    url = reverse("documents:verify")
    statuses = [
        client.get(url, {"number": f"朝人社补〔2020〕第{n}号", "code": "ABCD-EFGH"}).status_code for n in range(1, 5)
    ]
    assert statuses == [404, 404, 404, 429]
    last = client.get(url, {"number": "朝人社补〔2020〕第1号", "code": "ABCD-EFGH"})
    assert last.status_code == 429 and "核验过于频繁" in last.content.decode() and int(last["Retry-After"]) >= 1


def png(width: int = 200, height: int = 200) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (200, 0, 0, 128)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_seal_must_be_a_small_real_png() -> None:
    services.validate_seal(png())
    with pytest.raises(ValidationError, match="PNG 格式"):
        services.validate_seal(b"GIF89a" + b"\0" * 100)
    with pytest.raises(ValidationError, match="无法读取"):
        services.validate_seal(services.PNG_SIGNATURE + b"\0" * 100)
    with pytest.raises(ValidationError, match="200 KB"):
        services.validate_seal(services.PNG_SIGNATURE + b"\0" * (services.SEAL_MAX_BYTES + 1))
    with pytest.raises(ValidationError, match="1200 像素"):
        services.validate_seal(png(1300, 10))
