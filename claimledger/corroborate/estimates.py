"""Low / best / high estimates per place x period x category x party, UCDP-style, without double counting.

UCDP GED keeps three figures per event: *best* (the most reliable figure), *low* (the most conservative
reliable figure) and *high* (the highest reliable figure). Ours, documented (README: "How a figure becomes an
estimate"):

- bounds stay as the texts give them: "at least 12" is low 12 and no high, "up to 40" no low and high 40,
  "between 30 and 40" low 30, high 40; an empty bound means no text gave one. ``best`` is always a number: the
  stated figure (the middle of a range, rounded down).
- credible: appearances that carry a figure and are not denied, in groups not graded discounted. A claim without
  a figure never erases one: a group shows "no figure" only when none of its credible claims has one.
- one group: low = the smallest lower bound stated, high = the largest upper bound stated, best = the figure
  with the most independent root sources, ties going to the latest report (casualty counts are revised upwards
  as the wounded die and bodies are found), then to the larger figure; low and high widen to include best.
- one harm: rival groups (competing figures for the same harm) are one harm: the lowest low, the highest high,
  the best of the group with the most independent roots (same ties); low and high widen to include best.
- parts: a part ("three children" of "12 civilians", ``part_of``) is never added to its whole; the whole counts.
  A part counts only when its whole has no figure. Dead who are a part of a count of wounded ("87 injured ...
  six of them died") count as dead and are taken out of the wounded (81), so no one is counted twice.
- a cell (place x period x category x party) sums distinct harms: low = the sum of the stated lows (a harm
  with none adds nothing; empty when none states one), high = the sum of the highs (empty when one is open),
  except that a harm at a coarser place whose time covers finer harms in the same cell ("40 killed in the region
  this week" and "12 killed in one town on Monday") counts as max(coarse, sum of the finer ones).
- cumulative "as of" totals are never added to incident counts nor to each other: a cell's cumulative row is
  the latest total in the period (kind ``cumulative``), beside the sum of incidents (kind ``incident``). A total
  counts on the day it is stated as of: the end of its dates ("since Sunday" runs to its report's publication,
  as the reader dates it), else the day it was first published ("so far").
- undated incidents are never given a window: they fall in the period ``undated``, shown apart.
- left out: rates ("824 a day" is not a total) and harm outside armed conflict (``conflict`` "none").
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
UNDATED = "undated"
_CREDIBLE = {"asserted", "reported", "hedged", "unverified", "disputed"}
_FEATURE_RANK = {"city": 0, "other": 1, "region": 2, "country": 3}


@dataclass(frozen=True)
class Figure:
    """Low / best / high of one group or harm, and what supports it; None: no text gives that bound."""

    low: int | None
    best: int
    high: int | None
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
    low: int | None
    best: int
    high: int | None
    groups: int
    sources: int


def _point(low: int | None, high: int | None) -> int | None:
    if low is None:
        return high
    if high is None or high == low:
        return low
    return (low + high) // 2


def _credible(group: ClaimGroup, *, denied: bool) -> list[Appearance]:
    """Credible (or, with ``denied``, all) appearances with a figure, one per near-duplicate cluster and figure;
    non-partisan ones only when there are any (a side's figure for its enemy's losses counts only where nothing
    else gives one)."""
    chosen: dict[tuple[str, int | None, int | None], Appearance] = {}
    for item in sorted(group.appearances, key=lambda a: (a.published or "9999", a.article_id)):
        if (denied or item.status in _CREDIBLE) and (item.low, item.high) != (None, None):
            chosen.setdefault((item.cluster, item.low, item.high), item)
    credible = list(chosen.values())
    return [a for a in credible if not a.root.partisan] or credible


def group_figure(group: ClaimGroup, *, denied: bool = False) -> Figure | None:
    """The group's figures from its credible appearances with a figure; None when none of them has one.

    ``denied`` counts denied reports too: what a group shows when every figure it has is denied (estimates never).
    """
    credible = _credible(group, denied=denied)
    if not credible:
        return None
    support: dict[int, list[Appearance]] = {}
    for item in credible:
        value = _point(item.low, item.high)
        assert value is not None
        support.setdefault(value, []).append(item)

    def rank(value: int) -> tuple[int, str, int]:
        items = support[value]
        return (len({a.root.independence for a in items}), max(a.published or "" for a in items), value)

    best = max(support, key=rank)
    lows = [a.low for a in credible if a.low is not None]
    highs = [a.high for a in credible if a.high is not None]
    return Figure(
        low=min([*lows, best]) if lows else None,
        best=best,
        high=max([*highs, best]) if highs else None,
        roots=frozenset(a.root.independence for a in credible),
        latest=max(a.published or "" for a in credible),
    )


def harm_figure(figures: Sequence[Figure]) -> Figure:
    """Rival figures for one harm combined: widest stated bounds, best from the best-supported (latest, larger)."""
    top = max(figures, key=lambda f: (len(f.roots), f.latest, f.best))
    lows = [f.low for f in figures if f.low is not None]
    highs = [f.high for f in figures if f.high is not None]
    return Figure(
        low=min([*lows, top.best]) if lows else None,
        best=top.best,
        high=max([*highs, top.best]) if highs else None,
        roots=frozenset().union(*(f.roots for f in figures)),
        latest=max(f.latest for f in figures),
    )


def _without(whole: Figure, part: Figure) -> Figure:
    """``whole`` minus a part of it that is counted elsewhere (the dead among the wounded), never below zero."""
    low = None if whole.low is None or part.high is None else max(0, whole.low - part.high)
    high = None if whole.high is None else max(0, whole.high - (part.low or 0))
    return Figure(
        low=low,
        best=max(0, whole.best - part.best),
        high=high,
        roots=whole.roots | part.roots,
        latest=max(whole.latest, part.latest),
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


def counted(group: ClaimGroup) -> bool:
    """Whether a group can count in a war estimate at all: not a rate, not harm outside armed conflict."""
    return group.rate is None and group.conflict != "none"


@dataclass
class _Harm:
    groups: list[ClaimGroup]
    figure: Figure
    place: Place | None
    interval: tuple[date, date] | None


class _Parts:
    """What the parts of each whole change: which parts are left out, what is taken out of which whole."""

    def __init__(self, pool: Sequence[ClaimGroup], figures: dict[str, Figure | None]) -> None:
        self.figures = figures
        self.by_id = {g.id: g for g in pool}
        self.dead_of: dict[str, list[ClaimGroup]] = {}
        for group in pool:
            whole = self.by_id.get(group.part_of) if group.part_of else None
            if whole is not None and group.category == "dead" and whole.category == "wounded":
                self.dead_of.setdefault(whole.id, []).append(group)

    def left_out(self, group: ClaimGroup) -> bool:
        """A part of a whole of its own category that has a figure: the whole counts, not the part."""
        whole = self.by_id.get(group.part_of) if group.part_of else None
        return whole is not None and whole.category == group.category and self.figures.get(whole.id) is not None

    def taken_out(self, groups: Sequence[ClaimGroup]) -> Figure | None:
        """The dead counted apart who were among these groups' wounded."""
        found = [f for g in groups for p in self.dead_of.get(g.id, []) if (f := self.figures.get(p.id)) is not None]
        return harm_figure(found) if found else None


def counted_figures(groups: Iterable[ClaimGroup], grades: dict[str, Grade]) -> dict[str, Figure]:
    """Each group's figure as it counts in a total (what a timeline adds up): parts left out, the dead among the
    wounded taken out, rates, harm outside war and discounted groups absent."""
    pool = [g for g in groups if counted(g)]
    parts = _Parts(pool, _figures(pool, grades))
    shown: dict[str, Figure] = {}
    for group in pool:
        figure = parts.figures.get(group.id)
        if figure is None or parts.left_out(group):
            continue
        dead = parts.taken_out([group])
        shown[group.id] = _without(figure, dead) if dead is not None else figure
    return shown


def _figures(pool: Sequence[ClaimGroup], grades: dict[str, Grade]) -> dict[str, Figure | None]:
    return {
        g.id: group_figure(g) if (grade := grades.get(g.id)) is None or grade.level != "discounted" else None
        for g in pool
    }


def _harms(groups: Sequence[ClaimGroup], by_id: dict[str, ClaimGroup], parts: _Parts) -> list[_Harm]:
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
        figures = [f for g in component if (f := parts.figures.get(g.id)) is not None]
        if not figures:
            continue
        figure = harm_figure(figures)
        dead = parts.taken_out(component)
        places = [p for g in component if (p := primary_place(g)) is not None]
        intervals = [i for g in component if (i := parse_interval(g.start, g.end)) is not None]
        harms.append(
            _Harm(
                groups=component,
                figure=_without(figure, dead) if dead is not None else figure,
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


Bounds = tuple[int | None, int, int | None]


def _sum(items: Sequence[Bounds]) -> Bounds:
    """Distinct harms added: the stated lows (None when none is stated), bests, highs (None when one is open)."""
    lows = [i[0] for i in items if i[0] is not None]
    highs = [i[2] for i in items]
    return (
        sum(lows) if lows else None,
        sum(i[1] for i in items),
        None if any(h is None for h in highs) else sum(h for h in highs if h is not None),
    )


def _max(a: Bounds, b: Bounds) -> Bounds:
    lows = [v for v in (a[0], b[0]) if v is not None]
    return (max(lows) if lows else None, max(a[1], b[1]), None if a[2] is None or b[2] is None else max(a[2], b[2]))


def _sum_without_overlap(harms: list[_Harm], hierarchy: PlaceHierarchy) -> Bounds:
    """Sum of harms where a covering (coarser) harm counts as max(itself, sum of what it covers)."""
    parents: dict[int, int] = {}
    for i, inner in enumerate(harms):
        covering = [j for j, outer in enumerate(harms) if _covers(outer, inner, hierarchy)]
        if covering:  # the finest harm that covers it is its parent
            parents[i] = min(covering, key=lambda j: _FEATURE_RANK[harms[j].place.feature])  # type: ignore[union-attr]

    def total(i: int) -> Bounds:
        own = harms[i].figure
        children = [total(c) for c, p in parents.items() if p == i]
        mine: Bounds = (own.low, own.best, own.high)
        return _max(mine, _sum(children)) if children else mine

    return _sum([total(i) for i in range(len(harms)) if i not in parents])


def group_day(group: ClaimGroup) -> date | None:
    """The day a group counts on: its own date (a cumulative total: the end, else its first report); else None."""
    interval = parse_interval(group.start, group.end)
    if interval is None and group.as_of:
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
    pool = [g for g in groups if counted(g)]
    by_id = {g.id: g for g in pool}
    parts = _Parts(pool, _figures(pool, grades))
    cells: dict[tuple[str, str, Category, str | None, bool], list[ClaimGroup]] = {}
    for group in pool:
        if parts.left_out(group) or (place is not None and not within(group, place)):
            continue
        day = group_day(group)
        key = (
            place if place is not None else place_label(primary_place(group)),
            period_key(day, by) if day else UNDATED,
            group.category,
            group.party,
            group.as_of,
        )
        cells.setdefault(key, []).append(group)
    rows: list[Estimate] = []
    for (label, period, category, party, as_of), members in sorted(cells.items(), key=lambda kv: _sort_key(kv[0])):
        harms = _harms(members, by_id, parts)
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


def _sort_key(key: tuple[str, str, Category, str | None, bool]) -> tuple[str, bool, str, str, str, bool]:
    return (key[0], key[1] == UNDATED, key[1], key[2], key[3] or "", key[4])


__all__ = [
    "UNDATED",
    "Estimate",
    "EstimateKind",
    "Figure",
    "Period",
    "counted",
    "counted_figures",
    "estimate",
    "group_figure",
    "harm_figure",
    "period_key",
]
