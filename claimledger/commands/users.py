"""``claimledger users add|remove|set-role|list|token``: accounts of the web app."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from ..errors import ClaimledgerError
from . import summary
from .ingest import add_db_argument

PASSWORD_ENV = "CLAIMLEDGER_PASSWORD"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("users", help=summary("users"))
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser(
        "add", help="add an account", description=f"The password is asked for, or read from {PASSWORD_ENV}."
    )
    add.add_argument("username")
    add.add_argument("--role", default="viewer", choices=("viewer", "analyst", "admin"))
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first input line")
    remove = actions.add_parser("remove", help="remove an account, its sessions and its API tokens")
    remove.add_argument("username")
    role = actions.add_parser("set-role", help="change an account's role")
    role.add_argument("username")
    role.add_argument("role", choices=("viewer", "analyst", "admin"))
    actions.add_parser("list", help="list accounts")
    token = actions.add_parser("token", help="create an API token for scripts (printed once)")
    token.add_argument("username")
    token.add_argument("--name", default="script", help="a label to recognise the token by")
    for sub in (add, remove, role, token, actions.choices["list"]):
        add_db_argument(sub)
    parser.set_defaults(handler=run)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if not sys.stdin.isatty():
        raise ClaimledgerError(
            "no password given", hint=f"use --password-stdin, set {PASSWORD_ENV}, or run in a terminal"
        )
    first = getpass.getpass(f"password for {args.username}: ")
    if getpass.getpass("again: ") != first:
        raise ClaimledgerError("the two passwords differ", hint="type the same password twice")
    return first


def run(args: argparse.Namespace) -> int:
    from ..ledger import Ledger
    from ..web.auth import Accounts

    with Ledger(args.db) as ledger:
        accounts = Accounts(ledger)
        if args.action == "add":
            user = accounts.add_user(args.username, _password(args), args.role)
            print(f"added {user.username} ({user.role})")
        elif args.action == "remove":
            accounts.remove_user(args.username)
            print(f"removed {args.username}")
        elif args.action == "set-role":
            user = accounts.set_role(args.username, args.role)
            print(f"{user.username} is now {user.role}")
        elif args.action == "token":
            print(accounts.create_token(args.username, args.name))
        else:
            for user in accounts.users():
                print(f"{user.username}\t{user.role}\t{user.created_at:%Y-%m-%d}")
    return 0
