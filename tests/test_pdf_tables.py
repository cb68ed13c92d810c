"""The PDF book's tables: every cell of every web table in print, whole, inside its own table and in order.

Run after `make pdf` (make test does it first).
"""
import re

import pytest
from bs4 import BeautifulSoup

from conftest import HTML, cx
from pdf_reading import PDF, html_pages, pdftotext, squash

if not PDF.exists():
    pytest.fail("the PDF book is not built: run make pdf (make test does)", pytrace=False)


def test_every_loss_table_cell_is_in_the_pdf():
    flat = squash(pdftotext("-raw"))      # in the order written, which keeps a table cell's lines together
    missing = [c for c in cx.load("losses_printed").cell if squash(c) not in flat]
    assert not missing, missing


def _cell_text(cell) -> str:
    """A web table cell's text as a reader sees it (without text only for screen readers)."""
    for hidden in cell.select(".visually-hidden"):
        hidden.decompose()
    return cell.get_text(" ", strip=True)


def test_every_cell_of_every_web_table_is_in_the_pdf_unbroken():
    """Each cell of each table of the web book, in print: no column cut off,
    no row lost, and no word hyphenated (a hyphen at a line end would not match).
    The PDF is read in the order it was written (pdftotext -raw), which keeps
    each table cell's lines together; what print adds is dropped: the marks *
    and † of computed and later figures, and the page after a cross-reference."""
    printed = re.sub(r"\s*\(page\s+\d+\)", "", pdftotext("-raw"))
    flat = squash(printed).replace("*", "").replace("†", "")
    missing = []
    for page, soup in html_pages():
        for number, table in enumerate(soup.select("article table"), 1):
            for cell in table.select("th, td"):
                text = _cell_text(cell)
                if text and squash(text).replace("*", "").replace("†", "") not in flat:
                    missing.append(f"{page.stem}, table {number}: {text[:60]!r}")
    assert not missing, f"{len(missing)} cells missing, e.g. {missing[:8]}"


def _table_spans(printed: str) -> dict[str, str]:
    """Each numbered table's text in the PDF: from its caption ("Table 5.3:") to the caption of the
    next table or figure, its continuation pages included ("Table 5.3 – continued …")."""
    marks = [(m.start(), m.group(1)) for m in re.finditer(r"(?:Table|Fig\.)(\d+\.\d+)(?::|–continued)", printed)]
    spans: dict[str, str] = {}
    for (start, number), (end, _) in zip(marks, [*marks[1:], (len(printed), "")]):
        if printed.startswith("Table", start):
            spans[number] = spans.get(number, "") + printed[start:end]
    return spans


def test_every_web_table_is_printed_whole_within_its_own_span_and_in_order():
    """Issue 28: a cell found anywhere in the book proved little (569 of 1,388 rows had every cell
    elsewhere). Each numbered table of the web is found in print by its caption, and its cells are
    read in order inside that table's own pages: a dropped, moved or repeated row fails here."""
    printed = squash(re.sub(r"\s*\(page\s+\d+\)", "", pdftotext("-raw"))).replace("*", "").replace("†", "")
    spans = _table_spans(printed)
    problems, checked = [], 0
    for page, soup in html_pages():
        for table in soup.select("article table"):
            number = table.select_one("caption .caption-number")
            if number is None:
                continue
            key = re.search(r"\d+\.\d+", number.get_text()).group(0)
            span, at = spans.get(key, ""), 0
            if not span:
                problems.append(f"{page.stem}: Table {key} not found in print")
                continue
            checked += 1
            for row in table.select("tbody tr"):
                for cell in row.find_all(["td", "th"]):
                    text = squash(_cell_text(cell)).replace("*", "").replace("†", "")
                    found = span.find(text, at) if text else at
                    if found < 0:
                        problems.append(f"{page.stem}, Table {key}: {cell.get_text(' ', strip=True)[:50]!r} "
                                        "missing or out of order")
                        break
                    at = found + len(text)
    assert checked >= 40, f"only {checked} numbered tables compared"
    assert not problems, f"{len(problems)} problems, e.g. {problems[:8]}"


def test_the_loss_table_has_every_row_of_the_data_in_the_web_and_in_print():
    """The printed loss table against its data file (an oracle neither page wrote): every row in
    order, each with both sides' cells, on the web page and inside its own span of the PDF."""
    printed = cx.load("losses_printed").sort_values(["row_order", "side"])
    rows = [(o, g.category.iloc[0], dict(zip(g.side, g.cell))) for o, g in printed.groupby("row_order", sort=True)]
    soup = BeautifulSoup((HTML / "chapters" / "05_drones_in_war.html").read_text(encoding="utf-8"), "html.parser")
    web = soup.select_one("table#tbl-dw-losses-printed") or soup.find(id="tbl-dw-losses-printed").find("table")
    web_rows = [[_cell_text(c) for c in tr.find_all("td")] for tr in web.select("tbody tr")]
    assert len(web_rows) == len(rows), (len(web_rows), len(rows))
    for (order, category, cells), shown in zip(rows, web_rows):
        assert [squash(x) for x in shown[-3:]] == [squash(category), squash(cells["Armenia"]),
                                                   squash(cells["Azerbaijan"])], (order, shown)
    key = re.search(r"\d+\.\d+", web.select_one("caption .caption-number").get_text()).group(0)
    span = _table_spans(squash(pdftotext("-raw")))[key]
    at = 0
    for order, category, cells in rows:
        for text in (category, cells["Armenia"], cells["Azerbaijan"]):
            found = span.find(squash(text), at)
            assert found >= 0, f"row {order} ({category}): {text!r} missing from Table {key} in print, or out of order"
            at = found + len(squash(text))
