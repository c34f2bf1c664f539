"""Geoparser: detection beyond NER labels, resolution from article context, roles, demonyms, the seed article."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from claimledger.gazetteer import Gazetteer, build_index
from claimledger.geoparse import Geoparser, demonym_country, get_geoparser
from claimledger.records import Place


@pytest.fixture(scope="session")
def geoparser(gazetteer: Gazetteer) -> Geoparser:
    return Geoparser(gazetteer)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The real index in the cache directory, built there once (about 15 s) when missing."""
    return Gazetteer.open()


def _places(nlp: Any, geoparser: Geoparser, text: str) -> list[Place]:
    return geoparser(nlp(text))


def _by_text(places: list[Place], text: str) -> list[Place]:
    return [p for p in places if p.text == text]


def test_origin_and_destination(nlp: Any, geoparser: Geoparser) -> None:
    text = "Medics in Homel, Belarus, said corpses had been shipped from Homel back to Russia by train."
    places = _places(nlp, geoparser, text)
    homel = _by_text(places, "Homel")
    assert [p.geonameid for p in homel] == [627907, 627907]
    assert [p.role for p in homel] == ["location", "origin"]
    russia = _by_text(places, "Russia")[0]
    assert (russia.geonameid, russia.role, russia.feature, russia.precision) == (2017370, "destination", "country", 6)
    assert text[homel[1].start : homel[1].end] == "Homel"


def test_reference_places(nlp: Any, geoparser: Geoparser) -> None:
    text = ("Locals in Mazyr, a Belarusian city about 100 kilometres northwest of Ukraine's Chernobyl, spoke out. "
            "Homel is Belarus's second largest city after Minsk.")
    places = _places(nlp, geoparser, text)
    assert _by_text(places, "Chernobyl")[0].role == "reference"
    assert _by_text(places, "Mazyr")[0].geonameid == 625324
    assert _by_text(places, "Minsk")[0].geonameid == 625144
    assert _by_text(places, "Minsk")[0].role == "reference"
    assert not _by_text(places, "Belarusian")  # a demonym is context, not a place


def test_context_decides_ambiguous_names(nlp: Any, geoparser: Geoparser) -> None:
    ontario = _places(nlp, geoparser, "Police in London, Ontario, said the Toronto suspect fled to Hamilton.")
    assert _by_text(ontario, "London")[0].country == "CA"
    england = _places(nlp, geoparser, "Trains from London to Manchester and Birmingham were cancelled.")
    assert _by_text(england, "London")[0].geonameid == 2643743


def test_non_place_uses_are_dropped(nlp: Any, geoparser: Geoparser) -> None:
    text = "In March, President Putin told RFE and the Ministry of Defence that Sergeant Jackson was in Kyiv."
    places = _places(nlp, geoparser, text)
    assert [p.text for p in places] == ["Kyiv"]


def test_unresolvable_place_keeps_its_text(nlp: Any, geoparser: Geoparser) -> None:
    text = "Shelling hit Zzyzxovka and Kharkiv on Monday."
    doc = nlp(text)
    spans = [(text.index(name), text.index(name) + len(name)) for name in ("Zzyzxovka", "Kharkiv")]
    places = geoparser.resolve_spans(doc, spans)
    assert places[0].text == "Zzyzxovka" and places[0].geonameid is None
    assert places[1].geonameid == 706483  # Kharkiv still resolved
    # a gold span the gazetteer lacks is placed, approximately and without an id, where the article is
    assert (places[0].lat, places[0].lon, places[0].precision) == (places[1].lat, places[1].lon, 2)
    assert all(p.lat is None for p in geoparser(doc) if p.geonameid is None)  # detection never guesses a point


def test_demonym_country(gazetteer: Gazetteer) -> None:
    parser = get_geoparser()
    parser._gazetteer = parser._gazetteer or gazetteer
    assert demonym_country("Russian") == "Russia"
    assert demonym_country("Ukrainian") == "Ukraine"
    assert demonym_country("Belarusian") == "Belarus"
    assert demonym_country("Belerusian") == "Belarus"  # one slip in a long demonym
    assert demonym_country("soldier") is None


@pytest.mark.acceptance
def test_seed_article(nlp: Any, geoparser: Geoparser, shared_dir: Path) -> None:
    lines = next((shared_dir / "seed").glob("*.txt")).read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if "(Picture:" not in line)  # captions are cleaned by the reader
    places = _places(nlp, geoparser, text)
    ids = {p.text: p.geonameid for p in places}
    assert ids["Homel"] == 627907 and ids["Mazyr"] == 625324 and ids["Minsk"] == 625144
    assert ids["Russia"] == 2017370 and ids["Ukraine"] == 690791 and ids["Belarus"] == 630336
    assert all(p.text not in {"Putin", "RFE", "March", "Russian", "Belarusian", "Europe"} for p in places)
    assert _by_text(places, "Chernobyl")[0].role == "reference"
    shipped = text.index("shipped from Homel back to Russia")
    roles = {(p.text, p.role) for p in places if shipped <= p.start < shipped + 40}
    assert roles == {("Homel", "origin"), ("Russia", "destination")}


@pytest.mark.acceptance
def test_geowebnews_subset(shared_dir: Path, geoparser: Geoparser) -> None:
    from claimledger.evaluation.geoparse import evaluate

    result = evaluate(shared_dir / "data" / "geowebnews" / "GWN.xml", data_format="gwn", limit=8, geoparser=geoparser)
    assert set(result) == {"detection", "resolution", "articles", "toponyms"}
    assert result["articles"] == 8 and result["toponyms"] > 50
    assert result["detection"]["f1"] > 0.55
    assert result["resolution"]["exact_id"] > 0.6


@pytest.mark.acceptance
def test_geovirus_subset_offsets_are_one_based(shared_dir: Path, geoparser: Geoparser) -> None:
    from claimledger.evaluation.geoparse import evaluate, read_dataset

    path = shared_dir / "data" / "geovirus" / "GeoVirus.xml"
    article = read_dataset(path, "geovirus")[0]
    assert all(article.text[t.start : t.end] == t.text for t in article.toponyms)
    result = evaluate(path, data_format="geovirus", limit=8, geoparser=geoparser)
    assert result["resolution"]["exact_id"] is None  # GeoVirus has no GeoNames ids
    assert result["resolution"]["acc_161km"] > 0.6


def test_ap_abbreviations_and_postal_codes(nlp: Any, geoparser: Geoparser) -> None:
    text = "Floods hit Fresno, Calif., and Santa Fe, N.M., while crews from Vancouver, BC, and Sydney, NSW, helped."
    places = {p.text: p for p in _places(nlp, geoparser, text)}
    assert places["Calif."].geonameid == 5332921 and places["Calif."].precision == 4
    assert places["N.M."].geonameid == 5481136
    assert places["BC"].geonameid == 5909050
    assert places["NSW"].geonameid == 2155400


def test_town_comma_state_picks_the_state(nlp: Any, geoparser: Geoparser) -> None:
    text = "A baker in Tacoma, Washington, shared tips. Jobs left California or Washington for Texas."
    first = _by_text(_places(nlp, geoparser, text), "Washington")[0]
    assert first.geonameid == 5815135  # the state, not the capital


def test_gold_span_resolves_the_place_inside_a_longer_name(nlp: Any, geoparser: Geoparser) -> None:
    text = "She studied at Colorado State University and met an officer of the Soviet Union."
    doc = nlp(text)
    start = text.index("Colorado State University")
    union = text.index("Soviet Union")
    colorado, soviet = geoparser.resolve_spans(doc, [(start, start + 25), (union, union + 12)])
    assert colorado.geonameid == 5417618 and colorado.feature == "region"
    assert soviet.geonameid is None  # never the US town "Union"


def test_seas_and_world_regions_beat_small_namesakes(nlp: Any, geoparser: Geoparser) -> None:
    text = "Tankers crossing the Atlantic to the Middle East now avoid the Mediterranean, officials in Texas said."
    places = _places(nlp, geoparser, text)
    ids = {p.text: p.geonameid for p in places}
    assert ids["Atlantic"] == 3373405 and ids["Middle East"] == 6269133 and ids["Mediterranean"] == 363196
    assert _by_text(places, "Atlantic")[0].precision == 7


def test_buildings_named_after_far_towns_sit_at_the_article_focus(nlp: Any, geoparser: Geoparser) -> None:
    text = ("Crowds gathered in New Orleans on Monday. The parade left Royal Street at noon and passed the "
            "Holy Redeemer Church before reaching New Orleans city hall.")
    doc = nlp(text)
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("New Orleans", "Royal Street", "Holy Redeemer Church")]
    orleans, street, church = geoparser.resolve_spans(doc, spans)
    assert orleans.geonameid == 4335045
    for place in (street, church):  # not Royal City, Washington, 3,000 km away
        assert place.geonameid is None and (place.lat, place.lon, place.precision) == (orleans.lat, orleans.lon, 2)


def test_streets_and_buildings_are_found_without_the_gazetteer(nlp: Any, geoparser: Geoparser) -> None:
    text = "Police closed Bourbon Street after the march. The High Court in Kyiv ruled on Monday."
    places = _places(nlp, geoparser, text)
    street = _by_text(places, "Bourbon Street")
    assert len(street) == 1 and street[0].geonameid is None and street[0].start == text.index("Bourbon Street")
    assert not _by_text(places, "High Court")  # an institution's name, not a place


def test_a_town_beats_the_county_that_only_borrows_its_name(nlp: Any, geoparser: Geoparser) -> None:
    places = _places(nlp, geoparser, "Migrants on the Greek island of Samos were moved to Athens.")
    assert _by_text(places, "Samos")[0].geonameid == 254115  # the town, not Nomós Sámou (alternate name "Samos")


def test_two_bare_capitals_need_a_place_reading(nlp: Any, geoparser: Geoparser) -> None:
    text = "He holds a BA in history. Capacity grew by 2.1 GW in China."
    texts = {p.text for p in _places(nlp, geoparser, text)}
    assert "BA" not in texts and "GW" not in texts and "China" in texts


def test_towns_the_model_calls_people_after_a_preposition_or_in_a_list(nlp: Any, geoparser: Geoparser) -> None:
    first = _places(nlp, geoparser, "The road from Gloucester to Cirencester was closed, police in Cheltenham said.")
    assert {p.text: p.country for p in first} == {"Gloucester": "GB", "Cirencester": "GB", "Cheltenham": "GB"}
    second = _places(nlp, geoparser, "Flooding closed roads in Gloucester and Cheltenham, the council said.")
    assert [p.text for p in second] == ["Gloucester", "Cheltenham"]


def test_a_list_the_model_takes_for_one_title_is_still_places(nlp: Any, geoparser: Geoparser) -> None:
    places = _places(nlp, geoparser, "Greek police said migrants reached Athens, Samos and Lesbos.")
    assert [(p.text, p.country) for p in places] == [("Athens", "GR"), ("Samos", "GR"), ("Lesbos", "GR")]


def test_the_focus_is_a_town_in_the_region_the_article_names(nlp: Any, geoparser: Geoparser) -> None:
    text = ("Bourbon was paved in 1830. Bourbon met Royal at the corner. Bourbon marked the limit. The power "
            "house of the New Orleans Railways Company stood there. Louisiana bought the land.")
    doc = nlp(text)
    names = ["Bourbon", "Royal", "Louisiana"]
    spans = [(m.start(), m.end()) for name in names for m in re.finditer(name, text)]
    spans.append((text.index("New Orleans Railways Company"), text.index(" stood")))
    street = geoparser.resolve_spans(doc, spans)[-1]
    assert (street.lat, street.lon) == pytest.approx((29.95, -90.08), abs=0.1)  # New Orleans, not Bourbon, Indiana


def test_a_dateline_in_capitals_is_a_place(nlp: Any, geoparser: Geoparser) -> None:
    places = _places(nlp, geoparser, "BEIRUT (AP) - A militia spokesman says the talks failed.\n\nNEW DELHI: The "
                                     "court sought a response.")
    assert [(p.text, p.country) for p in places] == [("BEIRUT", "LB"), ("NEW DELHI", "IN")]


def test_numbered_roads_are_places_and_levels_are_not(nlp: Any, geoparser: Geoparser) -> None:
    text = ("Diversions via the A436, A40 and A429 doubled the trip. Pupils need B1 and B2 levels. "
            "A crash closed Interstate 95 near Boston.")
    texts = [p.text for p in _places(nlp, geoparser, text)]
    assert texts == ["A436", "A40", "A429", "Interstate 95", "Boston"]


def test_a_street_named_after_a_place_is_one_toponym(nlp: Any, geoparser: Geoparser) -> None:
    text = "Shops on Collins Avenue in Miami Beach closed. Students at Arizona State University protested."
    texts = [p.text for p in _places(nlp, geoparser, text)]
    assert "Collins Avenue" in texts and "Collins" not in texts
    school = [p for p in geoparser.parse(nlp(text), embedded=True) if "Arizona" in p.text]
    assert [(p.text, p.name) for p in school] == [("Arizona State University", "Arizona")]  # the place inside it


def test_a_surname_used_alone_is_the_person(nlp: Any, geoparser: Geoparser) -> None:
    text = ("Councillor Dewly Nelson spoke in Winnipeg on Monday. Nelson said the plan would cut costs. "
            "Her sister moved to Nelson last year.")
    places = _places(nlp, geoparser, text)
    assert [p.start for p in _by_text(places, "Nelson")] == [text.rindex("Nelson")]


def test_demonyms_count_as_toponyms_only_before_a_noun(nlp: Any, geoparser: Geoparser) -> None:
    text = "Kurdish fighters and German and Irish immigrants arrived. She speaks English at home."
    places = geoparser.parse(nlp(text), adjectives=True)
    assert [(p.text, p.country) for p in places if p.text != "Kurdish"] == [("German", "DE"), ("Irish", "IE")]


def test_country_codes_need_a_place_reading_unless_they_spell_the_name(nlp: Any, geoparser: Geoparser) -> None:
    text = ("Shipments grew 23%, reports GTM Research. The UAE leads the region. Talks with the Democratic "
            "People's Republic of Korea (DPRK) resumed. The DPRK said so.")
    texts = [p.text for p in geoparser.parse(nlp(text), embedded=True)]  # "GTM" inside "GTM Research" too
    assert "GTM" not in texts and "UAE" in texts and texts.count("DPRK") == 2


def test_a_region_split_into_directional_provinces_is_their_middle(nlp: Any, geoparser: Geoparser) -> None:
    darfur = _by_text(_places(nlp, geoparser, "Aid workers returned to Darfur and Khartoum in Sudan."), "Darfur")[0]
    assert darfur.geonameid is None and darfur.country == "SD" and darfur.precision == 4
    assert (darfur.lat, darfur.lon) == pytest.approx((12.7, 24.4), abs=1.0)  # North, South and West Darfur
    java = _by_text(_places(nlp, geoparser, "Floods hit Java, Indonesia."), "Java")[0]
    assert java.country == "ID"  # not the village of Java, Georgia


def test_a_direction_before_a_place_is_part_of_its_name(nlp: Any, geoparser: Geoparser) -> None:
    text = "Drought hit North Africa and South Florida, while South Africa stayed wet."
    assert [p.text for p in _places(nlp, geoparser, text)] == ["North Africa", "South Florida", "South Africa"]


def test_castles_canals_and_deltas_are_one_toponym(nlp: Any, geoparser: Geoparser) -> None:
    text = "Oil spills in the Niger Delta were discussed at Windsor Castle."
    assert [p.text for p in _places(nlp, geoparser, text)] == ["Niger Delta", "Windsor Castle"]


def test_a_region_the_model_calls_a_person_is_still_the_region(nlp: Any, geoparser: Geoparser) -> None:
    places = _places(nlp, geoparser, "Tamil Nadu accused the Centre of refusing to act.")  # tagged PERSON
    assert [(p.text, p.country, p.feature) for p in places] == [("Tamil Nadu", "IN", "region")]


def test_a_word_the_article_also_writes_in_lower_case_is_no_town(nlp: Any, geoparser: Geoparser) -> None:
    places = _places(nlp, geoparser, "It chose the Hope Residence for mothers in Moscow. There is hope, she said.")
    assert [p.text for p in places] == ["Moscow"]  # not Hope, Arkansas


def test_an_unknown_one_word_place_must_follow_a_preposition_and_never_be_a_person(nlp: Any,
                                                                                   geoparser: Geoparser) -> None:
    from spacy.tokens import Span

    def tagged(text: str, person: bool) -> list[str]:
        doc = nlp(text)
        names = [t.i for t in doc if t.text == "Qorvex"]
        labels = ["PERSON", *(["GPE"] * (len(names) - 1))] if person else ["GPE"] * len(names)
        doc.ents = [Span(doc, i, i + 1, label=label) for i, label in zip(names, labels, strict=True)]
        return [p.text for p in geoparser(doc)]

    assert tagged("Shelling hit Qorvex on Monday. Residents fled from Qorvex overnight.", False) == ["Qorvex"] * 2
    assert tagged("Qorvex said the camp was cold. Qorvex is heartbroken. Qorvex left.", False) == []
    assert tagged("Qorvex said so. Shelling hit Qorvex. Residents fled from Qorvex.", True) == []


def test_a_capital_gets_no_bonus_for_its_old_name(nlp: Any, geoparser: Geoparser) -> None:
    places = _places(nlp, geoparser, "He flew to Salisbury.")
    assert places[0].name != "Harare"  # Salisbury was Harare's colonial name; news means one of the Salisburys
    assert _places(nlp, geoparser, "Talks resumed in Kiev.")[0].name == "Kyiv"


def test_a_facility_named_like_a_small_faraway_town_needs_support(nlp: Any, geoparser: Geoparser) -> None:
    from spacy.tokens import Span

    doc = nlp("Fans met at Lyndon before the game in Tokyo.")
    lyndon = next(t.i for t in doc if t.text == "Lyndon")
    tokyo = next(t.i for t in doc if t.text == "Tokyo")
    doc.ents = [Span(doc, lyndon, lyndon + 1, label="FAC"), Span(doc, tokyo, tokyo + 1, label="GPE")]
    assert [p.text for p in geoparser(doc)] == ["Tokyo"]  # a hall or arena, not Lyndon, Kentucky


def test_a_first_name_used_alone_is_the_person_but_a_country_stays(nlp: Any, geoparser: Geoparser) -> None:
    first = _places(nlp, geoparser, "Olivia Newton spoke at the rally in Sydney. Olivia thanked the crowd in Sydney.")
    assert [p.text for p in first] == ["Sydney", "Sydney"]  # not Olivia, Minnesota
    second = _places(nlp, geoparser, "Jordan Henderson scored in Amman. Jordan beat Iraq.")
    assert [p.text for p in second] == ["Amman", "Jordan", "Iraq"]


def test_a_capital_or_big_city_the_model_left_untagged_needs_no_support(nlp: Any, geoparser: Geoparser) -> None:
    from spacy.tokens import Span

    doc = nlp("The mayor of Kyiv spoke.")
    doc.ents = []
    assert [(p.text, p.geonameid) for p in geoparser(doc)] == [("Kyiv", 703448)]
    doc = nlp("The mayor of Hope spoke.")  # Hope, Arkansas: a small town still needs the article's support
    doc.ents = []
    assert geoparser(doc) == []
    doc = nlp("Fans of Norwich cheered.")  # the model's ORG or PERSON still needs support
    norwich = next(t.i for t in doc if t.text == "Norwich")
    doc.ents = [Span(doc, norwich, norwich + 1, label="ORG")]
    assert geoparser(doc) == []


def test_a_towns_alternate_name_needs_a_place_label(nlp: Any, geoparser: Geoparser) -> None:
    from spacy.tokens import Span

    doc = nlp("Music by Chopin filled the hall in Curitiba.")
    city = next(t.i for t in doc if t.text == "Curitiba")
    doc.ents = [Span(doc, city, city + 1, label="GPE")]
    assert [p.text for p in geoparser(doc)] == ["Curitiba"]  # not Chopinzinho, Brazil, whose other name it is


def test_city_after_a_place_is_part_of_its_name(nlp: Any, geoparser: Geoparser) -> None:
    places = _places(nlp, geoparser, "Protesters marched in Cebu City and Davao City on Sunday.")
    assert [(p.text, p.geonameid) for p in places] == [("Cebu City", 1717512), ("Davao City", 1715348)]
    clubs = _places(nlp, geoparser, "Bristol City beat Hull City at home.")  # clubs named after their towns
    assert [(p.text, p.name) for p in clubs] == [("Bristol City", "Bristol"), ("Hull City", "Hull")]


def test_the_gwn_scheme_counts_a_site_named_after_a_place_whole(nlp: Any, geoparser: Geoparser) -> None:
    doc = nlp("She studied at Colorado State University and worked at the British Embassy in Tokyo.")
    gwn = geoparser.parse(doc, adjectives=True, embedded=True)
    assert [(p.text, p.name) for p in gwn] == [("Colorado State University", "Colorado"),
                                               ("British Embassy", "Tokyo"), ("Tokyo", "Tokyo")]  # it is in Tokyo
    assert [p.text for p in geoparser(doc)] == ["Tokyo"]  # a claim's places: no organisations


def test_the_focus_is_in_the_country_the_article_names(nlp: Any, geoparser: Geoparser) -> None:
    text = ("Boys in Cairo train at the Liverpool Academy. Liverpool fans in Egypt cheer. Liverpool won again, and "
            "Liverpool is loved in Egypt. Egypt has many fans of Liverpool. Cairo schools say Egypt will grow.")
    doc = nlp(text)
    names = ["Cairo", "Liverpool", "Egypt"]
    spans = [(m.start(), m.end()) for name in names for m in re.finditer(rf"\b{name}\b(?! Academy)", text)]
    spans.append((text.index("Liverpool Academy"), text.index(". Liverpool fans")))
    academy = geoparser.resolve_spans(doc, spans)[-1]
    assert (academy.name, academy.country, academy.precision) == ("Cairo", "EG", 2)  # Liverpool is named more


def test_a_building_named_only_like_a_town_sits_at_the_focus(nlp: Any, geoparser: Geoparser) -> None:
    text = ("Officials in Washington met on Monday. The White House said talks went well. Washington police "
            "closed streets.")
    doc = nlp(text)
    spans = [(m.start(), m.end()) for m in re.finditer("Washington|White House", text)]
    washington, house = geoparser.resolve_spans(doc, spans)[:2]
    assert house.text == "White House" and house.country == "US"  # not Casablanca, whose alternate name it is
    assert (house.geonameid, house.lat, house.lon) == (None, washington.lat, washington.lon)


def test_the_end_of_a_hyphenated_name_is_not_a_town(nlp: Any, geoparser: Geoparser) -> None:
    places = _places(nlp, geoparser, "He flew from Washington to Mar-a-Lago in Florida on Friday.")
    assert [p.text for p in places] == ["Washington", "Florida"]  # not "Lago" (an alternate name of Largo)


def test_a_building_sits_in_the_town_its_phrase_names(nlp: Any, geoparser: Geoparser) -> None:
    text = ("Doctors in Liverpool treated the boy. Liverpool judges ruled. His parents wanted the Bambino Gesu "
            "Hospital in Rome to treat him, and Liverpool said no.")
    doc = nlp(text)
    spans = [(m.start(), m.end()) for m in re.finditer(r"Liverpool|Rome|Bambino Gesu Hospital", text)]
    places = geoparser.resolve_spans(doc, spans)
    rome, hospital = _by_text(places, "Rome")[0], _by_text(places, "Bambino Gesu Hospital")[0]
    assert (hospital.geonameid, hospital.lat, hospital.lon, hospital.precision) == (None, rome.lat, rome.lon, 2)


def test_a_town_known_in_many_languages_beats_a_namesake(nlp: Any, tmp_path: Path) -> None:
    def line(gid: int, cc: str, alts: str, lat: float, population: int) -> str:
        return "\t".join([str(gid), "Lindor", "Lindor", alts, str(lat), "10.0", "P", "PPL", cc, "", "01", "", "", "",
                          str(population), "", "0", "UTC", "2020-01-01"]) + "\n"

    dump = tmp_path / "allCountries.txt"
    names = ",".join(f"Lindor{suffix}" for suffix in ("a", "e", "o", "u", "ia", "ie", "io", "ium", "ien", "ino"))
    dump.write_text(line(1, "DE", "", 50.0, 101_000) + line(2, "AT", names, 47.0, 100_000), encoding="utf-8")
    parser = Geoparser(Gazetteer.open(build_index(tmp_path / "g.sqlite", dump)))
    assert [p.geonameid for p in parser(nlp("Crowds gathered in Lindor on Friday."))] == [2]


def test_nationality_nouns_name_their_country() -> None:
    assert [demonym_country(w) for w in ("Serb", "Poles", "Saudis", "Briton")] == [
        "Serbia", "Poland", "Saudi Arabia", "United Kingdom"]


def test_claims_places_follow_the_same_rules_as_gold_spans(nlp: Any, geoparser: Geoparser) -> None:
    text = ("Officials in Washington met on Monday. Two people were killed near the White House on Monday. "
            "Three people were wounded on Royal Street in New Orleans, police said.")
    places = _places(nlp, geoparser, text)
    washington, orleans = _by_text(places, "Washington")[0], _by_text(places, "New Orleans")[0]
    house, street = _by_text(places, "White House")[0], _by_text(places, "Royal Street")[0]
    assert (house.geonameid, house.country, house.lat, house.lon) == (None, "US", washington.lat, washington.lon)
    assert (street.geonameid, street.lat, street.lon) == (None, orleans.lat, orleans.lon)  # its phrase's town
    gold = geoparser.resolve_spans(nlp(text), [(p.start, p.end) for p in places])
    assert [(p.name, p.lat, p.lon) for p in gold] == [(p.name, p.lat, p.lon) for p in places]


def test_an_untagged_name_of_a_small_far_town_sits_at_the_focus(nlp: Any, geoparser: Geoparser) -> None:
    text = ("Lawmakers in Washington argued on Monday. Congress passed the bill late at night, and officials in "
            "Washington cheered.")
    doc = nlp(text)
    spans = [(m.start(), m.end()) for m in re.finditer("Washington|Congress", text)]
    washington, congress = geoparser.resolve_spans(doc, spans)[:2]
    assert congress.text == "Congress" and washington.geonameid == 4140963
    assert (congress.geonameid, congress.lat, congress.lon) == (None, washington.lat, washington.lon)  # not Arizona


def test_a_town_inside_a_name_beats_a_region_known_only_by_a_phrase(nlp: Any, geoparser: Geoparser) -> None:
    text = "Prosecutors in Seoul said the Seoul Central District Court sentenced her on Friday."
    doc = nlp(text)
    spans = [(15, 20), (text.index("Seoul Central"), text.index(" sentenced"))]
    court = geoparser.resolve_spans(doc, spans)[1]
    assert (court.name, court.country) == ("Seoul", "KR")  # not Israel's Central District (HaMerkaz)


def test_a_country_code_may_be_another_countrys_initials(nlp: Any, geoparser: Geoparser) -> None:
    text = ("Mining expanded in Limpopo and in Rustenburg. Millions of South Africans live near the mines, and "
            "SA holds most of the world's platinum.")
    doc = nlp(text)
    start = text.index("SA ")
    places = geoparser.resolve_spans(doc, [(start, start + 2)])
    assert (places[0].name, places[0].country) == ("South Africa", "ZA")  # not Saudi Arabia, whose code it is
    gulf = geoparser.resolve_spans(nlp("Oil prices rose as SA and Kuwait cut output in Riyadh talks."), [(19, 21)])
    assert gulf[0].country == "SA"


def test_the_text_says_a_name_is_a_state(nlp: Any, geoparser: Geoparser) -> None:
    text = "The first case turned up in 2003, when a cow from a Washington state farm tested positive."
    washington = _by_text(_places(nlp, geoparser, text), "Washington")
    assert [(p.feature, p.country) for p in washington] == [("region", "US")]  # not the capital
    text = "The first case was found in the state of Washington, officials said."
    assert [p.feature for p in _by_text(_places(nlp, geoparser, text), "Washington")] == ["region"]


def test_a_name_in_a_list_is_the_same_kind_of_place_as_the_others(nlp: Any, geoparser: Geoparser) -> None:
    text = "Cases were reported in Oregon, Tennessee, Utah, Washington and Wisconsin last week."
    assert [p.feature for p in _by_text(_places(nlp, geoparser, text), "Washington")] == ["region"]
    text = "The agency warned Armenia, Azerbaijan, Georgia, Iraq, Iran and Syria about the flu."
    iraq = _by_text(_places(nlp, geoparser, text), "Iraq")
    assert [(p.feature, p.country) for p in iraq] == [("country", "IQ")]  # not Arak, Iran ("Iraq, Iran")


def test_the_focus_is_in_the_country_the_story_is_about(nlp: Any, geoparser: Geoparser) -> None:
    text = ("Scientists in Oxford, England, said on Monday that malaria cases in Cambodia have doubled. Health workers "
            "in Battambang and in Pailin, Cambodia, found the resistant parasite near the village of Kbal Tonsaong, "
            "and Cambodia's ministry said Thailand must act.")
    doc = nlp(text)
    start = text.index("Kbal Tonsaong")
    spans = [(p.start, p.end) for p in geoparser(doc)] + [(start, start + len("Kbal Tonsaong"))]
    village = geoparser.resolve_spans(doc, spans)[-1]
    assert (village.geonameid, village.country) == (None, "KH")  # not the researchers' Oxford, in a named region


def test_a_place_name_that_names_a_virus_is_not_a_toponym(nlp: Any, geoparser: Geoparser) -> None:
    text = "Pigs near Manila carried the Reston ebolavirus, and the Marburg virus spread in Angola."
    assert [p.text for p in _places(nlp, geoparser, text)] == ["Manila", "Angola"]


def test_containment_phrases(nlp: Any, geoparser: Geoparser) -> None:
    text = ("Hunters in Georgia and Alabama were warned. Samples were found in the Rice Lake area of Fulton County "
            "located in Illinois, officials said.")
    fulton = _by_text(_places(nlp, geoparser, text), "Fulton County")
    assert [p.country for p in fulton] == ["US"] and abs(fulton[0].lon + 90.2) < 0.5  # Illinois, not Georgia
    text = ("A meeting was held in Santa Ana, California. Representatives from the City of Santa Ana, the Santa Ana "
            "Unified School District, and parents attended.")
    assert {p.country for p in _by_text(_places(nlp, geoparser, text), "Santa Ana")} == {"US"}  # not "X, the Y"


@pytest.mark.parametrize(("text", "name", "geonameid"), [
    ("Five people were killed in Kramatorsk on Tuesday.", "Kramatorsk", 704508),  # tagged a PRODUCT
    ("Two children among 14 killed in Sumy airstrike, officials say", "Sumy", 692194),  # tagged an ORG
    ("A strike hit the Ukrainian town of Kremenchuk.", "Kremenchuk", 704147),  # tagged a PERSON
    ("A family of four was killed as they fled Irpin.", "Irpin", 707565),
    ("Islamic State fighters killed 35 soldiers in Deir ez-Zor.", "Deir ez-Zor", 170794),
])
def test_a_town_the_phrase_places_needs_no_other_place(nlp: Any, geoparser: Geoparser, text: str, name: str,
                                                       geonameid: int) -> None:
    """A short text has no other place to support a town the model mislabels: "in", "near", "the town of",
    "a strike on", "fled" before a town of 1,000 people or more are enough."""
    assert [p.geonameid for p in _by_text(_places(nlp, geoparser, text), name)] == [geonameid]


@pytest.mark.parametrize(("text", "word"), [
    ("In Dr. Ivins' case, it led to his untimely death.", "Dr."),
    ("He spent two days at Zara's headquarters, creating designs.", "Zara"),
])
def test_a_name_after_in_that_is_not_a_town(nlp: Any, geoparser: Geoparser, text: str, word: str) -> None:
    assert not _by_text(_places(nlp, geoparser, text), word)


@pytest.mark.parametrize(("text", "geonameid"), [
    ("One woman was killed in Donetsk province.", 709716),
    ("Shelling hit the Kharkiv region overnight.", 706482),
    ("Two people were wounded in the Belgorod region.", 578071),
    ("Airstrikes hit the province of Idlib.", 169387),
    ("Shelling hit Donetsk overnight.", 709717),
])
def test_administrative_kind_as_written_is_the_region(nlp: Any, geoparser: Geoparser, text: str,
                                                      geonameid: int) -> None:
    """ "Donetsk province" is the oblast, not the city; the place's text stays the name ("Donetsk"), as news data
    sets mark it."""
    places = [p for p in _places(nlp, geoparser, text) if p.geonameid]
    assert [p.geonameid for p in places] == [geonameid]
    assert " " not in places[0].text
