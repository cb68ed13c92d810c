"""The reader notebooks (chapters/<page>.ipynb): in step with the chapters they are made from,
their code the chapters' own, their Markdown free of MyST, each role and directive in its
notebook form, numbers and links as the book has them. No book build makes them."""
import json
import re
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest
from bs4 import BeautifulSoup

from conftest import HTML, ROOT

sys.path.insert(0, str(ROOT / "chapters"))
from companion import myst, notebooks  # noqa: E402

BOOK = notebooks.Book.read(ROOT)
RAW_MYST = re.compile(r"\{[a-z][\w:-]*\}`|^\s*:::|```\{|^\([\w-]+\)=\s*$|^% ", re.M)
EXAMPLE_URL = "https://example.org/book/"


def cells(path: Path, kind: str) -> list[str]:
    return ["".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == kind]


def test_the_committed_notebooks_are_in_step_with_the_chapters():
    stale = notebooks.out_of_step(ROOT)
    assert stale == [], f"run `make notebooks` (or cd chapters && python -m companion.notebooks): {stale}"


@pytest.mark.parametrize("docname", BOOK.pages)
def test_a_notebook_holds_the_chapters_code_and_markdown_without_myst(docname):
    path = ROOT / f"{docname}.ipynb"
    # The chapter's code, and the cells that stand for two directives when they run: a {bibliography}
    # (titles never written in) and the {passage-register} (the table from data/passages.csv).
    directives = ("from companion.references import listing", "cx.passages.table()")
    code = [c for c in cells(path, "code") if not c.startswith(directives)]
    assert code == [c.source for c in jupytext.read(ROOT / f"{docname}.md").cells if c.cell_type == "code"]
    raw = [m[:200] for m in cells(path, "markdown") if RAW_MYST.search(m)]
    assert raw == []


def test_no_book_build_is_needed_to_make_them():
    code = ("import sys; from companion import notebooks; notebooks.out_of_step(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sphinx', 'myst_nb', 'docutils', 'jupyter_book'}))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "chapters", capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip() == "[]", proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def page():
    return notebooks.Page(BOOK, "chapters/05_drones_in_war")


@pytest.mark.parametrize("myst_text, expected", [
    ("{art}`2020 <C162>`", r"2020 \[claim C162\]"),
    ("{art}`717 <losses:10/Armenia/destroyed>`", r"717 \[losses: 10/Armenia/destroyed\]"),
    ("{calc}`8.6 <loss_totals.ratio>`", r"8.6 \[computed: loss_totals.ratio\]"),
    ("{later}`40 <LO24>`", r"40 \[later source: LO24\]"),
    ("{verdict}`loss_tidy_matches_printed`", r"*consistent* \[the companion's reading, check loss_tidy_matches_printed\]"),
    ("{verdict}`loss_cell_exceeds_column`", r"*tension* \[the companion's reading"),
    ("{term}`loitering munitions <Loitering munition>`", "[loitering munitions](appendix_d_glossary.ipynb)"),
    ("{numref}`fig-dw-damage`", "Fig. 5.1"),
    ("{numref}`tbl-dw-totals`", "Table 5.4"),
    ("{ref}`ch-factors`", "[Factors behind Azerbaijan's Decisive Victory](03_factors.ipynb)"),
    ("{ref}`the method <app-method>`", "[the method](appendix_g_method.ipynb)"),
    ("{cite}`kinik2021`", r"\[Kınık and Çelik, 2021\]"),
    ("{download}`losses.csv <../data/losses.csv>`", "[losses.csv](../data/losses.csv)"),
    ("{passage}`CO05`", r"\[CO05\]"),
    ("`{art}` in code", "`{art}` in code"),
    (":::{note}\nSee {numref}`fig-dw-damage`.\n:::", "> **Note**\n>\n> See Fig. 5.1."),
    (":::{dropdown} Data behind the chart\n```{glue:} fig_dw_damage_data\n```\n:::", ""),
    ("```{glue:figure} fig_dw_damage\n:name: fig-dw-damage\n\nTwo estimates.\n```", "**Fig. 5.1** Two estimates."),
    (":::{only} latex\nIn print.\n:::\n\n```{raw} html\n<div></div>\n```", ""),
    ("(a-label)=\n## Heading", "## Heading"),
    ("check\n: a test", "**check:** a test"),
])
def test_each_role_and_directive_has_its_notebook_form(page, myst_text, expected):
    converted = myst.convert(myst_text, page)
    assert converted.startswith(expected) if expected else converted == ""


@pytest.mark.parametrize("myst_text", ["{unknown}`x`", "```{mermaid}\ngraph\n```", "{numref}`fig-not-here`",
                                       "{ref}`no-such-label`", "{art}`44`"])
def test_myst_without_a_notebook_form_stops_the_conversion(page, myst_text):
    with pytest.raises(myst.ConversionError):
        myst.convert(myst_text, page)


def test_the_sources_of_a_page_are_a_table_of_its_figures():
    """Each figure with its record, where it comes from, and no quotation of the article: row after row,
    locators and workings would run together into passages of it (the register and appendix E hold them)."""
    text = "\n".join(cells(ROOT / "chapters" / "05_drones_in_war.ipynb", "markdown"))
    table = text[text.index("| Figure | Kind | Record: where it comes from |"):]
    assert ("| 2020 | the article's figure | C134 · Claim C134. The article, section “The Role of Turkish Drones in the "
            "Second Nagorno-Karabakh Conflict”, endnote 53 (closes the sentence) |") in table
    assert ("| 8.6 | the companion's computation | loss\\_totals.ratio · Computed by the companion (a computation "
            "“Items in the loss table, by side and status”) |") in table


# --- Against the built book --------------------------------------------------------------
@pytest.fixture(scope="module")
def built():
    assert (HTML / ".built").exists(), "the HTML book is not built: run make html (make test does)"
    return {d: BeautifulSoup((HTML / f"{d}.html").read_text(encoding="utf-8"), "html.parser") for d in BOOK.pages}


@pytest.mark.parametrize("docname", BOOK.pages)
def test_figures_and_tables_are_numbered_as_in_the_book(built, docname):
    shown = {a["href"].split("#")[1]: a.get_text() for a in built[docname].select("a.reference")
             if a.find(class_="std-numref")}
    numbers = notebooks.Page(BOOK, docname).numbers
    assert {label: numbers.get(label) for label in shown} == shown


def test_with_the_books_address_every_link_reaches_its_target(built):
    book = notebooks.Book.read(ROOT, EXAMPLE_URL)
    links = set()
    for docname in book.pages:
        text = "\n".join("".join(c.source) for c in notebooks.Page(book, docname).notebook().cells)
        links |= set(re.findall(re.escape(EXAMPLE_URL) + r'([^)#\s"]+)\.html(?:#([^)\s"]+))?', text))
    missing = [(page, anchor) for page, anchor in sorted(links) if page not in built or
               (anchor and built[page].find(id=anchor) is None)]
    assert len(links) > 100 and missing == []
