"""Batch throughput on Dask: articles per second with 1 and 2 local workers on the same inputs, in one run.

    .venv/bin/python bench/batch.py [--csv PATH] [--limit N] [--partition-size N]

Prints, for each cluster size, wall-clock articles/s, the workers' CPU seconds per article and their memory
(RSS after the run), then the ratio ``2 workers / 1 worker`` (target >= 1.8 on an idle 2-core machine). Cluster
start and the model load on each worker (the warm-up plugin) happen before the clock starts. The load average
is printed beside the numbers: on a shared machine it says how much of the CPU the workers really had.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUARDIAN = ROOT.parent / "shared" / "data" / "ru-ua-war-2022-guardian" / "guard-articles-nato.csv"


def _worker_stats() -> tuple[float, int]:
    import psutil

    process = psutil.Process()
    times = process.cpu_times()
    return times.user + times.system, process.memory_info().rss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", type=Path, default=GUARDIAN, help="a CSV of articles (Guardian layout)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N rows")
    parser.add_argument("--partition-size", type=int, default=16, help="articles per partition")
    args = parser.parse_args()
    if not args.csv.is_file():
        print(f"bench/batch.py: no articles at {args.csv} (give --csv)", file=sys.stderr)
        return 2

    from distributed import Client, LocalCluster

    from claimledger.batch import BatchOptions, run_batch
    from claimledger.batch.run import WarmUp
    from claimledger.ledger.ingest import DEFAULT_READER
    from claimledger.ledger.sources import SourceOptions

    rates: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        source = args.csv
        if args.limit:
            import pandas

            source = Path(tmp) / "subset.csv"
            pandas.read_csv(args.csv, nrows=args.limit).to_csv(source, index=False)
        options = BatchOptions(size=args.partition_size, sources=SourceOptions(outlet="The Guardian"))
        for workers in (1, 2):
            with (
                LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0", silence_logs=40) as c,  # type: ignore[no-untyped-call]
                Client(c) as client,  # type: ignore[no-untyped-call]
            ):
                client.register_plugin(WarmUp(DEFAULT_READER))
                before = client.run(_worker_stats)
                load_before = os.getloadavg()[0]
                started = time.perf_counter()
                report = run_batch(client, [str(source)], f"{tmp}/out{workers}", options=options)
                elapsed = time.perf_counter() - started
                after = client.run(_worker_stats)
            articles = report.progress.articles
            cpu = sum(after[w][0] - before[w][0] for w in after)
            memory = [after[w][1] / 2**20 for w in sorted(after)]
            rates[workers] = articles / elapsed
            print(
                f"{workers} worker(s): {articles} articles in {elapsed:.1f}s = {rates[workers]:.2f} articles/s; "
                f"{cpu / articles:.3f} worker CPU-s per article ({articles / cpu:.2f} articles per CPU-second); "
                f"RSS per worker {', '.join(f'{m:.0f} MB' for m in memory)}; "
                f"load average {load_before:.2f} -> {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
            )
    print(f"ratio 2 workers / 1 worker: {rates[2] / rates[1]:.2f} (target >= 1.8)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
