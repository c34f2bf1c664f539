"""Scorers for the public evaluation sets: one module per data set, each with ``evaluate(path, ...) -> dict``.

``EVALUATORS`` maps the name used by ``claimledger eval NAME PATH`` to ``module:function``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import EvalDataError

EVALUATORS: dict[str, str] = {
    "conll2010": "claimledger.evaluation.conll2010:evaluate",
    "geoparse": "claimledger.evaluation.geoparse:evaluate",
    "gvdb": "claimledger.evaluation.gvdb:evaluate",
    "incidents": "claimledger.evaluation.incidents:evaluate",
    "polnear": "claimledger.evaluation.polnear:evaluate",
    "war": "claimledger.evaluation.war:evaluate",
}


def jsonl_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """The JSON objects of a JSON-lines file with their line numbers; blank lines skipped, a bad line a clear error."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvalDataError(f"not JSON ({exc.msg})", where=f"{path}:{number}", hint="one object a line") from (
                    exc
                )
            if not isinstance(row, dict):
                raise EvalDataError("not a JSON object", where=f"{path}:{number}", hint="one object a line")
            yield number, row
