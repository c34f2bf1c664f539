"""Headlines are their own genre: present tense for past events, no determiners, items joined by semicolons,
magnitudes written "1m". The reader parses them again where the small model misreads them."""

from __future__ import annotations

import pytest

import claimledger
from claimledger.casualties import HarmMention, find_harms
from claimledger.counts import find_counts


def harms(nlp, text: str) -> list[HarmMention]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    counts = find_counts(doc)
    return [h for sent in doc.sents for h in find_harms(sent, counts)]


def numbered(nlp, text: str) -> list[tuple[str, int | None, int | None]]:  # type: ignore[no-untyped-def]
    return [(h.category, h.count.low, h.count.high) for h in harms(nlp, text) if h.count is not None]


def test_semicolons_part_a_headline_not_prose(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Shelling hits Sumy suburbs; Zelenskiy urges west to close skies\nHe left; she stayed.")
    assert [s.text.strip() for s in doc.sents] == [
        "Shelling hits Sumy suburbs;",
        "Zelenskiy urges west to close skies",
        "He left; she stayed.",
    ]


def test_a_misread_headline_verb_is_parsed_again_and_the_text_kept(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Nearly 2 million flee Ukraine in a month")
    flee = doc[3]
    assert (doc.text, flee.pos_, flee.lemma_, flee.dep_) == ("Nearly 2 million flee Ukraine in a month", "VERB",
                                                             "flee", "ROOT")  # fmt: skip
    assert doc[2].head.i == flee.i
    assert nlp("Five attack helicopters downed near Kyiv")[1].pos_ != "VERB"  # a number's noun stays a noun


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nearly 2 million flee Ukraine in a month", [("displaced", None, 2_000_000)]),
        ("Odesa braces as 3,000 flee city every day", [("displaced", 3000, 3000)]),
        ("As 2.1 million people flee, Poland's cities run out of beds", [("displaced", 2_100_000, 2_100_000)]),
        ("Families wait at border as 2m leave Ukraine", [("displaced", 2_000_000, 2_000_000)]),
        ("Tens of thousands flee Bucha as Russian tanks roll in", [("displaced", 20_000, None)]),
        ("Shelling resumes as 5,000 escape Irpin through green corridor", [("displaced", 5000, 5000)]),
        ("Kyiv evacuates 4,000 residents from frontline suburbs", [("displaced", 4000, 4000)]),
        ("Dozens of children evacuated from Chernihiv orphanage", [("displaced", 24, None)]),
        ("Russian troops take 40 hostages in Kherson village, officials say", [("captured", 40, 40)]),
        ("Dozens of prisoners escape jail in Kherson", [("captured", 24, None)]),
        ("Two nurses escaped injury when shells hit the clinic", []),
    ],
)
def test_headline_harms(nlp, text: str, expected: list[tuple[str, int | None, int | None]]) -> None:  # type: ignore[no-untyped-def]
    assert numbered(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "source", "status"),
    [
        ("At least 30 killed in missile strike on Mykolaiv barracks, says Ukraine", "Ukraine", "reported"),
        ("Six civilians dead after shelling of Okhtyrka, regional governor says", "regional governor", "reported"),
        ("Kherson mayor: 40 residents killed since occupation began", "Kherson mayor", "reported"),
        ("Chernihiv: 47 killed as Russian jets bomb residential streets", None, "asserted"),
        ("Kyiv: three killed as drone hits apartment block", None, "asserted"),
        ("Zelenskiy: 3,000 Ukrainian soldiers have died", "Zelenskiy", "reported"),
        ("Ukraine's ombudsman: 97 children killed", "Ukraine's ombudsman", "reported"),
        ("Pentagon estimates 9,000 Russian soldiers killed in four weeks", "Pentagon", "reported"),
        ("Kremlin admits 1,300 soldiers killed in Ukraine", "Kremlin", "reported"),
        ("Irpin: ‘We buried 30 bodies in the park’", None, "reported"),
        ("Nine killed in Kharkiv shelling. Officials say more are missing.", None, "asserted"),
    ],
)
def test_headline_speakers(text: str, source: str | None, status: str) -> None:
    (claim,) = [c for c in claimledger.read(text, published="2022-03-20", outlet="The Guardian").claims if c.count.low]
    cited = [s.text for s in claim.sources if s.kind != "outlet"]
    assert (cited[-1] if cited else None, claim.status) == (source, status)


def test_a_headline_item_after_a_semicolon_keeps_to_itself() -> None:
    text = "Shelling kills 14 in Mykolaiv; Russia warns Nato over weapons deliveries"
    (claim,) = claimledger.read(text, published="2022-03-20", outlet="The Guardian").claims
    assert (claim.count.low, claim.status, [s.text for s in claim.sources]) == (14, "asserted", ["The Guardian"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kyiv tower block strike: about 20 feared dead, mayor says", [("dead", 20, 20)]),
        ("Rescuers say 'dozens' dead under Mykolaiv rubble", [("dead", 24, None)]),
        ("Missile hits Zhytomyr market, killing 'at least 12'", [("dead", 12, None)]),
        ("Shelling of Sumy kills 'at least 9', governor says", [("dead", 9, None)]),
        ("Three aid workers missing near Izium, charity says", [("missing", 3, 3)]),
        ("Mariupol: 300 people held hostage in hospital, officials say", [("captured", 300, 300)]),
        ("The plan was to evacuate 5,000 people from the city.", []),
    ],
)
def test_headline_shorthand(nlp, text: str, expected: list[tuple[str, int | None, int | None]]) -> None:  # type: ignore[no-untyped-def]
    assert numbered(nlp, text) == expected


def test_a_headline_item_after_a_semicolon_restates_or_doubts_the_one_before() -> None:
    restated = claimledger.read("Kyiv says 9,000 Russian soldiers killed; Moscow says figure is 500", "2022-03-10")
    assert [(c.count.low, c.subject.party) for c in restated.claims] == [(9000, "Russia"), (500, "Russia")]
    doubted = claimledger.read("Ukraine says 7,000 Russian troops dead; claim cannot be verified", "2022-03-10")
    assert [(c.count.low, c.status) for c in doubted.claims] == [(7000, "unverified")]


@pytest.mark.parametrize(
    "text",
    [
        "Two Russian soldiers captured on camera looting a shop",
        "Airline reports £2bn loss as war closes airspace",
        "Reporters shot at by Russian 'death squad' near Kyiv",
        "For Mariupol it is a matter of life and death",
        "Protesters call for death to the invaders",
    ],
)
def test_idioms_of_harm_in_headlines(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [(h.category, h.subject_text) for h in harms(nlp, text) if h.category != "wounded"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Her brother left Toronto for Ukraine to join the foreign legion",
        "The doctors leaving Britain to help Ukraine's wounded",
        "There is a simpler way to hurt Putin",
        "Red Cross makes new bid to evacuate 4,000 civilians from Mariupol",
    ],
)
def test_moves_towards_the_war_and_aims_are_no_harm(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [h.category for h in harms(nlp, text) if h.category != "wounded" or "hurt" in text] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mykolaiv: death toll climbs to 36, including four children", [("dead", 36, 36), ("dead", 4, 4)]),
        ("Rocket attack kills six and wounds 14 in Kramatorsk", [("dead", 6, 6), ("wounded", 14, 14)]),
        ("Border guards say 80,000 crossed from Ukraine in a day", [("displaced", 80_000, 80_000)]),
        ("Officials say 400 civilians evacuated from the besieged plant", [("displaced", 400, 400)]),
        ("Moscow says four Ukrainian saboteurs killed near Belgorod", [("dead", 4, 4)]),
        ("Civilian deaths in Kharkiv region climb to 606", [("dead", 606, 606)]),
        ("Artillery fire kills five in Luhansk region", [("dead", 5, 5)]),
        ("'They killed 30 of us in one night': villagers recall occupation", [("dead", 30, 30)]),
    ],
)
def test_headline_parts_pairs_and_crossings(nlp, text: str, expected: list[tuple[str, int | None, int | None]]) -> None:  # type: ignore[no-untyped-def]
    assert numbered(nlp, text) == expected


def test_the_un_before_a_colon_is_no_place() -> None:
    (claim,) = claimledger.read("UN: 1,900 civilians confirmed dead in Ukraine", published="2022-04-01").claims
    assert ([p.name for p in claim.places], claim.subject.party) == (["Ukraine"], "Ukraine")
