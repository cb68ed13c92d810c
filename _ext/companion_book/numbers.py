"""Numbers that cite themselves: the roles ``{art}``, ``{calc}`` and ``{later}``.

The prose writes a figure as it reads and names its record, for instance
``{art}`44 <C007>```. While the page is read, the record is looked up in the
data package (``companion.records``); if the written figure does not state
the record's value the build stops, naming the page, the line and the record.
The figure links to its record (a row of the claims register, a check, a later
source) and shows where it comes from on hover or focus; the directive
``{figure-sources}`` lists every figure of the page with its source, and in
print gives the page each appears on.
"""
from __future__ import annotations

import html

from docutils import nodes
from sphinx.errors import SphinxError
from sphinx.util.docutils import ReferenceRole, SphinxDirective, SphinxRole

LABELS = {"art": "the article's figure", "calc": "the companion's computation", "later": "an outside source's figure"}
PRINT_MARK = {"art": "", "calc": "*", "later": "†"}   # explained in "How to read this book"


class NumberError(SphinxError):
    category = "A figure in the prose does not match its record"


class figure_number(nodes.Inline, nodes.TextElement):
    """A figure as written, with the record it cites."""


class verdict_mark(nodes.Inline, nodes.TextElement):
    """A check's verdict, as the companion's reading, linked to the check."""


class figure_sources(nodes.General, nodes.Element):
    """Replaced by the list of the page's figures and their sources."""


class NumberRole(ReferenceRole):
    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind

    def run(self):
        from companion import records

        where = self.get_location()
        if not self.has_explicit_title:
            raise NumberError(f"{where}: write {{{self.kind}}}`<figure as written> <record>`, not {self.rawtext}")
        try:
            record = records.resolve(self.kind, self.target)
        except LookupError as err:
            raise NumberError(f"{where}: {self.rawtext}: {err}") from None
        if not records.agrees(record, self.title):
            stated = record.words or record.date or (f"{record.value:,.4g}" if record.value is not None else "no value")
            raise NumberError(f"{where}: the text says {self.title!r} but {record.target} holds {stated} "
                              f"({'; '.join(record.files)})")
        for path in record.files:
            self.env.note_dependency(path)
        serial = self.env.new_serialno("companion-number")
        ident = f"num-{self.env.docname.replace('/', '-')}-{serial}"
        node = figure_number(self.rawtext, self.title, kind=self.kind, target=record.target, tip=record.tip,
                             page=record.page, anchor=record.anchor, ids=[ident])
        return [node], []


class VerdictRole(SphinxRole):
    """``{verdict}`check_id```: the check's verdict, read from the registry (never typed)."""

    def run(self):
        from companion import checks

        try:
            result, files = checks.evaluate_one(self.text)
        except KeyError as err:
            raise NumberError(f"{self.get_location()}: {self.rawtext}: {err}") from None
        if result.verdict is None:
            raise NumberError(f"{self.get_location()}: {self.text} is a computation and has no verdict")
        for path in files:
            self.env.note_dependency(path)
        return [verdict_mark(self.rawtext, result.verdict, verdict=result.verdict, anchor=result.anchor,
                             title=result.title)], []


def visit_verdict_html(self, node: verdict_mark) -> None:
    uri = self.builder.get_relative_uri(self.builder.current_docname, "chapters/appendix_e_checks") + "#" + node["anchor"]
    self.body.append(f'<a class="verdict verdict-{node["verdict"]}" href="{uri}" '
                     f'data-tip="{html.escape("The companion’s reading: check “" + node["title"] + "”", quote=True)}">')


def depart_verdict_html(self, node: verdict_mark) -> None:
    self.body.append('<span class="visually-hidden"> (the companion’s reading)</span></a>')


def visit_verdict_latex(self, node: verdict_mark) -> None:
    self.body.append(r"\emph{")


def depart_verdict_latex(self, node: verdict_mark) -> None:
    self.body.append("}")


def visit_html(self, node: figure_number) -> None:
    uri = self.builder.get_relative_uri(self.builder.current_docname, node["page"]) + "#" + node["anchor"]
    self.body.append(f'<a class="num num-{node["kind"]}" id="{node["ids"][0]}" href="{uri}" '
                     f'data-tip="{html.escape(node["tip"], quote=True)}">')


def depart_html(self, node: figure_number) -> None:
    self.body.append(f'<span class="visually-hidden"> ({LABELS[node["kind"]]}, {html.escape(node["target"])})</span></a>')


def visit_latex(self, node: figure_number) -> None:
    self.body.append(r"\phantomsection\label{" + self.idescape(node["ids"][0]) + "}")


def depart_latex(self, node: figure_number) -> None:
    mark = PRINT_MARK[node["kind"]]
    if mark:
        self.body.append(r"\textsuperscript{" + mark + "}")


def visit_text(self, node) -> None:
    pass


def depart_text(self, node) -> None:
    pass


class FigureSources(SphinxDirective):
    """``{figure-sources}``: the table of the page's figures and their records."""

    def run(self):
        return [figure_sources()]


def fill_sources(app, doctree, docname) -> None:
    for placeholder in list(doctree.findall(figure_sources)):
        scope = placeholder
        while scope.parent is not None and not (scope.tagname == "start_of_file" or scope.parent.parent is None):
            scope = scope.parent
        found = list(scope.findall(figure_number))
        none = nodes.paragraph(text="This page cites no figure.")
        placeholder.replace_self(_table(app, found, docname) if found else none)


def _table(app, found: list[figure_number], docname: str) -> nodes.table:
    latex = app.builder.format == "latex"
    head = ["Figure", "Kind", "Record: where it comes from"]
    widths = [16, 18, 66]
    table, tbody = grid_table(head, widths, ["companion-table", "figure-sources", "longtable"])
    seen = set()
    for node in found:
        key = (node["kind"], node["target"], node.astext())
        if key in seen:
            continue
        seen.add(key)
        if latex:
            page = nodes.raw("", r"\pageref{" + node["ids"][0] + "}", format="latex")
            shown = [nodes.Text(node.astext() + ", p.\u00a0"), page]
        else:
            shown = [nodes.reference("", node.astext(), refid=node["ids"][0])]
        if latex:
            record = nodes.literal(text=node["target"])
        else:
            uri = app.builder.get_relative_uri(docname, node["page"]) + "#" + node["anchor"]
            record = nodes.reference("", node["target"], internal=True, refuri=uri)
        tbody += row([shown, nodes.Text(LABELS[node["kind"]]), [record, nodes.Text(" · " + node["tip"])]])
    return table


def grid_table(head: list[str], widths: list[int], classes: list[str], ids: list[str] = ()) -> tuple:
    """A docutils table with its header row and column widths (the book's tables the build
    writes itself: figure sources, the passage register, the reproduction report); returns it
    and its body, for the rows."""
    table = nodes.table(classes=classes, ids=list(ids))
    group = nodes.tgroup(cols=len(head))
    table += group
    for w in widths:
        group += nodes.colspec(colwidth=w)
    thead, tbody = nodes.thead(), nodes.tbody()
    group += thead
    group += tbody
    thead += row([nodes.Text(h) for h in head])
    return table, tbody


def row(cells) -> nodes.row:
    """A table row, one paragraph per cell (a cell: a node or a list of nodes)."""
    line = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        para = nodes.paragraph()
        para += cell if isinstance(cell, list) else [cell]
        entry += para
        line += entry
    return line


def setup(app) -> None:
    app.add_node(figure_number, html=(visit_html, depart_html), latex=(visit_latex, depart_latex),
                 text=(visit_text, depart_text))
    app.add_node(verdict_mark, html=(visit_verdict_html, depart_verdict_html),
                 latex=(visit_verdict_latex, depart_verdict_latex), text=(visit_text, depart_text))
    app.add_role("verdict", VerdictRole())
    app.add_node(figure_sources)
    for kind in LABELS:
        app.add_role(kind, NumberRole(kind))
    app.add_directive("figure-sources", FigureSources)
    app.connect("doctree-resolved", fill_sources)
