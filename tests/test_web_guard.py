"""What an attacker or a careless link tries on the web app: password guessing, bad parameters, script links,
and what the API promises about its timestamps."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_web import G_KRAMATORSK, bearer, client, fresh  # noqa: F401 - the fresh fixture
from test_web_data import PASSWORDS, build_ledger

from claimledger.ledger import Ledger
from claimledger.records import Article, ReadResult
from claimledger.web.app import web_link
from claimledger.web.throttle import LoginThrottle


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
    c.app.state.login_throttle = LoginThrottle(per_account=5, per_address=20, window=60, clock=lambda: clock[0])
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
    c.app.state.login_throttle = LoginThrottle(per_account=5, per_address=8, window=60)
    codes = [_try_login(c, f"user{n}", "nope") for n in range(8)]
    assert codes == [401] * 8
    assert _try_login(c, "admin", PASSWORDS["admin"]) == 429


def test_the_throttle_counts_a_window_and_forgets_old_keys() -> None:
    clock = [0.0]
    throttle = LoginThrottle(per_account=2, per_address=100, window=10, clock=lambda: clock[0])
    throttle.failed("Vic", "1.2.3.4")
    assert throttle.retry_after("vic", "5.6.7.8") is None
    clock[0] = 4
    throttle.failed("vic ", "5.6.7.8")  # the same account, however it is typed
    assert throttle.retry_after("VIC", "9.9.9.9") == 6  # until the first failure leaves the window
    throttle.succeeded("vic")
    assert throttle.retry_after("vic", "9.9.9.9") is None


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
