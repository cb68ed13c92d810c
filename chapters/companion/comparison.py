"""Comparing a re-run's outputs with a page's manifest (``companion.reproduction``).

Text, integers, booleans and missing values must be identical. A number that is a float in
either run is compared with a relative tolerance of 1e-9 (absolute 1e-12 near zero), because the
last bits of a floating-point result are not promised across machines and library builds (the
order of a sum, vectorised kernels, the maths library), while nothing the book prints or draws is
finer than about four significant digits: 1e-9 is some seven orders of magnitude above that
noise and five below the finest difference a reader could see. The published value is never
replaced: each difference names the output, where in it, and both values.
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass

REL_TOL = 1e-9
ABS_TOL = 1e-12
SHOWN = 120          # characters of a value shown in a difference
MAX_PER_OUTPUT = 8   # differences listed per output (a shifted row would list every later cell)


@dataclass(frozen=True)
class Difference:
    output: str       # the output's id, as the manifest names it
    where: str        # where in it ("row 3, column “Count”", "datasets.data-1[4].count")
    published: str    # the book's value, as JSON text
    rerun: str        # the re-run's value, as JSON text

    def line(self) -> str:
        if not self.published and not self.rerun:        # "and 12 more places"
            return f"{self.output}: {self.where}"
        where = f", {self.where}" if self.where else ""
        return f"{self.output}{where}: published {self.published}, re-run {self.rerun}"

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class PageResult:
    page: str
    compared: int
    identical: int
    differences: list[Difference]

    @property
    def ok(self) -> bool:
        return not self.differences and self.compared == self.identical


def shown(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= SHOWN else text[:SHOWN - 1] + "…"


def same_number(a, b) -> bool:
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def differences(published, rerun, path: str = "") -> list[tuple[str, object, object]]:
    """Where two JSON values differ: (path, published part, re-run part), leaves first found first."""
    if _is_number(published) and _is_number(rerun):
        return [] if same_number(published, rerun) else [(path, published, rerun)]
    if type(published) is not type(rerun):
        return [(path, published, rerun)]
    if isinstance(published, dict):
        found = []
        for key in [*published, *(k for k in rerun if k not in published)]:
            inner = f"{path}.{key}" if path else str(key)
            if key not in rerun:
                found.append((inner, published[key], "(absent)"))
            elif key not in published:
                found.append((inner, "(absent)", rerun[key]))
            else:
                found += differences(published[key], rerun[key], inner)
        return found
    if isinstance(published, list):
        found = []
        for i, (a, b) in enumerate(zip(published, rerun)):
            found += differences(a, b, f"{path}[{i}]")
        if len(published) != len(rerun):
            found.append((f"{path} (length)", len(published), len(rerun)))
        return found
    return [] if published == rerun else [(path, published, rerun)]


def _where(output: dict, path: str) -> str:
    """A table's cell by its row and column, as a reader finds it; any other path as it is."""
    if output["kind"] == "table" and path.startswith("rows["):
        parts = path[5:].replace("][", " ").rstrip("]").split(" ")
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            header = output["value"].get("header", [])
            column = header[int(parts[1])] if int(parts[1]) < len(header) else parts[1]
            return f"row {int(parts[0]) + 1}, column “{column}”"
    return path


def compare(page: str, published: list[dict], rerun: list[dict]) -> PageResult:
    """Every output of the manifest against the re-run's output of the same id; an output the
    re-run made that the manifest lacks is a difference too (the page would show something else)."""
    made = {o["id"]: o for o in rerun}
    listed = {o["id"] for o in published}
    found: list[Difference] = []
    identical = 0
    for output in published:
        again = made.get(output["id"])
        if again is None:
            found.append(Difference(output["id"], "", shown(output["value"]), "(not made by the re-run)"))
            continue
        diffs = differences(output["value"], again["value"])
        identical += not diffs
        for path, a, b in diffs[:MAX_PER_OUTPUT]:
            found.append(Difference(output["id"], _where(output, path), shown(a), shown(b)))
        if len(diffs) > MAX_PER_OUTPUT:
            found.append(Difference(output["id"], f"and {len(diffs) - MAX_PER_OUTPUT} more places", "", ""))
    extra = [o for o in rerun if o["id"] not in listed]
    for output in extra:
        found.append(Difference(output["id"], "", "(not in the manifest)", shown(output["value"])))
    return PageResult(page, len(published) + len(extra), identical, found)


def input_changes(published: dict, rerun: dict) -> list[str]:
    """The inputs (data files, pins) whose fingerprints differ: not outputs, but they say why."""
    return [f"{name}: {'changed' if name in rerun and name in published else 'read by one run only'}"
            for name in sorted(set(published) | set(rerun)) if published.get(name) != rerun.get(name)]
