"""How each chart of the book fits its three designs: 680 px wide, 340 px for phones, 460 px
for print (``charts.WIDE``, ``NARROW``, ``PRINT``).

A chapter draws a chart once, as its reader would; ``cx.figure`` looks the figure's name up
here and adjusts the chart's Vega-Lite specification to each design: category labels
wrapped onto lines and bands tall enough for them, legend columns, tick counts, heights,
the widths of stacked panels. That is layout a reader re-running a chapter does not need
to see, so it lives here rather than in the chapter's code.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable

Spec = dict
RULES: dict[str, Callable[[Spec, int], None]] = {}


def wide(width: int) -> bool:
    """The wide and print designs (680 and 460 px) have room that the phone design (340 px) has not."""
    return width > 400


def layout(name: str):
    """Register the adjustments of one figure, a function of its specification and the design's width."""
    def register(rule: Callable[[Spec, int], None]):
        RULES[name] = rule
        return rule
    return register


def adapt(name: str | None, spec: Spec, width: int) -> Spec:
    """The specification of figure ``name`` adjusted for the design ``width`` (in place; also returned)."""
    if name in RULES:
        RULES[name](spec, width)
    return spec


# --- Finding things in a specification ----------------------------------------------------------
def frames(spec: Spec) -> Iterable[Spec]:
    """The views that carry their own size: single and layered views, inside concatenations and facets."""
    if "mark" in spec or "layer" in spec:
        yield spec
    for key in ("vconcat", "hconcat", "concat"):
        for sub in spec.get(key, []):
            yield from frames(sub)
    if isinstance(spec.get("spec"), dict):
        yield from frames(spec["spec"])


def encodings(spec: Spec, channel: str, field: str | None = None) -> Iterable[dict]:
    """Every encoding of ``channel`` by a field (``field``, if given) anywhere in the specification."""
    found = spec.get("encoding", {}).get(channel)
    if isinstance(found, dict) and "field" in found and (field is None or found["field"] == field):
        yield found
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for sub in spec.get(key, []):
            yield from encodings(sub, channel, field)
    if isinstance(spec.get("spec"), dict):
        yield from encodings(spec["spec"], channel, field)


def values(spec: Spec, frame: Spec, field: str) -> list[str]:
    """The values of ``field`` in the data a frame draws (its own, its layers', or the whole chart's)."""
    names = {part.get("data", {}).get("name") for part in [frame, *frame.get("layer", [])]} - {None}
    names = names or {spec.get("data", {}).get("name")}
    rows = [row for name in names for row in spec.get("datasets", {}).get(name, [])]
    return list(dict.fromkeys(str(row[field]) for row in rows if row.get(field) is not None))


# --- Adjustments --------------------------------------------------------------------------------
def wrap_labels(spec: Spec, field: str, chars: int, width: int, channel: str = "y",
                band: Callable[[int], int] | None = None, min_band: int = 0, size_bands: bool = True) -> None:
    """Draw the category labels of ``field`` on lines of at most ``chars`` characters, and give each
    band of every frame that shows them room for its longest label (``band(lines)`` pixels, if given)."""
    from .charts import font_size, step, wrap

    frame_labels = {id(frame): values(spec, frame, field) for frame in frames(spec)}
    lines = {label: wrap(label, chars) for labels in frame_labels.values() for label in labels}
    lookup = f"({json.dumps(lines, ensure_ascii=False)})[datum.label] || datum.label"
    for encoding in encodings(spec, channel, field):
        encoding["axis"] = {**(encoding.get("axis") or {}), "labelExpr": lookup}
    if channel != "y" or not size_bands:
        return
    for frame in frames(spec):
        shown = [lines[label] for label in frame_labels[id(frame)]]
        if shown and any(True for _ in encodings(frame, "y", field)):
            fit = band(max(map(len, shown))) if band else step(shown, font_size(width))
            frame["height"] = {"step": max(min_band, fit)}


def wrap_text(spec: Spec, field: str, chars: int, separator: str = "|") -> None:
    """Wrap each line (``separator``-joined) of a text field's values to ``chars`` characters, in the chart's data."""
    from .charts import wrap

    for rows in spec.get("datasets", {}).values():
        for row in rows:
            if isinstance(row.get(field), str):
                row[field] = separator.join(part for line in row[field].split(separator) for part in wrap(line, chars))


def axis(spec: Spec, channel: str, **options) -> None:
    """Set axis options of every encoding of ``channel``."""
    for encoding in encodings(spec, channel):
        encoding["axis"] = {**(encoding.get("axis") or {}), **options}


def legend_columns(spec: Spec, columns: int) -> None:
    for encoding in encodings(spec, "color"):
        if encoding.get("legend", {}) is not None:
            encoding["legend"] = {**(encoding.get("legend") or {}), "columns": columns}


def panel_width(spec: Spec, width: int) -> None:
    """The width of each panel of a stacked or faceted chart."""
    for frame in frames(spec):
        frame["width"] = width


def _rows_text(spec: Spec, field: str) -> list[str]:
    return [str(row[field]) for rows in spec.get("datasets", {}).values() for row in rows if field in row]


def _text_marks(spec: Spec) -> Iterable[dict]:
    return (layer["mark"] for layer in spec.get("layer", []) if layer.get("mark", {}).get("type") == "text")


# --- The book's figures -------------------------------------------------------------------------
@layout("fig_co_districts")
def _districts(spec: Spec, width: int) -> None:
    wrap_labels(spec, "label", 40 if wide(width) else 24, width)


@layout("fig_fa_procurement")
def _procurement(spec: Spec, width: int) -> None:
    wrap_labels(spec, "category", 40 if wide(width) else 22, width, band=(lambda lines: 26) if wide(width) else None)


@layout("fig_fa_stances")
def _stances(spec: Spec, width: int) -> None:
    from .charts import font_size

    size = 12 if wide(width) else font_size(width)
    wrap_text(spec, "names", 14 if wide(width) else 8)
    wrap_labels(spec, "stance_words", 16, width, size_bands=False)
    lines = max(len(text.split("|")) for text in _rows_text(spec, "names"))
    spec["height"] = {"step": lines * (size + 3) + 8}       # room for the most names in a cell
    for mark in _text_marks(spec):
        mark["fontSize"] = size
    if not wide(width):
        axis(spec, "x", orient="bottom", labelAngle=-40, labelAlign="right")
        for encoding in encodings(spec, "x"):
            encoding["title"] = "Level"


@layout("fig_dp_inventory")
def _inventory(spec: Spec, width: int) -> None:
    legend_columns(spec, 2 if wide(width) else 1)


@layout("fig_dp_customers")
def _customers(spec: Spec, width: int) -> None:
    if wide(width):
        axis(spec, "x", labelAngle=0, labelAlign="center", labelExpr="split(datum.label, ' ')")
    else:
        axis(spec, "x", labelAngle=-50, labelAlign="right", labelExpr="datum.label")


@layout("fig_dp_exports")
def _export_paths(spec: Spec, width: int) -> None:
    spec["height"] = 300 if wide(width) else 240


@layout("fig_sf_exports")
def _exports_then_and_now(spec: Spec, width: int) -> None:
    spec["height"] = 300 if wide(width) else 240
    legend_columns(spec, 2 if wide(width) else 1)


@layout("fig_dw_damage")
def _damage(spec: Spec, width: int) -> None:
    wrap_labels(spec, "who", 40 if wide(width) else 14, width, min_band=44)


@layout("fig_dw_casualties")
@layout("fig_sf_tb2")
def _ticks(spec: Spec, width: int) -> None:
    axis(spec, "x", tickCount=4 if wide(width) else 3)


@layout("fig_dw_losses_category")
def _losses_by_row(spec: Spec, width: int) -> None:
    from .charts import font_size

    size = 13 if wide(width) else font_size(width)
    wrap_labels(spec, "label", 28 if wide(width) else 16, width, band=lambda lines: lines * size // 2 + 4)
    for mark in _text_marks(spec):
        mark["fontSize"] = 11 if wide(width) else font_size(width)


@layout("fig_dw_status_side")
def _status_shares(spec: Spec, width: int) -> None:
    legend_columns(spec, 4 if wide(width) else 2)


@layout("fig_dw_armenia_status")
def _armenia(spec: Spec, width: int) -> None:
    wrap_labels(spec, "label", 28 if wide(width) else 16, width)
    legend_columns(spec, 4 if wide(width) else 2)


@layout("fig_cl_summary")
def _claims_summary(spec: Spec, width: int) -> None:
    wrap_labels(spec, "category", 30 if wide(width) else 18, width)
    panel_width(spec, width - (230 if wide(width) else 150))


@layout("fig_sf_oryx")
def _oryx(spec: Spec, width: int) -> None:
    if not wide(width):
        axis(spec, "y", labelExpr="split(datum.label, ', ')")
    panel_width(spec, width - (250 if wide(width) else 200))


@layout("fig_sf_casualties")
def _tolls(spec: Spec, width: int) -> None:
    axis(spec, "x", tickCount=4 if wide(width) else 3)
    panel_width(spec, width - 110)
