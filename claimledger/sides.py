"""Sides: whose dead, and who says so.

Casualty recorders weigh a figure by who gives it: a belligerent's figure for its enemy's losses cannot confirm
itself, and a side's admission of its own losses is strong evidence. This module knows

- the side a source speaks for (:func:`source_side`): a curated list of the parties' organs (governments,
  militaries, ministries, officials, state media) and patterns over the source phrase ("Russian state media",
  "the Ukrainian military", "the governor of Kharkiv"); international bodies, NGOs and foreign media are
  ``"neutral"``; ``None`` when the phrase does not say;
- the side of the harmed people (:func:`victim_party`): from the subject ("Russian soldiers", the enemy of the
  source for "the enemy", the source's own side for "our defenders" / "its soldiers"), the country that "lost" or
  "suffered" them, units ("the Azov regiment"), and for civilians the country of the place;
- whether a claim is partisan (a side speaking of its enemy's losses) or an admission (a side speaking of its own
  soldiers' losses): :func:`stance`.

Parties are country names as the gazetteer spells them ("Russia", "Ukraine"), as in the war gold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .records import Place, Source

__all__ = [
    "ENEMIES",
    "name_titles",
    "NEUTRAL",
    "country_name",
    "enemy_of",
    "source_side",
    "stance",
    "victim_party",
]

NEUTRAL = "neutral"

#: Wars whose sides the reader knows: each belligerent with its enemies (a curated list of the field).
_WARS: tuple[tuple[str, str], ...] = (
    ("Russia", "Ukraine"),
    ("Israel", "Palestine"),
    ("Israel", "Lebanon"),
    ("Armenia", "Azerbaijan"),
    ("Ethiopia", "Eritrea"),
    ("Sudan", "South Sudan"),
)
ENEMIES: dict[str, frozenset[str]] = {
    side: frozenset(b if a == side else a for a, b in _WARS if side in (a, b)) for pair in _WARS for side in pair
}

#: Organs of a party, by name: leaders and officials who speak for it, its ministries and services, its state media,
#: the authorities it installed. Lower-case phrases, matched on word boundaries in the source text.
_ORGANS: dict[str, tuple[str, ...]] = {
    "Ukraine": (
        "general staff of ukraine", "ukraine's general staff", "ukrainian general staff", "ukrinform", "zelensky",
        "zelenskiy", "zelenskyy", "kuleba", "reznikov", "zaluzhnyi", "zaluzhny", "syrskyi", "podolyak", "podoliak",
        "yermak", "arestovych", "herashchenko", "gerashchenko", "vereshchuk", "klitschko", "venediktova", "kostin",
        "lubinets", "denisova", "shmyhal", "umerov", "budanov", "ihnat", "malyar", "monastyrskyi", "klymenko",
        "DSNS", "SBU", "verkhovna rada", "ukrainian presidency", "ukraine's presidency",
        "armed forces of ukraine", "azov", "territorial defence", "synyehubov", "synehubov", "syniehubov",
        "haidai", "gaidai", "kyrylenko", "boychenko", "fedorov", "sadovyi", "terekhov", "lysak",
    ),
    "Russia": (
        "TASS", "ria novosti", "RIA", "RT", "russia today", "sputnik", "rossiya", "izvestia", "rossiyskaya gazeta",
        "zvezda", "kremlin", "putin", "peskov", "shoigu", "lavrov", "zakharova", "konashenkov", "gerasimov",
        "belousov", "medvedev", "kadyrov", "pushilin", "pasechnik", "saldo", "balitsky", "gladkov", "prigozhin",
        "wagner", "rosgvardia", "FSB", "duma", "donetsk people's republic", "luhansk people's republic",
        "lugansk people's republic", "DPR", "LPR", "DNR", "LNR", "separatist", "separatists", "pro-russian",
        "russian-installed", "russian-imposed", "russian-appointed", "moscow-installed", "moscow-backed",
        "kremlin-backed", "russia-backed", "russian-backed", "occupation authorities", "russian state media",
    ),
    "Belarus": ("belta", "lukashenko"),
}

#: Names of international bodies, NGOs and international media: they speak for no side.
_NEUTRAL_NAMES = (
    "UN", "U.N.", "united nations", "ohchr", "unhcr", "unicef", "WHO", "world health organization",
    "world health organisation", "IOM", "icrc", "red cross", "red crescent", "amnesty", "human rights watch", "hrw",
    "MSF", "médecins sans frontières", "medecins sans frontieres", "doctors without borders", "osce", "ICC",
    "international criminal court", "echr", "european court", "iaea", "nato", "european union", "EU", "airwars",
    "acled", "ucdp", "reuters", "associated press", "AP", "AFP", "agence france-presse", "bbc", "cnn", "guardian",
    "new york times", "washington post", "buzzfeed", "bloomberg", "al jazeera", "DPA", "EFE", "ansa", "kyodo",
    "financial times", "wall street journal", "economist", "observer", "telegraph", "independent", "sky news",
    "NBC", "CBS", "abc news", "NPR", "PBS", "politico", "axios", "euronews",
)

#: A capital alone stands for its government ("Kyiv says", "Moscow denied").
_CAPITALS = {"kyiv": "Ukraine", "kiev": "Ukraine", "moscow": "Russia", "minsk": "Belarus"}
#: Country abbreviations the gazetteer does not hold as names.
_ABBREVIATIONS = {"uk": "United Kingdom", "u.k.": "United Kingdom", "us": "United States", "u.s.": "United States",
                  "usa": "United States", "u.s.a.": "United States", "britain": "United Kingdom"}

#: Source kinds that speak for a state when the phrase names its country ("Russian officials", "Ukraine's military").
_STATE_KINDS = {"government", "military", "official"}

#: Words for the people a speaker fights ("the enemy lost 1,260 personnel") and for its own ("our defenders").
_ENEMY_WORDS = {"enemy", "occupier", "occupant", "invader", "orc", "rashist", "aggressor", "adversary", "foe"}
_OWN_DETERMINERS = {"our", "its", "their", "his", "her", "my"}
_OWN_WORDS = {"defender", "hero", "compatriot", "countryman", "countrymen"}
#: Verbs whose subject is the side that had the losses ("Russia had suffered more than 3,000 casualties").
_LOSS_VERBS = {"suffer", "lose", "sustain", "incur", "have", "take", "record", "count", "mourn"}
#: Nouns of attack whose demonym names the attacker ("Russian shelling", "a Ukrainian drone strike").
_ATTACK_NOUNS = {
    "attack", "strike", "airstrike", "shelling", "bombardment", "bombing", "missile", "rocket", "drone", "fire",
    "assault", "offensive", "invasion", "raid", "artillery", "hit", "shell", "mortar", "occupation", "aggression",
    "bomb", "incursion",
}  # fmt: skip
_FIGHTERS = {"force", "forces", "troop", "troops", "army", "soldier", "soldiers", "military"}


#: Heads of state and government and ministers often named without a title.
_LEADERS = frozenset(
    """
    zelensky zelenskiy zelenskyy putin lukashenko biden peskov shoigu lavrov kuleba reznikov shmyhal medvedev
    zakharova stoltenberg macron scholz sunak johnson truss erdogan netanyahu
    """.split()
)


def name_titles(doc: Doc, sources: Iterable[Source]) -> None:
    """A person named without a title ("Vereshchuk confirmed") takes the kind the article's other mentions of that
    name give ("the Ukrainian deputy prime minister Iryna Vereshchuk", "Colin Kahl, the Pentagon's policy chief");
    a leader the reader knows is the government."""
    from .attribution import classify_source

    where: dict[str, list[int]] | None = None  # each word's token positions, built once and only when needed
    for source in sources:
        if source.kind != "unknown":
            continue
        words = re.findall(r"[A-Z][\w’'-]+", source.text)
        if any(w.lower().removesuffix("'s").removesuffix("’s") in _LEADERS for w in words):
            source.kind = "government"
            continue
        if not words:
            continue
        surname = words[-1]
        if where is None:
            where = {}
            for token in doc:
                where.setdefault(token.text, []).append(token.i)
        for i in where.get(surname, []):
            title = _title_span(doc, doc[i])
            if title is not None:
                kind = classify_source(title).kind
                if kind not in ("unknown", "outlet"):
                    source.kind = kind
                    break


_TITLE_POS = ("PROPN", "NOUN", "ADJ", "DET", "PART")


def _title_span(doc: Doc, name: Token) -> Span | None:
    """The words that give a name its title: before it in its noun phrase ("Kharkiv governor Oleh Synyehubov"), or
    in an apposition after it ("Volodymyr Zelenskiy, the Ukrainian president")."""
    start = name.i
    while start > name.sent.start and doc[start - 1].pos_ in _TITLE_POS and name.i - start < 7:
        start -= 1
    if start < name.i - 1:
        return doc[start : name.i + 1]
    before = name.i - 1
    while before > name.sent.start and doc[before].pos_ == "PROPN":
        before -= 1
    if doc[before].text == "," and before > name.sent.start:  # "the regional governor, Oleh Synehubov"
        start = before
        while start > name.sent.start and before - start < 6 and (
            doc[start - 1].pos_ in _TITLE_POS or doc[start - 1].lower_ == "of"  # "The governor of Luhansk, ..."
        ):
            start -= 1
        if start < before:
            return doc[start:before]
    if name.i + 2 < name.sent.end and doc[name.i + 1].text == ",":
        end = name.i + 2
        while end < name.sent.end and doc[end].pos_ in (*_TITLE_POS, "ADP") and end - name.i < 9:
            end += 1
        if end > name.i + 2:
            return doc[name.i + 2 : end]
    return None


def _has(text: str, phrase: str) -> bool:
    """``phrase`` in ``text`` as whole words; an acronym in capitals ("UN", "WHO") only in capitals."""
    exact = phrase.isupper() or (len(phrase) <= 4 and phrase.replace(".", "").isupper())
    haystack = text.replace("’", "'") if exact else _norm(text)
    return re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", haystack) is not None


def _norm(text: str) -> str:
    return text.lower().replace("’", "'")


@lru_cache(maxsize=4096)
def country_name(word: str) -> str | None:
    """The country a word names: a demonym ("Russian"), a country's name or possessive ("Ukraine's"), "U.K."."""
    from .geoparse import demonym_country, get_geoparser

    clean = word.strip().removesuffix("'s").removesuffix("’s").strip()
    if not clean or not clean[0].isupper():
        return None
    if clean.lower() in _ABBREVIATIONS:
        return _ABBREVIATIONS[clean.lower()]
    found = demonym_country(clean)
    if found:
        return found
    cands = get_geoparser().gazetteer.lookup(clean)
    if cands and cands[0].level >= 9 and cands[0].name.lower() == clean.lower():
        return cands[0].name
    return None


def enemy_of(side: str | None) -> str | None:
    """The one enemy of a belligerent, or None (not a belligerent the reader knows, or several enemies)."""
    enemies = ENEMIES.get(side or "", frozenset())
    return next(iter(enemies)) if len(enemies) == 1 else None


def source_side(text: str, kind: str = "unknown", places: Sequence[Place] = ()) -> str | None:
    """The side a source speaks for: a party's name, ``"neutral"``, or None when the phrase does not say.

    Curated organs first ("TASS", "Pro-Russian authorities in Mariupol", "Zelenskiy"), then neutral bodies ("The UN
    human rights office"), then a country a state source names ("Russian officials", "Ukraine's defence ministry",
    "U.K. officials") or, for officials, the country of a place in the phrase ("the governor of Kharkiv"), or for
    local authorities of the place of the sentence (``places``: "Nine were killed in Kharkiv, the regional governor
    said").
    """
    low = _norm(text).strip()
    if low.removeprefix("the ") in _CAPITALS:
        return _CAPITALS[low.removeprefix("the ")]
    for side, names in _ORGANS.items():
        if any(_has(text, name) for name in names):
            return side
    if any(_has(text, name) for name in _NEUTRAL_NAMES):
        return NEUTRAL
    if kind in _STATE_KINDS or kind == "unknown" or "state" in low.split():
        for word in re.findall(r"[A-Z][\w.’'-]*", text):
            country = country_name(word)
            if country:
                return country
        if kind in _STATE_KINDS and (named_here := [p for p in places if p.text in text]):
            return _country_of_code(str(named_here[0].country)) if named_here[0].country else None
        if kind in _STATE_KINDS and _LOCAL_WORDS & set(low.replace("’s", " ").replace("'s", " ").split()):
            located = [p for p in places if p.country and p.role != "reference"]
            # a town or region before a country ("Russia-Ukraine war: ... Mariupol ..., says mayor"): no mayor
            # governs a country, and a headline's label may name both sides
            local = [p for p in located if p.feature != "country"]
            if local or len({p.country for p in located}) == 1:
                # "the regional governor said" of a strike on Kharkiv: the local authority is Ukraine's
                return _country_of_code(str((local or located)[0].country))
    return None


#: Words of local authorities, whose side is that of the place they govern.
_LOCAL_WORDS = frozenset("governor mayor regional region local city oblast province district police".split())


def _country_of_code(code: str) -> str | None:
    from .geoparse import get_geoparser

    country = get_geoparser().gazetteer.country(code)
    return country.name if country else None


def _root_side(sources: Sequence[Source]) -> str | None:
    """The side of the source the figure comes from: the innermost with a known side (a party before neutral)."""
    sides = [s.side for s in reversed(sources) if s.side]
    return next((s for s in sides if s != NEUTRAL), None)


def victim_party(
    victim: Token | None,
    trigger: Token,
    party_words: Iterable[str],
    affiliation: str,
    category: str,
    places: Sequence[Place],
    sources: Sequence[Source],
) -> str | None:
    """The side of the harmed people, or None when the text does not say (see the module docstring)."""
    speaker = _root_side(sources)
    for word in party_words:
        country = country_name(word) or _organ_side(word)
        if country:
            return country
    people = victim if victim is not None else trigger
    if people.like_num or people.pos_ == "NUM":  # "urged Russian troops to leave, claiming 4,500 were already dead"
        antecedent = _antecedent(people)
        if antecedent is not None:
            people = antecedent
            for left in people.lefts:
                country = country_name(left.text)
                if country:
                    return country
    wholes = [g for c in people.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    owner = [t.lower_ for w in (people, *wholes) for c in w.children if c.dep_ == "poss" for t in c.subtree]
    # ("86 members of their armed forces": the owner of the whole they belong to)
    if set(owner) & _OWN_DETERMINERS:  # "its rescuers", "his country's troops": the speaker's, or the subject's
        own = speaker or _subject_country(people)
        if own:
            return own
    words = {people.lemma_.lower(), people.lower_} | {c.lemma_.lower() for c in people.lefts}
    if words & _ENEMY_WORDS:
        return enemy_of(speaker) or enemy_of(_place_country(places, category, trigger.sent))
    if words & _OWN_WORDS and speaker:
        return speaker
    loser = _loser(trigger, speaker)
    if loser:
        return loser
    unit = _unit_side(people)
    if unit:
        return unit
    doer = _doer_side(trigger)
    if affiliation == "military" and doer:  # "they eliminated 5,000 troops", said of Ukrainian forces
        return enemy_of(doer)
    fled = _fled_country(trigger) if category == "displaced" else None
    if fled:
        return fled
    if affiliation != "military":
        where = _named_place_side(trigger.sent) or _place_country(places, category, trigger.sent)
        attacked = _attacker(trigger)  # the enemy of the side named as attacking
        if where and attacked and enemy_of(attacked) == where:
            return attacked  # "Ukrainian shelling of Donetsk": a side is not said to shell its own people
        if where:
            return where
        if attacked:
            return attacked
        if speaker in ENEMIES:  # "Ukraine estimates that 5,000 people have been killed": a side counts its own people
            return speaker
    return None


_PLACE_NOUNS = {"city", "town", "village", "region", "capital", "port", "oblast", "province", "district", "settlement"}


def _named_place_side(sentence: Span) -> str | None:
    """A place the text gives a side ("the Ukrainian town of Kremenchuk", "a Russian village"), when one side only."""
    sides = {
        country
        for token in sentence
        if token.lemma_.lower() in _PLACE_NOUNS
        for left in token.lefts
        if left.dep_ in ("amod", "compound", "poss") and (country := country_name(left.text))
    }
    return next(iter(sides)) if len(sides) == 1 else None


def _subject_country(people: Token) -> str | None:
    """The country that is the subject of the clause over ``people`` ("Ukraine announced the release of 144 of its
    soldiers")."""
    for verb in people.ancestors:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return country_name(subject.text) or _organ_side(subject.text)
    return None


def _doer_side(trigger: Token) -> str | None:
    """The side of who did the harm: the subject of the harm verb ("Ukrainian forces killed", "they eliminated",
    after "Ukrainian forces are killing ... and") or its agent ("killed by Russian forces")."""
    verb = trigger
    doer = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None:
        doer = next((c for c in agent.children if c.dep_ == "pobj"), None)
    if (doer is None or doer.pos_ == "PRON") and verb.dep_ == "conj":
        doer = next((c for c in verb.head.children if c.dep_ == "nsubj"), doer)
    if doer is None or doer.lemma_.lower() not in _FIGHTERS:
        return None
    sides = {country for t in doer.subtree if (country := country_name(t.text)) and ENEMIES.get(country)}
    return next(iter(sides)) if len(sides) == 1 else None


def _antecedent(number: Token) -> Token | None:
    """The people a bare number counts: the last people noun before it in its sentence."""
    from .casualties import PEOPLE, lemma_of

    before = [t for t in number.sent if t.i < number.i and t.pos_ in ("NOUN", "PROPN")]
    return next((t for t in reversed(before) if lemma_of(t) in PEOPLE), None)


def _organ_side(word: str) -> str | None:
    return next((side for side, names in _ORGANS.items() if any(_has(word, name) for name in names)), None)


_NOUN_PATH = {"pobj", "prep", "dobj", "conj", "nummod", "quantmod", "compound", "amod"}


def _loser(trigger: Token, speaker: str | None) -> str | None:
    """The country that "lost", "suffered" or "had" the harmed ("Russia had suffered more than 3,000 casualties")."""
    head = trigger
    while head.dep_ in _NOUN_PATH and head.head != head:
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            break
    if head.lemma_.lower() not in _LOSS_VERBS:
        return None
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    if subject.lower_ in ("we", "it") and speaker:
        return speaker
    if subject.lemma_.lower() in _ENEMY_WORDS:
        return enemy_of(speaker)
    for token in subject.subtree:
        country = country_name(token.text) or _organ_side(token.text)
        if country and country != NEUTRAL:
            return country
    return None


def _unit_side(people: Token) -> str | None:
    """A unit, force or office named with its side ("the Azov regiment", "Wagner fighters", "the Moscow-installed
    mayor"): the noun and the words before it, not its relative clauses ("civilians killed by Wagner")."""
    start = min([people.i, *(t.left_edge.i for t in people.lefts)])
    return _organ_side(people.doc[start : people.i + 1].text)


def _fled_country(trigger: Token) -> str | None:
    """The country the displaced fled, when the verb names it ("have fled Ukraine", "fled from Syria")."""
    for child in trigger.children:
        target = child
        if child.dep_ == "prep" and child.lower_ in ("from", "out"):
            target = next((c for c in child.children if c.dep_ == "pobj"), child)
        elif child.dep_ != "dobj" or trigger.lemma_.lower() not in ("flee", "leave", "escape", "abandon"):
            continue  # "entering Poland" names where they went
        country = country_name(target.text)
        if country:
            return country
    return None


_SPECIFIC = {"city": 0, "region": 1, "other": 2, "country": 3}


def _place_country(places: Sequence[Place], category: str, sentence: Span | None = None) -> str | None:
    """The country of the claim's place: where the harm was (for the displaced, where they fled from), the most
    specific place first ("Kramatorsk" before "Russia" in "... sanctions on Russia after a strike on Kramatorsk");
    a capital or country that acts ("Moscow faced sanctions", "Moscow's incursion") is its government, no place."""
    roles: tuple[str, ...] = ("origin", "location", "reference")
    if category != "displaced":  # "on a visit to Bucha, where ... 400 civilians died"; never where refugees went
        roles = ("location", "origin", "reference", "destination")
    where = [p for p in places if p.country and not (sentence is not None and _acts(p, sentence))]
    for role in roles:
        found = sorted((p for p in where if p.role == role), key=lambda p: _SPECIFIC.get(p.feature, 2))
        if found and found[0].feature == "country" and len({p.country for p in found}) > 1:
            return None  # countries alone, and several: a list or a comparison ("Georgia and Bosnia"), no place
        if found:
            return _country_of_code(str(found[0].country))
    return None


def _acts(place: Place, sentence: Span) -> bool:
    """The place names an actor or no place: the subject of a verb or the owner of a thing ("Moscow's incursion"), a
    pair ("Russia-Ukraine war"), a person's nationality ("a US journalist"), a verb's counterpart ("with Russia")."""
    from .casualties import PEOPLE, lemma_of

    token = next((t for t in sentence if t.idx == place.start), None)
    if token is None:
        return False
    text, offset = sentence.text, sentence.start_char  # not doc.text: it joins the whole document on each call
    before = text[place.start - offset - 1] if place.start > offset else ""
    if text[place.end - offset : place.end - offset + 1] == "-" or before == "-":
        return True
    if token.dep_ in ("compound", "amod", "nmod") and lemma_of(token.head) in PEOPLE:
        return True
    if token.dep_ == "pobj" and token.head.lower_ in ("with", "against") and token.head.head.pos_ == "VERB":
        return True  # "exchanged 86 soldiers with Russia", "fought against Russia": a counterpart, not a place
    return token.dep_ in ("nsubj", "nsubjpass", "poss") and token.head.pos_ != "PROPN"


def _attacker(trigger: Token) -> str | None:
    """The side named as attacking ("Russian shelling killed", "killed by a Russian missile", "Russian forces shot
    and killed"), when the sentence names one side only: its victims are of the other side."""
    sides = set()
    for token in trigger.sent:
        weapon = token.lemma_.lower() in _ATTACK_NOUNS or token.lower_ in _ATTACK_NOUNS
        if token.lemma_.lower() in _FIGHTERS:  # people attack only as the harm's doer, else they may be its victims
            weapon = token.dep_ in ("nsubj", "pobj") and token.head in (trigger, *trigger.conjuncts, trigger.head)
        if weapon:  # its modifiers, or the word before it when the parser split them ("by Ukrainian shelling")
            before = [token.doc[token.i - 1]] if token.i > trigger.sent.start else []
            for child in [*token.lefts, *before]:
                country = country_name(child.text)
                if country and ENEMIES.get(country):
                    sides.add(country)
    return enemy_of(next(iter(sides))) if len(sides) == 1 else None


def stance(party: str | None, affiliation: str, sources: Sequence[Source]) -> tuple[bool, bool]:
    """(partisan, admission): the root source is a side speaking of its enemy's losses, or of its own soldiers'."""
    speaker = _root_side(sources)
    if speaker is None or party is None:
        return False, False
    if party in ENEMIES.get(speaker, frozenset()):
        return True, False
    return False, party == speaker and affiliation == "military"
