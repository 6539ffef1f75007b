"""The /screening/ page: upload → run → results, downloads, reuse, cancel, hostile files."""

from __future__ import annotations

import io

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from wengang.screening.models import RunStatus, ScreeningRun
from wengang.screening.services import run_cancel, run_execute, run_submit

from .conftest import OP3_FIRM, client_for, extract_csv, standard_extract, submit

pytestmark = pytest.mark.django_db


def test_a_reviewer_screens_an_upload(reviewer, django_capture_on_commit_callbacks):
    response = submit(reviewer, django_capture_on_commit_callbacks)
    run = ScreeningRun.objects.get()
    assert response.redirect_chain == [(f"/screening/{run.pk}/", 302)]
    assert run.status == RunStatus.DONE and run.progress == 1.0
    assert run.counts["rows"] == 3 and run.counts["accepted"] == 2 and run.counts["rejected_rows"] == 1
    assert run.counts["eligible"]["OP3"] == 1 and run.counts["unknown"]["OP3"] == 1
    page = response.content.decode()
    assert "OP3 " in page and "15,000.00 元" in page
    assert "校验码" in page or "91110105000021HP7X" in page  # the reject is listed
    assert "True" not in page and "None" not in page


def test_results_download_as_excel_and_parquet(reviewer, django_capture_on_commit_callbacks):
    submit(reviewer, django_capture_on_commit_callbacks)
    run = ScreeningRun.objects.get()
    client = client_for(reviewer)
    xlsx = client.get(f"/screening/{run.pk}/files/results.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.values)
    header = list(rows[0])
    first = dict(zip(header, rows[1], strict=True))
    assert first["uscc"] == OP3_FIRM["uscc"] and str(first["op3_amount"]) in ("15000", "15000.00")
    parquet = pl.read_parquet(io.BytesIO(client.get(f"/screening/{run.pk}/files/results.parquet").content))
    assert parquet.height == 2 and str(parquet["op3_amount"][0]) == "15000.00"
    assert "91110105000021HP7X" in client.get(f"/screening/{run.pk}/files/rejects.csv").content.decode()
    assert client.get(f"/screening/{run.pk}/files/nonsense").status_code == 404


def test_the_same_extract_and_scenario_reuses_the_run(reviewer, django_capture_on_commit_callbacks):
    submit(reviewer, django_capture_on_commit_callbacks)
    again = submit(reviewer, django_capture_on_commit_callbacks)
    assert ScreeningRun.objects.count() == 1
    assert "直接使用已有结果" in again.content.decode()
    submit(reviewer, django_capture_on_commit_callbacks, overrides="op3_rate_high=0.6")
    assert ScreeningRun.objects.count() == 2


def test_a_bad_override_re_renders_the_form_in_chinese(reviewer, django_capture_on_commit_callbacks):
    response = submit(reviewer, django_capture_on_commit_callbacks, overrides="no_such_param=1")
    assert response.status_code == 200 and "未知参数" in response.content.decode()
    assert 'href="#id_overrides"' in response.content.decode()
    assert ScreeningRun.objects.count() == 0


def test_a_cancelled_run_is_never_screened(reviewer):
    run = run_submit(user=reviewer, upload=standard_extract(), decision_date=pytest.importorskip("datetime").date(2020, 5, 1))
    response = client_for(reviewer).post(f"/screening/{run.pk}/cancel/", follow=True)
    assert "已取消筛查" in response.content.decode()
    assert run_execute(run.pk).status == RunStatus.CANCELLED
    assert run_cancel(run=run) is False


def test_a_run_cancelled_while_screening_keeps_no_results(reviewer, monkeypatch):
    import datetime as dt

    from wengang.screening import services

    run = run_submit(user=reviewer, upload=standard_extract(), decision_date=dt.date(2020, 5, 1))
    real = services.screen_file

    def cancel_midway(*args, **kwargs):
        progress = kwargs["progress"]
        progress(1, 3)
        run_cancel(run=run)
        return real(*args, **{**kwargs, "progress": progress})

    monkeypatch.setattr(services, "screen_file", cancel_midway)
    done = run_execute(run.pk)
    assert done.status == RunStatus.CANCELLED and not done.result_file and done.rows_done == 1


def test_the_progress_partial_polls_until_done(reviewer):
    import datetime as dt

    run = run_submit(user=reviewer, upload=standard_extract(), decision_date=dt.date(2020, 5, 1))
    partial = client_for(reviewer).get(f"/screening/{run.pk}/progress/")
    assert 'hx-trigger="every 1s"' in partial.content.decode() and "HX-Refresh" not in partial
    run_execute(run.pk)
    partial = client_for(reviewer).get(f"/screening/{run.pk}/progress/")
    assert partial["HX-Refresh"] == "true" and 'value="100"' in partial.content.decode()


HTML = b"<html><body><h1>Not a workbook</h1></body></html>"


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (SimpleUploadedFile("空文件.csv", b""), "登记数据文件：所提交的是空文件。</a>"),
        (SimpleUploadedFile("伪装.xlsx", HTML), "无法读取 伪装.xlsx：文件不是 Excel（.xlsx）格式"),
        (SimpleUploadedFile("列名.csv", "甲,乙\n1,2\n".encode()), "缺少必需的列"),
        (SimpleUploadedFile("说明.txt", b"hello"), "请上传 CSV、Parquet 或 Excel（.xlsx）格式"),
    ],
    ids=["empty", "html-as-xlsx", "wrong-columns", "wrong-suffix"],
)
def test_a_hostile_file_shows_the_reasons_never_a_500(reviewer, django_capture_on_commit_callbacks, upload, reason):
    response = submit(reviewer, django_capture_on_commit_callbacks, upload=upload)
    assert response.status_code == 200
    page = response.content.decode()
    assert reason in page, page[-3000:]
    assert "Traceback" not in page and "None" not in page
    assert page.count('<a href="#id_file">') <= 1  # one reason, not a pile


def test_no_file_asks_for_one(reviewer, django_capture_on_commit_callbacks):
    page = submit(reviewer, django_capture_on_commit_callbacks, file="").content.decode()
    assert '<a href="#id_file">登记数据文件：请选择要上传的登记数据文件</a>' in page


def test_a_gbk_csv_is_screened(reviewer, django_capture_on_commit_callbacks):
    submit(reviewer, django_capture_on_commit_callbacks, upload=extract_csv(OP3_FIRM, encoding="gbk"))
    run = ScreeningRun.objects.get()
    assert run.status == RunStatus.DONE and run.counts["eligible"]["OP3"] == 1


def test_the_imported_registry_can_be_screened(reviewer, firm, django_capture_on_commit_callbacks):
    firm.facts = {k: v for k, v in OP3_FIRM.items() if k not in ("uscc", "name", "street")}
    firm.save()
    submit(reviewer, django_capture_on_commit_callbacks, source="registry", file="")
    run = ScreeningRun.objects.get()
    assert run.input_name.startswith("登记库-") and run.status == RunStatus.DONE
    assert run.counts["eligible"]["OP3"] == 1 and run.counts["amount"]["OP3"] == "15000.00"
