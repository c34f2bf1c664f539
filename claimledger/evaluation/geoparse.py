"""Score the geoparser on GeoWebNews, LGL, TR-News or GeoVirus: detection P/R/F1 and resolution on gold spans.

Resolution follows Gritta et al. (2019): every gold toponym with coordinates is resolved from its gold span;
an unresolved toponym counts as the largest possible error (20,039 km). AUC is the mean of
ln(1 + error) / ln(1 + 20,039) over toponyms: 0 is perfect, lower is better.
"""

from __future__ import annotations

import math
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvalDataError
from ..geoparse import Geoparser, get_geoparser
from ..nlp import load_model

__all__ = ["GoldArticle", "GoldToponym", "evaluate", "read_dataset"]

FORMATS = ("gwn", "lgl", "trnews", "geovirus")
MAX_ERROR_KM = 20039.0


@dataclass
class GoldToponym:
    start: int
    end: int
    text: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class GoldArticle:
    id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _align(text: str, start: int, end: int, name: str) -> tuple[int, int] | None:
    """Offsets as given, shifted by one (1-based sets), or the nearest occurrence of the name within 50 chars."""
    for shift in (0, -1, 1):
        if text[start + shift : end + shift] == name:
            return start + shift, end + shift
    if not name:
        return None
    lo = max(0, start - 50)
    pos = text.find(name, lo, end + 50 + len(name))
    return (pos, pos + len(name)) if pos >= 0 else None


def _child(node: ET.Element, tag: str) -> str | None:
    found = node.find(tag)
    return found.text if found is not None else None


def _read_gwn(root: ET.Element) -> Iterator[GoldArticle]:
    """GWN.xml: gold toponyms are the annotated spans with coordinates (literal, metonymic, modifiers, embedded)."""
    for art in root.iter("article"):
        text = _child(art, "text") or ""
        article = GoldArticle(art.get("file", str(len(text))), text)
        for top in art.iter("toponym"):
            lat, lon = _float(_child(top, "latitude")), _float(_child(top, "longitude"))
            if lat is None or lon is None:
                continue
            name = _child(top, "extractedName") or ""
            span = _align(text, _int(_child(top, "start")) or 0, _int(_child(top, "end")) or 0, name)
            if span is not None:
                article.toponyms.append(GoldToponym(*span, name, _int(_child(top, "geonamesID")), lat, lon))
        yield article


def _read_lgl(root: ET.Element) -> Iterator[GoldArticle]:
    """LGL and TR-News: <article><text/><toponyms><toponym><start/><end/><phrase/><gaztag geonameid=...>."""
    for number, art in enumerate(root.iter("article")):
        text = _child(art, "text") or ""
        article = GoldArticle(art.get("docid", str(number)), text)
        for top in art.iter("toponym"):
            name = _child(top, "phrase") or ""
            span = _align(text, _int(_child(top, "start")) or 0, _int(_child(top, "end")) or 0, name)
            if span is None:
                continue
            gaz = top.find("gaztag")
            gid = _int(gaz.get("geonameid")) if gaz is not None else None
            lat = _float(_child(gaz, "lat")) if gaz is not None else None
            lon = _float(_child(gaz, "lon")) if gaz is not None else None
            article.toponyms.append(GoldToponym(*span, name, gid, lat, lon))
        yield article


def _read_geovirus(root: ET.Element) -> Iterator[GoldArticle]:
    """GeoVirus.xml: 1-based offsets, coordinates but no GeoNames ids."""
    for number, art in enumerate(root.iter("article")):
        text = _child(art, "text") or ""
        article = GoldArticle(_child(art, "source") or str(number), text)
        for loc in art.iter("location"):
            name = _child(loc, "name") or ""
            start, end = _int(_child(loc, "start")) or 1, _int(_child(loc, "end")) or 1
            span = _align(text, start - 1, end - 1, name)
            if span is not None:
                article.toponyms.append(GoldToponym(*span, name, None, _float(_child(loc, "lat")),
                                                    _float(_child(loc, "lon"))))
        yield article


def read_dataset(path: str | Path, data_format: str) -> list[GoldArticle]:
    """Read one of the four public sets (as their READMEs in ../shared/data describe)."""
    path = Path(path)
    if data_format not in FORMATS:
        raise EvalDataError(f"unknown format {data_format!r}", where=str(path),
                            hint=f"use --format {'|'.join(FORMATS)}")
    if path.is_dir():
        xmls = sorted(path.glob("*.xml"))
        if len(xmls) != 1:
            raise EvalDataError("expected one .xml file in the folder", where=str(path),
                                hint="pass the .xml file itself")
        path = xmls[0]
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise EvalDataError(f"cannot read XML: {exc}", where=str(path),
                            hint=f"pass the {data_format} XML file") from exc
    reader = {"gwn": _read_gwn, "lgl": _read_lgl, "trnews": _read_lgl, "geovirus": _read_geovirus}[data_format]
    articles = [a for a in reader(root) if a.text.strip()]
    if not articles:
        raise EvalDataError(f"no articles found for format {data_format}", where=str(path),
                            hint="check --format matches the file")
    return articles


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | None]:
    precision = tp / n_pred if n_pred else None
    recall = tp / n_gold if n_gold else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else (0.0 if n_gold else None)
    return {"precision": _round(precision), "recall": _round(recall), "f1": _round(f1)}


def _round(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def evaluate(path: str | Path, *, limit: int | None = None, data_format: str = "gwn", overlap: bool = False,
             geoparser: Geoparser | None = None, **_opts: Any) -> dict[str, Any]:
    """Detection on full articles, resolution on gold spans; ``overlap`` scores detection on any-overlap spans."""
    articles = read_dataset(path, data_format)[:limit]
    parser = geoparser or get_geoparser()
    nlp = load_model()
    scheme = {"adjectives": True, "embedded": True} if data_format == "gwn" else {}
    tp = n_pred = n_gold = 0
    ids_right = ids_total = 0
    errors: list[float] = []
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        predicted = parser.parse(doc, **scheme)
        gold_spans = {(t.start, t.end) for t in article.toponyms}
        pred_spans = {(p.start, p.end) for p in predicted}
        n_pred += len(pred_spans)
        n_gold += len(gold_spans)
        if overlap:
            tp += sum(1 for g in gold_spans if any(p[0] < g[1] and g[0] < p[1] for p in pred_spans))
        else:
            tp += len(gold_spans & pred_spans)
        gold = [t for t in article.toponyms if t.lat is not None and t.lon is not None]
        resolved = parser.resolve_spans(doc, [(t.start, t.end) for t in gold])
        for toponym, place in zip(gold, resolved, strict=True):
            if toponym.geonameid is not None:
                ids_total += 1
                ids_right += int(place.geonameid == toponym.geonameid)
            if place.lat is None or place.lon is None or toponym.lat is None or toponym.lon is None:
                errors.append(MAX_ERROR_KM)
            else:
                errors.append(haversine_km(place.lat, place.lon, toponym.lat, toponym.lon))
    resolution: dict[str, float | None] = {"exact_id": _round(ids_right / ids_total) if ids_total else None,
                                           "acc_161km": None, "median_km": None, "mean_km": None, "auc": None}
    if errors:
        resolution.update(
            acc_161km=_round(sum(e <= 161 for e in errors) / len(errors)),
            median_km=_round(statistics.median(errors)),
            mean_km=_round(statistics.fmean(errors)),
            auc=_round(statistics.fmean(math.log1p(e) / math.log1p(MAX_ERROR_KM) for e in errors)),
        )
    return {"detection": _prf(tp, n_pred, n_gold), "resolution": resolution, "articles": len(articles),
            "toponyms": n_gold}
