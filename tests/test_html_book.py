"""The built HTML book: every page, chart, table, figure and link in place; nothing from another host.

Run after `make html` (make test does it first).
"""
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import HTML, ROOT, cx

if not (HTML / ".built").exists():
    pytest.fail("the HTML book is not built: run make html (make test does)", pytrace=False)

TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
DOCS = [TOC["root"]] + [c["file"] for part in TOC["parts"] for c in part["chapters"]]
PAGES = {doc: HTML / f"{doc}.html" for doc in DOCS}
CHAPTERS = [d for d in DOCS if re.match(r"chapters/0\d_", d)]
# The appendices, as the source files name them (A to I): none may go missing from the book.
APPENDICES = sorted(p.stem for p in (ROOT / "chapters").glob("appendix_*.md"))

# Charts and tables each page must hold (counted in the built page): a page that
# silently loses a chart or a table fails here. Tables include the data behind
# every chart and each chapter's list of its figures and their sources.
N_RESOURCES = len(json.loads((ROOT / "data" / "datapackage.json").read_text())["resources"])
EXPECTED = {
    # doc: (charts, tables)
    "chapters/index": (0, 1),                  # key numbers at a glance
    "chapters/01_introduction": (1, 4),        # data, key dates, parts of the argument, figure sources
    "chapters/02_conflict": (2, 4),            # 2 x data, districts, figure sources
    "chapters/03_factors": (3, 7),             # 3 x data, procurement, spans, stances, figure sources
    "chapters/04_drone_power": (4, 10),        # 3 x data, timeline key, prototypes, platforms, units, customers, ...
    "chapters/05_drones_in_war": (5, 8),       # 5 x data, loss table, totals, figure sources
    "chapters/06_conclusion": (1, 3),          # data, risks, figure sources
    "chapters/appendix_a_data": (0, 1 + N_RESOURCES),   # overview + one field table per resource
    "chapters/appendix_b_claims": (1, 2),      # data, the register
    "chapters/appendix_c_sources": (0, 2),
    "chapters/appendix_d_glossary": (0, 0),
    "chapters/appendix_f_since_2021": (5, 8),
    "chapters/appendix_g_method": (0, 0),
    "chapters/appendix_e_checks": (1, 2 + len(cx.checks.REGISTRY)),   # data, the summary, each entry's inputs
    "chapters/appendix_h_passages": (0, 8),    # passages by section; the register in 7 parts (abstract to conclusion)
    "chapters/appendix_i_what_next": (1, 5),   # data, the events of each of the three threads, figure sources
    "chapters/appendix_j_reproduction": (0, 1),   # every page's last reproduction
}
ROLE_PAGES = CHAPTERS + ["chapters/index", "chapters/appendix_f_since_2021", "chapters/appendix_i_what_next"]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def charts(page: BeautifulSoup):
    return page.select("div.companion-chart")


def test_every_page_is_built():
    missing = [d for d, p in PAGES.items() if not p.exists()]
    assert not missing
    assert len(CHAPTERS) == 6 and sum(d.startswith("chapters/appendix") for d in DOCS) == len(APPENDICES)


def test_every_page_has_its_expected_charts_and_tables():
    assert sorted(EXPECTED) == sorted(DOCS)


@pytest.mark.parametrize("doc", list(EXPECTED))
def test_expected_charts_and_tables(doc):
    page = soup(PAGES[doc])
    main = page.select_one("main")
    assert (len(charts(page)), len(main.find_all("table"))) == EXPECTED[doc]


@pytest.mark.parametrize("doc", DOCS)
def test_every_chart_is_drawn_before_any_script_runs(doc):
    """Issue 12: each chart is SVG in the page (visible with scripts off), named for screen readers,
    in a wide and a narrow design; its Vega specification is a separate file, fetched on demand."""
    text = PAGES[doc].read_text(encoding="utf-8")
    assert "alt.Chart(" not in text and "[Chart]" not in text and "data-companion-spec" not in text
    for div in charts(soup(PAGES[doc])):
        assert div.get("aria-label") and div.get("role") == "img", div.get("id")
        assert div.select_one(".chart-wide svg") and div.select_one(".chart-narrow svg"), div.get("id")
        spec = (PAGES[doc].parent / div["data-spec"]).resolve()
        assert spec.exists() and set(json.loads(spec.read_text())) == {"wide", "narrow"}, div["data-spec"]


# A tick label Vega left out (opacity 0) is fine on a scale of numbers or dates, where the
# ticks still show the steps; on a scale of categories it would lose a category's name.
A_NUMBER_OR_DATE = re.compile(r"^[-+]?[\d.,]+\s?%?$|^(?:[A-Z][a-z]{2} )?\d{4}$")


@pytest.mark.parametrize("doc", DOCS)
def test_no_category_label_is_left_out_of_a_chart(doc):
    for div in charts(soup(PAGES[doc])):
        hidden = [t.get_text(" ", strip=True) for t in div.select("g.role-axis-label text[opacity='0']")]
        assert all(A_NUMBER_OR_DATE.match(label) for label in hidden), (div.get("aria-label", "")[:60], hidden)


def test_vega_is_served_locally_and_not_loaded_with_the_page():
    bundle = HTML / "_static" / "companion-vega.js"
    assert bundle.stat().st_size > 500_000 and bundle.read_text(encoding="utf-8")[:200].startswith("/* vl-convert")
    for doc, path in PAGES.items():
        scripts = [s.get("src", "") for s in soup(path).find_all("script")]
        assert not any("companion-vega.js" in s for s in scripts), doc


ASSET_ATTRS = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
               "video": "src", "audio": "src", "embed": "src", "object": "data"}


def _remote(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip()))


@pytest.mark.parametrize("doc", [*DOCS, "search"])
def test_no_asset_from_another_host(doc):
    page = soup(PAGES.get(doc, HTML / f"{doc}.html"))
    remote = []
    for tag, attr in ASSET_ATTRS.items():
        for el in page.find_all(tag):
            rel = el.get("rel") or []
            if tag == "link" and not {"stylesheet", "preload", "icon"} & set(rel):
                continue
            if el.get(attr) and _remote(el.get(attr)):
                remote.append(f"<{tag} {attr}={el.get(attr)}>")
    for style in page.find_all("style"):
        remote += re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]+\)", style.text)
    assert not remote, remote


@pytest.mark.parametrize("doc", [*DOCS, "search", "genindex"])
def test_one_viewport_meta_tag(doc):
    tags = soup(HTML / f"{doc}.html").select('meta[name="viewport"]')
    assert [t["content"].replace(" ", "") for t in tags] == ["width=device-width,initial-scale=1.0"], tags


def test_local_css_imports_nothing_remote():
    offenders = []
    for css in (HTML / "_static").rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{css.name}: {m}" for m in re.findall(r"url\(\s*['\"]?https?://[^)]+\)", text)]
    assert not offenders, offenders


def _ids(path: Path, cache: dict = {}) -> set:   # noqa: B006  (a cache shared across calls on purpose)
    if path not in cache:
        page = soup(path)
        named = {a["name"] for a in page.find_all("a", attrs={"name": True})}
        cache[path] = {el["id"] for el in page.find_all(id=True)} | named
    return cache[path]


def _target(page: Path, href: str) -> tuple[Path, str]:
    parts = urlsplit(href)
    return ((page.parent / unquote(parts.path)).resolve() if parts.path else page), parts.fragment


@pytest.mark.parametrize("doc", DOCS)
def test_internal_links_and_anchors_resolve(doc):
    path, broken = PAGES[doc], []
    for a in soup(path).find_all("a", href=True):
        if _remote(a["href"]) or a["href"].startswith(("mailto:", "javascript:")):
            continue
        target, fragment = _target(path, a["href"])
        if not target.exists() or (fragment and target.suffix == ".html" and fragment not in _ids(target)):
            broken.append(a["href"])
    assert not broken, broken


# --- Issue 11: numbers that cite themselves ----------------------------------
def test_every_figure_role_of_the_sources_is_rendered_and_links_to_its_record():
    """As many figures on each page as its source writes with a role (read from the .md, not
    from what the build made of it), each linking to its record."""
    count, broken = 0, []
    for doc in ROLE_PAGES:
        source = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
        source = re.sub(r":::\{only\} latex.*?:::", "", source, flags=re.S)      # the print-only lines
        source = re.sub(r"```\{code-cell\}.*?```", "", source, flags=re.S)      # tables a cell makes come apart
        written = len(re.findall(r"\{(?:art|calc|later)\}`", source))
        prose = [a for a in soup(PAGES[doc]).select("a.num") if not a.find_parent(class_="cell_output")]
        assert len(prose) == written, f"{doc}: {len(prose)} figures shown in the prose, {written} written"
        shown = soup(PAGES[doc]).select("a.num")
        for a in shown:
            count += 1
            target, fragment = _target(PAGES[doc], a["href"])
            if not fragment or not target.exists() or fragment not in _ids(target):
                broken.append(f"{doc}: {a.get_text()} -> {a['href']}")
            assert a.get("data-tip"), f"{doc}: {a.get_text()} has no source to show"
    assert count > 0 and not broken, (count, broken[:10])


def test_the_three_kinds_of_figure_are_told_apart_in_words_as_well_as_styles():
    kinds = {}
    for doc in ROLE_PAGES:
        for a in soup(PAGES[doc]).select("a.num"):
            kind = next(c for c in a["class"] if c.startswith("num-"))
            kinds.setdefault(kind, set()).add(a.select_one(".visually-hidden").get_text())
    assert set(kinds) == {"num-art", "num-calc", "num-later"}, kinds
    words = {k: {t.split(",")[0] for t in v} for k, v in kinds.items()}
    assert len({frozenset(v) for v in words.values()}) == 3, words


@pytest.mark.parametrize("doc", CHAPTERS)
def test_no_number_in_running_prose_is_set_in_bold(doc):
    def own_text(b):   # a reference to "Table 5.3" in a bold lead-in is a name, not a figure
        return "".join(t for t in b.find_all(string=True) if not t.find_parent("a"))
    bold = [b.get_text() for p in soup(PAGES[doc]).select("main p") for b in p.find_all(["strong", "b"])
            if re.search(r"\d", own_text(b)) and not b.find_parent(["table", "figcaption", "summary"])]
    assert not bold, bold


@pytest.mark.parametrize("doc", DOCS)
def test_no_year_is_printed_with_a_thousands_separator(doc):
    """Issue 15: '2,020', '1,994' are years printed as counts. (2,000 is left out:
    it is a round count on the axes of the death tolls, and no year here.)"""
    text = soup(PAGES[doc]).select_one("main").get_text(" ")
    assert not re.findall(r"\b(?:1,9[5-9]\d|2,0(?:0[1-9]|[1-3]\d))\b", text)


def test_the_two_endnote_kinds_are_labelled_in_the_register_and_the_chapters():
    register = soup(PAGES["chapters/appendix_b_claims"]).select_one("main").get_text(" ")
    assert "closes the sentence" in register and "next in the paragraph" in register
    tips = " ".join(a["data-tip"] for doc in CHAPTERS for a in soup(PAGES[doc]).select("a.num-art"))
    assert "(closes the sentence)" in tips and "(next in the paragraph)" in tips


def test_every_check_section_has_its_anchor_and_the_summary_links_to_it():
    page = PAGES["chapters/appendix_e_checks"]
    table = soup(page).select_one("table#tbl-checks-summary") or soup(page).find(id="tbl-checks-summary").find("table")
    links = [a["href"] for a in table.select("tbody a[href]")]
    registered = list(cx.checks.REGISTRY.values())
    assert len(links) == len(registered), (len(links), len(registered))
    assert all(a.split("#")[1] in _ids(page) for a in links), links[:5]


@pytest.mark.parametrize("doc", CHAPTERS)
def test_each_chapter_links_a_term_to_the_glossary_and_its_sources_to_the_register(doc):
    """Issue 14: links that help a reader move (the anchors are checked by the link test above)."""
    page = soup(PAGES[doc])
    main = page.select_one("main")
    assert main.select('a[href^="appendix_d_glossary.html#term-"]'), "no glossary link"
    sources = main.select_one("table.figure-sources")
    assert sources is not None and sources.select('a[href^="appendix_b_claims.html#claim-"]')


# Addresses in the shipped scripts and styles that load nothing (comments aside): XML namespaces,
# vega's schema and editor, which its code names and never fetches, and two links inside error
# messages (vega-lite's, the theme's version switcher's).
NAMESPACES_AND_NAMES = {"http://www.w3.org/2000/svg", "http://www.w3.org/2000/xmlns/", "http://www.w3.org/1999/xlink",
                        "https://vega.github.io/schema/vega/v6.json", "https://vega.github.io/editor/",
                        "https://github.com/vega/vega-lite/issues/2415",
                        "https://pydata-sphinx-theme.readthedocs.io/en/stable/user_guide/version-dropdown.html"}


def test_shipped_scripts_and_styles_name_no_other_host():
    """What a page can load is in _static: a remote address there (a font, a script, a fetch)
    would make a reader's browser call another host at some moment no test watches. Outside
    comments, every address in a shipped .js or .css file is one of those listed above."""
    found = {}
    for path in (HTML / "_static").rglob("*"):
        if path.suffix in (".js", ".css"):
            text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8", errors="replace"), flags=re.S)
            for url in re.findall(r"https?://[\w.-]+(?:/[\w./%?=&-]*)?", text):
                if url not in NAMESPACES_AND_NAMES:
                    found.setdefault(url, path.relative_to(HTML).as_posix())
    assert not found, found
