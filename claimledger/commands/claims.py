"""``claimledger claims`` (list and filter stored claims) and ``claimledger show CLAIM_ID`` (one claim in context)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..errors import ClaimledgerError
from ..ledger import ClaimFilter, Ledger, StoredClaim
from ..ledger.export import CSV_COLUMNS, claim_json, flat_row
from ..ledger.sources import iso_date
from ..records import CATEGORIES, STATUSES, claim_ref
from . import summary
from .ingest import add_db_argument
from .tables import fit

_CONTEXT_CHARS = 300


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--place", default=None, help="GeoNames id, place name, or ISO country code")
    parser.add_argument("--category", action="append", choices=CATEGORIES, default=[], help="repeatable")
    parser.add_argument("--status", action="append", choices=STATUSES, default=[], help="repeatable")
    parser.add_argument("--since", default=None, help="claims about this day or later (YYYY-MM-DD)")
    parser.add_argument("--until", default=None, help="claims about this day or earlier (YYYY-MM-DD)")
    parser.add_argument("--source", default=None, help="a source kind (medical, military, ...) or words of its name")
    parser.add_argument("--outlet", default=None, help="the publishing outlet")


def filter_from_args(args: argparse.Namespace) -> ClaimFilter:
    dates: dict[str, str | None] = {}
    for name in ("since", "until"):
        value = getattr(args, name)
        dates[name] = iso_date(value) if value is not None else None
        if value is not None and dates[name] is None:
            raise ClaimledgerError(f"--{name} {value!r} is not a date", hint="use YYYY-MM-DD")
    return ClaimFilter(
        place=args.place,
        categories=list(args.category),
        statuses=list(args.status),
        source=args.source,
        outlet=args.outlet,
        limit=getattr(args, "limit", None),
        since=dates["since"],
        until=dates["until"],
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("claims", help=summary("claims"))
    add_db_argument(parser)
    add_filter_arguments(parser)
    parser.add_argument("--limit", type=int, default=None, help="at most N claims")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.set_defaults(handler=run_claims)

    show = subparsers.add_parser("show", help=summary("show"))
    show.add_argument("claim_id", metavar="CLAIM_ID", help="a claim id as `claimledger claims` and the web show it")
    add_db_argument(show)
    show.add_argument("--json", action="store_true", help="print JSON instead of text")
    show.set_defaults(handler=run_show)


def run_claims(args: argparse.Namespace) -> int:
    with Ledger(args.db) as ledger:
        claims = ledger.claims(filter_from_args(args))
    if args.format == "json":
        for stored in claims:
            print(json.dumps(claim_json(stored), ensure_ascii=False))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(flat_row(stored) for stored in claims)
    else:
        console = Console()
        narrow = ("published", "who", "sources", "when")  # left out in this order; the id is never cut
        console.print(fit(claims_table(claims), console, wide="sources", drop=narrow, whole=("id",)))
    return 0


def claims_table(claims: list[StoredClaim]) -> Table:
    table = Table(title=f"{len(claims)} claims")
    for name in ("id", "category", "count", "who", "where", "when", "status", "sources", "published"):
        table.add_column(name, overflow="fold")
    for stored in claims:
        row = flat_row(stored)
        bounds = f"{row['low'] if row['low'] is not None else ''}..{row['high'] if row['high'] is not None else ''}"
        when = row["when_start"] if row["when_start"] == row["when_end"] else f"{row['when_start']}..{row['when_end']}"
        table.add_row(
            *(
                escape(str(value or ""))
                for value in (
                    row["claim_id"],
                    row["category"],
                    f"{bounds} ({row['count_text']})" if row["count_text"] else bounds,
                    row["subject"],
                    row["place"],
                    when if row["when_start"] else "",
                    row["status"],
                    row["sources"],
                    row["published"],
                )
            )
        )
    return table


def run_show(args: argparse.Namespace) -> int:
    with Ledger(args.db) as ledger:
        found = ledger.find_claim(args.claim_id)
        if not found:
            raise ClaimledgerError(
                f"no claim {args.claim_id!r} in the ledger", hint="list ids with `claimledger claims`"
            )
        article = ledger.article(found[0].article_id)
    if len(found) > 1:
        ids = ", ".join(claim_ref(s.article_id, s.claim.id) for s in found[:10])
        raise ClaimledgerError(f"{len(found)} claims have the id {args.claim_id!r}", hint=f"name one of: {ids}")
    stored = found[0]
    if args.json:
        data = claim_json(stored)
        data["article"]["text"] = article.text if article else None
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    console = Console()
    claim = stored.claim
    row = flat_row(stored)
    status = escape(f"[{claim.status}]")
    console.print(f"[bold]claim {escape(row['claim_id'])}[/]  {claim.category}  {status}  cues: {escape(row['cues'])}")
    fields = Table.grid(padding=(0, 2))
    for name, value in (
        ("count", f"low {claim.count.low}  high {claim.count.high}  ({claim.count.text})"),
        ("who", f"{claim.subject.text}  ({claim.subject.affiliation}, party {claim.subject.party})"),
        ("when", f"{claim.when.start} .. {claim.when.end}  precision {claim.when.precision}"),
        ("places", "; ".join(f"{p.text} -> {p.name} [{p.geonameid}] {p.role}" for p in claim.places)),
        ("sources", row["sources"]),
    ):
        fields.add_row(name, escape(str(value)))
    console.print(fields)
    if article is not None:
        start, end = claim.evidence.start, claim.evidence.end
        before = article.text[max(0, start - _CONTEXT_CHARS) : start]
        after = article.text[end : end + _CONTEXT_CHARS]
        console.print("\n[bold]evidence[/]")
        console.print(f"…{escape(before)}[reverse]{escape(article.text[start:end])}[/reverse]{escape(after)}…")
    console.print("\n[bold]article[/]")
    for name, value in (
        ("id", stored.article_id),
        ("title", stored.title),
        ("outlet", stored.outlet),
        ("published", stored.published),
        ("url", stored.url),
        ("origin", stored.origin),
    ):
        console.print(f"  {name}: {escape(str(value))}")
    return 0
