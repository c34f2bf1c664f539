"""Cleaning drops captions, photo credits and embedded headlines, keeps prose."""

from __future__ import annotations

from claimledger.clean import article_id, clean_text

RAW = """Footage shows ambulances in the city (Picture: Twitter/EPA)
The corpses of soldiers are being moved by train, it has been reported.
Medics claim dead soldiers are being shipped to the city
Residents said the hospital was full.
Russian corpses are reportedly being shipped (Picture: Metro Graphics)
'It is a horror,' said one resident.
"""


def test_keeps_prose_drops_captions_and_headlines() -> None:
    cleaned = clean_text(RAW)
    assert cleaned.text.splitlines() == [
        "The corpses of soldiers are being moved by train, it has been reported.",
        "Residents said the hospital was full.",
        "'It is a horror,' said one resident.",
    ]
    assert len(cleaned.dropped) == 3


def test_article_id_is_stable_over_white_space() -> None:
    assert article_id("A  b\nc") == article_id("A b c")
    assert article_id("A b c") != article_id("A b d")


def test_unpunctuated_single_block_is_kept() -> None:
    assert clean_text("Two killed in blast").text == "Two killed in blast"


def test_the_articles_own_headline_is_kept_and_is_a_sentence_of_its_own() -> None:
    from claimledger.nlp import load_model

    raw = "Five Injured in Overnight Shooting\nMedics claim dead soldiers are being shipped\nPolice are investigating."
    assert clean_text(raw).text == "Police are investigating."  # no title given: an unpunctuated line is dropped
    cleaned = clean_text(raw, title="Five  Injured in Overnight Shooting")
    assert cleaned.text == "Five Injured in Overnight Shooting\nPolice are investigating."
    sentences = [s.text.strip() for s in load_model()(cleaned.text).sents]
    assert sentences == ["Five Injured in Overnight Shooting", "Police are investigating."]


def test_a_title_the_text_does_not_open_with_becomes_its_first_line() -> None:
    body = "Police are investigating a shooting on Main Street.\nOfficers found the victims after midnight."
    cleaned = clean_text(body, title="Two men killed in  overnight shooting")
    assert cleaned.text.split("\n") == [
        "Two men killed in overnight shooting",
        "Police are investigating a shooting on Main Street.",
        "Officers found the victims after midnight.",
    ]
    # the text already opens with it (case and a final stop aside): not twice
    again = clean_text("TWO MEN KILLED IN OVERNIGHT SHOOTING.\n" + body, title="Two men killed in overnight shooting")
    assert again.text.count("\n") == 2 and again.text.startswith("TWO MEN KILLED")
    assert clean_text("", title="Blast kills four").text == "Blast kills four"
    assert clean_text(body, title="Photo: Reuters").text == body  # a credit is no headline
