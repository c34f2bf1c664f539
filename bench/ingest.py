"""Ingest throughput: storage overhead against reading alone, and --jobs 2 against --jobs 1, in one run.

    .venv/bin/python bench/ingest.py [--limit N] [--csv PATH]

Prints three timings on the same texts (the Guardian articles in ../shared/data) and two ratios:
``ingest/read`` (target >= 0.9: storing costs at most 10%) and ``jobs2/jobs1`` (target >= 1.7).
The model is loaded before any timing; --jobs 2 timings include starting the worker processes.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUARDIAN = ROOT.parent / "shared" / "data" / "ru-ua-war-2022-guardian" / "guard-articles-nato.csv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", type=Path, default=GUARDIAN, help="a CSV of articles (Guardian layout)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--reader", default="claimledger.reader:read_many", help="module:function to read with")
    args = parser.parse_args()

    from claimledger.ledger import Ledger
    from claimledger.ledger.ingest import ingest, load_reader
    from claimledger.ledger.sources import SourceOptions, iter_inputs
    from claimledger.ledger.types import Input

    if not args.csv.is_file():
        print(f"bench/ingest.py: no articles at {args.csv} (give --csv)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "articles.csv"
        _subset(args.csv, subset, args.limit)
        options = SourceOptions(outlet="The Guardian")
        inputs = [item for item in iter_inputs([str(subset)], options) if isinstance(item, Input)]
        read_many = load_reader(args.reader)
        list(read_many([inputs[0].raw], batch_size=1))  # load the model before timing

        started, cpu_started = time.perf_counter(), time.process_time()
        claims = sum(
            len(r.claims)
            for r in read_many(
                [i.raw for i in iter_inputs([str(subset)], options) if isinstance(i, Input)], batch_size=16
            )
        )
        read_alone, read_cpu = time.perf_counter() - started, time.process_time() - cpu_started

        timings, cpu = {}, {}
        for jobs in (1, 2):
            with Ledger(str(Path(tmp) / f"jobs{jobs}.db")) as ledger:
                started, cpu_started = time.perf_counter(), time.process_time()
                summary = ingest(ledger, [str(subset)], sources=options, jobs=jobs, reader=args.reader)
                timings[jobs], cpu[jobs] = time.perf_counter() - started, time.process_time() - cpu_started
                if summary.stored != len(inputs) or summary.claims != claims:
                    print(
                        f"bench/ingest.py: jobs {jobs} stored {summary.stored}/{len(inputs)} articles, "
                        f"{summary.claims}/{claims} claims",
                        file=sys.stderr,
                    )
                    return 1

    n = len(inputs)
    print(f"articles: {n}, claims: {claims}")
    print(f"read alone:        {read_alone:7.2f}s  {n / read_alone:6.2f} articles/s")
    print(f"ingest --jobs 1:   {timings[1]:7.2f}s  {n / timings[1]:6.2f} articles/s")
    print(f"ingest --jobs 2:   {timings[2]:7.2f}s  {n / timings[2]:6.2f} articles/s")
    print(f"ratio ingest/read (speed, target >= 0.9): {read_alone / timings[1]:.3f}")
    print(f"ratio jobs2/jobs1 (speed, target >= 1.7): {timings[1] / timings[2]:.3f}")
    print(f"ratio ingest/read in CPU time of this process (robust to other load): {read_cpu / cpu[1]:.3f}")
    print(f"load average (1, 5, 15 min; wall-clock ratios need idle cores): {os.getloadavg()}")
    return 0


def _subset(source: Path, target: Path, limit: int | None) -> None:
    csv.field_size_limit(sys.maxsize)
    with source.open(encoding="utf-8", newline="") as handle, target.open("w", encoding="utf-8", newline="") as out:
        reader = csv.DictReader(handle)
        writer = csv.DictWriter(out, fieldnames=list(reader.fieldnames or []))
        writer.writeheader()
        for number, row in enumerate(reader):
            if limit is not None and number >= limit:
                break
            writer.writerow(row)


if __name__ == "__main__":
    sys.exit(main())
