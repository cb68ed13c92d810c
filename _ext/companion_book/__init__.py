"""Sphinx glue for the companion book, loaded through _config.yml. One module per job:

- ``numbers``: the roles {art}, {calc} and {later} that check each figure of the
  prose against its record and link it there, and the per-page list of sources;
- ``passages``: the role {passage} that pinpoints the passage of the article a
  sentence retells, and the passage register that lists where each is retold;
- ``execution``: records which data each page's notebook read, makes those
  files dependencies of the page and re-executes a page when they change;
- ``downloads``: each page's links to its notebook and data, and the data zip;
- ``reproduction``: each page's manifest of computed outputs (published beside the pages), its
  line saying when it was last reproduced, and the report of every page's reproduction;
- ``cite``: the "Cite this chapter" section of every page;
- ``metadata``: the repository address and build date of a build, each page's
  citation record and its <meta> tags (reference managers, shared links);
- ``assets``: what a page loads (the local vega bundle, chart specifications
  moved out of the page, no unused or render-blocking scripts);
- ``launch``: launch buttons and repository link (only where the address is
  known), the Colab button, and each page's reader notebook published beside it;
- ``bibliography``: author-year labels in the bibliography, as the text cites;
- ``print_layout``: what the LaTeX builder does differently from the web;
- ``pdfs``: the book PDF's metadata, and the PDFs the web book serves (the
  book's, and each chapter's cut from it) with the header's links to them;
- ``sharing``: the card for shared links and robots.txt, where the book has an address;
- ``standards``: what the W3C checker and pa11y ask where a tool writes otherwise;
- ``search``: search that folds Turkish letters and indexes no code;
- ``toggles``: code-cell toggles whose accessible name is their visible text.
"""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import yaml
from docutils import nodes

# The package beside the chapters (the roles, checks and bibliography style resolve through it).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "chapters"))

from . import (  # noqa: E402
    assets,
    bibliography,
    cite,
    downloads,
    execution,
    launch,
    metadata,
    numbers,
    passages,
    pdfs,
    print_layout,
    reproduction,
    sharing,
    standards,
)


def _configure(app, config) -> None:
    # Kernels started by the build inherit this: chapters then output charts for the book.
    os.environ["COMPANION_BOOK_BUILD"] = "1"
    cff = yaml.safe_load((Path(app.srcdir) / "CITATION.cff").read_text(encoding="utf-8"))
    config.version = config.release = str(cff["version"])
    # Added here, not in _config.yml: html_theme_options there would replace the
    # options Jupyter Book derives from it (launch buttons, repository).
    config.html_theme_options.update({"search_bar_text": "Search…", "show_toc_level": 2})
    # pydata-sphinx-theme reads the default mode from html_context; left empty it
    # logs "invalid theme mode" on every page. Charts are drawn for light pages.
    config.html_context = {**(config.html_context or {}), "default_mode": "light"}
    # The extension's own static files (not _static/, whose files Jupyter Book
    # would add to every page): styles and the chart script, added where needed.
    config.html_static_path = [*config.html_static_path, str(Path(__file__).parent / "static")]


def _end_of_page(app, doctree, docname) -> None:
    """Blocks that need the whole book known: the citation, and (web only) the downloads."""
    if app.builder.format == "latex":
        print_layout.resolve_book(app, doctree, docname)
        return
    cite.fill(app, doctree, docname)
    if docname.startswith("chapters/"):
        section = next((s for s in doctree.findall(nodes.section) if "companion-cite" in s["classes"]), None)
        box = downloads.block(app, docname)
        box += reproduction.line(app, docname)
        if section is not None:
            section.parent.insert(section.parent.index(section), box)
        else:
            doctree.children[-1] += box


def setup(app):
    app.connect("config-inited", _configure)
    metadata.setup(app)
    app.connect("config-inited", launch.configure, priority=450)
    execution.setup(app)
    reproduction.setup(app)     # after execution: a manifest names the data the page read
    bibliography.setup(app)
    numbers.setup(app)
    passages.setup(app)
    pdfs.setup(app)
    sharing.setup(app)
    standards.setup(app)
    # Before Sphinx's table-of-contents collector, so that the section gets its number (web).
    app.connect("doctree-read", cite.add_section, priority=450)
    app.connect("doctree-resolved", _end_of_page)
    app.connect("doctree-resolved", assets.move_chart_specs)
    app.connect("builder-inited", assets.write_bundle)
    app.connect("html-page-context", assets.page_assets, priority=900)
    app.connect("build-finished", downloads.copy_data)
    app.connect("build-finished", assets.write_used_theme_css)
    app.connect("build-finished", launch.publish_notebooks)
    app.connect("html-page-context", launch.offer_notebook, priority=499)   # before the theme's buttons (501)
    app.connect("html-page-context", launch.colab_button, priority=600)
    cite.setup(app)
    app.setup_extension(f"{__name__}.search")   # search: folding, no code in the index
    app.setup_extension(f"{__name__}.toggles")  # code toggles named by their visible text
    app.add_css_file("companion-icons.css")
    app.add_css_file("companion-page.css")
    app.add_css_file("companion.css")
    # A changed extension changes how every page is read, so Sphinx starts a fresh
    # environment; executions stay cached (their inputs are fingerprinted apart).
    # Its scripts and stylesheets count too: with no page out of date Sphinx copies
    # no static file, and the site would keep the old ones.
    here = Path(__file__).parent
    code = b"".join(p.read_bytes() for p in sorted([*here.glob("*.py"), *here.glob("static/*")]))
    return {"version": "0.2", "env_version": int(hashlib.sha256(code).hexdigest()[:12], 16),
            "parallel_read_safe": False, "parallel_write_safe": True}
