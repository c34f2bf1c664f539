"""Root sources: where a claim originally comes from, so forty outlets repeating one source count once.

Rule: the root of a claim is the innermost *named* non-outlet source of its attribution chain (a named
ministry, a named doctor). When the innermost speaker is unnamed ("one medical official"), the root is the
innermost outlet or agency that published it together with that speaker ("RFE / one medical official"):
"Metro -> RFE -> one medical official" and "Daily Mail -> RFE -> one medical official" share that root.
With no non-outlet source the root is the innermost outlet (the wire agency), and with no chain at all the
article's outlet. Names are keyed by their initials when they have several capitalised words, so
"Radio Free Europe" and "RFE" are one root. Roots that speak for one party (its ministries, army, officials, state
media) are one source for independence: Ukraine's General Staff and Ukraine's defence ministry do not confirm each
other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Article, Claim, Source, SourceKind

_LEADING = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
_SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "de", "la", "el", "to"}
_DOMAIN_PREFIX = re.compile(r"^(https?://)?(www\d?\.)?", re.IGNORECASE)


@dataclass(frozen=True)
class RootSource:
    """The original source behind a claim; ``key`` decides independence (same key = same source)."""

    key: str
    label: str
    kind: SourceKind
    named: bool
    #: The side the root speaks for (:func:`claimledger.sides.source_side`), and whether it speaks of its enemy's
    #: losses (the claim is partisan).
    side: str | None = None
    partisan: bool = False

    @property
    def independence(self) -> str:
        """What independence is decided by: one party's organs (its ministries, army, officials, state media) are one
        source, whoever of them speaks; any other root is its own."""
        if self.side and self.side != "neutral":
            return f"side:{self.side.lower()}"
        return self.key


def name_key(text: str) -> str:
    """A comparison key for a source name: lower-case, no articles or punctuation; multi-word names by initials."""
    cleaned = _SPACES.sub(" ", _NON_WORD.sub(" ", _LEADING.sub("", text.strip()))).strip()
    words = cleaned.split(" ")
    capitals = [w for w in words if w and w[0].isupper() and w.lower() not in _SMALL_WORDS]
    if len(capitals) >= 2 and len(capitals) == len([w for w in words if w.lower() not in _SMALL_WORDS]):
        return "".join(w[0] for w in capitals).lower()
    if len(words) == 1 and words[0].isupper():
        return words[0].lower()
    return cleaned.lower()


def outlet_key(article: Article) -> str:
    """The article's outlet name, else its web domain, else the article itself (an unknown publisher)."""
    if article.outlet:
        return name_key(article.outlet)
    if article.url:
        host = _DOMAIN_PREFIX.sub("", article.url).split("/", 1)[0]
        if host:
            return host.lower()
    return f"article:{article.id}"


def root_source(claim: Claim, article: Article) -> RootSource:
    """Resolve a claim's attribution chain (outermost first) to its root source."""
    chain: list[Source] = list(claim.sources)
    speakers = [i for i, s in enumerate(chain) if s.kind != "outlet"]
    outlets = [i for i, s in enumerate(chain) if s.kind == "outlet"]
    side = next((s.side for s in reversed(chain) if s.side), None)
    if speakers:
        inner = chain[speakers[-1]]
        if inner.named:
            key = name_key(inner.text)
            label, kind = inner.text, inner.kind
            return RootSource(key=key, label=label, kind=kind, named=True, side=side, partisan=claim.partisan)
        publishers = [i for i in outlets if i < speakers[-1]]
        if publishers:
            outlet = chain[publishers[-1]]
            publisher_key, publisher_label = name_key(outlet.text), outlet.text
        else:
            publisher_key = outlet_key(article)
            publisher_label = article.outlet or publisher_key
        return RootSource(
            key=f"{publisher_key}/{inner.text.strip().lower()}",
            label=f"{publisher_label} / {inner.text.strip()}",
            kind=inner.kind,
            named=False,
            side=side,
            partisan=claim.partisan,
        )
    if outlets:
        outlet = chain[outlets[-1]]
        return RootSource(key=name_key(outlet.text), label=outlet.text, kind="outlet", named=outlet.named, side=side,
                          partisan=claim.partisan)
    key = outlet_key(article)
    return RootSource(key=key, label=article.outlet or key, kind="outlet", named=article.outlet is not None)


__all__ = ["RootSource", "name_key", "outlet_key", "root_source"]
