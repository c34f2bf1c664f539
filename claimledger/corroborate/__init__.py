"""Corroboration: near-duplicate articles, claim groups, root sources, grades and low/best/high estimates.

The engine is a pure library over :mod:`claimledger.records`; :mod:`.store` keeps it in the ledger's tables,
updated incrementally after each ingest, and reads it back as plain functions over a ``Ledger``.
"""

from __future__ import annotations

from .engine import CorroborationStateError, Corroborator, GroupView, UpdateSummary
from .estimates import Estimate, Figure, estimate, group_figure
from .grades import Grade, grade
from .groups import Appearance, ClaimGroup, ClaimGrouper, PlaceHierarchy, bounds_compatible
from .neardup import ArticleCluster, NearDupIndex, NearDupSettings
from .roots import RootSource, root_source
from .store import (
    CorroborationStore,
    corroborate_ledger,
    estimates_frame,
    ledger_estimates,
    ledger_group,
    ledger_groups,
)

__all__ = [
    "Appearance",
    "ArticleCluster",
    "ClaimGroup",
    "ClaimGrouper",
    "CorroborationStateError",
    "CorroborationStore",
    "Corroborator",
    "Estimate",
    "Figure",
    "Grade",
    "GroupView",
    "NearDupIndex",
    "NearDupSettings",
    "PlaceHierarchy",
    "RootSource",
    "UpdateSummary",
    "bounds_compatible",
    "corroborate_ledger",
    "estimate",
    "estimates_frame",
    "grade",
    "group_figure",
    "ledger_estimates",
    "ledger_group",
    "ledger_groups",
    "root_source",
]
