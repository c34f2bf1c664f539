"""Server-rendered pages (Jinja2, autoescaped): login, map + timeline, claims table, group, article, upload.

Every form posts with a CSRF token; every write checks the role. Article text and notes are untrusted and
only ever rendered as escaped text (no ``|safe`` anywhere); the map's JavaScript builds popups with
``textContent``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from ..corroborate.grades import GRADE_LEVELS
from ..errors import ClaimledgerError
from ..ledger.export import FORMATS
from ..records import CATEGORIES, STATUSES, Claim
from .api import find_article, group_detail
from .auth import LOGIN_CSRF_COOKIE, SESSION_COOKIE, Principal, same_token
from .deps import accounts, analyst, any_user, current_user, viewer, workspace
from .queries import SORT_CHOICES, ClaimQuery, list_claims
from .service import REVIEW_KINDS, claim_ref
from .throttle import LoginThrottle

router = APIRouter(include_in_schema=False)
Viewer = Annotated[Principal, Depends(viewer)]
Analyst = Annotated[Principal, Depends(analyst)]
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SOURCE_KINDS = ("official", "military", "government", "medical", "resident", "eyewitness", "ngo", "journalist",
                "social_media", "unknown")  # fmt: skip


@dataclass(frozen=True)
class Segment:
    """A run of article text and the highlight classes that cover it."""

    text: str
    classes: tuple[str, ...]
    claim: str | None = None


def highlight(text: str, spans: list[tuple[int, int, str, str | None]], offset: int = 0) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece carries the classes of the spans over it (overlaps kept)."""
    inside = [(max(s - offset, 0), min(e - offset, len(text)), c, r) for s, e, c, r in spans]
    inside = [(s, e, c, r) for s, e, c, r in inside if s < e]
    cuts = sorted({0, len(text), *(s for s, _, _, _ in inside), *(e for _, e, _, _ in inside)})
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        over = [(c, r) for s, e, c, r in inside if s <= start and end <= e]
        classes = tuple(sorted({c for c, _ in over}))
        refs = [r for _, r in over if r]
        pieces.append(Segment(text[start:end], classes, refs[0] if refs else None))
    return pieces


def claim_spans(claim: Claim, ref: str | None) -> list[tuple[int, int, str, str | None]]:
    spans: list[tuple[int, int, str, str | None]] = [(claim.evidence.start, claim.evidence.end, "evidence", ref)]
    if claim.count.start is not None and claim.count.end is not None:
        spans.append((claim.count.start, claim.count.end, "count", ref))
    if claim.trigger is not None:
        spans.append((claim.trigger.start, claim.trigger.end, "trigger", ref))
    spans.extend((p.start, p.end, f"place role-{p.role}", ref) for p in claim.places if p.end > p.start)
    return spans


def _templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    user = current_user(request)
    base = {
        "user": user,
        "csrf": user.csrf if user else None,
        "settings": request.app.state.settings,
        "categories": CATEGORIES,
        "statuses": STATUSES,
        "grades": GRADE_LEVELS,
        "path": request.url.path,
    }
    return _templates(request).TemplateResponse(request, name, {**base, **context}, status_code=status)


def _safe_next(target: str | None) -> str:
    """Only same-site paths after login (no open redirect to //evil.example)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


# -- login ----------------------------------------------------------------------------------------------------


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:  # noqa: A002 - the query parameter's name
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", {"login_csrf": token, "next": _safe_next(next), "error": None})
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", max_age=3600, path="/login")
    return response


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",  # noqa: A002
) -> Response:
    target = _safe_next(next)
    if not same_token(csrf_token, request.cookies.get(LOGIN_CSRF_COOKIE)):
        return _login_again(request, target, "The form expired; please log in again.", 403)
    throttle: LoginThrottle = request.app.state.login_throttle
    address = request.client.host if request.client else "unknown"
    attempt = throttle.attempt(username, address)
    if isinstance(attempt, int):
        response = _login_again(request, target, f"Too many failed logins: try again in {attempt} seconds.", 429)
        response.headers["Retry-After"] = str(attempt)
        return response
    user = accounts(request).authenticate(username, password)
    if user is None:
        return _login_again(request, target, "Wrong username or password.", 401)  # the attempt stays counted
    throttle.succeeded(attempt)
    token = accounts(request).open_session(user)
    response = RedirectResponse(target, status_code=303)
    settings = request.app.state.settings
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        max_age=int(settings.session_hours * 3600),
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


def _login_again(request: Request, target: str, error: str, status: int) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", {"login_csrf": token, "next": target, "error": error}, status)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", max_age=3600, path="/login")
    return response


@router.post("/logout")
async def logout(request: Request, user: Annotated[Principal, Depends(any_user)]) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        accounts(request).close_session(cookie)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


# -- reading --------------------------------------------------------------------------------------------------


#: The query parameters each page takes; any other name, or a value outside its choices, is a 400 page (a
#: misspelt filter silently ignored would show every claim as if filtered).
_MAP_PARAMETERS = ("category", "status", "grade", "party", "since", "until", "by")
_CLAIMS_PARAMETERS = ("category", "status", "grade", "party", "since", "until", "place", "source", "outlet", "sort")
_CHOICES: dict[str, tuple[str, ...]] = {
    "category": CATEGORIES,
    "status": STATUSES,
    "grade": GRADE_LEVELS,
    "by": ("day", "week"),
    "sort": SORT_CHOICES,
}
MAX_PAGE = 100_000  # as the API's


def checked_parameters(request: Request, allowed: tuple[str, ...]) -> dict[str, list[str]]:
    """The page's query parameters, each checked as the API checks it; empty form fields count as absent."""
    values: dict[str, list[str]] = {name: [] for name in allowed}
    for name, value in request.query_params.multi_items():
        if name not in values:
            raise ClaimledgerError(f"unknown parameter {name!r}", hint=f"this page takes {', '.join(allowed)}")
        value = value.strip()
        if not value:
            continue
        if len(value) > 200 or "\x00" in value:
            raise ClaimledgerError(f"{name}: too long or not text", hint="at most 200 characters")
        if name in _CHOICES and value not in _CHOICES[name]:
            raise ClaimledgerError(f"{name}: {value[:40]!r} is not one of {', '.join(_CHOICES[name])}")
        if name in ("since", "until") and _iso(value) is None:
            raise ClaimledgerError(f"{name}: {value[:40]!r} is not a day", hint="use YYYY-MM-DD")
        if name == "page" and not (value.isdigit() and 1 <= int(value) <= MAX_PAGE):
            raise ClaimledgerError(f"page: {value[:40]!r} is not a page number", hint=f"use 1 to {MAX_PAGE:,}")
        values[name].append(value)
    return values


@router.get("/")
def map_page(request: Request, user: Viewer) -> Response:
    params = checked_parameters(request, _MAP_PARAMETERS)
    return render(
        request,
        "map.html",
        {
            "selected": {
                "category": params["category"],
                "status": params["status"],
                "grade": params["grade"],
                "party": next(iter(params["party"]), ""),
                "since": next(iter(params["since"]), ""),
                "until": next(iter(params["until"]), ""),
                "by": next(iter(params["by"]), "day"),
            }
        },
    )


@router.get("/claims")
def claims_page(request: Request, user: Viewer) -> Response:
    checked = checked_parameters(request, (*_CLAIMS_PARAMETERS, "page"))

    def one(name: str) -> str | None:
        return next(iter(checked[name]), None)

    sort = one("sort") or "-published"
    query = ClaimQuery(
        categories=checked["category"],
        statuses=checked["status"],
        parties=checked["party"][:1],
        grades=checked["grade"],
        since=_iso(one("since")),
        until=_iso(one("until")),
        place=one("place"),
        source=one("source"),
        outlet=one("outlet"),
        sort=sort,
        page=int(one("page") or 1),
        per_page=50,
    )
    params = request.query_params
    space = workspace(request)
    result = list_claims(space.ledger, query, space.snapshot)
    kept = [(k, v) for k, v in params.multi_items() if k not in ("page", "sort") and v]
    export_keys = {"category", "status", "since", "until", "place", "source", "outlet"}

    def link(**changes: Any) -> str:
        items = [(k, v) for k, v in kept] + [(k, str(v)) for k, v in changes.items() if v is not None]
        if "sort" not in changes:
            items.append(("sort", sort))
        return "/claims?" + urlencode(items)

    export_base = [(k, v) for k, v in kept if k in export_keys]
    return render(
        request,
        "claims.html",
        {
            "rows": [(claim_ref(s.article_id, s.claim.id), s) for s in result.items],
            "query": query,
            "sort": sort,
            "link": link,
            "has_next": result.has_next,
            "exports": [(f, "/api/v1/export?" + urlencode([*export_base, ("format", f)])) for f in FORMATS],
            "partial_export": bool(query.parties or query.grades),
            "selected": {
                "category": query.categories,
                "status": query.statuses,
                "grade": query.grades,
                "party": params.get("party", ""),
                "since": query.since or "",
                "until": query.until or "",
                "place": query.place or "",
                "source": query.source or "",
                "outlet": query.outlet or "",
            },
        },
    )


def _iso(value: str | None) -> str | None:
    import datetime as dt

    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


@router.get("/groups/{ref}")
def group_page(request: Request, user: Viewer, ref: str) -> Response:
    snap = workspace(request).snapshot()
    item = snap.group(ref)
    detail = group_detail(snap, item)
    evidence = []
    for row in detail["appearances"]:
        claim, article = snap.claims[row["ref"]]
        spans = claim_spans(claim, None)
        segments = highlight(claim.evidence.text, [s for s in spans if s[2] != "evidence"], claim.evidence.start)
        evidence.append((row, claim, article, segments))
    return render(
        request,
        "group.html",
        {
            "item": item,
            "detail": detail,
            "evidence": evidence,
            "kinds": REVIEW_KINDS,
            "source_kinds": SOURCE_KINDS,
        },
    )


@router.get("/articles/{article_id}")
def article_page(request: Request, user: Viewer, article_id: str) -> Response:
    if not (8 <= len(article_id) <= 64) or any(c not in "0123456789abcdef" for c in article_id):
        raise ClaimledgerError(f"{article_id!r} is not an article id", hint="article ids are hex digests")
    article = find_article(request, article_id)
    stored = workspace(request).ledger.claims(article_id=article.id)
    spans = [span for s in stored for span in claim_spans(s.claim, claim_ref(article.id, s.claim.id))]
    return render(
        request,
        "article.html",
        {
            "article": article,
            "claims": [(claim_ref(article.id, s.claim.id), s.claim) for s in stored],
            "segments": highlight(article.text, spans),
        },
    )


# -- writing --------------------------------------------------------------------------------------------------


@router.post("/groups/{ref}/review")
async def review(request: Request, user: Analyst, ref: str) -> Response:
    form = await request.form()

    def field(name: str) -> str | None:
        value = form.get(name)
        return value.strip()[:4000] if isinstance(value, str) and value.strip() else None

    kind = field("kind") or ""
    target = field("claim") or ref
    values: dict[str, Any] = {"note": field("note")}
    if kind == "grade":
        values["after"] = {"level": field("level")}
    elif kind == "count":
        values["after"] = {"low": field("low"), "high": field("high")}
    elif kind == "place":
        values["after"] = {"name": field("name"), "lat": field("lat"), "lon": field("lon"), "country": field("country")}
    elif kind == "source":
        values["after"] = {"text": field("text"), "kind": field("source_kind"), "named": field("named")}
    elif kind == "merge":
        values["other"] = field("other")
    space = workspace(request)
    space.review(user, kind, target, **values)
    group_ref = space.snapshot().group(ref if kind != "split" else target).ref
    return RedirectResponse(f"/groups/{group_ref}#log", status_code=303)


@router.get("/upload")
def upload_form(request: Request, user: Analyst) -> Response:
    return render(request, "upload.html", {"error": None})


@router.post("/upload")
async def upload(request: Request, user: Analyst) -> Response:
    form = await request.form(max_part_size=MAX_UPLOAD_BYTES)
    text = form.get("text")
    file = form.get("file")
    if isinstance(file, UploadFile) and file.filename:
        data = await file.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            raise ClaimledgerError("the file is larger than 5 MB", hint="paste the article text instead")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ClaimledgerError(
                "the file is not UTF-8 text", where=file.filename, hint="upload a .txt file"
            ) from exc
    if not isinstance(text, str) or not text.strip():
        return render(request, "upload.html", {"error": "Paste an article or choose a text file."}, 400)

    def field(name: str) -> str | None:
        value = form.get(name)
        return value.strip()[:2000] if isinstance(value, str) and value.strip() else None

    published = _iso(field("published"))
    if field("published") and published is None:
        return render(request, "upload.html", {"error": "The publication date must be YYYY-MM-DD."}, 400)
    result, _ = workspace(request).add_article(
        user, text, published=published, outlet=field("outlet"), url=field("url"), title=field("title")
    )
    return RedirectResponse(f"/articles/{result.article.id}", status_code=303)


@router.get("/account")
def account_page(request: Request, user: Viewer) -> Response:
    return render(request, "account.html", {"token": None})


@router.post("/account/tokens")
async def account_token(request: Request, user: Annotated[Principal, Depends(any_user)]) -> Response:
    form = await request.form()
    name = form.get("name")
    label = name.strip()[:100] if isinstance(name, str) and name.strip() else "script"
    token = accounts(request).create_token(user.username, label)
    response = render(request, "account.html", {"token": token})
    response.headers["Cache-Control"] = "no-store"
    return response


__all__ = ["Segment", "claim_spans", "highlight", "router"]
