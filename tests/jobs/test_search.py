"""Public search: urgent first, then relevance, then newest; filters; the index stays in sync.
Runs on SQLite (FTS5 trigram) and on PostgreSQL (the bigram GIN index, migration 0008) alike."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from tests.asserts import assert_shows
from wengang.jobs import selectors
from wengang.jobs.models import JobPost
from wengang.jobs.selectors import Results, Search, bigram_query, matching_posts, search_posts
from wengang.registry.models import Street

from .conftest import TODAY, make_post

pytestmark = pytest.mark.django_db


def titles(**criteria) -> list[str]:
    return [p.title for p in search_posts(Search(**criteria), today=TODAY)]


def test_urgent_posts_come_first_then_relevance(key_owner, plain_owner):
    make_post(plain_owner, title="门店理货员", description="负责货架整理，兼做分拣员工作")
    make_post(plain_owner, title="分拣员", description="负责快递分拣")
    make_post(key_owner, title="配送司机", description="急需，协助分拣员装车", urgent=True)
    assert titles(q="分拣员") == ["配送司机", "分拣员", "门店理货员"]


def test_without_a_query_newest_come_first_after_urgent(key_owner, plain_owner):
    make_post(plain_owner, title="甲")
    make_post(key_owner, title="乙", urgent=True)
    make_post(plain_owner, title="丙")
    assert titles() == ["乙", "丙", "甲"]


def test_every_term_must_match(plain_owner):
    make_post(plain_owner, title="冷库分拣员", description="冷链物流")
    make_post(plain_owner, title="分拣员", description="快递")
    assert titles(q="分拣员 冷链物流") == ["冷库分拣员"]
    assert titles(q="冷链") == ["冷库分拣员"]  # two characters: matched as a substring


def test_filters(key_owner, plain_owner):
    wangjing = Street.objects.get(name="望京")
    make_post(plain_owner, title="收银员", street=wangjing, industry_code="F52", pay_min=Decimal("4000.00"), pay_max=Decimal("4500.00"))
    make_post(plain_owner, title="见习生", internship=True, industry_code="F52")
    make_post(key_owner, title="仓储分拣员", urgent=True)
    assert titles(street=wangjing) == ["收银员"]
    assert titles(industry="f5") == ["见习生", "收银员"]
    assert titles(pay=Decimal("5000")) == ["仓储分拣员", "见习生"]
    assert titles(urgent=True) == ["仓储分拣员"]
    assert titles(internship=True) == ["见习生"]


def test_only_live_posts_are_found(plain_owner):
    make_post(plain_owner, title="分拣员甲")
    make_post(plain_owner, title="分拣员乙", description="限男性")  # waiting for moderation
    JobPost.objects.filter(title="分拣员甲").update(deadline=TODAY - dt.timedelta(days=1))
    assert titles(q="分拣员") == []


def test_the_index_follows_edits_and_deletes(plain_owner):
    post = make_post(plain_owner, title="收银员")
    post.title = "理货员"
    post.save()
    assert titles(q="收银员") == []
    assert titles(q="理货员") == ["理货员"]
    post.delete()
    assert titles(q="理货员") == []


def test_the_search_uses_the_real_index(plain_owner):
    make_post(plain_owner)
    sql = str(search_posts(Search(q="分拣员"), today=TODAY).query)
    if connection.vendor == "sqlite":
        assert "jobs_jobpost_fts MATCH" in sql
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'jobs_jobpost' AND indexname LIKE 'jobpost_%%'")
        assert sorted(r[0] for r in cursor.fetchall()) == ["jobpost_live_order", "jobpost_market", "jobpost_search_bigrams"]
        for q in ("分拣员", "物流"):  # two characters use the index too
            assert '"jobs_jobpost"."search_bigrams" @@' in str(matching_posts(Search(q=q), today=TODAY).query)
            cursor.execute("SET enable_seqscan = off")  # as if the table were large
            cursor.execute(
                "EXPLAIN SELECT id FROM jobs_jobpost WHERE search_bigrams @@ %s::tsquery", [bigram_query([q])]
            )
            plan = " ".join(r[0] for r in cursor.fetchall())
            cursor.execute("SET enable_seqscan = on")
            assert "Bitmap Index Scan on jobpost_search_bigrams" in plan


def test_the_bigram_query_escapes_quotes_and_backslashes():
    assert bigram_query(["物流", "a'b"]) == "'''b' & 'a''' & '物流'"
    assert bigram_query(["x\\y"]) == "'\\\\y' & 'x\\\\'"
    assert bigram_query(["店"]) == ""


def test_quotes_and_backslashes_are_plain_text(plain_owner):
    make_post(plain_owner, title="叉车司机O'Neil\\仓")
    assert titles(q="O'N l\\仓") == ["叉车司机O'Neil\\仓"]
    assert titles(q="O'X") == []


def _catalogue(key_owner, plain_owner) -> None:
    """Nine posts over every tier of “分拣 冷链”: urgent or not × 2, 1 or 0 terms in the title."""
    for title, description, urgent in [
        ("冷链分拣员", "冷库", False), ("分拣员", "冷链物流", False), ("理货员", "冷链分拣", False),
        ("冷链分拣组长", "夜班", True), ("分拣主管", "冷链仓", True), ("司机", "冷链分拣", True),
        ("冷链分拣员乙", "白班", False), ("叉车工", "冷链分拣", False), ("收银员", "门店", False),
    ]:
        make_post(key_owner if urgent else plain_owner, title=title, description=description, urgent=urgent)


def test_pages_follow_the_public_order_when_the_count_is_capped(key_owner, plain_owner, monkeypatch):
    """Past the cap PostgreSQL reads the order tier by tier; every page must be the slice of the
    full ranking, on either database."""
    monkeypatch.setattr(selectors, "COUNT_CAP", 7)
    _catalogue(key_owner, plain_owner)
    ranked = titles(q="分拣 冷链")
    assert ranked == ["冷链分拣组长", "分拣主管", "司机", "冷链分拣员乙", "冷链分拣员", "分拣员", "叉车工", "理货员"]
    results = Results(Search(q="分拣 冷链"), today=TODAY)
    assert (results.count(), results.capped) == (7, True)
    pages = [[p.title for p in results[start : start + 3]] for start in (0, 3, 6)]
    assert pages == [ranked[0:3], ranked[3:6], ranked[6:7]]
    assert [p.title for p in results[4:6]] == ranked[4:6]


def test_a_capped_count_says_so(client, key_owner, plain_owner, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 7)
    _catalogue(key_owner, plain_owner)
    page = client.get(reverse("jobs:search"), {"q": "分拣"}).content.decode()
    assert "超过 7 个岗位（显示前 7 个，可增加关键词或筛选条件）" in page
    few = client.get(reverse("jobs:search"), {"q": "收银员"}).content.decode()
    assert "共 1 个岗位" in few


def test_the_search_page_needs_no_login_and_keeps_filters(client, key_owner):
    make_post(key_owner, urgent=True)
    response = client.get(reverse("jobs:search"), {"q": "分拣员", "urgent": "on"})
    page = response.content.decode()
    assert response.status_code == 200
    assert_shows(page, "共 1 个岗位", "急聘", 'value="分拣员"')
    partial = client.get(reverse("jobs:search"), {"q": "分拣员"}, headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<div id="results"')


def test_a_full_page_of_cards_costs_the_same_queries_as_one_card(
    client, key_owner, plain_owner, django_assert_num_queries
):
    """The cards read only the columns they show (selectors.CARD_FIELDS): a column left out and then
    shown would cost a query per card."""
    make_post(plain_owner, title="收银员")
    client.get(reverse("jobs:search"), {"q": "收银"})  # reads the streets into the cache (registry/streets.py)
    with django_assert_num_queries(2):  # the count, the page (the streets of the form come from the cache)
        one = client.get(reverse("jobs:search"), {"q": "收银"})
    for i in range(24):
        make_post(
            key_owner if i % 5 == 0 else plain_owner, title=f"收银员{i}", urgent=i % 5 == 0, internship=i % 7 == 0
        )
    with django_assert_num_queries(2):
        full = client.get(reverse("jobs:search"), {"q": "收银"})
    assert one.content.decode().count('<li class="job-card') == 1
    page = full.content.decode()
    assert page.count('<li class="job-card') == 20
    assert_shows(page, "共 25 个岗位", "收银员0", "急聘", "见习", "/月", "招 ")


def test_the_street_select_offers_the_streets_kept_in_the_cache_and_sees_a_change_at_once(client, plain_owner):
    """registry/streets.py: the choices come from the shared cache, dropped when a street is saved or
    deleted; a submitted street is still checked against the database."""
    first = client.get(reverse("jobs:search"), {"q": "收银"}).content.decode()
    wangjing = Street.objects.get(name="望京")
    assert f'<option value="{wangjing.pk}">望京街道</option>' in first
    assert first.count("<option") == Street.objects.count() + 1  # and 全部街乡
    added = Street.objects.create(name="新设", kind=Street.Kind.AREA)
    wangjing.name = "望京西"
    wangjing.save()
    page = client.get(reverse("jobs:search"), {"q": "收银", "street": added.pk}).content.decode()
    assert f'<option value="{added.pk}" selected>新设地区</option>' in page
    assert f'<option value="{wangjing.pk}">望京西街道</option>' in page
    added_pk = added.pk
    added.delete()
    gone = client.get(reverse("jobs:search"), {"q": "收银", "street": added_pk})
    assert "新设地区" not in gone.content.decode()
    assert "选择一个有效的选项" in gone.content.decode()  # the database says the street is gone
