"""``claimledger problems``: the inputs that were quarantined, with why and how to fix them."""

from __future__ import annotations

import argparse
import json
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..ledger import Ledger
from . import summary
from .ingest import add_db_argument
from .tables import fit


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("problems", help=summary("problems"))
    add_db_argument(parser)
    parser.add_argument("--reason", default=None, help="only this reason (empty, binary, undecodable, ...)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with Ledger(args.db) as ledger:
        problems = [p for p in ledger.problems() if args.reason in (None, p.reason)]
    if args.json:
        for problem in problems:
            record = {
                "origin": problem.origin,
                "reason": problem.reason,
                "message": problem.message,
                "hint": problem.hint,
            }
            print(json.dumps({**record, "at": problem.at.isoformat() if problem.at else None}, ensure_ascii=False))
        return 0
    table = Table(title=f"{len(problems)} problems")
    for name in ("input", "reason", "message", "hint"):
        table.add_column(name, overflow="fold")
    for problem in problems:
        table.add_row(
            *(escape(value or "") for value in (problem.origin, problem.reason, problem.message, problem.hint))
        )
    console = Console()
    console.print(fit(table, console, wide="message", drop=("hint",)))
    return 0
