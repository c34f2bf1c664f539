"""The versioned REST API under ``/api/v1`` (OpenAPI document at ``/api/v1/openapi.json``).

Reads need the viewer role (or anonymous read switched on); reviews and new articles need an analyst.
Scripts authenticate with ``Authorization: Bearer TOKEN``; the pages' JavaScript uses the session cookie and
sends the CSRF token in ``X-CSRF-Token``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
import typing
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.security import HTTPBearer
from pydantic import AfterValidator, BaseModel, Field
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from ..corroborate import Estimate
from ..corroborate.grades import GradeLevel
from ..ledger.export import FORMATS, export
from ..ledger.models import ArticleRow
from ..records import Article, Category, Claim, SourceKind, Status
from .auth import Principal
from .deps import analyst, any_user, viewer, workspace
from .queries import SORT_CHOICES, ClaimQuery, ClaimTextPage, list_claims_text, list_claims_text_async
from .service import Bucket, GroupFilter, GroupSummary, NotFoundError, ProvenanceNode, ReviewEntry, Snapshot, claim_ref

JSON_TYPE = "application/json"


class ErrorOut(BaseModel):
    detail: str = Field(description="what went wrong, where, and how to fix it")


async def known_parameters(request: Request) -> None:
    """Refuse unknown or repeated query parameters: a typo ("categroy=dead") must not silently select everything."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    fields = [*dependant.query_params, *(p for sub in dependant.dependencies for p in sub.query_params)]
    known = {f.alias for f in fields}
    lists = {f.alias for f in fields if typing.get_origin(f.field_info.annotation) is list}
    for name in sorted(set(request.query_params)):
        if name not in known:
            message = f"unknown query parameter; this endpoint takes: {', '.join(sorted(known))}"
        elif name not in lists and len(request.query_params.getlist(name)) > 1:
            message = "given more than once; it takes one value"
        else:
            continue
        raise RequestValidationError([{"loc": ("query", name), "msg": message, "type": "extra_forbidden"}])


router = APIRouter(
    prefix="/api/v1",
    dependencies=[Depends(HTTPBearer(auto_error=False)), Depends(known_parameters)],
    tags=["claimledger"],
    responses={
        400: {"model": ErrorOut, "description": "a request the ledger cannot apply"},
        401: {"model": ErrorOut, "description": "no valid session or API token"},
        403: {"model": ErrorOut, "description": "the role does not allow it, or the CSRF token is missing"},
        404: {"model": ErrorOut, "description": "no such claim, group or article"},
        503: {"model": ErrorOut, "description": "the ledger's database cannot be reached or read"},
    },
)

Text = Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]
Note = Annotated[str | None, Field(default=None, max_length=4000, pattern=r"^[^\x00]*$")]
Ref = Annotated[str, Field(max_length=100, pattern=r"^[0-9a-f]{1,64}-[A-Za-z0-9_.:]{1,80}$")]


def _iso_day(value: str | None) -> str | None:
    if value is not None:
        dt.date.fromisoformat(value)  # ValueError -> 422 "not a real day" (2022-02-30)
    return value


#: An ISO day as text: pydantic's own date type also takes numbers ("0" = 1970-01-01), which hides mistakes.
IsoDay = Annotated[
    str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"}), AfterValidator(_iso_day)
]
Day = Annotated[IsoDay | None, Query()]
Viewer = Annotated[Principal, Depends(viewer)]
Analyst = Annotated[Principal, Depends(analyst)]


# -- response and request bodies ---------------------------------------------------------------------------


class GradeOut(BaseModel):
    level: GradeLevel
    reason: str
    reviewed: bool
    suggested: GradeLevel


class FigureOut(BaseModel):
    low: int | None = Field(description="the smallest lower bound a text gives; null: none gives one")
    best: int
    high: int | None = Field(description="the largest upper bound a text gives; null: none gives one")


class PlaceOut(BaseModel):
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    geonameid: int | None


class GroupOut(BaseModel):
    ref: str = Field(description="the group's id: the id of its first claim (any member's id also finds it)")
    id: str = Field(description="the same as ref")
    part_of: str | None = Field(default=None, description="id of the group of the whole this group is a part of")
    category: Category
    party: str | None
    affiliation: str
    subject: str | None
    as_of: bool
    start: str | None
    end: str | None
    day: dt.date | None
    grade: GradeOut
    figure: FigureOut | None
    place: PlaceOut | None
    statuses: list[Status]
    claims: int
    independent_roots: int
    first_published: str | None
    first_outlet: str | None
    members: list[str]


class AppearanceOut(BaseModel):
    ref: str
    article_id: str
    published: str | None
    outlet: str | None
    url: str | None
    root: str
    root_kind: str
    root_side: str | None = None  # the party the root speaks for, "neutral", or unknown
    partisan: bool = False  # the root is a side speaking of its enemy's losses
    low: int | None
    high: int | None
    status: Status
    evidence: str


class ProvenanceOut(BaseModel):
    label: str
    kind: str
    article_id: str | None = None
    ref: str | None = None
    children: list[ProvenanceOut] = []


class ReviewOut(BaseModel):
    pk: int
    at: dt.datetime
    username: str
    kind: str
    target: str
    other: str | None
    before: Any
    after: Any
    note: str | None


class GroupDetailOut(GroupOut):
    rivals: list[str]
    parts: list[str] = Field(default_factory=list, description="ids of the groups that are parts of this one")
    appearances: list[AppearanceOut]
    provenance: list[ProvenanceOut]
    reviews: list[ReviewOut]


class ClaimOut(BaseModel):
    ref: str
    article_id: str
    published: str | None
    outlet: str | None
    url: str | None
    title: str | None
    claim: Claim


class ClaimPageOut(BaseModel):
    items: list[ClaimOut]
    page: int
    per_page: int
    next_page: int | None


class ArticleOut(BaseModel):
    article: Article
    claims: list[ClaimOut]


class ArticleIn(BaseModel):
    text: str = Field(min_length=1, max_length=2_000_000)
    title: Text | None = None
    published: IsoDay | None = None
    outlet: Text | None = None
    url: Annotated[str | None, Field(default=None, max_length=2000, pattern=r"^https?://[^\x00\s]+$")] = None


class ArticleCreated(BaseModel):
    article_id: str
    new: bool
    claims: int


class MeOut(BaseModel):
    username: str
    role: str
    via: str


class TokenIn(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\x00]*$")] = "script"


class TokenOut(BaseModel):
    name: str
    token: str = Field(description="shown once; send it as Authorization: Bearer TOKEN")


class GradeIn(BaseModel):
    level: GradeLevel
    note: Note = None


class CountIn(BaseModel):
    low: Annotated[int | None, Field(ge=0, le=100_000_000)] = None
    high: Annotated[int | None, Field(ge=0, le=100_000_000)] = None
    note: Note = None


class PlaceIn(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00]*\S[^\x00]*$")]
    lat: Annotated[float | None, Field(ge=-90, le=90)] = None
    lon: Annotated[float | None, Field(ge=-180, le=180)] = None
    country: Annotated[str | None, Field(pattern=r"^[A-Za-z]{2}$")] = None
    note: Note = None


class SourceIn(BaseModel):
    text: Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00]*\S[^\x00]*$")]
    kind: SourceKind = "unknown"
    named: bool = False
    note: Note = None


class MergeIn(BaseModel):
    other: Ref
    note: Note = None


class NoteIn(BaseModel):
    note: Annotated[str, Field(min_length=1, max_length=4000, pattern=r"^[^\x00]*\S[^\x00]*$")]


class SplitIn(BaseModel):
    note: Note = None


# -- converting ---------------------------------------------------------------------------------------------


def group_out(item: GroupSummary) -> dict[str, Any]:
    group, view = item.group, item.view
    place = item.place
    return {
        "ref": item.ref,
        "id": item.ref,
        "part_of": item.part_of,
        "category": group.category,
        "party": group.party,
        "affiliation": group.affiliation,
        "subject": group.subject,
        "as_of": group.as_of,
        "start": group.start,
        "end": group.end,
        "day": item.day,
        "grade": {
            "level": item.grade.level,
            "reason": item.grade.reason,
            "reviewed": item.reviewed,
            "suggested": view.grade.level,
        },
        "figure": (
            {"low": item.figure.low, "best": item.figure.best, "high": item.figure.high} if item.figure else None
        ),
        "place": (
            {
                "name": place.name or place.text,
                "lat": place.lat,
                "lon": place.lon,
                "country": place.country,
                "geonameid": place.geonameid,
            }
            if place
            else None
        ),
        "statuses": list(item.statuses),
        "claims": len(group.appearances),
        "independent_roots": view.independent_roots,
        "first_published": view.first_published,
        "first_outlet": view.first_outlet,
        "members": list(item.members),
    }


def _tree(node: ProvenanceNode) -> dict[str, Any]:
    return {
        "label": node.label,
        "kind": node.kind,
        "article_id": node.article_id,
        "ref": node.ref,
        "children": [_tree(c) for c in node.children],
    }


def review_out(entry: ReviewEntry) -> dict[str, Any]:
    return {
        "pk": entry.pk,
        "at": entry.at,
        "username": entry.username,
        "kind": entry.kind,
        "target": entry.target,
        "other": entry.other,
        "before": entry.before,
        "after": entry.after,
        "note": entry.note,
    }


def group_detail(snap: Snapshot, item: GroupSummary) -> dict[str, Any]:
    appearances = []
    for a in sorted(item.group.appearances, key=lambda a: (a.published or "9999", a.article_id)):
        ref = claim_ref(a.article_id, a.claim_id)
        claim, _ = snap.claims[ref]
        appearances.append(
            {
                "ref": ref,
                "article_id": a.article_id,
                "published": a.published,
                "outlet": a.outlet,
                "url": a.url,
                "root": a.root.label,
                "root_kind": a.root.kind,
                "root_side": a.root.side,
                "partisan": a.root.partisan,
                "low": a.low,
                "high": a.high,
                "status": a.status,
                "evidence": claim.evidence.text,
            }
        )
    rivals = [snap.by_claim[ref] for ref in _rival_refs(snap, item)]
    return {
        **group_out(item),
        "rivals": [r.ref for r in rivals],
        "parts": [g.ref for g in snap.groups if g.part_of == item.ref],
        "appearances": appearances,
        "provenance": [_tree(n) for n in snap.provenance(item)],
        "reviews": [review_out(r) for r in snap.reviews_of(item)],
    }


def _rival_refs(snap: Snapshot, item: GroupSummary) -> list[str]:
    by_id = {g.group.id: g for g in snap.groups}
    return [by_id[r].ref for r in item.group.rivals if r in by_id]


def claim_out(stored_article_id: str, claim: Claim, article: Article | Any) -> dict[str, Any]:
    return {
        "ref": claim_ref(stored_article_id, claim.id),
        "article_id": stored_article_id,
        "published": article.published,
        "outlet": article.outlet,
        "url": article.url,
        "title": article.title,
        "claim": claim,
    }


def group_filter(
    category: list[Category],
    party: list[str],
    status: list[Status],
    grade: list[GradeLevel],
    since: str | None,
    until: str | None,
) -> GroupFilter:
    return GroupFilter(
        categories=list(category),
        parties=list(party),
        statuses=list(status),
        grades=list(grade),
        since=since,
        until=until,
    )


def find_article(request: Request, article_id: str) -> Article:
    """An article by its id or a unique prefix of at least 8 hex digits."""
    ledger = workspace(request).ledger
    if len(article_id) == 64:
        found = ledger.article(article_id)
        if found is not None:
            return found
    with ledger.session() as session:
        ids = list(session.scalars(select(ArticleRow.id).where(ArticleRow.id.startswith(article_id)).limit(2)))
    if len(ids) != 1:
        raise NotFoundError(
            f"no article {article_id!r}" if not ids else f"{article_id!r} names several articles",
            hint="give more of its id",
        )
    article = ledger.article(ids[0])
    assert article is not None
    return article


# -- query parameters shared by the list endpoints ----------------------------------------------------------

Categories = Annotated[list[Category], Query(description="dead, wounded, ... (repeat for several)")]
Statuses = Annotated[list[Status], Query()]
Grades = Annotated[list[GradeLevel], Query()]
Parties = Annotated[list[Text], Query(description="party of the people counted, e.g. Russia")]

Words = Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$")]
ArticleId = Annotated[str, Field(min_length=8, max_length=64, pattern=r"^[0-9a-f]+$")]


async def claim_filters(
    category: Categories = [],  # noqa: B006 - FastAPI query defaults
    status: Statuses = [],  # noqa: B006
    since: Day = None,
    until: Day = None,
    place: Words = None,
    source: Words = None,
    outlet: Words = None,
) -> ClaimQuery:
    """The filters the claims table and its export share, declared once. ``async``: FastAPI calls it on the
    event loop, not through its thread pool."""
    return ClaimQuery(
        categories=list(category),
        statuses=list(status),
        since=since,
        until=until,
        place=place or None,
        source=source or None,
        outlet=outlet or None,
    )


ClaimFilters = Annotated[ClaimQuery, Depends(claim_filters)]


# -- endpoints ----------------------------------------------------------------------------------------------


@router.get("/me", response_model=MeOut, summary="who am I")
def me(user: Viewer) -> dict[str, Any]:
    return {"username": user.username, "role": user.role, "via": user.via}


@router.get("/claims", response_model=ClaimPageOut, summary="claims, filtered, sorted and paged")
async def claims(
    request: Request,
    user: Viewer,
    filters: ClaimFilters,
    party: Parties = [],  # noqa: B006 - FastAPI query defaults
    grade: Grades = [],  # noqa: B006
    article: Annotated[str | None, Query(max_length=64, pattern=r"^[0-9a-f]*$")] = None,
    sort: Annotated[Literal[SORT_CHOICES], Query()] = "-published",  # type: ignore[valid-type]
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Response:
    query = replace(
        filters,
        parties=list(party),
        grades=list(grade),
        article=article or None,
        sort=sort,
        page=page,
        per_page=per_page,
    )
    space = workspace(request)
    pool = request.app.state.page_pool  # PostgreSQL: pages on this event loop (set up by the app's lifespan)
    found = await list_claims_text_async(space.ledger, pool, query) if pool is not None else None
    uncommon = query.grades or query.place or query.source or query.outlet
    if found is None and space.ledger.url.startswith("sqlite") and not uncommon:
        # A few indexed SQLite reads, about a millisecond of this process's CPU: on the event loop, which saves a
        # thread hop that costs about as much under load.
        found = list_claims_text(space.ledger, query, space.snapshot)
    elif found is None:
        # Waits on the PostgreSQL server, or may build the corroboration snapshot or scan many rows: in the
        # thread pool, so the event loop serves other requests meanwhile.
        found = await run_in_threadpool(list_claims_text, space.ledger, query, space.snapshot)
    return Response(claim_page_json(found), media_type=JSON_TYPE)


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def claim_page_json(page: ClaimTextPage) -> bytes:
    """``ClaimPageOut`` as JSON, each claim spliced in as stored (already the schema's shape): parsing and
    re-serialising 50 claims per request cost more than the query, and pydantic validation more again."""
    items = []
    for row in page.items:
        head = _ENCODE(
            {
                "ref": claim_ref(row.article_id, row.claim_id),
                "article_id": row.article_id,
                "published": row.published,
                "outlet": row.outlet,
                "url": row.url,
                "title": row.title,
            }
        )
        items.append(f'{head[:-1]}, "claim": {row.json}}}')
    next_page = page.page + 1 if page.has_next else None
    tail = json.dumps({"page": page.page, "per_page": page.per_page, "next_page": next_page})
    return f'{{"items": [{", ".join(items)}], {tail[1:]}'.encode()


@router.get("/groups", response_model=list[GroupOut], summary="claim groups (the map), filtered")
def groups(
    request: Request,
    user: Viewer,
    category: Categories = [],  # noqa: B006
    status: Statuses = [],  # noqa: B006
    party: Parties = [],  # noqa: B006
    grade: Grades = [],  # noqa: B006
    since: Day = None,
    until: Day = None,
    limit: Annotated[int, Query(ge=1, le=50_000)] = 5000,
) -> list[dict[str, Any]]:
    snap = workspace(request).snapshot()
    chosen = snap.select(group_filter(category, party, status, grade, since, until))
    return [group_out(g) for g in chosen[:limit]]


@router.get("/groups/{ref}", response_model=GroupDetailOut, summary="one group: appearances, provenance, log")
def group(request: Request, user: Viewer, ref: Annotated[str, Field(max_length=100)]) -> dict[str, Any]:
    snap = workspace(request).snapshot()
    return group_detail(snap, snap.group(ref))


@router.get("/timeline", response_model=list[Bucket], summary="best figures per day or week")
def timeline(
    request: Request,
    user: Viewer,
    by: Literal["day", "week"] = "day",
    category: Categories = [],  # noqa: B006
    status: Statuses = [],  # noqa: B006
    party: Parties = [],  # noqa: B006
    grade: Grades = [],  # noqa: B006
    since: Day = None,
    until: Day = None,
) -> list[Bucket]:
    snap = workspace(request).snapshot()
    return snap.timeline(group_filter(category, party, status, grade, since, until), by=by)


@router.get("/estimates", response_model=list[Estimate], summary="low/best/high per place, period, category, party")
def estimates(
    request: Request,
    user: Viewer,
    by: Literal["day", "week", "month"] = "month",
    place: Words = None,
) -> list[Estimate]:
    return workspace(request).snapshot().estimates(by=by, place=place or None)


@router.get("/articles/{article_id}", response_model=ArticleOut, summary="an article and its claims")
def article(request: Request, user: Viewer, article_id: ArticleId) -> dict[str, Any]:
    found = find_article(request, article_id)
    stored = workspace(request).ledger.claims(article_id=found.id)
    return {"article": found, "claims": [claim_out(found.id, s.claim, s) for s in stored]}


@router.post("/articles", response_model=ArticleCreated, status_code=201, summary="read and store an article")
def add_article(request: Request, user: Analyst, body: ArticleIn) -> dict[str, Any]:
    result, new = workspace(request).add_article(
        user,
        body.text,
        published=body.published,
        outlet=body.outlet,
        url=body.url,
        title=body.title,
    )
    return {"article_id": result.article.id, "new": new, "claims": len(result.claims)}


def _review(request: Request, user: Principal, kind: str, ref: str, **values: Any) -> dict[str, Any]:
    entry = workspace(request).review(user, kind, ref, **values)
    return review_out(entry)


@router.post("/groups/{ref}/grade", response_model=ReviewOut, status_code=201, summary="set the group's grade")
def set_grade(request: Request, user: Analyst, ref: Annotated[str, Field(max_length=100)], body: GradeIn) -> Any:
    return _review(request, user, "grade", ref, after={"level": body.level}, note=body.note)


@router.post("/groups/{ref}/merge", response_model=ReviewOut, status_code=201, summary="merge another group in")
def merge(request: Request, user: Analyst, ref: Annotated[str, Field(max_length=100)], body: MergeIn) -> Any:
    return _review(request, user, "merge", ref, other=body.other, note=body.note)


@router.post("/groups/{ref}/notes", response_model=ReviewOut, status_code=201, summary="add a note to the group")
def note(request: Request, user: Analyst, ref: Annotated[str, Field(max_length=100)], body: NoteIn) -> Any:
    return _review(request, user, "note", ref, note=body.note)


@router.post("/claims/{ref}/split", response_model=ReviewOut, status_code=201, summary="take a claim out of its group")
def split(request: Request, user: Analyst, ref: Annotated[str, Field(max_length=100)], body: SplitIn) -> Any:
    return _review(request, user, "split", ref, note=body.note)


@router.post("/claims/{ref}/count", response_model=ReviewOut, status_code=201, summary="correct a claim's count")
def correct_count(request: Request, user: Analyst, ref: Annotated[str, Field(max_length=100)], body: CountIn) -> Any:
    return _review(request, user, "count", ref, after={"low": body.low, "high": body.high}, note=body.note)


@router.post("/claims/{ref}/place", response_model=ReviewOut, status_code=201, summary="correct a claim's place")
def correct_place(request: Request, user: Analyst, ref: Annotated[str, Field(max_length=100)], body: PlaceIn) -> Any:
    after = {"name": body.name, "lat": body.lat, "lon": body.lon, "country": body.country}
    return _review(request, user, "place", ref, after=after, note=body.note)


@router.post("/claims/{ref}/source", response_model=ReviewOut, status_code=201, summary="correct a claim's source")
def correct_source(request: Request, user: Analyst, ref: Annotated[str, Field(max_length=100)], body: SourceIn) -> Any:
    after = {"text": body.text, "kind": body.kind, "named": body.named}
    return _review(request, user, "source", ref, after=after, note=body.note)


@router.post("/tokens", response_model=TokenOut, status_code=201, summary="create an API token for yourself")
def create_token(request: Request, user: Annotated[Principal, Depends(any_user)], body: TokenIn) -> dict[str, Any]:
    token = request.app.state.accounts.create_token(user.username, body.name)
    return {"name": body.name, "token": token}


_EXPORT_TYPES = {
    "csv": "text/csv",
    "acled": "text/csv",
    "ucdp": "text/csv",
    "geojson": "application/geo+json",
    "jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}


@router.get(
    "/export",
    summary="the filtered claims in an export format",
    response_class=Response,
    responses={200: {"content": {t: {} for t in sorted(set(_EXPORT_TYPES.values()))}}},
)
def export_claims(
    request: Request,
    user: Viewer,
    filters: ClaimFilters,
    format: Literal[FORMATS] = "csv",  # type: ignore[valid-type]
) -> Response:
    where = filters.ledger_filter()
    ledger = workspace(request).ledger
    name = f"claims.{'csv' if format in ('acled', 'ucdp') else format}"
    headers = {"Content-Disposition": f'attachment; filename="{format}-{name}"'}
    if format == "parquet":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            export(ledger, format, path, where)
            data = path.read_bytes()
        return Response(data, media_type=_EXPORT_TYPES[format], headers=headers)
    buffer = io.StringIO()
    export(ledger, format, buffer, where)
    return Response(buffer.getvalue(), media_type=_EXPORT_TYPES[format], headers=headers)


@router.get(
    "/basemap.geojson",
    summary="offline basemap: country outlines",
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}}},
)
def basemap(user: Viewer) -> Response:
    return Response(_basemap(), media_type="application/geo+json", headers={"Cache-Control": "max-age=86400"})


@lru_cache(maxsize=1)
def _basemap() -> bytes:
    """Country outlines from the ``countryinfo`` package (Natural Earth based), as one FeatureCollection."""
    from countryinfo import all_countries

    features = []
    for country in all_countries():
        for feature in (country.geo_json() or {}).get("features", []):
            properties = {"name": country.name(), "label": _label_point(feature["geometry"])}
            features.append({"type": "Feature", "properties": properties, "geometry": feature["geometry"]})
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")).encode()


def _label_point(geometry: dict[str, Any]) -> list[float] | None:
    """Where a country's name goes on the offline map: the middle of its largest outline's bounding box."""
    polygons = geometry.get("coordinates") or []
    if geometry.get("type") == "Polygon":
        polygons = [polygons]
    best: tuple[float, list[float]] | None = None
    for polygon in polygons:
        ring = polygon[0] if polygon else []
        if not ring:
            continue
        lons, lats = [p[0] for p in ring], [p[1] for p in ring]
        area = (max(lons) - min(lons)) * (max(lats) - min(lats))
        if best is None or area > best[0]:
            best = (area, [round((max(lons) + min(lons)) / 2, 3), round((max(lats) + min(lats)) / 2, 3)])
    return best[1] if best else None


__all__ = ["router"]
