"""What an attacker or a careless link tries on the web app: password guessing, bad parameters, script links,
and what the API promises about its timestamps."""

from __future__ import annotations

import hashlib
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select
from test_ledger_fakes import db_url_fixture  # noqa: F401 - the db_url fixture (SQLite, and PostgreSQL in CI)
from test_web import G_KRAMATORSK, bearer, client, fresh  # noqa: F401 - the fresh fixture
from test_web_data import PASSWORDS, build_ledger

from claimledger.ledger import Ledger
from claimledger.ledger.models import Base
from claimledger.records import Article, ReadResult
from claimledger.web.app import web_link
from claimledger.web.models import LoginFailureRow
from claimledger.web.throttle import Attempt, LoginThrottle


def _try_login(c: TestClient, name: str, password: str) -> int:
    form = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    answer = c.post("/login", data={"username": name, "password": password, "csrf_token": token.group(1)})
    return answer.status_code


# -- login throttling ----------------------------------------------------------------------------------------


def test_guessing_one_accounts_password_is_throttled_then_allowed_again(fresh: Ledger) -> None:  # noqa: F811
    c = client(fresh)
    clock = [1000.0]
    c.app.state.login_throttle = LoginThrottle(fresh, window=60, clock=lambda: clock[0])
    assert [_try_login(c, "vic", f"guess-{n}") for n in range(5)] == [401] * 5
    refused = c.post("/login", data={"username": "vic", "password": PASSWORDS["vic"], "csrf_token": "x"})
    assert refused.status_code in (403, 429)  # the CSRF check comes first; the throttle answers below
    form = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    throttled = c.post("/login", data={"username": "vic", "password": PASSWORDS["vic"], "csrf_token": token.group(1)})
    assert throttled.status_code == 429  # even the right password: guessing on gains nothing
    assert 1 <= int(throttled.headers["Retry-After"]) <= 60 and "Too many failed logins" in throttled.text
    other = TestClient(c.app, follow_redirects=False)
    assert _try_login(other, "ana", PASSWORDS["ana"]) == 303  # another account is not locked out
    clock[0] += 61
    assert _try_login(c, "vic", PASSWORDS["vic"]) == 303


def test_one_address_guessing_many_accounts_is_throttled(fresh: Ledger) -> None:  # noqa: F811
    c = client(fresh)
    c.app.state.login_throttle = LoginThrottle(fresh, per_address=8, window=60)
    codes = [_try_login(c, f"user{n}", "nope") for n in range(8)]
    assert codes == [401] * 8
    assert _try_login(c, "admin", PASSWORDS["admin"]) == 429


def test_two_workers_share_one_count(db_url: str) -> None:  # noqa: F811
    """Two apps on one database stand in for two ``serve --workers`` processes: 3 + 2 guesses reach the limit 5."""
    build_ledger(db_url).close()
    first, second = (client(Ledger(db_url)) for _ in range(2))
    assert [_try_login(first, "vic", "guess") for _ in range(3)] == [401] * 3
    assert [_try_login(second, "vic", "guess") for _ in range(2)] == [401] * 2
    assert _try_login(first, "vic", PASSWORDS["vic"]) == 429
    assert _try_login(second, "vic", PASSWORDS["vic"]) == 429
    assert _try_login(second, "ana", PASSWORDS["ana"]) == 303


def test_a_restart_remembers_the_count(db_url: str) -> None:  # noqa: F811
    ledger = build_ledger(db_url)
    assert [_try_login(client(ledger), "vic", "guess") for _ in range(5)] == [401] * 5
    ledger.close()
    assert _try_login(client(Ledger(db_url)), "vic", PASSWORDS["vic"]) == 429


def test_parallel_guesses_get_no_more_checks_than_the_limit(db_url: str) -> None:  # noqa: F811
    """The limit is checked and the attempt counted in one locked transaction: of 12 simultaneous guesses spread
    over two processes' connections, 5 are let through to the password check."""
    with Ledger(db_url) as one, Ledger(db_url) as two:
        throttles = [LoginThrottle(one), LoginThrottle(two)]
        throttles[0].attempt("warm", "0.0.0.0")  # both migrated and connected before the race
        throttles[1].attempt("warm", "0.0.0.0")
        start = threading.Barrier(12)

        def guess(n: int) -> bool:
            start.wait()
            return isinstance(throttles[n % 2].attempt("vic", f"10.0.0.{n}"), Attempt)

        with ThreadPoolExecutor(12) as pool:
            let_through = list(pool.map(guess, range(12)))
    assert let_through.count(True) == 5


def test_the_throttle_counts_a_window_and_a_success_clears_the_account(tmp_path: Path) -> None:
    clock = [0.0]
    throttle = LoginThrottle(Ledger(str(tmp_path / "l.db")), per_account=2, per_address=2, window=10,
                             clock=lambda: clock[0])  # fmt: skip
    assert isinstance(throttle.attempt("Vic", "1.2.3.4"), Attempt)  # not followed by succeeded: a failure
    clock[0] = 4
    assert isinstance(throttle.attempt("vic ", "5.6.7.8"), Attempt)  # the same account, however it is typed
    assert throttle.attempt("VIC", "9.9.9.9") == 6  # until the first failure leaves the window
    clock[0] = 10
    success = throttle.attempt("vic", "9.9.9.9")
    assert isinstance(success, Attempt)
    throttle.succeeded(success)
    for _ in range(2):  # the account's failures are gone, and a success does not count against its address
        again = throttle.attempt("vic", "9.9.9.9")
        assert isinstance(again, Attempt)
        throttle.succeeded(again)


def test_old_attempts_are_pruned_and_names_are_not_stored(tmp_path: Path) -> None:
    """A spray of made-up names from many addresses leaves at most one window of rows behind."""
    ledger = Ledger(str(tmp_path / "l.db"))
    clock = [0.0]
    throttle = LoginThrottle(ledger, window=60, clock=lambda: clock[0])
    for n in range(100):
        clock[0] = n
        assert isinstance(throttle.attempt(f"made-up-{n}", f"10.0.{n}.1"), Attempt)
    with ledger.session() as session:
        keys = list(session.scalars(select(LoginFailureRow.key)))
    assert len(keys) == 2 * 60  # attempts at 40..99: the older ones left the window and were deleted
    assert not any("made-up" in key or "10.0." in key for key in keys)
    clock[0] = 1000
    throttle.attempt("vic", "1.2.3.4")
    with ledger.session() as session:
        assert session.scalar(select(func.count()).select_from(LoginFailureRow)) == 2


def test_the_migration_creates_the_login_failures_model(db_url: str) -> None:  # noqa: F811
    Ledger(db_url).stats()
    engine = create_engine(db_url)
    with engine.connect() as connection:
        only = {
            "include_name": lambda name, kind, _: kind != "table" or name == "login_failures",  # in the database
            "include_object": lambda _, name, kind, *__: kind != "table" or name == "login_failures",  # models
        }
        diff = compare_metadata(MigrationContext.configure(connection, opts=only), Base.metadata)
    engine.dispose()
    assert diff == []


# -- pages validate their parameters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "page=184467440737095517",
        "page=0",
        "page=two",
        "category=dead&categroy=wounded",
        "category=deceased",
        "status=rumoured",
        "sort=evil",
        "since=2022-02-30",
        "until=yesterday",
        "grade=great",
    ],
)
def test_a_bad_claims_page_parameter_is_a_400_page(fresh: Ledger, query: str) -> None:  # noqa: F811
    c = client(fresh, anonymous=True)
    page = c.get(f"/claims?{query}")
    assert page.status_code == 400, (query, page.status_code)
    assert "text/html" in page.headers["content-type"] and "database" not in page.text.lower()


def test_good_and_empty_claims_page_parameters_still_work(fresh: Ledger) -> None:  # noqa: F811
    c = client(fresh, anonymous=True)
    form = "/claims?category=dead&status=&party=&since=&until=2022-12-31&place=&source=&outlet=&sort=-low&page=1"
    assert c.get(form).status_code == 200
    assert c.get("/claims?page=2").status_code == 200


def test_the_map_page_validates_too(fresh: Ledger) -> None:  # noqa: F811
    c = client(fresh, anonymous=True)
    assert c.get("/?category=dead&by=week&since=").status_code == 200
    assert c.get("/?by=fortnight").status_code == 400
    assert c.get("/?catgory=dead").status_code == 400


# -- links -------------------------------------------------------------------------------------------------


def test_only_http_links_are_rendered(tmp_path: Path) -> None:
    ledger = build_ledger(tmp_path / "ledger.db")
    text = "Twelve people were killed in Kramatorsk."
    for url in ("javascript:alert(1)", " JAVASCRIPT:alert(2)", "data:text/html,<b>x</b>", "https://example.org/a"):
        body = f"{text} {url}"
        article = Article(hashlib.sha256(body.encode()).hexdigest(), body, "2022-04-08", url, "Evil", "t")
        ledger.add(ReadResult(article, []), raw_hash=article.id, origin="test")
        page = client(ledger, anonymous=True).get(f"/articles/{article.id}")
        assert page.status_code == 200
        links = re.findall(r'<a href="([^"]*)" rel="noopener', page.text)
        assert links == (["https://example.org/a"] if url.startswith("https") else []), (url, links)
        assert "alert" not in "".join(links)
    assert web_link("http://x.example/") and not web_link("javascript://x.example/%0aalert(1)")


# -- the API's timestamps --------------------------------------------------------------------------------------


def test_review_timestamps_carry_their_timezone(fresh: Ledger) -> None:  # noqa: F811
    c = client(fresh)
    h = bearer(fresh, "ana")
    posted = c.post(f"/api/v1/groups/{G_KRAMATORSK}/grade", json={"level": "confirmed"}, headers=h).json()
    listed = c.get(f"/api/v1/groups/{G_KRAMATORSK}", headers=h).json()["reviews"]
    assert posted["at"].endswith("Z") or posted["at"].endswith("+00:00")
    assert listed[0]["at"] == posted["at"]
