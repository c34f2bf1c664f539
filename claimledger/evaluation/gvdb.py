"""GVDB (Pavlick et al. 2016): per-article killed / injured counts against the victims annotated.

Gold for an article is the number of victims marked ``killed``, and the number marked ``injured``
or ``hospitalized`` but not ``killed`` (a victim taken to hospital was hurt; one who died is
counted once, as killed — as the reader counts). The data set's README warns a victim list can
hold fewer entries than the text says; we score against it as it is. The prediction comes
from the article's claims by :func:`article_totals`.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EvalDataError
from ..reader import read_many
from ..records import Claim, RawArticle, ReadResult

_COLUMNS = ("Article id", "Full text", "Json")


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    killed: int
    injured: int


def load(path: str | Path, limit: int | None = None) -> list[GoldArticle]:
    """Rows of a GVDB split TSV (``dev.tsv``/``test.tsv``)."""
    path = Path(path)
    if not path.is_file():
        raise EvalDataError("no such file", where=str(path), hint="give a GVDB split such as gvdb/splits/dev.tsv")
    csv.field_size_limit(sys.maxsize)
    articles: list[GoldArticle] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        missing = [c for c in _COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise EvalDataError(f"missing columns {missing}", where=str(path), hint="is this a GVDB split TSV?")
        for row in reader:
            victims = json.loads(row["Json"]).get("victim-section") or []
            marks = [set(v.get("victim-was") or []) for v in victims]
            articles.append(
                GoldArticle(
                    id=row["Article id"],
                    text=row["Full text"],
                    killed=sum("killed" in m for m in marks),
                    injured=sum(bool(m & {"injured", "hospitalized"}) and "killed" not in m for m in marks),
                )
            )
            if limit is not None and len(articles) >= limit:
                break
    return articles


def article_totals(result: ReadResult) -> tuple[int, int]:
    """Killed and injured people an article reports.

    The victims of one harm word are added up ("killing his five children and his wife"); across
    words and sentences the largest figure wins, since news restates the same victims again and
    again (headline, lead, "The victim died at the scene"). "Shot" and "a gunshot wound" say
    only that someone was hit: a person shot who then died is not also injured, so they count as
    injuries only beyond the dead. Only the headline and lead count (:data:`LEAD_CHARS`), and never a
    running total, an earlier event (:func:`is_background`) or a part of other victims ("three others hurt,
    including the shop's co-owner": the reader's ``subset_of``).
    """
    claims = [
        c
        for c in result.claims
        if c.evidence.start < LEAD_CHARS and c.subset_of is None and not is_background(c, result.article.published)
    ]
    dead = [c for c in claims if c.category == "dead"]
    killed = _total(dead)
    the_dead = {_head_word(c) for c in dead} - {""}
    # "Jacob Allen was wounded ... Allen died": a victim named among the dead is not also injured
    wounded = [c for c in claims if c.category == "wounded" and not _among(c, the_dead)]
    beyond_dead: list[Claim] = []
    explicit: list[Claim] = []
    for claim in wounded:
        maybe_dead = (_is_shooting(claim) or _refers_back(claim)) and not _another_victim(claim, the_dead)
        (beyond_dead if maybe_dead else explicit).append(claim)
    return killed, max(_total(explicit), _total(beyond_dead) - killed)


#: News states the figures of its incident in the headline and lead (the inverted pyramid); later paragraphs bring
#: background: earlier shootings, city statistics, other victims. Per-article totals read this far (GVDB dev and GVA
#: multi-article incidents score flat from 1,200 to 2,000 characters, and lower with the whole text).
LEAD_CHARS = 1500

_SEVERAL_EVENTS = re.compile(r"\b(?:shootings|homicides|incidents)\b", re.I)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b|\byears?\b", re.I)


def is_background(claim: Claim, published: str | None) -> bool:
    """A figure about other or earlier events, not the article's incident: a running total over a year ("nine
    officers have been shot this year", "since 2007, when 28 were killed"), a tally over several events ("5 dead,
    17 wounded in weekend shootings") or a past event ("in December 2012, where 26 people died") — one begun over
    a month before publication or, with no publication date, dated by a year."""
    if _SEVERAL_EVENTS.search(claim.evidence.text) or _counts_events(claim):
        return True
    when = claim.when
    if when.as_of and when.text and _YEAR.search(when.text):
        return True
    if when.start is None:
        return False
    if published:  # "last month", "in 2009": began over a month before the story
        return (dt.date.fromisoformat(published) - dt.date.fromisoformat(when.start)).days > 31
    return when.precision in ("year", "month") and bool(when.text and _YEAR.search(when.text))


def _counts_events(claim: Claim) -> bool:
    """ "299 killings in Baltimore", "five homicides": a number of events is a city's tally, not one incident's
    victims ("the slayings of 2 teens" counts the teens)."""
    trigger, count = claim.trigger, claim.count
    if trigger is None or count.end is None or trigger.text.lower() not in _EVENT_NOUNS:
        return False
    between = claim.evidence.text[count.end - claim.evidence.start : trigger.start - claim.evidence.start]
    return count.end <= trigger.start and not between.strip()


_EVENT_NOUNS = {"killings", "homicides", "murders", "shootings", "slayings"}


def _head_word(claim: Claim) -> str:
    words = (claim.subject.text or "").replace("'s", "").replace("’s", "").split()
    return words[-1].lower() if words else ""


def _among(claim: Claim, heads: set[str]) -> bool:
    """The same victim: one person whose last word names one of the dead, not "another"/"a second" one."""
    words = f"{claim.subject.text or ''} {claim.count.text or ''}".lower()
    return (
        claim.count.low == 1
        and _head_word(claim) in heads
        and not re.search(r"\b(?:another|second|third|other)\b", words)
    )


_ANAPHOR = re.compile(r"(?:he|she|him|the|this|that)\b", re.I)


def _refers_back(claim: Claim) -> bool:
    """ "The boy was taken to hospital in critical condition", "he was wounded": one victim the story has already
    introduced, who may be one of its dead; a new injured victim comes with "a", a number or a name."""
    return claim.count.low == 1 and bool(_ANAPHOR.match(claim.count.text or ""))


_ANOTHER = re.compile(r"\b(?:also|another|other|second|third|fourth|fifth)\b", re.I)
_SURVIVED = re.compile(r"\W*(?:\w+\W+)?(?:but )?surviv")


_POLICE = {"officer", "deputy", "trooper", "k9", "agent", "policeman", "sergeant", "detective", "sheriff", "constable"}


def _another_victim(claim: Claim, the_dead: set[str]) -> bool:
    """ "A fourth man suffered a gunshot wound", "a woman was also shot, but survived": not one of the dead; nor is
    an officer shot where no officer died ("a deputy was shot ... the suspect took his own life")."""
    if _head_word(claim) in _POLICE and not the_dead & _POLICE:
        return True
    if claim.count.start is None or claim.trigger is None:
        return False
    start = claim.count.start - claim.evidence.start
    end = claim.trigger.end - claim.evidence.start
    text = claim.evidence.text
    return bool(_ANOTHER.search(text[start:end]) or _SURVIVED.match(text, end))


def _is_shooting(claim: Claim) -> bool:
    """ "shot", "struck", "a gunshot wound": someone was hit, but the words do not say they survived."""
    word = claim.trigger.text.lower() if claim.trigger is not None else ""
    return word.startswith(("shoot", "shot", "wound", "hit", "struck", "strik", "graz")) and word != "wounded"


_OWN_LIFE = re.compile(
    r"\b(?:took (?:his|her|their) own li(?:fe|ves)|(?:killed|shot) (?:himself|herself|themselves))\b", re.I
)


def _total(claims: list[Claim]) -> int:
    """Victims of one harm word are added up; across words and sentences the largest figure wins,
    except that an attacker who killed others and then took their own life is one more death, not a
    restatement ("an 11-year-old fatally shot himself" alone is one death)."""
    per_trigger: dict[int, int] = {}
    own_lives = 0
    killed_by_someone = False
    for claim in claims:
        value = claim.count.low if claim.count.low is not None else claim.count.high
        if value is None:
            continue
        if (
            claim.category == "dead"
            and claim.trigger is not None
            and _OWN_LIFE.search(claim.evidence.text[claim.trigger.start - claim.evidence.start :])
        ):
            own_lives = max(own_lives, value)
            continue
        if _is_subset(claim):
            continue
        key = claim.trigger.start if claim.trigger is not None else claim.evidence.start
        per_trigger[key] = per_trigger.get(key, 0) + value
        killed_by_someone = killed_by_someone or _victims_follow_a_killer(claim)
    others = max(per_trigger.values(), default=0)
    return others + own_lives if killed_by_someone else max(others, own_lives)


_SUBSET_CUE = re.compile(r"\b(?:including|among them|among whom|of whom)\s*$", re.I)


def _is_subset(claim: Claim) -> bool:
    """ "Two people, including a child, were killed": the child is one of the two, not a third."""
    if claim.count.start is None:
        return False
    return bool(_SUBSET_CUE.search(claim.evidence.text[: claim.count.start - claim.evidence.start]))


def _victims_follow_a_killer(claim: Claim) -> bool:
    """ "killed his five children", "shot and killed his wife": an active verb with its victims after it."""
    trigger = claim.trigger
    return (
        trigger is not None
        and claim.count.start is not None
        and claim.count.start > trigger.start
        and trigger.text.lower().startswith(("kill", "shot", "shoot", "murder", "slay", "slew", "stab"))
    )


def evaluate(path: str | Path, *, limit: int | None = None, **_: Any) -> dict[str, Any]:
    """Exact-match and within-one accuracy of per-article killed and injured counts."""
    gold = load(path, limit)
    scores = {"killed": [0, 0], "injured": [0, 0]}
    for article, result in zip(gold, _read(gold), strict=True):
        killed, injured = article_totals(result)
        for name, predicted, truth in (("killed", killed, article.killed), ("injured", injured, article.injured)):
            scores[name][0] += predicted == truth
            scores[name][1] += abs(predicted - truth) <= 1
    n = max(len(gold), 1)
    return {
        "killed": {"exact": scores["killed"][0] / n, "within_1": scores["killed"][1] / n},
        "injured": {"exact": scores["injured"][0] / n, "within_1": scores["injured"][1] / n},
        "articles": len(gold),
    }


def _read(gold: list[GoldArticle]) -> Iterator[ReadResult]:
    return read_many(RawArticle(text=a.text, origin=a.id) for a in gold)
