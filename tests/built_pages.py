"""The built pages as the browser tests read them without a browser: which pages the
book has, their article's text, code and table cells, and which tables are long."""
import functools
import os
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from conftest import HTML, ROOT

TOC = yaml.safe_load(Path(os.environ.get("BOOK_TOC") or ROOT / "_toc.yml").read_text())
DOCS = [TOC["root"]] + [c["file"] for part in TOC["parts"] for c in part["chapters"]]
# The test's own folding, written out letter by letter (the book's is in
# _ext/companion_book/search.py): either spelling of a Turkish name is one word.
# On screens, sections a screen away are skipped (content-visibility) until the reader
# nears them: a style that lays every one out, as the reader's scrolling (and print) does.
LAY_OUT_EVERY_SECTION = (".bd-article section, .bd-article .pst-scrollable-table-container "
                         "{ content-visibility: visible !important; }")
TURKISH_TO_ASCII = str.maketrans("ıİşŞçÇğĞöÖüÜ", "iIsScCgGoOuU")


def folded(text: str) -> str:
    return text.translate(TURKISH_TO_ASCII).lower()


@functools.cache
def article(doc: str) -> BeautifulSoup:
    """The page's article; empty for a page that was not built (test_page_renders_cleanly fails on it)."""
    path = HTML / f"{doc}.html"
    soup = BeautifulSoup(path.read_text(encoding="utf-8") if path.exists() else "", "html.parser")
    return soup.select_one("article.bd-article") or BeautifulSoup("<article></article>", "html.parser").article


@functools.cache
def code_lines(doc: str) -> list[str]:
    """Lines of the page's notebook code, long enough not to occur in prose by chance."""
    lines = (line.strip() for pre in article(doc).select(".cell_input pre") for line in pre.get_text().splitlines())
    return [line for line in lines if len(line) >= 12]


@functools.cache
def reader_text(doc: str, with_charts: bool = True) -> str:
    """The article's text without its notebook code (with or without the charts' drawn text)."""
    page = BeautifulSoup(str(article(doc)), "html.parser")
    for node in page.select(".cell_input, script, style" + ("" if with_charts else ", svg")):
        node.decompose()
    return " ".join(page.get_text(" ").split())


@functools.cache
def glued_cells(doc: str) -> list[str]:
    """Two neighbouring table cells written with nothing between them ("C081drone-power")."""
    glued = []
    for row in article(doc).select("tr"):
        texts = [" ".join(c.get_text(" ").split()) for c in row.find_all(["th", "td"], recursive=False)]
        glued += [a + b for a, b in zip(texts, texts[1:]) if len(a) >= 3 and len(b) >= 3 and len(a + b) >= 8]
    return glued


def long_table_docs() -> list[str]:
    return [doc for doc in DOCS if any(len(t.select("tbody > tr")) > 15 for t in article(doc).select("table"))]



def linked_rows() -> list[tuple[str, str]]:
    """A row far down each long table whose rows are link targets (the claims register's C146)."""
    found = []
    for doc in long_table_docs():
        for table in article(doc).select("table"):
            # A row's anchor is in its first cell (a citation in another cell has an id of its own).
            anchors = [a["id"] for a in table.select("tbody > tr > :first-child [id]")]
            if len(anchors) > 15:
                found.append((doc, anchors[len(anchors) * 4 // 5]))
    return found
