"""A small deterministic reader for the batch tests, importable by Dask workers as ``test_batch_fakes:read_many``.

It knows one sentence shape ("12 civilians killed in Kharkiv, the governor said") and gives claims with a
place and a source, so the load tests exercise every ledger table without the spaCy model. With
``BATCH_FAKE_DELAY`` in the worker's environment it sleeps per article, which keeps a worker busy long
enough to be killed mid-task.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Iterable, Iterator

from claimledger.records import Article, Claim, Count, Evidence, Place, RawArticle, ReadResult, Source, Subject, When

_CLAIM = re.compile(r"(\d+) (civilians|soldiers) (killed|wounded) in (Kharkiv|Homel), (the governor|a medic) said")
_PLACES = {"Kharkiv": (706483, "UA", 49.98081, 36.25272), "Homel": (627907, "BY", 52.4345, 30.9754)}


def read_many(items: Iterable[RawArticle], *, batch_size: int = 16) -> Iterator[ReadResult]:
    delay = float(os.environ.get("BATCH_FAKE_DELAY", "0"))
    for raw in items:
        if delay:
            time.sleep(delay)
        text = " ".join(raw.text.split())
        article = Article(
            id=hashlib.sha256(text.encode()).hexdigest(),
            text=text,
            published=raw.published,
            url=raw.url,
            outlet=raw.outlet,
            title=raw.title,
        )
        yield ReadResult(article=article, claims=[_claim(article, m) for m in _CLAIM.finditer(text)])


def _claim(article: Article, match: re.Match[str]) -> Claim:
    gid, country, lat, lon = _PLACES[match.group(4)]
    number = int(match.group(1))
    return Claim(
        id=f"{article.id[:6]}{match.start()}",
        category="dead" if match.group(3) == "killed" else "wounded",
        count=Count(low=number, high=number, text=match.group(1), start=match.start(1), end=match.end(1)),
        subject=Subject(text=match.group(2), affiliation="civilian" if match.group(2) == "civilians" else "military"),
        when=When(start=article.published, end=article.published, precision="day" if article.published else "unknown"),
        places=[Place(match.group(4), match.start(4), match.end(4), gid, match.group(4), country, lat, lon, "city")],
        sources=[Source(match.group(5), "government" if "governor" in match.group(5) else "medical")],
        status="reported",
        cues=["said"],
        evidence=Evidence(match.group(0), match.start(), match.end()),
    )
