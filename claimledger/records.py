"""Typed records passed between stages.

Every stage takes and returns these dataclasses, never ad-hoc dicts. ``to_dict`` on
:class:`ReadResult` produces exactly the shape of ``claim.schema.json`` (the contract of
``claimledger read --format json`` and the base of every export and API response).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

Category = Literal["dead", "wounded", "missing", "captured", "casualties", "displaced"]
Affiliation = Literal["military", "civilian", "unknown"]
Precision = Literal["day", "week", "month", "year", "unknown"]
Feature = Literal["city", "region", "country", "other"]
Role = Literal["location", "origin", "destination", "reference"]
SourceKind = Literal[
    "outlet",
    "official",
    "military",
    "government",
    "medical",
    "resident",
    "eyewitness",
    "ngo",
    "journalist",
    "social_media",
    "unknown",
]
Rate = Literal["day", "week", "month", "year"]
Status = Literal["asserted", "reported", "hedged", "unverified", "disputed", "denied"]

CATEGORIES: tuple[Category, ...] = ("dead", "wounded", "missing", "captured", "casualties", "displaced")
STATUSES: tuple[Status, ...] = ("asserted", "reported", "hedged", "unverified", "disputed", "denied")


@dataclass
class Article:
    """One cleaned article: all character offsets in claims refer to ``text``."""

    id: str
    text: str
    published: str | None = None  # ISO date
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    language: str | None = "en"


@dataclass
class Count:
    """UCDP-style bounds: ``low``/``high`` null when the text gives no bound."""

    low: int | None
    high: int | None
    text: str | None
    approximate: bool = False
    start: int | None = None  # offsets of ``text`` in the article (a schema extension)
    end: int | None = None


@dataclass
class Subject:
    text: str | None
    affiliation: Affiliation = "unknown"
    party: str | None = None


@dataclass
class When:
    start: str | None = None
    end: str | None = None
    precision: Precision = "unknown"
    as_of: bool = False
    text: str | None = None


@dataclass
class Place:
    """A toponym as written, resolved (or not) to a GeoNames feature."""

    text: str
    start: int
    end: int
    geonameid: int | None = None
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: Feature = "other"
    role: Role = "location"
    score: float | None = None
    precision: int | None = None  # UCDP where_prec 1 (exact) .. 7 (country); a schema extension


@dataclass
class Source:
    text: str
    kind: SourceKind = "unknown"
    named: bool = False
    name: str | None = None  # the full name an acronym stands for in the article ("Radio Free Europe"); an extension
    side: str | None = None  # the party the source speaks for, "neutral", or None when unknown; an extension


@dataclass
class Evidence:
    text: str
    start: int
    end: int


@dataclass
class Claim:
    id: str
    category: Category
    count: Count
    subject: Subject
    when: When
    places: list[Place]
    sources: list[Source]
    status: Status
    cues: list[str]
    evidence: Evidence
    #: The word that names the harm ("killed", "corpses"), with its offsets: a schema extension.
    trigger: Evidence | None = None
    #: Schema extensions: a per-period rate ("824 a day" → "day"), the conflict the claim belongs to ("none" for
    #: accidents, disasters and disease), and whether the root source is a side speaking of its enemy's losses
    #: (partisan) or of its own (admission).
    rate: Rate | None = None
    #: The id of the claim this one is a part of ("12 civilians, including three children"; "87 injured ... six of
    #: them died"): a part is shown under its whole and never added to it. A schema extension.
    subset_of: str | None = None
    conflict: str | None = None
    partisan: bool = False
    admission: bool = False


@dataclass
class ReadResult:
    """What :func:`claimledger.read` returns: one article and its claims."""

    article: Article
    claims: list[Claim] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``claim.schema.json``."""
        return {"article": article_dict(self.article), "claims": [claim_dict(c) for c in self.claims]}


def article_dict(article: Article) -> dict[str, Any]:
    return dataclasses.asdict(article)


def claim_dict(claim: Claim) -> dict[str, Any]:
    """A claim as the schema has it, plus its optional extensions (count offsets, place precision)."""
    return dataclasses.asdict(claim)


def claim_from_dict(data: dict[str, Any]) -> Claim:
    """Inverse of :func:`claim_dict` (for stores and exports that read JSON back)."""
    place_fields = {f.name for f in dataclasses.fields(Place)}
    return Claim(
        id=data["id"],
        category=data["category"],
        count=Count(**data["count"]),
        subject=Subject(**data["subject"]),
        when=When(**data["when"]),
        places=[Place(**{k: v for k, v in p.items() if k in place_fields}) for p in data["places"]],
        sources=[Source(**s) for s in data["sources"]],
        status=data["status"],
        cues=list(data["cues"]),
        evidence=Evidence(**data["evidence"]),
        trigger=Evidence(**data["trigger"]) if data.get("trigger") else None,
        rate=data.get("rate"),
        subset_of=data.get("subset_of"),
        conflict=data.get("conflict"),
        partisan=bool(data.get("partisan", False)),
        admission=bool(data.get("admission", False)),
    )


@dataclass
class RawArticle:
    """An article as it arrives from a source, before cleaning: what ``read``/``read_many`` take."""

    text: str
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    origin: str | None = None  # where it came from: a path, a URL, "path#line 12"


def claim_ref(article_id: str, claim_id: str) -> str:
    """The one id of a stored claim everywhere (CLI, API, web, exports): its article's first 16 hex digits and
    its id in that article, ``74ca402c1eac53cf-77399563facfc3d1``. A claim's own id is unique only within its
    article (claims loaded from other tools may reuse ``c1``); the article prefix makes it unique in a ledger."""
    return f"{article_id[:16]}-{claim_id}"
