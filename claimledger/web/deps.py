"""Request dependencies: who is asking, role checks and CSRF, shared by the API and the pages.

Requests with an API token (``Authorization: Bearer``) carry no ambient credentials, so they need no CSRF
token; requests that ride on the session cookie must present the session's CSRF token (form field
``csrf_token`` or header ``X-CSRF-Token``) on every write.
"""

from __future__ import annotations

from fastapi import Request

from ..errors import ClaimledgerError
from .auth import SESSION_COOKIE, Accounts, Principal, Role, same_token
from .service import Workspace

CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"


class LoginRequired(ClaimledgerError):
    """No (valid) session or token: pages redirect to the login form, the API answers 401."""


class Forbidden(ClaimledgerError):
    """Logged in, but the role does not allow this, or the CSRF token is missing or wrong."""


def accounts(request: Request) -> Accounts:
    found: Accounts = request.app.state.accounts
    return found


def workspace(request: Request) -> Workspace:
    found: Workspace = request.app.state.workspace
    return found


def current_user(request: Request) -> Principal | None:
    """The principal of this request (cached on it), or None."""
    if hasattr(request.state, "principal"):
        cached: Principal | None = request.state.principal
        return cached
    principal: Principal | None = None
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        principal = accounts(request).token_principal(header[7:].strip())
        if principal is None:
            raise LoginRequired("the API token is not valid", hint="create one with `claimledger users token USER`")
    else:
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            principal = accounts(request).session_principal(cookie)
    if principal is None and request.app.state.settings.anonymous_read:
        principal = Principal(username="anonymous", role="viewer", via="anonymous")
    request.state.principal = principal
    return principal


def _require(request: Request, role: Role) -> Principal:
    principal = current_user(request)
    if principal is None or (principal.via == "anonymous" and not principal.can(role)):
        raise LoginRequired("log in first", hint="use the login page, or send Authorization: Bearer TOKEN")
    if not principal.can(role):
        raise Forbidden(f"the {role} role is needed for this (you are {principal.role})", hint="ask an admin")
    return principal


async def viewer(request: Request) -> Principal:
    """Anyone allowed to read: a viewer, analyst or admin, or the anonymous reader when the setting allows it.

    ``async`` so FastAPI calls it on the event loop, not through its thread pool (a hop per dependency per
    request); the principal lookup is an indexed row, and API tokens are cached (``Accounts``)."""
    return _require(request, "viewer")


async def check_csrf(request: Request, principal: Principal) -> None:
    """Session-cookie writes must carry the session's CSRF token; token-authenticated writes need none."""
    if principal.via != "session":
        return
    sent = request.headers.get(CSRF_HEADER)
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not same_token(sent, principal.csrf):
        raise Forbidden("missing or wrong CSRF token", hint="reload the page and submit the form again")


async def analyst(request: Request) -> Principal:
    """An analyst or admin, with the CSRF token when the request rides on a session cookie."""
    principal = _require(request, "analyst")
    await check_csrf(request, principal)
    return principal


async def any_user(request: Request) -> Principal:
    """Any account (not the anonymous reader), with CSRF: for a user's own settings such as API tokens."""
    principal = _require(request, "viewer")
    if principal.via == "anonymous":
        raise LoginRequired("log in first", hint="anonymous readers have no account")
    await check_csrf(request, principal)
    return principal


__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "Forbidden",
    "LoginRequired",
    "accounts",
    "analyst",
    "any_user",
    "check_csrf",
    "current_user",
    "viewer",
    "workspace",
]
