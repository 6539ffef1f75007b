"""Publishing a need notifies exactly the chosen agencies' users and the chosen streets' staff."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.factories import make_user
from wengang.accounts.models import Role
from wengang.cases.models import Notification
from wengang.keyservice.models import NeedStatus
from wengang.keyservice.neighbours import suggested_streets
from wengang.keyservice.services import ServiceError, need_publish, need_record_progress
from wengang.registry.models import Street

from .conftest import street


def test_sunhe_suggests_the_streets_the_attachment_names(db):
    assert [s.name for s in suggested_streets(street("孙河"))] == ["孙河", "首都机场", "崔各庄", "来广营", "金盏"]


def test_a_street_without_a_row_suggests_itself_only(db):
    assert [s.name for s in suggested_streets(street("建外"))] == ["建外"]


def test_every_street_in_the_table_exists(db):
    from wengang.keyservice.neighbours import NEIGHBOURS

    names = {n for row in NEIGHBOURS.values() for n in row} | set(NEIGHBOURS)
    assert Street.objects.filter(name__in=names).count() == len(names)


def test_publishing_notifies_the_chosen_agencies_users_and_streets_staff_only(
    wumei_need,
    centre,
    agency_user,
    other_agency_user,
    agency,
    sunhe_staff,
    wangjing_staff,
    django_capture_on_commit_callbacks,
):
    jinzhan = make_user("jinzhan", Role.STREET, street=street("金盏"))
    colleague = make_user("jigou-b", Role.AGENCY, organisation=agency)
    make_user("cuigezhuang", Role.STREET, street=street("崔各庄"))  # not chosen
    with django_capture_on_commit_callbacks(execute=True):
        publication = need_publish(
            need=wumei_need, actor=centre, agencies=[agency], streets=[street("孙河"), street("金盏")]
        )
    notified = {agency_user, colleague, sunhe_staff, jinzhan}
    assert set(publication.recipients.all()) == notified
    assert set(Notification.objects.values_list("user", flat=True)) == {u.pk for u in notified}
    assert Notification.objects.count() == 4
    title = Notification.objects.first().title
    assert title == "重点企业用工需求：物美孙河物流配送中心 · 物流分拣员 450 人"
    body = Notification.objects.first().body
    assert "月薪：5,000.00–7,000.00 元" in body
    assert sorted(m.to[0] for m in mail.outbox) == ["jigou@example.com", "sunhe@example.com"]
    assert list(publication.agencies.all()) == [agency]
    assert {s.name for s in publication.streets.all()} == {"孙河", "金盏"}
    assert publication.published_by == centre and publication.published_at is not None
    assert not wumei_need.organisation.job_posts.exists()


def test_publishing_needs_a_recipient(wumei_need, centre):
    with pytest.raises(ServiceError, match="至少选择"):
        need_publish(need=wumei_need, actor=centre, agencies=[], streets=[])


def test_only_agencies_can_be_chosen(wumei_need, centre, bianlifeng):
    with pytest.raises(ServiceError, match="人力资源服务机构"):
        need_publish(need=wumei_need, actor=centre, agencies=[bianlifeng], streets=[])


def test_a_filled_need_is_not_published(wumei_need, centre, agency):
    need_record_progress(need=wumei_need, actor=centre, filled=450)
    wumei_need.refresh_from_db()
    assert wumei_need.status == NeedStatus.FILLED
    with pytest.raises(ServiceError, match="已招满"):
        need_publish(need=wumei_need, actor=centre, agencies=[agency], streets=[])
    assert not Notification.objects.exists()
