"""The reader on the second, independently annotated war gold (``tests/data/war-gold-extra``), held out from tuning.

The Guardian texts may not be redistributed, so the gold names each text's row in the CSVs of
``../shared/data/ru-ua-war-2022-guardian`` (or ``$CLAIMLEDGER_SHARED/data/...``). This script writes the texts into a
temporary folder, stops if any annotated span is not where the gold says, and scores the reader exactly as
``claimledger eval war`` does. Run: .venv/bin/python bench/war_gold_extra.py [--details] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from rich.console import Console

from claimledger.commands.eval import metrics_table
from claimledger.evaluation import war

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests/data/war-gold-extra/gold.jsonl"
SHARED = Path(os.environ.get("CLAIMLEDGER_SHARED") or ROOT.parent / "shared")
SOURCES = SHARED / "data/ru-ua-war-2022-guardian"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="print each MISS and EXTRA claim")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="war-gold-extra-") as folder:
        articles = war.materialise(GOLD, SOURCES, folder)
        errors = war.offset_errors(articles, GOLD)
        if errors:
            print("\n".join(errors), file=sys.stderr)
            return 1
        result = war.evaluate(articles, GOLD, details=args.details)
    lines = result.pop("details", [])
    if args.json:
        print(json.dumps(result, sort_keys=True))
    else:
        Console().print(metrics_table("war (extra gold)", result))
    if lines:
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
