"""Incident clustering: outlet vocabulary, URL slugs, place names that are no follow-up keys."""

from __future__ import annotations

from claimledger.corroborate.incidents import IncidentClusterer, _slug
from claimledger.records import Article, Claim, Count, Evidence, Place, ReadResult, Subject, When


def test_the_url_slug_is_a_second_headline_inside_an_archive_copy() -> None:
    url = "http://web.archive.org/web/20161030140906/http://wdtn.com/2016/10/29/victims-identified-in-two-shootings/"
    assert _slug(url) == "victims identified in two shootings"
    assert _slug("http://example.com/story/34450409") == ""
    assert _slug(None) == ""


def test_a_page_without_text_joins_its_story_by_its_slug() -> None:
    clusterer = IncidentClusterer()
    first = clusterer.add_one(
        ReadResult(
            Article(
                "a",
                "Malik Causey, 14, was fatally shot early Sunday at North and Luna in Austin.",
                "2016-08-21",
                title="14-year-old boy fatally shot in Austin",
                url="http://news.example.com/news/malik-causey-fatally-shot-in-austin/",
            )
        )
    )
    other = clusterer.add_one(
        ReadResult(Article("b", "A woman was wounded on Elm Street.", "2016-08-21", title="Woman wounded"))
    )
    empty = clusterer.add_one(
        ReadResult(
            Article(
                "c",
                "Homicide Watch",
                "2016-08-21",
                title="Homicide Watch",
                url="http://homicides.example.org/victims/malik-causey/",
            )
        )
    )
    assert empty == first and other != first


def _article(i: int, outlet: str, title: str, body: str, day: str) -> ReadResult:
    return ReadResult(
        Article(f"{outlet}{i}", body, day, title=f"{title} - {outlet.title()} Action News Weather", outlet=outlet)
    )


def test_an_outlets_own_words_do_not_join_its_unrelated_stories() -> None:
    clusterer = IncidentClusterer()
    for i in range(200):  # other outlets' news, so that the outlet's words are globally rare
        words = f"w{i}a w{i}b w{i}c"
        clusterer.add_one(ReadResult(Article(f"x{i}", words, "2016-06-01", title=words, outlet=f"outlet{i}")))
    earlier = [
        ("Crash closes bridge", "A crash closed the Hudson bridge in Albany.", "2016-01-01"),
        ("Fire at bakery", "Firefighters put out a fire at Rossi bakery in Albany.", "2016-02-01"),
        ("School board vote", "The school board in Albany voted on the budget.", "2016-03-01"),
        ("Parade route set", "The Albany parade will follow Central Avenue.", "2016-04-01"),
        ("Library reopens", "The Albany library reopened after repairs.", "2016-05-01"),
    ]
    for i, (title, body, day) in enumerate(earlier):
        clusterer.add_one(_article(i, "wxyz", title, body, day))
    first = clusterer.add_one(
        _article(6, "wxyz", "Man wounded on Pine Street", "Darnell Whitcombe was wounded on Pine Street.", "2016-06-01")
    )
    second = clusterer.add_one(
        _article(7, "wxyz", "Woman shot on Oak Avenue", "Keisha Marlow was shot on Oak Avenue.", "2016-06-01")
    )
    follow = clusterer.add_one(
        _article(
            8,
            "wxyz",
            "Suspect held in Marlow shooting",
            "A suspect was held in the shooting of Keisha Marlow.",
            "2016-06-02",
        )
    )
    assert first != second and follow == second


def _with_place(article: Article, place: str) -> ReadResult:
    start = article.text.index(place)
    claim = Claim(
        id=f"{article.id}:c",
        category="dead",
        count=Count(low=1, high=1, text="killed"),
        subject=Subject("man"),
        when=When(),
        places=[Place(place, start, start + len(place), feature="city")],
        sources=[],
        status="asserted",
        cues=[],
        evidence=Evidence(article.text, 0, len(article.text)),
    )
    return ReadResult(article, [claim])


def test_a_town_named_months_apart_is_no_follow_up_key() -> None:
    clusterer = IncidentClusterer()
    body = "A man was killed in Calumet City on Saturday, police said."
    first = clusterer.add_one(
        _with_place(Article("a", body, "2015-01-10", title="Man killed in Calumet City"), "Calumet City")
    )
    later = clusterer.add_one(
        ReadResult(
            Article(
                "b",
                "Seven people were wounded in Calumet City after a funeral.",
                "2015-10-19",
                title="Seven wounded in Calumet City drive-by",
            )
        )
    )
    assert later != first
