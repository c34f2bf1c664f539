"""The GVDB scorer: gold from the annotation, predictions from the reader, the JSON shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger import read
from claimledger.errors import EvalDataError
from claimledger.evaluation.gvdb import article_totals, evaluate, load

HEADER = "Article id\tArticle url\tArticle title\tFull text\tJson\tWorker\n"


def write_split(path: Path, rows: list[tuple[str, str, list[list[str]]]]) -> Path:
    lines = [HEADER]
    for article_id, text, victims in rows:
        annotation = {"victim-section": [{"victim-was": marks} for marks in victims]}
        lines.append(f"{article_id}\thttp://x\tt\t{text}\t{json.dumps(annotation)}\tw\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_gold_counts_and_perfect_score(tmp_path: Path) -> None:
    split = write_split(
        tmp_path / "dev.tsv",
        [
            ("1", "Two men were shot dead on Main Street on Sunday, police said.", [["killed"], ["killed"]]),
            ("2", "A woman was injured and taken to hospital in stable condition.", [["injured", "hospitalized"]]),
            ("3", "Police arrested a man after a robbery at a store.", []),
        ],
    )
    gold = load(split)
    assert [(a.killed, a.injured) for a in gold] == [(2, 0), (0, 1), (0, 0)]
    result = evaluate(split)
    assert result == {
        "killed": {"exact": 1.0, "within_1": 1.0},
        "injured": {"exact": 1.0, "within_1": 1.0},
        "articles": 3,
    }


def test_restated_victims_are_counted_once_and_shootings_that_killed_are_not_injuries() -> None:
    result = read("A man was shot on Friday night. He died at the hospital. The victim was 24.")
    assert article_totals(result) == (1, 0)
    result = read("The gunman killed his five children and his wife.")
    assert article_totals(result)[0] == 6


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError, match="no such file"):
        load(tmp_path / "nope.tsv")


@pytest.mark.acceptance
def test_dev_subset_scores(shared_dir: Path) -> None:
    result = evaluate(shared_dir / "data/gvdb/splits/dev.tsv", limit=60)
    assert result["articles"] == 60
    assert result["killed"]["exact"] >= 0.75
    assert result["injured"]["exact"] >= 0.65


def test_an_attacker_who_took_his_own_life_is_one_more_death() -> None:
    result = read("The gunman killed his five children and his wife. The gunman then took his own life.")
    assert article_totals(result)[0] == 7


def test_running_totals_and_past_events_are_not_the_articles_incident() -> None:
    text = (
        "A man was shot and killed on Tuesday. It is the most killings the city has seen since 2007, when 28 were "
        "killed. Nine officers have been fatally shot this year. In Newtown in December 2012, 26 people died."
    )
    assert article_totals(read(text)) == (1, 0)
    dated = read("Two people were killed on Monday. In March 2012, 26 people died.", published="2016-01-05")
    assert article_totals(dated) == (2, 0)


def test_people_struck_by_fire_who_died_are_not_also_injured() -> None:
    result = read("She fired one shot and struck the victim. The victim died at the hospital.")
    assert article_totals(result) == (1, 0)


def test_one_who_shot_himself_alone_is_one_death() -> None:
    result = read("An 11-year-old boy fatally shot himself at home. He was pronounced dead at the hospital.")
    assert article_totals(result)[0] == 1


def test_a_named_part_of_the_victims_is_not_added_to_them() -> None:
    assert article_totals(read("Two people, including a child, were killed in a shooting."))[0] == 2
    assert article_totals(read("Seven people died in the rampage, including the suspect."))[0] == 7


def test_an_event_that_began_last_month_is_background() -> None:
    text = "A gunman killed three people on Monday. Last month, a gunman killed 13 people at Fort Hood."
    assert article_totals(read(text, published="2016-05-24"))[0] == 3


def test_figures_far_below_the_lead_are_background() -> None:
    filler = " ".join(["The neighbourhood was quiet on Tuesday evening."] * 40)
    text = f"A man was shot and killed on Monday. {filler} Another man killed four people there years ago."
    assert article_totals(read(text)) == (1, 0)


def test_a_wounded_victim_who_died_is_not_also_injured_but_another_is() -> None:
    text = "Jacob Allen suffered critical injuries in the shooting. Allen died later at the hospital."
    assert article_totals(read(text)) == (1, 0)
    text = "A man was killed in the shooting. Another man suffered critical injuries."
    assert article_totals(read(text)) == (1, 1)


def test_a_tally_over_several_shootings_is_not_one_incident() -> None:
    text = "Five people died and 17 were wounded in weekend shootings. A man was shot and killed on Main Street."
    assert article_totals(read(text)) == (1, 0)


def test_a_number_of_killings_is_a_tally_but_the_victims_of_slayings_count() -> None:
    text = "A man was shot and killed on Monday. As of Monday, there had been 299 killings in the city."
    assert article_totals(read(text, published="2016-05-24"))[0] == 1
    assert article_totals(read("Police made an arrest in the slayings of 2 teens on Monday."))[0] == 2


def test_an_injury_said_of_a_victim_already_named_is_not_a_new_one() -> None:
    text = "A 3-year-old boy died on Monday. The boy was taken to the hospital in critical condition. He was injured."
    assert article_totals(read(text)) == (1, 0)
    text = "A man died on Monday. A woman was injured and taken to the hospital in critical condition."
    assert article_totals(read(text)) == (1, 1)
    assert article_totals(read("An Oelwein man was fatally injured on Saturday while hunting.")) == (1, 0)


def test_a_victim_said_to_be_another_or_to_have_survived_is_injured_beyond_the_dead() -> None:
    text = "Three men were found dead in the home. A fourth man suffered a gunshot wound to the arm."
    assert article_totals(read(text)) == (3, 1)
    text = "Three people were killed in the home. A woman was shot, but survived after surgery."
    assert article_totals(read(text)) == (3, 1)
    assert article_totals(read("Three people were killed in the home. A woman was shot by another man.")) == (3, 0)


def test_an_officer_shot_by_a_suspect_who_died_is_injured() -> None:
    text = "A deputy was shot on Saturday. The suspect was found dead after a standoff."
    assert article_totals(read(text)) == (1, 1)
    assert article_totals(read("An officer was shot and killed on Saturday.")) == (1, 0)


def test_a_part_the_reader_marks_is_not_added_to_its_whole() -> None:
    text = (
        "1 Dead, 3 Hurt in Barbershop Shooting\nAt least one person was killed and three others hurt, including the "
        "shop's co-owner, when a gunman opened fire inside a barbershop."
    )
    result = read(text, published="2015-11-01")
    assert any(c.subset_of for c in result.claims)
    assert article_totals(result) == (1, 3)
