"""Sphinx glue for the companion book (loaded through _config.yml).

- Marks the build so that chapters output charts for the book
  (offline HTML + vector PDF, see chapters/companion.py).
- Serves vega, vega-lite and vega-embed from the book's own _static folder,
  built from the vl-convert package: no page loads anything from another host.
  The bundle is added only to pages that hold a chart.
"""
from __future__ import annotations

import os
from pathlib import Path

BUNDLE = "companion-vega.js"


def _mark_build(app, config):
    # Kernels started by the build inherit this environment variable.
    os.environ["COMPANION_BOOK_BUILD"] = "1"


def _write_bundle(app):
    if app.builder.format != "html":
        return
    import vl_convert as vlc

    target = Path(app.outdir) / "_static" / BUNDLE
    stamp = f"/* vl-convert {vlc.get_vegalite_versions()[-1]} vega {vlc.get_vega_version()} */\n"
    if target.exists() and target.read_text(encoding="utf-8")[: len(stamp)] == stamp:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    # Wrapped in a function so that the bundle's top-level names stay private:
    # a classic deferred script works from file:// too, where modules do not.
    target.write_text(stamp + "(function(){\n" + vlc.javascript_bundle() + "\n})();\n", encoding="utf-8")


def _page_scripts(app, pagename, templatename, context, doctree):
    if "companion-chart" in context.get("body", ""):
        app.add_js_file(BUNDLE, defer="defer")


def setup(app):
    app.connect("config-inited", _mark_build)
    app.connect("builder-inited", _write_bundle)
    app.connect("html-page-context", _page_scripts)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
