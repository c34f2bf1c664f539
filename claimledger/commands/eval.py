"""``claimledger eval NAME PATH [--json]``: score claimledger on a public data set."""

from __future__ import annotations

import argparse
import importlib
import json
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table

from ..evaluation import EVALUATORS


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("eval", help="score claimledger on a public evaluation data set")
    parser.add_argument("dataset", choices=sorted(EVALUATORS), help="which data set format PATH is in")
    parser.add_argument("path", help="the data set file or folder")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument(
        "--format", dest="data_format", default=None, help="sub-format (geoparse: gwn|lgl|trnews|geovirus)"
    )
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.set_defaults(handler=run)


def _evaluator(name: str) -> Callable[..., dict[str, Any]]:
    module_name, func = EVALUATORS[name].split(":")
    evaluator: Callable[..., dict[str, Any]] = getattr(importlib.import_module(module_name), func)
    return evaluator


def run(args: argparse.Namespace) -> int:
    options: dict[str, Any] = {"limit": args.limit}
    if args.data_format:
        options["data_format"] = args.data_format
    result = _evaluator(args.dataset)(args.path, **options)
    if args.json:
        print(json.dumps(result, sort_keys=True))
    else:
        Console().print(metrics_table(args.dataset, result))
    return 0


def metrics_table(title: str, result: dict[str, Any]) -> Table:
    """Flatten nested metric dicts into rows ``a.b  value``."""
    table = Table(title=f"claimledger eval {title}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in _flatten(result):
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    return table


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows.extend(_flatten(value, name + "."))
        else:
            rows.append((name, value))
    return rows
