"""Tables as the book shows them.

``table(df, ...)`` returns an object that Jupyter displays as an HTML table
and the book renders from its Markdown form: a MyST ``list-table`` with a
caption, a label for ``{numref}`` and column widths chosen for print, so the
web page and the PDF get the same real, numbered table. Column labels come
from the field titles in ``data/datapackage.json``, so they are written once.
"""
from __future__ import annotations

import html
import math
import re

import pandas as pd

from . import data

# Printable width, in characters of the table font, of the text block and of a
# landscape page (a table that cannot fit the first is turned sideways).
PORTRAIT_CHARS = 92
LANDSCAPE_CHARS = 150
LONGEST_CELL = 40        # a cell longer than this wraps rather than widening its column
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


class Table:
    """One table in two forms: HTML for Jupyter, a MyST list-table for the book."""

    def __init__(self, frame: pd.DataFrame, *, resource: str | list[str] | None = None,
                 labels: dict[str, str] | None = None, caption: str | None = None,
                 name: str | None = None, anchors: str | None = None, links: str | None = None):
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
        # Rendered now, so that an error stops the notebook (IPython only prints one raised while displaying).
        self.bundle = {"text/html": self.html(), "text/markdown": self.markdown(),
                       "text/plain": pd.DataFrame(self.rows, columns=self.header).to_string(index=False)}

    # -- widths -----------------------------------------------------------
    def widths(self) -> tuple[list[int], bool]:
        """Relative column widths for print, and whether the table needs a landscape page.

        A column gets the width of its longest cell (capped, so long text wraps)
        but never less than its longest word, so that names, identifiers, dates
        and numbers are never broken."""
        columns = list(zip(self.header, *self.rows)) if self.rows else [(h,) for h in self.header]
        natural = [min(max(len(c) for c in col), LONGEST_CELL) for col in columns]
        shortest = [max(len(w) for c in col for w in (c.split() or [""])) for col in columns]
        need = [max(n, s) + 2 for n, s in zip(natural, shortest)]
        landscape = sum(max(s, 4) + 2 for s in shortest) > PORTRAIT_CHARS or sum(need) > PORTRAIT_CHARS * 1.6
        room = LANDSCAPE_CHARS if landscape else PORTRAIT_CHARS
        scale = min(1.0, room / sum(need))
        return [max(math.ceil(w * scale), s + 2) for w, s in zip(need, shortest)], landscape

    # -- forms --------------------------------------------------------------
    def markdown(self) -> str:
        widths, landscape = self.widths()
        total = sum(widths)
        colspec = "".join(f"\\companioncol{{{w / total:.3f}}}" for w in widths)
        options = [":header-rows: 1", f":widths: {' '.join(map(str, widths))}", ":class: companion-table longtable"]
        if self.name:
            options.append(f":name: {self.name}")
        def first(cell, is_header):
            slug = cell.lower().replace("_", "-")
            if is_header or not (self.anchors or self.links):
                return _escape(cell)
            if self.links:
                return f"{{ref}}`{cell} <{self.links}-{slug}>`"
            return f"[{_escape(cell)}]{{#{self.anchors}-{slug}}}"
        body = "".join("* - " + "\n  - ".join([first(row[0], i == 0), *(_escape(c) for c in row[1:])]) + "\n"
                       for i, row in enumerate([self.header, *self.rows]))
        caption = _escape(self.caption) if self.caption else ""
        table = (f"```{{tabularcolumns}} {colspec}\n```\n\n:::{{list-table}} {caption}\n"
                 + "\n".join(options) + f"\n\n{body}:::\n")
        if landscape:
            return "```{raw} latex\n\\begin{landscape}\n```\n\n" + table + "\n```{raw} latex\n\\end{landscape}\n```\n"
        return table

    def html(self) -> str:
        frame = pd.DataFrame(self.rows, columns=self.header)
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return frame.to_html(index=False, border=0, classes="companion-table").replace(
            'class="dataframe companion-table">', f'class="dataframe companion-table">{caption}', 1)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.bundle


def table(frame: pd.DataFrame, resource: str | list[str] | None = None, *, labels: dict[str, str] | None = None,
          caption: str | None = None, name: str | None = None, anchors: str | None = None,
          links: str | None = None) -> Table:
    """A DataFrame as a book table; column labels from ``resource``'s field titles or ``labels``.
    With ``anchors="claim"`` each row's first cell gets the id ``claim-<cell>``, for links from the prose;
    with ``links="check"`` it links to the label ``check-<cell>``."""
    return Table(frame, resource=resource, labels=labels, caption=caption, name=name, anchors=anchors, links=links)
