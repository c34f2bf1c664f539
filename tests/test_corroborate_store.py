"""Corroboration persisted in the ledger: incremental updates after ingest, the commands, the DataFrame."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select, update
from test_ledger_fakes import FAKE_READER, db_url_fixture, make_claim, result  # noqa: F401 - db_url fixture

from claimledger.cli import main
from claimledger.corroborate import (
    CorroborationStore,
    Corroborator,
    corroborate_ledger,
    estimates_frame,
    ledger_estimates,
    ledger_group,
    ledger_groups,
)
from claimledger.corroborate.engine import STATE_VERSION
from claimledger.corroborate.models import ClaimGroupRow, CorroboratedArticleRow, CorroborationStateRow
from claimledger.errors import ClaimledgerError
from claimledger.ledger import Ledger
from claimledger.ledger.ingest import ingest
from claimledger.records import Place, ReadResult, Source

HOMEL = Place("Homel", 0, 5, 627907, "Homyel'", "BY", 52.43, 30.98, "city")
MINSK = Place("Minsk", 0, 5, 625144, "Minsk", "BY", 53.9, 27.57, "city")
RFE = [Source("RFE", "outlet", True), Source("one medical official", "medical", False)]
STORY = (
    "RFE quoted one medical official who said more than 2,500 soldiers' corpses had been shipped from Homel "
    "back to Russia by trains or by plane as of March 13. The figure could not be independently verified."
)


def copy(
    outlet: str,
    text: str,
    *,
    low: int = 2501,
    place: Place = HOMEL,
    published: str = "2022-03-14",
    speaker: list[Source] = RFE,
) -> ReadResult:
    sources = [Source(outlet, "outlet", True), *speaker]
    claim = make_claim("c1", low=low, high=None, places=[place], sources=sources, day="2022-03-13")
    return result(text, [claim], published=published, outlet=outlet)


def add(ledger: Ledger, *results: ReadResult) -> None:
    for item in results:
        assert ledger.add(item, raw_hash=item.article.id)


def test_two_overlapping_articles_make_one_group_with_two_appearances_and_one_root(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        add(ledger, copy("Metro", f"Metro: {STORY}"), copy("Daily Mail", f"{STORY} Daily Mail reports."))
        summary = corroborate_ledger(ledger)
        assert (summary.articles_added, summary.claims_added, summary.groups_created) == (2, 2, 1)
        assert summary.near_duplicates == 1
        (view,) = ledger_groups(ledger)
        assert len(view.group.appearances) == 2 and view.independent_roots == 1
        assert view.group.roots()[0].label == "RFE / one medical official"
        assert view.grade.level == "weak" and ledger_group(ledger, view.group.id).group.id == view.group.id
        (row,) = ledger_estimates(ledger, by="month")
        assert (row.place, row.period, row.low, row.best, row.high, row.sources) == (
            "Homyel'",
            "2022-03",
            2501,
            2501,
            None,  # "more than 2,500": no text gives a high bound
            1,
        )
        frame = estimates_frame(ledger, by="day", places=["BY"])
        assert list(frame["place"]) == ["BY"] and int(frame["best"].sum()) == 2501
        assert corroborate_ledger(ledger).articles_added == 0  # nothing new: nothing done


def test_an_update_corroborates_only_new_articles_and_writes_only_what_changed(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Ledger(db_url) as ledger:
        add(ledger, copy("Metro", f"Metro: {STORY}"), copy("TASS", "TASS: 7 died in Minsk.", low=7, place=MINSK))
        corroborate_ledger(ledger)
        with ledger.session() as session:
            before = {r.id: r.updated_at for r in session.scalars(select(ClaimGroupRow))}
        seen: list[str] = []
        original = Corroborator.add

        def spy(self: Corroborator, results: object) -> object:
            items = list(results)  # type: ignore[call-overload]
            seen.extend(r.article.id for r in items)
            return original(self, items)

        monkeypatch.setattr(Corroborator, "add", spy)
        officials = [Source("officials in Homel", "official", False)]
        text = "Reuters: officials in Homel counted 2,600 bodies."
        later = copy("Reuters", text, low=2600, published="2022-03-15", speaker=officials)
        add(ledger, later)
        summary = corroborate_ledger(ledger)
        assert seen == [later.article.id]  # the stored engine was loaded, not rebuilt from the articles
        assert (summary.articles_added, summary.groups_created, summary.groups_updated) == (1, 0, 1)
        with ledger.session() as session:
            after = {r.id: r.updated_at for r in session.scalars(select(ClaimGroupRow))}
            assert session.scalar(select(CorroborationStateRow.revision)) == 2
            assert len(session.scalars(select(CorroboratedArticleRow)).all()) == 3
        (homel,) = [v for v in ledger_groups(ledger, place="Homel")]
        assert after[homel.group.id] != before[homel.group.id]
        (minsk,) = [g for g in before if g != homel.group.id]
        assert after[minsk] == before[minsk]  # untouched group: not rewritten
        assert homel.independent_roots == 2 and homel.grade.level == "fair"


def test_ingest_updates_corroboration_and_a_cached_store_notices_other_writers(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("12 civilians killed in Kharkiv, officials said.")
    (tmp_path / "b.txt").write_text("Officials said 12 civilians were killed in Kharkiv on Monday.")
    with Ledger(db_url) as ledger:
        cached = CorroborationStore(ledger)
        assert cached.corroborator().groups() == []
        ingest(ledger, [str(tmp_path / "*.txt")], reader=FAKE_READER)
        assert cached.pending() == 0  # ingest corroborated them already
        (view,) = cached.corroborator().groups()
        assert len(view.group.appearances) == 2
        assert len(ledger_groups(ledger, category="dead")) == 1 and ledger_groups(ledger, category="wounded") == []


def test_rebuild_and_an_unknown_state_version(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        add(ledger, copy("Metro", f"Metro: {STORY}"))
        corroborate_ledger(ledger)
        with ledger.write_session() as session, session.begin():
            session.execute(update(CorroborationStateRow).values(version=99))
        with pytest.raises(ClaimledgerError, match="version 99") as caught:
            add(ledger, copy("Mail", f"Mail: {STORY}"))
            corroborate_ledger(ledger)
        assert "--rebuild" in (caught.value.hint or "")
        summary = CorroborationStore(ledger).rebuild()
        assert summary.articles_added == 2 and summary.groups_created == 1
        assert ledger_groups(ledger)[0].group.id == "g1"


def test_corroboration_made_by_older_rules_is_made_again(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        add(ledger, copy("Metro", f"Metro: {STORY}"))
        corroborate_ledger(ledger)
        with ledger.write_session() as session, session.begin():
            session.execute(update(CorroborationStateRow).values(version=1))
        summary = corroborate_ledger(ledger)
        assert summary.articles_added == 1 and summary.groups_created == 1
        with ledger.session() as session:
            assert session.scalars(select(CorroborationStateRow.version)).all() == [STATE_VERSION]


def test_groups_group_and_estimates_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "ledger.db")
    with Ledger(db) as ledger:
        add(ledger, copy("Metro", f"Metro: {STORY}"), copy("TASS", "TASS: 7 died in Minsk.", low=7, place=MINSK))
    assert main(["groups", "--db", db, "--format", "json", "--place", "Homel"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    shown = json.loads(line)
    assert shown["grade"]["level"] == "weak" and shown["independent_roots"] == 1
    assert re.fullmatch(r"[0-9a-f]{16}-c1", shown["id"]) and shown["appearances"][0]["claim_id"] == shown["id"]
    assert main(["group", shown["id"], "--db", db]) == 0
    out = capsys.readouterr().out
    assert "RFE / one medical official" in out and "Metro" in out and shown["id"] in out
    assert main(["show", shown["id"], "--db", db]) == 0  # a group's id is its first claim's: `show` takes it
    assert shown["id"] in capsys.readouterr().out
    assert main(["groups", "--db", db]) == 0 and "2 claim groups" in capsys.readouterr().out
    assert main(["estimates", "--db", db, "--by", "week", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "place,period,category,party,kind,low,best,high,groups,sources"
    assert sorted(lines[1:]) == [
        "Homyel',2022-W10,dead,,incident,2501,2501,,1,1",
        "Minsk,2022-W10,dead,,incident,7,7,,1,1",
    ]
    assert main(["estimates", "--db", db, "--place", "BY", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["best"] == 2508
    assert main(["group", "g99", "--db", db]) == 2
    assert "no claim group 'g99'" in capsys.readouterr().err
