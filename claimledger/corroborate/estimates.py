"""Low / best / high estimates per place x period x category x party, UCDP-style, without double counting.

UCDP GED keeps three figures per event: *best* (the most reliable figure), *low* (the most conservative
reliable figure) and *high* (the highest reliable figure). Ours, documented:

- credible: appearances that are not denied, in groups not graded discounted; denied reports never count.
- one group: low = the smallest credible lower bound (a bare "up to N" counts as N), high = the largest
  credible upper bound (open "more than N" counts as N: no source supports more), best = the figure with the
  most independent root sources, ties going to the latest report (casualty counts are revised upwards as the
  wounded die and bodies are found), then to the larger figure. A range "between 30 and 40" is 35 at best.
- one harm: rival groups (competing figures for the same harm) are one harm: low = the lowest low, high = the
  highest high, best = the best of the group with the most independent roots (same ties).
- a cell (place x period x category x party) sums distinct harms, except that a harm at a coarser place whose
  time covers finer harms in the same cell ("40 killed in the region this week" and "12 killed in one town on
  Monday") counts as max(coarse, sum of the finer ones): overlapping groups are never added twice.
- cumulative "as of" totals are never added to incident counts nor to each other: a cell's cumulative row is
  the latest total reported in the period (kind ``cumulative``), beside the sum of incidents (kind ``incident``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..records import Category, Place
from .grades import Grade
from .groups import Appearance, ClaimGroup, PlaceHierarchy, parse_interval

Period = Literal["day", "week", "month"]
EstimateKind = Literal["incident", "cumulative"]
_CREDIBLE = {"asserted", "reported", "hedged", "unverified", "disputed"}
_FEATURE_RANK = {"city": 0, "other": 1, "region": 2, "country": 3}


@dataclass(frozen=True)
class Figure:
    """Low / best / high of one group or harm, and what supports it."""

    low: int
    best: int
    high: int
    roots: frozenset[str]
    latest: str  # publication date of the latest supporting report ("" when unknown)


@dataclass(frozen=True)
class Estimate:
    """One row of ``claimledger estimates``: a place x period x category x party cell."""

    place: str
    period: str
    category: Category
    party: str | None
    kind: EstimateKind
    low: int
    best: int
    high: int
    groups: int
    sources: int


def _point(low: int | None, high: int | None) -> int | None:
    if low is None:
        return high
    if high is None or high == low:
        return low
    return (low + high) // 2


def group_figure(group: ClaimGroup) -> Figure | None:
    """The group's figures from its credible appearances; None when none of them carries a number."""
    credible = [a for a in group.distinct_appearances() if a.status in _CREDIBLE and (a.low, a.high) != (None, None)]
    if not credible:
        return None
    lows = [a.low if a.low is not None else a.high for a in credible]
    highs = [a.high if a.high is not None else a.low for a in credible]
    support: dict[int, list[Appearance]] = {}
    for item in credible:
        value = _point(item.low, item.high)
        assert value is not None
        support.setdefault(value, []).append(item)

    def rank(value: int) -> tuple[int, str, int]:
        items = support[value]
        return (len({a.root.key for a in items}), max(a.published or "" for a in items), value)

    best = max(support, key=rank)
    return Figure(
        low=min(v for v in lows if v is not None),
        best=best,
        high=max(v for v in highs if v is not None),
        roots=frozenset(a.root.key for a in credible),
        latest=max(a.published or "" for a in credible),
    )


def harm_figure(figures: Sequence[Figure]) -> Figure:
    """Rival figures for one harm combined: widest bounds, best from the best-supported (latest, larger) group."""
    top = max(figures, key=lambda f: (len(f.roots), f.latest, f.best))
    return Figure(
        low=min(f.low for f in figures),
        best=top.best,
        high=max(f.high for f in figures),
        roots=frozenset().union(*(f.roots for f in figures)),
        latest=max(f.latest for f in figures),
    )


def period_key(day: date, by: Period) -> str:
    if by == "day":
        return day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year:04d}-{day.month:02d}"


def primary_place(group: ClaimGroup) -> Place | None:
    """The most precise resolved place of the group, else its first unresolved one."""
    resolved = [p for p in group.places if p.geonameid is not None]
    pool = resolved or group.places
    return min(pool, key=lambda p: _FEATURE_RANK[p.feature]) if pool else None


def place_label(place: Place | None) -> str:
    if place is None:
        return "unknown"
    return str(place.name or place.text)


def within(group: ClaimGroup, place: str) -> bool:
    """Whether a group lies in the place named by ``place``: an ISO2 country code, a GeoNames id or a name."""
    wanted = place.strip().lower()
    for p in group.places:
        if p.geonameid is not None and str(p.geonameid) == wanted:
            return True
        if p.country and p.country.lower() == wanted:
            return True
        if wanted in {n.lower() for n in (p.name, p.text) if n}:
            return True
    return False


@dataclass
class _Harm:
    groups: list[ClaimGroup]
    figure: Figure
    place: Place | None
    interval: tuple[date, date] | None


def _harms(groups: Sequence[ClaimGroup], by_id: dict[str, ClaimGroup], grades: dict[str, Grade]) -> list[_Harm]:
    """Rival groups joined into one harm each (connected components of the ``rivals`` links)."""
    members = {g.id for g in groups}
    seen: set[str] = set()
    harms: list[_Harm] = []
    for group in groups:
        if group.id in seen:
            continue
        component: list[ClaimGroup] = []
        stack = [group.id]
        while stack:
            gid = stack.pop()
            if gid in seen or gid not in members:
                continue
            seen.add(gid)
            component.append(by_id[gid])
            stack.extend(by_id[gid].rivals)
        figures = [
            f
            for g in component
            if (grade := grades.get(g.id)) is None or grade.level != "discounted"
            if (f := group_figure(g)) is not None
        ]
        if not figures:
            continue
        places = [p for g in component if (p := primary_place(g)) is not None]
        intervals = [i for g in component if (i := parse_interval(g.start, g.end)) is not None]
        harms.append(
            _Harm(
                groups=component,
                figure=harm_figure(figures),
                place=max(places, key=lambda p: _FEATURE_RANK[p.feature]) if places else None,
                interval=(min(i[0] for i in intervals), max(i[1] for i in intervals)) if intervals else None,
            )
        )
    return harms


def _covers(outer: _Harm, inner: _Harm, hierarchy: PlaceHierarchy) -> bool:
    if outer is inner or outer.place is None or inner.place is None:
        return False
    if _FEATURE_RANK[outer.place.feature] <= _FEATURE_RANK[inner.place.feature]:
        return False
    if not hierarchy.contains(outer.place, inner.place):
        return False
    if outer.interval is None or inner.interval is None:
        return outer.interval is None
    return outer.interval[0] <= inner.interval[0] and inner.interval[1] <= outer.interval[1]


def _sum_without_overlap(harms: list[_Harm], hierarchy: PlaceHierarchy) -> tuple[int, int, int]:
    """Sum of harms where a covering (coarser) harm counts as max(itself, sum of what it covers)."""
    parents: dict[int, int] = {}
    for i, inner in enumerate(harms):
        covering = [j for j, outer in enumerate(harms) if _covers(outer, inner, hierarchy)]
        if covering:  # the finest harm that covers it is its parent
            parents[i] = min(covering, key=lambda j: _FEATURE_RANK[harms[j].place.feature])  # type: ignore[union-attr]

    def total(i: int) -> tuple[int, int, int]:
        own = harms[i].figure
        children = [total(c) for c, p in parents.items() if p == i]
        if not children:
            return own.low, own.best, own.high
        sums = tuple(sum(c[k] for c in children) for k in range(3))
        return max(own.low, sums[0]), max(own.best, sums[1]), max(own.high, sums[2])

    tops = [total(i) for i in range(len(harms)) if i not in parents]
    return sum(t[0] for t in tops), sum(t[1] for t in tops), sum(t[2] for t in tops)


def group_day(group: ClaimGroup) -> date | None:
    """The day a group counts on: its own date (the end of a cumulative total), else its first appearance."""
    interval = parse_interval(group.start, group.end)
    if interval is None:
        dates = [a.published for a in group.appearances if a.published]
        interval = parse_interval(min(dates), None) if dates else None
    if interval is None:
        return None
    return interval[1] if group.as_of else interval[0]


def estimate(
    groups: Iterable[ClaimGroup],
    grades: dict[str, Grade],
    *,
    by: Period = "month",
    place: str | None = None,
    hierarchy: PlaceHierarchy | None = None,
) -> list[Estimate]:
    """Estimates per place x period x category x party (x kind) over ``groups``; ``place`` filters and pools."""
    hierarchy = hierarchy or PlaceHierarchy()
    pool = list(groups)
    by_id = {g.id: g for g in pool}
    cells: dict[tuple[str, str, Category, str | None, bool], list[ClaimGroup]] = {}
    for group in pool:
        if place is not None and not within(group, place):
            continue
        day = group_day(group)
        key = (
            place if place is not None else place_label(primary_place(group)),
            period_key(day, by) if day else "unknown",
            group.category,
            group.party,
            group.as_of,
        )
        cells.setdefault(key, []).append(group)
    rows: list[Estimate] = []
    for (label, period, category, party, as_of), members in sorted(cells.items(), key=lambda kv: _sort_key(kv[0])):
        harms = _harms(members, by_id, grades)
        if not harms:
            continue
        if as_of:
            latest = max(harms, key=lambda h: (h.interval[1] if h.interval else date.min, h.figure.latest))
            low, best, high = latest.figure.low, latest.figure.best, latest.figure.high
            used = [latest]
        else:
            low, best, high = _sum_without_overlap(harms, hierarchy)
            used = harms
        rows.append(
            Estimate(
                place=label,
                period=period,
                category=category,
                party=party,
                kind="cumulative" if as_of else "incident",
                low=low,
                best=best,
                high=high,
                groups=sum(len(h.groups) for h in used),
                sources=len(frozenset().union(*(h.figure.roots for h in used))),
            )
        )
    return rows


def _sort_key(key: tuple[str, str, Category, str | None, bool]) -> tuple[str, str, str, str, bool]:
    return (key[0], key[1], key[2], key[3] or "", key[4])


__all__ = ["Estimate", "EstimateKind", "Figure", "Period", "estimate", "group_figure", "harm_figure", "period_key"]
