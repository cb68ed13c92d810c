"""What a reader should get from each page: every output that comes from computation, recorded as
it is made, so that a re-run can be compared with what the book published (issue 27).

The package records each output where it makes it, so that no chapter holds code for this:

- ``table``: each ``cx.table``: its header and cells as a reader reads them (a role as its text);
- ``chart``: each ``cx.figure``: the Vega-Lite specification of its wide design, with its data
  (the specification, not the SVG drawn from it);
- ``finding``: each registry entry evaluated: its result, its arithmetic, its verdict and the
  values it names;
- ``role``: each figure the page's prose cites (``{art}`` ``{calc}`` ``{later}`` ``{verdict}``),
  read from the page's source: the text printed, the record's value (or date, or words) and
  whether the two agree.

In a book build each output is also glued into the executed notebook (a hidden key
``companion-output:<n>``), where the book's extension reads it to write the page's manifest.
A re-run outside the book (``python -m companion.reproduce``) ends each notebook with
``collect(page)``, which returns the same outputs, made in the reader's environment.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import math
import platform
import re
from importlib import metadata
from pathlib import Path

from .data import BOOK_BUILD, DATA, ROOT, reads, resource

GLUE_PREFIX = "companion-output:"
# The packages whose versions a manifest and a reproduction state: the reader's direct
# requirements (requirements.txt) and numpy, which does pandas' arithmetic.
PACKAGES = ("pandas", "numpy", "altair", "vl-convert-python", "frictionless", "pybtex", "ipython")

_OUTPUTS: dict[str, dict] = {}      # id -> output, in the order made
_PAUSED = [0]


# -- recording ----------------------------------------------------------------------------------
def record(kind: str, key: str | None, value) -> None:
    """Record one output. An output made twice with the same value is one output; a second
    one under the same name with another value gets its own id ("table X (2)")."""
    if _PAUSED[0]:
        return
    value = canonical(value)
    if key is None:             # an output with no name or caption: by its place among its kind
        key = f"#{sum(o['kind'] == kind for o in _OUTPUTS.values()) + 1}"
    ident, n = f"{kind} {key}", 2
    while ident in _OUTPUTS and _OUTPUTS[ident]["value"] != value:
        ident, n = f"{kind} {key} ({n})", n + 1
    if ident in _OUTPUTS:
        return
    output = {"id": ident, "kind": kind, "value": value}
    _OUTPUTS[ident] = output
    if BOOK_BUILD and _in_kernel():
        from myst_nb import glue

        glue(f"{GLUE_PREFIX}{len(_OUTPUTS)}", _Glued(output), display=False)


def outputs() -> list[dict]:
    """The outputs recorded in this process, in the order made."""
    return list(_OUTPUTS.values())


@contextlib.contextmanager
def paused():
    """Make outputs without recording them: a notebook's stand-in for something the book's page
    renders itself (the passage register), or records looked up to compare the prose's figures."""
    _PAUSED[0] += 1
    try:
        yield
    finally:
        _PAUSED[0] -= 1


class _Glued:
    """An output as JSON text, for myst-nb's glue (which stores what an object displays as; a
    notebook holds a glued value as text)."""

    def __init__(self, output: dict):
        self.output = output

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": json.dumps(self.output, ensure_ascii=False)}


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def canonical(value):
    """A value as JSON holds it, the same whichever library made it: numpy and pandas scalars
    as Python's, a missing value (NaN, NA, NaT) as null, a time as ISO text."""
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value + 0.0       # -0.0 as 0.0
    if isinstance(value, int):
        return value
    import pandas as pd

    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return canonical(value.item())
    return str(value)


# Names Altair numbers or hashes as it goes: the same chart made in another process (or made
# three times, once per design, in a book build) gets other numbers. Renumbered in order of use.
_GENERATED = ((re.compile(r"\bdata-[0-9a-f]{32}\b"), "data-"), (re.compile(r"\bparam_\d+\b"), "param_"),
              (re.compile(r"\bview_\d+\b"), "view_"))


def chart_spec(spec: dict) -> dict:
    """A chart's Vega-Lite specification with Altair's generated names renumbered."""
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    for pattern, stem in _GENERATED:
        names: dict[str, str] = {}
        text = pattern.sub(lambda m, names=names, stem=stem: names.setdefault(m.group(0), f"{stem}{len(names) + 1}"),
                           text)
    return json.loads(text)


# -- the figures the prose cites ----------------------------------------------------------------
ROLE = re.compile(r"\{(art|calc|later|verdict)\}`([^`]+)`")
CODE_CELL = re.compile(r"^```\{code-cell\}.*?^```", re.S | re.M)
TITLED = re.compile(r"(.*?)\s*<([^<>]+)>\s*", re.S)


def page_roles(source: str) -> list[tuple[str, str]]:
    """The figures and verdicts a page's MyST source cites, in order, each once: (role, text)."""
    found = ROLE.findall(CODE_CELL.sub("", source))
    return list(dict.fromkeys((kind, " ".join(body.split())) for kind, body in found))


def role_output(kind: str, body: str) -> tuple[dict, list[str]]:
    """One role as an output (what is printed, the record's value, whether they agree) and the
    data files its record was read from. A record that is gone is an output that says so."""
    from . import checks, records

    ident = f"{{{kind}}}`{body}`"
    try:
        if kind == "verdict":
            result, files = checks.evaluate_one(body)
            return {"id": ident, "kind": "role", "value": {"verdict": result.verdict}}, files
        match = TITLED.fullmatch(body)
        if not match:
            raise LookupError(f"{ident} names no record")
        printed, target = match.groups()
        rec = records.resolve(kind, target)
    except (LookupError, KeyError) as err:
        return {"id": ident, "kind": "role", "value": {"error": str(err)}}, []
    value = {"printed": printed, "agrees": records.agrees(rec, printed)}
    if rec.value is not None:
        value["value"] = rec.value
    elif rec.date is not None:
        value["date"] = rec.date
    else:
        value["words"] = rec.words
    return {"id": ident, "kind": "role", "value": canonical(value)}, list(rec.files)


def roles(source: str) -> tuple[list[dict], list[str]]:
    """Every role of a page's source as an output, and the data files their records read."""
    found, files = [], []
    with paused():
        for kind, body in page_roles(source):
            output, read = role_output(kind, body)
            found.append(output)
            files += [f for f in read if f not in files]
    return found, files


# -- what a manifest says besides its outputs ---------------------------------------------------
def environment() -> dict:
    """Python's version and those of the packages that make the outputs."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {"python": platform.python_version(), "packages": versions}


def file_digests(paths, root: Path = ROOT) -> dict[str, str]:
    """Each file's SHA-256, by its path inside the project (a data file, the pins)."""
    out = {}
    for path in sorted({Path(p) for p in paths}):
        try:
            name = path.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            name = f"data/{path.name}" if path.parent == Path(DATA) else path.as_posix()
        out[name] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "missing"
    return out


def inputs(read: list[str], role_files: list[str], root: Path = ROOT) -> dict[str, str]:
    """The fingerprints of what a page's outputs depend on besides the code: the data files its
    notebook and its roles read, the data package's descriptor, and the reader's pinned packages."""
    data_dir = Path(DATA)
    files = [data_dir / resource(name)["path"] for name in read] + [Path(f) for f in role_files]
    if files:
        files.append(data_dir / "datapackage.json")
    return file_digests([*files, Path(root) / "requirements.txt"], root)


def fingerprint(manifest: dict) -> str:
    """The fingerprint of a page's manifest: its outputs and its inputs (not the date or the
    machine's environment, which a reproduction states apart)."""
    body = json.dumps({"outputs": manifest["outputs"], "inputs": manifest["inputs"]}, sort_keys=True,
                      ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(body.encode("utf-8")).hexdigest()


def collect(page: str) -> dict:
    """What a re-run of the page made, for comparison with the book's manifest: the outputs its
    notebook recorded, then its prose's figures resolved here, and the fingerprints of its inputs.
    ``page`` is the book's name for it, ``chapters/05_drones_in_war``."""
    source = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    found, role_files = roles(source)
    return {"page": page, "outputs": outputs() + found, "inputs": inputs(reads(), role_files),
            "environment": environment()}
