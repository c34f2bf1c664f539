"""Dates: when a claim happened, resolved against the publication date, with precision.

dateparser does the resolution ("March 13", "Tuesday", "last week"); this module adds what
news needs on top: intervals for "early/mid/late March", cumulative ``as_of`` totals ("as of
March 13", "so far", "since the start of the war") and the rule that without a publication
date a date with no year keeps its year unknown instead of guessing the current one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dateparser.date import DateDataParser
from spacy.tokens import Doc, Span

from .nlp import doc_text
from .records import Precision, When

_AS_OF_CUES = re.compile(
    r"\b(as of|as at|so far|to date|in total|a total of|since the (?:start|beginning|outbreak)|since (?:the )?"
    r"(?:invasion|war)|(?<!earlier )this year|year to date|"
    r"since (?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|\d)|up to now|until now|thus far|overall|cumulative|death toll|"
    r"toll (?:has )?(?:risen|rose|climbed|stands|stood))\b",
    re.IGNORECASE,
)
_PART_OF_MONTH = re.compile(
    r"\b(early|mid|middle of|late|end of|beginning of|start of)[\s-]+([A-Z][a-z]+)\b", re.IGNORECASE
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NOT_DATES = re.compile(r"^(?:now|then|currently|recently|ago|the time|time|once|daily|weekly|night|the night)$", re.I)


@dataclass(frozen=True)
class DateMention:
    """A date expression in the text, resolved."""

    text: str
    start: int
    end: int
    when: When


@lru_cache(maxsize=64)
def _parser(base: dt.date | None = None) -> DateDataParser:
    """One parser per publication date: building one is costly, articles share dates."""
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past"}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


def resolve_date(text: str, published: dt.date | None) -> When | None:
    """Resolve one date expression; None when it is not a date dateparser understands."""
    if _NOT_DATES.match(text.strip()):
        return None
    part = _PART_OF_MONTH.search(text)
    if part:
        return _part_of_month(part.group(1).lower(), part.group(2), text, published)
    has_year = bool(_YEAR.search(text))
    data = _parser(published).get_date_data(text)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    period = data.period or "day"
    if published is None and not has_year:
        # The year is unknown: keep the text, never guess.
        return When(start=None, end=None, precision="unknown", as_of=False, text=text)
    if published is not None and day > published and not has_year:
        day = _year_before(day)
    start, end, precision = _expand(day, period)
    return When(start=start.isoformat(), end=end.isoformat(), precision=precision, as_of=False, text=text)


def _year_before(day: dt.date) -> dt.date:
    """The same day a year earlier; 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _expand(day: dt.date, period: str) -> tuple[dt.date, dt.date, Precision]:
    if period == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last), "month"
    if period == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year"
    if period == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6), "week"
    return day, day, "day"


def _part_of_month(part: str, month_name: str, text: str, published: dt.date | None) -> When | None:
    months = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
    month = months.get(month_name.lower())
    if month is None:
        return None
    year_match = _YEAR.search(text)
    if year_match:
        year = int(year_match.group(1))
    elif published is not None:
        year = published.year if month <= published.month else published.year - 1
    else:
        return When(start=None, end=None, precision="unknown", as_of=False, text=text)
    last = calendar.monthrange(year, month)[1]
    first_day, last_day = {"early": (1, 10), "beginning of": (1, 10), "start of": (1, 10), "mid": (11, 20),
                           "middle of": (11, 20), "late": (21, last), "end of": (21, last)}[part]  # fmt: skip
    return When(
        start=dt.date(year, month, first_day).isoformat(),
        end=dt.date(year, month, last_day).isoformat(),
        precision="month",
        as_of=False,
        text=text,
    )


def dates_by_sentence(doc: Doc, published: dt.date | None) -> dict[int, list[DateMention]]:
    """Every DATE entity of the doc, resolved, keyed by the first token of its sentence.

    One pass over ``doc.ents`` (spaCy rebuilds the entity list on every access, per sentence too).
    """
    found: dict[int, list[DateMention]] = {}
    text = doc_text(doc)
    for ent in doc.ents:
        if ent.label_ != "DATE" or _is_age(ent):
            continue
        start = ent.start_char
        # Let "early March" keep its qualifier when NER left it out.
        before = text[max(0, start - 7) : start].lower()
        for word in ("early ", "mid-", "late "):
            if before.endswith(word):
                start -= len(word)
        mention_text = text[start : ent.end_char]
        when = resolve_date(mention_text, published)
        if when is not None:
            found.setdefault(ent.sent.start, []).append(
                DateMention(text=mention_text, start=start, end=ent.end_char, when=when)
            )
    return found


def _is_age(ent: Span) -> bool:
    """NER calls ages dates: "Felimon Contreras, 29", "a five year and a six year old", "the 3-year-old"."""
    if re.fullmatch(r"\d{1,2}", ent.text) or ent.text.lower().endswith("old"):
        return True
    return any(t.lower_ in ("old", "-old") for t in ent.doc[ent.end : ent.end + 4])


def claim_when(sentence: Span, mentions: list[DateMention], fallback: list[DateMention]) -> When:
    """The claim's date: its sentence's dates (else the previous sentence's), ``as_of`` for running totals.

    Of several dates, the one after "as of", "by", "since" or "until" dates a cumulative figure.
    """
    mentions = mentions or fallback
    sent_text, offset = sentence.text, sentence.start_char
    as_of = bool(_AS_OF_CUES.search(sent_text))
    if not mentions:
        return When(start=None, end=None, precision="unknown", as_of=as_of, text=None)
    chosen = mentions[0]
    for mention in mentions:
        prefix = sent_text[max(0, mention.start - offset - 10) : max(0, mention.start - offset)].lower()
        if re.search(r"\b(as of|as at|by|since|until)\s*$", prefix):
            chosen = mention
            as_of = as_of or bool(re.search(r"\b(as of|as at|by|since)\s*$", prefix))
            break
    when = chosen.when
    return When(start=when.start, end=when.end, precision=when.precision, as_of=as_of, text=when.text)


def parse_published(value: str | dt.date | None) -> dt.date | None:
    """A publication date from ``--published`` (YYYY-MM-DD or anything dateparser reads with a full date)."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        pass
    data = _parser().get_date_data(value)
    return data.date_obj.date() if data.date_obj is not None else None
