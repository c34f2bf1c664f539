"""Scorers for the public evaluation sets: one module per data set, each with ``evaluate(path, ...) -> dict``.

``EVALUATORS`` maps the name used by ``claimledger eval NAME PATH`` to ``module:function``.
"""

from __future__ import annotations

EVALUATORS: dict[str, str] = {
    "conll2010": "claimledger.evaluation.conll2010:evaluate",
    "geoparse": "claimledger.evaluation.geoparse:evaluate",
    "gvdb": "claimledger.evaluation.gvdb:evaluate",
    "incidents": "claimledger.evaluation.incidents:evaluate",
    "polnear": "claimledger.evaluation.polnear:evaluate",
    "war": "claimledger.evaluation.war:evaluate",
}
