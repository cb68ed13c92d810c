"""Making a chart's design fit its column, and refusing one that does not.

An SVG is clipped at its width: text that Vega places past the edge is cut
without warning (a legend under a narrow chart starts at the plot's left edge,
right of the axis labels, and can run off the right side). So a book build

- moves the legends under a chart to the chart's left edge, using the layout
  Vega computed (``vega_to_scenegraph``): a legend keeps its place under the
  chart and gains the width of the axis labels;
- measures where every text mark ends and raises when one passes an edge,
  or when two labels of one axis overlap, naming the text, so that the
  chart's design is changed (a shorter title, a wrapped label, taller bands)
  instead of a figure being printed cut or illegible.

Text is measured with the advance widths of DejaVu Sans, the charts' first
font and the one vl-convert draws the PDF with (read by fontTools; kerning is
left out, which can only widen the estimate). Browsers without DejaVu fall
back to Helvetica or Arial, which are narrower.
"""
from __future__ import annotations

import functools
import subprocess
from pathlib import Path

from . import chart_contrast

FAMILY = "DejaVu Sans"


@functools.lru_cache(maxsize=2)
def _font(bold: bool):
    from fontTools.ttLib import TTFont

    pattern = f"{FAMILY}:{'bold' if bold else 'regular'}"
    found = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True).stdout.strip()
    if not found or FAMILY.replace(" ", "") not in Path(found).name:
        raise RuntimeError(f"the charts' font {FAMILY} is not installed (Debian: apt-get install fonts-dejavu-core)")
    font = TTFont(found)
    return font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width in pixels of one line of text in DejaVu Sans."""
    cmap, hmtx, units = _font(bold)
    return sum(hmtx[cmap.get(ord(c), ".notdef")][0] for c in text) * size / units


def _scenegraph(vega: dict) -> dict:
    import vl_convert as vlc

    return vlc.vega_to_scenegraph(vega)


def legends_to_left_edge(vega: dict) -> None:
    """Move the top-level legends of a view to the chart's left edge, at the height Vega gave them."""
    if not vega.get("legends"):
        return
    graph = _scenegraph(vega)
    padding = vega.get("padding", 5)
    padding = dict(padding) if isinstance(padding, dict) else dict.fromkeys(("left", "top", "right", "bottom"), padding)
    placed = [item for mark in _walk(graph["scenegraph"]) if mark.get("role") == "legend"
              for item in mark.get("items", [])]
    if len(placed) != len(vega["legends"]):
        return      # legends of nested views: left where Vega put them (the edge check still runs)
    # All legends move left by the same amount, keeping their arrangement; legends side by side
    # that would still pass the right edge are stacked instead.
    origin_x, origin_y = graph["origin"]
    left = padding["left"] - origin_x
    shift = left - min(item["x"] for item in placed)
    room = graph["width"] - origin_x - padding["right"]
    if max(item["x"] + shift + item.get("width", 0) for item in placed) <= room:
        places = [(item["x"] + shift, item["y"]) for item in placed]
    else:
        tops = [min(item["y"] for item in placed)]
        for item in placed[:-1]:
            tops.append(tops[-1] + item.get("height", 0) + 8)
        places = [(left, top) for top in tops]
    for legend, (x, y) in zip(vega["legends"], places):
        legend.update({"orient": "none", "legendX": x, "legendY": y})
    # A legend placed by coordinates is outside Vega's layout: make room for it below the chart.
    needed = origin_y + max(y + item.get("height", 0) for (_, y), item in zip(places, placed)) + padding["bottom"]
    padding["bottom"] += max(0, needed - _scenegraph(vega)["height"])
    vega["padding"] = padding


def _walk(node):
    if isinstance(node, dict):
        yield node
        for item in node.get("items", []):
            yield from _walk(item)


def _text_boxes(node: dict, x0: float = 0.0, y0: float = 0.0):
    """(left, top, right, bottom, text, shortened, axis) of every unrotated text item shown, in the chart's
    coordinates; ``axis`` tells the labels of one axis (the mark's id) from other text (None)."""
    if node.get("marktype") == "text":
        axis = id(node) if node.get("role") == "axis-label" else None
        for item in node.get("items", []):
            text = item.get("text")
            if text in (None, "") or item.get("angle", 0) or item.get("opacity") == 0:
                continue
            lines = [str(t) for t in (text if isinstance(text, list) else [text])]
            if item.get("lineBreak"):
                lines = [part for line in lines for part in line.split(item["lineBreak"])]
            size = item.get("fontSize", 11)
            bold = str(item.get("fontWeight", "")) in ("bold", "700")
            width = max(text_width(line, size, bold) for line in lines)
            height = size * len(lines)          # Vega's line height is the font size
            x, y = x0 + item.get("x", 0), y0 + item.get("y", 0)
            left = {"right": x - width, "center": x - width / 2}.get(item.get("align", "left"), x)
            top = {"middle": y - height / 2, "bottom": y - height, "alphabetic": y - 0.8 * size}.get(
                item.get("baseline", "alphabetic"), y)
            limit = item.get("limit") or 0
            yield left, top, left + width, top + height, " ".join(lines), 0 < limit < width - 1, axis   # "…"
        return
    for item in node.get("items", []):
        if isinstance(item, dict):
            # A group item moves its children; a mark (a list of items) does not.
            group = "marktype" not in item and "items" in item
            yield from _text_boxes(item, x0 + (item.get("x", 0) if group else 0), y0 + (item.get("y", 0) if group else 0))


def check_fits(vega: dict, width: int, what: str) -> None:
    """Raise if any text of the chart would be shortened or cut at an edge, if labels of an axis
    overlap, or if a text reads under 4.5:1 on what it is drawn on (chart_contrast)."""
    graph = _scenegraph(vega)
    wide, high = graph["width"], graph["height"]
    boxes = list(_text_boxes(graph["scenegraph"], *graph["origin"]))
    name = f"the {width}-px design of the chart “{what[:60]}…”"
    chart_contrast.check_contrast(graph, vega.get("background"), name)
    short = [text for *_, text, shortened, _ in boxes if shortened]
    if short:
        raise ValueError(f"{name} shortens its text “{short[0]}” to a width limit: lift the limit or shorten the text")
    cut = [(text, round(left), round(top), round(right), round(bottom)) for left, top, right, bottom, text, _, _ in boxes
           if right > wide + 2 or left < -2 or bottom > high + 2 or top < -2]
    if cut:
        text, left, top, right, bottom = cut[0]
        raise ValueError(f"{name} cuts its text “{text}” (drawn in x {left} to {right}, y {top} to {bottom} of "
                         f"a {wide:.0f} × {high:.0f}-px chart): shorten or wrap it, or move it (legend below, fewer labels)")
    labels = sorted((box for box in boxes if box[6] is not None), key=lambda box: (box[6], box[1], box[0]))
    for a, b in zip(labels, labels[1:]):
        if a[6] == b[6] and min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1:
            raise ValueError(f"{name} draws its axis labels “{a[4]}” and “{b[4]}” over each other: "
                             "give each band room for its lines, or shorten or wrap the labels")
