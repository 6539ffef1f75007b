"""The named list: Excel from the template, checked row by row; all or nothing; N17."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tests.asserts import assert_shows
from wengang.layoffs import namedlist, services
from wengang.layoffs.models import LayoffListLine
from wengang.registry.validators import mask_id_number

from .factories import HEADER, id_number, people, row, xlsx


@pytest.fixture
def report(owner):
    return services.report_create(user=owner)


def upload(client, report, file):
    return client.post(reverse("layoffs:list_upload", args=[report.pk]), {"file": file})


def test_the_template_has_the_columns_the_reader_needs(client, owner):
    client.force_login(owner)
    response = client.get(reverse("layoffs:template"))
    assert response.status_code == 200
    import io

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER


def test_a_good_list_is_stored_and_shown_masked(client, owner, report):
    client.force_login(owner)
    response = upload(client, report, people(3))
    assert response.status_code == 302
    assert report.lines.count() == 3
    page = client.get(reverse("layoffs:detail", args=[report.pk])).content.decode()
    assert mask_id_number(id_number(1)) in page
    assert id_number(1) not in page
    first = report.lines.get(row=2)
    assert first.contract_start == dt.date(2018, 3, 1) and first.contract_end == dt.date(2021, 2, 28)


def test_a_file_that_is_not_xlsx_is_refused(client, owner, report):
    client.force_login(owner)
    response = upload(client, report, SimpleUploadedFile("名单.xlsx", b"name,id\n"))
    assert response.status_code == 400
    assert "文件不是 Excel（.xlsx）格式" in response.content.decode()


def test_missing_columns_are_named(client, owner, report):
    client.force_login(owner)
    response = upload(client, report, xlsx([["张三", id_number(1)]], header=["姓名", "居民身份证号码"]))
    text = response.content.decode()
    assert "第1行缺少列：户籍、岗位、劳动合同起始日期、劳动合同终止日期、因疫情暂不能返岗" in text


def test_bad_rows_come_back_with_row_numbers_and_nothing_is_saved(client, owner, report):
    services.report_replace_list(report=report, upload=people(2))
    bad_id = id_number(3)[:-1] + ("0" if id_number(3)[-1] != "0" else "1")
    client.force_login(owner)
    response = upload(
        client,
        report,
        xlsx(
            [
                row(1),
                row(2, 户籍=""),
                row(3, 居民身份证号码=bad_id),
                row(4, 岗位=""),
                row(5, 劳动合同起始日期="2020-02-30"),
                row(6, 劳动合同终止日期="2017-01-01"),
                row(7, 居民身份证号码=id_number(1)),
            ]
        ),
    )
    text = response.content.decode()
    assert "第3行：未填写户籍" in text
    assert "第4行：居民身份证号码 110105********" in text and "无效（18位，出生日期或校验位不符）" in text
    assert bad_id not in text
    assert_shows(text, "第5行：未填写岗位", "第6行：劳动合同起始日期“2020-02-30”不是有效日期", "第7行：劳动合同终止日期早于起始日期", "第8行：居民身份证号码与第2行重复")
    # the earlier list stays as it was
    assert list(report.lines.values_list("name", flat=True)) == ["职工1", "职工2"]


def test_an_open_ended_contract_has_no_end(report):
    services.report_replace_list(report=report, upload=xlsx([row(1, 劳动合同终止日期="无固定期限")]))
    assert report.lines.get().contract_end is None


def test_n17_a_person_unable_to_return_because_of_the_epidemic_is_refused(client, owner, report):
    client.force_login(owner)
    response = upload(client, report, xlsx([row(1), row(2, 姓名="李四", 因疫情暂不能返岗="是")]))
    text = response.content.decode()
    assert (
        "第3行：李四标记为因疫情暂不能返岗。根据通知第十七条（N17），企业不得解除因疫情暂不能返岗劳动者的劳动合同"
        in text
    )
    assert "名单中有 1 名因疫情暂不能返岗的劳动者，企业不得解除其劳动合同（N17） [N17]" in text
    assert LayoffListLine.objects.count() == 0


def test_the_epidemic_column_takes_yes_or_no(report):
    with pytest.raises(services.ListRejected) as err:
        services.report_replace_list(report=report, upload=xlsx([row(1, 因疫情暂不能返岗="不确定")]))
    assert err.value.errors == ["第2行：“因疫情暂不能返岗”应填“是”或“否”，而不是“不确定”"]


def test_dates_may_be_written_the_chinese_way():
    assert namedlist.parse_date("2020年3月1日") == dt.date(2020, 3, 1)
    assert namedlist.parse_date("2020/3/1") == dt.date(2020, 3, 1)
    assert namedlist.parse_date("2020-13-01") is None


def test_over_long_name_hukou_and_post_are_row_errors_not_a_database_error(client, owner, report):
    # issue 8 (6): a name over 50 characters or a 户籍/岗位 over 100 reached PostgreSQL (DataError)
    client.force_login(owner)
    response = upload(client, report, xlsx([row(1, 姓名="张" * 51, 户籍="北" * 101, 岗位="岗" * 101), row(2)]))
    assert response.status_code == 400
    text = response.content.decode()
    assert_shows(text, "第2行：姓名超过50个字", "第2行：户籍超过100个字", "第2行：岗位超过100个字")
    assert report.lines.count() == 0


def test_names_of_exactly_the_stored_length_are_accepted(client, owner, report):
    client.force_login(owner)
    response = upload(client, report, xlsx([row(1, 姓名="张" * 50, 户籍="北" * 100, 岗位="岗" * 100)]))
    assert response.status_code == 302
    line = report.lines.get()
    assert (len(line.name), len(line.hukou), len(line.post)) == (50, 100, 100)


def test_nul_characters_in_cells_are_dropped_before_the_database():
    # issue 8 (9): PostgreSQL refuses NUL in text; every Excel list reads its cells through cell_text
    from wengang.spreadsheets import cell_text

    assert cell_text(" 张\x00三 ") == "张三"


def test_ten_million_blank_rows_are_refused_at_once(client, owner, report):
    # issue 8 (11): a 424 KB file of blank rows held the layoff list upload for 20 s
    import time

    from tests.xlsx_bombs import workbook

    data = workbook([HEADER, [str(v) for v in row(1)]], blank_rows=10_000_000)
    client.force_login(owner)
    start = time.monotonic()
    response = upload(client, report, SimpleUploadedFile("名单.xlsx", data))
    assert time.monotonic() - start < 3
    assert "文件解压后异常膨胀" in response.content.decode()
    assert report.lines.count() == 0


def test_blank_rows_count_toward_the_row_limit(report):
    from tests.xlsx_bombs import workbook

    data = workbook([HEADER, [str(v) for v in row(1)]], blank_rows=namedlist.MAX_ROWS)
    with pytest.raises(namedlist.ListError, match="工作表超过 5,000 行（空行也计入）"):
        namedlist.read(SimpleUploadedFile("名单.xlsx", data))
