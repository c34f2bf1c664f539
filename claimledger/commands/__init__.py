"""Sub-commands of the ``claimledger`` CLI, one module each (see ``claimledger.cli``).

The table below lets ``claimledger --help`` list every command without importing any of them (the modules load
the ledger, the web app or spaCy): only the module of the command given is imported.
"""

from __future__ import annotations

#: Command → (module under ``claimledger.commands`` that registers it, its one-line summary), in help order.
COMMANDS: dict[str, tuple[str, str]] = {
    "read": ("read", "read articles and print their casualty claims"),
    "eval": ("eval", "score claimledger on a public evaluation data set"),
    "ingest": ("ingest", "read articles (txt, html, jsonl, csv, WARC, RSS/Atom, URLs) into the ledger"),
    "claims": ("claims", "list stored claims, filtered by place, category, time, status, source"),
    "show": ("claims", "one stored claim: its fields, its evidence in context, its article"),
    "problems": ("problems", "list inputs that could not be read, with the reason"),
    "export": ("export", "write stored claims as CSV, ACLED- or UCDP GED-style CSV, GeoJSON, JSONL or Parquet"),
    "batch": ("batch", "read many articles on a Dask cluster into partitioned Parquet (then `claimledger load`)"),
    "load": ("load", "bulk-load the Parquet output of `claimledger batch` into the ledger"),
    "groups": ("groups", "claim groups: one harm, its independent sources, its suggested grade"),
    "group": ("groups", "one claim group: grade and reason, roots, every appearance"),
    "estimates": ("estimates", "low / best / high casualty estimates per place, period, category and party"),
    "gazetteer": ("gazetteer", "build or query the offline GeoNames gazetteer index"),
    "serve": ("serve", "serve the web app: map, timeline, claims, groups, review, REST API under /api/v1"),
    "users": ("users", "web accounts: add, remove, set-role, list, token"),
}


def summary(command: str) -> str:
    """The one-line help of ``command`` (for its module's ``add_parser(..., help=summary(name))``)."""
    return COMMANDS[command][1]
