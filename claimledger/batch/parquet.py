"""The batch output: Parquet files whose columns are the ledger's own tables, so ``load`` copies them as they are.

The Arrow schemas are derived from the SQLAlchemy models (``articles``, ``claims``, ``problems``), so a column
added to the ledger appears here without a second definition to keep in step. JSON columns are stored as JSON
text. The claims file leaves out the surrogate key ``pk`` (``load`` assigns it) and keeps ``data``, the full
claim, so places and sources are rebuilt from it exactly as ``Ledger.add`` would.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyarrow as pa
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

from ..ledger.models import ArticleRow, ClaimRow, ProblemRow

# the ledger's own article and claim -> row mappings, so both paths store the same values
from ..ledger.store import article_values, claim_row
from ..ledger.types import Problem
from ..records import ReadResult, claim_from_dict

#: Tables written per partition, in the order a partition's files are written (the done marker comes after).
TABLES = ("problems", "claims", "articles")


def _arrow_type(column: Any) -> pa.DataType:
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return pa.bool_()
    if isinstance(kind, sa.Integer):
        return pa.int64()
    if isinstance(kind, sa.Float):
        return pa.float64()
    if isinstance(kind, sa.DateTime):
        return pa.timestamp("us", tz="UTC")
    return pa.string()  # String, Text, and JSON as JSON text


def _schema(model: type[DeclarativeBase], *, skip: Sequence[str] = ()) -> pa.Schema:
    columns = [c for c in model.__table__.columns if c.name not in skip]
    return pa.schema([pa.field(c.name, _arrow_type(c), nullable=bool(c.nullable) or c.name == "pk") for c in columns])


ARTICLES_SCHEMA = _schema(ArticleRow)
CLAIMS_SCHEMA = _schema(ClaimRow, skip=("pk",))
PROBLEMS_SCHEMA = _schema(ProblemRow, skip=("pk",))
SCHEMAS: dict[str, pa.Schema] = {"articles": ARTICLES_SCHEMA, "claims": CLAIMS_SCHEMA, "problems": PROBLEMS_SCHEMA}
_JSON_COLUMNS = {c.name for c in ClaimRow.__table__.columns if isinstance(c.type, sa.JSON)}


@dataclass
class ReadArticle:
    """One article the reader read in a batch partition, with what the ledger keeps about its input."""

    result: ReadResult
    raw_hash: str
    origin: str | None


def claim_values(item: ReadArticle) -> list[dict[str, Any]]:
    """The ``claims`` rows of an article (without ``pk``), JSON columns as text."""
    rows = []
    for position, claim in enumerate(item.result.claims):
        row = claim_row(item.result.article.id, position, claim, published=item.result.article.published)
        values = {name: getattr(row, name) for name in CLAIMS_SCHEMA.names}
        rows.append({k: json.dumps(v, ensure_ascii=False) if k in _JSON_COLUMNS else v for k, v in values.items()})
    return rows


def problem_values(problem: Problem, at: datetime) -> dict[str, Any]:
    return {
        "origin": problem.origin,
        "reason": problem.reason,
        "message": problem.message,
        "hint": problem.hint,
        "at": at,
    }


def tables(items: Sequence[ReadArticle], problems: Iterable[Problem], at: datetime) -> dict[str, pa.Table]:
    """The three tables of one partition."""
    rows = {
        "articles": [
            article_values(item.result.article, raw_hash=item.raw_hash, origin=item.origin, at=at) for item in items
        ],
        "claims": [row for item in items for row in claim_values(item)],
        "problems": [problem_values(p, at) for p in problems],
    }
    return {name: pa.Table.from_pylist(rows[name], schema=SCHEMAS[name]) for name in TABLES}


def results(articles: pa.Table, claims: pa.Table) -> list[ReadResult]:
    """The reader's results back from a partition's tables, articles in file order and claims by position."""
    from ..records import Article

    by_article: dict[str, list[tuple[int, str]]] = {}
    for article_id, position, data in zip(
        claims.column("article_id").to_pylist(),
        claims.column("position").to_pylist(),
        claims.column("data").to_pylist(),
        strict=True,
    ):
        by_article.setdefault(article_id, []).append((position, data))
    out = []
    for row in articles.to_pylist():
        article = Article(**{k: row[k] for k in ("id", "text", "published", "url", "outlet", "title", "language")})
        found = sorted(by_article.get(article.id, []))
        out.append(ReadResult(article=article, claims=[claim_from_dict(json.loads(d)) for _, d in found]))
    return out
