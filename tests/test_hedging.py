"""Status and cues of sentences, the retroactive status, and the sentence-level uncertainty model."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language
from spacy.tokens import Span

from claimledger.hedging import (
    PRECEDENCE,
    StatusCue,
    UncertaintyModel,
    char_ngrams,
    is_uncertain,
    load_uncertainty_model,
    retroactive_status,
    sentence_status,
    token_features,
    uncertainty_features,
    word_features,
)


def _sent(nlp: Language, text: str) -> Span:
    sents = list(nlp(text).sents)
    assert len(sents) == 1, sents
    return sents[0]


@pytest.mark.parametrize(
    ("text", "status", "cues"),
    [
        ("The bodies are said to be stored in a hospital basement.", "hedged", ["said to be"]),
        ("Up to 40 soldiers may have been killed in the blast.", "hedged", ["may"]),
        ("The commander was allegedly killed in the strike.", "hedged", ["allegedly"]),
        ("It is believed that 20 people died in the fire.", "hedged", ["It is believed"]),
        ("Some say more than 1,000 soldiers died there.", "hedged", ["Some say"]),
        # "an estimated" makes a figure approximate, not doubtful; "reportedly" distances the writer from no one
        # named: a hedge (both as the war gold codes them)
        ("An estimated 300 civilians were killed.", "asserted", []),
        ("Bodies are reportedly piling up in the morgue.", "hedged", ["reportedly"]),
        ("Twelve soldiers died in the attack, it has been reported.", "reported", ["it has been reported"]),
        ("According to the governor, nine people were wounded.", "reported", ["According to"]),
        ("Five people were reported killed in the town.", "reported", ["reported"]),
        ("There are unconfirmed reports of mass graves near the river.", "unverified", ["unconfirmed reports"]),
        (
            "The death of 30 sailors could not be independently verified.",
            "unverified",
            ["could not be independently verified"],
        ),
        ("There was no independent confirmation of 14 deaths.", "unverified", ["no independent confirmation"]),
        ("Ukraine disputed the claim that 200 of its troops died.", "disputed", ["disputed"]),
        ("Other sources put the toll at 300.", "disputed", ["Other sources put the toll at"]),
        ("The ministry denied that 50 conscripts had been killed.", "denied", ["denied"]),
        ("Officials dismissed the reports of 80 dead as fake.", "denied", ["dismissed the reports of 80 dead as fake"]),
        ("Seven soldiers were killed on Tuesday.", "asserted", []),
    ],
)
def test_sentence_status(nlp: Language, text: str, status: str, cues: list[str]) -> None:
    assert sentence_status(_sent(nlp, text)) == StatusCue(status, cues)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "The shelling began in May and killed 40 people.",  # the month, not the modal
        "The casualty claims were published on Tuesday.",  # "claims" the noun
        "Wounded soldiers were denied medical care for days.",  # refusal, not a denial of a claim
        "The militants claimed responsibility for the attack that killed 12.",
        "The village lies in a disputed region near the border.",
        "Officials put the death toll at 300.",  # a plain figure, no contrast with other sources
        "A no-fly zone would deny Russian jets the use of the airspace.",
        "The talks with western leaders were all fake.",  # "fake" of something that is not a claim
        "Drones flew into airspace contested with Russia.",
        "In all such disputes, the locals must decide.",
    ],
)
def test_no_false_cues(nlp: Language, text: str) -> None:
    assert sentence_status(_sent(nlp, text)) == StatusCue("asserted", [])


def test_precedence_strongest_wins(nlp: Language) -> None:
    sent = _sent(nlp, "Dozens were reportedly killed, but the army denied the figure.")
    assert sentence_status(sent) == StatusCue("denied", ["denied"])
    assert PRECEDENCE[0] == "denied" and PRECEDENCE[-1] == "asserted"


def test_cues_are_words_of_the_sentence(nlp: Language) -> None:
    sent = _sent(nlp, "The figures, apparently inflated, could not be verified by Reuters.")
    result = sentence_status(sent)
    assert result.status == "unverified"
    assert all(cue in sent.text for cue in result.cues)
    assert "could" not in result.cues  # part of "could not be verified", not a hedge of its own


@pytest.mark.parametrize(
    ("text", "status", "cues"),
    [
        ("The figure could not be independently verified.", "unverified", ["could not be independently verified"]),
        ("Reuters could not verify the claim.", "unverified", ["could not verify"]),
        ("These reports have not been confirmed.", "unverified", ["have not been confirmed"]),
        ("Reuters was unable to independently verify the reports.", "unverified", ["unable to independently verify"]),
        ("It was not possible to verify the claims.", "unverified", ["not possible to verify"]),
        ("The Kremlin denied the figures.", "denied", ["denied"]),
        ("Moscow rejected the figure.", "disputed", ["rejected the figure"]),
        ("The casualty claims are false.", "denied", ["false"]),
        ("The ministry denied the report, saying no soldiers were there.", "denied", ["denied"]),
    ],
)
def test_retroactive(nlp: Language, text: str, status: str, cues: list[str]) -> None:
    assert retroactive_status(_sent(nlp, text)) == StatusCue(status, cues)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "There are other unverified reports of morgues filling up.",  # qualifies its own claim
        "The Kremlin denied that 300 soldiers died.",  # states a (denied) claim of its own
        "Seven soldiers were killed on Tuesday.",
        "Bodies are reportedly piling up in the morgue.",  # reported is not a verdict on earlier claims
    ],
)
def test_not_retroactive(nlp: Language, text: str) -> None:
    assert retroactive_status(_sent(nlp, text)) is None


def test_features_disambiguate_may(nlp: Language) -> None:
    month = uncertainty_features(nlp("The attack happened in May."))
    modal = uncertainty_features(nlp("The attack may happen soon."))
    assert "L:modal:may" in modal and "L:modal:may" not in month
    assert len(token_features(nlp("Some critics say so."))) == 5


def test_weasel_patterns_generalise_over_words(nlp: Language) -> None:
    scholars = uncertainty_features(nlp("Some scholars argue that the poem is older."))
    critics = uncertainty_features(nlp("Many critics claim that the poem is older."))
    shared = {f for f in scholars & critics if f.startswith(("cb=", "subjof=", "vq>"))}
    assert "cb=vagueq_people" in shared and "vq>people" in shared
    believed = uncertainty_features(nlp("It is widely believed that the castle is Roman."))
    assert {"P=widely_believed", "passive=belief", "subjof=belief|it|nsubjpass"} <= believed
    assert not any(f.startswith("P=") for f in uncertainty_features(nlp("The castle was built in 1200.")))


def test_cue_detector_reads_the_role_of_a_cue_word(nlp: Language) -> None:
    weasel = token_features(nlp("It is considered the oldest church."))[2]
    sourced = token_features(nlp("Smith considered the church old."))[1]
    assert "c=belief|subj=PRON" in weasel and "c=belief|subj=PROPN" in sourced
    assert "c=belief|ROOT|VERB" in weasel
    some = token_features(nlp("Some say that it is old."))[0]
    assert "hc=belief|nsubj" in some and "r2=some|that" in some
    assert "l2=some|that" in token_features(nlp("Some say that it is old."))[2]


def test_word_features_are_the_words_and_bigrams_of_the_bag(nlp: Language) -> None:
    bag = uncertainty_features(nlp("Critics say so."))
    assert word_features(bag) == {"w=critics", "w=say", "w=so", "w=.", "b=critics_say", "b=say_so", "b=so_."}


def test_is_uncertain_weasels_and_facts() -> None:
    assert is_uncertain("Some critics argue that the film is probably one of the finest ever made.")
    assert is_uncertain("It is widely believed that the castle was possibly built by the Romans.")
    assert not is_uncertain("The bridge was opened in 1932 and is 503 metres long.")


def test_shipped_model_scores_match(nlp: Language) -> None:
    model = load_uncertainty_model()
    assert 0.1 < model.threshold < 0.6
    assert model.meta["trained_on"] == "train.csv" and model.meta["cv_folds"] == 5
    doc = nlp("Many historians consider him the greatest general of his era.")
    assert model.probability(doc) > model.probability(nlp("He was born in Lyon in 1801."))
    assert len(model.char_weights) == 2**18 and 10_000 < np.count_nonzero(model.char_weights) < 2**18
    assert len(resources.files("claimledger").joinpath("data", "uncertainty_model.json.gz").read_bytes()) < 2_000_000


def test_char_ngrams_are_stable_hashed_and_normalised() -> None:
    grams = char_ngrams("Some  Critics say so.", 18)
    assert grams == char_ngrams("some critics say so.", 18)  # case and spacing do not matter
    assert all(0 <= bucket < 2**18 for bucket in grams)
    assert math.isclose(sum(v * v for v in grams.values()), 1.0)
    assert len(grams) > 60 and grams != char_ngrams("Critics say so.", 18)
    assert set(char_ngrams("ab", 4)) <= set(range(16))
    # crc32, not Python's salted hash(): another process with another hash seed finds the same buckets.
    code = "from claimledger.hedging import char_ngrams; print(sorted(char_ngrams('Some critics say so.', 18).items()))"
    other = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    )
    assert other.stdout.strip() == str(sorted(grams.items()))


def _char_only_model(text: str, weight: float) -> UncertaintyModel:
    """A model whose only non-zero weights are on the character n-grams of ``text``."""
    char_weights = np.zeros(2**10, dtype=np.float16)
    char_weights[list(char_ngrams(text, 10))] = weight
    return UncertaintyModel({}, 0.0, {}, 0.0, {}, 0.0, char_weights, 0.0, 0.55, {})


def test_char_part_is_a_quarter_of_the_mean(nlp: Language) -> None:
    doc = nlp("Perhaps it is old.")
    char_score = 0.125 * sum(char_ngrams(doc.text, 10).values())
    without = _char_only_model("Perhaps it is old.", 0.0).probability(doc)  # the other three parts alone
    with_chars = _char_only_model("Perhaps it is old.", 0.125).probability(doc)
    assert math.isclose(with_chars - without, (1.0 / (1.0 + math.exp(-char_score)) - 0.5) / 4, rel_tol=1e-6)
    assert with_chars - without > 0.03
    assert _char_only_model("Perhaps it is old.", 8.0).is_uncertain(doc)
    assert not _char_only_model("Perhaps it is old.", -8.0).is_uncertain(doc)


def test_model_json_round_trip_keeps_float16_char_weights(nlp: Language) -> None:
    model = _char_only_model("Perhaps it is old.", 0.75)
    data = model.to_json()
    assert isinstance(data["char_weights_float16"], str)
    again = UncertaintyModel.from_json(data)
    assert np.array_equal(again.char_weights, model.char_weights) and again.char_weights.dtype == np.float16
    doc = nlp("Perhaps it is new.")
    assert again.probability(doc) == model.probability(doc)
    data["char_weights_float16"] = data["char_weights_float16"][:8]  # 3 weights: not a power of two
    with pytest.raises(ValueError, match="not a power of two"):
        UncertaintyModel.from_json(data)


@pytest.mark.acceptance
def test_seed_article_statuses(nlp: Language, shared_dir: Path) -> None:
    text = next((shared_dir / "seed").glob("*.txt")).read_text(encoding="utf-8")
    sents = list(nlp(text).sents)

    def find(words: str) -> Span:
        return next(s for s in sents if words in s.text)

    assert sentence_status(find("They are said")) == StatusCue("hedged", ["said to be"])
    assert sentence_status(find("The corpses of Russian")) == StatusCue("reported", ["it has been reported"])
    assert sentence_status(find("Russian corpses are")) == StatusCue("hedged", ["reportedly"])
    assert sentence_status(find("other unverified reports")) == StatusCue("unverified", ["unverified reports"])
    assert retroactive_status(find("other unverified reports")) is None
    verified = StatusCue("unverified", ["could not be independently verified"])
    assert retroactive_status(find("The figure could not")) == verified
    assert retroactive_status(find("RFE quoted")) is None
    assert sentence_status(find("RFE quoted")) == StatusCue("asserted", [])
    assert sentence_status(find("dictator Alexander Lukashenko")) == StatusCue("asserted", [])


def test_cues_that_pass_on_unnamed_voices_say_so(nlp: Language) -> None:
    unnamed = ["Two aid workers were reportedly detained.", "Ten people are said to have died.", "It is feared dead."]
    for text in unnamed:
        assert sentence_status(_sent(nlp, text)).unnamed, text
    for text in ("Up to 40 soldiers may have been killed.", "An estimated 300 civilians were killed."):
        assert not sentence_status(_sent(nlp, text)).unnamed, text
