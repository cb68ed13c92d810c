"""Re-running a chapter: the Colab button opens the executed notebook that the
deployment publishes (Colab cannot open MyST Markdown), and that notebook
starts with a cell that fetches the companion's code and data in Colab."""
from __future__ import annotations

import re
from pathlib import Path

COLAB_CELL = """# Added to the downloadable notebook by the book build: in Colab, fetch the
# companion's code and data first (elsewhere this cell does nothing).
import os, sys
if "google.colab" in sys.modules and not os.path.exists("companion"):
    import subprocess
    subprocess.run(["git", "clone", "--depth", "1", "{repo}", "/content/companion"], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", {pins}], check=True)
    os.chdir("/content/companion/chapters")
    sys.path.insert(0, os.getcwd())"""


def _repository(app) -> re.Match | None:
    repo = (app.config.html_theme_options.get("repository_url") or "").rstrip("/")
    return re.fullmatch(r"https://github\.com/([^/]+)/([^/]+)", repo)


def colab_button(app, pagename, templatename, context, doctree) -> None:
    m = _repository(app)
    if not m:
        return

    def walk(buttons):
        for b in buttons:
            if b.get("text") == "Colab":
                b["url"] = (f"https://colab.research.google.com/github/{m.group(1)}/{m.group(2)}"
                            f"/blob/gh-pages/_sources/{pagename}.ipynb")
            walk(b.get("buttons", []))
    walk(context.get("header_buttons", []))


def colab_notebooks(app, exception) -> None:
    if exception or app.builder.format != "html":
        return
    import nbformat

    repo = (app.config.html_theme_options.get("repository_url") or "").rstrip("/")
    wanted = ("altair", "vl-convert-python", "myst-nb", "pandas", "frictionless")
    pins = [line.strip() for line in (Path(app.srcdir) / "requirements.txt").read_text().splitlines()
            if line.split("==")[0].lower() in wanted]
    source = COLAB_CELL.replace("{repo}", repo + ".git").replace("{pins}", ", ".join(f'"{p}"' for p in pins))
    for path in (Path(app.outdir) / "_sources" / "chapters").glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        if nb.cells and nb.cells[0].get("metadata", {}).get("companion") == "colab-setup":
            continue
        nb.cells.insert(0, nbformat.v4.new_code_cell(source, metadata={"companion": "colab-setup", "tags": ["remove-cell"]}))
        nbformat.write(nb, path)
