"""``claimledger gazetteer build [--from allCountries.zip]`` and ``claimledger gazetteer lookup NAME``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from ..gazetteer import Gazetteer, build_index, default_index_path
from . import summary


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("gazetteer", help=summary("gazetteer"))
    sub = parser.add_subparsers(dest="gazetteer_command", required=True, metavar="ACTION")
    build = sub.add_parser("build", help="build the index into the cache directory (CLAIMLEDGER_CACHE_DIR)")
    build.add_argument("--from", dest="source", type=Path, default=None,
                       help="a GeoNames dump (allCountries.zip) instead of the data shipped with the packages")
    build.set_defaults(handler=run_build)
    lookup = sub.add_parser("lookup", help="show the features a name may refer to")
    lookup.add_argument("name", help="a place name in any spelling or script (Homel, Gomel, Гомель)")
    lookup.add_argument("--limit", type=int, default=20, help="show at most N candidates")
    lookup.set_defaults(handler=run_lookup)


def run_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    path = build_index(default_index_path(), args.source)
    print(f"gazetteer built at {path} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


def run_lookup(args: argparse.Namespace) -> int:
    path = default_index_path()
    if not path.exists():
        print(f"gazetteer index not found: building it once into {path} ...", file=sys.stderr)
    gazetteer = Gazetteer.open(path)
    candidates = gazetteer.lookup(args.name)[: args.limit]
    if not candidates:
        print(f"no gazetteer entry for {args.name!r}", file=sys.stderr)
        return 1
    table = Table(title=f"gazetteer: {args.name}")
    for column in ("geonameid", "name", "country", "admin1", "feature", "population", "lat", "lon"):
        table.add_column(column, justify="right" if column in ("geonameid", "population", "lat", "lon") else "left")
    for c in candidates:
        table.add_row(str(c.geonameid), c.name, c.country or "", c.admin1 or "", c.feature, f"{c.population:,}",
                      f"{c.lat:.4f}", f"{c.lon:.4f}")
    Console().print(table)
    return 0
