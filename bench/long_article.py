"""Time and peak memory of reading one long article (Guardian articles joined into one text, ~400 kB by default),
parsed whole against parsed in paragraph batches (``claimledger.nlp.parse``), each in a fresh process.

Issue 17: a 400 kB article took 36 s and 1.36 GB. Paragraph batches bound the parser's memory and give the
same claims (compared here). Run: .venv/bin/python bench/long_article.py [--kb 400]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

SHARED = Path(os.environ.get("CLAIMLEDGER_SHARED") or Path(__file__).resolve().parent.parent.parent / "shared")
GUARDIAN = SHARED / "data/ru-ua-war-2022-guardian/guard-articles-nato.csv"

_RUN = """
import json, resource, sys, time
from claimledger.clean import clean_text
from claimledger.nlp import load_model, parse
from claimledger.reader import extract
from claimledger.records import RawArticle

nlp = load_model()
body = open(sys.argv[1], encoding="utf-8").read()
raw = RawArticle(text=body, published="2022-03-15", outlet="The Guardian")
text = clean_text(body, None).text
started, cpu = time.perf_counter(), time.process_time()
doc = nlp(text) if sys.argv[2] == "whole" else next(parse(nlp, [text], 16))
parsed, cpu = time.perf_counter(), time.process_time() - cpu
result = extract(doc, raw)
done = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
claims = [c for c in result.to_dict()["claims"]]
print(json.dumps({"parse_s": parsed - started, "parse_cpu_s": cpu, "extract_s": done - parsed, "peak_mb": peak,
                  "claims": claims}))
"""


def long_text(kb: int) -> str:
    csv.field_size_limit(sys.maxsize)
    texts, size = [], 0
    with GUARDIAN.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Text"].strip() and size < kb * 1000:
                texts.append(row["Text"].strip())
                size += len(texts[-1].encode())
    return "\n\n".join(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kb", type=int, default=400, help="size of the article in kB")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.txt"
        path.write_text(long_text(args.kb), encoding="utf-8")
        print(f"article: {path.stat().st_size / 1000:.0f} kB")
        results = {}
        for mode in ("pieces", "whole"):
            proc = subprocess.run([sys.executable, "-c", _RUN, str(path), mode], capture_output=True, text=True)
            if proc.returncode != 0:
                sys.exit(proc.stderr[-2000:])
            results[mode] = json.loads(proc.stdout)
            r = results[mode]
            print(
                f"{mode:<7} parse {r['parse_s']:6.1f} s (CPU {r['parse_cpu_s']:5.1f} s)  "
                f"extract {r['extract_s']:6.1f} s  peak {r['peak_mb']} MB  {len(r['claims'])} claims"
            )
        same = results["pieces"]["claims"] == results["whole"]["claims"]
        print("same claims" if same else "CLAIMS DIFFER")


if __name__ == "__main__":
    main()
