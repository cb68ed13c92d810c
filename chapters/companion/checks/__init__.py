"""The companion's checks of the article's numbers, and the figures it derives.

``run()`` evaluates every registered entry on a data directory and returns
the results by id; the appendix "Checking the article's numbers" shows them,
chapters read their verdicts and values from here instead of recomputing
them, and the prose cites their values with the ``{calc}`` role.
"""
from __future__ import annotations

import functools

import pandas as pd

from .. import markup
from ..data import BOOK_BUILD, resource
from . import claims, dates, derived, later, loss_table, parts_units  # noqa: F401  (importing registers them)
from .reading import Data
from .registry import GROUPS, KINDS, REGISTRY, VERDICTS, Entry, Finding, Input, Result, evaluate

__all__ = ["GROUPS", "KINDS", "REGISTRY", "VERDICTS", "Entry", "Finding", "Input", "Result",
           "evaluate_one", "run", "result", "show", "show_group", "summary", "inputs_table"]


def run(data_dir=None) -> dict[str, Result]:
    """Every registered entry evaluated on the data in ``data_dir`` (default: the book's data/)."""
    data = Data(data_dir)
    entries = sorted(REGISTRY.values(), key=lambda e: GROUPS.index(e.group))   # stable: file order within a group
    return {entry.id: evaluate(entry, data) for entry in entries}


@functools.cache
def evaluate_one(check_id: str) -> tuple[Result, list[str]]:
    """One entry evaluated on the book's data, and the data files it read
    (evaluated once per process; only that entry's data are loaded)."""
    if check_id not in REGISTRY:
        raise KeyError(f"no check or computation named {check_id!r}")
    data = Data()
    res = evaluate(REGISTRY[check_id], data)
    files = [str(data.dir / resource(name, data.dir)["path"]) for name in data.loaded()]
    return res, files


def result(check_id: str) -> Result:
    """One entry evaluated on the book's data: what chapters read instead of recomputing."""
    return evaluate_one(check_id)[0]


def summary(results: dict[str, Result], kind: str = "check") -> pd.DataFrame:
    """One row per entry of one kind: group, id, title, result, verdict."""
    return pd.DataFrame([{"group": r.group, "id": r.id, "title": r.title, "result": r.result, "verdict": r.verdict}
                         for r in results.values() if r.kind == kind])


def inputs_table(res: Result) -> pd.DataFrame:
    """The inputs of one entry, values as text so that mixed types read cleanly."""
    def text(v):
        return f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v)
    return pd.DataFrame([{"input": i.label, "value": text(i.value), "from": i.source} for i in res.inputs])


KIND_WORDS = {"check": "Check", "transcription": "Transcription check", "computation": "Computation"}


def section(res: Result) -> str:
    """One entry as a section of the appendix (MyST): its anchor, heading, kind, verdict,
    result, the arithmetic written out, and its reading."""
    verdict = f" **Verdict: {res.verdict}** (the companion's reading)." if res.verdict else ""
    return "\n".join([markup.target(res.anchor), f"#### `{res.id}`: {res.title}", "",
                      f"*{KIND_WORDS[res.kind]}.*{verdict} Result: {res.result}.", "",
                      "```text", res.computation, "```", "", res.explanation])


INPUT_LABELS = {"input": "Input", "value": "Value", "from": "From (resource, row)"}


def show_group(group: str, results: dict[str, Result]) -> None:
    """Display one group of the appendix: its heading, then each entry's section and inputs.

    Outside the book the group is one Markdown output, so that JupyterLab, which shows
    a cell's first 50 outputs, shows every entry of every group."""
    from IPython.display import Markdown, display

    from ..tables import table

    entries = [r for r in results.values() if r.group == group]
    inputs = {r.id: table(inputs_table(r), caption=f"Inputs of {r.id}", labels=INPUT_LABELS) for r in entries}
    if BOOK_BUILD:      # one output per part, as the book's page has always been built
        display(Markdown(f"### {group}"))
        for r in entries:
            display(Markdown(section(r)))
            display(inputs[r.id])
        return
    parts = [f"### {group}"] + [section(r) + "\n\n" + markup.pipe_table(inputs[r.id].header, inputs[r.id].rows,
                                                                         inputs[r.id].caption) for r in entries]
    display(Markdown("\n\n".join(parts)))


def show(check_id: str, results: dict[str, Result] | None = None) -> None:
    """Display one entry as the appendix does: verdict, computation, reading, inputs."""
    from IPython.display import Markdown, display

    from ..tables import table

    res = results[check_id] if results else result(check_id)
    verdict = f"**Verdict: {res.verdict}** (the companion's reading). " if res.verdict else ""
    display(Markdown(f"{verdict}Result: {res.result}.\n\nComputation: `{res.computation}`\n\n{res.explanation}"))
    display(table(inputs_table(res), labels=INPUT_LABELS))
