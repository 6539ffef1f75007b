"""The demo module: one accepted report with a receipt number, loaded once however often it runs."""

from __future__ import annotations

from io import StringIO

from wengang.demo import layoffs as demo
from wengang.layoffs.models import LayoffReport, Status


def test_the_demo_report_is_accepted_and_loaded_once(db, demo_world):
    """On the whole demo (load_demo's rows on 2020-06-01, ``tests/demo_world.py``) the module adds nothing."""
    out = StringIO()
    demo.load(out)
    demo.load(out)
    report = LayoffReport.objects.get()
    assert report.status == Status.ACCEPTED and report.layoffs == 22 and report.lines.count() == 22
    assert report.receipt_number == "朝人社收〔2020〕第0001号"
    assert out.getvalue().count("《收悉证明》朝人社收〔2020〕第0001号") == 2
