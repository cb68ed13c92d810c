"""Page weight: what every built page loads before any interaction, and that what was
cut to make pages light still works.

From the built files: every script is deferred (or async); the HTML with the CSS,
JavaScript and images it loads stays within 200 KiB gzip; pages link the trimmed
copy of the theme's stylesheet. In Chromium (Playwright, pages served from
127.0.0.1): no font file is downloaded and no text is drawn in the icon font; the
trimmed stylesheet draws each page exactly as the theme's whole one; every chart is
drawn, with or without JavaScript, within its column and with no text under 10 px, at
390 and 1280 px (and once live, on a phone); vega loads only when a reader reaches for
a chart; no layout at load covers the sections a screen away; the header's menus, the sidebar toggles, the
theme switcher and the code-cell toggles work, with JavaScript and, where they can,
without. Timings are for `make bench`, not for tests.
"""
import json
import os
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from built_pages import LAY_OUT_EVERY_SECTION
from conftest import HTML, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "_ext"))
import bench  # noqa: E402

from companion_book.assets import THEME_CSS, USED_THEME_CSS  # noqa: E402

PAGES = bench.built_pages() if HTML.exists() else []
if not PAGES:
    pytest.fail("the HTML book is not built: run make html (make test does)", pytrace=False)
BUDGET = 200 * 1024
CHROMIUM = Path("/usr/bin/chromium")
# Text drawn in the icon font: an element or pseudo-element whose font is Font Awesome
# and that has something to draw.
ICON_FONT_TEXT = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const pseudo of [null, '::before', '::after']) {
      const style = getComputedStyle(el, pseudo);
      if (!/awesome/i.test(style.fontFamily) || style.display === 'none') continue;
      const drawn = pseudo ? !['none', 'normal', '""'].includes(style.content)
                           : [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      if (drawn) found.push(el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + (pseudo || ''));
    }
  }
  return found;
}"""


def soup(page: str) -> BeautifulSoup:
    return BeautifulSoup((HTML / page).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("page", PAGES)
def test_no_script_blocks_the_first_paint(page):
    blocking = [s["src"] for s in soup(page).select("script[src]")
                if not s.has_attr("defer") and not s.has_attr("async") and s.get("type") != "module"]
    assert not blocking, blocking


@pytest.mark.parametrize("page", PAGES)
def test_first_load_within_200_kib_gzip(page):
    raw, gz = bench.page_bytes(HTML / page)
    assert gz <= BUDGET, f"{page}: {gz / 1024:.0f} KiB gzip ({raw / 1024:.0f} KiB raw)"


@pytest.mark.parametrize("page", PAGES)
def test_pages_link_the_trimmed_theme_stylesheet(page):
    sheets = [Path(link["href"].split("?")[0]).name for link in soup(page).select("link[rel~=stylesheet]")]
    assert "pydata-sphinx-theme.used.css" in sheets, sheets
    assert "pydata-sphinx-theme.css" not in sheets and "theme.css" not in sheets, sheets


def test_trimmed_stylesheet_is_much_smaller_and_keeps_what_pages_use():
    full = (HTML / "_static" / THEME_CSS).read_text(encoding="utf-8")
    used = (HTML / "_static" / USED_THEME_CSS).read_text(encoding="utf-8")
    assert len(used) < len(full) / 3
    for kept in (".bd-sidebar-primary", ".dropdown-menu", "html[data-theme=dark]", ".pst-squeeze", "@media"):
        assert kept in used, kept
    for dropped in (".carousel-item", ".btn-outline-warning", ".offcanvas-start"):
        assert dropped in full and dropped not in used, dropped


# ---- In Chromium ---------------------------------------------------------------

@pytest.fixture(scope="module")
def server():
    with bench.gzip_server(HTML) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("COMPANION_SKIP_BROWSER"):
            pytest.skip("COMPANION_SKIP_BROWSER is set: browser tests skipped on purpose")
        pytest.fail("Debian's chromium is not installed: apt-get install chromium (make browser does)", pytrace=False)
    from playwright import sync_api
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=bench.CHROME_FLAGS[1:])
        yield b
        b.close()


def open_page(browser, url, width=1280, javascript=True, dark=False, touch=False, whole_theme_css=False):
    ctx = browser.new_context(viewport={"width": width, "height": 844}, java_script_enabled=javascript,
                              has_touch=touch, is_mobile=touch)
    if dark:
        ctx.add_init_script("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark')")
    if whole_theme_css:   # the theme's whole stylesheet where pages link the trimmed copy
        whole = (HTML / "_static" / THEME_CSS).read_bytes()
        ctx.route(f"**/{Path(USED_THEME_CSS).name}", lambda r: r.fulfill(body=whole, content_type="text/css"))
    page = ctx.new_page()
    page.requested = []
    page.on("request", lambda r: page.requested.append((r.resource_type, r.url)))
    page.goto(url, wait_until="load")
    return page


def open_header_menus(page):
    for summary in page.locator(".bd-header-article details.dropdown > summary").all():
        if summary.is_visible():
            summary.click()


@pytest.mark.parametrize("page_path", PAGES)
@pytest.mark.parametrize("width", [1280, 390])
def test_no_font_is_downloaded(browser, server, page_path, width):
    for dark in (False, True):
        page = open_page(browser, f"{server}/{page_path}?highlight=drone", width=width, dark=dark)
        open_header_menus(page)
        page.wait_for_timeout(300)
        fonts = [url for kind, url in page.requested if kind == "font"]
        assert not fonts, fonts
        assert page.evaluate(ICON_FONT_TEXT) == []
        page.context.close()


# Appendix B's claims register alone takes some 3,900 layout objects; appendix H's register,
# as one table, took 2,513 on CI (now in parts: 164). The largest first screen, appendix E's,
# takes 700-950.
MOST_LAID_OUT_AT_ONCE = 2500


@pytest.mark.parametrize("page_path", PAGES)
def test_sections_below_the_first_screen_are_not_laid_out_at_load(browser, server, page_path, tmp_path):
    """On a phone, no layout while the page loads covers the sections a screen away
    (content-visibility skips them), and nothing forces them: a form field in such a
    section did, as Chromium's autofill reads every field at load. Counted in layout
    objects, not milliseconds, so that a busy machine cannot change the verdict."""
    trace = tmp_path / "trace.json"
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    browser.start_tracing(page=page, path=str(trace), categories=["devtools.timeline"])
    page.goto(f"{server}/{page_path}", wait_until="load")
    page.wait_for_timeout(1000)
    browser.stop_tracing()
    ctx.close()
    layouts = [e["args"]["beginData"]["dirtyObjects"] for e in json.loads(trace.read_text())["traceEvents"]
               if e.get("name") == "Layout" and "beginData" in e.get("args", {})]
    assert layouts, "the trace recorded no layout"
    assert max(layouts) <= MOST_LAID_OUT_AT_ONCE, f"{page_path}: one layout at load covered {max(layouts)} objects"


def screenshot(browser, url, width, whole_theme_css, dark, act):
    page = open_page(browser, url, width=width, dark=dark, whole_theme_css=whole_theme_css)
    if "?q=" in url:   # Sphinx lists search results one by one: wait for the last
        page.wait_for_function("document.querySelector('#search-results h2')?.textContent === 'Search Results'")
    act(page)
    # Lay out every section, as print does: on screen, sections a screen away are
    # skipped until the reader nears them, and blank space would compare as equal.
    # Table headers and captions stay in place: on a busy machine successive captures
    # of one page drew a sticky header row a pixel apart (the rule is the book's own,
    # in both stylesheets' pages alike).
    page.add_style_tag(content=LAY_OUT_EVERY_SECTION
                       + " .bd-article table th, .bd-article table > caption { position: static !important; }")
    page.wait_for_timeout(400)
    shot = page.screenshot(full_page=True, animations="disabled")
    page.context.close()
    return shot


STATES = {
    "as loaded": lambda page: None,
    "menus open": open_header_menus,
    "navigation open": lambda page: page.locator(".bd-header-article .primary-toggle").click(),
    "search dialog": lambda page: page.keyboard.press("Control+k"),
}


def same_drawing(browser, url, width, dark, act) -> bool:
    """Pixel for pixel, with the trimmed and the whole theme stylesheet. A rendering that
    differs by chance gets four more tries: on a busy machine a full-page capture may
    draw a sticky table header or a dotted underline a pixel apart even with the same
    stylesheet. A rule the trimmed copy lacks differs every time."""
    return any(screenshot(browser, url, width, True, dark, act) == screenshot(browser, url, width, False, dark, act)
               for _ in range(5))


@pytest.mark.parametrize("page_path", PAGES + ["search.html?q=drone"])
def test_trimmed_stylesheet_draws_pages_as_the_whole_one(browser, server, page_path):
    # Phone layout in light mode, desktop layout in dark mode: both layouts, both palettes.
    for width, dark in ((390, False), (1280, True)):
        assert same_drawing(browser, f"{server}/{page_path}", width, dark, STATES["as loaded"]), \
            f"{page_path} at {width}px, {'dark' if dark else 'light'}"


@pytest.mark.parametrize("state", [s for s in STATES if s != "as loaded"])
@pytest.mark.parametrize("width", [1280, 390])
def test_trimmed_stylesheet_draws_open_menus_and_dialogs_as_the_whole_one(browser, server, width, state):
    assert same_drawing(browser, f"{server}/{chart_page()}", width, False, STATES[state])


def chart_page():
    pages = [p for p in PAGES if soup(p).select_one(".companion-chart[data-spec]")]
    assert pages, "no built page has a chart: the build lost its charts"
    return pages[0]


# Each chart as the reader sees it: the SVG drawn in its container (the live one once
# vega has drawn it), within the article's column, with no text under 10 CSS px (a
# text's size in the SVG times the scale the SVG is drawn at).
CHARTS_AS_SEEN = """() => {
  const article = document.querySelector('article.bd-article'), a = article.getBoundingClientRect();
  const pad = getComputedStyle(article), left = a.left + parseFloat(pad.paddingLeft) - 1;
  const right = a.right - parseFloat(pad.paddingRight) + 1;
  return [...document.querySelectorAll('div.companion-chart')].map(chart => {
    const svg = [...chart.querySelectorAll(':scope svg:not(svg svg)')].find(s => {
      const r = s.getBoundingClientRect();
      return s.checkVisibility({opacityProperty: true, visibilityProperty: true}) && r.width > 0 && r.height > 0;
    });
    if (!svg) return [chart.id, 'not visible'];
    const r = svg.getBoundingClientRect();
    if (r.left < left || r.right > right) return [chart.id, `drawn from ${r.left} to ${r.right}, column ${left}-${right}`];
    const drawnPx = t => {
      const m = t.getScreenCTM();
      return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    };
    const small = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() && t.checkVisibility())
      .map(t => [t.textContent.trim(), drawnPx(t)]).filter(([, px]) => px < 10 - 0.01);
    return [chart.id, small.length ? `text under 10 px: ${JSON.stringify(small.slice(0, 3))}` : 'seen'];
  });
}"""


def charts_seen_wrongly(page) -> list:
    return [r for r in page.evaluate(CHARTS_AS_SEEN) if r[1] != "seen"]


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
@pytest.mark.parametrize("width", [320, 390, 1280])
@pytest.mark.parametrize("page_path", [p for p in PAGES if soup(p).select_one("div.companion-chart")])
def test_every_chart_is_seen_whole_and_readable(browser, server, page_path, width, javascript):
    """Every chart of the page is drawn, with or without JavaScript, within its column,
    and no text of it under 10 px; the page does not scroll sideways."""
    page = open_page(browser, f"{server}/{page_path}", width=width, javascript=javascript)
    assert len(page.evaluate(CHARTS_AS_SEEN)) == len(soup(page_path).select("div.companion-chart"))
    assert not charts_seen_wrongly(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    page.context.close()


def test_vega_loads_only_when_a_reader_reaches_for_a_chart(browser, server):
    page = open_page(browser, f"{server}/{chart_page()}")
    page.wait_for_timeout(500)
    assert not [url for _, url in page.requested if "companion-vega" in url or "/charts/" in url]
    page.locator(".companion-chart[data-spec]").first.focus()
    page.wait_for_selector(".companion-chart[data-live='yes']", timeout=30000)
    assert [url for _, url in page.requested if "companion-vega" in url]
    page.context.close()


def test_a_tap_wakes_a_chart_and_shows_a_tooltip(browser, server):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    page = open_page(browser, f"{server}/{chart_page()}", width=390, touch=True)
    page.locator(".companion-chart[data-spec]").first.tap()
    page.wait_for_selector(".companion-chart[data-live='yes'] .chart-live.chart-narrow", timeout=30000)
    assert not charts_seen_wrongly(page)      # the live chart too fits the phone, its text readable
    tooltip = page.locator(bench.TOOLTIP)
    for mark in page.locator(bench.MARKS).all()[:40]:
        if mark.is_visible():
            mark.tap(force=True)
            # The page answers a tap in a task of its own (companion-charts.js): wait for it.
            try:
                page.wait_for_selector(bench.TOOLTIP, state="attached", timeout=1000)
                break
            except PlaywrightTimeout:     # not every mark has a tooltip: try the next
                continue
    assert tooltip.count(), "no tooltip after tapping the chart's marks"
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [1280, 390])
def test_header_menus_open_and_close(browser, server, width, javascript):
    page = open_page(browser, f"{server}/{chart_page()}", width=width, javascript=javascript)
    menu = page.locator(".bd-header-article details.dropdown").first
    menu.locator("summary").click()
    assert menu.locator(".dropdown-menu").is_visible()
    assert menu.locator(".dropdown-menu a").first.is_visible()
    if javascript:
        page.mouse.click(5, 800)
        assert not menu.locator(".dropdown-menu").is_visible()
        menu.locator("summary").click()
        page.keyboard.press("Escape")
        assert not menu.locator(".dropdown-menu").is_visible()
    page.context.close()


def visible_links(page, side):
    links = page.locator(f"#pst-{side}-sidebar a, #pst-{side}-sidebar-modal a").all()
    return sum(1 for link in links if link.is_visible())


def links_once(page, side, wanted, seconds=5.0):
    """The sidebar's visible links once `wanted(count)` holds, or after `seconds`: the
    first click waits for the theme's script, and a sidebar slides open over 0.3 s."""
    deadline = time.monotonic() + seconds
    while not wanted(count := visible_links(page, side)) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    return count


def test_navigation_toggle_hides_and_shows_the_sidebar_on_wide_screens(browser, server):
    page = open_page(browser, f"{server}/{chart_page()}")
    toggle = page.locator(".bd-header-article .primary-toggle")
    shown = visible_links(page, "primary")
    assert shown
    toggle.click()
    assert links_once(page, "primary", lambda n: n == 0) == 0
    toggle.click()
    assert links_once(page, "primary", lambda n: n == shown) == shown
    page.context.close()


@pytest.mark.parametrize("side", ["primary", "secondary"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_sidebar_toggles_open_the_sidebars_on_phones(browser, server, side, javascript):
    page = open_page(browser, f"{server}/{chart_page()}", width=390, javascript=javascript)
    assert visible_links(page, side) == 0
    page.locator(f".bd-header-article .{side}-toggle").click()
    assert links_once(page, side, lambda n: n > 0) > 0
    if javascript:   # as the theme's dialog, even when the click comes before its script
        assert page.locator(f"#pst-{side}-sidebar-modal[open]").count() == 1
    page.context.close()


def test_theme_switcher_changes_the_mode(browser, server):
    page = open_page(browser, f"{server}/{chart_page()}")
    modes = [page.evaluate("document.documentElement.dataset.mode")]
    for _ in range(3):
        page.locator(".bd-header-article .theme-switch-button").click()
        # The first click is held until the theme's script has loaded, then passed on:
        # wait for the mode to change rather than read it in the same instant.
        page.wait_for_function("before => document.documentElement.dataset.mode !== before",
                               arg=modes[-1], timeout=5000)
        modes.append(page.evaluate("document.documentElement.dataset.mode"))
    assert set(modes[1:]) == {"auto", "dark", "light"}, modes
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_code_cell_toggle_shows_the_code(browser, server, javascript):
    pages = [p for p in PAGES if soup(p).select_one("details.hide.above-input")]
    assert pages, "no built page folds a code cell"
    page = open_page(browser, f"{server}/{pages[0]}", javascript=javascript)
    cell = page.locator("details.hide.above-input").first
    assert not cell.locator(".cell_input").is_visible()
    cell.locator("summary").click()
    assert cell.locator(".cell_input").is_visible()
    page.context.close()
