"""What the W3C Nu Html Checker and pa11y (HTML_CodeSniffer, WCAG 2 AA) ask of every
page, where a tool the book uses writes otherwise (tests/test_standards.py runs both):

- a table a notebook prints with pandas: without its ``<style scoped>`` (no longer
  HTML) and its ``border``, and with its header cells scoped (columns, rows), so that
  a screen reader announces each cell with its headers;
- a chart's SVG ids that start with a digit (vl-convert's gradient ids): an SVG id
  must be an XML name;
- the index page: the theme's print heading is the page title, which Sphinx
  leaves empty there (an empty ``<h1>``);
- the top-level index.html, Jupyter Book's redirect to the home page (a bare meta
  tag): a whole document, with a title and a link for a reader whose browser does
  not follow the redirect.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from bs4 import BeautifulSoup
from docutils import nodes

SVG = re.compile(r"<svg\b.*?</svg>", re.S)
DIGIT_ID = re.compile(r'\bid="(\d[\w.-]*)"')


def setup(app) -> None:
    app.connect("doctree-resolved", fix_raw_html)
    app.connect("html-page-context", title_the_index)
    app.connect("build-finished", write_root_redirect, priority=400)   # before sphinx-external-toc's


def fix_raw_html(app, doctree, docname) -> None:
    if app.builder.format != "html":
        return
    for raw in list(doctree.findall(nodes.raw)):
        if "html" not in raw.get("format", "").split():
            continue
        text = raw.astext()
        fixed = svg_ids(dataframe_tables(text))
        if fixed != text:
            raw.replace_self(nodes.raw("", fixed, format=raw["format"], classes=raw.get("classes", [])))


def dataframe_tables(text: str) -> str:
    if 'class="dataframe"' not in text:
        return text
    soup = BeautifulSoup(text, "html.parser")
    for style in soup.select("style[scoped]"):
        style.decompose()
    for table in soup.select("table.dataframe"):
        table.attrs.pop("border", None)
        for th in table.select("thead th"):
            if th.get_text(strip=True):
                th["scope"] = "col"
            else:   # the empty corner over the row labels heads nothing
                th.name = "td"
        for th in table.select("tbody th"):
            th["scope"] = "row"
    return str(soup)


def svg_ids(text: str) -> str:
    def rename(svg: re.Match) -> str:
        body = svg.group(0)
        for ident in set(DIGIT_ID.findall(body)):
            body = re.sub(rf'(?<=["#(]){re.escape(ident)}(?=[")])', "g" + ident, body)
        return body
    return SVG.sub(rename, text) if "<svg" in text else text


def title_the_index(app, pagename, templatename, context, doctree) -> None:
    if pagename == "genindex" and not context.get("pagetitle"):
        context["pagetitle"] = "Index"


def write_root_redirect(app, exception) -> None:
    if exception or app.builder.format != "html" or app.config.root_doc == "index":
        return
    target = f"{app.config.root_doc}.html"
    title = html.escape(app.config.html_title or app.config.project or "Home")
    (Path(app.outdir) / "index.html").write_text(
        "<!DOCTYPE html>\n"
        f'<html lang="{app.config.language or "en"}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<link rel="canonical" href="{target}">\n</head>\n'
        f'<body><p>The book starts at <a href="{target}">its home page</a>.</p></body>\n</html>\n',
        encoding="utf-8")
