"""The code is linted and kept small: ruff over every Python file and over the
chapters' code cells (read with jupytext), no Python file over 400 lines, the
chapters' code no longer than half of what it was before the package, and no
layout in it (phone and desktop widths, label wrapping live in companion.layouts)."""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

from companion import layouts
from conftest import ROOT

RUFF = Path(sys.executable).with_name("ruff")
CHAPTERS = sorted(p for p in (ROOT / "chapters").glob("*.md") if "kernelspec:" in p.read_text(encoding="utf-8"))
CODE_LINES_BEFORE = 1590       # the chapters' code cells before the package (issue 10)


def ruff(*args) -> subprocess.CompletedProcess:
    if not RUFF.exists():
        pytest.fail(f"ruff is missing from the environment ({RUFF}): it is pinned in requirements.txt")
    return subprocess.run([str(RUFF), "check", "--no-cache", "--output-format", "concise", *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True)


def code_cells(path: Path) -> list[str]:
    return [c.source for c in jupytext.read(path).cells if c.cell_type == "code"]


def test_ruff_passes_on_the_python_files():
    proc = ruff("chapters/companion", "_ext", "tests", "benchmarks", "faults")
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_ruff_passes_on_the_chapters_code(tmp_path):
    for path in CHAPTERS:
        # One module per chapter, its code cells in order: what a reader runs top to bottom.
        (tmp_path / f"{path.stem}.py").write_text("\n\n".join(code_cells(path)) + "\n", encoding="utf-8")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    proc = subprocess.run([str(RUFF), "check", "--no-cache", "--output-format", "concise", "."], cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_the_linter_reports_a_planted_error(tmp_path):
    """The two tests above could pass by linting nothing: show that ruff, as called, fails on bad code."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n", encoding="utf-8")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    proc = subprocess.run([str(RUFF), "check", "--no-cache", str(bad)], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode != 0 and "F401" in proc.stdout


def test_no_python_file_over_400_lines():
    files = [p for d in ("chapters", "_ext", "tests", "benchmarks", "faults") for p in (ROOT / d).rglob("*.py")]
    long = {p.relative_to(ROOT).as_posix(): n for p in files if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert files and not long, long


def test_chapters_hold_at_most_half_the_code_they_held():
    lines = sum(len(src.splitlines()) for path in CHAPTERS for src in code_cells(path))
    assert 0 < lines <= CODE_LINES_BEFORE // 2, lines


def test_the_chapters_draw_charts_without_layout():
    """A chart is drawn once; its designs (680, 340 and 460 px) are fitted by companion.layouts, by figure name."""
    code = "\n".join(src for path in CHAPTERS for src in code_cells(path))
    assert not re.findall(r"\bdef \w+\(width\)|\bwidth > 400|\bin_lines\(|charts\.band\(|font_size\(", code)
    drawn = set(re.findall(r'cx\.figure\("(\w+)"', code))
    assert set(layouts.RULES) <= drawn, set(layouts.RULES) - drawn


# What opens a file: pandas' readers, open(), Path.read_*, json and csv loads. (A link to a file,
# as appendix A writes them, opens nothing.)
OPENS_A_FILE = re.compile(r"\bpd\.read_\w+\(|\bopen\(|\.read_(?:text|bytes)\(|\bjson\.load\(|\bcsv\.\w*reader\(")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapters_read_data_only_through_the_package(path):
    """The page links the data files its notebook read, and the build re-executes it when one of
    them changes, both from what cx.load records: a file opened any other way would drop out of
    both (issue 28: a chart stayed stale after an edit of its file). So a chapter opens nothing
    itself; the package's loader does, and records it."""
    found = [line.strip() for src in code_cells(path) for line in src.splitlines() if OPENS_A_FILE.search(line)]
    assert not found, found
