"""The reader's dates: relative days, running totals, and the date a claim takes from the sentence before it
(only within its paragraph, never from a quotation)."""

from __future__ import annotations

from claimledger import read
from claimledger.records import Claim

FRIDAY = "2022-09-16"


def _claim(text: str, count: str, published: str = FRIDAY) -> Claim:
    (claim,) = [c for c in read(text, published=published).claims if c.count.text == count]
    return claim


def _when(claim: Claim) -> tuple[str | None, str | None, bool]:
    return claim.when.start, claim.when.end, claim.when.as_of


def test_on_monday_with_or_without_a_comma() -> None:
    for text in ("On Monday 12 people were killed in Kharkiv.", "On Monday, 12 people were killed in Kharkiv."):
        assert _when(_claim(text, "12")) == ("2022-09-12", "2022-09-12", False), text


def test_relative_days_in_both_directions() -> None:
    assert _claim("Two people were killed in Kherson yesterday.", "Two").when.start == "2022-09-15"
    assert _when(_claim("Three civilians were wounded in Kharkiv last night.", "Three")) == (
        "2022-09-15",
        "2022-09-16",
        False,
    )
    # Friday's paper: "on Friday" is the day it came out, not a week before.
    assert _claim("Four people were killed in Izium on Friday.", "Four").when.start == "2022-09-16"
    # "tomorrow" is ahead of the paper, never a year back, and never the date of a harm.
    text = "Investigators will go to Izium tomorrow. They say 440 bodies were found there."
    assert _when(_claim(text, "440")) == (None, None, False)


def test_the_sentence_before_dates_a_claim_within_its_paragraph_only() -> None:
    same = "Russian missiles hit a market in Kharkiv on Monday. In the city, 12 people were killed."
    claim = _claim(same, "12")
    assert _when(claim) == ("2022-09-12", "2022-09-12", False) and claim.places
    other = "Russian missiles hit a market in Kharkiv on Monday.\nIn the city, 12 people were killed."
    claim = _claim(other, "12")
    assert (claim.when.start, claim.when.end, claim.when.precision) == (None, None, "unknown")
    # "the city" still names the town it refers to (claim_places), though nothing else is carried over
    assert [(p.text, p.name) for p in claim.places] == [("the city", "Kharkiv")]
    # A paragraph opening on a pronoun goes on with the one before (one-sentence paragraphs).
    assert _claim("Russian missiles hit Kharkiv on Monday.\nThey killed 12 people.", "12").when.start == "2022-09-12"


def test_no_date_from_a_quotation_about_another_time() -> None:
    text = "“In 2014 they took everything from us,” she said. They killed 12 people in the village."
    claim = _claim(text, "12")
    assert claim.when.start is None and claim.when.end is None


def test_a_running_total_since_a_day() -> None:
    claim = _claim("Since 24 February, more than 5,000 civilians have been killed in Ukraine.", "more than 5,000")
    assert _when(claim) == ("2022-02-24", FRIDAY, True)


def test_a_claim_with_no_date_stays_undated() -> None:
    claim = _claim("Two people were killed in a strike on a residential block.", "Two")
    assert _when(claim) == (None, None, False)


def test_a_sentence_after_one_that_told_of_harm_goes_on_with_its_event() -> None:
    text = "Five civilians were killed when a missile hit a market in Kharkiv on Monday. About 18 people were wounded."
    claim = _claim(text, "About 18")
    assert claim.when.start == "2022-09-12" and [p.text for p in claim.places] == ["Kharkiv"]
    # A sentence that names another day tells of another event: nothing is carried over.
    text = "Five civilians were killed when a missile hit a market in Kharkiv. On Monday, 19 people died in a strike."
    claim = _claim(text, "19")
    assert claim.when.start == "2022-09-12" and not claim.places
    # Nor across a paragraph.
    text = "Five civilians were killed when a missile hit a market in Kharkiv on Monday.\nAbout 18 people were wounded."
    claim = _claim(text, "About 18")
    assert claim.when.start is None and not claim.places


def test_the_day_of_the_harms_own_clause_before_a_later_event_around_it() -> None:
    text = "On Thursday, hundreds attended the funeral of the 14 villagers who were killed in the raid on Monday."
    assert _claim(text, "14").when.start == "2022-09-12"


def test_no_running_total_from_words_that_are_not_the_harms() -> None:
    # "the third ... since the invasion" compares with the period, it counts nobody over it
    text = "Three captured Russian soldiers went on trial in Kyiv, the third such case since the invasion."
    trial = _claim(text, "Three")
    assert not trial.when.as_of
    # the perfect is of the transfer, not of the wounds: one evacuation, not a total
    moved = _claim("The governor said 38 wounded soldiers have been moved to a hospital in Dnipro.", "38")
    assert not moved.when.as_of
    total = _claim("The governor said 38 soldiers have been wounded since the invasion began.", "38")
    assert total.when.as_of


def test_strikes_on_one_site_are_one_incident_not_a_total() -> None:
    text = "The mayor said 23 people had been killed in the strikes on the central market of the town."
    assert not _claim(text, "23").when.as_of
    text = "At least 17 people have been confirmed dead after missile strikes on a shopping centre in Vinnytsia."
    assert not _claim(text, "At least 17").when.as_of
    # strikes on many places, or on none named, may be a campaign: a running total
    assert _claim("Russian strikes on Ukrainian cities have killed 900 civilians.", "900").when.as_of
    assert _claim("Four medics had been killed in the attacks, the WHO said.", "Four").when.as_of
