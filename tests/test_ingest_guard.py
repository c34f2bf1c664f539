"""Inputs made to hurt: gzip bombs, endless messages, folders of other files, and a run killed with kill -9."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
from test_ledger_fakes import FAKE_READER

from claimledger.commands.ingest import summary_line
from claimledger.ledger import Ledger
from claimledger.ledger.ingest import ingest
from claimledger.ledger.sources import SourceOptions, iter_inputs
from claimledger.ledger.types import MAX_PROBLEM_TEXT_BYTES, Problem, capped

ROOT = Path(__file__).resolve().parent.parent


def test_every_problem_text_is_capped(tmp_path: Path) -> None:
    huge = Problem("x" * 5000, "unparseable", "first line: " + "\x00é" * 1_000_000, "h" * 3000)
    assert all(len(t.encode()) <= MAX_PROBLEM_TEXT_BYTES for t in (huge.origin, huge.message, huge.hint or ""))
    assert huge.message.endswith("…") and capped("short") == "short"
    with Ledger(str(tmp_path / "l.db")) as ledger:
        ledger.add_problem(huge)
        (stored,) = ledger.problems()
    assert len(stored.message.encode()) <= MAX_PROBLEM_TEXT_BYTES


def test_a_gzip_of_zeros_named_warc_is_refused_before_it_is_decompressed(tmp_path: Path) -> None:
    bomb = tmp_path / "crawl.warc.gz"
    bomb.write_bytes(gzip.compress(b"\x00" * 50_000_000, compresslevel=9))  # ~50 kB on disk, 50 MB inside
    assert bomb.stat().st_size < 100_000
    started = time.perf_counter()
    (problem,) = list(iter_inputs([str(bomb)]))
    assert isinstance(problem, Problem) and problem.reason == "unparseable" and "not a WARC" in problem.message
    assert time.perf_counter() - started < 2  # a decompression of 50 MB would show


def test_a_fetched_page_stops_at_the_limit_however_well_it_compresses() -> None:
    body = gzip.compress(b"<p>" + b"a" * 20_000_000 + b"</p>")

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
        return httpx.Response(200, content=body, headers=headers)

    options = SourceOptions(transport=httpx.MockTransport(handler), max_bytes=1_000_000)
    (problem,) = list(iter_inputs(["https://example.org/bomb"], options))
    assert isinstance(problem, Problem) and problem.reason == "oversized" and "1,000,000" in problem.message


def test_files_of_unknown_type_in_a_folder_are_counted(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Three civilians were killed in Kharkiv.")
    (folder / "report.pdf").write_bytes(b"%PDF-1.4")
    (folder / "notes.docx").write_bytes(b"PK")
    with Ledger(str(tmp_path / "l.db")) as ledger:
        summary = ingest(ledger, [str(folder)], reader=FAKE_READER)
    assert summary.stored == 1 and sorted(Path(p).name for p in summary.unsupported) == ["notes.docx", "report.pdf"]
    line = summary_line(summary, 1)
    assert "2 files of unknown type skipped (.docx, .pdf)" in line


_SLOW_INGEST = textwrap.dedent(
    """
    import sys
    from claimledger.ledger import Ledger
    from claimledger.ledger.ingest import ingest

    with Ledger(sys.argv[1]) as ledger:
        ingest(ledger, [sys.argv[2]], reader="test_ledger_fakes:read_many", jobs=2, batch_size=1)
    """
)


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie (a killed orphan waits as one until the container's init reaps it, if ever)."""
    try:
        return (Path(f"/proc/{pid}") / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_reader_processes_die_with_an_ingest_killed_by_sigkill(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(40):
        (inputs / f"{n:02}.txt").write_text(f"Bulletin {n}: {n + 1} civilians killed in Kharkiv.")
    script = tmp_path / "run.py"
    script.write_text(_SLOW_INGEST)
    path = os.pathsep.join([str(ROOT / "tests"), str(ROOT), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path, "FAKE_READER_DELAY": "1"}
    run = subprocess.Popen([sys.executable, str(script), str(tmp_path / "l.db"), str(inputs)], env=env)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while len(workers) < 2 and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.1)
        workers = _children(run.pid)
    assert len(workers) >= 2, "the two reader processes never started"
    time.sleep(0.5)  # they are reading now
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [pid for pid in workers if _running(pid)]
    for pid in alive:  # clean up before failing
        os.kill(pid, signal.SIGKILL)
    assert not alive, "reader processes outlived the ingest killed with kill -9"
