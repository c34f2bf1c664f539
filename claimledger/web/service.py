"""What the pages and the API show: corroborated groups with the analysts' reviews applied, and the reviews.

A :class:`Snapshot` is built from the ledger's read results, with corrected counts, places and sources put into
the claims *before* corroboration (so groups, grades and estimates follow the reviewed values), then merges and
splits applied in log order, then reviewed grades. It is rebuilt when the change log moves (a new article or a
review), and only when a page or endpoint needs groups: the claims table and API query SQL directly.
Reviews name claims by reference (``ARTICLE16-CLAIMID``), which stay valid when groups are renumbered.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import func, select

from ..corroborate import Corroborator, Estimate, Figure, Grade, GroupView, group_figure
from ..corroborate.estimates import Period, counted_figures, estimate, group_day, period_key, primary_place
from ..corroborate.grades import GRADE_LEVELS
from ..corroborate.groups import ClaimGroup, claim_interval, location_places, parse_interval
from ..errors import ClaimledgerError
from ..ledger import Ledger
from ..ledger.models import ChangeRow
from ..records import Article, Claim, Place, ReadResult, Source, claim_ref
from .auth import Principal
from .models import ReviewRow

ReviewKind = Literal["grade", "count", "place", "source", "merge", "split", "note"]
REVIEW_KINDS: tuple[ReviewKind, ...] = ("grade", "count", "place", "source", "merge", "split", "note")
_REF = re.compile(r"^([0-9a-f]{1,64})-([A-Za-z0-9_.:]{1,80})$")
Reader = Callable[..., ReadResult]


class NotFoundError(ClaimledgerError):
    """A claim, group or article reference that is not in the ledger."""


class ReviewError(ClaimledgerError):
    """A review that cannot be applied (unknown grade, a merge of a group with itself, bad bounds)."""


def check_ref(ref: str) -> str:
    if not _REF.match(ref):
        raise NotFoundError(f"{ref!r} is not a claim reference", hint="references look like 16943e9f55fe2df8-79110415")
    return ref


@dataclass(frozen=True)
class GroupSummary:
    """One claim group as shown: the corroboration view plus the effective (reviewed or suggested) grade."""

    ref: str  # the reference of its first appearance: its stable name in URLs
    view: GroupView
    grade: Grade
    reviewed: bool
    figure: Figure | None
    place: Place | None
    statuses: tuple[str, ...]
    members: tuple[str, ...]
    day: date | None
    part_of: str | None = None  # the id of the group of its whole
    counted: Figure | None = None  # its figure as totals add it (None: a part, a rate, not war, discounted)

    @property
    def group(self) -> ClaimGroup:
        return self.view.group


@dataclass
class GroupFilter:
    """What the map and the timeline select; empty fields select everything."""

    categories: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    grades: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None

    def matches(self, item: GroupSummary) -> bool:
        group = item.group
        if self.categories and group.category not in self.categories:
            return False
        if self.parties and (group.party or "").lower() not in {p.lower() for p in self.parties}:
            return False
        if self.statuses and not set(item.statuses) & set(self.statuses):
            return False
        if self.grades and item.grade.level not in self.grades:
            return False
        if (self.since or self.until) and item.day is None:
            return False
        if self.since and item.day is not None and item.day.isoformat() < self.since:
            return False
        return not (self.until and item.day is not None and item.day.isoformat() > self.until)


@dataclass(frozen=True)
class Bucket:
    """One bar of the timeline: a day (``YYYY-MM-DD``) or ISO week (``YYYY-Www``) and its first and last days."""

    period: str
    start: str
    end: str
    best: int
    groups: int
    #: The best figures by category: the timeline stacks them (87 wounded and 6 dead are not 93 of anything).
    categories: dict[str, int] = field(default_factory=dict)


@dataclass
class ProvenanceNode:
    """A node of a group's provenance tree: independent roots at the top, down to the articles that carry them."""

    label: str
    kind: str
    children: list[ProvenanceNode] = field(default_factory=list)
    article_id: str | None = None
    ref: str | None = None


@dataclass(frozen=True)
class ReviewEntry:
    """One entry of the review log: who, when, what, before, after, and the note."""

    pk: int
    at: datetime
    username: str
    kind: str
    target: str
    other: str | None
    before: Any
    after: Any
    note: str | None


@dataclass
class Snapshot:
    version: tuple[int, int]
    groups: list[GroupSummary]
    by_claim: dict[str, GroupSummary]
    claims: dict[str, tuple[Claim, Article]]
    corroborator: Corroborator
    reviews: list[ReviewEntry]

    def group(self, ref: str) -> GroupSummary:
        found = self.by_claim.get(check_ref(ref))
        if found is None:
            raise NotFoundError(
                f"no claim group with the claim {ref!r}", hint="pick one on the map or the claims table"
            )
        return found

    def select(self, where: GroupFilter | None = None) -> list[GroupSummary]:
        return [g for g in self.groups if where is None or where.matches(g)]

    def timeline(self, where: GroupFilter | None = None, by: Literal["day", "week"] = "day") -> list[Bucket]:
        """Sum of the best figures of the selected groups per day or week, as the estimates count them (parts
        left out, the dead among the wounded taken out); undated groups are left out, never given a day."""
        sums: dict[str, list[int]] = {}
        by_category: dict[str, dict[str, int]] = {}
        spans: dict[str, tuple[date, date]] = {}
        for item in self.select(where):
            if item.day is None:
                continue
            key = period_key(item.day, by)
            first = item.day - timedelta(days=item.day.weekday()) if by == "week" else item.day
            spans[key] = (first, first + timedelta(days=6 if by == "week" else 0))
            total = sums.setdefault(key, [0, 0])
            best = item.counted.best if item.counted and item.grade.level != "discounted" else 0
            total[0] += best
            total[1] += 1
            parts = by_category.setdefault(key, {})
            parts[item.group.category] = parts.get(item.group.category, 0) + best
        return [
            Bucket(
                period=k,
                start=spans[k][0].isoformat(),
                end=spans[k][1].isoformat(),
                best=v[0],
                groups=v[1],
                categories=by_category[k],
            )
            for k, v in sorted(sums.items())
        ]

    def estimates(self, by: Period = "month", place: str | None = None) -> list[Estimate]:
        """UCDP-style estimates over the reviewed groups, with reviewed grades (discounted groups do not count)."""
        grades = {g.group.id: g.grade for g in self.groups}
        return estimate(
            [g.group for g in self.groups], grades, by=by, place=place, hierarchy=self.corroborator.hierarchy
        )

    def reviews_of(self, item: GroupSummary) -> list[ReviewEntry]:
        members = set(item.members)
        return [r for r in self.reviews if r.target in members or (r.other is not None and r.other in members)]

    def provenance(self, item: GroupSummary) -> list[ProvenanceNode]:
        """Each independent root, with the intermediaries that relayed it, down to the articles that printed it."""
        roots: dict[str, ProvenanceNode] = {}
        for appearance in item.group.appearances:
            ref = claim_ref(appearance.article_id, appearance.claim_id)
            claim, article = self.claims[ref]
            root = roots.setdefault(
                appearance.root.key, ProvenanceNode(label=appearance.root.label, kind=appearance.root.kind)
            )
            node = root
            for source in reversed(_relays(claim.sources, named_root=appearance.root.named, outlet=article.outlet)):
                node = _child(node, source.text, source.kind)
            outlet = article.outlet or article.url or article.id[:12]
            leaf = ProvenanceNode(
                label=f"{outlet} ({article.published or 'undated'})", kind="article", article_id=article.id, ref=ref
            )
            node.children.append(leaf)
        return list(roots.values())


def _relays(chain: list[Source], *, named_root: bool, outlet: str | None) -> list[Source]:
    """The links of a chain between the article's outlet and its root (the root and its publisher left out)."""
    speakers = [i for i, s in enumerate(chain) if s.kind != "outlet"]
    if not speakers:
        return [s for s in chain[:-1] if s.text != outlet]  # the innermost outlet is the root
    inner = speakers[-1]
    drop = {inner}
    publishers = [i for i in range(inner) if chain[i].kind == "outlet"]
    if not named_root and publishers:
        drop.add(publishers[-1])
    return [s for i, s in enumerate(chain) if i not in drop and s.text != outlet]


def _child(node: ProvenanceNode, label: str, kind: str) -> ProvenanceNode:
    for child in node.children:
        if child.label == label and child.kind == kind:
            return child
    created = ProvenanceNode(label=label, kind=kind)
    node.children.append(created)
    return created


class Workspace:
    """The ledger plus the cached snapshot; thread-safe (FastAPI runs sync endpoints in a thread pool)."""

    def __init__(self, ledger: Ledger, *, reader: Reader | None = None) -> None:
        self.ledger = ledger
        self._reader = reader
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None

    def version(self) -> tuple[int, int]:
        with self.ledger.session() as session:
            changes = session.scalar(select(func.max(ChangeRow.pk))) or 0
            reviews = session.scalar(select(func.max(ReviewRow.pk))) or 0
        return int(changes), int(reviews)

    def snapshot(self) -> Snapshot:
        version = self.version()
        with self._lock:
            if self._snapshot is None or self._snapshot.version != version:
                self._snapshot = build_snapshot(self.ledger.iter_results(), self.reviews(), version)
            return self._snapshot

    def reviews(self) -> list[ReviewEntry]:
        with self.ledger.session() as session:
            rows = session.scalars(select(ReviewRow).order_by(ReviewRow.pk))
            return [
                ReviewEntry(
                    pk=r.pk,
                    at=r.at if r.at.tzinfo else r.at.replace(tzinfo=UTC),  # SQLite keeps UTC without zone
                    username=r.username,
                    kind=r.kind,
                    target=r.target,
                    other=r.other,
                    before=r.before,
                    after=r.after,
                    note=r.note,
                )
                for r in rows
            ]

    # -- writing -------------------------------------------------------------------------------------------

    def review(
        self,
        who: Principal,
        kind: str,
        ref: str,
        *,
        after: dict[str, Any] | None = None,
        other: str | None = None,
        note: str | None = None,
    ) -> ReviewEntry:
        """Validate and append one review (and its change-log entry); the role is checked by the caller."""
        snap = self.snapshot()
        item = snap.group(ref)
        claim, _ = snap.claims[ref]
        note = (note or "").strip() or None
        before: Any
        value: Any
        if kind == "grade":
            level = (after or {}).get("level")
            if level not in GRADE_LEVELS:
                raise ReviewError(f"unknown grade {level!r}", hint=f"use one of {', '.join(GRADE_LEVELS)}")
            before, value, ref = {"level": item.grade.level}, {"level": level}, item.ref
        elif kind == "count":
            low, high = _bound((after or {}).get("low")), _bound((after or {}).get("high"))
            if low is not None and high is not None and low > high:
                raise ReviewError(f"low {low} is above high {high}", hint="swap them or leave one empty")
            before, value = {"low": claim.count.low, "high": claim.count.high}, {"low": low, "high": high}
        elif kind == "place":
            before, value = _place_value(primary_place_of(claim)), _checked_place(after or {})
        elif kind == "source":
            before, value = _source_value(claim), _checked_source(after or {})
        elif kind == "merge":
            if other is None:
                raise ReviewError("a merge needs the other group", hint="give the reference of a claim of it")
            target_group = snap.group(other)
            if target_group is item:
                raise ReviewError("both claims are already in one group", where=other)
            before, value, ref, other = {"groups": [item.ref, target_group.ref]}, None, item.ref, target_group.ref
        elif kind == "split":
            if len(item.members) < 2:
                raise ReviewError("the claim is alone in its group already", where=ref)
            before, value = {"group": item.ref}, None
        elif kind == "note":
            if not note:
                raise ReviewError("an empty note", hint="write something")
            before, value, ref = None, None, item.ref
        else:
            raise ReviewError(f"unknown review {kind!r}", hint=f"use one of {', '.join(REVIEW_KINDS)}")
        now = datetime.now(UTC)
        with self.ledger.write_session() as session, session.begin():
            row = ReviewRow(
                at=now, username=who.username, kind=kind, target=ref, other=other, before=before, after=value, note=note
            )
            session.add(row)
            session.add(
                ChangeRow(
                    at=now,
                    action=f"review.{kind}",
                    entity="claim",
                    entity_id=ref,
                    detail={"who": who.username, "before": before, "after": value, "other": other, "note": note},
                )
            )
            session.flush()
            pk = row.pk
        return ReviewEntry(pk, now, who.username, kind, ref, other, before, value, note)

    def add_article(
        self,
        who: Principal,
        text: str,
        *,
        published: str | None = None,
        outlet: str | None = None,
        url: str | None = None,
        title: str | None = None,
    ) -> tuple[ReadResult, bool]:
        """Read a pasted or uploaded article and store it; returns the result and whether it was new."""
        if not text.strip():
            raise ClaimledgerError("the article is empty", hint="paste the text of an article")
        if self._reader is None:
            from ..reader import read

            self._reader = read
        result = self._reader(text, published=published, outlet=outlet, url=url, title=title)
        raw_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
        stored = self.ledger.add(result, raw_hash=raw_hash, origin=f"web upload by {who.username}")
        return result, stored


def _bound(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise ReviewError(f"{value!r} is not a whole number", hint="give counts as digits") from exc
    if number < 0 or number > 100_000_000:
        raise ReviewError(f"{number} is not a plausible count", hint="give 0 to 100,000,000")
    return number


def primary_place_of(claim: Claim) -> Place | None:
    places = location_places(claim)
    return places[0] if places else None


def _place_value(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {"name": place.name or place.text, "lat": place.lat, "lon": place.lon, "country": place.country}


def _checked_place(value: dict[str, Any]) -> dict[str, Any]:
    name = str(value.get("name") or "").strip()
    if not name or len(name) > 200:
        raise ReviewError("a corrected place needs a name (at most 200 characters)")
    lat, lon = value.get("lat"), value.get("lon")
    try:
        lat_f = float(lat) if lat not in (None, "") else None
        lon_f = float(lon) if lon not in (None, "") else None
    except (TypeError, ValueError) as exc:
        raise ReviewError("latitude and longitude must be numbers", hint="e.g. 48.7 and 37.5") from exc
    if (lat_f is None) != (lon_f is None) or (
        lat_f is not None and lon_f is not None and not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180)
    ):
        raise ReviewError("give both latitude (-90..90) and longitude (-180..180), or neither")
    country = str(value.get("country") or "").strip().upper() or None
    if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
        raise ReviewError(f"{country!r} is not a two-letter country code", hint="e.g. UA")
    return {"name": name, "lat": lat_f, "lon": lon_f, "country": country}


def _source_value(claim: Claim) -> dict[str, Any] | None:
    speakers = [s for s in claim.sources if s.kind != "outlet"]
    if not speakers:
        return None
    inner = speakers[-1]
    return {"text": inner.text, "kind": inner.kind, "named": inner.named}


_SOURCE_KINDS = (
    "official", "military", "government", "medical", "resident", "eyewitness", "ngo", "journalist", "social_media",
    "unknown",
)  # fmt: skip


def _checked_source(value: dict[str, Any]) -> dict[str, Any]:
    text = str(value.get("text") or "").strip()
    if not text or len(text) > 200:
        raise ReviewError("a corrected source needs a name or description (at most 200 characters)")
    kind = str(value.get("kind") or "unknown")
    if kind not in _SOURCE_KINDS:
        raise ReviewError(f"unknown source kind {kind!r}", hint=f"use one of {', '.join(_SOURCE_KINDS)}")
    named = value.get("named")
    return {"text": text, "kind": kind, "named": named in (True, "true", "on", "1", 1)}


# -- building the snapshot ---------------------------------------------------------------------------------


def _corrected(claim: Claim, reviews: list[ReviewEntry]) -> Claim:
    """The claim with the latest reviewed count, place and source put in."""
    for review in reviews:
        value = review.after or {}
        if review.kind == "count":
            claim = replace(claim, count=replace(claim.count, low=value["low"], high=value["high"], approximate=False))
        elif review.kind == "place":
            place = Place(
                text=value["name"],
                start=claim.evidence.start,
                end=claim.evidence.start,
                geonameid=None,
                name=value["name"],
                country=value["country"],
                lat=value["lat"],
                lon=value["lon"],
                feature="other",
                role="location",
            )
            claim = replace(claim, places=[place])
        elif review.kind == "source":
            source = Source(text=value["text"], kind=value["kind"], named=value["named"])
            chain = list(claim.sources)
            speakers = [i for i, s in enumerate(chain) if s.kind != "outlet"]
            if speakers:
                chain[speakers[-1]] = source
            else:
                chain.append(source)
            claim = replace(claim, sources=chain)
    return claim


def build_snapshot(
    results: Iterable[ReadResult], reviews: list[ReviewEntry], version: tuple[int, int] = (0, 0)
) -> Snapshot:
    """Corroborate ``results`` with ``reviews`` applied (see the module docstring for the order)."""
    per_claim: dict[str, list[ReviewEntry]] = {}
    for review in reviews:
        if review.kind in ("count", "place", "source"):
            per_claim.setdefault(review.target, []).append(review)
    claims: dict[str, tuple[Claim, Article]] = {}
    corrected_results: list[ReadResult] = []
    for result in results:
        fixed = []
        for claim in result.claims:
            ref = claim_ref(result.article.id, claim.id)
            if ref in claims:  # the same claim id twice in one article: the first one stands
                continue
            claim = _corrected(claim, per_claim.get(ref, []))
            claims[ref] = (claim, result.article)
            fixed.append(claim)
        corrected_results.append(ReadResult(article=result.article, claims=fixed))
    corroborator = Corroborator()
    corroborator.add(corrected_results)
    _restructure(corroborator, reviews, claims)
    views = corroborator.groups()
    where = {claim_ref(a.article_id, a.claim_id): v for v in views for a in v.group.appearances}
    reviewed: dict[str, Grade] = {}
    for review in reviews:
        if review.kind == "grade" and review.target in where:
            group_id = where[review.target].group.id
            reason = f"set by {review.username} on {review.at:%Y-%m-%d}" + (f": {review.note}" if review.note else "")
            reviewed[group_id] = Grade(level=(review.after or {})["level"], reason=reason)
    summaries: list[GroupSummary] = []
    by_claim: dict[str, GroupSummary] = {}
    grades = {v.group.id: reviewed.get(v.group.id, v.grade) for v in views}
    totals = counted_figures([v.group for v in views], grades)
    for view in views:
        group = view.group
        members = tuple(claim_ref(a.article_id, a.claim_id) for a in group.appearances)
        summary = GroupSummary(
            ref=group.ref(),
            view=view,
            grade=reviewed.get(group.id, view.grade),
            reviewed=group.id in reviewed,
            figure=group_figure(group) or group_figure(group, denied=True),
            place=primary_place(group),
            statuses=tuple(sorted({a.status for a in group.appearances})),
            members=members,
            day=group_day(group),
            part_of=view.part_of,
            counted=totals.get(group.id),
        )
        summaries.append(summary)
        by_claim.update(dict.fromkeys(members, summary))
    return Snapshot(
        version=version,
        groups=summaries,
        by_claim=by_claim,
        claims=claims,
        corroborator=corroborator,
        reviews=reviews,
    )


def _restructure(
    corroborator: Corroborator, reviews: list[ReviewEntry], claims: dict[str, tuple[Claim, Article]]
) -> None:
    """Apply merges and splits, in log order, to the corroborator's groups."""
    groups = corroborator.grouper.groups
    where = {claim_ref(a.article_id, a.claim_id): g.id for g in groups.values() for a in g.appearances}
    for review in reviews:
        if review.kind == "merge" and review.other is not None:
            keep, gone = where.get(review.target), where.get(review.other)
            if keep is None or gone is None or keep == gone:
                continue
            _merge(groups, keep, gone)
            for ref, gid in where.items():
                if gid == gone:
                    where[ref] = keep
        elif review.kind == "split" and review.target in where:
            source = groups[where[review.target]]
            if len(source.appearances) < 2:
                continue
            appearance = next(a for a in source.appearances if claim_ref(a.article_id, a.claim_id) == review.target)
            source.appearances.remove(appearance)
            claim, article = claims[review.target]
            interval = claim_interval(claim)
            new_id = f"{source.id}.{review.pk}"
            groups[new_id] = replace(
                source,
                id=new_id,
                subject=claim.subject.text,
                places=location_places(claim),
                start=interval[0].isoformat() if interval else None,
                end=interval[1].isoformat() if interval else None,
                appearances=[appearance],
                rivals=[],
            )
            where[review.target] = new_id


def _merge(groups: dict[str, ClaimGroup], keep: str, gone: str) -> None:
    target, source = groups[keep], groups.pop(gone)
    target.appearances.extend(source.appearances)
    for place in source.places:
        if place not in target.places:
            target.places.append(place)
    spans = [s for s in (parse_interval(target.start, target.end), parse_interval(source.start, source.end)) if s]
    if spans:
        target.start = min(s[0] for s in spans).isoformat()
        target.end = max(s[1] for s in spans).isoformat()
    target.rivals = sorted((set(target.rivals) | set(source.rivals)) - {keep, gone})
    for group in groups.values():
        if gone in group.rivals:
            group.rivals = sorted((set(group.rivals) - {gone}) | ({keep} if group.id != keep else set()))


__all__ = [
    "REVIEW_KINDS",
    "Bucket",
    "GroupFilter",
    "GroupSummary",
    "NotFoundError",
    "ProvenanceNode",
    "ReviewEntry",
    "ReviewError",
    "Snapshot",
    "Workspace",
    "build_snapshot",
    "check_ref",
    "claim_ref",
]
