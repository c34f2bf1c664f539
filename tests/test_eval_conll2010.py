"""The CoNLL-2010 scorer: reading the CSV, training and cross-validation, and the shipped model on the real data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language

from claimledger.errors import EvalDataError
from claimledger.evaluation import EVALUATORS
from claimledger.evaluation.conll2010 import (
    CHAR_BITS,
    LabelledSentence,
    _char_matrix,
    _matrix,
    _nb_ratio,
    evaluate,
    featurize,
    file_digest,
    fit,
    load_sentences,
    out_of_fold,
    scores,
    spread,
)
from claimledger.hedging import char_ngrams, load_uncertainty_model

HEDGES = ["probably", "reportedly", "allegedly", "possibly", "perhaps"]
FACTS = ["in 1990", "on a hill", "by the river", "in the north", "with a tower"]


def _corpus() -> tuple[list[str], list[bool]]:
    texts, labels = [], []
    for i, place in enumerate(["Lyon", "Graz", "Porto", "Turin", "Gdansk", "Brno", "Ghent", "Split"]):
        for j, fact in enumerate(FACTS):
            hedge = HEDGES[(i + j) % len(HEDGES)]
            texts.append(f"The church in {place} was {hedge} built {fact}.")
            labels.append(True)
            texts.append(f"The church in {place} was built {fact}.")
            labels.append(False)
    return texts, labels


def test_load_sentences_reads_labels_and_undoes_ptb_escapes(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text('text,label\n"It -LRB- the fort -RRB- is `` old \'\' .\n",1\n"It is old.\n",0\n', encoding="utf-8")
    sentences = load_sentences(path)
    assert [(s.text, s.uncertain) for s in sentences] == [('It ( the fort ) is " old " .', True), ("It is old.", False)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('text,label\n"It is old.",2\n', "s.csv:2: label '2' is not 0 or 1"),
        ("sentence,gold\nIt is old.,1\n", "expected a CSV with columns text,label"),
        ("text,label\n", "no sentences"),
    ],
)
def test_load_sentences_bad_input(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "s.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvalDataError, match=message):
        load_sentences(path)


def test_missing_file_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError, match="no such file"):
        load_sentences(tmp_path / "nope.csv")
    with pytest.raises(EvalDataError, match="unknown --format 'xml'"):
        evaluate(str(tmp_path / "nope.csv"), data_format="xml")
    assert EVALUATORS["conll2010"] == "claimledger.evaluation.conll2010:evaluate"


def test_limit_spreads_over_a_label_sorted_file() -> None:
    sentences = [LabelledSentence(str(i), i >= 60) for i in range(100)]
    picked = spread(sentences, 10)
    assert [s.text for s in picked] == [str(i) for i in range(0, 100, 10)]
    assert sum(s.uncertain for s in picked) == 4
    assert spread(sentences, None) == sentences and spread(sentences, 500) == sentences


def test_scores() -> None:
    result = scores([True, True, False, False], [True, False, True, False])
    assert (result.precision, result.recall, result.f1) == (0.5, 0.5, 0.5)
    assert scores([False, False], [True, False]).f1 == 0.0


def test_fit_learns_hedges_and_model_matches_training_scores(nlp: Language) -> None:
    texts, labels = _corpus()
    features = featurize(texts)
    fitted = fit(features, labels)
    probabilities = fitted.probabilities(features)
    assert all(p > 0.5 for p, gold in zip(probabilities, labels, strict=True) if gold)
    assert all(p < 0.5 for p, gold in zip(probabilities, labels, strict=True) if not gold)
    model = fitted.to_model(0.5, {"trained_on": "synthetic"})
    from_model = [model.probability(doc) for doc in nlp.pipe(texts)]
    assert np.allclose(from_model, probabilities, atol=0.02)  # pruning and rounding only
    held_out = out_of_fold(features, labels, k=4)
    assert scores([p >= 0.5 for p in held_out], labels).f1 > 0.9


def test_char_part_learns_and_is_in_the_mean() -> None:
    texts, labels = _corpus()
    features = featurize(texts)
    assert features[0].chars == char_ngrams(texts[0], CHAR_BITS)
    fitted = fit(features, labels)
    char_scores = _char_matrix(features, CHAR_BITS) @ fitted.chars.w + fitted.chars.b
    y = np.array(labels)
    assert char_scores[y].min() > char_scores[~y].max()  # the hedge words' spelling alone separates the corpus
    full = fitted.probabilities(features)
    fitted.chars.w[:] = 0.0
    without = fitted.probabilities(features)
    part = 1.0 / (1.0 + np.exp(-char_scores)) - 1.0 / (1.0 + np.exp(-fitted.chars.b))
    assert np.allclose(full - without, part / 4)


def test_nb_ratio_signs_words_by_class() -> None:
    vocab = {"w=perhaps": 0, "w=built": 1, "w=the": 2}
    x = _matrix([{"w=perhaps", "w=the"}, {"w=perhaps", "w=the"}, {"w=built", "w=the"}, {"w=built", "w=the"}], vocab)
    ratio = _nb_ratio(x, np.array([1.0, 1.0, 0.0, 0.0]))
    assert ratio[0] > 0.5 and ratio[1] < -0.5 and abs(ratio[2]) < 1e-9


@pytest.mark.acceptance
def test_shipped_model_trained_on_train_split(shared_dir: Path) -> None:
    train = shared_dir / "data" / "conll2010-wikiweasel-sentences" / "train.csv"
    assert load_uncertainty_model().meta["train_sha256"] == file_digest(train)  # so "auto" cross-validates it


@pytest.mark.acceptance
def test_cross_validated_f1_on_a_subset(shared_dir: Path) -> None:
    train = shared_dir / "data" / "conll2010-wikiweasel-sentences" / "train.csv"
    result = evaluate(str(train), limit=600, data_format="cv")  # 600 sentences spread over the label-sorted file
    assert set(result) == {"precision", "recall", "f1"}
    assert 0.45 < result["f1"] < 0.8  # the full set scores 0.648 (5-fold); folds of 600 sentences learn less
