"""Shared fixtures: the spaCy model once per session, and ../shared for acceptance tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: ../shared beside the checkout, or CLAIMLEDGER_SHARED (a git worktree lies elsewhere).
SHARED = Path(os.environ.get("CLAIMLEDGER_SHARED") or Path(__file__).resolve().parent.parent.parent / "shared")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout: skipped with a reason outside CI when absent, a failure in CI."""
    if not SHARED.is_dir():
        message = f"../shared (evaluation data and the seed article) not found at {SHARED}"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run with ../shared beside the clone")
        pytest.skip(message)
    return SHARED


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from claimledger.nlp import load_model

    return load_model()
