"""The FastAPI application factory: settings, security headers, error pages, static files, routers.

``create_app(WebSettings(db=..., anonymous_read=...))`` is what ``claimledger serve`` runs under uvicorn.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import ClaimledgerError, StorageError
from ..ledger import Ledger
from .auth import Accounts
from .deps import Forbidden, LoginRequired
from .service import NotFoundError, Reader, Workspace
from .throttle import LoginThrottle

HERE = Path(__file__).resolve().parent


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _seconds(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        value = -1.0
    if not 0 <= value <= 3600:
        raise ClaimledgerError(f"{name}={raw!r} is not a number of seconds", hint="give 0 to 3600, e.g. 5")
    return value


@dataclass(frozen=True)
class WebSettings:
    """Settings of the web app; each can come from a ``CLAIMLEDGER_*`` environment variable."""

    #: Ledger database (SQLite path or URL); None uses CLAIMLEDGER_DB / ledger.db.
    db: str | None = None
    #: Let visitors read without an account; off by default for a server. CLAIMLEDGER_ANONYMOUS_READ.
    anonymous_read: bool = field(default_factory=lambda: _flag("CLAIMLEDGER_ANONYMOUS_READ"))
    #: Online tile URL template (``https://{s}.example/{z}/{x}/{y}.png``); None draws offline country outlines.
    tiles_url: str | None = field(default_factory=lambda: os.environ.get("CLAIMLEDGER_TILES_URL") or None)
    #: Attribution shown for the online tiles. CLAIMLEDGER_TILES_ATTRIBUTION.
    tiles_attribution: str = field(default_factory=lambda: os.environ.get("CLAIMLEDGER_TILES_ATTRIBUTION", ""))
    #: Mark cookies Secure (serve behind HTTPS). CLAIMLEDGER_SECURE_COOKIES.
    secure_cookies: bool = field(default_factory=lambda: _flag("CLAIMLEDGER_SECURE_COOKIES"))
    #: Hours a login lasts.
    session_hours: float = 12.0
    #: Seconds an API token's user and role stay cached in a server process (a role change made elsewhere
    #: takes effect within that time; 0 looks every request up). CLAIMLEDGER_TOKEN_CACHE_SECONDS.
    token_cache_seconds: float = field(default_factory=lambda: _seconds("CLAIMLEDGER_TOKEN_CACHE_SECONDS", 5.0))


def create_app(
    settings: WebSettings | None = None, *, ledger: Ledger | None = None, reader: Reader | None = None
) -> FastAPI:
    """The web app over one ledger; ``reader`` replaces :func:`claimledger.read` (tests without the model)."""
    from . import api, pages

    settings = settings or WebSettings()
    ledger = ledger or Ledger(settings.db)
    app = FastAPI(
        lifespan=_page_pool(ledger),
        title="claimledger",
        version="1",
        description="Casualty claims read from war reporting: sourced, mapped, corroborated and reviewed.",
        docs_url=None,  # Swagger UI loads from a CDN; the app works offline, so only the document is served
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.settings = settings
    app.state.ledger = ledger
    app.state.page_pool = None  # PostgreSQL: the claims pages' asyncio pool while the app runs (_page_pool)
    app.state.accounts = Accounts(
        ledger, session_hours=settings.session_hours, token_cache_seconds=settings.token_cache_seconds
    )
    app.state.workspace = Workspace(ledger, reader=reader)
    app.state.login_throttle = LoginThrottle(ledger)
    app.state.templates = _templates()
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static/leaflet", StaticFiles(directory=xstatic.pkg.leaflet.BASE_DIR), name="leaflet")
    app.mount(
        "/static/markercluster",
        StaticFiles(directory=xstatic.pkg.leaflet_markercluster.BASE_DIR),
        name="markercluster",
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _handlers(app)

    app.add_middleware(SecurityHeaders, tiles_url=settings.tiles_url)
    return app


def _page_pool(ledger: Ledger) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The app's lifespan: on PostgreSQL, a pool of asyncio connections for the claims pages, opened on the
    server's event loop and closed with it (``Ledger.async_page_pool``)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = ledger.async_page_pool()
        if pool is None:
            yield
            return
        await pool.open()  # connects in the background; a page waits for a connection
        app.state.page_pool = pool
        try:
            yield
        finally:
            app.state.page_pool = None
            await pool.close()

    return lifespan


class SecurityHeaders:
    """Content-Security-Policy and friends on every response, unless the endpoint set its own.

    Plain ASGI rather than ``@app.middleware("http")``: that wraps every response in a task group and a stream,
    which costs about as much as a small endpoint.
    """

    def __init__(self, app: ASGIApp, *, tiles_url: str | None) -> None:
        self.app = app
        tiles = ""
        if tiles_url:
            parts = urlsplit(tiles_url.replace("{s}", "a"))
            tiles = " " + f"{parts.scheme}://*.{parts.netloc.split('.', 1)[-1]} {parts.scheme}://{parts.netloc}"
        csp = (
            f"default-src 'self'; img-src 'self' data:{tiles}; style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
        )
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in self.headers if name not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True  # every template, whatever its name: article text and notes are untrusted
    templates.env.filters["short_ids"] = short_ids
    templates.env.tests["web_link"] = web_link
    return templates


def web_link(url: str | None) -> bool:
    """Only http(s) addresses become links: an ingested article may name ``javascript:...`` as its URL."""
    if not url:
        return False
    parsed = urlsplit(url.strip())
    return parsed.scheme.lower() in ("http", "https") and bool(parsed.netloc)


_ARTICLE_KEY = re.compile(r"article:([0-9a-f]{12})[0-9a-f]{4,}")


def short_ids(label: str | None) -> str:
    """Source labels name an article without outlet by its 64-digit id; 12 digits are enough to read."""
    return _ARTICLE_KEY.sub(r"article \1", label or "")


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


def _handlers(app: FastAPI) -> None:
    templates: Jinja2Templates = app.state.templates

    def page_error(request: Request, status: int, message: str) -> Response:
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message, "user": None}, status_code=status
        )

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        if _wants_html(request):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        return JSONResponse({"detail": exc.message}, status_code=401, headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        if _wants_html(request):
            return page_error(request, 403, exc.message)
        return JSONResponse({"detail": exc.message}, status_code=403)

    @app.exception_handler(ClaimledgerError)
    async def claimledger_error(request: Request, exc: ClaimledgerError) -> Response:
        status = 404 if isinstance(exc, NotFoundError) else 503 if isinstance(exc, StorageError) else 400
        if _wants_html(request):
            return page_error(request, status, exc.one_line())
        return JSONResponse({"detail": exc.one_line()}, status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _wants_html(request):
            return page_error(request, exc.status_code, str(exc.detail))
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if _wants_html(request):
            first = exc.errors()[0] if exc.errors() else {}
            where = ".".join(str(p) for p in first.get("loc", ()))
            return page_error(request, 422, f"{where}: {first.get('msg', 'invalid input')}")
        return JSONResponse({"detail": jsonable(exc.errors())}, status_code=422)


def jsonable(errors: Any) -> Any:
    """Validation errors without the raw input objects (which may not be JSON)."""
    return [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in errors]


__all__ = ["SecurityHeaders", "WebSettings", "create_app"]
