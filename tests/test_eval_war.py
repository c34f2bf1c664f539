"""``claimledger eval war``: the reference scorer's matching rule, on hand-written texts and on the dev war gold."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import claimledger
from claimledger.cli import main
from claimledger.errors import EvalDataError
from claimledger.evaluation import war
from claimledger.records import Claim, Count, Evidence, Place, Source, Subject, When

KHARKIV, LVIV = 706483, 702550


def _gold(count_text: str, category: str, low: int | None, high: int | None, **extra: Any) -> dict[str, Any]:
    return {"count_text": count_text, "category": category, "low": low, "high": high, **extra}


def _write(folder: Path, texts: dict[str, str], gold: list[dict[str, Any]]) -> tuple[Path, Path]:
    articles = folder / "articles"
    articles.mkdir()
    for name, text in texts.items():
        (articles / name).write_text(text, encoding="utf-8")
    gold_path = folder / "gold.jsonl"
    gold_path.write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    return articles, gold_path


def _hand_made(folder: Path) -> tuple[Path, Path]:
    texts = {
        "shelling.txt": "Russian shelling killed 12 civilians in Kharkiv on Monday, regional officials said. "
        "The mayor said about 40 people were wounded.\n",
        "crash.txt": "A bus crash killed five people near Lviv, police said. "
        "A soldier, Oleksandr Petrenko, was killed on Tuesday.\n",
        "prisoners.txt": "Russia says it has captured 2,000 Ukrainian troops.\n",
    }
    gold = [
        {
            "file": "shelling.txt",
            "published": "2022-03-08",
            "claims": [
                _gold("12 civilians", "dead", 12, 12, status="reported", geonameid=KHARKIV, source_kind="official"),
                # approximate: the read 40 is within 10 % of 42
                _gold(
                    "about 40 people", "wounded", 42, 42, approximate=True, status="reported", source_kind="official"
                ),
            ],
        },
        {
            "file": "crash.txt",
            "published": "2022-03-08",
            "claims": [_gold("five people", "dead", 5, 5, conflict="none", geonameid=LVIV)],
            "singular_mentions": [{"text": "A soldier, Oleksandr Petrenko"}],
        },
        {
            "file": "prisoners.txt",
            "published": "2022-03-08",
            # the gold says "more than"; the reader's exact 2,000 is a MISS and an EXTRA
            "claims": [_gold("2,000 Ukrainian troops", "captured", 2001, None, status="reported")],
        },
    ]
    return _write(folder, texts, gold)


def test_hand_made_texts_are_scored_by_the_rule(tmp_path: Path) -> None:
    articles, gold = _hand_made(tmp_path)
    result = war.evaluate(articles, gold, details=True)
    assert (result["tp"], result["fp"], result["fn"]) == (2, 1, 1)
    assert result["precision"] == result["recall"] == result["f1"] == 0.667
    assert result["gold_claims"] == 3 and result["articles"] == 3
    assert result["recall_by_category"] == {"captured": "0/1", "dead": "1/1", "wounded": "1/1"}
    accuracy = result["accuracy"]
    assert accuracy["category"] == accuracy["status"] == accuracy["place"] == accuracy["source_kind"] == 1.0
    assert result["fooled"] == 0
    assert [line.split(":")[0] for line in result["details"]] == ["MISS prisoners.txt", "EXTRA prisoners.txt"]
    # the folder holding articles/ and gold.jsonl is enough
    assert war.evaluate(tmp_path)["tp"] == 2


def _claim(count_text: str, low: int | None, high: int | None, evidence: str, **fields: Any) -> Claim:
    return Claim(
        id="c",
        category=fields.get("category", "dead"),
        count=Count(low, high, count_text),
        subject=Subject("people", party=fields.get("party")),
        when=When(as_of=fields.get("as_of", False)),
        places=fields.get("places", []),
        sources=fields.get("sources", []),
        status=fields.get("status", "asserted"),
        cues=[],
        evidence=Evidence(evidence, 0, len(evidence)),
        conflict=fields.get("conflict"),
    )


def _score(gold: dict[str, Any], claims: list[Claim]) -> dict[str, Any]:
    text = war.GoldText(
        file="t.txt",
        path=Path("t.txt"),
        published=None,
        claims=gold["claims"],
        singular=gold.get("singular", []),
        not_casualty=gold.get("not_casualty", []),
    )
    preds = [war.Prediction(c, c.count.low, c.count.high, c.count.text or "", c.evidence.text) for c in claims]
    tally = war._Tally()
    war.score_text(text, preds, tally)
    return war.summarise(1, tally, details=True)


def test_each_gold_claim_takes_the_first_unused_prediction_with_its_phrase_and_bounds() -> None:
    sentence = "Officials said 30 people were killed and 30 people were wounded."
    gold = {
        "claims": [
            _gold("30 people", "dead", 30, 30, party="Ukraine", as_of=True, conflict="russia-ukraine"),
            _gold("30 people", "wounded", 30, 30, party="Ukraine", as_of=True, conflict="x", geonameid=KHARKIV),
        ]
    }
    dead = _claim("30", 30, 30, sentence, party="Ukraine", as_of=True, conflict="russia-ukraine")
    wounded = _claim("30", 30, 30, sentence, category="wounded", places=[Place("Kharkiv", 0, 7, KHARKIV)])
    result = _score(gold, [dead, wounded])
    assert (result["tp"], result["fp"], result["fn"]) == (2, 0, 0)
    # matching is by phrase and bounds only, in order: the category is then compared
    assert result["accuracy"]["category"] == 1.0 and result["accuracy"]["place"] == 1.0
    assert result["accuracy"]["party"] == result["accuracy"]["as_of"] == result["accuracy"]["conflict"] == 0.5
    swapped = _score(gold, [wounded, dead])
    assert swapped["tp"] == 2 and swapped["accuracy"]["category"] == 0.0 and swapped["accuracy"]["place"] == 0.0


def test_approximate_gold_allows_ten_percent_and_exact_gold_none() -> None:
    gold = {"claims": [_gold("nearly 14,000", "dead", None, 14000, approximate=True)]}
    assert _score(gold, [_claim("nearly 14,000", None, 12600, "nearly 14,000 died")])["tp"] == 1
    assert _score(gold, [_claim("nearly 14,000", None, 12599, "nearly 14,000 died")])["tp"] == 0
    exact = {"claims": [_gold("more than 2,500", "dead", 2501, None)]}
    assert _score(exact, [_claim("more than 2,500", 2500, None, "more than 2,500 died")])["fp"] == 1


def test_singular_mentions_and_harm_outside_war_count_neither_way() -> None:
    gold = {
        "claims": [_gold("two workers", "dead", 2, 2, conflict="none")],
        "singular": ["a local priest"],
        "not_casualty": [{"text": "three miners", "kind": "non_conflict_deaths"}],
    }
    claims = [
        _claim("two workers", 2, 2, "A factory fire killed two workers."),
        _claim("three", 3, 3, "A flood drowned three miners."),
        _claim("a local priest", 1, 1, "Shelling killed a local priest."),
        _claim("a boy", 1, 1, "Shelling killed a boy."),
    ]
    result = _score(gold, claims)
    assert (result["tp"], result["fp"], result["fn"]) == (0, 1, 0)
    assert result["details"] == ["EXTRA t.txt: dead 'a boy' (1..1) in 'Shelling killed a boy.'"]


def test_a_prediction_counting_a_listed_non_casualty_number_is_fooled() -> None:
    gold = {"claims": [], "not_casualty": [{"text": "40 tanks", "kind": "equipment"}]}
    claims = [
        _claim("40", 40, 40, "Russia lost 40 tanks and many soldiers died."),
        _claim("dozens", 24, None, "Russia lost 40 tanks and dozens died."),
    ]
    result = _score(gold, claims)
    assert result["fp"] == 2 and result["fooled"] == 1 and result["fooled_by"] == ["t.txt: 40"]


def test_root_source_kind_in_the_golds_words() -> None:
    def kind(*sources: Source) -> str:
        return war.source_kind(_claim("3", 3, 3, "x", sources=list(sources)))

    assert kind() == "outlet"
    assert kind(Source("a witness", "eyewitness")) == "witness"
    assert kind(Source("TASS", "outlet", side="Russia")) == "party_media"
    assert kind(Source("Reuters", "outlet", side="neutral")) == "outlet"
    assert kind(Source("the mayor", "official"), Source("Interfax", "outlet", side="Russia")) == "party_media"


def test_cli_prints_details_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    articles, gold = _hand_made(tmp_path)
    assert main(["eval", "war", str(articles), str(gold), "--details"]) == 0
    out = capsys.readouterr().out
    assert "MISS prisoners.txt: captured '2,000 Ukrainian troops' (2001..None)" in out
    assert main(["eval", "war", str(articles), str(gold), "--json", "--limit", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["tp"] == 2


def test_bad_input_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(EvalDataError, match="no gold file given"):
        war.evaluate(tmp_path)
    articles, gold = _write(tmp_path, {}, [{"file": "gone.txt", "claims": []}])
    with pytest.raises(EvalDataError, match="gone.txt not found"):
        war.evaluate(articles, gold)
    gold.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(EvalDataError, match="not JSON"):
        war.evaluate(articles, gold)
    assert main(["eval", "gvdb", str(gold), str(gold)]) != 0
    assert "GOLD and --details are for eval war" in capsys.readouterr().err


@pytest.mark.acceptance
@pytest.mark.slow
def test_dev_war_gold_equals_the_reference_scorer(shared_dir: Path) -> None:
    data = shared_dir / "data/war-gold-dev"
    reference = subprocess.run(
        [
            sys.executable,
            str(shared_dir / "tools/score_war_gold.py"),
            str(data / "articles"),
            str(data / "gold.jsonl"),
            "--python",
            sys.executable,
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(claimledger.__file__).resolve().parent.parent)},
    )
    expected = json.loads(reference.stdout)
    ours = war.evaluate(data / "articles", data / "gold.jsonl")
    for key in ("precision", "recall", "f1", "tp", "fp", "fn", "recall_by_category"):
        assert ours[key] == expected[key], key
    for key in ("category", "status", "party", "as_of", "place"):
        assert ours["accuracy"][key] == expected[f"{key}_acc"], key
    assert ours["fooled_by"] == expected["fooled"]


def _sources(folder: Path) -> Path:
    folder.mkdir()
    with (folder / "articles.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Heading", "Text"])
        writer.writerow(["Shelling in Kharkiv", "Shelling killed 12 civilians, officials said.\nMore later."])
    with (folder / "headlines.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [["heading", "date"], ["Old news", "1 March 2022"], ["Five killed in Kyiv", "2 March"]]
        )
    return folder


def test_texts_named_by_csv_row_are_written_and_their_offsets_checked(tmp_path: Path) -> None:
    sources = _sources(tmp_path / "sources")
    rows = [
        {
            "file": "a.txt",
            "source": {"csv": "articles.csv", "row": 0},
            "claims": [_gold("12 civilians", "dead", 12, 12)],
        },
        {"file": "h.txt", "source": {"csv": "headlines.csv", "row": 1}, "claims": [_gold("Five", "dead", 5, 5)]},
    ]
    rows[0]["claims"][0]["start"] = 36
    rows[1]["claims"][0]["start"] = 0
    rows[1]["not_casualty_numbers"] = [{"text": "Kyiv", "start": 15, "kind": "place"}]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    articles = war.materialise(gold, sources, tmp_path / "texts")
    assert (articles / "a.txt").read_text(encoding="utf-8") == (
        "Shelling in Kharkiv\nShelling killed 12 civilians, officials said.\nMore later.\n"
    )
    assert (articles / "h.txt").read_text(encoding="utf-8") == "Five killed in Kyiv\n"
    assert war.offset_errors(articles, gold) == []
    rows[0]["claims"][0]["start"] = 35
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert war.offset_errors(articles, gold) == ["a.txt (line 1): '12 civilians' is not at 35"]
    rows[1]["source"]["row"] = 2
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(EvalDataError, match="headlines.csv has no row 2"):
        war.materialise(gold, sources, tmp_path / "texts")


@pytest.mark.acceptance
def test_extra_war_gold_spans_are_where_it_says(shared_dir: Path, tmp_path: Path) -> None:
    gold = Path(__file__).parent / "data/war-gold-extra/gold.jsonl"
    articles = war.materialise(gold, shared_dir / "data/ru-ua-war-2022-guardian", tmp_path)
    assert war.offset_errors(articles, gold) == []
    texts = war.load(articles, gold)
    assert len(texts) == 61 and sum(len(t.claims) for t in texts) == 35
    # no text of the dev gold is in the extra gold
    dev = {p.read_text(encoding="utf-8") for p in (shared_dir / "data/war-gold-dev/articles").glob("*.txt")}
    assert not dev & {t.path.read_text(encoding="utf-8") for t in texts}
