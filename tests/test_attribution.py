"""Attribution chains on sentences written for these tests, and on the cleaned seed article."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claimledger.attribution import (
    Attribution,
    AttributionModel,
    attribution_candidates,
    chain_for,
    expand_acronyms,
    find_attributions,
    find_quotes,
    load_attribution_model,
)
from claimledger.records import Source


def _attributions(nlp: Any, text: str) -> list[Attribution]:
    return find_attributions(nlp(text))


def _chain(nlp: Any, text: str, words: str) -> list[tuple[str, str, bool]]:
    start = text.index(words)
    return [(s.text, s.kind, s.named) for s in chain_for(_attributions(nlp, text), start, start + len(words))]


def test_said_with_that_clause(nlp: Any) -> None:
    text = "Police officials said that 12 people were killed in the blast."
    assert _chain(nlp, text, "12 people were killed") == [("Police officials", "official", False)]


def test_quote_over_several_sentences_belongs_to_the_speaker(nlp: Any) -> None:
    text = "‘The ward is full. Nine men died overnight. We have no more beds,’ said one nurse from the clinic."
    assert _chain(nlp, text, "Nine men died overnight") == [("one nurse from the clinic", "medical", False)]
    assert _chain(nlp, text, "no more beds") == [("one nurse from the clinic", "medical", False)]


def test_told_outlet_with_colon_quote_makes_the_outlet_the_parent(nlp: Any) -> None:
    text = "A witness told Reuters: ‘I counted forty bodies near the bridge.’"
    assert _chain(nlp, text, "forty bodies") == [("Reuters", "outlet", True), ("A witness", "eyewitness", False)]


def test_quoted_speaker_in_a_relative_clause_nests_under_the_outlet(nlp: Any) -> None:
    text = "The BBC quoted a local doctor who said 30 soldiers had been wounded."
    assert _chain(nlp, text, "30 soldiers had been wounded") == [
        ("The BBC", "outlet", True),
        ("a local doctor", "medical", False),
    ]


def test_according_to(nlp: Any) -> None:
    text = "Seven villagers were killed, according to the Ministry of Defence."
    assert _chain(nlp, text, "Seven villagers were killed") == [("the Ministry of Defence", "military", True)]


def test_reported_without_a_source_attributes_nothing(nlp: Any) -> None:
    text = "Dozens of bodies were found in the town, it has been reported."
    assert _chain(nlp, text, "Dozens of bodies") == []


def test_passive_said_to_is_a_hedge_not_a_source(nlp: Any) -> None:
    text = "They are said to be filled with dead soldiers."
    assert find_attributions(nlp(text)) == []


def test_pronoun_takes_the_person_named_before(nlp: Any) -> None:
    text = "Lt. Col. John Harper visited the front on Monday. He said 14 soldiers had died there."
    (attribution,) = [a for a in _attributions(nlp, text) if a.cue == "said"]
    assert attribution.source.text == "John Harper"
    assert text[attribution.mention_start : attribution.mention_end] == "He"


def test_stance_verbs_are_found_but_vouch_for_nothing(nlp: Any) -> None:
    text = "The president supports sending more troops."
    (attribution,) = _attributions(nlp, text)
    assert attribution.stance and attribution.source.text == "The president"
    assert _chain(nlp, text, "more troops") == []


def test_cues_inside_a_quotation_start_no_attribution(nlp: Any) -> None:
    text = "“My brother told me the shelling never stopped,” said Anna Petrenko."
    sources = [a.source.text for a in _attributions(nlp, text)]
    assert sources == ["Anna Petrenko"]


def test_headline_with_a_colon(nlp: Any) -> None:
    text = "Zelensky: Russian Forces Lost 500 Men In One Day.\nThe fighting continued."
    (attribution,) = _attributions(nlp, text)
    assert attribution.source.text == "Zelensky" and attribution.cue == ":"


def test_kinds_and_names(nlp: Any) -> None:
    cases = {
        "Residents in the city said the market was hit.": ("Residents in the city", "resident", False),
        "A human rights worker said the market was hit.": ("A human rights worker", "ngo", False),
        "The army said the market was hit.": ("The army", "military", False),
        "The foreign minister said the market was hit.": ("The foreign minister", "government", False),
        "State media said the market was hit.": ("State media", "outlet", False),
        "A Telegram channel said the market was hit.": ("A Telegram channel", "social_media", False),
        "An eyewitness said the market was hit.": ("An eyewitness", "eyewitness", False),
        "The Interfax news agency said the market was hit.": ("The Interfax news agency", "outlet", False),
        "Police in Kharkiv said the market was hit.": ("Police in Kharkiv", "official", False),
        "The rights ombudsman said the market was hit.": ("The rights ombudsman", "official", False),
        "The city administration spokesman said the market was hit.": (
            "The city administration spokesman",
            "official",
            False,
        ),
        "Lt. Col. Anna Kovalenko said the market was hit.": ("Lt. Col. Anna Kovalenko", "military", True),
    }
    for text, expected in cases.items():
        (attribution,) = _attributions(nlp, text)
        source = attribution.source
        assert (source.text, source.kind, source.named) == expected, text


def test_expand_acronyms(nlp: Any) -> None:
    doc = nlp("Footage obtained by Radio Free Europe (RFE) shows trucks. RFE said more.")
    assert expand_acronyms(doc) == {"RFE": "Radio Free Europe"}


def test_find_quotes_tells_closing_marks_from_apostrophes() -> None:
    text = "He said ‘the soldiers’ bodies are here, it’s awful,’ and left. ‘Overflowing’ morgues."
    quotes = [text[s:e] for s, e in find_quotes(text)]
    assert quotes == ["‘the soldiers’ bodies are here, it’s awful,’", "‘Overflowing’"]


def test_find_quotes_doubled_apostrophes_and_mixed_marks() -> None:
    text = "''We lost,'' he said. “It is over,\" she said."
    assert [text[s:e] for s, e in find_quotes(text)] == ["''We lost,''", '“It is over,"']


def test_chain_for_outside_any_content_is_empty() -> None:
    attribution = Attribution(Source("RFE", "outlet", True), 0, 3, "said", 4, 8, 9, 20)
    assert chain_for([attribution], 25, 30) == []
    assert chain_for([attribution], 10, 15) == [Source("RFE", "outlet", True)]


@pytest.mark.acceptance
def test_seed_chains(shared_dir: Path, nlp: Any) -> None:
    (path,) = sorted((shared_dir / "seed").glob("*.txt"))
    kept = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and "(Picture:" not in line and line.rstrip()[-1] in ".!?’”"
    ]
    text = "\n".join(kept)
    expected = {
        "more than 2,500": [("RFE", "outlet", True), ("one medical official", "medical", False)],
        "wounded Russian soldiers were": [("RFE", "outlet", True), ("Residents in Homel", "resident", False)],
        "so many wounded Russians": [("one resident", "resident", False)],
        "Terribly disfigured": [("one resident", "resident", False)],
        "number of corpses": [("RFE", "outlet", True), ("One eyewitness", "eyewitness", False)],
        "surging hospital admissions": [("a human rights worker in Mazyr", "ngo", False)],
        "morgues ‘overflowing’": [("Locals in Mazyr", "resident", False)],
        "filled with wounded and dead": [("residents and medics in the border regions", "resident", False)],
        "moved to Belarus": [],
    }
    for words, chain in expected.items():
        assert _chain(nlp, text, words) == chain, words
    assert expand_acronyms(nlp(text))["RFE"] == "Radio Free Europe"


def test_agent_of_obtained_footage_is_the_source(nlp: Any) -> None:
    text = "Footage obtained by the BBC appears to show 20 bodies in the street."
    assert _chain(nlp, text, "20 bodies") == [("the BBC", "outlet", True)]


def test_disputers_are_a_stance_against_the_claim(nlp: Any) -> None:
    text = "The council said that 2 people were killed in the strike, although the figures were disputed by police."
    (disputers,) = [a for a in _attributions(nlp, text) if a.source.text == "police"]
    assert disputers.stance
    assert _chain(nlp, text, "2 people were killed") == [("The council", "official", False)]


def test_the_model_decides_which_candidates_are_kept(nlp: Any) -> None:
    doc = nlp("The mayor said the bridge fell. The mayor wants a new bridge.")
    lemmas = {c.features[1] for c in attribution_candidates(doc) if c.kind == "verb"}
    assert {"lemma=say", "lemma=want", "lemma=fall"} <= lemmas
    keep_none = AttributionModel(weights={}, bias=0.0, threshold=1.0, lemmas=frozenset())
    assert find_attributions(doc, keep_none) == []
    only_say = AttributionModel(weights={"lemma=say": 2.0}, bias=-1.0, threshold=0.0, lemmas=frozenset({"say", "want"}))
    assert [a.cue for a in find_attributions(doc, only_say)] == ["said"]
    assert AttributionModel.from_json(only_say.to_json()) == only_say


def test_shipped_model_is_trained_on_train_only() -> None:
    model = load_attribution_model()
    assert "PolNeAR" in model.meta["trained_on"] and model.meta["cv"]["f1"] > 0.7
    assert model.score(["kind=verb", "lemma=say", "rule", "subj=person"]) > model.threshold
    assert model.score(["kind=verb", "lemma=have", "subj=noun"]) < model.threshold


def test_a_demand_vouches_for_nothing_said_of_what_it_names(nlp: Any) -> None:
    # what the mayor asks for is no fact he reports: the strike and its dead are the outlet's own words
    text = "The mayor called on the UN to inspect the ruins of the clinic, which a missile hit on Friday, killing 14."
    assert _chain(nlp, text, "14") == []
    text = "The governor urged residents of the villages to leave, where shelling had killed six people."
    assert _chain(nlp, text, "six people") == []
    text = "The mayor asked whether anyone had seen the lists and said 30 people were missing."
    assert _chain(nlp, text, "30 people") == [("The mayor", "official", False)]  # a question is no demand


def test_a_speaker_with_a_clause_of_his_own_does_not_take_the_quotation_before(nlp: Any) -> None:
    text = (
        "The minister spoke of the convoy. “It is a disgrace.” "
        "Ukraine reported the return of the bodies of 41 soldiers killed near Izium."
    )
    assert _chain(nlp, text, "41 soldiers") == [("Ukraine", "government", True)]
    text = "“We have buried eleven people since Sunday,” the village head told the BBC."
    assert _chain(nlp, text, "eleven people")[-1][0] == "the village head"


def test_a_clause_joined_after_a_speaker_inside_the_report_is_still_his(nlp: Any) -> None:
    text = "Four people were killed in Sumy on Friday, the regional governor said, and 11 were injured."
    assert _chain(nlp, text, "11") == [("the regional governor", "official", False)]


def test_convening_and_a_when_clause_report_nothing(nlp: Any) -> None:
    text = "As the toll in the city passed 300, the council called an emergency meeting."
    assert _chain(nlp, text, "300") == []
    text = "When the sirens stopped, the governor said 14 people had died in the town."
    assert _chain(nlp, text, "14 people") == [("the governor", "official", False)]


def test_a_speaker_closing_the_sentence_reports_both_of_its_clauses(nlp: Any) -> None:
    text = (
        "During the night, 3 people were killed and 14 others were wounded as a result of Russian shelling, the "
        "regional governor reported."
    )
    speaker = [("the regional governor", "official", False)]
    assert _chain(nlp, text, "3 people") == _chain(nlp, text, "14 others") == speaker
