"""Dates: when a claim happened, resolved against the publication date, with precision.

dateparser does the resolution of absolute dates ("March 13", "last week"); this module adds what
news needs on top:

- relative days read the way a newsroom writes them: a weekday is the last one up to the publication
  day ("on Monday" in a Monday paper is that day), "last night" and "overnight" end on the publication
  day, "tomorrow" and "next week" stay in the future (only a month and day without a year that falls
  after publication is moved back a year);
- a count is never part of a date ("On Monday 12 people were killed": NER reads "Monday 12");
- which date of the sentence is the claim's: one the parse attaches to the harm, never one inside a
  quotation the claim is not in, never one after publication (a forecast);
- ``as_of`` for cumulative totals (:func:`claim_when` says which rules), with the period they cover:
  "since 24 February" -> 2022-02-24 .. publication;
- without a publication date a date with no year keeps its year unknown instead of guessing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from dateparser.date import DateDataParser
from spacy.tokens import Doc, Span, Token

from .attribution import SPEECH_VERBS, find_quotes
from .nlp import doc_text
from .records import Precision, When

#: The start of Russia's full-scale invasion of Ukraine: "since the start of the war" in a text about it.
INVASION_START = dt.date(2022, 2, 24)

# Cues of a running total wherever they stand in the claim's clause.
_CUMULATIVE = re.compile(
    r"\b(?:as of|as at|so far|to date|thus far|up to now|until now|to this day|year to date|cumulative(?:ly)?|"
    r"since then|(?<!earlier )this year|in the (?:whole|entire) (?:war|conflict)|"
    r"(?:years|months|weeks|(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many|few) "
    r"(?:years|months|weeks)) of (?:\w+ )?(?:war|conflict|fighting|occupation|siege|hostilities)|"
    r"[\w]+[- ](?:year|month|week)[- ]?long (?:[\w-]+ ){0,2}(?:war|conflict|incursion|invasion|siege|occupation|"
    r"offensive|campaign))\b",
    re.IGNORECASE,
)
# Cues of a total that may also be one incident's ("a total of 2,557 people were evacuated on Thursday").
_TOTAL = re.compile(
    r"\b(?:in total|a total of|overall|altogether|already|estimate of|death toll|"
    r"toll (?:has )?(?:risen|rose|climbed|stands|stood|reached)|bringing the (?:total|toll|number))\b",
    re.IGNORECASE,
)
_RATE = re.compile(r"\b(?:each|every|a|per) (?:day|night|week|month|hour)\b|\bdaily\b", re.IGNORECASE)
_SINCE_PERIOD = re.compile(
    r"\b(?:war|invasion|conflict|offensive|fighting|hostilities|occupation|aggression|start|beginning|outbreak|"
    r"began|begun|started|launched|invaded|escalat\w*)\b",
    re.IGNORECASE,
)
_WORLD_WAR = re.compile(r"\bsince (?:the )?(?:first |second )?world war\b", re.IGNORECASE)
_RUSSIA_UKRAINE = re.compile(
    r"\b(?:russia|russian|russians|ukraine|ukrainian|ukrainians|kyiv|kiev|moscow|putin|full-scale)\b", re.IGNORECASE
)
# One event a figure can belong to ("killed in a missile strike"); the plural ("the attacks") may be a series.
_INCIDENTS = {
    "strike", "airstrike", "attack", "shelling", "bombing", "explosion", "blast", "raid", "shooting", "crash",
    "ambush", "massacre", "hit", "bombardment", "fire", "stampede", "collapse", "incident",
}  # fmt: skip
# A whole war, as the scope of a figure ("have died in the Russian invasion", "the war has killed").
_WARS = {"war", "invasion", "conflict", "occupation", "hostilities", "aggression", "incursion"}
_FIGURES = {"number", "total", "tally", "count", "figure"}
_STOCK_EXCEPTIONS = {"evacuate", "evacuee", "evacuation"}  # an evacuation is an operation, not a stock

_PART_OF_MONTH = re.compile(
    r"\b(early|mid|middle of|late|end of|beginning of|start of)[\s-]+([A-Z][a-z]+)\b", re.IGNORECASE
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b\d{1,2}/\d{1,2}\b", re.I)
_NOT_DATES = re.compile(
    r"^(?:now|then|currently|recently|ago|the time|time|once|daily|weekly|night|the night|the day|each day|"
    r"every day|a day|per day)$",
    re.I,
)
# A length of time is no date: "a day after", "10 years of civil war", "six-week".
_DURATION = re.compile(
    r"^(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|many|some|a few|\d+)[\s-]+)?"
    r"(?:full |single |whole )?(?:days?|weeks?|months?|years?|hours?|decades?)(?:[\s-]+long)?$",
    re.I,
)
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_RELATIVE_WEEKDAY = re.compile(
    r"^(?:(last|this|next|coming|on|past) )?(" + "|".join(_WEEKDAYS) + r")(?:['’]s)?"
    r"(?: (?:morning|afternoon|evening|night))?$",
    re.I,
)
# Relative day words: (first, last) day relative to the publication date.
_RELATIVE_DAYS: tuple[tuple[re.Pattern[str], tuple[int, int]], ...] = (
    (re.compile(r"^(?:earlier |later )?(?:today|tonight|this (?:morning|afternoon|evening))$", re.I), (0, 0)),
    (re.compile(r"^yesterday(?: morning| afternoon)?$", re.I), (-1, -1)),
    (
        re.compile(
            r"^(?:last night|overnight|yesterday (?:evening|night)|(?:the )?(?:past|last) (?:24|twenty-four) "
            r"hours)$",
            re.I,
        ),
        (-1, 0),
    ),  # fmt: skip
    (re.compile(r"^tomorrow(?: morning| afternoon| evening| night)?$", re.I), (1, 1)),
)
_THIS_WEEK = re.compile(r"^(earlier )?this week$", re.I)
_THIS_MONTH = re.compile(r"^earlier this month$", re.I)
_WEEKEND = re.compile(r"^(?:the |last |this |over the )?weekend$", re.I)


@dataclass(frozen=True)
class DateMention:
    """A date expression in the text, resolved; ``root`` is its head token, ``quote`` the quotation it is in."""

    text: str
    start: int
    end: int
    when: When
    root: int = -1
    quote: tuple[int, int] | None = None


@lru_cache(maxsize=64)
def _parser(base: dt.date | None = None) -> DateDataParser:
    """One parser per publication date: building one is costly, articles share dates."""
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past"}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


def resolve_date(text: str, published: dt.date | None) -> When | None:
    """Resolve one date expression; None when it is not a date (a length of time, "now")."""
    stripped = " ".join(text.split()).strip(" ,.")
    if _NOT_DATES.match(stripped) or _DURATION.match(stripped):
        return None
    if stripped.isdigit() and not _YEAR.fullmatch(stripped):
        return None  # "in front of 1013 Carrie St.": a house number, not the year 1013
    part = _PART_OF_MONTH.search(stripped)
    if part:
        return _part_of_month(part.group(1).lower(), part.group(2), stripped, published)
    relative = _relative(stripped, published)
    if relative is not None:
        start, end, precision = relative
        return When(start=start.isoformat(), end=end.isoformat(), precision=precision, as_of=False, text=text)
    has_year = bool(_YEAR.search(stripped))
    data = _parser(published).get_date_data(stripped)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    period = data.period or "day"
    if published is None and not has_year:
        # The year is unknown: keep the text, never guess.
        return When(start=None, end=None, precision="unknown", as_of=False, text=text)
    if published is not None and day > published and not has_year and _MONTH.search(stripped):
        # "December 20" read in March is last December; "next week" stays ahead.
        day = _year_before(day)
    start, end, precision = _expand(day, period)
    return When(start=start.isoformat(), end=end.isoformat(), precision=precision, as_of=False, text=text)


def _relative(text: str, published: dt.date | None) -> tuple[dt.date, dt.date, Precision] | None:
    """Weekdays and day words against the publication day (dateparser takes "Monday" in a Monday paper as
    the Monday before, and has no "last night", "overnight" or "earlier this week")."""
    if published is None:
        return None
    for pattern, (first, last) in _RELATIVE_DAYS:
        if pattern.match(text):
            return published + dt.timedelta(days=first), published + dt.timedelta(days=last), "day"
    weekday = _RELATIVE_WEEKDAY.match(text)
    if weekday:
        which, name = (weekday.group(1) or "").lower(), weekday.group(2).lower()
        back = (published.weekday() - _WEEKDAYS[name]) % 7
        if which in ("next", "coming"):
            day = published + dt.timedelta(days=(7 - back) % 7 or 7)
        else:
            day = published - dt.timedelta(days=back or (7 if which in ("last", "past") else 0))
        return day, day, "day"
    this_week = _THIS_WEEK.match(text)
    if this_week:
        monday = published - dt.timedelta(days=published.weekday())
        return monday, published if this_week.group(1) else monday + dt.timedelta(days=6), "week"
    if _THIS_MONTH.match(text):
        return published.replace(day=1), published, "month"
    if _WEEKEND.match(text):
        saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
        return saturday, min(saturday + dt.timedelta(days=1), published), "week"
    return None


def _names_a_day(text: str) -> bool:
    """A TIME entity that says which day ("last night", "overnight", "this morning"), not only an hour."""
    return _relative(" ".join(text.split()).strip(" ,."), dt.date(2000, 1, 1)) is not None


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
    """Every date of the doc, resolved, keyed by the first token of its sentence.

    DATE entities, and TIME entities that name a day ("last night", "overnight"). One pass over
    ``doc.ents`` (spaCy rebuilds the entity list on every access, per sentence too).
    """
    found: dict[int, list[DateMention]] = {}
    text = doc_text(doc)
    quotes = find_quotes(text)
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME") or _is_age(ent):
            continue
        ent = _without_count(ent)
        if ent.label_ == "TIME" and not _names_a_day(ent.text):
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
            quote = next(((a, b) for a, b in quotes if a <= start < b), None)
            found.setdefault(ent.sent.start, []).append(
                DateMention(text=mention_text, start=start, end=ent.end_char, when=when, root=ent.root.i, quote=quote)
            )
    return found


def _without_count(ent: Span) -> Span:
    """ "On Monday 12 people were killed": NER's "Monday 12" is a date and a count; a trailing number is the
    date's only as a day after a month ("March 13") or a year ("24 February 2022")."""
    end = ent.end
    while end - ent.start > 1 and ent.doc[end - 1].like_num:
        number, before = ent.doc[end - 1].text, ent.doc[end - 2]
        if _YEAR.fullmatch(number):
            break
        if number.isdigit() and 1 <= int(number) <= 31 and before.lower_.rstrip(".") in _MONTH_NAMES:
            break
        end -= 1
    return ent.doc[ent.start : end] if end != ent.end else ent


_MONTH_NAMES = {m.lower() for m in calendar.month_name[1:]} | {m.lower() for m in calendar.month_abbr[1:]} | {"sept"}


def _is_age(ent: Span) -> bool:
    """NER calls ages dates: "Felimon Contreras, 29", "a five year and a six year old", "the 3-year-old"."""
    if re.fullmatch(r"\d{1,2}", ent.text) or ent.text.lower().endswith("old"):
        return True
    return any(t.lower_ in ("old", "-old") for t in ent.doc[ent.end : ent.end + 4])


def claim_when(
    trigger: Token, category: str, mentions: list[DateMention], fallback: list[DateMention], published: dt.date | None
) -> When:
    """The date of the claim whose harm word is ``trigger``: from its sentence's ``mentions``, else from
    ``fallback`` (the dates of the sentence it continues).

    A cumulative total (``as_of``) is one that
    - follows "as of", "by", "since", "so far", "to date" ... or is counted over a war ("in 10 years of civil
      war", "the invasion led to", "have died in the Russian invasion");
    - is in the perfect ("have been killed", "had fled"), stands in the present ("there are 8,000 prisoners")
      or is said with "a total of", "already", "death toll", unless an incident dates it (a day the parse ties
      to the harm, or a single strike, attack, blast);
    - counts refugees or displaced people (a stock), unless the parse ties a day to it (but "the number of
      refugees reached 1 million on 2 March" is the stock on that day) or it is a scene in the present
      ("Thousands of refugees flee across the ruins") or an evacuation.
    Its period: "since X" runs from X to the day it was said (else publication); "as of X" is X; a total
    with no date stands at publication. Other claims take the sentence's date the parse ties to the harm
    (the day of the harm before the day a source spoke of it), else its first, never one after publication
    or in a quotation the claim is outside of.
    """
    heard = [m for m in mentions if m.quote is None or m.quote[0] <= trigger.idx < m.quote[1]]
    usable = [m for m in heard if not _future(m, published)]
    cumulative = _cumulative(trigger, category, usable, published)
    if cumulative is not None:
        return cumulative
    tied = [m for m in usable if _governs(trigger.doc[m.root], trigger)]
    # the harm's own clause first: "mourners gathered on Monday for the 12 who were killed on Friday" is Friday
    own = _norm(_clause(trigger)).i
    tied = sorted(tied, key=lambda m: _norm(_clause(trigger.doc[m.root])).i != own)
    chosen = next((m for m in tied if not _reported_on(trigger.doc[m.root], trigger)), None)
    chosen = chosen or next(iter(tied + usable), None)
    chosen = chosen or next((m for m in fallback if m.quote is None and not _future(m, published)), None)
    if chosen is None:
        return When(start=None, end=None, precision="unknown", as_of=False, text=None)
    when = chosen.when
    return When(start=when.start, end=when.end, precision=when.precision, as_of=False, text=when.text)


def _cumulative(trigger: Token, category: str, mentions: list[DateMention], published: dt.date | None) -> When | None:
    doc, sentence = trigger.doc, trigger.sent
    text = doc_text(doc)
    if _cue(_RATE, trigger):
        return None  # "824 troops dying each day": a rate, never a running total
    for mention in mentions:
        prefix = text[max(sentence.start_char, mention.start - 10) : mention.start].lower()
        possessive = text[mention.end : mention.end + 2] in ("'s", "’s")
        if re.search(r"\b(?:as of|as at|by)\s*$", prefix) and not possessive:
            if _governs(doc[mention.root], trigger):
                when = mention.when
                return When(start=when.start, end=when.end, precision=when.precision, as_of=True, text=when.text)
    since = _since(trigger, mentions, published)
    if since is not None:
        return since
    if _cue(_CUMULATIVE, trigger) or _war_scope(trigger):
        return _standing(trigger, mentions, published)
    stock = category == "displaced" and trigger.lemma_.lower() not in _STOCK_EXCEPTIONS
    if stock:
        # "as the number of refugees reached 1 million" on a day: the stock as of that day
        if _figure_of(trigger) or not (_anchored(trigger, mentions, sentence_wide=False) or _scene(trigger)):
            return _standing(trigger, mentions, published)
        return None
    standing = _perfect(trigger) or _there_are(trigger) or _cue(_TOTAL, trigger)
    if standing and not _anchored(trigger, mentions, sentence_wide=True):
        return _standing(trigger, mentions, published)
    return None


def _standing(trigger: Token, mentions: list[DateMention], published: dt.date | None) -> When:
    """A total with no start of its own: as of the date tied to it ("said on Thursday that"), else publication."""
    tied = next((m for m in mentions if _governs(trigger.doc[m.root], trigger)), None)
    if tied is not None:
        when = tied.when
        return When(start=when.start, end=when.end, precision=when.precision, as_of=True, text=when.text)
    end = published.isoformat() if published else None
    return When(start=None, end=end, precision="day" if end else "unknown", as_of=True, text=None)


def _since(trigger: Token, mentions: list[DateMention], published: dt.date | None) -> When | None:
    """ "since 24 February", "since the start of the war", "since Russia's invasion began on 24 February"."""
    doc = trigger.doc
    text = doc_text(doc)
    for token in trigger.sent:
        if token.lower_ != "since":
            continue
        # "since the invasion began": the clause "since" marks is an adverbial of the verb above it
        anchor = token.head.head if token.dep_ == "mark" else token
        if not _governs(anchor, trigger):
            continue
        direct = [m for m in mentions if m.start > token.idx and not text[token.idx + 5 : m.start].strip(" ,")]
        if direct:  # "since 24 February", however the parse hangs it
            inside, phrase = direct[:1], text[token.idx : direct[0].end]
        else:
            words = list(token.subtree) if any(True for _ in token.children) else list(token.head.subtree)
            words = [w for w in words if w.i >= token.i]
            if any(w.i == trigger.i for w in words):
                continue  # "since they were captured": the harm starts the period, it is not counted over it
            last = words[-1].idx + len(words[-1])
            phrase = text[token.idx : last]
            inside = [m for m in mentions if token.idx <= m.start < last]
        if _WORLD_WAR.match(phrase) or _compares(token):
            continue
        start: dt.date | None = None
        precision: Precision = "unknown"
        if inside:
            since_when = inside[0].when
            start = dt.date.fromisoformat(since_when.start) if since_when.start else None
            precision = since_when.precision
        elif _SINCE_PERIOD.search(phrase):
            war = _RUSSIA_UKRAINE.search(trigger.sent.text)
            if war and published is not None and published >= INVASION_START:
                start, precision = INVASION_START, "day"
        elif not phrase.lower().startswith("since then"):
            continue  # "since" as "because"
        said = next((m for m in mentions if m not in inside and _reported_on(doc[m.root], trigger)), None)
        end = said.when.end if said and said.when.end else (published.isoformat() if published else None)
        return When(start=start.isoformat() if start else None, end=end, precision=precision, as_of=True,
                    text=phrase)  # fmt: skip
    return None


def _compares(since: Token) -> bool:
    """ "the largest exchange of prisoners since Russia invaded", "the worst attack since 2014", "the second trial
    since the invasion": a superlative or an ordinal before "since" compares with the period, it counts nothing
    over it ("at least 12 since Monday" does)."""
    before = since.doc[max(since.sent.start, since.i - 8) : since.i]
    return any(
        (t.tag_ in ("JJS", "RBS") or t.lower_ == "first" or (t.ent_type_ == "ORDINAL" and t.pos_ == "ADJ"))
        and not (t.i > 0 and t.doc[t.i - 1].lower_ == "at")
        for t in before
    )


def _cue(pattern: re.Pattern[str], trigger: Token) -> bool:
    """A cue in the sentence that belongs to the harm's clause (not to another claim of the sentence)."""
    sentence = trigger.sent
    for match in pattern.finditer(sentence.text):
        span = sentence.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None and _governs(span[-1], trigger):
            return True
    return False


def _governs(token: Token, trigger: Token) -> bool:
    """The token belongs to the clause of the harm or to a clause above it ("said on Thursday that ...")."""
    target = _norm(_clause(token)).i
    return any(_norm(t).i == target for t in (trigger, *trigger.ancestors))


def _clause(token: Token) -> Token:
    """The verb of the token's clause (the token itself when it is one; the root when none is)."""
    for candidate in (token, *token.ancestors):
        if candidate.pos_ in ("VERB", "AUX"):
            return candidate
    return token.sent.root


def _norm(token: Token) -> Token:
    """Coordinated verbs share their clause ("had been killed and 10 wounded"; the parse of "had been killed
    and at least 8 injured" hangs "injured" on the "8" it coordinates)."""
    while True:
        if token.dep_ == "conj" and token.head.i != token.i:
            token = token.head
        elif token.dep_ == "acl" and token.head.dep_ == "conj":
            token = token.head.head
        else:
            return token


def _reported_on(token: Token, trigger: Token) -> bool:
    """The date is the day a source spoke ("said on Thursday that ..."), not the day of the harm."""
    verb = _clause(token)
    return verb.i != trigger.i and verb.lemma_.lower() in SPEECH_VERBS and _governs(token, trigger)


def _perfect(trigger: Token) -> bool:
    """The harm is told in the perfect: "have been killed", "having left", and "had fled" in what a source
    said (reported speech moves the perfect back); a story's own "had killed" only orders past events ("a
    German rocket that had killed her mother"), "are believed to have died" only puts the death before
    the belief, and the perfect of another verb over a harm adjective ("two captured soldiers have pleaded
    guilty") is not the harm's."""
    if trigger.dep_ == "amod" and trigger.head.pos_ in ("NOUN", "PROPN"):
        return False  # "53 injured troops have been taken to hospital": the perfect is of the transfer, not the harm
    verb = _norm(_clause(trigger))
    # "has claimed to have killed", "have been confirmed to have been killed": the verb above says it
    candidates = (verb, _norm(verb.head)) if verb.dep_ == "xcomp" else (verb,)
    for candidate in candidates:
        for child in candidate.children:
            if child.dep_ != "aux" or child.lemma_.lower() != "have":
                continue
            if child.tag_ in ("VBZ", "VBP", "VBG"):
                return True
            if child.tag_ == "VBD" and _reported(candidate):
                return True
    return False


def _reported(verb: Token) -> bool:
    """The clause is what a source said, claimed, estimated ("the WHO said", "Ukraine claimed Russia had")."""
    return any(a.pos_ == "VERB" and a.lemma_.lower() in SPEECH_VERBS for a in verb.ancestors)


def _figure_of(trigger: Token) -> bool:
    """The people are counted by a figure word: "the number of refugees", "the total of displaced"."""
    return any(t.lemma_.lower() in _FIGURES for t in (trigger, *trigger.ancestors) if t.pos_ == "NOUN")


def _there_are(trigger: Token) -> bool:
    """ "There are about 8,000 prisoners of war held in ...": a present standing figure."""
    verb = _clause(trigger)
    return verb.lemma_ == "be" and verb.tag_ in ("VBP", "VBZ") and any(c.dep_ == "expl" for c in verb.children)


def _anchored(trigger: Token, mentions: Iterable[DateMention], *, sentence_wide: bool) -> bool:
    """An incident dates the figure: a day in the harm's own clause (anywhere in the sentence when
    ``sentence_wide``; the day a source spoke aside) or, sentence wide, a single strike, attack, blast ..."""
    doc = trigger.doc
    for mention in mentions:
        if mention.when.precision not in ("day", "week"):
            continue
        root = doc[mention.root]
        if _clause(root).i != trigger.i and _clause(root).lemma_.lower() in SPEECH_VERBS:
            continue
        if sentence_wide or _norm(_clause(root)).i == _norm(_clause(trigger)).i:
            return True
    return sentence_wide and any(_incident(t) for t in trigger.sent)


def _incident(token: Token) -> bool:
    """A single strike, attack, blast ...; strikes on one site ("missile strikes on an apartment building", "the
    attacks on the northern part of the city") are one incident too, strikes on many ("on Ukrainian cities"), on a
    whole town ("on Kharkiv") or on none named ("in the attacks") may be a campaign."""
    if token.lemma_.lower() not in _INCIDENTS:
        return False
    if token.tag_ == "NN":
        return True
    targets = [o for p in token.children if p.lower_ == "on" for o in p.children if o.dep_ == "pobj"]
    # the parser may read "after missile strikes on ..." as a verb ("strikes" VBZ): "strikes on" is the noun still
    return token.tag_ in ("NNS", "VBZ") and bool(targets) and all(o.tag_ == "NN" for o in targets)


def _war_scope(trigger: Token) -> bool:
    """The figure is counted over a whole war: "have died in the Russian invasion", "the war has killed"."""
    verb = _clause(trigger)
    for head in {trigger, verb, _norm(verb)}:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "during", "throughout"):
                if any(obj.lemma_.lower() in _WARS for obj in child.children if obj.dep_ == "pobj"):
                    return True
            if child.dep_ in ("nsubj", "nsubjpass") and child.lemma_.lower() in _WARS:
                return True
    return False


def _scene(trigger: Token) -> bool:
    """People fleeing in the present, seen on the spot ("Thousands of refugees flee across the ruins"), not a
    stock ("refugees flee Ukraine": leaving a country is counted as a stock)."""
    verb = _clause(trigger)
    if any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children):
        return False
    progressive = verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_.lower() == "be" for c in verb.children)
    if verb.pos_ != "VERB" or not (verb.tag_ in ("VBP", "VBZ") or progressive):
        return False  # "The figure is currently above 1.3 million" states a stock
    country = any(t.ent_type_ == "GPE" or t.lower_ in ("country", "abroad", "homes") for t in verb.subtree)
    return progressive or not country


def _future(mention: DateMention, published: dt.date | None) -> bool:
    """A date after publication is a plan or a forecast ("tomorrow"), never the date of a harm."""
    return published is not None and mention.when.start is not None and mention.when.start > published.isoformat()


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
