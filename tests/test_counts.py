"""Counts: bounds as the design specifies, on sentences the team wrote."""

from __future__ import annotations

import pytest

from claimledger.counts import find_counts, number_value


@pytest.mark.parametrize(
    ("sentence", "text", "low", "high", "approximate"),
    [
        ("He said more than 2,500 soldiers died.", "more than 2,500", 2501, None, False),
        ("At least 12 people were killed.", "At least 12", 12, None, False),
        ("Up to 40 people were hurt.", "Up to 40", None, 40, False),
        ("Dozens of people were hurt.", "Dozens", 24, None, True),
        ("Hundreds of civilians fled.", "Hundreds", 200, None, True),
        ("Thousands of troops died.", "Thousands", 2000, None, True),
        ("Millions of people fled.", "Millions", 2000000, None, True),
        ("Nearly 14,000 people died.", "Nearly 14,000", None, 14000, True),
        ("Almost 14,000 people died.", "Almost 14,000", None, 14000, True),
        ("About 14,000 people died.", "About 14,000", 14000, 14000, True),
        ("Between 30 and 40 bodies were found.", "Between 30 and 40", 30, 40, False),
        ("Fewer than 10 people were hurt.", "Fewer than 10", None, 9, False),
        ("Two hundred and fifty people died.", "Two hundred and fifty", 250, 250, False),
        ("Twenty-five soldiers were captured.", "Twenty-five", 25, 25, False),
        ("Tens of thousands of people fled.", "Tens of thousands", 20000, None, True),
        ("1.5 million people were displaced.", "1.5 million", 1500000, 1500000, False),
        ("Personnel losses amounted to 473 400 people.", "473 400", 473400, 473400, False),
        ("The UN said 1.8m people had fled.", "1.8m", 1800000, 1800000, False),
        ("Russia has about 70 to 80,000 losses.", "70 to 80,000", 70000, 80000, False),
        ("Some 2 to 3 thousand people fled.", "2 to 3 thousand", 2000, 3000, False),
        ("About half a million children fled.", "About half a million", 500000, 500000, True),
        ("It included half of a million children.", "half of a million", 500000, 500000, False),
        ("Between 5 and 10 people were hurt.", "Between 5 and 10", 5, 10, False),
    ],
)
def test_bounds(nlp, sentence: str, text: str, low: int | None, high: int | None, approximate: bool) -> None:  # type: ignore[no-untyped-def]
    mentions = find_counts(nlp(sentence))
    assert [(m.text, m.low, m.high, m.approximate) for m in mentions][0] == (text, low, high, approximate)


@pytest.mark.parametrize(
    "sentence",
    [
        "The war began in 2022.",
        "It happened at 8:20 a.m.",
        "A 5-year-old girl was there.",
        "Prices rose 12%.",
        "Felimon Contreras, 29, a Latino man, was there.",
        "Juan Mercado, 21 - The Homicide Report",
        "A man aged 45 was there.",
        "He met a number of people who have fled.",  # no figure a recorder would write down
    ],
)
def test_dates_times_ages_and_percentages_are_not_counts(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert find_counts(nlp(sentence)) == []


def test_number_words() -> None:
    assert number_value(["three", "thousand", "two", "hundred"]) == 3200
    assert number_value(["2,500"]) == 2500
    assert number_value(["a", "dozen"]) == 12
    assert number_value(["fish"]) is None


def test_a_dozen_and_a_hundred(nlp) -> None:  # type: ignore[no-untyped-def]
    found = [(m.text, m.low) for m in find_counts(nlp("A dozen civilians and a hundred soldiers died."))]
    assert found == [("A dozen", 12), ("a hundred", 100)]


def test_a_number_after_a_comma_that_is_not_an_age_still_counts(nlp) -> None:  # type: ignore[no-untyped-def]
    assert [m.low for m in find_counts(nlp("In Kharkiv, 12 were killed."))] == [12]


def test_an_age_range_is_no_count(nlp) -> None:  # type: ignore[no-untyped-def]
    assert [m.low for m in find_counts(nlp("Four men, ages 20-27, were shot."))] == [4]


def test_a_ratio_is_no_count(nlp) -> None:  # type: ignore[no-untyped-def]
    assert find_counts(nlp("The number displaced was three times higher than in 2021.")) == []
