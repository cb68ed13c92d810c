"""Downloads: each chapter page links to its notebook (the reader notebook, see
launch.py) and to the CSV files its notebook read (as recorded by the loader);
the build copies the data package, and one zip of it, next to the pages."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

from docutils import nodes

from .execution import reads


def _paths(app) -> dict[str, str]:
    descriptor = json.loads((Path(app.srcdir) / "data" / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r["path"] for r in descriptor["resources"]}


def block(app, docname: str) -> nodes.Element:
    """The download block of one page: notebook, the files it read, the whole package."""
    depth = "../" * docname.count("/")
    names = reads(app.env, docname)
    paths = _paths(app)
    box = nodes.container(classes=["companion-downloads"])
    para = nodes.paragraph()
    para += nodes.strong(text="Download: ")
    if "kernelspec" in app.env.metadata.get(docname, {}):
        para += nodes.Text("the notebook ")
        stem = docname.split("/")[-1]
        para += nodes.reference("", f"{stem}.ipynb", refuri=f"{depth}_sources/{docname}.ipynb", classes=["download-link"])
        para += nodes.Text("; the data this page reads:" if names else ". This page reads no data file.")
    else:  # a page of prose only: there is no notebook to offer
        para += nodes.Text("this page runs no code and reads no data file.")
    box += para
    if names:
        items = nodes.bullet_list(classes=["companion-data-files"])
        for name in names:
            item = nodes.list_item()
            item += nodes.paragraph("", "", nodes.reference("", paths[name], refuri=f"{depth}_static/data/{paths[name]}",
                                                            classes=["download-link", "companion-data-file"]))
            items += item
        box += items
    whole = nodes.paragraph()
    whole += nodes.Text("The whole data package: ")
    whole += nodes.reference("", "companion-data.zip", refuri=f"{depth}_static/data/companion-data.zip",
                             classes=["download-link"])
    whole += nodes.Text(".")
    box += whole
    return box


def copy_data(app, exception) -> None:
    if exception or app.builder.format != "html":
        return
    out = Path(app.outdir) / "_static" / "data"
    out.mkdir(parents=True, exist_ok=True)
    data = Path(app.srcdir) / "data"
    files = sorted(p for p in data.iterdir() if p.suffix in (".csv", ".json", ".md"))
    with zipfile.ZipFile(out / "companion-data.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        for p in files:
            (out / p.name).write_bytes(p.read_bytes())
            zf.write(p, f"companion-data/{p.name}")
        zf.write(Path(app.srcdir) / "LICENSE-CONTENT.md", "companion-data/LICENSE-CONTENT.md")
