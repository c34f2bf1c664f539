"""``claimledger eval incidents PATH``: articles clustered into incidents and their killed/injured estimates.

PATH is the GVA / SemEval-2018 task 5 ``derived`` folder (``documents.jsonl``: title, dct, uri, content,
incident_uri; ``incidents.jsonl``: incident_uri, num_killed, num_injured). The gold incident id is used only
for scoring. Clustering: B-cubed F1 and CoNLL F1 (mean of MUC, B-cubed and CEAF-e F1). Counts, per gold
incident with gold counts: the predicted incident holding most of its articles is read with claimledger and
its articles' totals give low / best / high (see :func:`incident_estimate`); exact = best equals gold,
mae = mean |best - gold|, coverage = share of incidents with gold in [low, high]. ``multi_article`` restricts
these to incidents with two or more articles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..corroborate.estimates import Figure
from ..corroborate.incidents import IncidentClusterer
from ..errors import EvalDataError
from ..records import Article, Category, RawArticle, ReadResult
from . import jsonl_rows
from .gvdb import article_totals

#: Buckets of the gold count the per-size breakdown uses.
SIZE_BUCKETS = ("0", "1", "2-4", "5+")


@dataclass(frozen=True)
class GoldDoc:
    index: int
    title: str
    published: str | None
    url: str | None
    content: str
    incident: str

    def raw(self) -> RawArticle:
        """Title and content as one text, so headline figures ("6 shot, 1 dead") are read too."""
        text = f"{self.title}\n\n{self.content}" if self.content.strip() else self.title
        return RawArticle(text=text or " ", published=self.published, url=self.url, title=self.title)


def load(path: str | Path, limit: int | None = None) -> tuple[list[GoldDoc], dict[str, tuple[int, int]]]:
    """Documents (the first ``limit``, rounded up to whole incidents) and gold (killed, injured) per incident."""
    folder = Path(path)
    docs_path, incidents_path = folder / "documents.jsonl", folder / "incidents.jsonl"
    for required in (docs_path, incidents_path):
        if not required.is_file():
            raise EvalDataError(
                f"{required.name} not found",
                where=str(folder),
                hint="give the gva-semeval2018t5/derived folder (documents.jsonl and incidents.jsonl)",
            )
    docs: list[GoldDoc] = []
    for number, row in jsonl_rows(docs_path):
        try:
            incident = str(row["incident_uri"])
            if limit is not None and len(docs) >= limit and incident != docs[-1].incident:
                break
            docs.append(
                GoldDoc(
                    index=len(docs),
                    title=str(row.get("title") or ""),
                    published=row.get("dct") or None,
                    url=row.get("uri") or None,
                    content=str(row.get("content") or ""),
                    incident=incident,
                )
            )
        except KeyError as exc:
            raise EvalDataError(f"missing field {exc}", where=f"{docs_path}:{number}") from exc
    gold: dict[str, tuple[int, int]] = {}
    for number, row in jsonl_rows(incidents_path):
        try:
            gold[str(row["incident_uri"])] = (int(row["num_killed"]), int(row["num_injured"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise EvalDataError(f"bad incident row ({exc})", where=f"{incidents_path}:{number}") from exc
    return docs, gold


def read_docs(docs: list[GoldDoc], *, batch_size: int = 16) -> list[ReadResult]:
    """Read every document with claimledger's reader; results aligned with ``docs``.

    A document the reader fails on counts as read with no claims (as ``ingest`` quarantines it), so one bad
    article never stops the evaluation.
    """
    from ..ledger.ingest import read_chunk
    from ..reader import read_many

    results: list[ReadResult] = []
    for start in range(0, len(docs), batch_size):
        chunk = docs[start : start + batch_size]
        for doc, outcome in zip(chunk, read_chunk(read_many, [d.raw() for d in chunk], batch_size), strict=True):
            results.append(outcome if isinstance(outcome, ReadResult) else _unread(doc))
    return results


def _unread(doc: GoldDoc) -> ReadResult:
    raw = doc.raw()
    article = Article(id=f"doc:{doc.index}", text=raw.text, published=raw.published, url=raw.url, title=raw.title)
    return ReadResult(article)


def _died_since(voted: list[tuple[ReadResult, tuple[int, int]]], killed: int) -> int:
    """More dead in a later report than most reports say, among as many victims as reports of an earlier day: the
    wounded died ("Girl, 4, dies days after shooting herself"). The dead of one incident never come back; a later
    report with other totals is another incident's or a follow-up's, not a death among these victims."""
    for result, (dead, injured) in sorted(voted, key=lambda item: item[0].article.published or ""):
        day = result.article.published or ""
        before = max((totals[1] for earlier, totals in voted if (earlier.article.published or "") < day), default=0)
        if dead > killed and dead + injured == killed + before:
            killed = dead
    return killed


def incident_estimate(results: Iterable[ReadResult], category: Category) -> Figure:
    """Low / best / high killed (``dead``) or injured (``wounded``) for one incident from its articles.

    Each article's totals come from :func:`claimledger.evaluation.gvdb.article_totals`; articles that state no
    figure (no casualty claim, or none counted: "a suspect was arrested in the shooting death") do not vote.
    Killed: the figure most articles report, ties to the larger (first reports undercount: the wounded die, more
    victims are found), or a later report's larger one whose dead were among the injured before (:func:`_died_since`).
    Injured: among the articles that agree on the killed, the injured figure most of them *state* — follow-ups
    (arrests, trials) restate the dead and leave the injured out, so silence is no evidence of none. Low and high
    are the smallest and largest figures voted; no figure at all is 0.
    """
    read = [(result, article_totals(result)) for result in results if result.claims]
    voted = [(result, totals) for result, totals in read if any(totals)]
    if not voted:
        return Figure(low=0, best=0, high=0, roots=frozenset(), latest="")
    killed_votes = Counter(totals[0] for _, totals in voted)
    killed = _died_since(voted, max(killed_votes, key=lambda value: (killed_votes[value], value)))
    agreeing = [(result, totals) for result, totals in voted if totals[0] == killed]
    index = 0 if category == "dead" else 1
    if index == 0:
        best = killed
    else:
        stated = Counter(totals[1] for _, totals in agreeing if totals[1] > 0)
        best = max(stated, key=lambda value: (stated[value], value)) if stated else 0
    backing = [result for result, totals in agreeing if totals[index] == best]
    return Figure(
        low=min(totals[index] for _, totals in voted),
        best=best,
        high=max(totals[index] for _, totals in voted),
        roots=frozenset(r.article.id for r in backing),
        latest=max(r.article.published or "" for r in backing),
    )


def evaluate(path: str | Path, *, limit: int | None = None, **_: Any) -> dict[str, Any]:
    docs, gold = load(path, limit)
    if not docs:
        raise EvalDataError("no documents", where=str(path), hint="documents.jsonl is empty")
    results = read_docs(docs)
    predicted = cluster(docs, results)
    return score(docs, results, predicted, gold)


def cluster(docs: list[GoldDoc], results: list[ReadResult]) -> list[str]:
    """The predicted incident of every document, fed in publication order as news arrives.

    Documents are keyed by their position: two pages whose cleaned texts coincide (a site's sign-up notice
    instead of the story) are still two documents with their own titles.
    """
    clusterer = IncidentClusterer()
    order = sorted(range(len(docs)), key=lambda i: (docs[i].published or "9999", i))
    for i in order:
        clusterer.add_one(ReadResult(replace(results[i].article, id=f"doc:{i}"), results[i].claims))
    return [clusterer.incident_of(f"doc:{i}") for i in range(len(docs))]


def score(
    docs: list[GoldDoc], results: list[ReadResult], predicted: list[str], gold: dict[str, tuple[int, int]]
) -> dict[str, Any]:
    gold_ids = [d.incident for d in docs]
    members: dict[str, list[int]] = {}
    for i, incident in enumerate(gold_ids):
        members.setdefault(incident, []).append(i)
    by_cluster: dict[str, list[int]] = {}
    for i, label in enumerate(predicted):
        by_cluster.setdefault(label, []).append(i)
    rows: dict[str, list[tuple[int, Figure]]] = {"killed": [], "injured": []}
    multi: dict[str, list[tuple[int, Figure]]] = {"killed": [], "injured": []}
    for incident, indices in members.items():
        if incident not in gold:
            continue
        label = Counter(predicted[i] for i in indices).most_common(1)[0][0]
        pool = [results[i] for i in by_cluster[label]]
        for name, category, truth in (("killed", "dead", gold[incident][0]), ("injured", "wounded", gold[incident][1])):
            figure = incident_estimate(pool, category)  # type: ignore[arg-type]
            rows[name].append((truth, figure))
            if len(indices) >= 2:
                multi[name].append((truth, figure))
    return {
        "bcubed_f1": bcubed(gold_ids, predicted)[2],
        "conll_f1": conll_f1(gold_ids, predicted),
        "killed": count_metrics(rows["killed"]),
        "injured": count_metrics(rows["injured"]),
        "multi_article": {"killed": count_metrics(multi["killed"]), "injured": count_metrics(multi["injured"])},
        "incidents": len(members),
        "articles": len(docs),
    }


def count_metrics(rows: list[tuple[int, Figure]]) -> dict[str, float]:
    if not rows:
        return {"exact": 0.0, "mae": 0.0, "coverage": 0.0}
    return {
        "exact": sum(f.best == truth for truth, f in rows) / len(rows),
        "mae": sum(abs(f.best - truth) for truth, f in rows) / len(rows),
        "coverage": sum(_covers(f, truth) for truth, f in rows) / len(rows),
    }


def _covers(figure: Figure, truth: int) -> bool:
    """Whether the truth lies within the figure's bounds (an open bound covers its side)."""
    return (figure.low is None or figure.low <= truth) and (figure.high is None or truth <= figure.high)


def by_gold_size(rows: list[tuple[int, Figure]]) -> dict[str, dict[str, float]]:
    """The count metrics split by the gold figure: 0, 1, 2-4, 5+."""
    buckets: dict[str, list[tuple[int, Figure]]] = {b: [] for b in SIZE_BUCKETS}
    for truth, figure in rows:
        buckets[str(truth) if truth < 2 else "2-4" if truth <= 4 else "5+"].append((truth, figure))
    return {b: {**count_metrics(r), "n": float(len(r))} for b, r in buckets.items()}


def _clusters(labels: list[str]) -> list[set[int]]:
    groups: dict[str, set[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(label, set()).add(i)
    return list(groups.values())


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(gold: list[str], predicted: list[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 over mentions (documents)."""
    both = Counter(zip(gold, predicted, strict=True))
    gold_size, pred_size = Counter(gold), Counter(predicted)
    n = len(gold)
    p = sum(both[(g, s)] / pred_size[s] for g, s in zip(gold, predicted, strict=True)) / n
    r = sum(both[(g, s)] / gold_size[g] for g, s in zip(gold, predicted, strict=True)) / n
    return p, r, _f1(p, r)


def muc(gold: list[str], predicted: list[str]) -> tuple[float, float, float]:
    def recall(keys: list[set[int]], responses: list[str]) -> float:
        num = sum(len(k) - len({responses[i] for i in k}) for k in keys)
        den = sum(len(k) - 1 for k in keys)
        return num / den if den else 0.0

    r = recall(_clusters(gold), predicted)
    p = recall(_clusters(predicted), gold)
    return p, r, _f1(p, r)


def ceaf_e(gold: list[str], predicted: list[str]) -> tuple[float, float, float]:
    """Entity-based CEAF (phi4) with the optimal one-to-one alignment of clusters."""
    keys, responses = _clusters(gold), _clusters(predicted)
    index = {i: k for k, members in enumerate(responses) for i in members}
    similarity = np.zeros((len(keys), len(responses)))
    for a, key in enumerate(keys):
        for i in key:
            b = index[i]
            if similarity[a, b] == 0:
                overlap = len(key & responses[b])
                similarity[a, b] = 2 * overlap / (len(key) + len(responses[b]))
    rows, cols = linear_sum_assignment(similarity, maximize=True)
    total = float(similarity[rows, cols].sum())
    p, r = total / len(responses), total / len(keys)
    return p, r, _f1(p, r)


def conll_f1(gold: list[str], predicted: list[str]) -> float:
    return (muc(gold, predicted)[2] + bcubed(gold, predicted)[2] + ceaf_e(gold, predicted)[2]) / 3


__all__ = ["bcubed", "by_gold_size", "ceaf_e", "cluster", "conll_f1", "evaluate", "incident_estimate", "load", "muc"]
