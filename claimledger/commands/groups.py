"""``claimledger groups`` (corroborated claim groups) and ``claimledger group ID`` (one group, every appearance)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..corroborate import CorroborationStore, GroupView, ledger_group, ledger_groups
from ..corroborate.estimates import group_figure, place_label, primary_place
from ..ledger import Ledger
from ..records import CATEGORIES
from . import summary
from .ingest import add_db_argument
from .tables import fit


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "groups",
        help=summary("groups"),
        description="Claims about the same harm across articles, most independently supported first. "
        "Groups are kept in the ledger and updated after each ingest.",
    )
    add_db_argument(parser)
    parser.add_argument("--category", choices=CATEGORIES, default=None)
    parser.add_argument("--place", default=None, help="GeoNames id, place name, or ISO country code")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument(
        "--rebuild", action="store_true", help="corroborate every stored article again (after an upgrade)"
    )
    parser.set_defaults(handler=run_groups)

    one = subparsers.add_parser("group", help=summary("group"))
    one.add_argument(
        "group_id", metavar="ID", help="a group id, or the id of any of its claims (see `claimledger groups`)"
    )
    add_db_argument(one)
    one.add_argument("--format", choices=("table", "json"), default="table")
    one.set_defaults(handler=run_group)


def run_groups(args: argparse.Namespace) -> int:
    with Ledger(args.db) as ledger:
        store = CorroborationStore(ledger)
        if args.rebuild:
            store.rebuild()
        views = ledger_groups(store, category=args.category, place=args.place)
    if args.format == "json":
        for view in views:
            print(json.dumps(view.to_dict(), ensure_ascii=False))
        return 0
    table = Table(title=f"{len(views)} claim groups")
    for name in ("id", "category", "low/best/high", "who", "where", "when", "roots", "articles", "grade", "first"):
        table.add_column(name, overflow="fold")
    for view in views:
        group = view.group
        table.add_row(
            *(
                escape(str(value))
                for value in (
                    view.ref if view.part_of is None else f"↳ {view.ref}",
                    group.category + _kind(view),
                    _figure(view),
                    group.subject or group.party or "",
                    place_label(primary_place(group)),
                    _period(group.start, group.end),
                    view.independent_roots,
                    len(group.distinct_appearances()),
                    view.grade.level,
                    f"{view.first_published or ''} {view.first_outlet or ''}".strip(),
                )
            )
        )
    console = Console()
    narrow = ("first", "roots", "articles", "when", "who", "grade")  # left out in this order; the id never cut
    console.print(fit(table, console, wide="who", drop=narrow, whole=("id",)))
    return 0


def run_group(args: argparse.Namespace) -> int:
    with Ledger(args.db) as ledger:
        view = ledger_group(ledger, args.group_id.strip())
    if args.format == "json":
        print(json.dumps(view.to_dict(), ensure_ascii=False, indent=2))
        return 0
    group = view.group
    console = Console()
    console.print(f"[bold]group {escape(view.ref)}[/]  {group.category}{_kind(view)}  {escape(_figure(view))}")
    fields = Table.grid(padding=(0, 2))
    for name, value in (
        ("grade", f"{view.grade.level}: {view.grade.reason}"),
        ("who", f"{group.subject} ({group.affiliation}, party {group.party})"),
        ("where", "; ".join(f"{p.name or p.text} [{p.geonameid}]" for p in group.places) or "unknown"),
        ("when", _period(group.start, group.end) + (" (cumulative total)" if group.as_of else "")),
        ("roots", "; ".join(r.label for r in group.roots())),
        ("first", f"{view.first_published} {view.first_outlet}"),
        ("rivals", ", ".join(view.rivals) or "none"),
        ("part of", view.part_of or "none"),
    ):
        fields.add_row(name, escape(str(value)))
    console.print(fields)
    table = Table(title=f"{len(group.appearances)} appearances")
    for name in ("published", "outlet", "root", "count", "status", "claim", "near-duplicate of"):
        table.add_column(name, overflow="fold")
    for item in sorted(group.appearances, key=lambda a: (a.published or "9999", a.article_id)):
        table.add_row(
            *(
                escape(str(value or ""))
                for value in (
                    item.published,
                    item.outlet or item.url,
                    item.root.label,
                    f"{item.low if item.low is not None else ''}..{item.high if item.high is not None else ''}",
                    item.status,
                    item.ref,
                    item.cluster[:12] if item.cluster != item.article_id else "",
                )
            )
        )
    console.print(fit(table, console, wide="outlet", drop=("near-duplicate of", "root"), whole=("claim",)))
    return 0


def _figure(view: GroupView) -> str:
    """low/best/high, with "-" for a bound no text gives ("up to 40": -/40/40)."""
    figure = group_figure(view.group)
    denied = figure is None and (figure := group_figure(view.group, denied=True)) is not None
    if figure is None:
        return "no figure"
    shown = "/".join("-" if v is None else str(v) for v in (figure.low, figure.best, figure.high))
    return f"{shown} (denied)" if denied else shown


def _kind(view: GroupView) -> str:
    group = view.group
    marks = [
        "as of" if group.as_of else "",
        f"per {group.rate}" if group.rate else "",
        "not war" if group.conflict == "none" else "",
    ]
    shown = ", ".join(m for m in marks if m)
    return f" ({shown})" if shown else ""


def _period(start: str | None, end: str | None) -> str:
    if not start:
        return "undated"
    return start if not end or end == start else f"{start}..{end}"
