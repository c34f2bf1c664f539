"""Tables of the persisted corroboration, on the ledger's declarative base.

The Alembic revision ``corroborate_0001`` (``claimledger/corroborate/migrations/versions``) creates exactly these.
Only what changed is written after each ingest: new near-duplicate entries, re-parented ones, touched groups.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..ledger.models import Base


class CorroborationStateRow(Base):
    """The one row of engine-wide state; ``revision`` moves with every update so cached engines know they are stale."""

    __tablename__ = "corroboration_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)
    next_group: Mapped[int] = mapped_column(Integer)
    neardup: Mapped[dict[str, Any]] = mapped_column(JSON)  # NearDupSettings the signatures were made with
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CorroboratedArticleRow(Base):
    """An article already corroborated: its near-duplicate index entry (union-find parent, MinHash signature)."""

    __tablename__ = "corroboration_articles"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, index=True)
    published: Mapped[str | None] = mapped_column(String(10))
    parent: Mapped[str] = mapped_column(String(64))
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)


class ClaimGroupRow(Base):
    """One claim group (``ClaimGroup.to_dict()`` in ``data``) with the columns the commands filter on."""

    __tablename__ = "corroboration_groups"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, index=True)
    category: Mapped[str] = mapped_column(String(16), index=True)
    as_of: Mapped[bool] = mapped_column(Boolean)
    party: Mapped[str | None] = mapped_column(String(200), index=True)
    period_start: Mapped[str | None] = mapped_column(String(10), index=True)
    period_end: Mapped[str | None] = mapped_column(String(10))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


__all__ = ["ClaimGroupRow", "CorroboratedArticleRow", "CorroborationStateRow"]
