"""Claim groups: claims about the same harm across articles, kept apart when they differ.

Two claims are compatible (documented rules):

- category: the same category. ``casualties`` (dead and wounded unsplit) is a different quantity from
  ``dead`` or ``wounded`` -- "120 casualties" and "40 dead" are not one claim -- so it never merges with them.
- cumulative "as of" totals never merge with incident counts (``when.as_of`` must be equal).
- subject: the same party and affiliation, or either unknown.
- place: some place of one contains or equals some place of the other within the gazetteer hierarchy
  (same GeoNames id; a country contains everything in it; a region contains places with its admin1 code, or
  with its country when admin1 is unknown). A claim with no resolved place is compatible (unknown).
- time: the ``when`` intervals overlap (one day of slack). A claim whose text gives no date stays undated
  (its group's dates come only from dated members), but for matching it may be about any day of the fortnight
  before its article's publication; a claim with neither is compared with undated groups only.
- kind: a per-period rate ("824 a day") only joins rates of the same period, harm outside armed conflict
  (``conflict`` "none": accidents, disease) never joins war claims, and a part of a claim ("three children" of
  "12 civilians", ``subset_of``) only joins other parts: a part is linked to the group of its whole
  (``part_of``), never a rival of it, and the estimates count the whole.
- bounds: the ``[low, high]`` intervals overlap, or are within 10% of each other; a claim without a number
  is compatible with any figure. Every figure of a group is compatible with every other (complete linkage),
  so groups do not drift through chains of near-misses.

Claims that are compatible on everything but their figures, at the same place, are *rivals* (competing claims
about one harm): they stay in separate groups, linked, and each is graded contested. Without a place, only
running totals of one side or subject are rivals: two placeless event counts may be two events. Parties are compared
without regard to case and keep the reader's spelling ("Russia"). A coarser place with a
different figure ("8 killed in Belarus this week" beside "5 killed in Homel on Monday") is not a rival: it may
include the finer harm, and the estimates take care not to add them twice.
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from ..records import Affiliation, Article, Category, Claim, Place, Status, claim_ref
from .roots import RootSource, root_source

#: Relative gap under which two figures are "close" (approximate reporting of one number).
CLOSE_RATIO = 0.10
#: Days of slack when comparing time intervals.
TIME_SLACK_DAYS = 1
#: Days before publication a claim without ``when`` dates may be about (for matching only, never its dates).
UNDATED_WINDOW_DAYS = 14

Admin1Lookup = Callable[[Place], str | None]


@dataclass
class Appearance:
    """One claim in one article: where and when a group's figure was published, and from which root."""

    claim_id: str
    article_id: str
    published: str | None
    outlet: str | None
    url: str | None
    root: RootSource
    low: int | None
    high: int | None
    status: Status
    cluster: str  # near-duplicate article cluster: appearances in one cluster count once

    @property
    def ref(self) -> str:
        """The claim's one id (:func:`claimledger.records.claim_ref`)."""
        return claim_ref(self.article_id, self.claim_id)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Appearance:
        return cls(**{**data, "root": RootSource(**data["root"])})


@dataclass
class ClaimGroup:
    """Compatible claims about one harm; ``rivals`` are groups with competing figures for the same harm.

    ``id`` (``g12``) is the storage key; users see :meth:`ref`. ``start``/``end`` come from dated members only
    (None: undated); ``window_start``/``window_end`` are the days it may be about, for matching new claims.
    """

    id: str
    category: Category
    as_of: bool
    party: str | None
    affiliation: Affiliation
    subject: str | None
    places: list[Place]
    start: str | None
    end: str | None
    appearances: list[Appearance] = field(default_factory=list)
    rivals: list[str] = field(default_factory=list)
    part_of: str | None = None  # the group of the whole this group is a part of
    rate: str | None = None  # "day" for "824 a day": a rate, never a total
    conflict: str | None = None  # "none": harm outside armed conflict, left out of war estimates
    window_start: str | None = None
    window_end: str | None = None

    def ref(self) -> str:
        """The group's one id everywhere: the id of its first claim (any member's id also finds it)."""
        return self.first_appearance().ref

    def distinct_appearances(self) -> list[Appearance]:
        """One appearance per near-duplicate cluster (the earliest published in it, one with a figure first)."""
        chosen: dict[str, Appearance] = {}
        for item in sorted(self.appearances, key=lambda a: (*_published_key(a), (a.low, a.high) == (None, None))):
            chosen.setdefault(item.cluster, item)
        return list(chosen.values())

    def roots(self) -> list[RootSource]:
        """Independent root sources, in order of first appearance (one per party: :attr:`RootSource.independence`)."""
        seen: dict[str, RootSource] = {}
        for item in self.distinct_appearances():
            seen.setdefault(item.root.independence, item.root)
        return list(seen.values())

    def first_appearance(self) -> Appearance:
        return min(self.appearances, key=_first_key)

    def figures(self) -> list[tuple[int | None, int | None]]:
        """The distinct ``(low, high)`` bounds claimed in the group."""
        return sorted({(a.low, a.high) for a in self.appearances}, key=lambda b: (b[0] or -1, b[1] or -1))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["appearances"] = [a.to_dict() for a in self.appearances]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClaimGroup:
        return cls(
            **{
                **data,
                "places": [Place(**p) for p in data["places"]],
                "appearances": [Appearance.from_dict(a) for a in data["appearances"]],
                "rivals": list(data["rivals"]),
            }
        )


def _published_key(item: Appearance) -> tuple[str, str]:
    return (item.published or "9999", item.article_id)


def _first_key(item: Appearance) -> tuple[str, str, str]:
    return (item.published or "9999", item.article_id, item.claim_id)


def parse_interval(start: str | None, end: str | None) -> tuple[date, date] | None:
    """ISO dates (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) to an inclusive day interval; None when unknown."""
    first = _bound(start, low=True)
    last = _bound(end, low=False) if end else _bound(start, low=False)
    if first is None and last is None:
        return None
    first = first or last
    last = last or first
    assert first is not None and last is not None
    return (first, last) if first <= last else (last, first)


def _bound(text: str | None, *, low: bool) -> date | None:
    if not text:
        return None
    parts = text[:10].split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return date(year, 1, 1) if low else date(year, 12, 31)
        month = int(parts[1])
        if len(parts) == 2:
            return date(year, month, 1) if low else date(year, month, calendar.monthrange(year, month)[1])
        return date(year, month, int(parts[2]))
    except (ValueError, IndexError):
        return None


def claim_interval(claim: Claim) -> tuple[date, date] | None:
    """The days a claim is about, as its text dates it; None when undated (no window is invented).

    A cumulative total (``as_of``) ends on the day it is stated as of: the reader dates "since Sunday" from
    Sunday to the publication (:mod:`claimledger.dates`).
    """
    return parse_interval(claim.when.start, claim.when.end)


def claim_window(claim: Claim, article: Article) -> tuple[date, date] | None:
    """The days a claim may be about, for matching: its dates, else the fortnight before publication."""
    interval = claim_interval(claim)
    if interval is not None:
        return interval
    published = parse_interval(article.published, None)
    if published is None:
        return None
    return (published[0] - timedelta(days=UNDATED_WINDOW_DAYS), published[1])


def bounds_compatible(a: tuple[int | None, int | None], b: tuple[int | None, int | None]) -> bool:
    """Intervals overlap or are close; a side with no number is compatible with anything."""
    if a == (None, None) or b == (None, None):
        return True
    a_low, a_high = a[0] if a[0] is not None else 0, a[1]
    b_low, b_high = b[0] if b[0] is not None else 0, b[1]
    top_a = a_high if a_high is not None else float("inf")
    top_b = b_high if b_high is not None else float("inf")
    if max(a_low, b_low) <= min(top_a, top_b):
        return True
    gap_low, gap_high = (top_a, b_low) if top_a < b_low else (top_b, a_low)
    return gap_high - gap_low <= CLOSE_RATIO * gap_high


def location_places(claim: Claim) -> list[Place]:
    """The places a claim happened at: locations first; origins/destinations if no location; never references."""
    located = [p for p in claim.places if p.role == "location"]
    return located or [p for p in claim.places if p.role in ("origin", "destination")]


def _same_text(a: Place, b: Place) -> bool:
    names_a = {n.lower() for n in (a.text, a.name) if n}
    names_b = {n.lower() for n in (b.text, b.name) if n}
    return bool(names_a & names_b)


class PlaceHierarchy:
    """Containment of resolved places: GeoNames id, then admin1 (through ``admin1`` lookup), then country."""

    def __init__(self, admin1: Admin1Lookup | None = None) -> None:
        self._admin1 = admin1
        self._cache: dict[int, str | None] = {}

    def admin1(self, place: Place) -> str | None:
        if self._admin1 is None or place.geonameid is None:
            return None
        if place.geonameid not in self._cache:
            self._cache[place.geonameid] = self._admin1(place)
        return self._cache[place.geonameid]

    def contains(self, outer: Place, inner: Place) -> bool:
        if outer.geonameid is not None and outer.geonameid == inner.geonameid:
            return True
        if outer.geonameid is None or inner.geonameid is None:
            return outer.geonameid is None and inner.geonameid is None and _same_text(outer, inner)
        if not outer.country or outer.country != inner.country:
            return False
        if outer.feature == "country":
            return True
        if outer.feature == "region" and inner.feature != "country":
            outer_admin, inner_admin = self.admin1(outer), self.admin1(inner)
            return outer_admin is None or inner_admin is None or outer_admin == inner_admin
        return False

    def compatible(self, a: list[Place], b: list[Place]) -> bool:
        """Unknown on either side is compatible; otherwise some pair must nest or be equal."""
        resolved_a = [p for p in a if p.geonameid is not None]
        resolved_b = [p for p in b if p.geonameid is not None]
        if resolved_a and resolved_b:
            return any(self.contains(x, y) or self.contains(y, x) for x, y in itertools.product(resolved_a, resolved_b))
        if resolved_a or resolved_b or not a or not b:
            return True
        return any(_same_text(x, y) for x, y in itertools.product(a, b))

    def countries(self, places: list[Place]) -> set[str]:
        return {p.country for p in places if p.country and p.geonameid is not None}


def default_admin1_lookup() -> Admin1Lookup | None:
    """admin1 codes from ``claimledger.gazetteer`` when it is installed and its index is built; else None.

    The index is never built from here (that is the gazetteer command's job); without it containment falls back
    to the country level.
    """
    try:
        from ..gazetteer import Gazetteer  # written concurrently: optional
    except ImportError:
        return None
    opened: list[Any] = []

    def lookup(place: Place) -> str | None:
        if place.geonameid is None:
            return None
        try:
            if not opened:
                opened.append(Gazetteer.open(build=False))
            found = opened[0].get(place.geonameid) if opened[0] is not None else None
        except Exception:  # noqa: BLE001 - a missing or unbuilt index only weakens containment to country level
            opened[:] = [None]
            return None
        admin1 = getattr(found, "admin1", None)
        return str(admin1) if admin1 else None

    return lookup


@dataclass
class _Facts:
    """What grouping compares, derived once per claim."""

    category: Category
    as_of: bool
    party: str | None
    affiliation: Affiliation
    subject: str | None
    places: list[Place]
    interval: tuple[date, date] | None
    window: tuple[date, date] | None
    bounds: tuple[int | None, int | None]
    rate: str | None
    conflict: str | None
    part_of: str | None

    @property
    def party_key(self) -> str | None:
        return self.party.casefold() if self.party else None


def _facts(claim: Claim, article: Article, part_of: str | None) -> _Facts:
    return _Facts(
        category=claim.category,
        as_of=claim.when.as_of,
        party=claim.subject.party.strip() if claim.subject.party else None,
        affiliation=claim.subject.affiliation,
        subject=claim.subject.text,
        places=location_places(claim),
        interval=claim_interval(claim),
        window=claim_window(claim, article),
        bounds=(claim.count.low, claim.count.high),
        rate=claim.rate,
        conflict=claim.conflict,
        part_of=part_of,
    )


class ClaimGrouper:
    """Incremental grouping: each claim is compared only with groups in its (category, as_of, month) blocks."""

    def __init__(self, hierarchy: PlaceHierarchy | None = None) -> None:
        self.hierarchy = hierarchy or PlaceHierarchy()
        self.groups: dict[str, ClaimGroup] = {}
        self._blocks: dict[tuple[str, bool, str], list[str]] = {}
        self._intervals: dict[str, tuple[date, date] | None] = {}
        self._windows: dict[str, tuple[date, date] | None] = {}
        self._claims: dict[tuple[str, str], str] = {}  # (article id, claim id) -> group id
        self._keys: dict[str, set[tuple[str, bool, str]]] = {}
        self._next = 1
        #: Groups created or changed since the last :meth:`take_changed`: what a store must write.
        self._changed: set[str] = set()

    @property
    def next_number(self) -> int:
        """The number the next new group gets (``g<number>``): persisted so ids are never reused."""
        return self._next

    def take_changed(self) -> list[ClaimGroup]:
        """Groups created or changed (new member, new rival) since the last call."""
        changed = [self.groups[g] for g in sorted(self._changed, key=_number) if g in self.groups]
        self._changed.clear()
        return changed

    def group_of(self, article_id: str, claim_id: str) -> str | None:
        """The group holding a claim (None when it was not added)."""
        return self._claims.get((article_id, claim_id))

    def add(self, claim: Claim, article: Article, cluster: str) -> tuple[str, bool]:
        """Place one claim in its group; return ``(group id, created)``. Add a part's whole before the part."""
        whole = self.group_of(article.id, claim.subset_of) if claim.subset_of else None
        facts = _facts(claim, article, whole)
        root = root_source(claim, article)
        appearance = Appearance(
            claim_id=claim.id,
            article_id=article.id,
            published=article.published,
            outlet=article.outlet,
            url=article.url,
            root=root,
            low=claim.count.low,
            high=claim.count.high,
            status=claim.status,
            cluster=cluster,
        )
        best: tuple[float, str] | None = None
        rivals: list[str] = []
        for group_id in self._candidates(facts):
            group = self.groups[group_id]
            if not self._compatible_except_bounds(facts, group):
                continue
            if not all(bounds_compatible(facts.bounds, b) for b in group.figures()):
                if self._same_harm(facts, group):
                    rivals.append(group_id)
                continue
            score = self._score(facts, group)
            if best is None or score > best[0]:
                best = (score, group_id)
        if best is not None:
            group = self.groups[best[1]]
            group.appearances.append(appearance)
            self._absorb(group, facts)
            self._changed.add(group.id)
            self._claims[(article.id, claim.id)] = group.id
            return group.id, False
        group = self._create(facts, appearance)
        self._claims[(article.id, claim.id)] = group.id
        for rival in rivals:
            group.rivals.append(rival)
            self.groups[rival].rivals.append(group.id)
        self._changed.update([group.id, *rivals])
        return group.id, True

    def _candidates(self, facts: _Facts) -> list[str]:
        seen: dict[str, None] = {}
        for key in self._block_keys(facts.category, facts.as_of, facts.window, widen=True):
            for group_id in self._blocks.get(key, []):
                seen.setdefault(group_id, None)
        return list(seen)

    @staticmethod
    def _block_keys(
        category: str, as_of: bool, interval: tuple[date, date] | None, *, widen: bool
    ) -> list[tuple[str, bool, str]]:
        """Month blocks of an interval; undated claims and groups share the ``*`` block.

        A query (``widen``) also looks in the ``*`` block, so dated claims can join undated groups; an undated
        claim (no ``when`` and no publication date) is compared with undated groups only, to keep the cost local.
        """
        if interval is None:
            return [(category, as_of, "*")]
        slack = timedelta(days=TIME_SLACK_DAYS if widen else 0)
        first, last = interval[0] - slack, interval[1] + slack
        keys: list[tuple[str, bool, str]] = []
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            keys.append((category, as_of, f"{year:04d}-{month:02d}"))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if widen:
            keys.append((category, as_of, "*"))
        return keys

    def _compatible_except_bounds(self, facts: _Facts, group: ClaimGroup) -> bool:
        if (facts.part_of is None) != (group.part_of is None) or facts.rate != group.rate:
            return False
        if (facts.conflict == "none") != (group.conflict == "none"):
            return False
        if facts.conflict and group.conflict and facts.conflict != group.conflict:
            return False
        if facts.party_key and group.party and facts.party_key != group.party.casefold():
            return False
        if facts.affiliation != "unknown" and group.affiliation != "unknown" and facts.affiliation != group.affiliation:
            return False
        window = self._windows[group.id]
        if facts.window is not None and window is not None:
            slack = timedelta(days=TIME_SLACK_DAYS)
            if facts.window[0] > window[1] + slack or window[0] > facts.window[1] + slack:
                return False
        if not facts.places or not group.places:
            return True
        return all(self.hierarchy.compatible(facts.places, [p]) for p in group.places)

    @staticmethod
    def _same_harm(facts: _Facts, group: ClaimGroup) -> bool:
        """Rivals must be about the same place: a country total is not a rival of one town's count. Without a
        place on either side, two event counts ("12 killed", "5 killed") may well be two events; only running
        totals of one side or one subject ("Russian soldiers killed so far") are one quantity told two ways."""
        if facts.places and group.places:
            return any(_same_place(x, y) for x, y in itertools.product(facts.places, group.places))
        if facts.places or group.places or not facts.as_of:
            return False
        same_side = bool(facts.party_key and group.party)
        same_subject = bool(facts.subject and group.subject and facts.subject.casefold() == group.subject.casefold())
        return same_side or same_subject

    def _score(self, facts: _Facts, group: ClaimGroup) -> float:
        score = 0.0
        if facts.bounds != (None, None) and facts.bounds in group.figures():
            score += 2
        ids = {p.geonameid for p in group.places if p.geonameid is not None}
        if any(p.geonameid in ids for p in facts.places):
            score += 1
        if facts.subject and group.subject and facts.subject.lower() == group.subject.lower():
            score += 1
        if facts.party_key and group.party and facts.party_key == group.party.casefold():
            score += 0.5
        return score

    def _create(self, facts: _Facts, appearance: Appearance) -> ClaimGroup:
        group = ClaimGroup(
            id=f"g{self._next}",
            category=facts.category,
            as_of=facts.as_of,
            party=facts.party,
            affiliation=facts.affiliation,
            subject=facts.subject,
            places=[],
            start=None,
            end=None,
            appearances=[appearance],
            part_of=facts.part_of,
            rate=facts.rate,
            conflict=facts.conflict,
        )
        self._next += 1
        self.groups[group.id] = group
        self._intervals[group.id] = None
        self._windows[group.id] = None
        self._absorb(group, facts)
        return group

    def _absorb(self, group: ClaimGroup, facts: _Facts) -> None:
        """Fold a new member's facts into the group and its blocks (the only regrouping a claim causes)."""
        group.party = group.party or facts.party
        group.conflict = group.conflict or facts.conflict
        group.subject = group.subject or facts.subject
        if group.affiliation == "unknown":
            group.affiliation = facts.affiliation
        for place in facts.places:
            if not any(_same_place(place, known) for known in group.places):
                group.places.append(place)
        interval = _hull(self._intervals[group.id], facts.interval)
        if interval is not None:
            self._intervals[group.id] = interval
            group.start, group.end = interval[0].isoformat(), interval[1].isoformat()
        window = _hull(self._windows[group.id], facts.window)
        if window is not None:
            self._windows[group.id] = window
            group.window_start, group.window_end = window[0].isoformat(), window[1].isoformat()
        self._register(group)

    def _register(self, group: ClaimGroup) -> None:
        keys = self._keys.setdefault(group.id, set())
        for key in self._block_keys(group.category, group.as_of, self._windows[group.id], widen=False):
            if key not in keys:
                keys.add(key)
                self._blocks.setdefault(key, []).append(group.id)

    def to_dict(self) -> dict[str, Any]:
        return {"next": self._next, "groups": [g.to_dict() for g in self.groups.values()]}

    @classmethod
    def from_dict(cls, data: dict[str, Any], hierarchy: PlaceHierarchy | None = None) -> ClaimGrouper:
        return cls.restore(int(data["next"]), (ClaimGroup.from_dict(row) for row in data["groups"]), hierarchy)

    @classmethod
    def restore(
        cls, next_number: int, groups: Iterable[ClaimGroup], hierarchy: PlaceHierarchy | None = None
    ) -> ClaimGrouper:
        """Rebuild from persisted groups; the blocks are derived again from each group's interval."""
        grouper = cls(hierarchy)
        grouper._next = next_number
        for group in groups:
            grouper.groups[group.id] = group
            grouper._intervals[group.id] = parse_interval(group.start, group.end)
            grouper._windows[group.id] = parse_interval(group.window_start, group.window_end) or parse_interval(
                group.start, group.end
            )
            grouper._claims.update(dict.fromkeys(((a.article_id, a.claim_id) for a in group.appearances), group.id))
            grouper._register(group)
        return grouper


def _hull(a: tuple[date, date] | None, b: tuple[date, date] | None) -> tuple[date, date] | None:
    if a is None or b is None:
        return a or b
    return (min(a[0], b[0]), max(a[1], b[1]))


def _number(group_id: str) -> tuple[int, str]:
    digits = group_id[1:].split(".", 1)[0]
    return (int(digits) if digits.isdigit() else 0, group_id)


def _same_place(a: Place, b: Place) -> bool:
    if a.geonameid is not None or b.geonameid is not None:
        return bool(a.geonameid == b.geonameid)
    return _same_text(a, b)


__all__ = [
    "Appearance",
    "ClaimGroup",
    "ClaimGrouper",
    "PlaceHierarchy",
    "bounds_compatible",
    "claim_interval",
    "claim_window",
    "default_admin1_lookup",
    "location_places",
    "parse_interval",
]
