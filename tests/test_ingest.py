"""Ingest: every input format, every bad-input kind, idempotence, --jobs, and resuming after kill -9."""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pytest
from test_ledger_fakes import FAKE_READER, db_url_fixture  # noqa: F401 - the db_url fixture

from claimledger.ledger import Ledger
from claimledger.ledger.ingest import IngestProgress, ingest
from claimledger.ledger.sources import SourceOptions, iso_date, iter_inputs, parse_bytes, parse_record
from claimledger.ledger.types import Input, Problem

HTML = """<html><head><title>Strike on Kharkiv</title>
<meta property="og:site_name" content="Metro"><meta property="article:published_time" content="2022-03-14T10:00:00Z">
<link rel="canonical" href="https://metro.example/kharkiv"></head>
<body><nav>Home | World | Sport</nav><article><h1>Strike on Kharkiv</h1>
<p>Officials said 12 civilians were killed in Kharkiv on Sunday when a missile hit a residential block.</p>
<p>Rescue workers were still searching the rubble late into the night, the regional governor said.</p>
<p>The figure could not be independently verified, and officials warned it could rise further.</p>
</article><footer>Copyright Metro</footer></body></html>"""

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Metro World</title>
<item><title>One</title><link>https://metro.example/1</link><pubDate>Mon, 14 Mar 2022 09:00:00 GMT</pubDate>
<description>&lt;p&gt;4 civilians killed in Kharkiv.&lt;/p&gt;</description></item>
<item><title>Two</title><link>https://metro.example/2</link><pubDate>Tue, 15 Mar 2022 09:00:00 GMT</pubDate>
<description>7 soldiers wounded.</description></item></channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><title>Homel</title><link href="https://wire.example/h"/><id>urn:1</id><updated>2022-03-13T00:00:00Z</updated>
<content type="html">&lt;p&gt;2500 soldiers killed in Homel, one official said.&lt;/p&gt;</content></entry></feed>"""


def _items(*specs: str, **options: object) -> list[Input | Problem]:
    return list(iter_inputs(list(specs), SourceOptions(**options)))  # type: ignore[arg-type]


def _warc(records: list[tuple[str, str, bytes]], *, compress: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=compress)
    for url, content_type, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    return stream.getvalue()


# -- formats -------------------------------------------------------------------------------------------------


def test_text_and_html_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("3 soldiers wounded.", encoding="utf-8")
    (tmp_path / "b.html").write_text(HTML, encoding="utf-8")
    text, page = _items(str(tmp_path), published="2022-01-01", outlet="Default")
    assert isinstance(text, Input) and isinstance(page, Input)
    assert (text.raw.text, text.raw.published, text.raw.outlet) == ("3 soldiers wounded.", "2022-01-01", "Default")
    assert "12 civilians were killed in Kharkiv" in page.raw.text and "Home | World" not in page.raw.text
    assert (page.raw.title, page.raw.outlet, page.raw.published) == ("Strike on Kharkiv", "Metro", "2022-03-14")
    assert page.raw.url == "https://metro.example/kharkiv" and page.raw.origin == str(tmp_path / "b.html")


def test_jsonl_with_mapped_columns(tmp_path: Path) -> None:
    lines = [
        {"body": "5 people killed.", "day": "2022-03-01", "link": "https://x/1", "headline": "H1", "site": "AP"},
        {"body": "6 people killed.", "day": "March 2, 2022", "link": "https://x/2", "headline": "H2", "site": "AP"},
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n", encoding="utf-8")
    options = {"text_column": "body", "date_column": "day", "url_column": "link", "title_column": "headline"}
    first, second = _items(str(path), outlet_column="site", **options)
    assert isinstance(first, Input) and isinstance(second, Input)
    assert (first.raw.text, first.raw.published, first.raw.url, first.raw.title, first.raw.outlet) == (
        "5 people killed.", "2022-03-01", "https://x/1", "H1", "AP",
    )  # fmt: skip
    assert second.raw.published == "2022-03-02" and second.raw.origin == f"{path}#line 2"
    assert first.raw_hash != second.raw_hash


def test_csv_with_guessed_columns(tmp_path: Path) -> None:
    """Headers like the Guardian set's ("Text", "Date Formatted", "Heading", "Article Url") need no options."""
    path = tmp_path / "g.csv"
    path.write_text(
        ',Date,Date Formatted,Heading,Article Url,Text\n0,"Wednesday, 23 February 2022",2022-02-23,Head,'
        'https://g/1,"Two lines,\nquoted: 9 civilians killed."\n',
        encoding="utf-8",
    )
    [item] = _items(str(path), outlet="The Guardian")
    assert isinstance(item, Input)
    assert item.raw.text == "Two lines,\nquoted: 9 civilians killed."
    assert (item.raw.published, item.raw.title, item.raw.url, item.raw.outlet) == (
        "2022-02-23", "Head", "https://g/1", "The Guardian",
    )  # fmt: skip


@pytest.mark.parametrize("compress", [False, True])
def test_warc(tmp_path: Path, compress: bool) -> None:
    data = _warc(
        [
            ("https://metro.example/k", "text/html; charset=utf-8", HTML.encode()),
            ("https://t/1", "text/plain", b"8 people killed."),
        ],
        compress=compress,
    )
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(data)
    page, plain = _items(str(path))
    assert isinstance(page, Input) and isinstance(plain, Input)
    assert "12 civilians were killed" in page.raw.text and page.raw.title == "Strike on Kharkiv"
    assert (plain.raw.text, plain.raw.url, plain.raw.origin) == (
        "8 people killed.",
        "https://t/1",
        f"{path}#https://t/1",
    )


def test_rss_and_atom_feeds(tmp_path: Path) -> None:
    (tmp_path / "a.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "b.atom").write_text(ATOM, encoding="utf-8")
    one, two, homel = _items(str(tmp_path / "a.rss"), str(tmp_path / "b.atom"))
    assert isinstance(one, Input) and isinstance(two, Input) and isinstance(homel, Input)
    assert (one.raw.text, one.raw.published, one.raw.url, one.raw.outlet) == (
        "4 civilians killed in Kharkiv.", "2022-03-14", "https://metro.example/1", "Metro World",
    )  # fmt: skip
    assert two.raw.text == "7 soldiers wounded." and two.raw.published == "2022-03-15"
    assert homel.raw.text == "2500 soldiers killed in Homel, one official said." and homel.raw.outlet == "Wire"


def _transport(request: httpx.Request) -> httpx.Response:
    routes = {
        "/article": (200, "text/html; charset=utf-8", HTML.encode()),
        "/feed": (200, "application/rss+xml", RSS.encode()),
        "/gone": (404, "text/html", b"not found"),
        "/pdf": (200, "application/pdf", b"%PDF-1.4\x00\x01\x02\x03" * 50),
    }
    if request.url.path == "/down":
        raise httpx.ConnectError("connection refused", request=request)
    status, content_type, body = routes[request.url.path]
    return httpx.Response(status, headers={"content-type": content_type}, content=body)


def test_urls_through_a_mock_transport() -> None:
    urls = [f"https://news.example{path}" for path in ("/article", "/feed", "/gone", "/down", "/pdf")]
    items = _items(*urls, transport=httpx.MockTransport(_transport))
    article, one, two, gone, down, pdf = items
    assert isinstance(article, Input) and article.raw.url == "https://metro.example/kharkiv"
    assert isinstance(one, Input) and isinstance(two, Input) and one.raw.outlet == "Metro World"
    assert isinstance(gone, Problem) and (gone.reason, gone.message) == ("unreachable", "HTTP 404")
    assert isinstance(down, Problem) and down.reason == "unreachable" and "ConnectError" in down.message
    assert isinstance(pdf, Problem) and pdf.reason == "binary"


def test_iso_dates() -> None:
    assert iso_date("2022-03-14T10:00:00Z") == "2022-03-14"
    assert iso_date("Mon, 14 Mar 2022 09:00:00 GMT") == "2022-03-14"
    assert iso_date("Wednesday, 23 February 2022") == "2022-02-23"
    assert iso_date("last spring") is None and iso_date("") is None


# -- bad inputs ------------------------------------------------------------------------------------------------


def _bad_inputs(tmp_path: Path) -> tuple[list[str], dict[str, str]]:
    """One input of every bad kind (and the reason each must be quarantined with), plus two good ones."""
    files = {
        "good.txt": b"12 civilians killed in Kharkiv.",
        "empty.txt": b"  \n\t ",
        "binary.txt": bytes(range(256)) * 2,
        "big.txt": b"9 people killed. " * 200,
        "lines.jsonl": b'{"text": "4 soldiers wounded."}\n{not json}\n{"title": "no text column"}\n',
        "broken.warc": b"WARC/1.0\r\nthis is not a warc record\r\n\r\n",
        "notwarc.warc.gz": b"just text, not an archive",
        "crash.txt": b"READER-CRASH 3 people killed.",
        "refused.txt": b"READER-REFUSES 3 people killed.",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    expected = {
        str(tmp_path / "empty.txt"): "empty",
        str(tmp_path / "binary.txt"): "binary",
        str(tmp_path / "big.txt"): "oversized",
        f"{tmp_path / 'lines.jsonl'}#line 2": "unparseable",
        f"{tmp_path / 'lines.jsonl'}#line 3": "unparseable",
        str(tmp_path / "broken.warc"): "unparseable",
        str(tmp_path / "notwarc.warc.gz"): "unparseable",
        str(tmp_path / "crash.txt"): "unparseable",
        str(tmp_path / "refused.txt"): "unparseable",
        str(tmp_path / "missing.txt"): "unreadable",
        "https://news.example/gone": "unreachable",
    }
    specs = sorted(str(tmp_path / name) for name in files) + [
        str(tmp_path / "missing.txt"),
        "https://news.example/gone",
    ]
    return specs, expected


def test_every_bad_input_is_quarantined_and_the_run_goes_on(db_url: str, tmp_path: Path) -> None:
    specs, expected = _bad_inputs(tmp_path)
    seen: list[IngestProgress] = []
    options = SourceOptions(max_bytes=1000, transport=httpx.MockTransport(_transport))
    with Ledger(db_url) as ledger:
        summary = ingest(ledger, specs, sources=options, reader=FAKE_READER, on_progress=seen.append)
        problems = {p.origin: p.reason for p in ledger.problems()}
        stored = sorted(r.article.text for r in ledger.iter_results())
    assert problems == expected
    assert stored == ["12 civilians killed in Kharkiv.", "4 soldiers wounded."]
    assert (summary.stored, summary.problems, summary.claims) == (2, len(expected), 2)
    assert seen and seen[-1].done == summary.done


def test_ingest_is_idempotent_and_skips_what_is_stored(db_url: str, tmp_path: Path) -> None:
    for n in range(5):
        (tmp_path / f"{n}.txt").write_text(f"Report {n}: {n + 1} civilians killed in Kharkiv.")
    (tmp_path / "copy.txt").write_text("  Report 0: 1 civilians killed in Kharkiv.\n")  # same article, other bytes
    with Ledger(db_url) as ledger:
        first = ingest(ledger, [str(tmp_path / "*.txt")], reader=FAKE_READER)
        again = ingest(ledger, [str(tmp_path)], reader=FAKE_READER)
        stats = ledger.stats()
    assert (first.stored, first.duplicates, first.skipped) == (5, 1, 0)
    # the copy's bytes were never stored, so it is read again and found to be a duplicate again
    assert (again.stored, again.duplicates, again.skipped) == (0, 1, 5)
    assert (stats.articles, stats.claims) == (5, 5)


@pytest.mark.slow
def test_jobs_use_worker_processes_and_store_the_same(tmp_path: Path) -> None:
    for n in range(30):
        (tmp_path / f"{n:02}.txt").write_text(f"Day {n}: {n + 1} soldiers wounded in Homel.")
    with Ledger(str(tmp_path / "one.db")) as one, Ledger(str(tmp_path / "two.db")) as two:
        serial = ingest(one, [str(tmp_path / "*.txt")], reader=FAKE_READER)
        parallel = ingest(two, [str(tmp_path / "*.txt")], reader=FAKE_READER, jobs=2, batch_size=4)
        assert (serial.stored, parallel.stored, parallel.claims) == (30, 30, 30)
        assert list(one.iter_results()) == list(two.iter_results())


_INGEST_SCRIPT = textwrap.dedent(
    """
    import sys
    from claimledger.ledger import Ledger
    from claimledger.ledger.ingest import ingest

    with Ledger(sys.argv[1]) as ledger:
        ingest(ledger, [sys.argv[2]], reader="test_ledger_fakes:read_many", batch_size=2)
    """
)


@pytest.mark.slow
def test_a_run_killed_with_sigkill_resumes_and_stores_everything_once(db_url: str, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(40):
        (inputs / f"{n:02}.txt").write_text(
            f"Bulletin {n}: {n + 1} civilians killed in Kharkiv and {n} soldiers wounded."
        )
    script = tmp_path / "run.py"
    script.write_text(_INGEST_SCRIPT)
    tests = Path(__file__).resolve().parent  # and the checkout's claimledger, not an installed one
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tests), str(tests.parent)]), "FAKE_READER_DELAY": "0.05"}
    command = [sys.executable, str(script), db_url, str(inputs)]
    run = subprocess.Popen(command, env=env, stderr=subprocess.PIPE)
    with Ledger(db_url) as ledger:
        deadline = time.monotonic() + 60
        while ledger.stats().articles < 8 and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.05)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
        assert run.returncode == -signal.SIGKILL, run.stderr.read().decode() if run.stderr else None
        halfway = ledger.stats().articles
        assert 8 <= halfway < 40
        subprocess.run(command, env={**env, "FAKE_READER_DELAY": "0"}, check=True, timeout=120)
        results = list(ledger.iter_results())
    texts = [r.article.text for r in results]
    assert len(texts) == len(set(texts)) == 40
    assert sum(len(r.claims) for r in results) == 80


def test_cli_ingest_exit_code_and_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimledger.commands import ingest as ingest_command
    from claimledger.ledger import ingest as ingest_module

    monkeypatch.setattr(ingest_module, "DEFAULT_READER", FAKE_READER)

    (tmp_path / "good.txt").write_text("3 civilians killed.")
    (tmp_path / "empty.txt").write_text("")
    db = str(tmp_path / "l.db")
    assert ingest_command.run(_parse(ingest_command, ["ingest", str(tmp_path / "*.txt"), "--db", db, "-q"])) == 1
    err = capsys.readouterr().err
    assert "stored 1 new articles (1 claims)" in err and "1 inputs failed" in err
    assert ingest_command.run(_parse(ingest_command, ["ingest", str(tmp_path / "good.txt"), "--db", db, "-q"])) == 0


def _parse(module: object, argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    module.register(parser.add_subparsers())  # type: ignore[attr-defined]
    return parser.parse_args(argv)


@pytest.mark.acceptance
def test_guardian_articles_with_the_real_reader(shared_dir: Path, tmp_path: Path) -> None:
    """Five real Guardian articles from the shared CSV, through the real reader, into SQLite."""
    import csv

    source = shared_dir / "data" / "ru-ua-war-2022-guardian" / "guard-articles-nato.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = [row for _, row in zip(range(5), csv.DictReader(handle), strict=False)]
    subset = tmp_path / "guardian.csv"
    with subset.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with Ledger(str(tmp_path / "g.db")) as ledger:
        summary = ingest(ledger, [str(subset)], sources=SourceOptions(outlet="The Guardian"))
        results = list(ledger.iter_results())
    assert (summary.stored, summary.problems) == (5, 0)
    assert {r.article.published for r in results} == {row["Date Formatted"] for row in rows}
    assert all(
        r.article.outlet == "The Guardian" and r.article.url.startswith("https://www.theguardian.com/") for r in results
    )


def test_text_front_matter_gives_the_metadata(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "---\ntitle: Strike\npublished: 2022-04-07\noutlet: Example Daily\nurl: https://example.org/a\n---\n"
        "At least 12 civilians were killed on Tuesday.\n",
        encoding="utf-8",
    )
    (item,) = list(iter_inputs([str(article)], SourceOptions(outlet="Default Outlet")))
    assert isinstance(item, Input)
    raw = item.raw
    assert (raw.title, raw.published, raw.outlet, raw.url) == (
        "Strike", "2022-04-07", "Example Daily", "https://example.org/a"
    )  # fmt: skip
    assert raw.text == "At least 12 civilians were killed on Tuesday.\n"


def test_parse_bytes_numbers_a_slice_as_in_the_whole_file() -> None:
    """A batch partition hands a slice: its lines and rows keep their numbers in the whole file."""
    lines = b'{"text": "Five people were killed.", "date": "2022-03-01"}\nnot json\n'
    items = list(parse_bytes(lines, "s3://bucket/a.jsonl", SourceOptions(), first_number=41))
    assert isinstance(items[0], Input) and items[0].raw.origin == "s3://bucket/a.jsonl#line 41"
    assert items[0].raw.published == "2022-03-01"
    assert isinstance(items[1], Problem) and (items[1].origin, items[1].reason) == (
        "s3://bucket/a.jsonl#line 42",
        "unparseable",
    )
    table = b'body,outlet\n"Two soldiers died.",Metro\n'
    (row,) = parse_bytes(table, "t.csv", SourceOptions(), first_number=7)
    assert isinstance(row, Input) and (row.raw.origin, row.raw.outlet) == ("t.csv#row 7", "Metro")
    text = b"Ten people were hurt in the shelling, officials said."
    (page,) = parse_bytes(text, "u", SourceOptions(), content_type="text/plain", url="https://x.org/a")
    assert isinstance(page, Input) and (page.raw.url, page.raw.text) == ("https://x.org/a", text.decode())
    missing = parse_record({"headline": "no body"}, "r#row 1", SourceOptions(), b"{}")
    assert isinstance(missing, Problem) and "no text column" in missing.message
