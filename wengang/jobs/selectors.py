"""Reads of the job market: the public search, the poster's list, the moderation queue, counts.

Search uses a real full-text index: on PostgreSQL the pg_trgm GIN indexes on title and
description serve ``LIKE '%词%'`` and relevance is the trigram word similarity of the title; on SQLite the FTS5
trigram table ``jobs_jobpost_fts`` is queried with MATCH and relevance is the number of terms
found in the title (bm25 would need the FTS table joined first, which SQLite's planner does not
reliably do: the count then probes the FTS index once per post).
Trigram indexes need three characters: a one- or two-character term (“物流”) is still matched as a
substring, but on SQLite without the index; PostgreSQL scans the whole GIN index for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.expressions import RawSQL

from wengang.accounts.models import User
from wengang.registry.models import Street

from . import permissions
from .models import JobPost, PostStatus

MAX_TERMS = 5
FTS_TABLE = "jobs_jobpost_fts"


@dataclass(frozen=True)
class Search:
    q: str = ""
    street: Street | None = None
    industry: str = ""
    pay: Decimal | None = None
    urgent: bool = False
    internship: bool = False


def terms_of(q: str) -> list[str]:
    return [t for t in q.split() if t][:MAX_TERMS]


def live_posts(today: dt.date) -> QuerySet[JobPost]:
    return JobPost.objects.filter(status=PostStatus.PUBLISHED, deadline__gte=today).select_related("organisation", "street")


def _substring(term: str) -> Q:
    return Q(title__contains=term) | Q(description__contains=term)


def search_posts(search: Search, *, today: dt.date) -> QuerySet[JobPost]:
    """Live posts matching every term and filter; urgent first, then relevance, then newest."""
    posts = live_posts(today)
    if search.street is not None:
        posts = posts.filter(street=search.street)
    if search.industry:
        posts = posts.filter(industry_code__startswith=search.industry.strip().upper())
    if search.pay is not None:
        posts = posts.filter(pay_max__gte=search.pay)
    if search.urgent:
        posts = posts.filter(urgent=True)
    if search.internship:
        posts = posts.filter(internship=True)
    terms = terms_of(search.q)
    newest = ("-published_at", "-id")
    if not terms:
        return posts.order_by("-urgent", *newest)
    if connection.vendor == "postgresql":
        for term in terms:
            posts = posts.filter(_substring(term))
        text = " ".join(terms)
        # the title only: word similarity over every matching description costs more than the match
        posts = posts.annotate(relevance=TrigramWordSimilarity(Value(text), "title"))  # type: ignore[arg-type]
        return posts.order_by("-urgent", "-relevance", *newest)
    indexed = [t for t in terms if len(t) >= 3]
    if indexed:
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in indexed)
        # an IN (subquery) keeps SQLite driving from the FTS index for the page and the count alike
        posts = posts.filter(id__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", (match,)))
    for term in terms:
        if len(term) < 3:
            posts = posts.filter(_substring(term))
    # relevance: how many of the terms the title holds (every term is in the title or the description)
    title_hits = [Case(When(title__contains=t, then=Value(1)), default=Value(0), output_field=IntegerField()) for t in terms]
    relevance: Any = title_hits[0]
    for hit in title_hits[1:]:
        relevance = relevance + hit
    return posts.annotate(relevance=relevance).order_by("-urgent", "-relevance", *newest)


def posts_of(user: User) -> QuerySet[JobPost]:
    """The posts a poster manages: the organisation's, or those the street posted on behalf of others."""
    if permissions.is_enterprise(user) and user.organisation_id is not None:
        posts = JobPost.objects.filter(organisation_id=user.organisation_id)
    elif permissions.is_street_staff(user):
        posts = JobPost.objects.filter(on_behalf_street_id=user.street_id)
    else:
        posts = JobPost.objects.none()
    return posts.select_related("organisation", "street").order_by("-updated_at", "-id")


def moderation_queue(street_id: int | None = None) -> QuerySet[JobPost]:
    """Posts waiting for a moderator; with ``street_id``, only that street's (its firms' or workplaces')."""
    rows = JobPost.objects.filter(status=PostStatus.MODERATION)
    if street_id is not None:
        rows = rows.filter(Q(street_id=street_id) | Q(organisation__street_id=street_id))
    return rows.select_related("organisation", "street", "posted_by").order_by("updated_at", "id")


@dataclass(frozen=True)
class StreetCount:
    street: str
    posts: int
    openings: int
    urgent: int
    imported_by_street: int


def counts_per_street(today: dt.date) -> list[StreetCount]:
    """Live posts per workplace street: posts, openings, urgent posts, and how many the street itself posted."""
    rows = (
        live_posts(today)
        .values("street_id")
        .annotate(
            posts=Count("id"),
            openings=Sum("openings"),
            urgent=Count("id", filter=Q(urgent=True)),
            by_street=Count("id", filter=Q(on_behalf_street_id=F("street_id"))),
        )
    )
    names = {s.pk: str(s) for s in Street.objects.all()}
    found = [
        StreetCount(names[r["street_id"]], r["posts"], r["openings"] or 0, r["urgent"], r["by_street"]) for r in rows
    ]
    return sorted(found, key=lambda c: (-c.openings, c.street))


