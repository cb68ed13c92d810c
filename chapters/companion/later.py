"""What happened next: the events since the article (the ``later_events`` resource).

- ``events()``: the events with the days they cover, their dates in words, their numbers
  (LE07 is 7) and their threads in words;
- ``sequel(risk_ids)``: for each risk the article names, its later events as MyST text whose
  dates are ``{later}`` roles, so that each is checked against its record, links to it and is
  marked as not from the article (a dagger in print);
- ``timeline(events)``: a chart maker for ``figure()``: one panel per thread, each event a
  numbered mark at its date, the article's season shaded;
- ``table(events, thread, name)``: the events of a thread, each row anchored (``#later-le07``)
  and linked to its source in the bibliography.

Nothing here is from the article; its date (autumn 2021) is defined in ``article.PUBLISHED``.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from . import data
from .article import PUBLISHED, PUBLISHED_TEXT, date_span, date_text
from .chart_contrast import best_ink
from .charts import CATEGORY_RANGE, GREY, INK, font_size
from .tables import Table

THREADS = ("conflict", "risks", "industry")
SHORT = {"before": "before the article", "same-season": "in the article's season", "after": ""}
SEASON = f"The article ({PUBLISHED_TEXT})"
FULL, PARTIAL = "verified", "not fully verified"


def events(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The events, with ``start`` and ``end`` (days covered), ``when`` (the date in words),
    ``number`` and ``thread_label``."""
    out = (data.load("later_events") if frame is None else frame).copy()
    out["start"] = [date_span(d)[0] for d in out.date]
    out["end"] = [date_span(e)[1] if isinstance(e, str) else date_span(d)[1] for d, e in zip(out.date, out.end_date)]
    out["when"] = [date_text(d) + (f" to {date_text(e)}" if isinstance(e, str) else "")
                   for d, e in zip(out.date, out.end_date)]
    out["number"] = out.record_id.str[2:].astype(int)
    out["thread_label"] = out.thread.map(data.words("later_events", "thread"))
    return out


def month(date: str) -> str:
    """A date as month and year ('2021-04-12' -> 'April 2021'), or the year alone if that is all it has."""
    return date_text(date[:7]) if len(date) >= 7 else date


def sequel(risk_ids, frame: pd.DataFrame | None = None) -> list[str]:
    """For each risk id, its events in date order as MyST text: '{later}`April 2021 <LE01>`: Canada
    cancels ... (before the article); ...'. A risk without an event says so."""
    ev = events(frame).sort_values(["start", "record_id"])
    cells = []
    for risk in risk_ids:
        parts = [f"{{later}}`{month(r.date)} <{r.record_id}>`: {r.headline}"
                 + (f" ({SHORT[r.relation_to_article]})" if SHORT[r.relation_to_article] else "")
                 for r in ev[ev.risk == risk].itertuples()]
        cells.append("; ".join(parts) if parts else "no later event found")
    return cells


def table(ev: pd.DataFrame, thread: str, name: str) -> Table:
    """The events of one thread: date (and, if not after the article, where it falls against it),
    what happened, how far verified and what exactly is, and the source: outlet, date, and its
    entry in the bibliography ({cite})."""
    rows = ev[ev.thread == thread].assign(
        when=lambda d: d.when + d.relation_to_article.map(lambda r: f" ({SHORT[r]})" if SHORT[r] else ""),
        Source=lambda d: d.source + ", " + d.source_date.map(date_text) + " {cite}`" + d.source_key + "`")
    rows = data.in_words(rows, "later_events").assign(
        status=lambda d: d.status + d.status_note.map(lambda n: f": {n}" if isinstance(n, str) else ""))
    caption = f"{data.words('later_events', 'thread')[thread]}: events since the article, from outside sources"
    return Table(rows[["record_id", "when", "event", "status", "Source"]], resource="later_events",
                 labels={"when": "Date"}, caption=caption, name=name, anchors="later", markup=["Source"])


def _lanes(starts, ends, gap_days: float) -> list[int]:
    """Each event in the first lane free for gap_days before it: a mark, or the line of an event
    that lasted, never runs into the next mark of its lane."""
    lanes, free = [], {}
    for start, end in zip(starts, ends):
        n = 0
        while n in free and (start - free[n]).days < gap_days:
            n += 1
        free[n] = max(start, end)
        lanes.append(n)
    return lanes


def timeline(ev: pd.DataFrame):
    """One panel per thread, years across: each event a numbered circle at its first day (pale for
    anything short of verified), a line to its last day when it lasted, and the article's season
    shaded. Returns a chart maker for ``figure()``."""
    first = min(ev.start.min(), pd.Timestamp(PUBLISHED[0])) - pd.Timedelta(days=60)
    last = ev.end.max() + pd.Timedelta(days=60)
    season = pd.DataFrame({"start": [pd.Timestamp(PUBLISHED[0])], "end": [pd.Timestamp(PUBLISHED[1])], "what": [SEASON]})

    def make(width: int) -> alt.VConcatChart:
        wide, plot = width > 400, width - 20
        size = 300 if wide else 400                          # circle area: about 20 px across, 23 on a phone
        gap = (size ** 0.5 + 3) / plot * (last - first).days  # days between two marks in one lane
        domain = alt.Scale(domain=[first.isoformat(), last.isoformat()])
        years = alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1}, grid=True)
        rows = ev.sort_values(["start", "record_id"]).assign(
            verification=lambda d: [FULL if s == "verified" else PARTIAL for s in d.status],
            link=lambda d: "#later-" + d.record_id.str.lower())
        panels = []
        for i, thread in enumerate(THREADS):
            # The last panel names the axis.
            x = alt.X("start:T", title="Date of the event" if i == len(THREADS) - 1 else None, scale=domain, axis=years)
            part = rows[rows.thread == thread].copy()
            part["lane"] = _lanes(part.start, part.end, gap)
            lanes = int(part.lane.max()) + 1
            y = alt.Y("lane:Q", axis=None, scale=alt.Scale(domain=[-0.8, lanes - 0.2], reverse=True))
            tips = [alt.Tooltip("record_id:N", title="Event"), alt.Tooltip("when:N", title="Date"),
                    alt.Tooltip("headline:N", title="In short"), alt.Tooltip("status:N", title="How far verified"),
                    alt.Tooltip("source:N", title="Source")]
            band = alt.Chart(season).mark_rect(opacity=0.6).encode(
                x=x, x2="end:T", fill=alt.Fill("what:N", title=None, scale=alt.Scale(range=["#d9d9d9"]),
                                               legend=alt.Legend(symbolType="square")))
            spans = alt.Chart(part[part.end > part.start]).mark_rule(strokeWidth=4, opacity=0.5).encode(
                x=x, x2="end:T", y=y, color=alt.value(CATEGORY_RANGE[i]))
            marks = alt.Chart(part).mark_circle(size=size, stroke=CATEGORY_RANGE[i], strokeWidth=1.5).encode(
                x=x, y=y, color=alt.value(CATEGORY_RANGE[i]), tooltip=tips,
                opacity=alt.Opacity("verification:N", title=None, sort=[FULL, PARTIAL],
                                    scale=alt.Scale(domain=[FULL, PARTIAL], range=[0.95, 0.3]),
                                    legend=alt.Legend(columns=1, symbolFillColor=GREY, symbolStrokeColor=GREY)))
            # Each number in the ink that reads best on its circle (a pale circle is short of verified).
            part["ink"] = [best_ink(CATEGORY_RANGE[i], 0.95 if v == FULL else 0.3, (INK, "#ffffff"))
                           for v in part.verification]
            numbers = alt.Chart(part).mark_text(fontSize=11 if wide else font_size(width), fontWeight="bold").encode(
                x=x, y=y, text="number:Q", tooltip=tips, color=alt.Color("ink:N", scale=None))
            layer = alt.layer(band, spans, marks, numbers).properties(
                title=part.thread_label.iloc[0], width=plot, height=lanes * (size ** 0.5 + 4) + 8)
            panels.append(layer)
        return alt.vconcat(*panels, spacing=14).resolve_scale(x="shared")
    return make
