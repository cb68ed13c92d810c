"""Tables as the book shows them.

``table(df, ...)`` returns an object that Jupyter displays as an HTML table
and the book renders from its Markdown form: a MyST ``list-table`` with a
caption, a label for ``{numref}`` and column widths chosen for print, so the
web page and the PDF get the same real, numbered table. Column labels come
from the field titles in ``data/datapackage.json``, so they are written once.

``print_layout()`` lays out a table for print from its cells' text; the book's
extension uses it for tables this module did not make (see
``_ext/companion_book/print_layout.py``).
"""
from __future__ import annotations

import html
import math
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from . import data, reproduction
from .markup import pipe_table

# The print layout the column widths are computed for. They must agree with
# the LaTeX preamble in _config.yml (tests/test_pdf_book.py checks that they
# do): the text block is 110 mm wide; a landscape page, whose margins are
# narrower, offers 252 mm; a table cell has 4 pt of padding either side
# (\tabcolsep).
PORTRAIT_PT = 312.98
LANDSCAPE_PT = 714.33
CELL_PADDING_PT = 8.0
WRAP_AT_EM = 14.0         # a cell wider than this wraps rather than widening its column further
NARROWEST_TEXT_EM = 8.0   # upright, a column of running text is at least this wide (else the table turns sideways)
# Column types of the preamble, by type size: \small, and \footnotesize for a
# table that fits the text block (or a landscape page) only in the smaller size.
TABLE_FONTS = (("\\companioncol", 10.0), ("\\companioncolsmall", 9.0))

# Widths of characters in em, measured with XeLaTeX for FreeSerif (the text
# face of table cells) and FreeSans (their headers), grouped and rounded up; a
# letter with a diacritic measures as its base letter, code (FreeMono) is
# 0.6 em a character. The estimate errs wide: a column a little too wide costs
# a little space, one too narrow would push a word past its cell.
def _em_table(groups: dict[float, str]) -> dict[str, float]:
    return {ch: em for em, chars in groups.items() for ch in chars}


SERIF_EM = _em_table({0.25: " .,:;'’", 0.29: "lit/", 0.35: "I!()[]-rj‘", 0.39: "sfJ", 0.45: "zace?“”\"",
                      0.5: "0123456789_", 0.52: "gvyxnuohdqbpk", 0.58: "SFP", 0.62: "TELZ", 0.67: "BRC",
                      0.73: "wVYKHXDAUGQON", 0.78: "m", 0.89: "M", 0.95: "W"})
SANS_EM = _em_table({0.22: "li", 0.25: "j.:;'’", 0.28: " ,]I[/ft", 0.34: "r!()-", 0.51: "xyzsvc",
                     0.54: "keohnuJ", 0.56: "agbdpq0123456789?_L", 0.6: "F", 0.65: "ZTEV", 0.68: "PXBASKY",
                     0.73: "DCRUHwN", 0.79: "GOQ", 0.82: "m", 0.85: "M", 0.94: "W"})
SYMBOL_EM = {"—": 1.0, "…": 1.0, "–": 0.5, "%": 0.84, "&": 0.78, "@": 0.93, "+": 0.57, "=": 0.57, "×": 0.57,
             "<": 0.57, ">": 0.57, "|": 0.2, "·": 0.25, "•": 0.35, "°": 0.4}
CODE_EM = 0.6
SPACES = set(" \t\n")     # where a line may break (a no-break space does not count)

Run = tuple[str, bool]    # a stretch of a cell's text, and whether it is set in the code font


@dataclass(frozen=True)
class PrintLayout:
    shares: list[float]      # each column's share of the line width
    landscape: bool          # set on a landscape page
    column_type: str         # the LaTeX column type, which sets the type size

    def colspec(self) -> str:
        """The table's column specification for LaTeX (a tabularcolumns directive)."""
        return "".join(f"{self.column_type}{{{share:.3f}}}" for share in self.shares)


def _char_em(ch: str, header: bool) -> float:
    table = SANS_EM if header else SERIF_EM
    if ch in table:
        return table[ch]
    base = unicodedata.normalize("NFD", ch)[0].replace("ı", "i")      # ç as c, ğ as g, ı as i
    if base in table:
        return table[base]
    return SYMBOL_EM.get(ch, 0.73 if ch.isupper() else 0.6)


def _measure(runs: list[Run], size: float, header: bool) -> tuple[float, float]:
    """A cell's longest word and its whole text, as printed at ``size`` points (erring wide)."""
    words, word, whole = [0.0], 0.0, 0.0
    for text, code in runs:
        for ch in text:
            em = CODE_EM if code else _char_em(ch, header)
            whole += em
            if ch in SPACES:
                words.append(word)
                word = 0.0
            else:
                word += em
    words.append(word)
    return max(words) * size * 1.02 + 1.0, whole * size * 1.02 + 1.0


def print_layout(header: list[list[Run]], rows: list[list[list[Run]]], name: str = "") -> PrintLayout:
    """A table's columns in print: each column's share of the line, whether
    the table needs a landscape page, and its type size.

    A column is never narrower than its longest word (names, identifiers,
    dates and numbers never break: print cells are ragged-right without
    hyphenation), and gets up to the width of its longest cell, capped so
    that long text wraps. A table whose words cannot all fit the text block,
    or that would squeeze a column of text too narrow there, is set a size
    smaller, and failing that, sideways on a landscape page."""
    # Upright in the text font, upright a size smaller, sideways, sideways a size smaller.
    for landscape in (False, True):
        for column_type, size in TABLE_FONTS:
            layout = _layout(header, rows, column_type, size, landscape)
            if layout is not None:
                return layout
    raise ValueError(f"table {name!r}: its longest words alone are wider than a landscape page; "
                     "show fewer columns or split it into two tables")


def _layout(header, rows, column_type: str, size: float, landscape: bool) -> PrintLayout | None:
    measured = [[_measure(cell, size, header=i == 0) for cell in row] for i, row in enumerate([header, *rows])]
    columns = list(zip(*measured))
    least = [max(word for word, _ in col) + CELL_PADDING_PT for col in columns]
    natural = [max(max(whole for _, whole in col) + CELL_PADDING_PT, low) for col, low in zip(columns, least)]
    wanted = [min(n, max(WRAP_AT_EM * size + CELL_PADDING_PT, low)) for n, low in zip(natural, least)]
    room = LANDSCAPE_PT if landscape else PORTRAIT_PT
    if sum(least) > room:
        return None
    # Each column first gets its longest word, then (if it holds running text)
    # NARROWEST_TEXT_EM, then what it wants (its longest cell, up to
    # WRAP_AT_EM), then, if the line has room left, up to its longest cell:
    # each step shares out what is left in proportion to need.
    comfortable = [min(w, max(NARROWEST_TEXT_EM * size + CELL_PADDING_PT, low)) for w, low in zip(wanted, least)]
    points = least
    for goal in (comfortable, wanted, natural):
        points = _fill(points, goal, room)
    # Upright, a column of running text squeezed narrower than that would stack
    # its words into a tall, thin cell: such a table turns sideways.
    if not landscape and any(p < c - 0.5 for p, c in zip(points, comfortable)):
        return None
    # Rounded down, so that the columns never add up to more than the line.
    return PrintLayout([math.floor(p / room * 1000) / 1000 for p in points], landscape, column_type)


def _fill(points: list[float], goal: list[float], room: float) -> list[float]:
    need = [max(g - p, 0.0) for p, g in zip(points, goal)]
    fill = min(1.0, max(room - sum(points), 0.0) / sum(need)) if sum(need) else 0.0
    return [p + n * fill for p, n in zip(points, need)]


YEAR_LIKE = {"year", "as_of", "period", "date", "end_date", "source_date"}


def _label(column: str, resources: list[str], labels: dict[str, str]) -> str:
    if column in labels:
        return labels[column]
    for name in resources:
        field = data.fields(name).get(column)
        if field is not None:
            return field["title"]
    if column[:1].isupper():    # a column the chapter computed and named as a label ("In years")
        return column
    raise KeyError(f"no label for column {column!r}: give it a title in datapackage.json or labels={{...}}")


def _cell(value, year_like: bool) -> str:
    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int,)) or (isinstance(value, float) and value.is_integer()):
        return str(int(value)) if year_like else f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    return " ".join(str(value).split())


def _escape(text: str) -> str:
    """Escape MyST syntax: "$2.74" must not start maths, "*" no emphasis."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


ROLE = re.compile(r"(\{[a-z:-]+\}`[^`]*`)")


def _escape_keeping_roles(text: str) -> str:
    """Escape a caption but keep its roles: "Data behind {numref}`fig-x`" must number the figure."""
    return "".join(part if ROLE.fullmatch(part) else _escape(part) for part in ROLE.split(text))


def _as_read(text: str) -> str:
    """A cell with roles as a reader sees it: "{later}`April 2021 <LE01>`" reads "April 2021"."""
    return re.sub(r"\{[a-z:-]+\}`([^`<]*?)\s*(?:<[^`]*>)?`", r"\1", text)


class Table:
    """One table in two forms: HTML for Jupyter, a MyST list-table for the book."""

    def __init__(self, frame: pd.DataFrame, *, resource: str | list[str] | None = None,
                 labels: dict[str, str] | None = None, caption: str | None = None,
                 name: str | None = None, anchors: str | None = None, links: str | None = None,
                 markup: list[str] | None = None, record_as: str | None = None):
        resources = [resource] if isinstance(resource, str) else list(resource or [])
        frame = frame.reset_index(drop=True)
        for res in resources:          # coded values are shown in words ('first-flight' -> 'First flight')
            frame = data.in_words(frame, res)
        self.caption, self.name = caption, name
        # Rows that prose can link to: the first cell carries the id "<anchors>-<its text>";
        # or rows that link out: the first cell links to the label "<links>-<its text>".
        self.anchors, self.links = anchors, links
        self.header = [_label(c, resources, labels or {}) for c in frame.columns]
        self.rows = [[_cell(v, c in YEAR_LIKE) for c, v in zip(frame.columns, row)]
                     for row in frame.astype(object).itertuples(index=False)]
        # Columns whose cells are MyST text: their roles are kept (a dated event links to its record).
        self.markup = [c in (markup or []) for c in frame.columns]
        shown = [[_as_read(c) if m else c for c, m in zip(row, self.markup)] for row in self.rows]
        # What a reader reads in it, for the page's reproduction record (companion.reproduction).
        reproduction.record("table", record_as or name or _as_read(caption or "") or None,
                            {"header": self.header, "rows": shown})
        # In print a link gets the page it points to: "inventory_sum (page 45)".
        page = [(" (page 000)", False)] if links else []
        self.layout = print_layout([[(h, False)] for h in self.header],
                                   [[[(row[0], False), *page], *([(c, False)] for c in row[1:])] for row in shown],
                                   name or caption or "")
        # Rendered now, so that an error stops the notebook (IPython only prints one
        # raised while displaying): a table that cannot be printed whole, for one.
        # Outside the book the Markdown form is a plain table: MyST would show as raw text.
        markdown = self.markdown() if data.BOOK_BUILD else pipe_table(self.header, shown, self.caption)
        self.bundle = {"text/html": self.html(), "text/markdown": markdown,
                       "text/plain": pd.DataFrame(shown, columns=self.header).to_string(index=False)}

    # -- forms --------------------------------------------------------------
    def markdown(self) -> str:
        widths = " ".join(str(max(1, round(share * 100))) for share in self.layout.shares)
        options = [":header-rows: 1", f":widths: {widths}", ":class: companion-table longtable"]
        if self.name:
            options.append(f":name: {self.name}")

        def first(cell, is_header):
            slug = cell.lower().replace("_", "-")
            if is_header or not (self.anchors or self.links):
                return _escape(cell)
            if self.links:
                return f"{{ref}}`{cell} <{self.links}-{slug}>`"
            return f"[{_escape(cell)}]{{#{self.anchors}-{slug}}}"
        def rest(row, is_header):
            return [_escape_keeping_roles(c) if m and not is_header else _escape(c)
                    for c, m in zip(row[1:], self.markup[1:])]
        body = "".join("* - " + "\n  - ".join([first(row[0], i == 0), *rest(row, i == 0)]) + "\n"
                       for i, row in enumerate([self.header, *self.rows]))
        caption = _escape_keeping_roles(self.caption) if self.caption else ""
        table = (f"```{{tabularcolumns}} {self.layout.colspec()}\n```\n\n:::{{list-table}} {caption}\n"
                 + "\n".join(options) + f"\n\n{body}:::\n")
        if self.layout.landscape:
            return ("```{raw} latex\n\\companionlandscapestart\n```\n\n" + table
                    + "\n```{raw} latex\n\\companionlandscapeend\n```\n")
        return table

    def html(self) -> str:
        frame = pd.DataFrame([[_as_read(c) if m else c for c, m in zip(row, self.markup)] for row in self.rows],
                             columns=self.header)
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return frame.to_html(index=False, border=0, classes="companion-table").replace(
            'class="dataframe companion-table">', f'class="dataframe companion-table">{caption}', 1)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.bundle


def table(frame: pd.DataFrame, resource: str | list[str] | None = None, *, labels: dict[str, str] | None = None,
          caption: str | None = None, name: str | None = None, anchors: str | None = None,
          links: str | None = None, markup: list[str] | None = None) -> Table:
    """A DataFrame as a book table; column labels from ``resource``'s field titles or ``labels``.
    With ``anchors="claim"`` each row's first cell gets the id ``claim-<cell>``, for links from the prose;
    with ``links="check"`` it links to the label ``check-<cell>``. The cells of the ``markup`` columns
    are MyST text whose roles are kept ({later}, {cite}); every other cell is escaped."""
    return Table(frame, resource=resource, labels=labels, caption=caption, name=name, anchors=anchors, links=links,
                 markup=markup)
