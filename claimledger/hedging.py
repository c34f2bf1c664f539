"""Status and cues: how the words of a sentence qualify the claims in it.

War reporting marks doubt in a few recurring ways ("it has been reported", "said to be", "could not be
independently verified", "the Kremlin denied"). Each rule below reads the spaCy parse, so that the month "May",
"casualty claims" (a noun) or "denied medical care" do not count, and returns the exact words as written, so the
reader can trace every status back to characters of the article.

Sentence-level uncertainty (:func:`is_uncertain`, scored on CoNLL-2010 Wikipedia weasels) adds a linear model
trained on that corpus's train split over words, bigrams, dependency pairs, the cue lexicon and weasel phrases below,
and over hashed character n-grams.
"""

from __future__ import annotations

import base64
import gzip
import json
import math
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc, Span, Token

from . import records
from .errors import ClaimledgerError
from .nlp import load_model

__all__ = [
    "Status",
    "StatusCue",
    "UncertaintyModel",
    "is_uncertain",
    "load_uncertainty_model",
    "token_features",
    "retroactive_status",
    "sentence_status",
    "uncertainty_features",
    "char_ngrams",
    "word_features",
]

Status = records.Status

#: Strongest first: when a sentence has cues of several kinds, the first kind here wins.
PRECEDENCE: tuple[Status, ...] = ("denied", "disputed", "unverified", "hedged", "reported", "asserted")

MODEL_FILE = "uncertainty_model.json.gz"

#: Nouns naming a claim or a figure: what "disputed", "false", "rejected ..." must be about to count.
CLAIM_NOUNS = frozenset(
    "figure figures number numbers toll tolls count counts tally tallies claim claims report reports account accounts "
    "estimate estimates allegation allegations statistic statistics data information footage video videos image "
    "images photo photos story stories version news assertion assertions casualty casualties".split()
)
#: What a denial or dispute can be about: claims, and the acts a party is accused of.
DENIABLE = CLAIM_NOUNS | frozenset(
    "involvement responsibility role accusation allegation charge wrongdoing presence attack strike shelling "
    "bombing massacre killing link".split()
)
FAKE_WORDS = frozenset(
    "fake false untrue baseless fabricated fabrication fabrications unfounded bogus propaganda lie lies nonsense "
    "hoax fiction disinformation misinformation provocation staged fakes".split()
)
VERIFY_VERBS = frozenset("verify confirm corroborate substantiate authenticate".split())
UNVERIFIED_WORDS = frozenset("unverified unconfirmed uncorroborated unsubstantiated unverifiable".split())
HEDGE_ADVERBS = frozenset(
    "allegedly possibly probably perhaps likely apparently purportedly supposedly presumably seemingly maybe "
    "reputedly ostensibly".split()
)
#: Adverbs that pass on what unnamed others say ("reportedly killed"): the war gold codes such a claim hedged, its
#: source unknown, like "said to be" and "it has been reported".
UNNAMED_ADVERBS = frozenset("reportedly allegedly purportedly supposedly reputedly".split())
HEDGE_ADJECTIVES = frozenset("alleged suspected possible probable putative presumed unclear purported".split())
#: Passive verbs that, with "to" ("said to be") or an expletive "it" ("it is believed"), distance the writer.
DISTANCING_VERBS = frozenset(
    "say believe think fear understand rumour rumor suspect expect allege claim estimate report presume suppose "
    "know".split()
)
WEASEL_SUBJECTS = frozenset("some many others critics observers experts analysts".split())
SAY_VERBS = frozenset("say believe claim think suggest argue estimate speculate contend allege".split())
CONTRAST_WORDS = frozenset("but however while whereas although though yet".split())

#: Weasel-word lexicon of the uncertainty model (Wikipedia style: vague quantifiers and attributions, peacocks).
WEASEL_LEXICON: dict[str, frozenset[str]] = {
    "hedgeadv": HEDGE_ADVERBS | frozenset({"arguably", "conceivably", "potentially", "evidently", "unlikely"}),
    "freqadv": frozenset(
        "often usually generally typically commonly frequently sometimes widely largely mostly mainly traditionally "
        "occasionally rarely normally primarily partly somewhat relatively fairly quite".split()
    ),
    "vagueq": frozenset("some many most several various numerous few certain countless other others".split()),
    "people": frozenset(
        "critics scholars experts historians observers commentators scientists researchers analysts fans people "
        "sources authorities proponents opponents supporters academics writers reviewers theorists believers "
        "skeptics sceptics members users".split()
    ),
    "belief": frozenset(
        "believe consider regard think say claim allege report suggest argue rumor rumour speculate assume suppose "
        "presume estimate view deem hold feel accept describe perceive credit attribute hypothesize theorize "
        "contend maintain assert suspect".split()
    ),
    "seem": frozenset("seem appear suggest indicate tend imply".split()),
    "peacock": frozenset(
        "notable famous best finest greatest renowned acclaimed popular influential important prominent well-known "
        "legendary celebrated iconic leading significant major successful remarkable outstanding premier key "
        "best-known largest top".split()
    ),
    "uncadj": HEDGE_ADJECTIVES
    | UNVERIFIED_WORDS
    | frozenset("likely unknown uncertain questionable controversial debated disputed apparent so-called".split())
    | frozenset("potential doubtful dubious speculative".split()),
}


#: Multi-word weasel phrases (Wikipedia's "avoid weasel words" guideline and the CoNLL-2010 annotation guidelines):
#: unsupported attributions, passives of belief, vague majorities, superlative framing, open possibilities.
WEASEL_PHRASES: tuple[str, ...] = tuple(
    p.strip()
    for p in """some people, many people, most people, some have, some argue, some believe, many believe, some say,
    many consider, some critics, many critics, some scholars, many scholars, some historians, many historians,
    by many, by some, according to some, it is believed, is believed, are believed, widely believed, it is thought,
    is thought to, it is said, is said to, are said to, it has been said, it is often said, it has been suggested,
    it has been claimed, it is claimed, is claimed, it is argued, it is reported, is considered, are considered,
    widely considered, is regarded as, are regarded as, widely regarded, is often, are often, is generally,
    it is generally, is widely, has been described, have been described, has been called, is known as,
    is often cited, considered by, regarded by, thought by, believed by, to be one of, one of the most,
    one of the best, one of the greatest, it is possible, it is likely, it is unclear, it is not known, is not known,
    is unknown, may have, might have, could have, there are claims, there have been, research has shown,
    there is evidence, are of the opinion, tend to, tends to, suggest that, suggests that""".split(",")
)


@dataclass
class StatusCue:
    """A status and the exact words (as written in the sentence) that set it; ``unnamed`` when those words pass on
    what unnamed others say ("it has been reported", "are said to", "reportedly"): someone unknown is the source."""

    status: Status
    cues: list[str]
    unnamed: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class _Hit:
    status: Status
    start: int  # token indices in the doc
    end: int
    anchor: int = -1  # the token the rule fired on (its verb, adjective or noun)
    unnamed: bool = False  # the cue passes on what unnamed others say (see StatusCue)


def _hit(status: Status, tokens: Iterable[Token]) -> _Hit:
    indices = [t.i for t in tokens]
    return _Hit(status, min(indices), max(indices) + 1)


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _negated(token: Token) -> list[Token]:
    """The words negating ``token``: "not/never", "unable to", "impossible to", "not possible to"."""
    neg = _children(token, "neg")
    if neg:
        return neg
    head = token.head
    if head == token:
        return []
    for word in [head, *_children(head, "acomp")]:
        if word.lower_ in {"unable", "impossible", "failed", "fail", "fails"}:
            return [word]
        if word.lower_ in {"possible", "able"}:
            negation = _children(word, "neg") or _children(word.head, "neg")
            if negation:
                return [*negation, word]
    return []


def _unverified(token: Token) -> _Hit | None:
    low = token.lower_
    if low in UNVERIFIED_WORDS:
        after = token.nbor(1) if token.i + 1 < len(token.doc) else None
        if after is not None and after.pos_ == "NOUN" and token.dep_ == "amod":
            return _hit("unverified", [token, after])
        return _hit("unverified", [token])
    if token.lemma_.lower() in VERIFY_VERBS and token.pos_ in {"VERB", "AUX"}:
        negation = _negated(token)
        yet = [t for t in token.doc[max(token.i - 4, 0) : token.i] if t.lower_ == "yet"]
        if not negation and not yet:
            return None
        helpers = _children(token, "aux", "auxpass", "neg", "advmod")
        return _hit("unverified", [token, *negation, *yet, *helpers])
    if token.lemma_.lower() in {"confirmation", "verification", "corroboration"}:
        quantifier = [c for c in token.children if c.lower_ in {"no", "without"}]
        if token.head.lower_ == "without":
            quantifier.append(token.head)
        if quantifier:
            return _hit("unverified", [token, *quantifier, *_children(token, "amod")])
    return None


def _about_claims(phrases: Iterable[Token]) -> bool:
    """True when every phrase names a claim ("the report", "it", "any involvement"), or there is none."""
    return all(p.lemma_.lower() in DENIABLE or p.lower_ in _ANAPHORS for p in phrases)


def _predicate_of_claim(token: Token) -> bool:
    """ "The claims are false", "this is not true": a predicate adjective whose subject is a claim or points back."""
    subjects = _children(token.head, "nsubj", "nsubjpass") + _children(token, "nsubj")
    return token.dep_ in {"acomp", "attr", "oprd"} and bool(subjects) and _about_claims(subjects)


def _denied(token: Token) -> _Hit | None:
    lemma = token.lemma_.lower()
    if lemma == "deny" and token.pos_ == "VERB":
        if _children(token, "dative") or not _about_claims(_children(token, "dobj")):
            return None  # "were denied medical care", "deny the use of airspace": refusal, not denial of a claim
        return _hit("denied", [token])
    if lemma in {"refute", "debunk", "disprove", "refutation"} or (
        lemma == "denial" and (token.tag_ == "NNS" or _children(token, "prep", "acl", "ccomp"))
    ):
        return _hit("denied", [token])
    if lemma in {"dismiss", "reject", "brand", "label", "call", "describe"} and token.pos_ == "VERB":
        for prep in _children(token, "prep", "oprd", "xcomp", "acomp"):
            words = [prep, *prep.subtree]
            fake = [w for w in words if w.lower_ in FAKE_WORDS]
            if fake and (prep.lower_ == "as" or prep.dep_ != "prep"):
                return _Hit("denied", token.i, max(w.i for w in fake) + 1)
        return None
    if token.lower_ in FAKE_WORDS and token.pos_ in {"ADJ", "VERB"}:
        if _predicate_of_claim(token) or (token.dep_ == "amod" and token.head.lower_ in CLAIM_NOUNS):
            return _hit("denied", [token])
    if token.lower_ == "true" and _predicate_of_claim(token):
        negation = _children(token.head, "neg")
        if negation:
            return _hit("denied", [token, *negation])
    return None


def _disputed(token: Token) -> _Hit | None:
    lemma = token.lemma_.lower()
    if lemma in {"dispute", "contest"}:
        if token.pos_ == "VERB" or token.dep_ == "amod":
            targets = _children(token, "dobj", "nsubjpass")
            if token.dep_ in {"amod", "acl"}:
                targets.append(token.head)
            if _about_claims(targets):
                return _hit("disputed", [token])
            return None
        if token.pos_ == "NOUN" and token.head.lower_ == "in" and not _children(token, "det", "amod"):
            return _hit("disputed", [token.head, token])  # "the figures are in dispute"
        return None
    if lemma in {"reject", "challenge", "question", "doubt"} and token.pos_ == "VERB":
        objects = [o for o in _children(token, "dobj", "nsubjpass") if o.lower_ in CLAIM_NOUNS]
        if objects:
            return _Hit("disputed", min(token.i, *(o.i for o in objects)), max(token.i, *(o.i for o in objects)) + 1)
        return None
    if lemma == "put" and token.pos_ == "VERB":
        objects = [o for o in _children(token, "dobj") if o.lower_ in CLAIM_NOUNS]
        at = [p for p in _children(token, "prep") if p.lower_ == "at"]
        subjects = _children(token, "nsubj")
        other = [w for s in subjects for w in s.subtree if w.lower_ in {"other", "others", "different", "independent"}]
        contrast = [w for w in token.sent if w.lower_ in CONTRAST_WORDS]
        if objects and at and (other or contrast):
            first = min(w.i for s in subjects for w in s.subtree) if other else token.i
            return _Hit("disputed", first, at[0].i + 1)
    return None


def _distancing_passive(token: Token) -> _Hit | None:
    """ "said to be", "believed to have", "it has been reported", "it is feared that"."""
    lemma = token.lemma_.lower()
    if lemma not in DISTANCING_VERBS or token.tag_ != "VBN":
        return None
    status: Status = "reported" if lemma == "report" else "hedged"
    doc = token.doc
    if token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "to" and doc[token.i + 2].pos_ in {"AUX", "VERB"}:
        if _children(token, "auxpass") or token.dep_ in {"acl", "relcl"}:
            return _Hit(status, token.i, token.i + 3)
    expletive = [c for c in token.children if c.dep_ in {"nsubjpass", "expl"} and c.lower_ == "it"]
    if expletive:
        return _Hit(status, expletive[0].i, token.i + 1)
    return None


def _hedged(token: Token) -> _Hit | None:
    low = token.lower_
    lemma = token.lemma_.lower()
    if token.tag_ == "MD" and low in {"may", "might", "could"}:
        return _hit("hedged", [token])
    if low in HEDGE_ADVERBS and token.pos_ in {"ADV", "ADJ"}:
        return _hit("hedged", [token])
    if low == "reportedly":  # the writer keeps a distance and names no one: a hedge, as the war gold codes it
        return _hit("hedged", [token])
    if low in HEDGE_ADJECTIVES and token.dep_ in {"amod", "acomp", "attr"}:
        return _hit("hedged", [token])
    if lemma == "fear" and token.tag_ == "VBN":
        return _hit("hedged", [token])  # "feared dead"
    if lemma in {"appear", "seem"} and token.pos_ == "VERB":
        doc = token.doc
        if token.i + 1 < len(doc) and doc[token.i + 1].lower_ in {"to", "that"}:
            return _Hit("hedged", token.i, token.i + 2)
        return _hit("hedged", [token])
    if lemma in {"rumour", "rumor", "speculation"}:
        return _hit("hedged", [token])
    if lemma == "claim" and token.pos_ == "VERB":
        objects = [*token.children, *(g for o in _children(token, "dobj") for p in o.children for g in p.children)]
        if any(o.lemma_.lower() in {"responsibility", "credit", "victory", "life", "lives", "victim"} for o in objects):
            return None  # "claimed responsibility", "claimed the lives of", "claimed thousands of lives"
        if _children(token, "nsubj") or token.dep_ in {"advcl", "conj", "xcomp"}:
            return _hit("reported", [token])  # "the ministry claimed 3,000 died": a source's report, as in the war gold
        return _hit("hedged", [token])
    if low in {"certainly", "surely"} and any(c.lower_ in {"almost", "nearly", "most"} for c in token.children):
        return _hit("hedged", [*_children(token, "advmod"), token])  # "almost certainly led to thousands of deaths"
    if lemma in SAY_VERBS and token.pos_ == "VERB":
        weasel = [
            s
            for s in _children(token, "nsubj")
            if s.lower_ in WEASEL_SUBJECTS or any(d.lower_ in {"some", "many"} for d in _children(s, "det", "amod"))
        ]
        if weasel:
            return _Hit("hedged", min(w.i for w in weasel[0].subtree), token.i + 1)
    return None


def _reported(token: Token) -> _Hit | None:
    low = token.lower_
    lemma = token.lemma_.lower()
    if low == "according":
        doc = token.doc
        if token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            return _Hit("reported", token.i, token.i + 2)
        return None
    if lemma in _TOLL_VERBS and token.pos_ == "VERB":
        tolls = [o for o in _children(token, "dobj") if o.lemma_.lower() in _TOLL_NOUNS]
        if tolls:  # "local authorities raised the death toll to 47": the subject's figure
            return _Hit("reported", token.i, token.i + 1)
    if lemma == "estimate" and token.pos_ == "NOUN" and token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "of":
        return _Hit("reported", token.i, token.i + 2)  # "put forward an estimate of 5,000 dead": someone's figure
    if lemma == "report":
        if token.pos_ == "NOUN":
            doc = token.doc
            if token.i + 1 < len(doc) and doc[token.i + 1].lower_ in {"of", "that"}:
                return _Hit("reported", token.i, token.i + 2)
            if token.dep_ in {"nsubj", "pobj"} and token.tag_ == "NNS":
                return _hit("reported", [token])
            return None
        if token.pos_ == "VERB":
            return _hit("reported", [token])
    return None


#: Verbs by which someone changes a toll ("raised the death toll to 47"), a report of a new figure.
_TOLL_VERBS = frozenset("raise revise update lower bring increase".split())
_TOLL_NOUNS = frozenset("toll tally count number figure".split())

#: Rules in precedence order: a token claimed by a stronger rule is not read again by a weaker one.
_RULES: tuple[Callable[[Token], _Hit | None], ...] = (
    _denied,
    _disputed,
    _unverified,
    _distancing_passive,
    _hedged,
    _reported,
)


def _hits(sent: Span) -> Iterator[_Hit]:
    for token in sent:
        for rule in _RULES:
            hit = rule(token)
            if hit is not None:
                start, end = max(hit.start, sent.start), min(hit.end, sent.end)
                # "feared dead" too; "is expected to" (a forecast) and "known to have" (knowledge) pass on no report
                lemma = token.lemma_.lower()
                passed_on = rule is _distancing_passive or lemma == "fear" or (rule is _reported and _no_holder(token))
                unnamed = token.lower_ in UNNAMED_ADVERBS or (passed_on and lemma not in {"expect", "know"})
                yield _Hit(hit.status, start, end, token.i, unnamed)
                break


def _no_holder(token: Token) -> bool:
    """ "reports that thousands were deported", "five were reported killed": a report whose author goes unnamed (no
    "Reuters'", "by the ministry", no subject)."""
    if token.lemma_.lower() != "report":
        return False
    holders = {"poss", "nsubj", "agent"}
    return not any(c.dep_ in holders or (c.dep_ == "prep" and c.lower_ in {"by", "from"}) for c in token.children)


def _status_of(hits: list[_Hit], doc: Doc) -> StatusCue:
    if not hits:
        return StatusCue("asserted", [])
    best = min(PRECEDENCE.index(h.status) for h in hits)
    status = PRECEDENCE[best]
    chosen = sorted({(h.start, h.end) for h in hits if h.status == status})
    cues: list[str] = []
    last_end = -1
    for start, end in chosen:
        if start < last_end:  # nested in the previous cue ("could" inside "could not be verified")
            continue
        cues.append(doc[start:end].text)
        last_end = end
    unnamed = any(h.unnamed for h in hits if h.status == status)
    return StatusCue(status, cues, unnamed)


def sentence_status(sent: Span, claim: Iterable[Token] = ()) -> StatusCue:
    """The status the words of this sentence give a claim in it; "asserted" with no cues when none qualify it.

    With ``claim`` (its trigger and count tokens), a hedge or report counts only where it governs the claim: "what
    appeared to be rocket strikes" hedges the strikes, not the seven reported dead; "likely" of "likely 2.2 million"
    not the 3.5 million before it; "could be read as" not the deaths in the participle that describes the attack. A
    verification, dispute or denial speaks of the sentence's figures and counts for all. "An estimated 300" is no
    hedge but an approximate figure (:mod:`claimledger.counts`), as casualty recorders code it.
    """
    words = list(claim)
    hits = [h for h in _hits(sent) if not words or h.status not in {"hedged", "reported"} or _governs(sent, h, words)]
    # "could" of "could not be verified" is part of the unverified cue, not a hedge of its own.
    covered = {i for h in hits if h.status in {"unverified", "denied", "disputed"} for i in range(h.start, h.end)}
    hits = [h for h in hits if h.status not in {"hedged", "reported"} or not covered & set(range(h.start, h.end))]
    return _status_of(hits, sent.doc)


def _governs(sent: Span, hit: _Hit, claim: list[Token]) -> bool:
    """The cue's phrase holds the claim: its verb (a modal's or adverb's head), or the noun an adjective modifies, has
    the claim's words in its subtree, or is a comment on the clause that does ("..., it has been reported")."""
    anchor = sent.doc[hit.anchor]
    head = anchor
    if anchor.tag_ == "MD" or anchor.pos_ in {"ADV", "PART"} or anchor.dep_ in {"amod", "aux", "auxpass", "advmod"}:
        head = anchor.head
    inside = {t.i for t in head.subtree}
    if hit.status == "hedged":
        return any(_plainly_under(t, head) for t in claim) or (head.dep_ == "parataxis" and _comments_on(head, claim))
    if any(t.i in inside for t in claim):
        return True
    return _comments_on(head, claim)


#: Edges that put a claim in a phrase the hedged verb only describes or is about: "the attack, causing 18 deaths,
#: could be read as a message", "Lysychansk, from which 32 residents have been evacuated, is expected to fall".
_DESCRIBED = frozenset({"relcl", "acl"})


def _plainly_under(token: Token, head: Token) -> bool:
    """``token`` is ``head`` or in its subtree by a path that enters no relative clause or participle."""
    while token.i != head.i:
        if (
            token.head.i == token.i
            or token.dep_ in _DESCRIBED
            or (
                token.dep_ == "advcl" and token.head.pos_ in {"NOUN", "PROPN"}  # "the attack, causing 18 deaths, ..."
            )
        ):
            return False
        token = token.head
    return True


def _comments_on(head: Token, claim: list[Token]) -> bool:
    """ "..., it has been reported": a cue on a clause of its own beside the claim's."""
    ancestors = {a.i for t in claim for a in t.ancestors} | {t.i for t in claim}
    return head.dep_ in {"parataxis", "ROOT"} and head.head.i in ancestors


#: Words by which a sentence points back at claims made before it.
_ANAPHORS = frozenset("it this that these those they them such".split())


def _refers_back(phrase: Token) -> bool:
    """True for "it", "this", "the figure", "these reports", "the claims": an argument naming earlier claims."""
    if phrase.lower_ in _ANAPHORS and phrase.pos_ == "PRON":
        return True
    if phrase.lower_ not in CLAIM_NOUNS:
        return False
    if any(c.pos_ == "NUM" or c.dep_ in {"prep", "relcl", "acl"} for c in phrase.children):
        return False  # "reports of morgues", "the figure of 300": the sentence states its own claim
    determiners = {c.lower_ for c in phrase.children if c.dep_ in {"det", "poss", "amod"}}
    if not determiners and after_semicolon(phrase):
        return True  # headline "Ukraine says 15,000 troops killed; claim cannot be verified"
    return bool(determiners & {"the", "this", "that", "these", "those", "such", "both", "its", "their", "his", "her"})


def after_semicolon(token: Token) -> bool:
    """The first word of a headline item after a semicolon, which drops the article a sentence would have."""
    doc = token.doc
    start = token.sent.start
    return token.i == start and start > 0 and doc[start - 1].text == ";"


def retroactive_status(sent: Span) -> StatusCue | None:
    """The status a sentence gives claims made BEFORE it ("The figure could not be independently verified."), or None.

    Only a verification, dispute or denial whose object points back ("the figure", "these reports", "it") or is
    left out ("Reuters could not independently verify.") qualifies earlier claims; a sentence with a number of its
    own ("Moscow denied that 300 soldiers died") states a claim and is not retroactive.
    """
    if any(t.like_num or t.pos_ == "NUM" for t in sent):
        return None
    doc = sent.doc
    for hit in _hits(sent):
        if hit.status not in {"unverified", "disputed", "denied"}:
            continue
        anchor = doc[hit.anchor]
        if anchor.dep_ == "amod":
            continue  # "unverified reports of morgues": qualifies this sentence's own claim
        arguments = _children(anchor, "dobj", "nsubjpass", "ccomp")
        if anchor.pos_ == "ADJ" or anchor.dep_ in {"acomp", "attr"}:
            arguments = _children(anchor.head, "nsubj") + _children(anchor, "nsubj")
        if any(a.dep_ == "ccomp" for a in arguments):
            continue  # "denied that the army shelled the town": a claim of its own
        if not arguments or all(_refers_back(a) for a in arguments):
            status = sentence_status(sent)
            if status.status in {"unverified", "disputed", "denied"}:
                return status
    return None


# --- sentence-level uncertainty (CoNLL-2010 Wikipedia weasels) -------------------------------------------------


def _lexicon_classes(token: Token) -> Iterator[str]:
    """The weasel-lexicon classes of one token, disambiguated by its tag ("may" the modal, not the month)."""
    low, lemma, tag = token.lower_, token.lemma_.lower(), token.tag_
    if tag == "MD":
        yield "L:modal:" + low
    if tag.startswith("RB") and low in WEASEL_LEXICON["hedgeadv"]:
        yield "L:hedgeadv"
    if tag.startswith("RB") and low in WEASEL_LEXICON["freqadv"]:
        yield "L:freqadv"
    if low in WEASEL_LEXICON["vagueq"] and tag in {"DT", "JJ", "JJS", "NNS", "PRP"}:
        yield "L:vagueq:" + token.dep_
    if tag == "NNS" and low in WEASEL_LEXICON["people"]:
        yield "L:people"
    if tag.startswith("VB") and lemma in WEASEL_LEXICON["belief"]:
        yield "L:belief:" + tag
    if tag.startswith("VB") and lemma in WEASEL_LEXICON["seem"]:
        yield "L:seem"
    if low in WEASEL_LEXICON["peacock"] or tag == "JJS":
        yield "L:peacock"
    if low in WEASEL_LEXICON["uncadj"]:
        yield "L:uncadj"
    if low == "according":
        yield "L:according"


def _classes(token: Token) -> list[str]:
    """The lexicon classes a token's form or lemma belongs to, plus "modal": the abstraction of the weasel patterns."""
    low, lemma = token.lower_, token.lemma_.lower()
    found = [name for name, words in WEASEL_LEXICON.items() if low in words or lemma in words]
    if token.tag_ == "MD":
        found.append("modal")
    return found


def _weasel_patterns(tokens: list[Token]) -> set[str]:
    """Weasel phrases and lexicon classes in context: "L:vagueq L:people" bigrams, who is the subject of a belief
    verb ("some ... say", "it is believed"), belief verbs in the passive, what a vague quantifier qualifies. These
    generalise over the words: "some scholars argue" and "many critics claim" share features.
    """
    features: set[str] = set()
    text = " " + " ".join(t.lower_ for t in tokens) + " "
    features.update("P=" + p.replace(" ", "_") for p in WEASEL_PHRASES if f" {p} " in text)
    classes = [_classes(t) for t in tokens]
    shapes = [c or [t.tag_] for t, c in zip(tokens, classes, strict=True)]
    for left, right in zip(shapes, shapes[1:], strict=False):
        for a in left:
            for b in right:
                if a in WEASEL_LEXICON or b in WEASEL_LEXICON or "modal" in (a, b):
                    features.add(f"cb={a}_{b}")
    pronouns = {"it", "they", "he", "she", "some", "many", "this"}
    for token, own in zip(tokens, classes, strict=True):
        head_classes = _classes(token.head)
        if token.dep_ in {"nsubj", "nsubjpass", "expl"}:
            who = token.lower_ if token.lower_ in pronouns else (own[0] if own else token.tag_)
            features.update(f"subjof={c}|{who}|{token.dep_}" for c in head_classes)
        if token.dep_ == "auxpass":
            features.update(f"passive={c}" for c in head_classes)
        if token.dep_ in {"det", "amod"} and token.lower_ in WEASEL_LEXICON["vagueq"]:
            features.add(f"vq>{token.head.tag_}|{token.head.dep_}")
            features.update(f"vq>{c}" for c in head_classes)
    return features


def uncertainty_features(sent: Span | Doc) -> set[str]:
    """Bag-of-features of a parsed sentence: words, bigrams, dependency pairs, weasel-lexicon classes and patterns."""
    tokens = list(sent)
    features: set[str] = set()
    for i, token in enumerate(tokens):
        features.add("w=" + token.lower_)
        if i + 1 < len(tokens):
            features.add(f"b={token.lower_}_{tokens[i + 1].lower_}")
        features.add(f"d={token.lemma_.lower()}>{token.head.lemma_.lower()}|{token.dep_}")
        features.update(_lexicon_classes(token))
    features.update(_weasel_patterns(tokens))
    return features


def token_features(sent: Span | Doc) -> list[set[str]]:
    """Features of each token in its context, for the cue detector (a sentence is as uncertain as its worst word).

    Besides the word and its neighbours, a cue word's role in the parse: which lexicon class governs it ("some"
    under a belief verb), and for a word of a lexicon class its relation, its head's part of speech and what kind
    of subject it has ("is considered" with no named subject is a weasel, "Smith considered" is not).
    """
    tokens = list(sent)
    result: list[set[str]] = []
    for i, token in enumerate(tokens):
        low, lemma = token.lower_, token.lemma_.lower()
        features = {"w=" + low, f"lt={lemma}|{token.tag_}", f"d={lemma}>{token.head.lemma_.lower()}|{token.dep_}"}
        if i > 0:
            features.add(f"bl={tokens[i - 1].lower_}_{low}")
        if i > 1:
            features.add(f"l2={tokens[i - 2].lower_}|{low}")
        if i + 1 < len(tokens):
            features.add(f"br={low}_{tokens[i + 1].lower_}")
        if i + 2 < len(tokens):
            features.add(f"r2={low}|{tokens[i + 2].lower_}")
        features.update(_lexicon_classes(token))
        features.update(f"hc={c}|{token.dep_}" for c in _classes(token.head))
        own = _classes(token)
        if own:
            subjects = _children(token, "nsubj", "nsubjpass")
            subject = subjects[0].pos_ if subjects else "-"
            for c in own:
                features.add(f"c={c}|{token.dep_}|{token.head.pos_}")
                features.add(f"c={c}|subj={subject}")
        result.append(features)
    return result


def word_features(features: set[str]) -> set[str]:
    """The words and bigrams of a sentence's bag of features: what the NB-logistic reads."""
    return {f for f in features if f.startswith(("w=", "b="))}


CHAR_NGRAMS = (2, 5)


def char_ngrams(text: str, bits: int) -> dict[int, float]:
    """Character 2-5-grams of the lower-cased text hashed into ``2**bits`` buckets, sublinear tf, l2-normalised.

    Hashing keeps the model a fixed-size weight array instead of a table of ~100k n-grams; crc32 is stable across
    runs and machines (Python's ``hash()`` of a string is salted per process).
    """
    padded = " " + " ".join(text.lower().split()) + " "
    mask = (1 << bits) - 1
    counts: dict[int, int] = {}
    low, high = CHAR_NGRAMS
    for n in range(low, high + 1):
        for i in range(len(padded) - n + 1):
            bucket = zlib.crc32(padded[i : i + n].encode("utf-8")) & mask
            counts[bucket] = counts.get(bucket, 0) + 1
    values = {bucket: 1.0 + math.log(count) for bucket, count in counts.items()}
    norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
    return {bucket: v / norm for bucket, v in values.items()}


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0


def _logsumexp(values: list[float]) -> float:
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values))


@dataclass
class UncertaintyModel:
    """Four logistic models averaged: a bag of features over the sentence; a cue detector over its tokens whose
    sentence score is a soft maximum of the token scores (weasel labels hang on single cue words); an NB-logistic
    over its words and bigrams (weights scaled by naive-Bayes log-count ratios: a different bias on the same words,
    so its errors differ); and a logistic over hashed character n-grams (one float16 weight per bucket, the bucket
    count is the array's length). Uncertain when the mean probability reaches ``threshold``.
    """

    weights: dict[str, float]
    bias: float
    token_weights: dict[str, float]
    token_bias: float
    word_weights: dict[str, float]
    word_bias: float
    char_weights: npt.NDArray[np.float16]
    char_bias: float
    threshold: float
    meta: dict[str, Any]

    def probability(self, sent: Span | Doc) -> float:
        features = uncertainty_features(sent)
        bag = _sigmoid(self.bias + sum(self.weights.get(f, 0.0) for f in features))
        token_scores = [sum(self.token_weights.get(f, 0.0) for f in fs) for fs in token_features(sent)]
        cue = _sigmoid(self.token_bias + _logsumexp(token_scores)) if token_scores else _sigmoid(self.token_bias)
        words = _sigmoid(self.word_bias + sum(self.word_weights.get(f, 0.0) for f in word_features(features)))
        grams = char_ngrams(sent.text, len(self.char_weights).bit_length() - 1)
        buckets = np.fromiter(grams.keys(), dtype=np.int64, count=len(grams))
        values = np.fromiter(grams.values(), dtype=np.float64, count=len(grams))
        chars = _sigmoid(self.char_bias + float(self.char_weights[buckets].astype(np.float64) @ values))
        return (bag + cue + words + chars) / 4

    def is_uncertain(self, sent: Span | Doc) -> bool:
        return self.probability(sent) >= self.threshold

    def to_json(self) -> dict[str, Any]:
        return {
            "weights": self.weights,
            "bias": self.bias,
            "token_weights": self.token_weights,
            "token_bias": self.token_bias,
            "word_weights": self.word_weights,
            "word_bias": self.word_bias,
            "char_weights_float16": base64.b64encode(self.char_weights.astype("<f2").tobytes()).decode("ascii"),
            "char_bias": self.char_bias,
            "threshold": self.threshold,
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> UncertaintyModel:
        char_weights = np.frombuffer(base64.b64decode(data["char_weights_float16"]), dtype="<f2")
        if len(char_weights) < 2 or len(char_weights) & (len(char_weights) - 1):
            raise ValueError(f"{len(char_weights)} character-n-gram weights, not a power of two")
        return cls(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            token_weights={str(k): float(v) for k, v in data["token_weights"].items()},
            token_bias=float(data["token_bias"]),
            word_weights={str(k): float(v) for k, v in data["word_weights"].items()},
            word_bias=float(data["word_bias"]),
            char_weights=char_weights.astype(np.float16),
            char_bias=float(data["char_bias"]),
            threshold=float(data["threshold"]),
            meta=dict(data.get("meta", {})),
        )


@lru_cache(maxsize=1)
def load_uncertainty_model() -> UncertaintyModel:
    """The model shipped in ``claimledger/data`` (trained on the CoNLL-2010 Wikipedia train split only)."""
    try:
        raw = resources.files("claimledger").joinpath("data", MODEL_FILE).read_bytes()
        return UncertaintyModel.from_json(json.loads(gzip.decompress(raw)))
    except (OSError, ValueError, KeyError) as exc:
        raise ClaimledgerError(
            f"the uncertainty model claimledger/data/{MODEL_FILE} is missing or unreadable ({exc})",
            hint="reinstall claimledger, or retrain: python -m claimledger.evaluation.conll2010 PATH/train.csv",
        ) from exc


def is_uncertain(text: str) -> bool:
    """Whether a sentence is uncertain or hedged (weasel words, hedges, distancing), for the CoNLL-2010 task."""
    doc = load_model()(text)
    return load_uncertainty_model().is_uncertain(doc)
