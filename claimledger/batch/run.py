"""The Dask job: one task per input partition, each writing its own Parquet files atomically.

Every worker process loads the reader (the spaCy model, the gazetteer, the hedging model) once, when it
starts: a worker plugin reads one sentence before any task arrives, and the per-process caches
(``load_model``, ``get_geoparser``) keep them. A task writes its tables under temporary names and renames
them, then writes its ``done`` marker last, so a crashed run leaves no half files and a re-run skips exactly the
partitions that finished. A worker killed mid-run costs only its running task: Dask runs it again elsewhere
and the rename makes the second write replace the first, so every article is in the output once.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from itertools import islice
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
from distributed import Client, WorkerPlugin, as_completed

from ..errors import ClaimledgerError
from ..ledger.ingest import DEFAULT_READER, ReadMany, load_reader, read_chunk
from ..ledger.sources import SourceOptions
from ..ledger.types import Input, Problem
from ..records import RawArticle
from .parquet import TABLES, ReadArticle, tables
from .partitions import DEFAULT_SIZE, Partition, plan, read_partition

DONE = "done"
REPORT = "report.json"
_TEMP = ".tmp-"


class BatchError(ClaimledgerError):
    """The batch cannot run: no scheduler, an unwritable output folder, workers that cannot load the reader."""


@dataclass
class BatchOptions:
    """How to cut and read the inputs."""

    size: int = DEFAULT_SIZE  # articles per partition
    batch_size: int = 16  # articles per nlp.pipe batch inside a task
    reader: str = DEFAULT_READER  # a read_many-compatible "module:function"
    sources: SourceOptions = field(default_factory=SourceOptions)


@dataclass
class PartitionResult:
    """What one task did; ``reason`` is set when the partition failed and wrote nothing."""

    key: str
    label: str
    articles: int = 0
    claims: int = 0
    problems: int = 0
    duplicates: int = 0  # the same article twice in the partition: kept once
    seconds: float = 0.0
    worker: str = ""
    reason: str | None = None
    message: str | None = None


@dataclass
class BatchFailure:
    """An input or partition that produced nothing, and why: the report file lists them."""

    input: str
    reason: str
    message: str
    hint: str | None = None
    partition: str | None = None


@dataclass
class BatchProgress:
    """Running totals for the progress bar and the report."""

    partitions: int = 0  # in the plan
    skipped: int = 0  # done by an earlier run
    done: int = 0  # finished in this run
    failed: int = 0
    articles: int = 0
    claims: int = 0
    problems: int = 0
    elapsed: float = 0.0

    @property
    def rate(self) -> float:
        return self.articles / self.elapsed if self.elapsed > 0 else 0.0


@dataclass
class BatchReport:
    """The outcome of a run, written to ``DIR/report.json``."""

    out: str
    progress: BatchProgress
    failures: list[BatchFailure]
    results: list[PartitionResult]

    def to_dict(self) -> dict[str, Any]:
        return {
            "out": self.out,
            **asdict(self.progress),
            "articles_per_second": round(self.progress.rate, 3),
            "failures": [asdict(f) for f in self.failures],
            "partitions_run": [asdict(r) for r in self.results],
        }


# -- workers ---------------------------------------------------------------------------------------------------


class WarmUp(WorkerPlugin):
    """Loads the reader and everything it uses once per worker process, before the first task."""

    name = "claimledger-warm-up"

    def __init__(self, reader: str) -> None:
        self.reader = reader

    def setup(self, worker: Any) -> None:
        list(_reader(self.reader)([RawArticle(text="Two people were killed in Kyiv on Monday.")], batch_size=1))


@lru_cache(maxsize=4)
def _reader(name: str) -> ReadMany:
    return load_reader(name)


def run_partition(partition: Partition, out: str, options: BatchOptions) -> PartitionResult:
    """Read one partition and write its tables (a Dask task; runs on a worker)."""
    started = time.perf_counter()
    result = PartitionResult(partition.key, partition.label, worker=f"{socket.gethostname()}:{os.getpid()}")
    try:
        items = list(read_partition(partition, options.sources))
    except Exception as exc:  # noqa: BLE001 - a corrupt partition is reported and the run goes on
        result.reason, result.message = "unreadable", f"{type(exc).__name__}: {exc}"
        return result
    problems = [item for item in items if isinstance(item, Problem)]
    read: dict[str, ReadArticle] = {}
    read_many = _reader(options.reader)
    inputs = iter([item for item in items if isinstance(item, Input)])
    while chunk := list(islice(inputs, options.batch_size)):
        outcomes = read_chunk(read_many, [item.raw for item in chunk], options.batch_size)
        for item, outcome in zip(chunk, outcomes, strict=True):
            if isinstance(outcome, Problem):
                problems.append(outcome)
            elif outcome.article.id in read:
                result.duplicates += 1
            else:
                read[outcome.article.id] = ReadArticle(outcome, item.raw_hash, item.raw.origin)
    written = tables(list(read.values()), problems, datetime.now(UTC))
    fs, root = fsspec.core.url_to_fs(out)
    for name in TABLES:
        _write_atomically(fs, f"{root}/{name}/{partition.key}.parquet", written[name])
    result.articles, result.claims, result.problems = len(read), written["claims"].num_rows, len(problems)
    result.seconds = time.perf_counter() - started
    _put_atomically(fs, f"{root}/{DONE}/{partition.key}.json", json.dumps(asdict(result)).encode())
    return result


def _write_atomically(fs: fsspec.AbstractFileSystem, path: str, table: pa.Table) -> None:
    temp = _temp_name(path)
    fs.makedirs(temp.rpartition("/")[0], exist_ok=True)
    with fs.open(temp, "wb") as handle:
        pq.write_table(table, handle)
    fs.mv(temp, path)


def _put_atomically(fs: fsspec.AbstractFileSystem, path: str, data: bytes) -> None:
    temp = _temp_name(path)
    fs.makedirs(temp.rpartition("/")[0], exist_ok=True)
    fs.pipe_file(temp, data)
    fs.mv(temp, path)


def _temp_name(path: str) -> str:
    """A unique hidden name beside ``path`` (two attempts at one partition never share a temporary file)."""
    folder, _, name = path.rpartition("/")
    return f"{folder}/{_TEMP}{uuid.uuid4().hex[:8]}-{name}"


# -- the client ------------------------------------------------------------------------------------------------


@contextmanager
def connect(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the Dask scheduler at ``scheduler``, or of a new LocalCluster of ``workers`` processes."""
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            raise BatchError(
                f"cannot reach the Dask scheduler ({exc})",
                where=scheduler,
                hint="check the address (tcp://HOST:8786) and that `dask scheduler` runs there",
            ) from exc
        with client:
            yield client
        return
    from distributed import LocalCluster

    count = workers or os.cpu_count() or 1
    if count < 1:
        raise BatchError(f"--workers {count}: needs at least one worker", hint="use --workers 1 or more")
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=count, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def run_batch(
    client: Client,
    specs: Sequence[str],
    out: str,
    *,
    options: BatchOptions | None = None,
    on_progress: Callable[[BatchProgress], None] | None = None,
) -> BatchReport:
    """Read every partition of ``specs`` on the cluster into Parquet under ``out``; skips finished partitions."""
    opts = options or BatchOptions()
    started = time.perf_counter()
    fs, root = fsspec.core.url_to_fs(out)
    _prepare(fs, root, out)
    cut = plan(specs, size=opts.size)
    failures = [BatchFailure(f.input, f.reason, f.message, f.hint) for f in cut.failures]
    finished = {path.rsplit("/", 1)[-1].removesuffix(".json") for path in fs.ls(f"{root}/{DONE}", detail=False)}
    todo = [p for p in cut.partitions if p.key not in finished]
    progress = BatchProgress(partitions=len(cut.partitions), skipped=len(cut.partitions) - len(todo))

    def report() -> None:
        progress.elapsed = time.perf_counter() - started
        if on_progress is not None:
            on_progress(progress)

    report()
    results: list[PartitionResult] = []
    if todo:
        _warm_up(client, opts.reader)
        futures = client.map(
            run_partition, todo, out=out, options=opts, key=[f"claimledger-batch-{p.key}" for p in todo], retries=1
        )
        labels = {future.key: partition for future, partition in zip(futures, todo, strict=True)}
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            partition = labels[future.key]
            try:
                result: PartitionResult = future.result()
            except Exception as exc:  # noqa: BLE001 - a task that kept failing (or killed its workers) is reported
                result = PartitionResult(partition.key, partition.label, reason="failed", message=_why(exc))
            future.release()
            results.append(result)
            if result.reason is not None:
                progress.failed += 1
                failures.append(
                    BatchFailure(partition.url, result.reason, result.message or "", partition=partition.label)
                )
            else:
                progress.done += 1
                progress.articles += result.articles
                progress.claims += result.claims
                progress.problems += result.problems
            report()
    _remove_temp_files(fs, root)
    progress.elapsed = time.perf_counter() - started
    outcome = BatchReport(out=out, progress=progress, failures=failures, results=results)
    fs.pipe_file(f"{root}/{REPORT}", json.dumps(outcome.to_dict(), indent=1).encode())
    return outcome


def _prepare(fs: fsspec.AbstractFileSystem, root: str, out: str) -> None:
    try:
        for name in (*TABLES, DONE):
            fs.makedirs(f"{root}/{name}", exist_ok=True)
    except OSError as exc:
        raise BatchError(f"cannot create the output folder ({exc})", where=out, hint="give a writable --out") from exc
    _remove_temp_files(fs, root)


def _remove_temp_files(fs: fsspec.AbstractFileSystem, root: str) -> None:
    """Files a crashed or killed task left under temporary names (never read: only renamed files count)."""
    for name in (*TABLES, DONE):
        for path in fs.ls(f"{root}/{name}", detail=False):
            if path.rsplit("/", 1)[-1].startswith(_TEMP):
                fs.rm(path)


def _warm_up(client: Client, reader: str) -> None:
    try:
        client.register_plugin(WarmUp(reader))
    except ClaimledgerError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever the workers raised while loading, said in one line
        raise BatchError(
            f"the workers cannot load the reader ({_why(exc)})",
            hint="install claimledger and its model on every worker (pip install claimledger)",
        ) from exc


def _why(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
