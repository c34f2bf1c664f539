"""Sides: the side of the harmed, the side of each source, partisan figures and admissions (claimledger.sides)."""

from __future__ import annotations

import pytest

from claimledger import read
from claimledger.records import Claim, Place
from claimledger.sides import NEUTRAL, enemy_of, source_side


@pytest.mark.parametrize(
    ("text", "kind", "side"),
    [
        ("TASS", "outlet", "Russia"),
        ("the state news agency RIA Novosti", "outlet", "Russia"),
        ("Russian state media", "outlet", "Russia"),
        ("BelTA", "outlet", "Belarus"),
        ("Ukrinform", "outlet", "Ukraine"),
        ("the General Staff of Ukraine", "military", "Ukraine"),
        ("the Ukrainian military", "military", "Ukraine"),
        ("Russia's defence ministry", "military", "Russia"),
        ("Pro-Russian authorities in Mariupol", "official", "Russia"),
        ("the separatist Donetsk People's Republic", "official", "Russia"),
        ("Zelenskiy", "unknown", "Ukraine"),
        ("Kyiv", "unknown", "Ukraine"),
        ("U.K. officials", "government", "United Kingdom"),
        ("the US embassy in Kyiv", "government", "United States"),
        ("The UN human rights office", "ngo", NEUTRAL),
        ("the WHO", "ngo", NEUTRAL),
        ("Human Rights Watch", "ngo", NEUTRAL),
        ("Reuters", "outlet", NEUTRAL),
        ("an official who spoke on condition of anonymity", "official", None),
        ("residents", "resident", None),
        ("one medical official", "medical", None),
    ],
)
def test_source_side(text: str, kind: str, side: str | None) -> None:
    assert source_side(text, kind) == side


def test_an_official_takes_the_country_of_the_place_he_governs() -> None:
    kharkiv = Place(text="Kharkiv", start=16, end=23, country="UA", feature="city")
    assert source_side("the governor of Kharkiv", "official", [kharkiv]) == "Ukraine"
    assert source_side("residents of Kharkiv", "resident", [kharkiv]) is None
    assert source_side("the regional governor", "official", [kharkiv]) == "Ukraine"  # the sentence's place
    assert source_side("officials", "official", [kharkiv]) is None  # not a local authority


def test_enemies() -> None:
    assert enemy_of("Russia") == "Ukraine" and enemy_of("Ukraine") == "Russia"
    assert enemy_of("France") is None and enemy_of(None) is None


def _claims(text: str) -> list[Claim]:
    return [c for c in read(text, "2022-04-01").claims if c.count.low is not None]


def _one(text: str) -> Claim:
    (claim,) = _claims(text)
    return claim


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("Over the past day 1,260 occupiers were killed, the General Staff of Ukraine said.", "Russia"),
        ("The General Staff said 200 enemy soldiers were wounded.", None),  # whose staff? unknown
        ("The General Staff said 200 enemy soldiers were wounded near Bakhmut.", "Russia"),  # the enemy in Ukraine
        ("Ukraine's General Staff said 200 enemy soldiers were wounded near Bakhmut.", "Russia"),
        ("Russia's defence ministry said 90 of our defenders were killed.", "Russia"),
        ("Russia had suffered more than 3,000 casualties, Ukraine's defence ministry claimed.", "Russia"),
        ("Russia's defence ministry said 1,351 of its soldiers had been killed.", "Russia"),
        ("Russian shelling killed 12 civilians in a market.", "Ukraine"),
        ("Russian officials said seven people were injured in shelling of a village in the Bryansk region.", "Russia"),
        ("The Ukrainian president urged Russian troops to leave, claiming 4,500 were already dead.", "Russia"),
        ("More than 2 million refugees have entered Poland from Ukraine, the border guard said.", "Ukraine"),
        ("Five people were killed by shelling in Kharkiv on Monday.", "Ukraine"),
        ("TASS said 12 civilians were killed by Ukrainian shelling of Donetsk.", "Russia"),
        ("Two soldiers were killed on Monday.", None),
        ("More than 5 million people have fled Ukraine, a crisis extending from Afghanistan to the Sahel.", "Ukraine"),
        ("The Moscow-installed mayor of Enerhodar and two of his guards were wounded in an explosion.", "Russia"),
        ("Ukraine announced the release of 144 of its soldiers from captivity.", "Ukraine"),
        ("Ukrainian forces are advancing, and they killed 5,000 troops in a single battle.", "Russia"),
        ("A missile hit the Ukrainian town of Bilhorod, and 18 people were killed.", "Ukraine"),
        ("In the Russia-Ukraine war, 40 civilians were killed in Mariupol on Monday.", "Ukraine"),
    ],
)
def test_party_of_the_harmed(text: str, party: str | None) -> None:
    assert _one(text).subject.party == party


def test_partisan_and_admission() -> None:
    enemy = _one("Russia had suffered more than 3,000 casualties, Ukraine's defence ministry claimed.")
    assert enemy.partisan and not enemy.admission
    assert [s.side for s in enemy.sources] == ["Ukraine"]
    own = _one("Russia's defence ministry said 1,351 of its soldiers had been killed.")
    assert own.admission and not own.partisan
    neutral = _one("The UN human rights office said 331 civilians had been killed in Ukraine.")
    assert not neutral.partisan and not neutral.admission
    assert neutral.sources[-1].side == NEUTRAL


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # the hedge is on the strikes, not on the dead
        ("At least seven were reported to have died after what appeared to be rocket strikes on Kharkiv.", "reported"),
        ("Ukraine's defence ministry claimed 3,000 Russian soldiers had died.", "reported"),
        ("Zelenskiy denounced the strikes on an apartment building that left 21 people dead.", "asserted"),
        ("Rocket attacks killed “dozens” of civilians in Kharkiv.", "reported"),
        ("The shelling has almost certainly led to thousands of deaths.", "hedged"),
        ("Ukraine's presidency said one woman was killed and two more were injured in Donetsk.", "reported"),
        ("Local authorities raised the death toll from the missile strike to 47.", "reported"),
        ("Kyiv claims that 20 civilians were killed, but Moscow denied the report.", "disputed"),
        ("The ministry denied that 50 conscripts had been killed.", "denied"),
    ],
)
def test_claim_status(text: str, status: str) -> None:
    claims = _claims(text)
    assert claims and claims[-1].status == status, [(c.count.text, c.status, c.cues) for c in claims]


def test_an_estimate_hedges_only_its_own_figure() -> None:
    claims = _claims("3.5 million Ukrainians fled their country, of which an estimated 2.2 million went to Poland.")
    assert [(c.count.text, c.status) for c in claims][0] == ("3.5 million", "asserted")


def test_a_denial_after_one_other_sentence_disputes_the_report() -> None:
    text = (
        "Russian forces killed 10 people standing for bread in Chernihiv, the US embassy said. "
        "Officials said the attack took place at 10am local time. "
        "Russia's defence ministry denied the report."
    )
    claim = _claims(text)[0]
    assert claim.status == "disputed" and claim.cues == ["denied"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Ukraine's health minister", "government"),  # the head says government, not the "health" modifier
        ("Russia's ministry of defence", "military"),
        ("The UN refugee agency", "official"),
        ("the WHO", "official"),
        ("Amnesty International", "ngo"),
        ("Ukraine", "government"),
        ("Russian officials", "government"),
        ("officials", "official"),
        ("Ukrainian prosecutors", "official"),
        ("the Polish border guard", "official"),
        ("Ukrainian updates", "government"),
        ("The European court of human rights", "official"),
    ],
)
def test_source_kind_of_states_and_their_bodies(text: str, kind: str) -> None:
    from claimledger.attribution import classify_source
    from claimledger.nlp import load_model

    assert classify_source(load_model()(text)[:]).kind == kind


def test_a_name_takes_the_title_the_article_gives_it() -> None:
    text = (
        "The Ukrainian deputy prime minister Iryna Vereshchuk announced new corridors. "
        "On Thursday 12 civilians were killed in shelling, Vereshchuk said."
    )
    (claim,) = _claims(text)
    assert [(s.text, s.kind, s.side) for s in claim.sources] == [("Vereshchuk", "government", "Ukraine")]


def test_a_quotation_closing_the_sentence_is_not_all_the_content() -> None:
    text = "At least 102 civilians have been killed, but the real figure will be “considerably higher”, the UN said."
    claim = _claims(text)[0]
    assert claim.status == "reported" and claim.sources[-1].text == "the UN"


def test_a_part_is_on_its_wholes_side() -> None:
    text = (
        "3.5 million Ukrainians have fled their country since the start of the war, of which an estimated 2.2 million"
        " have found shelter in Poland."
    )
    whole, part = _claims(text)
    assert part.subset_of == whole.id
    assert (whole.subject.party, part.subject.party) == ("Ukraine", "Ukraine")


def test_countries_alone_and_several_are_no_place() -> None:
    from claimledger.sides import _place_country

    georgia = Place(text="Georgia", start=0, end=7, country="GE", feature="country")
    bosnia = Place(text="Bosnia", start=12, end=18, country="BA", feature="country")
    kyiv = Place(text="Kyiv", start=20, end=24, country="UA", feature="city")
    assert _place_country([georgia, bosnia], "dead") is None
    assert _place_country([georgia, bosnia, kyiv], "dead") == "Ukraine"  # the most specific place first
    assert _place_country([georgia], "dead") == "Georgia"


def test_sides_are_shown_and_exported() -> None:
    from claimledger.commands.read import _row
    from claimledger.ledger.export import flat_row
    from claimledger.ledger.types import StoredClaim

    claim = _one("Russia had suffered more than 3,000 casualties, Ukraine's defence ministry claimed.")
    row = _row(claim)
    assert "Ukraine's defence ministry (military, Ukraine)" in row and row[6].endswith("partisan")
    meta = dict.fromkeys(("published", "outlet", "url", "title", "origin"))
    flat = flat_row(StoredClaim(claim=claim, article_id="a", **meta))
    assert (flat["source_sides"], flat["partisan"], flat["admission"]) == ("Ukraine", True, False)


def test_a_source_cited_inside_what_another_said_is_nested_under_it() -> None:
    claim = _one("U.K. officials said 824 Russian troops were dying each day, according to Ukrainian updates.")
    chain = [(s.text, s.side) for s in claim.sources]
    assert chain == [("U.K. officials", "United Kingdom"), ("Ukrainian updates", "Ukraine")]
    assert claim.partisan  # the figure's root is a side speaking of its enemy's losses


def test_who_is_swapped_with_a_country_belongs_to_the_swapping_side() -> None:
    # "with Russia" names the other party of the swap, not where the soldiers are; "its armed forces" are Ukraine’s
    (claim,) = read("Ukraine swapped 52 members of its armed forces with Russia on Friday.", "2022-06-10").claims
    assert (claim.category, claim.count.low, claim.subject.party) == ("captured", 52, "Ukraine")
