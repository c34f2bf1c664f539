"""The claims table's query: the ledger's filters plus party and grade, sorted and paged in SQL.

Paging fetches one row more than a page instead of counting (a count over a million rows would dominate
the latency); a grade filter goes through the corroboration snapshot (grades belong to groups, not rows).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import false, func, or_, select, tuple_

from ..ledger import ClaimFilter, Ledger
from ..ledger.models import ArticleRow, ClaimRow
from ..ledger.store import _filtered
from ..ledger.types import StoredClaim
from ..records import claim_from_dict
from .service import Snapshot

MAX_PER_PAGE = 500
SORTS: dict[str, Any] = {
    "published": ArticleRow.published,
    "when": ClaimRow.when_start,
    "low": ClaimRow.low,
    "high": ClaimRow.high,
    "category": ClaimRow.category,
    "status": ClaimRow.status,
    "place": ClaimRow.place_name,
    "party": ClaimRow.party,
    "ingested": ClaimRow.pk,
}
SORT_CHOICES = tuple(name for key in SORTS for name in (key, f"-{key}"))


@dataclass
class ClaimQuery:
    """Filters, sort and page of the claims table and of ``GET /api/v1/claims``."""

    categories: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    grades: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    place: str | None = None
    source: str | None = None
    outlet: str | None = None
    article: str | None = None
    sort: str = "-published"
    page: int = 1
    per_page: int = 50

    def ledger_filter(self) -> ClaimFilter:
        """The part the ledger's own filter (and so its exports) understands."""
        return ClaimFilter(
            place=self.place,
            categories=list(self.categories),
            statuses=list(self.statuses),
            since=self.since,
            until=self.until,
            source=self.source,
            outlet=self.outlet,
            article_id=self.article,
        )


@dataclass
class ClaimPage:
    items: list[StoredClaim]
    page: int
    per_page: int
    has_next: bool
    #: The stored claim JSON of each item (what the API sends, without a round trip through the dataclasses).
    data: list[dict[str, Any]] = field(default_factory=list)


def list_claims(ledger: Ledger, query: ClaimQuery, snapshot: Callable[[], Snapshot]) -> ClaimPage:
    per_page = max(1, min(query.per_page, MAX_PER_PAGE))
    page = max(1, query.page)
    stmt = _filtered(select(ClaimRow, ArticleRow).join(ArticleRow), query.ledger_filter())
    if query.since:  # implied by the ledger's period filter, and answerable from an index
        stmt = stmt.where(or_(ClaimRow.when_end >= query.since, ClaimRow.when_end.is_(None)))
    if query.until:
        stmt = stmt.where(or_(ClaimRow.when_start <= query.until, ClaimRow.when_start.is_(None)))
    if query.parties:
        stmt = stmt.where(func.lower(ClaimRow.party).in_([p.lower() for p in query.parties]))
    if query.grades:
        snap = snapshot()
        pairs = [
            (article.id, claim.id)
            for item in snap.select()
            if item.grade.level in query.grades
            for claim, article in (snap.claims[ref] for ref in item.members)
        ]
        stmt = stmt.where(tuple_(ClaimRow.article_id, ClaimRow.claim_id).in_(pairs) if pairs else false())
    key = query.sort.lstrip("-")
    column = SORTS.get(key, ArticleRow.published)
    descending = query.sort.startswith("-")
    order = column.desc() if descending else column.asc()
    tiebreak = ClaimRow.pk.desc() if descending else ClaimRow.pk.asc()
    stmt = stmt.order_by(order, tiebreak).offset((page - 1) * per_page).limit(per_page + 1)
    with ledger.session() as session:
        rows = list(session.execute(stmt))
    items = [
        StoredClaim(
            claim=claim_from_dict(claim.data),
            article_id=article.id,
            published=article.published,
            outlet=article.outlet,
            url=article.url,
            title=article.title,
            origin=article.origin,
        )
        for claim, article in rows[:per_page]
    ]
    data = [claim.data for claim, _ in rows[:per_page]]
    return ClaimPage(items=items, page=page, per_page=per_page, has_next=len(rows) > per_page, data=data)


__all__ = ["MAX_PER_PAGE", "SORTS", "SORT_CHOICES", "ClaimPage", "ClaimQuery", "list_claims"]
