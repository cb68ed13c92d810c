"""The registry of the companion's computations on the article's numbers.

Each entry is a function of the data, registered under its own name: that
name is its id, its anchor in the appendix (``check-<name>``) and the name the
prose uses to cite one of its values. An entry is one of three kinds:

- ``check``: a test of the article's figures against each other (or against a
  named outside report) that can come out either way: consistent or tension;
- ``transcription``: a test of the companion's own data against the article's
  printed text (the companion's work, not the article's);
- ``computation``: a figure the companion derives and shows, with no verdict
  (for instance where the article gives nothing to check against).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .. import reproduction

KINDS = ("check", "transcription", "computation")
VERDICTS = ("consistent", "tension")
GROUPS = ("Parts and totals", "Units", "Dates and durations", "Growth arithmetic", "The loss table",
          "Text against table", "Claims against each other", "Outside figures", "Figures the companion derives",
          "The article against later figures")


@dataclass(frozen=True)
class Input:
    """One figure a computation reads: what it is, its value, and where it comes from."""
    label: str
    value: object
    source: str


@dataclass(frozen=True)
class Finding:
    """What a computation returns: its inputs, the arithmetic written out with
    the numbers read, the outcome, the verdict (checks only), a short reading,
    and named values the prose may cite (``{calc}`8.6 <loss_ratio.all>```)."""
    inputs: list[Input]
    computation: str
    result: str
    explanation: str
    verdict: str | None = None
    values: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Entry:
    id: str
    group: str
    title: str
    kind: str
    func: Callable


@dataclass(frozen=True)
class Result:
    """A registry entry together with its finding on one version of the data."""
    entry: Entry
    finding: Finding

    def __getattr__(self, name):
        for part in (self.entry, self.finding):
            if name in part.__dataclass_fields__:
                return getattr(part, name)
        raise AttributeError(name)

    @property
    def anchor(self) -> str:
        return "check-" + self.entry.id.replace("_", "-")


REGISTRY: dict[str, Entry] = {}


def register(group: str, title: str, kind: str = "check"):
    """Register a function of the data under its own name."""
    if group not in GROUPS or kind not in KINDS:
        raise ValueError(f"unknown group {group!r} or kind {kind!r}")

    def wrap(func: Callable) -> Callable:
        if func.__name__ in REGISTRY:
            raise ValueError(f"two computations named {func.__name__!r}")
        REGISTRY[func.__name__] = Entry(func.__name__, group, title, kind, func)
        return func
    return wrap


def evaluate(entry: Entry, data) -> Result:
    finding = entry.func(data)
    if (finding.verdict is None) != (entry.kind == "computation"):
        raise ValueError(f"{entry.id}: a {entry.kind} must {'not ' if entry.kind == 'computation' else ''}have a verdict")
    if finding.verdict is not None and finding.verdict not in VERDICTS:
        raise ValueError(f"{entry.id}: unknown verdict {finding.verdict!r}")
    # What a page shows of it, for the page's reproduction record (companion.reproduction).
    reproduction.record("finding", entry.id, {"result": finding.result, "computation": finding.computation,
                                              "explanation": finding.explanation, "verdict": finding.verdict,
                                              "values": finding.values})
    return Result(entry, finding)
