"""The two pinned environments: what each weighs in a fresh venv and how long it takes to install.

- requirements.txt: what a reader needs to re-run the chapters (Binder installs it over its
  own JupyterLab and kernel). Measured alone, and shown to run every chapter: each reader
  notebook's code cells, in order, in an IPython shell of that venv (it has no Jupyter kernel).
- requirements-book.txt: the same plus the book's build, test and lint tools (make book, make test).

Each is installed with pip's cache off, so that every wheel is fetched as on a fresh machine
(Binder's image build, a CI runner). Used by bench.py (``make bench``, or ``bench.py --environments-only``).
"""
from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

FILES = ("requirements.txt", "requirements-book.txt")
LIMIT_MIB = {"requirements.txt": 400}     # the reader's environment, on disk (du)
# Runs one reader notebook's code cells in order, as a kernel would, in the environment's own IPython.
RUN_NOTEBOOK = """import json, sys
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
for cell in json.load(open(sys.argv[1], encoding="utf-8"))["cells"]:
    if cell["cell_type"] == "code" and not shell.run_cell("".join(cell["source"]), silent=True).success:
        sys.exit(f"{sys.argv[1]}: a cell failed")
"""


def _mib(path: Path, apparent: bool = False) -> float:
    out = subprocess.run(["du", "-s", "--block-size=1", *(["--apparent-size"] if apparent else []), str(path)],
                         capture_output=True, text=True, check=True).stdout
    return int(out.split()[0]) / 2**20


def measure(root: Path, name: str) -> dict:
    """A fresh venv of one requirements file: install time, size, packages, and (for the reader's)
    whether every chapter runs in it."""
    with tempfile.TemporaryDirectory(prefix="companion-env-") as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        start = time.perf_counter()
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-cache-dir",
                        "-r", str(root / name)], cwd=root, check=True)
        took = time.perf_counter() - start
        frozen = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "list", "--format=json"],
                                capture_output=True, text=True, check=True).stdout
        result = {"file": name, "seconds": took, "mib": _mib(venv), "apparent_mib": _mib(venv, apparent=True),
                  "packages": len(json.loads(frozen)), "chapters": None}
        if name == "requirements.txt":
            notebooks = sorted((root / "chapters").glob("*.ipynb"))
            failed = [nb.name for nb in notebooks
                      if subprocess.run([str(venv / "bin" / "python"), "-c", RUN_NOTEBOOK, str(nb)], cwd=root / "chapters",
                                        capture_output=True, text=True).returncode]
            result["chapters"] = f"{len(notebooks) - len(failed)} of {len(notebooks)} run" + (
                f" (failed: {', '.join(failed)})" if failed else "")
        shutil.rmtree(venv, ignore_errors=True)
        return result


def section(root: Path) -> list[str]:
    """The results' table, one row per environment, and whether the reader's meets its limit."""
    rows = [measure(root, name) for name in FILES]
    when = (f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}")
    lines = [f"Measured {when}. Each file installed into a fresh venv (`python -m venv`, then "
             "`pip install --no-cache-dir -r FILE`; the venv's own pip and setuptools included in the size). "
             "Size: disk usage (`du`), with the apparent size of the files beside it.", "",
             "| environment | what it is for | install s | size MiB (apparent) | packages | chapters |",
             "|---|---|---:|---:|---:|---|"]
    purpose = {"requirements.txt": "re-running the chapters (Binder, Colab, JupyterLab)",
               "requirements-book.txt": "building the book, the tests and the lint (`-r requirements.txt` and tools)"}
    for r in rows:
        lines.append(f"| `{r['file']}` | {purpose[r['file']]} | {r['seconds']:.0f} | {r['mib']:.0f} "
                     f"({r['apparent_mib']:.0f}) | {r['packages']} | {r['chapters'] or '–'} |")
    reader = rows[0]
    verdict = "met" if reader["mib"] <= LIMIT_MIB["requirements.txt"] else "NOT MET"
    return lines + ["", f"- The reader's environment at most {LIMIT_MIB['requirements.txt']} MiB: "
                        f"{reader['mib']:.0f} MiB — {verdict}.",
                    "- Until issue 26 one requirements.txt held both, the book's environment above: Binder built "
                    "and pulled all of it."]


def replace_section(text: str, title: str, lines: list[str]) -> str:
    """The results with the section ``## title`` replaced by these lines (added before "## Pages" if absent)."""
    block = f"## {title}\n\n" + "\n".join(lines) + "\n\n"
    start = text.find(f"## {title}\n")
    if start >= 0:
        end = text.find("\n## ", start + 1)
        return text[:start] + block + (text[end + 1:] if end >= 0 else "")
    anchor = text.find("## Pages\n")
    return text[:anchor] + block + text[anchor:] if anchor >= 0 else text + "\n" + block


def kept(results: Path, title: str) -> list[str]:
    """A section of the last full run (builds, environments), kept when a run measures pages only."""
    text = results.read_text(encoding="utf-8") if results.exists() else ""
    found = re.search(rf"^## {title}\n(.*?)(?=^## )", text, re.S | re.M)
    return found.group(1).strip("\n").splitlines() if found else ["(not measured yet: run `make bench`)"]


def update(results: Path, output: Path, root: Path) -> None:
    """Measure the environments and write them into the results, every other section kept."""
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmarks\n\n"
    output.write_text(replace_section(text, "Environments", section(root)), encoding="utf-8")
    print(output.read_text(encoding="utf-8"))
