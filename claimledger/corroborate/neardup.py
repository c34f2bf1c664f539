"""Near-duplicate and syndicated articles: MinHash signatures in an LSH index, clusters kept by union-find.

Each new article is hashed once, looked up in the LSH index (no pairwise comparison with the whole
collection), verified against the candidates' signatures, and unioned with those above the threshold.
Syndicated copies of one wire story become one cluster, so they count as one appearance of a claim.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

_WORD = re.compile(r"\w+", re.UNICODE)
_SCHEME = "affine32"


@dataclass
class ArticleCluster:
    """Articles whose texts are near-duplicates (same story, light edits): one appearance, not several."""

    id: str  # the id of the first article added to the cluster
    article_ids: list[str]


@dataclass(frozen=True)
class IndexedArticle:
    """One article's persisted index entry: its union-find parent and MinHash signature (None: no words)."""

    id: str
    position: int  # insertion order: the earlier article of a merged cluster names it
    published: str | None
    parent: str
    signature: bytes | None


@dataclass(frozen=True)
class NearDupSettings:
    """``threshold``: estimated Jaccard similarity of word shingles above which two texts are one story.

    ``max_days``: copies published further apart than this are not merged (site boilerplate such as
    "verify your e-mail" pages repeats for months; a syndicated story runs within days).
    """

    threshold: float = 0.6
    num_perm: int = 128
    shingle: int = 4
    max_days: int = 10
    seed: int = 1


def shingles(text: str, size: int) -> set[bytes]:
    """Lower-cased word n-grams of ``text``; a text shorter than ``size`` words is one shingle."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return set()
    if len(words) <= size:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


class NearDupIndex:
    """Incremental near-duplicate clustering of articles (MinHash + LSH + union-find)."""

    def __init__(self, settings: NearDupSettings | None = None) -> None:
        self.settings = settings or NearDupSettings()
        self._lsh = MinHashLSH(threshold=self.settings.threshold, num_perm=self.settings.num_perm)
        self._permutations = MinHash(self.settings.num_perm, seed=self.settings.seed).permutations
        self._signatures: dict[str, np.ndarray] = {}
        self._dates: dict[str, str | None] = {}
        self._parent: dict[str, str] = {}
        self._order: dict[str, int] = {}
        #: Articles added or re-parented since the last :meth:`take_changed`: what a store must write.
        self._changed: set[str] = set()

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._order

    def add(self, article_id: str, text: str, published: str | None = None) -> str:
        """Index one article; return the id of its cluster (merging clusters the article bridges)."""
        if article_id in self._order:
            return self.cluster_of(article_id)
        self._order[article_id] = len(self._order)
        self._parent[article_id] = article_id
        self._dates[article_id] = published
        self._changed.add(article_id)
        grams = shingles(text, self.settings.shingle)
        if not grams:
            return article_id
        sketch = MinHash(self.settings.num_perm, permutations=self._permutations, scheme=_SCHEME)
        sketch.update_batch(list(grams))
        for other in self._lsh.query(sketch):
            if self._similar(sketch.hashvalues, other) and self._close_in_time(published, self._dates[other]):
                self._union(article_id, other)
        self._lsh.insert(article_id, sketch)
        self._signatures[article_id] = np.asarray(sketch.hashvalues, dtype=np.uint32)
        return self.cluster_of(article_id)

    def cluster_of(self, article_id: str) -> str:
        root = article_id
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[article_id] != root:  # path compression
            self._parent[article_id], article_id = root, self._parent[article_id]
        return root

    def clusters(self) -> list[ArticleCluster]:
        """Every cluster, in the order its first article was added; members in insertion order."""
        members: dict[str, list[str]] = {}
        for article_id in sorted(self._order, key=self._order.__getitem__):
            members.setdefault(self.cluster_of(article_id), []).append(article_id)
        return [ArticleCluster(id=root, article_ids=ids) for root, ids in members.items()]

    def similarity(self, a: str, b: str) -> float:
        """Estimated Jaccard similarity of two indexed articles (0.0 when either has no text)."""
        if a not in self._signatures or b not in self._signatures:
            return 0.0
        return float(np.mean(self._signatures[a] == self._signatures[b]))

    def _similar(self, hashvalues: Any, other: str) -> bool:
        agreement = float(np.mean(np.asarray(hashvalues, dtype=np.uint32) == self._signatures[other]))
        return agreement >= self.settings.threshold

    def _close_in_time(self, a: str | None, b: str | None) -> bool:
        if not a or not b:
            return True
        try:
            gap = abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
        except ValueError:
            return True
        return gap <= self.settings.max_days

    def _union(self, a: str, b: str) -> None:
        ra, rb = self.cluster_of(a), self.cluster_of(b)
        if ra == rb:
            return
        first, second = (ra, rb) if self._order[ra] < self._order[rb] else (rb, ra)
        self._parent[second] = first
        self._changed.add(second)

    def take_changed(self) -> list[IndexedArticle]:
        """Entries added or re-parented since the last call, in insertion order (path compression only shortens
        chains to the same root, so entries written earlier stay valid)."""
        changed = sorted(self._changed, key=self._order.__getitem__)
        self._changed.clear()
        return [self.entry(article_id) for article_id in changed]

    def entry(self, article_id: str) -> IndexedArticle:
        signature = self._signatures.get(article_id)
        return IndexedArticle(
            id=article_id,
            position=self._order[article_id],
            published=self._dates[article_id],
            parent=self._parent[article_id],
            signature=signature.tobytes() if signature is not None else None,
        )

    @classmethod
    def restore(cls, settings: NearDupSettings, entries: Iterable[IndexedArticle]) -> NearDupIndex:
        """Rebuild from entries in insertion order: signatures go back into the LSH index, nothing is re-hashed."""
        index = cls(settings)
        for item in sorted(entries, key=lambda e: e.position):
            index._order[item.id] = len(index._order)
            index._parent[item.id] = item.parent
            index._dates[item.id] = item.published
            if item.signature is not None:
                values = np.frombuffer(item.signature, dtype=np.uint32).copy()
                sketch = MinHash(settings.num_perm, hashvalues=values, permutations=index._permutations, scheme=_SCHEME)
                index._lsh.insert(item.id, sketch)
                index._signatures[item.id] = values
        return index

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able state: settings and every entry in insertion order (signatures as base64 uint32)."""
        return {
            "settings": asdict(self.settings),
            "articles": [
                {
                    "id": item.id,
                    "published": item.published,
                    "parent": item.parent,
                    "signature": base64.b64encode(item.signature).decode("ascii") if item.signature else None,
                }
                for item in map(self.entry, sorted(self._order, key=self._order.__getitem__))
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NearDupIndex:
        """Rebuild from :meth:`to_dict`."""
        entries = (
            IndexedArticle(
                id=row["id"],
                position=position,
                published=row["published"],
                parent=row["parent"],
                signature=base64.b64decode(row["signature"]) if row["signature"] is not None else None,
            )
            for position, row in enumerate(data["articles"])
        )
        return cls.restore(NearDupSettings(**data["settings"]), entries)


__all__ = ["ArticleCluster", "IndexedArticle", "NearDupIndex", "NearDupSettings", "shingles"]
