"""Reader checks in a real browser: Debian's Chromium driven by Playwright, on 127.0.0.1 only.

Every page: charts drawn (an SVG inside each vega-embed container), no console
error, no uncaught exception, no request leaving 127.0.0.1, and no serious or
critical axe-core violation.  Also: the search page finds words, a chart's
tooltip shows its value on hover, and screenshots for people to look at.
"""
import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import HTML, ROOT

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "screenshots"
if not (HTML / ".built").exists():
    pytest.skip("the HTML book is not built (run make html)", allow_module_level=True)
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
DOCS = [TOC["root"]] + [c["file"] for part in TOC["parts"] for c in part["chapters"]]
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-quic", "--disable-sync"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    handler = functools.partial(_Quiet, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield b
        b.close()


def open_page(browser, url, viewport=(1280, 800)):
    """Open url; return (page, problems) where problems collects console errors,
    uncaught exceptions and requests to any host but 127.0.0.1."""
    ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = ctx.new_page()
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))

    def route(r):
        host = urlsplit(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            problems.append(f"request to another host: {r.request.url}")
            r.abort()
    page.route("**/*", route)
    page.goto(url, wait_until="load")
    return page, problems


def wait_for_charts(page, timeout=15000):
    n = page.locator("div.companion-chart").count()
    if n:
        page.wait_for_function(
            "() => [...document.querySelectorAll('div.companion-chart')].every(d => d.querySelector('svg, canvas'))",
            timeout=timeout)
    return n


@pytest.mark.parametrize("doc", DOCS)
def test_page_renders_cleanly(browser, server, doc):
    page, problems = open_page(browser, f"{server}/{doc}.html")
    n = wait_for_charts(page)
    drawn = page.eval_on_selector_all("div.companion-chart", "ds => ds.filter(d => d.querySelector('svg')).length")
    assert drawn == n
    page.wait_for_timeout(300)
    assert not problems, problems
    page.context.close()


@pytest.mark.parametrize("doc", DOCS)
def test_accessibility_no_serious_violation(browser, server, doc):
    if not AXE.exists():
        pytest.fail(f"axe-core missing at {AXE}: run npm ci")
    page, _ = open_page(browser, f"{server}/{doc}.html")
    wait_for_charts(page)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [f"{v['id']} ({v['impact']}): {v['help']} — e.g. {v['nodes'][0]['target']}"
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, bad
    page.context.close()


@pytest.mark.parametrize("word", ["Bayraktar", "Shusha"])
def test_search_finds(browser, server, word):
    page, problems = open_page(browser, f"{server}/search.html?q={word}")
    page.wait_for_selector("#search-results ul.search li", timeout=15000)
    hits = page.locator("#search-results ul.search li").count()
    assert hits >= 1
    assert not problems, problems
    page.context.close()


def test_hovering_a_bar_shows_its_tooltip(browser, server):
    page, _ = open_page(browser, f"{server}/chapters/05_drones_in_war.html")
    wait_for_charts(page)
    bar = page.locator("div.companion-chart svg path[role='graphics-symbol']").first
    bar.scroll_into_view_if_needed()
    bar.hover()
    tip = page.locator("#vg-tooltip-element")
    tip.wait_for(state="visible", timeout=5000)
    assert re.search(r"\d", tip.inner_text()), tip.inner_text()
    page.context.close()


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_screenshots(browser, server, size):
    SHOTS.mkdir(exist_ok=True)
    for doc in DOCS:
        page, _ = open_page(browser, f"{server}/{doc}.html", viewport=size)
        wait_for_charts(page)
        name = doc.split("/")[-1]
        page.screenshot(path=str(SHOTS / f"{name}-{size[0]}x{size[1]}.png"), full_page=True)
        page.context.close()
    assert len(list(SHOTS.glob(f"*-{size[0]}x{size[1]}.png"))) >= len(DOCS)
