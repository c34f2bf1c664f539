"""Scope: the conflict each claim belongs to, and figures of past wars kept out of the present.

War reporting quotes other wars (a speech on Syria, a memoir of the Blitz, the Holodomor's anniversary) and harm
outside any war (a training crash, Covid deaths). A ledger of a war must not add those to its own tally, nor date a
figure of 1945 on the day an article recalls it. For each claim, in this order:

1. Its sentence names a conflict: another war by its curated name ("World War Two", "the Holodomor", "in Syria"),
   this one by Ukraine's name or places, or harm outside armed conflict (``"none"``: an accident, a disaster, a
   disease) when it names no means of violence (shelling, missiles, "shot down"). The mention nearest the claim's
   figure in the parse tree wins, within its clause when a semicolon parts two ("Iraq led to 1m deaths; the war in
   Syria ..."). A war named only to compare ("the largest exodus since the Second World War") names no scope.
   A year of a world war or of the Holodomor names it too ("In 1941-1944 the occupiers killed ..."), as does the
   claim's own date falling in one ("in June 1941").
2. A sentence that names none continues the one before it in the same paragraph, for at most
   :data:`CARRY_SENTENCES` sentences ("It killed 134 people" after "a V2 rocket landed ... in March 1945"); a new
   paragraph that refers back ("Over a million people perished in the battle") continues it too. An accident is
   carried on only from a sentence with its victims.
   A past war is never carried into a claim dated after that war ended (nor named so by the headline, rule 3).
3. Otherwise the article's: ``"none"`` under a headline on an accident or disease ("Four US marines killed in
   Norway plane crash"); ``"russia-ukraine"`` when the article names Ukraine and Russia; else the conflict its
   headline names; else unknown (None).

A claim of a war that is over (:attr:`Conflict.period`) whose date falls outside that war takes the war's period as
its date: "an estimated five million people" of the Holodomor are dated 1932-33, never on the day the article
recalls them. Other wars' names are those a casualty recorder uses (lower-case, hyphenated), curated below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .records import Claim, When

#: How many following sentences of a paragraph that name no conflict continue the scope of one that does.
CARRY_SENTENCES = 3

RUSSIA_UKRAINE = "russia-ukraine"
OUTSIDE = "none"


@dataclass(frozen=True)
class Conflict:
    """A war other than the article's, as articles name it; ``period`` (first and last day) for a war that is over."""

    name: str
    pattern: str
    period: tuple[str, str] | None = None


CONFLICTS: tuple[Conflict, ...] = (
    Conflict(
        "world-war-2",
        r"world war (?:ii|two|2)\b|second world war|\bww ?(?:ii|2)\b|great patriotic war|nazi (?:germany|rocket|"
        r"occupation|invasion|invaders|regime|troops|soldiers|forces|camps?|bomb)|german(?:-| )fascist invaders|"
        r"\bthe nazis\b|\bholocaust\b|\bshoah\b|"
        r"\bthe blitz\b|\bstalingrad\b|\bwehrmacht\b|\bluftwaffe\b|\bv-?2 rocket|\bauschwitz\b|"
        r"siege of leningrad|\bkhatyn\b",
        ("1939-09-01", "1945-09-02"),
    ),
    Conflict(
        "world-war-1",
        r"first world war|world war (?:i|one|1)\b|\bww ?(?:i|1)\b|the great war\b",
        ("1914-07-28", "1918-11-11"),
    ),
    Conflict(
        "holodomor",
        r"\bholodomor\b|famine (?:in ukraine )?(?:of |in |between )?1932|\b1932-33 famine",
        ("1932-01-01", "1933-12-31"),
    ),
    Conflict(
        "soviet-afghan-war",
        r"soviet(?:-| )afghan war|soviet invasion of afghanistan|soviet war in afghanistan",
        ("1979-12-24", "1989-02-15"),
    ),
    Conflict("finnish-civil-war", r"\bfinnish civil war\b", ("1918-01-27", "1918-05-15")),
    Conflict("winter-war", r"\bwinter war\b", ("1939-11-30", "1940-03-13")),
    Conflict("continuation-war", r"\bcontinuation war\b", ("1941-06-25", "1944-09-19")),
    Conflict("korean-war", r"\bkorean war\b", ("1950-06-25", "1953-07-27")),
    Conflict("vietnam-war", r"\bvietnam war\b|war in vietnam", ("1955-11-01", "1975-04-30")),
    Conflict("bosnian-war", r"\bbosnian war\b|war in bosnia|\bsrebrenica\b", ("1992-04-06", "1995-12-14")),
    Conflict("chechnya", r"\bchechen wars?\b|war in chechnya|\bin chechnya\b|\bgrozny\b", ("1994-12-11", "2009-04-16")),
    Conflict(
        "russia-georgia", r"russo-georgian war|war (?:with|in) georgia in 2008|2008 war", ("2008-08-07", "2008-08-16")
    ),
    Conflict("syria", r"\bsyria(?:ns?)?\b|\baleppo\b|\bidlib\b"),
    Conflict("iraq", r"\biraq(?:is?)?\b|\bfallujah?\b|\bmosul\b"),
    Conflict("afghanistan", r"\bafghan(?:istan|s)?\b|\btaliban\b"),
    Conflict("yemen", r"\byemen\b"),
    Conflict("israel-gaza", r"\bgaza\b|\bhamas\b"),
    Conflict("sudan", r"\b(?:south )?sudan\b|\bdarfur\b"),
    Conflict("ethiopia", r"\btigray\b|\bethiopia\b"),
    Conflict("nigeria", r"\bnigeria\b|\bboko haram\b"),
    Conflict("libya", r"\blibya\b"),
    Conflict("somalia", r"\bsomalia\b|\bal-shabaab\b"),
    Conflict("myanmar", r"\bmyanmar\b|\brohingya\b"),
    Conflict("nagorno-karabakh", r"\bnagorno-karabakh\b|\bkarabakh\b"),
    Conflict("venezuela-crisis", r"\bvenezuelans?\b|\bvenezuela\b"),
)

_CONFLICT = re.compile("|".join(f"(?P<c{i}>{c.pattern})" for i, c in enumerate(CONFLICTS)), re.IGNORECASE)

#: This war named in a sentence: Ukraine and Ukrainians, its president, its regions and cities and the Russian border
#: regions struck in the war (the gazetteer's places in Ukraine are added from the claim's places).
_THIS_WAR = re.compile(
    r"\b(?:ukraine|ukrainians?|ukraine['’]s|zelensk[iy]y?|donbas+|crimea|sevastopol|kyiv|kiev|kharkiv|odesa|odessa|"
    r"dnipro|zaporizh(?:zh)?ia|lviv|mykolaiv|kherson|mariupol|sumy|chernihiv|zhytomyr|poltava|donetsk|luhansk|bucha|"
    r"irpin|hostomel|borodianka|bakhmut|avdiivka|sievierodonetsk|severodonetsk|lysychansk|kramatorsk|sloviansk|"
    r"izium|kupiansk|melitopol|berdiansk|vinnytsia|kremenchuk|chernivtsi|ternopil|rivne|lutsk|cherkasy|enerhodar|"
    r"vuhledar|okhtyrka|belgorod|kursk|bryansk)\b",
    re.IGNORECASE,
)

#: A war named only to compare with: "since the Second World War", "worse than Syria", "unlike Iraq" (and
#: "since 1945": a year alone never names a war).
_COMPARISON = re.compile(
    r"\b(?:since|than|like|unlike|compared (?:to|with)|similar to|as in|not seen since)\b[^.;:]{0,30}$",
    re.IGNORECASE,
)

#: Harm outside armed conflict: accidents, disasters, disease.
_OUTSIDE_WAR = re.compile(
    r"\b(?:crash(?:es|ed)?|accident(?:s|al|ally)?|collision|collided|derail(?:ed|ment)|capsi[sz]ed|drown(?:ed|ing)|"
    r"avalanche|earthquake|quake|flood(?:s|ing|waters)?|landslide|mudslide|tsunami|hurricane|typhoon|cyclone|"
    r"tornado|wildfire|bushfire|blaze|(?:tower|house|flat|building|factory|hotel|nightclub|forest) fire|"
    r"heatwave|blizzard|covid(?:-19)?|coronavirus|virus|pandemic|omicron|disease|"
    r"cholera|ebola|measles|influenza|cancer|heart attack|natural causes|overdose|stampede)\b",
    re.IGNORECASE,
)

#: Means of violence: a sentence naming one is not about an accident ("shot down", "missile strike").
_VIOLENCE = re.compile(
    r"\b(?:shell(?:s|ed|ing)?|missiles?|rockets?|(?:air)?strikes?|air raids?|bomb(?:s|ed|ing|ings)?|artillery|"
    r"drones?|gunfire|shot|shooting|attack(?:s|ed|ing)?|fighting|combat|battles?|invasion|invad(?:ed|ing)|"
    r"offensive|blew up|blown up|explosions?|landmines?|siege|occupiers|sabotage|forces|troops)\b",
    re.IGNORECASE,
)


#: A war named as what someone or something is, not where the harm is: "a Holocaust survivor killed in Kharkiv",
#: "an Iraq war veteran was shot".
_ATTRIBUTE = re.compile(
    r"^(?:[-\s]+war)?[-\s]+(?:veterans?|vets?|survivors?|memorials?|museums?|monuments?|era|anniversary|"
    r"bombs?|shells?|munitions?|ordnance)\b",
    re.IGNORECASE,
)

_SEMICOLON = re.compile(r"[;]")

#: A paragraph that goes on about the war of the one before: "Over a million people perished in the battle".
_REFERS_BACK = re.compile(
    r"^(?:(?:it|they|this|these|those|he|she)\b|.*\bthe (?:battle|siege|war|conflict|famine|massacre|genocide|"
    r"bombing|blitz|occupation|deportation)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Cue:
    start: int  # in the article
    name: str


def sentence_cues(text: str, offset: int = 0) -> list[_Cue]:
    """Conflicts a sentence names (not to compare) at their offsets; ``"none"`` where it names harm outside war."""
    cues = [_Cue(offset + m.start(), RUSSIA_UKRAINE) for m in _THIS_WAR.finditer(text)]
    if not _VIOLENCE.search(text):
        cues.extend(_Cue(offset + m.start(), OUTSIDE) for m in _OUTSIDE_WAR.finditer(text))
    for match in _CONFLICT.finditer(text):
        if _COMPARISON.search(text[: match.start()]) or _ATTRIBUTE.match(text[match.end() :]):
            continue
        index = int(next(k for k, v in match.groupdict().items() if v is not None)[1:])
        cues.append(_Cue(offset + match.start(), CONFLICTS[index].name))
    for match in _YEAR.finditer(text):
        war = _war_of_year(int(match.group(1)))
        if war is not None and not _COMPARISON.search(text[: match.start()]):
            cues.append(_Cue(offset + match.start(1), war))
    return sorted(cues, key=lambda c: c.start)


def _war_of_year(year: int) -> str | None:
    """The world war or famine a year before :data:`_YEARS_NAME_WARS_BEFORE` falls in."""
    return next((name for name, (start, end) in _OLD_WARS.items() if int(start[:4]) <= year <= int(end[:4])), None)


def about_russia_ukraine(text: str) -> bool:
    """The article names Ukraine and Russia: its figures are of that war unless a sentence says otherwise."""
    return bool(_THIS_WAR.search(text)) and bool(re.search(r"\brussia|\bkremlin\b|\bputin\b|\bmoscow\b", text, re.I))


_PERIODS = {c.name: c.period for c in CONFLICTS if c.period}

#: A year (or a date) before this one names the world war or the famine it falls in ("In 1941-1944 the occupiers
#: killed ...", a figure dated June 1941); later wars are too long and too near to be named by a year alone.
_YEARS_NAME_WARS_BEFORE = 1950
_OLD_WARS = {name: period for name, period in _PERIODS.items() if int(period[1][:4]) < _YEARS_NAME_WARS_BEFORE}
# A year a preposition puts something in: "in 1941", "during 1943", "between 1932-33", "in June 1941"; never
# "born in 1943" (a person's birth is no war).
_YEAR = re.compile(
    r"(?<!born )\b(?i:in|during|between|from|by|of) (?:(?:early|late|mid|the (?:spring|summer|autumn|fall|winter) "
    r"of|[A-Z][a-z]+(?: \d{1,2})?),? )?(1[89]\d\d)\b",
)


def apply_scope(doc: Doc, claims: list[Claim]) -> None:
    """Set each claim's ``conflict`` and keep figures of past wars within their war (rules in the module docstring)."""
    if not claims:
        return
    text = doc.text  # built once: Doc.text joins every token again on each call
    default = _article_scope(doc, text)
    by_sentence: dict[int, list[Claim]] = {}
    for claim in claims:
        by_sentence.setdefault(claim.evidence.start, []).append(claim)
    carried: str | None = None
    age = 0
    previous_end = 0
    for sentence in doc.sents:
        if "\n" in text[previous_end : sentence.start_char] and not _REFERS_BACK.match(sentence.text):
            carried = None  # a new paragraph, not going on about the last one's war
        previous_end = sentence.start_char + len(sentence.text.rstrip())
        cues = sentence_cues(sentence.text, sentence.start_char)
        here = by_sentence.get(sentence.start_char, [])
        for claim in here:
            _scope(doc, text, claim, cues + _places_in_ukraine(claim, sentence), carried, default)
        # an accident is carried on only from its victims' sentence, not from one on the weather or a flood
        names = [c.name for c in cues if c.name != OUTSIDE or here]
        if names:
            carried, age = names[-1], 0
        elif carried is not None:
            age += 1
            if age >= CARRY_SENTENCES:
                carried = None


def _article_scope(doc: Doc, text: str) -> str | None:
    """The conflict of an article's figures that name none: a headline on an accident or disease makes its article
    one outside war; else an article naming Ukraine and Russia is of that war; else the war its headline names."""
    first = next(iter(doc.sents), None)
    headline = sentence_cues(first.text) if first is not None else []
    if any(c.name == OUTSIDE for c in headline):
        return OUTSIDE
    if about_russia_ukraine(text):
        return RUSSIA_UKRAINE
    return headline[0].name if headline else None


def _places_in_ukraine(claim: Claim, sentence: Span) -> list[_Cue]:
    """A resolved place of the sentence in Ukraine names this war ("killed in Sumy airstrikes")."""
    return [
        _Cue(p.start, RUSSIA_UKRAINE)
        for p in claim.places
        if p.country == "UA" and sentence.start_char <= p.start < sentence.end_char
    ]


def _scope(doc: Doc, text: str, claim: Claim, cues: list[_Cue], carried: str | None, default: str | None) -> None:
    anchor = claim.count.start if claim.count.start is not None else claim.evidence.start
    # a clause of its own after a semicolon names its own war ("... in Iraq led to 1m deaths; the invasion of Libya")
    clause = [c for c in cues if not _SEMICOLON.search(text[min(c.start, anchor) : max(c.start, anchor)])]
    if clause or cues:
        claim.conflict = _nearest(doc, anchor, clause or cues).name
    elif (dated := _old_war_of(claim.when)) is not None:
        claim.conflict = dated
    else:  # a past war carried or named by the headline is not that of a claim dated after it
        claim.conflict = next((c for c in (carried, default) if c is not None and not _after(claim.when, c)), None)
    period = _PERIODS.get(claim.conflict or "")
    if period is not None and not _within(claim.when, period):
        claim.when = When(start=period[0], end=period[1], precision="year", as_of=claim.when.as_of)


def _nearest(doc: Doc, anchor_at: int, cues: list[_Cue]) -> _Cue:
    """The cue closest to the claim's figure in the parse tree (its own noun, its clause), then in characters."""
    anchor = _token_at(doc, anchor_at)

    def distance(cue: _Cue) -> tuple[int, int]:
        token = _token_at(doc, cue.start)
        tree = _tree_distance(anchor, token) if anchor is not None and token is not None else 99
        return tree, abs(cue.start - anchor_at)

    return min(cues, key=distance)


def _token_at(doc: Doc, offset: int) -> Token | None:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _tree_distance(a: Token, b: Token) -> int:
    """Edges between two tokens of one sentence in the dependency tree."""
    up_a = [a, *a.ancestors]
    depth_b = {t.i: n for n, t in enumerate([b, *b.ancestors])}
    for n, token in enumerate(up_a):
        if token.i in depth_b:
            return n + depth_b[token.i]
    return 99


def _old_war_of(when: When) -> str | None:
    """The world war or famine a claim's date lies in."""
    return next((name for name, period in _OLD_WARS.items() if _within(when, period)), None)


def _after(when: When, conflict: str) -> bool:
    """The claim is dated after the war ``conflict`` ended."""
    period = _PERIODS.get(conflict)
    return period is not None and when.start is not None and when.start > period[1]


def _within(when: When, period: tuple[str, str]) -> bool:
    return when.start is not None and period[0] <= when.start <= period[1] and (when.end or when.start) <= period[1]
