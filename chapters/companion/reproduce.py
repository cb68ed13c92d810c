"""Re-run every page as a reader would and compare what it shows with the book's manifest.

    python -m companion.reproduce                        # against the built book (_build/html)
    python -m companion.reproduce --manifest URL-or-path # against another: a published book.json
    python -m companion.reproduce --pages chapters/05_drones_in_war

Each page's reader notebook (``chapters/<page>.ipynb``) runs top to bottom in a fresh kernel of
the Python that runs this (``make reproduce`` makes it a fresh environment from
``requirements.txt``), from ``chapters/``, outside any book build, with one more cell at the end:
``companion.reproduction.collect(page)``. Its outputs are compared with the page's manifest
(``companion.comparison``: exact, floats to a stated tolerance). Prints, per page, how many
outputs were compared and each difference (output, where, published value, re-run value);
writes a report and, with ``--record``, the reproduction record the book's pages read; exits 1
on any difference. The manifest is only ever read.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import tempfile
import time
import urllib.request
from importlib import metadata
from pathlib import Path

from . import comparison, reproduction
from .data import ROOT

BUILT = ROOT / "_build" / "html" / "_static" / "reproduction" / "book.json"
REPORT = ROOT / "_build" / "reproduction" / "report.md"
TIMEOUT = 600          # seconds a cell may run


def load_manifest(where: str) -> dict:
    if re.match(r"https?://", where):
        with urllib.request.urlopen(where, timeout=60) as response:      # noqa: S310 (the reader's own choice)
            return json.loads(response.read().decode("utf-8"))
    path = Path(where)
    if not path.exists():
        raise SystemExit(f"no manifest at {path}: build the book first (make html), or give --manifest "
                         "with the address of a published book's _static/reproduction/book.json")
    return json.loads(path.read_text(encoding="utf-8"))


def _kernel_here(folder: Path) -> str:
    """A kernel spec for this very Python, found through JUPYTER_PATH (never another environment's)."""
    spec = folder / "kernels" / "companion-rerun"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "The re-run's environment", "language": "python"}), encoding="utf-8")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(folder), os.environ.get("JUPYTER_PATH")]))
    return "companion-rerun"


def rerun(page: str, kernel: str) -> dict:
    """Run the page's reader notebook in a fresh kernel and collect what it made. A notebook that
    stops is a result too: no output, and the error."""
    import nbclient
    import nbformat

    path = ROOT / f"{page}.ipynb"
    if not path.exists():
        return {"outputs": [], "inputs": {}, "error": f"{path.relative_to(ROOT)} is missing"}
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        f"import json as _json, companion.reproduction as _r\nprint(_json.dumps(_r.collect({page!r})))"))
    client = nbclient.NotebookClient(nb, timeout=TIMEOUT, kernel_name=kernel,
                                     resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as err:
        first = next((line for line in str(err).splitlines() if "Error" in line), str(err).splitlines()[-1])
        return {"outputs": [], "inputs": {}, "error": f"the notebook stopped: {first.strip()}"}
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("output_type") == "stream")
    return json.loads(text)


def installed_as_pinned() -> list[str]:
    """The packages of requirements.txt whose installed version is not the pinned one."""
    unlike = []
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if match:
            try:
                version = metadata.version(match[1])
            except metadata.PackageNotFoundError:
                version = "not installed"
            if version != match[2]:
                unlike.append(f"{match[1]} {version} (pinned {match[2]})")
    return unlike


def run(manifest: dict, pages: list[str]) -> tuple[list[comparison.PageResult], dict]:
    entries, results = {}, []
    saved = os.environ.pop("COMPANION_BOOK_BUILD", None)        # as outside a book build
    try:
        with tempfile.TemporaryDirectory() as folder:
            kernel = _kernel_here(Path(folder))
            for page in pages:
                published = manifest["pages"][page]
                start = time.monotonic()
                made = rerun(page, kernel)
                result = comparison.compare(page, published["outputs"], made["outputs"])
                if made.get("error"):
                    result.differences.insert(0, comparison.Difference("the notebook", "", "ran", made["error"]))
                entries[page] = {"fingerprint": published["fingerprint"], "compared": result.compared,
                                 "identical": result.identical,
                                 "differences": [d.as_dict() for d in result.differences],
                                 "inputs_changed": comparison.input_changes(published["inputs"], made["inputs"]),
                                 "seconds": round(time.monotonic() - start, 1)}
                results.append(result)
                _print(result, entries[page])
    finally:
        if saved is not None:
            os.environ["COMPANION_BOOK_BUILD"] = saved
    return results, entries


def _print(result: comparison.PageResult, entry: dict) -> None:
    differ = result.compared - result.identical
    verdict = "identical" if result.ok else f"{differ} differ" if differ else "a difference"
    print(f"{result.page}: {result.compared} output{'' if result.compared == 1 else 's'} compared, "
          f"{result.identical} identical"
          f"{'' if result.ok else f' ({verdict})'} [{entry['seconds']} s]", flush=True)
    for diff in result.differences:
        print(f"  {result.page}: {diff.line()}", flush=True)
    if not result.ok and entry["inputs_changed"]:
        print(f"  inputs changed since the build: {'; '.join(entry['inputs_changed'])}", flush=True)


def record(manifest: dict, entries: dict, source: str, seconds: float) -> dict:
    unlike = installed_as_pinned()
    return {"format": 1, "date": dt.datetime.now(dt.UTC).date().isoformat(),
            "environment": reproduction.environment(),
            "as_pinned": not unlike, "unlike_the_pins": unlike,
            "requirements": reproduction.file_digests([ROOT / "requirements.txt"])["requirements.txt"],
            "manifest": {"built": manifest.get("built"), "from": source}, "seconds": round(seconds, 1),
            "pages": entries}


def report(rec: dict, results: list[comparison.PageResult]) -> str:
    env = rec["environment"]
    lines = ["# Reproduction report", "",
             f"Re-run on {rec['date']} with Python {env['python']} ("
             + ", ".join(f"{k} {v}" for k, v in env["packages"].items()) + "), "
             + ("every package as requirements.txt pins it" if rec["as_pinned"] else
                "unlike requirements.txt: " + "; ".join(rec["unlike_the_pins"])) + "; compared with the manifest "
             f"of the book built {rec['manifest']['built']} ({rec['manifest']['from']}), in {rec['seconds']} s.", "",
             "| page | outputs compared | identical | differences |", "|---|---|---|---|"]
    lines += [f"| {r.page} | {r.compared} | {r.identical} | {len(r.differences)} |" for r in results]
    for r in results:
        if r.differences:
            lines += ["", f"## {r.page}", "", *[f"- {d.line()}" for d in r.differences]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", default=str(BUILT), help="the book's book.json: a path or an address")
    parser.add_argument("--pages", nargs="*", help="only these pages (chapters/05_drones_in_war ...)")
    parser.add_argument("--report", type=Path, default=REPORT, help="where to write the report (Markdown)")
    parser.add_argument("--record", type=Path, help="write the reproduction record the book reads (JSON)")
    args = parser.parse_args(argv)
    manifest = load_manifest(args.manifest)
    pages = args.pages or list(manifest["pages"])
    unknown = [p for p in pages if p not in manifest["pages"]]
    if unknown:
        raise SystemExit(f"the manifest has no page {unknown[0]!r} (it has: {', '.join(manifest['pages'])})")
    start = time.monotonic()
    results, entries = run(manifest, pages)
    source = args.manifest
    if not re.match(r"https?://", source) and Path(source).resolve().is_relative_to(ROOT.resolve()):
        source = Path(source).resolve().relative_to(ROOT.resolve()).as_posix()     # the same on every machine
    rec = record(manifest, entries, source, time.monotonic() - start)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(report(rec, results), encoding="utf-8")
    if args.record:
        args.record.parent.mkdir(parents=True, exist_ok=True)
        args.record.write_text(json.dumps(rec, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    bad = [r for r in results if not r.ok]
    total = sum(r.compared for r in results)
    print(f"\n{len(results) - len(bad)} of {len(results)} pages reproduced: {sum(r.identical for r in results)} of "
          f"{total} outputs identical, in {rec['seconds']} s. Report: {args.report}"
          + (f"; record: {args.record}" if args.record else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
