"""make faults: plant each fault of faults/catalogue.yml in a scratch copy of the book, rebuild what
it must, run the tests that guard its promise, and report whether they caught it.

A fault is caught when every test it names fails (pytest -rf lists it), or, for a fault the build
itself must stop, when the build fails with the message the entry names. Exit status 1 when a fault
is missed. The copy lives in one fixed place (Sphinx keeps its source folder in the saved
environment: a new place each time would make every fault re-read every page); before the first
fault it is built once, then restored from a pristine copy before each fault.

    python faults/plant.py                 # every fault
    python faults/plant.py --only ID ...   # some
    python faults/plant.py --baseline      # the named tests on the copy without a fault: all must pass
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "faults" / "catalogue.yml"
REPORT = ROOT / "_build" / "faults.md"
# Installed, not copied: environments and npm tools are shared with the project (read only).
LINKED = (".venv", ".venv-tools", "node_modules")
SKIPPED = {".git", "screenshots", "__pycache__", ".pytest_cache", ".ruff_cache", *LINKED}
REBUILDS = ("none", "html", "pdf")


@dataclass
class Edit:
    file: str
    find: str | None = None      # text that must occur exactly once; None: append (or create)
    replace: str = ""


@dataclass
class Fault:
    id: str
    promise: str
    fault: str
    edits: list[Edit]
    rebuild: str = "none"
    tests: list[str] = field(default_factory=list)
    build_fails: str | None = None   # a pattern the failing build's output must hold


def catalogue(path: Path = CATALOGUE) -> list[Fault]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    faults = []
    for n, e in enumerate(entries, 1):
        where = f"{path.name}, entry {n} ({e.get('id', '?')})"
        missing = {"id", "promise", "fault", "edits"} - e.keys()
        if missing:
            raise SystemExit(f"{where}: missing {sorted(missing)}")
        f = Fault(**{**e, "edits": [Edit(**x) for x in e["edits"]]})
        if f.rebuild not in REBUILDS:
            raise SystemExit(f"{where}: rebuild {f.rebuild!r} is not one of {REBUILDS}")
        if not f.tests and not f.build_fails:
            raise SystemExit(f"{where}: names no test and no build failure that must catch it")
        faults.append(f)
    ids = [f.id for f in faults]
    if len(set(ids)) != len(ids):
        raise SystemExit(f"{path.name}: an id is used twice")
    return faults


# -- the scratch copy ---------------------------------------------------------------------
def _copy(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, symlinks=True, ignore=lambda d, names: [n for n in names if n in SKIPPED])
    for name in LINKED:
        if (ROOT / name).exists():
            (target / name).symlink_to(ROOT / name)


def prepare(scratch: Path) -> tuple[Path, Path]:
    """The book copied to scratch/book (the shared article beside it, as ../shared) and built
    once there; scratch/pristine keeps that state to restore before each fault."""
    scratch.mkdir(parents=True, exist_ok=True)
    shared = scratch / "shared"
    if not shared.exists() and (ROOT.parent / "shared").exists():
        shared.symlink_to((ROOT.parent / "shared").resolve())
    book, pristine = scratch / "book", scratch / "pristine"
    _copy(ROOT, book)
    code, out = build(book, "pdf" if (ROOT / "_build" / "latex" / "book.pdf").exists() else "html")
    if code:
        raise SystemExit(f"the unchanged copy does not build:\n{out[-3000:]}")
    _copy(book, pristine)
    return book, pristine


def restore(book: Path, pristine: Path) -> None:
    """Back to the built, unchanged copy (copied with its files' times, which Sphinx compares)."""
    _copy(pristine, book)


def plant(book: Path, fault: Fault) -> None:
    for edit in fault.edits:
        path = book / edit.file
        path.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if edit.find is None:
            text += edit.replace
        elif text.count(edit.find) != 1:
            raise SystemExit(f"{fault.id}: {edit.file} holds {edit.find!r} {text.count(edit.find)} times, not once "
                             "(the catalogue no longer fits the code: update the entry)")
        else:
            text = text.replace(edit.find, edit.replace)
        path.write_text(text, encoding="utf-8")
        # Sphinx and the execution cache compare times: make the edit newer than any build.
        later = time.time() + 2
        os.utime(path, (later, later))


# -- building and testing ------------------------------------------------------------------
def build(book: Path, what: str) -> tuple[int, str]:
    """The book's own build commands (the Makefile's html and pdf targets)."""
    jb = str(book / ".venv" / "bin" / "jupyter-book")
    steps = [[jb, "build", ".", "-W", "--keep-going"]]
    if what == "pdf":
        steps += [[jb, "build", ".", "--builder", "pdflatex", "-W", "--keep-going"], steps[0]]
    if what != "none" and (book / "chapters").exists():
        steps.insert(0, [str(book / ".venv" / "bin" / "python"), "-m", "companion.notebooks"])
    out = ""
    for step in steps:
        cwd = book / "chapters" if step[-1] == "companion.notebooks" else book
        proc = subprocess.run(step, cwd=cwd, capture_output=True, text=True, timeout=1800)
        out += proc.stdout + proc.stderr
        if proc.returncode or "Latexmk: Errors" in proc.stdout:
            return proc.returncode or 1, out
    return 0, out


def run_tests(book: Path, tests: list[str]) -> tuple[int, set[str], str]:
    """pytest on the copy; returns its exit code, the failed test ids and the output."""
    env = dict(os.environ, CI="1")             # the article tests fail, never skip, without ../shared
    proc = subprocess.run([str(book / ".venv" / "bin" / "python"), "-m", "pytest", "-q", "-rf", "-p", "no:cacheprovider",
                           *tests], cwd=book, capture_output=True, text=True, env=env, timeout=3600)
    return proc.returncode, failed_tests(proc.stdout), proc.stdout + proc.stderr


def failed_tests(summary: str) -> set[str]:
    """The ids pytest -rf lists as failed (an id may hold spaces: 'test_x[foreign key]')."""
    return set(re.findall(r"^(?:FAILED|ERROR) (.+?)(?: - .*)?$", summary, re.MULTILINE))


def caught_by(test: str, failed: set[str]) -> bool:
    """A named test (a file, a test or one parameter) failed: some failure lies within it."""
    return any(f == test or f.startswith(test + "::") or f.startswith(test + "[") for f in failed)


def try_fault(book: Path, fault: Fault) -> tuple[bool, str]:
    plant(book, fault)
    if fault.rebuild != "none" or fault.build_fails:
        code, out = build(book, fault.rebuild if fault.rebuild != "none" else "html")
        if fault.build_fails:
            stopped = code != 0 and re.search(fault.build_fails, out) is not None
            return stopped, ("the build stopped: " + re.search(fault.build_fails, out).group(0) if stopped else
                             f"the build {'failed, but without the message' if code else 'succeeded'}: "
                             f"{out[-1500:]}")
        if code:
            return False, f"the faulty copy did not build, so no test ran:\n{out[-2000:]}"
    code, failed, out = run_tests(book, fault.tests)
    missed = [t for t in fault.tests if not caught_by(t, failed)]
    if missed:
        return False, f"not failed: {missed} (pytest exit {code})\n{out[-2500:]}"
    return True, "failed: " + ", ".join(sorted(failed)[:4]) + (" …" if len(failed) > 4 else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="fault ids to plant")
    parser.add_argument("--baseline", action="store_true", help="run every named test on the unchanged copy")
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "companion-faults")
    args = parser.parse_args()
    faults = catalogue()
    if args.only:
        unknown = set(args.only) - {f.id for f in faults}
        if unknown:
            raise SystemExit(f"no such fault: {sorted(unknown)}")
        faults = [f for f in faults if f.id in args.only]
    start = time.monotonic()
    book, pristine = prepare(args.scratch)
    print(f"copy built in {time.monotonic() - start:.0f} s at {book}", flush=True)
    if args.baseline:
        tests = sorted({t for f in faults for t in f.tests})
        code, failed, out = run_tests(book, tests)
        print(out[-3000:])
        return code
    rows, missed = [], 0
    for fault in faults:
        restore(book, pristine)
        t0 = time.monotonic()
        ok, detail = try_fault(book, fault)
        took = time.monotonic() - t0
        missed += not ok
        print(f"{'caught' if ok else 'MISSED'} {fault.id} ({took:.0f} s): {detail.splitlines()[0]}", flush=True)
        if not ok:
            print(detail)
        rows.append((fault, ok, took))
    restore(book, pristine)
    total = time.monotonic() - start
    write_report(rows, total)
    print(f"\n{len(rows) - missed} of {len(rows)} faults caught in {total:.0f} s; report: {REPORT.relative_to(ROOT)}")
    return 1 if missed else 0


def write_report(rows: list[tuple[Fault, bool, float]], total: float) -> None:
    lines = ["# Fault catalogue: the last run of make faults", "",
             f"{sum(ok for _, ok, _ in rows)} of {len(rows)} faults caught; {total:.0f} s in all "
             "(the copy built once, then each fault planted, rebuilt and tested).", "",
             "| fault | promise | rebuilt | caught by | result | time |", "|---|---|---|---|---|---|"]
    for f, ok, took in rows:
        by = "the build stopping" if f.build_fails else ", ".join(f"`{t.split('/')[-1]}`" for t in f.tests)
        lines.append(f"| `{f.id}`: {f.fault} | {f.promise} | {f.rebuild} | {by} | "
                     f"{'caught' if ok else '**missed**'} | {took:.0f} s |")
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
