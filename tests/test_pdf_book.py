"""The PDF book: every chapter, the key figures, every loss-table cell and every chart, in print.

Run after `make pdf` (make test does it first).
"""
import re
import subprocess

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import HTML, LATEX, ROOT, cx

PDF = LATEX / "book.pdf"
if not PDF.exists():
    pytest.skip("the PDF book is not built (run make pdf)", allow_module_level=True)

TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
DOCS = [TOC["root"]] + [c["file"] for part in TOC["parts"] for c in part["chapters"]]


def squash(text: str) -> str:
    """Text with all white space and line-break hyphens removed, for matching across lines."""
    return re.sub(r"\s+", "", re.sub(r"-\n", "-", text.replace("\u00ad", ""))).replace("’", "'")


@pytest.fixture(scope="module")
def pdf_text() -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(PDF), "-"], capture_output=True, text=True, check=True).stdout


def _title(doc: str) -> str:
    for line in (ROOT / f"{doc}.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise AssertionError(f"{doc}.md has no title")


@pytest.mark.parametrize("doc", [d for d in DOCS if d != TOC["root"]])
def test_every_chapter_title_is_in_the_pdf(pdf_text, doc):
    assert squash(_title(doc)).lower() in squash(pdf_text).lower()


def test_key_figures_are_in_the_pdf(pdf_text):
    flat = squash(pdf_text)
    for figure in ["2.74", "34.6", "144", "Kınık", "Çelik"]:
        assert figure in flat, figure


def test_every_loss_table_cell_is_in_the_pdf(pdf_text):
    flat = squash(pdf_text)
    missing = [c for c in cx.load("losses_printed").cell if squash(c) not in flat]
    assert not missing, missing


def test_no_chart_prints_as_text(pdf_text):
    assert "alt.Chart(" not in pdf_text and "[Chart]" not in pdf_text


def test_the_pdf_holds_every_chart_as_a_vector_image():
    tex = (LATEX / "book.tex").read_text(encoding="utf-8")
    included = re.findall(r"\\sphinxincludegraphics(?:\[[^\]]*\])?\{\{?([^}]+?)\}?\}", tex)
    pdfs = [name for name in included if name.endswith(".pdf") or (LATEX / f"{name}.pdf").exists()]
    for name in pdfs:
        path = LATEX / (name if name.endswith(".pdf") else f"{name}.pdf")
        head = path.read_bytes()[:5]
        assert head == b"%PDF-", f"{path.name} is not a PDF"
    html_charts = sum(len(BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select("div.companion-chart"))
                      for p in (HTML / "chapters").glob("*.html"))
    assert len(pdfs) == html_charts, (len(pdfs), html_charts)


def test_latex_log_has_no_missing_character():
    log = (LATEX / "book.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log, re.findall(r"Missing character.*", log)[:5]


def test_turkish_letters_render(pdf_text):
    for word in ["Kınık", "Çelik", "Gözcü", "Şimşek", "Bozdoğan"]:
        assert word in pdf_text, word


def test_figures_keep_their_web_numbers_and_captions_in_print(pdf_text):
    """Each chart's number and the start of its caption are the same in the PDF as on the web."""
    flat = squash(pdf_text)
    missing = []
    for page in sorted((HTML / "chapters").glob("*.html")):
        for fig in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("figure"):
            if not fig.select("div.companion-chart"):
                continue
            number = fig.select_one(".caption-number").get_text(strip=True)   # "Fig. 5.2"
            words = fig.select_one(".caption-text").get_text(" ", strip=True).split()[:6]
            if squash(f"{number}: {' '.join(words)}") not in flat:
                missing.append(f"{page.stem}: {number} {' '.join(words)}")
    assert not missing, missing
