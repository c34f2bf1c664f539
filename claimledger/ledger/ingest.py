"""Ingest: inputs -> reader -> ledger, one transaction per article, bad inputs quarantined, resumable.

Resuming costs nothing: inputs whose raw bytes are already stored are skipped before reading, and an article
read twice (same cleaned text from another file) is stored once. With ``jobs > 1`` reading runs in worker
processes (each loads the spaCy model once) while this process alone writes, so SQLite never sees writers
from one run compete.
"""

from __future__ import annotations

import ctypes
import importlib
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice

from ..corroborate.store import corroborate_ledger
from ..errors import ClaimledgerError, InputError
from ..records import RawArticle, ReadResult
from .sources import SourceOptions, iter_inputs
from .store import Ledger
from .types import Input, Problem

#: ``read_many``-compatible callables are named "module:function" so worker processes can import them.
DEFAULT_READER = "claimledger.reader:read_many"
ReadMany = Callable[..., Iterable[ReadResult]]


@dataclass
class IngestProgress:
    """Running totals, reported after every input: what the progress bar and the summary show."""

    stored: int = 0  # new articles written
    claims: int = 0  # claims in those articles
    duplicates: int = 0  # read, but the same article was already stored
    skipped: int = 0  # raw input already stored by an earlier run: not read again
    problems: int = 0  # inputs quarantined in this run
    unsupported: list[str] = field(default_factory=list)  # files in a folder of a type no reader takes
    elapsed: float = 0.0

    @property
    def done(self) -> int:
        return self.stored + self.duplicates + self.skipped + self.problems

    @property
    def rate(self) -> float:
        """Articles read per second (skipped inputs cost nothing and are not counted)."""
        return (self.stored + self.duplicates) / self.elapsed if self.elapsed > 0 else 0.0


class ReaderFailedError(ClaimledgerError):
    """The reader processes died (not one bad article: the pool itself)."""


#: An ingest storing at least this many claims refreshes the planner's statistics (``Ledger.optimize``).
OPTIMIZE_AFTER_CLAIMS = 5_000


def ingest(
    ledger: Ledger,
    specs: Sequence[str],
    *,
    sources: SourceOptions | None = None,
    jobs: int = 1,
    batch_size: int = 16,
    reader: str | None = None,
    on_progress: Callable[[IngestProgress], None] | None = None,
) -> IngestProgress:
    """Read every input of ``specs`` into ``ledger``; returns the totals (``problems`` > 0 means some failed).

    ``reader`` names a ``read_many``-compatible function as "module:function" (default: the claimledger reader).
    """
    reader = reader or DEFAULT_READER
    sources = sources or SourceOptions()
    progress = IngestProgress(unsupported=sources.unsupported)
    started = time.perf_counter()
    seen = ledger.known_raw_hashes()

    def report() -> None:
        progress.elapsed = time.perf_counter() - started
        if on_progress is not None:
            on_progress(progress)

    def quarantine(problem: Problem) -> None:
        ledger.add_problem(problem)
        progress.problems += 1
        report()

    def fresh_inputs() -> Iterator[Input]:
        for item in iter_inputs(specs, sources):
            if isinstance(item, Problem):
                quarantine(item)
            elif item.raw_hash in seen:
                progress.skipped += 1
                report()
            else:
                seen.add(item.raw_hash)
                yield item

    chunks = _chunks(fresh_inputs(), batch_size)
    if jobs > 1:
        ledger.close_connections()  # no open database connection may be copied into forked workers
        outcomes = _read_parallel(chunks, reader, jobs, batch_size)
    else:
        outcomes = _read_here(chunks, reader, batch_size)
    for item, outcome in outcomes:
        if isinstance(outcome, Problem):
            quarantine(outcome)
            continue
        if ledger.add(outcome, raw_hash=item.raw_hash, origin=item.raw.origin):
            progress.stored += 1
            progress.claims += len(outcome.claims)
        else:
            progress.duplicates += 1
        report()
    if progress.claims >= OPTIMIZE_AFTER_CLAIMS:
        ledger.optimize()  # fresh planner statistics: stale ones turned 5 ms claim queries into 500 ms scans
    corroborate_ledger(ledger)  # groups and estimates follow the new articles (only they are corroborated)
    report()
    return progress


def _chunks(items: Iterator[Input], size: int) -> Iterator[list[Input]]:
    while chunk := list(islice(items, size)):
        yield chunk


def _read_here(
    chunks: Iterable[list[Input]], reader: str, batch_size: int
) -> Iterator[tuple[Input, ReadResult | Problem]]:
    read_many = load_reader(reader)
    for chunk in chunks:
        yield from zip(chunk, read_chunk(read_many, [item.raw for item in chunk], batch_size), strict=True)


def _read_parallel(
    chunks: Iterable[list[Input]], reader: str, jobs: int, batch_size: int
) -> Iterator[tuple[Input, ReadResult | Problem]]:
    """Chunks go to ``jobs`` worker processes, at most two per worker in flight; results come back in order.

    On Linux the workers are forked after this process has loaded the reader and the model, so they start at
    once and share the model's memory; elsewhere they are spawned and each loads the model once.
    """
    fork = sys.platform.startswith("linux")
    if fork:
        _init_worker(reader)
    context = multiprocessing.get_context("fork" if fork else "spawn")
    pending: deque[tuple[list[Input], Future[list[ReadResult | Problem]]]] = deque()
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(reader, os.getpid())
    ) as pool:
        try:
            for ready in [pool.submit(_ready) for _ in range(jobs)]:
                ready.result()  # every worker exists before any input is read or written
            for chunk in chunks:
                pending.append((chunk, pool.submit(_worker_read, [item.raw for item in chunk], batch_size)))
                while len(pending) >= 2 * jobs:
                    yield from _collect(pending.popleft())
            while pending:
                yield from _collect(pending.popleft())
        except BrokenProcessPool as exc:
            raise ReaderFailedError(
                "a reader process died", hint="check memory (each --jobs process loads the model); try fewer --jobs"
            ) from exc
        finally:
            for _, future in pending:
                future.cancel()


def _collect(
    entry: tuple[list[Input], Future[list[ReadResult | Problem]]],
) -> Iterator[tuple[Input, ReadResult | Problem]]:
    chunk, future = entry
    yield from zip(chunk, future.result(), strict=True)


_worker_reader: ReadMany | None = None


def _ready() -> bool:
    return _worker_reader is not None


def _start_worker(reader: str, parent: int) -> None:
    """A reader process: it dies with the ingest that started it, then loads the reader."""
    die_with_parent(parent)
    _init_worker(reader)


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when ``parent`` dies, even by ``kill -9`` (which runs no clean-up):
    orphaned readers otherwise sat blocked on their pipe for minutes, ~250 MB each. Linux only (prctl)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _init_worker(reader: str) -> None:
    """Load the reader (and through it the spaCy model) once per worker process."""
    global _worker_reader
    _worker_reader = load_reader(reader)
    from ..nlp import load_model

    load_model()


def _worker_read(raws: list[RawArticle], batch_size: int) -> list[ReadResult | Problem]:
    if _worker_reader is None:
        raise ReaderFailedError("worker started without a reader")
    return read_chunk(_worker_reader, raws, batch_size)


def load_reader(name: str) -> ReadMany:
    module_name, _, function = name.partition(":")
    try:
        found: ReadMany = getattr(importlib.import_module(module_name), function)
    except (ImportError, AttributeError) as exc:
        raise ClaimledgerError(f"cannot load the reader {name!r} ({exc})", hint="reinstall claimledger") from exc
    return found


def read_chunk(read_many: ReadMany, raws: list[RawArticle], batch_size: int) -> list[ReadResult | Problem]:
    """Read a chunk in one batch; if any article breaks the batch, read one by one and quarantine the bad ones."""
    try:
        results: list[ReadResult | Problem] = list(read_many(raws, batch_size=batch_size))
        if len(results) == len(raws):
            return results
    except Exception:  # noqa: BLE001, S110 - one bad article must not cost the chunk: retried one by one below
        pass
    return [_read_one(read_many, raw) for raw in raws]


def _read_one(read_many: ReadMany, raw: RawArticle) -> ReadResult | Problem:
    origin = raw.origin or raw.url or "input"
    try:
        results = list(read_many([raw], batch_size=1))
    except InputError as exc:
        return Problem(origin, exc.reason, exc.message, exc.hint)
    except Exception as exc:  # noqa: BLE001 - quarantined with its message so a 10,000-article run goes on
        return Problem(origin, "unparseable", f"the reader failed on it ({type(exc).__name__}: {exc})", None)
    if len(results) != 1:
        return Problem(origin, "unparseable", "the reader returned no article for it", None)
    return results[0]
