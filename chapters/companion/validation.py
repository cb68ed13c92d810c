"""Frictionless validation, reported the way a reader fixes a CSV file:
the file, the row (and its line in the file) and the field, in one sentence."""
from __future__ import annotations

import csv
import functools
from pathlib import Path

# Frictionless error types, in the order a reader should fix them within a row.
_ROW_ORDER = ("missing-cell", "extra-cell", "type-error", "constraint-error",
              "primary-key", "unique-error", "foreign-key")
_ARTICLE = {"integer": "an integer", "number": "a number", "boolean": "a boolean (true/false)",
            "date": "a date (YYYY-MM-DD)", "year": "a year", "string": "a string"}


@functools.lru_cache(maxsize=8)
def _package(descriptor: str, stamp: tuple):
    """The Frictionless package, read once per version of the descriptor (reading it is slow)."""
    from frictionless import Package

    return Package(descriptor)


def first_error(descriptor: Path, name: str) -> str | None:
    """The first problem of one resource as a sentence, or None if it is valid."""
    stat = Path(descriptor).stat()
    res = _package(str(descriptor), (stat.st_mtime_ns, stat.st_size)).get_resource(name)
    where = f"data/{res.path}"
    header = _header(Path(descriptor).parent / res.path)
    if header is None:
        return f"{where}: the file is empty"
    problem = _header_problem(header, [f.name for f in res.schema.fields])
    if problem:
        return f"{where}, header: {problem}"
    errors = res.validate().flatten(["type", "rowNumber", "fieldName", "cell", "cells", "note",
                                     "fieldNames", "fieldCells", "referenceName", "referenceFieldNames"])
    rows = [e for e in errors if e[1] is not None]
    if not rows:
        return f"{where}: {errors[0][0]}: {errors[0][5]}" if errors else None
    kind, row_number, field_name, cell, cells, note, *foreign = min(
        rows, key=lambda e: (e[1], _ROW_ORDER.index(e[0]) if e[0] in _ROW_ORDER else 99))
    place = f"{where}, row {row_number - 1} (line {row_number})"
    field = res.schema.get_field(field_name) if field_name else None
    if kind in ("missing-cell", "extra-cell"):
        return f"{place}: {len(cells)} cells where the header has {len(res.schema.fields)}"
    if kind == "type-error":
        return f"{place}, field {field_name!r}: {cell!r} is not {_ARTICLE.get(field.type, field.type)}"
    if kind == "constraint-error":
        return f"{place}, field {field_name!r}: {_constraint(cell, field, note)}"
    if kind == "primary-key":
        key = list(res.schema.primary_key)
        first = note.rsplit(" ", 1)[-1]
        values = tuple(cells[[f.name for f in res.schema.fields].index(k)] for k in key)
        return (f"{place}, field(s) {key}: duplicate primary key {values} "
                f"(first at row {int(first) - 1})" if first.isdigit() else f"{place}: duplicate primary key {values}")
    if kind == "foreign-key":
        return f"{place}, {_foreign_key(res, *foreign)}"
    return f"{place}" + (f", field {field_name!r}" if field_name else "") + f": {kind}: {note}"


def _foreign_key(res, names: list[str], cells: list[str], ref_name: str, ref_names: list[str]) -> str:
    """'field 'timeline_event': 'E99' matches no event_id of data/timeline.csv (foreign key)'."""
    ref = f"data/{res.package.get_resource(ref_name).path}"
    if len(names) == 1:
        return f"field {names[0]!r}: {cells[0]!r} matches no {ref_names[0]} of {ref} (foreign key)"
    return f"field(s) {names}: {tuple(cells)} matches no {tuple(ref_names)} of {ref} (foreign key)"


def _header(path: Path) -> list[str] | None:
    with path.open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh), None)


def _header_problem(header: list[str], names: list[str]) -> str | None:
    missing = [n for n in names if n not in header]
    if missing:
        return f"missing column {missing[0]!r}"
    extra = [h for h in header if h not in names]
    if extra:
        return f"column(s) {extra} are not in the schema"
    if header != names:
        return f"columns must be in schema order {names}"
    return None


def _constraint(cell: str, field, note: str) -> str:
    c = field.constraints
    if cell in ("", "None") and c.get("required"):
        return "required value is empty"
    if "enum" in note:
        return f"{cell!r} is not one of {c['enum']}"
    if "minimum" in note:
        return f"{cell} is below the minimum {c['minimum']}"
    if "maximum" in note and "maxLength" not in note:
        return f"{cell} is above the maximum {c['maximum']}"
    if "maxLength" in note:
        return f"{cell!r} is longer than {c['maxLength']} characters"
    if "pattern" in note:
        return f"{cell!r} does not match the pattern {c['pattern']}"
    return f"{cell!r}: {note}"
