"""Bad data stops the loader, and the build, with the file, row and field named."""
import csv
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT, cx


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    cx._package_cached.cache_clear()
    yield target
    cx._package_cached.cache_clear()


def _edit(path, fn):
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows = fn(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _set(rows, rownum, field, value):
    rows[rownum][rows[0].index(field)] = value
    return rows


CASES = {
    "non-numeric count": (lambda r: _set(r, 3, "count", "many"), "row 3 (line 4), field 'count'", "not an integer"),
    "negative count": (lambda r: _set(r, 5, "count", "-2"), "row 5 (line 6), field 'count'", "below the minimum"),
    "unknown side": (lambda r: _set(r, 7, "side", "Armenia "), "row 7 (line 8), field 'side'", "is not one of"),
    "unknown status": (lambda r: _set(r, 2, "status", "lost"), "row 2 (line 3), field 'status'", "is not one of"),
    "empty required": (lambda r: _set(r, 4, "category", ""), "row 4 (line 5), field 'category'", "required"),
    "duplicate key": (lambda r: r + [r[1]], f"row {54} (line 55), field(s) ['row_order', 'side', 'status']", "duplicate"),
    "missing column": (lambda r: [row[:4] + row[5:] for row in r], "header: missing column 'count'", ""),
    "short row": (lambda r: r[:9] + [r[9][:-2]] + r[10:], "row 9 (line 10)", "cells where the header has"),
}


@pytest.mark.parametrize("case", CASES)
def test_loader_names_file_row_and_field(data_copy, case):
    mutate, where, what = CASES[case]
    _edit(data_copy / "losses.csv", mutate)
    with pytest.raises(cx.DataError) as err:
        cx.load("losses", data_copy)
    message = str(err.value)
    assert message.startswith("data/losses.csv"), message
    assert where in message and what in message, message


def test_clean_data_loads(data_copy):
    assert len(cx.load("losses", data_copy)) == len(cx.load("losses"))


def test_malformed_csv_in_another_resource(data_copy):
    _edit(data_copy / "exports.csv", lambda r: _set(r, 1, "value", "2,74"))
    with pytest.raises(cx.DataError, match=r"data/exports.csv, row 1 \(line 2\), field 'value': '2,74' is not a number"):
        cx.load("exports", data_copy)


def test_the_build_fails_on_bad_data(data_copy, tmp_path):
    """A chapter that loads broken data raises, and Jupyter Book stops with the message."""
    _edit(data_copy / "losses.csv", lambda r: _set(r, 3, "count", "many"))
    book = tmp_path / "book"
    (book / "chapters").mkdir(parents=True)
    shutil.copy(ROOT / "chapters" / "companion.py", book / "chapters")
    (book / "_config.yml").write_text(textwrap.dedent("""\
        title: bad-data check
        only_build_toc_files: true
        execute: {execute_notebooks: force, run_in_temp: false}
        sphinx: {config: {nb_execution_raise_on_error: true, nb_execution_show_tb: true}}
        """))
    (book / "_toc.yml").write_text("format: jb-book\nroot: chapters/page\n")
    (book / "chapters" / "page.md").write_text(textwrap.dedent("""\
        ---
        jupytext: {text_representation: {extension: .md, format_name: myst}}
        kernelspec: {display_name: Python 3, language: python, name: python3}
        ---
        # Page
        ```{code-cell} ipython3
        import companion as cx
        cx.load("losses")
        ```
        """))
    env = dict(os.environ, COMPANION_DATA=str(data_copy))
    jb = ROOT / ".venv" / "bin" / "jupyter-book"
    jb = jb if jb.exists() else shutil.which("jupyter-book")
    proc = subprocess.run([str(jb), "build", str(book), "-W"], env=env, capture_output=True, text=True, timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out[-2000:]
    assert "data/losses.csv, row 3 (line 4), field 'count'" in out, out[-3000:]
