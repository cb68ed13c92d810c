"""Shared code for the companion's chapters: data loading with validation,
the chart theme, and chart output that works in the HTML book, the PDF book
and a plain Jupyter session alike.

Chapters import it as ``import companion as cx`` (it sits beside them, so it
imports the same way in the book build, in JupyterLab and in Binder).
"""
from __future__ import annotations

import base64
import csv
import functools
import html
import json
import os
import re
import uuid
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
# COMPANION_DATA lets the tests point the chapters at a (deliberately broken) copy.
DATA = Path(os.environ.get("COMPANION_DATA", ROOT / "data"))
ARTICLE = ROOT.parent / "shared" / "article" / "article.txt"


# --------------------------------------------------------------------------
# Data: every figure the book shows comes through load(), which checks each
# CSV against its schema in data/datapackage.json and stops with a message
# naming the file, the row and the field when anything is off.
# --------------------------------------------------------------------------
class DataError(ValueError):
    """A data file does not match its schema in data/datapackage.json."""


@functools.lru_cache(maxsize=None)
def _package_cached(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def package(data_dir: Path | str = DATA) -> dict:
    """The Frictionless data package descriptor (data/datapackage.json)."""
    return _package_cached(str(Path(data_dir) / "datapackage.json"))


def resource(name: str, data_dir: Path | str = DATA) -> dict:
    """The descriptor of one resource of the package, by name."""
    for res in package(data_dir)["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in package(data_dir)["resources"])
    raise DataError(f"datapackage.json has no resource {name!r} (it has: {known})")


_TRUE = {"true", "True", "TRUE", "yes", "1"}
_FALSE = {"false", "False", "FALSE", "no", "0"}
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _convert(raw: str, field: dict):
    """Turn one CSV cell into a Python value of the field's type, or raise ValueError."""
    ftype = field.get("type", "string")
    if ftype == "string":
        return raw
    if ftype == "integer":
        if not re.fullmatch(r"-?\d+", raw):
            raise ValueError(f"{raw!r} is not an integer")
        return int(raw)
    if ftype == "number":
        try:
            return float(raw)
        except ValueError:
            raise ValueError(f"{raw!r} is not a number") from None
    if ftype == "boolean":
        if raw in _TRUE:
            return True
        if raw in _FALSE:
            return False
        raise ValueError(f"{raw!r} is not a boolean (true/false)")
    if ftype == "date":
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
                return pd.Timestamp(raw).date()
        except ValueError:
            pass
        raise ValueError(f"{raw!r} is not a date (YYYY-MM-DD)")
    if ftype == "year":
        if not re.fullmatch(r"\d{4}", raw):
            raise ValueError(f"{raw!r} is not a year")
        return int(raw)
    raise ValueError(f"unsupported field type {ftype!r}")


def _check_constraints(value, raw: str, field: dict) -> None:
    c = field.get("constraints", {})
    if "enum" in c and raw not in c["enum"]:
        raise ValueError(f"{raw!r} is not one of {c['enum']}")
    if "minimum" in c and value < c["minimum"]:
        raise ValueError(f"{raw} is below the minimum {c['minimum']}")
    if "maximum" in c and value > c["maximum"]:
        raise ValueError(f"{raw} is above the maximum {c['maximum']}")
    if "pattern" in c and not re.fullmatch(c["pattern"], raw):
        raise ValueError(f"{raw!r} does not match the pattern {c['pattern']}")
    if "maxLength" in c and len(raw) > c["maxLength"]:
        raise ValueError(f"{raw!r} is longer than {c['maxLength']} characters")


def read_resource(name: str, data_dir: Path | str = DATA) -> list[dict]:
    """Read and validate one resource; return its rows as typed dicts.

    Checks: the header has every schema field, in order; each row has as many
    cells as the header; required fields are filled; each value has the
    field's type and meets its constraints; the primary key is unique.
    """
    data_dir = Path(data_dir)
    res = resource(name, data_dir)
    path = data_dir / res["path"]
    where = f"data/{res['path']}"
    fields = res["schema"]["fields"]
    names = [f["name"] for f in fields]
    if not path.exists():
        raise DataError(f"{where}: file not found")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            raise DataError(f"{where}: the file is empty") from None
        for n in names:
            if n not in header:
                raise DataError(f"{where}, header: missing column {n!r}")
        extra = [h for h in header if h not in names]
        if extra:
            raise DataError(f"{where}, header: column(s) {extra} are not in the schema")
        if header != names:
            raise DataError(f"{where}, header: columns must be in schema order {names}")
        rows, seen = [], {}
        key = res["schema"].get("primaryKey", [])
        key = [key] if isinstance(key, str) else key
        for rownum, cells in enumerate(reader, start=1):
            line = rownum + 1
            place = f"{where}, row {rownum} (line {line})"
            if len(cells) != len(names):
                raise DataError(f"{place}: {len(cells)} cells where the header has {len(names)}")
            row = {}
            for field, raw in zip(fields, cells):
                fname = field["name"]
                if raw == "":
                    if field.get("constraints", {}).get("required"):
                        raise DataError(f"{place}, field {fname!r}: required value is empty")
                    row[fname] = None
                    continue
                try:
                    value = _convert(raw, field)
                    _check_constraints(value, raw, field)
                except ValueError as err:
                    raise DataError(f"{place}, field {fname!r}: {err}") from None
                row[fname] = value
            if key:
                k = tuple(row[f] for f in key)
                if k in seen:
                    raise DataError(
                        f"{place}, field(s) {key}: duplicate primary key {k} (first at row {seen[k]})")
                seen[k] = rownum
            rows.append(row)
    return rows


def load(name: str, data_dir: Path | str = DATA) -> pd.DataFrame:
    """One validated resource of data/datapackage.json as a DataFrame.

    Integer fields become pandas' nullable Int64, so an empty cell stays
    empty instead of turning a count into a float.
    """
    rows = read_resource(name, data_dir)
    fields = resource(name, data_dir)["schema"]["fields"]
    df = pd.DataFrame(rows, columns=[f["name"] for f in fields])
    for f in fields:
        if f.get("type") in ("integer", "year"):
            df[f["name"]] = df[f["name"]].astype("Int64")
        elif f.get("type") == "number":
            df[f["name"]] = df[f["name"]].astype("Float64")
        elif f.get("type") == "boolean":
            df[f["name"]] = df[f["name"]].astype("boolean")
    return df


# --------------------------------------------------------------------------
# Article text: folding used by the fidelity tests and the claims register.
# --------------------------------------------------------------------------
def fold(text: str) -> str:
    """Case-fold, join words the PDF hyphenated across lines, unify quotes, collapse spaces."""
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


# --------------------------------------------------------------------------
# The loss table: cells as printed -> statuses and counts.
# --------------------------------------------------------------------------
STATUSES = ("destroyed", "damaged", "abandoned", "captured")
EMPTY_CELL = "—"


def parse_loss_cell(cell: str) -> dict:
    """Read one printed cell of the loss table.

    Returns ``{"counts": {status: n}, "total": stated total or None,
    "sub": {label: n} for sub-counts such as "of which 19 launcher or optic"}``.
    The printed forms are "144 destroyed; 5 damaged; 100 captured",
    "2, of which destroyed: 2", "1, destroyed: 1", the garbled
    "1 abandoned: 1" and a total with a sub-count of one status ("N, of which
    destroyed: a, captured b, of which c launcher or optic").  Anything else
    raises ValueError.
    """
    cell = " ".join(cell.split())
    out = {"counts": {}, "total": None, "sub": {}}
    if cell == EMPTY_CELL:
        return out
    st = "|".join(STATUSES)
    total = re.match(r"^(\d+), (.*)$", cell)
    if total:  # "N, of which destroyed: a, captured b, of which c label"
        out["total"] = int(total.group(1))
        rest = total.group(2)
        sub = re.search(r", of which (\d+) ([a-z ]+)$", rest)
        if sub:
            out["sub"][sub.group(2)] = int(sub.group(1))
            rest = rest[: sub.start()]
        rest = re.sub(r"^of which ", "", rest)
        for part in rest.split(", "):
            m = re.fullmatch(rf"({st}):? (\d+)", part)
            if not m:
                raise ValueError(f"cannot read {part!r} in loss-table cell {cell!r}")
            _add(out, m.group(1), int(m.group(2)), cell)
        return out
    for part in cell.split("; "):  # "N status" or the garbled "N status: N"
        m = re.fullmatch(rf"(\d+) ({st})(?:: (\d+))?", part)
        if not m or (m.group(3) and m.group(3) != m.group(1)):
            raise ValueError(f"cannot read {part!r} in loss-table cell {cell!r}")
        _add(out, m.group(2), int(m.group(1)), cell)
    return out


def _add(out: dict, status: str, n: int, cell: str) -> None:
    if status in out["counts"]:
        raise ValueError(f"status {status!r} twice in loss-table cell {cell!r}")
    out["counts"][status] = n


# --------------------------------------------------------------------------
# Charts: one theme and one colour-blind-safe palette (Okabe & Ito) for the
# whole book.  In a book build every chart is output twice from the same
# execution: as HTML that vega-embed draws from the book's own static files
# (no CDN) and as a vector PDF (vl-convert) for the LaTeX builder; each
# builder picks its own through myst-nb's mime priorities.  Anywhere else
# (JupyterLab, Binder, Colab) Altair's own renderer is left in charge.
# --------------------------------------------------------------------------
import altair as alt  # noqa: E402

SIDE_COLORS = {"Armenia": "#E69F00", "Azerbaijan": "#0072B2"}
STATUS_COLORS = {"destroyed": "#D55E00", "damaged": "#56B4E9",
                 "abandoned": "#999999", "captured": "#009E73"}
CATEGORY_RANGE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7",
                  "#56B4E9", "#F0E442", "#000000", "#999999"]
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
WIDTH = 560
BOOK_BUILD = os.environ.get("COMPANION_BOOK_BUILD") == "1"


def _theme():
    return alt.theme.ThemeConfig({
        "config": {
            "font": FONT,
            "view": {"continuousWidth": WIDTH, "continuousHeight": 300, "stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#333333",
                     "titleColor": "#333333", "gridColor": "#e5e5e5"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "title": {"fontSize": 14, "anchor": "start", "color": "#222222"},
            "range": {"category": CATEGORY_RANGE},
            "bar": {"discreteBandSize": {"band": 0.8}},
        }
    })


alt.theme.register("companion", enable=True)(_theme)


def side_scale() -> alt.Scale:
    """The book's colours for Armenia and Azerbaijan."""
    return alt.Scale(domain=list(SIDE_COLORS), range=list(SIDE_COLORS.values()))


def status_scale() -> alt.Scale:
    """The book's colours for destroyed / damaged / abandoned / captured."""
    return alt.Scale(domain=list(STATUS_COLORS), range=list(STATUS_COLORS.values()))


def _book_renderer(spec: dict, **_meta) -> dict:
    """Mime bundle for a book build: offline HTML embed (the spec compiled to
    Vega here, so the browser skips the Vega-Lite compiler: about 10% faster to
    draw) + vector PDF + text."""
    import vl_convert as vlc

    div = f"vis-{uuid.uuid4().hex[:12]}"
    alt_text = spec.get("description") or "Chart"
    spec = _trim_datasets({k: v for k, v in spec.items() if k != "$schema"})  # $schema: a URL, never fetched
    # Compiled to Vega at build time: the browser skips the Vega-Lite compiler.
    vega_spec = vlc.vegalite_to_vega(spec, vl_version=_vl_version())
    vega_spec.pop("$schema", None)
    payload = json.dumps(vega_spec, separators=(",", ":")).replace("</", "<\\/")
    html_out = (
        f'<div class="companion-chart" id="{div}" role="figure" '
        f'aria-label="{html.escape(alt_text, quote=True)}"></div>\n'
        "<script>(function(){var s=" + payload + ";"
        f'function d(){{vegaEmbed("#{div}",s,{{mode:"vega",renderer:"svg",'
        'actions:{export:true,source:false,compiled:false,editor:false}})'
        f'.then(function(){{var m=document.querySelector("#{div} details > summary");'
        'if(m){m.setAttribute("aria-label","Chart menu: save the chart as an image");}})'
        '.catch(function(e){console.error(e);});}'
        'if(window.vegaEmbed){d();}else{window.addEventListener("DOMContentLoaded",d);}'
        "})();</script>"
    )
    pdf = vlc.vegalite_to_pdf(spec, vl_version=_vl_version())
    return {
        "text/html": html_out,
        "application/pdf": base64.b64encode(pdf).decode("ascii"),
        "text/plain": f"[Chart] {alt_text}",
    }


def _trim_datasets(spec: dict) -> dict:
    """Drop the columns a chart never mentions (notes, locators...) from its
    inline data: they only weigh down the page. A column is kept if its name
    appears anywhere in the rest of the spec, so nothing a chart uses is lost."""
    if "datasets" not in spec:
        return spec
    rest = json.dumps({k: v for k, v in spec.items() if k != "datasets"})
    trimmed = {}
    for name, rows in spec["datasets"].items():
        keep = {c for row in rows for c in row if c in rest}
        trimmed[name] = [{c: v for c, v in row.items() if c in keep} for row in rows]
    return {**spec, "datasets": trimmed}


def _vl_version() -> str:
    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return f"{major}.{minor}"


alt.renderers.register("companion-book", _book_renderer)
if BOOK_BUILD:
    alt.renderers.enable("companion-book")


def figure(name: str, chart: alt.TopLevelMixin, alt_text: str, data: pd.DataFrame | None = None):
    """Glue a chart (and the table behind it) for a ``{glue:figure}`` in the prose.

    ``alt_text`` describes the chart for screen readers and becomes the
    chart's Vega-Lite description.  The table is glued as ``<name>_data``.
    """
    from myst_nb import glue

    chart = chart.properties(description=alt_text)
    # In the book the prose pastes the chart where its caption is; in JupyterLab,
    # Binder or Colab the reader sees it right under the cell.
    glue(name, chart, display=not BOOK_BUILD)
    if data is not None:
        glue(f"{name}_data", table(data), display=False)


class Table:
    """A table as the book shows it, in two forms from one object: styled HTML
    (no index, thousands separators) for the web and a Markdown table that
    myst-nb turns into a real LaTeX table for the PDF (an HTML-only table would
    be dropped there)."""

    def __init__(self, df: pd.DataFrame):
        self.df = df.reset_index(drop=True)

    def _cells(self) -> pd.DataFrame:
        def fmt(v):
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                return ""
            if isinstance(v, float) and v.is_integer() and abs(v) >= 1000:
                return f"{v:,.0f}"
            if isinstance(v, float):
                return f"{v:,.2f}".rstrip("0").rstrip(".")
            if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 10000:
                return f"{v:,}"
            return str(v)
        return self.df.astype(object).apply(lambda col: col.map(fmt))

    def _repr_mimebundle_(self, include=None, exclude=None):
        cells = self._cells()
        html_table = cells.to_html(index=False, escape=True, border=0, classes="companion-table")
        # Escape every ASCII punctuation mark: "$2.74" must not start maths, "*" no emphasis.
        esc = lambda t: re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", str(t).replace("\n", " "))
        head = "| " + " | ".join(esc(c) for c in cells.columns) + " |"
        rule = "|" + "|".join("---" for _ in cells.columns) + "|"
        rows = ["| " + " | ".join(esc(v) for v in r) + " |" for r in cells.itertuples(index=False)]
        return {"text/html": html_table, "text/markdown": "\n".join([head, rule, *rows]),
                "text/plain": cells.to_string(index=False)}


def table(df: pd.DataFrame) -> Table:
    """A DataFrame as the book shows tables (HTML on the web, a real table in the PDF)."""
    return Table(df)


def number(name: str, value, display: bool = False):
    """Glue a figure for the prose (``{glue:text}`name:,.0f```); returns the value."""
    from myst_nb import glue

    glue(name, value, display=display)
    return value


# --------------------------------------------------------------------------
# Partial dates of the timeline ('YYYY', 'YYYY-MM', 'YYYY-MM-DD'): readable
# text for prose and tables, and the span of days a date covers for charts
# (a year-precision date covers the whole year, a month the whole month).
# --------------------------------------------------------------------------
def date_text(date: str) -> str:
    """'2020-09-27' -> '27 September 2020', '2020-07' -> 'July 2020', '1994' -> '1994'."""
    n = len(date.split("-"))
    if n == 3:
        ts = pd.Timestamp(date)
        return f"{ts.day} {ts:%B %Y}"
    if n == 2:
        return f"{pd.Timestamp(date + '-01'):%B %Y}"
    return date


def date_span(date: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day covered by a partial date (the same day for a full date)."""
    n = len(date.split("-"))
    start = pd.Timestamp({1: date + "-01-01", 2: date + "-01", 3: date}[n])
    end = {1: start + pd.offsets.YearEnd(0), 2: start + pd.offsets.MonthEnd(0), 3: start}[n]
    return start, end
