"""The needs ledger: filled + open = count, dated progress entries, and the status that follows."""

from __future__ import annotations

import datetime as dt

import pytest

from wengang.keyservice.models import NeedStatus
from wengang.keyservice.services import ServiceError, need_record_progress
from wengang.keyservice.workflow import TransitionError, need_transition


def test_a_new_need_has_every_position_open(wumei_need):
    assert (wumei_need.count, wumei_need.filled, wumei_need.open_count) == (450, 0, 450)
    assert wumei_need.status == NeedStatus.OPEN


def test_progress_keeps_filled_plus_open_equal_to_count(wumei_need, centre):
    need = need_record_progress(need=wumei_need, actor=centre, filled=120, note="首批到岗")
    assert (need.filled, need.open_count) == (120, 330)
    need = need_record_progress(need=need, actor=centre, filled=310)
    assert (need.filled, need.open_count) == (310, 140)
    assert need.filled + need.open_count == need.count == 450
    entries = list(need.progress.values_list("on", "filled_before", "filled"))
    assert entries == [(dt.date(2020, 2, 11), 0, 120), (dt.date(2020, 2, 11), 120, 310)]


def test_the_last_position_filled_makes_the_need_filled_and_a_correction_reopens_it(wumei_need, centre):
    need = need_record_progress(need=wumei_need, actor=centre, filled=450)
    assert need.status == NeedStatus.FILLED
    assert need.open_count == 0
    need = need_record_progress(need=need, actor=centre, filled=449, note="一人未到岗")
    assert need.status == NeedStatus.OPEN
    assert need.open_count == 1
    assert [(c.from_status, c.to_status) for c in need.changes.all()] == [("open", "filled"), ("filled", "open")]


def test_it_refuses_more_in_post_than_needed(wumei_need, centre):
    with pytest.raises(ServiceError, match="不能超过需求人数 450 人"):
        need_record_progress(need=wumei_need, actor=centre, filled=451)
    wumei_need.refresh_from_db()
    assert wumei_need.filled == 0
    assert not wumei_need.progress.exists()


def test_a_closed_need_takes_no_progress_until_reopened(wumei_need, centre):
    need_transition(need=wumei_need, to=NeedStatus.CLOSED, actor=centre, comment="企业暂停招聘")
    with pytest.raises(ServiceError, match="已关闭"):
        need_record_progress(need=wumei_need, actor=centre, filled=10)
    need = need_transition(need=wumei_need, to=NeedStatus.OPEN, actor=centre)
    assert need_record_progress(need=need, actor=centre, filled=10).open_count == 440


def test_the_transition_table_refuses_a_move_it_does_not_list(wumei_need, centre):
    with pytest.raises(TransitionError, match="不能改为"):
        need_transition(need=wumei_need, to=NeedStatus.OPEN, actor=centre)


def test_street_staff_of_another_street_cannot_record_progress(wumei_need, wangjing_staff):
    with pytest.raises(ServiceError):
        need_record_progress(need=wumei_need, actor=wangjing_staff, filled=5)
