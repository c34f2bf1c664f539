"""Boilerplate goes (sidebars of other stories, "Read more" links, newsletter prompts); the article's prose stays."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger import read
from claimledger.clean import clean_text

PAGE = """Russian shelling killed 12 civilians in Kharkiv on Monday, the governor said.
Other Topics of Interest Russian Strike Kills 40 in Dnipro Officials said the missile hit a block of flats.
Related: Seven killed as missiles hit Odesa port.
Read also: Drone attack kills three in Sumy.
JOIN US ON TELEGRAM! Follow our coverage of the war on the @Kyivpost_official.
RUSSIAN MISSILE STRIKE KILLS 20 IN ZAPORIZHZHIA, OFFICIALS SAY.
Rescue workers searched the rubble through the night.
"""


def test_sidebars_promotions_and_shouted_links_are_dropped() -> None:
    cleaned = clean_text(PAGE)
    assert cleaned.text.splitlines() == [
        "Russian shelling killed 12 civilians in Kharkiv on Monday, the governor said.",
        "Rescue workers searched the rubble through the night.",
    ]
    assert [c.count.text for c in read(PAGE, "2022-03-08").claims if c.count.low] == ["12"]


def test_a_headline_glued_to_its_read_more_link_is_cut_from_the_prose() -> None:
    line = (
        "Officials said 12 civilians were killed in Kharkiv. Missile strike kills 40 in Dnipro, say officialsRead "
        "more Rescue workers searched the rubble. “It is a horror,” one resident said.Read more:Seven killed as "
        "missiles hit Odesa portRead moreUpdated at 10.05 BST"
    )
    text = clean_text(line).text
    assert "Dnipro" not in text and "Odesa" not in text and "Read more" not in text
    for sentence in (
        "Officials said 12 civilians were killed in Kharkiv.",
        "Rescue workers searched the rubble.",
        "“It is a horror,” one resident said.",
    ):
        assert sentence in text
    # the live blog's pointer before a glued colon stays; the linked headline goes
    pointer = clean_text("Our other live blog is still going:Russian forces shell Kharkiv – liveRead more It is 9am.")
    assert pointer.text.startswith("Our other live blog is still going:") and "shell" not in pointer.text


def test_a_newsletter_prompt_inside_prose_is_cut_to_its_end() -> None:
    line = (
        "Western officials said the attack failed. Sign up to First Edition, our free daily newsletter – every "
        "weekday morning at 7am BST Western countries deny that Nato has become a party to the conflict."
    )
    assert clean_text(line).text == (
        "Western officials said the attack failed. Western countries deny that Nato has become a party to the conflict."
    )


def test_prose_that_merely_opens_like_a_label_is_kept() -> None:
    prose = [
        "Related to the strike, officials said two more people had died.",
        "More than 300 people were sheltering in the theatre, the city council said.",
        "Watch the skies, the mayor told residents, as 12 drones were shot down.",
        "NATO and the EU said the attack was a war crime.",
    ]
    assert clean_text("\n".join(prose)).text.splitlines() == prose


@pytest.mark.acceptance
def test_every_dev_war_gold_figure_is_still_in_the_cleaned_text(shared_dir: Path) -> None:
    data = shared_dir / "data/war-gold-dev"
    missing = []
    for line in (data / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = clean_text((data / "articles" / row["file"]).read_text(encoding="utf-8")).text
        missing += [(row["file"], c["count_text"]) for c in row["claims"] if c["count_text"] not in text]
    assert missing == []
