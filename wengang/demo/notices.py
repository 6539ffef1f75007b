"""Demo data for 复工返岗指引 (N10): an announcement on reopening and the prevention handbook with a
PDF attachment, published by 人力资源公共服务中心 (``gonggong``). Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from wengang.notices.models import Kind, Notice
from wengang.notices.services import notice_save

from .accounts import demo_reviewer
from .load import demo_pdf

ANNOUNCEMENT = "关于本区企业有序开复工和返岗人员分批返京的通知"
HANDBOOK = "返岗劳动者疫情防护手册"


#: the two notices: kind, title, body, published, expires, attachment (file name, PDF lines) or None
NOTICES: tuple[tuple[str, str, str, dt.date, dt.date | None, tuple[str, list[str]] | None], ...] = (
    (
        Kind.ANNOUNCEMENT,
        ANNOUNCEMENT,
        "<p>各用人单位：</p><p>按照本市疫情防控要求，企业开复工须<strong>落实防控措施</strong>，"
        "并按规定引导农民工等返岗劳动者<strong>分批返京</strong>。</p>"
        "<ul><li>返京前向用人单位报告健康状况和行程；</li><li>返京后按要求居家观察；</li>"
        "<li>单位做好复工人员登记和健康监测。</li></ul>"
        '<p>详情请见<a href="https://www.beijing.gov.cn/">首都之窗</a>。</p>',
        dt.date(2020, 2, 20),
        dt.date(2020, 12, 31),
        None,
    ),
    (
        Kind.HANDBOOK,
        HANDBOOK,
        "<h3>居家隔离</h3><p>单独居住、勤通风，每日两次测量体温。</p>"
        "<h3>返岗后防护</h3><ul><li>佩戴口罩，保持一米以上距离；</li><li>勤洗手，不聚餐；</li>"
        "<li>出现发热、干咳等症状及时报告并就医。</li></ul>",
        dt.date(2020, 2, 25),
        None,
        ("防护手册.pdf", ["Return-to-work prevention handbook"]),
    ),
)


def load(stdout: TextIO) -> None:
    if Notice.objects.filter(title__in=(ANNOUNCEMENT, HANDBOOK)).exists():
        return
    with transaction.atomic():
        author = demo_reviewer("gonggong", "孙丽", "public-service")
        for kind, title, body, publish_on, expires_on, attachment in NOTICES:
            notice_save(
                notice=None, author=author, kind=kind, title=title, body=body, publish_on=publish_on,
                expires_on=expires_on,
                attachment=SimpleUploadedFile(attachment[0], demo_pdf(attachment[1])) if attachment else None,
            )
    stdout.write("复工返岗指引：一则公告、一本防护手册（附 PDF）\n")
