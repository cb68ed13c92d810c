"""The article's dated events (the `timeline` resource) as spans a chart can draw."""
from __future__ import annotations

import pandas as pd

from .article import date_span, date_text


def spans(timeline: pd.DataFrame) -> pd.DataFrame:
    """The events with the days they cover and their dates as text.

    Adds ``start`` and ``end`` (the first and last day covered: a year-precision
    date covers its whole year, a span runs to the last day of its end date) and
    ``when`` ("27 September 2020", "1995 to 2005"; "year inferred" noted where
    the article prints no year)."""
    out = timeline.copy()
    out["start"] = [date_span(d)[0] for d in out.date]
    out["end"] = [date_span(e)[1] if isinstance(e, str) else date_span(d)[1]
                  for d, e in zip(out.date, out.end_date)]
    out["when"] = [date_text(d) + (f" to {date_text(e)}" if isinstance(e, str) else "")
                   + (" (year inferred)" if inferred else "")
                   for d, e, inferred in zip(out.date, out.end_date, out.year_inferred)]
    return out


def war(timeline: pd.DataFrame) -> pd.Series:
    """The 2020 war: the one war event with an end date."""
    wars = timeline[(timeline.category == "war") & timeline.end_date.notna()]
    if len(wars) != 1:
        raise LookupError(f"expected one war event with an end date in the timeline, found {len(wars)}")
    return wars.iloc[0]


def war_days(timeline: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Outbreak and end of the 2020 war as days."""
    w = war(timeline)
    return pd.Timestamp(w.date), pd.Timestamp(w.end_date)


def event(timeline: pd.DataFrame, **where) -> pd.Series:
    """The one event whose fields match: ``event=`` and ``actor=`` match a part of
    the text, the other fields exactly."""
    mask = pd.Series(True, index=timeline.index)
    for key, value in where.items():
        column = timeline[key]
        mask &= column.str.contains(value, case=False, regex=False) if key in ("event", "actor") else column == value
    hits = timeline[mask.fillna(False)]
    if len(hits) != 1:
        raise LookupError(f"expected one timeline event for {where}, found {len(hits)}")
    return hits.iloc[0]
