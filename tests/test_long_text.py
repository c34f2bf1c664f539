"""Long texts are parsed in paragraph batches and joined: the same claims as one parse, in bounded memory."""

from __future__ import annotations

import pytest

from claimledger import nlp as nlp_module
from claimledger.nlp import paragraph_pieces, parse
from claimledger.reader import read_many
from claimledger.records import RawArticle

PARAGRAPHS = [
    "At least 12 civilians were killed when shells hit a bus station in Kramatorsk on Tuesday, the governor said.",
    "Hospitals in the city said they were treating 40 wounded people, many of them children.",
    "In Kharkiv, three soldiers were killed overnight, Ukraine's military said on Wednesday.",
    "The figure could not be independently verified.",
    "Officials in Mariupol said more than 2,000 people had been evacuated from the city since Monday.",
    "Russia's defence ministry said it had captured 250 Ukrainian soldiers near Izium, a claim Kyiv denied.",
    "He said the shelling had continued through the night.",
]


#: A Guardian timeline (war gold dev): a figure on a line of its own, between a heading and the day's story.
TIMELINE = (
    "This is how it has developed in Ukraine. Phase one Invasion\n79,209 refugees\n"
    "The war begins with missile strikes across the whole territory of Ukraine. Land incursions come from "
    "Senkivka, toward Kyiv, and from Crimea toward Kherson."
)


def test_pieces_are_cut_at_line_starts_and_join_back() -> None:
    text = "\n".join(PARAGRAPHS * 3) + "\n"
    pieces = paragraph_pieces(text, 250, context=120)
    assert "".join(text[p.start : p.end] for p in pieces) == text and len(pieces) > 5
    assert all(p.end - p.start <= 250 for p in pieces)
    for p in pieces[1:]:
        assert text[p.start - 1] == "\n" and not text[p.start].isspace()
        # the window opens on whole lines, at least one and 120 characters, before the piece
        assert p.window_start == 0 or text[p.window_start - 1] == "\n"
        assert p.start - p.window_start >= 120 or p.window_start == 0
        assert text[p.window_start : p.start].count("\n") >= 1
    for p in pieces[:-1]:  # and closes 120 characters after it, at a white space
        assert p.window_end - p.end >= 120 and text[p.window_end].isspace()
    assert pieces[-1].window_end == len(text)
    assert paragraph_pieces("short text", 250) == [(0, 10, 0, 10)]
    long_line = "x" * 600
    assert [(p.start, p.end) for p in paragraph_pieces(f"a\n{long_line}\nb", 250)] == [(0, 2), (2, 603), (603, 604)]
    # a piece starts at a word, not inside the white space between lines (one token)
    assert [p.start for p in paragraph_pieces("a\n \n" + "b " * 200, 250)] == [0, 4]


@pytest.mark.parametrize("limit", [150, 250, 400])
def test_pieces_are_annotated_as_in_one_parse(nlp, monkeypatch: pytest.MonkeyPatch, limit: int) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join([TIMELINE, *PARAGRAPHS, TIMELINE])
    monkeypatch.setattr(nlp_module, "ALONE_CHARS", 100)
    monkeypatch.setattr(nlp_module, "PIECE_CHARS", limit)
    assert len(paragraph_pieces(text)) >= 3
    attrs = ["ORTH", "TAG", "DEP", "HEAD", "LEMMA", "MORPH", "ENT_IOB", "ENT_TYPE", "SENT_START"]
    joined = next(parse(nlp, [text], 16))
    assert joined.text == text
    assert (joined.to_array(attrs) == nlp(text).to_array(attrs)).all()


@pytest.mark.usefixtures("nlp")
def test_a_figure_ending_a_piece_keeps_its_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """'79,209 refugees' parsed without the line after it lost its figure."""
    article = RawArticle(text=TIMELINE, published="2022-06-01", outlet="The Guardian")
    whole = next(read_many([article])).to_dict()["claims"]
    monkeypatch.setattr(nlp_module, "ALONE_CHARS", 100)
    monkeypatch.setattr(nlp_module, "PIECE_CHARS", TIMELINE.index("The war"))
    assert len(paragraph_pieces(article.text)) == 2
    pieces = next(read_many([article])).to_dict()["claims"]
    assert pieces == whole
    assert [(c["category"], c["count"]["low"]) for c in whole] == [("displaced", 79209)]


@pytest.mark.usefixtures("nlp")
def test_a_text_read_in_pieces_gives_the_same_claims(monkeypatch: pytest.MonkeyPatch) -> None:
    article = RawArticle(text="\n".join(PARAGRAPHS * 2), published="2022-04-07", outlet="Example Daily")
    short = RawArticle(text=PARAGRAPHS[0], published="2022-04-07")
    whole = [r.to_dict() for r in read_many([article, short])]
    monkeypatch.setattr(nlp_module, "ALONE_CHARS", 200)
    monkeypatch.setattr(nlp_module, "PIECE_CHARS", 200)
    assert len(paragraph_pieces(article.text)) > 3
    pieces = [r.to_dict() for r in read_many([article, short])]
    assert pieces == whole
    assert len(whole[0]["claims"]) >= 8
