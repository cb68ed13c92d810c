"""A chart as a notebook shows it outside the book (JupyterLab, Binder, Colab):
inline SVG drawn by vl-convert from the wide design, so that it needs no
script and no other host, and draws wherever HTML output does.

Vega's tooltips need its script, so each mark's tooltip becomes an SVG
``<title>`` instead, which browsers show on hover. Under the chart, the data
behind it, folded as the book's page folds it.
"""
from __future__ import annotations

import html
import json
import re

SKIPPED_ROLES = ("axis", "legend", "title")   # Vega's own labels for these are not tooltips


def _split_top_level(text: str, separator: str) -> list[str]:
    """Split an expression at separators outside strings and brackets."""
    parts, depth, quote, start, i = [], 0, None, 0, 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    return [*parts, text[start:]]


def tooltip_text(signal: str) -> str | None:
    """Vega-Lite's tooltip, an object expression {"Title": value, ...}, as an expression of the
    text "Title: value; ...", or None when it is not such an object."""
    body = signal.strip()
    if not (body.startswith("{") and body.endswith("}")):
        return None
    pieces = []
    for entry in _split_top_level(body[1:-1], ","):
        key, *value = _split_top_level(entry, ":")
        if not value:
            return None
        title = json.loads(key.strip())
        pieces.append(f"{json.dumps(title + ': ')} + ({':'.join(value).strip()})")
    return ' + "; " + '.join(pieces) or None


def tooltips_as_descriptions(vega: dict) -> None:
    """Make every mark's description (which vl-convert writes as aria-label) its tooltip; a mark
    without a tooltip gets none."""
    for mark in vega.get("marks", []):
        update = mark.get("encode", {}).get("update", {})
        tip = update.get("tooltip", {}).get("signal")
        text = tooltip_text(tip) if tip else None
        if text:
            update["description"] = {"signal": text}
        else:
            update.pop("description", None)
        tooltips_as_descriptions(mark)      # marks inside group marks


ITEM = re.compile(r'<(path|line|rect|circle|text|g|image)\b([^>]*?)(/?)>')


def titles_from_labels(svg: str) -> str:
    """An SVG ``<title>`` (a hover tooltip) for every mark item that has a description."""
    def add(match: re.Match) -> str:
        tag, attributes, closed = match.groups()
        label = re.search(r'\baria-label="([^"]*)"', attributes)
        role = re.search(r'\baria-roledescription="([^"]*)"', attributes)
        if not label or 'role="graphics-symbol"' not in attributes or (role and role.group(1) in SKIPPED_ROLES):
            return match.group(0)
        title = f"<title>{label.group(1)}</title>"      # already escaped as an attribute value
        return f"<{tag}{attributes}>{title}</{tag}>" if closed else f"<{tag}{attributes}>{title}"
    return ITEM.sub(add, svg)


def notebook_html(svg: str, alt_text: str, data_table_html: str | None) -> str:
    """The chart's HTML output: the drawing, described for screen readers, and its data folded under it."""
    figure = (f'<div class="companion-chart" role="img" aria-label="{html.escape(alt_text, quote=True)}">'
              f'<div aria-hidden="true" style="max-width: 100%; overflow-x: auto">{svg}</div></div>')
    if data_table_html is None:
        return figure
    return figure + f"<details><summary>Data behind the chart</summary>{data_table_html}</details>"
