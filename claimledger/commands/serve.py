"""``claimledger serve [--db ...] [--host 127.0.0.1] [--port 8000] [--workers N] [--anonymous-read]``: the web app.

With ``--workers N``, N processes (``web.workers``), each building the app from the environment (``create_app`` as
a factory): the settings given here are handed over as ``CLAIMLEDGER_*`` variables.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from ..errors import ClaimledgerError
from ..settings import get_settings
from . import summary
from .ingest import add_db_argument


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help=summary("serve"),
        description="Serve the ledger over HTTP. Accounts come from `claimledger users add`; with "
        "--anonymous-read (or CLAIMLEDGER_ANONYMOUS_READ=1) visitors may read without one.",
    )
    add_db_argument(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument(
        "--anonymous-read", action="store_true", default=None, help="let visitors read without logging in"
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes sharing the port (default 1; about one per core)"
    )
    parser.add_argument("--tiles", default=None, help="online tile URL template; default: offline country outlines")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from ..ledger import Ledger
    from ..web import WebSettings, create_app
    from ..web.auth import Accounts
    from ..web.workers import serve as serve_workers

    if not 0 < args.port < 65536:
        raise ClaimledgerError(f"--port {args.port} is not a port", hint="use 1-65535, e.g. 8000")
    if not 0 < args.workers <= 64:
        raise ClaimledgerError(f"--workers {args.workers} is out of range", hint="use 1-64, about one per core")
    overrides: dict[str, Any] = {"db": args.db}
    if args.anonymous_read:
        overrides["anonymous_read"] = True
    if args.tiles:
        overrides["tiles_url"] = args.tiles
    settings = WebSettings(**overrides)
    get_settings()  # the ledger's own settings (CLAIMLEDGER_PAGE_CONNECTIONS...): a bad value fails here, not later
    ledger = Ledger(settings.db)
    users = Accounts(ledger).count()  # opens (and migrates) the database now, so a bad --db fails here
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"claimledger: serving {ledger.url} on http://{host}:{args.port}/", flush=True)
    if settings.anonymous_read:
        print("claimledger: anonymous read is ON: anyone who can reach this address can read the ledger", flush=True)
    if users == 0:
        print("claimledger: no accounts yet: add one with `claimledger users add NAME --role admin`", flush=True)
    if args.workers == 1:
        uvicorn.run(
            create_app(settings, ledger=ledger), host=args.host, port=args.port, log_level="warning", access_log=False
        )
        return 0
    ledger.close()
    os.environ["CLAIMLEDGER_DB"] = ledger.url
    for name, value in (("ANONYMOUS_READ", settings.anonymous_read), ("SECURE_COOKIES", settings.secure_cookies)):
        os.environ[f"CLAIMLEDGER_{name}"] = "1" if value else "0"
    if settings.tiles_url:
        os.environ["CLAIMLEDGER_TILES_URL"] = settings.tiles_url
    serve_workers(args.host, args.port, args.workers)
    return 0
