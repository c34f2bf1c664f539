"""Batch partitions, Parquet output and ``load``, without a cluster (the Dask tests are in test_batch_cluster.py)."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import create_engine, text

from claimledger.batch import load, plan, read_partition
from claimledger.batch.parquet import ARTICLES_SCHEMA, CLAIMS_SCHEMA
from claimledger.batch.run import BatchOptions, run_partition
from claimledger.cli import main
from claimledger.corroborate import ledger_groups
from claimledger.ledger import Ledger
from claimledger.ledger.ingest import ingest
from claimledger.ledger.sources import SourceOptions, iter_inputs
from claimledger.ledger.types import Input, Problem

FAKE = "test_batch_fakes:read_many"
TEXTS = [
    "12 civilians killed in Kharkiv, the governor said. Rescue work went on overnight.",
    "30 soldiers wounded in Homel, a medic said.\nThe hospital asked for blood donors.",
    "Markets were calm on Tuesday.",
    "4 civilians killed in Kharkiv, the governor said, a day after 7 soldiers wounded in Homel, a medic said.",
    "12 civilians killed in Kharkiv, the governor said. Rescue work went on overnight.",  # the same article again
]


def write_inputs(folder: Path) -> dict[str, Path]:
    """The same articles as JSONL (with blank lines), CSV (quoted newlines), WARC.gz and Parquet (3-row groups)."""
    folder.mkdir(parents=True, exist_ok=True)
    records = [{"text": t, "published": f"2022-03-{10 + i}", "outlet": "Test"} for i, t in enumerate(TEXTS)]
    jsonl = folder / "a.jsonl"
    jsonl.write_text("\n" + "\n\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    table = folder / "b.csv"
    with table.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "published", "outlet"])
        writer.writeheader()
        writer.writerows(records)
    parquet = folder / "c.parquet"
    pq.write_table(pa.Table.from_pylist(records), parquet, row_group_size=3)
    return {"jsonl": jsonl, "csv": table, "parquet": parquet, "warc": write_warc(folder / "d.warc.gz", TEXTS[:4])}


def write_warc(path: Path, texts: list[str]) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for number, body in enumerate(texts):
            html = f"<html><head><title>Story {number}</title></head><body><article><p>{body}</p></article></body>"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://example.org/{number}", "response", payload=io.BytesIO(html.encode()), http_headers=headers
            )
            writer.write_record(record)
            writer.write_record(writer.create_warc_record(f"https://example.org/{number}", "request"))
    return path


def _key(item: Input | Problem) -> tuple[str | None, str, str]:
    if isinstance(item, Problem):
        return (item.origin, item.reason, item.message)
    return (item.raw.origin, item.raw_hash, item.raw.text)


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet", "warc"])
def test_partitions_read_every_record_once_with_its_origin(tmp_path: Path, kind: str) -> None:
    path = write_inputs(tmp_path)[kind]
    cut = plan([str(path)], size=2)
    assert cut.failures == []
    assert len(cut.partitions) == (2 if kind == "warc" else 3)
    options = SourceOptions()
    sliced = [_key(item) for p in cut.partitions for item in read_partition(p, options)]
    # The ledger reads no Parquet: its rows must come out as the same records read from the CSV.
    reference = tmp_path / "b.csv" if kind == "parquet" else path
    whole = [_key(item) for item in iter_inputs([str(reference)], options)]
    assert [(o.replace(str(path), "") if o else o, *rest) for o, *rest in sliced] == [
        (o.replace(str(reference), "") if o else o, *rest) for o, *rest in whole
    ]
    assert len(whole) == (4 if kind == "warc" else 5)
    if kind in ("jsonl", "csv"):
        word = "line" if kind == "jsonl" else "row"
        assert sliced[-1][0] == f"{path}#{word} {10 if kind == 'jsonl' else 5}"


def test_plan_reports_inputs_it_cannot_cut(tmp_path: Path) -> None:
    bogus = tmp_path / "broken.parquet"
    bogus.write_bytes(b"PAR1 this is not parquet")
    cut = plan([str(tmp_path / "missing.jsonl"), str(bogus)])
    assert cut.partitions == []
    assert [(f.reason, Path(f.input).name) for f in cut.failures] == [
        ("unreadable", "missing.jsonl"),
        ("unparseable", "broken.parquet"),
    ]


def test_partition_keys_are_stable_and_follow_the_input(tmp_path: Path) -> None:
    path = write_inputs(tmp_path)["jsonl"]
    first = [p.key for p in plan([str(path)], size=2).partitions]
    assert first == [p.key for p in plan([str(path)], size=2).partitions]
    path.write_text(path.read_text() + json.dumps({"text": "5 soldiers wounded in Homel, a medic said."}) + "\n")
    os.utime(path, (1, 1))
    assert not set(first) & {p.key for p in plan([str(path)], size=2).partitions}


def _batch_in_process(inputs: list[str], out: Path, size: int = 2) -> int:
    """What the cluster does, task by task in this process: the Dask-free half of the pipeline."""
    options = BatchOptions(size=size, reader=FAKE)
    results = [run_partition(p, str(out), options) for p in plan(inputs, size=size).partitions]
    assert all(r.reason is None for r in results)
    return sum(r.articles for r in results)


def test_partition_files_have_the_ledger_schema_and_no_temp_files(tmp_path: Path) -> None:
    path = write_inputs(tmp_path)["csv"]
    assert _batch_in_process([str(path)], tmp_path / "out") == 5  # rows 1 and 5 (one article) are in two partitions
    out = tmp_path / "out"
    ids = pq.read_table(out / "articles", schema=ARTICLES_SCHEMA).column("id").to_pylist()
    assert len(ids) == 5 and len(set(ids)) == 4
    assert sorted(p.name for p in (out / "articles").iterdir()) == sorted(p.name for p in (out / "claims").iterdir())
    assert len(list((out / "done").iterdir())) == 3
    assert not [p for p in out.rglob("*") if p.name.startswith(".tmp-")]
    articles = pq.read_table(next((out / "articles").iterdir()))
    assert articles.schema.equals(ARTICLES_SCHEMA)
    claims = pa.concat_tables([pq.read_table(p) for p in (out / "claims").iterdir()])
    assert claims.schema.equals(CLAIMS_SCHEMA)
    assert sorted(claims.column("low").to_pylist()) == [4, 7, 12, 12, 30]


@pytest.fixture(name="db_url", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> object:
    """A fresh ledger: a SQLite file, and a private schema of CLAIMLEDGER_TEST_PG (others' tests share the db)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    base = os.environ.get("CLAIMLEDGER_TEST_PG")
    if not base:
        pytest.skip("CLAIMLEDGER_TEST_PG is not set (source .ci/postgres.sh)")
    schema = f"batch_test_{os.getpid()}"
    engine = create_engine(base)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


Content = tuple[list[str], list[tuple[str, str, int]], tuple[int, int], int, list[tuple[str, int]]]


def _ledger_content(url: str) -> Content:
    with Ledger(url) as ledger:
        claims = sorted(
            json.dumps([s.article_id, s.origin, s.claim.id, s.claim.places[0].geonameid, s.claim.sources[0].kind])
            for s in ledger.claims()
        )
        articles = sorted((r.article.id, r.article.text, len(r.claims)) for r in ledger.iter_results())
        stats = ledger.stats()
        by_place = len(ledger.claims(place="706483", source="government"))
        groups = sorted((str(g.group.category), len(g.group.appearances)) for g in ledger_groups(ledger))
    return claims, articles, (stats.articles, stats.claims), by_place, groups


def test_load_stores_what_ingest_stores_and_twice_adds_nothing(tmp_path: Path, db_url: str) -> None:
    inputs = write_inputs(tmp_path / "in")
    specs = [str(inputs["jsonl"]), str(inputs["csv"])]
    _batch_in_process(specs, tmp_path / "out")
    with Ledger(db_url) as ledger:
        first = load(str(tmp_path / "out"), ledger)
        again = load(str(tmp_path / "out"), ledger)
    assert (first.articles, first.claims, first.already) == (4, 4, 6)
    assert (again.articles, again.claims, again.already) == (0, 0, 10)
    assert first.method == ("copy" if db_url.startswith("postgresql") else "insert")
    assert first.corroboration is not None and first.corroboration.articles_added == 4
    assert again.corroboration is not None and again.corroboration.articles_added == 0
    reference = f"sqlite:///{tmp_path / 'ingest.db'}"
    with Ledger(reference) as ledger:
        ingest(ledger, specs, reader=FAKE)
    assert _ledger_content(db_url) == _ledger_content(reference)
    assert _ledger_content(db_url)[3] == 2
    assert [category for category, _ in _ledger_content(db_url)[4]] == ["dead", "dead", "wounded", "wounded"]


def test_load_records_failed_partitions_as_problems(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _batch_in_process([str(write_inputs(tmp_path / "in")["jsonl"])], out)
    failure = {"input": "x.parquet", "reason": "unparseable", "message": "not Parquet", "partition": None}
    (out / "report.json").write_text(json.dumps({"failures": [failure]}))
    db = tmp_path / "ledger.db"
    assert main(["load", str(out), "--db", str(db), "--quiet"]) == 0
    with Ledger(str(db)) as ledger:
        assert [(p.origin, p.reason) for p in ledger.problems()] == [("x.parquet", "unparseable")]


def test_commands_refuse_bad_arguments_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", str(tmp_path), "--db", str(tmp_path / "l.db")]) == 2
    assert main(["batch", str(tmp_path), "--out", str(tmp_path / "out"), "--workers", "0"]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert errors[0].startswith("claimledger: error: ") and "not a batch output folder" in errors[0]
    assert "--workers 0" in errors[1] and len(errors) == 2


@pytest.mark.acceptance
def test_guardian_csv_partitions_cover_every_article_once(shared_dir: Path) -> None:
    path = shared_dir / "data" / "ru-ua-war-2022-guardian" / "guard-articles-nato.csv"
    cut = plan([str(path)], size=64)
    assert len(cut.partitions) == 4
    options = SourceOptions()
    sliced = [_key(item) for p in cut.partitions for item in read_partition(p, options)]
    assert sliced == [_key(item) for item in iter_inputs([str(path)], options)]
    assert len(sliced) == 250
