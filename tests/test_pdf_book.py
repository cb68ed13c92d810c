"""The PDF book: every chapter, table, figure and chart whole, in print, laid out for reading.

Run after `make pdf` (make test does it first).
"""
import re
import statistics
import subprocess
import sys
from types import SimpleNamespace

import pytest
import yaml
from pybtex.database import parse_string

from conftest import HTML, LATEX, ROOT, cx
from pdf_reading import PDF, html_pages, pdftotext, squash

sys.path.insert(0, str(ROOT / "_ext"))
from companion_book import pdfs, print_layout  # noqa: E402

if not PDF.exists():
    pytest.fail("the PDF book is not built: run make pdf (make test does)", pytrace=False)

TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
DOCS = [TOC["root"]] + [c["file"] for part in TOC["parts"] for c in part["chapters"]]
SHORT_TITLE = "Turkish Drones in the Second Nagorno-Karabakh War"   # the running head (latex_elements preamble)
WEB_ONLY = re.compile(r"\b(hover\w*|drop-?downs?|click\w*|searchable)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def pdf_text() -> str:
    return pdftotext()


@pytest.fixture(scope="module")
def pdf_pages() -> list[str]:
    """Each page's text, laid out as printed (one string per page)."""
    return pdftotext("-layout").split("\f")[:-1]


@pytest.fixture(scope="module")
def rotated_pages() -> set[int]:
    """Numbers (from 1) of the landscape pages, whose running head pdftotext cannot keep on one line."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "100000", str(PDF)], capture_output=True, text=True, check=True)
    return {int(m.group(1)) for m in re.finditer(r"Page\s+(\d+) rot:\s+(90|270)", info.stdout)}


@pytest.fixture(scope="module")
def latex_log() -> str:
    return (LATEX / "book.log").read_text(encoding="utf-8", errors="replace")


# -- nothing missing -------------------------------------------------------------
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


def test_names_and_identifiers_are_never_hyphenated():
    """No proper name, and no field name with an underscore, is broken at a line end."""
    names = {"Azerbaijan", "Azerbaijani", "Armenia", "Armenian", "Karabakh", "Bayraktar"}
    names |= {f["name"] for r in cx.package()["resources"] for f in r["schema"]["fields"] if "_" in f["name"]}
    broken = [f"{head}-{tail}" for head, tail in re.findall(r"([\w’']+)-\n\s*([\w’']+)", pdftotext("-raw"))
              if re.sub(r"[’']s$", "", head + tail) in names]
    assert not broken, broken


def test_every_field_of_the_data_dictionary_is_printed_whole(pdf_text):
    assert (HTML / "chapters" / "appendix_a_data.html").exists(), "the data dictionary is not in this build"
    flat = squash(pdf_text)
    missing = [f"{r['name']}.{f['name']}" for r in cx.package()["resources"]
               for f in r["schema"]["fields"] if f["name"] not in flat]
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
    html_charts = sum(len(soup.select("div.companion-chart")) for _, soup in html_pages())
    assert len(pdfs) == html_charts, (len(pdfs), html_charts)


def test_latex_log_has_no_missing_character(latex_log):
    assert "Missing character" not in latex_log, re.findall(r"Missing character.*", latex_log)[:5]


def test_turkish_letters_render(pdf_text):
    for word in ["Kınık", "Çelik", "Gözcü", "Şimşek", "Bozdoğan"]:
        assert word in pdf_text, word


def test_figures_keep_their_web_numbers_and_captions_in_print(pdf_text):
    """Each chart's number and the start of its caption are the same in the PDF as on the web."""
    flat = squash(pdf_text)
    missing = []
    for page, soup in html_pages():
        for fig in soup.find_all("figure"):
            if not fig.select("div.companion-chart"):
                continue
            number = fig.select_one(".caption-number").get_text(strip=True)   # "Fig. 5.2"
            words = fig.select_one(".caption-text").get_text(" ", strip=True).split()[:6]
            if squash(f"{number}: {' '.join(words)}") not in flat:
                missing.append(f"{page.stem}: {number} {' '.join(words)}")
    assert not missing, missing


def test_tables_keep_their_web_numbers_and_captions_in_print(pdf_text):
    flat = squash(pdf_text)
    missing = []
    for page, soup in html_pages():
        for caption in soup.select("table caption"):
            number = caption.select_one(".caption-number")
            if number is None:
                continue
            text = caption.select_one(".caption-text").get_text(" ", strip=True)
            if squash(f"{number.get_text(strip=True)}: {text}") not in flat:
                missing.append(f"{page.stem}: {number.get_text(strip=True)} {text[:40]}")
    assert not missing, missing


# -- nothing wider than the page -------------------------------------------------
def test_no_line_or_table_runs_into_the_margin(latex_log):
    """An overfull box wider than 5 pt is text or a table past the edge of the
    text block (a table's shows as an overfull box "in alignment")."""
    pattern = r"Overfull \\hbox \((\d+\.?\d*)pt too wide\)[^\n]*"
    overfull = [(float(m.group(1)), m.group(0)) for m in re.finditer(pattern, latex_log)]
    assert not [o for width, o in overfull if width > 5], [o for width, o in overfull if width > 5][:10]


def test_no_page_runs_past_its_foot(latex_log):
    """A figure placed [H] that is taller than the page's room overflows the page
    ("Overfull \\vbox ... while \\output is active"): its chart or caption is cut at the foot."""
    assert not re.findall(r"Overfull \\vbox [^\n]*while \\output is active", latex_log)


MM = 72 / 25.4
# The text block of a right-hand and of a left-hand page (sphinxsetup hmargin={40mm,60mm}).
TEXT_BLOCKS = ((40 * MM, 150 * MM), (60 * MM, 170 * MM))


def test_no_text_runs_past_the_text_block(rotated_pages, tmp_path):
    """Nothing the book sets in its own type (a code or BibTeX line, a word of
    a table) reaches past the right edge of the text block; the LaTeX log does
    not report code lines that run out of their frame. Charts (their own fonts)
    are drawn to the line width and are left out."""
    subprocess.run(["pdftohtml", "-xml", "-i", "-q", str(PDF), str(tmp_path / "book")], check=True)
    xml = (tmp_path / "book.xml").read_text(encoding="utf-8")
    book_fonts = set(re.findall(r'<fontspec id="(\d+)"[^>]*family="[^"]*Free', xml))   # declared once, for all pages
    past = []
    for page in re.findall(r"<page .*?</page>", xml, re.S):
        number = int(re.search(r'number="(\d+)"', page).group(1))
        width = float(re.search(r'width="([\d.]+)"', page).group(1))
        scale = width / (210 * MM)                     # pdftohtml's pixels per point
        runs = [(float(left) / scale, (float(left) + float(w)) / scale, text) for left, w, font, text in
                re.findall(r'<text top="[\d.]+" left="([\d.-]+)" width="([\d.]+)" height="[\d.]+" font="(\d+)">(.*?)</text>',
                           page) if font in book_fonts]
        if number in rotated_pages or not runs:
            continue
        start = min(left for left, _, _ in runs)
        block = TEXT_BLOCKS[0] if start < TEXT_BLOCKS[1][0] - 5 else TEXT_BLOCKS[1]
        past += [f"page {number}: {re.sub('<[^>]+>', '', text)[:50]!r} ends {right - block[1]:.1f} pt past the block"
                 for _, right, text in runs if right > block[1] + 2]
    assert not past, past[:10]


def test_every_table_has_columns_that_wrap_and_fit_the_line():
    """Every table in the LaTeX source is laid out by companion.tables (no
    column of unbounded width), and its columns' shares add up to at most the line."""
    tex = (LATEX / "book.tex").read_text(encoding="utf-8")
    specs = re.findall(r"\\begin\{(?:longtable|tabulary|tabular)\}(\{.*)", tex)
    assert specs, "no table in book.tex"
    for spec in specs:
        shares = [float(s) for s in re.findall(r"\\companioncol(?:small)?\{([\d.]+)\}", spec)]
        assert shares, f"a table not laid out for print: {spec[:80]}"
        assert sum(shares) <= 1.0, spec[:120]


def test_the_layout_tables_assume_is_the_one_latex_sets(latex_log):
    """companion.tables computes column widths for a text block and a landscape
    line that the preamble sets: the two must agree (never narrower in LaTeX)."""
    portrait = float(re.search(r"companion-layout: textwidth=([\d.]+)pt", latex_log).group(1))
    assert cx.tables.PORTRAIT_PT <= portrait < cx.tables.PORTRAIT_PT + 1
    padding = float(re.search(r"companion-layout: .*tabcolsep=([\d.]+)pt", latex_log).group(1))
    assert 2 * padding == cx.tables.CELL_PADDING_PT
    for line in re.findall(r"companion-landscape: linewidth=([\d.]+)pt", latex_log):
        assert cx.tables.LANDSCAPE_PT <= float(line) < cx.tables.LANDSCAPE_PT + 5


def test_the_measure_is_comfortable(pdf_pages, rotated_pages):
    """Lines of running text hold about 65 to 80 characters."""
    full_lines = [len(line.strip()) for number, page in enumerate(pdf_pages, 1) if number not in rotated_pages
                  for line in page.splitlines()
                  if len(line.split()) >= 8 and "   " not in line.strip() and not re.search(r"[.=_{}()]{3}", line)]
    longest = statistics.quantiles(full_lines, n=10)[-1]        # lines that fill the measure
    assert 65 <= longest <= 82, longest


# -- pages -----------------------------------------------------------------------
def _without_running_head(page: str) -> str:
    text = page.replace(SHORT_TITLE, "")
    text = re.sub(r"(?m)^\s*(Chapter \d+\.\s.*|About this companion|Contents)\s*\d*\s*$", "", text)
    return re.sub(r"(?m)^\s*([0-9]+|[ivxlc]+)\s*$", "", text).strip()


def test_no_page_holds_only_a_running_head(pdf_pages):
    """A blank page (before a chapter on a right-hand page) carries no running
    head; every page with a head holds something else too."""
    head_only = [n for n, page in enumerate(pdf_pages, 1) if page.strip() and not _without_running_head(page)]
    assert not head_only, f"pages with only a running head: {head_only}"


def test_every_running_head_fits_on_one_line(pdf_pages, rotated_pages):
    """The head (page number and short title, or chapter and page number) is a
    single line: nothing of it wraps onto a second line."""
    wrapped = []
    for number, page in enumerate(pdf_pages, 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if number in rotated_pages or not lines:
            continue
        if SHORT_TITLE in lines[0] or re.match(r"Chapter \d+\.", lines[0]):
            if not re.search(r"^\d+\s|\s\d+$", lines[0]):
                wrapped.append(f"page {number}: {lines[0]!r}")
            if len(lines) > 1 and re.fullmatch(r"(Version\s*)?\d+\.\d+\.\d+|[\w -]*War", lines[1]):
                wrapped.append(f"page {number}: {lines[1]!r}")
    assert not wrapped, wrapped


def test_no_web_only_instruction_is_printed(pdf_text):
    found = sorted({m.group(0) for m in WEB_ONLY.finditer(pdf_text)})
    context = [pdf_text[max(m.start() - 60, 0):m.end() + 20].replace("\n", " ") for m in WEB_ONLY.finditer(pdf_text)]
    assert not found, (found, context[:5])


def test_contents_have_a_part_for_the_article_and_one_for_the_appendices(pdf_pages):
    """Two parts, numbered chapters running on through both as on the web."""
    contents = "\n".join(p for p in pdf_pages[:6] if "CONTENTS" in p.upper() or re.search(r"(?m)^\s*II\s", p))
    parts = [(m.group(1), m.group(2).strip()) for m in re.finditer(r"(?m)^\s*(I|II)\s+(.+?)\s+\d+\s*$", contents)]
    captions = [p["caption"] for p in TOC["parts"]]
    assert [c for _, c in parts] == captions, parts
    article_chapters = len(TOC["parts"][0]["chapters"])
    after_part_two = re.split(rf"II\s+{re.escape(captions[1])}", contents)[-1]
    first_appendix = re.search(r"(?m)^[ \t]*(\d+)[ \t]+[A-Z]", after_part_two)
    assert first_appendix and int(first_appendix.group(1)) == article_chapters + 1, after_part_two[:200]


# -- citing from print -----------------------------------------------------------
def _bibtex_entries(text: str) -> dict[str, str]:
    """BibTeX entries in a text, by key: from "@type{key," to the "}" that closes it."""
    entries = {}
    for m in re.finditer(r"@\w+\{([\w-]+),", text):
        depth, end = 1, m.end()
        while depth and end < len(text):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        entries[m.group(1)] = text[m.start():end]
    return entries


def test_bibtex_copied_from_the_pdf_is_the_web_entry():
    """Copied from the PDF, each chapter's BibTeX entry reads as the same entry
    as on the web: no wrap marks, no value broken by a line end."""
    printed = _bibtex_entries(pdftotext("-layout"))
    web = {}
    for _, soup in html_pages():
        for block in soup.select("div.highlight-bibtex pre"):
            web.update(_bibtex_entries(block.get_text()))
    assert web and set(web) <= set(printed), set(web) - set(printed)
    for key, entry in web.items():
        assert "→" not in printed[key] and "␣" not in printed[key], printed[key]
        on_web, in_print = parse_string(entry, "bibtex").entries[key], parse_string(printed[key], "bibtex").entries[key]
        norm = lambda e: {k: " ".join(v.split()) for k, v in e.fields.items()}  # noqa: E731
        assert norm(in_print) == norm(on_web), key
        assert in_print.persons == on_web.persons, key


def test_no_bibtex_entry_is_split_across_pages(pdf_pages):
    split = [f"page {n}" for n, page in enumerate(pdf_pages, 1)
             for key in re.findall(r"@\w+\{([\w-]+),", page) if key not in _bibtex_entries(page)]
    assert not split, split


@pytest.mark.parametrize("quotes", ["{}", '""'])
def test_the_bibtex_wrapping_keeps_every_value(quotes):
    entry = (f"@misc{{k,\n  title = {quotes[0]}A title long enough to be wrapped onto more than one\n"
             f"    printed line{quotes[1]},\n"
             f"  url = {quotes[0]}https://example.org/a/rather/long/path/to/a/page/of/the/book.html{quotes[1]}\n}}")
    wrapped = print_layout.wrap_bibtex(entry, 40)
    assert max(len(line) for line in wrapped.splitlines()) <= 40, wrapped
    norm = lambda e: {k: " ".join(v.split()) for k, v in e.fields.items()}  # noqa: E731
    assert norm(parse_string(wrapped, "bibtex").entries["k"]) == norm(parse_string(entry, "bibtex").entries["k"])


# -- the web book's links to the PDFs ------------------------------------------------
# (that the built pages link them, and that the PDFs are right: tests/test_clients.py)
@pytest.mark.parametrize("built", [True, False])
@pytest.mark.parametrize("page", ["chapters/x", "chapters/index"])
def test_the_pdf_buttons_link_only_built_pdfs(built, page):
    app = SimpleNamespace(config=SimpleNamespace(html_context={"companion_book_pdf": built}, root_doc="chapters/index"),
                          env=SimpleNamespace(titles={"chapters/x": "X", "chapters/index": "Home"}))
    buttons = [{"type": "group", "buttons": [{"label": "download-source-button"},
                                             {"label": "download-pdf-button", "javascript": "window.print()"}]}]
    context = {"header_buttons": buttons, "pathto": lambda name, resource=0: "../" + name}
    pdfs.pdf_buttons(app, page, "page.html", context, None)
    inner = context["header_buttons"][0]["buttons"]
    offered = (["download-chapter-pdf-button"] if page == "chapters/x" else []) + ["download-book-pdf-button"]
    assert [b["label"] for b in inner] == ["download-source-button"] + (offered if built else [])
    assert all("javascript" not in b for b in inner)
    assert [b["url"] for b in inner[1:]] == (["../chapters/x.pdf"] if page == "chapters/x" else []) * built + \
        ["../chapters/book.pdf"] * built
