"""Login throttling: after too many wrong passwords for one account, or from one address, logins wait.

Without it a script tried 60 passwords in 6 seconds. Failures are counted in a sliding window per account and
per client address; while either is at its limit every login attempt for it, right password or not, answers
429 with ``Retry-After`` (the password is not even checked, so guessing on gains nothing). A success clears the
account's failures.

The count lives in the ledger database (``login_failures``), so every worker of ``serve --workers N`` and every
other server on the same ledger shares it, and a restart forgets nothing. An attempt is counted before its
password is checked, in one transaction with the check of the limit that holds the write lock (SQLite
``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), and uncounted when it succeeds: a burst of parallel guesses
spread over the workers gets no more password checks than the limit. Each attempt deletes the rows older than
the window, so the table holds one window of attempts let through, each of which cost the server a password
hash: a spray of made-up names cannot grow it without bound. Names and addresses are stored as sha256.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from ..ledger import Ledger
from .models import LoginFailureRow

_PG_LOCK = 0x636C_7468  # serialises the throttle's check-and-count on one PostgreSQL database


@dataclass(frozen=True)
class Attempt:
    """A login attempt let through, counted as failed until :meth:`LoginThrottle.succeeded` says otherwise."""

    account: str
    address_row: int


@dataclass
class LoginThrottle:
    """Failed logins per account and per address within ``window`` seconds, in ``ledger``'s database."""

    ledger: Ledger
    per_account: int = 5
    per_address: int = 20
    window: float = 300.0
    clock: Callable[[], float] = time.time  # wall time: shared by every process

    def attempt(self, username: str, address: str) -> Attempt | int:
        """Count this attempt and let it through, or the seconds until this account and address may try again."""
        now = self.clock()
        account, by_address = _key("user:" + username.strip().casefold()), _key("addr:" + address)
        with self.ledger.write_session() as session, session.begin():
            if session.get_bind().dialect.name == "postgresql":
                session.execute(select(func.pg_advisory_xact_lock(_PG_LOCK)))
            wait = self._wait(session, now, (account, self.per_account), (by_address, self.per_address))
            if wait is not None:
                return wait
            session.execute(delete(LoginFailureRow).where(LoginFailureRow.at <= now - self.window))
            rows = [LoginFailureRow(key=account, at=now), LoginFailureRow(key=by_address, at=now)]
            session.add_all(rows)
            session.flush()
            return Attempt(account, rows[1].pk)

    def succeeded(self, attempt: Attempt) -> None:
        """The password was right: clear the account's failures and uncount this attempt for its address."""
        with self.ledger.write_session() as session, session.begin():
            session.execute(
                delete(LoginFailureRow).where(
                    or_(LoginFailureRow.key == attempt.account, LoginFailureRow.pk == attempt.address_row)
                )
            )

    def _wait(self, session: Session, now: float, *limits: tuple[str, int]) -> int | None:
        """Seconds until the oldest of the last ``limit`` failures of each key at its limit leaves the window."""
        oldest = [
            select(LoginFailureRow.at)
            .where(LoginFailureRow.key == key, LoginFailureRow.at > now - self.window)
            .order_by(LoginFailureRow.at.desc())
            .limit(1)
            .offset(limit - 1)
            .scalar_subquery()
            for key, limit in limits
        ]
        waits = [at + self.window - now for at in session.execute(select(*oldest)).one() if at is not None]
        return max(1, math.ceil(max(waits))) if waits else None


def _key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
