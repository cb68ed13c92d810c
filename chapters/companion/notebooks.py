"""Reader notebooks: each page of the book as a Jupyter notebook (``chapters/<page>.ipynb``)
that JupyterLab, Binder and Colab open with no extension and that reads as the page does.

The code cells are the chapter's, unchanged; the Markdown is the chapter's, with every
role and directive written out (``companion.myst``): figures with the record they name,
verdicts as words, numbered captions, notes, the sources of the page as a table. The
notebooks are made from the MyST chapters, which stay the source, with no book build:

    cd chapters && python -m companion.notebooks            # write the notebooks that changed
    cd chapters && python -m companion.notebooks --check    # exit 1 when one is out of step

Without an address they name records in words ("44 (claim C007)"); given the book's
address (``book_url``, as the build has it) they link each record to the online book.
"""
from __future__ import annotations

import argparse
import ast
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import myst
from .data import ROOT
from .markup import plain

PREFIXES = {"fig": "Fig.", "tbl": "Table"}
# As ipykernel describes itself, so that JupyterLab, which writes the running kernel's description
# into a notebook it saves, changes only the Python version it adds (which differs by machine).
KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE = {"codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py", "mimetype": "text/x-python",
            "name": "python", "nbconvert_exporter": "python", "pygments_lexer": "ipython3"}
SOURCES_PLACEHOLDER = "\x00figure-sources\x00"
CODE_CELL = "\x00code-cell\x00"        # around code that a directive becomes, split into a cell of its own
KIND_WORDS = {"art": "the article's figure", "calc": "the companion's computation", "later": "a later source's figure"}


# Letters that have no decomposition but that docutils (and so Sphinx) folds to ASCII in ids.
ID_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ß": "sz", "æ": "ae", "œ": "oe",
                            "Ø": "O", "Đ": "D", "Ł": "L", "Æ": "AE", "Œ": "OE"})


def sphinx_id(text: str) -> str:
    """The id Sphinx gives a glossary term (case kept, accents and other characters folded)."""
    folded = unicodedata.normalize("NFKD", text.translate(ID_LETTERS)).encode("ascii", "ignore").decode()
    return re.sub(r"^[-0-9._]+|-+$", "", re.sub(r"[^a-zA-Z0-9._]+", "-", " ".join(folded.split())))


@dataclass
class Book:
    """What every page needs to know about the others: their numbers and section labels."""
    root: Path
    book_url: str | None = None
    pages: list[str] = field(default_factory=list)          # docnames, in the order of the table of contents
    numbers: dict[str, int] = field(default_factory=dict)   # docname -> chapter number
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)   # label -> (docname, heading)

    @classmethod
    def read(cls, root: Path = ROOT, book_url: str | None = None) -> Book:
        toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
        book = cls(root, book_url.rstrip("/") + "/" if book_url else None, [toc["root"]])
        for part in toc.get("parts", []):
            for chapter in part["chapters"]:
                book.pages.append(chapter["file"])
                if part.get("numbered"):
                    book.numbers[chapter["file"]] = len(book.numbers) + 1
        # Labels of every page there is, in the table of contents or not (a book built from a few pages
        # links to the others, as its own cross-references do).
        others = [p.relative_to(root).with_suffix("").as_posix() for p in sorted((root / "chapters").glob("*.md"))]
        for docname in dict.fromkeys(book.pages + others):
            lines = (root / f"{docname}.md").read_text(encoding="utf-8").split("\n")
            for i, line in enumerate(lines):
                if m := myst.LABEL_LINE.match(line):
                    heading = next((h for h in lines[i + 1:] if h.strip()), "")
                    if heading.startswith("#"):
                        book.labels[m.group("label")] = (docname, heading.lstrip("#").strip())
        # Appendix E writes a section per check when it runs; its labels are the registry's.
        from .checks import REGISTRY

        for entry in REGISTRY.values():
            book.labels["check-" + entry.id.replace("_", "-")] = ("chapters/appendix_e_checks", entry.title)
        return book

    def url(self, docname: str, anchor: str | None = None) -> str | None:
        if not self.book_url:
            return None
        return f"{self.book_url}{docname}.html" + (f"#{anchor}" if anchor else "")


class TableCounter(ast.NodeVisitor):
    """Numbers the captioned tables a code cell makes (``cx.table(..., caption=...)``), in order;
    a table made in a loop, or by a function that makes several, leaves the count unknown."""
    MAKES_SEVERAL = {"show_group", "show"}

    def __init__(self, count: int | None):
        self.count, self.loops, self.named = count, 0, {}

    def visit_For(self, node):
        self.loops += 1
        self.generic_visit(node)
        self.loops -= 1

    visit_While = visit_For

    def visit_Call(self, node):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        keywords = {k.arg: k.value for k in node.keywords}
        if name in self.MAKES_SEVERAL or (name == "table" and "caption" in keywords and self.loops):
            self.count = None
        elif name == "table" and "caption" in keywords and self.count is not None:
            self.count += 1
            if isinstance(keywords.get("name"), ast.Constant):
                self.named[keywords["name"].value] = self.count
        self.generic_visit(node)


class Page:
    """One page being converted: its numbers, the figures it cites, its roles in Markdown."""

    def __init__(self, book: Book, docname: str):
        import jupytext

        self.book, self.docname, self.name = book, docname, docname.rsplit("/", 1)[-1]
        self.source = jupytext.read(book.root / f"{docname}.md")
        self.number = book.numbers.get(docname)
        self.numbers: dict[str, str | None] = {}
        self.figure_keys: set[str] = set()
        self.figures: list[tuple] = []       # (kind, target, text, record), in the order cited
        self._count()

    # -- numbering, as Sphinx numbers figures and captioned tables within a chapter --------------
    def _label(self, kind: str, n: int | None) -> str | None:
        return None if n is None else f"{PREFIXES[kind]} {self.number}.{n}" if self.number else f"{PREFIXES[kind]} {n}"

    def _count(self) -> None:
        figures, tables = 0, 0
        for cell in self.source.cells:
            if cell.cell_type == "code":
                counter = TableCounter(tables)
                counter.visit(ast.parse(cell.source))
                self.numbers |= {label: self._label("tbl", n) for label, n in counter.named.items()}
                tables = counter.count
                continue
            lines = cell.source.split("\n")
            for i, line in enumerate(lines):
                if not (m := myst.DIRECTIVE.match(line)):
                    continue
                options, _ = myst._options([x.strip() for x in lines[i + 1:]])
                if m.group("name") == "glue:figure":
                    figures += 1
                    self.figure_keys.add(m.group("arg").strip())
                    if "name" in options:
                        self.numbers[options["name"]] = self._label("fig", figures)
                elif m.group("name") in ("glue:", "glue") and m.group("arg").strip().endswith("_data"):
                    tables = None if tables is None else tables + 1      # the data behind a chart: a captioned table

    # -- what the roles and directives become (called by companion.myst) -------------------------
    def role(self, name: str, body: str) -> str:
        title, target = myst.titled(body)
        if name in KIND_WORDS:
            return self._figure(name, title, target)
        if name == "verdict":
            return self._verdict(target)
        if name == "term":
            return self._page_link(title or target, "chapters/appendix_d_glossary", "term-" + sphinx_id(target))
        if name == "numref":
            return self._numref(title, target)
        if name == "ref":
            return self._ref(title, target)
        if name in ("cite", "cite:p", "cite:t"):
            from .references import citation

            text = "; ".join(citation(key.strip()) for key in target.split(","))
            return self._link(f"\\[{text}\\]", self.book.url("chapters/appendix_c_sources"))
        if name == "download":
            return f"[{title or target}]({target})"
        if name == "passage":      # one link per passage: {passage}`AB01,CL01` -> [AB01] [CL01]
            return " ".join(self._link(f"\\[{p}\\]", self.book.url("chapters/appendix_h_passages", f"passage-{p.lower()}"))
                            for p in (x.strip() for x in target.split(",")))
        raise myst.ConversionError(f"{self.name}: the role {{{name}}} has no notebook form (companion/notebooks.py)")

    @staticmethod
    def _link(text: str, url: str | None, tip: str | None = None) -> str:
        if not url:
            return text
        return f"[{text}]({url}" + (' "' + tip.replace('"', "'") + '")' if tip else ")")

    def _figure(self, kind: str, title: str | None, target: str) -> str:
        from .records import resolve

        if title is None:
            raise myst.ConversionError(f"{self.name}: write {{{kind}}}`<figure as written> <record>`, not {target}")
        record = resolve(kind, target)
        self.figures.append((kind, target, title, record))
        url = self.book.url(record.page, record.anchor)
        if url:
            return self._link(title, url, record.tip)
        named = {"art": f"claim {target}" if re.fullmatch(r"C\d{3}", target) else target.replace(":", ": ", 1),
                 "calc": f"computed: {target}", "later": f"later source: {target}"}[kind]
        return f"{title} \\[{named}\\]"      # in brackets: apart from the prose's own parentheses

    def _verdict(self, check_id: str) -> str:
        from .checks import evaluate_one

        result = evaluate_one(check_id)[0]
        url = self.book.url("chapters/appendix_e_checks", result.anchor)
        if url:
            return f"{self._link(f'*{result.verdict}*', url)} \\[the companion's reading\\]"
        return f"*{result.verdict}* \\[the companion's reading, check {check_id}\\]"

    def _numref(self, title: str | None, label: str) -> str:
        number = self.numbers.get(label)
        if number is None:
            raise myst.ConversionError(f"{self.name}: cannot number {label!r} (not a figure or table of this page, "
                                       "or after tables made in a loop)")
        text = title.replace("%s", number.split(" ", 1)[1]).replace("{number}", number) if title else number
        return self._link(text, self.book.url(self.docname, label))

    def _ref(self, title: str | None, label: str) -> str:
        if label not in self.book.labels:
            raise myst.ConversionError(f"{self.name}: {{ref}} to an unknown label {label!r}")
        docname, heading = self.book.labels[label]
        return self._page_link(myst.inline(title or heading, self), docname, label)

    def _page_link(self, text: str, docname: str, anchor: str) -> str:
        """A link to a place in the book: online where the book has an address, else to the page's
        notebook beside this one (JupyterLab opens it); on the same page, the text alone."""
        if self.book.book_url:
            return self._link(text, self.book.url(docname, anchor))
        return text if docname == self.docname else f"[{text}]({docname.rsplit('/', 1)[-1]}.ipynb)"

    def figure_caption(self, label: str | None, caption: str) -> str:
        number = self.numbers.get(label) if label else None
        return f"**{number}** {caption}" if number else caption

    def glued(self, key: str) -> str:
        if key.endswith("_data") and key[:-5] in self.figure_keys:
            return ""       # the data behind a chart: cx.figure shows it under the chart
        raise myst.ConversionError(f"{self.name}: glued output {key!r} has no notebook form")

    def figure_sources(self) -> str:
        return SOURCES_PLACEHOLDER      # filled in once the whole page is read

    def _sources_table(self) -> str:
        rows, seen = [], set()
        for kind, target, text, record in self.figures:
            if (kind, target, text) in seen:
                continue
            seen.add((kind, target, text))
            where = self._link(plain(target), self.book.url(record.page, record.anchor))
            # Without the article's locator phrase or the computation's working (the register and
            # appendix E hold them): quoted here row after row, they would run together into
            # passages of the article.
            tip = re.sub(r": “[^”]*”$|(?<=”\)): .*$", "", record.tip)
            rows.append(f"| {plain(text)} | {KIND_WORDS[kind]} | {where} · {plain(tip)} |")
        if not rows:
            return "This page cites no figure."
        return "\n".join(["| Figure | Kind | Record: where it comes from |", "|---|---|---|", *rows])

    def bibliography(self, condition: str) -> str:
        """A code cell that lists the entries when it runs: their titles are read from the .bib files,
        never written into the notebook (the article's own title is one)."""
        m = re.fullmatch(r'\s*(not\s+)?keywords\s*%\s*"later"\s*', condition)
        if not m:
            raise myst.ConversionError(f"{self.name}: bibliography filter {condition!r} has no notebook form")
        later = m.group(1) is None
        what = "sources published after the article" if later else "the article and the sources it names"
        return (f"{CODE_CELL}from companion.references import listing\n\n"
                f"listing(later={later})      # {what}, from the .bib files{CODE_CELL}")

    def passage_register(self) -> str:
        """A code cell that shows the register from data/passages.csv when it runs (the book's
        page adds links to every retelling; here each row names the chapters that retell it)."""
        return (f"{CODE_CELL}cx.passages.table()      # every passage retold, from data/passages.csv{CODE_CELL}")

    def reproduction_report(self) -> str:
        """Where the report is, and the command that reproduces every page here (not a code cell:
        it runs every notebook, this one among them)."""
        manifest = f"{self.book.book_url}_static/reproduction/book.json" if self.book.book_url else "<book.json>"
        where = (f"on [the book's page]({self.book.url(self.docname)})" if self.book.book_url
                 else "on the book's page")
        return (f"The table of every page's last reproduction is {where} and in `reproduction/record.json`. "
                "To reproduce every page here, run this in a cell (it takes a few minutes), with the address of the "
                "book's manifest, `_static/reproduction/book.json` beside its pages:\n\n"
                f"```\n!python -m companion.reproduce --manifest {manifest}\n```")

    # -- the notebook ----------------------------------------------------------------------------
    def notebook(self):
        import nbformat

        cells = []
        for cell in self.source.cells:
            if cell.cell_type == "code":
                tags = cell.metadata.get("tags")
                cells.append(nbformat.v4.new_code_cell(cell.source, metadata={"tags": tags} if tags else {}))
            elif text := myst.convert(cell.source, self):
                for i, part in enumerate(text.split(CODE_CELL)):
                    if part.strip():
                        made = nbformat.v4.new_code_cell if i % 2 else nbformat.v4.new_markdown_cell
                        cells.append(made(part.strip()))
        for i, cell in enumerate(cells):
            cell.id = f"c{i:03d}"
            if SOURCES_PLACEHOLDER in cell.source:
                cell.source = cell.source.replace(SOURCES_PLACEHOLDER, self._sources_table())
        return nbformat.v4.new_notebook(cells=cells, metadata={
            "kernelspec": KERNEL, "language_info": LANGUAGE,
            "companion": {"made_from": f"{self.name}.md", "by": "python -m companion.notebooks (do not edit)"}})


def nbformat_text(nb) -> str:
    """A notebook as the text of its .ipynb file, as Jupyter's server writes it on saving."""
    import nbformat

    return nbformat.writes(nb) + "\n"


def render(book: Book, docname: str) -> str:
    """One page's notebook, as the text of its .ipynb file."""
    return nbformat_text(Page(book, docname).notebook())


def out_of_step(root: Path = ROOT, write: bool = False) -> list[Path]:
    """The committed notebooks that differ from what the chapters make now (written afresh if ``write``)."""
    book, stale = Book.read(root), []
    for docname in book.pages:
        path = root / f"{docname}.ipynb"
        text = render(book, docname)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if write:
                path.write_text(text, encoding="utf-8")
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m companion.notebooks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a notebook is out of step")
    args = parser.parse_args(argv)
    stale = out_of_step(write=not args.check)
    for path in stale:
        print(f"{'out of step' if args.check else 'written'}: {path.relative_to(ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
