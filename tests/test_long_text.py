"""Long texts are parsed in paragraph batches and joined: the same claims as one parse, in bounded memory."""

from __future__ import annotations

import pytest

from claimledger import nlp as nlp_module
from claimledger.nlp import paragraph_pieces
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


def test_pieces_are_cut_at_line_ends_and_join_back() -> None:
    text = "\n".join(PARAGRAPHS * 3) + "\n"
    pieces = paragraph_pieces(text, 250)
    assert "".join(pieces) == text and len(pieces) > 5
    assert all(len(p) <= 250 for p in pieces) and all(p.endswith("\n") for p in pieces)
    assert paragraph_pieces("short text", 250) == ["short text"]
    long_line = "x" * 600
    assert paragraph_pieces(f"a\n{long_line}\nb", 250) == ["a\n", long_line + "\n", "b"]  # a long line stays whole


@pytest.mark.usefixtures("nlp")
def test_a_text_read_in_pieces_gives_the_same_claims(monkeypatch: pytest.MonkeyPatch) -> None:
    article = RawArticle(text="\n".join(PARAGRAPHS * 2), published="2022-04-07", outlet="Example Daily")
    short = RawArticle(text=PARAGRAPHS[0], published="2022-04-07")
    whole = [r.to_dict() for r in read_many([article, short])]
    monkeypatch.setattr(nlp_module, "PIECE_CHARS", 200)
    assert len(paragraph_pieces(article.text)) > 3
    pieces = [r.to_dict() for r in read_many([article, short])]
    assert pieces == whole
    assert len(whole[0]["claims"]) >= 8
