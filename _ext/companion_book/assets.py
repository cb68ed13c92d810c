"""What a page downloads: nothing from another host, nothing it does not use.

- vega (with vega-lite and vega-embed) is written from the vl-convert package
  into _static, and loaded by companion-charts.js only when a reader first
  hovers, focuses or taps a chart;
- each chart's Vega specification, which the notebook output carries inline,
  is moved into a file of its own under _static/charts/ that the same script
  fetches on demand, so that the page itself holds only the drawn SVG;
- assets the book does not use (Thebe, the tab script, the icon font) are
  dropped from the page's asset lists, and so are those a page does not use
  (copy buttons where it has no code block, ...); scripts are deferred so that
  none blocks the first paint;
- the theme's stylesheet (400 KB, mostly Bootstrap utilities the book never
  uses) is linked as a copy that keeps only the rules whose class and id names
  occur in the built pages or in the scripts they load; the rules are read and
  written by a CSS parser (tinycss2), and the theme's file itself is untouched.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import tinycss2
from bs4 import BeautifulSoup
from docutils import nodes

BUNDLE = "companion-vega.js"
# The theme's stylesheet and the copy of it that pages link (_templates/static/webpack-macros.html).
THEME_CSS = "styles/pydata-sphinx-theme.css"
USED_THEME_CSS = "styles/pydata-sphinx-theme.used.css"
# At-rules whose blocks hold style rules, filtered like the top level; any other is kept whole.
GROUPING_AT_RULES = {"media", "supports", "container", "layer", "document"}
UNUSED = ("thebe", "fontawesome", "design-tabs.js")
# Assets a page loads only when its body has what they act on:
# CSS selector of what they act on -> names in the asset's file name or inline code.
ONLY_WHERE_USED = {
    ".toggle, .admonition.dropdown": ("togglebutton", "toggleHint", "toggleOpenOnPrint"),  # sphinx-togglebutton
    "div.highlight pre": ("copybutton", "clipboard.min.js"),                             # copy buttons on code
    "[class*='sd-']": ("sphinx-design",),                                                # sphinx-design's components
}
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


DOCUTILS_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'


def page_assets(app, pagename, templatename, context, doctree) -> None:
    """Per page: the chart script where there are charts, no asset the page does not use,
    and no script that blocks the first paint."""
    body = context.get("body", "")
    if "companion-chart" in body:
        app.add_js_file("companion-charts.js", defer="defer")   # appends to this page's script_files
    app.add_js_file("companion-page.js", defer="defer")
    soup = BeautifulSoup(body, "html.parser")
    unused = UNUSED + tuple(name for selector, names in ONLY_WHERE_USED.items()
                            if soup.select_one(selector) is None for name in names)

    def used(asset):
        name = str(getattr(asset, "filename", asset) or "")
        text = getattr(asset, "attributes", {}).get("body", "") or ""
        return not any(u in name or u in text for u in unused) and "THEBE_JS_URL" not in text

    # The search page's own scripts are deferred too, after these (_templates/search.html).
    context["script_files"] = [_deferred(js) for js in context.get("script_files", []) if used(js)]
    context["css_files"] = [css for css in context.get("css_files", []) if used(css)]
    # Sphinx's layout writes the viewport meta tag; docutils' HTML writer adds its own.
    context["metatags"] = context.get("metatags", "").replace(DOCUTILS_VIEWPORT, "")


def _deferred(js):
    """The same script, deferred; an inline one that uses DOCUMENTATION_OPTIONS (defined
    by a deferred file) runs once the deferred files have run, at DOMContentLoaded."""
    if not hasattr(js, "attributes"):   # an old-style string: left as it is
        return js
    attributes, filename = dict(js.attributes), js.filename
    if filename and "async" not in attributes:
        attributes["defer"] = "defer"
    elif not filename and "DOCUMENTATION_OPTIONS" in attributes.get("body", ""):
        attributes["body"] = f'document.addEventListener("DOMContentLoaded", () => {{ {attributes["body"]} }});'
    else:
        return js
    return type(js)(filename, priority=js.priority, **attributes)


def write_used_theme_css(app, exception) -> None:
    """Write the theme's stylesheet less the rules no page can match (see the module's docstring).

    A rule stays when one of its selectors names only classes and ids that occur as
    words in some built page or in a script the pages load (scripts add classes such
    as "show" or "pst-squeeze"); names inside :not(), :is() or attribute selectors are
    not looked at, so such rules stay. Run after every build, over every page.
    """
    if exception or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    words = _words_of_pages(outdir)
    rules = tinycss2.parse_stylesheet((outdir / "_static" / THEME_CSS).read_text(encoding="utf-8"),
                                      skip_comments=True, skip_whitespace=True)
    (outdir / "_static" / USED_THEME_CSS).write_text(_used_rules(rules, words), encoding="utf-8")


def _words_of_pages(outdir: Path) -> set[str]:
    texts, scripts = [], set()
    for page in outdir.rglob("*.html"):
        if "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        texts.append(text)
        for script in BeautifulSoup(text, "html.parser").select("script[src]"):
            scripts.add((page.parent / script["src"].split("?")[0]).resolve())
    texts += [s.read_text(encoding="utf-8") for s in scripts if s.exists() and s.name != BUNDLE]
    return {word for text in texts for word in re.findall(r"[\w-]+", text)}


def _used_rules(rules, words: set[str]) -> str:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            if _any_selector_used(rule.prelude, words):
                kept.append(rule.serialize())
        elif rule.type == "at-rule" and rule.lower_at_keyword in GROUPING_AT_RULES and rule.content is not None:
            inner = _used_rules(tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                               skip_whitespace=True), words)
            if inner:
                kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}")
        elif rule.type == "at-rule":
            kept.append(rule.serialize())
    return "\n".join(kept)


def _any_selector_used(prelude, words: set[str]) -> bool:
    names, previous = [], None
    for token in [*prelude, tinycss2.ast.LiteralToken(0, 0, ",")]:
        after_dot = previous is not None and previous.type == "literal" and previous.value == "."
        if token.type == "literal" and token.value == ",":     # the end of one selector of the list
            if all(name in words for name in names):
                return True
            names = []
        elif (token.type == "ident" and after_dot) or (token.type == "hash" and token.is_identifier):
            names.append(token.value)                        # a class or an id
        previous = token
    return False
