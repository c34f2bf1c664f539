"""The ``claimledger`` command: thin argument parsing over library calls.

Each sub-command lives in ``claimledger/commands/<name>.py`` and exposes ``register(subparsers)``; its handler
returns the process exit code. Only the module of the command given is imported, so ``claimledger --help``
starts in a fraction of a second instead of loading spaCy, SQLAlchemy and the web app.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from . import __version__
from .commands import COMMANDS
from .errors import ClaimledgerError

#: Exit code of a command whose output pipe was closed early (``| head``): 128 + SIGPIPE, as the shell reports.
BROKEN_PIPE_EXIT = 141


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser for ``argv``: the full sub-parser of the command it names, a summary line for the others."""
    parser = argparse.ArgumentParser(
        prog="claimledger",
        description="Turn war reporting into a sourced, mapped, verification-graded ledger of casualty claims.",
    )
    parser.add_argument("--version", action="version", version=f"claimledger {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    wanted = next((arg for arg in argv if not arg.startswith("-")), None)
    if wanted in COMMANDS:
        importlib.import_module(f"claimledger.commands.{COMMANDS[wanted][0]}").register(subparsers)
    else:
        for name, (_, text) in COMMANDS.items():
            subparsers.add_parser(name, help=text)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(args_list).parse_args(args_list)
    try:
        code: int = args.handler(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler below, not at interpreter exit
    except BrokenPipeError:
        # `claimledger claims --format csv | head -1`: the reader has all it wanted; no traceback, no more output.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE_EXIT
    except ClaimledgerError as exc:
        print(f"claimledger: error: {exc.one_line()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("claimledger: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
