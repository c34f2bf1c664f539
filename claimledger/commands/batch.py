"""``claimledger batch INPUT... --out DIR``: read partitioned inputs on a Dask cluster into Parquet."""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from ..batch import BatchOptions, BatchProgress, BatchReport, connect, run_batch
from ..batch.partitions import DEFAULT_SIZE
from ..errors import ClaimledgerError
from . import summary
from .ingest import add_source_arguments, source_options


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "batch",
        help=summary("batch"),
        description="Cut JSONL, CSV, Parquet and WARC inputs (paths, globs, folders or fsspec URLs) into partitions, "
        "read them on Dask (a local cluster, or --scheduler) and write articles/, claims/ and problems/ Parquet "
        "files, one per partition, under --out. Finished partitions are skipped on a re-run; inputs that fail are "
        "listed in DIR/report.json. Exit code 1 when any input or partition failed.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, globs or fsspec URLs")
    parser.add_argument("--out", required=True, metavar="DIR", help="output folder (local path or fsspec URL)")
    parser.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT", help="an existing Dask scheduler")
    parser.add_argument("--workers", type=int, default=None, help="local worker processes (default: one per core)")
    parser.add_argument("--partition-size", type=int, default=DEFAULT_SIZE, help="articles per partition")
    parser.add_argument("--batch-size", type=int, default=16, help="articles per reader batch inside a task")
    add_source_arguments(parser)
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar, only the summary")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.workers is not None and args.workers < 1:
        raise ClaimledgerError(f"--workers {args.workers}: needs at least one worker", hint="use --workers 1 or more")
    if args.scheduler and args.workers is not None:
        raise ClaimledgerError("--workers starts a local cluster; a --scheduler has its own workers", hint="give one")
    options = BatchOptions(size=args.partition_size, batch_size=args.batch_size, sources=source_options(args))
    console = Console(stderr=True)
    with connect(args.scheduler, args.workers) as client:
        console.print(f"Dask dashboard: {client.dashboard_link}")
        if args.quiet or not console.is_terminal:
            report = run_batch(client, args.inputs, args.out, options=options)
        else:
            report = _with_progress(console, client, args, options)
    console.print(summary_line(report))
    for failure in report.failures:
        console.print(
            f"  failed: {escape(failure.partition or failure.input)}: {failure.reason}: {escape(failure.message)}"
        )
    return 1 if report.failures or report.progress.problems else 0


def _with_progress(console: Console, client: Any, args: argparse.Namespace, options: BatchOptions) -> BatchReport:
    columns = (
        TextColumn("[bold]batch[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("partitions"),
        TextColumn("[green]{task.fields[rate]:.1f} articles/s"),
        TextColumn("[cyan]{task.fields[claims]} claims"),
        TextColumn("[red]{task.fields[failed]} failed"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("batch", total=None, rate=0.0, claims=0, failed=0)

        def show(progress: BatchProgress) -> None:
            bar.update(
                task,
                total=progress.partitions,
                completed=progress.skipped + progress.done + progress.failed,
                rate=progress.rate,
                claims=progress.claims,
                failed=progress.failed,
            )

        return run_batch(client, args.inputs, args.out, options=options, on_progress=show)


def summary_line(report: BatchReport) -> str:
    p = report.progress
    parts = [
        f"read {p.articles} articles ({p.claims} claims) in {p.done} partitions in {p.elapsed:.1f}s",
        f"{p.rate:.1f} articles/s",
    ]
    if p.skipped:
        parts.append(f"{p.skipped} partitions already done")
    if p.problems:
        parts.append(f"{p.problems} inputs could not be read (problems/ files)")
    if report.failures:
        parts.append(f"{len(report.failures)} inputs or partitions failed")
    return "; ".join(parts) + f". Output and report.json in {report.out}; load it with `claimledger load`."
