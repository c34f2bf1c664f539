"""p95 latency of ``GET /api/v1/claims`` with filters, on a generated ledger, under concurrent clients on loopback.

    .venv/bin/python bench/api_latency.py [--claims 1000000] [--clients 20] [--requests 40] [--db PATH] [--workers 2]

SQLite by default (a temporary file, kept with --db for re-runs); PostgreSQL when CLAIMLEDGER_TEST_PG is set.
The server is ``claimledger serve`` in its own process. The baseline, measured in the same run under the same
concurrency, is ``GET /api/v1/me`` (authentication and JSON, no query): the claims figure minus it is the cost
of the query. Prints p50/p95 of both and the ratio of the claims p95 to the 50 ms target (<= 1 meets it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, insert, select

from claimledger.ledger import Ledger
from claimledger.ledger.models import ArticleRow, ClaimRow
from claimledger.web.auth import Accounts

TARGET_MS = 50.0
CATEGORIES = ("dead", "wounded", "missing", "captured", "casualties", "displaced")
STATUSES = ("asserted", "reported", "hedged", "unverified", "disputed", "denied")
PARTIES = ("Russia", "Ukraine", None)
PLACES = (("Kharkiv", "UA", 49.98, 36.25), ("Mariupol", "UA", 47.1, 37.55), ("Homel", "BY", 52.43, 30.98))
CLAIMS_PER_ARTICLE = 10


def generate(ledger: Ledger, claims: int, seed: int = 7) -> None:
    """Articles of ten claims each over two years, inserted in bulk (no reader: this measures the API)."""
    rng = random.Random(seed)
    start = date(2022, 2, 24)
    now = datetime.now(UTC)
    articles = claims // CLAIMS_PER_ARTICLE
    chunk = 2_000
    with ledger.engine.begin() as connection:
        for first in range(0, articles, chunk):
            article_rows, claim_rows = [], []
            for number in range(first, min(first + chunk, articles)):
                article_id = hashlib.sha256(str(number).encode()).hexdigest()
                published = (start + timedelta(days=rng.randrange(730))).isoformat()
                article_rows.append(
                    {"id": article_id, "raw_hash": article_id, "text": "generated", "title": None, "url": None,
                     "outlet": f"outlet {number % 50}", "published": published, "language": "en",
                     "origin": "bench", "ingested_at": now}
                )  # fmt: skip
                for position in range(CLAIMS_PER_ARTICLE):
                    claim_rows.append(_claim(rng, article_id, position, published))
            connection.execute(insert(ArticleRow), article_rows)
            connection.execute(insert(ClaimRow), claim_rows)


def _claim(rng: random.Random, article_id: str, position: int, published: str) -> dict[str, object]:
    category, status, party = rng.choice(CATEGORIES), rng.choice(STATUSES), rng.choice(PARTIES)
    name, country, lat, lon = rng.choice(PLACES)
    low = rng.randrange(1, 5000)
    claim_id = f"{position:04d}{article_id[:12]}"
    data = {
        "id": claim_id, "category": category,
        "count": {"low": low, "high": low, "text": str(low), "approximate": False, "start": 0, "end": 3},
        "subject": {"text": "people", "affiliation": "unknown", "party": party},
        "when": {"start": published, "end": published, "precision": "day", "as_of": False, "text": None},
        "places": [{"text": name, "start": 10, "end": 10 + len(name), "geonameid": None, "name": name,
                    "country": country, "lat": lat, "lon": lon, "feature": "city", "role": "location",
                    "score": None, "precision": 1}],
        "sources": [{"text": "officials", "kind": "official", "named": False, "name": None}],
        "status": status, "cues": [], "evidence": {"text": f"{low} people were killed", "start": 0, "end": 20},
        "trigger": None,
    }  # fmt: skip
    return {
        "claim_id": claim_id, "article_id": article_id, "position": position, "category": category,
        "status": status, "low": low, "high": low, "approximate": False, "count_text": str(low),
        "subject": "people", "affiliation": "unknown", "party": party, "when_start": published,
        "when_end": published, "when_precision": "day", "published": published, "day": published,
        "day_end": published, "geonameid": None, "place_name": name, "country": country,
        "lat": lat, "lon": lon, "evidence_start": 0, "evidence_end": 20, "data": data,
    }  # fmt: skip


def queries(rng: random.Random) -> str:
    """A filtered, sorted first page like the claims table asks for."""
    params = [("category", rng.choice(CATEGORIES)), ("per_page", "50")]
    if rng.random() < 0.5:
        params.append(("status", rng.choice(STATUSES)))
    if rng.random() < 0.5:
        day = date(2022, 3, 1) + timedelta(days=rng.randrange(600))
        params += [("since", day.isoformat()), ("until", (day + timedelta(days=30)).isoformat())]
    if rng.random() < 0.3:
        params.append(("party", rng.choice(("Russia", "Ukraine"))))
    params.append(("sort", rng.choice(("-published", "-low", "published"))))
    return "/api/v1/claims?" + "&".join(f"{k}={v}" for k, v in params)


def measure(base: str, token: str, paths: list[list[str]]) -> list[tuple[str, float]]:
    """Each client thread sends its paths one after another; returns every (path, latency in milliseconds)."""
    latencies: list[tuple[str, float]] = []
    lock = threading.Lock()
    failures: list[str] = []

    def client(own: list[str]) -> None:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as http:
            for path in own:
                began = time.perf_counter()
                response = http.get(path)
                took = (time.perf_counter() - began) * 1000
                if response.status_code != 200:
                    failures.append(f"{path}: {response.status_code} {response.text[:200]}")
                with lock:
                    latencies.append((path, took))

    threads = [threading.Thread(target=client, args=(own,)) for own in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"requests failed: {failures[0]}")
    return latencies


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=40, help="requests per client")
    parser.add_argument("--db", default=None, help="SQLite file to (re)use; default: a temporary file")
    parser.add_argument("--workers", type=int, default=2, help="server processes (claimledger serve --workers)")
    args = parser.parse_args()
    pg = os.environ.get("CLAIMLEDGER_TEST_PG")
    url = pg or args.db or str(Path(tempfile.mkdtemp(prefix="claimledger-bench-")) / "bench.db")
    ledger = Ledger(url)
    with ledger.session() as session:
        present = session.scalar(select(func.count()).select_from(ClaimRow)) or 0
    if present < args.claims:
        began = time.perf_counter()
        generate(ledger, args.claims - present)
        print(f"generated {args.claims - present:,} claims in {time.perf_counter() - began:.0f} s", flush=True)
        ledger.optimize()  # planner statistics, as after any bulk load
    accounts = Accounts(ledger)
    if "bench" not in {u.username for u in accounts.users()}:
        accounts.add_user("bench", "bench-password", "viewer")
    token = accounts.create_token("bench", "api_latency")
    ledger.close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "claimledger.cli",
            "serve",
            "--db",
            url,
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/login", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        rng = random.Random(1)
        measure(base, token, [[queries(rng) for _ in range(3)] for _ in range(args.clients)])  # warm caches
        baseline = measure(base, token, [["/api/v1/me"] * args.requests for _ in range(args.clients)])
        claims = measure(base, token, [[queries(rng) for _ in range(args.requests)] for _ in range(args.clients)])
    finally:
        server.terminate()
        server.wait(timeout=20)
    backend = "PostgreSQL" if pg else "SQLite"
    print(json.dumps({"backend": backend, "claims": args.claims, "clients": args.clients, "workers": args.workers,
                      "requests": len(claims), "load_average": [round(x, 2) for x in os.getloadavg()]}))  # fmt: skip
    rows = {
        "baseline GET /api/v1/me": [t for _, t in baseline],
        "GET /api/v1/claims, all filters": [t for _, t in claims],
        "  without a period filter": [t for path, t in claims if "since=" not in path],
        "  with a period filter": [t for path, t in claims if "since=" in path],
    }
    for label, values in rows.items():
        print(f"{label:34s} n {len(values):4d}  p50 {p(values, 50):8.1f} ms  p95 {p(values, 95):8.1f} ms")
    top = p(rows["GET /api/v1/claims, all filters"], 95)
    print(f"claims p95 / baseline p95: {top / p(rows['baseline GET /api/v1/me'], 95):.2f}")
    print(f"claims p95 / target {TARGET_MS:.0f} ms: {top / TARGET_MS:.2f} (<= 1 meets the target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
