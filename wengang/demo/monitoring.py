"""Demo data for employment monitoring and early warning (N18/N19): four months (2020-02 to 2020-05)
of synthetic monthly extracts for every demo enterprise with a street, through the same import as
an uploaded file.

Firms keep their usual turnover (at most 0.5 % a month, never more than 15 people: no warning),
except two: 北京京客隆 (安贞) loses 24 people in April (20 or more: yellow), and a synthetic garment
maker in 孙河, 北京孙河恒达服装制造有限公司, loses 60 of its 200 insured people in May (30 %: red),
which also puts 孙河 over the street's orange line. The April alert has been acknowledged by the
district reviewer ``shenhe`` and answered with two measures; the May alert waits for 孙河's street
office ``jiexiang``. Idempotent: a month imported again is replaced by the same rows and raises no
new alert; the measures are recorded only when the alert has none.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from django.conf import settings
from django.db import transaction

from wengang import clock
from wengang.accounts.models import User
from wengang.monitoring.models import Alert, AlertStatus, Measure
from wengang.monitoring.warning import MonthlyRow, monthly_import
from wengang.monitoring.warning_workflow import alert_transition
from wengang.registry.models import Organisation

from .data import DEMO_TODAY, with_uscc_check
from .load import service_date

MONTHS = (dt.date(2020, 2, 1), dt.date(2020, 3, 1), dt.date(2020, 4, 1), dt.date(2020, 5, 1))
RED_FIRM = ("91110105MA01JC001", "北京孙河恒达服装制造有限公司", "孙河", "C18", 200)
RED_MONTH, RED_LOST = dt.date(2020, 5, 1), 60
YELLOW_FIRM, YELLOW_MONTH, YELLOW_LOST = "北京京客隆商业集团股份有限公司", dt.date(2020, 4, 1), 24
REVIEWER = "shenhe"


def _headcount(organisation: Organisation) -> int:
    for key in ("insured_2019_12", "employees"):
        text = str(organisation.facts.get(key) or "").strip()
        if text.isdigit():
            return int(text)
    return 60


def _rows(month: dt.date) -> list[MonthlyRow]:
    rows = []
    firms = Organisation.objects.filter(kind=Organisation.Kind.ENTERPRISE, street__isnull=False).select_related("street")
    red_uscc = with_uscc_check(RED_FIRM[0])
    for line, org in enumerate(firms.order_by("uscc"), start=2):
        if org.uscc == red_uscc:
            continue
        base = _headcount(org)
        usual = min(base // 200, 15)
        lost = YELLOW_LOST if (org.name == YELLOW_FIRM and month == YELLOW_MONTH) else usual
        rows.append(MonthlyRow(line, org.uscc, org.name, org.street.name if org.street else "", org.industry_code, base, lost, lost))
    _, name, street, industry, base = RED_FIRM
    lost = RED_LOST if month == RED_MONTH else 2
    rows.append(MonthlyRow(len(rows) + 2, red_uscc, name, street, industry, base, 0 if month == RED_MONTH else 2, lost))
    return rows


#: what the district did about the yellow firm's April alert: a call, then the subsidies it was offered
APRIL_MEASURES: tuple[dict[str, Any], ...] = (
    {
        "kind": Measure.Kind.CONTACT,
        "taken_on": dt.date(2020, 5, 12),
        "contact": "人力资源部 刘经理 010-64000000",
        "description": "电话联系企业，了解4月减员24人的原因：门店调整，部分员工转岗至物流配送",
        "outcome": "企业承诺5月起不再净减员",
    },
    {
        "kind": Measure.Kind.SUBSIDY,
        "taken_on": dt.date(2020, 5, 15),
        "description": "推送稳岗政策：失业保险费返还、职工技能培训补贴",
        "subsidies_offered": "OP2 困难企业失业保险费返还、OP6 职业技能培训补贴",
    },
)


def _answer_the_april_alert() -> None:
    reviewer = User.objects.filter(username=REVIEWER).first()
    alert = Alert.objects.filter(scope=Alert.Scope.FIRM, organisation__name=YELLOW_FIRM, month=YELLOW_MONTH).first()
    if reviewer is None or alert is None or alert.measures.exists():
        return
    if alert.status == AlertStatus.OPEN:
        alert_transition(alert=alert, to=AlertStatus.ACKNOWLEDGED, actor=reviewer)
    from wengang.monitoring.warning import alert_record_measure

    for values in APRIL_MEASURES:
        alert_record_measure(alert=alert, actor=reviewer, values=values)


def load(stdout: TextIO) -> None:
    # the alerts' acknowledgement deadlines count from the demo's service date, like every other case
    today = clock.today() if settings.WENGANG_TODAY else DEMO_TODAY
    with service_date(today), transaction.atomic():
        new = 0
        for month in MONTHS:
            new += monthly_import(rows=_rows(month), month=month).alerts
        _answer_the_april_alert()
    stdout.write(f"失业监测：已导入 2020年2月至5月的月度参保数据，新发出预警 {new} 条。\n")
