"""What reference managers, Google Scholar and PDF readers read from the built book.

- The <meta> tags Zotero's Embedded Metadata translator and Google Scholar read:
  the title as the page's heading reads, a group author in the one form Zotero
  keeps in one field ("Name,"), the release's date, the book's title for a
  chapter, the edition, the home page typed as a book; each chapter's
  citation_pdf_url names its own PDF, in its own folder.
- The PDFs: each chapter's, beside its page, holds exactly the chapter's pages of
  the book PDF (found here with poppler, independently of the build's pypdf),
  starting on the chapter's first page; every PDF has a title, an author, a
  subject, keywords and a language; a chapter's bookmarks are its own and its
  links lead somewhere; the header's download menu offers the chapter and the book.
"""
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import CFF, HTML, LATEX, TOC, metas, soup

BOOK = LATEX / "book.pdf"
if not BOOK.exists():
    pytest.fail("the PDF book is not built: run make pdf (make test does)", pytrace=False)
RELEASE = date.fromisoformat(str(CFF["date-released"]))
CHAPTERS = [c["file"] for part in TOC["parts"] for c in part["chapters"]]
# \newlabel{chapters/03_factors::doc}{{3}{27}{…}{chapter.3}{}}
LABEL = re.compile(r"\\newlabel\{(?P<doc>[^{}]+)::doc\}\{\{[^{}]*\}\{[^{}]*\}\{.*\}"
                   r"\{(?P<anchor>[^{}]+)\}\{[^{}]*\}\}$", re.M)


def heading(page) -> str:
    """The page's heading without its section number or the link mark."""
    h1 = page.select_one("article h1")
    for extra in h1.select(".section-number, .headerlink"):
        extra.decompose()
    return h1.get_text(" ", strip=True)


def page_of(doc: str):
    return soup(HTML / f"{doc}.html")


# Words a title in title case leaves in lower case (Chicago: articles, conjunctions, prepositions).
SMALL = {"a", "an", "and", "as", "at", "behind", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or",
         "over", "the", "to", "with"}


# -- the tags --------------------------------------------------------------------
@pytest.mark.parametrize("doc", [TOC["root"], *CHAPTERS])
def test_every_title_a_reference_manager_saves_is_in_title_case(doc):
    """One case for every title, so that a style that recases titles treats all alike
    (appendix I was 'What happened next' among 'Claims Register' and 'Passage Register')."""
    title = metas(page_of(doc), "citation_title")[0]
    words = re.findall(r"[\w’'-]+", title)
    low = [w for i, w in enumerate(words) if w[0].islower() and (i == 0 or w.lower() not in SMALL)]
    assert not low, f"{doc}: {title!r} has {low} in lower case"


@pytest.mark.parametrize("doc", [TOC["root"], *CHAPTERS])
def test_tags_say_what_a_reference_manager_saves(doc):
    page = page_of(doc)
    book = doc == TOC["root"]
    assert metas(page, "citation_title") == [CFF["title"] if book else heading(page)]
    entities = [a["name"] for a in CFF["authors"] if "name" in a]
    assert all(f"{name}," in metas(page, "citation_author") for name in entities), metas(page, "citation_author")
    assert metas(page, "citation_publication_date") == [RELEASE.strftime("%Y/%m/%d")]
    assert metas(page, "DC.date") == [RELEASE.isoformat()]
    assert metas(page, "prism.edition") == [f"Version {CFF['version']}"]
    if book:
        assert metas(page, "bibo.type") == ["Book"] and not metas(page, "citation_inbook_title")
    else:
        assert metas(page, "citation_inbook_title") == [CFF["title"]] and not metas(page, "bibo.type")
    pdf = metas(page, "citation_pdf_url")
    if page.find("link", rel="canonical") is not None:   # an address: the PDF beside the page
        url = page.find("link", rel="canonical")["href"]
        assert pdf == [url.rsplit("/", 1)[0] + "/" + (Path(doc).stem + ".pdf" if not book else "book.pdf")], pdf
    else:
        assert pdf == []


# -- the PDFs --------------------------------------------------------------------
@pytest.fixture(scope="module")
def dests() -> dict[str, int]:
    """The book's named destinations and their pages (from 1), read by poppler."""
    out = subprocess.run(["pdfinfo", "-dests", str(BOOK)], capture_output=True, text=True, check=True).stdout
    return {m.group(2): int(m.group(1)) for m in re.finditer(r'^\s*(\d+)\s+\[.*\]\s+"(.+)"$', out, re.M)}


def page_text(pdf: Path, number: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(pdf)], capture_output=True, text=True, check=True).stdout
    return dict(re.findall(r"^(\w[\w ]*?):[ \t]*(.*)$", out, re.M))   # an empty field stays empty


def chapter_pdf(doc: str) -> Path:
    """The PDF the page's download menu offers for the chapter: it must sit in the page's folder."""
    links = page_of(doc).select("a.btn-download-chapter-pdf-button")
    assert len(links) == 1, f"{doc}: {len(links)} chapter PDF links"
    href = links[0]["href"]
    assert "/" not in href, f"{doc}: the chapter's PDF is not in the page's folder: {href}"
    return (HTML / doc).parent / href


@pytest.mark.parametrize("doc", CHAPTERS)
def test_each_chapter_pdf_holds_the_chapters_pages_of_the_book(doc, dests):
    anchors = dict(LABEL.findall((LATEX / "book.aux").read_text(encoding="utf-8", errors="replace")))
    first = dests[anchors[doc]]
    starts = sorted(p for name, p in dests.items() if re.fullmatch(r"(chapter|part)\*?\.\d+", name))
    last = next((p - 1 for p in starts if p > first), int(info(BOOK)["Pages"]))
    while last > first and not page_text(BOOK, last).strip():   # the blank page before a right-hand start
        last -= 1
    pdf = chapter_pdf(doc)
    assert int(info(pdf)["Pages"]) == last - first + 1, f"{doc}: book pages {first}-{last}"
    assert page_text(pdf, 1) == page_text(BOOK, first), f"{doc} does not start on the chapter's first page"
    assert page_text(pdf, last - first + 1) == page_text(BOOK, last)


@pytest.mark.parametrize("doc", CHAPTERS)
def test_each_chapter_pdf_has_its_own_metadata_bookmarks_and_working_links(doc):
    pdf = chapter_pdf(doc)
    meta = info(pdf)
    title = heading(page_of(doc))
    assert meta.get("Title") == title and meta.get("Author"), meta
    assert CFF["title"] in meta.get("Subject", "") and str(CFF["version"]) in meta["Subject"], meta
    assert meta.get("Keywords"), meta
    reader = PdfReader(pdf)
    assert reader.trailer["/Root"].get("/Lang") == "en"
    assert reader.outline and reader.outline[0].title == title, "the first bookmark is not the chapter"
    held = {p.indirect_reference.idnum for p in reader.pages}
    dead = [name for name, d in reader.named_destinations.items() if d.page is None or d.page.idnum not in held]
    assert dead == []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and action.get("/S") == "/GoTo":
                assert str(action["/D"]) in reader.named_destinations, f"{doc}: a link to {action['/D']} leads nowhere"


def test_every_pdf_has_title_author_subject_keywords_and_language():
    pdfs = [BOOK, *sorted((HTML / "chapters").glob("*.pdf"))]
    assert len(pdfs) == len(CHAPTERS) + 2, [p.name for p in pdfs]   # the book, its web copy, each chapter
    for pdf in pdfs:
        meta = info(pdf)
        missing = [k for k in ("Title", "Author", "Subject", "Keywords") if not meta.get(k)]
        assert not missing, f"{pdf.name} has no {missing}"
        assert PdfReader(pdf).trailer["/Root"].get("/Lang") == "en", pdf.name
    assert info(BOOK)["Title"] == CFF["title"]


def test_the_web_book_serves_the_book_pdf_beside_the_home_page():
    served = HTML / Path(TOC["root"]).parent / "book.pdf"
    assert served.read_bytes() == BOOK.read_bytes(), "the web book serves another PDF than the one built"
    for doc in [TOC["root"], *CHAPTERS]:
        page = page_of(doc)
        assert "window.print()" not in str(page), doc
        assert [a["href"] for a in page.select("a.btn-download-book-pdf-button")] == ["book.pdf"], doc
