"""Harm mentions: who was harmed, how (category), and how many, from the words and the parse.

A harm mention needs a *trigger* (a word that says people were harmed: killed, corpses, maimed,
prisoners ...) and, where the text gives one, a *victim* noun (soldiers, civilians, a man) and a
count attached to it by the dependency parse. A number that quantifies something else ("three
separate medical facilities", "100 kilometres") is never a count, because it is only taken when
it modifies the victim or the trigger itself.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .counts import VAGUE_FEW, VAGUE_PLURALS, CountMention, number_value
from .geoparse import demonym_country
from .hedging import after_semicolon
from .records import Affiliation, Category, Rate

_DEAD_VERBS = {
    "kill",
    "die",
    "slay",
    "murder",
    "execute",
    "massacre",
    "perish",
    "slaughter",
    "behead",
    "assassinate",
    "drown",
}
_DEAD_NOUNS = {"death", "corpse", "fatality", "dead", "killing", "remains", "cadaver", "slaying", "homicide"}
# "a double homicide", "triple shooting", "quadruple murder": the event word carries the number of its victims
_MULTIPLES = {"double": 2, "triple": 3, "quadruple": 4, "quintuple": 5}
_MULTIPLE_EVENTS = {"homicide": "dead", "murder": "dead", "slaying": "dead", "killing": "dead", "shooting": "wounded",
                    "stabbing": "wounded"}  # fmt: skip
# One death said with a determiner: "the shooting death", "his death", "a homicide".
_SINGLE_DEATH_NOUNS = {"death", "slaying", "homicide"}
_DEAD_ADJS = {"dead", "killed", "slain", "deceased", "lifeless", "fallen"}
_WOUNDED_VERBS = {"wound", "injure", "maim", "hurt", "hospitalize", "hospitalise", "disfigure", "shoot", "stab"}
# "striking five people", "Zigan was hit multiple times": hit by gunfire, like "shot"; only with people as victims
_HIT_VERBS = {"hit", "strike", "graze"}
_PROJECTILE_WORDS = {
    "shot", "shots", "bullet", "bullets", "gunfire", "fire", "fired", "firing", "round", "rounds", "shrapnel", "shell",
    "shells", "missile", "rocket", "sniper", "gunman", "gunshot", "shooting", "gun", "pistol", "rifle", "stray",
}  # fmt: skip
_WOUNDED_NOUNS = {"injury", "wounded", "injured", "wound"}
# Harms one person can have several of ("two gunshot wounds"); not "hundreds of wounded", who are people.
_BODILY_WORDS = {"injury", "injuries", "wound", "wounds"}
_WOUNDED_ADJS = {"wounded", "injured", "maimed", "hurt", "disfigured", "hospitalized", "hospitalised"}
_MISSING = {"missing", "disappear", "unaccounted"}
_CAPTURED_VERBS = {"capture", "abduct", "kidnap"}
# Taken by the other side, not arrested by the police: "detained by Russian forces", "held by Russian proxies".
_CUSTODY_VERBS = {"detain", "hold", "imprison", "jail", "seize", "arrest"}
_CAPTURED_NOUNS = {"prisoner", "pow", "captive", "hostage", "pows", "abductee"}
# Deportation is forced displacement (Geneva IV, art. 49), not capture: "deported 2,000 children", "forcibly taking
# civilians to Russia", "children taken by Russia", "taken against their will". Soldiers so moved are prisoners.
_REMOVAL_VERBS = {"take", "transfer", "move", "relocate", "remove", "send", "transport", "deport"}
# "the release of 144 of its soldiers", "an exchange of 50 prisoners": who is released or swapped was held.
_RELEASE_NOUNS = {"release", "exchange", "swap", "return"}
# Military losses: "eliminated 5,000 troops", "lost 1,260 soldiers", "personnel losses".
_LOSS_VERBS = {"eliminate", "neutralise", "neutralize", "liquidate", "lose", "destroy"}
_LOSS_NOUNS = {"loss"}
_CASUALTY_NOUNS = {"casualty"}
_DISPLACED_VERBS = {"displace", "flee", "evacuate", "uproot"}
_DISPLACED_NOUNS = {"refugee", "evacuee", "displaced"}
# A corpse-like "body" needs one of these verbs, a count, or a possessor; "governing bodies" never counts.
_BODY_VERBS = {
    "find", "discover", "recover", "retrieve", "exhume", "identify", "ship", "load", "transport", "bury", "lie",
    "dump", "pull", "collect", "count", "return", "repatriate", "move", "bring", "see", "wash", "remove", "take",
    "carry", "send", "store", "pile", "hand", "exchange", "leave", "litter",
}  # fmt: skip
_TOLL_HEADS = {"toll", "count", "number", "figure", "tally", "list", "total"}
# "raised the death toll to 47", "losses amounted to 473,400", "the number ... rose to 40": where the figure is.
_TOLL_VERBS = {"raise", "revise", "put", "bring", "increase", "update", "amount", "rise", "reach", "climb", "stand",
               "total", "exceed", "pass", "top", "hit", "jump", "grow", "be", "estimate", "place"}  # fmt: skip

MILITARY = {
    "soldier", "troop", "serviceman", "servicemen", "fighter", "militant", "combatant", "marine", "sailor", "pilot",
    "paratrooper", "conscript", "recruit", "mercenary", "personnel", "guardsman", "commander", "general", "colonel",
    "officer", "trooper", "sniper", "gunner", "tankman", "infantryman", "reservist", "serviceperson", "insurgent",
    "rebel", "separatist", "army", "force", "unit", "battalion", "brigade", "militia", "militiaman", "jihadist",
    "occupier", "invader", "defender", "servicewoman", "saboteur", "partisan", "guerrilla",
}  # fmt: skip
CIVILIAN = {
    "civilian", "child", "kid", "baby", "infant", "toddler", "boy", "girl", "woman", "resident", "local", "passenger",
    "patient", "journalist", "reporter", "doctor", "nurse", "medic", "volunteer", "student", "pupil", "teacher",
    "villager", "pensioner", "elderly", "refugee", "worker", "employee", "family", "teenager", "teen", "shopper",
    "bystander", "pedestrian", "driver", "farmer", "evacuee", "wife", "husband", "son", "daughter", "mother",
    "father", "brother", "sister", "grandmother", "grandfather", "aid worker", "firefighter", "rescuer",
}  # fmt: skip
PEOPLE = MILITARY | CIVILIAN | {
    "person", "people", "man", "men", "adult", "victim", "individual", "male", "female", "citizen", "national",
    "member", "relative", "friend", "neighbor", "neighbour", "policeman", "police", "guard", "staff", "prisoner",
    "hostage", "captive", "crew", "agent", "deputy", "official", "inmate", "occupant", "player", "fan", "cousin",
    "nephew", "niece", "uncle", "aunt", "grandson", "granddaughter", "twin", "infantry", "youth", "juvenile",
    "other", "others", "both", "gunman", "shooter", "suspect", "attacker", "assailant", "bomber", "intruder",
    "robber", "homeowner", "owner", "customer", "clerk", "cashier", "girlfriend", "boyfriend", "fiance", "fiancee",
    "spouse", "partner", "stepfather", "stepmother", "stepson", "stepdaughter", "grandchild", "parent", "mom", "dad",
    "roommate", "classmate", "coworker", "co-worker", "acquaintance", "stranger", "passerby", "motorist", "cyclist",
    "tenant", "bartender", "bouncer", "teammate", "lady", "gentleman", "sheriff", "detective", "trooper",
}  # fmt: skip
_GROUP_NOUNS = {"family", "group", "household", "crew", "party", "team", "unit", "squad"}
# Who is never counted among those who fled: perpetrators and armed men ("the gunman fled", "troops entered").
_NOT_REFUGEES = MILITARY | {"gunman", "shooter", "suspect", "attacker", "assailant", "bomber", "intruder", "robber",
                            "driver", "police", "officer", "thief", "killer"}  # fmt: skip
_QUANTIFIERS = {"many", "much", "few", "several", "some", "numerous", "countless", "more", "other", "most", "all"}
_SINGLE_DETS = {"a", "an", "one", "the", "his", "her", "their", "its", "this", "that"}
_PRONOUN_ONE = {"he", "she", "him", "her", "himself", "herself"}
# What the taken become in "took them prisoner", "taken hostage": a role, not one more victim.
_TAKEN_AS = {"prisoner", "prisoners", "hostage", "hostages", "captive", "captives"}
_ORDINAL_PEOPLE = {"second", "third", "fourth", "fifth"}
_REFLEXIVES = {"himself", "herself", "themselves", "itself"}
_QUANTITY_NOUNS = set(VAGUE_PLURALS) | set(VAGUE_FEW) | {"dozen", "total", "hundred", "thousand", "million", "half",
                                                         "quarter", "number"}  # fmt: skip
# Heads of state whose possessive names a party ("Putin's troops").
LEADER_PARTY = {"putin": "Russia", "zelensky": "Ukraine", "zelenskyy": "Ukraine", "lukashenko": "Belarus"}


@dataclass(frozen=True)
class HarmMention:
    """One harm found in one sentence, before dates, places, sources and status are attached."""

    category: Category
    trigger: Token
    victim: Token | None
    count: CountMention | None
    singular: bool
    subject_text: str | None
    affiliation: Affiliation
    party_words: tuple[str, ...]  # demonyms / names that say whose side the victims are on
    sentence: Span
    rate: Rate | None = None  # "824 a day": the count is per this period
    #: The whole this harm's victims are a part of: its victim token ("12 civilians, including three children"),
    #: or a pronoun that refers back ("six of them died").
    part_of: Token | None = None


_KNOWN_NOUNS = (
    _DEAD_NOUNS | _WOUNDED_NOUNS | _CASUALTY_NOUNS | _CAPTURED_NOUNS | _DISPLACED_NOUNS | {"body", "morgue", "toll"}
)


def lemma_of(token: Token) -> str:
    """The lemma, repaired where the small model's lemmatizer misses a plural ("corpses" → "corps")."""
    lemma = token.lemma_.lower()
    lower = token.lower_
    if lemma in _KNOWN_NOUNS or lemma in PEOPLE or not lower.endswith("s"):
        return lemma
    for singular in (lower[:-3] + "y" if lower.endswith("ies") else "", lower[:-2], lower[:-1]):
        if singular in _KNOWN_NOUNS or singular in PEOPLE:
            return singular
    return lemma


def trigger_category(token: Token) -> Category | None:
    """The harm a word names, if any, judged by its lemma, part of speech and neighbours. Idioms are ruled out
    last, for the few words that name a harm (asked of every token, the check cost more than the rest)."""
    category = _word_category(token)
    return None if category is None or _is_idiom(token) else category


def _word_category(token: Token) -> Category | None:
    lemma = lemma_of(token)
    lower = token.lower_
    pos = token.pos_
    if pos == "VERB" or (pos == "AUX" and lemma in _DEAD_VERBS):
        if lemma == "shoot":
            return _shoot_category(token)
        if lemma in _DEAD_VERBS or (lemma == "take" and _takes_own_life(token)) or _lives_taken(token) is not None:
            return "dead"
        if lemma in _WOUNDED_VERBS or (lemma in _HIT_VERBS and _hits_people(token)):
            return "dead" if _fatally(token) else "wounded"
        if lemma in _CAPTURED_VERBS or (
            lemma == "take"
            and any(c.lower_ in ("prisoner", "captive", "hostage") for c in token.children)
            and not any(c.dep_ in ("dobj", "obj") and not _is_victim_like(c) for c in token.children)
        ):
            return "captured"
        if lemma in _CUSTODY_VERBS and _held_by_a_side(token):
            return "captured"
        if lemma in _REMOVAL_VERBS and _forcibly_removed(token):
            soldiers = any(_affiliation(_through_quantity(m)) == "military" for m in _acted_on(token))
            return "captured" if soldiers else "displaced"
        if lemma == "surrender" and any(_affiliation(_through_quantity(m)) == "military" for m in _movers(token)):
            return "captured"  # "hundreds of fighters surrendered"
        if lemma in _LOSS_VERBS and _loses_soldiers(token):
            return "casualties"
        if lemma == "escape":
            return "displaced" if _escapes_war(token) else None
        if lemma in _DISPLACED_VERBS and (
            lemma in ("displace", "uproot")
            or _flees_war(token)
            or (lemma == "flee" and _flees_unqualified(token))
            or (lemma == "evacuate" and _evacuated_unqualified(token))
        ):
            return "displaced"
        if lemma in _REFUGEE_MOVES and _moves_as_refugee(token):
            return "displaced"
        if lemma in ("force", "drive", "chase") and _driven_from_home(token):
            return "displaced"
        if _brought_to_safety(token):
            return "displaced"
        if lemma == "bury" and _buried_people(token):
            return "dead"
        if lemma in _SWAP_VERBS and _swaps_people(token):
            return "captured"
        if lemma in ("disappear",):
            return "missing"
    if pos in ("NOUN", "PROPN", "ADJ", "VERB"):
        if lower in _DEAD_ADJS and pos in ("ADJ", "VERB", "NOUN"):
            return "dead"
        if lower in _WOUNDED_ADJS and pos in ("ADJ", "VERB", "NOUN"):
            return "dead" if _fatally(token) else "wounded"
        if lower == "missing" or lemma == "unaccounted":
            return "missing"
        if lower == "captive" and token.dep_ == "amod" and _is_people(token.head):
            return "captured"  # "hundreds of captive Russians"
    if pos in ("NOUN", "PROPN"):
        if (
            lower == "shot"
            and token.dep_ in ("ROOT", "nsubj", "appos", "conj")
            and any(c.dep_ == "nummod" and c.like_num for c in token.children)
        ):
            return "wounded"  # headline "4 shot at sports bar": the model reads "shot" as a noun
        if _multiple(token) is not None:
            return _MULTIPLE_EVENTS[lemma]  # type: ignore[return-value]
        if lemma in _DEAD_NOUNS:
            if _is_toll_modifier(token) or (lemma == "homicide" and token.dep_ == "compound"):
                return None  # "death toll", "homicide detectives"
            return "dead"
        if lemma == "body" and _is_corpse(token):
            return "dead"
        if lemma == "morgue" and _morgue_full(token):
            return "dead"
        if lemma in _WOUNDED_NOUNS:
            return None if _is_toll_modifier(token) else "wounded"
        if lemma in _CASUALTY_NOUNS:
            return "casualties"
        if lemma in _CAPTURED_NOUNS or lower == "pows":
            named = any(c.dep_ == "compound" and c.ent_type_ in ("ORG", "GPE") for c in token.children)
            if token.tag_ == "NN" and named:
                return None  # "holding the EU hostage": a figure of speech
            if lemma == "prisoner" and _convicts(token):
                return None  # "recruited thousands of prisoners from Russian jails": inmates, not captives
            return "captured"
        if lemma in _RELEASE_NOUNS and any(
            _is_people(_through_quantity(g)) for g in [*_of_objects(token), *_swapped(token)]
        ):
            return "captured"  # "the release of 144 of its soldiers"
        if lemma in _LOSS_NOUNS and _counts_lost_people(token):
            return "casualties"
        if lemma in _DISPLACED_NOUNS:
            return "displaced"
        if lemma == "toll" and any(c.lemma_.lower() == "death" for c in token.children):
            return "dead"
        if lemma == "toll" and _bare_toll(token):
            return "dead"  # "the toll rose to 47": a toll, said alone, counts the dead
        if lemma == "captivity" and _in_captivity(token):
            return "captured"
        if lemma == "condition" and any(c.lower_ in _CONDITION_WORDS for c in token.children):
            return "wounded"  # "in critical condition"
    return None


_JAILS = {"jail", "prison", "colony", "penitentiary", "gaol"}


def _convicts(token: Token) -> bool:
    """Prisoners of a jail, not of war: "prisoners from Russian jails", "convicted prisoners"."""
    holders = [token]
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        holders.append(token.head.head)  # "thousands of prisoners from Russian jails"
    words = [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in ("from", "in", "of")
             for g in c.children]  # fmt: skip
    words += [c for c in token.children if c.dep_ in ("amod", "compound")]
    return any(lemma_of(w) in _JAILS or w.lower_ in ("convicted", "jailed") for w in words)


def _multiple(token: Token) -> int | None:
    """ "double homicide" → 2, "murder-suicide" → 2 (one killed and the killer), else None."""
    lemma = token.lemma_.lower()
    if token.i > 0 and token.nbor(-1).lower_ == "attempted":
        return None  # "an attempted murder-suicide": the victim lived
    if lemma in ("murder", "homicide") and token.i + 2 < len(token.doc) and token.nbor(1).text == "-":
        if token.nbor(2).lower_ == "suicide":
            return 2
    if lemma not in _MULTIPLE_EVENTS:
        return None
    return next((_MULTIPLES[c.lower_] for c in token.children if c.lower_ in _MULTIPLES), None)


def headline_sentence(token: Token) -> bool:
    """A headline: a sentence with no closing full stop ("Alton boy killed while playing basketball")."""
    last = token.sent[-1]
    while last.is_space and last.i > token.sent.start:
        last = last.doc[last.i - 1]
    return last.text not in (".", "!", "?", '"', "”", "'")


_LIFE_VERBS = {"claim", "take", "cost", "lose"}


def _lives_taken(token: Token) -> Token | None:
    """The lives a verb ends, as the word that holds their count: "claimed the lives of 12 people" (the "lives" the
    people hang on), "cost 20 lives", "claimed thousands of lives" ("thousands"), "more than 300 lives were lost",
    "two soldiers lost their lives". Not "took his own life" (said apart), nor lives no one counts or owns ("wars
    take lives")."""
    lemma = token.lemma_.lower()
    if lemma not in _LIFE_VERBS:
        return None
    for held in token.children:
        if held.dep_ not in ("dobj", "obj") and not (held.dep_ == "nsubjpass" and lemma == "lose"):
            continue
        counted = held.like_num or held.lower_ in _QUANTITY_NOUNS
        life = next((w for w in _of_objects(held) if w.lemma_.lower() == "life"), held) if counted else held
        if lemma == "claim" and lemma_of(life) == "victim" and any(c.dep_ == "nummod" for c in life.children):
            return held  # "the strike claimed 23 victims"
        if life.lemma_.lower() != "life" or any(c.lower_ == "own" for c in life.children):
            continue
        counted = counted or any(c.dep_ == "nummod" or c.like_num for c in life.children)
        owned = lemma == "lose" and held.dep_ in ("dobj", "obj") and any(c.dep_ == "poss" for c in life.children)
        if counted or owned or any(c.lower_ == "of" for c in life.children):
            return held
    return None


def _fired_at(at: Token) -> bool:
    """ "shot at officers", "shot at the car", "was shot at": a target fired at — but "four people were shot at a
    party" says where they were hit."""
    targets = [c for c in at.children if c.dep_ == "pobj"]
    if not targets:
        return True
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in at.head.children)
    return not passive and (_is_victim_like(targets[0]) or targets[0].lemma_.lower() in _TARGET_THINGS)


_TARGET_THINGS = {"car", "vehicle", "truck", "house", "home", "window", "building", "officer", "police", "crowd"}


def _hits_people(token: Token) -> bool:
    """ "opened fire, striking five people", "he was hit by a bullet": a person hit by fire, not "the missile struck
    a school" or "illnesses have struck Chipotle"."""
    if not any(t.lower_ in _PROJECTILE_WORDS for t in token.sent):
        return False
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)
    held = [c for c in token.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
    return any(_is_people(_through_quantity(h)) or h.lower_ in _PRONOUN_ONE for h in held) and not any(
        c.dep_ == "agent" and any(g.lemma_.lower() in ("car", "vehicle", "truck", "train") for g in c.subtree)
        for c in token.children
    )


def _fatally(token: Token) -> bool:
    """ "was fatally injured", "mortally wounded": the harm killed them."""
    return any(c.lower_ in ("fatally", "mortally") for c in token.children)


def _takes_own_life(token: Token) -> bool:
    """ "took his own life"."""
    return any(c.dep_ in ("dobj", "obj") and c.lemma_.lower() == "life" and any(g.lower_ == "own" for g in c.children)
               for c in token.children)  # fmt: skip


def _shoot_category(token: Token) -> Category | None:
    words = {c.lower_ for c in token.children} | {
        t.lower_ for t in token.subtree if t.i > token.i and t.i < token.i + 4
    }
    after = token.doc[token.i + 1].lower_ if token.i + 1 < len(token.doc) else ""
    # "shot dead", "fatally shot", "shot to death" — not "6 shot, 1 dead", whose dead are a count of their own
    if (
        after == "dead"
        or any(c.lower_ == "dead" for c in token.children)
        or _fatally(token)
        or ("to" in words and "death" in words)
        or any(
            c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children)
            for c in token.children
        )  # fmt: skip
    ):
        return "dead"
    if "down" in words:  # aircraft "shot down" are not people
        return None
    if any(_fired_at(c) for c in token.children if c.dep_ == "prep" and c.lower_ == "at"):
        return None  # "shot at officers", "he was shot at": fired at, not hit
    if token.dep_ in ("amod", "compound") and token.tag_ == "VBG":
        return None  # "the shooting suspect": names the event, not a harm to the suspect
    return "wounded"


_FLED_FROM = {
    "fighting", "war", "violence", "shelling", "bombing", "bombardment", "conflict", "country", "region", "city",
    "town", "village", "area", "homes", "home", "front", "frontline", "invasion", "attack", "attacks", "offensive",
}  # fmt: skip


def _flees_war(token: Token) -> bool:
    """ "fled the fighting", "evacuated from the city", "evacuates 7,000 people from besieged towns": leaving a
    place of war, not "fled the scene"."""
    objects = [c for c in token.children if c.dep_ in ("dobj", "obj")]
    holders = [token, *(o for o in objects if _is_people(_through_quantity(o)))]
    objects += [g for h in holders for c in h.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    objects += [c for o in objects if o.dep_ == "pobj" for c in o.children if c.dep_ == "compound"]  # "from frontline
    # suburbs" (not "fleeing Ukraine arrive", the model's compound object)
    if any(o.lemma_.lower() in _FLED_FROM or o.ent_type_ in ("GPE", "LOC") for o in objects):
        return not any(o.lower_ == "home" and any(c.lower_ == "the" for c in o.children) for o in objects)
    # "3,000 people were evacuated from Irpin", "thousands flee Irpin", "evacuated from Mariupol steelworks": a town
    # the model did not tag is still a town
    froms = [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children]
    evacuees = _acted_on(token)
    evacuees += [token.head] if token.dep_ == "acl" else []
    civilians = any(_affiliation(_through_quantity(e)) == "civilian" for e in evacuees)
    if token.lemma_.lower() == "evacuate" and froms and civilians:
        return True  # "1,000 civilians evacuated from Azovstal steel plant": civilians moved out of a war
    if token.lemma_.lower() != "evacuate":
        froms = [o for o in objects if o.dep_ in ("dobj", "obj")]
    return any(_unknown_place(g) or (g.dep_ == "pobj" and any(c.dep_ == "compound" and _unknown_place(c)
               for c in g.children)) for g in froms)  # fmt: skip


def _escapes_war(token: Token) -> bool:
    """ "20,000 escape Mariupol", "escaped from the besieged city": people (not prisoners) leaving a place of war,
    never "escaped injury" or "escape jail"."""
    left = [c for c in token.children if c.dep_ in ("dobj", "obj")]
    left = left or [g for c in token.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children]
    movers = _movers(token)
    return (
        bool(left)
        and all(o.lemma_.lower() in _FLED_FROM or o.ent_type_ in ("GPE", "LOC") or _unknown_place(o) for o in left)
        and bool(movers)
        and all(_civilian_mover(m) and lemma_of(_through_quantity(m)) not in _CAPTURED_NOUNS for m in movers)
    )


def _unknown_place(token: Token) -> bool:
    """A proper name the model left untagged or took for a place, or a town it took for an organisation ("Irpin",
    "Mariupol" are ORG to the small model) that the gazetteer knows."""
    if token.pos_ != "PROPN" or token.ent_type_ in ("PERSON", "NORP"):
        return False
    if token.ent_type_ != "ORG":
        return True
    from .geoparse import get_geoparser

    found = get_geoparser().gazetteer.lookup(token.text)
    return any(c.primary or c.name.casefold() == token.text.casefold() for c in found)


_ALIVE_WORDS = {"alive", "rescue", "rescued", "survive", "survived", "survivor", "survivors", "free", "freed", "pull",
                "pulled", "dig", "dug", "trapped"}  # fmt: skip


def _buried_people(token: Token) -> bool:
    """ "Hundreds of people were feared buried", "buried 40 civilians in a mass grave": the dead; never "buried
    alive", people pulled or dug out alive, nor a thing buried ("buried the hatchet")."""
    held = [c for c in token.children if c.dep_ in ("nsubjpass", "dobj", "obj")]
    if token.dep_ == "acl":
        held.append(token.head)  # "civilians buried in the yard"
    if token.dep_ in ("oprd", "xcomp") or (token.dep_ == "advcl" and token.head.lemma_.lower() in ("fear", "believe")):
        held += [c for c in token.head.children if c.dep_ == "nsubjpass"]  # "were feared buried"
    people = any((_is_people(_through_quantity(h)) or h.lower_ in _PRONOUN_ONE | {"they", "them"})
                 and lemma_of(_through_quantity(h)) != "body" for h in held)  # fmt: skip
    return people and not any(t.lower_ in _ALIVE_WORDS for t in token.sent)


def _driven_from_home(token: Token) -> bool:
    """ "12 million people have been forced from their homes", "driven out of the city": made to flee."""
    places = [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("from", "out") for g in c.subtree
              if g.dep_ == "pobj"]  # fmt: skip
    movers = [c for c in token.children if c.dep_ in ("nsubjpass", "dobj", "obj")]
    return (
        any(p.lemma_.lower() in _FLED_FROM or p.ent_type_ in ("GPE", "LOC") for p in places)
        and bool(movers)
        and all(_civilian_mover(m) for m in movers)
    )


def _evacuated_unqualified(token: Token) -> bool:
    """ "Some 1,200 people were evacuated on Sunday": people (never soldiers, nor "the wounded") evacuated, with no
    place that says they only left a building or went to hospital ("evacuated from the school", "to hospital")."""
    passive = [c for c in token.children if c.dep_ == "auxpass"]
    if not passive or any(c.tag_ == "VB" for c in passive):
        return False  # not "it is vital that civilians be evacuated", "are to be evacuated": what should happen
    if any(c.dep_ == "prep" and c.lower_ in ("from", "to", "out", "into") for c in token.children):
        return False
    movers = [c for c in token.children if c.dep_ == "nsubjpass"]
    return bool(movers) and all(_civilian_mover(m) for m in movers)


def _bare_toll(token: Token) -> bool:
    """ "The toll rose to 47": "the toll" with no word saying of what, whose verb gives it a figure."""
    if any(c.dep_ in ("compound", "amod", "poss", "nmod") or c.lower_ == "of" for c in token.children):
        return False
    return token.dep_ == "nsubj" and token.head.lemma_.lower() in _TOLL_VERBS - {"be"} and any(
        t.like_num for t in token.head.subtree if t.i > token.head.i
    )


def _in_captivity(token: Token) -> bool:
    """ "6,000 Ukrainians are in Russian captivity", "remain in captivity": people held (not "died in captivity")."""
    verb = token.head.head if token.head.lower_ == "in" and token.dep_ == "pobj" else None
    return verb is not None and verb.lemma_.lower() in ("be", "remain", "stay", "languish", "spend", "keep")


# Evacuation in other words: "3,000 people had been led to safety", "helped 40 residents to safety".
_SAFETY_MOVES = {"lead", "bring", "take", "escort", "get", "guide", "help", "move", "ferry", "bus", "rescue",
                 "evacuate"}  # fmt: skip


def _brought_to_safety(token: Token) -> bool:
    """ "more than 3,000 people had been led to safety from Mariupol", "6,000 had been rescued from Mariupol,
    Donetsk and Luhansk": people moved out of a place of war; not "rescued from the rubble", "taken to hospital"."""
    lemma = token.lemma_.lower()
    to_safety = any(g.lower_ == "safety" and g.doc[g.i - 1].lower_ in ("to", "into") for c in token.children
                    if c.dep_ in ("prep", "xcomp", "advcl") for g in (c, *c.children))  # fmt: skip
    return (lemma in _SAFETY_MOVES and to_safety) or (lemma == "rescue" and _escapes_war(token))


# "Ukraine exchanged 86 members of its armed forces", "Russia freed 52 marines in a swap": who was held.
_SWAP_VERBS = {"exchange", "swap", "release", "free"}


def _swaps_people(token: Token) -> bool:
    """People exchanged, or soldiers (or anyone, in a sentence on a swap) released: they were held; never "exchanged
    views", "police released the man"."""
    held = [_through_quantity(c) for c in _acted_on(token)]
    if token.lemma_.lower() in ("exchange", "swap"):
        return any(_is_people(h) for h in held)
    swap = any(lemma_of(t) in _RELEASE_NOUNS - {"release", "return"} or lemma_of(t) in _CAPTURED_NOUNS
               for t in token.sent)  # fmt: skip
    return any(_affiliation(h) == "military" or (swap and _is_people(h)) for h in held)


def _swapped(token: Token) -> list[Token]:
    """Who an exchange or release is said to take in: "the exchange involved 144 Ukrainian soldiers", "the swap
    included 50 marines"."""
    if token.dep_ != "nsubj" or token.head.lemma_.lower() not in ("involve", "include", "free", "return", "bring"):
        return []
    return [c for c in token.head.children if c.dep_ in ("dobj", "obj")]


_SIDE_WORDS = MILITARY | {"occupier", "proxy", "separatist", "invader", "kremlin", "fsb", "authority", "regime",
                          "enemy"}  # fmt: skip
_PLACE_WORDS = {"country", "border", "home", "homes", "homeland", "region", "city", "area", "territory"}
_REFUGE_WORDS = {"refuge", "shelter", "asylum", "safety", "sanctuary"}
# Moves that make refugees when people, not armed men, make them across a border: "left Ukraine", "crossed into
# Poland", "arrived in the UK from Ukraine", "found shelter in Poland".
_REFUGEE_MOVES = {"leave", "cross", "enter", "arrive", "find", "seek"}


def _is_a_side(token: Token) -> bool:
    """ "Russian forces", "the occupiers", "Russia", "Moscow-backed separatists": one of the warring sides."""
    return any(
        lemma_of(t) in _SIDE_WORDS or t.ent_type_ in ("NORP", "GPE") for t in token.subtree if t.i <= token.i + 3
    )


def _held_by_a_side(token: Token) -> bool:
    """ "held by Russian proxies", "detained by Russian forces", "held captive", "Russian troops detained 12
    civilians": custody by a warring side, never an arrest by the police."""
    held = [c for c in token.children if c.dep_ in ("dobj", "obj", "nsubjpass") and lemma_of(c) not in _CAPTURED_NOUNS]
    if token.dep_ == "acl":
        held.append(token.head)
    if not any(_is_people(_through_quantity(h)) or h.lower_ in _PRONOUN_ONE | {"they", "them"} for h in held):
        return False  # "holding the EU hostage"
    if any(t.lower_ in ("suspected", "accused", "charged") for h in held for t in h.subtree):
        return False  # "detained four people suspected of spying": an arrest, not a capture
    if any(c.lower_ in ("captive", "hostage", "hostages", "prisoner", "prisoners") for c in token.children):
        return True
    if any(c.dep_ == "prep" and c.lower_ == "in" and any(g.lower_ == "captivity" or lemma_of(g) == "camp"
                                                         for g in c.children)
           for c in token.children):  # fmt: skip
        return True  # "held in captivity", "held in filtration camps"
    agents = [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    agents += [c for c in token.children if c.dep_ == "nsubj"]
    return any(_is_a_side(a) and lemma_of(a) not in ("police", "officer") for a in agents)


def _acted_on(token: Token) -> list[Token]:
    """Who or what the verb acts on: its object, or its subject when passive."""
    return [c for c in token.children if c.dep_ in ("dobj", "obj", "nsubjpass")]


def _forcibly_removed(token: Token) -> bool:
    """People moved by force: "deported", "forcibly"/"illegally" moved, moved "against their will", or taken
    by a warring side ("2,000 children have been taken by Russia"); never "moved to a shelter", nor "forcibly
    removed from Conway Hall" (a building or a meeting: thrown out, not deported)."""
    if not any(_is_people(_through_quantity(h)) for h in _acted_on(token)):
        return False
    origins = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children]
    if any(o.ent_type_ == "FAC" or lemma_of(o) in _VENUES for o in origins):
        return False
    return (
        lemma_of(token) == "deport"
        or any(c.lower_ in ("forcibly", "forcefully", "illegally") for c in token.children)
        or any(c.lower_ == "against" and any(g.lower_ == "will" for g in c.children) for c in token.children)
        or any(c.dep_ == "agent" and any(_is_a_side(g) for g in c.children) for c in token.children)
    )


_VENUES = {"hall", "building", "room", "meeting", "stage", "court", "courtroom", "chamber", "plane", "flight",
           "stadium", "venue", "event", "rally", "premises", "office"}  # fmt: skip


def _loses_soldiers(token: Token) -> bool:
    """ "eliminated 5,000 troops", "lost 1,260 soldiers", "the enemy lost 1,260 personnel": soldiers out of the
    fight (killed, wounded or captured), never "lost 20 tanks" or "lost her son"."""
    held = _acted_on(token)
    if token.dep_ == "acl":
        held.append(token.head)
    side = any(c.dep_ == "nsubj" and _is_a_side(c) for c in token.children)  # "the army has lost 15,000 men"
    held = [h for h in held if not _of_things(_through_quantity(h))]  # "12 units of military equipment"
    return any(_affiliation(_through_quantity(h)) == "military" or (side and _through_quantity(h).lower_ == "men")
               for h in held)  # fmt: skip


def _of_things(token: Token) -> bool:
    """ "units of military equipment", "a battalion of tanks": a word for soldiers that counts things here."""
    wholes = _of_objects(token)
    return bool(wholes) and not any(_is_victim_like(w) for w in wholes)


_LOST_PEOPLE_WORDS = {"personnel", "combat", "human", "troop", "military", "manpower", "army", "battlefield"}


def _counts_lost_people(token: Token) -> bool:
    """ "personnel losses", "Russia's losses", "70 to 80,000 losses": people lost in war, not "losses of 300 tanks"
    or "economic losses"."""
    if any(c.ent_type_ in ("MONEY", "PERCENT") or c.text in ("$", "€", "£") for c in token.subtree):
        return False  # "reports €3.5bn loss"
    wholes = _of_objects(token)
    if wholes:  # "losses of 300 soldiers", "the total combat losses of the enemy"; not "the loss of Ukraine's bastion"
        return any(_is_people(_through_quantity(w)) or lemma_of(w) in _SIDE_WORDS or w.ent_type_ in ("NORP", "GPE")
                   for w in wholes)  # fmt: skip
    qualifiers = [c for c in token.children if c.dep_ in ("compound", "amod", "poss", "nmod")]
    if any(lemma_of(q) in _LOST_PEOPLE_WORDS or q.ent_type_ in ("NORP", "GPE") or lemma_of(q) in ("enemy", "its",
           "their", "our") for q in qualifiers):  # fmt: skip
        return True
    return any(c.dep_ == "nummod" for c in token.children) and not qualifiers


def _flees_unqualified(token: Token) -> bool:
    """ "about 2 million people having fled", "1.3 million have fled since the invasion": people (never a gunman)
    who fled, with nothing after "fled" that says they only left a scene."""
    if any(c.dep_ in ("dobj", "obj") for c in token.children):
        return False
    if any(c.dep_ == "prep" and c.lower_ in ("from", "to", "into", "across") and not any(
            g.ent_type_ in ("GPE", "LOC") or g.lemma_.lower() in _FLED_FROM for g in c.children)
           for c in token.children):  # fmt: skip
        return False
    movers = _movers(token)
    return bool(movers) and all(_civilian_mover(m) for m in movers)


def _movers(token: Token) -> list[Token]:
    """Who moves: the verb's subject, the noun a participle describes ("refugees fleeing"), a conjunct's subject."""
    verb = token
    while verb.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in verb.children):
        verb = verb.head
    movers = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    absolute = _subject_before(token)
    if absolute is not None and token.doc[token.i - 1].lower_ == "having" and all(m.i < absolute.i for m in movers):
        return [absolute]  # "with millions thought to have fled and 500,000 having left": "having" follows its subject
    if not movers and token.dep_ in ("acl", "relcl"):
        movers = [token.head]
    if not movers:
        before = _subject_before(token)
        movers = [before] if before is not None else []
    return [_resolve_relative(m) or m for m in movers]


def _subject_before(verb: Token) -> Token | None:
    """ "with millions thought to have fled and more than 500,000 having left Ukraine": the parser lost the
    subject of "having left"; it is the number or people right before the verb's auxiliaries."""
    k = verb.i - 1
    while k > verb.sent.start and verb.doc[k].lower_ in ("having", "have", "has", "had", "been", "already", "now"):
        k -= 1
    token = verb.doc[k]
    if k == verb.i - 1 and token.lower_ not in ("who", "that"):
        # nothing was skipped: no participle clause, unless the model hung the number before the verb on a word
        # before it (headline "Russia shells route as 20,000 escape Mariupol": "20,000" the object of "as")
        # or on a noun after it ("as 3,000 flee city": "3,000" a number of "city")
        number = token.like_num or token.pos_ == "NUM" or token.lower_ in VAGUE_PLURALS
        backwards = token.head.i < token.i and token.dep_ in ("pobj", "dobj", "npadvmod", "appos")
        misplaced = token.head.i > verb.i
        headline = headline_sentence(verb)
        return token if number and headline and token.head.i != verb.i and (backwards or misplaced) else None
    return token if token.like_num or token.lower_ in VAGUE_PLURALS or _is_people(token) else None


def _civilian_mover(token: Token) -> bool:
    person = _through_quantity(token)
    if lemma_of(person) in _NOT_REFUGEES or _affiliation(person) == "military":
        return False
    number = person.like_num or person.pos_ == "NUM"  # "as 1m leave Ukraine": the magnitude heads the number
    return number or person.lower_ in VAGUE_PLURALS or _is_people(person) or person.lower_ in ("who", "that")


def _moves_as_refugee(token: Token) -> bool:
    lemma = token.lemma_.lower()
    movers = _movers(token)
    if not movers or not all(_civilian_mover(m) for m in movers):
        return False
    objects = [c for c in token.children if c.dep_ in ("dobj", "obj")]
    preps: dict[str, list[Token]] = {}
    for c in token.children:
        if c.dep_ == "prep":
            preps.setdefault(c.lower_, []).extend(g for g in c.children if g.dep_ == "pobj")

    def a_place(t: Token) -> bool:
        return t.ent_type_ in ("GPE", "LOC") or t.lemma_.lower() in _PLACE_WORDS

    if lemma == "leave":
        if _goes_to_war(token, preps.get("for", [])):
            return False  # "left Sydney for Ukraine", "leaving the UK to help Ukraine": towards the war
        return any(a_place(o) for o in objects) or any(a.lower_ == "abroad" for a in token.children)
    if lemma == "cross":  # "crossed into Poland", "100,000 crossed from Ukraine"
        return any(o.lemma_.lower() == "border" or o.ent_type_ in ("GPE", "LOC") for o in objects) or any(
            a_place(g) for g in preps.get("into", []) + preps.get("from", []))  # fmt: skip
    if lemma in ("enter", "arrive"):
        return any(g.ent_type_ in ("GPE", "LOC") for g in preps.get("from", []))
    abroad = any(a.lower_ == "abroad" for a in token.children)
    sheltered = any(o.lemma_.lower() in _REFUGE_WORDS for o in objects)  # "found shelter in Poland"
    return sheltered and (abroad or any(g.ent_type_ in ("GPE", "LOC") for g in preps.get("in", [])))


_HELPING = {"help", "fight", "join", "volunteer", "defend", "support", "aid", "serve", "report", "cover"}


def _goes_to_war(token: Token, destinations: list[Token]) -> bool:
    """A move towards a war, not away from it: to a side at war ("for Ukraine"), or to help or fight."""
    from .sides import ENEMIES, country_name

    if any(country_name(d.text) in ENEMIES for d in destinations):
        return True
    return any(
        c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in _HELPING and any(g.lower_ == "to" for g in c.children)
        for c in token.children
    )


_CONDITION_WORDS = {"critical", "serious", "stable", "grave", "fair", "life-threatening"}


def _is_idiom(token: Token) -> bool:
    """ "in the dead of night", "death threats", "dead end": the word names no harmed person."""
    following = token.doc[token.i + 1 : token.i + 3].text.lower()
    if token.i > 0 and token.doc[token.i - 1].lower_ == "brain":
        before = next((t for t in reversed(token.doc[token.sent.start : token.i - 1]) if not t.is_punct), None)
        if before is not None and before.ent_type_ in ("ORG", "GPE", "NORP"):
            return True  # "declared Nato brain dead", "called Nato “brain dead”"
        held = [c for c in token.head.children if c.dep_ in ("dobj", "obj")]
        held = held or [c for c in token.head.children if c.dep_.startswith("nsubj")]
        return not any(_is_people(s) or s.lower_ in _PRONOUN_ONE for s in held)  # not "his daughter is brain dead"
    if token.lemma_.lower() == "shoot" and any(c.lower_ in _REFLEXIVES for c in token.children) and any(
            t.lower_ == "foot" for t in token.subtree):  # fmt: skip
        return True  # "shooting herself in the foot"
    if following == "man walking" or (token.lower_ == "death" and any(
            c.lower_ in ("destruction", "devastation", "suffering", "misery") for c in token.conjuncts)):  # fmt: skip
        return True  # "a dead man walking", "the death and destruction this attack will bring"
    if token.dep_ in ("dobj", "obj") and token.head.lemma_.lower() in ("escape", "avoid", "evade", "dodge"):
        return True  # "escaped injury": no harm
    if token.lower_ == "death" and any(c.lower_ == "life" for c in token.conjuncts):
        return True  # "a matter of life and death"
    if token.dep_ == "pobj" and token.head.lower_ == "for" and token.head.head.lemma_.lower() in _CALLS:
        return True  # "call for death to Russian soldiers": a wish, not a death
    if token.lemma_.lower() == "capture" and any(
        c.dep_ == "prep" and c.lower_ == "on" and _recording_after(c) for c in token.children
    ):
        return True  # "soldiers captured on CCTV": filmed, not taken
    if token.lemma_.lower() == "death" and token.dep_ == "pobj" and token.head.lower_ in ("to", "of"):
        governor = token.head.head.lemma_.lower()
        if governor in ("sentence", "condemn", "risk", "chance", "fear", "threat", "danger"):
            return True  # "sentenced to death", "the risk of death": a penalty or a risk, no one dead
    return following in ("of night", "of winter") or token.head.lemma_.lower() in (
        "threat",
        "end",
        "penalty",
        "sentence",
        "squad",
    )


def _recording_after(on: Token) -> bool:
    """ "on CCTV", "on camera", "on a dashcam": the words right after "on" name a recording."""
    words = [t.lower_ for t in on.doc[on.i + 1 : on.i + 3] if t.lower_ not in ("a", "the", "his", "her", "their")]
    return bool(words) and words[0] in _RECORDINGS


_CALLS = {"call", "demand", "cry", "plea", "appeal", "clamour", "clamor"}
_RECORDINGS = {"cctv", "camera", "cameras", "film", "video", "tape", "footage", "dashcam", "drone"}


def _is_toll_modifier(token: Token) -> bool:
    """ "death toll", "death count": the harm is the head's, counted there, not a claim of its own."""
    return token.dep_ == "compound" and token.head.lemma_.lower() in _TOLL_HEADS


def _is_corpse(token: Token) -> bool:
    if token.head.lower_ in ("in", "to", "on") or any(c.lower_ in ("upper", "lower") for c in token.children):
        return False  # "shot in his lower body", "wounds to the body": a part of a living one
    if any(c.dep_ in ("nummod", "poss") for c in token.children):
        return True
    if any(c.dep_ == "prep" and c.lower_ == "of" and any(_is_people(g) for g in c.children) for c in token.children):
        return True
    head = token.head
    return head.lemma_.lower() in _BODY_VERBS or (
        head.dep_ in ("xcomp", "conj") and head.head.lemma_.lower() in _BODY_VERBS
    )


def _morgue_full(token: Token) -> bool:
    near = {t.lemma_.lower() for t in token.head.subtree} | {token.head.lemma_.lower()}
    return bool(near & {"overflow", "overflowing", "fill", "full", "overwhelm", "overcrowd"})


def _is_people(token: Token) -> bool:
    lemma = lemma_of(token)
    return (
        lemma in PEOPLE
        or token.lower_ in PEOPLE
        or (token.ent_type_ == "NORP" and token.pos_ in ("NOUN", "PROPN") and token.tag_ in ("NNS", "NNPS"))
        or (token.ent_type_ == "PERSON" and token.pos_ == "PROPN")
        or (token.tag_ in ("NNS", "NNPS") and token.text[:1].isupper() and demonym_country(token.text) is not None)
        or _is_named_subject(token)
        or _is_age_noun(token)
    )


def _is_age_noun(token: Token) -> bool:
    """ "a 15-year-old was killed", "two 17-year-olds": the model splits the age into tokens headed by "old"."""
    return (
        token.lower_ in ("old", "olds")
        and token.dep_ != "amod"
        and any(c.lower_ in ("year", "month", "week", "day") for c in token.children)
    )


def _is_named_subject(token: Token) -> bool:
    """ "Knowles was pronounced dead", "Terrell was shot": the small model often tags a lone surname ORG or
    nothing; as the subject of a harm predicate it names a person (places and nationalities stay out)."""
    return (
        token.tag_ == "NNP"
        and token.ent_type_ in ("PERSON", "ORG", "")
        and token.dep_ == "nsubjpass"
        and token.text[:1].isupper()
        and token.head.lemma_.lower() in _DEAD_VERBS | _WOUNDED_VERBS | _HIT_VERBS | {"pronounce", "find", "declare"}
    )


def find_harms(
    sentence: Span, counts: list[CountMention], before: list[HarmMention] | None = None
) -> list[HarmMention]:
    """All harm mentions of one sentence; each count is used at most once. ``before``: the harms of the sentence
    before it in its paragraph, which a part said without a harm word may belong to ("Among them were two sisters")
    or whose figure a later one repeats ("an equal number were displaced inside the country")."""
    if _poll_result(sentence):
        return []
    doc = sentence.doc
    if before and any("\n" in t.text_with_ws for t in doc[before[-1].sentence.end - 1 : sentence.start]):
        before = []  # a harm of another paragraph
    by_anchor = {c.anchor: c for c in counts if sentence.start <= c.anchor < sentence.end}
    used: set[int] = set()
    found: list[HarmMention] = []
    seen: set[tuple[str, int]] = set()
    triggers = [(t, cat) for t in sentence if (cat := trigger_category(t)) is not None]
    # "shot and critically wounded": the word that says the outcome names the claim, "shot" only the means
    triggers.sort(key=lambda item: lemma_of(item[0]) == "shoot")
    for trigger, category in triggers:
        for victim, part_of in _victims(trigger):
            if (victim is None and not _stands_alone(trigger)) or _negated(trigger, victim) or _unrealised(trigger):
                continue
            if _hypothetical(trigger) or _generic(trigger):
                continue
            key = (category, victim.i if victim is not None else trigger.i)
            if key in seen:
                continue
            seen.add(key)
            count = _count_for(trigger, victim, by_anchor, used)
            if count is None and victim is not None:
                count = _same_number(victim, [*(before or []), *found])
            if victim is trigger and (_names_no_one(trigger, category, count) or _addressed(trigger, count)):
                continue
            if count is None and _natural_death(trigger, victim):
                continue
            if category == "displaced" and victim is not None and _affiliation(_through_quantity(victim)) == "military":
                continue  # "266 servicemen were evacuated from Azovstal": soldiers moved are not refugees
            if count is not None:
                used.add(count.anchor)
                if _hypothetical(sentence.doc[count.anchor]):
                    continue
            found.append(_mention(sentence, category, trigger, victim, count, part_of))
    found += _headline_shorthand(sentence, by_anchor, used)
    found += _among(found, by_anchor, used)
    found += _unnamed_parts(sentence, found, before or [], by_anchor, used)
    found += _daily_increments(found)
    return _merge_dead_and_wounded(_drop_shot_if_killed(_drop_appositions(found)))


def _drop_appositions(mentions: list[HarmMention]) -> list[HarmMention]:
    """ "A former marine has been killed ..., the first US citizen known to have died": one person named again in
    apposition is the same victim, not a second one."""
    singles = [(m.category, m.victim.i) for m in mentions if m.victim is not None and m.singular]
    return [
        m for m in mentions
        if not (m.singular and m.victim is not None and m.victim.dep_ == "appos"
                and any(c == m.category and i < m.victim.i for c, i in singles))
    ]  # fmt: skip


def _natural_death(trigger: Token, victim: Token | None) -> bool:
    """ "Stalin, who led the Soviet Union between 1924 and his death in 1953", "until her death in 1990": a death that
    dates the end of a life, as biographies do, is no casualty."""
    if lemma_of(trigger) != "death" or trigger.tag_ != "NN" or victim is None:
        return False
    one = victim.i == trigger.i and any(c.dep_ == "poss" for c in trigger.children)
    if not (one or victim.ent_type_ == "PERSON"):
        return False
    dated = any(c.dep_ == "prep" and c.lower_ == "in" and any(g.like_num and len(g.text) == 4 for g in c.children)
                for c in trigger.children)  # fmt: skip
    return dated and trigger.dep_ in ("pobj", "conj")  # a time bound ("until", "between ... and", "after")


def _daily_increments(found: list[HarmMention]) -> list[HarmMention]:
    """A General Staff tally's "(+1,260)" after its total: the losses of the past day, a claim of its own."""
    extra: list[HarmMention] = []
    for mention in found:
        if mention.count is None:
            continue
        doc = mention.sentence.doc
        for token in doc[mention.count.j : min(mention.count.j + 4, mention.sentence.end)]:
            value = number_value([token.text[1:]]) if token.text.startswith("+") else None
            if value is not None:
                increment = CountMention(i=token.i, j=token.i + 1, low=value, high=value, approximate=False,
                                         text=token.text, start=token.idx, end=token.idx + len(token.text),
                                         anchor=token.i)  # fmt: skip
                extra.append(dataclasses.replace(mention, count=increment, rate="day", part_of=None))
                break
    return extra


# What is awaited, planned or offered has not happened: "bracing for millions of refugees", "prepare for the arrival
# of hundreds of thousands", "vows to pay for 1,000 refugees to come", "Airbnb to offer housing to 100,000".
# A clause these open tells what happened before the main one: its harm is taken as done.
_PRESUPPOSING = {"after", "before", "since", "when", "because", "following", "once", "as"}
_EXPECTING = {"prepare", "brace", "expect", "anticipate", "predict", "forecast", "project", "plan", "vow", "offer",
              "pledge", "promise", "ready", "prepared", "request", "commitment", "commit"}  # fmt: skip


def _hypothetical(token: Token) -> bool:
    """The words above a victim or count say the harm is expected, possible or intended, not done: a modal ("may
    come", "could be displaced"; not "can", which says what one is able to do) or a verb of expecting that governs
    it ("prepare for the arrival of", "vows to pay for") on the way up to the sentence's root ("may have been
    killed" stays: it is hedged, not hypothetical). A report's content ("said 12 were killed") ends the climb."""
    node, came = token, token
    for _ in range(12):
        auxiliaries = {c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")}
        if auxiliaries & (_MODALS - {"can", "ca"}) and "have" not in auxiliaries and not _guessed_now(node):
            return True
        if node.pos_ in ("VERB", "AUX") and _conditional(node, auxiliaries):
            return True  # "if the rate of casualties can be increased", "would be to blame for deaths if ..."
        if node.i != token.i and node.lemma_.lower() in _EXPECTING and node.pos_ in ("VERB", "NOUN", "ADJ"):
            governed = (
                came.dep_ in ("dobj", "obj", "xcomp", "ccomp", "attr", "oprd", "pobj")
                or (came.dep_ == "prep" and came.lower_ in ("for", "to", "of"))
                or (came.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in came.children))
            )  # not "with thousands fleeing, Freedland offers a reminder"
            if governed:
                return True
        if node.tag_ == "VB" and "to" in auxiliaries and node.dep_ == "ROOT":
            return True  # headline "Airbnb to offer free housing": a future
        if node.head.i == node.i or (node.dep_ == "ccomp" and node.head.lemma_.lower() in ("say", "tell", "report")):
            return False
        describes = node.dep_ in ("acl", "relcl") or (node.dep_ == "advcl" and node.head.pos_ == "NOUN")
        if node.pos_ == "VERB" and describes:
            return False  # "men held by Russian proxies could face ...": what the men face is another matter
        if node.pos_ in ("VERB", "AUX") and (
            any(c.dep_ == "mark" and c.lower_ in _PRESUPPOSING for c in node.children)
            or (node.dep_ == "pcomp" and node.head.lower_ in _PRESUPPOSING)
        ):
            return False  # "is expected to recover after being shot", "could face charges after he shot a woman"
        node, came = node.head, node
    return False


_CONDITIONS = {"if", "unless"}


def _conditional(verb: Token, auxiliaries: set[str]) -> bool:
    """A condition or its consequence: the clause "if" opens, or one whose "would" an "if"-clause conditions."""
    if any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in verb.children):
        return True
    return "would" in auxiliaries and any(
        c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in _CONDITIONS for g in c.children)
        for c in verb.children
    )


_POLL_WORDS = {"survey", "poll", "respondent", "surveyed", "polled"}


def _poll_result(sentence: Span) -> bool:
    """ "nearly four out of five of those surveyed say they have a friend who was killed", "78% talk about the
    death of a relative": a poll's answers, not a count of the dead."""
    if any(t.lemma_.lower() in _POLL_WORDS or t.lower_ in _POLL_WORDS for t in sentence):
        return True
    words = [t for t in sentence if not t.is_space and (t.text == "%" or not t.is_punct)][:2]
    return len(words) == 2 and words[0].like_num and words[1].lower_ in ("%", "percent")  # "78% talk about ..."


def _generic(trigger: Token) -> bool:
    """ "Destabilizing wars create thousands of refugees": what wars do in general, in the simple present with a
    bare plural subject, not what happened."""
    held = trigger.head.head if trigger.dep_ == "pobj" and trigger.head.lower_ == "of" else trigger  # "thousands of"
    verb = held.head if held.dep_ in ("dobj", "obj") else None
    if verb is None or verb.tag_ not in ("VBP", "VBZ") or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    if headline_sentence(verb) and any(c.dep_ == "nummod" and c.lower_ not in VAGUE_PLURALS for c in held.children):
        return False  # "Russian forces take 100 hostages": a headline's present tells one event, with its figure
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return bool(subjects) and all(
        s.tag_ == "NNS" and not any(c.dep_ in ("det", "poss", "nummod") for c in s.children) for s in subjects
    )


def _among(found: list[HarmMention], by_anchor: dict[int, CountMention], used: set[int]) -> list[HarmMention]:
    """ "Two children among at least 21 killed": people "among" a harm's victims are a part of them, harmed alike."""
    parts: list[HarmMention] = []
    for mention in found:
        if mention.victim is None:
            continue
        head = mention.victim.head
        if mention.victim.dep_ == "pobj" and head.lower_ == "among" and _is_people(head.head):
            people = head.head
            count = next((by_anchor[c.i] for c in people.children if c.i in by_anchor and c.i not in used), None)
            if count is not None:
                used.add(count.anchor)
                parts.append(_mention(mention.sentence, mention.category, mention.trigger, people, count,
                                      mention.victim))  # fmt: skip
    return parts


_ALIKE = {"equal": False, "same": False, "similar": True, "comparable": True}


def _same_number(victim: Token, earlier: list[HarmMention]) -> CountMention | None:
    """ "1.2 million had fled the country, including half a million children ... an equal number were probably
    displaced inside Ukraine", "a similar number of civilians were wounded": the figure of the last numbered whole
    before it (not a part), said again (a similar one about it)."""
    number = victim
    if victim.dep_ == "pobj" and victim.head.lower_ == "of":
        number = victim.head.head  # "a similar number of civilians"
    alike = [c for c in number.children if c.lower_ in _ALIKE and c.i < number.i]
    figure = next((m.count for m in reversed(earlier) if m.count is not None and m.count.low is not None
                   and m.part_of is None), None)  # fmt: skip
    if number.lemma_.lower() != "number" or not alike or figure is None:
        return None
    span = number.doc[number.left_edge.i : number.i + 1]
    return CountMention(i=span.start, j=span.end, low=figure.low, high=figure.high,
                        approximate=figure.approximate or _ALIKE[alike[0].lower_], text=span.text,
                        start=span.start_char, end=span.end_char, anchor=number.i)  # fmt: skip


_BACK_REFERENCES = {"them", "those", "these", "which", "whom"}


def _unnamed_parts(
    sentence: Span, found: list[HarmMention], before: list[HarmMention], by_anchor: dict[int, CountMention],
    used: set[int],
) -> list[HarmMention]:
    """Parts said without a harm word of their own: "2,557 people were evacuated ..., with 289 of those from
    Mariupol", "1.02 million were evacuated, of which over 120 thousand citizens of third countries", "Of the 134
    people killed, 120 were Jews", "It killed 134 people. Among them were two sisters". A part takes the harm of its
    whole: the numbered harm it names ("Of the 134 ..."), else the last numbered harm before it, in its sentence or
    the one before in its paragraph. A number of things ("of which 300 tanks") is no part."""
    doc = sentence.doc
    parts: list[HarmMention] = []
    for anchor, count in sorted(by_anchor.items()):
        if anchor in used:
            continue
        reference = _part_reference(doc, count)
        if reference is not None and reference.pos_ == "PRON" and _acts(doc[anchor]):
            continue  # "One of them had taken part in bombing missions": what a part did, not a part counted
        numbered = [m for m in found if m.count is not None and m.count.j <= count.i]
        wholes = [m for m in numbered if reference is None and m.count and _names_a_whole(doc, m.count)]
        harm_word = trigger_category(reference) if reference is not None else None
        if reference is not None and harm_word is not None:  # "among the dead were 12", "two of those killed"
            wholes = [m for m in found if m.trigger.i == reference.i]
        elif reference is not None and reference.lower_ in ("which", "whom"):
            # "of which" is of the figure right before it: of none if that counts no harm ("requests for help in
            # evacuating 2.8 million people, of which 16,000 were foreign citizens")
            last = max((a for a in by_anchor if a < count.i), default=None)
            wholes = [m for m in numbered[-1:] if m.count is not None and m.count.anchor == last]
        elif reference is not None:
            wholes = numbered[-1:] or [m for m in before if m.count is not None][-1:]
        if not wholes and harm_word is None:
            continue
        noun = doc[anchor].head if doc[anchor].dep_ == "nummod" else None
        if noun is not None and not _is_victim_like(noun):
            continue  # "of which 300 tanks"
        following = doc[count.j] if count.j < sentence.end else None
        if noun is None and following is not None and following.lemma_ == "be":
            noun = next((c for c in following.children if c.dep_ == "attr" and _is_people(c)), None)  # "120 were Jews"
        used.add(anchor)
        whole = wholes[-1] if wholes else None
        part_of = reference if reference is not None or whole is None else whole.victim
        category = whole.category if whole is not None else harm_word
        if category is not None:
            parts.append(_mention(sentence, category, doc[anchor], noun or doc[anchor], count, part_of))
    return parts


def _part_reference(doc: Doc, count: CountMention) -> Token | None:
    """The word a part refers to its whole through: "289 of those", "of which 120 thousand", "among them were
    two sisters", "two of those killed", "the dead included four children", "three rescuers were among the dead"."""
    after = doc[count.j : count.j + 3]
    if len(after) >= 2 and after[0].lower_ == "of" and after[1].lower_ in _BACK_REFERENCES and after[1].pos_ == "PRON":
        if len(after) == 2 or after[2].pos_ not in ("NOUN", "PROPN", "VERB", "ADJ"):
            return after[1]
    if len(after) == 3 and after[0].lower_ == "of" and after[1].lower_ in ("those", "these"):
        if trigger_category(after[2]) is not None:
            return after[2]  # "two of those killed"
    lead = doc[max(count.i - 3, 0) : count.i]
    if len(lead) >= 2 and lead[-2].lower_ == "of" and lead[-1].lower_ in ("which", "whom"):
        return lead[-1]
    if len(lead) == 3 and lead[0].lower_ == "among" and lead[1].lower_ in _BACK_REFERENCES and lead[2].lemma_ == "be":
        return lead[1]
    lead = doc[max(count.i - 4, 0) : count.i]
    if len(lead) == 4 and lead[0].lower_ == "among" and lead[1].lower_ == "the" and lead[3].lemma_ == "be":
        return lead[2] if _names_the_harmed(lead[2]) else None  # "among the dead were"
    number = doc[count.anchor]
    noun = number.head if number.dep_ == "nummod" else number
    verb = noun.head
    if noun.dep_ in ("dobj", "obj") and verb.lemma_.lower() == "include":  # "the dead included four children"
        return next((c for c in verb.children if c.dep_ == "nsubj" and _names_the_harmed(c)), None)
    if noun.dep_ == "nsubj" and verb.lemma_.lower() == "be":  # "three rescuers were among the dead"
        return next((g for c in verb.children if c.dep_ == "prep" and c.lower_ == "among" for g in c.children
                     if g.dep_ == "pobj" and _names_the_harmed(g)), None)  # fmt: skip
    return None


def _names_the_harmed(token: Token) -> bool:
    """ "the dead", "the injured", "the victims": the harmed, named by their harm or as victims."""
    return any(c.lower_ == "the" for c in token.children) and (
        lemma_of(token) == "victim" or trigger_category(token) is not None
    )


def _acts(token: Token) -> bool:
    """The number is the subject of a verb of its own, other than "be" ("One of them had taken part")."""
    return token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX") and token.head.lemma_ != "be"


def _names_a_whole(doc: Doc, count: CountMention) -> bool:
    """ "Of the 134 people killed, ...": the whole a later number is a part of."""
    lead = doc[max(count.i - 2, 0) : count.i]
    return len(lead) == 2 and lead[0].lower_ == "of" and lead[1].lower_ == "the"


_RESTATING_NOUNS = {"figure", "number", "total", "toll", "tally", "count"}


def restated_figure(sentence: Span, before: Span | None, counts: list[CountMention]) -> list[HarmMention]:
    """ "The number of refugees fleeing could reach 1.5 million. The figure is currently above 1.3 million.": a
    sentence that only restates "the figure" takes its harm from the sentence before it in the paragraph."""
    if before is None or any("\n" in t.text_with_ws for t in sentence.doc[max(before.end - 1, 0) : sentence.start]):
        return []  # (a token's text, not doc.text: that joins the whole document again)
    root = sentence.root
    if root.lemma_.lower() in ("say", "claim", "put", "insist"):  # headline "...; Moscow says figure is 1,351"
        root = next((c for c in root.children if c.dep_ == "ccomp"), root)
    roles = ("nsubj", "dobj") if root.lemma_.lower() == "put" else ("nsubj",)  # "Moscow puts figure at 500"
    subject = next((c for c in root.children if c.dep_ in roles and c.lemma_.lower() in _RESTATING_NOUNS), None)
    if subject is None or not (
        any(c.lower_ in ("the", "this", "that") for c in subject.children)
        or (after_semicolon(sentence[0]) and not any(c.dep_ == "det" for c in subject.children))
    ):
        return []
    if root.lemma_.lower() not in _TOLL_VERBS or _hypothetical(root):
        return []
    harm = next((cat for t in reversed(list(before)) if (cat := trigger_category(t)) is not None), None)
    by_anchor = {c.anchor: c for c in counts if sentence.start <= c.anchor < sentence.end}
    figure = next((by_anchor[t.i] for t in root.subtree if t.i in by_anchor and t.i > subject.i), None)
    if harm is None or figure is None:
        return []
    return [_mention(sentence, harm, subject, None, figure)]


_HEADLINE_HARMS: dict[str, Category] = {
    "dead": "dead", "killed": "dead", "slain": "dead", "shot": "wounded", "wounded": "wounded", "injured": "wounded",
    "hurt": "wounded", "hospitalized": "wounded", "hospitalised": "wounded", "critical": "wounded",
    "hospital": "wounded", "missing": "missing", "hostage": "captured", "captive": "captured",
}  # fmt: skip
# Words a headline puts between its number and its harm word that say how it is known or held: "300 feared dead",
# "'dozens' reportedly dead", "400 people held hostage" (the status is read from them elsewhere).
_HEADLINE_BETWEEN = {"feared", "reportedly", "confirmed", "believed", "presumed", "thought", "now", "held", "taken",
                     "'", "‘", "’", '"', "“", "”"}  # fmt: skip


def _headline_shorthand(sentence: Span, by_anchor: dict[int, CountMention], used: set[int]) -> list[HarmMention]:
    """Headline shorthand the parser misreads: "4 adults, 1 child shot", "Shooting Leaves 4 Wounded", "6 others
    shot", "3 Dead, 1 Critical", "2 others in hospital": a number, at most a few words for people (a list of
    such), then the harm word."""
    if not headline_sentence(sentence[0]):
        return []
    doc = sentence.doc
    found: list[HarmMention] = []
    for anchor, count in sorted(by_anchor.items()):
        if anchor in used:
            continue
        people: Token | None = None
        k = count.j
        while k < min(sentence.end, count.j + 8):
            token = doc[k]
            harm = _HEADLINE_HARMS.get(token.lower_)
            if harm is not None:
                used.add(anchor)
                found.append(_mention(sentence, harm, token, people, count))
                break
            if _is_people(token) or _looks_like_person(token) or token.lower_ in ("others", "more", "other"):
                people = people or token
            elif token.lower_ in _HEADLINE_BETWEEN or (token.dep_ == "compound" and token.head.i < count.j + 8):
                pass  # "300 feared dead", "three aid workers missing"
            elif not (
                token.like_num or token.text in (",", "-") or token.lower_ in ("and", "year", "old", "adult", "in")
            ):
                if token.pos_ != "ADJ":
                    break
            k += 1
    for anchor, count in sorted(by_anchor.items()):
        # "Shelling kills 'at least 10'": the model hangs a quoted figure on the quotation mark, not on the verb
        before = doc[count.i - 1] if count.i > sentence.start else None
        if anchor in used or before is None or before.text not in ("'", "‘", '"', "“") or count.i < 2:
            continue
        verb = doc[count.i - 2]
        category = trigger_category(verb) if verb.pos_ == "VERB" else None
        objects = [c for c in verb.children if c.dep_ in ("dobj", "obj") and not c.is_punct]
        if category in ("dead", "wounded") and not objects:
            used.add(anchor)
            found.append(_mention(sentence, category, verb, None, count))
    return found


_INTENT_VERBS = {"threaten", "try", "attempt", "want", "plan", "vow", "intend", "seek", "order", "go", "aim", "plot",
                 "allow", "permit", "enable", "let", "ask", "urge", "agree", "hope", "need", "refuse", "promise",
                 "pledge", "offer", "decide", "prepare", "fail"}  # fmt: skip


# A permission given is a move made: "the corridor opened, allowing 2,100 people to evacuate", "enabled 500 to
# leave"; one only sought or planned is not ("a ceasefire to allow civilians to flee", "will allow").
_PERMISSIONS = {"allow", "permit", "enable"}


def _done(verb: Token) -> bool:
    """The verb tells of something that happened: a past tense, or a participle hanging on one, no modal."""
    clause = verb.head if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj") else verb
    if clause.tag_ not in ("VBD", "VBN") and not (clause is not verb and clause.tag_ == "VBZ"):
        return False
    auxiliaries = {c.lower_ for c in [*verb.children, *clause.children] if c.dep_ in ("aux", "auxpass")}
    return not auxiliaries & (_MODALS | {"to"})


# Not "would": news narrates the past with it ("the victim would die at the hospital").
_MODALS = {"will", "could", "might", "should", "may", "must", "can", "'ll", "wo", "ca"}


def _unrealised(trigger: Token) -> bool:
    """ "threatened to kill", "tried to kill", "go ahead and kill him": intent, not harm done."""
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children) and not any(
        c.dep_ == "auxpass" for c in trigger.children
    )
    if trigger.tag_ == "VB" and trigger.i == trigger.sent.start + _leading_punct(trigger.sent):
        return True  # an order, "Shoot him!"
    if (
        trigger.tag_ == "VB"
        and trigger.dep_ in ("ROOT", "conj", "dep", "parataxis")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in trigger.children)
        and (trigger.dep_ == "ROOT" or trigger.head.tag_ == "VB")
    ):
        return True  # an order: "First question the soldiers, then shoot them."
    auxiliaries = {c.lower_ for c in trigger.children if c.dep_ in ("aux", "auxpass")}
    if auxiliaries & _MODALS and "have" not in auxiliaries and not _guessed_now(trigger):
        return True  # "will die", "could kill": a future or a possibility; "may have been killed" stays (hedged)
    if auxiliaries & {"could", "would", "should"} and "have" in auxiliaries and "been" not in auxiliaries:
        return True  # "they could have struck the child": what might have happened, and did not
    if any(c.dep_ == "advmod" and c.lower_ in ("nearly", "almost", "narrowly") for c in trigger.children):
        return True  # "nearly killed": a harm that did not happen
    head = trigger.head
    if trigger.dep_ == "pcomp" and head.lower_ == "of" and head.head.lower_ in ("inches", "brink", "verge", "close"):
        return True  # "came within inches of killing"
    if infinitive and head.lemma_.lower() in _INTENT_VERBS | {"threat", "plot", "plan", "attempt"}:
        return not (head.lemma_.lower() in _PERMISSIONS and _done(head))
    if infinitive and trigger.dep_ in ("acl", "relcl") and head.pos_ == "NOUN":
        return True  # "a better way to hurt Putin", "a bid to evacuate the city": a means or an aim
    if infinitive and head.lemma_.lower() == "be" and trigger.dep_ in ("xcomp", "ccomp", "attr"):
        # "the plan was to evacuate 200,000 people": an aim, not a move made ("one person was to die" is a
        # translated "reportedly": its subject is the harmed)
        if not any(c.dep_.startswith("nsubj") and _is_victim_like(c) for c in head.children):
            return True
    if infinitive and trigger.dep_ == "acl" and head.pos_ == "NOUN" and not _is_people(head):
        return True  # "with the intent to kill", "an order to deport them": what is meant, not done
    return trigger.dep_ == "conj" and head.lemma_.lower() == "go" and any(c.lower_ == "ahead" for c in head.children)


def _guessed_now(verb: Token) -> bool:
    """ "50-100 soldiers may be dying every day", "Ukraine might be losing 100 men a day": a guess at what is
    happening (hedged), not a forecast ("will be dying", "could be displaced")."""
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    return verb.tag_ == "VBG" and "be" in auxiliaries and bool(auxiliaries & {"may", "might", "could"})


def _leading_punct(sentence: Span) -> int:
    return next((k for k, t in enumerate(sentence) if not (t.is_punct or t.is_space)), 0)


def _negated(trigger: Token, victim: Token | None) -> bool:
    """ "were not injured", "no one was hurt", "neither officer was injured": no harm is claimed."""
    verbs = [trigger, trigger.head] if trigger.dep_ in ("acomp", "xcomp", "conj", "amod") else [trigger]
    if any(c.dep_ == "neg" for v in verbs for c in v.children):
        return True
    if trigger.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in trigger.children):
        return True  # "there were no casualties among civilians"
    if victim is not None and (
        victim.lower_ in ("none", "nobody", "noone")
        or victim.left_edge.dep_ == "neg"  # "not a single civilian", "not one soldier"; not "9 soldiers, not civilians"
        or any(c.lower_ in ("no", "neither") for c in victim.children)
        or (victim.lower_ == "one" and any(c.lower_ == "no" for c in victim.children))
    ):
        return True
    return False


def _labels(subject: Token, trigger: Token) -> bool:
    """ "Ukraine's ombudsman: 97 children killed": the model's subject is the headline's label before a colon,
    which names who speaks or what it is about, never who was harmed after it."""
    return subject.i < trigger.i and any(t.text == ":" for t in subject.doc[subject.i + 1 : trigger.i])


def _stands_alone(trigger: Token) -> bool:
    """Harm nouns ("corpses", "casualties", "refugees") are claims without a named victim; verbs are not."""
    return trigger.pos_ in ("NOUN", "PROPN") and (
        (lemma_of(trigger) in _KNOWN_NOUNS and trigger.dep_ != "amod") or _multiple(trigger) is not None
    )


def _addressed(trigger: Token, count: CountMention | None) -> bool:
    """ "visa rules for Ukrainian refugees", "met with refugees", "on refugees, it is doing a fine job": refugees
    as those a policy or a visit is for, with no number and nothing said of their flight, are no claim."""
    return (
        count is None
        and lemma_of(trigger) in _DISPLACED_NOUNS
        and trigger.dep_ == "pobj"
        and trigger.head.lower_ in ("for", "towards", "toward", "on", "about", "with", "against")
        and not any(c.dep_ in ("acl", "relcl") for c in trigger.children)
    )


def _names_no_one(trigger: Token, category: Category, count: CountMention | None) -> bool:
    """ "refugee numbers", "the UN refugee agency", "she is a refugee": the noun labels, it counts no one."""
    if category not in ("displaced", "captured") or lemma_of(trigger) not in _DISPLACED_NOUNS | _CAPTURED_NOUNS:
        return False
    return trigger.dep_ in ("compound", "amod") or (count is None and trigger.tag_ in ("NN", "NNP"))


def _victims(trigger: Token) -> list[tuple[Token | None, Token | None]]:
    """The people a trigger is about (several when conjoined: "five children as well as his wife"), each with the
    whole it is a part of ("including three children"; "six of them")."""
    victim = _victim(trigger)
    if victim is None:
        return [(None, None)]
    referred = _of_pronoun(victim)
    raw, victim = victim, _through_quantity(victim)
    victims: list[Token | None] = [victim]
    for conj in victim.conjuncts if victim.i != trigger.i else ():  # "refugees and aid workers": not refugees
        if conj.i > victim.i and _is_people(conj):
            victims.append(conj)
    # "shot himself and a woman": the one who shot is a victim (the subject), and so are the reflexive's partners
    for obj in trigger.children:
        if obj.dep_ in ("dobj", "obj") and obj.lower_ in _REFLEXIVES:
            victims.extend(c for c in obj.conjuncts if c.i > obj.i and _is_victim_like(c))
    # "Contreras was killed along with Heriberto Corpus", "shot dead together with his wife": one more victim.
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    for prep in verb.subtree:
        if prep.lower_ == "with" and prep.i > 0 and prep.doc[prep.i - 1].lower_ in ("along", "together"):
            if prep.head in (verb, prep.doc[prep.i - 1]) or prep.doc[prep.i - 1].head == verb:
                victims.extend(g for g in prep.children if g.dep_ == "pobj" and _is_people(g))
        elif prep.lower_ == "with" and prep.head == verb:
            # "was taken captive with five other soldiers from his unit": others who shared the harm
            victims.extend(g for g in prep.children if g.dep_ == "pobj" and _is_people(g)
                           and any(c.lower_ == "other" for c in g.children))  # fmt: skip
    # "12 civilians, including three children": the subset is a claim of its own, a part of its whole
    # ("144 of its soldiers, including 95 who ...": on the number); "198 people had been killed, including three
    # children": the parser hangs the part on the verb
    holders = [(t, ("including", "among")) for t in dict.fromkeys((victim, raw))] + [(trigger, ("including",))]
    if lemma_of(trigger) in _TOLL_HEADS and trigger.dep_.startswith("nsubj"):
        holders.append((trigger.head, ("including",)))  # "the death toll rises to 57, including five children"
    parts = [(_through_quantity(g), victim) for holder, words in holders for child in holder.children
             if child.dep_ == "prep" and child.lower_ in words for g in child.children
             if g.dep_ == "pobj" and g.i > victim.i and (_is_people(_through_quantity(g)) or g.like_num)]  # fmt: skip
    wholes: list[tuple[Token | None, Token | None]] = [(v, referred) for v in victims]
    return wholes + [(p, w) for p, w in parts if all(v is None or p.i != v.i for v in victims)]


def _of_pronoun(token: Token) -> Token | None:
    """ "six of them", "289 of those": the pronoun the part refers back through; "2 of the wounded": the harmed
    whole it is a part of."""
    return next((w for w in _of_objects(token) if w.lower_ in ("them", "those", "these", "whom", "which")
                 or (w.i < token.i + 4 and trigger_category(w) is not None)), None)  # fmt: skip


def _people_before(trigger: Token) -> Token | None:
    """A passive harm verb the parser left without a subject: the counted people just before it, past a
    parenthesis ("it had confirmed 331 civilians, including 19 children, had been killed")."""
    for token in reversed(trigger.doc[max(trigger.sent.start, trigger.i - 12) : trigger.i]):
        if token.pos_ == "VERB" and token.dep_ not in ("prep", "amod"):
            if token.lemma_.lower() not in ("include",):
                return None
        if _is_people(token) and token.dep_ in ("dobj", "obj") and any(c.dep_ == "nummod" for c in token.children):
            return token
    return None


def _through_quantity(token: Token) -> Token:
    """ "dozens of families", "a number of troops": the people are the "of"-object of the quantity."""
    if not (token.like_num or token.lower_ in _QUANTITY_NOUNS):
        return token
    for whole in _of_objects(token):
        if _is_people(whole):
            if token.like_num and any(
                c.dep_ == "nummod" or c.lower_ in ("the", "these", "those", "his", "her", "their")
                for c in whole.children
            ):
                return token  # "one of two girls", "two of the victims": the part, not the whole
            return whole
    return token


def _of_objects(token: Token) -> list[Token]:
    """The "of"-objects of a word: "dozens of *families*", "a family of *five*", "one of the family *dogs*"."""
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
            if g.dep_ == "pobj"]  # fmt: skip


def _victim(trigger: Token) -> Token | None:
    pos = trigger.pos_
    lemma = lemma_of(trigger)
    adjectival = (
        pos == "ADJ"
        or trigger.lower_ == "missing"
        or trigger.dep_ in ("amod", "acomp", "oprd")
        or (trigger.lower_ in _DEAD_ADJS | _WOUNDED_ADJS and pos != "VERB")
    )
    if pos in ("VERB", "AUX") and not adjectival:
        lives = _lives_taken(trigger)
        if lives is not None:
            people = [g for g in _of_objects(lives) if _is_victim_like(g)]
            if people:
                return _through_quantity(people[0])  # "the lives of 12 people"
            if any(c.dep_ == "poss" for c in lives.children):  # "two soldiers lost their lives": the subject's
                verb = trigger
                while verb.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in verb.children):
                    verb = verb.head
                owners = [_resolve_relative(c) for c in verb.children if c.dep_ == "nsubj"]
                return next((o for o in owners if o is not None and _is_victim_like(o)), None)
            return lives  # "cost 20 lives", "claimed thousands of lives": the lives carry the count
        if (
            trigger.dep_ == "acl"
            and _is_victim_like(trigger.head)
            and not any(c.dep_.startswith("nsubj") for c in trigger.children)
        ):
            return trigger.head  # "soldiers killed in Ukraine"
        verb = trigger
        while verb.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in verb.children):
            verb = verb.head
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or any(
            c.dep_ == "auxpass" for c in trigger.children
        )
        # Headline style "Four wounded", "2 killed in crash": a bare participle reads as passive.
        passive = (
            passive
            or (
                trigger.tag_ in ("VBN", "VBD")
                and lemma != "die"
                and not any(c.dep_ in ("dobj", "obj", "aux", "ccomp", "xcomp", "prt") for c in trigger.children)
                and (
                    trigger.tag_ == "VBN"
                    or (headline_sentence(trigger) and not any(c.pos_ == "PRON" for c in trigger.children))
                )
            )
            or (
                # "two Britons captured after fighting": a reduced relative the parser took for a past tense
                trigger.tag_ == "VBD"
                and lemma in _DEAD_VERBS | _WOUNDED_VERBS | _CAPTURED_VERBS | _CUSTODY_VERBS
                and lemma not in ("die", "shoot")  # "only two officers shot": they fired
                and not any(c.dep_ in ("dobj", "obj", "ccomp", "xcomp", "prt", "dative") for c in trigger.children)
                and any(c.dep_ == "nsubj" and (_is_people(c) or c.like_num) for c in trigger.children)
            )  # "... includes nine people. 19 wounded.": a number is people
            or (
                # headline "Four people shot outside bar", the model's object a place: people were shot
                trigger.tag_ in ("VBD", "VBN")
                and headline_sentence(trigger)
                and any(c.dep_ == "nsubj" and _is_people(c) for c in trigger.children)
                and all(not _is_victim_like(c) for c in trigger.children if c.dep_ in ("dobj", "obj"))
                and any(c.dep_ in ("dobj", "obj") for c in trigger.children)
            )
        )  # "Alton boy killed while playing basketball": the model reads a headline's participle as a past tense
        subjects = [c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj") and not _labels(c, trigger)]
        if not subjects and verb.dep_ == "xcomp" and lemma in _DISPLACED_VERBS | _REFUGEE_MOVES | {"escape"}:
            # "3,000 civilians managed to flee", "residents were able to evacuate", "were forced to flee": the
            # clause that governs the infinitive names who moved
            controller = verb.head.head if verb.head.dep_ == "acomp" else verb.head
            subjects = [c for c in controller.children if c.dep_ in ("nsubjpass", "nsubj")]
        # "1 killed 3 injured": a number followed by its own harm word is the next figure, not the object
        objects = [
            c
            for c in trigger.children
            if c.dep_ in ("dobj", "obj")
            and not (c.like_num and c.i + 1 < len(c.doc) and c.doc[c.i + 1].lower_ in _HEADLINE_HARMS)
        ]
        if lemma == "take":  # "took 12 soldiers prisoner", "taken some staff hostage": who is taken, not the role
            roles = [c for c in trigger.children if c.lower_ in _TAKEN_AS]
            objects = [c for c in objects if c not in roles] or [
                g for r in roles for g in r.children if g.dep_ == "compound" and _is_victim_like(g)]  # fmt: skip
        # "take": "took his own life"; the moves of refugees: who left, crossed, arrived
        intransitive = (
            lemma in ("die", "perish", "flee", "escape", "disappear", "surrender")
            or lemma in _REFUGEE_MOVES
            or (lemma == "take" and _takes_own_life(trigger))
            or (lemma == "evacuate" and not objects)  # "allowing 2,100 people to evacuate from Sumy": they left
        )
        candidates = subjects if (passive or intransitive) else objects
        if lemma in _REFUGEE_MOVES | {"flee", "escape"} and (
            not candidates or trigger.doc[trigger.i - 1].lower_ == "having"
        ):
            candidates = _movers(trigger)
            if candidates and candidates[0].dep_ not in ("nsubj", "nsubjpass") and _civilian_mover(candidates[0]):
                return candidates[0]  # the number the model hung elsewhere ("as 3,000 flee city")
        if not candidates and intransitive and trigger.i > trigger.sent.start and headline_sentence(trigger):
            before = trigger.nbor(-1)
            if lemma_of(before) in PEOPLE:
                return before  # headline "Boy dies in restaurant shooting": the model reads "Boy" as an interjection
        if not candidates and trigger.dep_ == "relcl" and _is_victim_like(trigger.head):
            return trigger.head
        if candidates and candidates[0].lower_ in _REFLEXIVES:  # "killed himself"
            candidates = subjects
            if not candidates and trigger.dep_ in ("pcomp", "advcl", "conj"):
                # "shot his wife before shooting himself": the clause's own subject is the main clause's
                main = trigger.head.head if trigger.dep_ == "pcomp" else trigger.head
                candidates = [c for c in main.children if c.dep_ in ("nsubj", "nsubjpass")]
        after = trigger.doc[trigger.i + 1] if trigger.i + 1 < trigger.sent.end else None
        unnamed = not any(_is_victim_like(c) for c in candidates)
        if unnamed and not passive and after is not None and after.like_num and after.dep_ == "nummod":
            if any(t.pos_ == "ADP" for t in trigger.doc[after.i + 1 : after.head.i]):
                return after  # "shelling kills four in Donetsk region": the model hung the number on "region"
        if not candidates and not passive and not intransitive:
            # "killed or injured thousands": the verbs share the last one's object
            candidates = [c for conj in trigger.conjuncts if conj.i > trigger.i and trigger_category(conj)
                          for c in conj.children if c.dep_ in ("dobj", "obj")]  # fmt: skip
        for cand in candidates:
            resolved = _resolve_relative(cand)
            if resolved is not None and _is_victim_like(resolved):
                return resolved
        if not candidates and passive and trigger.dep_ in ("ccomp", "conj", "ROOT"):
            earlier = _people_before(trigger)
            if earlier is not None:
                return earlier  # "confirmed 331 civilians, including 19 children, had been killed"
        if not candidates and trigger.dep_ == "xcomp":  # "were left dead", "found killed"
            held = [c for c in trigger.head.children if c.dep_.startswith("nsubj") and _is_victim_like(c)]
            if held and trigger.head.lemma_.lower() == "be":
                return held[0]  # "one person was to die" (a translated "reportedly")
            return _victim(trigger.head)
        if trigger.dep_ in ("dobj", "obj", "pobj", "nsubj", "nsubjpass") and not candidates:
            return trigger  # a participle used as a noun: "left a 17-year-old wounded", "the injured"
        if not candidates and trigger.dep_ in ("advcl", "xcomp", "oprd", "ccomp"):
            held = [c for c in trigger.head.children if c.dep_ in ("dobj", "obj") and _is_victim_like(c)]
            if held and trigger.head.lemma_.lower() in ("leave", "find", "keep", "render"):
                return held[0]  # "left one man critically injured", "found him dead"
        reduced = (
            trigger.dep_ == "advcl"
            and trigger.i < trigger.head.i
            and not any(c.dep_ in ("mark", "aux", "auxpass") for c in trigger.children)
        )
        if not candidates and reduced and trigger.i > 0 and _is_people(trigger.doc[trigger.i - 1]):
            return trigger.doc[trigger.i - 1]  # "bodies of bound civilians shot at close range, Smith explained"
        if not candidates and passive and trigger.dep_ in ("pcomp", "advcl") and not reduced:
            main = trigger.head.head if trigger.dep_ == "pcomp" else trigger.head  # "charged after being shot"
            for child in main.children:
                if child.dep_.startswith("nsubj") and _is_victim_like(child):
                    return child
        return _following_noun(trigger)
    if adjectival:
        if trigger.dep_ in ("amod", "compound") and _is_victim_like(trigger.head):
            return trigger.head
        if trigger.dep_ == "conj":
            return _victim(trigger.head)
        if trigger.dep_ in ("acomp", "oprd", "attr", "ROOT", "xcomp", "ccomp"):
            verb = trigger.head  # "was pronounced dead", "and was later found dead": the subject may sit on a conjunct
            while verb.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in verb.children):
                verb = verb.head
            # "they found Smith dead", "police discovered Lee dead": the state's own subject or the object it is
            # predicated of comes before the subject of the verb (the finder)
            subjects = [c for c in trigger.children if c.dep_.startswith("nsubj")]
            subjects += [c for c in trigger.head.children if c.dep_ in ("dobj", "obj") and c.i < trigger.i]
            subjects += [c for c in verb.children if c.dep_.startswith("nsubj")]
            for cand in subjects:
                resolved = _resolve_relative(cand)
                if resolved is not None and _is_victim_like(resolved):
                    return resolved
        own = [c for c in trigger.children if c.dep_.startswith("nsubj") and _is_victim_like(c)]
        if own:
            return own[0]  # headline "dozens reportedly dead after ..."
        # "12 dead", "2 dead, 4 wounded" (the model hangs a headline's number as "meta" or "npadvmod")
        if any(c.dep_ == "nummod" or (c.dep_ in ("meta", "npadvmod") and c.like_num) for c in trigger.children) or (
            trigger.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
        ):
            return trigger  # "12 dead", "the wounded"
        return None
    # Nouns: the trigger is itself the counted thing, its people are a possessor, "of"-object or compound.
    swapped = [s for s in _swapped(trigger) if _is_people(_through_quantity(s))]
    if lemma in _RELEASE_NOUNS and swapped and not _of_objects(trigger):
        return swapped[0]  # "the exchange involved 144 soldiers"
    for child in trigger.children:
        if child.dep_ == "poss" and _is_people(child):
            return child
        if child.dep_ == "prep" and child.lower_ == "of":
            for grand in child.children:
                if grand.dep_ == "pobj" and _is_victim_like(grand):
                    return grand
    # "arrested in the death of": a death's sufferer is its "of"-object, never the subject of the verb around it
    sufferer = _sufferer(trigger) if lemma not in _DEAD_NOUNS else None
    if sufferer is not None:
        return sufferer
    if lemma == "morgue" or lemma == "toll":
        for tok in trigger.head.subtree:
            if tok.dep_ == "pobj" and tok.head.lower_ == "with" and _is_people(tok):
                return tok
        return trigger
    return trigger


def _sufferer(trigger: Token) -> Token | None:
    """Who bears the injury: "taken to hospital with injuries", "treated for wounds", "suffered wounds"
    (the verb's subject), "left the victim in critical condition" (its object), "a victim with a gunshot wound".
    Refugees and prisoners are the harmed people themselves ("Biden meets with refugees" makes no refugee of Biden),
    and losses are borne "with" them, not by whoever has "priced in the loss of lives"."""
    if _is_people(trigger):
        return None
    head = trigger.head
    bearing = ("with",) if lemma_of(trigger) in _LOSS_NOUNS | _CASUALTY_NOUNS else ("with", "in", "from", "for")
    if head.dep_ == "prep" and head.lower_ in bearing:
        head = head.head
        if (
            head.lemma_.lower() in _DEAD_VERBS
            or head.lower_ in _DEAD_ADJS
            or any(c.lower_ in _DEAD_ADJS and c.dep_ in ("acomp", "oprd", "xcomp", "ccomp") for c in head.children)
        ):
            return None  # "died from his injuries", "pronounced dead from a gunshot wound": how they died
        if head.pos_ in ("NOUN", "PROPN") and _is_people(head):
            return head
        while head.dep_ == "pobj" and head.head.dep_ == "prep":
            head = head.head.head  # "taken to area hospitals in stable condition": the taking, not the hospitals
    elif not (trigger.dep_ in ("dobj", "obj") and head.lemma_.lower() in ("suffer", "sustain", "receive", "have")):
        return None
    objects = [c for c in head.children if c.dep_ in ("dobj", "obj") and _is_people(c)]
    if objects and head.lemma_.lower() in ("leave", "put", "send", "keep"):
        return objects[0]
    while head.dep_ in ("conj", "xcomp", "advcl") and not any(c.dep_.startswith("nsubj") for c in head.children):
        head = head.head
    for child in head.children:
        if child.dep_.startswith("nsubj"):
            resolved = _resolve_relative(child)
            if resolved is not None and _is_victim_like(resolved):
                return resolved
    return None


def _following_noun(trigger: Token) -> Token | None:
    """A participle the parser took for a verb ("that wounded Russian soldiers were ..."): its noun follows."""
    if trigger.tag_ not in ("VBD", "VBN"):
        return None
    for token in trigger.doc[trigger.i + 1 : min(trigger.i + 4, trigger.sent.end)]:
        if _is_people(token) and token.tag_ in ("NNS", "NNPS"):
            return token
        if token.pos_ not in ("ADJ", "PROPN", "NOUN"):
            return None
    return None


def _resolve_relative(token: Token) -> Token | None:
    """ "a man who was killed": the relative pronoun stands for the noun the clause modifies."""
    if token.lower_ in ("who", "that", "which", "whom") and token.head.dep_ == "relcl":
        return token.head.head
    return token


_PERSON_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "ee", "iff", "man", "woman", "men")
_NOT_PERSONS = {
    "number", "order", "border", "center", "centre", "shelter", "water", "power", "river", "tower", "container",
    "computer", "paper", "letter", "matter", "quarter", "corner", "chamber", "cancer", "weather", "winter", "summer",
    "error", "floor", "door", "motor", "sector", "factor", "tractor", "reactor", "monitor", "elevator", "event",
    "incident", "accident", "moment", "statement", "government", "department", "parliament", "apartment", "element",
    "percent", "plant", "restaurant", "tournament", "equipment", "shipment", "investment", "economy", "market",
    "career", "liver", "leg", "shoulder", "finger", "bladder", "ear", "answer", "weapon", "helicopter", "bomber",
    "fighter", "tanker", "carrier", "trailer", "document", "monument", "settlement", "treatment", "agreement",
    "murder", "manslaughter", "slaughter", "disaster", "danger", "anger", "disorder", "launcher", "encounter",
    "revolver", "trigger", "holster", "cylinder", "silencer", "cruiser", "scooter", "camper", "dumpster", "counter",
    "cooler", "freezer", "heater", "bumper", "poster", "sticker", "basement", "pavement", "instrument", "compartment",
    "warrant", "hydrant", "wrist", "mirror", "corridor", "armor", "armour", "harbor", "harbour", "anchor", "degree",
    "committee", "coffee",
}  # fmt: skip


def _looks_like_person(token: Token) -> bool:
    """ "two bailiffs and a gunman are dead", "three jurors were hurt": the long tail of words for people,
    known by their form (bailiff, juror, protester, guardsman) where they fill a victim's slot."""
    lemma = lemma_of(token)
    return (
        token.pos_ == "NOUN"
        and token.ent_type_ not in ("GPE", "LOC", "FAC", "ORG", "PRODUCT", "DATE", "TIME", "MONEY", "PERCENT")
        and len(lemma) >= 5
        and lemma.endswith(_PERSON_ENDINGS)
        and lemma not in _NOT_PERSONS
    )


def _is_victim_like(token: Token) -> bool:
    if token.lower_ in _ORDINAL_PEOPLE and any(c.lower_ in ("a", "the") for c in token.children):
        return not _of_objects(token)  # "one died and a second was injured"; not "a third of the population"
    if token.lower_ in _PRONOUN_ONE or token.lower_ in ("they", "them", "we", "i"):
        return True
    if token.lower_ in ("more", "others", "another") and any(c.dep_ == "nummod" for c in token.children):
        return True  # "killed 5 people and injured 20 more"
    if token.like_num or token.lower_ in _QUANTITY_NOUNS or token.pos_ == "NUM":  # "1m" is "1" and a NUM "m"
        # a bare number stands for people ("12 were killed"), not when it counts something else ("25 feet",
        # "one of the family dogs")
        wholes = _of_objects(token)
        if wholes and not any(_is_victim_like(w) or w.lower_ in ("which", "whom", "those", "these", "us")
                              for w in wholes):  # fmt: skip
            return False
        return not (token.dep_ == "nummod" and not _is_people(token.head))
    if trigger_category(token) is not None and (token.pos_ in ("NOUN", "ADJ") or token.dep_ == "pobj"):
        return True  # "the injured", "2 of the wounded"
    return _is_people(token) or _looks_like_person(token)


def _count_for(
    trigger: Token, victim: Token | None, by_anchor: dict[int, CountMention], used: set[int]
) -> CountMention | None:
    """The count that quantifies the victim (or the trigger noun itself), never one that counts something else."""
    # "two gunshot wounds" counts wounds, not people
    holders = [t for t in (victim, trigger) if t is not None and not (t.i == trigger.i and t.lower_ in _BODILY_WORDS)]
    if victim is not None and victim.dep_ == "compound" and victim.head.lower_ in _TAKEN_AS:
        holders.append(victim.head)  # "took 12 soldiers prisoner": the number hangs on the role
    for holder in holders:
        if holder.i in by_anchor and holder.i not in used:
            after = by_anchor[holder.i].j
            if holder.i != trigger.i and after < len(holder.doc) and after != trigger.i:
                if trigger_category(holder.doc[after]) is not None:
                    continue  # "Two injured, shooter dead": the number is the next harm word's own
            return by_anchor[holder.i]  # "12 were killed", "killing 12"
        spanning = next((c for c in by_anchor.values() if c.i <= holder.i < c.j and c.anchor not in used), None)
        if spanning is not None:
            return spanning  # "Hundreds of thousands have fled": the parse hangs the verb on the first word
        for child in holder.children:
            if (
                child.dep_ in ("nummod", "quantmod", "amod", "det", "nsubj", "meta", "npadvmod")
                and child.i in by_anchor
                and child.i not in used
            ):
                return by_anchor[child.i]
            if child.dep_ in ("nummod", "quantmod") or child.like_num:
                for grand in child.subtree:
                    if grand.i in by_anchor and grand.i not in used:
                        return by_anchor[grand.i]
        # "a family of five": a group sized by its "of"-number
        if lemma_of(holder) in _GROUP_NOUNS:
            for size in _of_objects(holder):
                if size.i in by_anchor and size.i not in used:
                    return by_anchor[size.i]
        # "dozens of people", "a number of troops", "hundreds of thousands of civilians"
        if holder.dep_ == "pobj" and holder.head.lower_ == "of" and lemma_of(holder) not in _TOLL_HEADS:
            quantity = holder.head.head  # (not "one of the war's highest death tolls": that counts tolls)
            if quantity.dep_.startswith("nsubj") and trigger_category(quantity.head) not in (
                None,
                trigger_category(trigger),
            ):
                continue  # "2 of the wounded later died": the number is of those who died, a part of the wounded
            for tok in quantity.subtree:
                if tok.i in by_anchor and tok.i not in used and tok.i < holder.i and tok.i >= quantity.left_edge.i:
                    return by_anchor[tok.i]
        # "2,500 soldiers' corpses": the possessor carries the number
        for child in holder.children:
            if child.dep_ == "poss":
                for grand in child.children:
                    if grand.i in by_anchor and grand.i not in used:
                        return by_anchor[grand.i]
    # "the death toll rose to 40", "a toll of 40", "losses amounted to 473,400", "raised the death toll ... to 47",
    # "the number of people who have fled ... is 4,697,964"
    toll = _toll_of(trigger, victim)
    if toll is not None:
        scope = list(toll.subtree)
        if toll.dep_.startswith("nsubj"):
            scope += list(toll.head.subtree)
        elif toll.dep_ in ("dobj", "obj") and toll.head.lemma_.lower() in _TOLL_VERBS:
            # "raised the toll to 47", "estimates Russian losses at 30,000 men"
            scope += [t for c in toll.head.children if c.dep_ == "prep" and c.lower_ in ("to", "at") for t in c.subtree]
        for tok in scope:
            if tok.i in by_anchor and tok.i not in used and not _counts_a_thing(tok):
                return by_anchor[tok.i]
        # the parser lost the tally's verb: "the number of people who have fled ... since the invasion began ... is
        # 4,697,964" (it hung "number" on "began"): the figure a later "is", "stands at", "rose to" gives
        for tok in toll.doc[toll.i + 1 : toll.sent.end]:
            head = tok.head.head if tok.head.lower_ in ("at", "to") else tok.head
            if tok.i in by_anchor and tok.i not in used and head.lemma_.lower() in _TOLL_VERBS:
                return by_anchor[tok.i]
    return None


_TOLL_RISES = {"rise", "climb", "reach", "top", "pass", "exceed", "jump", "grow", "total", "surpass"}


def _counts_a_thing(number: Token) -> bool:
    """ "losses ... include 510 tanks": the number counts a thing named right after it, not people."""
    return number.dep_ == "nummod" and not _is_victim_like(number.head) and trigger_category(number.head) is None


def _toll_of(trigger: Token, victim: Token | None) -> Token | None:
    """The noun that holds a tally of the harm: "toll", "losses", or the "number" the victims are counted by."""
    if trigger.lemma_.lower() == "toll" or lemma_of(trigger) in _LOSS_NOUNS:
        return trigger
    if trigger.pos_ == "NOUN" and trigger.dep_ == "nsubj" and trigger.head.lemma_.lower() in _TOLL_RISES:
        return trigger  # "civilian deaths rise to 1,035": the deaths are counted where they rise to
    if trigger.head.lemma_.lower() in _TOLL_HEADS:
        return trigger.head
    if victim is not None and victim.dep_ == "pobj" and victim.head.lower_ == "of":
        if victim.head.head.lemma_.lower() in _TOLL_HEADS and victim.head.head.pos_ == "NOUN":
            return victim.head.head
    return None


def _mention(
    sentence: Span,
    category: Category,
    trigger: Token,
    victim: Token | None,
    count: CountMention | None,
    part_of: Token | None = None,
) -> HarmMention:
    people = (
        victim
        if victim is not None
        and (_is_people(victim) or _looks_like_person(victim) or victim.lower_ in _PRONOUN_ONE | _ORDINAL_PEOPLE)
        else None
    )
    singular = count is None and people is not None and _is_single(people)
    if (
        count is None
        and victim is not None
        and victim.i == trigger.i
        and trigger.tag_ in ("VBN", "VBD", "JJ")
        and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in trigger.children)
    ):
        singular = True  # "a 17-year-old wounded"
    if (
        count is None
        and people is not None
        and (
            people.lower_ == "both"
            or (
                any(c.lower_ == "both" and c.dep_ in ("det", "predet") for c in people.children)
                and not people.conjuncts
            )
        )
    ):  # "both", "both children"; not "both Flores and the woman", each of whom is a victim of their own
        count = _word_count(people, 2, 2)
    if count is not None and count.low == count.high == 1:
        count = _one_named(sentence.doc[count.anchor]) or count
    multiple = _multiple(trigger) if count is None else None
    if multiple is not None:  # "a double homicide"; "a murder-suicide" kills at least two
        word = next((c for c in trigger.children if c.lower_ in _MULTIPLES), trigger)  # "double", or "murder"
        count = _word_count(word, multiple, multiple if word.i != trigger.i else None)
        singular = False
    elif (
        count is None
        and victim is not None
        and victim.i == trigger.i
        and trigger.tag_ == "NN"
        and lemma_of(trigger) in _SINGLE_DEATH_NOUNS
        and any(
            c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("a", "an", "the", "his", "her"))
            for c in trigger.children
        )
    ):
        singular = True  # "the shooting death", "his death", "a homicide"
    return HarmMention(
        category=category,
        trigger=trigger,
        victim=victim,
        count=count,
        singular=singular,
        subject_text=_subject_text(people) if people is not None and people.lower_ not in _PRONOUN_ONE else None,
        # a side's "losses" are its soldiers out of the fight ("substantial Russian losses")
        affiliation="military" if people is None and lemma_of(trigger) in _LOSS_NOUNS else _affiliation(people),
        # "Russian losses", "Ukraine's casualties": a harm noun that stands for its people names their side
        party_words=_party_words(people) if people is not None else _party_words(trigger) if victim is trigger else (),
        sentence=sentence,
        rate=_rate(trigger, count),
        part_of=part_of,
    )


_RATE_UNITS: dict[str, Rate] = {"day": "day", "week": "week", "month": "month", "year": "year", "hour": "day"}
_RATE_WORDS: dict[str, Rate] = {"daily": "day", "weekly": "week", "monthly": "month", "nightly": "day"}


def _rate(trigger: Token, count: CountMention | None) -> Rate | None:
    """ "824 troops dying each day", "1,000 a day", "per day", "daily", "in the past 24 hours": a count per period.
    Only next to the count or the harm word, never "a day after the attack"."""
    if count is None:
        return None
    doc = trigger.doc
    lo, hi = min(count.i, trigger.i), max(count.j, trigger.i + 1)
    window = doc[max(trigger.sent.start, lo) : min(trigger.sent.end, hi + 8)]
    for token in window:
        if token.lower_ in _RATE_WORDS and token.head.i in range(lo, hi + 3):
            return _RATE_WORDS[token.lower_]
        unit = _RATE_UNITS.get(token.lemma_.lower())
        if unit is None or token.i == 0:
            continue
        before = doc[token.i - 1].lower_
        after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
        if after in ("after", "before", "later", "earlier", "ago", "of", "when"):
            continue
        if before in ("a", "an", "per", "each", "every") and (unit != "day" or token.lemma_.lower() == "day"):
            return unit
        if token.lemma_.lower() == "hour" and before == "24" and token.i >= 2 and doc[token.i - 2].lower_ in (
                "past", "last"):  # fmt: skip
            return "day"
    return None


def _one_named(one: Token) -> CountMention | None:
    """ "Kira Oves was one of the journalists injured": the one is the copula's subject, counted by its name."""
    if one.dep_ != "attr" or one.head.lemma_.lower() != "be":
        return None
    subject = next((c for c in one.head.children if c.dep_ == "nsubj"), None)
    if subject is None or not (_is_people(subject) or subject.lower_ in _PRONOUN_ONE):
        return None
    span = subject.doc[subject.left_edge.i : subject.i + 1]
    return CountMention(i=span.start, j=span.end, low=1, high=1, approximate=False, text=span.text,
                        start=span.start_char, end=span.end_char, anchor=one.i)  # fmt: skip


def _word_count(token: Token, low: int, high: int | None) -> CountMention:
    """A count said by a word that is not a number ("both", "double")."""
    return CountMention(i=token.i, j=token.i + 1, low=low, high=high, approximate=False, text=token.text,
                        start=token.idx, end=token.idx + len(token.text), anchor=token.i)  # fmt: skip


def _is_single(token: Token) -> bool:
    """One person: "a man", "his wife", "officer Sean Bolton", "she" (but not "police", "staff", "no one")."""
    if token.lower_ in _PRONOUN_ONE | _ORDINAL_PEOPLE or token.ent_type_ == "PERSON" or token.lower_ == "old":
        return True
    singular_noun = token.tag_ in ("NN", "NNP") or (token.tag_ == "UH" and token.lower_ in PEOPLE)  # headline "Boy"
    if not singular_noun or lemma_of(token) in (
        "people",
        "police",
        "staff",
        "personnel",
        "crew",
        "family",
        "other",
        "others",
        "both",
        "infantry",
    ):
        return False
    return not any(c.lower_ in ("each", "every", "any", "no") for c in token.children)


def _subject_text(token: Token) -> str:
    """The victim noun with its describing words (demonyms, adjectives, compounds), no numbers or harm words."""
    if token.ent_type_ == "PERSON":
        ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        if ent is not None:
            return ent.text
    keep = [token]
    if _is_age_noun(token):  # "15-year-old"
        keep.extend(t for c in token.lefts if c.lower_ in ("year", "month", "week", "day") for t in c.subtree)
    for child in token.lefts:
        if (
            child.dep_ in ("amod", "compound", "poss", "nmod")
            and trigger_category(child) is None
            and not any(t.like_num for t in child.subtree)
            and child.lemma_.lower() not in _QUANTIFIERS
        ):
            keep.extend(t for t in child.subtree if not t.like_num and trigger_category(t) is None)
    keep.sort(key=lambda t: t.i)
    text = token.doc[keep[0].i : keep[-1].i + 1].text
    # a tally's line ("personnel ‒ about 54,650 (+200) persons") is no description of the people
    return token.text if any(ch in "()‒–" for ch in text) or re.search(r"\d\s", text) else text


def _affiliation(token: Token | None) -> Affiliation:
    if token is None:
        return "unknown"
    lemma = lemma_of(token)
    words = {lemma} | {c.lemma_.lower() for c in token.lefts}
    if words & MILITARY:
        return "military"
    if words & CIVILIAN:
        return "civilian"
    return "unknown"


def _party_words(token: Token) -> tuple[str, ...]:
    words = [c.text for c in token.lefts if c.ent_type_ in ("NORP", "GPE", "PERSON", "ORG") or c.dep_ == "poss"]
    if token.ent_type_ == "NORP":
        words.append(token.text)
    for child in token.lefts:
        if child.dep_ == "poss":
            words.extend(t.text for t in child.subtree if t.ent_type_ in ("NORP", "GPE", "PERSON") or t.pos_ == "PROPN")
    return tuple(dict.fromkeys(words))


def _drop_shot_if_killed(mentions: list[HarmMention]) -> list[HarmMention]:
    """ "shot and killed": shooting is how the victim died, not a second harm."""
    dead_victims = {m.victim.i for m in mentions if m.category == "dead" and m.victim is not None}
    return [
        m for m in mentions
        if not (m.trigger.lemma_.lower() == "shoot" and m.category == "wounded" and m.victim is not None
                and m.victim.i in dead_victims)
    ]  # fmt: skip


def _numbered_twins(a: HarmMention, b: HarmMention) -> bool:
    """Dead and wounded of one victim where only one of the two found the number."""
    same_victim = a.victim is not None and b.victim is not None and a.victim.i == b.victim.i
    conjoined = a.trigger.i in {t.i for t in b.trigger.conjuncts}  # "killed or wounded", not "dead from a wound"
    return (
        same_victim
        and conjoined
        and {a.category, b.category} == {"dead", "wounded"}
        and (a.count is None) != (b.count is None)
    )


def _merge_dead_and_wounded(mentions: list[HarmMention]) -> list[HarmMention]:
    """ "1,000 killed or wounded": one number over both harms of one victim is a `casualties` claim."""
    merged: list[HarmMention] = []
    for mention in mentions:
        twin = next((m for m in merged if _numbered_twins(m, mention)), None)
        if twin is None:
            merged.append(mention)
            continue
        merged.remove(twin)
        numbered = twin if twin.count is not None else mention
        merged.append(dataclasses.replace(numbered, category="casualties"))
    return merged
