"""What a page downloads: nothing from another host, nothing it does not use.

- vega (with vega-lite and vega-embed) is written from the vl-convert package
  into _static, and loaded by companion-charts.js only when a reader first
  hovers, focuses or taps a chart;
- each chart's Vega specification, which the notebook output carries inline,
  is moved into a file of its own under _static/charts/ that the same script
  fetches on demand, so that the page itself holds only the drawn SVG;
- assets the book does not use (Thebe, the tab script, the icon font) are
  dropped from the page's asset lists, and scripts are deferred so that none
  blocks the first paint.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from docutils import nodes

BUNDLE = "companion-vega.js"
UNUSED = ("thebe", "fontawesome", "design-tabs.js")
# The marker companion.charts puts around each chart's specification (our own markup).
SPEC = re.compile(r'<script type="application/json" data-companion-spec="([\w-]+)">(.*?)</script>', re.S)


def write_bundle(app) -> None:
    if app.builder.format != "html":
        return
    import vl_convert as vlc

    target = Path(app.outdir) / "_static" / BUNDLE
    stamp = f"/* vl-convert: vega-lite {vlc.get_vegalite_versions()[-1]}, vega {vlc.get_vega_version()} */\n"
    if target.exists() and target.read_text(encoding="utf-8")[: len(stamp)] == stamp:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    # Wrapped in a function so that the bundle's top-level names stay private:
    # a classic script works from file:// too, where modules do not.
    target.write_text(stamp + "(function(){\n" + vlc.javascript_bundle() + "\n})();\n", encoding="utf-8")


def move_chart_specs(app, doctree, docname) -> None:
    """Move each chart's inline specification into _static/charts/<hash>.json."""
    if app.builder.format != "html":
        return
    out = Path(app.outdir) / "_static" / "charts"
    depth = "../" * docname.count("/")
    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        for ident, payload in SPEC.findall(text):
            payload = payload.replace("<\\/", "</")
            name = hashlib.sha256(payload.encode()).hexdigest()[:16] + ".json"
            out.mkdir(parents=True, exist_ok=True)
            (out / name).write_text(payload, encoding="utf-8")
            text = text.replace(f'data-spec="@{ident}"', f'data-spec="{depth}_static/charts/{name}"')
        if text != raw.astext():
            raw.replace_self(nodes.raw("", SPEC.sub("", text), format="html", classes=raw["classes"]))


def page_assets(app, pagename, templatename, context, doctree) -> None:
    """Add the chart script where there are charts, drop unused assets, defer every script."""
    if "companion-chart" in context.get("body", ""):
        app.add_js_file("companion-charts.js", defer="defer")   # appends to this page's script_files

    def used(asset):
        name = getattr(asset, "filename", str(asset)) or ""
        body = getattr(asset, "attributes", {}).get("body", "") or ""
        return not any(u in name for u in UNUSED) and "THEBE_JS_URL" not in body

    scripts = [js for js in context.get("script_files", []) if used(js)]
    for js in scripts:
        attributes = getattr(js, "attributes", None)
        if attributes is not None and getattr(js, "filename", None) and "async" not in attributes:
            attributes["defer"] = "defer"
        elif attributes is not None and "DOCUMENTATION_OPTIONS" in (attributes.get("body") or ""):
            # The theme's inline lines that set DOCUMENTATION_OPTIONS need the now
            # deferred documentation_options.js: an inline module script runs after
            # parsing, in order with the deferred ones, not before them.
            attributes["type"] = "module"
    context["script_files"] = scripts
    context["css_files"] = [css for css in context.get("css_files", []) if used(css)]
