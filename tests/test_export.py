"""Exports: GeoJSON per RFC 7946, ACLED and UCDP GED columns and precision codes, CSV, JSONL, Parquet."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pandas
import pytest
from test_ledger_fakes import kharkiv, make_claim, result

from claimledger.ledger import Ledger
from claimledger.ledger.export import (
    ACLED_COLUMNS,
    CSV_COLUMNS,
    UCDP_COLUMNS,
    ExportError,
    acled_row,
    export,
    ucdp_row,
)
from claimledger.ledger.types import StoredClaim
from claimledger.records import Place, Source


def _stored(**claim_fields: object) -> StoredClaim:
    claim = make_claim("c1", **claim_fields)  # type: ignore[arg-type]
    return StoredClaim(
        claim=claim,
        article_id="f" * 64,
        published="2022-03-14",
        outlet="Metro",
        url="https://m/1",
        title="Strike",
        origin="a.txt",
    )


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with Ledger(str(tmp_path / "x.db")) as opened:
        opened.add(
            result(
                "12 civilians killed in Kharkiv. 5 soldiers wounded.",
                [make_claim("c1", places=[kharkiv()]), make_claim("c2", category="wounded", low=5, high=5)],
            ),
            raw_hash="0" * 64,
        )
        yield opened


def test_geojson_follows_rfc_7946(ledger: Ledger) -> None:
    out = io.StringIO()
    assert export(ledger, "geojson", out) == 2
    data = json.loads(out.getvalue())
    assert data["type"] == "FeatureCollection" and "crs" not in data  # RFC 7946 §4: no crs member, WGS 84 only
    assert isinstance(data["features"], list) and len(data["features"]) == 2
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert set(feature) == {"type", "id", "geometry", "properties"}
        assert isinstance(feature["id"], str) and isinstance(feature["properties"], dict)
    located, unlocated = data["features"]
    # §3.1.1: a position is [longitude, latitude]; Kharkiv is at 49.98 N, 36.25 E
    assert located["geometry"] == {"type": "Point", "coordinates": [36.25272, 49.98081]}
    lon, lat = located["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert unlocated["geometry"] is None  # §3.2: an unlocated feature has a null geometry
    assert located["properties"]["place"] == "Kharkiv" and located["properties"]["category"] == "dead"


def test_acled_columns_and_codes() -> None:
    assert ACLED_COLUMNS[:4] == ("event_id_cnty", "event_date", "year", "time_precision")
    for required in (
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "source_scale",
        "notes",
        "fatalities",
    ):
        assert required in ACLED_COLUMNS
    day = acled_row(_stored(places=[kharkiv()], day="2022-03-13"))
    assert set(day) == set(ACLED_COLUMNS)
    assert (day["event_date"], day["year"], day["time_precision"]) == ("2022-03-13", "2022", 1)
    assert (day["location"], day["latitude"], day["longitude"], day["geo_precision"]) == (
        "Kharkiv",
        49.98081,
        36.25272,
        1,
    )
    assert (day["iso"], day["country"], day["fatalities"]) == (804, "Ukraine", 12)
    assert day["event_id_cnty"].startswith("UKR-") and day["civilian_targeting"] == "Civilian targeting"
    assert day["source"] == "Metro; a medical official" and day["notes"] == "12 civilians killed"
    week = acled_row(_stored(day="2022-03-07", end="2022-03-13", precision="week", places=[kharkiv("reference")]))
    assert (week["event_date"], week["time_precision"], week["geo_precision"]) == ("2022-03-10", 2, 2)
    month = acled_row(
        _stored(day="2022-03-01", end="2022-03-31", precision="month", places=[kharkiv(feature="region")])
    )
    assert (month["time_precision"], month["geo_precision"]) == (3, 3)
    wounded = acled_row(_stored(category="wounded", low=40, high=None, affiliation="military", day=None))
    assert (wounded["fatalities"], wounded["event_date"], wounded["time_precision"], wounded["civilian_targeting"]) == (
        0, None, None, None,
    )  # fmt: skip


def test_ucdp_columns_and_codes() -> None:
    for required in ("date_start", "date_end", "date_prec", "where_prec", "best", "low", "high", "source_article"):
        assert required in UCDP_COLUMNS
    assert "source_original" in UCDP_COLUMNS and "number_of_sources" in UCDP_COLUMNS
    row = ucdp_row(_stored(places=[kharkiv()], low=2501, high=None, day="2022-03-13"), 7)
    assert set(row) == set(UCDP_COLUMNS)
    assert (row["id"], row["low"], row["best"], row["high"]) == (7, 2501, 2501, None)  # "more than 2,500": no high
    assert (row["date_start"], row["date_end"], row["date_prec"], row["year"]) == (
        "2022-03-13",
        "2022-03-13",
        1,
        "2022",
    )
    assert (row["where_prec"], row["geom_wkt"], row["country"]) == (1, "POINT (36.25272 49.98081)", "Ukraine")
    assert row["source_article"] == "Metro, 2022-03-14, 'Strike'" and row["source_original"] == "a medical official"
    assert (row["deaths_civilians"], row["deaths_unknown"], row["event_clarity"]) == (2501, 0, 1)
    ranged = ucdp_row(
        _stored(low=30, high=40, affiliation="military", day="2022-03-10", end="2022-03-12", as_of=True), 1
    )
    assert (ranged["low"], ranged["best"], ranged["high"], ranged["date_prec"]) == (30, 35, 40, 2)
    assert (ranged["deaths_civilians"], ranged["deaths_unknown"], ranged["event_clarity"]) == (0, 35, 2)
    up_to = ucdp_row(_stored(low=None, high=40, day="2022-03-01", end="2022-03-31", precision="month"), 1)
    assert (up_to["low"], up_to["best"], up_to["high"], up_to["date_prec"]) == (None, 40, 40, 4)  # "up to": no low
    oblast = Place("Kharkiv Oblast", 0, 14, 706482, "Kharkivs'ka Oblast'", "UA", 49.5, 36.5, "region")
    assert (
        ucdp_row(_stored(places=[oblast], day="2022-01-01", end="2022-12-31", precision="year"), 1)["where_prec"] == 4
    )
    assert ucdp_row(_stored(places=[kharkiv("reference")]), 1)["where_prec"] == 2
    assert ucdp_row(_stored(places=[kharkiv(precision=3)]), 1)["where_prec"] == 3


def test_ucdp_export_holds_dead_claims_only(ledger: Ledger) -> None:
    out = io.StringIO()
    assert export(ledger, "ucdp", out) == 1
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == UCDP_COLUMNS and [r["best"] for r in rows] == ["12"]


def test_ucdp_and_acled_rows_never_add_a_part_to_its_whole_nor_count_rates(tmp_path: Path) -> None:
    whole, children = make_claim("w"), replace(make_claim("p", low=3, high=3, subject="children"), subset_of="w")
    daily = replace(make_claim("r", low=824, high=824), rate="day")
    crash = replace(make_claim("x", low=5, high=5), conflict="none")
    with Ledger(str(tmp_path / "u.db")) as opened:
        opened.add(
            result("12 civilians, including three children, killed.", [whole, children, daily, crash]), raw_hash="1"
        )
        out = io.StringIO()
        assert export(opened, "ucdp", out) == 1
        (row,) = csv.DictReader(io.StringIO(out.getvalue()))
        assert row["best"] == "12" and row["relid"].endswith("-w")
        flat = io.StringIO()
        export(opened, "csv", flat)
        parts = {r["claim_id"].split("-")[1]: r for r in csv.DictReader(io.StringIO(flat.getvalue()))}
        assert parts["p"]["subset_of"] == parts["w"]["claim_id"] and parts["r"]["rate"] == "day"
        acled = io.StringIO()
        export(opened, "acled", acled)
        fatalities = {r["event_id_cnty"].rsplit("-", 1)[1]: r for r in csv.DictReader(io.StringIO(acled.getvalue()))}
        # the column sums to the deaths the file holds: the whole once, its part and a daily rate not again
        assert {k: int(r["fatalities"]) for k, r in fatalities.items()} == {"w": 12, "p": 0, "r": 0, "x": 5}
        assert "part of " + parts["w"]["claim_id"] in fatalities["p"]["tags"]
        assert "rate=per day" in fatalities["r"]["tags"]


def test_csv_and_acled_files(ledger: Ledger, tmp_path: Path) -> None:
    assert export(ledger, "csv", tmp_path / "c.csv") == 2
    with (tmp_path / "c.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == CSV_COLUMNS and [r["category"] for r in rows] == ["dead", "wounded"]
    assert export(ledger, "acled", tmp_path / "a.csv", where=None) == 2
    header = (tmp_path / "a.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(ACLED_COLUMNS)


def test_jsonl_and_parquet(ledger: Ledger, tmp_path: Path) -> None:
    out = io.StringIO()
    assert export(ledger, "jsonl", out) == 2
    [line] = out.getvalue().splitlines()
    data = json.loads(line)
    assert data["article"]["text"].startswith("12 civilians") and [c["id"] for c in data["claims"]] == ["c1", "c2"]
    assert export(ledger, "parquet", tmp_path / "x.parquet") == 2
    frame = pandas.read_parquet(tmp_path / "x.parquet")
    assert list(frame.columns) == list(CSV_COLUMNS) and list(frame["low"]) == [12, 5]
    with pytest.raises(ExportError, match="needs a file"):
        export(ledger, "parquet", io.StringIO())
    with pytest.raises(ExportError, match="unknown export format"):
        export(ledger, "xlsx", io.StringIO())


@pytest.mark.acceptance
def test_jsonl_export_matches_the_claim_schema(ledger: Ledger, shared_dir: Path) -> None:
    import jsonschema

    schema = json.loads((shared_dir / "design" / "claim.schema.json").read_text(encoding="utf-8"))
    out = io.StringIO()
    export(ledger, "jsonl", out)
    for line in out.getvalue().splitlines():
        jsonschema.validate(json.loads(line), schema)


def test_sources_are_deduplicated_in_acled_source() -> None:
    row = acled_row(_stored(sources=[Source("Metro", "outlet", True), Source("Metro", "outlet", True)]))
    assert row["source"] == "Metro"
