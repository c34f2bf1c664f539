"""``claimledger ingest PATH|GLOB|URL ...``: read inputs into the ledger, with a progress bar and a summary."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..errors import ClaimledgerError
from ..ledger import Ledger
from ..ledger.ingest import IngestProgress, ingest
from ..ledger.sources import SourceOptions, iso_date
from . import summary


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=None, help="SQLite file or database URL (default: CLAIMLEDGER_DB or ledger.db)")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "ingest",
        help=summary("ingest"),
        description="Read every input into the ledger: one transaction per article, idempotent and resumable. "
        "Inputs that cannot be read are recorded (see `claimledger problems`) and the run goes on; "
        "the exit code is 1 when any input failed.",
    )
    parser.add_argument("inputs", nargs="+", metavar="PATH|GLOB|URL", help="files, folders, globs or http(s) URLs")
    add_db_argument(parser)
    parser.add_argument("--jobs", "-j", type=int, default=1, help="reader processes (each loads the model once)")
    parser.add_argument("--batch-size", type=int, default=16, help="articles per reader batch")
    add_source_arguments(parser)
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar, only the summary")
    parser.set_defaults(handler=run)


def add_source_arguments(parser: argparse.ArgumentParser) -> None:
    """Metadata defaults and JSONL/CSV/Parquet column names, shared by `ingest` and `batch`."""
    parser.add_argument("--published", default=None, help="publication date (YYYY-MM-DD) for inputs that carry none")
    parser.add_argument("--outlet", default=None, help="outlet for inputs that name none")
    for name in ("text", "date", "url", "title", "outlet"):
        parser.add_argument(f"--{name}-column", default=None, help=f"JSONL/CSV/Parquet column of the article {name}")


def published_option(value: str | None) -> str | None:
    """``--published`` as an ISO date; a value that is no date ("2022-13-45") is refused, not dropped."""
    published = iso_date(value) if value else None
    if value and published is None:
        raise ClaimledgerError(f"--published {value!r} is not a date", hint="use YYYY-MM-DD, e.g. 2022-03-15")
    return published


def source_options(args: argparse.Namespace) -> SourceOptions:
    """The parsed source arguments; a --published that is not a date is refused."""
    return SourceOptions(
        published=published_option(args.published),
        outlet=args.outlet,
        text_column=args.text_column,
        date_column=args.date_column,
        url_column=args.url_column,
        title_column=args.title_column,
        outlet_column=args.outlet_column,
    )


def run(args: argparse.Namespace) -> int:
    if args.jobs < 1:
        raise ClaimledgerError(f"--jobs {args.jobs}: needs at least one reader process", hint="use --jobs 1 or more")
    options = source_options(args)
    console = Console(stderr=True)
    with Ledger(args.db) as ledger:
        if args.quiet or not console.is_terminal:
            summary = ingest(ledger, args.inputs, sources=options, jobs=args.jobs, batch_size=args.batch_size)
        else:
            summary = _with_progress(console, ledger, args, options)
        total = ledger.stats()
    console.print(summary_line(summary, total.articles))
    return 1 if summary.problems else 0


def _with_progress(
    console: Console, ledger: Ledger, args: argparse.Namespace, options: SourceOptions
) -> IngestProgress:
    columns = (
        SpinnerColumn(),
        TextColumn("[bold]ingest[/]"),
        TextColumn("{task.fields[done]} inputs"),
        TextColumn("[green]{task.fields[rate]:.1f} articles/s"),
        TextColumn("[cyan]{task.fields[claims]} claims found"),
        TextColumn("[red]{task.fields[problems]} problems"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("ingest", total=None, done=0, rate=0.0, claims=0, problems=0)

        def show(progress: IngestProgress) -> None:
            bar.update(task, done=progress.done, rate=progress.rate, claims=progress.claims, problems=progress.problems)

        return ingest(
            ledger, args.inputs, sources=options, jobs=args.jobs, batch_size=args.batch_size, on_progress=show
        )


def summary_line(summary: IngestProgress, total_articles: int) -> str:
    parts = [
        f"stored {summary.stored} new articles ({summary.claims} claims) in {summary.elapsed:.1f}s",
        f"{summary.rate:.1f} articles/s",
    ]
    if summary.duplicates:
        parts.append(f"{summary.duplicates} already in the ledger")
    if summary.skipped:
        parts.append(f"{summary.skipped} skipped as already ingested")
    if summary.problems:
        parts.append(f"{summary.problems} inputs failed (see `claimledger problems`)")
    if summary.unsupported:
        kinds = sorted({Path(name).suffix.lower() or "no suffix" for name in summary.unsupported})
        parts.append(f"{len(summary.unsupported)} files of unknown type skipped ({', '.join(kinds[:5])})")
    return "; ".join(parts) + f". The ledger holds {total_articles} articles."
