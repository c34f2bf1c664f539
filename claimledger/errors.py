"""One exception tree, so callers can catch ``ClaimledgerError`` and show a one-line message.

Each error says what went wrong, where, and how to fix it (``hint``).
"""

from __future__ import annotations


class ClaimledgerError(Exception):
    """Base of every error claimledger raises on purpose."""

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None) -> None:
        self.message = message
        self.where = where
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        parts = [f"{self.where}: {self.message}" if self.where else self.message]
        if self.hint:
            parts.append(f"({self.hint})")
        return " ".join(parts)


class InputError(ClaimledgerError):
    """An input that cannot be read as an article: empty, binary, undecodable, too large, unparseable."""

    def __init__(
        self, message: str, *, where: str | None = None, hint: str | None = None, reason: str = "invalid"
    ) -> None:
        self.reason = reason
        super().__init__(message, where=where, hint=hint)


class ModelNotInstalledError(ClaimledgerError):
    """No spaCy English model is installed."""


class GazetteerError(ClaimledgerError):
    """The gazetteer index is missing, corrupt or cannot be built."""


class StorageError(ClaimledgerError):
    """The ledger database cannot be opened or written."""


class EvalDataError(ClaimledgerError):
    """An evaluation data set is missing or not in the expected format."""
