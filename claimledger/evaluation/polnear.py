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
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..attribution import find_attributions
from ..errors import EvalDataError
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
    nlp = load_model()
    matched = predicted_total = gold_total = 0.0
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        predicted = predicted_sources(doc)
        weight = 1.0 / len(article.sources)
        for gold in article.sources:
            matched += weight * match_count(predicted, gold)
            predicted_total += weight * len(predicted)
            gold_total += weight * len(gold)
    precision = matched / predicted_total if predicted_total else 0.0
    recall = matched / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"source": {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}}
