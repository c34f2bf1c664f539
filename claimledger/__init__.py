"""claimledger: turn war reporting into a sourced, mapped, verification-graded ledger of casualty claims."""

from __future__ import annotations

from .errors import ClaimledgerError, InputError
from .reader import read, read_many
from .records import Article, Claim, Count, Evidence, Place, RawArticle, ReadResult, Source, Subject, When

__all__ = [
    "Article",
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
