"""Start-up time of `claimledger --help` (and `--version`) against `python -c pass` on the same interpreter.

Target (issue 17): `claimledger --help` <= 0.5 s. The CLI imports only the module of the command given, so
listing the commands loads neither spaCy nor SQLAlchemy nor the web app.
Run: .venv/bin/python bench/cli_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def wall(command: list[str], runs: int) -> float:
    """The median wall-clock seconds of ``runs`` runs (after one warm-up run that fills the file cache)."""
    subprocess.run(command, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10, help="runs per command (median taken)")
    args = parser.parse_args()
    baseline = wall([sys.executable, "-c", "pass"], args.runs)
    print(f"python -c pass            {baseline:.3f} s")
    for flag in ("--help", "--version"):
        seconds = wall([sys.executable, "-m", "claimledger.cli", flag], args.runs)
        verdict = "ok" if seconds <= 0.5 else "OVER the 0.5 s target"
        print(f"claimledger {flag:<12} {seconds:.3f} s  ratio {seconds / baseline:.1f}  {verdict}")


if __name__ == "__main__":
    main()
