"""Acceptance: the seed article read as a casualty recorder would (issue 2's checks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger import ReadResult, read
from claimledger.records import Claim

pytestmark = pytest.mark.acceptance


@pytest.fixture(scope="module")
def seed(shared_dir: Path) -> ReadResult:
    (path,) = sorted((shared_dir / "seed").glob("*.txt"))
    return read(path.read_text(encoding="utf-8"), published="2022-03-15", outlet="Metro")


def _claims_in(result: ReadResult, words: str) -> list[Claim]:
    return [c for c in result.claims if words in c.evidence.text]


def test_the_2500_corpses_claim(seed: ReadResult) -> None:
    (claim,) = [c for c in seed.claims if c.count.text == "more than 2,500"]
    assert claim.category == "dead"
    assert claim.count.low in (2500, 2501) and claim.count.high is None
    assert (claim.subject.affiliation, claim.subject.party) == ("military", "Russia")  # the article's side
    places = {(p.geonameid, p.role) for p in claim.places}
    assert (627907, "origin") in places  # Homel
    assert (2017370, "destination") in places  # Russia
    assert claim.when.start == claim.when.end == "2022-03-13"
    assert claim.when.as_of is True
    assert [s.text for s in claim.sources] == ["Metro", "RFE", "one medical official"]
    assert claim.sources[1].name == "Radio Free Europe"
    official = claim.sources[2]
    assert (official.kind, official.named) == ("medical", False)
    assert claim.status == "unverified"
    assert claim.cues == ["could not be independently verified"]
    assert seed.article.text[claim.evidence.start : claim.evidence.end] == claim.evidence.text


def test_dead_and_wounded_in_homel_are_hedged(seed: ReadResult) -> None:
    claims = _claims_in(seed, "They are said to be filled with")
    assert {c.category for c in claims} == {"dead", "wounded"}
    for claim in claims:
        assert claim.count.low is None and claim.count.high is None
        assert 627907 in {p.geonameid for p in claim.places}
        assert claim.status == "hedged" and "said to be" in claim.cues
        assert any(s.kind in ("resident", "medical") for s in claim.sources[1:])
        assert claim.subject.text == "Russian soldiers" and claim.subject.party == "Russia"


def test_mazyr_morgues_overflowing(seed: ReadResult) -> None:
    (claim,) = _claims_in(seed, "morgues ‘overflowing’")
    assert claim.category == "dead" and claim.count.low is None
    assert (625324, "location") in {(p.geonameid, p.role) for p in claim.places}
    assert claim.sources[-1].text == "Locals in Mazyr" and claim.sources[-1].kind == "resident"
    assert claim.subject.affiliation == "military" and claim.subject.party == "Russia"
    chernobyl = [p for p in claim.places if p.text == "Chernobyl"]
    assert all(p.role == "reference" for p in chernobyl)


def test_corpses_loaded_at_mazyr_station(seed: ReadResult) -> None:
    (claim,) = _claims_in(seed, "number of corpses being loaded")
    assert claim.category == "dead"
    assert [s.text for s in claim.sources][-2:] == ["RFE", "One eyewitness"]
    assert claim.sources[-1].kind == "eyewitness"
    assert 625324 in {p.geonameid for p in claim.places}


def test_hospital_admissions_of_maimed_soldiers(seed: ReadResult) -> None:
    (claim,) = _claims_in(seed, "hospital admissions")
    assert claim.category == "wounded"
    assert claim.sources[-1].text.startswith("a human rights worker")
    assert claim.sources[-1].kind == "ngo"


def test_other_unverified_reports(seed: ReadResult) -> None:
    claims = _claims_in(seed, "other unverified reports")
    assert claims and all(c.status == "unverified" for c in claims)
    assert {c.category for c in claims} == {"dead", "wounded"}


def test_no_counts_that_count_something_else(seed: ReadResult) -> None:
    counts = {c.count.low for c in seed.claims} | {c.count.high for c in seed.claims}
    assert not counts & {2, 3, 100}
    for claim in seed.claims:
        for place in claim.places:
            if place.text == "Chernobyl":
                assert place.role == "reference"


def test_captions_and_headlines_are_not_read(seed: ReadResult) -> None:
    assert "(Picture:" not in seed.article.text
    assert "Russian troops arrive in Belarus ahead of joint military drills" not in seed.article.text
    assert not _claims_in(seed, "military ambulances full of dead")


def test_every_claim_is_traceable(seed: ReadResult) -> None:
    text = seed.article.text
    for claim in seed.claims:
        assert text[claim.evidence.start : claim.evidence.end] == claim.evidence.text
        if claim.count.start is not None:
            assert text[claim.count.start : claim.count.end] == claim.count.text
        for place in claim.places:
            assert text[place.start : place.end] == place.text
        assert claim.trigger is not None and text[claim.trigger.start : claim.trigger.end] == claim.trigger.text
