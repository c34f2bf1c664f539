"""Corroboration: near-duplicate articles, claim groups, root sources, grades and low/best/high estimates.

A pure library over :mod:`claimledger.records`; the ledger persists :meth:`Corroborator.to_dict`.
"""

from __future__ import annotations

from .engine import CorroborationStateError, Corroborator, GroupView, UpdateSummary
from .estimates import Estimate, Figure, estimate, group_figure
from .grades import Grade, grade
from .groups import Appearance, ClaimGroup, ClaimGrouper, PlaceHierarchy, bounds_compatible
from .neardup import ArticleCluster, NearDupIndex, NearDupSettings
from .roots import RootSource, root_source

__all__ = [
    "Appearance",
    "ArticleCluster",
    "ClaimGroup",
    "ClaimGrouper",
    "CorroborationStateError",
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
    "estimate",
    "grade",
    "group_figure",
    "root_source",
]
