"""The claims table's query: the ledger's filter (``Ledger.claim_page``) plus grade, sorted and paged in SQL.

Paging fetches one row more than a page instead of counting (a count over a million rows would dominate
the latency); a grade filter goes through the corroboration snapshot (grades belong to groups, not rows).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, false, tuple_

from ..ledger import SORT_COLUMNS, ClaimFilter, Ledger
from ..ledger.models import ClaimRow
from ..ledger.store import record_stored
from ..ledger.types import ClaimText, StoredClaim
from .service import Snapshot

if TYPE_CHECKING:
    from psycopg_pool import AsyncConnectionPool

MAX_PER_PAGE = 500
SORTS: dict[str, Any] = {name: column for name, column in SORT_COLUMNS.items() if name != "day"}
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
        """The part the ledger's own filter (and so its exports) understands: every match, in stored order."""
        return ClaimFilter(
            place=self.place,
            categories=list(self.categories),
            statuses=list(self.statuses),
            since=self.since,
            until=self.until,
            source=self.source,
            outlet=self.outlet,
            article_id=self.article,
            parties=list(self.parties),
        )

    def page_filter(self) -> ClaimFilter:
        """The ledger filter of this page: its sort, and one row more than a page (says whether a next page
        exists without counting a million rows)."""
        per_page = max(1, min(self.per_page, MAX_PER_PAGE))
        return replace(
            self.ledger_filter(),
            sort=self.sort if self.sort.lstrip("-") in SORTS else "-published",
            offset=(max(1, self.page) - 1) * per_page,
            limit=per_page + 1,
        )


@dataclass
class ClaimPage:
    items: list[StoredClaim]
    page: int
    per_page: int
    has_next: bool


@dataclass
class ClaimTextPage:
    """A page for the API: each claim as its stored JSON text, sent on without parsing it."""

    items: list[ClaimText]
    page: int
    per_page: int
    has_next: bool


def _grade_condition(query: ClaimQuery, snapshot: Callable[[], Snapshot]) -> list[ColumnElement[bool]]:
    """Grades belong to groups, not rows: the selected groups' claims, from the corroboration snapshot."""
    if not query.grades:
        return []
    snap = snapshot()
    pairs = [
        (article.id, claim.id)
        for item in snap.select()
        if item.grade.level in query.grades
        for claim, article in (snap.claims[ref] for ref in item.members)
    ]
    return [tuple_(ClaimRow.article_id, ClaimRow.claim_id).in_(pairs) if pairs else false()]


def list_claims(ledger: Ledger, query: ClaimQuery, snapshot: Callable[[], Snapshot]) -> ClaimPage:
    """A page of the claims table, as records."""
    per_page = max(1, min(query.per_page, MAX_PER_PAGE))
    records = ledger.claim_page(query.page_filter(), where=_grade_condition(query, snapshot))[: per_page + 1]
    return ClaimPage(
        items=[record_stored(record) for record in records[:per_page]],
        page=max(1, query.page),
        per_page=per_page,
        has_next=len(records) > per_page,
    )


def list_claims_text(ledger: Ledger, query: ClaimQuery, snapshot: Callable[[], Snapshot]) -> ClaimTextPage:
    """A page of ``GET /api/v1/claims``: the same rows as :func:`list_claims`, claims left as stored JSON text."""
    return _text_page(query, ledger.claim_page_text(query.page_filter(), where=_grade_condition(query, snapshot)))


async def list_claims_text_async(ledger: Ledger, pool: AsyncConnectionPool, query: ClaimQuery) -> ClaimTextPage | None:
    """:func:`list_claims_text` on the event loop (PostgreSQL, ``Ledger.claim_page_text_async``); None when the
    page needs :func:`list_claims_text` (a grade, or filters beyond the common ones)."""
    if query.grades:
        return None
    rows = await ledger.claim_page_text_async(pool, query.page_filter())
    return None if rows is None else _text_page(query, rows)


def _text_page(query: ClaimQuery, rows: list[ClaimText]) -> ClaimTextPage:
    """The page's rows (one more than a page was read: whether a next page exists)."""
    per_page = max(1, min(query.per_page, MAX_PER_PAGE))
    return ClaimTextPage(
        items=rows[:per_page], page=max(1, query.page), per_page=per_page, has_next=len(rows) > per_page
    )


__all__ = [
    "MAX_PER_PAGE",
    "SORTS",
    "SORT_CHOICES",
    "ClaimPage",
    "ClaimQuery",
    "ClaimTextPage",
    "list_claims",
    "list_claims_text",
    "list_claims_text_async",
]
