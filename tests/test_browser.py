"""A person at the browser (Playwright driving Debian's Chromium): log in, filter the map, open a group, grade a
claim, see the log, log out. Screenshots of each page go to a temporary folder (printed; look at them)."""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_web_data import PASSWORDS, build_ledger

from claimledger.web import WebSettings, create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The web app on a free loopback port, over a hand-written ledger, in a thread of this process."""
    import uvicorn

    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI installs it in .ci/run")
        pytest.skip(message)
    ledger = build_ledger(tmp_path_factory.mktemp("browser") / "ledger.db")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(WebSettings(), ledger=ledger), host="127.0.0.1", port=port, log_level="warning")
    app_server = uvicorn.Server(config)
    thread = threading.Thread(target=app_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not app_server.started:
        if time.monotonic() > deadline:
            pytest.fail("the web app did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    app_server.should_exit = True
    thread.join(timeout=10)


def test_log_in_filter_open_grade_see_log_log_out(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    shots = Path(tempfile.mkdtemp(prefix="claimledger-screens-"))
    print(f"screenshots: {shots}")
    profile = tempfile.mkdtemp(prefix="claimledger-chromium-")
    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), args=ARGS, headless=True, viewport={"width": 1280, "height": 900}
        )  # the fresh profile folder is Chromium's --user-data-dir
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        page.goto(server + "/")
        expect(page).to_have_url(server + "/login?next=%2F")
        page.screenshot(path=shots / "1-login.png")
        page.fill("#username", "ana")
        page.fill("#password", PASSWORDS["ana"])
        page.click("#login")
        expect(page.locator("#whoami")).to_have_text("ana")
        expect(page.locator("#map-status")).to_contain_text("4 groups")
        expect(page.locator("#timeline g.bar")).to_have_count(2)
        page.wait_for_timeout(500)  # tiles of the offline basemap
        page.screenshot(path=shots / "2-map.png")

        page.select_option("select[name=category]", ["dead"])
        page.click("#apply")
        expect(page.locator("#map-status")).to_contain_text("3 groups")
        page.locator("#timeline g.bar .hit").first.click()  # the timeline filters the map
        expect(page.locator("input[name=since]")).to_have_value("2022-04-05")
        expect(page.locator("#map-status")).to_contain_text("2 groups")
        page.screenshot(path=shots / "3-map-filtered.png", full_page=True)

        page.locator(".marker-cluster").first.click()  # the two rival groups of Kramatorsk, spiderfied
        page.locator('.leaflet-marker-icon[title="dead 12"]').click()
        page.locator(".leaflet-popup a.open-group").click()
        expect(page.locator("h1")).to_contain_text("dead")
        expect(page.locator("#provenance")).to_contain_text("regional governor Pavlo Kyrylenko")
        page.screenshot(path=shots / "4-group.png", full_page=True)

        page.select_option("#grade-level", "confirmed")
        page.fill("#grade-note", "Kyrylenko's office confirmed by phone")
        page.click("#set-grade")
        expect(page.locator("#grade")).to_have_text("confirmed")
        log = page.locator("#log tbody tr").first
        expect(log).to_contain_text("ana")
        expect(log).to_contain_text('{"level": "contested"}')
        expect(log).to_contain_text('{"level": "confirmed"}')
        expect(log).to_contain_text("Kyrylenko's office confirmed by phone")
        page.screenshot(path=shots / "5-graded.png", full_page=True)

        page.goto(server + "/claims?category=dead&sort=-low")
        expect(page.locator("table.claims tbody tr")).to_have_count(4)
        page.screenshot(path=shots / "6-claims.png", full_page=True)
        page.locator("td.evidence a").nth(3).click()
        page.locator("td a[href^='/articles/']").first.click()
        expect(page.locator("#article-text mark.count").first).to_be_visible()
        page.screenshot(path=shots / "7-article.png", full_page=True)

        page.click("#logout")
        expect(page).to_have_url(server + "/login")
        page.goto(server + "/claims")
        expect(page).to_have_url(server + "/login?next=%2Fclaims")
        browser.close()
    assert errors == []
    assert len(list(shots.glob("*.png"))) == 7


def test_the_map_explains_itself_and_the_timeline_stacks_categories(server: str) -> None:
    """The legend (colour, size, number), place names without online tiles, and a full-width timeline stacked
    by category with its own legend and axes: fails when any of them is missing."""
    from playwright.sync_api import expect, sync_playwright

    shots = Path(tempfile.mkdtemp(prefix="claimledger-screens-"))
    print(f"screenshots: {shots}")
    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            tempfile.mkdtemp(prefix="claimledger-chromium-"),
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(server + "/login")
        page.fill("#username", "vic")
        page.fill("#password", PASSWORDS["vic"])
        page.click("#login")
        expect(page.locator("#map-status")).to_contain_text("4 groups")

        legend = page.locator("#map-legend")
        expect(legend).to_be_visible()
        expect(legend.locator(".legend-row")).to_have_count(6)
        expect(legend.locator(".legend-row[data-category=dead]")).to_contain_text("dead")
        expect(legend.locator(".size-dot")).to_have_count(3)
        expect(legend).to_contain_text("best figure")
        expect(page.locator(".leaflet-tooltip.country-label", has_text="Ukraine")).to_be_visible()
        expect(page.locator(".leaflet-tooltip.place-label").first).to_be_visible()

        bars = page.locator("#timeline g.bar")
        expect(bars).to_have_count(2)
        segments = page.locator("#timeline rect.segment")
        kinds = {segments.nth(i).get_attribute("data-category") for i in range(segments.count())}
        assert {"dead", "wounded"} <= kinds  # stacked by category, not added into one bar
        fills = {segments.nth(i).get_attribute("fill") for i in range(segments.count())}
        assert len(fills) == len(kinds)
        expect(page.locator("#timeline-legend .legend-row[data-category=wounded]")).to_be_visible()
        assert page.locator("#timeline text.y-tick").count() >= 2 and page.locator("#timeline text.x-tick").count() >= 1
        chart = page.locator("#timeline").bounding_box()
        painted = [segments.nth(i).bounding_box() for i in range(segments.count())]
        assert chart is not None and all(box is not None for box in painted)
        right = max(box["x"] + box["width"] for box in painted if box)
        left = min(box["x"] for box in painted if box)
        assert right - left > 0.6 * chart["width"]  # the bars use the chart's width, not a quarter of it
        page.screenshot(path=shots / "map-legend-timeline.png", full_page=True)
        browser.close()
    assert errors == []
