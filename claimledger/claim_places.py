"""Which of a sentence's places say where its harm happened, and the places its words describe without a name.

The geoparser finds every toponym; a casualty claim needs only the place the harm happened in. A side named in the
sentence is not that place ("Russia has about 70 to 80,000 losses", "Ukraine estimates that 5,000 people ...",
"as Moscow faced sanctions"): a country or a capital is the claim's place only where the words put the harm in it
("in Ukraine", "across Russia", "Ukraine's civilians", "the invasion of Ukraine"), and no place is a speaker or the
owner of an army or a ministry. Descriptions the geoparser leaves alone name a town outright for a coder:
"Ukraine's second city" (Kharkiv), "the Ukrainian capital" (Kyiv), "the city" in a sentence about "the Kharkiv
region". When a claim has no place of its own nor from its paragraph, :func:`theatre` gives the country the article
puts its events in.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from spacy.tokens import Span, Token

from .gazetteer import Candidate
from .geoparse import demonym_country, get_geoparser
from .records import Place

__all__ = ["harm_places", "sentence_places", "theatre"]

#: Prepositions whose object is where something happens.
_IN = {"in", "inside", "across", "throughout", "within", "near", "around", "outside", "at", "over", "into"}
#: Nouns that make a country's possessive or modifier a place: "Ukraine's civilians", "Ukraine's second city".
_PLACE_NOUNS = {"civilian", "people", "population", "citizen", "child", "resident", "city", "town", "village",
                "region", "province", "oblast", "east", "west", "north", "south", "capital", "territory", "soil",
                "border", "hospital", "street", "home", "countryside", "coast", "port"}
#: Nouns a country names the place of only as a modifier: "the Ukraine war" (but "Russia's war" is a side's).
_THEATRE_NOUNS = {"war", "conflict", "crisis", "front", "frontline"}
#: Nouns whose owner is a side, not a place: "Russia's defence ministry", "Moscow's incursion", "Kyiv's forces".
_SIDE_NOUNS = {"army", "force", "military", "troop", "soldier", "government", "president", "presidency", "ministry",
               "minister", "official", "authority", "leader", "leadership", "defence", "defense", "staff", "general",
               "command", "invasion", "incursion", "offensive", "attack", "strike", "missile", "drone", "side",
               "loss", "casualty", "spokesman", "spokesperson", "ambassador", "embassy", "intelligence", "navy",
               "prosecutor", "office", "regime", "parliament", "sanction", "claim", "estimate", "figure", "count",
               "toll", "tally", "agency", "media", "delegation", "representative", "envoy"}
#: Actions whose object after "of" is the place they happened in: "the invasion of Ukraine", "the siege of Mariupol".
_ACTION_NOUNS = {"invasion", "incursion", "offensive", "attack", "strike", "missile", "drone", "occupation", "siege"}
#: Verbs of saying and holding a view: their subject speaks, it is not where the harm happened.
_SAY_VERBS = {"say", "claim", "estimate", "report", "accuse", "deny", "confirm", "announce", "state", "tell", "add",
              "warn", "insist", "allege", "admit", "put", "believe", "blame", "respond", "counter",
              "reject", "dismiss", "call", "urge", "demand", "threaten", "vow", "pledge", "promise", "argue"}
#: Verbs whose object is the place: "fled Ukraine", "invaded Ukraine", "shelled Kharkiv".
_PLACE_VERBS = {"flee", "leave", "escape", "invade", "attack", "shell", "bomb", "strike", "hit", "occupy", "enter",
                "evacuate", "devastate", "ravage", "pound", "target"}
#: Nouns before "on" whose object is the place: "strikes on Kyiv".
_ON_NOUNS = {"attack", "strike", "assault", "offensive", "raid", "bombing", "shelling", "barrage", "advance"}

#: Words of arriving somewhere: their place is where the displaced went, not where they fled from.
_ARRIVE = {"arrive", "enter", "reach", "cross", "shelter", "refuge", "asylum", "settle", "register", "host",
           "welcome", "receive", "relocate", "resettle"}

_RANKS = {"largest": 0, "biggest": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4}
_NTH_CITY = re.compile(r"(?P<owner>[A-Z][\w\-]*(?: [A-Z][\w\-]*){0,2})['’]s?\s+(?P<rank>second|third|fourth|fifth|"
                       r"largest|biggest)(?:[\s\-](?:largest|biggest|most populous))?\s+city\b")
_CAPITAL = re.compile(r"\b(?:the\s+)?(?P<owner>[A-Z][\w\-]*(?: [A-Z][\w\-]*){0,2}?)(?P<poss>['’]s?)?\s+capital\b"
                      r"(?!\s*,?\s*[A-Z]|\s+(?:flight|markets?|gains|punishment|investment|controls))")
_BARE_CAPITAL = re.compile(r"\b[Tt]he\s+capital\b(?!\s*,?\s*[A-Z]|\s+(?:of|city|flight|markets?|gains|investment)\b)")
_HOMELAND = re.compile(r"\b(?:fled|flee|flees|fleeing|left|leave|leaving|escaped|escaping)\s+"
                       r"(?P<place>(?:the|their|his|her)\s+(?:own\s+)?(?:country|homeland))\b")
#: War regions GeoNames' populated places lack: kept with their text and no id (Donbas at the middle of its two
#: provinces, Donetsk and Luhansk; a front line or occupied land has no fixed outline to place).
_VAGUE = re.compile(r"\b(?:(?P<donbas>Donbass?)(?:\s+region)?|(?:the\s+)?front[\s-]?lines?|"
                    r"(?:(?:Russian|Israeli)[\s-])?occupied\s+(?:territor(?:y|ies)|areas|regions|lands?))\b")
_DONBAS = (709716, 702657)  # Donetsk and Luhansk oblasts
_THE_CITY = re.compile(r"\bthe\s+(?:regional\s+)?(?:city|town)\b(?!\s+of\b)", re.IGNORECASE)


def sentence_places(sentence: Span, places: Iterable[Place], earlier: Sequence[Place] = ()) -> list[Place]:
    """The places of ``sentence`` (the geoparser's, in it) a claim of it may take: sides dropped; war regions with
    no GeoNames id ("the Donbas", "the front line", "occupied territories") kept as text; descriptions ("Ukraine's
    second city", "the Ukrainian capital", "the capital", "the city" of a named region, "Ukrainians have fled their
    country")
    added as the place they name; "the city" with no town in the sentence is the last town named ``earlier`` in its
    paragraph (``earlier``: the places kept from the sentences before, in order)."""
    named = list(places)
    kept = [p for p in named if not _side(sentence, p)]
    vague = _vague(sentence)
    kept = [p for p in kept if not any(v.start < p.end and p.start < v.end for v in vague)] + vague
    found = _described(sentence, kept, earlier, named)
    have = {p.geonameid for p in kept if p.geonameid}
    return sorted(kept + [p for p in found if p.geonameid not in have], key=lambda p: p.start)


def harm_places(category: str, sentence: Span, places: list[Place]) -> list[Place]:
    """A claim's places given its harm: the displaced are placed where they fled from, so where they went ("fled to
    Poland", "found shelter in Poland", "refugees entering Poland") is not their place."""
    if category != "displaced":
        return places
    return [p for p in places if p.role == "origin" or p.role != "destination" and not _arrival(sentence, p)]


def _arrival(sentence: Span, place: Place) -> bool:
    span = _tokens(sentence, place)
    if span is None:
        return False
    tok = span.root
    heads = [tok.head, tok.head.head] if tok.dep_ == "pobj" else [tok.head] if tok.dep_ == "dobj" else []
    words = {h.lemma_.lower() for h in heads}
    words |= {c.lemma_.lower() for h in heads for c in h.children if c.dep_ == "dobj"}
    return bool(words & _ARRIVE)  # "entered Poland", "arrived in Poland", "found shelter in Poland"


def theatre(kept: Iterable[Place], named: Iterable[Place]) -> Place | None:
    """The country the article puts its events in, as a place for claims that name none and inherit none: the
    country of most of the places its sentences put things in (``kept``, towns counting for theirs), at least
    twice and more than any other, where the article names it (one of ``named``)."""
    counts = Counter(p.country for p in kept if p.country and p.geonameid)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    country = next((p for p in [*kept, *named] if p.feature == "country" and p.country == ranked[0][0]), None)
    if country is None:
        return None
    return Place(**{**country.__dict__, "role": "location", "score": None})


def _tokens(sentence: Span, place: Place) -> Span | None:
    return sentence.doc.char_span(place.start, place.end, alignment_mode="expand")


def _side(sentence: Span, place: Place) -> bool:
    """The place is named as a side (a speaker, an army's or a ministry's owner), or it is a country or a capital
    the words do not put the harm in."""
    span = _tokens(sentence, place)
    if span is None:
        return False
    tok = span.root
    while tok.dep_ == "conj" and tok.head != tok:  # "in Ukraine and Russia": the first conjunct's role
        tok = tok.head
    head = tok.head
    lemma = head.lemma_.lower()
    if tok.dep_ == "nsubj" and lemma in _SAY_VERBS:
        return True
    if tok.dep_ in ("poss", "compound") and lemma in _SIDE_NOUNS:
        return True
    if tok.dep_ == "pobj" and head.lower_ == "by":
        return True  # "attacks by Russia"
    if not _wide(place):
        return False
    return not _locative(tok, place)


def _wide(place: Place) -> bool:
    """A country, a national capital or a continent: names that stand for a government, or a whole world ("Europe's
    refugee crisis"), as often as for a place."""
    if place.feature == "country" or (place.feature == "other" and place.geonameid and not place.country):
        return True
    cand = get_geoparser().gazetteer.get(place.geonameid) if place.geonameid else None
    return bool(cand and cand.capital)


def _locative(tok: Token, place: Place) -> bool:
    """The words put something in the place: "in Ukraine", "fled Ukraine", "Ukraine's civilians", "the invasion of
    Ukraine", "strikes on Kyiv", "Mariupol, Ukraine"; or it is where people came from or went to."""
    if place.role in ("origin", "destination"):
        return True
    head = tok.head
    lemma = head.lemma_.lower()
    if tok.dep_ == "pobj":
        prep = head.lower_
        owner = head.head.lemma_.lower()
        return prep in _IN or prep == "of" and (owner not in _SIDE_NOUNS or owner in _ACTION_NOUNS) \
            or prep == "on" and owner in _ON_NOUNS
    if tok.dep_ in ("poss", "compound"):
        return lemma in _PLACE_NOUNS or tok.dep_ == "compound" and lemma in _THEATRE_NOUNS
    if tok.dep_ == "dobj":
        return lemma in _PLACE_VERBS
    if tok.dep_ in ("appos", "npadvmod") or tok.dep_ == "conj":
        return True  # "Mariupol, Ukraine"
    if place.start != tok.sent.start_char:
        return False
    after = next((t for t in tok.sent if t.idx >= place.end), None)  # not doc.text: it joins the whole document
    return after is not None and after.idx == place.end and after.text == ":"  # a headline's "Ukraine: ..."


def _described(sentence: Span, places: list[Place], earlier: Sequence[Place], named: list[Place]) -> list[Place]:
    return [*_ranked_cities(sentence, places), *_capitals(sentence, places), *_homeland(sentence),
            *_the_city(sentence, places, earlier), *_the_capital(sentence, places, earlier, named)]


def _the_capital(sentence: Span, places: list[Place], earlier: Sequence[Place], named: list[Place]) -> list[Place]:
    """ "the capital" with no town in the sentence: the capital of the one country the sentence names (a side
    included: "Georgia's government ... the outskirts of the capital"), else of the country most places named
    before it in its paragraph are in ("Russian troops advanced on Irpin ... attacks in the capital")."""
    text, base = sentence.text, sentence.start_char
    match = _BARE_CAPITAL.search(text)
    if match is None or any(p.feature == "city" for p in places):
        return []
    countries = {p.country for p in named if p.feature == "country" and p.country}
    if len(countries) != 1:
        article = sentence.doc.text
        before = Counter(p.country for p in earlier if p.country and p.geonameid
                         and "\n" not in article[p.start : sentence.start_char])
        ranked = before.most_common(2)
        countries = {ranked[0][0]} if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else set()
    capital = next((c for c in _largest(countries.pop(), None, 20) if c.capital), None) if countries else None
    return [_place(capital, text, base, match)] if capital is not None else []


def _ranked_cities(sentence: Span, places: list[Place]) -> list[Place]:
    """ "Ukraine's second city", "Russia's largest city": the country's towns by population."""
    text, base, out = sentence.text, sentence.start_char, []
    for match in _NTH_CITY.finditer(text):
        country = _country_of(match.group("owner"), places, base + match.start("owner"))
        cities = _largest(country, None) if country else []
        rank = _RANKS[match.group("rank")]
        if rank < len(cities):
            out.append(_place(cities[rank], text, base, match))
    return out


def _capitals(sentence: Span, places: list[Place]) -> list[Place]:
    """ "the Ukrainian capital", "Russia's capital" (not "the capital, Kyiv": that one is named)."""
    text, base, out = sentence.text, sentence.start_char, []
    for match in _CAPITAL.finditer(text):
        country = _country_of(match.group("owner"), places, base + match.start("owner"), match.group("poss"))
        capital = next((c for c in _largest(country, None, 20) if c.capital), None) if country else None
        if capital is not None:
            out.append(_place(capital, text, base, match))
    return out


def _homeland(sentence: Span) -> list[Place]:
    """ "3.5 million Ukrainians have fled their country": the country of the people named before it."""
    text, base = sentence.text, sentence.start_char
    match = _HOMELAND.search(text)
    if match is None:
        return []
    people = [t for t in sentence if t.tag_ in ("NNS", "NNPS") and t.idx - base < match.start()]
    country = next((c for t in people if (c := _country_of(t.text, [], t.idx, None))), None)
    home = get_geoparser().gazetteer.country(country) if country else None
    return [_place(home, text, base, match, "place")] if home is not None else []


def _the_city(sentence: Span, places: list[Place], earlier: Sequence[Place]) -> list[Place]:
    """ "the city" in a sentence that names no town: the town its one region is named after, else the last town
    named before it in its paragraph or the two before ("Doctors in Mykolaiv say ...", then, two one-sentence
    paragraphs on, "The city council said that 2 people were killed"): "the city" names a town already named."""
    text, base = sentence.text, sentence.start_char
    match = _THE_CITY.search(text)
    regions = [p for p in places if p.feature == "region" and p.geonameid]
    if match is None or any(p.feature == "city" for p in places) or len(regions) > 1:
        return []
    if regions:
        city = _region_city(regions[0])
        return [_place(city, text, base, match)] if city is not None else []
    article = sentence.doc.text
    last = next((p for p in reversed(earlier) if p.feature == "city" and p.geonameid
                 and article.count("\n", p.start, sentence.start_char) <= 2), None)
    if last is None:
        return []
    return [Place(**{**last.__dict__, "text": match.group(0), "start": base + match.start(),
                     "end": base + match.end(), "role": "location", "score": None})]


def _vague(sentence: Span) -> list[Place]:
    """ "the Donbas", "the front line", "occupied territories": where the harm happened, with no GeoNames id."""
    out = []
    for match in _VAGUE.finditer(sentence.text):
        start, end = sentence.start_char + match.start(), sentence.start_char + match.end()
        place = Place(text=match.group(0), start=start, end=end, feature="region", role="location")
        if match.group("donbas"):
            gazetteer = get_geoparser().gazetteer
            parts = [c for gid in _DONBAS if (c := gazetteer.get(gid)) is not None]
            if parts:
                place.country = "UA"
                place.lat = round(sum(c.lat for c in parts) / len(parts), 4)
                place.lon = round(sum(c.lon for c in parts) / len(parts), 4)
                place.precision = 4
        out.append(place)
    return out


def _country_of(owner: str, places: list[Place], start: int, poss: str | None = "'s") -> str | None:
    """The ISO2 code of the country a possessive ("Ukraine's") or a demonym ("the Ukrainian") names."""
    if poss:
        named = next((p for p in places if p.start == start and p.feature == "country"), None)
        if named is None:
            named_any = next((p for p in get_geoparser().gazetteer.lookup(owner) if p.level == 9), None)
            return named_any.country if named_any else None
        return named.country
    name = demonym_country(owner.split()[-1]) if owner[:1].isupper() else None
    cand = next((c for c in get_geoparser().gazetteer.lookup(name) if c.level == 9), None) if name else None
    return cand.country if cand else None


@functools.lru_cache(maxsize=512)
def _largest(country: str, admin1: str | None, limit: int = 5) -> list[Candidate]:
    return get_geoparser().gazetteer.largest(country, admin1, limit)


def _region_city(region: Place) -> Candidate | None:
    """The town a region is named after ("the city" in a sentence about "the Kharkiv region"), else its largest."""
    gazetteer = get_geoparser().gazetteer
    cand = gazetteer.get(region.geonameid) if region.geonameid else None
    if cand is None or not cand.country or not cand.admin1:
        return None
    stem = re.sub(r"\s+(?:province|oblast|region|governorate|voblast|krai|kray)$", "", region.text, flags=re.I)
    same = [c for c in gazetteer.lookup(stem) if c.level == 0 and c.country == cand.country
            and c.admin1 == cand.admin1]
    return same[0] if same else next(iter(_largest(cand.country, cand.admin1)), None)


def _place(cand: Candidate, text: str, base: int, match: re.Match[str], group: int | str = 0) -> Place:
    return Place(text=match.group(group), start=base + match.start(group), end=base + match.end(group),
                 geonameid=cand.geonameid,
                 name=cand.name, country=cand.country, lat=cand.lat, lon=cand.lon, feature=cand.feature,
                 role="location", score=None, precision=6 if cand.level == 9 else 1)
