"""Re-running a chapter: the Binder and Colab buttons and the repository link,
only where the repository is known (metadata.site).

- The Colab button opens the executed notebook that the deployment publishes
  (Colab cannot open MyST Markdown), and that notebook starts with a cell
  that fetches the companion's code and data in Colab.
- Without a repository there is no launch button and no repository link: not
  the placeholder, nor Jupyter Book's fallback (its own repository).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from . import metadata

COLAB_CELL = """# Added to the downloadable notebook by the book build: in Colab, fetch the
# companion's code and data first (elsewhere this cell does nothing).
import os, sys
if "google.colab" in sys.modules and not os.path.exists("companion"):
    import subprocess
    subprocess.run(["git", "clone", "--depth", "1", "{repo}", "/content/companion"], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", {pins}], check=True)
    os.chdir("/content/companion/chapters")
    sys.path.insert(0, os.getcwd())"""
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
    """Put the executed notebook beside the page's sources for download.

    The theme does this only when it makes launch buttons; the downloads
    (downloads.py) and the Colab button need it either way."""
    if app.builder.format != "html" or pagename not in app.env.metadata:
        return
    if "kernelspec" not in app.env.metadata[pagename] or not context.get("sourcename", "").endswith((".md", ".md.txt")):
        return
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if executed.exists():
        target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(executed, target)
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


def colab_notebooks(app, exception) -> None:
    if exception or app.builder.format != "html" or not metadata.site(app).known:
        return
    import nbformat

    wanted = ("altair", "vl-convert-python", "myst-nb", "pandas", "frictionless")
    pins = [line.strip() for line in (Path(app.srcdir) / "requirements.txt").read_text().splitlines()
            if line.split("==")[0].lower() in wanted]
    repo = metadata.site(app).repository_url + ".git"
    source = COLAB_CELL.replace("{repo}", repo).replace("{pins}", ", ".join(f'"{p}"' for p in pins))
    for path in (Path(app.outdir) / "_sources" / "chapters").glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        if nb.cells and nb.cells[0].get("metadata", {}).get("companion") == "colab-setup":
            if "".join(nb.cells[0].source) == source:
                continue
            nb.cells.pop(0)   # written by a build from another address
        nb.cells.insert(0, nbformat.v4.new_code_cell(source, metadata={"companion": "colab-setup", "tags": ["remove-cell"]}))
        nbformat.write(nb, path)
