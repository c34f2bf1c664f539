"""Throughput of `read` against bare `nlp.pipe` of the same model on the same texts, in one run.

Target (issue 2): ratio >= 0.75 (our stages add at most a third), peak memory <= 600 MB.
Run: .venv/bin/python bench/read_throughput.py [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import time
from pathlib import Path

from claimledger.clean import clean_text
from claimledger.geoparse import get_geoparser
from claimledger.nlp import load_model
from claimledger.reader import read_many
from claimledger.records import RawArticle

GUARDIAN = Path(__file__).resolve().parent.parent.parent / "shared/data/ru-ua-war-2022-guardian/guard-articles-nato.csv"


def load_articles(limit: int | None) -> list[RawArticle]:
    csv.field_size_limit(sys.maxsize)
    with GUARDIAN.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    articles = [
        RawArticle(text=row["Text"], published=row["Date Formatted"], outlet="The Guardian", url=row["Article Url"])
        for row in rows
        if row["Text"].strip()
    ]
    return articles[:limit] if limit else articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args()
    articles = load_articles(args.limit)
    nlp = load_model()
    get_geoparser()(nlp("Warm-up in Kyiv."))  # open the gazetteer before timing
    texts = [clean_text(a.text).text for a in articles]

    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    baseline = time.perf_counter() - start

    start = time.perf_counter()
    claims = sum(len(result.claims) for result in read_many(articles, batch_size=16))
    ours = time.perf_counter() - start

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(articles)
    print(f"articles: {n}, claims found: {claims}")
    print(f"nlp.pipe baseline: {n / baseline:.1f} articles/s ({baseline:.1f} s)")
    print(f"claimledger read:  {n / ours:.1f} articles/s ({ours:.1f} s)")
    print(f"ratio read/baseline: {baseline / ours:.3f}  (target >= 0.75)")
    print(f"peak memory: {peak_mb:.0f} MB  (target <= 600 MB)")


if __name__ == "__main__":
    main()
