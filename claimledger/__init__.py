"""claimledger: turn war reporting into a sourced, mapped, verification-graded ledger of casualty claims."""

from __future__ import annotations

from typing import Any

from .errors import ClaimledgerError, InputError
from .reader import read, read_many
from .records import Article, Claim, Count, Evidence, Place, RawArticle, ReadResult, Source, Subject, When

__all__ = [
    "Article",
    "Ledger",
    "Claim",
    "ClaimledgerError",
    "Count",
    "Evidence",
    "InputError",
    "Place",
    "RawArticle",
    "ReadResult",
    "Source",
    "Subject",
    "When",
    "read",
    "read_many",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """``claimledger.Ledger`` without loading SQLAlchemy on ``import claimledger``."""
    if name == "Ledger":
        from .ledger import Ledger

        return Ledger
    raise AttributeError(f"module 'claimledger' has no attribute {name!r}")
