"""What a change re-executes: one row of a data file, then the pinned environment.

Used by bench.py (the whole book, through make) and by tests/test_build_tracking.py
(a book of two pages). Each step edits a file, builds, and reports which
notebooks ran and how long the build took; every file is restored afterwards.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

# The later exports: read by appendix F (and the appendices that list or check every file).
DATA_FILE = "data/later_exports.csv"


def executed_pages(log: str) -> list[str]:
    """The pages whose notebooks myst-nb executed in a build's log (cache hits do not count)."""
    return sorted(set(re.findall(r"(chapters/\w+)\.md: Executing notebook", log)))


def edit_one_row(text: str) -> str:
    """The first data row with its value changed (by 0.01): a figure a reader might correct."""
    header, first, *rest = text.split("\n")
    cells = first.split(",")
    value = header.split(",").index("value_usd_bn")
    cells[value] = f"{float(cells[value]) + 0.01:.2f}"
    return "\n".join([header, ",".join(cells), *rest])


def tracked_rebuilds(root: Path, build: Callable[[], str]) -> list[tuple[str, float, list[str]]]:
    """(change, seconds, pages executed) for: nothing changed, one data row edited,
    the row restored, requirements.txt changed (a comment line), and restored."""
    def timed(label: str) -> tuple[str, float, list[str]]:
        start = time.perf_counter()
        log = build()
        return label, time.perf_counter() - start, executed_pages(log)

    data, requirements = root / DATA_FILE, root / "requirements.txt"
    original_data, original_requirements = data.read_text(encoding="utf-8"), requirements.read_text(encoding="utf-8")
    steps = [timed("nothing changed")]
    try:
        data.write_text(edit_one_row(original_data), encoding="utf-8")
        steps.append(timed(f"one row of {DATA_FILE} edited"))
        data.write_text(original_data, encoding="utf-8")
        steps.append(timed("the row restored"))
        # A comment changes the file, not what pip installs: the fingerprint must still change.
        requirements.write_text(original_requirements + "# rebuild-tracking probe\n", encoding="utf-8")
        steps.append(timed("requirements.txt changed"))
    finally:
        data.write_text(original_data, encoding="utf-8")
        requirements.write_text(original_requirements, encoding="utf-8")
    steps.append(timed("requirements.txt restored"))
    return steps


def bench_rows(root: Path, build: Callable[[], str]) -> list[tuple[str, tuple[float, float, float], str]]:
    """tracked_rebuilds as rows of bench.py's build table (one run each; a few pages named)."""
    def note(pages: list[str]) -> str:
        named = ": " + ", ".join(p.removeprefix("chapters/") for p in pages) if 0 < len(pages) < 5 else ""
        return f"{len(pages)} notebooks executed{named}"
    return [(f"Rebuild, {change}", (took, took, took), note(pages)) for change, took, pages in tracked_rebuilds(root, build)]
