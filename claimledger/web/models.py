"""Tables of the web app (accounts, sessions, API tokens, reviews, login failures) on the ledger's declarative base.

The Alembic revisions ``web_0001`` and ``web_0002`` in ``claimledger/ledger/migrations/versions`` create exactly
these.
Reviews are append-only: the effective value of a field is the latest review of it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..ledger.models import Base


class UserRow(Base):
    """An account; ``role`` is viewer, analyst or admin; the password is stored as an argon2 hash only."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SessionRow(Base):
    """A browser session: the cookie holds a random token, the table only its sha256 (a leaked table logs no one in)."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ApiTokenRow(Base):
    """A token for scripts (``Authorization: Bearer ...``), stored as its sha256."""

    __tablename__ = "api_tokens"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReviewRow(Base):
    """One analyst decision: a grade, a corrected count/place/source, a merge, a split or a note, with before/after.

    ``target`` (and ``other`` for merges) are claim references ``ARTICLE16-CLAIMID``: stable across regrouping.
    """

    __tablename__ = "reviews"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    username: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16), index=True)
    target: Mapped[str] = mapped_column(String(100), index=True)
    other: Mapped[str | None] = mapped_column(String(100), index=True)
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    note: Mapped[str | None] = mapped_column(Text)


class LoginFailureRow(Base):
    """A login attempt not (yet) succeeded, once under its account and once under its client address, each as the
    sha256 of ``user:NAME`` or ``addr:ADDRESS``; ``at`` is Unix time. The login throttle (``throttle.py``) counts
    these and deletes them once older than its window."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_at", "key", "at"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64))
    at: Mapped[float] = mapped_column(Float, index=True)
