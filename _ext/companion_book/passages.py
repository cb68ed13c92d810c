"""Statements that cite their passage: the role ``{passage}`` and the passage register.

The prose pinpoints the passage of the article a sentence retells, as
``{passage}`CO05``` (or ``{passage}`CO05,CO06```). While the page is read
the passage is looked up in ``data/passages.csv`` (``companion.passages``);
an unknown one stops the build, naming the page and line. On screen the
pinpoint is a small raised link to the passage's row of the register page,
with the section, endnote and locator on hover or focus (CSS only) and the
word "passage" for screen readers; in print it is the raised identifier,
linked to the register's row.

The directive ``{passage-register}`` is replaced by the register: every
passage with its section, endnote, locator and gist, and links to the places
that retell it (with their page numbers in print).
"""
from __future__ import annotations

import html

from docutils import nodes
from sphinx.errors import SphinxError
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .numbers import grid_table, row


class PassageError(SphinxError):
    category = "A pinpoint names no passage of the register"


class passage_pin(nodes.Inline, nodes.TextElement):
    """A pinpoint: the passages a sentence retells."""


class passage_register(nodes.General, nodes.Element):
    """Replaced by the register table once every page has been read."""


class PassageRole(SphinxRole):
    def run(self):
        from companion import data, passages

        try:
            found = passages.resolve(self.text)
        except LookupError as err:
            raise PassageError(f"{self.get_location()}: {self.rawtext}: {err}") from None
        self.env.note_dependency(str(data.DATA / "passages.csv"))
        ident = f"pin-{self.env.docname.split('/')[-1].replace('_', '-')}-{self.env.new_serialno('companion-pin')}"
        if not hasattr(self.env, "companion_pins"):
            self.env.companion_pins = {}
        for p in found:
            self.env.companion_pins.setdefault(p.id, []).append((self.env.docname, ident))
        node = passage_pin(self.rawtext, ", ".join(p.id for p in found), ids=[ident],
                           passages=[(p.id, p.anchor, p.tip) for p in found])
        return [node], []


def visit_html(self, node: passage_pin) -> None:
    from companion.passages import REGISTER_PAGE

    uri = self.builder.get_relative_uri(self.builder.current_docname, REGISTER_PAGE)
    links = [f'<a class="pin" href="{uri}#{anchor}" data-tip="{html.escape(tip, quote=True)}">'
             f'<span class="visually-hidden">passage </span>{pid}</a>' for pid, anchor, tip in node["passages"]]
    self.body.append(f'<sup class="pin" id="{node["ids"][0]}">' + '<span aria-hidden="true">,</span>'.join(links)
                     + "</sup>")
    raise nodes.SkipNode


def visit_latex(self, node: passage_pin) -> None:
    links = [r"\hyperref[" + anchor + "]{" + pid + "}" for pid, anchor, _ in node["passages"]]
    self.body.append(r"\phantomsection\label{" + node["ids"][0] + r"}\textsuperscript{\sffamily\scriptsize "
                     + ",".join(links) + "}")
    raise nodes.SkipNode


def visit_text(self, node) -> None:
    raise nodes.SkipNode


class PassageRegister(SphinxDirective):
    """``{passage-register}``: the tables of every passage and where the book retells it,
    one subsection per section of the article, so that a phone lays out only the
    parts near the screen (a single table of 164 rows was laid out at load)."""

    def run(self):
        from companion import data, passages
        from companion.article import SECTION_TITLES

        self.env.note_dependency(str(data.DATA / "passages.csv"))
        parts = []
        for section in dict.fromkeys(p.section for p in passages.register().values()):
            part = nodes.section(ids=[f"register-{section}"], classes=["companion-register-part"])
            part += nodes.title(text=SECTION_TITLES[section])
            part += passage_register(section=section)
            parts.append(part)
        return parts


def fill_register(app, doctree, docname) -> None:
    """The register, once every page has been read (pinpoints are collected while reading)."""
    from companion import data, passages

    latex = app.builder.format == "latex"
    # The register's own examples are not retellings.
    pins = {pid: [(d, i) for d, i in found if d != passages.REGISTER_PAGE]
            for pid, found in getattr(app.env, "companion_pins", {}).items()}
    order = passages.pages(data.ROOT)
    for placeholder in list(doctree.findall(passage_register)):
        section = placeholder["section"]
        # Three columns (a phone still scrolls the table sideways, as every table here, but little).
        table, body = grid_table(["Passage and endnote", "Locator and gist", "Retold in"], [26, 58, 16],
                                 ["companion-table", "passage-register", "longtable"], ids=[f"tbl-passages-{section}"])
        for p in passages.register().values():
            if p.section != section:
                continue
            first = nodes.strong(text=p.id, ids=[p.anchor])
            label = [nodes.raw("", r"\phantomsection\label{" + p.anchor + "}", format="latex")] if latex else []
            # The subsection names the section: the row says only which endnote goes with the passage.
            where = nodes.Text(" · " + p.note_place)
            gist = [nodes.emphasis(text=f"“{p.locator} …”"), nodes.Text(" " + p.gist)]
            body += row([[*label, first, where], gist, _retold(app, docname, order, pins.get(p.id, []), latex)])
        placeholder.replace_self(table)


def _retold(app, docname: str, order: list[str], found: list[tuple[str, str]], latex: bool) -> list:
    """Links to the first pinpoint of each page that retells the passage: 'Ch. 2, Ch. 5'."""
    if not found:
        return [nodes.Text("not retold")]
    first = {}
    for page, ident in found:
        first.setdefault(page, ident)
    out = []
    for page in sorted(first, key=order.index):
        name = "Home" if page == order[0] else f"Ch. {order.index(page)}"
        if out:
            out.append(nodes.Text(", "))
        if latex:
            # "(page 19)", as print writes every cross-reference's page.
            out.append(nodes.raw("", r"\hyperref[" + first[page] + "]{" + name + r"} (page~\pageref*{" + first[page]
                                 + "})", format="latex"))
        else:
            uri = app.builder.get_relative_uri(docname, page) + "#" + first[page]
            out.append(nodes.reference("", name, internal=True, refuri=uri))
    return out


def _outdated(app, env, added, changed, removed) -> list[str]:
    """The register lists where each passage is retold: it is rebuilt whenever a page is read again."""
    from companion.passages import REGISTER_PAGE

    return [REGISTER_PAGE] if (added | changed | removed) and REGISTER_PAGE in env.found_docs else []


def _purge(app, env, docname) -> None:
    pins = getattr(env, "companion_pins", {})
    for pid in list(pins):
        pins[pid] = [(d, i) for d, i in pins[pid] if d != docname]


def setup(app) -> None:
    app.add_node(passage_pin, html=(visit_html, None), latex=(visit_latex, None), text=(visit_text, None))
    app.add_node(passage_register)
    app.add_role("passage", PassageRole())
    app.add_directive("passage-register", PassageRegister)
    app.connect("doctree-resolved", fill_register)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
