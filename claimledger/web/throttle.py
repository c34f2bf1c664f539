"""Login throttling: after too many wrong passwords for one account, or from one address, logins wait.

Without it a script tried 60 passwords in 6 seconds. Failures are counted in a sliding window per account and
per client address; while either is over its limit every login attempt for it, right password or not, answers
429 with ``Retry-After`` (the password is not even checked, so guessing on gains nothing). A success clears the
account's failures. Kept in each server process's memory: with ``--workers N`` an attacker gets at most N
times the limit, and a restart forgets.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

#: Most keys remembered; past this the oldest are forgotten (a flood of made-up names cannot exhaust memory).
MAX_KEYS = 100_000


@dataclass
class LoginThrottle:
    """Failed logins per account and per address within ``window`` seconds."""

    per_account: int = 5
    per_address: int = 20
    window: float = 300.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def retry_after(self, username: str, address: str) -> int | None:
        """Seconds until this account and address may try again, or None if they may now."""
        now = self.clock()
        waits = []
        with self._lock:
            for key, limit in ((_account(username), self.per_account), (_address(address), self.per_address)):
                times = self._recent(key, now)
                if len(times) >= limit:
                    waits.append(times[len(times) - limit] + self.window - now)
        return max(1, math.ceil(max(waits))) if waits else None

    def failed(self, username: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key in (_account(username), _address(address)):
                times = self._recent(key, now)
                times.append(now)
                self._failures.pop(key, None)
                self._failures[key] = times  # most recently failed last: the oldest keys are the first forgotten
            while len(self._failures) > MAX_KEYS:
                del self._failures[next(iter(self._failures))]

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(_account(username), None)

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times


def _account(username: str) -> str:
    return "user:" + username.strip().casefold()


def _address(address: str) -> str:
    return "addr:" + address
