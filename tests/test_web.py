"""The web page in Debian's headless chromium (Playwright), served by a real `yuezhang serve` process.

Screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect
from test_api_server import HOSTILE_TITLE, build_kb, serving

from yuezhang.variants import fold

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(build_kb(tmp_path_factory.mktemp("web_kb"))) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Debian's chromium is missing: run `make test-deps`"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, base: str):
    """A fresh browser context (no stored script choice) that fails the test on any page error."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base)
    pg = ctx.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    outside: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.on(
        "request",
        lambda r: None if r.url.startswith(base) or r.url.startswith("data:") else outside.append(r.url),
    )
    yield pg
    ctx.close()
    assert not errors, errors
    assert not dialogs, dialogs
    assert not outside, f"the page reached beyond its server: {outside}"


def go(page, hash_: str, view: str) -> None:
    page.goto("/" + hash_)
    page.wait_for_selector(f"body[data-ready='{view}']", state="attached")


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def api(base: str, path: str, **params) -> dict:
    r = httpx.get(f"{base}/api/{path}", params=params, timeout=30)
    r.raise_for_status()
    return r.json()


def test_search_in_traditional_finds_simplified_titles(page, base: str) -> None:
    go(page, "#/", "list")
    page.fill("#q", "條約")
    page.press("#q", "Enter")
    page.wait_for_selector("body[data-ready='list'] .fulltext", state="attached")
    titles = page.locator("table.treaties tr.treaty-row td:first-child").all_inner_texts()
    expected = api(base, "treaties", q="條約", limit=50)
    assert len(titles) == len(expected["items"]) > 5
    assert {"南京条约", "马关条约"} <= set(titles)
    assert page.locator(".fulltext mark").count() > 0
    assert all(fold(m) == "条约" for m in page.locator(".fulltext mark").all_inner_texts())
    shot(page, "web-search")
    page.click("section.facet[data-facet='century'] li a >> nth=0")
    page.wait_for_selector("section.facet[data-facet='century'] li.on", state="attached")
    assert page.locator("tr.treaty-row").count() < len(titles)


def test_treaty_page_shows_evidence_of_its_signing_date(page, base: str) -> None:
    go(page, "#/?q=伯力", "list")
    page.click("table.treaties a:text-is('伯力会议议定书')")
    page.wait_for_selector("body[data-ready='treaty']", state="attached")
    assert page.inner_text("article.treaty h1") == "伯力会议议定书"
    treaty = api(base, "treaties/伯力会议议定书")
    fact = next(f for f in treaty["facts"] if f["field"] == "signed")
    page.click("button.fact[data-field='signed']")
    page.wait_for_selector("#evidence mark.evidence-span")
    assert page.inner_text("#evidence mark.evidence-span") == fact["data"]["evidence"]["text"]
    assert page.inner_text("#evidence .evidence-sentence").strip() == fact["sentence"]
    colour = page.eval_on_selector("#evidence .evidence-sentence", "e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    for f in treaty["facts"]:  # every fact is on the page
        assert page.locator(f"button.fact[data-fact-id='{f['id']}']").count() == 1
    shot(page, "web-treaty-evidence")


def test_treaty_page_links_parties_and_related_treaties(page, base: str) -> None:
    treaty = api(base, "treaties/中苏友好同盟互助条约")
    go(page, f"#/treaty/{treaty['id']}", "treaty")
    linked = [r for r in treaty["related"] if r["target_id"]]
    assert page.locator("a.treaty-link").count() == len(linked) > 0
    page.click("a.entity-link >> nth=0")
    page.wait_for_selector("body[data-ready='entity']", state="attached")
    assert page.locator(f"ul.entity-treaties a[href='#/treaty/{treaty['id']}']").count() == 1


def test_timeline_renders_zooms_and_filters(page, base: str) -> None:
    go(page, "#/timeline", "timeline")
    items = api(base, "timeline")["items"]
    assert page.locator("g.tl-item").count() == len(items) > 10
    shot(page, "web-timeline")
    first = page.locator("g.tl-item >> nth=0")
    before = first.get_attribute("transform")
    page.mouse.move(640, 400)
    page.mouse.wheel(0, -600)
    expect(first).not_to_have_attribute("transform", before)
    shot(page, "web-timeline-zoomed")
    party = api(base, "treaties/facets")["party"][0]["value"]
    page.select_option("#party-filter", party)
    filtered = api(base, "timeline", party=party)["items"]
    assert 0 < len(filtered) < len(items)
    expect(page.locator("g.tl-item")).to_have_count(len(filtered))


def test_graph_renders_treaties_parties_and_relations(page, base: str) -> None:
    go(page, "#/graph", "graph")
    g = api(base, "graph")
    assert page.locator("g.node").count() == len(g["nodes"])
    assert page.locator("line.edge").count() == len(g["edges"])
    assert page.locator("g.node-party").count() > 0
    assert page.locator("line.edge:not(.rel-party)").count() > 0
    shot(page, "web-graph")


def test_map_renders_signing_places_over_offline_outlines(page, base: str) -> None:
    go(page, "#/map", "map")
    places = api(base, "places.geojson")["features"]
    assert page.locator("g.place").count() == len(places) > 3
    assert page.locator("path.country").count() > 100
    page.locator("g.place >> nth=0").dispatch_event("click")
    assert page.locator(".map-panel li").count() == len(places[0]["properties"]["treaties"])
    assert "null" not in page.locator(".map-panel").inner_text()
    shot(page, "web-map")


def test_switch_to_traditional_converts_page_and_evidence(page) -> None:
    go(page, "#/treaty/伯力会议议定书", "treaty")
    page.select_option("#variant", "zh-hant")
    page.wait_for_selector("article.treaty h1:text-is('伯力會議議定書')")
    assert page.inner_text("nav a[data-nav='timeline']") == "時間線"
    page.click("button.fact[data-field='signed']")
    page.wait_for_selector("#evidence mark.evidence-span")
    passage = page.inner_text("#evidence .passage")
    assert passage != fold(passage)  # shown in traditional script
    shot(page, "web-traditional")
    page.reload()  # the choice is kept
    page.wait_for_selector("article.treaty h1:text-is('伯力會議議定書')")
    page.select_option("#variant", "zh-hans")
    page.wait_for_selector("article.treaty h1:text-is('伯力会议议定书')")


def test_article_markup_shows_as_text_and_never_runs(page) -> None:
    go(page, f"#/treaty/{HOSTILE_TITLE}", "treaty")
    page.click("button.fact[data-field='place']")
    page.wait_for_selector("#evidence mark.evidence-span")
    passage = page.inner_text("#evidence .passage")
    assert "<script>window.__pwned=1</script>" in passage
    assert 'onerror="window.__pwned=2"' in passage
    go(page, "#/?q=onerror", "list")
    assert 'onerror="window.__pwned=2"' in page.inner_text(".fulltext")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("main img, main script").count() == 0
    shot(page, "web-hostile")
