"""The ``claimledger`` command: thin argument parsing over library calls.

Each sub-command lives in ``claimledger/commands/<name>.py`` and exposes
``register(subparsers)``; its handler returns the process exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from . import __version__
from .errors import ClaimledgerError

#: Modules under ``claimledger.commands`` that add sub-commands, in help order.
COMMAND_MODULES: tuple[str, ...] = (
    "read",
    "eval",
    "ingest",
    "claims",
    "problems",
    "export",
    "batch",
    "load",
    "groups",
    "estimates",
    "gazetteer",
    "serve",
    "users",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimledger",
        description="Turn war reporting into a sourced, mapped, verification-graded ledger of casualty claims.",
    )
    parser.add_argument("--version", action="version", version=f"claimledger {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"claimledger.commands.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except ClaimledgerError as exc:
        print(f"claimledger: error: {exc.one_line()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("claimledger: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
