"""schemathesis against the API's own OpenAPI document: no server errors, responses match the schema.

Runs as an analyst (token) so write endpoints are exercised too, on a ledger written by hand; a few examples per
operation keep it fast (the generator still tries bad dates, huge numbers, odd strings and missing fields).
Derandomized: every run tries the same examples, so CI is repeatable (a random draw once flagged a one-element
array query parameter that went out as a plain value, a false positive, about one run in six).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from test_web_data import build_ledger

from claimledger.web import WebSettings, create_app
from claimledger.web.auth import Accounts


def _app() -> tuple[object, str]:
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="claimledger-schema-"))
    ledger = build_ledger(folder / "ledger.db")
    token = Accounts(ledger).create_token("ana", "schemathesis")
    return create_app(WebSettings(anonymous_read=False), ledger=ledger, reader=_reader), token


def _reader(text: str, **meta: str | None):  # type: ignore[no-untyped-def]
    import hashlib

    from claimledger.records import Article, ReadResult

    return ReadResult(Article(hashlib.sha256(text.encode()).hexdigest(), text, meta.get("published")), [])


APP, TOKEN = _app()
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_matches_its_openapi_document(case: schemathesis.Case) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"})


def test_the_openapi_document_lists_every_endpoint() -> None:
    paths = set(schema.raw_schema["paths"])
    assert {"/api/v1/claims", "/api/v1/groups", "/api/v1/groups/{ref}", "/api/v1/timeline", "/api/v1/estimates",
            "/api/v1/articles", "/api/v1/export", "/api/v1/groups/{ref}/grade"} <= paths  # fmt: skip
    assert "/login" not in paths  # pages are not API


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
