"""p95 latency of ``GET /api/v1/claims`` with filters, on a generated ledger, under concurrent clients on loopback.

    .venv/bin/python bench/api_latency.py [--claims 1000000] [--clients 20] [--requests 40] [--db PATH] [--workers 2]

SQLite by default (a temporary file, kept with --db for re-runs); PostgreSQL when CLAIMLEDGER_TEST_PG is set.
The server is ``claimledger serve`` in its own process; the clients are coroutines of this one, each on its own
keep-alive connection, every request with its own random filters. The baseline, measured in the same run under
the same concurrency (alternating rounds), is ``GET /api/v1/me`` (authentication and JSON, no query): the claims
figure minus it is the cost of the query. Prints p50/p95/p99 of both, the CPU per request of the server, of the
PostgreSQL backends serving it (a local server) and of this client, the 1-minute load average before and after,
and the ratio of the claims p95 to the 50 ms target.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
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
ROUNDS = 4


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


async def _client(port: int, token: str, own: list[str], out: list[tuple[str, float]]) -> None:
    """One client: a keep-alive HTTP/1.1 connection sending its paths one after another. Raw asyncio streams:
    a full HTTP client library with a thread per client costs as much CPU as the server, on the same cores."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for path in own:
            began = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            body = await reader.readexactly(length)
            out.append((path, (time.perf_counter() - began) * 1000))
            if head[9:12] != b"200":
                raise SystemExit(f"{path}: {head[9:12].decode()} {body[:200]!r}")
    finally:
        writer.close()


def measure(port: int, token: str, paths: list[list[str]]) -> list[tuple[str, float]]:
    """All clients at once, one per list of paths; returns every (path, latency in milliseconds)."""
    out: list[tuple[str, float]] = []

    async def run() -> None:
        await asyncio.gather(*(_client(port, token, own, out) for own in paths))

    asyncio.run(run())
    return out


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its descendants, from /proc; 0 without /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split() if entry.isdigit() else []
        except OSError:
            continue  # ended meanwhile
        if fields:
            parents[int(entry)], used[int(entry)] = int(fields[1]), (int(fields[11]) + int(fields[12])) / tick
    family = {pid}
    for child in sorted(used):  # a child's pid is above its parent's (no wrap-around in a bench's lifetime)
        if parents[child] in family:
            family.add(child)
    return sum(used.get(member, 0.0) for member in family)


def backend_cpu(ledger: Ledger, seen: dict[int, float]) -> float:
    """CPU seconds the PostgreSQL backends serving this database used since the last call (``seen`` keeps each
    backend's total), from /proc: the database's share of a request, which the server process tree leaves out.
    A local server only; a backend that ended between two calls is missed (the pools keep theirs)."""
    with ledger.engine.connect() as connection:
        pids = connection.exec_driver_sql(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).scalars()
        used = 0.0
        for pid in pids:
            total = tree_cpu(pid) if Path(f"/proc/{pid}").is_dir() else 0.0
            used += total - seen.get(pid, 0.0)
            seen[pid] = total
    return used


def p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


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
    backends: dict[int, float] = {}
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "claimledger.cli", "serve", "--db", url, "--port", str(port)]
    server = subprocess.Popen([*command, "--workers", str(args.workers)], stdout=subprocess.DEVNULL)
    loads = [round(os.getloadavg()[0], 2)]
    rng = random.Random(1)
    baseline: list[tuple[str, float]] = []
    claims: list[tuple[str, float]] = []
    wall = client_cpu = server_cpu = database_cpu = baseline_cpu = 0.0
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        measure(port, token, [[queries(rng) for _ in range(3)] + ["/api/v1/me"] for _ in range(args.clients)])  # warm
        per_round = max(1, args.requests // ROUNDS)
        for _ in range(ROUNDS):  # alternating, so a change in the machine's other load hits both alike
            baseline_began = tree_cpu(server.pid)
            baseline += measure(port, token, [["/api/v1/me"] * per_round for _ in range(args.clients)])
            baseline_cpu += tree_cpu(server.pid) - baseline_began
            paths = [[queries(rng) for _ in range(per_round)] for _ in range(args.clients)]
            if pg:
                backend_cpu(ledger, backends)
            began, client_began, server_began = time.perf_counter(), time.process_time(), tree_cpu(server.pid)
            claims += measure(port, token, paths)
            wall += time.perf_counter() - began
            client_cpu += time.process_time() - client_began
            server_cpu += tree_cpu(server.pid) - server_began
            if pg:
                database_cpu += backend_cpu(ledger, backends)
        loads.append(round(os.getloadavg()[0], 2))
    finally:
        server.terminate()
        server.wait(timeout=20)
    backend = "PostgreSQL" if pg else "SQLite"
    print(json.dumps({"backend": backend, "claims": args.claims, "clients": args.clients, "workers": args.workers,
                      "requests": len(claims), "load_average_1min_before_after": loads}))  # fmt: skip
    rows = {
        "baseline GET /api/v1/me": [t for _, t in baseline],
        "GET /api/v1/claims, all filters": [t for _, t in claims],
        "  without a period filter": [t for path, t in claims if "since=" not in path],
        "  with a period filter": [t for path, t in claims if "since=" in path],
    }
    for label, values in rows.items():
        print(f"{label:34s} n {len(values):5d}  " + "  ".join(f"p{q} {p(values, q):6.1f} ms" for q in (50, 95, 99)))
    n = len(claims)
    database = f", PostgreSQL backends {database_cpu / n * 1000:.2f} ms" if pg else ""
    print(
        f"claims: {n / wall:.0f} requests/s; CPU per request: server {server_cpu / n * 1000:.2f} ms{database}, "
        f"this client {client_cpu / n * 1000:.2f} ms ({client_cpu / wall:.0%} of one core); "
        f"server CPU per baseline request {baseline_cpu / len(baseline) * 1000:.2f} ms"
    )
    top = p(rows["GET /api/v1/claims, all filters"], 95)
    print(f"claims p95 / baseline p95: {top / p(rows['baseline GET /api/v1/me'], 95):.2f}")
    print(f"claims p95 / target {TARGET_MS:.0f} ms: {top / TARGET_MS:.2f} (<= 1 meets the target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
