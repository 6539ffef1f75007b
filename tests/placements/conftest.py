"""Personas: an HR agency and a rival agency, two key enterprises that posted 急聘, one key
enterprise that never did, 公共服务中心's reviewer, and a job seeker."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import id_number, make_user, pdf_upload, service_day_fixture
from tests.personas import organisation_fixture, user_fixture
from wengang.accounts.models import Role, User
from wengang.jobs.models import JobPost
from wengang.placements.models import Placement
from wengang.placements.services import placement_declare, placement_move
from wengang.registry.models import Organisation, Street

placement_settings = service_day_fixture("2020-06-01")


def make_post(
    organisation: Organisation,
    title: str = "理货员",
    *,
    urgent: bool = False,
    published: bool = True,
    internship: bool = False,
    **extra: Any,
) -> JobPost:
    street = Street.objects.get_or_create(name="孙河", defaults={"kind": "area"})[0]
    poster = organisation.users.first() or make_user(
        f"poster{organisation.pk}", Role.ENTERPRISE, organisation=organisation
    )
    fields: dict[str, Any] = {
        "organisation": organisation,
        "posted_by": poster,
        "title": title,
        "description": "负责门店理货",
        "openings": 10,
        "pay_min": Decimal("5000.00"),
        "pay_max": Decimal("6500.00"),
        "workplace": "孙河物流中心",
        "street": street,
        "schedule": "做六休一",
        "contact_name": "张经理",
        "contact_phone": "010-12345678",
        "deadline": dt.date(2020, 7, 31),
        "urgent": urgent,
        "internship": internship,
        "status": "published" if published else "draft",
        "published_at": timezone.now() if published else None,
    }
    fields.update(extra)
    return JobPost.objects.create(**fields)


agency = organisation_fixture(21, "北京朝阳人力资源服务有限公司", "agency")
rival_agency = organisation_fixture(22, "北京另一家人力资源有限公司", "agency")
wumei = organisation_fixture(31, "北京物美商业集团股份有限公司孙河物流配送中心", key_category="necessities")
jingkelong = organisation_fixture(32, "北京京客隆商业集团股份有限公司", key_category="necessities")
#: a key enterprise that never posted 急聘 (only an ordinary post)
quiet_firm = organisation_fixture(33, "北京永辉超市有限公司", key_category="necessities")

agency_user = user_fixture("jigou", Role.AGENCY, organisation="agency", first_name="赵磊", email="zhao@hr.example")
rival_agency_user = user_fixture("jigou2", Role.AGENCY, organisation="rival_agency")
wumei_user = user_fixture("wumei", Role.ENTERPRISE, organisation="wumei", email="hr@wumei.example")
jingkelong_user = user_fixture("jingkelong", Role.ENTERPRISE, organisation="jingkelong")


@pytest.fixture
def wumei_post(wumei_user, wumei) -> JobPost:
    return make_post(wumei, "物流分拣员", urgent=True)


@pytest.fixture
def jingkelong_post(jingkelong_user, jingkelong) -> JobPost:
    return make_post(jingkelong, "门店理货员", urgent=True)


@pytest.fixture
def quiet_post(quiet_firm) -> JobPost:
    return make_post(quiet_firm, "收银员", urgent=False)


public_service = user_fixture("gongfu", Role.REVIEWER, department="public-service", first_name="李审核")
other_reviewer = user_fixture("laofu", Role.REVIEWER, department="labour-service", first_name="李审核")


seeker = user_fixture("geren", Role.INDIVIDUAL, first_name="刘洋", id_number=id_number(900, "19900315"))


def declare(user: User, post: JobPost, seq: int, *, day: dt.date = dt.date(2020, 3, 2)) -> Placement:
    return placement_declare(
        user=user,
        post=post,
        worker_name=f"工人{seq}",
        worker_id_number=id_number(seq),
        start_date=day,
        proof=pdf_upload(),
    )


def confirmed(agency_user: User, enterprise_user: User, post: JobPost, seq: int) -> Placement:
    placement = declare(agency_user, post, seq)
    return placement_move(placement=placement, to="confirmed", actor=enterprise_user)


@pytest.fixture
def placement(agency_user, wumei_post) -> Placement:
    """The agency's placement of 工人1 on 物美's 急聘 post, declared and waiting for the enterprise."""
    return declare(agency_user, wumei_post, 1)
