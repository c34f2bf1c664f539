"""``claimledger eval NAME PATH [GOLD] [--json] [--details]``: score claimledger on a public data set."""

from __future__ import annotations

import argparse
import importlib
import json
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table

from ..errors import EvalDataError
from ..evaluation import EVALUATORS
from . import summary

#: Evaluators whose gold lies apart from the texts (``eval NAME TEXTS GOLD``) and that list misses (``--details``).
_TAKES_GOLD = frozenset({"war"})


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("eval", help=summary("eval"))
    parser.add_argument("dataset", choices=sorted(EVALUATORS), help="which data set format PATH is in")
    parser.add_argument("path", help="the data set file or folder (war: the folder of article texts)")
    parser.add_argument("gold", nargs="?", default=None, help="war only: the gold.jsonl of the texts in PATH")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument(
        "--format", dest="data_format", default=None, help="sub-format (geoparse: gwn|lgl|trnews|geovirus)"
    )
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.add_argument("--details", action="store_true", help="war only: print each MISS and EXTRA claim")
    parser.set_defaults(handler=run)


def _evaluator(name: str) -> Callable[..., dict[str, Any]]:
    module_name, func = EVALUATORS[name].split(":")
    evaluator: Callable[..., dict[str, Any]] = getattr(importlib.import_module(module_name), func)
    return evaluator


def run(args: argparse.Namespace) -> int:
    options: dict[str, Any] = {"limit": args.limit}
    if args.data_format:
        options["data_format"] = args.data_format
    if args.dataset in _TAKES_GOLD:
        options.update(gold=args.gold, details=args.details)
    elif args.gold is not None or args.details:
        raise EvalDataError(f"eval {args.dataset} takes one PATH", hint="GOLD and --details are for eval war")
    result = _evaluator(args.dataset)(args.path, **options)
    lines = [] if args.json else result.pop("details", [])
    if args.json:
        print(json.dumps(result, sort_keys=True))
    else:
        Console().print(metrics_table(args.dataset, result))
    if lines:
        print("\n".join(lines))
    return 0


def metrics_table(title: str, result: dict[str, Any]) -> Table:
    """Flatten nested metric dicts into rows ``a.b  value``."""
    table = Table(title=f"claimledger eval {title}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in _flatten(result):
        table.add_row(key, _cell(value))
    return table


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, list):
        return "\n".join(map(str, value)) or "-"
    return str(value)


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows.extend(_flatten(value, name + "."))
        else:
            rows.append((name, value))
    return rows
