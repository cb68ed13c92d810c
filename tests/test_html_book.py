"""The built HTML book: every page, chart and link in place, nothing loaded from another host.

Run after `make html` (make test does it first).
"""
import json
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import HTML, ROOT

if not (HTML / ".built").exists():
    pytest.skip("the HTML book is not built (run make html)", allow_module_level=True)

TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
DOCS = [TOC["root"]] + [c["file"] for part in TOC["parts"] for c in part["chapters"]]
PAGES = {doc: HTML / f"{doc}.html" for doc in DOCS}

# Charts and tables each page must hold (counted in the built HTML): a page
# that silently loses a chart or a table fails here.
# Tables include the "Data behind Figure ..." table of every chart.
N_RESOURCES = len(json.loads((ROOT / "data" / "datapackage.json").read_text())["resources"])
EXPECTED = {
    # doc: (charts, tables)
    "chapters/index": (0, 1),                  # key numbers at a glance
    "chapters/01_introduction": (1, 4),        # key dates, parts of the argument, sources
    "chapters/02_conflict": (2, 4),            # districts, sources
    "chapters/03_factors": (3, 7),             # procurement, spans of years, actor stances, sources
    "chapters/04_drone_power": (4, 9),         # prototypes, platforms, feet/metres, customers, sources
    "chapters/05_drones_in_war": (5, 10),      # damage, casualties, loss table as printed, totals, sources
    "chapters/06_conclusion": (1, 2),          # the risks the article names
    "chapters/appendix_a_data": (0, 1 + N_RESOURCES),   # overview + one field table per resource
    "chapters/appendix_b_claims": (1, 2),      # the searchable register
    "chapters/appendix_c_sources": (0, 2),
    "chapters/appendix_d_glossary": (0, 0),
    "chapters/appendix_e_checks": (1, 36),     # summary + one table per check + sources
    "chapters/appendix_f_since_2021": (5, 8),
}
CHAPTERS = [d for d in DOCS if re.match(r"chapters/0\d_", d)]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def charts(page: BeautifulSoup):
    return page.select("div.companion-chart")


def test_every_page_is_built():
    missing = [d for d, p in PAGES.items() if not p.exists()]
    assert not missing
    assert len(CHAPTERS) == 6 and sum(d.startswith("chapters/appendix") for d in DOCS) >= 4


def test_at_least_eight_interactive_charts_and_one_per_chapter():
    counts = {d: len(charts(soup(p))) for d, p in PAGES.items()}
    assert sum(counts.values()) >= 8, counts
    assert all(counts[d] >= 1 for d in CHAPTERS), counts


@pytest.mark.parametrize("doc", list(EXPECTED))
def test_expected_charts_and_tables(doc):
    page = soup(PAGES[doc])
    assert (len(charts(page)), len(page.find_all("table"))) == EXPECTED[doc]


@pytest.mark.parametrize("doc", DOCS)
def test_no_chart_falls_back_to_text(doc):
    text = PAGES[doc].read_text(encoding="utf-8")
    assert "alt.Chart(" not in text and "[Chart]" not in text and "alt.LayerChart(" not in text
    page = soup(PAGES[doc])
    for div in charts(page):
        script = div.find_next_sibling("script")
        assert script is not None and f'vegaEmbed("#{div["id"]}"' in script.string, div["id"]
        assert div.get("aria-label"), f"chart {div['id']} has no alt text"
    if charts(page):
        bundle = [s["src"] for s in page.find_all("script", src=True) if "companion-vega.js" in s["src"]]
        assert bundle, "a page with charts must load the local vega bundle"


def test_vega_bundle_is_served_locally():
    bundle = HTML / "_static" / "companion-vega.js"
    assert bundle.stat().st_size > 500_000
    head = bundle.read_text(encoding="utf-8")[:200]
    assert head.startswith("/* vl-convert")


ASSET_ATTRS = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
               "video": "src", "audio": "src", "embed": "src", "object": "data"}


def _remote(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip()))


@pytest.mark.parametrize("doc", DOCS + ["search"])
def test_no_asset_from_another_host(doc):
    path = PAGES.get(doc, HTML / f"{doc}.html")
    page = soup(path)
    remote = []
    for tag, attr in ASSET_ATTRS.items():
        for el in page.find_all(tag):
            url = el.get(attr)
            if tag == "link" and "stylesheet" not in (el.get("rel") or []) and "preload" not in (el.get("rel") or []) \
                    and "icon" not in (el.get("rel") or []):
                continue
            if url and _remote(url):
                remote.append(f"<{tag} {attr}={url}>")
    for style in page.find_all("style"):
        remote += re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]+\)", style.text)
    assert not remote, remote


def test_local_css_imports_nothing_remote():
    offenders = []
    for css in (HTML / "_static").rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{css.name}: {m}" for m in re.findall(r"@import\s+url\(\s*['\"]?https?://[^)]+\)", text)]
        offenders += [f"{css.name}: {m}" for m in re.findall(r"url\(\s*['\"]?https?://[^)]+\)", text)]
    assert not offenders, offenders


def _ids(path: Path, cache={}):
    if path not in cache:
        page = soup(path)
        cache[path] = {el["id"] for el in page.find_all(id=True)} | {a["name"] for a in page.find_all("a", attrs={"name": True})}
    return cache[path]


@pytest.mark.parametrize("doc", DOCS)
def test_internal_links_and_anchors_resolve(doc):
    path = PAGES[doc]
    broken = []
    for a in soup(path).find_all("a", href=True):
        href = a["href"]
        if _remote(href) or href.startswith(("mailto:", "javascript:")):
            continue
        parts = urlsplit(href)
        target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
        if not target.exists():
            broken.append(href)
            continue
        if parts.fragment and target.suffix == ".html" and parts.fragment not in _ids(target):
            broken.append(href)
    assert not broken, broken


def test_heaviest_page_within_500_kb_gzip():
    """Issue target: a chapter page with all its CSS and JS (vega included) stays within 500 KB gzip."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench import page_bytes

    weights = {d: page_bytes(p)[1] for d, p in PAGES.items()}
    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] <= 500_000, (heaviest, weights[heaviest])

