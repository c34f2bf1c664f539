"""Incident clustering: outlet vocabulary, URL slugs, follow-up keys (victims yes, places no), no single-link chains."""

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


def _victim(article: Article, name: str) -> ReadResult:
    claim = Claim(
        id=f"{article.id}:c",
        category="dead",
        count=Count(low=1, high=1, text="killed"),
        subject=Subject(name),
        when=When(),
        places=[],
        sources=[],
        status="asserted",
        cues=[],
        evidence=Evidence(article.text, 0, len(article.text)),
    )
    return ReadResult(article, [claim])


def _background(clusterer: IncidentClusterer) -> None:
    """Other stories, so that words of the tested ones are rare."""
    for i in range(60):
        words = f"w{i}a w{i}b w{i}c shooting police"
        clusterer.add_one(ReadResult(Article(f"x{i}", words, "2016-01-01", title=words)))


def _trial_after_reports(with_victims: bool) -> tuple[list[str], str]:
    clusterer = IncidentClusterer()
    _background(clusterer)
    reports = [
        (
            "Woman killed in Dorsey Park shooting",
            "Tamika Reddick, 31, was killed in a shooting at Dorsey Park on Friday.",
        ),
        ("Victim of park shooting identified", "Police identified the victim as Tamika Reddick, a nurse and mother."),
        ("Vigil held for Tamika Reddick", "Friends of Tamika Reddick gathered at Dorsey Park to remember the nurse."),
    ]
    ids = []
    for i, (title, body) in enumerate(reports):
        article = Article(f"r{i}", body, "2016-03-04", title=title)
        ids.append(clusterer.add_one(_victim(article, "Tamika Reddick") if with_victims else ReadResult(article)))
    trial = Article(
        "t",
        "A jury convicted Marcus Lyle of murder in the death of Tamika Reddick, a nurse.",
        "2016-11-20",
        title="Man convicted in killing of nurse",
    )
    return ids, clusterer.add_one(ReadResult(trial))


def test_a_victims_name_in_every_report_still_joins_the_trial_months_later() -> None:
    ids, trial = _trial_after_reports(with_victims=True)
    assert set(ids) == {"r0"} and trial == "r0"
    # the same name, not a victim's, in three articles is too common a key to join across months
    ids, trial = _trial_after_reports(with_victims=False)
    assert set(ids) == {"r0"} and trial == "t"


def test_a_weak_link_to_one_report_does_not_chain_another_shooting_into_the_incident() -> None:
    clusterer = IncidentClusterer()
    _background(clusterer)
    first = clusterer.add_one(
        ReadResult(
            Article(
                "a1",
                "Two men were wounded outside the Kessler Lounge on Vine Street late Saturday; Jerome Tatum was one.",
                "2016-05-07",
                title="Two wounded outside Kessler Lounge",
            )
        )
    )
    second = clusterer.add_one(
        ReadResult(
            Article(
                "a2",
                "Jerome Tatum and a friend were wounded outside the Kessler Lounge, police said.",
                "2016-05-08",
                title="Kessler Lounge shooting victims named",
            )
        )
    )
    other = clusterer.add_one(
        ReadResult(
            Article(
                "b",
                "A teenager was killed at a bus stop on Vine Street on Monday; a sedan was seen near Harlan.",
                "2016-05-09",
                title="Teen killed at bus stop",
            )
        )
    )
    assert second == first and other == "b"


def test_a_name_holding_a_resolved_town_is_no_follow_up_key() -> None:
    clusterer = IncidentClusterer()
    _background(clusterer)
    body = "A teen was killed in North Minneapolis on Saturday night, Minneapolis police said."
    first = clusterer.add_one(
        _with_place(Article("a", body, "2015-05-02", title="Teen killed in North Minneapolis"), "Minneapolis")
    )
    later = clusterer.add_one(
        ReadResult(
            Article(
                "b",
                "Seven people were wounded in North Minneapolis after a funeral on Saturday night.",
                "2016-05-05",
                title="Seven wounded in North Minneapolis",
            )
        )
    )
    assert later != first
