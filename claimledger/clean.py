"""Cleaning: drop what is not article prose before any NLP runs.

Photo credits, captions and embedded related-article headlines must never become claims
(a caption repeats the story in other words and would be counted twice). A line is kept
when it reads as prose: it ends like a sentence and carries no picture credit. All claim
offsets refer to the cleaned text this module returns.
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
# A line ending in one of these (possibly followed by closing quotes/brackets) reads as a sentence.
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*\s*$|[\"”’»]\s*$")
_MIN_PROSE_WORDS = 1


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
    for number, line in enumerate(lines):
        if _is_prose(line) or (opens and number == 0):
            kept.append(line)
        else:
            dropped.append(line)
    if not kept and dropped:
        # A single unpunctuated block (e.g. a pasted headline-only text) is still the article.
        kept, dropped = dropped, []
    if headline and not opens:
        kept.insert(0, headline)
    return Cleaned(text="\n".join(kept), dropped=tuple(dropped))


def _same_line(line: str, headline: str) -> bool:
    """The text's first line is its headline, give or take case and a final stop."""
    return line.rstrip(".!?…").casefold() == headline.rstrip(".!?…").casefold()


def _is_prose(line: str) -> bool:
    if _CREDIT.search(line):
        return False
    if len(line.split()) < _MIN_PROSE_WORDS:
        return False
    return bool(_SENTENCE_END.search(line))


def article_id(clean: str) -> str:
    """Stable id: sha256 of the cleaned text with white space folded and case kept."""
    normalised = " ".join(clean.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
