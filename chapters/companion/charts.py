"""Charts: one theme, one colour-blind-safe palette (Okabe & Ito), and output
that works everywhere.

In JupyterLab, Binder or Colab ``figure()`` shows a chart under its cell as
inline SVG of the wide design, drawn by vl-convert: no script, no request to
another host (``chart_svg``), with the data behind it folded underneath. In a
book build it renders the chart when the notebook runs:

- for the web, as inline SVG drawn by vl-convert, visible before any script
  runs (and with scripts off). A chart is drawn twice, for a wide and a narrow
  column; the page shows the one that fits. Tooltips are added by vega, which
  the page loads only when a reader hovers, focuses or taps a chart;
- for print, as a vector PDF of a third design, 460 px wide: set in the 110-mm
  text block its 12-px text prints at about 8 pt, and its labels wrap less than
  the narrow design's, so that a tall chart still fits a page with its caption.
"""
from __future__ import annotations

import base64
import html
import json
import re
import uuid
from collections.abc import Callable

import altair as alt

from . import chart_contrast, chart_fit, chart_svg, layouts, reproduction
from .data import BOOK_BUILD

SIDE_COLORS = {"Armenia": "#E69F00", "Azerbaijan": "#0072B2"}
STATUS_COLORS = {"destroyed": "#D55E00", "damaged": "#56B4E9", "abandoned": "#999999", "captured": "#009E73"}
CATEGORY_RANGE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000", "#999999"]
GREY, INK = "#777777", "#222222"
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"

# Widths in CSS pixels of the three designs: the page shows the narrow one in a
# column under 600 px (phones), the wide one otherwise; print has its own.
WIDE, NARROW, PRINT = 680, 340, 460
FONT_SIZE = {WIDE: 13, NARROW: 13, PRINT: 12}


def font_size(width: int) -> int:
    """The text size of a design. A 320-px phone draws the 340-px design at 0.8 of its
    size, so its text, on marks too, is 13 px there: 10.4 px as seen, not under 10."""
    return FONT_SIZE.get(width, 13)


def _theme(width: int = WIDE) -> dict:
    size = font_size(width)
    return {
        "font": FONT,
        "view": {"continuousWidth": width, "continuousHeight": 300, "stroke": None},
        "axis": {"labelFontSize": size, "titleFontSize": size, "labelColor": "#333333",
                 "titleColor": "#333333", "gridColor": "#e5e5e5", "labelLimit": 0},
        # On a scale of numbers or dates a label that would overlap its neighbour is left out (the
        # ticks still show the steps); a category's label never is (Vega-Lite's default for
        # nominal fields, the only kind of category the book's charts use).
        "axisQuantitative": {"labelOverlap": "greedy", "labelSeparation": 6},
        "axisTemporal": {"labelOverlap": "greedy", "labelSeparation": 6},
        "legend": {"labelFontSize": size, "titleFontSize": size, "orient": "bottom", "labelLimit": 0, "titleLimit": 0,
                   "direction": "vertical" if width <= NARROW else "horizontal"},
        # Under a narrow or printed chart an x-axis title ends at the axis end, taking the room of the axis labels.
        "axisX": {"titleAnchor": "end"} if width < WIDE else {},
        "header": {"labelFontSize": size, "titleFontSize": size},
        "title": {"fontSize": size + 1, "anchor": "start", "color": INK},
        "text": {"fontSize": size},
        "range": {"category": CATEGORY_RANGE},
        "bar": {"discreteBandSize": {"band": 0.8}},
    }


@alt.theme.register("companion", enable=True)
def _registered_theme():
    return alt.theme.ThemeConfig({"config": _theme()})


def side_scale() -> alt.Scale:
    """The book's colours for Armenia and Azerbaijan."""
    return alt.Scale(domain=list(SIDE_COLORS), range=list(SIDE_COLORS.values()))


def status_scale() -> alt.Scale:
    """The book's colours for destroyed / damaged / abandoned / captured."""
    return alt.Scale(domain=list(STATUS_COLORS), range=list(STATUS_COLORS.values()))


def step(labels, font: int = 13) -> int:
    """Height in pixels of a band that fits the longest of these wrapped labels."""
    return max(len(lines) for lines in labels) * (font + 3) + 8


def wrap(text: str, width: int) -> list[str]:
    """A label broken into lines of at most ``width`` characters (Vega draws a list as lines)."""
    lines, line = [], ""
    for word in str(text).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines


def lines_axis(**options) -> alt.Axis:
    """An axis that draws each "line|line" label on several lines."""
    return alt.Axis(labelExpr="split(datum.label, '|')", **options)


ChartMaker = Callable[[int], alt.TopLevelMixin]


class Chart:
    """A chart in the forms a book page needs (see the module docstring).

    Everything is rendered when the object is made, so that an error in a chart
    stops the notebook (IPython would only print an error raised while displaying)."""

    def __init__(self, make: ChartMaker, alt_text: str, resources: list[str] = (), data_table=None,
                 name: str | None = None):
        self.alt_text, self.resources, self.name = alt_text, list(resources), name
        wide = self.spec(make, WIDE)
        # Its data and encoding, for the page's reproduction record (companion.reproduction).
        reproduction.record("chart", name, reproduction.chart_spec(wide))
        self.bundle = self._book_bundle(make, wide) if BOOK_BUILD else self._notebook_bundle(wide, data_table)

    def spec(self, make: ChartMaker, width: int) -> dict:
        # Without the registered (wide) theme, so that the design's own theme applies; a
        # chart's own configure_*() settings still win over it.
        with alt.theme.enable("none"):
            spec = make(width).properties(description=self.alt_text).to_dict()
        spec = layouts.adapt(self.name, _schema_titles(spec, self.resources), width)   # the design's layout
        spec.pop("$schema", None)                  # a URL; never fetched
        if not any(k in spec for k in ("facet", "hconcat", "vconcat", "concat", "repeat")):
            # A single or layered view takes the design's width, axes and legends included.
            spec["width"], spec["autosize"] = width, {"type": "fit-x", "contains": "padding"}
            # Room on the right for a tick label centred on the axis end.
            spec["padding"] = {"left": 5, "top": 5, "right": 12, "bottom": 5}
        theme, own = _theme(width), spec.get("config", {})
        spec["config"] = {**theme, **own, **{k: {**theme[k], **own[k]} for k in own
                                             if isinstance(own[k], dict) and isinstance(theme.get(k), dict)}}
        return _trim_datasets(_wrap_titles(spec, 34 if width <= NARROW else 48 if width <= PRINT else 70))

    def _notebook_bundle(self, wide: dict, data_table) -> dict:
        import vl_convert as vlc

        vega = vlc.vegalite_to_vega(wide, vl_version=_vl_version())
        chart_fit.legends_to_left_edge(vega)
        chart_svg.tooltips_as_descriptions(vega)
        svg = chart_svg.titles_from_labels(_clean_svg(vlc.vega_to_svg(vega)))
        page = chart_svg.notebook_html(svg, self.alt_text, None if data_table is None else data_table.html())
        return {"text/html": page, "text/plain": f"[Chart] {self.alt_text}"}

    def _book_bundle(self, make: ChartMaker, wide: dict) -> dict:
        import vl_convert as vlc

        version = _vl_version()
        specs = {WIDE: wide, NARROW: self.spec(make, NARROW), PRINT: self.spec(make, PRINT)}
        vega = {w: vlc.vegalite_to_vega(s, vl_version=version) for w, s in specs.items()}
        _stack_legends(vega[NARROW])
        for w, v in vega.items():
            chart_fit.legends_to_left_edge(v)
            chart_fit.check_fits(v, w, self.alt_text)
        svgs = {w: _clean_svg(vlc.vega_to_svg(v)) for w, v in vega.items()}
        for w, svg in svgs.items():
            drawn = float(re.search(r'<svg[^>]*\bwidth="([\d.]+)"', svg).group(1))
            if drawn > w + 4:    # a design wider than its column would be scaled down, and its text with it
                raise ValueError(f"the {w}-px design of the chart “{self.alt_text[:60]}…” is {drawn:.0f} px wide: "
                                 "make it fit (narrower plot, legend below or stacked, wrapped labels)")
        ident = f"chart-{uuid.uuid4().hex[:10]}"
        payload = json.dumps({"wide": vega[WIDE], "narrow": vega[NARROW]}, separators=(",", ":"))
        page = (f'<div class="companion-chart" id="{ident}" data-spec="@{ident}" role="img" tabindex="0" '
                f'aria-label="{html.escape(self.alt_text, quote=True)}">'
                f'<div class="chart-wide" aria-hidden="true">{svgs[WIDE]}</div>'
                f'<div class="chart-narrow" aria-hidden="true">{svgs[NARROW]}</div>'
                f'<script type="application/json" data-companion-spec="{ident}">'
                + payload.replace("</", "<\\/") + "</script></div>")
        pdf = vlc.vega_to_pdf(vega[PRINT])
        return {"text/html": page, "application/pdf": base64.b64encode(pdf).decode("ascii"),
                "text/plain": f"[Chart] {self.alt_text}"}

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.bundle


def _schema_titles(spec, resources: list[str]):
    """Give every axis, legend and tooltip field without a title its title from the data package
    (so a chart shows "Items (number)", never "count")."""
    from .data import fields

    titles = {}
    for name in reversed(resources):
        titles |= {f: d["title"] for f, d in fields(name).items()}
    if isinstance(spec, dict):
        out = {k: _schema_titles(v, resources) for k, v in spec.items()}
        if "field" in out and "title" not in out and out["field"] in titles:
            out["title"] = titles[out["field"]]
        return out
    if isinstance(spec, list):
        return [_schema_titles(v, resources) for v in spec]
    return spec


def _stack_legends(vega: dict) -> None:
    """Under a narrow chart, legends stack and list their entries one per line (Vega settings
    that Vega-Lite's bottom legends would otherwise override)."""
    vega.setdefault("config", {}).setdefault("legend", {})["layout"] = {
        "bottom": {"anchor": "start", "direction": "vertical", "margin": 6}}

    def walk(node):
        if isinstance(node, dict):
            for legend in node.get("legends", []):
                legend["direction"] = "vertical"
                legend.pop("columns", None)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(vega)


def _wrap_titles(spec, chars: int, parent: str = ""):
    """Break long axis and legend titles into lines, so that they never run past a narrow chart
    (tooltip titles are left alone: a tooltip has room)."""
    if isinstance(spec, dict):
        out = {}
        for key, value in spec.items():
            if key == "title" and isinstance(value, str) and len(value) > chars and parent != "tooltip":
                value = wrap(value, chars)
            out[key] = _wrap_titles(value, chars, key)
        return out
    if isinstance(spec, list):
        return [_wrap_titles(v, chars, parent) for v in spec]
    return spec


def _clean_svg(svg: str) -> str:
    """Inline SVG for the page: scalable (viewBox, no fixed size), with no
    id that a second chart on the page could clash with."""
    w = re.search(r'<svg[^>]*\bwidth="([\d.]+)"', svg)
    h = re.search(r'<svg[^>]*\bheight="([\d.]+)"', svg)
    if w and h and "viewBox" not in svg[: svg.find(">")]:
        svg = svg.replace("<svg", f'<svg viewBox="0 0 {w.group(1)} {h.group(1)}"', 1)
    prefix = uuid.uuid4().hex[:6]
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r'url\(#([^)]+)\)', lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', svg)


def _trim_datasets(spec: dict) -> dict:
    """Drop columns a chart never mentions (notes, locators...) from its inline
    data: they only weigh down the page. A column is kept if its name appears
    anywhere else in the spec, so nothing a chart uses is lost."""
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


def figure(name: str, chart: alt.TopLevelMixin | ChartMaker, alt_text: str, data=None, *, resource=None,
           labels: dict[str, str] | None = None):
    """Show a chart and the table behind it: in a book build, glued for ``{glue:figure}``
    (the table as ``<name>_data``); elsewhere (JupyterLab, Binder, Colab) under the cell,
    the table folded under the chart. Only a book build imports the book's machinery.

    ``chart`` is an Altair chart, drawn once: ``companion.layouts`` fits it to each
    design by its figure ``name`` (labels wrapped, legend columns, ticks), or a
    function of the width in pixels that returns one (the timelines below).
    ``alt_text`` describes the chart for
    screen readers. Fields of ``resource`` that the chart names without a title get
    their title from the data package.
    """
    from .tables import Table

    make = chart if callable(chart) and not isinstance(chart, alt.TopLevelMixin) else (lambda width: chart)
    resources = [resource] if isinstance(resource, str) else list(resource or [])
    caption = f"Data behind {{numref}}`{name.replace('_', '-')}`" if BOOK_BUILD else "Data behind the chart"
    behind = None if data is None else Table(data, resource=resource, labels=labels, caption=caption,
                                             record_as=f"{name} data")
    if not BOOK_BUILD:
        from IPython.display import display

        display(Chart(make, alt_text, resources, data_table=behind, name=name))
        return
    from myst_nb import glue

    glue(name, Chart(make, alt_text, resources, name=name), display=False)
    if behind is not None:
        glue(f"{name}_data", behind, display=False)


def labelled_timeline(events, colour: str | None = None, colour_title: str = "", order: list | None = None,
                      date_title: str = "Date", date_format: str = "%b %Y"):
    """A timeline a reader can read without tooltips, on a phone as in print.

    One row per event, labelled with its date and what happened (``when`` and
    ``event`` columns, from ``companion.timeline.spans``), wrapped to the
    column; a bar covers a span, a month or a year, a diamond marks a single
    day, and a pale mark is an event whose year is inferred. ``colour`` names
    a column to colour the marks by. Returns a chart maker for ``figure()``."""
    rows = events.sort_values(["start", "event_id"]).assign(
        inferred=events.year_inferred.map({True: "inferred", False: "printed"}))

    def make(width: int) -> alt.LayerChart:
        wide = width > 400
        lines = [wrap(f"{w}: {e}", 44 if wide else 24) for w, e in zip(rows.when, rows.event)]
        data = rows.assign(label=["|".join(label) for label in lines])
        y = alt.Y("label:N", title=None, sort=list(data.label), axis=lines_axis())
        x = alt.X("start:T", title=date_title, axis=alt.Axis(format=date_format, tickCount=5 if wide else 3))
        paint = (alt.Color(f"{colour}:N", title=colour_title, sort=order, legend=alt.Legend(columns=1 if not wide else 3))
                 if colour else alt.value(CATEGORY_RANGE[0]))
        pale = alt.Opacity("inferred:N", title="Year", sort=["printed", "inferred"],
                           scale=alt.Scale(domain=["printed", "inferred"], range=[0.9, 0.35]),
                           legend=None if not rows.year_inferred.any() else alt.Legend())
        tips = [alt.Tooltip("when:N", title="Date"), alt.Tooltip("event:N", title="Event")]
        bars = alt.Chart(data[data.end > data.start]).mark_bar(height=12).encode(
            x=x, x2="end:T", y=y, color=paint, opacity=pale, tooltip=tips)
        days = alt.Chart(data[data.end == data.start]).mark_point(size=110, filled=True, shape="diamond").encode(
            x=x, y=y, color=paint, opacity=pale, tooltip=tips)
        return (bars + days).properties(height=alt.Step(step(lines)))
    return make


def _lanes(rows, gap_years: float) -> list[int]:
    """Within each row, put an event in the first lane whose last mark is at least gap_years earlier,
    so that numbered marks never overlap."""
    lane, last = [], {}
    for row, start in zip(rows.row, rows.start):
        year, n = start.year + (start.month - 1) / 12, 0
        while year - last.get((row, n), -1e9) < gap_years:
            n += 1
        last[(row, n)] = year
        lane.append(n)
    return lane


def numbered_timeline(events, row: str, order: list):
    """A timeline of many events: rows by ``row`` (a column), years across, each event a
    numbered mark (E07 is 7) whose number a table beside the chart explains. Spans
    (an ``end_date``) are drawn as a line; a pale mark is an event whose year is inferred."""
    def make(width: int) -> alt.LayerChart:
        wide = width > 400
        rows = events.assign(row=events[row], number=events.event_id.str[1:].astype(int))
        rows["lane"] = _lanes(rows, 1.3 if wide else 3.2)
        height = 20 * (rows.lane.max() + 1) + 8        # room in each row for its lanes of marks
        rows["offset"] = height / 2 + (rows.lane - rows.lane.max() / 2) * 20   # pixels from the row's top
        enc = dict(x=alt.X("start:T", title="Year (an event dated to a year or month is drawn at its start)",
                           axis=alt.Axis(format="%Y", tickCount=8 if wide else 4), scale=alt.Scale(padding=12)),
                   y=alt.Y("row:N", title=None, sort=order), yOffset=alt.YOffset("offset:Q", scale=None),
                   tooltip=[alt.Tooltip("event_id:N", title="Event"), alt.Tooltip("when:N", title="Date"),
                            alt.Tooltip("event:N", title="What happened")])
        spans = alt.Chart(rows[rows.end_date.notna()]).mark_rule(strokeWidth=5, opacity=0.35, color=CATEGORY_RANGE[0])
        # Each number in black or white, whichever reads on its circle (a pale one is an inferred year).
        present = [r for r in order if r in set(rows.row)]
        fills = dict(zip(present, CATEGORY_RANGE * len(present)))
        rows["ink"] = [chart_contrast.best_ink(fills[r], 0.9 * (0.35 if pale else 0.9), ("#000000", "#ffffff"))
                       for r, pale in zip(rows.row, rows.year_inferred)]
        marks = alt.Chart(rows).mark_circle(size=300, opacity=0.9).encode(
            color=alt.Color("row:N", legend=None, scale=alt.Scale(domain=present, range=[fills[r] for r in present])),
            fillOpacity=alt.condition("datum.year_inferred", alt.value(0.35), alt.value(0.9)), **enc)
        numbers = alt.Chart(rows).mark_text(fontSize=11 if wide else font_size(width), fontWeight="bold").encode(
            text="number:Q", color=alt.Color("ink:N", scale=None), **enc)
        return (spans.encode(x2="end:T", **enc) + marks + numbers).properties(height=alt.Step(height))
    return make
