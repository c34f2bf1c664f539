"""``claimledger load DIR --db URL``: bulk-load a ``claimledger batch`` output folder into the ledger."""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console

from ..batch import LoadSummary, load
from ..ledger import Ledger
from . import summary
from .ingest import add_db_argument


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "load",
        help=summary("load"),
        description="Loads every finished partition (PostgreSQL COPY, SQLite batched inserts), one transaction per "
        "partition, then brings corroboration up to date. Idempotent: articles already in the ledger are skipped, "
        "so loading again adds nothing.",
    )
    parser.add_argument("out", metavar="DIR", help="the --out folder of `claimledger batch` (path or fsspec URL)")
    add_db_argument(parser)
    parser.add_argument("--quiet", "-q", action="store_true", help="only the summary")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    console = Console(stderr=True)

    def show(summary: LoadSummary, total: int) -> None:
        if not args.quiet and console.is_terminal:
            console.print(f"loaded {summary.partitions}/{total} partitions, {summary.articles} new articles", end="\r")

    with Ledger(args.db) as ledger:
        summary = load(args.out, ledger, on_progress=show)
        stats = ledger.stats()
    console.print(
        f"loaded {summary.articles} new articles ({summary.claims} claims) from {summary.partitions} partitions "
        f"in {summary.elapsed:.1f}s by {summary.method}; {summary.already} were already in the ledger; "
        f"{summary.problems} problems recorded. The ledger holds {stats.articles} articles."
    )
    if summary.corroboration is not None:
        update = summary.corroboration
        console.print(
            f"corroborated {update.articles_added} articles: {update.groups_created} new claim groups, "
            f"{update.groups_updated} updated, {update.near_duplicates} near-duplicates"
        )
    return 0
