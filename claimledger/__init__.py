"""claimledger: turn war reporting into a sourced, mapped, verification-graded ledger of casualty claims."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import ClaimledgerError, InputError
from .records import Article, Claim, Count, Evidence, Place, RawArticle, ReadResult, Source, Subject, When

if TYPE_CHECKING:
    from .ledger import Ledger
    from .reader import read, read_many

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

#: Loaded on first use: the reader brings spaCy, the ledger SQLAlchemy (`claimledger --help` needs neither).
_LAZY = {"read": ".reader", "read_many": ".reader", "Ledger": ".ledger"}


def __getattr__(name: str) -> Any:
    """``claimledger.read`` / ``read_many`` / ``Ledger`` without loading spaCy or SQLAlchemy on import."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'claimledger' has no attribute {name!r}")
