"""Reader checks in a real browser: Debian's Chromium driven by Playwright, on 127.0.0.1 only.

Every page: charts drawn (an SVG inside each chart container), no console error, no uncaught exception, no
request leaving 127.0.0.1, no serious or critical axe-core violation, one search field. On a phone (390x844)
every table fits its column or scrolls sideways inside a box that does, to its last column; long tables keep
their header row in view, and a link to one of their rows shows that row below it. Search finds each word in
either spelling (Kinik/Kınık, TUSAS/TUSAŞ) on exactly the pages whose text holds it, with snippets free of
code and of table cells run together. A chart's tooltip shows on hover. Screenshots of every page at both
widths go to screenshots/ for people to look at.

Needs Debian's chromium at /usr/bin/chromium (``make browser`` installs it when run as root).
Without it these tests FAIL; set COMPANION_SKIP_BROWSER=1 to skip them on purpose. For a book built
with another table of contents (``jupyter-book build . --toc FILE``), set BOOK_TOC=FILE.
"""
import functools
import http.server
import os
import re
import sys
import threading
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from playwright import sync_api

import built_pages
from built_pages import DOCS, article, code_lines, folded, glued_cells, linked_rows, long_table_docs, reader_text
from conftest import HTML, ROOT

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "screenshots"
sys.path.insert(0, str(ROOT / "_ext"))    # the book's own fold, to compare with the browser's
if not (HTML / ".built").exists():
    pytest.fail("the HTML book is not built: run make html (make test does)", pytrace=False)
if not CHROMIUM.exists() and os.environ.get("COMPANION_SKIP_BROWSER"):
    pytest.skip("COMPANION_SKIP_BROWSER is set: browser tests skipped on purpose", allow_module_level=True)


@pytest.fixture(scope="module", autouse=True)
def chromium_installed():
    """Every browser test fails, with this message, where Chromium is missing."""
    if not CHROMIUM.exists():
        pytest.fail(f"The browser tests need Debian's chromium at {CHROMIUM}: run `make browser` as root "
                    "(or apt-get install chromium). Set COMPANION_SKIP_BROWSER=1 to skip them on purpose.",
                    pytrace=False)


FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-quic", "--disable-sync"]
PHONE, DESKTOP = (390, 844), (1280, 800)
SEARCH_WORDS = ["Kinik", "Kınık", "Celik", "Çelik", "TUSAS", "TUSAŞ", "Shusha", "Bayraktar"]


# --- Browser plumbing -------------------------------------------------------------------
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


def open_page(browser, url, viewport=DESKTOP):
    """Open url; return (page, problems) where problems collects console errors,
    uncaught exceptions and requests to any host but 127.0.0.1."""
    ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = ctx.new_page()
    problems = []

    def console(message):
        # Chromium asks every host for /favicon.ico on its own; the book links
        # none, so that 404 is the browser's, not the page's.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            problems.append(f"console {message.type}: {message.text}")
    page.on("console", console)
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


def search(browser, server, word, viewport=DESKTOP):
    """The search page for word, once every result shows its snippet."""
    page, problems = open_page(browser, f"{server}/search.html?q={quote(word)}", viewport)
    page.wait_for_function("() => (document.querySelector('#search-results p.search-summary') || {}).textContent",
                           timeout=15000)
    page.wait_for_function("() => [...document.querySelectorAll('#search-results li')]"
                           ".every(li => li.querySelector('p.context'))", timeout=15000)
    return page, problems


# --- Every page --------------------------------------------------------------------------
@pytest.mark.parametrize("doc", DOCS)
def test_page_renders_cleanly(browser, server, doc):
    page, problems = open_page(browser, f"{server}/{doc}.html")
    n = wait_for_charts(page)
    drawn = page.eval_on_selector_all("div.companion-chart", "ds => ds.filter(d => d.querySelector('svg')).length")
    assert drawn == n
    # Listen for the page's life, not its first moments: the theme's script loads at the first
    # movement, and a request sent a second or two later must still be seen (issue 28).
    page.mouse.move(20, 20)
    page.wait_for_timeout(3000)
    assert not problems, problems
    page.context.close()


@pytest.mark.parametrize("doc", DOCS + ["search"])
def test_accessibility_no_serious_violation(browser, server, doc):
    if not AXE.exists():
        pytest.fail(f"axe-core missing at {AXE}: run npm ci")
    if doc == "search":
        page, _ = search(browser, server, "Bayraktar")
    else:
        page, _ = open_page(browser, f"{server}/{doc}.html")
        wait_for_charts(page)
    page.add_style_tag(content=built_pages.LAY_OUT_EVERY_SECTION)   # axe reads skipped sections' boxes as overlapping
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [f"{v['id']} ({v['impact']}): {v['help']} — e.g. {v['nodes'][0]['target']}"
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, bad
    page.context.close()


# Shown and on screen (a phone's sidebar waits off screen until opened).
VISIBLE_SEARCH_FIELDS = """() => [...document.querySelectorAll('input[type=search], .search-button__button')]
    .filter(e => { const r = e.getBoundingClientRect();
                   return e.checkVisibility({visibilityProperty: true}) && r.right > 0 && r.left < innerWidth; })
    .map(e => e.outerHTML.slice(0, 120))"""


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("doc", [DOCS[0], DOCS[1], "search"])
def test_one_search_field_per_page(browser, server, doc, size):
    page, _ = open_page(browser, f"{server}/{doc}.html", size)
    fields = page.evaluate(VISIBLE_SEARCH_FIELDS)
    assert len(fields) == 1, fields
    if fields[0].startswith("<button"):     # a phone: the button must open a field one can type in
        page.locator(".search-button__button").filter(visible=True).click()
        page.locator("#pst-search-dialog[open] input[type=search]").wait_for(state="visible", timeout=5000)
    page.context.close()


# The placeholder of each visible search field, measured in the field's own font, against the room
# the field gives its text ("Search the companion…" once showed as "Search the c").
PLACEHOLDERS_CUT = """() => [...document.querySelectorAll('input[type=search]')]
  .filter(i => i.getClientRects().length && i.placeholder).map(i => {
    const s = getComputedStyle(i), c = document.createElement('canvas').getContext('2d');
    c.font = s.font;
    const room = i.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    return [i.placeholder, Math.round(c.measureText(i.placeholder).width), Math.floor(room)];
  }).filter(([, width, room]) => width > room)"""


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_search_placeholder_is_cut_off(browser, server, size):
    page, _ = open_page(browser, f"{server}/{DOCS[1]}.html", size)
    if size == PHONE:                        # the field a phone shows is the dialog's
        page.locator(".search-button__button").filter(visible=True).click()
        page.locator("#pst-search-dialog[open] input[type=search]").wait_for(state="visible", timeout=5000)
    assert page.evaluate("() => [...document.querySelectorAll('input[type=search]')]"
                         ".filter(i => i.getClientRects().length).length") >= 1
    assert page.evaluate(PLACEHOLDERS_CUT) == []
    page.context.close()


# --- Tables on a phone -----------------------------------------------------------------
# For each table: does it fit the article's column? If not, the nearest box that
# scrolls sideways must lie within the column, and once scrolled to its end
# must show the table's last column.
TABLES_ON_A_PHONE = """() => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  const article = document.querySelector('article.bd-article');
  const a = article.getBoundingClientRect(), as = getComputedStyle(article);
  const column = {left: a.left + parseFloat(as.paddingLeft) - 1, right: a.right - parseFloat(as.paddingRight) + 1};
  const within = r => r.left >= column.left && r.right <= column.right;
  return [...article.querySelectorAll('table')].filter(t => t.getClientRects().length).map((t, i) => {
    const name = (t.id || t.className) + ' #' + i;
    if (within(t.getBoundingClientRect())) return [name, 'fits'];
    let box = t.parentElement;
    while (box !== article && !(['auto', 'scroll'].includes(getComputedStyle(box).overflowX)
                               && box.scrollWidth > box.clientWidth)) box = box.parentElement;
    if (box === article) return [name, 'wider than the column and in no box that scrolls sideways'];
    const b = box.getBoundingClientRect();
    if (!within(b)) return [name, 'its scrolling box is wider than the column'];
    box.scrollLeft = box.scrollWidth;
    const row = t.tHead ? t.tHead.rows[0] : t.rows[0];
    const last = row.cells[row.cells.length - 1].getBoundingClientRect();
    if (last.right > b.right + 1 || last.left < b.left - 1) return [name, 'last column not shown when scrolled to the end'];
    return [name, 'scrolls'];
  });
}"""


@pytest.mark.parametrize("doc", DOCS)
def test_tables_fit_or_scroll_sideways_on_a_phone(browser, server, doc):
    page, _ = open_page(browser, f"{server}/{doc}.html", PHONE)
    results = page.evaluate(TABLES_ON_A_PHONE)
    assert len(results) == len(article(doc).select("table")), "a table is not displayed"
    bad = [r for r in results if r[1] not in ("fits", "scrolls")]
    assert not bad, bad
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE[0], "the page itself scrolls sideways"
    page.context.close()


def test_the_claims_register_counts_as_a_long_table():
    if "chapters/appendix_b_claims" in DOCS:
        assert "chapters/appendix_b_claims" in long_table_docs()


# Scroll each long table's box half-way down: its header row must still sit at the box's top.
# Each table is first brought into view, as a reader scrolling to it would: a box a
# screen away is not laid out (content-visibility) until the next frames.
HEADER_IN_VIEW = """async () => {
  const results = [];
  for (const t of [...document.querySelectorAll('article table')]) {
    if (!t.tBodies.length || t.tBodies[0].rows.length <= 15) continue;
    t.scrollIntoView({block: 'start'});
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    results.push(headerInView(t));
  }
  return results;
  function headerInView(t) {
    const th = t.tHead ? t.tHead.rows[0].cells[0] : null;
    if (!th) return 'no header row';
    const scrollsDown = e => e.scrollHeight > e.clientHeight && getComputedStyle(e).overflowY !== 'visible';
    let box = t.parentElement;
    while (box && !scrollsDown(box)) box = box.parentElement;
    if (!box || box === document.documentElement || box === document.body) {
      // Short enough to be seen whole, header and all, on one screen: nothing to keep in view.
      const whole = t.getBoundingClientRect().height <= window.innerHeight;
      return whole ? 'header in view' : 'no box of its own that scrolls down';
    }
    box.scrollIntoView({block: 'start'});
    box.scrollTop = box.scrollHeight / 2;
    const b = box.getBoundingClientRect(), h = th.getBoundingClientRect();
    const inView = Math.abs(h.top - b.top) <= 2 && h.bottom <= window.innerHeight;
    return inView ? 'header in view' : `header at ${h.top}, box at ${b.top}`;
  }
}"""


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("doc", long_table_docs())
def test_long_tables_keep_their_header_in_view(browser, server, doc, size):
    page, _ = open_page(browser, f"{server}/{doc}.html", size)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    results = page.evaluate(HEADER_IN_VIEW)
    assert results and all(r == "header in view" for r in results), results
    page.context.close()


# The row a link points to, as the reader lands on it: its anchor drawn, not under its table's sticky header, nor
# off the screen, within 60 frames (the sections above it are laid out as the page scrolls, content-visibility).
LINKED_ROW_SEEN = """async id => {
  let verdict = '';
  for (let frame = 0; frame < 60 && verdict !== 'seen'; frame++) {
    await new Promise(done => requestAnimationFrame(done));
    const target = document.getElementById(id), r = target.getBoundingClientRect();
    const headEnd = Math.max(...[...target.closest('table').tHead.rows[0].cells].map(c => c.getBoundingClientRect().bottom));
    const drawn = target.contains(document.elementFromPoint(r.left + 2, r.top + r.height / 2));
    verdict = drawn && r.top >= headEnd - 1 && r.bottom <= window.innerHeight ? 'seen'
      : `anchor at ${Math.round(r.top)}-${Math.round(r.bottom)}, header ends at ${Math.round(headEnd)}`;
  }
  return verdict;
}"""


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize(("doc", "anchor"), linked_rows())
def test_a_link_to_a_row_shows_the_row(browser, server, doc, anchor, size):
    page, _ = open_page(browser, f"{server}/{doc}.html#{anchor}", size)
    seen = page.evaluate(LINKED_ROW_SEEN, anchor)
    assert seen == "seen", f"{doc}#{anchor}: {seen}"
    page.context.close()


# --- Search ----------------------------------------------------------------------------------
@pytest.mark.parametrize("word", SEARCH_WORDS)
def test_search_finds_both_spellings_and_shows_reader_text(browser, server, word):
    expected = {doc for doc in DOCS if folded(word) in folded(reader_text(doc))}
    page, problems = search(browser, server, word)
    results = page.eval_on_selector_all(
        "#search-results li", "lis => lis.map(li => [li.querySelector('a').getAttribute('href'),"
        " li.querySelector('p.context').textContent, [...li.querySelectorAll('.highlighted')].map(s => s.textContent)])")
    found = {href.split("#")[0].removesuffix(".html") for href, _, _ in results}
    assert found == expected, f"missing {expected - found}, unexpected {found - expected}"
    for href, snippet, marked in results:
        doc = href.split("#")[0].removesuffix(".html")
        assert not [line for line in code_lines(doc) if line in snippet], f"code in the snippet for {doc}: {snippet}"
        assert not [g for g in glued_cells(doc) if g in snippet], f"table cells run together for {doc}: {snippet}"
        if folded(word) in folded(reader_text(doc, with_charts=False)):
            assert any(folded(word) in folded(m) for m in marked), f"{word} not marked in the snippet for {doc}: {snippet}"
    assert not problems, problems
    page.context.close()


@pytest.mark.parametrize("word", ["TUSAŞ", "TUSAS"])
def test_a_glossary_term_is_a_hit_of_its_own_in_either_spelling(browser, server, word):
    page, _ = search(browser, server, word)
    hrefs = page.eval_on_selector_all("#search-results li > a", "as => as.map(a => a.getAttribute('href'))")
    assert any(h.endswith("appendix_d_glossary.html#term-TUSAS") for h in hrefs), hrefs
    page.context.close()


def test_search_results_fit_a_phone(browser, server):
    page, _ = search(browser, server, "Kinik", PHONE)
    assert page.locator("#search-results li").count() >= 1
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE[0], "the page scrolls sideways"
    page.context.close()


@pytest.mark.parametrize("doc", [d for d in DOCS if article(d).select(".cell_input, table")])
def test_snippet_text_has_no_code_and_spaced_cells(browser, server, doc):
    """The text snippets are cut from, for a whole page: no code lines, no glued cells."""
    page, _ = open_page(browser, f"{server}/search.html")   # scripts are deferred: all run by "load"
    text = page.evaluate("async url => Search.htmlToText(await (await fetch(url)).text())", f"{server}/{doc}.html")
    assert len(text) > 200
    assert not [line for line in code_lines(doc) if line in text]
    assert not [g for g in glued_cells(doc) if g in text]
    page.context.close()


def test_the_browser_folds_as_the_index_does(browser, server):
    from companion_book.search import fold
    words = ["Kınık", "KINIK", "Çelik", "TUSAŞ", "İstanbul", "Ağdam", "Şuşa", "Göktürk", "Ünal", "Bayraktar"]
    page, _ = open_page(browser, f"{server}/search.html")
    assert page.evaluate("ws => ws.map(w => companionFold(w))", words) == [fold(w) for w in words]
    assert page.evaluate("ws => ws.map(w => new Stemmer().stemWord(w.toLowerCase()))", ["Kınık", "kinik"]) == ["kinik"] * 2
    page.context.close()


# --- Charts -----------------------------------------------------------------------------------
def test_hovering_a_mark_shows_its_tooltip(browser, server):
    """Charts arrive as static SVG; hovering one loads the live view, whose marks show tooltips."""
    doc = next(d for d in DOCS if article(d).select("div.companion-chart"))
    page, problems = open_page(browser, f"{server}/{doc}.html")
    wait_for_charts(page)
    chart = page.locator("div.companion-chart").first
    mark = chart.locator("svg path[role='graphics-symbol']").first
    mark.scroll_into_view_if_needed()
    mark.hover()
    page.wait_for_function("c => c.dataset.live === 'yes'", arg=chart.element_handle(), timeout=15000)
    page.mouse.move(0, 0)
    chart.locator(".chart-live svg path[role='graphics-symbol']").first.hover()
    tip = page.locator("#vg-tooltip-element")
    tip.wait_for(state="visible", timeout=5000)
    assert re.search(r"\d", tip.inner_text()), tip.inner_text()
    assert not problems, problems
    page.context.close()


# --- Screenshots for people ----------------------------------------------------------------
@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_screenshots(browser, server, size):
    SHOTS.mkdir(exist_ok=True)
    suffix = f"{size[0]}x{size[1]}"
    for doc in DOCS:
        page, _ = open_page(browser, f"{server}/{doc}.html", viewport=size)
        wait_for_charts(page)
        page.screenshot(path=str(SHOTS / f"{doc.split('/')[-1]}-{suffix}.png"), full_page=True)
        page.context.close()
    page, _ = search(browser, server, "Kinik", size)
    page.screenshot(path=str(SHOTS / f"search-kinik-{suffix}.png"), full_page=True)
    page.context.close()
    assert len(list(SHOTS.glob(f"*-{suffix}.png"))) >= len(DOCS) + 1
