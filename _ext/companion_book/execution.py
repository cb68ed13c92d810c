"""Which data each page reads, and re-executing exactly the pages whose inputs changed.

The loader (``companion.data.load``) records every resource a notebook reads
as a hidden glue key (``companion-read:<name>``), which the execution cache
keeps with the notebook's outputs. From those keys this module

- notes each CSV file (and the descriptor) as a dependency of the page, so
  that Sphinx re-reads the page when one changes or disappears;
- keeps a fingerprint of everything the page's execution depended on: the
  CSV files it read, their schemas, the package's code (comments and
  docstrings left out) and the pinned packages (requirements.txt and
  requirements-book.txt). When the fingerprint changes the
  page's cached execution is discarded, so the page runs again; pages whose
  inputs did not change keep their cached outputs.

The fingerprints are kept beside the execution cache, not in Sphinx's
environment: a fresh environment (a changed configuration or extension) must
not forget which cached runs are stale.
"""
from __future__ import annotations

import ast
import contextlib
import hashlib
import json
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)
PREFIX = "companion-read:"
PINNED = ("requirements.txt", "requirements-book.txt")   # the reader's packages, and the book's tools


def _inputs_file(app) -> Path:
    cache = Path(app.config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    return cache / "companion-inputs.json"


def _stored(app) -> dict:
    path = _inputs_file(app)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def reads(env, docname: str) -> list[str]:
    """The resources the page's notebook read, in the order first read."""
    return list(getattr(env, "companion_reads", {}).get(docname, {}).get("reads", []))


def _code_digest(package: Path) -> str:
    """The package's code without comments or docstrings: editing either re-executes nothing."""
    h = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                    and isinstance(getattr(body[0], "value", None), ast.Constant) and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
        h.update(path.relative_to(package).as_posix().encode() + ast.dump(tree).encode())
    return h.hexdigest()


def fingerprint(srcdir: Path, names: list[str]) -> str:
    h = hashlib.sha256()
    for pins in PINNED:
        h.update((srcdir / pins).read_bytes())
    h.update(_code_digest(srcdir / "chapters" / "companion").encode())
    descriptor = json.loads((srcdir / "data" / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["name"]: r for r in descriptor["resources"]}
    for name in names:
        res = paths.get(name)
        h.update(json.dumps(res, sort_keys=True).encode())
        csv = srcdir / "data" / res["path"] if res else None
        h.update(csv.read_bytes() if csv and csv.exists() else b"missing")
    return h.hexdigest()


def _record_reads(app, doctree) -> None:
    """After a page is read: note its data files as dependencies and fingerprint them."""
    env, docname = app.env, app.env.docname
    glue = getattr(env, "nb_metadata", {}).get(docname, {}).get("glue", [])
    names = [key[len(PREFIX):] for key in glue if key.startswith(PREFIX)]
    if not hasattr(env, "companion_reads"):
        env.companion_reads = {}
    if not names and not str(env.doc2path(docname)).endswith(".md"):
        return
    srcdir = Path(app.srcdir)
    descriptor = json.loads((srcdir / "data" / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["name"]: r["path"] for r in descriptor["resources"]}
    for name in names:
        env.note_dependency(str(srcdir / "data" / paths[name]))
    if names:
        env.note_dependency(str(srcdir / "data" / "datapackage.json"))
    for pins in PINNED:
        env.note_dependency(str(srcdir / pins))
    for path in sorted((srcdir / "chapters" / "companion").rglob("*.py")):
        env.note_dependency(str(path))
    env.companion_reads[docname] = {"reads": names, "fingerprint": fingerprint(srcdir, names)}
    stored = {**_stored(app), docname: env.companion_reads[docname]}
    _inputs_file(app).parent.mkdir(parents=True, exist_ok=True)
    _inputs_file(app).write_text(json.dumps(stored, indent=1, sort_keys=True), encoding="utf-8")


def _outdated(app, env, added, changed, removed) -> list[str]:
    """Pages whose execution inputs changed: discard their cached run, read them again."""
    stale = []
    for docname, record in _stored(app).items():
        if docname in removed or docname not in env.found_docs:
            continue
        if fingerprint(Path(app.srcdir), record["reads"]) != record["fingerprint"]:
            stale.append(docname)
    if stale:
        _discard_cached_runs(app, env, stale)
        logger.info(f"[companion] inputs changed, re-executing: {', '.join(sorted(stale))}")
    return stale


def _discard_cached_runs(app, env, docnames: list[str]) -> None:
    """Drop the cached runs of these pages. A run is found by what identifies the notebook, not by
    where the checkout lies: its code (the cache's own hash) or its path inside the project (a
    checkout moved with its _build/ keeps records that name the old absolute path)."""
    import jupytext
    from jupyter_cache import get_cache

    cache = get_cache(app.config.nb_execution_cache_path or str(Path(app.outdir).parent / ".jupyter_cache"))
    srcdir = Path(app.srcdir).resolve()
    tails = {"/" + Path(env.doc2path(d)).resolve().relative_to(srcdir).as_posix() for d in docnames}
    stale = {r.pk for r in cache.list_cache_records() if Path(r.uri).as_posix().endswith(tuple(tails))}
    for docname in docnames:
        with contextlib.suppress(KeyError):     # never run, or its code changed: nothing cached to drop
            stale.add(cache.match_cache_notebook(jupytext.read(env.doc2path(docname))).pk)
    for pk in stale:
        cache.remove_cache(pk)


def _purge(app, env, docname) -> None:
    getattr(env, "companion_reads", {}).pop(docname, None)


def setup(app) -> None:
    app.connect("doctree-read", _record_reads)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
