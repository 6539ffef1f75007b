"""People of the individuals' tests: a person of 孙河 with an account, the 孙河 and 望京 street
offices, a firm; the service day 2020-06-01 and uploads kept out of the tree."""

from __future__ import annotations

import pytest

from tests.factories import id_number, make_organisation, make_user, service_day, street
from wengang.accounts.models import Role

PERSON_ID = id_number(501, "19900315")


@pytest.fixture(autouse=True)
def _day(settings, tmp_path):
    service_day(settings, "2020-06-01", tmp_path)
    settings.SMS_BACKEND = "wengang.individuals.sms.MemoryBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def person(db):
    return make_user(
        "13800000001",
        Role.INDIVIDUAL,
        first_name="赵失业",
        id_number=PERSON_ID,
        street=street("孙河"),
        email="zhao@example.com",
        phone="13800000001",
    )


@pytest.fixture
def office(db):
    return make_user("sunhe_staff", Role.STREET, first_name="孙河社保所", street=street("孙河"))


@pytest.fixture
def other_office(db):
    return make_user("wangjing_staff", Role.STREET, first_name="望京社保所", street=street("望京"))


@pytest.fixture
def firm_user(db):
    firm = make_organisation(601, "北京新雇科技有限公司")
    return make_user("xingu", Role.ENTERPRISE, first_name="钱人事", organisation=firm)
