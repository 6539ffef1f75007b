"""Reads of the job market: the public search, the poster's list, the moderation queue, counts.

The public order is: urgent (急聘) first, then relevance — how many of the terms the title holds —
then newest. Every term must be in the title or the description.

Search uses a real index on both databases. PostgreSQL: the GIN index of ``search_bigrams`` (every
two-character sequence of title and description, migration 0008) finds the posts holding all of a
query's bigrams, and each term is then checked as a substring; the first page is not cut from a
sort of every match but taken tier by tier — (urgent, relevance) — each tier walked newest first
(index ``jobpost_live_order``), so a term matching 20,000 posts costs about what one matching 200
does. SQLite: the FTS5 trigram table ``jobs_jobpost_fts`` (a one- or two-character term is matched
as a substring without the index). Counts stop at :data:`COUNT_CAP` (“1,000+ 个岗位”): counting
every one of tens of thousands of matches was most of the time of a common term, and nobody pages
past the fiftieth page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.expressions import RawSQL

from wengang.accounts.models import User
from wengang.registry.models import Street

from . import permissions
from .models import JobPost, PostStatus

MAX_TERMS = 5
FTS_TABLE = "jobs_jobpost_fts"
#: matches are counted up to this many; the pages reach this far
COUNT_CAP = 1000


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


def bigram_query(terms: list[str]) -> str:
    """The tsquery (text) of every two-character sequence of the terms, ANDed; '' when none has two."""
    grams = sorted({t[i : i + 2] for t in terms for i in range(len(t) - 1)})
    return " & ".join("'" + g.replace("\\", "\\\\").replace("'", "''") + "'" for g in grams)


def _relevance(terms: list[str]) -> Any:
    """How many of the terms the title holds."""
    hits = [Case(When(title__contains=t, then=Value(1)), default=Value(0), output_field=IntegerField()) for t in terms]
    relevance: Any = hits[0]
    for hit in hits[1:]:
        relevance = relevance + hit
    return relevance


def matching_posts(search: Search, *, today: dt.date) -> QuerySet[JobPost]:
    """Live posts matching every term and filter, in no order."""
    posts = JobPost.objects.filter(status=PostStatus.PUBLISHED, deadline__gte=today)
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
    if connection.vendor == "postgresql":
        query = bigram_query(terms)
        if query:
            posts = posts.filter(
                RawSQL('"jobs_jobpost"."search_bigrams" @@ %s::tsquery', (query,), output_field=BooleanField())
            )
    else:
        indexed = [t for t in terms if len(t) >= 3]
        if indexed:
            match = " AND ".join('"' + t.replace('"', '""') + '"' for t in indexed)
            # an IN (subquery) keeps SQLite driving from the FTS index for the page and the count alike
            posts = posts.filter(id__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", (match,)))
    for term in terms:
        posts = posts.filter(_substring(term))
    return posts


def search_posts(search: Search, *, today: dt.date) -> QuerySet[JobPost]:
    """Live posts matching every term and filter; urgent first, then relevance, then newest.
    Every match is ranked: the page uses :func:`search_results`, which gives the same order."""
    return _in_order(matching_posts(search, today=today), terms_of(search.q))


#: what a result card shows (jobs/jinja2/jobs/_results.html): the other columns — the description, the
#: wording findings and the organisation's facts (JSON, decoded row by row) — are not read for the list
CARD_FIELDS = (
    *("title", "urgent", "internship", "pay_min", "pay_max", "openings", "deadline"),
    *("organisation__name", "street__name", "street__kind"),
)


def _in_order(matching: QuerySet[JobPost], terms: list[str]) -> QuerySet[JobPost]:
    posts = matching.select_related("organisation", "street").only(*CARD_FIELDS)
    newest = ("-published_at", "-id")
    if not terms:
        return posts.order_by("-urgent", *newest)
    return posts.annotate(relevance=_relevance(terms)).order_by("-urgent", "-relevance", *newest)


class Results:
    """The public search as Django's Paginator reads it: :meth:`count` (capped at COUNT_CAP) and
    slices of the posts in the public order."""

    def __init__(self, search: Search, *, today: dt.date) -> None:
        self.terms = terms_of(search.q)
        self.matching = matching_posts(search, today=today)
        self.in_order = _in_order(self.matching, self.terms)  # the same filters, built once
        self.urgent_only = search.urgent
        self._count: int | None = None
        #: more matches than the count says
        self.capped = False

    #: read by Django's Paginator, which warns about (and, for a queryset here, would evaluate) an
    #: unordered list: the results are always in the public order
    ordered = True

    def count(self) -> int:
        if self._count is None:
            found = self.matching.order_by().values("id")[: COUNT_CAP + 1].count()
            self.capped = found > COUNT_CAP
            self._count = min(found, COUNT_CAP)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[JobPost]:
        if not isinstance(index, slice):
            raise TypeError("Results are read by slices")
        # nothing past the cap, on either database
        start, stop = index.start or 0, min(self.count(), index.stop if index.stop is not None else COUNT_CAP)
        # few matches: ranking them all is cheap; many (the count is capped): tier by tier
        if connection.vendor != "postgresql" or not self.terms or stop <= start or self.count() < COUNT_CAP:
            return list(self.in_order[start:stop])
        return self._tiered(start, stop)

    def _tiers(self) -> list[Q]:
        """The public order's tiers, first to last: urgent or not, then how many terms the title
        holds (k … 0). Written as plain conditions on the title, not as the relevance sum, so that
        PostgreSQL estimates each tier's size from the title's statistics and walks the order index
        for a large tier, the GIN index for a small one."""
        k = len(self.terms)
        held = [Q(title__contains=t) for t in self.terms]
        tiers = []
        for urgent in (True,) if self.urgent_only else (True, False):
            for hits in range(k, -1, -1):
                exactly = Q()
                for chosen in combinations(range(k), hits):
                    combo = Q()
                    for i in range(k):
                        combo &= held[i] if i in chosen else ~held[i]
                    exactly |= combo
                tiers.append(Q(urgent=urgent) & exactly)
        return tiers

    def _tiered(self, start: int, stop: int) -> list[JobPost]:
        """The posts at [start:stop) of the public order, read tier by tier (each newest first) until
        the slice is full; a tier before the slice is only counted, up to what is still to skip."""
        posts: list[JobPost] = []
        skip, want = start, stop - start
        for tier in self._tiers():
            if want <= 0:
                break
            rows = self.matching.filter(tier).order_by("-published_at", "-id")
            got = list(rows.select_related("organisation", "street").only(*CARD_FIELDS)[skip : skip + want])
            if skip and not got:
                skip -= rows.values("id")[:skip].count()
                continue
            skip = 0
            posts += got
            want -= len(got)
        return posts


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


