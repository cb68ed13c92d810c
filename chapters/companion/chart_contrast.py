"""Chart text a reader can read: every text mark against what it is drawn on.

WCAG 2 (AA) asks a contrast of 4.5:1 for text. A chart's text is often drawn on
something other than the page: a number inside a coloured circle, a label on a
bar, a title on a band. A book build checks each text item of each design in the
layout Vega computes (the scenegraph ``chart_fit`` already reads): what lies
under the text is found by replaying, in drawing order, the filled shapes drawn
before it (group backgrounds, rectangles, symbols, areas, and strokes at least
``WIDE_STROKE`` px wide), each blended over what was there with its opacity.
Text with an opacity is blended too. Thin lines (grid, ticks, spans of one or two
pixels) pass under text without being its background, and are left out.
"""
from __future__ import annotations

import math
import re

MINIMUM = 4.5
WIDE_STROKE = 4
PAGE = (255, 255, 255)   # the charts are drawn for light pages (_ext/companion_book/__init__.py)
# The colour names Vega's defaults and the book's charts use; any other name stops the build.
NAMES = {"white": "#ffffff", "black": "#000000", "gray": "#808080", "grey": "#808080", "red": "#ff0000",
         "steelblue": "#4682b4", "lightgray": "#d3d3d3", "darkgray": "#a9a9a9", "silver": "#c0c0c0"}
Rgb = tuple[float, float, float]


def parse(colour: str) -> tuple[Rgb, float] | None:
    """An RGB triple and its alpha, or None for no paint ("transparent", "none")."""
    value = str(colour).strip().lower()
    if value in ("transparent", "none", ""):
        return None
    value = NAMES.get(value, value)
    if value.startswith("#"):
        digits = value[1:]
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits)
        channels = [int(digits[i:i + 2], 16) for i in range(0, len(digits), 2)]
        return tuple(channels[:3]), (channels[3] / 255 if len(channels) == 4 else 1.0)
    match = re.fullmatch(r"rgba?\(([^)]*)\)", value)
    if match:
        parts = [float(p) for p in re.split(r"[,\s/]+", match.group(1).strip()) if p]
        return tuple(parts[:3]), (parts[3] if len(parts) == 4 else 1.0)
    raise ValueError(f"chart colour {colour!r} is not one the contrast check reads: give it as #rrggbb")


def blend(top: Rgb, alpha: float, under: Rgb) -> Rgb:
    return tuple(alpha * t + (1 - alpha) * u for t, u in zip(top, under))


def luminance(rgb: Rgb) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: Rgb, b: Rgb) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def hex_of(rgb: Rgb) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def best_ink(fill: str, alpha: float, inks: tuple[str, ...] = ("#222222", "#ffffff")) -> str:
    """Of ``inks``, the one that reads best on ``fill`` drawn with ``alpha`` over the page."""
    under = blend(parse(fill)[0], alpha, PAGE)
    return max(inks, key=lambda ink: ratio(parse(ink)[0], under))


def require_contrast(ink: str, background: str, what: str) -> None:
    found = ratio(parse(ink)[0], parse(background)[0])
    if found < MINIMUM:
        raise ValueError(f"{what}: text {ink} on {background} has a contrast of {found:.2f}:1, under {MINIMUM}:1")


# -- the scenegraph ---------------------------------------------------------------
def _paints(item: dict, key: str) -> list[tuple[Rgb, float]]:
    """The colours an item paints with ``key`` ("fill" or "stroke"): one, or a gradient's stops."""
    value = item.get(key)
    if value is None:
        return []
    alpha = item.get("opacity", 1) * item.get(f"{key}Opacity", 1)
    stops = [s["color"] for s in value.get("stops", [])] if isinstance(value, dict) else [value]
    return [(rgb, a * alpha) for rgb, a in filter(None, map(parse, stops))]


def _shape(marktype: str, item: dict, items: list, x0: float, y0: float):
    """A test "is the point (x, y) inside the item's painted area", or None for no area."""
    x, y = x0 + item.get("x", 0), y0 + item.get("y", 0)
    if marktype in ("rect", "group"):
        x2 = x0 + item["x2"] if "x2" in item else x + item.get("width", 0)
        y2 = y0 + item["y2"] if "y2" in item else y + item.get("height", 0)
        left, right, top, bottom = min(x, x2), max(x, x2), min(y, y2), max(y, y2)
        return lambda px, py: left <= px <= right and top <= py <= bottom
    if marktype == "symbol":
        size = item.get("size", 64)
        if item.get("shape", "circle") == "square":
            half = math.sqrt(size) / 2
            return lambda px, py: abs(px - x) <= half and abs(py - y) <= half
        radius = math.sqrt(size / math.pi)   # other shapes: the circle of the same area
        return lambda px, py: math.hypot(px - x, py - y) <= radius
    if marktype == "rule":
        x2, y2 = x0 + item.get("x2", item.get("x", 0)), y0 + item.get("y2", item.get("y", 0))
        half = item.get("strokeWidth", 1) / 2
        return lambda px, py: _distance(px, py, x, y, x2, y2) <= half
    if marktype == "area" and item is items[0]:
        upper = [(x0 + i.get("x", 0), y0 + i.get("y", 0)) for i in items]
        lower = [(x0 + i.get("x2", i.get("x", 0)), y0 + i.get("y2", i.get("y", 0))) for i in reversed(items)]
        return lambda px, py: _inside(px, py, upper + lower)
    return None


def _distance(px, py, x1, y1, x2, y2) -> float:
    dx, dy = x2 - x1, y2 - y1
    t = 0 if dx == dy == 0 else max(0, min(1, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (x1 + t * dx), py - (y1 + t * dy))


def _inside(px, py, polygon) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1]):
        if (y1 > py) != (y2 > py) and px < x1 + (py - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _events(node: dict, x0: float = 0.0, y0: float = 0.0):
    """("shape", test, paints) and ("text", item, x, y) in drawing order."""
    marktype = node.get("marktype")
    items = node.get("items", [])
    for item in items:
        if not isinstance(item, dict):
            continue
        if marktype == "text":
            yield "text", item, x0, y0
            continue
        wide = marktype != "rule" or item.get("strokeWidth", 1) >= WIDE_STROKE
        paints = _paints(item, "stroke" if marktype == "rule" else "fill")
        test = _shape(marktype, item, items, x0, y0) if marktype and paints and wide else None
        if test is not None:
            yield "shape", test, paints
        if "items" in item:   # a group item moves its children; a mark does not
            group = marktype == "group" or "marktype" not in item
            yield from _events(item, x0 + (item.get("x", 0) if group else 0), y0 + (item.get("y", 0) if group else 0))


def _points(item: dict, x: float, y: float):
    """Points under the text: its middle, and the middles of its left and right thirds."""
    from .chart_fit import text_width

    if item.get("angle", 0):
        return [(x, y)]
    size = item.get("fontSize", 11)
    lines = item["text"] if isinstance(item["text"], list) else [item["text"]]
    width = max(text_width(str(line), size, str(item.get("fontWeight", "")) in ("bold", "700")) for line in lines)
    height = size * len(lines)
    left = {"right": x - width, "center": x - width / 2}.get(item.get("align", "left"), x)
    top = {"middle": y - height / 2, "bottom": y - height,
           "alphabetic": y - 0.8 * size}.get(item.get("baseline", "alphabetic"), y)
    middle = top + height / 2
    return [(left + width * f, middle) for f in (1 / 6, 1 / 2, 5 / 6)]


def check_contrast(graph: dict, background: str | None, what: str) -> None:
    """Raise, naming the text and its colours, if a text item of the scenegraph reads under MINIMUM."""
    base = parse(background or "white")
    base = blend(base[0], base[1], PAGE) if base else PAGE
    shapes = []
    for event in _events(graph["scenegraph"], *graph["origin"]):
        if event[0] == "shape":
            shapes.append(event[1:])
            continue
        _, item, x0, y0 = event
        if item.get("text") in (None, "") or item.get("opacity", 1) == 0:
            continue
        for ink, alpha in _paints({"fill": "#000", **item}, "fill"):
            for px, py in _points(item, x0 + item.get("x", 0), y0 + item.get("y", 0)):
                under = [base]
                for test, paints in shapes:
                    if test(px, py):
                        under = [blend(rgb, a, u) for rgb, a in paints for u in under]
                found, worst = min((ratio(blend(ink, alpha, u), u), u) for u in under)
                if found < MINIMUM:
                    text = " ".join(map(str, item["text"])) if isinstance(item["text"], list) else item["text"]
                    raise ValueError(f"{what} draws its text “{text}” in {hex_of(ink)} on {hex_of(worst)}: "
                                     f"a contrast of {found:.2f}:1, under {MINIMUM}:1 (WCAG 2 AA); "
                                     "choose an ink that reads on that colour, or a stronger fill")
