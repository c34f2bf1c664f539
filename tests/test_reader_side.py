"""The article's side for soldiers whose own sentence names none (reader._article_side)."""

from __future__ import annotations

from claimledger import read


def _parties(text: str) -> list[tuple[str | None, str, str | None]]:
    return [(c.subject.text, c.subject.affiliation, c.subject.party) for c in read(text).claims]


def test_unnamed_soldiers_take_the_one_side_the_article_names() -> None:
    text = (
        "Dozens of wounded Russian soldiers were brought to the hospital in Homel. "
        "Medics said 40 Russian soldiers had died there. "
        "An official said more than 300 soldiers were killed in the offensive."
    )
    parties = _parties(text)
    assert ("soldiers", "military", "Russia") in parties
    assert all(party == "Russia" for _, _, party in parties), parties


def test_an_article_naming_two_sides_leaves_unnamed_soldiers_unknown() -> None:
    text = (
        "Ukraine said 40 Russian soldiers were killed near Izium. "
        "Moscow said 25 Ukrainian soldiers died in the fighting. "
        "Another 12 soldiers were wounded, officials said."
    )
    parties = _parties(text)
    assert ("soldiers", "military", None) in parties, parties
    assert {party for _, _, party in parties} == {"Russia", "Ukraine", None}


def test_one_mention_of_a_side_is_not_enough() -> None:
    text = "Five Russian soldiers were killed on Monday. Later, 30 soldiers were wounded in shelling."
    assert ("soldiers", "military", None) in _parties(text)


def test_civilians_do_not_take_the_soldiers_side() -> None:
    text = (
        "Two Russian soldiers were killed in the attack. Three Russian soldiers were wounded. "
        "Seven civilians died in the shelling."
    )
    assert ("civilians", "civilian", None) in _parties(text)
