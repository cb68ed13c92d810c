"""How the computations read the data: one cached loader per data directory,
lookups that fail loudly when a record is missing or ambiguous, and the
short "where from" text each input carries."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import timeline
from ..article import date_span, parse_loss_cell
from ..data import DATA, load
from .registry import Input


class Data:
    """Lazy, cached access to the resources of one data directory."""

    def __init__(self, data_dir=None):
        self.dir = Path(data_dir) if data_dir is not None else DATA
        self._cache: dict[str, pd.DataFrame] = {}

    def __call__(self, name: str) -> pd.DataFrame:
        if name not in self._cache:
            self._cache[name] = load(name, self.dir)
        return self._cache[name]

    def loaded(self) -> list[str]:
        """The resources read so far, in the order first read."""
        return list(self._cache)

    def claim(self, **where) -> pd.Series:
        """The one claim whose fields match: ``subject=`` matches part of the text, the others exactly."""
        claims = self("claims")
        mask = pd.Series(True, index=claims.index)
        for key, value in where.items():
            column = claims[key]
            mask &= column.str.contains(value, case=False, regex=False) if key == "subject" else column == value
        hits = claims[mask.fillna(False)]
        if len(hits) != 1:
            raise LookupError(f"expected one claim for {where}, found {len(hits)}")
        return hits.iloc[0]

    def event(self, **where) -> pd.Series:
        return timeline.event(self("timeline"), **where)

    def war(self) -> tuple[pd.Timestamp, pd.Timestamp, pd.Series]:
        """Outbreak, end and row of the 2020 war."""
        row = timeline.war(self("timeline"))
        return pd.Timestamp(row.date), pd.Timestamp(row.end_date), row

    def printed(self) -> pd.DataFrame:
        """The loss table as printed, each cell parsed."""
        printed = self("losses_printed").copy()
        printed["parsed"] = printed.cell.map(parse_loss_cell)
        return printed


def num(x, decimals: int = 0) -> str:
    """A number for a computation line: thousands separators, ``decimals`` places."""
    if isinstance(x, int) or (isinstance(x, float) and float(x).is_integer() and decimals == 0):
        return f"{int(x):,}"
    return f"{x:,.{decimals}f}"


def where(row: pd.Series, resource: str, key: str | None = None) -> str:
    """'resource key (section, endnote N)': where an input comes from."""
    text = resource + (f" {row[key]}" if key else "")
    section, note = row.get("section"), row.get("endnote")
    if section is not None and not pd.isna(section):
        text += f" ({section}" + (f", endnote {int(note)})" if note is not None and not pd.isna(note) else ")")
    return text


def inp(label: str, value, source: str) -> Input:
    return Input(label, value, source)


def rows(frame: pd.DataFrame) -> list[pd.Series]:
    """The rows as Series (a column named count clashes with tuple.count)."""
    return [r for _, r in frame.iterrows()]


def span_years(start: str, end: pd.Timestamp) -> tuple[float, float]:
    """Shortest and longest span in years from a partial date to a day."""
    first, last = date_span(start)
    return (end - last).days / 365.25, (end - first).days / 365.25


def years_between(start: str, end: str) -> tuple[float, float]:
    """Shortest and longest span in years between two partial dates (each covers its year, month or day)."""
    first, last = date_span(start)
    end_first, end_last = date_span(end)
    return (end_first - last).days / 365.25, (end_last - first).days / 365.25


def span_days(start: str, end: pd.Timestamp) -> tuple[int, int]:
    first, last = date_span(start)
    return (end - last).days, (end - first).days
