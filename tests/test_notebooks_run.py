"""Every chapter runs top to bottom from its own folder as a plain notebook (as in
JupyterLab or Binder): jupytext reads the MyST file, nbclient executes it in a
fresh kernel of the environment built from requirements.txt alone (.venv), with
no book build around it."""
import os

import jupytext
import nbclient
import pytest

from conftest import ROOT

CHAPTERS = sorted(p for p in (ROOT / "chapters").glob("*.md"))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_executes_as_a_notebook(path, monkeypatch):
    monkeypatch.delenv("COMPANION_BOOK_BUILD", raising=False)
    nb = jupytext.read(path)
    if not any(c.cell_type == "code" for c in nb.cells):
        pytest.skip("no code")
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    charts = [o for o in outputs if any(k.startswith("application/vnd.vegalite") for k in o.get("data", {}))
              or "vegaEmbed" in str(o.get("data", {}).get("text/html", ""))]
    # Outside a book build, charts are shown under their cell as ordinary Altair
    # output (Altair's own renderer), not the book's offline HTML/PDF pair.
    expected = path.read_text(encoding="utf-8").count("cx.figure(")
    assert len(charts) >= min(expected, 1)
    assert all("application/pdf" not in o["data"] and "companion-chart" not in str(o["data"]) for o in charts)
