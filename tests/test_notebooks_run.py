"""Every chapter runs top to bottom from its own folder as a plain notebook (as in
JupyterLab or Binder): jupytext reads the MyST file, nbclient executes it in a
fresh kernel of the environment built from requirements.txt alone (.venv), with
no book build around it."""
import json
import os

import jupytext
import nbclient
import nbformat
import pytest
from bs4 import BeautifulSoup

from conftest import HTML, ROOT

PAGES = sorted(ROOT.glob("chapters/*.md"))
NOTEBOOKS = [p for p in PAGES if "kernelspec" in jupytext.read(p).metadata]
PROSE_ONLY = {"appendix_d_glossary", "appendix_g_method"}   # prose only: the glossary; method and limits


def test_every_page_but_two_of_prose_is_a_notebook():
    assert {p.stem for p in PAGES} - {p.stem for p in NOTEBOOKS} == PROSE_ONLY


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda p: p.stem)
def executed(request, tmp_path_factory):
    """The notebook run once, with a last cell that prints the resources it read."""
    path = request.param
    nb = jupytext.read(path)
    nb.cells.append(nbformat.v4.new_code_cell("import companion, json; print(json.dumps(companion.data.reads()))"))
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    saved = os.environ.pop("COMPANION_BOOK_BUILD", None)   # as outside a book build
    try:
        client.execute()
    finally:
        if saved is not None:
            os.environ["COMPANION_BOOK_BUILD"] = saved
    return path, nb


def test_charts_show_under_their_cells_as_altair_output(executed):
    path, nb = executed
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    charts = [o for o in outputs if any(k.startswith("application/vnd.vegalite") for k in o.get("data", {}))
              or "vegaEmbed" in o.get("data", {}).get("text/html", "")]
    # Outside a book build a chart is ordinary Altair output, once per cx.figure call;
    # the book's offline SVG/PDF pair is made only by the build.
    assert len(charts) == path.read_text(encoding="utf-8").count("cx.figure(")
    assert not [o for o in outputs if "companion-chart" in json.dumps(o.get("data", {}))]
    assert all(o["data"]["text/plain"].startswith("[Chart] ") for o in charts)   # described, not "<object at 0x…>"


def test_the_page_offers_exactly_the_data_its_notebook_reads(executed):
    path, nb = executed
    read = json.loads(nb.cells[-1].outputs[-1]["text"])
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    files = {r["name"]: r["path"] for r in descriptor["resources"]}
    page = BeautifulSoup((HTML / "chapters" / f"{path.stem}.html").read_text(encoding="utf-8"), "html.parser")
    offered = [a.get_text() for a in page.select("a.companion-data-file")]
    assert offered == [files[name] for name in read]
