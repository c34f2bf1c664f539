"""CoNLL-2010 Wikipedia weasels: precision/recall/F1 of "uncertain" sentences, and the training of the shipped model.

The shipped model (``claimledger/data/uncertainty_model.json.gz``) is trained on the train split only. Scoring the
very file it was trained on would be in-sample, so :func:`evaluate` recognises that file by its SHA-256 and scores
it by 5-fold cross-validation instead (each sentence predicted by a model that never saw it).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse

from ..errors import EvalDataError
from ..hedging import (
    MODEL_FILE,
    UncertaintyModel,
    char_ngrams,
    load_uncertainty_model,
    token_features,
    uncertainty_features,
    word_features,
)
from ..nlp import load_model

FOLDS = 5
L2 = 15.0  # bag of features
TOKEN_L2 = 2.0  # cue detector
WORD_L2 = 4.0  # NB-logistic over words and bigrams
CHAR_L2 = 0.3  # hashed character n-grams
CHAR_BITS = 18
NB_ALPHA = 1.0  # smoothing of the naive-Bayes log-count ratios
PRUNE = 0.005
ITERATIONS = 400
LEARNING_RATE = 0.5
MIN_COUNT = 2
THRESHOLDS = tuple(round(0.15 + 0.025 * i, 3) for i in range(17))  # 0.15 .. 0.55
_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}", "``": '"', "''": '"'}

FloatArray = npt.NDArray[np.float64]


@dataclass
class LabelledSentence:
    text: str
    uncertain: bool


@dataclass
class Scores:
    precision: float
    recall: float
    f1: float


def load_sentences(path: str | Path) -> list[LabelledSentence]:
    """Rows ``text,label`` (label 1 = uncertain), PTB bracket escapes undone so the parser sees real text."""
    file = Path(path)
    if not file.is_file():
        raise EvalDataError(
            "no such file", where=str(file), hint="pass the CSV, e.g. conll2010-wikiweasel-sentences/train.csv"
        )
    sentences: list[LabelledSentence] = []
    try:
        with file.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or not {"text", "label"} <= set(reader.fieldnames):
                raise EvalDataError(
                    "expected a CSV with columns text,label", where=str(file), hint="use train.csv or test.csv"
                )
            for line, row in enumerate(reader, start=2):
                label = (row["label"] or "").strip()
                if label not in {"0", "1"}:
                    raise EvalDataError(
                        f"label {label!r} is not 0 or 1", where=f"{file}:{line}", hint="fix or drop the row"
                    )
                text = " ".join(_PTB.get(word, word) for word in (row["text"] or "").split())
                sentences.append(LabelledSentence(text, label == "1"))
    except UnicodeDecodeError as exc:
        raise EvalDataError(f"not UTF-8 ({exc.reason})", where=str(file), hint="re-encode the file as UTF-8") from exc
    except csv.Error as exc:
        raise EvalDataError(f"not a readable CSV ({exc})", where=str(file), hint="check the quoting") from exc
    if not sentences:
        raise EvalDataError("no sentences", where=str(file), hint="the CSV needs rows text,label")
    return sentences


def file_digest(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass
class SentenceFeatures:
    bag: set[str]
    tokens: list[set[str]]
    chars: dict[int, float]


def featurize(texts: Sequence[str]) -> list[SentenceFeatures]:
    """Parse once (no NER: it is not used) and extract the feature views of each sentence: bag, tokens, char n-grams."""
    nlp = load_model()
    return [
        SentenceFeatures(uncertainty_features(doc), token_features(doc), char_ngrams(doc.text, CHAR_BITS))
        for doc in nlp.pipe(texts, batch_size=256, disable=["ner"])
    ]


@dataclass
class _Matrix:
    """A binary sparse matrix in CSR form (numpy only), enough for logistic regression."""

    indptr: npt.NDArray[np.int64]
    indices: npt.NDArray[np.int64]
    columns: int

    def dot(self, w: FloatArray) -> FloatArray:
        sums = np.concatenate([[0.0], np.cumsum(w[self.indices])])
        result: FloatArray = sums[self.indptr[1:]] - sums[self.indptr[:-1]]
        return result

    def tdot(self, r: FloatArray) -> FloatArray:
        per_entry = np.repeat(r, np.diff(self.indptr))
        return np.bincount(self.indices, weights=per_entry, minlength=self.columns).astype(np.float64)


def _vocab(feature_sets: Iterable[set[str]]) -> dict[str, int]:
    counts = Counter(f for fs in feature_sets for f in fs)
    return {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}


def _char_matrix(features: Sequence[SentenceFeatures], bits: int) -> sparse.csr_matrix:
    """The hashed n-gram weights as a scipy CSR matrix: with 2**bits columns and ~300 entries a row, its compiled
    products train the char part about five times faster than the numpy CSR above (training only; scoring is numpy).
    """
    indptr = np.zeros(len(features) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(f.chars) for f in features])
    indices = np.fromiter((b for f in features for b in f.chars), dtype=np.int64, count=int(indptr[-1]))
    data = np.fromiter((v for f in features for v in f.chars.values()), dtype=np.float64, count=int(indptr[-1]))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(features), 1 << bits))


def _matrix(feature_sets: Sequence[set[str]], vocab: dict[str, int]) -> _Matrix:
    rows = [sorted(vocab[f] for f in fs if f in vocab) for fs in feature_sets]
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(indptr[-1]))
    return _Matrix(indptr, indices, len(vocab))


@dataclass
class _Tokens:
    """All tokens of a set of sentences as one matrix, with the sentence (segment) of each row."""

    matrix: _Matrix
    segment: npt.NDArray[np.int64]
    sentences: int

    @classmethod
    def of(cls, features: Sequence[SentenceFeatures], vocab: dict[str, int]) -> _Tokens:
        rows = [fs for sentence in features for fs in sentence.tokens]
        segment = np.repeat(np.arange(len(features)), [len(s.tokens) for s in features])
        return cls(_matrix(rows, vocab), segment, len(features))

    def soft_max(self, w: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Per sentence, log-sum-exp of its token scores (0 for an empty sentence), and each token's softmax share."""
        scores = self.matrix.dot(w)
        top = np.full(self.sentences, -np.inf)
        np.maximum.at(top, self.segment, scores)
        top = np.where(np.isfinite(top), top, 0.0)
        exp = np.exp(scores - top[self.segment])
        total = np.bincount(self.segment, weights=exp, minlength=self.sentences)
        lse = np.where(total > 0, top + np.log(np.where(total > 0, total, 1.0)), 0.0)
        share: FloatArray = exp / total[self.segment]
        return lse, share


class _AdaGrad:
    """Full-batch AdaGrad on weights plus a bias: robust on sparse binary features without tuning a schedule."""

    def __init__(self, size: int) -> None:
        self.w = np.zeros(size)
        self.b = 0.0
        self._g2 = np.full(size, 1e-8)
        self._gb2 = 1e-8

    def step(self, g: FloatArray, gb: float) -> None:
        self._g2 += g * g
        self._gb2 += gb * gb
        self.w -= LEARNING_RATE * g / np.sqrt(self._g2)
        self.b -= LEARNING_RATE * gb / np.sqrt(self._gb2)


def _sigmoid(z: FloatArray) -> FloatArray:
    result: FloatArray = 1.0 / (1.0 + np.exp(-z))
    return result


@dataclass
class Fitted:
    """The four components with their vocabularies, as numpy arrays (fast scoring of many sentences)."""

    bag_vocab: dict[str, int]
    bag: _AdaGrad
    token_vocab: dict[str, int]
    cue: _AdaGrad
    word_vocab: dict[str, int]
    word_ratio: FloatArray
    words: _AdaGrad
    chars: _AdaGrad

    def probabilities(self, features: Sequence[SentenceFeatures]) -> FloatArray:
        bag = _sigmoid(_matrix([f.bag for f in features], self.bag_vocab).dot(self.bag.w) + self.bag.b)
        lse, _ = _Tokens.of(features, self.token_vocab).soft_max(self.cue.w)
        words = _matrix([word_features(f.bag) for f in features], self.word_vocab)
        word = _sigmoid(words.dot(self.word_ratio * self.words.w) + self.words.b)
        chars = _sigmoid(_char_matrix(features, CHAR_BITS) @ self.chars.w + self.chars.b)
        result: FloatArray = (bag + _sigmoid(lse + self.cue.b) + word + chars) / 4
        return result

    def to_model(self, threshold: float, meta: dict[str, object]) -> UncertaintyModel:
        """Weights below PRUNE in size are dropped: they change no decision and keep the shipped file small."""

        def kept(vocab: dict[str, int], w: FloatArray) -> dict[str, float]:
            return {f: round(float(w[i]), 4) for f, i in vocab.items() if abs(w[i]) >= PRUNE}

        return UncertaintyModel(
            weights=kept(self.bag_vocab, self.bag.w),
            bias=round(self.bag.b, 4),
            token_weights=kept(self.token_vocab, self.cue.w),
            token_bias=round(self.cue.b, 4),
            word_weights=kept(self.word_vocab, self.word_ratio * self.words.w),
            word_bias=round(self.words.b, 4),
            char_weights=np.where(np.abs(self.chars.w) >= PRUNE, self.chars.w, 0.0).astype(np.float16),
            char_bias=round(self.chars.b, 4),
            threshold=threshold,
            meta=dict(meta),
        )


def fit(features: Sequence[SentenceFeatures], labels: Sequence[bool]) -> Fitted:
    """L2-regularised logistic regressions: the bag, the soft-maximum cue detector over tokens, the NB-logistic and
    the hashed character n-grams."""
    y = np.array(labels, dtype=np.float64)
    n = len(y)
    bag_vocab = _vocab(f.bag for f in features)
    x = _matrix([f.bag for f in features], bag_vocab)
    bag = _AdaGrad(len(bag_vocab))
    for _ in range(ITERATIONS):
        p = _sigmoid(x.dot(bag.w) + bag.b)
        bag.step(x.tdot(p - y) / n + L2 * bag.w / n, float((p - y).mean()))
    token_vocab = _vocab(fs for f in features for fs in f.tokens)
    tokens = _Tokens.of(features, token_vocab)
    cue = _AdaGrad(len(token_vocab))
    for _ in range(ITERATIONS):
        lse, share = tokens.soft_max(cue.w)
        p = _sigmoid(lse + cue.b)
        cue.step(tokens.matrix.tdot((p - y)[tokens.segment] * share) / n + TOKEN_L2 * cue.w / n, float((p - y).mean()))
    word_sets = [word_features(f.bag) for f in features]
    word_vocab = _vocab(word_sets)
    words = _matrix(word_sets, word_vocab)
    ratio = _nb_ratio(words, y)
    word = _AdaGrad(len(word_vocab))
    for _ in range(ITERATIONS):
        p = _sigmoid(words.dot(ratio * word.w) + word.b)
        word.step(ratio * words.tdot(p - y) / n + WORD_L2 * word.w / n, float((p - y).mean()))
    return Fitted(bag_vocab, bag, token_vocab, cue, word_vocab, ratio, word, _fit_chars(features, y))


def _fit_chars(features: Sequence[SentenceFeatures], y: FloatArray) -> _AdaGrad:
    """Logistic regression over the hashed character n-grams: it reads spelling (suffixes, hyphenations, numbers)
    that the word views split differently, so its errors differ from theirs. Only the buckets the sentences fill are
    trained (the others have no gradient and stay 0), which keeps fits on small subsets fast."""
    full = _char_matrix(features, CHAR_BITS)
    used = np.unique(full.indices)
    x = full[:, used]
    xt = x.T.tocsr()
    n = len(y)
    trained = _AdaGrad(len(used))
    for _ in range(ITERATIONS):
        p = _sigmoid(x @ trained.w + trained.b)
        trained.step(xt @ (p - y) / n + CHAR_L2 * trained.w / n, float((p - y).mean()))
    chars = _AdaGrad(full.shape[1])
    chars.w[used] = trained.w
    chars.b = trained.b
    return chars


def _nb_ratio(x: _Matrix, y: FloatArray) -> FloatArray:
    """Naive-Bayes log-count ratio of each feature (Wang & Manning's NB-SVM): the logistic learns on features
    scaled by it, so words that separate the classes start strong and the regulariser keeps the rest small."""
    positive = NB_ALPHA + x.tdot(y)
    negative = NB_ALPHA + x.tdot(1.0 - y)
    ratio: FloatArray = np.log(positive / positive.sum()) - np.log(negative / negative.sum())
    return ratio


def _folds(n: int, k: int, seed: int) -> list[npt.NDArray[np.int64]]:
    order = np.random.RandomState(seed).permutation(n)
    return list(np.array_split(order, k))


def out_of_fold(
    features: Sequence[SentenceFeatures], labels: Sequence[bool], k: int = FOLDS, seed: int = 0
) -> FloatArray:
    """Each sentence's probability from a model trained on the other folds."""
    probabilities = np.zeros(len(labels))
    for held in _folds(len(labels), k, seed):
        held_set = set(held.tolist())
        train = [i for i in range(len(labels)) if i not in held_set]
        fitted = fit([features[i] for i in train], [labels[i] for i in train])
        probabilities[held] = fitted.probabilities([features[i] for i in held])
    return probabilities


def scores(predicted: Sequence[bool], labels: Sequence[bool]) -> Scores:
    tp = sum(1 for p, g in zip(predicted, labels, strict=True) if p and g)
    guessed, gold = sum(predicted), sum(labels)
    precision = tp / guessed if guessed else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1)


def best_threshold(probabilities: FloatArray, labels: Sequence[bool]) -> float:
    return max(THRESHOLDS, key=lambda t: scores([bool(p >= t) for p in probabilities], labels).f1)


def cross_validate(features: Sequence[SentenceFeatures], labels: Sequence[bool], k: int = FOLDS) -> Scores:
    """Honest k-fold figure: each fold's threshold is chosen by an inner cross-validation of its training part."""
    predicted = [False] * len(labels)
    for held in _folds(len(labels), k, seed=1):
        held_set = set(held.tolist())
        train = [i for i in range(len(labels)) if i not in held_set]
        train_features = [features[i] for i in train]
        train_labels = [labels[i] for i in train]
        threshold = best_threshold(out_of_fold(train_features, train_labels, k=3), train_labels)
        fitted = fit(train_features, train_labels)
        for i, p in zip(held, fitted.probabilities([features[i] for i in held]), strict=True):
            predicted[i] = bool(p >= threshold)
    return scores(predicted, labels)


def train_model(path: str | Path) -> tuple[UncertaintyModel, Scores]:
    """The model to ship, trained on every sentence of ``path``, and its 5-fold cross-validated scores."""
    sentences = load_sentences(path)
    labels = [s.uncertain for s in sentences]
    features = featurize([s.text for s in sentences])
    cv = cross_validate(features, labels)
    threshold = best_threshold(out_of_fold(features, labels), labels)
    meta: dict[str, object] = {
        "trained_on": Path(path).name,
        "train_sha256": file_digest(path),
        "sentences": len(sentences),
        "cv_folds": FOLDS,
        "cv": {"precision": round(cv.precision, 4), "recall": round(cv.recall, 4), "f1": round(cv.f1, 4)},
    }
    return fit(features, labels).to_model(threshold, meta), cv


def spread(sentences: list[LabelledSentence], limit: int | None) -> list[LabelledSentence]:
    """``limit`` sentences evenly spread over the file: the CoNLL CSVs are sorted by label, so the first N would all
    be certain."""
    if not limit or limit >= len(sentences):
        return sentences
    step = len(sentences) / limit
    return [sentences[int(i * step)] for i in range(limit)]


def evaluate(path: str, *, limit: int | None = None, data_format: str | None = None, **_: object) -> dict[str, float]:
    """P/R/F1 of label 1 (uncertain). ``data_format``: "model" (the shipped model), "cv" (5-fold cross-validation
    on this file), default "auto" (cross-validation for the file the shipped model was trained on, else the model).
    """
    mode = data_format or "auto"
    if mode not in {"auto", "model", "cv"}:
        raise EvalDataError(f"unknown --format {mode!r} for conll2010", hint="use auto, model or cv")
    sentences = spread(load_sentences(path), limit)
    labels = [s.uncertain for s in sentences]
    if mode == "auto":
        mode = "cv" if load_uncertainty_model().meta.get("train_sha256") == file_digest(path) else "model"
    if mode == "cv":
        result = cross_validate(featurize([s.text for s in sentences]), labels)
    else:
        model = load_uncertainty_model()
        nlp = load_model()
        docs = nlp.pipe([s.text for s in sentences], batch_size=256, disable=["ner"])
        result = scores([model.is_uncertain(doc) for doc in docs], labels)
    return {"precision": result.precision, "recall": result.recall, "f1": result.f1}


def main(argv: Sequence[str]) -> int:
    """``python -m claimledger.evaluation.conll2010 TRAIN.csv [OUT.json.gz]``: retrain the shipped model."""
    if not argv:
        print("usage: python -m claimledger.evaluation.conll2010 TRAIN.csv [OUT.json.gz]", file=sys.stderr)
        return 2
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "data" / MODEL_FILE
    model, cv = train_model(argv[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(gzip.compress(json.dumps(model.to_json(), sort_keys=True).encode("utf-8"), mtime=0))
    size = len(model.weights) + len(model.token_weights) + len(model.word_weights)
    size += int(np.count_nonzero(model.char_weights))
    print(
        f"{out}: {size} weights, threshold {model.threshold}; {FOLDS}-fold CV "
        f"precision {cv.precision:.3f} recall {cv.recall:.3f} F1 {cv.f1:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
