"""The data package: every figure the book shows is read through ``load()``.

``load(name)`` validates one resource of ``data/datapackage.json`` with
Frictionless (schema, types, constraints, primary and foreign keys) and
returns it as a typed DataFrame. The first problem stops the load with a
``DataError`` naming the file, the row and the field, e.g.::

    data/losses.csv, row 3 (line 4), field 'count': 'many' is not an integer

Every resource read is recorded (``reads()``), so that the book can link each
page to the files its notebook read and re-execute a page when one of them
changes.
"""
from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
# COMPANION_DATA lets the tests point the chapters at a (deliberately broken) copy.
DATA = Path(os.environ.get("COMPANION_DATA", ROOT / "data"))
BOOK_BUILD = os.environ.get("COMPANION_BOOK_BUILD") == "1"

_READS: list[str] = []   # resource names in the order first read


class DataError(ValueError):
    """A data file does not match its schema in data/datapackage.json."""


@functools.cache
def _descriptor(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def package(data_dir: Path | str = DATA) -> dict:
    """The Frictionless descriptor (data/datapackage.json) as a dict."""
    return _descriptor(str(Path(data_dir) / "datapackage.json"))


def resource(name: str, data_dir: Path | str = DATA) -> dict:
    """The descriptor of one resource, by name."""
    for res in package(data_dir)["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in package(data_dir)["resources"])
    raise DataError(f"datapackage.json has no resource {name!r} (it has: {known})")


def fields(name: str, data_dir: Path | str = DATA) -> dict[str, dict]:
    """The schema fields of a resource, by field name."""
    return {f["name"]: f for f in resource(name, data_dir)["schema"]["fields"]}


def title(name: str, field: str, data_dir: Path | str = DATA) -> str:
    """A field's title from the schema: the label tables and charts show."""
    return fields(name, data_dir)[field]["title"]


def words(name: str, field: str, data_dir: Path | str = DATA) -> dict[str, str]:
    """The words a reader sees for a coded field's values ('first-flight' -> 'First flight'),
    from the field's categories in the schema."""
    return {c["value"]: c["label"] for c in fields(name, data_dir)[field].get("categories", [])}


def in_words(frame: pd.DataFrame, name: str, data_dir: Path | str = DATA) -> pd.DataFrame:
    """A copy of the frame with every coded field of the resource given in words."""
    out = frame.copy()
    for field in out.columns:
        if field in fields(name, data_dir) and (labels := words(name, field, data_dir)):
            out[field] = out[field].map(lambda v, labels=labels: labels.get(v, v))
    return out


def reads() -> list[str]:
    """The resources read by load() in this process, in the order first read."""
    return list(_READS)


def load(name: str, data_dir: Path | str = DATA) -> pd.DataFrame:
    """One resource, validated against its schema, as a typed DataFrame.

    Integer and year fields become pandas' nullable Int64 (an empty cell stays
    empty), numbers Float64, booleans boolean; strings stay strings and an
    empty cell is missing (None).
    """
    data_dir = Path(data_dir)
    res = resource(name, data_dir)
    _validate(name, str(data_dir))
    _record(name)
    frame = pd.read_csv(data_dir / res["path"], dtype=str, keep_default_na=False, encoding="utf-8")
    for f in res["schema"]["fields"]:
        col = frame[f["name"]].replace("", None)
        kind = f.get("type", "string")
        if kind in ("integer", "year"):
            col = col.astype("Int64")
        elif kind == "number":
            col = col.astype("Float64")
        elif kind == "boolean":
            col = col.map({"true": True, "false": False, None: None}).astype("boolean")
        frame[f["name"]] = col
    return frame


def _record(name: str) -> None:
    if name in _READS:
        return
    _READS.append(name)
    if BOOK_BUILD:
        # Recorded in the executed notebook (kept by the execution cache), where
        # the book build reads it back: one hidden glue key per resource.
        from myst_nb import glue

        glue(f"companion-read:{name}", name, display=False)


@functools.cache
def _validate_cached(name: str, data_dir: str, stamp: tuple) -> None:
    from .validation import first_error

    message = first_error(Path(data_dir) / "datapackage.json", name)
    if message:
        raise DataError(message)


def _validate(name: str, data_dir: str) -> None:
    # Validated once per process and file version (the stamp changes with any edit).
    files = [Path(data_dir) / "datapackage.json", Path(data_dir) / resource(name, data_dir)["path"]]
    files += [Path(data_dir) / resource(fk["reference"]["resource"], data_dir)["path"]
              for fk in resource(name, data_dir)["schema"].get("foreignKeys", [])]
    missing = [p for p in files if not p.exists()]
    if missing:
        raise DataError(f"data/{missing[0].name}: file not found")
    stamp = tuple((p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    _validate_cached(name, data_dir, stamp)
