"""Accounts, roles, sessions, API tokens and CSRF.

Passwords are argon2 hashes; session cookies and API tokens are random and stored only as sha256, so a copy of
the database logs no one in. Roles are ordered: viewer (read) < analyst (review, grade, add articles) < admin
(users). Forms of a logged-in session carry the session's CSRF token; the login form uses a double-submit cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select

from ..errors import ClaimledgerError
from ..ledger import Ledger
from ..ledger.models import ChangeRow
from .models import ApiTokenRow, SessionRow, UserRow

Role = Literal["viewer", "analyst", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "analyst", "admin")
SESSION_COOKIE = "claimledger_session"
LOGIN_CSRF_COOKIE = "claimledger_login_csrf"
MIN_PASSWORD = 8
_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


class AccountError(ClaimledgerError):
    """A user that does not exist, a bad username or role, a weak password."""


@dataclass(frozen=True)
class Principal:
    """Who is asking: a user through a session or a token, or the anonymous reader when the setting allows it."""

    username: str
    role: Role
    via: Literal["session", "token", "anonymous"]
    user_id: int | None = None
    csrf: str | None = None

    def can(self, role: Role) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True)
class User:
    username: str
    role: Role
    created_at: datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same_token(a: str | None, b: str | None) -> bool:
    """Constant-time comparison of two tokens (False when either is missing)."""
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


def check_role(role: str) -> Role:
    for known in ROLES:
        if role == known:
            return known
    raise AccountError(f"unknown role {role!r}", hint=f"use one of {', '.join(ROLES)}")


class Accounts:
    """Users, sessions and API tokens stored in the ledger database.

    ``token_cache_seconds`` keeps a valid API token's principal that long in memory: a script sending hundreds
    of requests a second costs one lookup per token and interval, and a role change or removal made through
    another process (``claimledger users``, another server worker) takes effect within that time.
    """

    _TOKEN_CACHE_SIZE = 10_000

    def __init__(self, ledger: Ledger, *, session_hours: float = 12.0, token_cache_seconds: float = 0.0) -> None:
        self.ledger = ledger
        self.session_lifetime = timedelta(hours=session_hours)
        self.token_cache_seconds = token_cache_seconds
        self._tokens: dict[str, tuple[float, Principal]] = {}

    # -- users ---------------------------------------------------------------------------------------------

    def add_user(self, username: str, password: str, role: str = "viewer", *, by: str = "cli") -> User:
        checked = check_role(role)
        if not _USERNAME.match(username):
            raise AccountError(
                f"invalid username {username!r}", hint="use 1-64 letters, digits, and . _ @ - (no spaces)"
            )
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"the password is too short (at least {MIN_PASSWORD} characters)", where=username)
        now = datetime.now(UTC)
        with self.ledger.write_session() as session, session.begin():
            if session.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
                raise AccountError(f"user {username!r} already exists", hint="use `claimledger users set-role`")
            session.add(UserRow(username=username, password_hash=_HASHER.hash(password), role=checked, created_at=now))
            session.add(_log(now, "user.add", username, by, None, {"role": checked}))
        return User(username, checked, now)

    def remove_user(self, username: str, *, by: str = "cli") -> None:
        now = datetime.now(UTC)
        with self.ledger.write_session() as session, session.begin():
            row = session.scalar(select(UserRow).where(UserRow.username == username))
            if row is None:
                raise AccountError(f"no user {username!r}", hint="list users with `claimledger users list`")
            session.execute(delete(SessionRow).where(SessionRow.user_id == row.id))
            session.execute(delete(ApiTokenRow).where(ApiTokenRow.user_id == row.id))
            session.add(_log(now, "user.remove", username, by, {"role": row.role}, None))
            session.delete(row)
        self._tokens.clear()

    def set_role(self, username: str, role: str, *, by: str = "cli") -> User:
        checked = check_role(role)
        now = datetime.now(UTC)
        with self.ledger.write_session() as session, session.begin():
            row = session.scalar(select(UserRow).where(UserRow.username == username))
            if row is None:
                raise AccountError(f"no user {username!r}", hint="add it with `claimledger users add`")
            session.add(_log(now, "user.role", username, by, {"role": row.role}, {"role": checked}))
            row.role = checked
            changed = User(row.username, checked, row.created_at)
        self._tokens.clear()
        return changed

    def users(self) -> list[User]:
        with self.ledger.session() as session:
            rows = session.scalars(select(UserRow).order_by(UserRow.username))
            return [User(r.username, check_role(r.role), r.created_at) for r in rows]

    def count(self) -> int:
        with self.ledger.session() as session:
            return session.scalar(select(func.count()).select_from(UserRow)) or 0

    def authenticate(self, username: str, password: str) -> Principal | None:
        """The user when the password matches; the same argon2 work is done for unknown users (no timing oracle)."""
        with self.ledger.session() as session:
            row = session.scalar(select(UserRow).where(UserRow.username == username))
        try:
            _HASHER.verify(row.password_hash if row else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        return Principal(username=row.username, role=check_role(row.role), via="session", user_id=row.id)

    # -- sessions ------------------------------------------------------------------------------------------

    def open_session(self, user: Principal) -> str:
        """A new session for ``user``; returns the cookie value (expired sessions are swept here)."""
        if user.user_id is None:
            raise AccountError("only accounts can open sessions")
        token = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        with self.ledger.write_session() as session, session.begin():
            session.execute(delete(SessionRow).where(SessionRow.expires_at < now))
            session.add(
                SessionRow(
                    token_hash=_digest(token),
                    user_id=user.user_id,
                    csrf=secrets.token_urlsafe(32),
                    created_at=now,
                    expires_at=now + self.session_lifetime,
                )
            )
        return token

    def session_principal(self, token: str) -> Principal | None:
        now = datetime.now(UTC)
        with self.ledger.session() as session:
            found = session.execute(
                select(SessionRow, UserRow).join(UserRow).where(SessionRow.token_hash == _digest(token))
            ).first()
        if found is None:
            return None
        row, user = found
        expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
        if expires < now:
            return None
        return Principal(
            username=user.username, role=check_role(user.role), via="session", user_id=user.id, csrf=row.csrf
        )

    def close_session(self, token: str) -> None:
        with self.ledger.write_session() as session, session.begin():
            session.execute(delete(SessionRow).where(SessionRow.token_hash == _digest(token)))

    # -- API tokens ----------------------------------------------------------------------------------------

    def create_token(self, username: str, name: str = "script") -> str:
        """A new API token for ``username``; shown once, stored as its sha256."""
        token = "clt_" + secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        with self.ledger.write_session() as session, session.begin():
            user_id = session.scalar(select(UserRow.id).where(UserRow.username == username))
            if user_id is None:
                raise AccountError(f"no user {username!r}", hint="add it with `claimledger users add`")
            session.add(ApiTokenRow(token_hash=_digest(token), user_id=user_id, name=name[:100], created_at=now))
            session.add(_log(now, "token.create", username, username, None, {"name": name[:100]}))
        return token

    def token_principal(self, token: str) -> Principal | None:
        digest = _digest(token)
        now = time.monotonic()
        cached = self._tokens.get(digest)
        if cached is not None and cached[0] > now:
            return cached[1]
        with self.ledger.session() as session:
            user = session.scalar(select(UserRow).join(ApiTokenRow).where(ApiTokenRow.token_hash == digest))
        if user is None:
            self._tokens.pop(digest, None)
            return None
        principal = Principal(username=user.username, role=check_role(user.role), via="token", user_id=user.id)
        if self.token_cache_seconds > 0:
            if len(self._tokens) >= self._TOKEN_CACHE_SIZE:
                self._tokens.clear()
            self._tokens[digest] = (now + self.token_cache_seconds, principal)
        return principal


def _log(at: datetime, action: str, username: str, by: str, before: object, after: object) -> ChangeRow:
    """An entry of the ledger's append-only change log for an account change (never a password)."""
    return ChangeRow(
        at=at, action=action, entity="user", entity_id=username, detail={"who": by, "before": before, "after": after}
    )


__all__ = [
    "LOGIN_CSRF_COOKIE",
    "ROLES",
    "SESSION_COOKIE",
    "AccountError",
    "Accounts",
    "Principal",
    "Role",
    "User",
    "check_role",
    "same_token",
]
