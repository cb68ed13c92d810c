"""How long `make reproduce` takes: a fresh environment from requirements.txt (and the kernel of
reproduction/kernel.txt), then every page re-run and compared (issue 27).

    python benchmarks/reproduce_time.py     # run make reproduce, write the "Reproduction" section

Used by bench.py (``make bench``) too. The run rewrites reproduction/record.json, as make
reproduce always does: commit it when the book's pages changed.
"""
from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results.md"


def section(root: Path = ROOT) -> list[str]:
    start = time.perf_counter()
    proc = subprocess.run(["make", "reproduce"], cwd=root, capture_output=True, text=True)
    took = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"make reproduce failed:\n{proc.stdout[-3000:]}{proc.stderr[-2000:]}")
    record = json.loads((root / "reproduction" / "record.json").read_text(encoding="utf-8"))
    pages = record["pages"].values()
    compared, identical = sum(p["compared"] for p in pages), sum(p["identical"] for p in pages)
    slowest = max(record["pages"].items(), key=lambda item: item[1]["seconds"])
    return [f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}; one run of `make reproduce` (pip's cache as the machine has it).", "",
            "| step | s |", "|---|---:|",
            "| fresh venv and `pip install -r requirements.txt -r reproduction/kernel.txt` "
            f"| {took - record['seconds']:.0f} |",
            f"| every page's reader notebook re-run in a new kernel and compared ({len(pages)} pages) "
            f"| {record['seconds']:.0f} |",
            f"| `make reproduce`, in all | {took:.0f} |", "",
            f"- {identical} of {compared} outputs identical; slowest page {slowest[0]} ({slowest[1]['seconds']:.1f} s).",
            "- `make test` runs the same comparison in the book's environment (`.venv`, which holds requirements.txt's "
            "pins), without the install: tests/test_reproduction.py."]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    import environments

    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n\n"
    RESULTS.write_text(environments.replace_section(text, "Reproduction", section()), encoding="utf-8")
    print(RESULTS.read_text(encoding="utf-8"))
