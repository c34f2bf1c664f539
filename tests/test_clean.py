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
    # no title given: a first line that reads as a headline is the title; a later unpunctuated line is dropped
    assert clean_text(raw).text == "Five Injured in Overnight Shooting\nPolice are investigating."
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


def test_a_credit_inside_a_line_of_prose_is_cut_and_the_caption_and_prose_kept() -> None:
    line = (
        "Families huddled in shelters, with more than 500,000 having left Ukraine. Officials stand by a building in "
        "Serhiivka, where a strike killed at least 21 people. Photograph: Maxim Penko/APKyiv has accused Moscow. "
        "It also said 12 soldiers died. Photograph: Getty Images The end came quickly. A convoy. Photograph: "
        "MaxarTech/AFP/Getty Another sentence. Homes were looted. Photograph: Sviatoslav Medyk Are weapons worse?"
    )
    cleaned = clean_text(line)
    assert cleaned.text == (
        "Families huddled in shelters, with more than 500,000 having left Ukraine. Officials stand by a building in "
        "Serhiivka, where a strike killed at least 21 people. Kyiv has accused Moscow. It also said 12 soldiers "
        "died. The end came quickly. A convoy. Another sentence. Homes were looted. Are weapons worse?"
    )
    assert cleaned.dropped == (
        "Photograph: Maxim Penko/AP",
        "Photograph: Getty Images",
        "Photograph: MaxarTech/AFP/Getty",
        "Photograph: Sviatoslav Medyk",
    )


def test_a_long_paragraph_ending_in_a_heading_is_prose_a_flattened_table_is_not() -> None:
    text = (
        "After months of buildup Putin announced on 24 February that he had launched an invasion. Western analysts "
        "expected a quick war, and it seems there were attempts to target the president. This is how it has "
        "developed in Ukraine. Phase one Invasion\n"
        "Region West 75 12 72 13 Center 71 16 72 12 South 66 16 69 20 East 69 14 60 27 Type of settlement 64 21 66 "
        "18 60 23 60 24\n"
        "Day one24 Feb\n79,209 refugees\nRelated stories\n"
    )
    kept = clean_text(text).text.splitlines()
    assert kept[0].startswith("After months") and kept[1] == "79,209 refugees" and len(kept) == 2


def test_a_flattened_live_blog_loses_its_time_stamps_and_each_entry_is_a_paragraph() -> None:
    text = (
        "14h ago00.47This blog is closed. 15h ago23.13Ukrainian officials say Lysychansk holds. Some 1.5 million "
        "fled. Updated at 23.44 BST 26 May 202223.04Kharkiv death toll rises to 9 deadNine people were killed."
    )
    assert clean_text(text).text.splitlines() == [
        "This blog is closed.",
        "Ukrainian officials say Lysychansk holds. Some 1.5 million fled.",
        "Kharkiv death toll rises to 9 dead",
        "Nine people were killed.",
    ]
