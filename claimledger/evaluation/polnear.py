"""Score attribution sources on a PolNeAR split (``claimledger eval polnear PATH``).

PATH is a split folder holding ``text/<name>.txt`` and ``attributions/<name>_<annotator>.ann`` (BRAT
standoff, character offsets end-exclusive). Gold sources are the distinct ``Source`` spans of one .ann file.
Predicted sources are the distinct mention spans of :func:`claimledger.attribution.find_attributions`
(the words in the attributing clause: ``who`` for "an official who said"), leaving out the outlets a
speaker talked to ("X told RFE"), which PolNeAR does not annotate as sources.

Overlap matching: a predicted source matches a gold source when their character spans share at least one
character; matches are one-to-one (a maximum bipartite matching), so one long prediction covering two gold
sources counts once. Precision = matches / predictions, recall = matches / gold, F1 their harmonic mean.
When an article has several annotators, it is scored against each .ann file and each file counts with
weight 1 / (number of annotators), i.e. the annotators' counts are averaged before the ratios are taken.

Retraining the attribution model (train split only; dev and test stay unseen)::

    python -m claimledger.evaluation.polnear --train ../shared/data/polnear/data/train
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from ..attribution import MODEL_FILE, AttributionModel, attribution_candidates, find_attributions
from ..errors import ClaimledgerError, EvalDataError
from ..nlp import load_model

Span = tuple[int, int]


@dataclass
class GoldArticle:
    """One PolNeAR text with the source spans of each of its annotators."""

    name: str
    text: str
    sources: list[list[Span]]


def load_split(path: str | Path, limit: int | None = None) -> list[GoldArticle]:
    """Read a split folder; the first ``limit`` texts by name when given."""
    root = Path(path)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise EvalDataError(
            "not a PolNeAR split folder (needs text/ and attributions/)",
            where=str(root),
            hint="pass a split such as ../shared/data/polnear/data/dev",
        )
    by_text: dict[str, list[Path]] = defaultdict(list)
    for ann in sorted(ann_dir.glob("*.ann")):
        by_text[ann.stem.rsplit("_", 1)[0]].append(ann)
    articles: list[GoldArticle] = []
    for name in sorted(by_text)[:limit]:
        text_path = text_dir / f"{name}.txt"
        if not text_path.is_file():
            raise EvalDataError(f"annotation without its text {text_path.name}", where=str(text_dir))
        text = text_path.read_text(encoding="utf-8")
        articles.append(GoldArticle(name, text, [_sources(ann) for ann in by_text[name]]))
    if not articles:
        raise EvalDataError("no .ann files found", where=str(ann_dir), hint="check the split folder")
    return articles


def _sources(ann: Path) -> list[Span]:
    spans: set[Span] = set()
    for number, line in enumerate(ann.read_text(encoding="utf-8").splitlines(), 1):
        fields = line.split("\t")
        if not fields[0].startswith("T") or len(fields) < 2 or not fields[1].startswith("Source "):
            continue
        try:
            for fragment in fields[1].split(" ", 1)[1].split(";"):
                start, end = fragment.split()
                spans.add((int(start), int(end)))
        except ValueError as exc:
            raise EvalDataError(f"bad offsets {fields[1]!r}", where=f"{ann}:{number}") from exc
    return sorted(spans)


def match_count(predicted: list[Span], gold: list[Span]) -> int:
    """Size of a maximum one-to-one matching between overlapping spans (augmenting paths)."""
    edges = [[g for g, (gs, ge) in enumerate(gold) if ps < ge and gs < pe] for ps, pe in predicted]
    owner: dict[int, int] = {}

    def augment(p: int, visited: set[int]) -> bool:
        for g in edges[p]:
            if g in visited:
                continue
            visited.add(g)
            if g not in owner or augment(owner[g], visited):
                owner[g] = p
                return True
        return False

    return sum(augment(p, set()) for p in range(len(predicted)))


def predicted_sources(doc: Any) -> list[Span]:
    """Distinct mention spans of the speakers found in ``doc``."""
    spans = {(a.mention_start, a.mention_end) for a in find_attributions(doc) if not a.addressee}
    return sorted(spans)


def evaluate(path: str | Path, *, limit: int | None = None, **_: Any) -> dict[str, Any]:
    """Overlap precision/recall/F1 of source spans: ``{"source": {"precision", "recall", "f1"}}``."""
    articles = load_split(path, limit)
    docs = load_model().pipe(a.text for a in articles)
    predicted = [predicted_sources(doc) for doc in docs]
    precision, recall, f1 = overlap_scores(articles, predicted)
    return {"source": {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}}


def overlap_scores(articles: Sequence[GoldArticle], predicted: Sequence[list[Span]]) -> tuple[float, float, float]:
    """Precision, recall and F1 of predicted source spans against each article's gold annotations (an article
    annotated by several annotators weighs as one)."""
    matched = predicted_total = gold_total = 0.0
    for article, spans in zip(articles, predicted, strict=True):
        weight = 1.0 / len(article.sources)
        for gold in article.sources:
            matched += weight * match_count(spans, gold)
            predicted_total += weight * len(spans)
            gold_total += weight * len(gold)
    precision = matched / predicted_total if predicted_total else 0.0
    recall = matched / gold_total if gold_total else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# --- training the attribution model ------------------------------------------------------------------------


@dataclass
class _Rows:
    """Candidates of a set of articles: their features, soft labels (share of annotators marking the mention as
    a source) and, per article, the candidates' mention spans for scoring thresholds exactly like :func:`evaluate`."""

    features: list[list[str]]
    labels: list[float]
    article: list[int]
    mentions: list[Span]
    lemmas: list[str]


def _rows(articles: Sequence[GoldArticle], docs: Sequence[Doc]) -> _Rows:
    rows = _Rows([], [], [], [], [])
    for number, (article, doc) in enumerate(zip(articles, docs, strict=True)):
        for candidate in attribution_candidates(doc):
            span = (candidate.mention.start_char, candidate.mention.end_char)
            hits = [any(s < span[1] and span[0] < e for s, e in gold) for gold in article.sources]
            rows.features.append(candidate.features)
            rows.labels.append(sum(hits) / len(hits))
            rows.article.append(number)
            rows.mentions.append(span)
            rows.lemmas.append(candidate.cue.lemma_.lower() if candidate.kind in {"verb", "noun"} else "")
    return rows


def _fit(
    features: list[list[str]], labels: np.ndarray, *, l2: float, min_count: int = 2
) -> tuple[dict[str, float], float]:
    """L2-regularised logistic regression by full-batch Adam over sparse binary features."""
    counts = Counter(f for row in features for f in set(row))
    vocabulary = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    rows_index = np.array([r for r, row in enumerate(features) for f in set(row) if f in vocabulary], dtype=np.int64)
    cols = np.array([vocabulary[f] for row in features for f in set(row) if f in vocabulary], dtype=np.int64)
    n, d = len(features), len(vocabulary)
    weights, bias = np.zeros(d), 0.0
    moment, velocity = np.zeros(d + 1), np.zeros(d + 1)
    rate, beta1, beta2 = 0.05, 0.9, 0.999
    for step in range(1, 601):
        logits = bias + np.bincount(rows_index, weights=weights[cols], minlength=n)
        error = 1.0 / (1.0 + np.exp(-logits)) - labels
        grad = np.append(np.bincount(cols, weights=error[rows_index], minlength=d) / n + l2 * weights, error.mean())
        moment = beta1 * moment + (1 - beta1) * grad
        velocity = beta2 * velocity + (1 - beta2) * grad**2
        update = rate * (moment / (1 - beta1**step)) / (np.sqrt(velocity / (1 - beta2**step)) + 1e-8)
        weights -= update[:d]
        bias -= float(update[d])
    return {f: float(weights[i]) for f, i in vocabulary.items()}, bias


def _score(
    scores: np.ndarray, rows: _Rows, articles: Sequence[GoldArticle], threshold: float
) -> tuple[float, float, float]:
    """Precision, recall and F1 of the mentions scoring at least ``threshold``, as :func:`evaluate` counts them."""
    kept: dict[int, set[Span]] = defaultdict(set)
    for i in np.nonzero(scores >= threshold)[0]:
        kept[rows.article[i]].add(rows.mentions[i])
    return overlap_scores(articles, [sorted(kept[number]) for number in range(len(articles))])


def train_model(
    articles: Sequence[GoldArticle], docs: Sequence[Doc], *, l2: float = 1e-4, folds: int = 5
) -> AttributionModel:
    """Fit the candidate classifier; the threshold is the one with the best F1 over ``folds``-fold cross-validation
    on these articles (split by article), so no other split is looked at."""
    rows = _rows(articles, docs)
    labels = np.array(rows.labels)
    article_of = np.array(rows.article)
    held_out = np.zeros(len(labels))
    for fold in range(folds):
        test = article_of % folds == fold
        weights, bias = _fit([f for f, t in zip(rows.features, test, strict=True) if not t], labels[~test], l2=l2)
        held_out[test] = [
            bias + sum(weights.get(f, 0.0) for f in row) for row, t in zip(rows.features, test, strict=True) if t
        ]
    grid = [t / 4 for t in range(-12, 9)]
    f1s = [round(_score(held_out, rows, articles, t)[2], 4) for t in grid]
    tied = [t for t, f1 in zip(grid, f1s, strict=True) if f1 == max(f1s)]
    best = tied[len(tied) // 2]  # the middle of a plateau of equal scores
    precision, recall, f1 = _score(held_out, rows, articles, best)
    weights, bias = _fit(rows.features, labels, l2=l2)
    positive = Counter(lemma for lemma, label in zip(rows.lemmas, rows.labels, strict=True) if label > 0 and lemma)
    return AttributionModel(
        weights=weights,
        bias=bias,
        threshold=best,
        lemmas=frozenset(lemma for lemma, n in positive.items() if n >= 2),
        meta={
            "trained_on": f"PolNeAR {len(articles)} articles, {len(labels)} candidates",
            "l2": l2,
            "cv": {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)},
        },
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m claimledger.evaluation.polnear --train PATH [--out FILE]``: retrain the shipped model."""
    parser = argparse.ArgumentParser(prog="python -m claimledger.evaluation.polnear")
    parser.add_argument("--train", required=True, help="a PolNeAR train split folder")
    default_out = Path(__file__).resolve().parent.parent / "data" / MODEL_FILE
    parser.add_argument("--out", default=str(default_out), help="where to write the model (default: the shipped one)")
    args = parser.parse_args(argv)
    try:
        articles = load_split(args.train)
        nlp = load_model()
        docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
        model = train_model(articles, docs)
        Path(args.out).write_text(json.dumps(model.to_json(), indent=0, sort_keys=True) + "\n", encoding="utf-8")
    except ClaimledgerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}: {len(model.weights)} weights, cross-validated on train {model.meta['cv']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
