"""The manager's wall in headless Chromium, on the demo data: a regional manager logs in and
sees the figures the API gives them, switches a filter, downloads a table; a guide cannot
log in; nothing is fetched from another machine.

Chromium comes from Debian and is driven through Playwright with its ``executable_path``, as
in tests/api/test_docs_browser.py (skipped with the reason locally without it; CI fails).
Set ``O2O_DASHBOARD_SCREENSHOT=docs/dashboard.png`` to refresh the README's picture.
"""

from __future__ import annotations

import csv
import io
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from tests.api.test_docs_browser import ARGS, CHROMIUM, _same_origin

PASSWORD = "demo1234"


@pytest.fixture
def browser_page() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        reason = "Chromium is not installed (apt-get install chromium): browser test skipped"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run it (.ci/run installs it)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1500}, accept_downloads=True)
            page.set_default_timeout(120_000)  # the machine is shared
            yield page
        finally:
            browser.close()


def _money(fen: int | None) -> str:
    return "—" if fen is None else f"¥{fen / 100:,.2f}"


def _int(n: int | None) -> str:
    return "—" if n is None else f"{n:,}"


#: Tiles whose text the test formats itself (rates are compared by value: half-way rounding
#: differs between JavaScript's toFixed and Python's format).
EXACT = {"gmv_fen": _money, "aov_fen": _money, "refunded_fen": _money, "orders": _int,
         "units": _int, "new_members": _int, "scans": _int, "check_ins": _int,
         "appointments": _int}  # fmt: skip


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/dashboard", wait_until="networkidle")
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.locator("#login button[type=submit]").click()


def _loaded(page: Any, before: str | None = None) -> str:
    """Wait until the wall has drawn for a query other than ``before``; that query.

    (Selectors, not ``wait_for_function``: the page's policy forbids the eval that needs.)"""
    other = "" if before is None else f':not([data-loaded="{before}"])'
    page.locator(f"body[data-loaded]{other}").wait_for(state="attached")
    query: str = page.evaluate("document.body.dataset.loaded")
    return query


def _api(base: str, token: str, path: str, query: str = "") -> Any:
    answer = httpx.get(
        f"{base}/manager/v1{path}",
        params=query,
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def _tiles_match(page: Any, summary: dict[str, Any]) -> int:
    tiles = page.locator("#tiles .tile")
    checked = 0
    for i in range(tiles.count()):
        tile = tiles.nth(i)
        key = tile.get_attribute("data-key")
        value = summary["figures"][key]
        assert page.evaluate("(t) => JSON.parse(t.dataset.value)", tile.element_handle()) == value
        if key in EXACT:
            assert tile.locator(".value").inner_text() == EXACT[key](value), key
            checked += 1
        change = summary["change_pct"].get(key)
        said = tile.locator(".change").inner_text()
        assert (change is None) == (said == "no earlier figure"), (key, change, said)
        if change is not None:
            assert f"{abs(change):.1f}% vs previous" in said
    return checked


def _store_rows(page: Any) -> list[list[str]]:
    rows = page.locator("#stores tbody tr")
    return [rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count())]


@pytest.mark.demo
def test_a_regional_manager_sees_their_regions_stores_and_nothing_leaves_the_machine(
    live_url: str, browser_page: Any, tmp_path: Path
) -> None:
    page = browser_page
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    _log_in(page, live_url, "manager-east")
    _loaded(page)
    token = page.evaluate("sessionStorage.getItem('o2o.manager.token')")
    regions = _api(live_url, token, "/regions")
    stores = _api(live_url, token, "/stores", "limit=100")["items"]
    assert len(regions) == 1 and stores
    assert page.locator("#region option").all_inner_texts() == [
        "All my regions",
        regions[0]["name"],
    ]
    assert page.locator("#store option").count() == 1 + len(stores)
    assert page.locator("#store-map circle.store").count() == len(stores)
    page.screenshot(path=str(tmp_path / "dashboard-login.png"), full_page=True)
    # A reload keeps the session (sessionStorage), a logout ends it.
    page.reload(wait_until="networkidle")
    _loaded(page)
    page.locator("#logout").click()
    assert page.locator("#login-panel").is_visible()
    assert page.evaluate("sessionStorage.getItem('o2o.manager.token')") is None
    assert errors == []
    assert [url for url in requested if not _same_origin(url, live_url)] == []
    assert f"{live_url}/dashboard-assets/plotly.min.js" in requested


@pytest.mark.demo
def test_a_regional_manager_sees_their_regions_wall(
    live_url: str, browser_page: Any, tmp_path: Path
) -> None:
    page = browser_page
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))

    _log_in(page, live_url, "manager-east")
    query = _loaded(page)
    token = page.evaluate("sessionStorage.getItem('o2o.manager.token')")
    assert token

    # Only their region is offered, and only its stores.
    regions = _api(live_url, token, "/regions")
    assert len(regions) == 1
    offered = page.locator("#region option").all_inner_texts()
    assert offered == ["All my regions", regions[0]["name"]]
    stores = _api(live_url, token, "/stores", "limit=100")["items"]
    assert page.locator("#store option").count() == 1 + len(stores)

    # The tiles and the store ranking are the API's figures for the same question.
    summary = _api(live_url, token, "/insights/summary", query)
    assert summary["figures"]["orders"] > 0, "the demo wall is empty"
    assert _tiles_match(page, summary) >= 5
    ranking = _api(live_url, token, "/insights/breakdown", f"by=store&{query}")
    ranking = [r for r in ranking if r["key"] not in ("", "0")]  # no store: not ranked
    by_id = {s["id"]: s for s in stores}
    expected = [
        [str(i), f"{by_id[int(r['key'])]['code']} {by_id[int(r['key'])]['name']}",
         _int(r["figures"]["orders"]), _money(r["figures"]["gmv_fen"])]
        for i, r in enumerate(ranking, 1)
    ]  # fmt: skip
    shown = _store_rows(page)
    assert [row[:4] for row in shown] == expected and expected
    assert page.locator("#store-map circle.store").count() == len(
        [s for s in stores if s["latitude"] is not None]
    )

    # The payment method mix and the members by region: the API's rows, as shown.
    methods = _api(live_url, token, "/insights/payment_methods", query)
    shown_methods = [
        row.locator("td").all_inner_texts() for row in page.locator("#payments tbody tr").all()
    ]
    assert [row[1:3] for row in shown_methods] == [
        [_int(m["orders"]), _money(m["gmv_fen"])] for m in methods
    ]
    assert sum(m["orders"] for m in methods) == summary["figures"]["orders"]
    by_region = _api(live_url, token, "/insights/breakdown", f"by=region&{query}")
    shown_regions = [
        row.locator("td").all_inner_texts() for row in page.locator("#regions tbody tr").all()
    ]
    assert [row[1] for row in shown_regions] == [
        _int(r["figures"]["new_members"]) for r in by_region
    ]

    # NPS by touchpoint: the experience API's rows for the same period.
    experience = _api(
        live_url,
        token,
        "/experience",
        f"by=touchpoint&start={dict(parse_qsl(query))['start']}"
        f"&end={dict(parse_qsl(query))['end']}",
    )
    assert page.locator("#nps-row").is_visible()
    assert page.locator("#nps tbody tr").count() == max(1, len(experience["rows"]))

    # "Recommended -> bought": a row per touchpoint, the recommendations service's counts.
    suggested = _api(
        live_url,
        token,
        "/insights/recommendations",
        f"start={dict(parse_qsl(query))['start']}&end={dict(parse_qsl(query))['end']}",
    )
    assert page.locator("#recommended-row").is_visible()
    assert page.locator("#recommended tbody tr").count() == len(suggested["touchpoints"]) == 4

    # Campaigns in their region with the campaigns service's own reach and uplift.
    campaigns = _api(live_url, token, "/campaigns", "limit=100")["items"]
    assert campaigns, "the demo has a campaign"
    results = [_api(live_url, token, f"/campaigns/{c['id']}/results") for c in campaigns]
    shown_campaigns = [
        [cell.inner_text() for cell in row.locator("td").all()]
        for row in page.locator("#campaigns tr").all()[1:]
    ]
    reach = [next(a for a in r["arms"] if a["arm"] == "treated")["members"] for r in results]
    assert [row[:3] for row in shown_campaigns] == [
        [c["name"], c["status"], _int(n)] for c, n in zip(campaigns, reach, strict=True)
    ]
    uplift = results[0]["uplift"]  # a rate: compared by value (see EXACT)
    assert uplift is not None and page.locator("#campaigns-row").is_visible()
    assert abs(float(shown_campaigns[0][5].rstrip("%")) - uplift["difference"] * 100) <= 0.051

    # The table downloads as the CSV of what it shows.
    with page.expect_download() as download:
        page.locator("[data-table=stores] button.csv").click()
    lines = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
    assert lines[0][:4] == ["Rank", "Store", "Orders", "GMV (¥)"]
    assert [line[1:4] for line in lines[1:]] == [
        [row[1], str(r["figures"]["orders"]), f"{r['figures']['gmv_fen'] / 100:.2f}"]
        for row, r in zip(expected, ranking, strict=True)
    ]

    # One store, over a longer period: the wall asks again and shows that store's figures.
    top = ranking[0]["key"]
    page.locator("#period").select_option("90")
    query = _loaded(page, query)
    page.locator("#store").select_option(top)
    query = _loaded(page, query)
    assert dict(parse_qsl(query))["store_id"] == top
    store_summary = _api(live_url, token, "/insights/summary", query)
    _tiles_match(page, store_summary)
    assert len(_store_rows(page)) == 1
    assert page.locator("#store-map circle.store").count() == 1

    page.locator("#store").select_option("")
    _loaded(page, query)
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
    if target := os.environ.get("O2O_DASHBOARD_SCREENSHOT"):
        page.screenshot(path=target, full_page=True)

    assert errors == []
    foreign = [url for url in requested if not _same_origin(url, live_url)]
    assert foreign == [], f"requests left the machine: {foreign}"
    assert f"{live_url}/dashboard-assets/plotly.min.js" in requested
    assert all(urlsplit(u).path != "/dashboard" or u.startswith(live_url) for u in requested)


@pytest.mark.demo
def test_hq_sees_a_named_readable_wall_within_two_seconds(
    live_url: str, browser_page: Any, tmp_path: Path
) -> None:
    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _log_in(page, live_url, "hq")
    page.locator("#wall:not([hidden])").wait_for()
    asked = time.monotonic()
    page.locator("body[data-painted]").wait_for(state="attached")
    painted = time.monotonic() - asked
    assert page.locator("#tiles .tile").count() > 0
    query = _loaded(page)
    token = page.evaluate("sessionStorage.getItem('o2o.manager.token')")
    assert painted < 2.0, f"HQ's tiles took {painted:.1f} s"

    # Everyone by name: guides of every store (not the first 60), stores, touchpoints.
    guides = _api(live_url, token, "/insights/breakdown", f"by=guide&{query}")
    shown = page.locator("#guides tbody tr td:nth-child(2)").all_inner_texts()
    assert shown and shown == [g["name"] for g in guides if g["key"] not in ("", "0")]
    names = page.locator(
        "#guides td:nth-child(2), #stores td:nth-child(2), #funnel td:nth-child(-n+2)"
    ).all_inner_texts()
    assert names and not [n for n in names if re.fullmatch(r"(guide|store|touchpoint) \d+", n)]
    # Headers in words, money with its unit; no field names.
    headers = page.locator("th").all_inner_texts()
    assert "GMV (¥)" in headers and not [h for h in headers if re.fullmatch(r"[a-z_]+", h)]
    # Tables scroll inside their panels: no panel is wider than its box.
    for panel in page.locator(".table-panel:visible").all():
        assert page.evaluate("(p) => p.scrollWidth <= p.clientWidth + 1", panel.element_handle())
    # Counts never have negative ticks.
    axes = page.locator("#series-chart .ytick text, #series-chart .y2tick text")
    ticks = axes.all_text_contents()
    assert ticks and not [t for t in ticks if t.startswith(("-", "\u2212"))], ticks
    # The funnel narrows: each step at most the one before.
    overall = _api(live_url, token, "/insights/funnel/overall", query)
    counts = [step["count"] for step in overall]
    assert counts[0] > 0 and counts == sorted(counts, reverse=True)
    # The store map has a base (provinces, coast, cities) and its labels never overlap.
    assert page.locator("#store-map circle.store").count() > 60
    assert page.locator("#store-map path.province").count() > 10
    assert page.locator("#store-map path.country").count() == 1
    assert page.locator("#store-map text.city-label").count() > 3
    boxes = page.locator("#store-map text.store-label, #store-map text.city-label").evaluate_all(
        "els => els.map((t) => { const b = t.getBBox();"
        " return [b.x, b.y, b.x + b.width, b.y + b.height]; })"
    )
    assert len(boxes) > 10
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] + 1 < b[2] and b[0] + 1 < a[2] and a[1] + 1 < b[3] and b[1] + 1 < a[3])
    page.screenshot(path=str(tmp_path / "dashboard-hq.png"), full_page=True)
    if target := os.environ.get("O2O_DASHBOARD_HQ_SCREENSHOT"):
        page.screenshot(path=target, full_page=True)
    assert errors == []


@pytest.mark.demo
def test_a_guide_cannot_log_in_to_the_dashboard(live_url: str, browser_page: Any) -> None:
    page = browser_page
    _log_in(page, live_url, "sha-01-g1")
    page.locator("#login-error:not(:empty)").wait_for()
    assert page.locator("#wall").is_hidden()
    assert page.evaluate("sessionStorage.getItem('o2o.manager.token')") is None


def test_the_page_and_its_chart_library_come_from_the_app(live_url: str) -> None:
    page = httpx.get(f"{live_url}/dashboard", timeout=30)
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "connect-src 'self'" in policy
    assert "http" not in page.text  # no asset from anywhere else
    script = httpx.get(f"{live_url}/dashboard-assets/plotly.min.js", timeout=30)
    assert script.status_code == 200 and len(script.content) > 1_000_000
    assert script.content.startswith(b"/**") and b"plotly.js" in script.content[:400]
