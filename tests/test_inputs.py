"""Bad input is refused with a reason; legacy encodings are decoded."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.errors import InputError
from claimledger.inputs import decode_bytes, read_text_file, split_front_matter


def test_cp1251_russian_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "ru.txt"
    path.write_bytes("Погибли 12 человек в Харькове.".encode("cp1251"))
    assert read_text_file(path) == "Погибли 12 человек в Харькове."


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"  \n\t ", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "binary")],
)
def test_refused_with_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, "x.txt")
    assert info.value.reason == reason
    assert "x.txt" in str(info.value)


def test_oversized(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2048)
    with pytest.raises(InputError) as info:
        read_text_file(path, max_bytes=1024)
    assert info.value.reason == "oversized" and "big.txt" in str(info.value)


def test_missing_file() -> None:
    with pytest.raises(InputError) as info:
        read_text_file("/nonexistent/article.txt")
    assert info.value.reason == "unreadable"


def test_front_matter() -> None:
    meta, body = split_front_matter("---\ntitle: T\npublished: 2022-04-07\nother: x\n---\nBody text.\n")
    assert meta == {"title": "T", "published": "2022-04-07"}
    assert body == "Body text.\n"
    assert split_front_matter("No front matter.") == ({}, "No front matter.")
