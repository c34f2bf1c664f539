"""The ledger database: one ``Ledger`` over SQLite (the default) or PostgreSQL, same code and same tests.

Writes are one transaction per article and idempotent on the article id (sha256 of the cleaned text), so a
run killed half-way and started again stores every article exactly once. SQLite write transactions start with
``BEGIN IMMEDIATE`` and wait (``busy_timeout``) instead of failing, so several ingests can share one file.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    String,
    Text,
    bindparam,
    cast,
    create_engine,
    event,
    func,
    literal_column,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.dialects import postgresql as postgresql_dml
from sqlalchemy.dialects import sqlite as sqlite_dml
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import operators
from sqlalchemy.sql.compiler import SQLCompiler

from ..errors import ClaimledgerError, StorageError
from ..records import Article, Claim, ReadResult, claim_dict, claim_from_dict
from ..settings import get_settings
from .export import CSV_COLUMNS, flat_row, primary_place
from .models import ArticleRow, ChangeRow, ClaimRow, PlaceRow, ProblemRow, SourceRow
from .types import ArticleMeta, ClaimFilter, ClaimRecord, ClaimText, LedgerStats, Problem, StoredClaim

if TYPE_CHECKING:
    import pandas
    from psycopg_pool import AsyncConnectionPool

PACKAGE = Path(__file__).resolve().parent.parent
MIGRATIONS = PACKAGE / "ledger" / "migrations"
_SQLITE_BUSY_MS = 60_000
_SQLITE_MMAP_BYTES = 1 << 30
_DATE_SORTS = ("published", "when", "day")  # sort columns near a claim's day (see _keys_select)
_DAY_SORTS = ("published", "low")  # sorted within a day by an index (category[, status], day, sort, pk)
_DAYS_AT_MOST = 366  # the longest period read day by day (see _period_days)
_PAGE_CONNECT_ARGS = {  # the claims pages' PostgreSQL connections (Ledger.page_engine)
    "prepare_threshold": 0,
    "options": "-c plan_cache_mode=force_generic_plan",
    "application_name": "claimledger pages",
}
_RANGED_AT_MOST = 500  # ranged claims reaching into a period, looked up apart (see Ledger._ranged_statement)
_NO_LIMIT = 1 << 62  # a LIMIT that limits nothing (see _keys)
_STATEMENTS_AT_MOST = 1000  # compiled page statements kept (Ledger._prepared)
_PG_MIGRATION_LOCK = 0x636C_6D6C  # any constant: serialises concurrent first opens of one PostgreSQL database
_WRITE = "claimledger_write"
_CLAIM_REF = re.compile(r"^([0-9a-f]{1,64})-([A-Za-z0-9_.:]{1,80})$")  # ARTICLE16-CLAIMID (records.claim_ref)
_UPSERTS: dict[str, Any] = {}  # "insert unless the article exists" per dialect, built once
#: What ``ClaimFilter.sort`` may name (``-`` in front for descending); ties go by ingestion order.
SORT_COLUMNS: dict[str, Any] = {
    "published": ClaimRow.published,
    "when": ClaimRow.when_start,
    "day": ClaimRow.day,
    "low": ClaimRow.low,
    "high": ClaimRow.high,
    "category": ClaimRow.category,
    "status": ClaimRow.status,
    "place": ClaimRow.place_name,
    "party": ClaimRow.party,
    "ingested": ClaimRow.pk,
}


def database_url(db: str | None = None) -> str:
    """A SQLAlchemy URL from ``--db`` / ``CLAIMLEDGER_DB``: a URL as is, anything else is a SQLite file path."""
    value = db or get_settings().db
    if "://" in value:
        if value.startswith(("postgres://", "postgresql://")):
            return "postgresql+psycopg://" + value.split("://", 1)[1]
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


class Ledger:
    """Articles, claims, places, sources, problems and the change log in one SQL database.

    Opening is lazy: the database is created and migrated (Alembic ``upgrade head``) on first use.
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = database_url(url)
        self._engine: Engine | None = None
        self._pages: Engine | None = None
        self._statements: dict[tuple[Any, ...], _Prepared] = {}

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close_connections(self) -> None:
        """Close pooled connections (they reopen on next use): before forking processes."""
        for engine in (self._engine, self._pages):
            if engine is not None:
                engine.dispose()

    def close(self) -> None:
        self.close_connections()
        self._engine = self._pages = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = self._open()
        return self._engine

    @property
    def page_engine(self) -> Engine:
        """Where the prepared claims pages run: on SQLite the engine itself; on PostgreSQL a pool of its own whose
        connections are in autocommit (a page is one read; BEGIN and COMMIT were two of its four round trips) and
        prepare every statement on first use with a generic plan (``plan_cache_mode``). Planning a page cost
        PostgreSQL 0.4 ms, as much as running it; each page statement's shape fixes its plan (the indexes it
        walks), and only those statements run here, so no other query gets a plan made without its values."""
        if self._pages is None:
            engine = self.engine
            if engine.dialect.name == "sqlite":
                return engine
            self._pages = create_engine(
                self.url,
                isolation_level="AUTOCOMMIT",
                connect_args=_PAGE_CONNECT_ARGS,
                **_pool_args(self.url, pages=True),
            )
        return self._pages

    def async_page_pool(self) -> AsyncConnectionPool | None:
        """A pool of asyncio connections for :meth:`claim_page_text_async`, of ``page_engine``'s size and set-up;
        None on SQLite (its pages are a few reads in this process). The caller opens it on the event loop that
        uses it (``await pool.open()``) and closes it there."""
        if self.engine.dialect.name != "postgresql":
            return None
        from psycopg_pool import AsyncConnectionPool

        _, params = self.engine.dialect.create_connect_args(self.engine.url)
        size = get_settings().page_connections
        kwargs = {**params, **_PAGE_CONNECT_ARGS, "autocommit": True}
        return AsyncConnectionPool(kwargs=kwargs, min_size=size, max_size=size, open=False, name="claimledger-pages")

    def session(self) -> Session:
        """A new ORM session (use as a context manager); for other modules' tables and queries."""
        return Session(self.engine, expire_on_commit=False)

    def write_session(self) -> Session:
        """A session whose transactions take the write lock up front (SQLite ``BEGIN IMMEDIATE``)."""
        return Session(self.engine.execution_options(**{_WRITE: True}), expire_on_commit=False)

    # -- writing -------------------------------------------------------------------------------------------

    def add(self, result: ReadResult, *, raw_hash: str, origin: str | None = None) -> bool:
        """Store one article and its claims in one transaction; False when the article was already there."""
        article = result.article
        now = datetime.now(UTC)
        values = article_values(article, raw_hash=raw_hash, origin=origin, at=now)
        try:
            with self.write_session() as session, session.begin():
                if not self._insert_article(session, values):
                    return False
                session.add_all(
                    claim_row(article.id, position, claim, published=article.published)
                    for position, claim in enumerate(result.claims)
                )
                session.add(
                    ChangeRow(
                        at=now,
                        action="insert",
                        entity="article",
                        entity_id=article.id,
                        detail={"origin": origin, "raw_hash": raw_hash, "claims": [c.id for c in result.claims]},
                    )
                )
        except SQLAlchemyError as exc:
            raise _storage_error(exc, self.url, "cannot store an article") from exc
        return True

    def _insert_article(self, session: Session, values: dict[str, Any]) -> bool:
        """Insert unless the id exists; concurrent writers of the same article never both succeed."""
        dialect = session.get_bind().dialect.name
        if dialect in ("sqlite", "postgresql"):
            statement = _UPSERTS.get(dialect)
            if statement is None:
                module = sqlite_dml if dialect == "sqlite" else postgresql_dml
                table = ArticleRow.__table__
                statement = module.insert(table).on_conflict_do_nothing(index_elements=["id"]).returning(table.c.id)
                _UPSERTS[dialect] = statement
            return session.connection().execute(statement, values).first() is not None
        if session.get(ArticleRow, values["id"]) is not None:
            return False
        session.add(ArticleRow(**values))
        session.flush()
        return True

    def add_problem(self, problem: Problem) -> None:
        """Record a quarantined input once per origin and reason (a re-run refreshes its time and message)."""
        now = datetime.now(UTC)
        try:
            with self.write_session() as session, session.begin():
                existing = session.scalars(
                    select(ProblemRow).where(ProblemRow.origin == problem.origin, ProblemRow.reason == problem.reason)
                ).first()
                if existing is not None:
                    existing.at, existing.message, existing.hint = now, problem.message, problem.hint
                    return
                session.add(
                    ProblemRow(
                        origin=problem.origin, reason=problem.reason, message=problem.message, hint=problem.hint, at=now
                    )
                )
                session.add(
                    ChangeRow(
                        at=now,
                        action="quarantine",
                        entity="problem",
                        entity_id=problem.origin[:128],
                        detail={"reason": problem.reason},
                    )
                )
        except SQLAlchemyError as exc:
            raise _storage_error(exc, self.url, "cannot record a problem") from exc

    # -- reading -------------------------------------------------------------------------------------------

    def known_raw_hashes(self) -> set[str]:
        """Hashes of the raw inputs already stored: a resumed run skips them without reading them again."""
        with self.session() as session:
            return set(session.scalars(select(ArticleRow.raw_hash)))

    def stats(self) -> LedgerStats:
        with self.session() as session:
            return LedgerStats(
                articles=session.scalar(select(func.count()).select_from(ArticleRow)) or 0,
                claims=session.scalar(select(func.count()).select_from(ClaimRow)) or 0,
                problems=session.scalar(select(func.count()).select_from(ProblemRow)) or 0,
            )

    def problems(self) -> list[Problem]:
        with self.session() as session:
            rows = session.scalars(select(ProblemRow).order_by(ProblemRow.pk))
            return [Problem(origin=r.origin, reason=r.reason, message=r.message, hint=r.hint, at=r.at) for r in rows]

    def article(self, article_id: str) -> Article | None:
        with self.session() as session:
            row = session.get(ArticleRow, article_id)
            return _article(row) if row is not None else None

    def claims(self, where: ClaimFilter | None = None, **filters: Any) -> list[StoredClaim]:
        """Claims matching ``where`` (or the same fields as keywords), oldest article first."""
        query = where or ClaimFilter(**filters)
        if query.sort is not None:
            return [record_stored(record) for record in self.claim_page(query)]
        stmt = select(ClaimRow, ArticleRow).join(ArticleRow).where(*claim_conditions(query, period=True))
        stmt = stmt.order_by(ArticleRow.published, ArticleRow.id, ClaimRow.position).offset(query.offset or None)
        if query.limit is not None:
            stmt = stmt.limit(query.limit)
        with self.session() as session:
            return [_stored(claim, article) for claim, article in session.execute(stmt)]

    def claim_page(self, query: ClaimFilter, *, where: Sequence[ColumnElement[bool]] = ()) -> list[ClaimRecord]:
        """One sorted page (``query.sort``, ``offset``, ``limit``) of the matching claims, plus conditions of
        the caller's own (``where``, on ``ClaimRow`` columns), as stored JSON with the article's metadata."""
        rows = self._page_rows(query, where)
        return [ClaimRecord(pk, json.loads(text), **_article_meta(article)) for pk, _, text, *article in rows]

    def claim_page_text(self, query: ClaimFilter, *, where: Sequence[ColumnElement[bool]] = ()) -> list[ClaimText]:
        """The page of :meth:`claim_page` with each claim as its stored JSON text, not parsed."""
        return _claim_texts(self._page_rows(query, where))

    async def claim_page_text_async(self, pool: AsyncConnectionPool, query: ClaimFilter) -> list[ClaimText] | None:
        """:meth:`claim_page_text` on PostgreSQL, on an event loop (``pool``: :meth:`async_page_pool`); None when
        the page needs the planned path (filters beyond the common ones, or a few claims whose time began before
        its period): call :meth:`claim_page_text` then. In a thread, a page cost its server process 0.2 ms more
        CPU (the hand-over both ways) and waited for the interpreter lock after each round trip."""
        import psycopg
        from psycopg_pool import PoolTimeout

        days, values, common = self._page_setup(query, ())
        if not common:
            return None
        try:
            # A connection the server closed (a restart) is dropped by the pool: try the next, then a new one.
            for attempt in range(pool.max_size + 1):
                try:
                    rows = await self._page_rows_async(pool, query, days, values)
                    break
                except _ClosedConnection:
                    if attempt == pool.max_size:
                        raise
        except (psycopg.Error, PoolTimeout, _ClosedConnection) as exc:
            raise _storage_error(exc, self.url, "cannot query claims") from exc
        return None if rows is None else _claim_texts(rows[: _wanted(query) - query.offset])

    async def _page_rows_async(
        self, pool: AsyncConnectionPool, query: ClaimFilter, days: list[str] | None, values: dict[str, Any]
    ) -> list[Any] | None:
        """The rows of :meth:`claim_page_text_async`'s page (None: see there), on one of ``pool``'s connections."""
        import psycopg

        async with pool.connection() as connection:
            cursor = connection.cursor()
            try:
                ranged = _few(await self._ranged_statement(query).run_async(cursor, values)) if query.since else None
                if ranged:
                    return None
                return await self._page_statement(query, ranged, days).run_async(cursor, values)
            except psycopg.OperationalError as exc:
                if connection.broken:
                    raise _ClosedConnection(str(exc)) from exc
                raise

    def _page_setup(
        self, query: ClaimFilter, where: Sequence[ColumnElement[bool]]
    ) -> tuple[list[str] | None, dict[str, Any], bool]:
        """A page's days read one by one (``_period_days``, PostgreSQL), its parameters, and whether it has only
        the common filters (SQL compiled once per shape: ``_page_statement``)."""
        if (query.sort or "published").lstrip("-") not in SORT_COLUMNS:
            raise ClaimledgerError(
                f"unknown sort {query.sort!r}",
                hint=f"sort by one of {', '.join(SORT_COLUMNS)} (prefix - for descending)",
            )
        days = _period_days(query) if self.engine.dialect.name == "postgresql" else None
        common = not (query.place or query.source or query.outlet or query.article_id or where)
        return days, _page_values(query, days), common

    def _page_rows(self, query: ClaimFilter, where: Sequence[ColumnElement[bool]]) -> list[Any]:
        """The rows of a page, in order: (pk, claim id, claim JSON text, article id, published, outlet, url,
        title, origin).

        Two steps in one statement, so the indexes do the work: the page's keys from ``claims`` alone (an index on
        the filter and sort columns reads a few hundred entries, not every match), then those rows with their
        articles. The statement takes its values as named parameters, so a page with only the common filters
        (category, status, party, period) runs SQL compiled once per shape: building and compiling the statement
        cost more than SQLite's own work.
        """
        days, values, common = self._page_setup(query, where)
        dbapi_error = self.engine.dialect.loaded_dbapi.Error
        try:
            # Core, not the ORM, and the driver's cursor for the prepared SQL: a page is read-only rows, and
            # SQLAlchemy's execution and result objects cost more than the driver's own calls. No transaction
            # (SQLite's driver is in autocommit mode here, PostgreSQL's ``page_engine`` too).
            ranged: list[int] | None = None
            if common:
                with self.page_engine.connect() as connection:
                    cursor = connection.connection.cursor()
                    ranged = _few(self._ranged_statement(query).run(cursor, values)) if query.since else None
                    if not ranged:
                        rows = self._page_statement(query, ranged, days).run(cursor, values)
                    cursor.close()
            if not common or ranged:
                # Uncommon filters, or a few ranged claims (listed: ``_ranged_statement``): planned with their values
                # (see ``page_engine``); more than a few are found by the prepared statement itself.
                with self.engine.connect() as connection:
                    if connection.dialect.name != "sqlite":
                        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
                    rows = list(
                        connection.execute(_page_select(query, where, ranged, day_list=days is not None), values)
                    )
        except (SQLAlchemyError, dbapi_error) as exc:
            raise _storage_error(exc, self.url, "cannot query claims") from exc
        return rows[: _wanted(query) - query.offset]

    def _ranged_statement(self, query: ClaimFilter) -> _Prepared:
        """The claims of the page's categories whose time is a range that begins before ``query.since`` and reaches
        into it, from the partial index ``ix_claims_ranged`` alone (at most one more than ``_few`` keeps).

        Asked first and on its own because PostgreSQL cannot estimate ``day_end > day`` (it assumes a third of
        the rows) and, with more conditions beside it, walks a month of another index instead (50-100 ms for a
        set that is usually empty)."""
        return self._prepared(("ranged", len(query.categories)), query, [])

    def _page_statement(self, query: ClaimFilter, ranged: list[int] | None, days: list[str] | None) -> _Prepared:
        """The prepared page of a query with the common filters only; ``ranged``: ``[]`` (none reach into the
        period) or None (too many to list: found within the statement)."""
        shape = (query.sort, len(query.categories), len(query.statuses), len(query.parties))
        since = "none" if not query.since else "inside" if ranged == [] else "union"
        page = (query.offset, _wanted(query), days is not None)
        return self._prepared(("page", *shape, since, bool(query.until), *page), query, ranged)

    def _prepared(self, shape: tuple[Any, ...], query: ClaimFilter, ranged: Sequence[int] | None = None) -> _Prepared:
        """The compiled SQL of a page (``query``'s shape, ``ranged`` as for ``_keys_select``) or of the ranged
        claims before its period (``shape[0] == "ranged"``), cached."""
        found = self._statements.get(shape)
        if found is None:
            if len(self._statements) >= _STATEMENTS_AT_MOST:  # deep pages each have their own
                self._statements.clear()
            statement: Select[*tuple[Any, ...]]
            if shape[0] == "ranged":
                statement = _ranged_select(len(query.categories))
            else:
                statement = _page_select(query, (), ranged, day_list=shape[-1])
            compiled = statement.compile(dialect=self.engine.dialect)
            assert isinstance(compiled, SQLCompiler)
            found = _Prepared(compiled)
            self._statements[shape] = found
        return found

    def optimize(self) -> None:
        """Refresh the planner's statistics after a large ingest (SQLite ``ANALYZE``; PostgreSQL ``VACUUM
        ANALYZE``, which also marks pages all-visible so the covering indexes answer without the table):
        without them the planner may scan a million claims where an index reads a few hundred entries."""
        try:
            if self.engine.dialect.name == "postgresql":
                with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                    connection.exec_driver_sql("VACUUM ANALYZE")
                return
            with self.engine.execution_options(**{_WRITE: True}).begin() as connection:
                connection.exec_driver_sql("ANALYZE")
        except SQLAlchemyError as exc:
            raise _storage_error(exc, self.url, "cannot refresh the planner's statistics") from exc

    def find_claim(self, claim_id: str) -> list[StoredClaim]:
        """Every stored claim with this id: ``ARTICLE16-CLAIMID`` as everything shows it (:func:`claim_ref`), the
        claim's own id, ``ARTICLE_PREFIX:CLAIM_ID``, or an id prefix when ids are short."""
        claim_id = claim_id.strip()
        ref = _CLAIM_REF.match(claim_id)
        if ref:
            found = self.find_claim(f"{ref[1]}:{ref[2]}")
            if found:
                return found
        article_part, _, claim_part = claim_id.rpartition(":")
        stmt = select(ClaimRow, ArticleRow).join(ArticleRow)
        if article_part:
            stmt = stmt.where(ClaimRow.claim_id == claim_part, ClaimRow.article_id.startswith(article_part))
        else:
            stmt = stmt.where(ClaimRow.claim_id == claim_id)
        with self.session() as session:
            rows = list(session.execute(stmt.order_by(ClaimRow.pk)))
            if not rows and not article_part and len(claim_id) >= 6:
                rows = list(
                    session.execute(
                        select(ClaimRow, ArticleRow).join(ArticleRow).where(ClaimRow.claim_id.startswith(claim_id))
                    )
                )
            return [_stored(claim, article) for claim, article in rows]

    def iter_results(self, *, batch_size: int = 200) -> Iterator[ReadResult]:
        """Every stored article with its claims, as the reader returned them (for corroboration, exports)."""
        with self.session() as session:
            stmt = (
                select(ArticleRow)
                .options(selectinload(ArticleRow.claims))
                .order_by(ArticleRow.published, ArticleRow.id)
                .execution_options(yield_per=batch_size)
            )
            for row in session.scalars(stmt):
                yield result_from_row(row)

    def claims_frame(self, where: ClaimFilter | None = None, **filters: Any) -> pandas.DataFrame:
        """The selected claims as a pandas DataFrame, one row per claim (the ``csv`` export's columns)."""
        import pandas

        rows = [flat_row(stored) for stored in self.claims(where, **filters)]
        return pandas.DataFrame(rows, columns=list(CSV_COLUMNS))

    # -- opening -------------------------------------------------------------------------------------------

    def _open(self) -> Engine:
        try:
            engine = create_engine(self.url, connect_args=_connect_args(self.url), **_pool_args(self.url))
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StorageError(
                f"cannot open database URL {self.url!r} ({exc})",
                hint="give a SQLite path or a URL like postgresql+psycopg://user@host/db",
            ) from exc
        if engine.dialect.name == "sqlite":
            _sqlite_setup(engine)
        try:
            _migrate(engine)
        except SQLAlchemyError as exc:
            engine.dispose()
            raise _storage_error(exc, self.url, "cannot open or migrate the database") from exc
        return engine


def _pool_args(url: str, *, pages: bool = False) -> dict[str, Any]:
    """A server's pools. The claims pages have their own (``Ledger.page_engine``) of a fixed size
    (``Settings.page_connections``, no overflow: a connection opened beyond the pool was a PostgreSQL server process
    forked and ended per request); a page beyond them waits for one. The other queries keep SQLAlchemy's 5 (+10)."""
    if url.startswith("sqlite"):
        return {}
    return (
        {"pool_size": get_settings().page_connections, "max_overflow": 0}
        if pages
        else {"pool_size": 5, "max_overflow": 10}
    )


def _connect_args(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[-1]
        if path and path != ":memory:" and not Path(path).parent.is_dir():
            raise StorageError(
                f"folder {Path(path).parent} does not exist", where=path, hint="create it or give another --db"
            )
        return {"timeout": _SQLITE_BUSY_MS / 1000}
    return {}


def _sqlite_setup(engine: Engine) -> None:
    """WAL for readers beside a writer, memory-mapped reads; driver autocommit off so we issue BEGIN (IMMEDIATE
    for writes) ourselves."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {_SQLITE_BUSY_MS}")
        _wal(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        # Reads through the OS page cache instead of copying each page into SQLite's 2 MB one: a claims page
        # walks index pages spread over a gigabyte at a million claims (-15% CPU per page of the claims API).
        cursor.execute(f"PRAGMA mmap_size = {_SQLITE_MMAP_BYTES}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get(_WRITE) else "BEGIN")


def _wal(cursor: Any) -> None:
    """Switch the file to WAL (once per file; then a no-op). The switch needs the file to itself, and SQLite
    answers "database is locked" at once, without waiting out the busy timeout, when another process opening a
    new ledger holds it: wait here instead (two writers opening one new file failed 1 time in 7)."""
    deadline = time.monotonic() + _SQLITE_BUSY_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def alembic_config() -> Config:
    """The ledger's migrations plus any ``claimledger/<module>/migrations/versions`` other modules add for their
    own tables (their first revision has ``down_revision = "0001"`` and their models use ``models.Base``)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    locations = [
        MIGRATIONS / "versions",
        *sorted(p for p in PACKAGE.glob("*/migrations/versions") if p.parent != MIGRATIONS),
    ]
    config.set_main_option("version_locations", " ".join(str(p) for p in locations))
    config.set_main_option("path_separator", "space")
    return config


def _migrate(engine: Engine) -> None:
    """``upgrade heads`` inside one locked transaction, so concurrent first opens of a new database are safe."""
    config = alembic_config()
    scripts = ScriptDirectory.from_config(config)
    heads = set(scripts.get_heads())
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    if current == heads:
        return
    with engine.execution_options(**{_WRITE: True}).begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
        current = set(MigrationContext.configure(connection).get_current_heads())
        if current == heads:
            return
        unknown = current - {script.revision for script in scripts.walk_revisions()}
        if unknown:
            raise StorageError(
                f"the database is at schema revision {', '.join(sorted(unknown))}, newer than this claimledger knows",
                hint="upgrade claimledger, or use another --db",
            )
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


def _storage_error(exc: Exception, url: str, what: str) -> StorageError:
    detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    return StorageError(
        f"{what}: {detail}", where=_redact(url), hint="check --db / CLAIMLEDGER_DB and that the server is up"
    )


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"


def article_values(article: Article, *, raw_hash: str, origin: str | None, at: datetime) -> dict[str, Any]:
    """The ``articles`` row of an article: the one mapping every writer (``Ledger.add``, the batch's Parquet
    output) uses."""
    return {
        "id": article.id,
        "raw_hash": raw_hash,
        "text": article.text,
        "title": article.title,
        "url": article.url,
        "outlet": article.outlet,
        "published": article.published,
        "language": article.language,
        "origin": origin,
        "ingested_at": at,
    }


def claim_row(article_id: str, position: int, claim: Claim, *, published: str | None) -> ClaimRow:
    """The ``claims`` row of a claim (with its places and sources), ``published`` being its article's date:
    the one mapping every writer (``Ledger.add``, the batch's Parquet output) uses."""
    located = primary_place(claim)
    return ClaimRow(
        claim_id=claim.id,
        article_id=article_id,
        position=position,
        category=claim.category,
        status=claim.status,
        low=claim.count.low,
        high=claim.count.high,
        approximate=claim.count.approximate,
        count_text=claim.count.text,
        subject=claim.subject.text,
        affiliation=claim.subject.affiliation,
        party=claim.subject.party,
        when_start=claim.when.start,
        when_end=claim.when.end,
        when_precision=claim.when.precision,
        published=published,
        day=claim.when.start or claim.when.end or published,
        day_end=claim.when.end or claim.when.start or published,
        geonameid=located.geonameid if located else None,
        place_name=(located.name or located.text) if located else None,
        country=located.country if located else None,
        lat=located.lat if located else None,
        lon=located.lon if located else None,
        evidence_start=claim.evidence.start,
        evidence_end=claim.evidence.end,
        data=claim_dict(claim),
        places=[
            PlaceRow(
                position=i,
                text=p.text,
                start=p.start,
                end=p.end,
                geonameid=p.geonameid,
                name=p.name,
                country=p.country,
                lat=p.lat,
                lon=p.lon,
                feature=p.feature,
                role=p.role,
                precision=p.precision,
            )
            for i, p in enumerate(claim.places)
        ],
        sources=[SourceRow(position=i, text=s.text, kind=s.kind, named=s.named) for i, s in enumerate(claim.sources)],
    )


def claim_conditions(query: ClaimFilter, *, period: bool = True) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a filter on ``ClaimRow`` (and ``ArticleRow`` for an outlet, so join it then).

    ``period=False`` leaves the period out for callers that split it (see ``Ledger.claim_page``). A claim is in
    a period when its days overlap it (``day`` <= until and ``day_end`` >= since).
    """
    conditions = _column_conditions(query.categories, query.statuses, [p.lower() for p in query.parties])
    if query.article_id:
        conditions.append(ClaimRow.article_id.startswith(query.article_id))
    if query.outlet:
        conditions.append(func.lower(ArticleRow.outlet) == query.outlet.lower())
    if query.place:
        conditions.append(_place_condition(query.place))
    if query.source:
        word = query.source.lower()
        conditions.append(
            select(SourceRow.pk)
            .where(
                SourceRow.claim_pk == ClaimRow.pk,
                or_(SourceRow.kind == word, func.lower(SourceRow.text).contains(word)),
            )
            .exists()
        )
    if period and query.since:
        conditions.append(ClaimRow.day_end >= query.since)
    if period and query.until:
        conditions.append(ClaimRow.day <= query.until)
    return conditions


def _column_conditions(categories: Sequence[Any], statuses: Sequence[Any], parties: Sequence[Any]) -> list[Any]:
    """The conditions on the claim's own columns; values or bound parameters (``parties`` in lower case)."""
    conditions: list[ColumnElement[bool]] = []
    if categories:
        conditions.append(ClaimRow.category.in_(categories))
    if statuses:
        conditions.append(ClaimRow.status.in_(statuses))
    if parties:
        conditions.append(func.lower(ClaimRow.party).in_(parties))
    return conditions


def _periods(since: Any, until: Any) -> list[list[ColumnElement[bool]]]:
    """The period as disjoint parts, each an index range: claims whose first day is in it, and (with a start)
    ranged claims that began before it and reach into it (the partial index ``ix_claims_ranged``)."""
    inside: list[ColumnElement[bool]] = []
    if since is not None:
        inside.append(ClaimRow.day >= since)
    if until is not None:
        inside.append(ClaimRow.day <= until)
    if since is None:
        return [inside]
    before = [ClaimRow.day_end > ClaimRow.day, ClaimRow.day_end >= since, ClaimRow.day < since]
    if until is not None:
        before.append(ClaimRow.day <= until)
    return [inside, before]


def _page_values(query: ClaimFilter, days: list[str] | None) -> dict[str, Any]:
    """The parameters of a page's statements (see ``_keys_select``); ``days``: of ``_period_days`` when read so."""
    values: dict[str, Any] = {f"category_{i}": v for i, v in enumerate(query.categories)}
    if days is not None:
        values["days"] = days
    values.update({f"status_{i}": v for i, v in enumerate(query.statuses)})
    values.update({f"party_{i}": v.lower() for i, v in enumerate(query.parties)})
    values.update(since=query.since or None, until=query.until or None)
    return {name: value for name, value in values.items() if value is not None}


def _period_days(query: ClaimFilter) -> list[str] | None:
    """The days of a page's period when its keys are best read day by day (PostgreSQL), else None.

    A month of one category holds ~7,000 claims at a million; sorted by anything but ``day``, all were read and
    sorted for a page of 50, and PostgreSQL checked the visibility map at each (~5,600 buffer reads, half of its
    time in the claims API). Within one day of one category (and status) the indexes ``(category[, status], day,
    <sort>, pk)`` are in page order, so the page's keys are the best of each day's first page: a month, at most
    31 x 50 entries in ~180 buffer reads (2.8 against 1.4 ms a page, idle). One category, one status at most, a
    date or count sort, up to ``_DAYS_AT_MOST`` days. A claim's ``day`` is an ISO date (``claim_row``), so the
    period's days are exactly its values in the period. (A UNION of a query per day read even fewer entries but
    cost ~15 ms to compile and ~4 ms to plan per shape and connection: the first pages came late.)
    """
    if (
        len(query.categories) != 1
        or len(query.statuses) > 1
        or (query.sort or "published").lstrip("-") not in _DAY_SORTS
    ):
        return None
    try:
        first, last = date.fromisoformat(str(query.since)), date.fromisoformat(str(query.until))
    except ValueError:  # no period, or a bound that is not a day: the period's range instead
        return None
    if not 0 <= (last - first).days < _DAYS_AT_MOST:
        return None
    return [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def _wanted(query: ClaimFilter) -> int:
    """How many rows a page's statement reads: its offset and its limit (50 when none)."""
    return query.offset + (query.limit if query.limit is not None else 50)


def _ranged_select(categories: int) -> Select[Any]:
    """Claims whose days are a range that ends on or after ``since`` (parameter), of ``categories`` categories."""
    conditions = [ClaimRow.day_end > ClaimRow.day, ClaimRow.day_end >= bindparam("since", type_=String)]
    if categories:
        conditions.append(ClaimRow.category.in_([bindparam(f"category_{i}") for i in range(categories)]))
    return select(ClaimRow.pk).where(*conditions).limit(_RANGED_AT_MOST + 1)


def _keys_select(
    query: ClaimFilter, where: Sequence[ColumnElement[bool]], ranged: Sequence[int] | None = None, *, day_list: bool
) -> Select[Any]:
    """A page's keys (pk, sort key), sorted, its common filters bound to the parameters of ``_page_values``.

    ``ranged``: the claims of ``_ranged_select`` when they were looked up (none: the period's own days only),
    or None to find them by the partial index within this statement.

    With a period, the period's index drives and the few thousand matches are sorted: an index in sort order
    would look fast to a planner assuming dates spread evenly, and read 100,000 rows to find a past month. Sorted
    by a date (an article's is near its claim's day), the period's index is walked in the page's direction, so the
    top-N sort mostly keeps what it has: walked forward, a newest-first page replaced its 50 kept rows at almost
    every entry (-0.6 ms of PostgreSQL's CPU on a month of 7,000 claims). Only with one category and one status
    at most, whose day entries are in day order.
    """
    key = query.sort or "published"
    column = SORT_COLUMNS[key.lstrip("-")]
    descending = key.startswith("-")
    if query.since or query.until:
        column = func.coalesce(column, column)
    order = (column.desc(), ClaimRow.pk.desc()) if descending else (column.asc(), ClaimRow.pk.asc())
    conditions = [
        *_column_conditions(
            [bindparam(f"category_{i}") for i in range(len(query.categories))],
            [bindparam(f"status_{i}") for i in range(len(query.statuses))],
            [bindparam(f"party_{i}") for i in range(len(query.parties))],
        ),
        *claim_conditions(replace(query, categories=[], statuses=[], parties=[]), period=False),
        *where,
    ]
    since = bindparam("since", type_=String) if query.since else None
    until = bindparam("until", type_=String) if query.until else None
    # Numbers in the SQL, not parameters: a generic plan with a parameter as LIMIT assumes a tenth of the matches
    # are wanted and sorted 10,000 entries where walking an index in sort order reads 140 (18 ms, not 0.2).
    wanted: Any = literal_column(str(_wanted(query)))
    offset: Any = literal_column(str(query.offset))
    periods = _periods(since, until)
    if ranged is not None and since is not None:
        periods = periods[:1] + ([[ClaimRow.pk.in_(ranged), *periods[1][2:]]] if ranged else [])
    by_day = (
        (since is not None or until is not None)
        and key.lstrip("-") in _DATE_SORTS
        and len(query.categories) <= 1
        and len(query.statuses) <= 1
    )
    needs_article = bool(query.outlet)
    parts = [
        _day_by_day(conditions, key, wanted, needs_article=needs_article)
        if day_list and not n
        else _keys(conditions + part, order, wanted, needs_article=needs_article, walk_days=by_day and not n)
        for n, part in enumerate(periods)
    ]
    if len(parts) == 1:
        return parts[0].offset(offset)
    union = union_all(*(select(p.c.pk, p.c.key) for p in (part.subquery() for part in parts))).subquery()
    sort_key = (union.c.key.desc(), union.c.pk.desc()) if descending else (union.c.key.asc(), union.c.pk.asc())
    return select(union.c.pk, union.c.key).order_by(*sort_key).offset(offset).limit(wanted)


def _keys(
    conditions: list[ColumnElement[bool]],
    order: tuple[Any, Any],
    limit: Any,
    *,
    needs_article: bool,
    walk_days: bool = False,
) -> Select[Any]:
    """The first ``limit`` keys (pk, sort key) in ``order``; ``walk_days``: read in day order in the sort's
    direction first (see ``_keys_select``)."""
    stmt = select(ClaimRow.pk, order[0].element.label("key"))
    if needs_article:
        stmt = stmt.join(ArticleRow)
    stmt = stmt.where(*conditions)
    if not walk_days:
        return stmt.order_by(*order).limit(limit)
    descending = order[1].modifier is operators.desc_op
    days = stmt.order_by(ClaimRow.day.desc() if descending else ClaimRow.day.asc())
    if descending:  # a LIMIT keeps SQLite from flattening the walk into the page, which dropped its order
        days = days.limit(literal_column(str(_NO_LIMIT)))
    walk = days.subquery("walk")
    sort = (walk.c.key.desc(), walk.c.pk.desc()) if descending else (walk.c.key.asc(), walk.c.pk.asc())
    return select(walk.c.pk, walk.c.key).order_by(*sort).limit(limit)


def _day_by_day(conditions: list[ColumnElement[bool]], key: str, limit: Any, *, needs_article: bool) -> Select[Any]:
    """The first ``limit`` keys (pk, sort key) sorted by ``key``, of the days in the ``days`` parameter: each day's
    first ``limit`` from an index in that order, then the best of them (see ``_period_days``)."""
    column = SORT_COLUMNS[key.lstrip("-")]
    descending = key.startswith("-")
    in_day = (column.desc(), ClaimRow.pk.desc()) if descending else (column.asc(), ClaimRow.pk.asc())
    listed = func.unnest(bindparam("days", type_=postgresql_dml.ARRAY(String)))
    days = listed.table_valued("day").render_derived(name="days")
    firsts = _keys([*conditions, ClaimRow.day == days.c.day], in_day, limit, needs_article=needs_article)
    day = firsts.lateral("firsts")
    sort = (day.c.key.desc(), day.c.pk.desc()) if descending else (day.c.key.asc(), day.c.pk.asc())
    return select(day.c.pk, day.c.key).select_from(days).join(day, true()).order_by(*sort).limit(limit)


def _page_select(
    query: ClaimFilter, where: Sequence[ColumnElement[bool]], ranged: Sequence[int] | None, *, day_list: bool = False
) -> Select[*tuple[Any, ...]]:
    """The rows of a page in order: its keys (``_keys_select``) as ``pk IN (...)``, their claims as stored JSON
    text, and articles. Not a join on the keys as a derived table: SQLite materialised that and then spent twice
    as long on the page (1.4 against 0.76 ms on a month of 7,000 claims); the page's 51 rows are sorted again."""
    keys = _keys_select(query, where, ranged, day_list=day_list).subquery("page_keys")
    column = SORT_COLUMNS[(query.sort or "published").lstrip("-")]
    order = (column.desc(), ClaimRow.pk.desc()) if (query.sort or "").startswith("-") else (column, ClaimRow.pk)
    return (
        select(
            ClaimRow.pk,
            ClaimRow.claim_id,
            cast(ClaimRow.data, Text),
            ArticleRow.id,
            ArticleRow.published,
            ArticleRow.outlet,
            ArticleRow.url,
            ArticleRow.title,
            ArticleRow.origin,
        )
        .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
        .where(ClaimRow.pk.in_(select(keys.c.pk)))
        .order_by(*order)
    )


class _Prepared:
    """A compiled statement run on the driver's cursor: no statement building, cache key, compilation or result
    processing per call."""

    def __init__(self, compiled: SQLCompiler) -> None:
        self.compiled = compiled
        self.sql = compiled.string
        self.names = list(compiled.positiontup or []) if compiled.positional else None

    def run(self, cursor: Any, values: dict[str, Any]) -> list[Any]:
        """Every row."""
        cursor.execute(self.sql, self._params(values))
        rows: list[Any] = cursor.fetchall()
        return rows

    async def run_async(self, cursor: Any, values: dict[str, Any]) -> list[Any]:
        """Every row, on an asyncio cursor."""
        await cursor.execute(self.sql, self._params(values))
        rows: list[Any] = await cursor.fetchall()
        return rows

    def _params(self, values: dict[str, Any]) -> Any:
        """The parameters in the driver's style (a tuple for ``?``, a dict for ``%(name)s``)."""
        params = self.compiled.construct_params(values)
        return tuple(params[name] for name in self.names) if self.names is not None else params


class _ClosedConnection(Exception):
    """A pooled connection the server had closed: the page may be asked again on another."""


def _few(rows: list[Any]) -> list[int] | None:
    """The keys of ``Ledger._ranged_statement``'s rows, or None when there are too many to list."""
    return [row[0] for row in rows] if len(rows) <= _RANGED_AT_MOST else None


def _claim_texts(rows: Iterable[Any]) -> list[ClaimText]:
    return [ClaimText(pk, claim_id, text, **_article_meta(article)) for pk, claim_id, text, *article in rows]


def record_stored(record: ClaimRecord) -> StoredClaim:
    """The stored claim of a page row, as records."""
    return StoredClaim(claim=claim_from_dict(record.data), **_article_meta(getattr(record, n) for n in _ARTICLE_META))


_ARTICLE_META = [field.name for field in dataclasses.fields(ArticleMeta)]


def _article_meta(values: Iterable[Any]) -> dict[str, Any]:
    """An article's metadata, in :class:`ArticleMeta`'s field order (the order of a page row's last columns)."""
    return dict(zip(_ARTICLE_META, values, strict=True))


def _place_condition(place: str) -> Any:
    """A GeoNames id, an ISO country code, or a name as written or as resolved (case-insensitive)."""
    if place.isdigit():
        return select(PlaceRow.pk).where(PlaceRow.claim_pk == ClaimRow.pk, PlaceRow.geonameid == int(place)).exists()
    name = place.lower()
    by_name = (
        select(PlaceRow.pk)
        .where(
            PlaceRow.claim_pk == ClaimRow.pk, or_(func.lower(PlaceRow.name) == name, func.lower(PlaceRow.text) == name)
        )
        .exists()
    )
    if len(place) == 2 and place.isalpha():
        return or_(by_name, ClaimRow.country == place.upper())
    return by_name


def result_from_row(row: ArticleRow) -> ReadResult:
    """A stored article and its claims as the reader's record (its ``claims`` relation must be loaded)."""
    return ReadResult(article=_article(row), claims=[claim_from_dict(c.data) for c in row.claims])


def _article(row: ArticleRow) -> Article:
    return Article(
        id=row.id,
        text=row.text,
        published=row.published,
        url=row.url,
        outlet=row.outlet,
        title=row.title,
        language=row.language,
    )


def _stored(claim: ClaimRow, article: ArticleRow) -> StoredClaim:
    return StoredClaim(
        claim=claim_from_dict(claim.data),
        article_id=article.id,
        published=article.published,
        outlet=article.outlet,
        url=article.url,
        title=article.title,
        origin=article.origin,
    )


__all__ = [
    "MIGRATIONS",
    "SORT_COLUMNS",
    "Ledger",
    "alembic_config",
    "claim_conditions",
    "article_values",
    "claim_row",
    "database_url",
    "record_stored",
]
