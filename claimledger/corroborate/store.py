"""Corroboration persisted in the ledger, brought up to date incrementally, and read back as plain functions.

The engine's state lives in three tables (:mod:`claimledger.corroborate.models`): one state row, one row per
corroborated article (its near-duplicate index entry) and one row per claim group. An update reads only the
articles that have no corroboration row yet, adds them to the engine, and writes only what changed: the new
entries, entries re-parented by a cluster merge, and the groups that gained a member or a rival. Updates run in
write transactions of ``chunk`` articles each (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), so
concurrent ingests never corroborate one article twice. ``ingest`` calls :func:`corroborate_ledger` after each
run; the read functions call it too, so articles stored by other paths (web uploads) are never missed.

A :class:`CorroborationStore` held by a long-lived process keeps the engine in memory between calls and
reloads it only when another process moved the state's ``revision``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from ..errors import StorageError
from ..ledger.models import ArticleRow
from ..ledger.store import Ledger, result_from_row
from ..records import Category
from .engine import STATE_VERSION, CorroborationStateError, Corroborator, GroupView, UpdateSummary
from .estimates import Estimate, Period, within
from .groups import ClaimGroup, ClaimGrouper, PlaceHierarchy
from .models import ClaimGroupRow, CorroboratedArticleRow, CorroborationStateRow
from .neardup import IndexedArticle, NearDupIndex, NearDupSettings

if TYPE_CHECKING:
    import pandas as pd

#: Articles per write transaction: other writers wait at most one chunk.
CHUNK = 500
_PG_LOCK = 0x636C_636F  # serialises corroboration updates of one PostgreSQL database
_STATE_ID = 1
ESTIMATE_COLUMNS = ("place", "period", "category", "party", "kind", "low", "best", "high", "groups", "sources")


class CorroborationStore:
    """The ledger's corroboration: the engine in memory, its state in the ledger's tables."""

    def __init__(
        self, ledger: Ledger, *, hierarchy: PlaceHierarchy | None = None, neardup: NearDupSettings | None = None
    ) -> None:
        self.ledger = ledger
        self._hierarchy = hierarchy
        self._settings = neardup or NearDupSettings()
        self._engine: Corroborator | None = None
        self._revision = -1

    def pending(self) -> int:
        """Stored articles not corroborated yet."""
        with self.ledger.session() as session:
            return int(session.scalar(select(func.count()).select_from(_pending_query().subquery())) or 0)

    def update(self, *, chunk: int = CHUNK) -> UpdateSummary:
        """Corroborate every stored article that is not yet; returns the totals of what changed."""
        totals = UpdateSummary(0, 0, 0, 0, 0, 0)
        if self._outdated():
            return self.rebuild()
        if not self.pending():  # reading needs no write lock
            return totals
        while True:
            summary = self._update_chunk(chunk)
            totals = _sum(totals, summary)
            if summary.articles_added + summary.articles_skipped < chunk:
                return totals

    def corroborator(self) -> Corroborator:
        """The engine with every stored article in it (loaded once per process, refreshed when stale)."""
        self.update()
        if self._engine is None or self._revision != self._stored_revision():
            with self.ledger.session() as session:
                self._load(session)
        assert self._engine is not None
        return self._engine

    def rebuild(self) -> UpdateSummary:
        """Forget the persisted corroboration and corroborate every article again (after the rules changed)."""
        try:
            with self.ledger.write_session() as session, session.begin():
                self._lock(session)
                for table in (ClaimGroupRow, CorroboratedArticleRow, CorroborationStateRow):
                    session.execute(delete(table))
        except SQLAlchemyError as exc:
            raise _error(exc, self.ledger) from exc
        self._engine, self._revision = None, -1
        return self.update()

    # -- internals -----------------------------------------------------------------------------------------

    def _outdated(self) -> bool:
        """Whether the stored corroboration was made by older rules: it is derived data, so it is made again."""
        with self.ledger.session() as session:
            state = session.get(CorroborationStateRow, _STATE_ID)
            return state is not None and state.version < STATE_VERSION

    def _stored_revision(self) -> int:
        with self.ledger.session() as session:
            state = session.get(CorroborationStateRow, _STATE_ID)
            return state.revision if state is not None else 0

    def _update_chunk(self, chunk: int) -> UpdateSummary:
        try:
            with self.ledger.write_session() as session, session.begin():
                self._lock(session)
                state = self._state(session)
                if self._engine is None or self._revision != state.revision:
                    self._load(session)
                engine = self._engine
                assert engine is not None
                rows = session.scalars(_pending_query().options(selectinload(ArticleRow.claims)).limit(chunk)).all()
                if not rows:
                    return UpdateSummary(0, 0, 0, 0, 0, 0)
                known_groups = set(engine.grouper.groups)
                new_ids = {row.id for row in rows}
                try:
                    summary = engine.add(result_from_row(row) for row in rows)
                    entries, groups = engine.take_changes()
                    _write_entries(session, entries, new_ids)
                    _write_groups(session, groups, known_groups)
                    state.revision += 1
                    state.next_group = engine.grouper.next_number
                    state.updated_at = datetime.now(UTC)
                    session.flush()
                except BaseException:
                    self._engine, self._revision = None, -1  # the transaction rolls back: so must the engine
                    raise
                self._revision = state.revision
                return summary
        except SQLAlchemyError as exc:
            self._engine, self._revision = None, -1
            raise _error(exc, self.ledger) from exc

    @staticmethod
    def _lock(session: Session) -> None:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(select(func.pg_advisory_xact_lock(_PG_LOCK)))

    def _state(self, session: Session) -> CorroborationStateRow:
        state = session.get(CorroborationStateRow, _STATE_ID)
        if state is None:
            state = CorroborationStateRow(
                id=_STATE_ID,
                version=STATE_VERSION,
                revision=0,
                next_group=1,
                neardup=asdict(self._settings),
                updated_at=datetime.now(UTC),
            )
            session.add(state)
            session.flush()
        elif state.version != STATE_VERSION:
            raise CorroborationStateError(
                f"the ledger's corroboration is version {state.version}, this claimledger writes {STATE_VERSION}",
                where=self.ledger.url,
                hint="run `claimledger groups --rebuild` to corroborate every article again",
            )
        return state

    def _load(self, session: Session) -> None:
        """The engine from the tables (signatures back into the LSH index, groups back into their blocks)."""
        state = session.get(CorroborationStateRow, _STATE_ID)
        engine = Corroborator(hierarchy=self._hierarchy)
        if state is not None:
            try:
                settings = NearDupSettings(**state.neardup)
            except TypeError as exc:
                raise CorroborationStateError(
                    f"unreadable near-duplicate settings in the ledger ({exc})",
                    hint="run `claimledger groups --rebuild`",
                ) from exc
            entries = (
                IndexedArticle(r.article_id, r.position, r.published, r.parent, r.signature)
                for r in session.scalars(select(CorroboratedArticleRow).order_by(CorroboratedArticleRow.position))
            )
            engine.neardup = NearDupIndex.restore(settings, entries)
            groups = (
                ClaimGroup.from_dict(row.data)
                for row in session.scalars(select(ClaimGroupRow).order_by(ClaimGroupRow.number))
            )
            engine.grouper = ClaimGrouper.restore(state.next_group, groups, engine.hierarchy)
        self._engine = engine
        self._revision = state.revision if state is not None else 0


def _pending_query() -> Select[ArticleRow]:
    """Stored articles without a corroboration row, in publication order."""
    return (
        select(ArticleRow)
        .outerjoin(CorroboratedArticleRow, CorroboratedArticleRow.article_id == ArticleRow.id)
        .where(CorroboratedArticleRow.article_id.is_(None))
        .order_by(ArticleRow.published, ArticleRow.id)
    )




def _write_entries(session: Session, entries: list[IndexedArticle], new_ids: set[str]) -> None:
    session.add_all(
        CorroboratedArticleRow(
            article_id=e.id, position=e.position, published=e.published, parent=e.parent, signature=e.signature
        )
        for e in entries
        if e.id in new_ids
    )
    moved = [{"article_id": e.id, "parent": e.parent} for e in entries if e.id not in new_ids]
    if moved:
        session.execute(update(CorroboratedArticleRow), moved)


def _write_groups(session: Session, groups: list[ClaimGroup], known: set[str]) -> None:
    now = datetime.now(UTC)
    rows = [_group_values(g, now) for g in groups]
    session.add_all(ClaimGroupRow(**values) for values in rows if values["id"] not in known)
    changed = [values for values in rows if values["id"] in known]
    if changed:
        session.execute(update(ClaimGroupRow), changed)


def _group_values(group: ClaimGroup, now: datetime) -> dict[str, object]:
    digits = group.id[1:].split(".", 1)[0]
    return {
        "id": group.id,
        "number": int(digits) if digits.isdigit() else 0,
        "category": group.category,
        "as_of": group.as_of,
        "party": group.party,
        "period_start": group.start,
        "period_end": group.end,
        "data": group.to_dict(),
        "updated_at": now,
    }


def _sum(a: UpdateSummary, b: UpdateSummary) -> UpdateSummary:
    return UpdateSummary(*(x + y for x, y in zip(asdict(a).values(), asdict(b).values(), strict=True)))


def _error(exc: SQLAlchemyError, ledger: Ledger) -> StorageError:
    detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    return StorageError(f"cannot update the corroboration: {detail}", where=ledger.url, hint="check --db")


# -- plain functions over a Ledger (CLI, web app, notebooks) ---------------------------------------------------


def corroborate_ledger(ledger: Ledger) -> UpdateSummary:
    """Corroborate the articles stored since the last update (what ``ingest`` calls after each run)."""
    return CorroborationStore(ledger).update()


def ledger_groups(
    ledger: Ledger | CorroborationStore, *, category: Category | None = None, place: str | None = None
) -> list[GroupView]:
    """Claim groups, most independently supported first; ``place`` is an ISO2 code, a GeoNames id or a name."""
    views = _store(ledger).corroborator().groups()
    return [
        v
        for v in views
        if (category is None or v.group.category == category) and (place is None or within(v.group, place))
    ]


def ledger_group(ledger: Ledger | CorroborationStore, group_id: str) -> GroupView:
    """One group by its id or the id of any of its claims, with its grade, roots and every appearance."""
    return _store(ledger).corroborator().group(group_id)


def ledger_estimates(
    ledger: Ledger | CorroborationStore, *, by: Period = "month", places: Sequence[str] = ()
) -> list[Estimate]:
    """Low / best / high per place x period x category x party; each of ``places`` pools its groups in one row."""
    engine = _store(ledger).corroborator()
    if not places:
        return engine.estimates(by=by)
    return [row for place in places for row in engine.estimates(by=by, place=place)]


def estimates_frame(
    ledger: Ledger | CorroborationStore, *, by: Period = "month", places: Sequence[str] = ()
) -> pd.DataFrame:
    """:func:`ledger_estimates` as a pandas DataFrame (columns :data:`ESTIMATE_COLUMNS`)."""
    import pandas as pd

    rows = [[getattr(e, c) for c in ESTIMATE_COLUMNS] for e in ledger_estimates(ledger, by=by, places=places)]
    return pd.DataFrame(rows, columns=list(ESTIMATE_COLUMNS))


def _store(ledger: Ledger | CorroborationStore) -> CorroborationStore:
    return ledger if isinstance(ledger, CorroborationStore) else CorroborationStore(ledger)


__all__ = [
    "CHUNK",
    "ESTIMATE_COLUMNS",
    "CorroborationStore",
    "corroborate_ledger",
    "estimates_frame",
    "ledger_estimates",
    "ledger_group",
    "ledger_groups",
]
