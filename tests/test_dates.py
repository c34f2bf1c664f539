"""Dates resolved against the publication date, with precision and as-of totals."""

from __future__ import annotations

import datetime as dt

from claimledger.dates import claim_when, dates_by_sentence, parse_published, resolve_date

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
    doc = nlp("More than 2,500 corpses had been shipped as of March 13.")
    when = claim_when(next(doc.sents), dates_by_sentence(doc, PUBLISHED)[0], [])
    assert when.as_of is True and when.start == "2022-03-13"
    doc = nlp("Two people were killed on March 13.")
    assert claim_when(next(doc.sents), dates_by_sentence(doc, PUBLISHED)[0], []).as_of is False


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
