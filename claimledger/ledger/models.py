"""SQLAlchemy 2 tables of the ledger; the Alembic migrations in ``migrations/versions`` create exactly these.

The full claim JSON is kept (``claims.data``) so nothing the reader found is ever lost; the indexed
columns beside it exist only to filter and export quickly.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of every ledger table (other modules may add their own tables to it)."""


class ArticleRow(Base):
    """One cleaned article, keyed by the sha256 of its normalised text (the idempotency key)."""

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    raw_hash: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200), index=True)
    published: Mapped[str | None] = mapped_column(String(10), index=True)
    language: Mapped[str | None] = mapped_column(String(16))
    origin: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    claims: Mapped[list[ClaimRow]] = relationship(back_populates="article", order_by="ClaimRow.position")


class ClaimRow(Base):
    """One claim: the full JSON plus the columns people filter and export on."""

    __tablename__ = "claims"
    # Keyed by position, not claim id: a reader that emits two claims with one id must not lose either.
    # The composite indexes serve the claims table's common filter + sort pairs (migration 0002): a period
    # filter reads only the day indexes, which also hold what the common sorts and filters need; the sort
    # indexes hold the common filters after pk (migration 0004), so a filtered page reads no table row; a period with
    # a status reads only that status's day entries (migration 0005); within a day, the day indexes are in the order
    # of a date or count sort (migration 0006: a period's page is read day by day); the partial one finds the few claims
    # whose time is a range that starts before a period and reaches into it.
    __table_args__ = (
        UniqueConstraint("article_id", "position", name="uq_claims_article_position"),
        Index("ix_claims_published", "published", "pk", "category", "status", "party", "low"),
        Index("ix_claims_day", "day", "status", "published", "low", "party", "pk"),
        Index("ix_claims_category_published", "category", "published", "pk", "status", "party", "low"),
        Index("ix_claims_category_low", "category", "low", "pk", "status", "party", "published"),
        Index("ix_claims_category_day", "category", "day", "published", "pk", "status", "low", "party"),
        Index("ix_claims_category_status_day", "category", "status", "day", "published", "pk", "low", "party"),
        Index("ix_claims_category_day_low", "category", "day", "low", "pk", "status", "party", "published"),
        Index("ix_claims_category_status_day_low", "category", "status", "day", "low", "pk", "party", "published"),
        Index("ix_claims_party_lower", func.lower(text("party"))),
        Index(
            "ix_claims_ranged",
            "category",
            "day_end",
            sqlite_where=text("day_end > day"),
            postgresql_where=text("day_end > day"),
        ),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_id: Mapped[str] = mapped_column(String(128), index=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    low: Mapped[int | None] = mapped_column(Integer, index=True)
    high: Mapped[int | None] = mapped_column(Integer, index=True)
    approximate: Mapped[bool] = mapped_column(Boolean)
    count_text: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(Text)
    affiliation: Mapped[str] = mapped_column(String(16))
    party: Mapped[str | None] = mapped_column(String(200), index=True)
    when_start: Mapped[str | None] = mapped_column(String(10), index=True)
    when_end: Mapped[str | None] = mapped_column(String(10), index=True)
    when_precision: Mapped[str] = mapped_column(String(8))
    #: The article's date, copied (articles never change) so sorting and period filters need no join.
    published: Mapped[str | None] = mapped_column(String(10))
    #: First and last day of the claim: its when.start / when.end, each falling back on the other, then on
    #: the article's date. A period filter selects the claims whose days overlap it.
    day: Mapped[str | None] = mapped_column(String(10))
    day_end: Mapped[str | None] = mapped_column(String(10))
    geonameid: Mapped[int | None] = mapped_column(Integer, index=True)
    place_name: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)

    article: Mapped[ArticleRow] = relationship(back_populates="claims")
    places: Mapped[list[PlaceRow]] = relationship(order_by="PlaceRow.position", cascade="all, delete-orphan")
    sources: Mapped[list[SourceRow]] = relationship(order_by="SourceRow.position", cascade="all, delete-orphan")


class PlaceRow(Base):
    """A toponym of a claim (all of them, not only the first), so claims can be found by any place."""

    __tablename__ = "places"
    __table_args__ = (Index("ix_places_name", "name"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_pk: Mapped[int] = mapped_column(ForeignKey("claims.pk", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    geonameid: Mapped[int | None] = mapped_column(Integer, index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    feature: Mapped[str] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(16))
    precision: Mapped[int | None] = mapped_column(Integer)


class SourceRow(Base):
    """One link of a claim's attribution chain, outermost first."""

    __tablename__ = "sources"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_pk: Mapped[int] = mapped_column(ForeignKey("claims.pk", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    named: Mapped[bool] = mapped_column(Boolean)


class ChangeRow(Base):
    """Append-only log of what changed in the ledger (never updated or deleted by claimledger)."""

    __tablename__ = "changes"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(128), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class ProblemRow(Base):
    """An input that could not be read, with why: quarantined, so the run goes on."""

    __tablename__ = "problems"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    origin: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(32), index=True)
    message: Mapped[str] = mapped_column(Text)
    hint: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
