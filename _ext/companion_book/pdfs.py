"""The PDFs: the book's, with its metadata, and one per chapter cut from it.

One LaTeX run makes _build/latex/book.pdf. Its title, author, subject, keywords and
language are set through hyperref, from the same record as every citation
(``book_metadata``, added to the LaTeX preamble: the book's own title page skips
the place where Sphinx would set them). Once that PDF exists, the HTML build serves
it in the pages' folder (chapters/book.pdf) and cuts from it one PDF per chapter,
beside the chapter's page (chapters/03_factors.pdf): the chapter's pages, found
through the LaTeX label of the chapter (book.aux) and the PDF's bookmarks, with its
own metadata, its sections as bookmarks, the printed page numbers, and no link to a
page it does not hold. No second LaTeX run. Each page's citation_pdf_url names the
PDF in its own folder, as Google Scholar asks (metadata.pdf_url); the header's
download menu offers the chapter's PDF and the book's.
"""
from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

from sphinx.util import logging

from . import metadata

logger = logging.getLogger(__name__)
# \newlabel{chapters/03_factors::doc}{{3}{27}{Factors …}{chapter.3}{}}: the chapter's PDF anchor.
DOC_LABEL = re.compile(r"\\newlabel\{(?P<doc>[^{}]+)::doc\}\{\{[^{}]*\}\{[^{}]*\}\{.*\}\{(?P<anchor>[^{}]+)\}\{[^{}]*\}\}$",
                       re.M)


def setup(app) -> None:
    app.connect("config-inited", _note_book_pdf)
    app.connect("config-inited", _book_metadata_in_latex, priority=600)   # after the version is set
    app.connect("html-page-context", pdf_buttons, priority=600)           # after the theme adds its buttons
    app.connect("build-finished", serve_pdfs)


def built_pdf(app) -> Path:
    return Path(app.outdir).parent / "latex" / "book.pdf"


def current_pdf(app) -> bool:
    """The book's PDF exists and was built from the present table of contents: a PDF from before
    a page was added has no place for it (make pdf builds it again, then the pages)."""
    pdf, toc = built_pdf(app), Path(app.srcdir) / "_toc.yml"
    return pdf.exists() and (not toc.exists() or pdf.stat().st_mtime >= toc.stat().st_mtime)


def _note_book_pdf(app, config) -> None:
    """Whether the web pages link PDFs: only once the book's is built. A value of
    html_context, so that the pages are written again (without re-running any
    notebook) when the PDF appears; see the Makefile's pdf target."""
    config.html_context = {**(config.html_context or {}), "companion_book_pdf": current_pdf(app)}


# -- metadata ------------------------------------------------------------------
def info(app, docname: str) -> dict[str, str]:
    """A PDF's document information, from the page's citation record."""
    item = metadata.record(app, docname)
    cff = metadata.citation_file(app)
    release = metadata.released(cff)
    where = "" if item["type"] == "book" else f"A chapter of {item['container-title']}. "
    return {
        "/Title": item["title"],
        "/Author": "; ".join(metadata.author_names(item)),
        "/Subject": f"{where}Version {item['version']}, released {release.day} {release:%B %Y}. {item['note']}",
        "/Keywords": "; ".join(cff.get("keywords", [])),
    }


def _tex(text: str) -> str:
    return re.sub(r"([\\{}&%#$_^~])", r"\\\1", text)


def _book_metadata_in_latex(app, config) -> None:
    config.latex_elements = dict(config.latex_elements or {})
    config.latex_elements["preamble"] = config.latex_elements.get("preamble", "") + book_metadata(app, config)


def book_metadata(app, config) -> str:
    """hyperref's settings for the book PDF's metadata (read before any page is, so from CITATION.cff)."""
    cff = metadata.citation_file(app)
    release = metadata.released(cff)
    article = cff["references"][0]
    names = " and ".join(a.get("family-names") or a["name"] for a in article["authors"])
    fields = {
        "pdftitle": cff["title"],
        "pdfauthor": "; ".join(a.get("name") or f"{a['family-names']}, {a.get('given-names', '')}" for a in cff["authors"]),
        "pdfsubject": f"Version {cff['version']}, released {release.day} {release:%B %Y}. "
                      f"Companion to {names} ({article['year']}), {article['journal']}, vol. {article['volume']}.",
        "pdfkeywords": "; ".join(cff.get("keywords", [])),
    }
    settings = ",\n  ".join(f"{k}={{{_tex(v)}}}" for k, v in fields.items())
    # hyperref's pdflang does nothing with XeLaTeX's driver (xdvipdfmx): the catalog gets /Lang directly.
    language = re.sub(r"[^A-Za-z-]", "", config.language or "en")
    return (f"\n% The PDF's metadata (_ext/companion_book/pdfs.py).\n\\AtBeginDocument{{\\hypersetup{{\n  {settings}}}}}\n"
            f"\\AtBeginDvi{{\\special{{pdf:put @catalog <</Lang ({language})>>}}}}\n")


# -- serving and cutting ---------------------------------------------------------
def serve_pdfs(app, exception) -> None:
    if exception or app.builder.format != "html" or not current_pdf(app):
        return
    book = built_pdf(app)
    out = Path(app.outdir)
    target = out / metadata.pdf_path(app, app.config.root_doc)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(book, target)
    anchors = dict(DOC_LABEL.findall(book.with_suffix(".aux").read_text(encoding="utf-8", errors="replace")))
    from pypdf import PdfReader

    reader = PdfReader(book)
    for docname in app.env.found_docs:
        if docname == app.config.root_doc or not metadata.is_cited_page(app, docname):
            continue
        if docname not in anchors:
            logger.warning(f"no PDF for {docname}: the LaTeX build has no label for it", type="companion", subtype="pdf")
            continue
        first, last = chapter_pages(reader, anchors[docname])
        (out / metadata.pdf_path(app, docname)).write_bytes(cut(reader, first, last, info(app, docname),
                                                                 app.config.language or "en"))


def _outline(reader, items=None, depth=0):
    """The bookmarks in order, as (depth, title, page index)."""
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            yield from _outline(reader, item, depth + 1)
        else:
            yield depth, item.title, reader.get_destination_page_number(item)


def chapter_pages(reader, anchor: str) -> tuple[int, int]:
    """First and last page index of the chapter whose heading is at the named
    destination ``anchor``: up to the next bookmark of the chapter's level or
    above (a chapter, a part, the bibliography), less the blank pages that make
    the next one start on a right-hand page."""
    first = reader.get_destination_page_number(reader.named_destinations[anchor])
    marks = list(_outline(reader))
    at = next(i for i, (_, _, page) in enumerate(marks) if page == first)
    depth = marks[at][0]
    last = next((page - 1 for d, _, page in marks[at + 1:] if d <= depth and page > first), len(reader.pages) - 1)
    while last > first and not reader.pages[last].extract_text().strip():
        last -= 1
    return first, last


def cut(reader, first: int, last: int, fields: dict[str, str], language: str) -> bytes:
    """Pages first..last of the book as a PDF of their own, with their bookmarks and metadata."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.append(reader, pages=(first, last + 1), import_outline=False)
    parents: dict[int, object] = {}
    marks = [(d, t, p) for d, t, p in _outline(reader) if first <= p <= last]
    top = min((d for d, _, _ in marks), default=0)
    for depth, title, page in marks:
        parents[depth] = writer.add_outline_item(title, page - first, parent=parents.get(depth - 1) if depth > top else None)
    label = reader.page_labels[first]
    if label.isdigit():   # the page numbers as printed
        writer.set_page_label(0, last - first, style="/D", start=int(label))
    writer.add_metadata({**fields, "/Creator": "LaTeX with hyperref; cut by pypdf"})
    writer._root_object[_name("/Lang")] = _text(language)
    # pypdf leaves out the links to pages the chapter does not hold (they would lead nowhere).
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _name(value: str):
    from pypdf.generic import NameObject

    return NameObject(value)


def _text(value: str):
    from pypdf.generic import TextStringObject

    return TextStringObject(value)


def pdf_buttons(app, pagename, templatename, context, doctree) -> None:
    """The theme's ".pdf" button prints the web page. Replace it with links to the
    chapter's PDF and the whole book's, or drop it while no PDF is built (the
    browser can still print a page)."""
    available = metadata.pdf_available(app)
    own = metadata.pdf_path(app, pagename)
    book = metadata.pdf_path(app, app.config.root_doc)
    offered = [("Book (PDF)", "The whole book as a PDF", book, "download-book-pdf-button")]
    if own != book:
        offered.insert(0, ("Chapter (PDF)", "This chapter as a PDF", own, "download-chapter-pdf-button"))

    def walk(buttons: list) -> list:
        kept = []
        for button in buttons:
            if button.get("label") == "download-pdf-button":
                if available:
                    kept += [{"type": "link", "url": context["pathto"](path, 1), "text": text, "tooltip": tip,
                              "icon": "fas fa-file-pdf", "label": label} for text, tip, path, label in offered]
                continue
            if "buttons" in button:
                button["buttons"] = walk(button["buttons"])
            kept.append(button)
        return kept

    context["header_buttons"] = walk(context.get("header_buttons", []))
