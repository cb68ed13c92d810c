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

import math
import re
from dataclasses import dataclass

import pandas as pd

from . import data

# The print layout the column widths are computed for. They must agree with
# the LaTeX preamble in _config.yml (tests/test_pdf_book.py checks that they
# do): the text block is 110 mm wide; a landscape page, whose margins are
# narrower, offers 252 mm; a table cell has 4 pt of padding either side
# (\tabcolsep).
PORTRAIT_PT = 312.98
LANDSCAPE_PT = 714.33
CELL_PADDING_PT = 8.0
WRAP_AT_EM = 14.0         # a cell wider than this wraps rather than widening its column further
SQUEEZE = 1.6             # a portrait table may wrap its text into at most this many times its natural lines
# Column types of the preamble, by type size: \small, and \footnotesize for a
# table that fits the text block (or a landscape page) only in the smaller size.
TABLE_FONTS = (("\\companioncol", 10.0), ("\\companioncolsmall", 9.0))

# Widths of characters in em, for FreeSerif (the book's text face), measured
# with XeLaTeX and rounded up; FreeSans, used in table headers, runs about 10%
# wider, and FreeMono (code) is 0.6 em a character. An estimate that errs
# wide: a column a little too wide costs a little space, one too narrow would
# push a word past its cell.
NARROW = set("ijlt.,:;'’|!·")
SEMI_NARROW = set("frsI()[]{}-/\"")
WIDE = set("mwMWÆŒ%@—")
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


def _char_em(ch: str) -> float:
    if ch in NARROW:
        return 0.29
    if ch in SEMI_NARROW:
        return 0.39
    if ch in WIDE:
        return 0.95
    if ch.isupper():
        return 0.73
    if ch == " ":
        return 0.25
    return 0.5


def _measure(runs: list[Run], size: float, header: bool) -> tuple[float, float]:
    """A cell's longest word and its whole text, as printed at ``size`` points (erring wide)."""
    words, word, whole = [0.0], 0.0, 0.0
    for text, code in runs:
        for ch in text:
            em = CODE_EM if code else _char_em(ch) * (1.1 if header else 1.0)
            whole += em
            if ch in SPACES:
                words.append(word)
                word = 0.0
            else:
                word += em
    words.append(word)
    return max(words) * size * 1.03 + 1.0, whole * size * 1.03 + 1.0


def print_layout(header: list[list[Run]], rows: list[list[list[Run]]], name: str = "") -> PrintLayout:
    """A table's columns in print: each column's share of the line, whether
    the table needs a landscape page, and its type size.

    A column is never narrower than its longest word (names, identifiers,
    dates and numbers never break: print cells are ragged-right without
    hyphenation), and gets up to the width of its longest cell, capped so
    that long text wraps. A table whose words cannot all fit the text block,
    or that would wrap its text too tightly there, is set a size smaller, and
    failing that, sideways on a landscape page."""
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
    if sum(least) > room or (not landscape and sum(wanted) > SQUEEZE * room):
        return None
    # Each column first gets its longest word, then what it wants (its longest
    # cell, up to WRAP_AT_EM), then, if the line has room left, up to its
    # longest cell: each step shares out what is left in proportion to need.
    points = least
    for goal in (wanted, natural):
        points = _fill(points, goal, room)
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


class Table:
    """One table in two forms: HTML for Jupyter, a MyST list-table for the book."""

    def __init__(self, frame: pd.DataFrame, *, resource: str | list[str] | None = None,
                 labels: dict[str, str] | None = None, caption: str | None = None,
                 name: str | None = None):
        resources = [resource] if isinstance(resource, str) else list(resource or [])
        frame = frame.reset_index(drop=True)
        self.caption, self.name = caption, name
        self.header = [_label(c, resources, labels or {}) for c in frame.columns]
        self.rows = [[_cell(v, c in YEAR_LIKE) for c, v in zip(frame.columns, row)]
                     for row in frame.astype(object).itertuples(index=False)]
        # Laid out now, so that a table that cannot be printed whole stops the
        # cell that makes it (a display hook's error would only be logged).
        self.layout = print_layout([[(h, False)] for h in self.header],
                                   [[[(c, False)] for c in row] for row in self.rows], name or caption or "")

    # -- forms --------------------------------------------------------------
    def markdown(self) -> str:
        widths = " ".join(str(max(1, round(share * 100))) for share in self.layout.shares)
        options = [":header-rows: 1", f":widths: {widths}",
                   ":class: companion-table longtable"]
        if self.name:
            options.append(f":name: {self.name}")
        body = "".join("* - " + "\n  - ".join(_escape(c) for c in row) + "\n" for row in [self.header, *self.rows])
        caption = _escape_keeping_roles(self.caption) if self.caption else ""
        table = f"```{{tabularcolumns}} {self.layout.colspec()}\n```\n\n:::{{list-table}} {caption}\n" + "\n".join(options) + f"\n\n{body}:::\n"
        if self.layout.landscape:
            return ("```{raw} latex\n\\companionlandscapestart\n```\n\n" + table
                    + "\n```{raw} latex\n\\companionlandscapeend\n```\n")
        return table

    def html(self) -> str:
        frame = pd.DataFrame(self.rows, columns=self.header)
        caption = f"<caption>{self.caption}</caption>" if self.caption else ""
        return frame.to_html(index=False, border=0, classes="companion-table").replace(
            'class="dataframe companion-table">', f'class="dataframe companion-table">{caption}', 1)

    def _repr_mimebundle_(self, include=None, exclude=None):
        plain = pd.DataFrame(self.rows, columns=self.header).to_string(index=False)
        return {"text/html": self.html(), "text/markdown": self.markdown(), "text/plain": plain}


def table(frame: pd.DataFrame, resource: str | list[str] | None = None, *, labels: dict[str, str] | None = None,
          caption: str | None = None, name: str | None = None) -> Table:
    """A DataFrame as a book table; column labels from ``resource``'s field titles or ``labels``."""
    return Table(frame, resource=resource, labels=labels, caption=caption, name=name)
