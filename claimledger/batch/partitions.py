"""Input partitions: cut JSONL, CSV, Parquet and WARC inputs (local paths or fsspec URLs) into slices of records.

The client scans each input once for record boundaries (byte offsets for JSONL, CSV and WARC, row ranges for
Parquet) and workers read only their slice, so one big file keeps every worker busy and no record is read by
two partitions. Parsing a slice is the ledger's own parsing (``claimledger.ledger.sources``), so a batch run
sees exactly the articles and problems ``ingest`` sees. A partition's key names its output files; it changes
when the input file changes (size, modification time), so a re-run recomputes only what it must.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Literal

import fsspec
from fsspec.core import url_to_fs

from ..errors import InputError
from ..ledger import sources
from ..ledger.types import Input, Problem

Kind = Literal["jsonl", "csv", "warc", "parquet", "files"]

#: Articles per partition by default: big enough to amortise task overhead, small enough to spread a file.
DEFAULT_SIZE = 64

_CONTAINERS: dict[str, Kind] = {
    **{s: "jsonl" for s in sources.JSONL_SUFFIXES},
    **{s: "csv" for s in sources.CSV_SUFFIXES},
    **{s: "warc" for s in sources.WARC_SUFFIXES},
    ".parquet": "parquet",
    ".pq": "parquet",
}
_ARTICLE_RECORDS = ("response", "resource", "conversion")  # the WARC record types the ledger reads


@dataclass(frozen=True)
class Partition:
    """A slice of one input (or a group of small files) that one task reads and writes as one set of files."""

    key: str
    url: str
    kind: Kind
    start: int = 0  # byte offset (jsonl, csv, warc) or first row (parquet)
    stop: int = 0  # byte offset or row after the last
    header: int = 0  # csv: bytes of the header record, prepended to every slice
    first: int = 1  # number of the slice's first line (jsonl) or row (csv) in the whole file, for origins
    files: tuple[str, ...] = field(default=())  # kind "files": the inputs, each read whole

    @property
    def label(self) -> str:
        """What a report names: the input and, for a slice, its byte or row range."""
        if self.kind == "files":
            return self.url if len(self.files) == 1 else f"{self.url} (+{len(self.files) - 1} files)"
        unit = "rows" if self.kind == "parquet" else "bytes"
        return f"{self.url} [{unit} {self.start}-{self.stop}]"


@dataclass(frozen=True)
class ScanFailure:
    """An input that could not even be cut into partitions (missing, unreadable, not the format it claims)."""

    input: str
    reason: str
    message: str
    hint: str | None = None


@dataclass
class Plan:
    partitions: list[Partition]
    failures: list[ScanFailure]


def plan(specs: Sequence[str], *, size: int = DEFAULT_SIZE) -> Plan:
    """Every partition of every PATH, GLOB, folder or fsspec URL in ``specs``, ``size`` articles each at most."""
    if size < 1:
        raise InputError(f"partition size {size}: needs at least one article", hint="use a size of 1 or more")
    out = Plan([], [])
    small: list[tuple[str, str]] = []  # (url, version) of files read whole, grouped at the end
    for spec in specs:
        try:
            fs, paths = _expand(spec)
        except (OSError, ValueError, ImportError) as exc:
            out.failures.append(ScanFailure(spec, "unreadable", f"cannot open ({exc})", "check the path or URL"))
            continue
        if not paths:
            out.failures.append(ScanFailure(spec, "unreadable", "no readable file here", "check the path or glob"))
        for path in paths:
            url = _url(fs, path)
            try:
                version = _version(fs, path)
                kind = _CONTAINERS.get(_suffix(path))
                if kind is None:
                    small.append((url, version))
                    continue
                out.partitions.extend(_scan(fs, path, url, kind, version, size))
            except (OSError, ValueError) as exc:
                out.failures.append(ScanFailure(url, "unreadable", f"cannot be read ({exc})", "check the file"))
            except _NotThatFormat as exc:
                out.failures.append(ScanFailure(url, "unparseable", str(exc), f"check the file is {exc.kind}"))
    for index in range(0, len(small), size):
        group = small[index : index + size]
        files = tuple(url for url, _ in group)
        out.partitions.append(
            Partition(_key(files[0], index // size, [v for _, v in group], files), files[0], "files", files=files)
        )
    return out


class _NotThatFormat(Exception):
    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


def _expand(spec: str) -> tuple[fsspec.AbstractFileSystem, list[str]]:
    fs, path = url_to_fs(spec)
    if any(ch in path for ch in "*?["):
        return fs, sorted(p for p in fs.glob(path) if fs.isfile(p))
    if fs.isdir(path):
        known = sources.KNOWN_SUFFIXES + (".parquet", ".pq")
        return fs, sorted(p for p in fs.find(path) if _suffix(p) in known)
    if not fs.exists(path):
        raise FileNotFoundError(f"no such file: {spec}")
    return fs, [path]


def _url(fs: fsspec.AbstractFileSystem, path: str) -> str:
    """Local files keep their plain path (the origin ``ingest`` records); others their full URL."""
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return path if protocol in ("file", "local") else str(fs.unstrip_protocol(path))


def _suffix(path: str) -> str:
    name = path.lower()
    for double in (".warc.gz", ".arc.gz"):
        if name.endswith(double):
            return double
    return PurePosixPath(name).suffix


def _version(fs: fsspec.AbstractFileSystem, path: str) -> str:
    """Size and modification stamp: what makes a changed input get new partition keys."""
    info = fs.info(path)
    stamp = next((info[k] for k in ("mtime", "LastModified", "last_modified", "updated", "ETag") if k in info), "")
    return f"{info.get('size')}:{stamp}"


def _key(url: str, index: int, versions: Sequence[str], parts: Sequence[object]) -> str:
    digest = hashlib.sha1(json.dumps([url, list(versions), [str(p) for p in parts]]).encode()).hexdigest()[:12]
    stem = re.sub(r"[^0-9A-Za-z_.-]+", "_", PurePosixPath(url.split("://")[-1]).name)[:40] or "input"
    return f"{stem}-{index:05d}-{digest}"


def _scan(fs: fsspec.AbstractFileSystem, path: str, url: str, kind: Kind, version: str, size: int) -> list[Partition]:
    """Cut one container file into partitions of at most ``size`` records."""
    if kind == "parquet":
        rows = _parquet_rows(fs, path)
        cuts = [(start, min(start + size, rows), start + 1) for start in range(0, rows, size)]
        header = 0
    else:
        data = fs.cat_file(path)
        if kind == "jsonl":
            header, cuts = 0, _jsonl_cuts(data, size)
        elif kind == "csv":
            header, cuts = _csv_cuts(data, size, delimiter="\t" if _suffix(path) == ".tsv" else ",")
        else:
            header, cuts = 0, _warc_cuts(data, size)
    return [
        Partition(
            _key(url, index, [version], [kind, start, stop, header]), url, kind, start, stop, header=header, first=first
        )
        for index, (start, stop, first) in enumerate(cuts)
    ]


Cut = tuple[int, int, int]  # (start, stop, number of the first record)


def _group(starts: list[tuple[int, int]], end: int, size: int) -> list[Cut]:
    """Partitions from record (offset, number) starts: every ``size`` records, the last one running to ``end``."""
    heads = starts[::size]
    return [
        (offset, heads[i + 1][0] if i + 1 < len(heads) else end, number) for i, (offset, number) in enumerate(heads)
    ]


def _jsonl_cuts(data: bytes, size: int) -> list[Cut]:
    starts: list[tuple[int, int]] = []
    offset = 0
    for number, line in enumerate(data.splitlines(keepends=True), 1):
        if line.strip():
            starts.append((offset, number))
        offset += len(line)
    if starts:
        starts[0] = (0, 1)  # blank lines before the first record belong to the first slice
    return _group(starts, len(data), size)


class _Counted:
    """Lines of a byte-for-byte (latin-1) decoded text, counting how many characters the CSV reader has taken."""

    def __init__(self, text: str) -> None:
        self._lines = iter(io.StringIO(text, newline=""))
        self.taken = 0

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.taken += len(line)
        return line


def _csv_cuts(data: bytes, size: int, *, delimiter: str) -> tuple[int, list[Cut]]:
    """Record boundaries of a CSV, quoted newlines included: latin-1 maps bytes 1:1, and quotes and line ends are
    ASCII in every encoding a CSV reader takes, so the offsets are the file's byte offsets. UTF-16 is one slice."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return 0, [(0, len(data), 1)] if data else []
    csv.field_size_limit(sys.maxsize)
    lines = _Counted(data.decode("latin-1"))
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        next(reader)
    except StopIteration:
        return 0, []
    except csv.Error as exc:
        raise _NotThatFormat(f"broken CSV header ({exc})", "a CSV file") from exc
    header = lines.taken
    starts: list[tuple[int, int]] = []
    number = 0
    offset = header
    try:
        for row in reader:
            if row:
                number += 1
                starts.append((offset, number))
            offset = lines.taken
    except csv.Error:
        # The rest is one slice: the ledger's parser reports the broken row there, with its number.
        starts.append((offset, number + 1))
    if starts:
        starts[0] = (header, 1)
    return header, _group(starts, len(data), size)


def _warc_cuts(data: bytes, size: int) -> list[Cut]:
    """Offsets of the article records of a WARC; a broken archive is one slice, where the ledger's parser reads
    what it can and reports the break."""
    from warcio.archiveiterator import ArchiveIterator

    starts: list[tuple[int, int]] = []
    iterator = ArchiveIterator(io.BytesIO(data), arc2warc=True)
    try:
        for number, _ in enumerate((r for r in iterator if r.rec_type in _ARTICLE_RECORDS), 1):
            starts.append((iterator.get_record_offset(), number))
    except Exception:  # noqa: BLE001 - warcio raises many kinds on broken archives: the ledger's parser reports it
        starts = []
    if not starts:
        return [(0, len(data), 1)] if data else []
    starts[0] = (0, 1)
    return _group(starts, len(data), size)


def _parquet_rows(fs: fsspec.AbstractFileSystem, path: str) -> int:
    import pyarrow.parquet as pq
    from pyarrow import ArrowException

    try:
        with fs.open(path, "rb") as handle:
            rows: int = pq.ParquetFile(handle).metadata.num_rows
    except ArrowException as exc:
        raise _NotThatFormat(f"not a readable Parquet file ({exc})", "a Parquet file") from exc
    return rows


# -- reading a partition (on a worker) -------------------------------------------------------------------------


def read_partition(partition: Partition, options: sources.SourceOptions) -> Iterator[Input | Problem]:
    """The articles and problems of one partition, with origins numbered as in the whole file."""
    fs, path = url_to_fs(partition.url)
    kind = partition.kind
    if kind == "files":
        yield from _read_files(partition.files, options)
        return
    if kind == "parquet":
        yield from _read_parquet(fs, path, partition, options)
        return
    data = fs.cat_file(path, start=partition.start, end=partition.stop)
    if kind == "csv" and partition.header:
        data = fs.cat_file(path, start=0, end=partition.header) + data
    yield from sources.parse_bytes(data, partition.url, options, first_number=partition.first)


def _read_files(urls: Sequence[str], options: sources.SourceOptions) -> Iterator[Input | Problem]:
    for url in urls:
        fs, path = url_to_fs(url)
        protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
        if protocol in ("file", "local"):
            yield from sources.iter_inputs([path], options)
            continue
        try:
            data = fs.cat_file(path)
        except OSError as exc:
            yield Problem(url, "unreadable", f"cannot be read ({exc})", "check the URL")
            continue
        yield from sources.parse_bytes(data, url, options, url=url)


def _read_parquet(
    fs: fsspec.AbstractFileSystem, path: str, partition: Partition, options: sources.SourceOptions
) -> Iterator[Input | Problem]:
    import pyarrow.parquet as pq

    with fs.open(path, "rb") as handle:
        parquet = pq.ParquetFile(handle)
        groups, first, row = [], None, 0
        for index in range(parquet.num_row_groups):
            rows = parquet.metadata.row_group(index).num_rows
            if row < partition.stop and row + rows > partition.start:
                groups.append(index)
                first = row if first is None else first
            row += rows
        table = parquet.read_row_groups(groups)
    table = table.slice(partition.start - (first or 0), partition.stop - partition.start)
    for number, record in enumerate(table.to_pylist(), partition.start + 1):
        data = json.dumps(record, sort_keys=True, default=str).encode("utf-8")
        yield sources.parse_record(_plain(record), f"{partition.url}#row {number}", options, data)


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """Parquet dates and timestamps as ISO text, the way CSV and JSONL carry them."""
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in record.items()}
