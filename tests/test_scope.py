"""Scope: each claim's conflict, harm outside war, and figures of past wars dated within their war."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger import read
from claimledger.records import Claim
from claimledger.scope import about_russia_ukraine, sentence_cues


def _claims(text: str, published: str = "2022-03-08") -> list[Claim]:
    return [c for c in read(text, published).claims if c.count.low is not None or c.count.high is not None]


def _one(text: str) -> Claim:
    (claim,) = _claims(text)
    return claim


def test_a_war_named_to_compare_is_not_the_claims_war() -> None:
    claim = _one(
        "Russia's invasion of Ukraine goes on. More than 2 million people have fled the country, "
        "the largest exodus in Europe since the Second World War."
    )
    assert claim.conflict == "russia-ukraine"
    assert [c.name for c in sentence_cues("the worst since World War Two, worse than in Syria")] == []


def test_accidents_and_disease_are_outside_war_unless_violence_is_named() -> None:
    assert _one("Five soldiers died in a car crash near Lviv on Monday.").conflict == "none"
    assert _one("A plane was shot down near Kyiv on Monday, killing four people.").conflict == "russia-ukraine"
    covid, war = _claims(
        "Putin spoke on Monday. The country recorded 60 Covid deaths on Monday, "
        "and Ukraine's army said 30 soldiers were killed."
    )
    assert (covid.conflict, war.conflict) == ("none", "russia-ukraine")
    # a fire that is no attack: "a tower block fire", "the blaze"
    text = "Putin spoke on Monday in Kyiv. Five years ago the Lakeside tower fire in London claimed 41 lives."
    assert _one(text).conflict == "none"


def test_a_headline_on_an_accident_scopes_its_article() -> None:
    text = (
        "Four US marines killed in Norway plane crash.\nThe aircraft came down in the mountains. The weather was "
        "bad. Rescuers reached the site at night. Police confirmed that the crew of four had died."
    )
    assert [c.conflict for c in _claims(text)] == ["none", "none"]


def test_a_past_war_is_carried_to_the_next_sentence_and_dated_within_it() -> None:
    claim = _one("A V-2 rocket hit the flats in March 1945. It killed 134 people.")
    assert claim.conflict == "world-war-2" and claim.when.start == "1945-03-01"
    holodomor = _one("The Holodomor killed an estimated five million people, the Ukrainian parliament said on Tuesday.")
    assert holodomor.conflict == "holodomor"
    assert (holodomor.when.start, holodomor.when.end) == ("1932-01-01", "1933-12-31")


def test_a_claim_dated_after_a_past_war_is_not_of_that_war() -> None:
    claim = _one(
        "Soviet troops fought at Stalingrad in 1942. The city was rebuilt. Yesterday, 12 people died in shelling."
    )
    assert claim.conflict is None and claim.when.start == "2022-03-07"


def test_a_new_paragraph_ends_the_carry_unless_it_refers_back() -> None:
    text = (
        "Russia attacked Ukraine in February. A V-2 rocket hit London in March 1945.\n\nOfficials said 12 people died."
    )
    assert _one(text).conflict == "russia-ukraine"
    back = "Russia attacked Ukraine in February. Soviet troops fought at Stalingrad.\nA million died in the battle."
    assert _one(back).conflict == "world-war-2"


def test_each_clause_and_figure_takes_its_own_war() -> None:
    iraq, syria = _claims("The invasion of Iraq led to 1 million deaths; the war in Syria killed 300,000 people.")
    assert (iraq.conflict, syria.conflict) == ("iraq", "syria")
    fled = _claims(
        "3.5 million Ukrainians have fled their country, while Poland was reluctant to take in refugees from the "
        "war in Syria."
    )[0]
    assert fled.conflict == "russia-ukraine"


def test_an_article_naming_no_war_has_no_conflict() -> None:
    assert not about_russia_ukraine("Two men were shot dead in Chicago on Friday.")
    assert _one("Two men were shot dead in Chicago on Friday.").conflict is None


@pytest.mark.acceptance
def test_dev_war_gold_claims_of_other_wars_and_outside_war(shared_dir: Path) -> None:
    """Every dev gold claim of another war or outside war that we read carries its conflict (the one miss is a
    letter whose "her country" is named as Nigeria only after the figure), and a past war's date lies within it."""
    data = shared_dir / "data/war-gold-dev"
    rows = [json.loads(line) for line in (data / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    right = wrong = 0
    for row in rows:
        golds = [g for g in row["claims"] if g.get("conflict") != "russia-ukraine"]
        if not golds:
            continue
        claims = read((data / "articles" / row["file"]).read_text(encoding="utf-8"), row["published"]).claims
        for gold in golds:
            for claim in claims:
                if (
                    gold["count_text"] in claim.evidence.text
                    and claim.count.text
                    and claim.count.text in gold["count_text"]
                ):
                    right += claim.conflict == gold["conflict"]
                    wrong += claim.conflict != gold["conflict"]
                    if gold["conflict"] == "world-war-2":
                        assert claim.when.start is not None and "1939" <= claim.when.start <= "1945-12-31"
    assert right >= 12 and wrong <= 1


def test_a_war_named_as_an_attribute_is_not_the_scope() -> None:
    assert sentence_cues("A Holocaust survivor was killed in Kharkiv")[0].name == "russia-ukraine"
    assert [c.name for c in sentence_cues("An Iraq war veteran and a World War II veteran were shot")] == []
    claim = _one("Two men, both World War II veterans, were shot dead in Ohio on Tuesday.")
    assert claim.conflict is None and (claim.when.start or "").startswith("2022-")


def test_a_year_of_a_world_war_names_it_and_a_birth_year_does_not() -> None:
    speech = _one("In 1941-1944, the occupiers killed more than three million Belarusians, Lukashenko said on Tuesday.")
    assert speech.conflict == "world-war-2" and speech.when.start == "1939-09-01"
    dated = _one("In June 1941, German troops killed 3,000 people in Brest.")
    assert dated.conflict == "world-war-2" and dated.when.start == "1941-06-01"
    born = _one("Two men, one born in 1943, were shot dead in Ohio on Tuesday.")
    assert born.conflict is None and (born.when.start or "").startswith("2022-")


def test_finlands_wars_with_the_soviet_union_are_wars_of_their_own() -> None:
    text = (
        "Finland applied to join Nato after Russia invaded Ukraine.\n"
        "Her grandfather fought in the winter war, in which some 25,000 Finnish soldiers died; her uncle was one of "
        "60,000 wounded in the continuation war."
    )
    assert [(c.conflict, c.when.start) for c in _claims(text, "2022-05-16")] == [
        ("winter-war", "1939-11-30"),
        ("continuation-war", "1941-06-25"),
    ]
