"""The print book: what the LaTeX builder does differently from the web, in one place.

The page layout itself (text block, type size, running heads, table cells)
is the LaTeX preamble in _config.yml; this module changes the document tree
the LaTeX builder writes. The PDFs the web book serves are pdfs.py's.
"""
from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging, texescape

from . import cite

# Characters of a BibTeX line that fit the 110 mm text block, inside the code
# frame, in the type cite.py sets it in (FreeMono, 0.6 em wide, \footnotesize: 5.4 pt).
BIBTEX_COLUMNS = 54
# The preamble's commands around a table set on landscape pages (as tables.py writes them).
LANDSCAPE_START, LANDSCAPE_END = "\\companionlandscapestart", "\\companionlandscapeend"
# Instructions that only make sense on screen; in print they need a print equivalent
# (the prose can give one with ```{only} latex``` and keep its own in ```{only} html```).
WEB_ONLY = re.compile(r"\b(hover\w*|drop-?downs?|click\w*|searchable)\b", re.IGNORECASE)

logger = logging.getLogger(__name__)


# -- the LaTeX document ------------------------------------------------------
def resolve_book(app, doctree, root_docname: str) -> None:
    """The LaTeX builder resolves one tree for the whole book, in which each
    chapter sits in a start_of_file node that names its document; what is
    left outside them belongs to the root document (the home page)."""
    drop_folded_code(doctree)
    home_as_unnumbered_chapter(doctree)
    parts_as_in_the_contents(app, doctree)
    for part in list(doctree.findall(addnodes.start_of_file)):
        cite.fill(app, part, part["docname"])
    cite.fill(app, doctree, root_docname)
    bibtex_for_print(doctree)
    tables_for_print(doctree)
    landscape_with_its_introduction(doctree)
    warn_of_web_only_text(doctree)


def warn_of_web_only_text(doctree) -> None:
    """Name the place of every on-screen instruction ("hover", "click", "open
    the dropdown") that would be printed, so that the prose gives print its own."""
    for text in doctree.findall(nodes.Text):
        if _inside(text, (nodes.literal, nodes.literal_block, nodes.raw), doctree):
            continue
        for match in WEB_ONLY.finditer(text.astext()):
            logger.warning(f"web-only instruction in print: {match.group(0)!r} in "
                           f"{text.astext()[max(match.start() - 40, 0):match.end() + 20]!r}",
                           location=text.parent, type="companion", subtype="print")


def drop_folded_code(doctree) -> None:
    """The PDF shows a cell's code only where the web page shows it unfolded:
    cells tagged hide-input (folded on the web) lose their source in print."""
    for cell in list(doctree.findall(lambda n: isinstance(n, nodes.container) and "cell" in n["classes"])):
        if "tag_hide-input" in cell["classes"]:
            for child in list(cell.children):
                if "cell_input" in child.get("classes", []):
                    cell.remove(child)


def home_as_unnumbered_chapter(doctree) -> None:
    """In print, the home page's sections would each become a numbered chapter
    and shift every chapter's (and figure's) number away from the web book's.
    Make the home page one unnumbered chapter, "About this companion", with its
    sections as run-in headings."""
    root = next((c for c in doctree.children if isinstance(c, nodes.section)), None)
    if root is None:
        return
    own = [c for c in root.children if isinstance(c, nodes.section) and not any(c.findall(addnodes.start_of_file))]
    if not own:
        return
    # \chapter* sets no running head of its own: without \markboth the pages
    # would carry the previous one ("Contents").
    heading = nodes.raw("", "\\chapter*{About this companion}\n\\addcontentsline{toc}{chapter}{About this companion}\n"
                            "\\markboth{About this companion}{About this companion}\n", format="latex")
    title = next((i for i, c in enumerate(root.children) if isinstance(c, nodes.title)), -1)
    root.insert(title + 1, heading)
    for sec in own:
        title = sec.next_node(nodes.title)
        rubric = nodes.rubric(title.astext(), title.astext(), ids=list(sec["ids"]))
        at = root.index(sec)
        root.remove(sec)
        for i, child in enumerate([rubric] + [c for c in sec.children if c is not title]):
            root.insert(at + i, child)


def parts_as_in_the_contents(app, doctree) -> None:
    """Each captioned part of the table of contents (the article's sections,
    the appendices) becomes a \\part of the book. The LaTeX builder drops the
    captions when it inlines the toctrees, so they are read from the root
    document and set before the first chapter of each part; chapters keep
    their numbers running through the parts, as on the web."""
    starts = {sof["docname"]: sof for sof in doctree.findall(addnodes.start_of_file)}
    for toctree in app.env.get_doctree(app.config.root_doc).findall(addnodes.toctree):
        first = next((d for d in toctree.get("includefiles", []) if d in starts), None)
        if not toctree.get("caption") or first is None:
            continue
        sof = starts[first]
        part = nodes.raw("", "\\part{" + texescape.escape(toctree["caption"]) + "}\n", format="latex")
        sof.parent.insert(sof.parent.index(sof), part)


def tables_for_print(doctree) -> None:
    """Every table whole in print, whoever made it. A table from
    ``companion.tables`` arrives with its columns laid out (a tabularcolumns
    directive); any other table (a Markdown table in the prose, the list of a
    chapter's figures) is laid out here by the same rules, from its cells'
    text. Every table may break across pages, repeating its header."""
    from companion.tables import print_layout

    for table in list(doctree.findall(nodes.table)):
        if "longtable" not in table["classes"]:
            table["classes"].append("longtable")
        parent = table.parent
        at = parent.index(table)
        if at and isinstance(parent[at - 1], addnodes.tabular_col_spec):
            continue
        header = [row for head in table.findall(nodes.thead) for row in head.findall(nodes.row)]
        body = [row for b in table.findall(nodes.tbody) for row in b.findall(nodes.row)]
        layout = print_layout([_cell_runs(e) for e in header[0].children] if header else [],
                              [[_cell_runs(e) for e in row.children] for row in body],
                              name=table.next_node(nodes.title).astext() if table.next_node(nodes.title) else "")
        parent.insert(at, addnodes.tabular_col_spec(spec=layout.colspec()))
        if layout.landscape:
            parent.insert(at, nodes.raw("", LANDSCAPE_START + "\n", format="latex"))
            parent.insert(parent.index(table) + 1, nodes.raw("", LANDSCAPE_END + "\n", format="latex"))


# What may go sideways with the table it introduces: a heading and a few short
# paragraphs or lists (the data dictionary's title, description and keys).
INTRODUCTION = (nodes.paragraph, nodes.bullet_list, nodes.enumerated_list, nodes.rubric, nodes.target)
INTRODUCTION_CHARS = 1200
HEADINGS = (nodes.rubric, nodes.target)


def _is_raw(node, command: str) -> bool:
    return isinstance(node, nodes.raw) and node.astext().strip() == command


def landscape_with_its_introduction(doctree) -> None:
    """A landscape page starts a new page: the heading and lines that introduce
    a sideways table would be left alone on a page of their own. They turn
    sideways with it instead; and sideways tables that follow each other share
    their landscape pages rather than each starting a new one."""
    for start in list(doctree.findall(lambda n: _is_raw(n, LANDSCAPE_START))):
        parent, at, length = start.parent, start.parent.index(start), 0
        while at and isinstance(parent[at - 1], INTRODUCTION):
            before = parent[at - 1]
            # A heading always goes with what follows it; running text only up to a few lines.
            if not isinstance(before, HEADINGS) and length + len(before.astext()) > INTRODUCTION_CHARS:
                break
            at -= 1
            length += 0 if isinstance(before, HEADINGS) else len(before.astext())
        parent.remove(start)
        if isinstance(parent, nodes.section) and at == 1 and isinstance(parent[0], nodes.title):
            # Nothing but the section's heading before it: the heading goes too
            # (a section is no LaTeX environment, so the raw commands may enclose it).
            parent, at = parent.parent, parent.parent.index(parent)
        parent.insert(at, start)
        if at and _is_raw(parent[at - 1], LANDSCAPE_END):
            parent.remove(parent[at - 1])
            parent.remove(start)


def _cell_runs(entry) -> list[tuple[str, bool]]:
    """A cell's text as the table layout measures it: stretches of text, each
    marked if it is set in the code font. Raw LaTeX in a cell (a \\pageref)
    counts as a three-digit page number."""
    runs = []
    for node in entry.findall(lambda n: isinstance(n, (nodes.Text, nodes.raw, nodes.paragraph))):
        if isinstance(node, nodes.paragraph):
            runs.append((" ", False))          # a cell's paragraphs start on new lines
        elif isinstance(node, nodes.raw):
            runs.append(("000", False))
        elif not _inside(node, nodes.raw, entry):
            runs.append((node.astext(), _inside(node, nodes.literal, entry)))
    return runs


def _inside(node, kind, stop) -> bool:
    node = node.parent
    while node is not None and node is not stop:
        if isinstance(node, kind):
            return True
        node = node.parent
    return False


def bibtex_for_print(doctree) -> None:
    """BibTeX entries that copy out of the PDF as they stand. cite.py sets
    them in a smaller type, without wrap marks, on one page; here their lines
    are wrapped to fit the text block (a line too long would run past the frame)."""
    for block in list(doctree.findall(nodes.literal_block)):
        if block.get("language") != "bibtex":
            continue
        text = wrap_bibtex(block.astext(), BIBTEX_COLUMNS)
        if text != block.astext():
            block.replace_self(nodes.literal_block(text, text, language="bibtex", classes=block.get("classes", [])))


FIELD_START = re.compile(r"^\s*[\w-]+\s*=")
FIELD = re.compile(r'^(\s*)([\w-]+\s*=\s*)([{"])(.*)([}"])(,?)$')


def wrap_bibtex(entry: str, columns: int) -> str:
    """The same BibTeX entry with no line longer than ``columns``.

    A value is broken at spaces (BibTeX reads a line break as a space) and
    continues indented under its field; a value without spaces (a URL) is cut
    after a "/" into pieces joined by BibTeX's concatenation, #, so that the
    entry still reads as the same value."""
    fields: list[str] = []
    for line in entry.splitlines():     # a field's continuation lines joined to it first
        if fields and not FIELD_START.match(line) and line.strip() != "}" and not line.lstrip().startswith("@"):
            fields[-1] += " " + line.strip()
        else:
            fields.append(line)
    out = []
    for line in fields:
        m = FIELD.match(line)
        if len(line) <= columns or not m:
            out.append(line)
            continue
        indent, name, opening, value, closing, comma = m.groups()
        lead, more = indent + name + opening, indent + "    "
        if " " in value:
            out.extend(_wrap_words(lead, value + closing + comma, more, columns))
        else:
            out.extend(_concatenate(indent + name, value, (opening, closing), comma, more, columns))
    return "\n".join(out)


def _wrap_words(lead: str, value: str, indent: str, columns: int) -> list[str]:
    words = value.split(" ")
    lines, line = [], lead + words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) > columns:
            lines.append(line)
            line = indent + word
        else:
            line += " " + word
    return lines + [line]


def _concatenate(lead: str, value: str, quotes: tuple[str, str], comma: str, indent: str, columns: int) -> list[str]:
    opening, closing = quotes
    pieces = [p for p in re.findall(r"[^/]*(?:/+|$)", value) if p]
    lines, current, head = [], "", lead
    for piece in pieces:
        if current and len(head) + len(current) + len(piece) + 2 + len(comma) > columns:
            lines.append(head + opening + current + closing)
            current, head = piece, indent + "# "
        else:
            current += piece
    return lines + [head + opening + current + closing + comma]
