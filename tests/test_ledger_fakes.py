"""Test doubles for the ledger tests: a tiny deterministic reader and hand-made claims.

The fake reader lets storage, ingest, kill -9 and --jobs tests run in milliseconds without the spaCy model;
the real reader is exercised by the acceptance tests. It is importable by worker processes as
``test_ledger_fakes:read_many``.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from claimledger.errors import InputError
from claimledger.records import Article, Claim, Count, Evidence, Place, RawArticle, ReadResult, Source, Subject, When

FAKE_READER = "test_ledger_fakes:read_many"
_CLAIM = re.compile(r"(\d+) (civilians|soldiers|people) (?:were )?(killed|wounded)(?: in (Kharkiv|Homel))?")
_PLACES = {
    "Kharkiv": (706483, "Kharkiv", "UA", 49.98081, 36.25272, "city"),
    "Homel": (627907, "Homyel'", "BY", 52.4345, 30.9754, "city"),
}


def article_id(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def read_many(items: Iterable[RawArticle], *, batch_size: int = 16) -> Iterator[ReadResult]:
    """Like ``claimledger.reader.read_many`` on a toy grammar: "12 civilians killed in Kharkiv"."""
    delay = float(os.environ.get("FAKE_READER_DELAY", "0"))
    for raw in items:
        if delay:
            time.sleep(delay)
        if "READER-CRASH" in raw.text:
            raise ValueError("the fake reader cannot read this")
        if "READER-REFUSES" in raw.text:
            raise InputError("refused by the reader", where=raw.origin, reason="unparseable")
        text = raw.text.strip()
        article = Article(
            id=article_id(text), text=text, published=raw.published, url=raw.url, outlet=raw.outlet, title=raw.title
        )
        yield ReadResult(article=article, claims=list(_claims(article)))


def _claims(article: Article) -> Iterator[Claim]:
    for number, match in enumerate(_CLAIM.finditer(article.text), 1):
        places = []
        if match.group(4):
            gid, name, country, lat, lon, feature = _PLACES[match.group(4)]
            places.append(
                Place(match.group(4), match.start(4), match.end(4), gid, name, country, lat, lon, feature)  # type: ignore[arg-type]
            )
        yield make_claim(
            f"c{number}",
            category="dead" if match.group(3) == "killed" else "wounded",
            low=int(match.group(1)),
            high=int(match.group(1)),
            subject=f"{match.group(2)}",
            affiliation="civilian" if match.group(2) == "civilians" else "military",
            day=article.published,
            places=places,
            evidence=(match.group(0), match.start(), match.end()),
        )


def make_claim(
    claim_id: str,
    *,
    category: str = "dead",
    low: int | None = 12,
    high: int | None = 12,
    subject: str = "civilians",
    affiliation: str = "civilian",
    day: str | None = "2022-03-14",
    end: str | None = None,
    precision: str = "day",
    places: list[Place] | None = None,
    sources: list[Source] | None = None,
    status: str = "reported",
    evidence: tuple[str, int, int] = ("12 civilians killed", 0, 19),
    as_of: bool = False,
) -> Claim:
    return Claim(
        id=claim_id,
        category=category,  # type: ignore[arg-type]
        count=Count(low=low, high=high, text=str(low or high), approximate=False),
        subject=Subject(text=subject, affiliation=affiliation, party=None),  # type: ignore[arg-type]
        when=When(start=day, end=end or day, precision=precision if day else "unknown", as_of=as_of),  # type: ignore[arg-type]
        places=places or [],
        sources=sources
        if sources is not None
        else [Source("Metro", "outlet", True), Source("a medical official", "medical")],
        status=status,  # type: ignore[arg-type]
        cues=["said"],
        evidence=Evidence(*evidence),
    )


def kharkiv(role: str = "location", feature: str = "city", precision: int | None = None) -> Place:
    return Place("Kharkiv", 0, 7, 706483, "Kharkiv", "UA", 49.98081, 36.25272, feature, role, 0.9, precision)  # type: ignore[arg-type]


def result(
    text: str, claims: list[Claim], published: str | None = "2022-03-14", outlet: str | None = "Metro"
) -> ReadResult:
    article = Article(id=article_id(text), text=text, published=published, outlet=outlet, url="https://example.org/a")
    return ReadResult(article=article, claims=claims)


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not os.environ.get("CLAIMLEDGER_TEST_PG"), reason="CLAIMLEDGER_TEST_PG is not set"),
        ],
    ),
]


@pytest.fixture(name="db_url", params=BACKENDS)
def db_url_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty ledger database: a SQLite file, and PostgreSQL when CLAIMLEDGER_TEST_PG names one."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    url = os.environ["CLAIMLEDGER_TEST_PG"]
    _reset_postgres(url)
    return url
