"""``claimledger export --format csv|acled|ucdp|geojson|jsonl|parquet [--out FILE]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from ..ledger import Ledger
from ..ledger.export import FORMATS, export
from . import summary
from .claims import add_filter_arguments, filter_from_args
from .ingest import add_db_argument


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help=summary("export"),
        description="acled/ucdp use those data sets' column names and precision codes; ucdp holds `dead` claims only.",
    )
    add_db_argument(parser)
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument("--out", "-o", type=Path, default=None, help="file to write (default: standard output)")
    add_filter_arguments(parser)
    parser.set_defaults(handler=run, limit=None)


def run(args: argparse.Namespace) -> int:
    with Ledger(args.db) as ledger:
        count = export(ledger, args.format, args.out if args.out else sys.stdout, filter_from_args(args))
    if args.out:
        Console(stderr=True).print(f"wrote {count} claims to {args.out}")
    return 0
