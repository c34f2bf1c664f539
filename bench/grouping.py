"""Grouping of generated syndicated articles: near-duplicates and incidents, articles/s at 10k and 100k, memory.

Each synthetic story is ~120 random words; every story is published 1-5 times with light edits (a changed
word or two, an outlet line added), like a wire story in several outlets; ten stories a day, so that a larger
collection spans more days (a news feed), not more stories per day. Prints, for the near-duplicate index and for
the incident clusterer (which runs the index too), articles per second at each size, the ratio of the 100k rate
to the 10k rate (1.0 = linear time), the share of copies found in their story's cluster, and the peak resident
memory of each run (each in a process of its own, so one stage's memory is not charged to the next).
Run: ``.venv/bin/python bench/grouping.py [--max 100000]``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import time
from collections.abc import Callable
from datetime import date, timedelta

from claimledger.corroborate.incidents import IncidentClusterer
from claimledger.corroborate.neardup import NearDupIndex
from claimledger.records import Article, ReadResult

VOCABULARY = [f"w{i}" for i in range(20000)]


def articles(n: int, seed: int = 7) -> list[tuple[str, str, str, int]]:
    """``n`` (id, text, date, story) rows: stories and their lightly edited copies."""
    rng = random.Random(seed)
    rows: list[tuple[str, str, str, int]] = []
    story = 0
    while len(rows) < n:
        words = rng.choices(VOCABULARY, k=120)
        day = (date(2020, 1, 1) + timedelta(days=story // 10)).isoformat()
        for copy in range(rng.randint(1, 5)):
            edited = list(words)
            for _ in range(rng.randint(0, 2)):
                edited[rng.randrange(len(edited))] = rng.choice(VOCABULARY)
            text = f"Outlet {copy} reports. " + " ".join(edited)
            rows.append((f"s{story}c{copy}", text, day, story))
        story += 1
    return rows[:n]


def neardup(rows: list[tuple[str, str, str, int]]) -> tuple[float, Callable[[str], str]]:
    """Articles per second of the near-duplicate index, and each article's cluster."""
    index = NearDupIndex()
    started = time.perf_counter()
    for article_id, text, day, _ in rows:
        index.add(article_id, text, day)
    return len(rows) / (time.perf_counter() - started), index.cluster_of


def incidents(rows: list[tuple[str, str, str, int]]) -> tuple[float, Callable[[str], str]]:
    """Articles per second of the incident clusterer, and each article's incident."""
    clusterer = IncidentClusterer()
    started = time.perf_counter()
    for article_id, text, day, _ in rows:
        clusterer.add_one(ReadResult(Article(article_id, text, day)))
    return len(rows) / (time.perf_counter() - started), clusterer.incident_of


def found(rows: list[tuple[str, str, str, int]], cluster_of: Callable[[str], str]) -> float:
    """The share of copies clustered with the first article of their story."""
    first: dict[int, str] = {}
    hits = total = 0
    for article_id, _, _, story in rows:
        if story in first:
            total += 1
            hits += cluster_of(article_id) == cluster_of(first[story])
        else:
            first[story] = article_id
    return hits / max(total, 1)


GROUPINGS = {"near-duplicates": neardup, "incidents": incidents}


def run(name: str, size: int) -> tuple[float, float, float]:
    """One grouping of ``size`` articles: articles/s, share of copies found, peak resident MB of this process."""
    rows = articles(size)
    rate, cluster_of = GROUPINGS[name](rows)
    share = found(rows, cluster_of)
    return rate, share, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max", type=int, default=100_000)
    args = parser.parse_args()
    sizes = [10_000, args.max]
    spawn = multiprocessing.get_context("spawn")
    for name in GROUPINGS:
        rates = {}
        for size in sizes:
            with spawn.Pool(1) as pool:
                rate, share, peak_mb = pool.apply(run, (name, size))
            rates[size] = rate
            print(f"{name}: {size:>8,} articles: {rate:8,.0f} articles/s, copies found {share:.3f}, ", end="")
            print(f"peak {peak_mb:,.0f} MB")
        ratio = rates[sizes[-1]] / rates[sizes[0]]
        print(f"{name}: ratio {sizes[-1]:,} / {sizes[0]:,} rate: {ratio:.2f} (1.0 = linear)")


if __name__ == "__main__":
    main()
