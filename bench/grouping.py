"""Near-duplicate grouping of generated syndicated articles: articles/s at 10k and 100k, and peak memory.

Each synthetic story is ~120 random words; every story is published 1-5 times with light edits (a changed
word or two, an outlet line added), like a wire story in several outlets. Prints articles per second at each
size, the ratio of the 100k rate to the 10k rate (1.0 = linear time), the peak resident memory, and the
share of copies found in their story's cluster. Run: ``.venv/bin/python bench/grouping.py [--max 100000]``.
"""

from __future__ import annotations

import argparse
import random
import resource
import time

from claimledger.corroborate.neardup import NearDupIndex

VOCABULARY = [f"w{i}" for i in range(20000)]


def articles(n: int, seed: int = 7) -> list[tuple[str, str, str, int]]:
    """``n`` (id, text, date, story) rows: stories and their lightly edited copies."""
    rng = random.Random(seed)
    rows: list[tuple[str, str, str, int]] = []
    story = 0
    while len(rows) < n:
        words = rng.choices(VOCABULARY, k=120)
        day = f"2022-{1 + story % 12:02d}-{1 + story % 28:02d}"
        for copy in range(rng.randint(1, 5)):
            edited = list(words)
            for _ in range(rng.randint(0, 2)):
                edited[rng.randrange(len(edited))] = rng.choice(VOCABULARY)
            text = f"Outlet {copy} reports. " + " ".join(edited)
            rows.append((f"s{story}c{copy}", text, day, story))
        story += 1
    return rows[:n]


def run(rows: list[tuple[str, str, str, int]]) -> tuple[float, float]:
    """Articles per second, and the share of copies clustered with the first article of their story."""
    index = NearDupIndex()
    started = time.perf_counter()
    for article_id, text, day, _ in rows:
        index.add(article_id, text, day)
    rate = len(rows) / (time.perf_counter() - started)
    first: dict[int, str] = {}
    found = total = 0
    for article_id, _, _, story in rows:
        if story in first:
            total += 1
            found += index.cluster_of(article_id) == index.cluster_of(first[story])
        else:
            first[story] = article_id
    return rate, found / max(total, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max", type=int, default=100_000)
    args = parser.parse_args()
    sizes = [10_000, args.max]
    rates = {}
    for size in sizes:
        rows = articles(size)
        rate, recall = run(rows)
        rates[size] = rate
        print(f"{size:>8,} articles: {rate:8,.0f} articles/s, copies found {recall:.3f}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ratio {sizes[-1]:,} / {sizes[0]:,} rate: {rates[sizes[-1]] / rates[sizes[0]]:.2f} (1.0 = linear)")
    print(f"peak memory: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
