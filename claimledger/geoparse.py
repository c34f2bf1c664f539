"""The geoparser: find every toponym in an article and resolve it to a GeoNames feature using the whole article.

Detection does not trust NER labels alone (the small model calls "Homel" an ORG): every capitalised n-gram is
looked up in the gazetteer, and rules drop non-place uses (people, months, organisation names, common words
at the start of a sentence). Resolution combines population and feature-kind priors with what the rest of the
article says: the countries and regions it names (demonyms included), containment ("Mazyr, a Belarusian city",
"Homel, Belarus") and the other places' countries and regions.
"""

from __future__ import annotations

import calendar
import difflib
import itertools
import math
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .gazetteer import Candidate, Gazetteer, name_key
from .nlp import doc_text
from .records import Feature, Place, Role

__all__ = ["WEIGHTS", "Geoparser", "Mention", "Weights", "demonym_country", "get_geoparser"]

_MAX_NGRAM = 6
_CONNECTORS = {"of", "upon", "on", "de", "la", "le", "du", "des", "del", "da", "do", "el", "al", "and", "y", "am",
               "an", "der", "sur", "-", "st", "saint", "’s", "'s",
               "ez", "es", "ed", "er", "az", "ash", "ad", "ar", "ul", "bin", "ibn"}  # Arabic: "Deir ez-Zor"
_CALENDAR = {m.lower() for m in calendar.month_name[1:]} | {d.lower() for d in calendar.day_name} | {
    m.lower() for m in calendar.month_abbr[1:]}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_BLOCKING_LABELS = {"ORG", "PERSON", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW", "NORP", "LANGUAGE"}
_DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east",
               "north-west", "south-east", "south-west", "northern", "southern", "eastern", "western", "outside"}
_DISTANCE_UNITS = {"km", "kilometres", "kilometers", "miles", "mi", "metres", "meters", "kms"}
_ORIGIN_WORDS = {"from"}
_DESTINATION_WORDS = {"to", "into", "towards", "toward"}
_REFERENCE_PREVIOUS = {"near to", "close to", "next to"}
_STRUCTURE_WORDS = {"street", "st", "road", "rd", "avenue", "ave", "boulevard", "lane", "drive", "square", "park",
                    "bridge", "hall", "church", "cathedral", "hospital", "station", "airport", "school", "college",
                    "university", "centre", "center", "court", "house", "building", "tower", "market", "mall",
                    "stadium", "highway", "river", "lake", "beach", "harbour", "harbor", "port", "base", "camp",
                    "prison", "hotel", "museum", "library", "office", "plaza", "parkway", "way", "place", "terrace",
                    "crescent", "close", "quarter", "district", "neighborhood", "neighbourhood", "village", "island",
                    "mountain", "mount", "valley", "creek", "bay", "coast", "county", "township", "borough",
                    "peninsula", "delta", "canal", "castle", "gardens", "basin", "lagoon", "basilica", "chapel",
                    "cottage", "theatre", "theater", "cemetery", "graveyard", "arena", "pier", "wharf", "dam",
                    "reservoir"}
_GROUP_DIRECTIONS = ("North", "South", "East", "West", "Central", "Northern", "Southern", "Eastern", "Western",
                     "Upper", "Lower")
_GENERIC_SUFFIXES = ("city", "county", "province", "state", "region", "district", "oblast", "town", "village",
                     "municipality", "governorate", "prefecture", "department", "island", "islands", "area")
#: Continent and home-nation adjectives: the gazetteer's demonyms are per country.
_CONTINENT_ADJECTIVES = {"european": "Europe", "europeans": "Europe", "african": "Africa", "africans": "Africa",
                         "asian": "Asia", "asians": "Asia", "latin american": "South America",
                         "north american": "North America", "north americans": "North America",
                         "south american": "South America", "south americans": "South America",
                         "english": "England", "scottish": "Scotland", "welsh": "Wales"}
#: Nationality nouns English does not make from the country's adjective ("a Serb", "two Poles", "the Saudis").
_PEOPLE_NOUNS = {noun.lower() + plural: country for noun, country in (
    ("Serb", "RS"), ("Croat", "HR"), ("Turk", "TR"), ("Pole", "PL"), ("Swede", "SE"), ("Dane", "DK"), ("Brit", "GB"),
    ("Briton", "GB"), ("Saudi", "SA"), ("Scot", "Scotland"), ("Slovene", "SI"))
    for plural in ("", "s")}

#: AP-style abbreviations of US states and Canadian provinces ("Fresno, Calif."): written with their dots.
_ABBREVIATIONS = {
    "US": {"Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California", "Colo.": "Colorado",
           "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida", "Ga.": "Georgia", "Ill.": "Illinois",
           "Ind.": "Indiana", "Kan.": "Kansas", "Kans.": "Kansas", "Ky.": "Kentucky", "La.": "Louisiana",
           "Md.": "Maryland", "Mass.": "Massachusetts", "Mich.": "Michigan", "Minn.": "Minnesota",
           "Miss.": "Mississippi", "Mo.": "Missouri", "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada",
           "N.H.": "New Hampshire", "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York",
           "N.C.": "North Carolina", "N.D.": "North Dakota", "Okla.": "Oklahoma", "Ore.": "Oregon",
           "Pa.": "Pennsylvania", "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
           "Tenn.": "Tennessee", "Tex.": "Texas", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington",
           "W.Va.": "West Virginia", "Wis.": "Wisconsin", "Wyo.": "Wyoming"},
    "CA": {"B.C.": "British Columbia", "Alta.": "Alberta", "Sask.": "Saskatchewan", "Ont.": "Ontario",
           "Que.": "Quebec", "N.S.": "Nova Scotia", "N.B.": "New Brunswick", "Nfld.": "Newfoundland and Labrador",
           "P.E.I.": "Prince Edward Island"},
}
_ABBREVIATED = {abbr: (country, name) for country, table in _ABBREVIATIONS.items() for abbr, name in table.items()}

_DATELINE = re.compile(r"(?:^|\n)[ \t]*([A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,2})(?=\s*(?:,|\(|:|-|–|—))")
#: A place name that names a virus or disease ("the Reston ebolavirus", "Marburg virus", "Minamata disease").
_PATHOGEN = re.compile(r"[\s\-]*(?:virus|viruses|ebolavirus|fever|disease)\b", re.IGNORECASE)
_ROADS = re.compile(r"\b(?:[AMB]\d{1,4}|I-\d{1,3}|(?:Interstate|Highway|Route) \d{1,4})\b(?![\-/.]\w)")
_POSSESSOR = re.compile(r"[A-Z][\w\-]*(\s+[A-Z][\w\-]*)*['’]s?\s*$")


@dataclass
class Weights:
    """Resolution score terms (log-population prior, feature kind, and what the article says)."""

    population: float = 0.5  # per order of magnitude
    country_level: float = 2.2
    continent_level: float = 1.6
    world_level: float = 4.0  # an ocean, sea or world region (no population): "the Atlantic", "the Middle East"
    admin1_level: float = 1.2
    admin2_level: float = 0.2
    primary: float = 0.6  # the text is the feature's own name, not an alternate
    capital: float = 2.0
    country: float = 3.0  # x share of the other mentions that point at the candidate's country
    admin1: float = 4.0  # x share pointing at its first-level region
    container: float = 4.0  # "X, Y" / "X in Y" / "Y's X" with Y containing the candidate
    names: float = 0.4  # per order of magnitude of a town's names in other languages, when the text is its own name
    kind_cue: float = 3.0  # "Washington state", "the state of Washington": a first-level region
    peers: float = 2.0  # x share of a list's other names of the same kind ("Utah, Washington and Wyoming")


WEIGHTS = Weights()


def _prior(cand: Candidate) -> float:
    w = WEIGHTS
    kind = {9: w.country_level, 10: w.continent_level, 11: w.world_level, 1: w.admin1_level,
            2: w.admin2_level}.get(cand.level, 0.0)
    fame = w.names * math.log10(1 + cand.names) if cand.primary and cand.level == 0 else 0.0
    return w.population * math.log10(cand.population + 10) + kind + fame


_PRECISION = {9: 6, 10: 7, 11: 7, 1: 4, 2: 3, 0: 1}
#: Levels of features wider than a town: first-level regions, countries, continents, seas and world regions.
_WIDE = (1, 9, 10, 11)


@dataclass
class Mention:
    """A toponym found in the text, with the gazetteer features it may name."""

    start: int
    end: int
    text: str
    candidates: list[Candidate] = field(default_factory=list)
    demonym: bool = False  # an adjective or people noun ("Russian", "Belarusians"): context, not a place
    label: str = ""  # the NER label over the same characters, if any
    partial: bool = False  # candidates for a name inside the text ("Bank of Japan", "Royal Street"), not the text
    admin: bool = False  # the text says it is a first-level region ("Donetsk province", "the region of Kharkiv")


class Geoparser:
    """Find and resolve toponyms in a spaCy ``Doc``; see :meth:`parse` for the options data sets need."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer
        self._lock = threading.Lock()
        self._demonyms: dict[str, str] | None = None

    @property
    def gazetteer(self) -> Gazetteer:
        with self._lock:
            if self._gazetteer is None:
                self._gazetteer = Gazetteer.open()
            return self._gazetteer

    def __call__(self, doc: Doc) -> list[Place]:
        return self.parse(doc)

    def parse(self, doc: Doc, *, adjectives: bool = False, embedded: bool = False) -> list[Place]:
        """Every toponym in ``doc``, resolved.

        ``adjectives`` also returns demonym adjectives as their country ("Russian" -> Russia) and ``embedded``
        returns place names inside organisation names ("Texas" in "the Texas Forest Service"), or the whole name
        where the organisation is also a site ("Colorado State University", "the British Embassy"): some
        annotation schemes (GeoWebNews) count both as toponyms; a claim's places do not.
        """
        mentions = self.detect(doc)
        context = list(mentions)
        keep = [m for m in mentions if (not m.demonym or adjectives and not self._people_noun(m)
                                        and _modifies(doc, m))
                and (embedded or not self._embedded(doc, m))]
        return self.resolve(doc, _sites(doc, keep) if embedded else keep, context)

    def resolve_spans(self, doc: Doc, spans: Sequence[tuple[int, int]]) -> list[Place]:
        """Resolve given character spans (gold toponyms), using everything detected in the article as context."""
        context = self.detect(doc)
        by_span = {(m.start, m.end): m for m in context}
        article = doc_text(doc)
        mentions = [m if (m := by_span.get(span)) and m.candidates else self._mention_for_span(article, *span)
                    for span in spans]
        return self.resolve(doc, mentions, context + mentions)

    # -- detection ------------------------------------------------------------------------------------------

    def detect(self, doc: Doc) -> list[Mention]:
        """Candidate toponyms and demonyms, longest match first, no overlaps."""
        labels = _token_labels(doc)
        grams: dict[tuple[int, int], str] = {}
        acronyms: dict[tuple[int, int], str] = {}
        article = doc_text(doc)  # Doc.text rebuilds the string on every access
        tokens = list(doc)  # doc[i] makes a new Token object on every access
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                if not _can_start(tokens[i]):
                    continue
                for j in range(i + 1, min(i + _MAX_NGRAM, sent.end) + 1):
                    last = tokens[j - 1]
                    if j - 1 > i and not (_is_name_token(last) or last.lower_ in _CONNECTORS):
                        break
                    if not _is_name_token(last):
                        continue
                    text = article[tokens[i].idx : last.idx + len(last.text)]
                    target = acronyms if j - i == 1 and _is_acronym(text) else grams
                    target[(i, j)] = text
        found = self.gazetteer.lookup_many(grams.values())
        found_caps = self.gazetteer.lookup_many(acronyms.values(), acronym=True)
        demonyms = self.demonym_table()
        lower = {t.text for t in doc if t.is_lower}
        mentions = self._datelines(doc, article)
        taken = {t.i for m in mentions for t in doc.char_span(m.start, m.end) or []}
        spans = sorted({**grams, **acronyms}.items(), key=lambda kv: (kv[0][0], -(kv[0][1] - kv[0][0])))
        rejected: list[tuple[int, int, str, list[Candidate]]] = []
        for (i, j), text in spans:
            if any(k in taken for k in range(i, j)):
                continue
            cands = (self._spelled_out(text, found_caps.get(text, [])) if (i, j) in acronyms
                     else found.get(text, []))
            if text in _ABBREVIATED:
                cands = self._abbreviation_candidates(text)
            elif j - i == 1 and labels.get(i) in _PLACE_LABELS and (not cands or cands[0].population < 5000):
                group = self._region_group(text)
                cands = [group, *cands] if group is not None else cands
            if _inside_name(doc, i) and not (cands and cands[0].level in _WIDE):
                continue
            country = _demonym_lookup(text, demonyms) if j - i <= 2 else None
            is_country_name = bool(cands) and cands[0].level >= 9 and name_key(text) == name_key(cands[0].name)
            if country is not None and not is_country_name:
                mention = Mention(doc[i].idx, doc[i].idx + len(text), text, self._demonym_candidates(country),
                                  demonym=True, label=labels.get(i, ""))
            elif cands and self._is_place_use(doc, i, j, cands, labels, (i, j) in acronyms, lower):
                mention = Mention(doc[i].idx, doc[i].idx + len(text), text, cands, label=labels.get(i, ""),
                                  partial=_building(text, labels.get(i, ""), cands))
            else:
                if cands and (i, j) not in acronyms:
                    rejected.append((i, j, text, cands))
                continue
            mentions.append(mention)
            taken.update(range(i, j))
        mentions += _rescued(doc, rejected, mentions, taken, labels)
        mentions = self._drop_unsupported(doc, mentions)
        mentions.extend(self._unmatched_entities(doc, article, taken))
        mentions = _not_people(doc, mentions)
        mentions = _with_directions(doc, article, mentions)
        mentions = _with_city(doc, article, mentions)
        mentions = self._with_kind(doc, article, mentions)
        mentions = _structures(doc, article, mentions)
        mentions.extend(_roads(article, {t for m in mentions for t in range(m.start, m.end)}))
        mentions = [m for m in mentions if not _PATHOGEN.match(article, m.end)]
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _datelines(self, doc: Doc, article: str) -> list[Mention]:
        """A line that opens with a place in capitals ("BEIRUT (AP) -", "NEW DELHI:", "SEOUL, South Korea"):
        news datelines name the place the story is filed from, whatever the model tags them."""
        out = []
        for match in _DATELINE.finditer(article):
            text = match.group(1)
            if text in _BODIES:
                continue  # a headline's "UN: ..." names who speaks
            cands = self.gazetteer.lookup(text, acronym=False)
            if cands and cands[0].population >= 1000 or cands and cands[0].level in _WIDE:
                out.append(Mention(match.start(1), match.end(1), text, cands, label="GPE"))
        return out

    @staticmethod
    def _drop_unsupported(doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """A town name the model did not tag as a town or region (a FAC is a building named like a town), in a
        country nothing else in the article points at, unless the sentence puts something in it ("killed in
        Kramatorsk": a short text has no other place to lean on, and the small model tags towns as anything)."""
        votes = _Votes(mentions)
        out = []
        for m in mentions:
            best = _prune(m.candidates)[0]
            weak = not m.demonym and m.label not in {"GPE", "LOC"} and best.level in (0, 2) and not (
                not m.label and _major_town(m)) and not _placed_by_phrase(doc, m)
            if weak and not any(votes.country_share(c.country, m) > 0.05 for c in m.candidates[:10] if c.country):
                continue
            out.append(m)
        return out

    def _unmatched_entities(self, doc: Doc, article: str, taken: set[int]) -> list[Mention]:
        """GPE/LOC/FAC entities the gazetteer does not know: kept with their text (and a null id) when the model
        says so more than once or the name has several words: an unknown one-word "GPE" is as often a person
        or a company ("Modi", "Coincheck"), so it must follow "in", "to"... once and never be tagged a PERSON or
        ORG; an unknown two-word "GPE" needs a word saying what kind of place it is ("Royal Street")."""
        spans = [(s, ent.label_) for ent in doc.ents if ent.label_ in _PLACE_LABELS for s in [_trim(ent)] if s]
        seen = Counter(s.text for s, _ in spans)
        other = {ent.text for ent in doc.ents if ent.label_ in {"PERSON", "ORG"}}
        located = {s.text for s, _ in spans if s.start > 0 and doc[s.start - 1].lower_ in _LOCATIVE}
        out = []
        for span, label in spans:
            if any(t.i in taken for t in span) or not any(t.is_title or t.is_upper for t in span):
                continue
            if len(span) == 1 and (span.text in other or span.text not in located):
                continue
            if seen[span.text] > 1 or len(span) > 1 and (_looks_structural(span.text) or label != "GPE"):
                out.append(self._mention_for_span(article, span.start_char, span.end_char, label=label))
        return out

    def _is_place_use(self, doc: Doc, i: int, j: int, cands: list[Candidate], labels: dict[int, str],
                      acronym: bool, lower: set[str]) -> bool:
        """Rules for capitalised words that name a place in the gazetteer but are used otherwise."""
        tokens = doc[i:j]
        label = labels.get(i, "")
        if acronym and label not in _PLACE_LABELS and (cands[0].level not in _WIDE or cands[0].level == 9
                                                        and (_bare_pair(doc[i].text)
                                                             or not _initials(doc[i].text, cands[0].name)
                                                             and not _defined(doc_text(doc), doc[i].text))
                                                        and doc[i].text not in _place_entity_texts(doc)):
            return False  # "a BA (Hons)", "GTM Research": bare or ISO codes need the model to call them a place
        if label == "PERSON" and cands[0].level not in _WIDE and (_entity_len(doc, i) > 1 or j - i == 1):
            return False
        if label == "PERSON" and _entity_len(doc, i) > j - i:
            return False  # "Jordan Henderson", "Victoria Beckham"
        if j - i == 1 and tokens[0].lower_ in _CALENDAR:
            return False
        if j - i == 1 and not label and j < len(doc) and doc[j].ent_type_ == "PERSON":
            return False  # a title before a name: "Minister Shoigu", "Dr. Smith", "Vice President Pence"
        best = cands[0]
        if label in _PLACE_LABELS:
            return True
        if j - i == 1 and not label and best.level in (0, 2) and not any(c.primary for c in cands if c.level in (0, 2)):
            return False  # untagged "Minister" (Minster), "Luck" (Lutsk); an ORG "Homel" (Gomel) may still be the town
        if j - i == 1 and best.level not in _WIDE and tokens[0].lower_ in lower:
            return False  # "Minister", "Leader", "Hope": the article also writes the word in lower case
        if not all(t.pos_ == "PROPN" or t.lower_ in _CONNECTORS for t in tokens):
            return False
        strong = best.level in _WIDE or best.population >= 20000
        if not strong and label in {"ORG", "PRODUCT", "WORK_OF_ART", "EVENT"} and _entity_len(doc, i) == j - i:
            return False
        if j - i == 1 and tokens[0].lower_ in _NOT_NAMES:  # "the Centre asked", "Lukoil South": a common word
            return False
        if not strong and label in _BLOCKING_LABELS and _entity_len(doc, i) > j - i:
            return False  # "Chamber of Commerce", "Minister Sergey Shoigu": a small town's name inside another
        if tokens[0].is_sent_start and j - i == 1 and not strong:
            return False
        return strong or best.population >= 1000 or label == ""

    def _people_noun(self, mention: Mention) -> bool:
        """ "Russians", "the British": people, not the adjective that some schemes count as a toponym."""
        key = name_key(mention.text)
        table = self.demonym_table()
        return mention.text[:1].islower() or (key.endswith("s") and key[:-1] in table)

    def _embedded(self, doc: Doc, mention: Mention) -> bool:
        """Inside a longer organisation, work or event name ("Radio Free Europe")."""
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return False
        for token in span:
            if token.ent_type_ in _BLOCKING_LABELS and token.ent_type_ != "NORP":
                ent = _entity_of(doc, token.i)
                if ent is not None and (ent.start_char < mention.start or ent.end_char > mention.end) \
                        and not _is_list(ent.text):
                    return True
        return False

    def _mention_for_span(self, article: str, start: int, end: int, label: str = "") -> Mention:
        """A mention for a span the n-gram pass did not match: try shorter and generic-stripped forms."""
        text = article[start:end]
        country = _demonym_lookup(text, self.demonym_table())
        if country is not None:
            return Mention(start, end, text, self._demonym_candidates(country), demonym=True, label=label)
        if text in _ABBREVIATED:
            return Mention(start, end, text, self._abbreviation_candidates(text), label=label)
        group = self._region_group(_name_forms(text)[-1])
        for form in _name_forms(text):
            cands = self.gazetteer.lookup(form)
            if _is_acronym(form):
                cands = self._spelled_out(form, cands)
            if group is not None and (not cands or group.population > 100 * cands[0].population):
                cands = [group, *cands]
            if cands:
                partial = (_looks_structural(text) and not any(name_key(c.name) == name_key(form) for c in cands)
                           or name_key(text) in _NOT_NAMES)  # "Western", "Gulf": a word, not a name
                return Mention(start, end, text, cands, label=label, partial=partial)
        found: list[list[Candidate]] = []
        for part in _sub_names(text):  # "Colorado State University", "US Federal Reserve": the place inside
            country = _demonym_lookup(part, self.demonym_table())
            cands = self._demonym_candidates(country) if country is not None else self.gazetteer.lookup(part)
            if cands:
                found.append(cands)
        if found:  # a country, region or continent inside the name before a town that shares a word with it
            best = next((c for c in found if _prune(c)[0].level in _WIDE and not _borrowed_region(_prune(c)[0])),
                        next((c for c in found if _prune(c)[0].primary), found[0]))
            return Mention(start, end, text, best, label=label, partial=True)
        return Mention(start, end, text, [], label=label)

    def _with_kind(self, doc: Doc, article: str, mentions: list[Mention]) -> list[Mention]:
        """ "Donetsk province", "the Kharkiv region", "the province of Idlib": the first-level region, not the city
        it is named after (found under the name with its kind word where its own name differs: "Belgorod Oblast"
        is Belgorodskaya oblast'). The place's text stays the name: news data sets mark "Jiangsu" in "Jiangsu
        province"."""
        out = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            nxt = doc[span.end] if span is not None and span.end < len(doc) else None
            after = nxt is not None and nxt.lower_ in _ADMIN_AFTER and span is not None and bool(span[-1].whitespace_)
            if m.demonym or m.partial or not (after or _ADMIN_BEFORE.search(article, max(0, m.start - 40), m.start)):
                out.append(m)
                continue
            regions = [c for c in m.candidates if c.level == 1]
            for kind in ("Oblast", "Region", "Province", "Governorate"):
                if regions:
                    break
                regions = [c for c in self.gazetteer.lookup(f"{m.text} {kind}") if c.level == 1]
            if not regions:
                out.append(m)
                continue
            out.append(Mention(m.start, m.end, m.text, [*regions, *m.candidates], label=m.label, admin=True))
        return out

    def _spelled_out(self, acronym: str, cands: list[Candidate]) -> list[Candidate]:
        """A country code is also the initials of other countries ("SA": Saudi Arabia's code, South Africa's
        initials): those countries become candidates too, and the article's other places choose."""
        if not cands or cands[0].level != 9:
            return cands
        letters = acronym.replace(".", "").upper()
        have = {c.geonameid for c in cands}
        spelled = [c for c in self.gazetteer.countries() if c.geonameid not in have and " " in c.name
                   and _initials_of(c.name) == letters]
        return sorted([*cands, *spelled], key=lambda c: -c.population) if spelled else cands

    def _region_group(self, name: str) -> Candidate | None:
        """A region split into provinces named by direction ("Darfur": North, South and West Darfur; "Java":
        West, Central and East Java): their middle, with no GeoNames id of its own."""
        if not name[:1].isupper() or " " in name.strip():
            return None
        parts = [c for d in _GROUP_DIRECTIONS for c in self.gazetteer.lookup(f"{d} {name}")[:1]
                 if c.level == 1 and name_key(name) in name_key(f"{d} {name}")]
        countries = Counter(c.country for c in parts)
        if not countries or countries.most_common(1)[0][1] < 2:
            return None
        country = countries.most_common(1)[0][0]
        parts = [c for c in parts if c.country == country]
        lat = sum(c.lat for c in parts) / len(parts)
        lon = sum(c.lon for c in parts) / len(parts)
        return Candidate(0, name, country, None, lat, lon, sum(c.population for c in parts), "region", level=1,
                         primary=True)

    def _abbreviation_candidates(self, text: str) -> list[Candidate]:
        country, name = _ABBREVIATED[text]
        return [c for c in self.gazetteer.lookup(name) if c.level == 1 and c.country == country][:1]

    def _demonym_candidates(self, iso_or_name: str) -> list[Candidate]:
        if len(iso_or_name) == 2:
            country = self.gazetteer.country(iso_or_name)
            return [country] if country else []
        return [c for c in self.gazetteer.lookup(iso_or_name) if c.level in (1, 10) and c.primary][:1]

    def demonym_table(self) -> dict[str, str]:
        """Demonym key -> ISO2 (or a continent name), read once."""
        if self._demonyms is None:
            table = dict(self.gazetteer.demonyms())
            table.update(_CONTINENT_ADJECTIVES)
            for noun, country in _PEOPLE_NOUNS.items():
                table.setdefault(noun, country)
            self._demonyms = table
        return self._demonyms

    # -- resolution -----------------------------------------------------------------------------------------

    def resolve(self, doc: Doc, mentions: Sequence[Mention], context: Iterable[Mention] | None = None) -> list[Place]:
        """Choose a candidate for each mention using the article's countries and regions; score it. A claim's
        places (:meth:`parse`) and gold spans (:meth:`resolve_spans`) go through these same rules, the focus
        fallback for buildings and unknown names included."""
        context = list(context if context is not None else mentions)
        text = doc_text(doc)
        containers = _containers(text, context)
        contents = _contents(text, context)
        kinds = _kind_cues(text, context)
        votes = _Votes(context)
        places = []
        chosen: dict[tuple[int, int], Candidate] = {}
        for mention in mentions:
            span = (mention.start, mention.end)
            best, score = self._choose(mention, votes, containers.get(span, []), contents.get(span, []),
                                       kinds.get(span, {}))
            if best is not None:
                chosen[(mention.start, mention.end)] = best
            places.append(self._place(text, mention, best, score))
        around = self._context_places(context, votes, containers, contents, kinds, chosen)
        tagged = {(m.start, m.end) for m in mentions if _tagged_place(doc, m)}
        hosted = {(m.start, m.end) for m in mentions if self._embedded(doc, m)}
        self._fall_back_on_focus(mentions, places, chosen, around, context, text, tagged, hosted)
        return places

    def _context_places(self, context: Iterable[Mention], votes: _Votes,
                        containers: dict[tuple[int, int], list[Candidate]],
                        contents: dict[tuple[int, int], list[Candidate]],
                        kinds: dict[tuple[int, int], dict[int, float]],
                        chosen: dict[tuple[int, int], Candidate]) -> dict[tuple[int, int], Candidate]:
        """The places detected around the given ones ("New Orleans" inside a longer gold span), resolved."""
        named = {}
        for mention in context:
            span = (mention.start, mention.end)
            if span not in chosen and not mention.partial and not mention.demonym:
                cand = self._choose(mention, votes, containers.get(span, []), contents.get(span, []),
                                    kinds.get(span, {}))[0]
                if cand is not None:
                    named[span] = cand
        return named

    @staticmethod
    def _fall_back_on_focus(mentions: Sequence[Mention], places: list[Place], chosen: dict[tuple[int, int], Candidate],
                            around: dict[tuple[int, int], Candidate], context: Sequence[Mention], text: str,
                            tagged: set[tuple[int, int]], hosted: set[tuple[int, int]]) -> None:
        """A toponym the gazetteer cannot place, or a building named after a far-away town ("Bank of
        England" is in London, "Royal Street" in the article's town), goes to the place its phrase puts it in
        ("the Palais des Nations in Geneva"), else where the article is; so does a name the model does not tag
        as a place whose only reading is a small town far away ("Congress" in a Washington story). A town detected
        around the given places may be that focus if the article names its region ("New Orleans" and
        "Louisiana", while the given spans are its streets)."""
        words = {(m.start, m.end) for m in mentions if m.demonym}
        regions = {(c.country, c.admin1) for span, c in [*chosen.items(), *around.items()]
                   if c.level == 1 and span not in words}
        named = [(m, c) for m in mentions if not m.partial and (c := chosen.get((m.start, m.end))) is not None]
        towns = [c for m, c in named if (m.start, m.end) not in hosted] or [c for _, c in named]
        towns += [c for c in around.values() if (c.country, c.admin1) in regions]
        focus = _focus(towns, regions, _country_evidence(context))
        hosts = _hosts(text, mentions, context, {**around, **chosen})
        for mention, place in zip(mentions, places, strict=True):
            cand = chosen.get((mention.start, mention.end))
            host = hosts.get((mention.start, mention.end))
            unplaced = cand is None and not mention.demonym
            if host is not None and (unplaced or mention.partial):
                where = host
            elif focus is not None and (unplaced or mention.partial and cand is not None and cand.level in (0, 2)
                                        and _km(cand, focus) > 100
                                        or cand is not None and (mention.start, mention.end) not in tagged
                                        and _stray(cand, focus, regions)):
                where = focus
            else:
                continue
            place.geonameid, place.feature = None, "other"
            place.lat, place.lon, place.name, place.country = where.lat, where.lon, where.name, where.country
            place.precision = max(2, _PRECISION.get(where.level, 5)) if where is host else 2
            place.score = 0.0

    def _choose(self, mention: Mention, votes: _Votes, containers: list[Candidate], contents: list[Candidate],
                kinds: dict[int, float]) -> tuple[Candidate | None, float]:
        regions = [c for c in mention.candidates if c.level == 1] if mention.admin else []
        cands = regions or _prune(mention.candidates)
        if not cands:
            return None, 0.0
        if len(cands) == 1:
            return cands[0], 1.0
        scores = [self._score(mention, c, votes, containers, contents) + kinds.get(c.level, 0.0) for c in cands]
        top = max(range(len(cands)), key=lambda k: scores[k])
        total = sum(math.exp(s - scores[top]) for s in scores)
        return cands[top], 1.0 / total

    @staticmethod
    def _score(mention: Mention, cand: Candidate, votes: _Votes, containers: list[Candidate],
               contents: list[Candidate]) -> float:
        w = WEIGHTS
        score = _prior(cand)
        if cand.primary or name_key(cand.name) == name_key(mention.text):
            score += w.primary
        if cand.capital and (cand.primary or name_key(cand.name) == name_key(mention.text)):
            score += w.capital
        if cand.country:
            score += w.country * votes.country_share(cand.country, mention)
            if cand.admin1 and cand.level != 9:
                score += w.admin1 * votes.admin_share((cand.country, cand.admin1), mention)
        for container in containers:
            if _inside(cand, container):
                score += w.container
        if any(_inside(inner, cand) for inner in contents):  # "Tacoma, Washington": the state, not the capital
            score += w.container
        return score

    def _place(self, text: str, mention: Mention, cand: Candidate | None, score: float) -> Place:
        place = Place(text=mention.text, start=mention.start, end=mention.end, role=_role(text, mention))
        if cand is not None:
            kind: Feature = cand.feature
            place.geonameid, place.name, place.country = cand.geonameid or None, cand.name, cand.country
            place.lat, place.lon, place.feature = cand.lat, cand.lon, kind
            place.score = round(score, 3)
            place.precision = _PRECISION.get(cand.level, 5)
        return place


class _Votes:
    """How much of the article points at each country and first-level region (each mention counts once; a
    building's or organisation's name casts no vote)."""

    def __init__(self, mentions: Iterable[Mention]) -> None:
        self.country: dict[str, float] = defaultdict(float)
        self.admin: dict[tuple[str, str], float] = defaultdict(float)
        self.own: dict[int, tuple[dict[str, float], dict[tuple[str, str], float]]] = {}
        seen: set[tuple[int, int]] = set()
        for m in mentions:
            if (m.start, m.end) in seen or not m.candidates or m.partial:
                continue
            seen.add((m.start, m.end))
            cands = _prune(m.candidates)
            weights = [math.exp(_prior(c)) for c in cands]
            total = sum(weights)
            own_c: dict[str, float] = defaultdict(float)
            own_a: dict[tuple[str, str], float] = defaultdict(float)
            for c, w in zip(cands, weights, strict=True):
                if c.country:
                    own_c[c.country] = max(own_c[c.country], w / total)
                    if c.admin1:
                        key = (c.country, c.admin1)
                        own_a[key] = max(own_a[key], w / total)
            for k, v in own_c.items():
                self.country[k] += v
            for key, v in own_a.items():
                self.admin[key] += v
            self.own[id(m)] = (own_c, own_a)
        self.n = max(len(seen), 1)

    def country_share(self, country: str, mention: Mention) -> float:
        own = self.own.get(id(mention), ({}, {}))[0].get(country, 0.0)
        return (self.country.get(country, 0.0) - own) / self.n if self.n > 1 else 0.0

    def admin_share(self, key: tuple[str, str], mention: Mention) -> float:
        own = self.own.get(id(mention), ({}, {}))[1].get(key, 0.0)
        return (self.admin.get(key, 0.0) - own) / self.n if self.n > 1 else 0.0


def _prune(cands: list[Candidate]) -> list[Candidate]:
    """Drop a region named after its own main city (Horad Minsk, Dubai emirate, New York state): news means the city."""
    cities = [c for c in cands if c.level == 0 and c.population > 0]
    out = []
    for c in cands:
        if c.level in (1, 2) and any(city.country == c.country and _shell_of(c, city) for city in cities):
            continue
        out.append(c)
    return out[:40]


def _shell_of(region: Candidate, city: Candidate) -> bool:
    """The city is most of the region (a city-region) or a large part of the region it lies in, or the name is
    the town's own and only an alternate name of the county around it ("Samos", not Nomós Sámou)."""
    if region.level == 2 and not region.primary and city.primary and city.admin1 == region.admin1:
        return True
    if city.population * 1.5 >= region.population:
        return True
    return bool(city.admin1 == region.admin1 and city.population * 10 >= region.population)


def _inside(cand: Candidate, container: Candidate) -> bool:
    if container.level == 9:
        return bool(cand.country == container.country and cand.level != 9)
    if container.level == 1:
        return bool(cand.country == container.country and cand.admin1 == container.admin1 and cand.level != 1)
    return False


_CONTAINED = re.compile(r"\s*(?:,|,?\s*(?:(?:located|situated|based)\s+)?in)\s*")


def _containers(text: str, mentions: list[Mention]) -> dict[tuple[int, int], list[Candidate]]:
    """ "X, Y" / "X in Y" / "X, a Y city" / "Y's X": Y's country or region contains X."""
    out: dict[tuple[int, int], list[Candidate]] = {}
    ordered = sorted({(m.start, m.end): m for m in mentions}.values(), key=lambda m: m.start)
    for k, m in enumerate(ordered):
        found: list[Candidate] = []
        if k + 1 < len(ordered):
            nxt = ordered[k + 1]
            between = text[m.end : nxt.start]
            if _CONTAINED.fullmatch(between) or nxt.demonym and re.fullmatch(r",\s*(a|an|the)(\s+\w+)?\s*", between):
                found += [c for c in nxt.candidates[:5] if c.level in (1, 9)]
        if k > 0:
            prev = ordered[k - 1]
            if re.fullmatch(r"\s*['’]s?\s*", text[prev.end : m.start]):
                found += [c for c in prev.candidates[:5] if c.level in (1, 9)]
        if found:
            out[(m.start, m.end)] = found
    return out


_KIND_AFTER = re.compile(r"\s+(?:state|province|oblast|prefecture)\b", re.IGNORECASE)
_KIND_BEFORE = re.compile(r"\b(?:state|province|oblast|prefecture)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_LIST_LINK = re.compile(r"\s*,\s*|\s*,?\s+(?:and|or)\s+")


def _kind_cues(text: str, mentions: list[Mention]) -> dict[tuple[int, int], dict[int, float]]:
    """Score added to a mention's candidates of each feature level by what the text says it is: "Washington
    state" and "the state of Washington" name a first-level region; a name in a list ("Utah, Washington and
    Wyoming", "Georgia, Iraq, Iran and Syria") is most likely the same kind of place as the others."""
    w = WEIGHTS
    out: dict[tuple[int, int], dict[int, float]] = defaultdict(dict)
    ordered = sorted({(m.start, m.end): m for m in mentions if not m.demonym}.values(), key=lambda m: m.start)
    chains: list[list[Mention]] = []
    joined: list[bool] = []  # the chain has an "and" / "or" link: a list, not "Stroud, Ontario, Canada"
    for k, m in enumerate(ordered):
        if _KIND_AFTER.match(text, m.end) or _KIND_BEFORE.search(text, max(0, m.start - 40), m.start):
            out[(m.start, m.end)][1] = w.kind_cue
        link = _LIST_LINK.fullmatch(text, ordered[k - 1].end, m.start) if k else None
        if link is not None and chains:
            chains[-1].append(m)
            joined[-1] = joined[-1] or bool(re.search(r"\b(?:and|or)\b", link.group()))
        else:
            chains.append([m])
            joined.append(False)
    for chain, is_list in zip(chains, joined, strict=True):
        if not is_list:
            continue
        levels = [_top(m).level if m.candidates else None for m in chain]
        for k, m in enumerate(chain):
            peers = [lv for j, lv in enumerate(levels) if j != k and lv is not None]
            for level, n in Counter(peers).items():
                if level not in (1, 9):  # lists of towns mix in their regions ("Melbourne and Victoria")
                    continue
                cues = out[(m.start, m.end)]
                cues[level] = cues.get(level, 0.0) + w.peers * n / len(peers)
    return out


def _top(mention: Mention) -> Candidate:
    """The candidate the name's own priors choose, before the article has a say."""
    cands = _prune(mention.candidates) or mention.candidates
    return max(cands, key=lambda c: _prior(c) + (WEIGHTS.primary if c.primary else 0.0)
               + (WEIGHTS.capital if c.capital and c.primary else 0.0))


def _contents(text: str, mentions: list[Mention]) -> dict[tuple[int, int], list[Candidate]]:
    """ "X, Y": the towns X may be, which the region or country Y must then contain."""
    out: dict[tuple[int, int], list[Candidate]] = {}
    ordered = sorted({(m.start, m.end): m for m in mentions}.values(), key=lambda m: m.start)
    for prev, m in itertools.pairwise(ordered):
        if re.fullmatch(r"\s*,\s*", text[prev.end : m.start]) and not prev.demonym:
            inner = [c for c in prev.candidates[:10] if c.level in (0, 2)]
            if inner:
                out[(m.start, m.end)] = inner
    return out


def _hosts(text: str, mentions: Sequence[Mention], context: Sequence[Mention],
           placed: dict[tuple[int, int], Candidate]) -> dict[tuple[int, int], Candidate]:
    """The place a name's own sentence puts it in: "the Palais des Nations in Geneva", "London's Heathrow Animal
    Reception Center", "Percy French Hotel, Ballyjamesduff;" (a comma only where the place ends the phrase, not in
    a list of names or before a verb: "Beyond Madinaty, Liverpool have...")."""
    ordered = sorted({(m.start, m.end): m for m in [*context, *mentions]}.values(), key=lambda m: m.start)
    out = {}
    for k, m in enumerate(ordered):
        prev = ordered[k - 1] if k else None
        nxt = ordered[k + 1] if k + 1 < len(ordered) else None
        between = text[m.end : nxt.start] if nxt is not None else ""
        if nxt is not None and _is_host(nxt, placed) and (
                re.fullmatch(r"\s*in(\s+the)?\s+", between)
                or re.fullmatch(r",\s*", between) and re.match(r"\s*(?:[,.;:!?)”\"]|$)", text[nxt.end : nxt.end + 3])):
            out[(m.start, m.end)] = placed[(nxt.start, nxt.end)]
        elif prev is not None and _is_host(prev, placed) and re.fullmatch(r"\s*['’]s?\s*", text[prev.end : m.start]):
            out[(m.start, m.end)] = placed[(prev.start, prev.end)]
    return out


def _is_host(mention: Mention, placed: dict[tuple[int, int], Candidate]) -> bool:
    """A place resolved in its own right (not a building's or organisation's name, not a demonym)."""
    return not mention.partial and not mention.demonym and (mention.start, mention.end) in placed


#: A town this small and this far from the focus is, for a name the model does not tag, rarely the town itself.
_STRAY_POP = 20_000
_STRAY_KM = 1000.0


def _stray(cand: Candidate, focus: Candidate, regions: set[tuple[str | None, str | None]]) -> bool:
    """A small town (< 20,000 people) over 1,000 km from the article's focus, in no region the article names: for a
    name the model does not call a place, more often a street, club or word ("Bourbon", "Congress") than a far
    village."""
    return cand.level == 0 and cand.population < _STRAY_POP and _km(cand, focus) > _STRAY_KM \
        and (cand.country, cand.admin1) not in regions


def _tagged_place(doc: Doc, mention: Mention) -> bool:
    """The model calls the name's first word part of a town or region (GPE or LOC)."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and span[0].ent_type_ in {"GPE", "LOC"}


def _country_evidence(context: Sequence[Mention]) -> Counter[str]:
    """How often the article names each country outright ("Egypt", not "Egyptian": demonyms name people and
    goods as often as the place where the story happens)."""
    named = {(m.start, m.end): cands[0].country for m in context if not m.demonym
             and (cands := _prune(m.candidates)) and cands[0].level == 9 and cands[0].country}
    return Counter(named.values())


def _focus(chosen: Iterable[Candidate], regions: set[tuple[str | None, str | None]],
           evidence: Counter[str]) -> Candidate | None:
    """The article's town (or region, or country) where its streets and buildings are. First its country: the one
    the article names most, outright or through its places (a Cambodian malaria story that cites Oxford's
    researchers is in Cambodia); then in that country a town in a region the article names, then the one named
    most, counting the other places named within 100 km of it."""
    counts = Counter(chosen)
    weight = Counter(evidence)
    for cand, n in counts.items():
        if cand.country and cand.level != 9:
            weight[cand.country] += n
    top = max(weight.values(), default=0)
    inside = Counter({c: n for c, n in counts.items() if weight[c.country or ""] == top}) or counts
    for level in (0, 2, 1, 9):
        named = [c for c in inside if c.level == level]
        if named:
            return max(named, key=lambda c: ((c.country, c.admin1) in regions,
                                             sum(n for o, n in counts.items() if _km(c, o) < 100)
                                             + evidence[c.country or ""], c.population))
    return None


def _km(a: Candidate, b: Candidate) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


#: Words that end an institution's name more often than a place's ("High Court", "Home Office").
_INSTITUTIONS = {"court", "office", "house", "hall", "building", "base", "camp", "quarter", "district", "county",
                 "township", "borough", "village", "island", "close", "way", "place", "port"}


#: Schools named after a place keep the place as the toponym ("Arizona State University" -> "Arizona").
_SCHOOLS = {"university", "college", "school"}


def _structures(doc: Doc, article: str, mentions: list[Mention]) -> list[Mention]:
    """Streets, buildings and parks the gazetteer cannot hold ("Royal Street", "Holy Redeemer Church"): a run of
    capitalised words ending in a word for a kind of place, kept with a null id. The run replaces the places
    named inside it ("Collins Avenue", "Mississippi River", "Colchester General Hospital"), except where schools
    are named after them ("Arizona State University")."""
    out = []
    inside: set[int] = set()
    for sent in doc.sents:
        i = sent.start
        while i < sent.end:
            if not _is_name_token(doc[i]) or doc[i].is_sent_start and doc[i].pos_ != "PROPN":
                i += 1
                continue
            j = i
            while j < sent.end and (_is_name_token(doc[j]) or doc[j].lower_ in {"of", "the"} and j + 1 < sent.end
                                    and _is_name_token(doc[j + 1])):
                j += 1
            last = doc[j - 1]
            if j - i >= 2 and last.lower_ in _STRUCTURE_WORDS - _INSTITUTIONS and doc[i].pos_ == "PROPN":
                start, end = doc[i].idx, last.idx + len(last.text)
                crossing = [k for k, m in enumerate(mentions) if m.start < end and start < m.end]
                if all(start <= mentions[k].start and mentions[k].end <= end for k in crossing) and (
                        not crossing or last.lower_ not in _SCHOOLS):
                    out.append(Mention(start, end, article[start:end], [], label=last.ent_type_, partial=True))
                    inside.update(crossing)
            i = max(j, i + 1)
    return [m for k, m in enumerate(mentions) if k not in inside] + out


#: Organisations that are also a site, named after the place they serve ("Colorado State University", "the British
#: Embassy", "Cavan County Council", "Belfast Magistrate's Court"), unlike ministries, agencies or police forces.
_SITES = {"university", "college", "school", "academy", "embassy", "consulate", "council", "court", "courthouse",
          "senate"}


def _sites(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A place inside such an organisation's name gives way to the whole name, which keeps the place's
    candidates."""
    out: list[Mention] = []
    seen: set[tuple[int, int]] = set()
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        ent = _entity_of(doc, span.start) if span is not None else None
        site = _trim(ent) if ent is not None and ent.label_ in {"ORG", "FAC"} else None
        if span is None or site is None or span.end > site.end or (site.start, site.end) == (span.start, span.end) \
                or not _is_site(site):
            out.append(m)
            continue
        if (site.start_char, site.end_char) not in seen:
            seen.add((site.start_char, site.end_char))
            out.append(Mention(site.start_char, site.end_char, site.text, m.candidates, label=site.label_,
                               partial=True))
    return out


def _is_site(name: Span) -> bool:
    words = [t.lower_ for t in name]
    return words[-1] in _SITES or len(words) > 2 and words[0] in _SITES and words[1] == "of"


def _roads(article: str, taken_chars: set[int]) -> list[Mention]:
    """Numbered roads: "Interstate 95", "I-10", "Highway 11", and British "the A417" (with the article, or listed
    after such a road: "the A436, A40 and A429"), which "levels B1 and B2" are not."""
    out: list[Mention] = []
    for match in _ROADS.finditer(article):
        start, end = match.span()
        british = match.group(0)[0] in "AMB" and " " not in match.group(0)
        listed = bool(out) and article[out[-1].end : start].strip() in _LIST_JOINS
        if british and not listed and not re.search(r"\b(the|The)\s+$", article[max(0, start - 5) : start]):
            continue
        if not any(k in taken_chars for k in range(start, end)):
            out.append(Mention(start, end, match.group(0), [], label="FAC", partial=True))
    return out


def _building(text: str, label: str, cands: list[Candidate]) -> bool:
    """An organisation's building that shares only an alternate name with a town ("the White House" is an
    alternate name of Casablanca): it stands where the article is, not at the town."""
    words = name_key(text).split()
    best = _prune(cands)[0]
    return len(words) > 1 and words[-1] in _STRUCTURE_WORDS and label not in {"GPE", "LOC"} and best.level in (0, 2) \
        and not best.primary


def _looks_structural(text: str) -> bool:
    words = name_key(text).split()
    return bool(words) and (words[-1] in _STRUCTURE_WORDS or words[0] in _STRUCTURE_WORDS)


_LOCATIVE = {"in", "at", "near", "outside", "via", "from", "to", "into", "towards"}
_LIST_JOINS = {",", "and", "or", ", and", ", or"}


def _not_people(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A one-word name that ends a person's full name elsewhere in the article ("Narendra Modi" ... "Modi",
    "Dewly Nelson" ... "Nelson") is that person, not the town it also names, unless it follows "in", "to"...;
    so is a two-word person's first name ("Yulia Skripal" ... "Yulia") that names no country or region."""
    people = [ent for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 and ent[0].is_title
              and ent[-1].is_title and not _is_list(ent.text)]
    surnames = {ent[-1].lower_ for ent in people}
    first_names = {ent[0].lower_ for ent in people if len(ent) == 2}
    out = []
    for m in mentions:
        key = name_key(m.text)
        wide = bool(m.candidates) and m.candidates[0].level in _WIDE
        if not m.demonym and " " not in m.text and (key in surnames or key in first_names and not wide) \
                and not _after_locative(doc, m):
            continue
        out.append(m)
    return out


def _major_town(mention: Mention) -> bool:
    """The text is the own name of a capital or a city of 100,000 people ("The mayor of Kyiv spoke."): a name
    the model left untagged still needs no other place in the article to support it."""
    key = name_key(mention.text)
    return any(c.level == 0 and c.primary and name_key(c.name) == key and (c.capital or c.population >= 100_000)
               for c in mention.candidates[:10])


#: Nouns before "of" that make the name after it a place: "the town of Kremenchuk", "the shelling of Nikopol".
_PLACE_OF = {"town", "city", "village", "settlement", "suburb", "suburbs", "outskirts", "centre", "center", "port",
             "region", "province", "oblast", "district", "shelling", "bombing", "bombardment", "siege", "battle",
             "liberation", "capture", "fall", "occupation"}
#: Nouns before "on" that make the name after it a place: "a strike on Odesa", "the assault on Vuhledar".
_PLACE_ON = {"attack", "attacks", "strike", "strikes", "assault", "offensive", "raid", "raids", "bombing", "shelling",
             "advance", "push", "march", "barrage", "missile", "missiles", "drone", "drones", "rocket", "rockets"}
#: Verbs whose object is a place: "fled Irpin", "shelled Kharkiv", "Russian troops entered Kherson".
_PLACE_VERBS = {"flee", "evacuate", "shell", "bomb", "strike", "hit", "attack", "storm", "capture", "seize", "liberate",
                "recapture", "retake", "encircle", "besiege", "enter", "occupy", "pound", "target", "raze"}
#: Prepositions that put what happens inside the place after them (not "to", "from": those name ends of a route).
_IN_PLACE = {"in", "near", "outside", "around", "at", "inside", "across", "throughout"}


def _placed_by_phrase(doc: Doc, mention: Mention) -> bool:
    """The words before a town's name say it is a place ("in", "near", "the town of", "a strike on", "fled"), and the
    gazetteer has a town of 1,000 people or more by that name: enough without the NER label or the article's
    other places."""
    best = _prune(mention.candidates)[0]
    if best.level not in (0, 2) or best.population < 1000:
        return False
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or span.start == 0 or not all(t.pos_ == "PROPN" or t.lower_ in _CONNECTORS or t.is_title
                                                  for t in span):
        return False
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.pos_ == "PROPN" and _is_name_token(nxt):
        return False  # the start of a longer name: "in Dr. Ivins' case", "at the David Geffen School"
    if nxt is not None and nxt.pos_ == "NOUN" and nxt.lower_ not in _ADMIN_AFTER and best.population < 20_000:
        return False  # a small town's name before a noun is more often a word: "at Church locations"
    k = span.start - 1
    if doc[k].lower_ == "the" and k > 0:  # "in the Donetsk region"
        k -= 1
    word = doc[k].lower_
    owned = doc[span.end + 1] if nxt is not None and nxt.lower_ in {"'s", "’s"} and span.end + 1 < len(doc) else None
    if owned is not None and (owned.is_title or word == "at"):
        return False  # a building or a firm: "in St George's Chapel", "at Zara's headquarters"
    if word == "at" and mention.label == "FAC":
        return False  # the model's FAC after "at" is a building named like a town: "Fans met at Lyndon"
    if word in _IN_PLACE or doc[k].pos_ == "VERB" and doc[k].lemma_.lower() in _PLACE_VERBS:
        return True
    noun = doc[k - 1].lower_ if k > 0 else ""
    return word == "of" and noun in _PLACE_OF or word == "on" and noun in _PLACE_ON


def _after_locative(doc: Doc, mention: Mention) -> bool:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and span.start > 0 and doc[span.start - 1].lower_ in _LOCATIVE


def _modifies(doc: Doc, mention: Mention) -> bool:
    """A demonym before a noun ("Kurdish enclave", "German and Irish immigrants"), not one used as a noun
    ("learning English", "an American")."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or span.end >= len(doc):
        return False
    nxt = doc[span.end]
    return nxt.pos_ in {"NOUN", "PROPN", "ADJ", "NUM"} or nxt.text in {"-", "–", "/", ",", "and", "or"}


_DIRECTION_WORDS = {"North", "South", "East", "West", "Central", "Northern", "Southern", "Eastern", "Western",
                    "Northeast", "Northwest", "Southeast", "Southwest", "North-East", "North-West", "South-East",
                    "South-West"}


def _with_directions(doc: Doc, article: str, mentions: list[Mention]) -> list[Mention]:
    """ "North Africa", "South Florida", "West Wales", "Central American": a capitalised direction before a place
    is part of its name (names like "South Africa" are in the gazetteer and matched whole before this)."""
    by_end = {m.end: m for m in mentions}
    out: list[Mention] = []
    drop: set[int] = set()
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.start == 0:
            out.append(m)
            continue
        word = doc[span.start - 1]
        if word.text in _DIRECTION_WORDS and word.whitespace_ and not (word.is_sent_start and word.pos_ != "PROPN"):
            inner = by_end.get(word.idx + len(word.text))
            if inner is not None:
                drop.add(id(inner))
            out.append(Mention(word.idx, m.end, article[word.idx : m.end], m.candidates, demonym=m.demonym,
                               label=m.label, partial=m.partial))
        else:
            out.append(m)
    return [m for m in out if id(m) not in drop]


def _with_city(doc: Doc, article: str, mentions: list[Mention]) -> list[Mention]:
    """ "Quebec City", "Birmingham City", "CALAMBA CITY": a capitalised "City" after a place is part of its name
    (the city itself, or the club or council named after it); names like "Mexico City" are matched whole before."""
    out = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        nxt = doc[span.end] if span is not None and span.end < len(doc) else None
        if nxt is not None and not m.demonym and nxt.text in {"City", "CITY"} and span is not None \
                and span[-1].whitespace_:
            m = Mention(m.start, nxt.idx + len(nxt.text), article[m.start : nxt.idx + len(nxt.text)], m.candidates,
                        label=m.label, partial=m.partial)
        out.append(m)
    return out


#: Words after a name that make it a first-level region as written ("Donetsk province", "the Kharkiv region").
_ADMIN_AFTER = {"province", "oblast", "region", "governorate", "voblast", "krai", "kray"}
_ADMIN_BEFORE = re.compile(r"\b(?:province|oblast|region|governorate)\s+of\s+(?:the\s+)?$", re.IGNORECASE)


def _is_list(name: str) -> bool:
    """The model took a list for one name ("Samos and Lesbos" as a WORK_OF_ART)."""
    return bool(re.search(r",| and | or ", name))


def _rescued(doc: Doc, rejected: list[tuple[int, int, str, list[Candidate]]], mentions: list[Mention],
             taken: set[int], labels: dict[int, str]) -> list[Mention]:
    """Names the rules rejected (the small model calls many towns a PERSON) that follow a locative preposition
    ("to Cirencester") or stand in a list with a place ("Gloucester and Cheltenham")."""
    article = doc_text(doc)
    ends = {m.end for m in mentions if not m.demonym}
    starts = {m.start for m in mentions if not m.demonym}
    out = []
    for i, j, text, cands in rejected:
        if any(k in taken for k in range(i, j)) or not all(t.pos_ == "PROPN" for t in doc[i:j]):
            continue
        ent = _entity_of(doc, i)
        if ent is not None and len(ent) > j - i and not _is_list(ent.text):
            continue  # part of a longer name ("Chris Hayes"), unless the model took a list for one name
        if j - i == 1 and doc[i].lower_ in _CALENDAR:
            continue
        start, end = doc[i].idx, doc[i].idx + len(text)
        listed = (any(article[e:start].strip() in _LIST_JOINS for e in ends if 0 < start - e <= 6)
                  or any(article[end:s].strip() in _LIST_JOINS for s in starts if 0 < s - end <= 6))
        located = i > 0 and (doc[i - 1].lower_ in _LOCATIVE or doc[i - 1].lemma_.lower() in _PLACE_VERBS or i > 1 and (
            doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in _PLACE_OF
            or doc[i - 1].lower_ == "on" and doc[i - 2].lower_ in _PLACE_ON))
        if listed or located and cands[0].population >= 1000:
            out.append(Mention(start, end, text, cands, label=labels.get(i, "")))
            taken.update(range(i, j))
    return out


def _role(text: str, mention: Mention) -> Role:
    """Role from the words around the toponym: from X / to X / N km north of X / X's second largest city."""
    before = text[max(0, mention.start - 60) : mention.start]
    before = _POSSESSOR.sub("", before).lower()  # "northwest of Ukraine's Chernobyl": look past the possessor
    words = re.findall(r"[\w\-’']+", before)
    while words and words[-1] in {"the", "a", "an"}:
        words = words[:-1]
    last = words[-1] if words else ""
    last2 = " ".join(words[-2:])
    after = text[mention.end : mention.end + 40]
    if last == "of" and len(words) >= 2 and (words[-2] in _DIRECTIONS or words[-2] in _DISTANCE_UNITS):
        return "reference"
    if last2 in _REFERENCE_PREVIOUS or (last in {"after", "than"} and re.search(r"\b(\w+est|most|second|third)\b",
                                                                                  " ".join(words[-5:]))):
        return "reference"
    if re.match(r"\s*['’]s?\s+(\w+\s+){0,1}(second|third|fourth|fifth|\w+est|biggest|largest)\b", after):
        return "reference"
    if last in _ORIGIN_WORDS:
        return "origin"
    if last in _DESTINATION_WORDS and last2 not in _REFERENCE_PREVIOUS:
        return "destination"
    return "location"


def _token_labels(doc: Doc) -> dict[int, str]:
    return {t.i: t.ent_type_ for t in doc if t.ent_type_}


def _entity_of(doc: Doc, i: int) -> Span | None:
    """The entity token ``i`` is in, from the tokens' IOB tags: ``doc.ents`` builds every entity's span on each
    access (a quarter of the geoparser's time when asked per token)."""
    if not doc[i].ent_type_:
        return None
    start, end = i, i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=doc[start].ent_type_)


def _entity_len(doc: Doc, i: int) -> int:
    ent = _entity_of(doc, i)
    return len(ent) if ent is not None else 0


def _trim(ent: Span) -> Span | None:
    """Drop a leading article and trailing possessive from an entity span."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    while end > start and doc[end - 1].text in {"'s", "’s", "'", "’"}:
        end -= 1
    return doc[start:end] if end > start else None


def _is_name_token(token: Token) -> bool:
    text = token.text
    return bool(text) and (text[0].isupper() or (text[0].isdigit() and False)) and any(ch.isalpha() for ch in text)


def _can_start(token: Token) -> bool:
    """A name starts at a proper noun or adjective, not at a capitalised article or conjunction ("And", "The")."""
    return _is_name_token(token) and token.pos_ in {"PROPN", "ADJ", "NOUN", "X"} and token.text not in {"I", "A"}


def _inside_name(doc: Doc, i: int) -> bool:
    """Token ``i`` continues a longer proper name ("Prime Minister", "Royal Street"): not a toponym of its own."""
    if i == 0:
        return False
    if i >= 4 and doc[i - 3].text == doc[i - 1].text == "-" and doc[i - 2].is_lower \
            and _is_name_token(doc[i - 4]) and not any(t.whitespace_ for t in doc[i - 4 : i]):
        return True  # "Mar-a-Lago", "Lac-la-Biche": the end of a hyphenated name
    prev = doc[i - 1]
    if not _is_name_token(prev) or prev.whitespace_ == "" and prev.text in {"-"}:
        return False
    if prev.is_sent_start and prev.pos_ not in {"PROPN"}:
        return False
    return prev.pos_ == "PROPN" and prev.ent_type_ != "NORP"


def _place_entity_texts(doc: Doc) -> set[str]:
    return {ent.text for ent in doc.ents if ent.label_ in _PLACE_LABELS}


#: International bodies whose short names are also place names in the gazetteer ("UN:" is not Un, India).
_BODIES = frozenset({"UN", "U.N.", "UNHCR", "UNICEF", "Unicef", "WHO", "NATO", "Nato", "OSCE", "IAEA", "ICRC", "IOM"})


def _initials(acronym: str, name: str) -> bool:
    """The acronym spells the name's initials ("UAE", "DRC", "USA"), as news abbreviations do and ISO codes
    ("GTM", "EST", "UGA") mostly do not."""
    letters = acronym.replace(".", "").upper()
    initials = _initials_of(name)
    return len(initials) > 1 and (letters.startswith(initials) or initials.startswith(letters))


def _initials_of(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[\w']+", name) if w.lower() not in {"of", "the", "and"}).upper()


def _defined(article: str, acronym: str) -> bool:
    """The article spells the acronym out: "Democratic People's Republic of Korea (DPRK)"."""
    match = re.search(r"((?:[A-Z][\w'’]*\s+(?:(?:of|the|and)\s+)*){2,8})\(" + re.escape(acronym) + r"\)", article)
    return match is not None and _initials(acronym, match.group(1))


def _bare_pair(text: str) -> bool:
    return len(text) == 2 and text.isalpha()


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return 1 < len(letters) <= 5 and letters.isalpha() and letters.isupper()


def _demonym_lookup(text: str, table: dict[str, str]) -> str | None:
    """ISO2 (or continent) for a demonym, allowing one slip in long ones ("Belerusian")."""
    key = name_key(text)
    if key in table:
        return table[key]
    if len(key) >= 8 and " " not in key and text[:1].isupper() and re.search(r"(ian|ean|ese|ish|ans?|is)$", key):
        close = difflib.get_close_matches(key, list(table), n=1, cutoff=0.88)
        if close:
            return table[close[0]]
    return None


def _name_forms(text: str) -> list[str]:
    """Fallback spellings of a gold span: without an article, possessive or generic word ("Osun State")."""
    forms = [text]
    stripped = re.sub(r"^(the|The)\s+", "", text)
    stripped = re.sub(r"['’]s?$", "", stripped).strip()
    forms.append(stripped)
    if " of the " in stripped:  # "Democratic Republic of Congo" / "of the Congo"
        forms.append(stripped.replace(" of the ", " of "))
    elif " of " in stripped:
        forms.append(stripped.replace(" of ", " of the "))
    words = stripped.split()
    if len(words) > 1 and words[-1].lower() in _GENERIC_SUFFIXES:
        forms.append(" ".join(words[:-1]))
    if len(words) > 1 and words[0].lower() in _GENERIC_SUFFIXES:
        forms.append(" ".join(words[1:]))
    return [f for f in dict.fromkeys(forms) if f]


def _borrowed_region(cand: Candidate) -> bool:
    """A region named only by an alternate name that is a common phrase ("Central District" is Israel's HaMerkaz):
    inside "Seoul Central District Court" the town's own name says more."""
    return cand.level == 1 and not cand.primary


def _sub_names(text: str) -> list[str]:
    """Capitalised word runs inside a longer name, longest first, then leftmost."""
    words = re.findall(r"[\w.&'’\-]+", text)
    out = []
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            part = words[i : i + size]
            if part[0][:1].isupper() and part[-1][:1].isupper() and name_key(" ".join(part)) not in _NOT_NAMES:
                out.append(" ".join(part))
    return out


#: Words that name a kind of place or organisation, not a place, when they stand alone inside a longer name.
_NOT_NAMES = _STRUCTURE_WORDS | _DIRECTIONS | set(_GENERIC_SUFFIXES) | {
    "union", "republic", "commission", "council", "centre", "central", "government", "ministry", "national", "federal"}

_SHARED: Geoparser | None = None
_SHARED_LOCK = threading.Lock()


def get_geoparser() -> Geoparser:
    """One shared instance per process (the index opens on first use)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = Geoparser()
        return _SHARED


def demonym_country(word: str) -> str | None:
    """The country a demonym names: "Russian" -> "Russia", "Belarusian" -> "Belarus"; None if not a demonym."""
    parser = get_geoparser()
    code = _demonym_lookup(word, parser.demonym_table())
    if code is None or len(code) != 2:
        return None
    country = parser.gazetteer.country(code)
    return country.name if country else None
