"""The ledger store on SQLite and (when CLAIMLEDGER_TEST_PG is set) PostgreSQL: same tests, same results."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, select, text
from test_ledger_fakes import db_url_fixture, kharkiv, make_claim, result  # noqa: F401 - the db_url fixture

from claimledger.errors import ClaimledgerError, StorageError
from claimledger.ledger import ClaimFilter, Ledger, Problem, database_url
from claimledger.ledger.models import Base, ChangeRow
from claimledger.ledger.store import alembic_config
from claimledger.records import Source
from claimledger.settings import get_settings

ARTICLE_A = "12 civilians killed in Kharkiv, a medical official told Metro."
ARTICLE_B = "Three soldiers were wounded near Homel, the ministry said."


def _sample(ledger: Ledger) -> None:
    ledger.add(
        result(
            ARTICLE_A,
            [
                make_claim("c1", places=[kharkiv()], day="2022-03-10"),
                make_claim(
                    "c2",
                    category="wounded",
                    low=30,
                    high=None,
                    status="unverified",
                    day="2022-04-02",
                    sources=[Source("Metro", "outlet", True), Source("RFE", "outlet", True)],
                ),
            ],
        ),
        raw_hash="a" * 64,
        origin="a.txt",
    )
    ledger.add(
        result(
            ARTICLE_B,
            [make_claim("c1", category="wounded", low=3, high=3, affiliation="military", day=None)],
            "2022-05-01",
        ),
        raw_hash="b" * 64,
        origin="b.txt",
    )


def test_same_article_twice_is_stored_once(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        first = result(ARTICLE_A, [make_claim("c1")])
        assert ledger.add(first, raw_hash="1" * 64, origin="a.txt") is True
        assert ledger.add(first, raw_hash="2" * 64, origin="copy-of-a.txt") is False
        stats = ledger.stats()
        assert (stats.articles, stats.claims) == (1, 1)
        assert ledger.known_raw_hashes() == {"1" * 64}


def test_results_come_back_as_they_went_in(db_url: str) -> None:
    original = result(ARTICLE_A, [make_claim("c1", places=[kharkiv()]), make_claim("c2", category="missing", low=None)])
    with Ledger(db_url) as ledger:
        ledger.add(original, raw_hash="a" * 64)
        back = list(ledger.iter_results())
    assert back == [original]


def test_claim_filters(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        _sample(ledger)

        def ids(**filters: object) -> list[tuple[str, str]]:
            return [(s.article_id[:4], s.claim.id) for s in ledger.claims(ClaimFilter(**filters))]  # type: ignore[arg-type]

        a, b = result(ARTICLE_A, []).article.id[:4], result(ARTICLE_B, []).article.id[:4]
        assert ids() == [(a, "c1"), (a, "c2"), (b, "c1")]
        assert ids(place="Kharkiv") == ids(place="706483") == ids(place="ua") == [(a, "c1")]
        assert ids(place="kyiv") == []
        assert ids(categories=["wounded"]) == [(a, "c2"), (b, "c1")]
        assert ids(statuses=["unverified"]) == [(a, "c2")]
        assert ids(source="medical") == [(a, "c1"), (b, "c1")]
        assert ids(source="rfe") == [(a, "c2")]
        # a claim without its own date falls back on the article's publication date
        assert ids(since="2022-04-01") == [(a, "c2"), (b, "c1")]
        assert ids(until="2022-03-31") == [(a, "c1")]
        assert ids(since="2022-04-01", until="2022-04-30") == [(a, "c2")]
        assert ids(outlet="metro", limit=1) == [(a, "c1")]


def test_find_claim_and_article(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        _sample(ledger)
        assert len(ledger.find_claim("c1")) == 2
        article_b = result(ARTICLE_B, []).article.id
        [only] = ledger.find_claim(f"{article_b[:8]}:c1")
        assert only.claim.category == "wounded" and only.origin == "b.txt"
        assert ledger.find_claim("nope") == []
        stored = ledger.article(article_b)
        assert stored is not None and stored.text == ARTICLE_B and stored.published == "2022-05-01"


def test_claims_frame(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        _sample(ledger)
        frame = ledger.claims_frame(categories=["dead"])
    assert [i.split("-")[1] for i in frame["claim_id"]] == ["c1"]  # ARTICLE16-CLAIMID, as everything shows it
    row = frame.iloc[0]
    assert (row["low"], row["place"], row["geonameid"], row["country"]) == (12, "Kharkiv", 706483, "UA")
    assert row["sources"] == "Metro > a medical official"


def test_problems_are_recorded_once_per_input_and_reason(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        ledger.add_problem(Problem("x.bin", "binary", "looks like a binary file"))
        ledger.add_problem(Problem("x.bin", "binary", "looks like a binary file, again"))
        ledger.add_problem(Problem("y.txt", "empty", "is empty", "give an article with text"))
        problems = ledger.problems()
    assert [(p.origin, p.reason, p.message) for p in problems] == [
        ("x.bin", "binary", "looks like a binary file, again"),
        ("y.txt", "empty", "is empty"),
    ]
    assert problems[0].at is not None


def test_change_log_records_every_insert(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        _sample(ledger)
        ledger.add_problem(Problem("x.bin", "binary", "binary"))
        with ledger.session() as session:
            log = [(c.action, c.entity) for c in session.scalars(select(ChangeRow).order_by(ChangeRow.pk))]
            first = session.scalars(select(ChangeRow).order_by(ChangeRow.pk)).first()
    assert log == [("insert", "article"), ("insert", "article"), ("quarantine", "problem")]
    assert first is not None and first.detail["claims"] == ["c1", "c2"] and first.detail["origin"] == "a.txt"


def test_migrations_create_exactly_the_models(db_url: str) -> None:
    """The ledger's tables as migrated equal the models (other modules' tables are theirs to check)."""
    Ledger(db_url).stats()
    engine = create_engine(db_url)
    with engine.connect() as connection:
        ours = MigrationContext.configure(
            connection, opts={"include_name": lambda name, kind, _: kind != "table" or name in Base.metadata.tables}
        )
        diff = compare_metadata(ours, Base.metadata)
        current = set(MigrationContext.configure(connection).get_current_heads())
    engine.dispose()
    assert diff == []
    assert current == set(ScriptDirectory.from_config(alembic_config()).get_heads())
    assert "0001" in {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def test_database_url_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert database_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("CLAIMLEDGER_DB", str(tmp_path / "env.db"))
    assert database_url(None) == f"sqlite:///{tmp_path / 'env.db'}"


def test_bad_databases_give_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        Ledger(str(tmp_path / "no" / "such" / "folder.db")).stats()
    with pytest.raises(StorageError, match="cannot open database URL"):
        Ledger("nosuchdialect://x/y").stats()
    not_a_db = tmp_path / "text.db"
    not_a_db.write_text("this is not a database " * 100)
    with pytest.raises(StorageError, match="file is not a database"):
        Ledger(str(not_a_db)).stats()


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Ledger(str(path)).stats()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        ledger_head = "version_num GLOB '[0-9][0-9][0-9][0-9]'"  # not the other modules' web_0001, corroborate_0001
        connection.execute(text(f"UPDATE alembic_version SET version_num = '9999' WHERE {ledger_head}"))
    engine.dispose()
    with pytest.raises(StorageError, match="newer than this claimledger knows"):
        Ledger(str(path)).stats()


_WRITER = textwrap.dedent(
    """
    import sys
    from test_ledger_fakes import make_claim, result
    from claimledger.ledger import Ledger

    url, worker = sys.argv[1], int(sys.argv[2])
    with Ledger(url) as ledger:
        # both writers store articles 0..59 (each must end up once) and 20 of their own
        numbers = list(range(60)) + [1000 * (worker + 1) + n for n in range(20)]
        for n in numbers if worker == 0 else reversed(numbers):
            ledger.add(result(f"article {n}: 1 civilians killed", [make_claim("c1")]), raw_hash=f"{n:064d}")
    """
)


@pytest.mark.slow
def test_concurrent_writers_share_one_database(db_url: str, tmp_path: Path) -> None:
    """Two processes opening a new database and writing overlapping articles at once: no error, no duplicate."""
    script = tmp_path / "writer.py"
    script.write_text(_WRITER)
    env_path = str(Path(__file__).parent)
    writers = [
        subprocess.Popen(
            [sys.executable, str(script), db_url, str(worker)],
            env={**os.environ, "PYTHONPATH": env_path},
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in (0, 1)
    ]
    errors = [writer.communicate(timeout=120)[1] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], errors
    with Ledger(db_url) as ledger:
        stats = ledger.stats()
        with ledger.session() as session:
            texts = session.scalars(text("SELECT text FROM articles")).all()
    assert (stats.articles, stats.claims) == (100, 100)
    assert len(set(texts)) == 100


def test_two_claims_with_one_id_are_both_kept(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        ledger.add(result(ARTICLE_A, [make_claim("same"), make_claim("same", category="wounded")]), raw_hash="a" * 64)
        assert sorted(s.claim.category for s in ledger.find_claim("same")) == ["dead", "wounded"]
        assert [len(r.claims) for r in ledger.iter_results()] == [2]


def test_claim_page_sorts_pages_and_filters_periods_like_claims(db_url: str) -> None:
    """A page (keys from the indexes, then rows) selects what the plain filter selects, in the asked order."""
    with Ledger(db_url) as ledger:
        _sample(ledger)
        ledger.add(
            result(
                "Since February 24, 400 children were killed, officials said.",
                [make_claim("r1", low=400, high=400, day="2022-02-24", end="2022-04-20", subject="children")],
                "2022-04-20",
            ),
            raw_hash="c" * 64,
        )
        ledger.optimize()

        def page(**filters: object) -> list[tuple[str, int | None]]:
            records = ledger.claim_page(ClaimFilter(**filters))  # type: ignore[arg-type]
            return [(r.data["id"], r.data["count"]["low"]) for r in records]

        assert page(sort="-low", limit=10) == [("r1", 400), ("c2", 30), ("c1", 12), ("c1", 3)]
        assert page(sort="low", limit=2, offset=1) == [("c1", 12), ("c2", 30)]
        assert page(sort="-published", categories=["dead"], limit=5) == [("r1", 400), ("c1", 12)]
        assert page(sort="-low", parties=["RUSSIA"], limit=5) == []
        for since, until in (
            ("2022-04-01", "2022-04-30"),
            ("2022-04-01", None),
            (None, "2022-03-31"),
            ("2022-03-01", "2022-03-12"),
        ):
            plain = sorted(
                (s.claim.id, s.claim.count.low) for s in ledger.claims(ClaimFilter(since=since, until=until))
            )
            assert sorted(page(since=since, until=until, sort="low", limit=50)) == plain
        # the ranged claim began before April and reaches into it: both ways of filtering keep it
        assert ("r1", 400) in page(since="2022-04-01", until="2022-04-30", sort="low", limit=50)
        assert page(since="2022-04-21", sort="low", limit=50) == [("c1", 3)]
        with pytest.raises(ClaimledgerError, match="unknown sort 'colour'"):
            ledger.claim_page(ClaimFilter(sort="colour"))


def test_migration_0002_fills_days_of_existing_claims(tmp_path: Path) -> None:
    """A ledger created at revision 0001 gets its claims' dates and days on upgrade."""
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text(
                "INSERT INTO articles (id, raw_hash, text, published, ingested_at) "
                "VALUES ('a1', 'h', 't', '2022-05-01', '2022-05-02')"
            )
        )
        for position, (start, end) in enumerate((("2022-03-01", "2022-03-09"), (None, None), (None, "2022-04-02"))):
            connection.execute(
                text(
                    "INSERT INTO claims (claim_id, article_id, position, category, status, approximate, affiliation,"
                    " when_start, when_end, when_precision, evidence_start, evidence_end, data) VALUES (:id, 'a1',"
                    " :position, 'dead', 'asserted', 0, 'unknown', :start, :end, 'day', 0, 1, '{}')"
                ),
                {"id": f"c{position}", "position": position, "start": start, "end": end},
            )
    engine.dispose()
    with Ledger(str(path)) as ledger, ledger.engine.connect() as connection:
        rows = connection.execute(text("SELECT published, day, day_end FROM claims ORDER BY position")).all()
    assert [tuple(r) for r in rows] == [
        ("2022-05-01", "2022-03-01", "2022-03-09"),
        ("2022-05-01", "2022-05-01", "2022-05-01"),
        ("2022-05-01", "2022-04-02", "2022-04-02"),
    ]


def test_a_server_database_keeps_a_pool_for_the_apis_concurrent_pages(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The claims pages have a pool of their own, of a set size and no overflow, whose connections alone plan
    prepared statements generically."""
    monkeypatch.setenv("CLAIMLEDGER_PAGE_CONNECTIONS", "3")
    ledger = Ledger(db_url)
    try:
        if ledger.engine.dialect.name == "sqlite":
            assert ledger.page_engine is ledger.engine
            pytest.skip("SQLite opens a file, not server connections")
        pages = ledger.page_engine.pool
        assert pages.size() == 3 and pages._max_overflow == 0  # type: ignore[attr-defined]
        assert ledger.engine.pool.size() == 5  # type: ignore[attr-defined]
        with ledger.page_engine.connect() as connection:
            assert connection.exec_driver_sql("SHOW plan_cache_mode").scalar() == "force_generic_plan"
            assert connection.connection.dbapi_connection.autocommit  # type: ignore[union-attr]
        with ledger.engine.connect() as connection:
            assert connection.exec_driver_sql("SHOW plan_cache_mode").scalar() == "auto"
        ledger.claim_page_text(ClaimFilter(categories=["dead"], sort="-low", limit=3))
        ledger.claim_page_text(ClaimFilter(categories=["dead"], sort="-low", limit=3))
        with ledger.page_engine.connect() as connection:
            prepared = connection.exec_driver_sql("SELECT statement FROM pg_prepared_statements").scalars().all()
        assert any("ORDER BY claims.low DESC" in statement and "LIMIT 3" in statement for statement in prepared)
    finally:
        ledger.close()


def test_the_page_connections_setting_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    assert get_settings().page_connections == 2 or "CLAIMLEDGER_PAGE_CONNECTIONS" in os.environ
    monkeypatch.setenv("CLAIMLEDGER_PAGE_CONNECTIONS", "8")
    assert get_settings().page_connections == 8
    for bad in ("two", "0", "-1", "1001"):
        monkeypatch.setenv("CLAIMLEDGER_PAGE_CONNECTIONS", bad)
        with pytest.raises(ClaimledgerError, match="is not a count"):
            get_settings()


def test_serve_refuses_a_bad_setting_before_serving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimledger.cli import main

    monkeypatch.setenv("CLAIMLEDGER_PAGE_CONNECTIONS", "two")
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: pytest.fail("served with a bad setting"))
    assert main(["serve", "--db", str(tmp_path / "ledger.db"), "--port", "8123"]) == 2
    assert "CLAIMLEDGER_PAGE_CONNECTIONS='two' is not a count" in capsys.readouterr().err
    assert not (tmp_path / "ledger.db").exists()  # nothing opened, nothing served
