"""A small ledger written by hand for the web tests (no spaCy model): three reports of one shelling, a rival
figure, a second harm elsewhere, and an article full of script payloads. Shared by test_web*.py and
test_browser*.py; the one test here checks the data is what the others assume."""

from __future__ import annotations

import hashlib
from pathlib import Path

from claimledger.ledger import Ledger
from claimledger.records import Article, Claim, Count, Evidence, Place, ReadResult, Source, Subject, When
from claimledger.web.auth import Accounts

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
PASSWORDS = {"admin": "admin-pass-1", "ana": "analyst-pass-1", "vic": "viewer-pass-1"}
KRAMATORSK = Place("Kramatorsk", 0, 10, 704508, "Kramatorsk", "UA", 48.72, 37.56, "city", "location", 0.9, 1)
IZYUM = Place("Izyum", 0, 5, 707292, "Izyum", "UA", 49.21, 37.27, "city", "location", 0.9, 1)


def _claim(cid: str, text: str, phrase: str, low: int | None, high: int | None, *, category: str = "dead",
           place: Place = KRAMATORSK, sources: list[Source] | None = None, status: str = "reported",
           day: str = "2022-04-05", subject: str = "civilians") -> Claim:  # fmt: skip
    start = text.index(phrase)
    where = text.find(place.text)
    located = Place(**{**place.__dict__, "start": max(where, 0), "end": max(where, 0) + len(place.text)})
    return Claim(
        id=cid,
        category=category,  # type: ignore[arg-type]
        count=Count(low, high, phrase, False, start, start + len(phrase)),
        subject=Subject(subject, "civilian", None),
        when=When(day, day, "day", False, "Tuesday"),
        places=[located] if where >= 0 else [],
        sources=sources or [],
        status=status,  # type: ignore[arg-type]
        cues=[],
        evidence=Evidence(text, 0, len(text)),
    )


def _article(text: str, outlet: str, published: str, title: str) -> Article:
    return Article(
        hashlib.sha256(text.encode()).hexdigest(), text, published, f"https://{outlet}.example/a", outlet, title
    )


def results() -> list[ReadResult]:
    gov = Source("regional governor Pavlo Kyrylenko", "official", True)
    one = "At least 12 civilians were killed in Kramatorsk on Tuesday, regional governor Pavlo Kyrylenko said."
    two = "Twelve civilians died in Kramatorsk on Tuesday, the governor Pavlo Kyrylenko said, quoted by a wire."
    three = "Police said 40 people were killed in Kramatorsk on Tuesday."
    four = "In Izyum, 7 soldiers were wounded on Tuesday, a medic said."
    evil = f"{XSS} 5 civilians were killed in Izyum on Tuesday, {XSS} said."
    a1 = _article(one, "dailyone", "2022-04-06", "Shelling in Kramatorsk")
    a2 = _article(two, "dailytwo", "2022-04-07", "Station hit")
    a3 = _article(three, "dailythree", "2022-04-08", "Toll rises")
    a4 = _article(four, "dailyfour", "2022-04-08", "Wounded in Izyum")
    a5 = Article(hashlib.sha256(evil.encode()).hexdigest(), evil, "2022-04-09", None, XSS, XSS)
    return [
        ReadResult(a1, [_claim("c1", one, "At least 12", 12, None, sources=[Source("dailyone", "outlet", True), gov])]),
        ReadResult(a2, [_claim("c1", two, "Twelve", 12, 12, sources=[Source("dailytwo", "outlet", True), gov])]),
        ReadResult(a3, [_claim("c1", three, "40", 40, 40, sources=[Source("Police", "official", False)])]),
        ReadResult(
            a4,
            [
                _claim(
                    "c1",
                    four,
                    "7",
                    7,
                    7,
                    category="wounded",
                    place=IZYUM,
                    subject="soldiers",
                    sources=[Source("a medic", "medical", False)],
                    day="2022-04-05",
                )
            ],  # fmt: skip
        ),
        ReadResult(
            a5,
            [
                _claim(
                    "c1",
                    evil,
                    "5",
                    5,
                    5,
                    place=IZYUM,
                    subject=XSS,
                    sources=[Source(XSS, "resident", True)],
                    day="2022-04-08",
                )
            ],  # fmt: skip
        ),
    ]


def build_ledger(path: Path | str) -> Ledger:
    """A fresh ledger at ``path`` (a SQLite file or a database URL) with :func:`results` and one account per role."""
    ledger = Ledger(str(path))
    for result in results():
        ledger.add(result, raw_hash=hashlib.sha256(result.article.text.encode()).hexdigest(), origin="test")
    accounts = Accounts(ledger)
    for name, role in (("admin", "admin"), ("ana", "analyst"), ("vic", "viewer")):
        accounts.add_user(name, PASSWORDS[name], role)
    return ledger


def ref(result: ReadResult) -> str:
    return f"{result.article.id[:16]}-{result.claims[0].id}"


def test_the_data_has_what_the_web_tests_assume(tmp_path: Path) -> None:
    ledger = build_ledger(tmp_path / "w.db")
    stats = ledger.stats()
    assert (stats.articles, stats.claims) == (5, 5)
    assert [u.role for u in Accounts(ledger).users()] == ["admin", "analyst", "viewer"]
