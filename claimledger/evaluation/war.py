"""``claimledger eval war ARTICLES GOLD``: casualty claims of war reporting against hand-made gold.

The data is the war-gold format (``../shared/data/war-gold-dev``: a folder of UTF-8 texts and ``gold.jsonl``, one
object per text: ``file``, ``published``, ``claims``, ``singular_mentions``, ``not_casualty_numbers``). Each text
is read as ``RawArticle(text, published)`` through :func:`claimledger.read_many`, exactly as the reference scorer
(``../shared/tools/score_war_gold.py``) reads it, and scored by its rule:

- Only predicted claims with a figure (``low`` or ``high`` set) take part.
- Gold claims, in file order, each take the first still unused prediction whose evidence text contains the gold
  ``count_text`` and whose bounds equal the gold bounds; for approximate gold, the prediction's figure (``low``,
  else ``high``) within 10 % of the gold's (``low``, else ``high``; at least 0.1 either side). A match is a true
  positive; a gold claim without one a false negative (a MISS).
- Gold claims about harm outside any armed conflict (``conflict: "none"``: accidents, disease, disasters) are not
  scored either way: they are no gold to find, and a prediction matching one (or whose evidence holds a number the
  gold lists as ``non_conflict_deaths``) is no false positive.
- An unmatched one-person prediction (``low`` 1, ``high`` 1 or none) whose evidence holds a gold singular mention
  that contains, or lies within, its count text counts neither way (named and singled-out people).
- Every other unmatched prediction is a false positive (an EXTRA). It is also *fooled* when its evidence holds a
  number the gold lists as not a casualty count and a word of its count text (one with a digit, or longer than
  three letters) lies within that number's text.

Of the matched claims it reports the share with the gold's category, status, party (empty = none), as-of flag,
conflict, source kind (:func:`source_kind`) and, where the gold gives a GeoNames id, the share whose places hold it.
Precision, recall, F1 and the accuracies are those of the reference scorer (checked by an acceptance test); the
conflict and source-kind accuracies are ours.

A gold whose texts may not be redistributed (``tests/data/war-gold-extra``) names each text's row in a public CSV
(``"source": {"csv", "row"}``) instead: :func:`materialise` writes the texts from that CSV and :func:`offset_errors`
checks that every annotated span is where the gold says before anything is scored.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvalDataError
from ..records import Claim, RawArticle
from . import jsonl_rows

#: Our source kinds in the gold's words, where they differ. Outlet, government, military, official, ngo, medical,
#: resident and unknown are spelt alike. The gold has no journalist (a reporter speaks for the outlet) and no
#: social-media kind (a post is known only by its poster, whom we did not find). A party's state media (the gold's
#: ``party_media``) is an outlet whose ``side`` is a party, handled by :func:`source_kind`.
SOURCE_KINDS: dict[str, str] = {
    "eyewitness": "witness",
    "journalist": "outlet",
    "social_media": "unknown",
}

#: The accuracies reported over the matched claims, in the order printed.
ACCURACIES = ("category", "status", "party", "as_of", "conflict", "source_kind")


@dataclass(frozen=True)
class GoldText:
    """One annotated text: its file, publication date and the gold annotation object."""

    file: str
    path: Path
    published: str | None
    claims: list[dict[str, Any]]
    singular: list[str]
    not_casualty: list[dict[str, Any]]


@dataclass
class Prediction:
    """The fields of a predicted claim the scorer compares."""

    claim: Claim
    low: int | None
    high: int | None
    count_text: str
    evidence: str


@dataclass
class _Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ACCURACIES, 0))
    place_right: int = 0
    place_n: int = 0
    by_category: dict[str, list[int]] = field(default_factory=dict)
    fooled: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


def source_kind(claim: Claim) -> str:
    """The gold's kind of the claim's root source (the last of ``claim.sources``).

    No source is the outlet speaking for itself; an outlet speaking for a side is that party's media.
    """
    if not claim.sources:
        return "outlet"
    root = claim.sources[-1]
    if root.kind == "outlet" and root.side not in (None, "neutral"):
        return "party_media"
    return SOURCE_KINDS.get(root.kind, root.kind)


def locate(articles: str | Path, gold: str | Path | None) -> tuple[Path, Path]:
    """The articles folder and gold file; with no gold, a data set folder holding ``articles/`` and ``gold.jsonl``."""
    folder = Path(articles)
    if gold is None and (folder / "gold.jsonl").is_file() and (folder / "articles").is_dir():
        return folder / "articles", folder / "gold.jsonl"
    if gold is None:
        raise EvalDataError(
            "no gold file given", where=str(folder), hint="usage: claimledger eval war ARTICLES_DIR GOLD_JSONL"
        )
    if not folder.is_dir():
        raise EvalDataError("not a folder of articles", where=str(folder), hint="give the folder of the .txt texts")
    gold_path = Path(gold)
    if not gold_path.is_file():
        raise EvalDataError("no such gold file", where=str(gold_path), hint="give the war gold's gold.jsonl")
    return folder, gold_path


def load(articles: str | Path, gold: str | Path, limit: int | None = None) -> list[GoldText]:
    """The annotated texts of ``gold`` (the first ``limit``), each with its file in ``articles``."""
    folder, gold_path = Path(articles), Path(gold)
    texts: list[GoldText] = []
    for number, row in jsonl_rows(gold_path):
        if limit is not None and len(texts) >= limit:
            break
        where = f"{gold_path}:{number}"
        try:
            path = folder / str(row["file"])
            texts.append(
                GoldText(
                    file=str(row["file"]),
                    path=path,
                    published=row.get("published") or None,
                    claims=[_gold_claim(c, where) for c in row.get("claims") or []],
                    singular=[str(m["text"]) for m in row.get("singular_mentions") or []],
                    not_casualty=[dict(n) for n in row.get("not_casualty_numbers") or []],
                )
            )
        except (KeyError, TypeError) as exc:
            raise EvalDataError(f"bad gold object ({exc!r})", where=where, hint="see the war gold's README") from exc
        if not path.is_file():
            raise EvalDataError(f"article {row['file']} not found", where=str(folder), hint="is ARTICLES the texts?")
    return texts


def _gold_claim(claim: Any, where: str) -> dict[str, Any]:
    if not isinstance(claim, dict) or not isinstance(claim.get("count_text"), str) or "category" not in claim:
        raise EvalDataError("a gold claim needs count_text and category", where=where)
    return claim


def source_text(row: dict[str, str]) -> str:
    """A CSV row as the war gold stores it: the heading line, then the body (if the CSV has one) and a newline."""
    heading = row.get("Heading", row.get("heading"))
    if heading is None:
        raise EvalDataError("a source row needs a Heading or heading column", hint="see the war gold's README")
    body = row.get("Text")
    return heading + "\n" + (body + "\n" if body else "")


def materialise(gold: str | Path, sources: str | Path, dest: str | Path) -> Path:
    """Write each text of ``gold`` from row ``source.row`` of the CSV ``source.csv`` in ``sources``; return ``dest``."""
    gold_path, folder, out = Path(gold), Path(sources), Path(dest)
    out.mkdir(parents=True, exist_ok=True)
    tables: dict[str, list[dict[str, str]]] = {}
    for number, row in jsonl_rows(gold_path):
        where = f"{gold_path}:{number}"
        try:
            name, index, file = str(row["source"]["csv"]), int(row["source"]["row"]), str(row["file"])
        except (KeyError, TypeError, ValueError) as exc:
            raise EvalDataError(
                f"no usable source ({exc!r})", where=where, hint='"source": {"csv": ..., "row": N}'
            ) from exc
        if name not in tables:
            path = folder / name
            if not path.is_file():
                raise EvalDataError(f"source {name} not found", where=str(folder), hint="is SOURCES the CSV folder?")
            with path.open(encoding="utf-8", newline="") as handle:
                tables[name] = list(csv.DictReader(handle))
        if not 0 <= index < len(tables[name]):
            raise EvalDataError(f"{name} has no row {index}", where=where)
        (out / file).write_text(source_text(tables[name][index]), encoding="utf-8")
    return out


def offset_errors(articles: str | Path, gold: str | Path) -> list[str]:
    """Every claim, singular mention and non-casualty number of ``gold`` whose text is not at its ``start``."""
    errors: list[str] = []
    for number, row in jsonl_rows(Path(gold)):
        text = (Path(articles) / str(row["file"])).read_text(encoding="utf-8")
        spans = [(c["count_text"], c["start"]) for c in row.get("claims") or []]
        spans += [
            (m["text"], m["start"])
            for m in (row.get("singular_mentions") or []) + (row.get("not_casualty_numbers") or [])
        ]
        errors += [
            f"{row['file']} (line {number}): {want!r} is not at {start}"
            for want, start in spans
            if text[start : start + len(want)] != want
        ]
    return errors


def predictions(texts: list[GoldText]) -> list[list[Prediction]]:
    """Every text read in one stream with :func:`claimledger.read_many`; the claims that carry a figure."""
    from .. import read_many

    raws = [RawArticle(text=t.path.read_text(encoding="utf-8"), published=t.published) for t in texts]
    return [
        [
            Prediction(c, c.count.low, c.count.high, c.count.text or "", c.evidence.text)
            for c in result.claims
            if c.count.low is not None or c.count.high is not None
        ]
        for result in read_many(raws)
    ]


def same_bounds(gold: dict[str, Any], pred: Prediction) -> bool:
    """Equal bounds; for approximate gold, the predicted figure within 10 % of the gold's."""
    if gold.get("approximate"):
        want = gold["low"] if gold.get("low") is not None else gold.get("high")
        got = pred.low if pred.low is not None else pred.high
        return want is not None and got is not None and abs(got - want) <= 0.1 * max(want, 1)
    return pred.low == gold.get("low") and pred.high == gold.get("high")


def _matches(gold: dict[str, Any], pred: Prediction) -> bool:
    return gold["count_text"] in pred.evidence and same_bounds(gold, pred)


def score_text(text: GoldText, preds: list[Prediction], tally: _Tally) -> None:
    """Add one text's matches, misses and extras to ``tally`` (the rule in the module docstring)."""
    used: set[int] = set()
    scored = [g for g in text.claims if g.get("conflict") != "none"]
    outside = [g for g in text.claims if g.get("conflict") == "none"]
    for gold in scored:
        row = tally.by_category.setdefault(gold["category"], [0, 0])
        row[1] += 1
        hit = next((i for i, p in enumerate(preds) if i not in used and _matches(gold, p)), None)
        if hit is None:
            tally.fn += 1
            tally.details.append(
                f"MISS {text.file}: {gold['category']} {gold['count_text']!r} ({gold.get('low')}..{gold.get('high')})"
            )
            continue
        used.add(hit)
        tally.tp += 1
        row[0] += 1
        _compare(gold, preds[hit].claim, tally)
    harmless = [str(n["text"]) for n in text.not_casualty if n.get("kind") == "non_conflict_deaths"]
    for i, pred in enumerate(preds):
        if i in used or _neutral(pred, outside, harmless, text.singular):
            continue
        tally.fp += 1
        tally.details.append(
            f"EXTRA {text.file}: {pred.claim.category} {pred.count_text!r} ({pred.low}..{pred.high}) "
            f"in {pred.evidence[:120]!r}"
        )
        if _fooled(pred, text.not_casualty):
            tally.fooled.append(f"{text.file}: {pred.count_text}")


def _compare(gold: dict[str, Any], claim: Claim, tally: _Tally) -> None:
    right = tally.right
    right["category"] += claim.category == gold["category"]
    right["status"] += claim.status == gold.get("status")
    right["party"] += (claim.subject.party or None) == (gold.get("party") or None)
    right["as_of"] += bool(claim.when.as_of) == bool(gold.get("as_of"))
    right["conflict"] += (claim.conflict or None) == (gold.get("conflict") or None)
    right["source_kind"] += source_kind(claim) == (gold.get("source_kind") or "unknown")
    if gold.get("geonameid"):
        tally.place_n += 1
        tally.place_right += gold["geonameid"] in [p.geonameid for p in claim.places]


def _neutral(pred: Prediction, outside: list[dict[str, Any]], harmless: list[str], singular: list[str]) -> bool:
    """A prediction that counts neither way: harm outside armed conflict, or one singled-out person."""
    if any(_matches(g, pred) for g in outside) or any(t in pred.evidence for t in harmless):
        return True
    one = pred.low == 1 and pred.high in (1, None)
    return one and any(s in pred.evidence and (pred.count_text in s or s in pred.count_text) for s in singular)


def _fooled(pred: Prediction, not_casualty: list[dict[str, Any]]) -> bool:
    """The prediction read a number the gold lists as no casualty count (troops, tanks, ages, distances...)."""
    words = [w for w in pred.count_text.split() if any(ch.isdigit() for ch in w) or len(w) > 3]
    return any(str(n["text"]) in pred.evidence and any(w in str(n["text"]) for w in words) for n in not_casualty)


def summarise(texts: int, tally: _Tally, *, details: bool = False) -> dict[str, Any]:
    """The metrics of a tally, rounded as the reference scorer rounds them."""
    tp, fp, fn = tally.tp, tally.fp, tally.fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result: dict[str, Any] = {
        "articles": texts,
        "gold_claims": tp + fn,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "accuracy": {k: round(v / tp, 3) if tp else None for k, v in tally.right.items()},
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "recall_by_category": {k: f"{a}/{b}" for k, (a, b) in sorted(tally.by_category.items())},
        "fooled": len(tally.fooled),
        "fooled_by": list(tally.fooled),
    }
    result["accuracy"]["place"] = round(tally.place_right / tally.place_n, 3) if tally.place_n else None
    if details:
        result["details"] = list(tally.details)
    return result


def evaluate(
    path: str | Path, gold: str | Path | None = None, limit: int | None = None, details: bool = False
) -> dict[str, Any]:
    """Score the reader on the war gold ``gold`` for the texts in ``path`` (see the module docstring)."""
    folder, gold_path = locate(path, gold)
    texts = load(folder, gold_path, limit)
    tally = _Tally()
    for text, preds in zip(texts, predictions(texts), strict=True):
        score_text(text, preds, tally)
    return summarise(len(texts), tally, details=details)
