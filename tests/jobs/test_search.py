"""Public search: urgent first, then relevance, then newest; filters; the index stays in sync.
Runs on SQLite (FTS5 trigram) and on PostgreSQL (pg_trgm GIN) alike."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from tests.asserts import assert_shows
from wengang.jobs.models import JobPost
from wengang.jobs.selectors import Search, search_posts
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
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'jobs_jobpost' AND indexdef LIKE '%%gin_trgm_ops%%'"
            )
            assert sorted(r[0] for r in cursor.fetchall()) == ["jobpost_description_trgm", "jobpost_title_trgm"]
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN " + str(JobPost.objects.filter(title__contains="分拣员").query).replace("%分拣员%", "'%分拣员%'"))
            plan = " ".join(r[0] for r in cursor.fetchall())
            cursor.execute("SET enable_seqscan = on")
        assert "jobpost_title_trgm" in plan


def test_the_search_page_needs_no_login_and_keeps_filters(client, key_owner):
    make_post(key_owner, urgent=True)
    response = client.get(reverse("jobs:search"), {"q": "分拣员", "urgent": "on"})
    page = response.content.decode()
    assert response.status_code == 200
    assert_shows(page, "共 1 个岗位", "急聘", 'value="分拣员"')
    partial = client.get(reverse("jobs:search"), {"q": "分拣员"}, headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<div id="results"')
