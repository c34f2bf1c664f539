"""The ledger: storing what the reader found (SQLite or PostgreSQL), ingesting inputs, querying and exporting."""

from __future__ import annotations

from .store import Ledger, database_url
from .types import ClaimFilter, LedgerStats, Problem, StoredClaim

__all__ = ["ClaimFilter", "Ledger", "LedgerStats", "Problem", "StoredClaim", "database_url"]
