"""Corroboration on claims written here: near-duplicates, groups, roots, grades, estimates, incremental state."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from claimledger.corroborate import (
    CorroborationStateError,
    Corroborator,
    NearDupIndex,
    NearDupSettings,
    bounds_compatible,
    group_figure,
    root_source,
)
from claimledger.corroborate.roots import name_key
from claimledger.records import (
    Article,
    Category,
    Claim,
    Count,
    Evidence,
    Place,
    ReadResult,
    Source,
    Status,
    Subject,
    When,
)

HOMEL = Place("Homel", 0, 5, geonameid=627907, name="Homyel'", country="BY", feature="city")
MINSK = Place("Minsk", 0, 5, geonameid=625144, name="Minsk", country="BY", feature="city")
BELARUS = Place("Belarus", 0, 7, geonameid=630336, name="Belarus", country="BY", feature="country")
KYIV = Place("Kyiv", 0, 4, geonameid=703448, name="Kyiv", country="UA", feature="city")

STORY = (
    "RFE quoted one medical official who said more than 2,500 soldiers' corpses had been shipped from Homel "
    "back to Russia by trains or by plane as of March 13. The figure could not be independently verified. "
    "Residents in Homel told RFE that wounded Russian soldiers were being brought to three medical facilities."
)


def make_claim(
    cid: str,
    *,
    low: int | None,
    high: int | None,
    category: Category = "dead",
    sources: list[Source] | None = None,
    places: list[Place] | None = None,
    start: str | None = "2022-03-13",
    as_of: bool = False,
    status: Status = "reported",
    party: str | None = "Russia",
) -> Claim:
    return Claim(
        id=cid,
        category=category,
        count=Count(low=low, high=high, text=None),
        subject=Subject("Russian soldiers", "military", party),
        when=When(start=start, end=start, precision="day" if start else "unknown", as_of=as_of),
        places=[HOMEL] if places is None else places,
        sources=sources or [],
        status=status,
        cues=[],
        evidence=Evidence("x", 0, 1),
    )


def result(aid: str, outlet: str, published: str, claims: list[Claim], text: str = STORY) -> ReadResult:
    return ReadResult(Article(id=aid, text=text, published=published, outlet=outlet), claims)


RFE_OFFICIAL = [Source("RFE", "outlet", True), Source("one medical official", "medical", False)]


def chain(outlet: str) -> list[Source]:
    return [Source(outlet, "outlet", True), *RFE_OFFICIAL]


def test_root_of_relayed_unnamed_speaker_is_the_agency_and_speaker() -> None:
    metro = make_claim("c1", low=2501, high=None, sources=chain("Metro"))
    mail = make_claim("c2", low=2501, high=None, sources=chain("Daily Mail"))
    a = root_source(metro, Article(id="a", text="", outlet="Metro"))
    b = root_source(mail, Article(id="b", text="", outlet="Daily Mail"))
    assert a.key == b.key == "rfe/one medical official"
    assert a.label == "RFE / one medical official"
    assert not a.named


def test_named_speaker_and_acronyms_are_roots() -> None:
    named = make_claim(
        "c", low=1, high=1, sources=[Source("Reuters", "outlet", True), Source("Dmitry Peskov", "government", True)]
    )
    assert root_source(named, Article(id="a", text="")).key == "dp"
    assert name_key("Radio Free Europe") == name_key("RFE") == "rfe"
    assert name_key("the Associated Press") == "ap"
    bare = make_claim("c", low=1, high=1, sources=[])
    assert root_source(bare, Article(id="a", text="", url="https://www.bbc.co.uk/news/1")).key == "bbc.co.uk"


def test_bounds_compatibility() -> None:
    assert bounds_compatible((2501, None), (2500, 2500))  # within 10%
    assert bounds_compatible((30, 40), (35, 35))
    assert not bounds_compatible((1, 1), (2, 2))
    assert bounds_compatible((None, None), (7, 7))
    assert not bounds_compatible((None, 40), (100, None))


def test_forty_outlets_repeating_one_source_are_one_group_with_one_root() -> None:
    engine = Corroborator()
    outlets = [f"Outlet {i}" for i in range(40)]
    summary = engine.add(
        result(
            f"a{i}", o, "2022-03-14", [make_claim(f"c{i}", low=2501, high=None, sources=chain(o))], text=f"{o}: {STORY}"
        )
        for i, o in enumerate(outlets)
    )
    assert summary.articles_added == 40 and summary.claims_added == 40 and summary.groups_created == 1
    (view,) = engine.groups()
    assert view.independent_roots == 1
    assert view.grade.level == "weak" and "single source" in view.grade.reason
    assert view.first_outlet == "Outlet 0"
    shown = json.loads(json.dumps(view.to_dict()))
    assert shown["grade"]["level"] == "weak" and shown["roots"][0]["key"] == "rfe/one medical official"
    assert len(shown["appearances"]) == 40
    assert len(engine.clusters()) == 1  # the copies are near-duplicates of one story


def test_second_independent_source_makes_it_fair_and_rival_figure_contested() -> None:
    engine = Corroborator()
    engine.add([result("a1", "Metro", "2022-03-14", [make_claim("c1", low=2501, high=None, sources=chain("Metro"))])])
    other = "Ukrainian officials counted the bodies at the rail station in Homel, a spokesman told Reuters on Monday."
    engine.add([result("a2", "Reuters", "2022-03-14", [make_claim("c2", low=2600, high=2600)], text=other)])
    (view,) = engine.groups()
    assert view.independent_roots == 2 and view.grade.level == "fair"
    engine.add([result("a3", "TASS", "2022-03-15", [make_claim("c3", low=50, high=50)], text="TASS said 50 died.")])
    levels = {v.group.figures()[0]: v.grade.level for v in engine.groups()}
    assert levels[(50, 50)] == "contested"
    assert "competing figures" in engine.groups()[0].grade.reason


def test_denied_and_confirmed_grades() -> None:
    engine = Corroborator()
    ministry = [Source("Russian Defence Ministry", "military", True)]
    engine.add(
        [
            result(
                "a1", "TASS", "2022-03-02", [make_claim("c1", low=498, high=498, sources=ministry, start="2022-03-02")]
            )
        ]
    )
    engine.add(
        [
            result(
                "a2",
                "X",
                "2022-04-02",
                [make_claim("c2", low=9, high=9, status="denied", start="2022-04-01")],
                text="no",
            )
        ]
    )
    levels = sorted(v.grade.level for v in engine.groups())
    assert levels == ["confirmed", "discounted"]
    denied = next(v.group for v in engine.groups() if v.grade.level == "discounted")
    shown = group_figure(denied, denied=True)
    assert group_figure(denied) is None and shown is not None and shown.best == 9  # shown, never estimated
    assert [e.best for e in engine.estimates()] == [498]


def test_categories_places_times_and_cumulative_totals_stay_apart() -> None:
    engine = Corroborator()
    engine.add(
        [
            result(
                "a1",
                "Metro",
                "2022-03-14",
                [
                    make_claim("dead", low=12, high=12),
                    make_claim("casualties", low=12, high=12, category="casualties"),
                    make_claim("kyiv", low=12, high=12, places=[KYIV]),
                    make_claim("minsk", low=12, high=12, places=[MINSK]),
                    make_claim("later", low=12, high=12, start="2022-05-01"),
                    make_claim("total", low=12, high=12, as_of=True),
                    make_claim("country", low=12, high=12, places=[BELARUS]),
                ],
            )
        ]
    )
    groups = {a.claim_id: v.group.id for v in engine.groups() for a in v.group.appearances}
    assert groups["country"] == groups["dead"]  # Belarus contains Homel
    others = {groups[k] for k in ("casualties", "kyiv", "minsk", "later", "total")}
    assert len(others) == 5 and groups["dead"] not in others


def test_estimates_no_double_counting() -> None:
    engine = Corroborator()
    engine.add(
        [
            result("a1", "A", "2022-03-14", [make_claim("h1", low=10, high=10, places=[HOMEL])], text="one"),
            result("a2", "B", "2022-03-15", [make_claim("h2", low=10, high=12, places=[HOMEL])], text="two"),
            result("a3", "C", "2022-03-14", [make_claim("m1", low=5, high=5, places=[MINSK])], text="three"),
            result(
                "a4", "D", "2022-03-20", [make_claim("t1", low=100, high=100, as_of=True, start="2022-03-20")], text="4"
            ),
            result(
                "a5", "E", "2022-03-25", [make_claim("t2", low=150, high=150, as_of=True, start="2022-03-25")], text="5"
            ),
        ]
    )
    rows = {(e.place, e.kind): e for e in engine.estimates(by="month", place="BY")}
    incident = rows[("BY", "incident")]
    assert (incident.low, incident.best, incident.high) == (15, 16, 17)  # Homel: the later 10-12 report, 11
    assert incident.groups == 2 and incident.sources == 3
    cumulative = rows[("BY", "cumulative")]
    assert (cumulative.low, cumulative.best, cumulative.high) == (150, 150, 150)
    by_place = {(e.place, e.period, e.kind): e.best for e in engine.estimates(by="day")}
    assert by_place[("Homyel'", "2022-03-13", "incident")] == 11
    frame = engine.estimates_frame(by="week")
    assert (
        list(frame.columns)[:3] == ["place", "period", "category"] and int(frame["best"].sum()) == 11 + 5 + 100 + 150
    )  # totals of two weeks


def test_coarse_harm_counts_as_max_of_itself_and_what_it_covers() -> None:
    engine = Corroborator()
    week = make_claim("w", low=8, high=8, places=[BELARUS], start="2022-03-10")
    week.when = When(start="2022-03-10", end="2022-03-16", precision="week")
    engine.add(
        [
            result("a1", "A", "2022-03-16", [week], text="one"),
            result("a2", "B", "2022-03-14", [make_claim("h", low=5, high=5, places=[HOMEL])], text="two"),
            result("a3", "C", "2022-03-14", [make_claim("m", low=6, high=6, places=[MINSK])], text="three"),
        ]
    )
    (row,) = [e for e in engine.estimates(by="month", place="BY") if e.kind == "incident"]
    assert row.best == 11  # max(8, 5 + 6), not 8 + 5 + 6


def test_state_round_trips_and_continues_incrementally() -> None:
    engine = Corroborator()
    engine.add([result("a1", "Metro", "2022-03-14", [make_claim("c1", low=2501, high=None, sources=chain("Metro"))])])
    restored = Corroborator.from_json(json.dumps(engine.to_dict()))
    assert [v.group.to_dict() for v in restored.groups()] == [v.group.to_dict() for v in engine.groups()]
    summary = restored.add(
        [
            result("a1", "Metro", "2022-03-14", []),
            result(
                "a2",
                "Mail",
                "2022-03-14",
                [make_claim("c2", low=2501, high=None, sources=chain("Mail"))],
                text="Mail: " + STORY,
            ),
        ]
    )
    assert summary.articles_skipped == 1 and summary.groups_created == 0 and summary.near_duplicates == 1
    assert restored.groups()[0].independent_roots == 1
    with pytest.raises(CorroborationStateError, match="version"):
        Corroborator.from_dict({"version": 99})
    with pytest.raises(CorroborationStateError, match="not JSON"):
        Corroborator.from_json("{")


def test_neardup_index_clusters_light_edits_not_different_stories_or_distant_dates() -> None:
    index = NearDupIndex(NearDupSettings(threshold=0.6))
    edited = STORY.replace("three medical facilities", "three separate hospitals") + " Updated 14:00."
    index.add("a", STORY, "2022-03-14")
    assert index.add("b", edited, "2022-03-15") == "a"
    assert index.add("c", "Shelling in Kharkiv killed four civilians on Tuesday, the mayor said.", "2022-03-15") == "c"
    assert index.add("d", STORY, "2022-09-01") == "d"  # the same text months later is boilerplate, not a copy
    assert index.add("e", "", None) == "e"
    again = NearDupIndex.from_dict(json.loads(json.dumps(index.to_dict())))
    assert again.add("f", edited, "2022-03-16") == "a"
    assert [c.article_ids for c in again.clusters()][0] == ["a", "b", "f"]


def _one(engine: Corroborator, claim_id: str) -> str:
    """The id (first claim's) of the group holding ``claim_id``."""
    return next(v.ref for v in engine.groups() for a in v.group.appearances if a.claim_id == claim_id)


def test_a_claim_without_a_figure_never_erases_one() -> None:
    engine = Corroborator()
    headline = make_claim("h", low=None, high=None, start=None)  # "Shelling kills civilians" (a title)
    engine.add([result("a1", "A", "2022-04-07", [headline, make_claim("c", low=12, high=None, start="2022-04-05")])])
    (view,) = engine.groups()
    assert group_figure(view.group) == group_figure(replace(view.group, appearances=view.group.appearances[1:]))
    figure = group_figure(view.group)
    assert figure is not None and (figure.low, figure.best, figure.high) == (12, 12, None)


def test_a_part_is_shown_under_its_whole_never_a_rival_never_added_to_it() -> None:
    engine = Corroborator()
    children = replace(make_claim("p", low=3, high=3), subset_of="w")  # "including three children"
    engine.add([result("a1", "A", "2022-03-14", [children, make_claim("w", low=12, high=None)])])
    whole, part = engine.groups()
    assert part.part_of == whole.ref == _one(engine, "w") and part.ref == _one(engine, "p")
    assert not whole.rivals and not part.rivals and {whole.grade.level, part.grade.level} == {"weak"}
    assert whole.to_dict()["id"] == whole.ref and part.to_dict()["part_of"] == whole.ref
    (row,) = engine.estimates()
    assert (row.low, row.best, row.high, row.groups) == (12, 12, None, 1)
    # with no figure for the whole ("civilians, including three children, were killed") the part counts
    engine = Corroborator()
    engine.add([result("a1", "A", "2022-03-14", [make_claim("w", low=None, high=None), children])])
    (row,) = engine.estimates()
    assert (row.low, row.best, row.high) == (3, 3, 3)


def test_the_dead_among_the_wounded_are_counted_once() -> None:
    engine = Corroborator()
    wounded = make_claim("w", low=87, high=87, category="wounded", as_of=True)
    died = replace(make_claim("d", low=6, high=6, as_of=True), subset_of="w")  # "six of them died"
    engine.add([result("a1", "A", "2022-03-02", [wounded, died])])
    rows = {e.category: (e.low, e.best, e.high) for e in engine.estimates()}
    assert rows == {"dead": (6, 6, 6), "wounded": (81, 81, 81)}


def test_bounds_stay_as_the_text_gives_them() -> None:
    engine = Corroborator()
    engine.add(
        [
            result("a1", "A", "2022-03-14", [make_claim("u", low=None, high=40, places=[KYIV])], text="up to 40"),
            result("a2", "B", "2022-03-14", [make_claim("m", low=15, high=15, places=[MINSK])], text="fifteen"),
        ]
    )
    figures = {v.group.appearances[0].claim_id: group_figure(v.group) for v in engine.groups()}
    up_to = figures["u"]
    assert up_to is not None and (up_to.low, up_to.best, up_to.high) == (None, 40, 40)
    rows = {e.place: (e.low, e.best, e.high) for e in engine.estimates()}
    assert rows == {"Kyiv": (None, 40, 40), "Minsk": (15, 15, 15)}
    (pooled,) = [e for e in engine.estimates(place="Kyiv") if e.kind == "incident"]
    assert pooled.low is None
    other_day = make_claim("k", low=12, high=None, places=[KYIV], start="2022-03-01")
    engine.add([result("a3", "C", "2022-03-14", [other_day], text="at least 12")])
    (kyiv,) = engine.estimates(place="Kyiv")
    assert (kyiv.low, kyiv.best, kyiv.high) == (12, 52, None)  # a stated low adds; an open high stays open


def test_undated_claims_stay_undated_and_apart() -> None:
    engine = Corroborator()
    engine.add([result("a1", "A", "2022-04-07", [make_claim("u", low=None, high=40, start=None)], text="undated")])
    (view,) = engine.groups()
    assert (view.group.start, view.group.end) == (None, None)
    (row,) = engine.estimates()
    assert row.period == "undated"
    dated = make_claim("d", low=40, high=40, start="2022-04-05")
    engine.add([result("a2", "B", "2022-04-07", [dated], text="forty wounded on Tuesday")])
    (view,) = engine.groups()  # matched within the fortnight before publication, dated by the dated claim only
    assert (view.group.start, view.group.end, [e.period for e in engine.estimates()]) == (
        "2022-04-05",
        "2022-04-05",
        ["2022-04"],
    )


def test_a_running_total_counts_as_of_the_day_it_is_stated() -> None:
    since = make_claim("s", low=87, high=87, category="wounded", as_of=True, start="2022-02-27")
    since.when.end = "2022-03-02"  # "since Sunday", as the reader dates it: Sunday to the publication
    stated = make_claim("t", low=90, high=90, category="wounded", as_of=True, start="2022-02-28", places=[KYIV])
    so_far = make_claim("f", low=95, high=95, category="wounded", as_of=True, start=None, places=[MINSK])
    engine = Corroborator()
    engine.add(
        [
            result("a1", "A", "2022-03-02", [since]),
            result("a2", "B", "2022-03-02", [stated], text="k"),
            result("a3", "C", "2022-03-04", [so_far], text="so far"),
        ]
    )
    days = {e.place: e.period for e in engine.estimates(by="day")}
    assert days == {"Homyel'": "2022-03-02", "Kyiv": "2022-02-28", "Minsk": "2022-03-04"}  # "so far": its report


def test_rates_and_harm_outside_war_stay_out_of_war_estimates() -> None:
    engine = Corroborator()
    daily = replace(make_claim("r", low=824, high=824), rate="day")  # "824 a day"
    crash = replace(make_claim("x", low=12, high=12), conflict="none")  # a bus crash
    engine.add([result("a1", "A", "2022-03-14", [daily, crash, make_claim("c", low=12, high=12)])])
    assert len(engine.groups()) == 3  # none of them joins another
    (row,) = engine.estimates()
    assert (row.best, row.groups) == (12, 1)


def test_one_spelling_of_a_party() -> None:
    engine = Corroborator()
    engine.add([result("a1", "A", "2022-03-14", [make_claim("c", low=12, high=12)])])
    engine.add([result("a2", "B", "2022-03-14", [make_claim("d", low=12, high=12, party="russia")], text="b")])
    (view,) = engine.groups()
    assert view.group.party == "Russia" and [e.party for e in engine.estimates()] == ["Russia"]
    assert engine.group(_one(engine, "d")).ref == view.ref  # any member's id finds the group


def test_one_sides_organs_are_one_source_and_partisan_figures_alone_are_weak() -> None:
    engine = Corroborator()
    staff = [Source("the General Staff of Ukraine", "military", True, side="Ukraine")]
    ministry = [Source("Ukraine's defence ministry", "military", True, side="Ukraine")]
    for aid, outlet, sources in (("a1", "Ukrinform", staff), ("a2", "Kyiv Independent", ministry)):
        claim = replace(make_claim(aid + "c", low=1200, high=1200, sources=sources), partisan=True)
        engine.add([result(aid, outlet, "2022-03-14", [claim], text=f"{outlet}: 1,200 Russian soldiers died.")])
    (view,) = engine.groups()
    assert [r.side for r in view.group.roots()] == ["Ukraine"] and view.independent_roots == 1
    assert view.grade.level == "weak" and "partisan sources alone (Ukraine" in view.grade.reason


def test_estimates_take_non_partisan_figures_first() -> None:
    engine = Corroborator()
    staff = [Source("the General Staff of Ukraine", "military", True, side="Ukraine")]
    un = [Source("the UN", "official", True, side="neutral")]
    partisan = replace(make_claim("c1", low=1000, high=None, sources=staff), partisan=True)
    neutral = make_claim("c2", low=1200, high=1200, sources=un)
    engine.add([result("a1", "Ukrinform", "2022-03-14", [partisan], text="Ukrinform: over 1,000 Russians died.")])
    engine.add([result("a2", "Reuters", "2022-03-14", [neutral], text="The UN said 1,200 Russian soldiers died.")])
    (view,) = engine.groups()
    figure = group_figure(view.group)
    assert figure is not None and (figure.low, figure.best, figure.high) == (1200, 1200, 1200)
    assert view.independent_roots == 2 and view.grade.level == "fair"


def test_without_a_place_only_running_totals_are_rivals() -> None:
    engine = Corroborator()
    events = [make_claim("e1", low=12, high=12, places=[]), make_claim("e2", low=5, high=5, places=[])]
    engine.add([result("a1", "Metro", "2022-03-14", events)])
    # two placeless counts of one day may be two strikes: neither is contested by the other
    assert [v.grade.level for v in engine.groups()] == ["weak", "weak"] and not any(v.rivals for v in engine.groups())
    totals = [
        make_claim("t1", low=498, high=498, places=[], as_of=True),
        make_claim("t2", low=1300, high=1300, places=[], as_of=True),
    ]
    engine.add([result("a2", "Metro", "2022-03-14", totals)])
    # two totals of Russia's dead so far are one quantity told two ways: rivals, both contested
    contested = {v.group.figures()[0] for v in engine.groups() if v.grade.level == "contested"}
    assert contested == {(498, 498), (1300, 1300)}
