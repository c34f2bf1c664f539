"""Typed records the ledger hands out and takes in, beside the reader's records in ``claimledger.records``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..records import Claim, RawArticle

#: Longest origin, message or hint of a problem, in UTF-8 bytes. Messages quote what broke ("the first line"),
#: and a 102 kB gzip of zeros once made a 420 MB one that `claimledger problems` then took 50 minutes to list.
MAX_PROBLEM_TEXT_BYTES = 2048


@dataclass
class Problem:
    """An input that was quarantined: where it came from, why (an ``InputError`` reason) and how to fix it.

    Its texts are cut to :data:`MAX_PROBLEM_TEXT_BYTES` wherever it is made, so every store and report of it is
    bounded."""

    origin: str
    reason: str
    message: str
    hint: str | None = None
    at: datetime | None = None

    def __post_init__(self) -> None:
        self.origin = capped(self.origin)
        self.message = capped(self.message)
        self.hint = capped(self.hint) if self.hint is not None else None


def capped(text: str, limit: int = MAX_PROBLEM_TEXT_BYTES) -> str:
    """``text`` within ``limit`` UTF-8 bytes; a cut one ends in "…" (never in half a character)."""
    data = text.encode("utf-8", errors="replace")
    if len(data) <= limit:
        return text
    return data[: limit - len("…".encode())].decode("utf-8", errors="ignore") + "…"


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
