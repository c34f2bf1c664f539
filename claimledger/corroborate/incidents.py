"""Articles clustered into incidents (one real-world event, many reports), incrementally.

Near-duplicate clusters join whole stories; beyond them, different reports of one event share rare words
(victim names, streets, towns) and are published within days of each other. Each new article is scored against
the incidents with an article in its time window: cosine of TF-IDF vectors (title and URL-slug words weigh double;
the slug is a second headline that survives when a page's text was not extracted) minus a small penalty per day
apart; it joins the best incident above the threshold or starts one. A weak link (below ``strong_link``) to an
incident counts only if a second of its articles in the window also scores above the threshold: single links
chained different shootings of one city. The IDF counts incidents, not articles: a victim's name in five
reports of one shooting stays rare, a town named in five different shootings does not. Paragraphs that recur in
articles published weeks apart are site boilerplate ("verify your e-mail", newsletter prompts) and are left out of
the vectors, and so are an outlet's own words (its name, its city, its title suffix: words in most of the articles
it has published). (Bonuses for shared resolved places and equal figures were measured and cost more precision
than they gave recall: local news shares towns and "one killed" across unrelated shootings.)

Follow-ups (arrests, trials, sentencing) run months after the event and share its rare names ("Ketron Nathan",
"Cedarville Rancheria"), not its dates: articles beyond the window that share a two-word name no other article
used are candidates too, scored without the per-day penalty against a higher threshold. A victim's name (in a
claim's subject: "Tamika Reddick was killed") is the surest key: it may recur in every report of its incident, and
a far article sharing it needs only the ordinary threshold; other names (a spokesman, "North Minneapolis",
"Mardi Gras") joined different shootings and need a higher one. A name holding a word of a place the reader
resolved in any article ("Calumet City", "North Minneapolis" once "Minneapolis" was resolved) is no such key: a
town sees many shootings.
"""

from __future__ import annotations

import hashlib
import math
import re
import sys
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ..records import ReadResult
from .neardup import NearDupIndex, NearDupSettings

_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d+", re.UNICODE)
_PLACE_WORD = re.compile(r"[^\W\d_]+")
_HOST = re.compile(r"https?://([^/:]+)")
_ORIGINAL = re.compile(r"^(?:https?://web\.archive\.org/web/[^/]+/)?https?://[^/]+")
_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_NAME = re.compile(r"\b([A-Z][a-z]+(?:['’][A-Za-z]+)?)[ \t]+(?=([A-Z][a-z]+(?:['’][A-Za-z]+)?)\b)")
_STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having he
    her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once
    only or other our out over own same she should so some such than that the their them then there these they
    this those through to too under until up very was we were what when where which while who whom why will with
    would you your said says say told police officers officer according news reported report reports""".split()
)


@dataclass(frozen=True)
class IncidentSettings:
    """Tuned on the visible half of the GVA/SemEval-2018 task 5 articles (see docs/how-it-works.md "Corroboration")."""

    threshold: float = 0.12
    window_days: int = 10
    decay_per_day: float = 0.005
    boilerplate_days: int = 21
    max_df_ratio: float = 0.05
    far_threshold: float = 0.12  # a far article sharing a victim's name (a claim's subject) with the new one
    far_name_threshold: float = 0.3  # a far article sharing any other rare two-word name
    max_name_uses: int = 1  # a follow-up's name must have appeared in at most this many earlier articles
    # (a victim's name in any number of articles of one incident)
    strong_link: float = 0.3  # a weaker link needs a second article of the incident in the window above threshold
    site_min_articles: int = 5  # an outlet's vocabulary is known once it has published this many articles
    site_share: float = 0.6  # words in at least this share of an outlet's articles are its own vocabulary
    slug_weight: int = 2


@dataclass
class Incident:
    id: str
    article_ids: list[str] = field(default_factory=list)


@dataclass
class _Doc:
    """An article as the clusterer keeps it: its weighted terms as two flat sequences, their strings interned (a
    dict per article, with its own strings, cost ~20 kB an article; these ~10 kB)."""

    article_id: str
    day: date | None
    terms: tuple[str, ...]
    weights: array[float]
    names: frozenset[str]
    victims: frozenset[str]
    incident: str


class IncidentClusterer:
    """Incremental incident clustering over :class:`ReadResult` records (feed them in publication order)."""

    def __init__(self, settings: IncidentSettings | None = None, neardup: NearDupIndex | None = None) -> None:
        self.settings = settings or IncidentSettings()
        self.neardup = neardup or NearDupIndex(NearDupSettings())
        self._docs: dict[str, _Doc] = {}
        self._by_day: dict[int, list[str]] = {}
        self._undated: list[str] = []
        self._df: Counter[str] = Counter()  # word -> incidents whose articles used it
        self._incident_terms: dict[str, set[str]] = {}
        self._paragraphs: dict[bytes, tuple[date, date]] = {}
        self._site_articles: Counter[str] = Counter()
        self._site_terms: Counter[tuple[str, str]] = Counter()
        self._incidents: dict[str, Incident] = {}
        self._names: dict[str, list[str]] = {}  # two-word name -> articles that use it
        self._place_words: set[str] = set()  # words of the places the reader resolved in any article

    def add(self, results: Iterable[ReadResult]) -> None:
        for result in results:
            self.add_one(result)

    def add_one(self, result: ReadResult) -> str:
        """Cluster one article; return its incident id."""
        article = result.article
        if article.id in self._docs:
            return self._docs[article.id].incident
        day = _day(article.published)
        body = self._content(article.text, day)
        title = article.title or ""
        terms = _terms(body)
        for word in _terms(title):
            terms[word] += 2
        if self.settings.slug_weight:
            for word in _terms(_slug(article.url)):
                terms[word] += self.settings.slug_weight
        site = _site(article.url, article.outlet)
        if site:
            terms = self._without_site_words(site, terms)
        for claim in result.claims:
            for place in claim.places:
                self._place_words.update(_PLACE_WORD.findall(place.text.lower()))
        names = frozenset(n for n in _names(f"{title}\n{body}") if all(w in terms for w in n.split(" ")))
        victims = frozenset(
            n
            for claim in result.claims
            if claim.subject.text
            for n in _names(claim.subject.text)
            if not self._place_words.issuperset(_PLACE_WORD.findall(n))  # "Fort Wayne man" names no victim
        )
        vector = self._vector(terms)
        doc = _Doc(article.id, day, tuple(vector), array("d", vector.values()), names, victims & names, incident="")
        near = self.neardup.add(article.id, f"{title}\n{article.text}", article.published)
        incident = self._docs[near].incident if near != article.id and near in self._docs else self._best(doc, vector)
        if incident is None:
            incident = article.id
            self._incidents[incident] = Incident(incident)
        doc.incident = incident
        self._incidents[incident].article_ids.append(article.id)
        known = self._incident_terms.setdefault(incident, set())
        new = terms.keys() - known
        self._df.update(new)
        known.update(new)
        self._docs[article.id] = doc
        if day is None:
            self._undated.append(article.id)
        else:
            self._by_day.setdefault(day.toordinal(), []).append(article.id)
        for name in names:
            self._names.setdefault(name, []).append(article.id)
        return incident

    def incidents(self) -> list[Incident]:
        return list(self._incidents.values())

    def incident_of(self, article_id: str) -> str:
        return self._docs[article_id].incident

    def _without_site_words(self, site: str, terms: Counter[str]) -> Counter[str]:
        """Drop the outlet's own vocabulary (its name, its city, its title suffix): words in a large share of
        the articles it has published so far."""
        self._site_articles[site] += 1
        seen = self._site_articles[site]
        kept: Counter[str] = Counter()
        for term, count in terms.items():
            self._site_terms[(site, term)] += 1
            if (
                seen < self.settings.site_min_articles
                or self._site_terms[(site, term)] < self.settings.site_share * seen
            ):
                kept[term] = count
        return kept

    def _content(self, text: str, day: date | None) -> str:
        """The text without boilerplate paragraphs (seen in articles published far apart)."""
        kept = []
        for paragraph in _PARAGRAPH.split(text):
            norm = " ".join(paragraph.lower().split())
            if len(norm) < 20:
                kept.append(paragraph)
                continue
            key = hashlib.blake2b(norm.encode(), digest_size=12).digest()
            if day is None:
                if key not in self._paragraphs:
                    kept.append(paragraph)
                continue
            first, last = self._paragraphs.get(key, (day, day))
            first, last = min(first, day), max(last, day)
            self._paragraphs[key] = (first, last)
            if (last - first).days <= self.settings.boilerplate_days:
                kept.append(paragraph)
        return "\n".join(kept)

    def _vector(self, terms: Counter[str]) -> dict[str, float]:
        """Log term frequencies scaled by the vector norm under the IDF known on arrival; the IDF of shared
        terms is applied when scoring, with the frequencies known then."""
        n = self._n()
        weights = {t: 1 + math.log(c) for t, c in terms.items()}
        norm = math.sqrt(sum((w * math.log(1 + n / max(self._df[t], 1))) ** 2 for t, w in weights.items())) or 1.0
        return {t: w / norm for t, w in weights.items()}

    def _n(self) -> int:
        return len(self._incidents) + 1

    def _similarity(self, vector: dict[str, float], other: _Doc) -> float:
        n = self._n()
        limit = max(self.settings.max_df_ratio * n, 3)
        total = 0.0
        mine_of, df = vector.get, self._df
        for term, weight in zip(other.terms, other.weights, strict=True):
            mine = mine_of(term)
            if mine is not None and (used := df[term]) <= limit:
                total += mine * weight * math.log(1 + n / max(used, 1)) ** 2
        return total

    def _candidates(self, day: date | None) -> list[str]:
        if day is None:
            return list(self._docs)[-500:]
        out: list[str] = []
        for offset in range(-self.settings.window_days, self.settings.window_days + 1):
            out.extend(self._by_day.get(day.toordinal() + offset, []))
        return out + self._undated[-50:]

    def _followed(self, doc: _Doc, near: set[str]) -> list[str]:
        """Articles outside the window that share a rare two-word name with ``doc``."""
        found: dict[str, None] = {}
        for name in doc.names:
            users = self._names.get(name, [])
            if users and (
                self._one_victim(name, doc, users)
                or (
                    len(users) <= self.settings.max_name_uses
                    and self._place_words.isdisjoint(_PLACE_WORD.findall(name))
                )
            ):
                found.update((u, None) for u in users if u not in near)
        return list(found)

    def _one_victim(self, name: str, doc: _Doc, users: list[str]) -> bool:
        """Whether ``name`` is a victim's (a claim's subject in ``doc`` or an earlier article) and every earlier
        article that used it belongs to one incident: the name of a victim is repeated in every report of it."""
        first = self._docs[users[0]].incident
        if any(self._docs[u].incident != first for u in users):
            return False
        return name in doc.victims or any(name in self._docs[u].victims for u in users)

    def _links(self, doc: _Doc, vector: dict[str, float]) -> dict[str, tuple[float, str]]:
        """Per incident, the best score of ``doc`` against one of its articles, and that article.

        A weak best link to an incident with other articles in the window counts only when a second one of them
        also scores above the threshold: single links chain unrelated shootings of one city (Fort Wayne -> Fort
        Worth -> ...), while the reports of one shooting resemble several of its reports."""
        links: dict[str, tuple[float, str]] = {}
        candidates = self._candidates(doc.day)
        for other_id in self._followed(doc, set(candidates)):
            other = self._docs[other_id]
            victim = bool(doc.names & other.names & (doc.victims | other.victims))
            far = self.settings.far_threshold if victim else self.settings.far_name_threshold
            score = self._similarity(vector, other) - far + self.settings.threshold
            if score > links.get(other.incident, (-1.0, ""))[0]:
                links[other.incident] = (score, other_id)
        near: dict[str, list[tuple[float, str]]] = {}
        for other_id in candidates:
            other = self._docs[other_id]
            score = self._similarity(vector, other)
            if doc.day is not None and other.day is not None:
                score -= self.settings.decay_per_day * abs((doc.day - other.day).days)
            top = near.setdefault(other.incident, [])
            top.append((score, other_id))
            top.sort(reverse=True)
            del top[2:]
        for incident, top in near.items():
            best = top[0]
            if len(top) > 1 and best[0] < self.settings.strong_link and top[1][0] < self.settings.threshold:
                best = top[1]
            if best[0] > links.get(incident, (-1.0, ""))[0]:
                links[incident] = best
        return links

    def _best(self, doc: _Doc, vector: dict[str, float]) -> str | None:
        links = self._links(doc, vector)
        if not links:
            return None
        incident, (score, _) = max(links.items(), key=lambda kv: kv[1][0])
        return incident if score >= self.settings.threshold else None


def _terms(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for word in _WORD.findall(text):
        low = sys.intern(word.lower())  # one string per word however many articles keep it
        if low in _STOP or (len(low) < 3 and not low.isdigit()):
            continue
        counts[low] += 2 if word[0].isupper() else 1
    return counts


def _slug(url: str | None) -> str:
    """The words of the story's URL path ("/2016/10/29/victims-identified-in-dayton/"): a second headline that
    survives when the page's text did not."""
    if not url:
        return ""
    path = _ORIGINAL.sub("", url)
    words = [part for part in re.split(r"[/?#&=.]", path) if ("-" in part or "_" in part) and _WORD.search(part)]
    return " ".join(w for part in words for w in re.split(r"[-_]", part) if not (w.isdigit() and len(w) > 4))


def _names(text: str) -> set[str]:
    """Lower-cased pairs of capitalised words ("Ketron Nathan"), neither of them a stop word."""
    found = set()
    for match in _NAME.finditer(text):
        first, second = match.group(1).lower(), match.group(2).lower()
        if first not in _STOP and second not in _STOP:
            found.add(f"{first} {second}")
    return found


def _site(url: str | None, outlet: str | None) -> str | None:
    """The publishing site: the outlet name, else the host of the URL (inside a web.archive.org copy too)."""
    if outlet:
        return outlet.lower()
    if not url:
        return None
    match = _HOST.findall(url)
    return match[-1].lower().removeprefix("www.") if match else None


def _day(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


__all__ = ["Incident", "IncidentClusterer", "IncidentSettings"]
