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


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Погибли 12 человек в Харькове, сообщили власти города.", "koi8-r"),
        ("Douze civils ont été tués à Kharkiv, a déclaré un médecin.", "latin-1"),
        ("Zwölf Zivilisten wurden getötet – „schrecklich“, sagte der Bürgermeister.", "cp1252"),
        ("Загинули 12 цивільних у Харкові, повідомила поліція Києва.", "cp1251"),
    ],
)
def test_legacy_encodings_are_told_apart(text: str, encoding: str) -> None:
    """Latin-1 French must not come out as Cyrillic (mixed scripts inside words give a wrong guess away)."""
    assert decode_bytes(text.encode(encoding), "x.txt") == text


@pytest.mark.parametrize(
    "data",
    [
        "哈尔科夫有十二名平民死亡，一名医疗官员说。".encode("gbk"),
        "ハルキウで民間人12人が死亡したと医療関係者が語った。".encode("shift_jis"),
        "하르키우에서 민간인 12명이 사망했다고 의료 관계자가 말했다.".encode("euc-kr"),
        bytes((i * 37 + 11) % 128 + 128 for i in range(400)),
    ],
)
def test_bytes_no_fallback_encoding_reads_are_undecodable(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, "x.txt")
    assert info.value.reason == "undecodable"
    assert "iconv" in (info.value.hint or "")
