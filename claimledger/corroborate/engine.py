"""The incremental corroboration engine: read results in, near-duplicate clusters, groups, grades, estimates out.

``add`` only touches what the new articles reach: one LSH insert per article and, per claim, the groups in its
(category, month) blocks. Nothing is recomputed from scratch; the state round-trips through plain dicts/JSON
so the ledger can persist it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from ..errors import ClaimledgerError
from ..records import ReadResult
from .estimates import Estimate, Period, estimate
from .grades import Grade, grade
from .groups import ClaimGroup, ClaimGrouper, PlaceHierarchy, default_admin1_lookup
from .neardup import ArticleCluster, IndexedArticle, NearDupIndex, NearDupSettings

if TYPE_CHECKING:
    import pandas as pd

STATE_VERSION = 3  # 2: article ids only (the ledger keeps the texts); neardup parents; 3: parts, undated, rates


class CorroborationStateError(ClaimledgerError):
    """Serialised corroboration state that cannot be loaded."""


@dataclass(frozen=True)
class UpdateSummary:
    """What one :meth:`Corroborator.add` call changed."""

    articles_added: int
    articles_skipped: int  # already seen (same article id)
    claims_added: int
    groups_created: int
    groups_updated: int
    near_duplicates: int  # new articles that joined an existing near-duplicate cluster


@dataclass(frozen=True)
class GroupView:
    """A group as users read it: its claims' appearances (near-duplicate clusters current), roots and grade.

    ``ref`` is its one id; ``rivals`` and ``part_of`` name other groups by theirs (not by storage keys).
    """

    group: ClaimGroup
    grade: Grade
    independent_roots: int
    first_published: str | None
    first_outlet: str | None
    ref: str = ""
    rivals: tuple[str, ...] = ()
    part_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """What ``claimledger group ID --json`` prints: the group, its grade, roots and first appearance."""
        data = self.group.to_dict()
        for name in ("window_start", "window_end"):
            data.pop(name)
        return {
            **data,
            "id": self.ref,
            "rivals": list(self.rivals),
            "part_of": self.part_of,
            "appearances": [{**a.to_dict(), "claim_id": a.ref} for a in self.group.appearances],
            "grade": {"level": self.grade.level, "reason": self.grade.reason},
            "independent_roots": self.independent_roots,
            "roots": [asdict(r) for r in self.group.roots()],
            "first_published": self.first_published,
            "first_outlet": self.first_outlet,
        }


class Corroborator:
    """Incremental corroboration over :class:`ReadResult` records."""

    def __init__(self, *, neardup: NearDupSettings | None = None, hierarchy: PlaceHierarchy | None = None) -> None:
        self.hierarchy = hierarchy or PlaceHierarchy(default_admin1_lookup())
        self.neardup = NearDupIndex(neardup)
        self.grouper = ClaimGrouper(self.hierarchy)

    def add(self, results: Iterable[ReadResult]) -> UpdateSummary:
        added = skipped = claims = created = duplicates = 0
        touched: set[str] = set()
        for result in results:
            article = result.article
            if article.id in self.neardup:
                skipped += 1
                continue
            added += 1
            text = f"{article.title}\n{article.text}" if article.title else article.text
            cluster = self.neardup.add(article.id, text, article.published)
            duplicates += cluster != article.id
            for claim in sorted(result.claims, key=lambda c: c.subset_of is not None):  # wholes before parts
                group_id, new = self.grouper.add(claim, article, cluster)
                claims += 1
                created += new
                touched.add(group_id)
        return UpdateSummary(
            articles_added=added,
            articles_skipped=skipped,
            claims_added=claims,
            groups_created=created,
            groups_updated=len(touched) - created,
            near_duplicates=duplicates,
        )

    def __contains__(self, article_id: object) -> bool:
        """Whether an article has been added (its claims are in the groups)."""
        return article_id in self.neardup

    def take_changes(self) -> tuple[list[IndexedArticle], list[ClaimGroup]]:
        """Near-duplicate entries and groups changed since the last call: what a store writes after ``add``."""
        return self.neardup.take_changed(), self.grouper.take_changed()

    def clusters(self) -> list[ArticleCluster]:
        return self.neardup.clusters()

    def _current(self, group: ClaimGroup) -> ClaimGroup:
        """The group with each appearance's near-duplicate cluster brought up to date (clusters merge later)."""
        appearances = [replace(a, cluster=self.neardup.cluster_of(a.article_id)) for a in group.appearances]
        return replace(group, appearances=appearances)

    def group(self, group_id: str) -> GroupView:
        """One group by its id (the id of its first claim), the id of any of its claims, or its storage key."""
        found = self.grouper.groups.get(group_id)
        if found is None:
            found = next((g for g in self.grouper.groups.values() for a in g.appearances if a.ref == group_id), None)
        if found is None:
            raise ClaimledgerError(f"no claim group {group_id!r}", hint="list them with `claimledger groups`")
        return self._view(self._current(found))

    def groups(self) -> list[GroupView]:
        """Every group, most independently supported first, then earliest."""
        views = [self._view(self._current(g)) for g in self.grouper.groups.values()]
        views.sort(key=lambda v: (-v.independent_roots, v.first_published or "9999", v.group.id))
        return _parts_under_wholes(views)

    def _view(self, group: ClaimGroup) -> GroupView:
        rivals = [self._current(self.grouper.groups[r]) for r in group.rivals]
        first = group.first_appearance()
        whole = self.grouper.groups.get(group.part_of) if group.part_of else None
        return GroupView(
            group=group,
            grade=grade(group, rivals),
            independent_roots=len(group.roots()),
            first_published=first.published,
            first_outlet=first.outlet or first.root.label,
            ref=group.ref(),
            rivals=tuple(r.ref() for r in rivals),
            part_of=whole.ref() if whole else None,
        )

    def estimates(self, by: Period = "month", place: str | None = None) -> list[Estimate]:
        current = [self._current(g) for g in self.grouper.groups.values()]
        grades = {g.id: grade(g, [self._current(self.grouper.groups[r]) for r in g.rivals]) for g in current}
        return estimate(current, grades, by=by, place=place, hierarchy=self.hierarchy)

    def estimates_frame(self, by: Period = "month", place: str | None = None) -> pd.DataFrame:
        import pandas as pd

        columns = ["place", "period", "category", "party", "kind", "low", "best", "high", "groups", "sources"]
        rows = [[getattr(e, c) for c in columns] for e in self.estimates(by=by, place=place)]
        return pd.DataFrame(rows, columns=columns)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "neardup": self.neardup.to_dict(),
            "grouper": self.grouper.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, hierarchy: PlaceHierarchy | None = None) -> Corroborator:
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            found = data.get("version") if isinstance(data, dict) else type(data).__name__
            raise CorroborationStateError(
                f"unsupported corroboration state (version {found!r}, expected {STATE_VERSION})",
                hint="rebuild it from the ledger's read results",
            )
        try:
            engine = cls(hierarchy=hierarchy)
            engine.neardup = NearDupIndex.from_dict(data["neardup"])
            engine.grouper = ClaimGrouper.from_dict(data["grouper"], engine.hierarchy)
        except (KeyError, TypeError, ValueError) as exc:
            raise CorroborationStateError(
                f"corroboration state is incomplete or malformed ({exc})", hint="rebuild it from the read results"
            ) from exc
        return engine

    def to_json(self) -> str:
        return json.dumps(self.to_dict())

    @classmethod
    def from_json(cls, text: str, *, hierarchy: PlaceHierarchy | None = None) -> Corroborator:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CorroborationStateError(
                f"corroboration state is not JSON ({exc.msg} at line {exc.lineno})", hint="rebuild it"
            ) from exc
        return cls.from_dict(data, hierarchy=hierarchy)


def _parts_under_wholes(views: list[GroupView]) -> list[GroupView]:
    """Each part right after its whole (when the whole is listed), the rest in their order."""
    listed = {v.ref for v in views}
    parts: dict[str, list[GroupView]] = {}
    for view in views:
        if view.part_of in listed:
            parts.setdefault(view.part_of or "", []).append(view)
    ordered: list[GroupView] = []

    def put(view: GroupView) -> None:
        ordered.append(view)
        for part in parts.pop(view.ref, []):
            put(part)

    for view in views:
        if view.part_of not in listed:
            put(view)
    ordered.extend(v for rest in parts.values() for v in rest)  # a cycle of parts: shown, not lost
    return ordered


__all__ = ["CorroborationStateError", "Corroborator", "GroupView", "UpdateSummary"]
