"""The PolNeAR source scorer: matching rules on spans written here, then a small slice of dev."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.errors import EvalDataError
from claimledger.evaluation.polnear import evaluate, load_split, match_count


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
