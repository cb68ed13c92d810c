"""Every built page against the checkers readers' institutions use: the W3C Nu Html
Checker (npm vnu-jar, run with Debian's Java) and pa11y (HTML_CodeSniffer, WCAG 2 AA,
in Debian's chromium) report no error; no link is a bare http:// address; on a
phone without JavaScript the navigation panel opens and closes.

Each checker also reads a page with a planted fault in the same run, and must
report it: a run that checks nothing cannot pass.
"""
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_page_weight import browser, chart_page, links_once, open_page, server, visible_links  # noqa: F401

from conftest import HTML, ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y = ROOT / "tests" / "pa11y.cjs"
CHROMIUM = Path("/usr/bin/chromium")
PLANTED = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Planted</title></head>
<body><main><details><summary><p>Show code cell source</p></summary></details>
<form action="search.html"><label for="q">Search</label><input id="q" name="q"></form></main></body></html>
"""


def pages() -> list[Path]:
    found = sorted(p for p in HTML.rglob("*.html") if not {"_static", "_sources", "_downloads"} & set(p.parts))
    if not found:
        pytest.fail("the HTML book is not built: run make html (make test does)")
    return found


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("planted") / "planted.html"
    path.write_text(PLANTED, encoding="utf-8")
    return path


def test_nu_html_checker_finds_no_error_on_any_page(planted):
    if not shutil.which("java"):
        pytest.fail("java is missing: run make clients as root (Debian: apt-get install default-jre-headless)")
    if not VNU.exists():
        pytest.fail("vnu.jar is missing: run npm ci (make test does)")
    proc = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always",
                           *map(str, pages()), str(planted)], capture_output=True, text=True, timeout=600)
    messages = json.loads(proc.stderr)["messages"]
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    in_planted = [m for m in errors if m.get("url", "").endswith("planted.html")]
    assert in_planted, "the checker did not report the planted <p> inside <summary>"
    found = [f"{m.get('url', '').rsplit('/html/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
             for m in errors if m not in in_planted]
    assert found == [], f"{len(found)} errors, e.g. {found[:10]}"


def test_pa11y_finds_no_error_on_any_page(planted):
    if not CHROMIUM.exists() and not os.environ.get("CHROMIUM"):
        pytest.fail("Debian's chromium is missing: run make browser as root")
    if not (ROOT / "node_modules" / "pa11y").exists():
        pytest.fail("pa11y is missing: run npm ci (make test does)")
    urls = [p.as_uri() for p in pages()] + [planted.as_uri()]
    proc = subprocess.run(["node", str(PA11Y), *urls], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    found = json.loads(proc.stdout)
    assert any("H32" in e["code"] for e in found.pop(planted.as_uri())), "pa11y did not report the planted form"
    errors = [f"{url.rsplit('/html/', 1)[-1]}: {e['code']} {e['selector']}" for url, es in found.items() for e in es]
    assert errors == [], f"{len(errors)} errors, e.g. {errors[:10]}"


def test_no_link_is_a_bare_http_address():
    bare = [f"{p.relative_to(HTML)}: {href}" for p in pages()
            for href in re.findall(r'href="(http://[^"]*)"', p.read_text(encoding="utf-8"))]
    assert bare == []


def test_the_phone_navigation_closes_without_javascript(browser, server):  # noqa: F811
    page = open_page(browser, f"{server}/{chart_page()}", width=390, javascript=False)
    page.locator(".bd-header-article .primary-toggle").click()
    assert links_once(page, "primary", lambda n: n > 0) > 0
    close = page.locator("#pst-primary-sidebar .companion-sidebar-close")
    assert close.is_visible()
    close.click()
    assert links_once(page, "primary", lambda n: n == 0) == 0, "the navigation stays open"
    page.context.close()
