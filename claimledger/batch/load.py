"""Bulk-load a batch output folder into the ledger: PostgreSQL ``COPY``, SQLite batched inserts; idempotent.

One transaction per partition. Articles already in the ledger (same id: the sha256 of the cleaned text) are
left alone with their claims, so loading twice, or loading two overlapping runs, stores every article once;
a load killed half-way leaves whole partitions only. Claim rows were built on the workers by the ledger's own
mapping; places and sources are the claim JSON's items under the ledger's column names (no ORM objects: they
cost more than the database here), so a loaded ledger holds what ``ingest`` would have stored.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import fsspec
import psycopg
import pyarrow.parquet as pq
import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from ..corroborate import UpdateSummary, corroborate_ledger
from ..errors import StorageError
from ..ledger import Ledger
from ..ledger.models import ArticleRow, ChangeRow, ClaimRow, PlaceRow, SourceRow
from ..ledger.types import Problem
from .parquet import ARTICLES_SCHEMA, CLAIMS_SCHEMA
from .run import DONE, REPORT, BatchError

_ID_CHUNK = 500  # ids per "which of these exist" query


@dataclass
class LoadSummary:
    partitions: int = 0
    articles: int = 0  # new articles stored
    claims: int = 0
    already: int = 0  # articles the ledger already held
    problems: int = 0  # problems recorded (read problems and failed partitions)
    elapsed: float = 0.0
    method: str = ""  # "copy" (PostgreSQL) or "insert"
    corroboration: UpdateSummary | None = None  # what the incremental corroboration update did


def load(out: str, ledger: Ledger, *, on_progress: Callable[[LoadSummary, int], None] | None = None) -> LoadSummary:
    """Load every finished partition under ``out`` into ``ledger``; returns what was added."""
    started = time.perf_counter()
    fs, root = fsspec.core.url_to_fs(out)
    if not fs.isdir(f"{root}/{DONE}"):
        raise BatchError(
            "not a batch output folder (no done/ folder)", where=out, hint="give the --out DIR of `claimledger batch`"
        )
    keys = sorted(p.rsplit("/", 1)[-1].removesuffix(".json") for p in fs.ls(f"{root}/{DONE}", detail=False))
    keys = [k for k in keys if not k.startswith(".")]
    summary = LoadSummary(method="copy" if ledger.engine.dialect.name == "postgresql" else "insert")
    for key in keys:
        articles = pq.read_table(fs.open(f"{root}/articles/{key}.parquet", "rb"), schema=ARTICLES_SCHEMA).to_pylist()
        claims = pq.read_table(fs.open(f"{root}/claims/{key}.parquet", "rb"), schema=CLAIMS_SCHEMA).to_pylist()
        problems = pq.read_table(fs.open(f"{root}/problems/{key}.parquet", "rb")).to_pylist()
        try:
            with ledger.write_session() as session, session.begin():
                new, claimed = _load_partition(session.connection(), articles, claims, summary.method)
        except (SQLAlchemyError, psycopg.Error) as exc:
            detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise StorageError(
                f"cannot load partition {key} ({detail})", where=out, hint="check --db and that the server is up"
            ) from exc
        summary.articles += new
        summary.claims += claimed
        summary.already += len(articles) - new
        for row in problems:
            ledger.add_problem(Problem(row["origin"], row["reason"], row["message"], row["hint"]))
            summary.problems += 1
        summary.partitions += 1
        summary.elapsed = time.perf_counter() - started
        if on_progress is not None:
            on_progress(summary, len(keys))
    for failure in _failures(fs, root):
        ledger.add_problem(failure)
        summary.problems += 1
    summary.corroboration = corroborate_ledger(ledger)  # only the articles not corroborated yet
    summary.elapsed = time.perf_counter() - started
    return summary


def _failures(fs: fsspec.AbstractFileSystem, root: str) -> list[Problem]:
    """The partitions the last batch run could not read, as ledger problems (so `claimledger problems` shows them)."""
    if not fs.exists(f"{root}/{REPORT}"):
        return []
    report = json.loads(fs.cat_file(f"{root}/{REPORT}"))
    return [
        Problem(f.get("partition") or f["input"], f["reason"], f["message"], f.get("hint"))
        for f in report.get("failures", [])
    ]


def _load_partition(
    connection: Connection, articles: list[dict[str, Any]], claims: list[dict[str, Any]], method: str
) -> tuple[int, int]:
    """Insert the partition's new articles and their claims, places, sources and change-log rows."""
    if method == "copy":
        new_ids = _copy_articles(connection, articles)
    else:
        new_ids = _insert_articles(connection, articles)
    if not new_ids:
        return 0, 0
    fresh = [c for c in claims if c["article_id"] in new_ids]
    pks = _claim_pks(connection, len(fresh), method)
    claim_rows: list[dict[str, Any]] = []
    place_rows: list[dict[str, Any]] = []
    source_rows: list[dict[str, Any]] = []
    for pk, row in zip(pks, fresh, strict=True):
        data = json.loads(row["data"])
        claim_rows.append({**row, "pk": pk, "data": data})
        place_rows.extend(_item_row(place, PlaceRow, pk, i) for i, place in enumerate(data["places"]))
        source_rows.extend(_item_row(source, SourceRow, pk, i) for i, source in enumerate(data["sources"]))
    now = datetime.now(UTC)
    by_article: dict[str, list[str]] = {}
    for row in fresh:
        by_article.setdefault(row["article_id"], []).append(row["claim_id"])
    changes = [
        {
            "at": now,
            "action": "insert",
            "entity": "article",
            "entity_id": a["id"],
            "detail": {"origin": a["origin"], "raw_hash": a["raw_hash"], "claims": by_article.get(a["id"], [])},
        }
        for a in articles
        if a["id"] in new_ids
    ]
    if method == "copy":
        _copy(connection, ClaimRow, claim_rows)
        _copy(connection, PlaceRow, place_rows)
        _copy(connection, SourceRow, source_rows)
        _copy(connection, ChangeRow, changes)
    else:
        for model, rows in ((ClaimRow, claim_rows), (PlaceRow, place_rows), (SourceRow, source_rows)):
            if rows:
                connection.execute(sa.insert(model), rows)
        connection.execute(sa.insert(ChangeRow), changes)
    return len(new_ids), len(claim_rows)


def _item_row(item: dict[str, Any], model: Any, claim_pk: int, position: int) -> dict[str, Any]:
    """A place or source of a claim's JSON as a row of its table: the fields the table has columns for."""
    row = {c.name: item.get(c.name) for c in model.__table__.columns if c.name not in ("pk", "claim_pk", "position")}
    return {**row, "claim_pk": claim_pk, "position": position}


def _insert_articles(connection: Connection, articles: list[dict[str, Any]]) -> set[str]:
    """SQLite: the write lock is held (BEGIN IMMEDIATE), so "which exist" then insert cannot race."""
    ids = [a["id"] for a in articles]
    existing: set[str] = set()
    for start in range(0, len(ids), _ID_CHUNK):
        chunk = ids[start : start + _ID_CHUNK]
        existing.update(connection.scalars(sa.select(ArticleRow.id).where(ArticleRow.id.in_(chunk))))
    rows = _first_of_each([a for a in articles if a["id"] not in existing])
    if rows:
        connection.execute(sa.insert(ArticleRow), rows)
    return {row["id"] for row in rows}


def _first_of_each(articles: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for article in articles:
        seen.setdefault(article["id"], article)
    return list(seen.values())


def _copy_articles(connection: Connection, articles: list[dict[str, Any]]) -> set[str]:
    """PostgreSQL: COPY into a temporary table, then insert what is not there yet (safe beside other loads)."""
    columns = ARTICLES_SCHEMA.names
    connection.exec_driver_sql("CREATE TEMP TABLE _load_articles (LIKE articles INCLUDING DEFAULTS) ON COMMIT DROP")
    _copy_rows(connection, "_load_articles", columns, _first_of_each(articles))
    names = ", ".join(f'"{c}"' for c in columns)
    inserted = connection.exec_driver_sql(
        f"INSERT INTO articles ({names}) SELECT {names} FROM _load_articles ON CONFLICT (id) DO NOTHING RETURNING id"
    )
    ids = {row[0] for row in inserted}
    connection.exec_driver_sql("DROP TABLE _load_articles")
    return ids


def _claim_pks(connection: Connection, count: int, method: str) -> list[int]:
    """Keys for the new claims before they are written, so places and sources can point at them."""
    if count == 0:
        return []
    if method == "copy":
        rows = connection.exec_driver_sql(
            "SELECT nextval(pg_get_serial_sequence('claims', 'pk')) FROM generate_series(1, %(n)s)", {"n": count}
        )
        return [row[0] for row in rows]
    top = connection.scalar(sa.select(sa.func.coalesce(sa.func.max(ClaimRow.pk), 0))) or 0
    return list(range(top + 1, top + 1 + count))


def _copy(connection: Connection, model: Any, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = [c.name for c in model.__table__.columns if c.name in rows[0]]
    _copy_rows(connection, model.__tablename__, columns, rows)


def _copy_rows(connection: Connection, table: str, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
    """psycopg's COPY on the session's own connection (same transaction); JSON values go as JSON text."""
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    names = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([_copy_value(row[c]) for c in columns])


def _copy_value(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value
