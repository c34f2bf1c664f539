"""The ledger: storing what the reader found (SQLite or PostgreSQL), ingesting inputs, querying and exporting."""

from __future__ import annotations

from .store import SORT_COLUMNS, Ledger, claim_conditions, claim_row, database_url
from .types import ClaimFilter, ClaimRecord, ClaimText, LedgerStats, Problem, StoredClaim

__all__ = [
    "SORT_COLUMNS",
    "ClaimFilter",
    "ClaimRecord",
    "ClaimText",
    "Ledger",
    "LedgerStats",
    "Problem",
    "StoredClaim",
    "claim_conditions",
    "claim_row",
    "database_url",
]
