"""Re-running a chapter: the Binder and Colab buttons and the repository link,
only where the repository is known (metadata.site), and the notebook each page offers.

- A page's notebook is its reader notebook (``chapters/<page>.ipynb``, made from
  the chapter by ``companion.notebooks``): Binder's button opens it in the
  repository (the theme prefers an .ipynb beside a page's source).
- The build publishes the same notebook beside the page (``_sources/``) for
  download and for the Colab button. Where the repository is known its records
  link to the online book, and it starts with a cell that fetches the
  companion's code, data and packages in Colab.
- Without a repository there is no launch button and no repository link: not
  the placeholder, nor Jupyter Book's fallback (its own repository).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from . import metadata

COLAB_CELL = """# Added to the published notebook by the book build: in Colab, fetch the
# companion's code, data and packages first (elsewhere this cell does nothing).
import os, sys
if "google.colab" in sys.modules and not os.path.exists("companion"):
    import subprocess
    subprocess.run(["git", "clone", "--depth", "1", "{repo}", "/content/companion"], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", {pins}], check=True)
    os.chdir("/content/companion/chapters")
    sys.path.insert(0, os.getcwd())"""
# What a chapter needs that Colab does not have (the kernel, IPython included, is Colab's own).
COLAB_PACKAGES = ("altair", "vl-convert-python", "pandas", "frictionless", "pybtex")
LAUNCH_SERVICES = ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url", "jupyterlite_url", "thebe")


def configure(app, config) -> None:
    """config-inited (after metadata.configure): the theme's repository and launch options.

    _config.yml names no repository, and Jupyter Book falls back to its own
    where it is asked for one, so the options are always set here."""
    options = config.html_theme_options
    here = metadata.Site(config.companion_repository or None)
    if here.known:
        options["repository_url"] = here.repository_url
        # Off in _config.yml: Jupyter Book refuses the button without a URL there.
        options["use_repository_button"] = True
        return
    options.pop("repository_url", None)
    options["use_repository_button"] = False
    # With no service left the theme adds no launch button (and no link built from a missing address).
    options["launch_buttons"] = {k: v for k, v in options.get("launch_buttons", {}).items() if k not in LAUNCH_SERVICES}


def offer_notebook(app, pagename, templatename, context, doctree) -> None:
    """Offer the page's reader notebook for download (published by publish_notebooks).

    The theme does this only when it makes launch buttons; the downloads
    (downloads.py) and the Colab button need it either way."""
    if app.builder.format != "html" or pagename not in app.env.metadata:
        return
    if "kernelspec" not in app.env.metadata[pagename] or not context.get("sourcename", "").endswith((".md", ".md.txt")):
        return
    if (Path(app.srcdir) / f"{pagename}.ipynb").exists():
        context["ipynb_source"] = f"{pagename}.ipynb"


def colab_button(app, pagename, templatename, context, doctree) -> None:
    here = metadata.site(app)
    if not here.known:
        return

    def walk(buttons):
        for b in buttons:
            if b.get("text") == "Colab":
                b["url"] = (f"https://colab.research.google.com/github/{here.repository}"
                            f"/blob/gh-pages/_sources/{pagename}.ipynb")
            walk(b.get("buttons", []))
    walk(context.get("header_buttons", []))


def publish_notebooks(app, exception) -> None:
    """Put each page's reader notebook beside the page, as committed, or, where the book has an
    address, made afresh with links to the online book and the Colab set-up cell first."""
    if exception or app.builder.format != "html":
        return
    from companion import notebooks

    here = metadata.site(app)
    book = notebooks.Book.read(Path(app.srcdir), here.pages_url) if here.known else None
    cell = _colab_cell(app) if here.known else None
    for docname in sorted(app.env.found_docs):
        source = Path(app.srcdir) / f"{docname}.ipynb"
        if "kernelspec" not in app.env.metadata.get(docname, {}) or not source.exists():
            continue
        target = Path(app.outdir) / "_sources" / f"{docname}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        if book is None:
            shutil.copyfile(source, target)
            continue
        nb = notebooks.Page(book, docname).notebook()
        nb.cells.insert(0, cell)
        target.write_text(notebooks.nbformat_text(nb), encoding="utf-8")


def _colab_cell(app):
    import nbformat

    pins = [line.strip() for line in (Path(app.srcdir) / "requirements.txt").read_text().splitlines()
            if line.split("==")[0].lower() in COLAB_PACKAGES]
    repo = metadata.site(app).repository_url + ".git"
    source = COLAB_CELL.replace("{repo}", repo).replace("{pins}", ", ".join(f'"{p}"' for p in pins))
    return nbformat.v4.new_code_cell(source, id="colab-setup", metadata={"companion": "colab-setup",
                                                                        "tags": ["remove-cell"]})
