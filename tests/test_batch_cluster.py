"""``run_batch`` on a real Dask LocalCluster (2 worker processes): same results as the single-process reader,
corrupt inputs reported, re-runs skip finished partitions, a worker killed mid-run loses nothing."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster
from test_batch import write_warc

from claimledger.batch import BatchOptions, BatchProgress, run_batch
from claimledger.batch.parquet import ARTICLES_SCHEMA, CLAIMS_SCHEMA, results
from claimledger.cli import main
from claimledger.ledger.sources import SourceOptions, iter_inputs
from claimledger.ledger.types import Input, Problem
from claimledger.reader import read_many

ARTICLES = [
    "Russian shelling killed 12 civilians in Kharkiv on Monday, the regional governor said.",
    "At least 30 soldiers were wounded near Izium, according to the Ukrainian military.",
    "More than 2,500 soldiers' corpses had been shipped from Homel back to Russia, a medical official said.",
    "Three people died and 14 were injured when a missile hit a shopping centre in Odesa, police said.",
    "The mayor said dozens of residents are missing after the strike on the theatre in Mariupol.",
]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """Two worker processes, one thread each; the fake reader sleeps 0.3 s per article on them."""
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=50,
            env={"BATCH_FAKE_DELAY": "0.3"},
        ) as cluster,
        Client(cluster) as dask_client,  # type: ignore[no-untyped-call]
    ):
        yield dask_client


def _output(out: Path) -> list[dict[str, object]]:
    articles = pq.read_table(out / "articles", schema=ARTICLES_SCHEMA)
    claims = pq.read_table(out / "claims", schema=CLAIMS_SCHEMA)
    return [r.to_dict() for r in results(articles, claims)]


def test_cluster_reads_what_the_reader_reads_and_reports_corrupt_inputs(client: Client, tmp_path: Path) -> None:
    jsonl = tmp_path / "news.jsonl"
    jsonl.write_text("".join(json.dumps({"text": t, "published": "2022-03-14"}) + "\n" for t in ARTICLES))
    broken_parquet = tmp_path / "broken.parquet"
    broken_parquet.write_bytes(b"PAR1 not really")
    broken_warc = tmp_path / "broken.warc.gz"
    broken_warc.write_bytes(write_warc(tmp_path / "good.warc.gz", ARTICLES[:1]).read_bytes()[:60])
    specs = [str(jsonl), str(broken_parquet), str(broken_warc)]
    out = tmp_path / "out"

    report = run_batch(client, specs, str(out), options=BatchOptions(size=2))

    assert (report.progress.partitions, report.progress.done, report.progress.articles) == (4, 4, 5)
    assert [(Path(f.input).name, f.reason) for f in report.failures] == [("broken.parquet", "unparseable")]
    problems = pq.read_table(out / "problems").to_pylist()
    alone = [(p.origin, p.reason, p.message) for p in iter_inputs([str(broken_warc)]) if isinstance(p, Problem)]
    assert [(p["origin"], p["reason"], p["message"]) for p in problems] == alone  # as `ingest` reports it
    assert len(alone) == 1
    assert json.loads((out / "report.json").read_text())["failures"][0]["reason"] == "unparseable"
    raws = [item.raw for item in iter_inputs([str(jsonl)], SourceOptions()) if isinstance(item, Input)]
    expected = [r.to_dict() for r in read_many(raws)]
    got = _output(out)
    assert sum(len(r["claims"]) for r in expected) >= 5
    assert sorted(got, key=json.dumps) == sorted(expected, key=json.dumps)

    written = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    again = run_batch(client, specs, str(out), options=BatchOptions(size=2))
    assert (again.progress.skipped, again.progress.done, again.progress.articles) == (4, 0, 0)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")} == written


def test_a_worker_killed_mid_run_loses_no_article_and_doubles_none(client: Client, tmp_path: Path) -> None:
    texts = [f"{n} civilians killed in Kharkiv, the governor said on day {n}." for n in range(1, 17)]
    jsonl = tmp_path / "many.jsonl"
    jsonl.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))
    before = client.run(os.getpid)
    killed: list[int] = []

    def kill_a_busy_worker(progress: BatchProgress) -> None:
        if progress.done < 1 or killed:
            return
        processing: dict[str, list[str]] = client.processing()  # type: ignore[no-untyped-call]
        busy = [address for address, keys in processing.items() if keys]
        killed.append(before[busy[0]])
        os.kill(killed[0], signal.SIGKILL)

    report = run_batch(
        client,
        [str(jsonl)],
        str(tmp_path / "out"),
        options=BatchOptions(size=2, reader="test_batch_fakes:read_many"),
        on_progress=kill_a_busy_worker,
    )

    assert killed and killed[0] not in client.run(os.getpid).values()
    assert report.failures == [] and report.progress.done == 8
    ids = pq.read_table(tmp_path / "out" / "articles", schema=ARTICLES_SCHEMA).column("id").to_pylist()
    assert len(ids) == len(set(ids)) == 16
    claims = pq.read_table(tmp_path / "out" / "claims", schema=CLAIMS_SCHEMA)
    assert sorted(claims.column("low").to_pylist()) == list(range(1, 17))
    assert not [p for p in (tmp_path / "out").rglob(".tmp-*")]


def test_batch_command_uses_a_given_scheduler(
    client: Client, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jsonl = tmp_path / "two.jsonl"
    jsonl.write_text("".join(json.dumps({"text": t}) + "\n" for t in ARTICLES[:2]) + "{broken\n")
    address = str(client.scheduler.address)  # type: ignore[union-attr]
    code = main(["batch", str(jsonl), "--out", str(tmp_path / "out"), "--scheduler", address, "--quiet"])
    err = " ".join(capsys.readouterr().err.split())  # rich wraps at the terminal width
    assert code == 1  # the broken line is a problem
    assert "Dask dashboard: http" in err and "read 2 articles" in err and "1 inputs could not be read" in err
    assert len(list((tmp_path / "out" / "done").iterdir())) == 1
