"""``claimledger read PATH|URL|- ...``: print the casualty claims of articles, as a table or claim.schema.json.

Inputs are taken as ``ingest`` takes them (text with front matter, HTML, JSONL/CSV rows, feeds, WARC, http(s)
URLs), so every article keeps its own date, outlet and URL. With one input the options name that article's; with
several they could silently re-date the others, so ``--url`` is refused and ``--published`` only fills in the
inputs that carry no date when ``--same-published`` says so.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..errors import ClaimledgerError, InputError
from . import summary
from .ingest import published_option
from .tables import fit

if TYPE_CHECKING:
    from rich.table import Table

    from ..records import Claim, RawArticle, ReadResult, Source


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "read",
        help=summary("read"),
        description="Read articles and print their claims. Each input keeps its own date, outlet and URL (front "
        "matter, page metadata); with one input, --published/--outlet/--url set its own.",
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH|URL", help="article files (txt, html, jsonl, csv, ...), http(s) URLs, or -"
    )
    parser.add_argument("--published", help="publication date YYYY-MM-DD (relative dates resolve against it)")
    parser.add_argument(
        "--same-published",
        action="store_true",
        help="with several inputs: date every input that carries no date of its own with --published",
    )
    parser.add_argument("--outlet", help="the publisher, e.g. Metro (with several inputs: for those naming none)")
    parser.add_argument("--url", help="the article's URL (one input only)")
    parser.add_argument(
        "--format", choices=("table", "json"), default=None, help="table (default on a terminal) or json"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..reader import read_many

    published = published_option(args.published)
    several = len(args.paths) > 1
    if several and args.url:
        raise ClaimledgerError("--url names one article, not several", hint="read that one input on its own")
    if several and published and not args.same_published:
        raise ClaimledgerError(
            f"--published would give all {len(args.paths)} inputs one date",
            hint="each file's front matter (published: YYYY-MM-DD) dates it; add --same-published to date the "
            "inputs that carry no date of their own with --published",
        )
    fmt = args.format or ("table" if sys.stdout.isatty() else "json")
    console = Console()
    failures = 0

    def complain(message: str) -> None:
        nonlocal failures
        failures += 1
        print(f"claimledger: error: {message}", file=sys.stderr, flush=True)

    waiting: deque[RawArticle] = deque()  # read, not yet printed: a result is the oldest of them

    def on_error(raw: RawArticle, error: InputError) -> None:
        waiting.remove(raw)
        complain(error.one_line())

    def queued() -> Iterator[RawArticle]:
        for raw in _articles(args, published, complain):
            waiting.append(raw)
            yield raw

    for result in read_many(queued(), batch_size=4, on_error=on_error):
        label = waiting.popleft().origin or "-"
        if fmt == "json":
            print(json.dumps(result.to_dict(), ensure_ascii=False, indent=None if several else 2))
        else:
            console.print(fit(claims_table(result, label), console, wide="evidence", drop=("sources", "subject")))
    return 1 if failures else 0


def _articles(args: argparse.Namespace, published: str | None, complain: Any) -> Iterator[RawArticle]:
    """Every input's articles, metadata filled in as the module docstring says; problems go to ``complain``."""
    from ..inputs import decode_bytes, split_front_matter
    from ..ledger.sources import SourceOptions, iter_inputs
    from ..ledger.types import Problem
    from ..records import RawArticle

    single = len(args.paths) == 1
    defaults = SourceOptions(published=published, outlet=args.outlet)
    for path in args.paths:
        if path == "-":
            try:
                meta, body = split_front_matter(decode_bytes(sys.stdin.buffer.read(), "<stdin>"))
            except InputError as exc:
                complain(exc.one_line())
                continue
            found: Iterable[Any] = [
                RawArticle(
                    text=body,
                    published=meta.get("published"),
                    outlet=meta.get("outlet"),
                    url=meta.get("url"),
                    title=meta.get("title"),
                    origin="-",
                )
            ]
        else:
            found = iter_inputs([path], defaults)
        for item in found:
            if isinstance(item, Problem):
                complain(f"{item.origin}: {item.message}" + (f" ({item.hint})" if item.hint else ""))
                continue
            raw = item if isinstance(item, RawArticle) else item.raw
            if single:  # the options name this one article's own date, outlet and URL
                raw = replace(
                    raw,
                    published=published or raw.published,
                    outlet=args.outlet or raw.outlet,
                    url=args.url or raw.url,
                )
            elif path == "-":
                raw = replace(raw, published=raw.published or published, outlet=raw.outlet or args.outlet)
            yield raw


def claims_table(result: ReadResult, label: str) -> Table:
    from rich.markup import escape
    from rich.table import Table

    article = result.article
    title = escape(f"{label} — {article.outlet or 'unknown outlet'}, {article.published or 'date unknown'}")
    table = Table(title=title, show_lines=True, expand=True)
    for column in ("category", "count", "subject", "when", "places", "sources", "status", "evidence"):
        table.add_column(column, overflow="fold")
    for claim in result.claims:
        table.add_row(*(escape(cell) for cell in _row(claim)))
    if not result.claims:
        table.caption = "no casualty claims found"
    return table


def _source_cell(source: Source) -> str:
    """ "TASS (outlet, Russia)": the kind, whether named, and the side it speaks for."""
    notes = [source.kind, *([] if source.named else ["unnamed"]), *([source.side] if source.side else [])]
    return f"{source.text} ({', '.join(notes)})"


def _row(claim: Claim) -> tuple[str, ...]:
    count = claim.count
    if count.low is None and count.high is None:
        bounds = "—"
    else:
        bounds = f"{count.low if count.low is not None else '?'}..{count.high if count.high is not None else '∞'}"
        bounds += f"\n“{count.text}”" + (" ~" if count.approximate else "")
    subject = claim.subject
    who = f"{subject.text or '—'}\n{subject.affiliation}" + (f", {subject.party}" if subject.party else "")
    when = claim.when
    date = "—" if when.start is None else (when.start if when.start == when.end else f"{when.start}..{when.end}")
    date += f"\n({when.precision}{', as of' if when.as_of else ''})"
    places = ", ".join(p.text for p in claim.places) or "—"
    places += "".join(f"\n{p.text} → {p.geonameid or '?'} {p.country or ''} [{p.role}]" for p in claim.places)
    sources = " → ".join(_source_cell(s) for s in claim.sources) or "—"
    status = claim.status + (f"\n{'; '.join(claim.cues)}" if claim.cues else "")
    status += "\npartisan" if claim.partisan else "\nadmission" if claim.admission else ""
    return claim.category, bounds, who, date, places, sources, status, claim.evidence.text
