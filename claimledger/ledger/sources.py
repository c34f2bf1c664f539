"""Input readers: turn paths, globs and URLs into raw articles, or into problems that say why not.

Formats: ``.txt``; ``.html`` (main text and metadata with trafilatura); ``.jsonl`` / ``.csv`` with mappable
columns; WARC / WARC.gz (warcio); RSS / Atom feeds (feedparser); ``http(s)://`` URLs (httpx, behind an
injectable transport so tests never touch the network). Every failure becomes a :class:`Problem` with an
``InputError`` reason (empty, binary, undecodable, oversized, unreadable, unparseable, unreachable) and the
stream goes on.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import io
import json
import re
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx

from ..errors import InputError
from ..inputs import decode_bytes, read_text_file, split_front_matter
from ..records import RawArticle
from ..settings import get_settings
from .types import Input, Problem

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
CSV_SUFFIXES = (".csv", ".tsv")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml", ".feed")
KNOWN_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES + WARC_SUFFIXES + FEED_SUFFIXES

# Column names tried, in order, when no --*-column option names one (compared after lower-casing and
# turning every non-alphanumeric run into "_").
_COLUMN_GUESSES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "article_text", "full_text", "maintext"),
    "date": ("published", "date_formatted", "published_date", "publication_date", "pub_date", "date_publish", "date"),
    "url": ("url", "article_url", "link", "source_url"),
    "title": ("title", "heading", "headline"),
    "outlet": ("outlet", "publisher", "sitename", "source", "source_name", "domain"),
}


@dataclass
class SourceOptions:
    """How to read inputs: metadata defaults, column names for tables, limits, and the HTTP transport."""

    published: str | None = None  # used when an input carries no date
    outlet: str | None = None  # used when an input names no outlet
    text_column: str | None = None
    date_column: str | None = None
    url_column: str | None = None
    title_column: str | None = None
    outlet_column: str | None = None
    max_bytes: int = field(default_factory=lambda: get_settings().max_input_bytes)
    transport: httpx.BaseTransport | None = None
    timeout: float = 30.0
    #: Filled in while reading: files in a given folder whose type no reader takes (counted in the summary).
    unsupported: list[str] = field(default_factory=list)


def iter_inputs(specs: Sequence[str], options: SourceOptions | None = None) -> Iterator[Input | Problem]:
    """Every article of every PATH, GLOB, folder or URL in order, or a problem for each that cannot be read."""
    opts = options or SourceOptions()
    for spec in specs:
        if re.match(r"https?://", spec, re.IGNORECASE):
            yield from _url(spec, opts)
            continue
        for path in _expand(spec, opts.unsupported):
            if isinstance(path, Problem):
                yield path
            else:
                yield from _file(path, opts)


def _expand(spec: str, unsupported: list[str]) -> Iterator[Path | Problem]:
    if any(ch in spec for ch in "*?["):
        matches = sorted(glob.glob(spec, recursive=True))
        if not matches:
            yield Problem(
                spec,
                "unreadable",
                "no file matches this pattern",
                "check the glob (quote it to let claimledger expand **)",
            )
        for match in matches:
            if Path(match).is_file():
                yield Path(match)
        return
    path = Path(spec)
    if path.is_dir():
        every = sorted(p for p in path.rglob("*") if p.is_file())
        files = [p for p in every if _suffix(p) in KNOWN_SUFFIXES]
        unsupported.extend(str(p) for p in every if _suffix(p) not in KNOWN_SUFFIXES)
        if not files:
            yield Problem(
                spec,
                "unreadable",
                "folder has no readable files",
                f"expected files ending in {', '.join(KNOWN_SUFFIXES)}",
            )
        yield from files
        return
    yield path


def _suffix(path: Path | str) -> str:
    name = str(path).lower()
    for double in (".warc.gz", ".arc.gz"):
        if name.endswith(double):
            return double
    return Path(name).suffix


def _file(path: Path, opts: SourceOptions) -> Iterator[Input | Problem]:
    suffix = _suffix(path)
    try:
        if suffix in JSONL_SUFFIXES + CSV_SUFFIXES + WARC_SUFFIXES + FEED_SUFFIXES:
            yield from parse_bytes(_read_bytes(path), str(path), opts)
            return
        if suffix in HTML_SUFFIXES:
            data = _read_bytes(path, opts.max_bytes)
            yield _html(data, str(path), opts)
            return
        text = read_text_file(path, max_bytes=opts.max_bytes)
        if suffix not in TEXT_SUFFIXES and text.lstrip()[:1] == "<":
            yield _html(text.encode("utf-8"), str(path), opts)
            return
        meta, body = split_front_matter(text)  # a `---` block at the top carries title, date, outlet, URL
        yield _input(
            RawArticle(
                text=body,
                published=iso_date(meta.get("published")) or opts.published,
                outlet=meta.get("outlet") or opts.outlet,
                url=meta.get("url"),
                title=meta.get("title"),
                origin=str(path),
            ),
            text.encode("utf-8"),
        )
    except InputError as exc:
        yield _problem(exc, str(path))


def parse_bytes(
    data: bytes,
    name: str,
    opts: SourceOptions,
    *,
    first_number: int = 1,
    content_type: str = "",
    url: str | None = None,
) -> Iterator[Input | Problem]:
    """The articles (or problems) in one input's bytes, read by the suffix of ``name`` (its origin too).

    For bytes that are not a whole file: ``first_number`` numbers the first JSONL line or CSV row (a CSV slice
    starts with the file's header), so origins say where in the whole file an article is. Other names go by
    ``content_type``: a feed, HTML, or plain text (``url`` is then the document's address).
    """
    suffix = _suffix(name)
    if suffix in JSONL_SUFFIXES:
        yield from _jsonl(data, name, opts, first=first_number)
    elif suffix in CSV_SUFFIXES:
        yield from _csv(data, name, opts, delimiter="\t" if suffix == ".tsv" else ",", first=first_number)
    elif suffix in WARC_SUFFIXES:
        yield from _warc(data, name, opts)
    elif suffix in FEED_SUFFIXES:
        yield from _feed(data, name, opts)
    else:
        yield from _payloads(data, content_type, name, opts, url=url)


def _read_bytes(path: Path, limit: int | None = None) -> bytes:
    """A file's bytes; containers (JSONL, CSV, WARC, feeds) have no size limit, their articles do."""
    try:
        size = path.stat().st_size
        if limit is not None and size > limit:
            raise InputError(
                f"file is {size:,} bytes, over the {limit:,}-byte limit",
                where=str(path),
                hint="split it, or raise CLAIMLEDGER_MAX_INPUT_BYTES",
                reason="oversized",
            )
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("no such file", where=str(path), hint="check the path", reason="unreadable") from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory", where=str(path), hint="give files or a glob", reason="unreadable") from exc
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", where=str(path), reason="unreadable") from exc


def _input(raw: RawArticle, data: bytes) -> Input:
    return Input(raw=raw, raw_hash=hashlib.sha256(data).hexdigest())


def _problem(exc: InputError, origin: str) -> Problem:
    return Problem(origin=origin, reason=exc.reason, message=exc.message, hint=exc.hint)


def _article(text: str, where: str, opts: SourceOptions, meta: dict[str, Any], data: bytes) -> Input | Problem:
    """Check an article's text (size, emptiness) and attach its metadata, falling back to the defaults."""
    if len(text.encode("utf-8")) > opts.max_bytes:
        return Problem(
            where,
            "oversized",
            f"article is over the {opts.max_bytes:,}-byte limit",
            "raise CLAIMLEDGER_MAX_INPUT_BYTES",
        )
    if not text.strip():
        return Problem(where, "empty", "has no article text", "check the text column / the page has a main text")
    raw = RawArticle(
        text=text,
        published=iso_date(meta.get("date")) or opts.published,
        outlet=_clean(meta.get("outlet")) or opts.outlet,
        url=_clean(meta.get("url")),
        title=_clean(meta.get("title")),
        origin=where,
    )
    return _input(raw, data)


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


# -- HTML ------------------------------------------------------------------------------------------------------


def _html(data: bytes, where: str, opts: SourceOptions, *, url: str | None = None) -> Input | Problem:
    try:
        html = decode_bytes(data, where, max_bytes=opts.max_bytes)
    except InputError as exc:
        return _problem(exc, where)
    import trafilatura

    try:
        document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # noqa: BLE001 - trafilatura raises many kinds on broken markup; quarantine them all
        return Problem(
            where, "unparseable", f"HTML could not be parsed ({type(exc).__name__})", "check the page is HTML"
        )
    if document is None:
        return Problem(
            where,
            "unparseable",
            "no main text found in the HTML",
            "is it an article page (not an index or a login page)?",
        )
    meta = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = meta.get("text") or ""
    return _article(text, where, opts, {**meta, "outlet": meta.get("sitename"), "url": meta.get("url") or url}, data)


# -- JSONL and CSV ---------------------------------------------------------------------------------------------


def _jsonl(data: bytes, where: str, opts: SourceOptions, *, first: int = 1) -> Iterator[Input | Problem]:
    text = _container_text(data, where)
    for number, line in enumerate(text.splitlines(), first):
        if not line.strip():
            continue
        origin = f"{where}#line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(
                origin, "unparseable", f"not valid JSON ({exc.msg} at column {exc.colno})", "one JSON object per line"
            )
            continue
        if not isinstance(record, dict):
            yield Problem(origin, "unparseable", "line is not a JSON object", "one JSON object per line")
            continue
        yield parse_record(record, origin, opts, line.encode("utf-8"))


def _csv(data: bytes, where: str, opts: SourceOptions, *, delimiter: str, first: int = 1) -> Iterator[Input | Problem]:
    text = _container_text(data, where)
    csv.field_size_limit(sys.maxsize)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, record in enumerate(reader, first):
            origin = f"{where}#row {number}"
            yield parse_record(record, origin, opts, json.dumps(record, sort_keys=True).encode("utf-8"))
    except csv.Error as exc:
        yield Problem(
            f"{where}#row {reader.line_num + first - 1}", "unparseable", f"broken CSV ({exc})", "check quoting"
        )


def _container_text(data: bytes, where: str) -> str:
    return decode_bytes(data, where, max_bytes=max(len(data), 1))


def parse_record(record: dict[str, Any], origin: str, opts: SourceOptions, data: bytes) -> Input | Problem:
    """One table row (JSONL, CSV, Parquet) as an article, its columns found by name; ``data`` is what its
    ``raw_hash`` is taken of."""
    columns = {_normalise(key): key for key in record}
    text_key = _column(columns, "text", opts.text_column)
    if text_key is None:
        wanted = opts.text_column or "/".join(_COLUMN_GUESSES["text"])
        return Problem(
            origin,
            "unparseable",
            f"no text column {wanted!r} (columns: {', '.join(map(str, record))})",
            "name it with --text-column",
        )
    text = record.get(text_key)
    if not isinstance(text, str):
        return Problem(origin, "empty", f"column {text_key!r} holds no text", "check the text column")
    meta = {
        name: record.get(key) if key else None
        for name in ("date", "url", "title", "outlet")
        for key in [_column(columns, name, getattr(opts, f"{name}_column"))]
    }
    return _article(text, origin, opts, meta, data)


def _normalise(name: Any) -> str:
    return re.sub(r"[^0-9a-z]+", "_", str(name).lower()).strip("_")


def _column(columns: dict[str, str], kind: str, chosen: str | None) -> str | None:
    if chosen:
        return columns.get(_normalise(chosen))
    return next((columns[guess] for guess in _COLUMN_GUESSES[kind] if guess in columns), None)


# -- WARC ------------------------------------------------------------------------------------------------------


def _warc(data: bytes, where: str, opts: SourceOptions) -> Iterator[Input | Problem]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    if not _warc_head(data).startswith((b"WARC/", b"filedesc://")):
        yield Problem(where, "unparseable", "not a WARC or ARC file", "check the file (WARC files start with WARC/1.x)")
        return
    found = malformed = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data), arc2warc=True):
            if record.rec_type is None:
                malformed += 1
                continue
            if record.rec_type not in ("response", "resource", "conversion"):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            origin = f"{where}#{url or record.rec_headers.get_header('WARC-Record-ID')}"
            if record.http_headers is not None and record.http_headers.get_statuscode() not in (None, "200"):
                continue
            content_type = (record.http_headers or record.rec_headers).get_header("Content-Type") or ""
            payload = record.content_stream().read(opts.max_bytes + 1)  # no more than a page may hold: gzip bombs
            found += 1
            yield _payload(payload, content_type, origin, opts, url=url)
    except (ArchiveLoadFailed, ValueError, EOFError, OSError) as exc:
        yield Problem(where, "unparseable", f"broken WARC ({exc})", "check the file is a complete WARC/ARC")
        return
    if malformed and not found:
        yield Problem(where, "unparseable", f"{malformed} WARC records without headers", "check the file is a WARC/ARC")
    elif not found:
        yield Problem(where, "empty", "WARC has no response or resource records", "was the crawl successful?")


def _warc_head(data: bytes) -> bytes:
    """The first bytes of a (possibly gzipped) WARC, decompressed no further: a gzip of zeros is refused here,
    before warcio reads its gigabytes of "first line"."""
    if not data.startswith(b"\x1f\x8b"):
        return data[:16]
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:65536], 16)
    except zlib.error:
        return b""


# -- feeds -----------------------------------------------------------------------------------------------------


def _feed(data: bytes, where: str, opts: SourceOptions) -> Iterator[Input | Problem]:
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        if data.lstrip()[:1] == b"<" and b"<rss" not in data[:2048] and b"<feed" not in data[:2048]:
            yield _html(data, where, opts)
            return
        reason = "unparseable" if parsed.bozo else "empty"
        detail = f" ({parsed.get('bozo_exception')})" if parsed.bozo else ""
        yield Problem(where, reason, f"no feed entries{detail}", "give an RSS or Atom feed")
        return
    outlet = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, 1):
        contents = entry.get("content") or []
        html = contents[0].get("value") if contents else entry.get("summary", "")
        origin = f"{where}#entry {number}"
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        meta = {
            "date": date(*published[:3]).isoformat() if published else None,
            "url": entry.get("link"),
            "title": entry.get("title"),
            "outlet": outlet,
        }
        text = html_to_text(html or "")
        yield _article(text, origin, opts, meta, json.dumps([entry.get("id"), html], default=str).encode("utf-8"))


def html_to_text(html: str) -> str:
    """Text of a feed entry's HTML snippet (too short for trafilatura's main-text heuristics)."""
    if "<" not in html:
        return html.strip()
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3"):
        block.tail = "\n" + (block.tail or "")
    return re.sub(r"[ \t]+", " ", root.text_content()).strip()


USER_AGENT = "claimledger (+https://github.com/claimledger)"


# -- URLs ------------------------------------------------------------------------------------------------------


def _url(url: str, opts: SourceOptions) -> Iterator[Input | Problem]:
    try:
        with (
            httpx.Client(transport=opts.transport, follow_redirects=True, timeout=opts.timeout) as client,
            client.stream("GET", url, headers={"User-Agent": USER_AGENT}) as response,
        ):
            if response.status_code >= 400:
                yield Problem(url, "unreachable", f"HTTP {response.status_code}", "check the URL")
                return
            body = bytearray()
            for chunk in response.iter_bytes():  # decompressed as it comes: stop at the limit, not after a bomb
                body += chunk
                if len(body) > opts.max_bytes:
                    yield Problem(
                        url,
                        "oversized",
                        f"the page is over the {opts.max_bytes:,}-byte limit",
                        "raise CLAIMLEDGER_MAX_INPUT_BYTES",
                    )
                    return
            content_type = response.headers.get("content-type", "")
            final_url = str(response.url)
    except httpx.HTTPError as exc:
        yield Problem(
            url, "unreachable", f"cannot fetch ({type(exc).__name__}: {exc})", "check the URL and the network"
        )
        return
    yield from _payloads(bytes(body), content_type, url, opts, url=final_url)


def _payloads(
    data: bytes, content_type: str, origin: str, opts: SourceOptions, *, url: str | None
) -> Iterable[Input | Problem]:
    kind = content_type.split(";")[0].strip().lower()
    if kind.endswith(("rss+xml", "atom+xml")) or (
        kind in ("application/xml", "text/xml") and b"<html" not in data[:2048].lower()
    ):
        return _feed(data, origin, opts)
    return [_payload(data, content_type, origin, opts, url=url)]


def _payload(data: bytes, content_type: str, origin: str, opts: SourceOptions, *, url: str | None) -> Input | Problem:
    """One fetched or archived document: HTML through trafilatura, plain text as is."""
    kind = content_type.split(";")[0].strip().lower()
    if "html" in kind or (not kind and data.lstrip()[:1] == b"<"):
        result = _html(data, origin, opts, url=url)
        if isinstance(result, Input) and result.raw.url is None:
            result.raw.url = url
        return result
    try:
        text = decode_bytes(data, origin, max_bytes=opts.max_bytes)
    except InputError as exc:
        return _problem(exc, origin)
    return _article(text, origin, opts, {"url": url}, data)


# -- dates -----------------------------------------------------------------------------------------------------


def iso_date(value: Any) -> str | None:
    """An ISO date (YYYY-MM-DD) from whatever a source gives: ISO strings, RFC 2822, "Wednesday, 23 February 2022"."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser

    parsed = dateparser.parse(
        text, languages=["en"], settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    )
    return parsed.date().isoformat() if parsed else None
