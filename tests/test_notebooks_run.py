"""Every reader notebook runs top to bottom from its own folder as a plain notebook, as in
JupyterLab or Binder: nbclient executes chapters/<page>.ipynb in a fresh kernel of the
reader's environment (Binder's JupyterLab with requirements.txt over it, .venv/binder,
made by ``make binder-env``), with no book build around it. Its charts are inline SVG
with the data under them, it imports none of the book's machinery, it writes no MyST
into its outputs, and no cell has more outputs than JupyterLab shows."""
import json
import os
import re
from pathlib import Path

import nbclient
import nbformat
import pytest
from bs4 import BeautifulSoup

from conftest import HTML, ROOT, figure_calls

PAGES = sorted(ROOT.glob("chapters/*.md"))
NOTEBOOKS = [p.with_suffix(".ipynb") for p in PAGES if "kernelspec:" in p.read_text(encoding="utf-8")]
# Prose only: the glossary; method and limits; the reproduction record (a table the build writes).
PROSE_ONLY = {"appendix_d_glossary", "appendix_g_method", "appendix_j_reproduction"}
READER_PYTHON = ROOT / ".venv" / "binder" / "bin" / "python"
BUILD_MACHINERY = {"myst_nb", "sphinx", "docutils", "jupyter_book", "jupytext", "jupyter_cache"}
MAX_OUTPUTS = 50          # JupyterLab shows a cell's first 50 outputs, the rest behind a button
RAW_MYST = re.compile(r"\{[a-z][\w:-]*\}`|^:::|```\{|^\([\w-]+\)=$", re.M)
LAST_CELL = ("import companion, json, sys; print(json.dumps({'reads': companion.data.reads(), "
             "'modules': sorted({m.split('.')[0] for m in sys.modules})}))")


def test_every_page_but_three_of_prose_is_a_notebook():
    assert {p.stem for p in PAGES} - {p.stem for p in NOTEBOOKS} == PROSE_ONLY


@pytest.fixture(scope="session")
def reader_kernel(tmp_path_factory) -> str:
    """A kernel spec for the reader's environment, found through JUPYTER_PATH."""
    if not READER_PYTHON.exists():
        pytest.fail(f"{READER_PYTHON} is missing: run `make binder-env` (Binder's JupyterLab and requirements.txt)",
                    pytrace=False)
    share = tmp_path_factory.mktemp("kernels")
    spec = share / "kernels" / "companion-reader"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(READER_PYTHON), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "The reader's environment", "language": "python"}))
    saved = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(share), saved]))
    yield "companion-reader"
    if saved is None:
        os.environ.pop("JUPYTER_PATH")
    else:
        os.environ["JUPYTER_PATH"] = saved


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda p: p.stem)
def executed(request, reader_kernel):
    """The notebook run once, with a last cell that prints the resources it read and the modules it imported."""
    path = request.param
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(LAST_CELL))
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name=reader_kernel,
                                     resources={"metadata": {"path": str(path.parent)}})
    saved = os.environ.pop("COMPANION_BOOK_BUILD", None)   # as outside a book build
    try:
        client.execute()
    finally:
        if saved is not None:
            os.environ["COMPANION_BOOK_BUILD"] = saved
    return path, nb, json.loads(nb.cells[-1].outputs[-1]["text"])


def outputs(nb) -> list[dict]:
    return [o for c in nb.cells[:-1] if c.cell_type == "code" for o in c.get("outputs", [])]


def test_charts_show_under_their_cells_as_svg_with_their_data(executed):
    path, nb, _ = executed
    shown = [o["data"]["text/html"] for o in outputs(nb) if "companion-chart" in o.get("data", {}).get("text/html", "")]
    calls = figure_calls("\n".join(c.source for c in nb.cells[:-1] if c.cell_type == "code"))
    assert len(shown) == len(calls)
    for html in shown:
        chart = BeautifulSoup(html, "html.parser")
        svg = chart.select_one(".companion-chart svg")
        assert svg is not None and svg.select("path, rect, line, circle"), "a chart without a drawing"
        assert not chart.find("script") and "http" not in re.sub(r'xmlns(:\w+)?="[^"]+"', "", html)
        assert svg.find("title") is not None, "no tooltip on any mark"
    assert sum("<details>" in html for html in shown) == sum(any(k.arg == "data" for k in c.keywords) for c in calls)


def test_a_chapter_imports_none_of_the_books_machinery(executed):
    _, _, last = executed
    assert BUILD_MACHINERY & set(last["modules"]) == set()


def test_outputs_hold_no_myst_and_fit_what_jupyterlab_shows(executed):
    _, nb, _ = executed
    assert max(len(c.get("outputs", [])) for c in nb.cells if c.cell_type == "code") <= MAX_OUTPUTS
    markdown = [o["data"]["text/markdown"] for o in outputs(nb) if "text/markdown" in o.get("data", {})]
    html = [o["data"]["text/html"] for o in outputs(nb) if "text/html" in o.get("data", {})]
    assert [m[:200] for m in markdown + html if RAW_MYST.search(m)] == []
    assert [o for o in outputs(nb) if o["output_type"] == "error" or o.get("name") == "stderr"] == []


def test_the_page_offers_exactly_the_data_its_notebook_reads(executed):
    path, _, last = executed
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    files = {r["name"]: r["path"] for r in descriptor["resources"]}
    page = BeautifulSoup((HTML / "chapters" / f"{Path(path).stem}.html").read_text(encoding="utf-8"), "html.parser")
    offered = [a.get_text() for a in page.select("a.companion-data-file")]
    assert offered == [files[name] for name in last["reads"]]
