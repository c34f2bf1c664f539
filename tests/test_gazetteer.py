"""Gazetteer index: name keys, transliteration variants, acronyms, open cost, GeoNames-dump builds."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from claimledger.errors import GazetteerError
from claimledger.gazetteer import Gazetteer, build_index, name_key


@pytest.fixture(scope="session")
def gazetteer_path() -> Path:
    """The real index in the cache directory, built there once (about 15 s) when missing."""
    return Gazetteer.open().path


@pytest.fixture(scope="session")
def gazetteer(gazetteer_path: Path) -> Gazetteer:
    return Gazetteer.open(gazetteer_path)


def test_name_key_folds_scripts_and_punctuation() -> None:
    assert name_key("Homyel'") == "homyel"
    assert name_key("Гомель") == "gomel"
    assert name_key("U.S.") == "us"
    assert name_key("The Hague") == "hague"
    assert name_key("St. Louis") == "st louis"


@pytest.mark.parametrize("name", ["Homel", "Gomel", "Homyel'", "Гомель", "HOMEL"])
def test_transliteration_variants_find_homyel(gazetteer: Gazetteer, name: str) -> None:
    assert 627907 in [c.geonameid for c in gazetteer.lookup(name, acronym=False)]


def test_candidates_are_typed_and_most_populous_first(gazetteer: Gazetteer) -> None:
    cands = gazetteer.lookup("London")
    assert cands[0].geonameid == 2643743 and cands[0].country == "GB" and cands[0].feature == "city"
    assert [c.population for c in cands] == sorted((c.population for c in cands), reverse=True)
    russia = gazetteer.lookup("Russia")[0]
    assert (russia.geonameid, russia.feature, russia.level) == (2017370, "country", 9)


def test_regions_have_centroids_and_alternate_names(gazetteer: Gazetteer) -> None:
    oblast = [c for c in gazetteer.lookup("Gomelskaya Oblast") if c.feature == "region"][0]
    assert oblast.geonameid == 628281 and oblast.country == "BY"
    assert 51 < oblast.lat < 54 and 27 < oblast.lon < 32  # inside the oblast


def test_acronyms_only_match_acronym_aliases(gazetteer: Gazetteer) -> None:
    assert [c.geonameid for c in gazetteer.lookup("US")] == [6252001]
    assert 6252001 not in [c.geonameid for c in gazetteer.lookup("Us")]
    assert gazetteer.lookup("U.K.")[0].country == "GB"


def test_demonyms(gazetteer: Gazetteer) -> None:
    assert gazetteer.demonym("Belarusian") == "BY"
    assert gazetteer.demonym("Russians") == "RU"
    assert gazetteer.demonym("American") == "US"  # the most populous country using it
    assert gazetteer.demonym("Homel") is None
    assert gazetteer.demonym("Korean") == "KR"  # made from the name: the demonym on record is "South Korean"
    assert gazetteer.demonym("Philippine") == "PH"  # on record: "Filipino"
    assert gazetteer.demonym("Bosnian") == "BA"  # on record: "Bosnian,Herzegovinian"
    assert gazetteer.demonym("African") is None  # South Africa lends no adjective to the continent's


def test_seas_and_world_regions(gazetteer: Gazetteer) -> None:
    atlantic = gazetteer.lookup("Atlantic")
    assert [c.geonameid for c in atlantic if c.level == 11] == [3373405]
    assert gazetteer.lookup("Mediterranean")[0].geonameid == 363196
    assert {c.geonameid for c in gazetteer.lookup("Middle East") if c.feature == "other"} == {6269133}


def test_open_is_lazy_and_fast(gazetteer_path: Path) -> None:
    started = time.perf_counter()
    gazetteer = Gazetteer.open(gazetteer_path)
    gazetteer.lookup("Minsk")
    assert time.perf_counter() - started < 0.2


def test_missing_index_without_build_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="claimledger gazetteer build"):
        Gazetteer.open(tmp_path / "none.sqlite", build=False)


def _dump_line(gid: int, name: str, alts: str, lat: float, lon: float, fclass: str, fcode: str, cc: str,
               admin1: str, population: int) -> str:
    cols = [str(gid), name, name, alts, str(lat), str(lon), fclass, fcode, cc, "", admin1, "", "", "",
            str(population), "", "100", "Europe/Minsk", "2020-01-01"]
    return "\t".join(cols) + "\n"


def test_build_from_a_geonames_dump(tmp_path: Path) -> None:
    dump = tmp_path / "allCountries.zip"
    lines = [
        _dump_line(630336, "Belarus", "Byelorussia,Беларусь", 53.0, 28.0, "A", "PCLI", "BY", "00", 9485386),
        _dump_line(627907, "Homyel'", "Gomel,Homel,Гомель", 52.4345, 30.9754, "P", "PPLA", "BY", "02", 501193),
        _dump_line(628281, "Homyel'skaya Voblasts'", "Gomel Oblast", 52.25, 29.5, "A", "ADM1", "BY", "02", 1400000),
        _dump_line(11, "Some Stream", "", 52.0, 30.0, "H", "STM", "BY", "02", 0),
    ]
    with zipfile.ZipFile(dump, "w") as zf:
        zf.writestr("allCountries.txt", "".join(lines))
    gazetteer = Gazetteer.open(build_index(tmp_path / "g.sqlite", dump))
    assert [c.geonameid for c in gazetteer.lookup("Гомель")] == [627907]
    assert gazetteer.lookup("Gomel Oblast")[0].feature == "region"
    assert gazetteer.lookup("Byelorussia")[0].feature == "country"
    assert gazetteer.lookup("Some Stream") == []  # hydrography is not kept
    assert gazetteer.demonym("Belarusian") == "BY"
    assert gazetteer.lookup("Homel")[0].names == 3  # homyel, gomel (twice: Latin and Cyrillic), homel


def test_famous_places_have_more_names(gazetteer: Gazetteer) -> None:
    venice = {c.country: c.names for c in gazetteer.lookup("Venice") if c.level == 0 and c.primary}
    assert venice["IT"] > 3 * venice["US"]


def test_build_from_a_bad_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "allCountries.txt"
    bad.write_text("not\ta\tdump\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="columns"):
        build_index(tmp_path / "g.sqlite", bad)
    with pytest.raises(GazetteerError, match="not found"):
        build_index(tmp_path / "g.sqlite", tmp_path / "missing.zip")


def test_countries_sit_at_geonames_points_and_regions_mid_box(gazetteer: Gazetteer) -> None:
    us = gazetteer.country("US")
    assert us is not None and (us.lat, us.lon) == (39.76, -98.5)
    ontario = next(c for c in gazetteer.lookup("Ontario") if c.level == 1 and c.country == "CA")
    assert 47.0 < ontario.lat < 52.0  # the middle of the province, not its populous south (about 44 N)
    alaska = next(c for c in gazetteer.lookup("Alaska") if c.level == 1)
    assert -170.0 < alaska.lon < -140.0  # Aleutians across the antimeridian do not pull it to 0


def test_largest_towns_of_a_country_and_region() -> None:
    gazetteer = Gazetteer.open()
    ukraine = gazetteer.largest("UA", limit=2)
    assert [c.geonameid for c in ukraine] == [703448, 706483] and ukraine[0].capital
    assert gazetteer.largest("UA", "07", limit=1)[0].geonameid == 706483  # Kharkiv oblast's
