"""Turn raw bytes into article text, or refuse them with a reason: the first gate for bad input.

Reasons (``InputError.reason``): ``empty``, ``binary``, ``undecodable``, ``oversized``, ``unreadable``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .settings import get_settings

# Encodings tried after UTF-8, in order; news in Cyrillic often arrives as cp1251 or KOI8-R.
_FALLBACK_ENCODINGS = ("cp1251", "koi8-r", "cp1252", "latin-1")
_BINARY_CONTROL_RATIO = 0.10


def decode_bytes(data: bytes, where: str, *, max_bytes: int | None = None) -> str:
    """Decode article bytes: BOMs honoured, UTF-8 first, then the most plausible legacy encoding."""
    limit = get_settings().max_input_bytes if max_bytes is None else max_bytes
    if len(data) > limit:
        _raise_oversized(where, len(data), limit)
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _non_empty(data.decode(encoding, errors="replace"), where)
    if b"\x00" in data[:8192] or _control_ratio(data[:8192]) > _BINARY_CONTROL_RATIO:
        raise InputError(
            "looks like a binary file, not text",
            where=where,
            hint="give a .txt, .html or .jsonl article",
            reason="binary",
        )
    try:
        return _non_empty(data.decode("utf-8"), where)
    except UnicodeDecodeError:
        pass
    text = _best_legacy_decoding(data)
    if text is None:
        raise InputError(
            "cannot be decoded as UTF-8 or a common legacy encoding",
            where=where,
            hint="convert it to UTF-8 (iconv -f ENCODING -t UTF-8)",
            reason="undecodable",
        )
    return _non_empty(text, where)


def read_text_file(path: str | Path, *, max_bytes: int | None = None) -> str:
    """Read one article file from disk with :func:`decode_bytes`'s checks."""
    path = Path(path)
    limit = get_settings().max_input_bytes if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            _raise_oversized(str(path), size, limit)
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise InputError(
            "is a directory", where=str(path), hint="give files or a glob such as DIR/*.txt", reason="unreadable"
        ) from exc
    except FileNotFoundError as exc:
        raise InputError("no such file", where=str(path), hint="check the path", reason="unreadable") from exc
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", where=str(path), reason="unreadable") from exc
    return decode_bytes(data, str(path), max_bytes=limit)


def _raise_oversized(where: str, size: int, limit: int) -> None:
    raise InputError(
        f"file is {size:,} bytes, over the {limit:,}-byte limit",
        where=where,
        hint="split it, or raise CLAIMLEDGER_MAX_INPUT_BYTES",
        reason="oversized",
    )


def _non_empty(text: str, where: str) -> str:
    if not text.strip():
        raise InputError("is empty (no text to read)", where=where, hint="give an article with text", reason="empty")
    return text


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample)


def _best_legacy_decoding(data: bytes) -> str | None:
    """The legacy decoding with the most letters and fewest oddities (mixed scripts inside words, symbols),
    or None when even the best one is not text: any byte decodes in latin-1 or KOI8-R, so bytes of another
    encoding (GBK, Shift-JIS, EUC-KR) or noise must be refused by what they decode to."""
    best: tuple[float, str, _Oddities] | None = None
    for encoding in _FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        oddities = _oddities(text)
        score = _plausibility(text) - 2 * oddities.mixed_words
        if best is None or score > best[0]:
            best = (score, text, oddities)
    if best is None or best[2].symbols > _MAX_SYMBOLS or best[2].mixed_words > _MAX_MIXED_WORDS:
        return None
    return best[1]


@dataclass(frozen=True)
class _Oddities:
    symbols: float  # share of characters that are neither letters, digits, punctuation nor space
    mixed_words: float  # share of words whose letters come from more than one script


_MAX_SYMBOLS = 0.08
_MAX_MIXED_WORDS = 0.2


def _oddities(text: str) -> _Oddities:
    symbols = sum(1 for ch in text if not (ch.isalnum() or ch.isspace() or unicodedata.category(ch).startswith("P")))
    words = re.findall(r"[^\W\d_]+", text)
    mixed = sum(1 for word in words if len({_script(ch) for ch in word}) > 1)
    return _Oddities(symbols=symbols / max(len(text), 1), mixed_words=mixed / max(len(words), 1))


def _script(letter: str) -> str:
    """LATIN, CYRILLIC, GREEK...: the first word of the letter's Unicode name."""
    return unicodedata.name(letter, "?").split(" ", 1)[0]


def _plausibility(text: str) -> float:
    letters = sum(ch.isalpha() for ch in text)
    odd = sum(1 for ch in text if not (ch.isalnum() or ch.isspace() or ch in ".,;:!?'\"()-–—«»„“”’‘/%&№"))
    # Lower-case letters dominate real prose; KOI8-R read as cp1251 gives mostly upper case.
    lower = sum(ch.islower() for ch in text)
    return (letters + lower - 3 * odd) / max(len(text), 1)


_FRONT_MATTER_KEYS = ("title", "published", "outlet", "url")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Metadata from a ``---`` front-matter block at the top of a text file (as Jekyll/Hugo write it).

    Only ``title``, ``published``, ``outlet`` and ``url`` are read; a file without the block is all body.
    """
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end < 0:
        return {}, text
    meta: dict[str, str] = {}
    for line in text[4:end].splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in _FRONT_MATTER_KEYS:
            meta[key.strip().lower()] = value.strip().strip('"')
    body_start = text.find("\n", end + 4)
    return meta, text[body_start + 1 :] if body_start >= 0 else ""
