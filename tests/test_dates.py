"""Dates resolved against the publication date, with precision and as-of totals."""

from __future__ import annotations

import datetime as dt

from claimledger.dates import claim_when, dates_by_sentence, parse_published, resolve_date
from claimledger.records import When

PUBLISHED = dt.date(2022, 3, 15)


def test_day_without_year_takes_the_publication_year() -> None:
    when = resolve_date("March 13", PUBLISHED)
    assert when is not None and (when.start, when.end, when.precision) == ("2022-03-13", "2022-03-13", "day")


def test_date_after_publication_is_last_year() -> None:
    when = resolve_date("December 20", PUBLISHED)
    assert when is not None and when.start == "2021-12-20"


def test_part_of_month_is_an_interval() -> None:
    when = resolve_date("early March", PUBLISHED)
    assert when is not None and (when.start, when.end) == ("2022-03-01", "2022-03-10")
    late = resolve_date("late February", PUBLISHED)
    assert late is not None and (late.start, late.end) == ("2022-02-21", "2022-02-28")


def test_month_precision() -> None:
    when = resolve_date("February 2022", None)
    assert when is not None and (when.start, when.end, when.precision) == ("2022-02-01", "2022-02-28", "month")


def test_weekday_resolves_to_the_last_one() -> None:
    when = resolve_date("Tuesday", PUBLISHED)  # 2022-03-15 is a Tuesday; news means the past one or today
    assert when is not None and when.start is not None and when.start <= "2022-03-15"


def test_without_publication_date_the_year_stays_unknown() -> None:
    when = resolve_date("March 13", None)
    assert when is not None and when.start is None and when.precision == "unknown" and when.text == "March 13"


def test_as_of_totals(nlp) -> None:  # type: ignore[no-untyped-def]
    when = _when(nlp, "More than 2,500 corpses had been shipped as of March 13.", "shipped", "dead")
    assert when.as_of is True and when.start == when.end == "2022-03-13"
    assert _when(nlp, "Two people were killed on March 13.", "killed").as_of is False


def test_parse_published() -> None:
    assert parse_published("2022-03-15") == PUBLISHED
    assert parse_published("15 March 2022") == PUBLISHED
    assert parse_published(None) is None


def test_leap_day_after_publication_goes_to_the_28th_a_year_before() -> None:
    from claimledger.dates import _year_before

    assert _year_before(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert _year_before(dt.date(2022, 3, 13)) == dt.date(2021, 3, 13)


def test_ages_are_not_dates(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Two children, a five year and a six year old, were hurt. Juan Mercado, 29, died in March 2016.")
    found = [m.text for mentions in dates_by_sentence(doc, dt.date(2016, 11, 1)).values() for m in mentions]
    assert found == ["March 2016"]


def _when(nlp, text: str, trigger: str, category: str = "dead", published: dt.date = PUBLISHED) -> When:  # type: ignore[no-untyped-def]
    """The date claim_when gives the harm word ``trigger`` of a one-sentence text."""
    doc = nlp(text)
    (token,) = [t for t in doc if t.text == trigger]
    mentions = dates_by_sentence(doc, published).get(token.sent.start, [])
    return claim_when(token, category, mentions, [], published)


FRIDAY = dt.date(2022, 9, 16)


def test_relative_words_forward_stay_in_the_future() -> None:
    tomorrow = resolve_date("tomorrow", FRIDAY)
    assert tomorrow is not None and tomorrow.start == "2022-09-17"
    week = resolve_date("next week", FRIDAY)
    assert week is not None and (week.start, week.end) == ("2022-09-19", "2022-09-25")
    monday = resolve_date("next Monday", FRIDAY)
    assert monday is not None and monday.start == "2022-09-19"


def test_relative_words_backward() -> None:
    cases = {
        "Friday": ("2022-09-16", "2022-09-16"),  # the publication day itself
        "Monday": ("2022-09-12", "2022-09-12"),
        "last Friday": ("2022-09-09", "2022-09-09"),
        "Monday night": ("2022-09-12", "2022-09-12"),
        "yesterday": ("2022-09-15", "2022-09-15"),
        "last night": ("2022-09-15", "2022-09-16"),
        "overnight": ("2022-09-15", "2022-09-16"),
        "today": ("2022-09-16", "2022-09-16"),
        "earlier this week": ("2022-09-12", "2022-09-16"),
        "last week": ("2022-09-05", "2022-09-11"),
    }
    for text, expected in cases.items():
        when = resolve_date(text, FRIDAY)
        assert when is not None and (when.start, when.end) == expected, text


def test_a_length_of_time_is_not_a_date() -> None:
    for text in ("a day", "10 years", "six-week", "two weeks", "each day", "1013"):
        assert resolve_date(text, FRIDAY) is None, text


def test_a_count_after_a_weekday_is_not_part_of_the_date(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("On Monday 12 people were killed in Kharkiv.", "On Monday, 12 people were killed in Kharkiv."):
        when = _when(nlp, text, "killed", published=FRIDAY)
        assert (when.start, when.end, when.precision, when.as_of) == ("2022-09-12", "2022-09-12", "day", False), text
    when = _when(nlp, "Since 24 February 300 civilians have died in the region.", "died", published=FRIDAY)
    assert (when.start, when.end, when.as_of) == ("2022-02-24", "2022-09-16", True)


def test_night_words_date_the_harm(nlp) -> None:  # type: ignore[no-untyped-def]
    when = _when(nlp, "Three people died in Russian shelling last night.", "died", published=FRIDAY)
    assert (when.start, when.end, when.as_of) == ("2022-09-15", "2022-09-16", False)
    when = _when(nlp, "Overnight, five civilians were wounded in Kharkiv.", "wounded", "wounded", FRIDAY)
    assert (when.start, when.end) == ("2022-09-15", "2022-09-16")


def test_a_forecast_date_is_never_the_date_of_a_harm(nlp) -> None:  # type: ignore[no-untyped-def]
    when = _when(nlp, "Investigators will visit the grave of 440 bodies tomorrow.", "bodies", published=FRIDAY)
    assert when.start is None and when.end is None


def test_since_gives_the_period_up_to_publication(nlp) -> None:  # type: ignore[no-untyped-def]
    when = _when(nlp, "More than 2 million refugees have entered Poland since 24 February.", "refugees", "displaced")
    assert (when.start, when.end, when.as_of) == ("2022-02-24", "2022-03-15", True)
    when = _when(nlp, "Since the start of Russia's invasion, 5,000 civilians have been killed in Mariupol.", "killed")
    assert (when.start, when.end, when.as_of) == ("2022-02-24", "2022-03-15", True)
    # Which war is not said: a running total up to publication, with no start.
    when = _when(nlp, "Since the war began, 300,000 people have died.", "died")
    assert (when.start, when.end, when.as_of) == (None, "2022-03-15", True)
    # "since" as "because" is no period, and the harm that starts a period is not counted over it.
    assert _when(nlp, "Since the road was cut, two people were killed on March 13.", "killed").as_of is False
    when = _when(nlp, "She spoke to him for the first time since he was captured on March 2.", "captured", "captured")
    assert when.as_of is False and when.start == "2022-03-02"
    # The worst since the second world war compares; it counts nothing.
    when = _when(nlp, "Four people were killed on March 13 in the worst attack since the second world war.", "killed")
    assert when.as_of is False
    text = "Ukraine announced the largest exchange of prisoners of war since Russia invaded, freeing 144 soldiers."
    assert _when(nlp, text, "prisoners", "captured").as_of is False
    assert _when(nlp, "At least 12 civilians have been killed in Kharkiv since Monday.", "killed").as_of is True


def test_so_far_and_the_day_it_was_said(nlp) -> None:  # type: ignore[no-untyped-def]
    when = _when(nlp, "At least 1,300 Ukrainian troops have been killed so far, Zelenskiy said.", "killed")
    assert (when.start, when.end, when.as_of) == (None, "2022-03-15", True)
    when = _when(nlp, "Officials in Mariupol said on Monday that 5,000 people had been killed in the city.", "killed")
    assert (when.start, when.end, when.as_of) == ("2022-03-14", "2022-03-14", True)


def test_the_perfect_is_a_running_total_unless_an_incident_dates_it(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _when(nlp, "Thousands of Russian troops have been killed, the ministry said.", "killed").as_of is True
    text = "Two health workers had been killed and at least 8 injured in the attacks, the WHO said."
    assert _when(nlp, text, "injured", "wounded").as_of is True
    # A story's own past perfect orders past events; only what a source said moves the perfect back.
    assert _when(nlp, "It was a German rocket that had killed 134 people in 1944.", "killed").as_of is False
    assert _when(nlp, "The rocket had killed 134 people, the museum said.", "killed").as_of is True
    text = "Four civilians have been killed in a missile strike on a market in Kharkiv."
    assert _when(nlp, text, "killed").as_of is False
    text = "The governor said four civilians had been killed during shelling of the city on Monday."
    assert _when(nlp, text, "killed").as_of is False
    # The day a source spoke does not date the harm.
    text = "At least 102 civilians have been killed in Ukraine, the UN said on Monday."
    assert _when(nlp, text, "killed").as_of is True
    text = "There are about 8,000 Ukrainian prisoners of war held in Luhansk, an official said."
    assert _when(nlp, text, "prisoners", "captured").as_of is True
    # A perfect infinitive after a belief is no total.
    assert _when(nlp, "About 18 people are believed to have been killed.", "killed").as_of is False
    assert _when(nlp, "Ukraine has claimed to have killed some 12,000 Russian troops.", "killed").as_of is True


def test_totals_over_a_war(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _when(nlp, "In Syria, more than 300,000 people died in 10 years of civil war.", "died").as_of is True
    assert _when(nlp, "The invasion of Iraq led to up to 1 million deaths.", "deaths").as_of is True
    assert _when(nlp, "Zelenskiy: 137 people have died in the Russian invasion.", "died").as_of is True
    assert _when(nlp, "Over a million people perished in the battle.", "perished").as_of is False


def test_a_rate_is_not_a_total(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ukrainian forces are killing nearly 1,000 Russian troops each day in the conflict."
    assert _when(nlp, text, "killing").as_of is False


def test_refugees_are_a_stock_unless_seen_or_dated(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _when(nlp, "The UN said 1.2 million people had fled the country.", "fled", "displaced").as_of is True
    text = "Hundreds of thousands of refugees flee Ukraine as fighting escalates"
    assert _when(nlp, text, "refugees", "displaced").as_of is True
    text = "Poland needs help with the arrival of 2.5 million Ukrainian refugees."
    assert _when(nlp, text, "refugees", "displaced").as_of is True
    assert _when(nlp, "The number of refugees is currently above 1.3 million.", "refugees", "displaced").as_of
    text = "On 2 March, as the number of Ukrainian refugees reached 1 million, the UN met."
    when = _when(nlp, text, "refugees", "displaced")
    assert (when.start, when.end, when.as_of) == ("2022-03-02", "2022-03-02", True)
    text = "Thousands of refugees flee across the ruins of the bridge on foot."
    assert _when(nlp, text, "refugees", "displaced").as_of is False
    text = "A total of 2,557 people were evacuated from Ukrainian cities on Monday, Vereshchuk said."
    assert _when(nlp, text, "evacuated", "displaced").as_of is False


def test_a_date_in_a_quotation_the_claim_is_not_in_is_not_its_date(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“It was worse in 2014,” the mayor said of the attack that killed 12 people."
    when = _when(nlp, text, "killed")
    assert when.start is None and when.as_of is False
