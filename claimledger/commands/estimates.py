"""``claimledger estimates``: UCDP-style low / best / high per place x period x category x party."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import asdict
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..corroborate import ledger_estimates
from ..corroborate.store import ESTIMATE_COLUMNS
from ..ledger import Ledger
from . import summary
from .ingest import add_db_argument
from .tables import fit


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "estimates",
        help=summary("estimates"),
        description="Estimates from the corroborated claim groups, without double counting overlapping groups "
        "or cumulative totals (the rules are in claimledger/corroborate/estimates.py).",
    )
    add_db_argument(parser)
    parser.add_argument(
        "--place",
        action="append",
        default=[],
        help="GeoNames id, place name or ISO country code: one pooled row set per place (repeatable)",
    )
    parser.add_argument("--by", choices=("day", "week", "month"), default="month", help="period (default month)")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with Ledger(args.db) as ledger:
        rows = ledger_estimates(ledger, by=args.by, places=args.place)
    if args.format == "json":
        for row in rows:
            print(json.dumps(asdict(row), ensure_ascii=False))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(ESTIMATE_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(asdict(row) for row in rows)
    else:
        table = Table(title=f"{len(rows)} estimates by {args.by}")
        for name in ESTIMATE_COLUMNS:
            table.add_column(name, overflow="fold", justify="right" if name in ("low", "best", "high") else "left")
        for row in rows:
            values = (getattr(row, c) for c in ESTIMATE_COLUMNS)
            table.add_row(*(escape("" if value is None else str(value)) for value in values))
        console = Console()
        console.print(fit(table, console, drop=("sources", "groups")))  # kind tells a total from incidents
    return 0
