"""Typed records the ledger hands out and takes in, beside the reader's records in ``claimledger.records``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..records import Claim, RawArticle


@dataclass
class Problem:
    """An input that was quarantined: where it came from, why (an ``InputError`` reason) and how to fix it."""

    origin: str
    reason: str
    message: str
    hint: str | None = None
    at: datetime | None = None


@dataclass
class Input:
    """One raw article ready to read, with the sha256 of the bytes it came from (skips work on resume)."""

    raw: RawArticle
    raw_hash: str


@dataclass
class ClaimFilter:
    """What ``claimledger claims`` and ``Ledger.claims`` select; empty fields select everything."""

    place: str | None = None  # a GeoNames id, a place name as written or resolved, or an ISO country code
    categories: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    since: str | None = None  # ISO date: claims whose time (or the article's date) reaches this day
    until: str | None = None
    source: str | None = None  # a source kind ("medical") or words of a source's name ("RFE")
    outlet: str | None = None
    article_id: str | None = None
    parties: list[str] = field(default_factory=list)  # the subject's party, case-insensitive
    #: A column of ``SORT_COLUMNS`` ("-low": descending); None keeps the stored order (article date, position).
    sort: str | None = None
    limit: int | None = None
    offset: int = 0


@dataclass(kw_only=True)
class ArticleMeta:
    """The metadata of the article a stored claim was read from, shared by every shape a stored claim takes
    (keyword-only, so each shape's own fields come first)."""

    article_id: str
    published: str | None
    outlet: str | None
    url: str | None
    title: str | None
    origin: str | None


@dataclass
class StoredClaim(ArticleMeta):
    """A claim as stored, with the metadata of the article it was read from."""

    claim: Claim


@dataclass
class ClaimRecord(ArticleMeta):
    """A claim's stored JSON (the schema's shape, sent on as is) with its article's metadata: a page of the
    claims table without rebuilding every claim as records."""

    pk: int
    data: dict[str, Any]


@dataclass
class ClaimText(ArticleMeta):
    """A page row whose claim is the stored JSON text, unparsed: the API splices it into its response as is
    (parsing and re-serialising 50 claims would cost more than the query)."""

    pk: int
    claim_id: str
    json: str


@dataclass
class LedgerStats:
    articles: int
    claims: int
    problems: int
