"""The PolNeAR source scorer: matching rules on spans written here, then a small slice of dev."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimledger.attribution import AttributionModel, attribution_candidates
from claimledger.errors import EvalDataError
from claimledger.evaluation.polnear import evaluate, load_split, main, match_count, train_model


def test_overlap_matching_is_one_to_one() -> None:
    assert match_count([(0, 10)], [(2, 4), (6, 8)]) == 1
    assert match_count([(0, 3), (5, 9)], [(2, 6)]) == 1
    assert match_count([(0, 3), (3, 6)], [(0, 3), (3, 6)]) == 2
    assert match_count([(0, 3)], [(3, 6)]) == 0  # touching is not overlapping


def test_augmenting_path_finds_the_larger_matching() -> None:
    # Greedy would give (0, 5) to the first gold span and leave the second prediction unmatched.
    assert match_count([(0, 5), (0, 2)], [(1, 3), (4, 6)]) == 2


def _write_split(root: Path) -> None:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "a.txt").write_text("Officials said the bridge fell. The mayor said it held.", encoding="utf-8")
    ann = "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\nT3\tSource 32 41\tThe mayor\n"
    (root / "attributions" / "a_x1.ann").write_text(ann, encoding="utf-8")
    (root / "attributions" / "a_x2.ann").write_text(ann.splitlines()[0] + "\n", encoding="utf-8")


def test_load_split_reads_each_annotator(tmp_path: Path) -> None:
    _write_split(tmp_path)
    (article,) = load_split(tmp_path)
    assert article.sources == [[(0, 9), (32, 41)], [(0, 9)]]


def test_annotators_are_averaged(tmp_path: Path) -> None:
    _write_split(tmp_path)
    result = evaluate(tmp_path)
    # Both sources found: annotator 1 gives 2/2 matched, annotator 2 gives 1 of 2 predictions.
    assert result == {"source": {"precision": 0.75, "recall": 1.0, "f1": pytest.approx(0.8571, abs=1e-4)}}


def test_not_a_split_folder(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError, match="not a PolNeAR split folder"):
        load_split(tmp_path)


@pytest.mark.acceptance
def test_dev_slice(shared_dir: Path) -> None:
    result = evaluate(shared_dir / "data" / "polnear" / "data" / "dev", limit=8)
    assert set(result) == {"source"}
    assert result["source"]["f1"] >= 0.65


def _training_split(root: Path) -> None:
    """Six short articles: speakers of 'said' are gold sources, subjects of 'fell'/'held' are not."""
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    speakers = ["Officials", "The mayor", "Residents", "The army", "Doctors", "The governor"]
    for number, speaker in enumerate(speakers):
        text = f"{speaker} said the bridge fell. The road held."
        (root / "text" / f"a{number}.txt").write_text(text, encoding="utf-8")
        ann = f"T1\tSource 0 {len(speaker)}\t{speaker}\n"
        (root / "attributions" / f"a{number}_x1.ann").write_text(ann, encoding="utf-8")


def test_train_model_keeps_speakers_and_drops_other_subjects(tmp_path: Path, nlp: Any) -> None:
    _training_split(tmp_path)
    articles = load_split(tmp_path)
    model = train_model(articles, list(nlp.pipe(a.text for a in articles)), folds=2)
    doc = nlp("The nurses said the hospital fell.")
    kept = [c.cue.text for c in attribution_candidates(doc) if model.score(c.features) >= model.threshold]
    assert kept == ["said"]
    assert model.meta["cv"]["f1"] == 1.0
    assert "say" in model.lemmas and "fall" not in model.lemmas


def test_retraining_entry_point_writes_a_loadable_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _training_split(tmp_path / "train")
    out = tmp_path / "model.json"
    assert main(["--train", str(tmp_path / "train"), "--out", str(out)]) == 0
    model = AttributionModel.from_json(json.loads(out.read_text(encoding="utf-8")))
    assert model.meta["trained_on"].startswith("PolNeAR 6 articles")
    assert "wrote" in capsys.readouterr().out
    assert main(["--train", str(tmp_path / "missing")]) == 2
    assert "not a PolNeAR split folder" in capsys.readouterr().err
