"""The companion's shared code, imported by every chapter as ``import companion as cx``.

It sits beside the chapters, so it imports the same way in the book build, in
JupyterLab, in Binder and in Colab. Its modules, by concern:

- ``data``: loading and validating the data package (``cx.load``);
- ``article``: the article's conventions (sections, loss-table cells, partial dates, units);
- ``timeline``: dated events as spans;
- ``tables`` and ``charts``: tables and charts for the web page and the PDF;
- ``dictionary``: the data dictionary as tables;
- ``passages``: the passage register, which the prose's pinpoints cite;
- ``checks``: the registry of checks of the article's numbers and of derived figures;
- ``later``: the events since the article (a timeline chart, and what became of each risk);
- ``markup``: Markdown output in the form its reader reads (MyST in the book, plain elsewhere);
- ``reproduction``: every computed output a page shows, recorded as it is made, so that a re-run
  can be compared with the book (``comparison``; ``python -m companion.reproduce`` re-runs them).
"""
from . import checks, dictionary, later, markup, passages, reproduction, timeline
from .article import EMPTY_CELL, SECTIONS, STATUSES, date_span, date_text, fold, parse_loss_cell
from .charts import CATEGORY_RANGE, GREY, INK, SIDE_COLORS, STATUS_COLORS, figure, side_scale, status_scale, wrap
from .data import DATA, ROOT, DataError, in_words, load, package, reads, resource, title, words
from .tables import table

__all__ = ["CATEGORY_RANGE", "DATA", "EMPTY_CELL", "GREY", "INK", "ROOT", "SECTIONS", "SIDE_COLORS", "STATUSES",
           "STATUS_COLORS", "DataError", "checks", "date_span", "date_text", "dictionary", "figure", "fold",
           "in_words", "later", "load", "markup", "package", "parse_loss_cell", "passages", "reads", "reproduction",
           "resource", "side_scale", "status_scale", "table", "timeline", "title", "words", "wrap"]
