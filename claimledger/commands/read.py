"""``claimledger read PATH|- ...``: print the casualty claims of articles, as a table or claim.schema.json."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from ..errors import InputError
from ..inputs import decode_bytes, read_text_file, split_front_matter
from ..reader import read_many
from ..records import Claim, RawArticle, ReadResult


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("read", help="read articles and print their casualty claims")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="article text files, or - for standard input")
    parser.add_argument("--published", help="publication date YYYY-MM-DD (relative dates resolve against it)")
    parser.add_argument("--outlet", help="the publisher, e.g. Metro (the first source of every claim)")
    parser.add_argument("--url", help="the article's URL")
    parser.add_argument(
        "--format", choices=("table", "json"), default=None, help="table (default on a terminal) or json"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    fmt = args.format or ("table" if sys.stdout.isatty() else "json")
    failures = 0
    console = Console()
    for path in args.paths:
        try:
            text = decode_bytes(sys.stdin.buffer.read(), "<stdin>") if path == "-" else read_text_file(path)
            meta, body = split_front_matter(text)
            raw = RawArticle(
                text=body,
                published=args.published or meta.get("published"),
                outlet=args.outlet or meta.get("outlet"),
                url=args.url or meta.get("url"),
                title=meta.get("title"),
                origin=path,
            )
            result = next(read_many([raw]))
        except InputError as exc:
            print(f"claimledger: error: {exc.one_line()}", file=sys.stderr)
            failures += 1
            continue
        if fmt == "json":
            indent = 2 if len(args.paths) == 1 else None
            print(json.dumps(result.to_dict(), ensure_ascii=False, indent=indent))
        else:
            console.print(claims_table(result, path))
    return 1 if failures else 0


def claims_table(result: ReadResult, label: str) -> Table:
    article = result.article
    title = f"{label} — {article.outlet or 'unknown outlet'}, {article.published or 'date unknown'}"
    table = Table(title=title, show_lines=True, expand=True)
    for column in ("category", "count", "subject", "when", "places", "sources", "status", "evidence"):
        table.add_column(column, overflow="fold")
    for claim in result.claims:
        table.add_row(*_row(claim))
    if not result.claims:
        table.caption = "no casualty claims found"
    return table


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
    date += f" ({when.precision}{', as of' if when.as_of else ''})"
    places = "\n".join(f"{p.text} → {p.geonameid or '?'} {p.country or ''} [{p.role}]" for p in claim.places) or "—"
    sources = " → ".join(f"{s.text} ({s.kind}{'' if s.named else ', unnamed'})" for s in claim.sources) or "—"
    status = claim.status + (f"\n{'; '.join(claim.cues)}" if claim.cues else "")
    return claim.category, bounds, who, date, places, sources, status, claim.evidence.text
