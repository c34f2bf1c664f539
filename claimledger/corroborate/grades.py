"""A suggested grade for each claim group on the Airwars scale, with the reason in words.

Rules, first match wins (analysts override the suggestion later):

- discounted: every appearance is denied (the reporting itself says the figure is false);
- contested: a rival group gives a competing figure for the same harm, or an appearance is disputed;
- confirmed: a party responsible accepts it -- a named official, military or government root source that
  belongs to the party of the people counted (its side, or its name mentions the party, e.g. "Russian Defence
  Ministry" for Russian soldiers), with the figure asserted or reported, not hedged;
- weak: the figure rests on partisan sources alone (a side speaking of its enemy's losses cannot confirm itself);
- fair: two or more independent root sources, not all of them unverified (one party's organs count once);
- weak: a single root source (however many outlets repeated it), or only unverified reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .groups import ClaimGroup
from .roots import RootSource

GradeLevel = Literal["confirmed", "fair", "weak", "contested", "discounted"]
GRADE_LEVELS: tuple[GradeLevel, ...] = ("confirmed", "fair", "weak", "contested", "discounted")
_PARTY_KINDS = {"official", "military", "government"}


@dataclass(frozen=True)
class Grade:
    level: GradeLevel
    reason: str


def _figure(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "no figure"
    if low == high:
        return f"{low:,}"
    if high is None:
        return f"at least {low:,}"
    if low is None:
        return f"up to {high:,}"
    return f"{low:,}-{high:,}"


def _accepts(root: RootSource, party: str | None) -> bool:
    if not party or not root.named or root.kind not in _PARTY_KINDS:
        return False
    if root.side:
        return root.side == party
    stem = party.lower()[:5]  # "Russia"/"Russian", "Ukraine"/"Ukrainian"
    return stem in root.label.lower()


def grade(group: ClaimGroup, rivals: list[ClaimGroup] | None = None) -> Grade:
    """The suggested grade of ``group``; ``rivals`` are the groups listed in ``group.rivals``."""
    distinct = group.distinct_appearances()
    roots = group.roots()
    statuses = [a.status for a in distinct]
    names = "; ".join(r.label for r in roots[:4]) + ("; ..." if len(roots) > 4 else "")
    outlets = len(distinct)
    counted = (
        f"{len(roots)} independent source{'s' if len(roots) != 1 else ''} ({names}) "
        f"in {outlets} distinct article{'s' if outlets != 1 else ''}"
    )
    if statuses and all(s == "denied" for s in statuses):
        return Grade("discounted", f"every report of it is denied; {counted}")
    if rivals:
        figures = ", ".join(sorted({_figure(*f) for r in rivals for f in r.figures()}))
        mine = ", ".join(_figure(*f) for f in group.figures())
        return Grade("contested", f"competing figures for the same harm ({mine} here vs {figures}); {counted}")
    if "disputed" in statuses or "denied" in statuses:
        return Grade("contested", f"some reports dispute or deny it; {counted}")
    accepting = [
        r
        for r, a in zip(roots, _first_per_root(group), strict=True)
        if _accepts(r, group.party) and a in ("asserted", "reported")
    ]
    if accepting:
        return Grade("confirmed", f"accepted by {accepting[0].label}, a party responsible; {counted}")
    if roots and all(r.partisan for r in roots):
        sides = ", ".join(sorted({r.side or "?" for r in roots}))
        return Grade("weak", f"rests on partisan sources alone ({sides}, on its enemy's losses); {counted}")
    if len(roots) >= 2 and any(s != "unverified" for s in statuses):
        return Grade("fair", f"{counted}")
    if len(roots) >= 2:
        return Grade("weak", f"only unverified reports; {counted}")
    return Grade("weak", f"a single source: {counted}")


def _first_per_root(group: ClaimGroup) -> list[str]:
    """The status of each root's first distinct appearance, aligned with :meth:`ClaimGroup.roots`."""
    seen: dict[str, str] = {}
    for item in group.distinct_appearances():
        seen.setdefault(item.root.independence, item.status)
    return list(seen.values())


__all__ = ["GRADE_LEVELS", "Grade", "GradeLevel", "grade"]
