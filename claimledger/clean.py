"""Cleaning: drop what is not article prose before any NLP runs.

Photo credits, caption lines and embedded related-article headlines must never become claims. A line
is kept when it reads as prose: it ends like a sentence and carries no picture credit. A caption inside
a line of prose (pages and live blogs flattened to one line) loses only its credit: it is part of what
the page says and often the only place a figure is given; corroboration counts a repeated claim once.
All claim offsets refer to the cleaned text this module returns.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

_CREDIT = re.compile(
    r"\((?:Picture|Photo|Photograph|Image|Pictures|Photos|Credit|Video)s?\s*:[^)]*\)"
    r"|\b(?:Photograph|Photo|Picture|Image)(?:\s*credit)?\s*:\s*\S.*$",
    re.IGNORECASE,
)
# A credit inside a long line (live blogs, pages flattened to one line): "... arrive at a camp in Przemyśl, Poland.
# Photograph: Yara Nardi/Reuters Russia's defence ministry said ...". The credit ends at its agency: the last
# slashed name (a known agency first, so "Maxim Penko/APKyiv has accused" keeps "Kyiv"), or a known agency.
_AGENCIES = (
    r"(?:The Guardian|The Observer|Getty Images|Getty|Shutterstock|Alamy|Reuters|AFP|AP|EPA|PA Media|PA|Rex|REX|"
    r"Xinhua|Sputnik|TASS|Anadolu|SIPA|Zuma|ZUMA|Ukrinform|Avalon)"
)
_INLINE_CREDIT = re.compile(
    r"\(?\b(?:Photograph|Photo|Picture|Image|Illustration|Composite)s?\s*:\s*"
    r"(?:[^\s/()]+(?:\s+[^\s/()]+){0,4}?(?:/(?:"
    + _AGENCIES
    + r"|[^\s/()]+))+|(?:[^\s/()]+\s+){0,4}?"
    + _AGENCIES
    + r"\b|[A-Z][\w’'-]+\s+[A-Z][\w’'-]+(?=\s+[A-Z“\"‘]))\)?"  # or a photographer's name alone
)
# A sentence ends before a credit: the credit is inside prose, not the end of a caption line.
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’»)\]]*(?=\s*[A-Z“\"‘«])")
# A line ending in one of these (possibly followed by closing quotes/brackets) reads as a sentence.
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*\s*$|[\"”’»]\s*$")
# A long line with sentences inside it is prose even when it ends in a heading ("... developed in Ukraine. Phase
# one Invasion"); a table flattened to one line has no sentence inside.
_INNER_SENTENCE = re.compile(r"[a-z0-9”’\"')][.!?][\"'”’]?\s*[A-Z“\"‘]")
_LONG_LINE_WORDS = 25
# An infographic's figure line: a number and who it counts ("79,209 refugees", "1,200 civilians killed").
_FIGURE_LINE = re.compile(
    r"^(?:about |around |over |more than |at least )?\d[\d,. ]*(?:m|k| million| thousand)? "
    r"(?:[A-Za-z-]+ ){0,2}(?:refugees|displaced|dead|killed|deaths|wounded|injured|casualties|civilians|"
    r"soldiers|troops|prisoners|people|children|missing|evacuated|evacuees)(?: (?:killed|dead|wounded|injured|"
    r"displaced|missing|evacuated|captured|fled))?$",
    re.IGNORECASE,
)
_MIN_PROSE_WORDS = 1
# Boilerplate (see _cut_boilerplate). A sidebar of other stories opens with its label; the label alone, or
# followed by a colon or dash, or one that cannot open prose ("Other Topics of Interest", "Related stories").
_SIDEBAR = re.compile(
    r"^(?:(?:other topics of interest|related (?:stories|articles|news|content|coverage|topics|reading|links)|"
    r"more on this (?:story|topic)|you (?:may|might) also (?:like|be interested in)|recommended (?:for you|stories)|"
    r"most (?:read|viewed|popular)|editor['’]s picks?|more stories|top stories|latest stories)\b"
    r"|(?:related|read (?:also|more)|also read|see also|more|trending|watch|listen)\s*(?:[:|–—-]|$))",
    re.IGNORECASE,
)
# A promotion of the outlet's channels: "JOIN US ON TELEGRAM! Follow our coverage ...", "Subscribe to our ...".
_PROMOTION = re.compile(
    r"^(?:join us on|follow us on|follow our coverage|subscribe to (?:our|the)|sign up (?:to|for) (?:our|the)|"
    r"download (?:our|the) \w+ app|get (?:our|the) \w+ app|click here)\b",
    re.IGNORECASE,
)
# Another story's headline glued to its link inside prose: "... that dream. Russia’s belief in Nato ‘betrayal’ – and
# why it matters todayRead more For Putin, ...". The headline runs from the sentence before it; at most this long.
_READ_MORE = re.compile(r"(?:(?<=\S)|^)Read more(?: here)?(?![a-z]):?")
# Where such a headline begins: after a sentence, or after a colon glued to it ("which is still going:Ukraine ...").
_HEADLINE_START = re.compile(_SENTENCE_BREAK.pattern + r"|:(?=[A-Z“‘\"])")
_HEADLINE_WORDS = 30
# A newsletter prompt inside prose: "Sign up to First Edition, our free daily newsletter – every weekday morning at
# 7am BST"; it ends at its time, or at the newsletter's name.
_NEWSLETTER = re.compile(
    r"\b(?:Sign up|Subscribe)(?: now)? (?:to|for) [^.!?]{0,80}?\b(?:newsletter|briefing|bulletin|digest)s?\b"
    r"(?:[^.!?]{0,60}?\b\d{1,2}(?:[.:]\d{2})?\s?[ap]m\b(?: [A-Z]{3,4}\b)?)?[.!]?"
)
_SHOUTED_WORDS = 4
# A sidebar or promotion is a short line; a longer one is a page flattened to one line, whose prose stays.
_SIDEBAR_WORDS = 60
_UPDATED = re.compile(r"\bUpdated at \d{1,2}[.:]\d{2}\s*[A-Z]{2,4}(?: \d{1,2} [A-Z][a-z]+ \d{4})?")
_GLUED_HEADING = re.compile(r"\b([a-z]{3,})(?=[A-Z][a-z]+ )")
_GLUED_TIME = re.compile(r"(?:\b\d{1,2}[hm] ago)?(?<![\d.,])(?:(?<=\d{4})|(?<=\D))\d{1,2}\.\d{2}(?=[A-Z“\"‘])")


@dataclass(frozen=True)
class Cleaned:
    """The cleaned text and what was dropped (kept for the audit trail)."""

    text: str
    dropped: tuple[str, ...]


def clean_text(raw: str, title: str | None = None) -> Cleaned:
    """Normalise white space and Unicode, then keep the prose lines only.

    The article's own headline, its ``title`` ("Five Injured in Overnight Des Moines Shooting"), is the first line
    of the text, kept though unpunctuated: it states the figures the story is about. It is put there when the
    text does not open with it (front matter, feeds, pages whose title the extractor returns apart).
    """
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    kept: list[str] = []
    dropped: list[str] = []
    headline = " ".join(unicodedata.normalize("NFC", title).split()) if title else None
    if headline and _CREDIT.search(headline):
        headline = None
    lines = [stripped for line in text.split("\n") if (stripped := re.sub(r"[ \t]+", " ", line).strip())]
    opens = bool(headline and lines and _same_line(lines[0], headline))
    if headline is None and lines and _reads_as_headline(lines[0]):
        opens = True  # a text whose title came as its first line ("Four US marines killed in plane crash")
    for number, line in enumerate(lines):
        if opens and number == 0:
            kept.append(line)
            continue
        line, boilerplate = _cut_boilerplate(line)
        dropped.extend(boilerplate)
        line = _unglue_live_blog(line)
        line, credits = _cut_inline_credits(line)
        dropped.extend(credits)
        if line and _is_prose(line):
            kept.append(line)
        elif line:
            dropped.append(line)
    if not kept and dropped:
        # A single unpunctuated block (e.g. a pasted headline-only text) is still the article.
        kept, dropped = dropped, []
    if headline and not opens:
        kept.insert(0, headline)
    return Cleaned(text="\n".join(kept), dropped=tuple(dropped))


def _reads_as_headline(line: str) -> bool:
    """A first line that is a headline: a few capitalised words, no credit, no sidebar or promotion."""
    words = line.split()
    return (
        3 <= len(words) <= _HEADLINE_WORDS
        and line[:1].isupper()
        and not _CREDIT.search(line)
        and _cut_boilerplate(line) == (line, [])
    )


def _same_line(line: str, headline: str) -> bool:
    """The text's first line is its headline, give or take case and a final stop."""
    return line.rstrip(".!?…").casefold() == headline.rstrip(".!?…").casefold()


def _cut_boilerplate(line: str) -> tuple[str, list[str]]:
    """The page's furniture goes, the article's prose stays: a line that is a sidebar of other stories ("Other Topics
    of Interest ...", "Related: ...", "Read also: ..."), a promotion ("JOIN US ON TELEGRAM! ...") or a shouted
    link to another story ("RUSSIA WARNS ISRAEL ...") is dropped; inside a line, another story's headline glued to
    its "Read more" link and a newsletter prompt are cut out. Another story's headline read as a claim would carry
    this article's source and date."""
    words = len(line.split())
    if words <= _SIDEBAR_WORDS and (_SIDEBAR.match(line) or _PROMOTION.match(line)) or _is_shouted(line):
        return "", [line]
    cut: list[str] = []
    while (link := _READ_MORE.search(line)) is not None:
        breaks = [m.end() for m in _HEADLINE_START.finditer(line[: link.start() + 1])]  # "replied.Read more"
        start = breaks[-1] if breaks else 0
        if len(line[start : link.start()].split()) > _HEADLINE_WORDS:
            start = link.start()  # no headline-sized run before the link: only the link goes
        cut.append(line[start : link.end()].strip())
        line = (line[:start].rstrip() + " " + line[link.end() :].lstrip()).strip()
    for prompt in _NEWSLETTER.finditer(line):
        cut.append(prompt.group().strip())
    line = re.sub(r" {2,}", " ", _NEWSLETTER.sub(" ", line)).strip()
    return line, cut


def _is_shouted(line: str) -> bool:
    """A line in capitals, as outlets set the links to their other stories ("WATCH: FBI TALKS CHINA'S THREAT")."""
    letters = [c for c in line if c.isalpha()]
    words = len(line.split())
    return (
        bool(letters)
        and _SHOUTED_WORDS <= words <= _HEADLINE_WORDS
        and sum(map(str.isupper, letters)) >= 0.8 * len(letters)
    )


def _unglue_live_blog(line: str) -> str:
    """A live blog flattened to one line glues each entry's time to its first word ("Updated at 21.17 BST 16 May
    202220.40Ukraine’s ...", "15h ago23.13Ukrainian") and its heading to its text ("... rises to 9 deadNine people
    were killed"): the stamps go, so no time is read as a count or a date, and each entry is a paragraph."""
    line = _UPDATED.sub(" ", line)
    line = _GLUED_HEADING.sub("\\1\n", _GLUED_TIME.sub("\n", line))
    return "\n".join(part for p in line.split("\n") if (part := re.sub(r" {2,}", " ", p).strip()))


def _cut_inline_credits(line: str) -> tuple[str, list[str]]:
    """A credit inside a line of prose is cut out; its caption stays, as the page shows it (it often states a
    figure the story gives only there; corroboration counts a repeated claim once). A line that is only a caption
    and its credit ("Footage appears to show ... (Picture: Twitter/ASLuhn/EPA)") is left for `_is_prose` to drop."""
    cut: list[str] = []
    while (credit := _INLINE_CREDIT.search(line)) is not None:
        before = line[: credit.start()].rstrip()
        rest = line[credit.end() :].strip()
        if not _SENTENCE_BREAK.search(before[:-1]) and len(rest.split()) < _LONG_LINE_WORDS // 5:
            return line, cut  # the whole line is a caption
        cut.append(credit.group().strip())
        line = (before + " " + rest).strip()
    return line, cut


def _is_prose(line: str) -> bool:
    if _CREDIT.search(line):
        return False
    words = len(line.split())
    if words < _MIN_PROSE_WORDS:
        return False
    if _FIGURE_LINE.match(line):
        return True
    return bool(_SENTENCE_END.search(line)) or (words >= _LONG_LINE_WORDS and bool(_INNER_SENTENCE.search(line)))


def article_id(clean: str) -> str:
    """Stable id: sha256 of the cleaned text with white space folded and case kept."""
    normalised = " ".join(clean.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
