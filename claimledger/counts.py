"""Counts: number expressions with UCDP-style bounds, found over spaCy tokens.

This stage only says *how many* and over which tokens; whether the number counts people
harmed is decided by :mod:`claimledger.casualties`, which looks at what the number quantifies
("three separate medical facilities" and "100 kilometres" are numbers, never casualty counts).

Bounds follow the design: "more than 2,500" → low 2501; "at least 12" → low 12; "up to 40" →
high 40; "nearly 14,000" → high 14000, approximate; "about 14,000" → 14000..14000, approximate;
"between 30 and 40" → 30..40; vague plurals are lower bounds ("dozens" → 24, "hundreds" → 200).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

UNITS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "couple": 2, "pair": 2,
}  # fmt: skip
SCALES = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "k": 1_000,
    "m": 1_000_000,
}
# Vague plural quantities: a plural means at least two of the unit.
VAGUE_PLURALS = {
    "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000, "millions": 2_000_000,
    "tens": 20,
}  # fmt: skip
VAGUE_FEW = {"several": 2, "few": 2, "handful": 2}
# ("a number of people" gives no figure a casualty recorder would write down, unlike "several" or "dozens".)

_LOWER_STRICT = ("more than", "over", "above", "upwards of", "in excess of", "greater than")
_LOWER = ("at least", "no fewer than", "no less than", "a minimum of", "not less than", "as few as")
_UPPER = ("up to", "as many as", "no more than", "at most", "a maximum of", "not more than")
_UPPER_STRICT = ("fewer than", "less than", "under", "below")
_NEAR_UPPER = ("nearly", "almost", "close to", "just under", "just short of", "nearing")
_APPROX = (
    "about", "around", "approximately", "roughly", "some", "an estimated", "estimated", "circa", "approx.",
    "an approximate", "or so", "perhaps", "possibly",
)  # fmt: skip
_QUALIFIERS = sorted(
    [(q, "lower_strict") for q in _LOWER_STRICT]
    + [(q, "lower") for q in _LOWER]
    + [(q, "upper") for q in _UPPER]
    + [(q, "upper_strict") for q in _UPPER_STRICT]
    + [(q, "near_upper") for q in _NEAR_UPPER]
    + [(q, "approx") for q in _APPROX],
    key=lambda item: -len(item[0].split()),
)

_TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century", "night", "morning"}
_MONTH = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.IGNORECASE)
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")
_DIGITS_SCALE = re.compile(r"^(\d+(?:\.\d+)?)([km])$", re.IGNORECASE)
_GROUP = re.compile(r"^\d{3}$")
_GROUP_HEAD = re.compile(r"^\d{1,3}(?: ?\d{3})*$")
_FRACTIONS = {"half": 0.5, "quarter": 0.25, "third": 1 / 3}


@dataclass(frozen=True)
class CountMention:
    """A number expression: token span [i, j) in the doc, bounds, and the token the number modifies."""

    i: int
    j: int
    low: int | None
    high: int | None
    approximate: bool
    text: str
    start: int
    end: int
    anchor: int  # index of the last number token: its syntactic head tells what is counted


def number_value(words: list[str]) -> int | None:
    """Value of a number phrase given as lower-case words ("2,500", "two hundred", "1.5 million")."""
    total = 0
    current: float | None = None
    previous = ""
    for word in words:
        word = word.strip()
        if not word or word in ("-", "and"):
            continue
        scaled = _DIGITS_SCALE.match(word)
        if _DIGITS.match(word):
            value = float(word.replace(",", ""))
            if current is not None and _GROUP.match(word) and _GROUP_HEAD.match(previous):
                current = current * 1000 + value  # "473 400": thousands set off by a space
            else:
                current = value if current is None else current + value
        elif scaled:
            current = (current or 0) + float(scaled.group(1)) * SCALES[scaled.group(2).lower()]
        elif word in UNITS:
            current = (current or 0) + UNITS[word] if word not in ("a", "an") else (current or 1)
        elif word in SCALES:
            scale = SCALES[word]
            if scale >= 1000:
                total += int((current if current is not None else 1) * scale)
                current = None
            else:
                current = (current if current is not None else 1) * scale
        else:
            return None
        previous = word
    result = total + (int(round(current)) if current is not None else 0)
    return result if (current is not None or total) else None


def _is_number_token(token: Token) -> bool:
    low = token.lower_
    if _is_day_month(low) and not (token.i + 1 < len(token.doc) and token.nbor(1).lower_ in SCALES):
        return False  # a date, not "1.10 million"
    if low in ("a", "an", "no", "one"):
        return low == "one" and token.pos_ == "NUM"
    if _DIGITS.match(low) or _DIGITS_SCALE.match(low):
        return True
    return low in UNITS or low in SCALES or (token.like_num and not token.is_punct)


def _is_date_or_measure(doc: Doc, i: int, j: int) -> bool:
    """Years, clock times, ages and dates are numbers, never counts."""
    span = doc[i:j]
    k = j
    while k < len(doc) and (doc[k].like_num or doc[k].lower_ in ("and", "to", "or", "-", "–")):
        k += 1  # past the rest of a range: "30 and 40 bodies"
    counts_plural = k < len(doc) and doc[k].tag_ in ("NNS", "NNPS") and doc[k].lemma_.lower() not in _TIME_UNITS
    # NER reads "injuring 80" as a DATE: a lone number that is a verb's object or subject, with no time word
    # after it, counts something
    after = doc[j].lemma_.lower() if j < len(doc) else ""
    argument = j - i == 1 and span.root.dep_ in ("dobj", "nsubj", "nsubjpass") and span.root.ent_type_ == "DATE"
    if argument and after not in _TIME_UNITS and not doc[j - 1].ent_iob_ == "I" and not _MONTH.match(after):
        counts_plural = True
    if (
        span.root.ent_type_ in ("DATE", "TIME", "PERCENT", "MONEY", "ORDINAL")
        and not any(t.lower_ in VAGUE_PLURALS for t in span)
        and not counts_plural  # NER reads "Between 30 and 40 bodies" as a DATE
    ):
        return True
    if j < len(doc) and doc[j].text in ("%", "-year", "-year-old", "year-old", "-month-old"):
        return True
    if j < len(doc) and doc[j].lower_ in ("times", "fold", "-fold", "percent", "per"):
        return True  # "three times higher", "20 percent": a ratio, not a count
    if j < len(doc) - 1 and doc[j].text == "-" and doc[j + 1].lower_ in ("year", "month", "week", "day", "hour"):
        return True
    if _is_age(doc, i, j) or _is_station(doc, i, j):
        return True
    text = span.text
    return bool(re.fullmatch(r"(1[89]|20)\d\d", text)) or ":" in text


def _is_day_month(text: str) -> bool:
    """ "from 24.02 to 16.08", "on 12.03.2022": a day and month written with dots, as Ukrainian and Russian
    bulletins date their tallies (a figure is never written with two decimals after a day-sized number)."""
    match = re.fullmatch(r"(\d{1,2})\.(\d{2})(?:\.(?:\d{2}|\d{4}))?", text)
    return match is not None and 1 <= int(match.group(1)) <= 31 and 1 <= int(match.group(2)) <= 12


def _is_station(doc: Doc, i: int, j: int) -> bool:
    """ "CBS 58 - Five Killed", "WPSD Local 6", "Channel 4": a broadcaster's number is part of its name."""
    if j - i != 1 or i == 0 or not doc[i].like_num:
        return False
    before = doc[i - 1]
    call_sign = before.text.isupper() and before.text.isalpha() and 2 <= len(before.text) <= 5
    return (call_sign and before.pos_ == "PROPN") or before.lower_ in ("channel", "local")


def _is_age(doc: Doc, i: int, j: int) -> bool:
    """ "aged 31", "Felimon Contreras, 29, was killed", "Tennessee boy, 7, killed", "Juan Mercado, 21 - The
    Homicide Report": a small number set off by commas right after a person is that person's age."""
    if i == 0:
        return False
    before = i - 1
    if before >= 2 and doc[before].text in ("-", "–", "to", "and") and doc[before - 1].like_num:
        before -= 2  # the second number of "ages 20-27"
    if doc[before].lower_ in ("aged", "age", "ages"):
        return True  # "aged 31", "ages 20-27"
    if j - i != 1 or not doc[i].like_num:
        return False
    if doc[i - 1].text not in (",", "(") or i < 2:
        return False
    value = number_value([doc[i].lower_])
    if value is None or not 0 < value < 120:
        return False
    closes = j == len(doc) or doc[j].text in (",", ")", "-", "–", "—", ".", ";") or doc[j].is_sent_start
    return bool(closes) and doc[i - 2].tag_ in ("NNP", "NN")  # a name or one person: "the gunman, 22,"


def find_counts(doc: Doc) -> list[CountMention]:
    """Every number expression in the doc with its bounds (counts of anything: the caller filters)."""
    mentions: list[CountMention] = []
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        low = token.lower_
        if low in VAGUE_PLURALS:
            j = i + 1
            # "tens of thousands", "hundreds of thousands"
            if j + 1 < n and doc[j].lower_ == "of" and doc[j + 1].lower_ in VAGUE_PLURALS:
                value = VAGUE_PLURALS[low] * SCALES[doc[j + 1].lower_.rstrip("s")]
                j += 2
            else:
                value = VAGUE_PLURALS[low]
            mentions.append(_with_qualifier(doc, i, j, value, None, approximate=True))
            i = j
            continue
        fraction = _fraction_of_scale(doc, i)
        if fraction is not None:
            mentions.append(_with_qualifier(doc, i, fraction[0], fraction[1], fraction[1], approximate=False))
            i = fraction[0]
            continue
        if low in VAGUE_FEW and _vague_few_ok(doc, i):
            start = i - 1 if i > 0 and doc[i - 1].lower_ == "a" else i
            mentions.append(_make(doc, start, i + 1, VAGUE_FEW[low], None, approximate=True, anchor=i))
            i += 1
            continue
        if token.lower_ in SCALES and i > 0 and doc[i - 1].lower_ in ("a", "an"):
            i -= 1  # "a dozen", "a hundred", "a thousand"
        elif not _is_number_token(token) or token.lower_ in SCALES:
            i += 1
            continue
        j = i + 1
        while j < n and (_is_number_token(doc[j]) or _joins_number_words(doc, j)):
            j += 1
        if _is_date_or_measure(doc, i, j):
            i = j
            continue
        parsed = number_value([t.lower_ for t in doc[i:j]])
        if parsed is None:
            i = j
            continue
        value = parsed
        # Ranges: "between 30 and 40", "30 to 40", "30-40", "two or three".
        high_value: int | None = value
        start = i
        if j + 1 < n and doc[j].lower_ in ("to", "-", "–", "or", "and") and _is_number_token(doc[j + 1]):
            k = j + 1
            while k < n and _is_number_token(doc[k]):
                k += 1
            second = number_value([t.lower_ for t in doc[j + 1 : k]])
            if second is not None and _shares_scale(value, second, doc[i:j]):
                value *= 1000  # "70 to 80,000": the first number borrows the second's thousands
            is_between = i > 0 and doc[i - 1].lower_ in ("between", "from")
            if second is not None and second > value and (doc[j].lower_ != "and" or is_between):
                high_value = second
                if is_between:
                    start = i - 1
                mentions.append(_make(doc, start, k, value, high_value, approximate=False, anchor=k - 1))
                i = k
                continue
        mentions.append(_with_qualifier(doc, i, j, value, high_value, approximate=False))
        i = j
    return mentions


def _fraction_of_scale(doc: Doc, i: int) -> tuple[int, int] | None:
    """ "half a million", "half of a million", "a quarter of a million": (end token, value)."""
    fraction = _FRACTIONS.get(doc[i].lower_)
    if fraction is None:
        return None
    k = i + 1
    if k < len(doc) and doc[k].lower_ == "of":
        k += 1
    if k + 1 < len(doc) and doc[k].lower_ in ("a", "an") and doc[k + 1].lower_ in SCALES:
        scale = SCALES[doc[k + 1].lower_]
        if scale >= 1000:
            return k + 2, int(fraction * scale)
    return None


def _shares_scale(first: int, second: int, first_tokens: Span) -> bool:
    """ "70 to 80,000", "70 to 80 thousand": a small bare first number of a range in thousands is thousands too."""
    bare = all(t.like_num and "," not in t.text for t in first_tokens)
    return bare and first < 1000 and second >= 1000 and second % 1000 == 0 and second / 10 <= first * 1000 <= second


def _joins_number_words(doc: Doc, j: int) -> bool:
    """The hyphen of "twenty-five" and the "and" of "two hundred and fifty" stay inside the number."""
    if j + 1 >= len(doc) or not _is_number_token(doc[j + 1]) or doc[j + 1].lower_ not in UNITS:
        return False
    if doc[j].text == "-":
        return doc[j - 1].lower_ in UNITS
    return doc[j].lower_ == "and" and doc[j - 1].lower_ in SCALES


def _vague_few_ok(doc: Doc, i: int) -> bool:
    token = doc[i]
    if token.lower_ == "handful":
        return i + 1 < len(doc) and doc[i + 1].lower_ == "of"
    if token.lower_ == "few":
        return i > 0 and doc[i - 1].lower_ == "a"
    return True


def _with_qualifier(doc: Doc, i: int, j: int, low: int, high: int | None, *, approximate: bool) -> CountMention:
    """Apply a qualifier in the (up to three) words before the number."""
    for phrase, kind in _QUALIFIERS:
        words = phrase.split()
        k = i - len(words)
        if k < 0 or [t.lower_ for t in doc[k:i]] != words:
            continue
        if kind == "lower_strict":
            return _make(doc, k, j, low + 1, None, approximate=approximate, anchor=j - 1)
        if kind == "lower":
            return _make(doc, k, j, low, None, approximate=approximate, anchor=j - 1)
        if kind == "upper":
            return _make(doc, k, j, None, high if high is not None else low, approximate=approximate, anchor=j - 1)
        if kind == "upper_strict":
            top = high if high is not None else low
            return _make(doc, k, j, None, max(top - 1, 0), approximate=approximate, anchor=j - 1)
        if kind == "near_upper":
            return _make(doc, k, j, None, high if high is not None else low, approximate=True, anchor=j - 1)
        return _make(doc, k, j, low, high if high is not None else low, approximate=True, anchor=j - 1)
    return _make(doc, i, j, low, high, approximate=approximate, anchor=j - 1)


def _make(
    doc: Doc, i: int, j: int, low: int | None, high: int | None, *, approximate: bool, anchor: int
) -> CountMention:
    span = doc[i:j]
    return CountMention(
        i=i, j=j, low=low, high=high, approximate=approximate, text=span.text,
        start=span.start_char, end=span.end_char, anchor=anchor,
    )  # fmt: skip
