"""The claims API's fast paths give what the plain ways give: pages from SQL compiled once per filter shape, claim
JSON spliced unparsed, API tokens cached for a few seconds, security headers from plain ASGI middleware."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_ledger_fakes import db_url_fixture, make_claim, result  # noqa: F401 - the db_url fixture

from claimledger.errors import ClaimledgerError, StorageError
from claimledger.ledger import ClaimFilter, Ledger
from claimledger.ledger.store import _period_days
from claimledger.records import claim_dict
from claimledger.web import WebSettings, create_app
from claimledger.web.api import ClaimPageOut
from claimledger.web.auth import Accounts

TEXTS = [f"Report {n}: people were killed, officials said." for n in range(6)]
PARTIES = ("Russia", "Ukraine", None)
STATUSES = ("reported", "hedged", "denied")
CATEGORIES = ("dead", "wounded")


def _fill(ledger: Ledger) -> None:
    """Six articles of six claims over two months, every category, status and party mixed; one ranged claim."""
    for n, text in enumerate(TEXTS):
        claims = []
        for k in range(6):
            claim = make_claim(
                f"c{k}",
                category=CATEGORIES[(n + k) % 2],
                low=10 * n + k,
                high=10 * n + k,
                status=STATUSES[(n * k) % 3],
                day=f"2022-03-{1 + 5 * n + k:02d}",
                end="2022-04-20" if (n, k) == (0, 0) else None,
            )
            claims.append(replace(claim, subject=replace(claim.subject, party=PARTIES[(n + 2 * k) % 3])))
        ledger.add(result(text, claims, published=f"2022-03-{2 + 5 * n:02d}", outlet="Metro"), raw_hash=f"{n}" * 64)
    ledger.optimize()


FILTERS: list[dict[str, Any]] = [
    {},
    {"categories": ["dead"]},
    {"categories": ["wounded"], "statuses": ["hedged"]},
    {"categories": ["dead", "wounded"], "parties": ["RUSSIA"]},
    {"statuses": ["denied", "reported"], "parties": ["ukraine", "russia"]},
    {"since": "2022-03-10", "until": "2022-03-20"},
    {"categories": ["dead"], "since": "2022-04-01"},
    {"categories": ["wounded"], "since": ""},  # an empty period is no period, whatever shape came before
    {"until": "2022-03-08", "parties": ["Russia"]},
    {"categories": ["wounded"], "statuses": ["reported"], "since": "2022-03-05", "until": "2022-03-25"},
    # read day by day on PostgreSQL (store._period_days); the ranged claim (dead, March 1-April 20) reaches in
    {"categories": ["dead"], "since": "2022-03-03", "until": "2022-03-30"},
    {"categories": ["dead"], "statuses": ["reported"], "since": "2022-03-01", "until": "2022-04-01"},
    {"categories": ["dead"], "parties": ["Ukraine"], "since": "2022-03-02", "until": "2022-03-31"},
    {"categories": ["wounded"], "since": "2022-03-06", "until": "2022-03-06"},  # two claims that day
]


def _plain(ledger: Ledger, where: ClaimFilter) -> list[tuple[str, str, int | None]]:
    """Every match by the plain filter, sorted in Python: what a page must show."""
    return [(s.article_id, s.claim.id, s.claim.count.low) for s in ledger.claims(replace(where, sort=None))]


@pytest.mark.parametrize("ranged_at_most", [500, 0], ids=["ranged-looked-up", "ranged-in-the-statement"])
def test_pages_of_every_filter_shape_match_the_plain_filter(
    db_url: str, ranged_at_most: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claimledger.ledger.store._RANGED_AT_MOST", ranged_at_most)
    with Ledger(db_url) as ledger:
        _fill(ledger)
        for filters, sort in itertools.product(FILTERS, ("low", "-low", "published", "-published")):
            where = ClaimFilter(**filters, sort=sort)
            plain = _plain(ledger, where)
            assert plain or filters.get("since") == "2022-04-01", filters  # the filters select something
            # stored order is by article date, then position: the "published" order (ties by ingestion order)
            if sort.lstrip("-") == "low":
                plain.sort(key=lambda t: t[2] or 0)
            if sort.startswith("-"):
                plain.reverse()
            page = ledger.claim_page_text(replace(where, limit=len(plain) + 5))
            assert [(r.article_id, r.claim_id, json.loads(r.json)["count"]["low"]) for r in page] == plain, where
            for offset in (0, 1, 3):  # short pages: each index range (a day) holds more matches than are read
                short = ledger.claim_page_text(replace(where, limit=1, offset=offset))
                assert [(r.article_id, r.claim_id) for r in short] == [t[:2] for t in plain[offset : offset + 1]]
            texts = ledger.claim_page_text(replace(where, limit=4, offset=2))
            records = ledger.claim_page(replace(where, limit=4, offset=2))
            assert [json.loads(t.json) for t in texts] == [r.data for r in records]
            assert [t.claim_id for t in texts] == [r.data["id"] for r in records]
            assert len(texts) == min(4, max(0, len(plain) - 2))
        # the ranged claim (March 1 to April 20) is in April, and by the generic path (outlet joins articles) too
        assert ("c0", 0) in [(r.claim_id, json.loads(r.json)["count"]["low"])
                             for r in ledger.claim_page_text(ClaimFilter(since="2022-04-01", sort="low"))]  # fmt: skip
        for period in ({}, {"since": "2022-03-03", "until": "2022-03-30"}):  # every article is Metro's
            page = ClaimFilter(categories=["dead"], sort="-low", limit=3, **period)  # type: ignore[arg-type]
            generic = ledger.claim_page_text(replace(page, outlet="metro"))
            fast = ledger.claim_page_text(page)
            assert [r.pk for r in generic] == [r.pk for r in fast] and len(fast) == 3


def test_a_period_is_read_day_by_day_only_where_day_indexes_hold_the_page_order() -> None:
    month = {"categories": ["dead"], "since": "2022-03-01", "until": "2022-03-31"}
    assert _period_days(ClaimFilter(**month, sort="-low")) == [f"2022-03-{d:02d}" for d in range(1, 32)]
    assert _period_days(ClaimFilter(**month, statuses=["hedged"], sort="published")) is not None
    for other in ({"sort": "place"}, {"categories": ["dead", "wounded"]}, {"statuses": ["hedged", "denied"]},
                  {"until": "2023-06-30"}, {"until": None}, {"since": "2022-04-01"}, {"since": "March"}):  # fmt: skip
        assert _period_days(ClaimFilter(**{**month, "sort": "low", **other})) is None, other


@pytest.fixture()
def app_and_token(db_url: str) -> tuple[TestClient, Ledger, str]:
    ledger = Ledger(db_url)
    _fill(ledger)
    accounts = Accounts(ledger)
    accounts.add_user("vic", "a long password", "viewer")
    token = accounts.create_token("vic")
    return TestClient(create_app(WebSettings(), ledger=ledger)), ledger, token


def test_the_claims_api_sends_the_stored_claims_in_the_documented_shape(
    app_and_token: tuple[TestClient, Ledger, str],
) -> None:
    client, ledger, token = app_and_token
    answer = client.get(
        "/api/v1/claims?category=dead&sort=-low&per_page=4", headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    body = answer.json()
    ClaimPageOut.model_validate(body)  # the response model the OpenAPI document names
    assert body["page"] == 1 and body["per_page"] == 4 and body["next_page"] == 2
    stored = ledger.claims(ClaimFilter(categories=["dead"], sort="-low", limit=4))
    assert [item["claim"] for item in body["items"]] == [claim_dict(s.claim) for s in stored]
    assert [item["ref"] for item in body["items"]] == [f"{s.article_id[:16]}-{s.claim.id}" for s in stored]
    assert {item["outlet"] for item in body["items"]} == {"Metro"}
    assert (
        answer.headers["x-frame-options"] == "DENY"
        and "default-src 'self'" in answer.headers["content-security-policy"]
    )
    last = client.get(
        "/api/v1/claims?category=dead&sort=-low&per_page=4&page=9", headers={"Authorization": f"Bearer {token}"}
    )
    assert last.json() == {"items": [], "page": 9, "per_page": 4, "next_page": None}


def test_pages_on_the_event_loop_are_the_pages_of_the_thread_path(
    app_and_token: tuple[TestClient, Ledger, str],
) -> None:
    """PostgreSQL pages with the common filters run on the server's event loop (a pool opened by the app's
    lifespan); the others, and SQLite's, go the thread path. Both must give the same JSON."""
    client, ledger, token = app_and_token
    headers = {"Authorization": f"Bearer {token}"}
    paths = [
        "category=dead&sort=-low&per_page=3&page=2",
        "category=wounded&status=hedged&sort=published",
        "category=dead&since=2022-03-03&until=2022-03-30&sort=-published&per_page=2",  # day by day, ranged claim
        "category=dead&party=Ukraine&since=2022-03-02&until=2022-03-31&sort=low",
        "category=dead&outlet=Metro&sort=-low",  # an uncommon filter: the thread path
    ]
    threaded = [client.get(f"/api/v1/claims?{path}", headers=headers).json() for path in paths]
    with client:  # runs the lifespan: the pool, on PostgreSQL
        pool = client.app.state.page_pool  # type: ignore[attr-defined]
        assert (pool is not None) == ledger.url.startswith("postgresql")
        on_loop = [client.get(f"/api/v1/claims?{path}", headers=headers).json() for path in paths]
        if pool is not None:
            assert pool.get_stats()["requests_num"] >= 4  # the common-filter pages took its connections
    assert on_loop == threaded and all(page["items"] for page in on_loop)
    assert client.app.state.page_pool is None  # type: ignore[attr-defined]  # closed with the app


def test_pages_survive_a_database_restart_and_a_storage_error_is_a_503(
    app_and_token: tuple[TestClient, Ledger, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, ledger, token = app_and_token
    headers = {"Authorization": f"Bearer {token}"}
    with client:
        assert client.get("/api/v1/claims?category=dead", headers=headers).status_code == 200
        if ledger.url.startswith("postgresql"):  # the server closes the pages' connections, as on a restart
            with ledger.engine.connect() as connection:
                closed = connection.exec_driver_sql(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND application_name = 'claimledger pages'"
                ).scalar()
            assert closed
        assert client.get("/api/v1/claims?category=dead", headers=headers).status_code == 200

        def unreachable(*args: Any, **kwargs: Any) -> None:
            raise StorageError("cannot query claims: connection refused", where=ledger.url)

        monkeypatch.setattr(Ledger, "claim_page_text", unreachable)
        monkeypatch.setattr(Ledger, "claim_page_text_async", unreachable)
        answer = client.get("/api/v1/claims?category=dead&outlet=Metro", headers=headers)
        assert answer.status_code == 503 and "connection refused" in answer.json()["detail"]


def test_a_token_is_cached_for_its_seconds_and_role_changes_here_apply_at_once(
    monkeypatch: pytest.MonkeyPatch, app_and_token: tuple[TestClient, Ledger, str]
) -> None:
    _, ledger, token = app_and_token
    server = Accounts(ledger, token_cache_seconds=5)
    elsewhere = Accounts(ledger)  # `claimledger users` or another server process
    now = [1000.0]
    monkeypatch.setattr("claimledger.web.auth.time.monotonic", lambda: now[0])
    first = server.token_principal(token)
    assert first is not None and first.role == "viewer"
    elsewhere.set_role("vic", "analyst")
    cached = server.token_principal(token)
    assert cached is not None and cached.role == "viewer"  # within the 5 seconds
    now[0] += 5.1
    fresh = server.token_principal(token)
    assert fresh is not None and fresh.role == "analyst"
    server.set_role("vic", "viewer")  # through this process: no wait
    again = server.token_principal(token)
    assert again is not None and again.role == "viewer"
    server.remove_user("vic")
    assert server.token_principal(token) is None
    assert Accounts(ledger).token_principal("clt_not-a-token") is None


def test_the_token_cache_setting_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMLEDGER_TOKEN_CACHE_SECONDS", "0.5")
    assert WebSettings().token_cache_seconds == 0.5
    for bad in ("five", "-1"):
        monkeypatch.setenv("CLAIMLEDGER_TOKEN_CACHE_SECONDS", bad)
        with pytest.raises(ClaimledgerError, match="is not a number of seconds"):
            WebSettings()
