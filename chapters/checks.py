"""Consistency checks of the article's numbers, computed from the data package.

One function per check; ``run_checks()`` runs them all and returns one dict
per check with the keys

    id, group, title, inputs, computation, result, verdict, explanation

``inputs`` is a list of ``{"input", "value", "from"}`` dicts (what was read,
and from which resource row), ``computation`` a line of arithmetic written
out with the numbers that were read, ``result`` the outcome, ``verdict`` one
of ``VERDICTS`` and ``explanation`` a short reading of the result.  Nothing
here is typed from the article: every figure is read from ``data/`` through
``companion.load``, and every verdict follows from a rule stated in the code.
The appendix "Checking the article's numbers" renders this list, and
``tests/test_checks.py`` recomputes the key verdicts independently.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

import companion as cx

VERDICTS = ("consistent", "tension", "not checkable")

# Rules shared by several checks -------------------------------------------
DAYS_PER_MONTH = 365.25 / 12      # an average calendar month
DAYS_PER_YEAR = 365.25
FT_TO_M = 0.3048                  # the international foot, exact by definition
NEARLY = 0.9                      # "nearly N" read as at least 90% of N and at most N
ABOUT = 0.125                     # "about N" read as within 12.5% of N (e.g. 3.5-4.5 months for "about four")
WEEKS_MAX = 2 * DAYS_PER_MONTH / 7  # "just weeks" read as under two months (about 8.7 weeks)
DISAGREE = 1.25                   # two figures for one quantity disagree if one exceeds the other by >25%
STATUSES = list(cx.STATUSES)
# Loss-table labels of armoured or soft-skinned vehicle rows (the rows in
# which every status, abandoned included, is expected); all other rows are
# weapon systems.  Labels as printed in the article.
VEHICLE_ROWS = {"Tanks", "Armored Fighting Vehicles", "Infantry Fighting Vehicles",
                "Trucks, Vehicles, and Jeeps"}

GROUPS = ["Parts and totals", "Units", "Dates and durations", "Growth arithmetic",
          "The loss table", "Text against table", "Claims against each other",
          "Outside figures"]


class _Data:
    """Lazy, cached access to the resources of one data directory."""

    def __init__(self, data_dir=None):
        self.dir = Path(data_dir) if data_dir is not None else cx.DATA
        self._cache: dict[str, pd.DataFrame] = {}

    def __call__(self, name: str) -> pd.DataFrame:
        if name not in self._cache:
            self._cache[name] = cx.load(name, self.dir)
        return self._cache[name]

    def claim(self, **where) -> pd.Series:
        """The one claim whose fields match: ``subject=`` is a substring, others are equal."""
        c = self("claims")
        mask = pd.Series(True, index=c.index)
        for k, v in where.items():
            mask &= c[k].str.contains(v, case=False, regex=False) if k == "subject" else (c[k] == v)
        hits = c[mask.fillna(False)]
        if len(hits) != 1:
            raise LookupError(f"expected one claim for {where}, found {len(hits)}")
        return hits.iloc[0]

    def event(self, **where) -> pd.Series:
        """The one timeline event whose fields match (``event=`` / ``actor=`` are substrings)."""
        t = self("timeline")
        mask = pd.Series(True, index=t.index)
        for k, v in where.items():
            mask &= t[k].str.contains(v, case=False, regex=False) if k in ("event", "actor") else (t[k] == v)
        hits = t[mask.fillna(False)]
        if len(hits) != 1:
            raise LookupError(f"expected one timeline event for {where}, found {len(hits)}")
        return hits.iloc[0]

    def war(self) -> tuple[pd.Timestamp, pd.Timestamp, pd.Series]:
        """Start and end of the 2020 war: the war event that has an end date."""
        t = self("timeline")
        w = t[(t.category == "war") & t.end_date.notna()]
        if len(w) != 1:
            raise LookupError("expected one war event with an end date in the timeline")
        w = w.iloc[0]
        return pd.Timestamp(w.date), pd.Timestamp(w.end_date), w

    def printed(self) -> pd.DataFrame:
        """The loss table as printed, with each cell parsed by companion.parse_loss_cell."""
        lp = self("losses_printed").copy()
        lp["parsed"] = lp.cell.map(cx.parse_loss_cell)
        return lp


# Formatting helpers --------------------------------------------------------
def _n(x, d=0) -> str:
    """A number for a computation line: thousands separators, d decimals."""
    if isinstance(x, (int,)) or (isinstance(x, float) and float(x).is_integer() and d == 0):
        return f"{int(x):,}"
    return f"{x:,.{d}f}"


def _src(row: pd.Series, name: str, key: str | None = None) -> str:
    """'resource key (section, endnote N)' for an inputs table."""
    bits = [name + (f" {row[key]}" if key else "")]
    sec = row.get("section")
    note = row.get("endnote")
    if sec is not None and not pd.isna(sec):
        bits.append(f"({sec}" + (f", endnote {int(note)})" if note is not None and not pd.isna(note) else ")"))
    return " ".join(bits)


def _rows(df: pd.DataFrame) -> list[pd.Series]:
    """The rows of a DataFrame as Series (a column named count clashes with tuple.count)."""
    return [r for _, r in df.iterrows()]


def _inp(label, value, source) -> dict:
    return {"input": label, "value": value, "from": source}


def _check(id_, group, title, inputs, computation, result, verdict, explanation) -> dict:
    assert verdict in VERDICTS, verdict
    assert group in GROUPS, group
    return {"id": id_, "group": group, "title": title, "inputs": inputs,
            "computation": computation, "result": result, "verdict": verdict,
            "explanation": explanation}


def _span_years(start: str, end: pd.Timestamp) -> tuple[float, float]:
    """Shortest and longest span in years from a partial date to a day."""
    first, last = cx.date_span(start)
    return (end - last).days / DAYS_PER_YEAR, (end - first).days / DAYS_PER_YEAR


def _span_days(start: str, end: pd.Timestamp) -> tuple[int, int]:
    first, last = cx.date_span(start)
    return (end - last).days, (end - first).days


# ---------------------------------------------------------------------------
# Parts and totals
# ---------------------------------------------------------------------------
def check_inventory(D: _Data) -> dict:
    inv = D("uav_inventory")
    parts, total = inv[inv.row_kind == "part"], inv[inv.row_kind == "total"].iloc[0]
    s = int(parts["count"].sum())
    ok = s == int(total["count"])
    return _check(
        "inventory-sum", "Parts and totals", "Turkey's drone fleet: types against the stated total",
        [_inp(r.type, int(r["count"]), f"uav_inventory ({r.section}, endnote {r.endnote})") for r in _rows(parts)]
        + [_inp(f"Stated total ({total.type})", int(total["count"]), f"uav_inventory ({total.section}, endnote {total.endnote})")],
        " + ".join(_n(int(c)) for c in parts["count"]) + f" = {_n(s)}; stated total {_n(int(total['count']))}",
        f"sum of types {_n(s)} vs stated {_n(int(total['count']))}",
        "consistent" if ok else "tension",
        ("The three types the article lists add up exactly to the fleet size it states, so the list is complete."
         if ok else "The listed types do not add up to the stated fleet size; some type is missing or a figure is off."))


def check_atgm_cell(D: _Data) -> dict:
    lp = D.printed()
    row = lp[lp.parsed.map(lambda p: bool(p["sub"]))].iloc[0]
    p = row.parsed
    parts = sum(p["counts"].values())
    last_status = list(p["counts"])[-1]          # the sub-count qualifies the status printed just before it
    (sub_label, sub_n), = p["sub"].items()
    ok = parts == p["total"] and sub_n <= p["counts"][last_status]
    return _check(
        "loss-cell-subcounts", "Parts and totals",
        f"The {row.category} cell: stated total and sub-count against its parts",
        [_inp("Printed cell", row.cell, f"losses_printed row {row.row_order}, {row.side}"),
         _inp("Stated total", p["total"], "parsed from the cell")]
        + [_inp(s, n, "parsed from the cell") for s, n in p["counts"].items()]
        + [_inp(f"of the {last_status}: {sub_label}", sub_n, "parsed from the cell")],
        " + ".join(_n(n) for n in p["counts"].values()) + f" = {_n(parts)} (stated {_n(p['total'])}); "
        f"{_n(sub_n)} ≤ {_n(p['counts'][last_status])} {last_status}",
        f"parts {'equal' if parts == p['total'] else 'differ from'} the total; sub-count "
        f"{'fits within' if sub_n <= p['counts'][last_status] else 'exceeds'} its status",
        "consistent" if ok else "tension",
        (f"The cell's {len(p['counts'])} statuses add up to its stated total, and the {sub_label} items are a subset "
         f"of the {last_status} ones, as the wording says."
         if ok else "The cell's parts and its stated total disagree."))


def check_total_cells(D: _Data) -> dict:
    lp = D.printed()
    tot = lp[lp.parsed.map(lambda p: p["total"] is not None)]
    rows = [(r.category, r.side, r.parsed["total"], sum(r.parsed["counts"].values())) for r in _rows(tot)]
    bad = [r for r in rows if r[2] != r[3]]
    return _check(
        "loss-total-cells", "Parts and totals", "Loss-table cells printed with a total: do the parts add up?",
        [_inp(f"{c} ({s})", f"total {_n(t)}, parts {_n(p)}", "losses_printed (parsed)") for c, s, t, p in rows],
        "; ".join(f"{_n(p)} = {_n(t)}" if p == t else f"{_n(p)} ≠ {_n(t)}" for _, _, t, p in rows),
        f"{len(rows) - len(bad)} of {len(rows)} total cells add up",
        "consistent" if not bad else "tension",
        (f"All {len(rows)} cells printed in the 'N, of which…' form are internally consistent: the statuses they list "
         "sum to the number in front." if not bad else
         "Some cells printed with a total list statuses that do not add up to it: "
         + ", ".join(f"{c} ({s})" for c, s, _, _ in bad) + "."))


def check_tidy_vs_printed(D: _Data) -> dict:
    lp = D.printed()
    printed = {(r.row_order, r.side, s): n for r in _rows(lp) for s, n in r.parsed["counts"].items()}
    L = D("losses")
    tidy = {(int(r.row_order), r.side, r.status): int(r["count"]) for r in _rows(L)}
    diff = sorted(set(printed.items()) ^ set(tidy.items()))
    return _check(
        "loss-tidy-vs-printed", "The loss table", "The companion's tidy loss table reproduces the printed cells",
        [_inp("Printed cells parsed into status counts", len(printed), "losses_printed"),
         _inp("Rows of the tidy table", len(tidy), "losses"),
         _inp("Items in the printed cells", sum(printed.values()), "losses_printed"),
         _inp("Items in the tidy table", sum(tidy.values()), "losses")],
        f"{len(printed)} parsed counts vs {len(tidy)} tidy rows; {_n(sum(printed.values()))} vs "
        f"{_n(sum(tidy.values()))} items; mismatching (row, side, status) entries: {len(diff)}",
        "identical" if not diff else f"{len(diff)} mismatches",
        "consistent" if not diff else "tension",
        ("Every count in the tidy table matches the cell as printed, so the charts elsewhere in the book show the "
         "article's table and nothing else." if not diff else
         "The tidy table and the printed cells disagree; the data needs review."))


def check_garbled(D: _Data) -> dict:
    lp = D("losses_printed")
    st = "|".join(STATUSES)
    hits = [(r.category, r.side, r.cell, m.group(0), int(m.group(1)), int(m.group(3)))
            for r in _rows(lp) for m in [re.search(rf"(?:^|; )(\d+) ({st}): (\d+)", r.cell)] if m]
    ok = all(a == b for *_, a, b in hits)
    return _check(
        "loss-garbled-cell", "The loss table", "Garbled cells: is the repeated number the same?",
        [_inp(f"{c} ({s})", cell, "losses_printed") for c, s, cell, *_ in hits],
        "; ".join(f"'{frag}': {a} = {b}" if a == b else f"'{frag}': {a} ≠ {b}" for *_, frag, a, b in hits) or "no garbled cell",
        f"{len(hits)} garbled fragment(s); numbers {'agree' if ok else 'disagree'}",
        "consistent" if ok else "tension",
        (f"{len(hits)} cell fragment mixes the two printed forms ('N status' and 'status: N'). Because both numbers "
         "are the same, it can be read without guessing; the companion records it once." if ok and hits else
         "A garbled fragment carries two different numbers, so it cannot be read without a guess."))


# ---------------------------------------------------------------------------
# The loss table
# ---------------------------------------------------------------------------
def check_column_totals(D: _Data) -> dict:
    L = D("losses")
    by_side = L.groupby("side")["count"].sum().astype(int)
    by = L.pivot_table(index="side", columns="status", values="count", aggfunc="sum", fill_value=0).astype(int)
    inputs = [_inp(f"{side}: {st}", int(by.loc[side, st]), "losses (sum)") for side in by.index for st in STATUSES if st in by]
    return _check(
        "loss-column-totals", "The loss table", "Column totals per side",
        inputs,
        "; ".join(f"{side}: " + " + ".join(_n(int(by.loc[side, st])) for st in STATUSES if st in by)
                  + f" = {_n(int(by_side[side]))}" for side in by.index),
        "; ".join(f"{side} {_n(int(v))} items" for side, v in by_side.items()),
        "not checkable",
        "The table as reprinted has no totals row, and the article gives no total for either side, so the column "
        "sums (shown here) have nothing in the article to be checked against. They are what a reader gets by adding "
        "the cells, anomalies included.")


def check_duplicate_label(D: _Data) -> dict:
    lp = D("losses_printed")
    rows = lp.drop_duplicates("row_order")[["row_order", "category"]]
    dup = rows[rows.category.duplicated(keep=False)].sort_values("row_order")
    cells = lp[lp.row_order.isin(dup.row_order)]
    return _check(
        "loss-duplicate-label", "The loss table", "A row label printed twice",
        [_inp(f"Row {r.row_order}, {r.side}", f"{r.category}: {r.cell}", "losses_printed") for r in _rows(cells)],
        "labels printed at more than one row: " + (", ".join(f"{c} (rows {', '.join(str(x) for x in g.row_order)})"
                                                        for c, g in dup.groupby("category")) or "none"),
        f"{dup.category.nunique()} label(s) repeated",
        "tension" if len(dup) else "consistent",
        ("The same category label appears twice in the table, once with counts and once with empty cells for both "
         "sides. A label was probably repeated or misplaced when the table was reprinted; which category the second "
         "row was meant to hold cannot be told from the article." if len(dup) else "Every label occurs once."))


def check_outlier(D: _Data) -> dict:
    L = D("losses")
    flagged = []
    for (side, st), g in L.groupby(["side", "status"]):
        if len(g) < 3:      # a column of one or two cells has no 'rest' to speak of
            continue
        for r in _rows(g):
            rest = int(g["count"].sum()) - int(r["count"])
            if int(r["count"]) > rest:
                flagged.append((side, st, r.category, int(r["count"]), rest, len(g) - 1))
    top = flagged[0] if flagged else None
    return _check(
        "loss-implausible-value", "The loss table", "A single cell larger than the rest of its column",
        ([_inp(f"{c} ({s}, {st})", n, "losses") for s, st, c, n, _, _ in flagged]
         + [_inp(f"All other {st} items of {s} ({k} cells)", rest, "losses (sum)") for s, st, _, _, rest, k in flagged]),
        "; ".join(f"{_n(n)} > {_n(rest)}" for *_, n, rest, _ in flagged) or "no cell exceeds the rest of its column",
        (f"{top[2]} ({top[0]}): {_n(top[3])} {top[1]}, more than all other {top[1]} items of that side combined "
         f"({_n(top[4])})" if top else "none"),
        "tension" if flagged else "consistent",
        ("Rule: a count is flagged when it exceeds the sum of every other count of the same side and status (in a "
         f"status column of at least three cells). The flagged cell would mean more {top[2].lower()} {top[1]} than "
         "tanks, vehicles, guns and everything else of that side together, in a category of scarce, expensive "
         "systems, while the same row has only a handful of items of other statuses. A misprint (or a merged cell) "
         "is the likely cause, but the article does not say, and the companion keeps the printed value."
         if flagged else "No single count dominates its column."))


def check_empty_vehicle_row(D: _Data) -> dict:
    L = D("losses")
    col = L.groupby("side")["count"].sum()
    rows = L.groupby(["row_order", "category", "side"])["count"].sum().unstack("side").fillna(0).astype(int)
    sides = list(col.index)
    flagged = []
    for (ro, cat), r in rows.iterrows():
        for a in sides:
            for b in sides:
                if a != b and r[a] == 0 and r[b] > col[a]:
                    flagged.append((cat, a, b, int(r[b]), int(col[a])))
    return _check(
        "loss-empty-row", "The loss table", "A row empty for one side but larger than that side's whole column",
        [_inp(f"{cat}: {b}", n, "losses (sum of row)") for cat, a, b, n, _ in flagged]
        + [_inp(f"{cat}: {a}", "— (empty)", "losses_printed") for cat, a, *_ in flagged]
        + [_inp(f"All losses of {a}", tot, "losses (column sum)") for _, a, _, _, tot in flagged],
        "; ".join(f"{cat}: {b} {_n(n)} > {a}'s whole column {_n(tot)}" for cat, a, b, n, tot in flagged) or "none",
        ", ".join(f"{cat} empty for {a}" for cat, a, *_ in flagged) or "no such row",
        "tension" if flagged else "consistent",
        ("Rule: flag a row that is empty for one side while the other side's count in it exceeds everything the first "
         "side lost. The unarmoured-vehicle row is the largest row of one side and is blank for the other, although "
         "every army in a six-week war moves on trucks and jeeps. It may mean none were documented at the time, or "
         "that the second column was shifted when the table was reprinted; the article does not say."
         if flagged else "No row is empty for one side while dominating the other."))


def check_profile(D: _Data) -> dict:
    L = D("losses")
    prof = L.groupby(["row_order", "category", "side"])["status"].apply(frozenset)
    full = [(cat, side) for (ro, cat, side), s in prof.items() if s == frozenset(STATUSES)]
    odd = [(c, s) for c, s in full if c not in VEHICLE_ROWS]
    cells = L[L.set_index(["category", "side"]).index.isin(full)]
    return _check(
        "loss-status-profile", "The loss table", "Rows whose status profile does not fit their label",
        [_inp(f"{c} ({s}): {st}", int(n), "losses") for c, s, st, n in
         cells[["category", "side", "status", "count"]].itertuples(index=False)],
        "rows listing all four statuses: " + ", ".join(f"{c} ({s})" for c, s in full)
        + "; of these not a vehicle row: " + (", ".join(f"{c} ({s})" for c, s in odd) or "none"),
        f"{len(odd)} weapon row(s) with the full vehicle-like profile",
        "tension" if odd else "consistent",
        ("Rule: a row that records all four statuses (destroyed, damaged, abandoned and captured) is typical of "
         "vehicles, which can be hit, left behind or driven off; the table's own vehicle rows show it. "
         f"{len(odd)} weapon row(s) of {', '.join(sorted({s for _, s in odd}))} show this full profile while that side's vehicle row is empty (see the previous "
         "check). This is a signal, not proof, that labels and cells in that column may have slipped against each "
         "other in the reprint." if odd else "Only vehicle rows carry the full four-status profile."))


def check_reversal(D: _Data) -> dict:
    L = D("losses")
    col = L.groupby("side")["count"].sum()
    big, small = col.idxmax(), col.idxmin()
    rows = L.groupby(["category", "side"])["count"].sum().unstack("side").fillna(0).astype(int)
    rev = rows[rows[small] > rows[big]]
    return _check(
        "loss-reversed-row", "The loss table", "Rows that run against the rest of the table",
        [_inp(f"All losses of {s}", int(col[s]), "losses (column sum)") for s in (big, small)]
        + [_inp(f"{c}: {s}", int(rev.loc[c, s]), "losses (row sum)") for c in rev.index for s in (big, small)],
        f"{big} lost {col[big] / col[small]:.1f} times as many items as {small} overall; rows where {small} lost more: "
        + (", ".join(f"{c} ({_n(int(rev.loc[c, small]))} vs {_n(int(rev.loc[c, big]))})" for c in rev.index) or "none"),
        f"{len(rev)} row(s) reversed",
        "tension" if len(rev) else "consistent",
        (f"Across the table {big}'s losses are several times {small}'s, yet in the row(s) listed {small} lost more. "
         "That is possible, but together with the empty vehicle row and the vehicle-like artillery profiles it adds to "
         "the suspicion that part of one column is misaligned." if len(rev) else "No row runs against the overall pattern."))


# ---------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------
def check_feet_metres(D: _Data) -> dict:
    P = D("platforms")
    pairs = []
    for r in _rows(P[P.unit == "feet"]):
        twin = P[(P.platform == r.platform) & (P.unit == "metres")
                 & (P.attribute == re.sub(r"_ft$", "_m", r.attribute)) & r.attribute.endswith("_ft")]
        if len(twin):
            pairs.append((r, twin.iloc[0]))
    res = [(ft, m, float(ft.value) * FT_TO_M) for ft, m in pairs]
    ok = all(abs(conv - float(m.value)) < 0.5 for _, m, conv in res)
    return _check(
        "units-feet-metres", "Units", "Feet and metres printed side by side",
        [x for ft, m, _ in res for x in (_inp(f"{ft.platform} {ft.attribute}", f"{_n(float(ft.value))} ft", _src(ft, "platforms")),
                                         _inp(f"{m.platform} {m.attribute}", f"{_n(float(m.value))} m", _src(m, "platforms")))]
        + [_inp("1 foot", f"{FT_TO_M} m", "definition (exact)")],
        "; ".join(f"{_n(float(ft.value))} × {FT_TO_M} = {conv:,.1f} m (printed {_n(float(m.value))} m)" for ft, m, conv in res),
        "; ".join(f"difference {abs(conv - float(m.value)):.1f} m" for _, m, conv in res),
        "consistent" if (ok and res) else ("tension" if res else "not checkable"),
        "The metric figure printed in brackets is the exact conversion of the feet figure, to the metre."
        if ok else "The printed metric equivalent does not match the feet figure.")


def check_feet_alone(D: _Data) -> dict:
    P = D("platforms")
    ft = P[(P.unit == "feet") & ~P.attribute.str.endswith("_ft")]
    rec = P[(P.unit == "metres") & P.attribute.str.contains("altitude")]
    r, m = ft.iloc[0], rec.iloc[0]
    conv = float(r.value) * FT_TO_M
    return _check(
        "units-feet-alone", "Units", "A height given only in feet",
        [_inp(f"{r.platform} {r.attribute}", f"{_n(float(r.value))} ft", _src(r, "platforms")),
         _inp(f"{m.platform} {m.attribute}", f"{_n(float(m.value))} m", _src(m, "platforms"))],
        f"{_n(float(r.value))} × {FT_TO_M} = {conv:,.1f} m, against the {_n(float(m.value))} m of the record flight",
        f"{conv:,.0f} m",
        "not checkable",
        f"The article gives this altitude in feet only, so there is no printed pair to check. Converted, it is about "
        f"{conv:,.0f} m, {'below' if conv < float(m.value) else 'above'} the altitude the same aircraft reached on its "
        "record flight; the two figures use different units in the article, which makes them hard to compare at a glance.")


def check_endurance_minutes(D: _Data) -> dict:
    P = D("platforms")
    r = P[(P.unit == "minutes")].iloc[0]
    h, m = (int(x) for x in re.match(r"(\d+) hours? (\d+) minutes?", r.as_written).groups())
    tot = h * 60 + m
    ok = tot == int(r.value)
    return _check(
        "units-hours-minutes", "Units", "Hours and minutes of the record flight",
        [_inp("As printed", r.as_written, _src(r, "platforms")), _inp("Stored value (minutes)", int(r.value), "platforms")],
        f"{h} × 60 + {m} = {_n(tot)} minutes",
        f"{_n(tot)} minutes",
        "consistent" if ok else "tension",
        "The single number the companion stores for the record equals the printed hours and minutes."
        if ok else "The stored value does not match the printed duration.")


# ---------------------------------------------------------------------------
# Dates and durations
# ---------------------------------------------------------------------------
def check_war_days(D: _Data) -> dict:
    start, end, w = D.war()
    days = (end - start).days
    c = D("claims")
    day_claims = c[(c.kind == "duration") & (c.unit == "days") & ~c.subject.str.contains("2016")]
    ok = bool((day_claims.value == days).all())
    return _check(
        "dates-war-days", "Dates and durations", "Length of the war in days",
        [_inp("Outbreak", cx.date_text(w.date), _src(w, "timeline", "event_id")),
         _inp("Agreement ending the war", cx.date_text(w.end_date), _src(w, "timeline", "event_id"))]
        + [_inp(f"Stated length ({r.subject})", r.as_written, _src(r, "claims", "claim_id")) for _, r in day_claims.iterrows()],
        f"{end:%d %B %Y} − {start:%d %B %Y} = {days} days ({days + 1} counting both end days)",
        f"{days} days",
        "consistent" if ok else "tension",
        (f"All {len(day_claims)} places where the article gives the war's length in days agree with the dates it "
         "gives, counting the days elapsed from the outbreak to the agreement." if ok else
         "At least one stated length in days does not match the dates."))


def _months_check(D, id_, section, title) -> dict:
    start, end, w = D.war()
    months = (end - start).days / DAYS_PER_MONTH
    cl = D.claim(section=section, kind="duration", unit="months")
    stated = float(cl.value)
    if cl.precision == "upper_bound":
        ok, rule = months < stated, f"{months:.2f} < {stated:g}"
    else:
        ok, rule = abs(months - stated) <= ABOUT * stated, f"|{months:.2f} − {stated:g}| = {abs(months - stated):.2f} ≤ {ABOUT * stated:.2f}"
    return _check(
        id_, "Dates and durations", title,
        [_inp("Outbreak", cx.date_text(w.date), _src(w, "timeline", "event_id")),
         _inp("End", cx.date_text(w.end_date), _src(w, "timeline", "event_id")),
         _inp("Stated length", cl.as_written, _src(cl, "claims", "claim_id"))],
        f"{(end - start).days} days ÷ {DAYS_PER_MONTH:.2f} days per month = {months:.2f} months; {rule}",
        f"{months:.2f} months",
        "consistent" if ok else "tension",
        (f"The war's {(end - start).days} days are about {months:.2f} average months, which fits "
         f"'{cl.as_written}'." if ok else f"'{cl.as_written}' does not fit {months:.2f} months."))


def check_less_than_two_months(D): return _months_check(D, "dates-abstract-months", "abstract", "The abstract's length of the war in months")


def check_one_and_a_half(D): return _months_check(D, "dates-conflict-months", "conflict", "The conflict section's length of the war in months")


def check_status_quo(D: _Data) -> dict:
    start, _, w = D.war()
    cl = D.claim(section="conflict", kind="duration", unit="years", subject="status quo")
    n = float(cl.value)
    t = D("timeline")
    cands = t[(t.date.str.len() == 4) & (t.date < w.date[:4]) & t.category.isin(["ceasefire-agreement"])]
    spans = [(r, *_span_years(r.date, start)) for _, r in cands.iterrows()]
    fits = [r for r, lo, hi in spans if lo <= n <= hi + 1]
    fit_year = int(w.date[:4]) - int(n)
    in_tl = t[(t.date == str(fit_year))]
    return _check(
        "dates-status-quo-years", "Dates and durations", "How long the pre-war status quo lasted",
        [_inp("Stated", cl.as_written, _src(cl, "claims", "claim_id")), _inp("Outbreak", cx.date_text(w.date), _src(w, "timeline", "event_id"))]
        + [_inp(f"Candidate start: {r.event}", r.date, _src(r, "timeline", "event_id")) for r, _, _ in spans]
        + [_inp(f"Start the figure would need ({_n(int(w.date[:4]))} − {n:g})", fit_year,
                "arithmetic; timeline events that year: " + (", ".join(in_tl.event_id) or "none"))],
        "; ".join(f"from {r.date} to {cx.date_text(w.date)}: {lo:.1f}–{hi:.1f} years" for r, lo, hi in spans),
        "; ".join(f"{lo:.0f}–{hi:.0f} years from {r.date}" for r, lo, hi in spans),
        "consistent" if fits else "tension",
        ("The article gives no start date for the status quo. The natural start it does date, the armistice that "
         f"ended the first war, yields about {spans[0][1]:.0f}–{spans[0][2]:.0f} years, short of the stated figure; the "
         f"figure would need a start in {fit_year}, and the article's events of that year (if any) are unrelated to the "
         "dispute. Both readings cannot be right; the stated figure is best read as approximate."
         if not fits else "A start the article dates fits the stated number of years."))


def check_thirty_two(D: _Data) -> dict:
    start, _, w = D.war()
    cl = D.claim(section="factors", kind="duration", unit="years", subject="conflict had lasted")
    n = float(cl.value)
    need = int(w.date[:4]) - int(n)
    t = D("timeline")
    there = t[t.date.str.startswith(str(need))]
    sq = D.claim(section="conflict", kind="duration", unit="years", subject="status quo")
    return _check(
        "dates-conflict-years", "Dates and durations", "How long the conflict had simmered before the war",
        [_inp("Stated", cl.as_written, _src(cl, "claims", "claim_id")),
         _inp("Outbreak", cx.date_text(w.date), _src(w, "timeline", "event_id")),
         _inp("Start the figure needs", need, "arithmetic"),
         _inp("Timeline events in that year", len(there), "timeline"),
         _inp("The status quo's stated length, for comparison", sq.as_written, _src(sq, "claims", "claim_id"))],
        f"{w.date[:4]} − {n:g} = {need}; events dated {need} in the article: {len(there)}; "
        f"{n:g} − {float(sq.value):g} = {n - float(sq.value):g} years between the two figures",
        f"start needed: {need}",
        "not checkable",
        f"The figure implies the conflict began around {need}, but the article mentions no event of that year and "
        "gives no start, so it cannot be checked against the article's own dates. It measures something different "
        "from the status quo figure (the conflict as a whole rather than the post-war order), so the gap between the "
        "two is not in itself a contradiction.")


def check_minsk(D: _Data) -> dict:
    start, _, w = D.war()
    cl = D.claim(section="factors", kind="duration", unit="years", subject="Minsk Group")
    n = float(cl.value)
    ev = D.event(actor="Minsk Group", category="diplomacy")
    lo, hi = _span_years(ev.date, start)
    ok = NEARLY * n <= hi and lo <= n
    return _check(
        "dates-minsk-years", "Dates and durations", "Years of Minsk Group mediation",
        [_inp("Stated", cl.as_written, _src(cl, "claims", "claim_id")),
         _inp("Mediation begins", ev.date, _src(ev, "timeline", "event_id")),
         _inp("Outbreak", cx.date_text(w.date), _src(w, "timeline", "event_id")),
         _inp("Rule for 'nearly N'", f"{NEARLY:.0%} of N to N", "this check")],
        f"from {ev.date} to {cx.date_text(w.date)}: {lo:.1f}–{hi:.1f} years; 'nearly {n:g}' needs "
        f"{NEARLY * n:g}–{n:g}",
        f"{lo:.1f}–{hi:.1f} years",
        "consistent" if ok else "tension",
        (f"Counting from the year the article gives for the start of the Group's mediation, the span is about "
         f"{lo:.0f}–{hi:.0f} years, somewhat short of what 'nearly {n:g}' suggests. An earlier start (the Group's "
         "founding) would fit better, but the article does not date it." if not ok else
         "The span from the dated start of mediation fits the stated figure."))


def check_just_weeks(D: _Data) -> dict:
    start, _, w = D.war()
    dec = D.event(category="acquisition", actor="Azerbaijan", precision="month")
    cl = D.claim(section="drones-in-war", kind="duration", unit="weeks")
    lo, hi = _span_days(dec.date, start)
    ok = lo / 7 <= WEEKS_MAX
    return _check(
        "dates-just-weeks", "Dates and durations", "From the purchase decision to the war: 'just weeks'?",
        [_inp("Purchase decision", cx.date_text(dec.date), _src(dec, "timeline", "event_id")),
         _inp("Outbreak", cx.date_text(w.date), _src(w, "timeline", "event_id")),
         _inp("Stated gap", cl.as_written, _src(cl, "claims", "claim_id")),
         _inp("Rule for 'just weeks'", f"under {WEEKS_MAX:.1f} weeks (two months)", "this check")],
        f"{lo}–{hi} days = {lo / 7:.1f}–{hi / 7:.1f} weeks = {lo / DAYS_PER_MONTH:.1f}–{hi / DAYS_PER_MONTH:.1f} months",
        f"{lo / 7:.0f}–{hi / 7:.0f} weeks",
        "consistent" if ok else "tension",
        (f"Even from the last day of the month of the decision, about {lo / 7:.0f} weeks passed before the war, "
         "roughly three to four months in all. 'Just weeks' understates the gap, and the same paragraph speaks of "
         "about four months for the span from plans to use." if not ok else "The gap is a matter of weeks."))


def check_four_months(D: _Data) -> dict:
    start, end, w = D.war()
    dec = D.event(category="acquisition", actor="Azerbaijan", precision="month")
    cl = D.claim(section="drones-in-war", kind="duration", unit="months")
    n = float(cl.value)
    a = [x / DAYS_PER_MONTH for x in _span_days(dec.date, start)]
    b = [x / DAYS_PER_MONTH for x in _span_days(dec.date, end)]
    lo, hi = min(a + b), max(a + b)
    ok = lo - ABOUT * n <= n <= hi + ABOUT * n
    return _check(
        "dates-plans-to-use", "Dates and durations", "From plans to combat use in 'about four months'",
        [_inp("Purchase decision", cx.date_text(dec.date), _src(dec, "timeline", "event_id")),
         _inp("Outbreak", cx.date_text(w.date), _src(w, "timeline", "event_id")),
         _inp("End of the war", cx.date_text(w.end_date), _src(w, "timeline", "event_id")),
         _inp("Stated span", cl.as_written, _src(cl, "claims", "claim_id"))],
        f"decision to outbreak {a[0]:.1f}–{a[1]:.1f} months; decision to end of war {b[0]:.1f}–{b[1]:.1f} months",
        f"{lo:.1f}–{hi:.1f} months",
        "consistent" if ok else "tension",
        ("The article does not say when the span starts or ends. Read from the decision month to the fighting, the "
         f"dates allow anything from about {lo:.1f} to {hi:.1f} months, which includes 'about four'. The figure fits "
         "the dates better than 'just weeks' does." if ok else "No reading of the dates gives about four months."))


def check_first_day(D: _Data) -> dict:
    P = D("platforms")
    rec = P[(P.attribute.str.contains("first_day")) & (P.unit == "minutes")].iloc[0]
    ff = D.event(category="first-flight", platform=rec.platform)
    rev = D.event(category="record", platform=rec.platform, date=ff.date)
    day = 24 * 60
    ok = int(rec.value) <= day
    return _check(
        "dates-first-day-record", "Dates and durations", "A record set 'during its first day in the air'",
        [_inp("First flight", cx.date_text(ff.date), _src(ff, "timeline", "event_id")),
         _inp("Record flight (no separate date printed)", cx.date_text(rev.date), _src(rev, "timeline", "event_id")),
         _inp("Record time aloft", f"{rec.as_written} ({_n(int(rec.value))} min)", _src(rec, "platforms")),
         _inp("Minutes in a day", day, "24 × 60")],
        f"{_n(int(rec.value))} min {'≤' if ok else '>'} {_n(day)} min",
        f"record {'fits within' if ok else 'is longer than'} one day",
        "consistent" if ok else "tension",
        ("A flight of more than 24 hours cannot fit inside a single day, so 'first day in the air' cannot be literal. "
         "Read with the first-flight date printed just before it, the sentence would have the aircraft's maiden flight "
         "set a day-long endurance record; more likely the record came on a later flight that the article does not "
         "date." if not ok else "The record fits within one day."))


# ---------------------------------------------------------------------------
# Growth arithmetic
# ---------------------------------------------------------------------------
def _exports(D):
    E = D("exports")
    v19 = E[(E.measure == "exports_value") & (E.kind == "reported")].iloc[0]
    g19 = E[(E.measure == "growth_over_previous_year") & (E.year == v19.year)].iloc[0]
    exp = E[(E.measure == "exports_value") & (E.kind == "expected")].iloc[0]
    return v19, g19, exp


def check_implied_2018(D: _Data) -> dict:
    v19, g19, _ = _exports(D)
    implied = float(v19.value) / (1 + float(g19.value) / 100)
    X = D("later_exports")
    prev = X[(X.year == int(v19.year) - 1) & (X.kind == "reported")]
    gaps = [(r, (float(r.value_usd_bn) - implied) / implied) for _, r in prev.iterrows()]
    ok = any(abs(g) <= 0.01 for _, g in gaps)
    return _check(
        "growth-implied-previous-year", "Growth arithmetic", "The previous year's exports implied by the reported value and growth rate",
        [_inp(f"Exports {v19.year}", f"{float(v19.value):g} USD bn", _src(v19, "exports")),
         _inp(f"Growth {g19.year}", f"{float(g19.value):g} %", _src(g19, "exports"))]
        + [_inp(f"Exports {r.year} as reported by {r.source}", f"{float(r.value_usd_bn):g} USD bn",
                f"later_exports (published {r.source_date})") for r, _ in gaps],
        f"{float(v19.value):g} ÷ (1 + {float(g19.value):g}/100) = {implied:.3f}; "
        + "; ".join(f"{float(r.value_usd_bn):g} differs by {g:+.2%}" for r, g in gaps),
        f"implied {int(v19.year) - 1} exports {implied:.3f} USD bn",
        "consistent" if ok else "tension",
        (f"The article gives no {int(v19.year) - 1} figure, but its two numbers imply one. Outside reports of the "
         f"{int(v19.year) - 1} figure disagree with each other; the implied value matches, to within 1%, the report(s) of "
         + ", ".join(f"{r.source} ({r.source_date})" for r, g in gaps if abs(g) <= 0.01)
         + ", so the article's growth rate and value fit together. The highest report "
         f"would have meant growth of about {float(v19.value) / float(prev.value_usd_bn.max()) - 1:.0%}."
         if ok else "No outside report of the previous year's exports matches the implied value."))


def check_required_growth(D: _Data) -> dict:
    v19, g19, exp = _exports(D)
    years = int(exp.year) - int(v19.year)
    need = (float(exp.value) / float(v19.value)) ** (1 / years) - 1
    ok = need <= float(g19.value) / 100
    return _check(
        "growth-required-for-expectation", "Growth arithmetic", "The yearly growth the export expectation needs",
        [_inp(f"Exports {v19.year}", f"{float(v19.value):g} USD bn", _src(v19, "exports")),
         _inp(f"Growth {g19.year}", f"{float(g19.value):g} %", _src(g19, "exports")),
         _inp(f"Expected exports {exp.year}", f"{float(exp.value):g} USD bn", _src(exp, "exports"))],
        f"({float(exp.value):g} ÷ {float(v19.value):g})^(1/{years}) − 1 = {need:.1%} a year, against {float(g19.value):g}% in {v19.year}",
        f"{need:.1%} a year for {years} years",
        "consistent" if ok else "tension",
        (f"To reach the expected value, exports would have to grow by about {need:.0%} every year for {years} years, "
         f"faster than the {float(g19.value):g}% of the year the article itself presents as strong. The expectation is "
         "therefore ambitious on the article's own figures (what happened later is in the appendix on figures since 2021)."
         if not ok else "The expectation needs no more than the 2019 growth rate."))


# ---------------------------------------------------------------------------
# Text against table
# ---------------------------------------------------------------------------
def check_ballistic(D: _Data) -> dict:
    cl = D.claim(kind="count", subject="Ballistic-missile launch")
    L = D("losses")
    row = L[L.category.str.contains("Ballistic")]
    n = int(row["count"].sum())
    ok = n == int(cl.value)
    return _check(
        "text-ballistic", "Text against table", "The ballistic-missile launcher in the text and in the table",
        [_inp("Text", cl.as_written, _src(cl, "claims", "claim_id"))]
        + [_inp(f"Table: {r.category} ({r.side}, {r.status})", int(r["count"]), f"losses row {r.row_order}") for r in _rows(row)],
        f"text {int(cl.value)} vs table {n}",
        "equal" if ok else "different",
        "consistent" if ok else "tension",
        "The text's single launch vehicle matches the table's single entry in the ballistic-missile row."
        if ok else "The text and the table give different numbers of ballistic-missile vehicles.")


def check_forty_percent(D: _Data) -> dict:
    d = D("damage_estimates")
    r = d[d.measure == "share_of_equipment_lost_percent"].iloc[0]
    L = D("losses")
    tot = int(L[L.side == r.about_side]["count"].sum())
    cap = tot / (float(r.value) / 100)
    return _check(
        "text-equipment-share", "Text against table", "Share of the Armenian equipment inventory lost",
        [_inp("Stated share", f"more than {float(r.value):g} %", _src(r, "damage_estimates", "estimate_id")),
         _inp(f"Items the table lists for {r.about_side}", tot, "losses (column sum)")],
        f"if the table's {_n(tot)} items were all the losses, an inventory of at most {_n(tot)} ÷ {float(r.value) / 100:g} = {cap:,.0f} items would fit",
        f"inventory ≤ {cap:,.0f} items would be implied",
        "not checkable",
        "The article states no size for the Armenian inventory and does not say which items the share counts, so the "
        "share cannot be checked. The computation only shows the largest inventory that would fit if the reprinted "
        "table (with its anomalies) were the whole loss.")


# ---------------------------------------------------------------------------
# Claims against each other
# ---------------------------------------------------------------------------
def _spread(D, about, id_, title):
    c = D("casualties")
    k = c[(c.measure == "killed") & (c.about_side == about)].sort_values("value")
    lo, hi = int(k.value.min()), int(k.value.max())
    ratio = hi / lo
    return _check(
        id_, "Claims against each other", title,
        [_inp(f"{r.claimant} ({r.claimant_side})", int(r.value), _src(r, "casualties", "figure_id")) for _, r in k.iterrows()],
        f"{_n(hi)} ÷ {_n(lo)} = {ratio:.2f}",
        f"largest figure {ratio:.1f} times the smallest",
        "tension" if ratio > DISAGREE else "consistent",
        (f"The {len(k)} figures the article reports for {about}'s dead disagree: the largest is {ratio:.1f} times the "
         "smallest. The article presents them as conflicting claims and does not choose between them; the "
         "disagreement is in the sources, not an error of arithmetic." if ratio > DISAGREE else "The figures agree."))


def check_armenian_dead(D): return _spread(D, "Armenia", "claims-armenian-dead", "Armenian dead, by claimant")


def check_azerbaijani_dead(D): return _spread(D, "Azerbaijan", "claims-azerbaijani-dead", "Azerbaijani dead: own figure against Armenia's claim")


def check_damage(D: _Data) -> dict:
    d = D("damage_estimates")
    v = d[d.measure == "value_destroyed_usd_bn"].sort_values("value")
    early, late = v.iloc[0], v.iloc[-1]
    iv = D.event(event="France24")
    ok = float(late.value) >= float(early.value)
    return _check(
        "claims-damage", "Claims against each other", "Value of Armenian equipment destroyed: mid-war against post-war",
        [_inp(f"{r.claimant}", f"{float(r.value):g} USD bn", _src(r, "damage_estimates", "estimate_id")) for _, r in v.iterrows()]
        + [_inp("Date of the interview with the lower figure", cx.date_text(iv.date) + (" (year inferred)" if iv.year_inferred else ""),
                _src(iv, "timeline", "event_id"))],
        f"{float(late.value):g} ÷ {float(early.value):g} = {float(late.value) / float(early.value):.1f}",
        f"post-war estimate {float(late.value) / float(early.value):.1f} times the mid-war one",
        "consistent" if ok else "tension",
        ("The two estimates measure different things: the lower one was given in mid-October, about drone strikes "
         "only; the higher covers the whole war and all weapons. A later, wider estimate being larger is what one "
         "would expect, so they do not contradict each other, though both come from the Azerbaijani side and neither "
         "can be checked against the article's other data." if ok else "The wider estimate is smaller than the narrower one."))


def check_seven_regions(D: _Data) -> dict:
    dist = D("districts")
    by = dist.groupby("how_returned").size()
    cl = D.claim(section="conflict", kind="count", unit="regions")
    ok = int(by.sum()) == int(cl.value)
    return _check(
        "parts-seven-regions", "Parts and totals", "Regions regained: named districts against the stated number",
        [_inp(f"Districts {k.replace('-', ' ')}", int(n), "districts") for k, n in by.items()]
        + [_inp("Stated number", cl.as_written, _src(cl, "claims", "claim_id"))],
        " + ".join(str(int(n)) for n in by) + f" = {int(by.sum())}; stated {int(cl.value)}",
        f"{int(by.sum())} named, {int(cl.value)} stated",
        "consistent" if ok else "tension",
        "The districts the article names as taken in the fighting and as handed over by agreement add up to the number "
        "of regions it says were regained." if ok else "The named districts do not add up to the stated number.")


def check_anka(D: _Data) -> dict:
    ff = D.event(category="first-flight", platform="ANKA", year_inferred=False)
    pr = D.event(category="prototype", platform="ANKA")
    st = D.event(category="development", platform="ANKA")
    gap = int(pr.date[:4]) - int(ff.date[:4])
    return _check(
        "dates-anka-prototype", "Dates and durations", "ANKA listed as a prototype after its first flight",
        [_inp("Project start", st.date, _src(st, "timeline", "event_id")),
         _inp("First flight", cx.date_text(ff.date), _src(ff, "timeline", "event_id")),
         _inp("Year printed beside ANKA in the prototype list", pr.date, _src(pr, "timeline", "event_id"))],
        f"{pr.date} − {ff.date[:4]} = {gap} years",
        f"prototype year {gap} years after the first flight",
        "tension" if gap > 0 else "consistent",
        ("A prototype normally precedes, or coincides with, the first flight. The article does not say what the year "
         "beside ANKA marks (perhaps a later prototype or the end of testing), so the two dates sit uneasily together."
         if gap > 0 else "The prototype year does not follow the first flight."))


# ---------------------------------------------------------------------------
# Outside figures
# ---------------------------------------------------------------------------
def check_israel_share(D: _Data) -> dict:
    a = D("arms_imports")
    r = a[a.supplier == "Israel"].iloc[0]
    n = float(r.share_percent)
    S = D("later_arms_imports")
    s = S[S.supplier == r.supplier].sort_values(["period", "source"])
    fit = s[(s.share_percent >= NEARLY * n) & (s.share_percent <= n)]
    return _check(
        "outside-israel-share", "Outside figures", "Israel's share of Azerbaijan's arms imports",
        [_inp("Article", f"nearly {n:g} %", _src(r, "arms_imports"))]
        + [_inp(f"SIPRI {x.period} ({x.source})", f"{float(x.share_percent):g} %", f"later_arms_imports (published {x.source_date})")
           for _, x in s.iterrows()],
        f"'nearly {n:g}' read as {NEARLY * n:g}–{n:g} %; reports in that range: "
        + (", ".join(f"{x.period} {float(x.share_percent):g} %" for _, x in fit.iterrows()) or "none"),
        f"{len(fit)} of {len(s)} reported shares fit",
        "consistent" if len(fit) else "tension",
        ("The article gives no period, but the SIPRI period ending in the war year is reported at a share that fits "
         "'nearly' the article's figure; one report of the same period gives a somewhat lower share, and earlier "
         "periods are lower still." if len(fit) else "No reported SIPRI share fits the article's figure."))


CHECKS = [
    check_inventory, check_atgm_cell, check_total_cells, check_seven_regions,
    check_feet_metres, check_feet_alone, check_endurance_minutes,
    check_war_days, check_less_than_two_months, check_one_and_a_half, check_status_quo, check_thirty_two,
    check_minsk, check_just_weeks, check_four_months, check_first_day, check_anka,
    check_implied_2018, check_required_growth,
    check_tidy_vs_printed, check_column_totals, check_duplicate_label, check_outlier, check_garbled,
    check_empty_vehicle_row, check_profile, check_reversal,
    check_ballistic, check_forty_percent,
    check_armenian_dead, check_azerbaijani_dead, check_damage,
    check_israel_share,
]


def run_checks(data_dir=None) -> list[dict]:
    """Run every check against the data in ``data_dir`` (default: the book's data/)."""
    D = _Data(data_dir)
    out = [f(D) for f in CHECKS]
    ids = [c["id"] for c in out]
    assert len(ids) == len(set(ids)), "check ids must be unique"
    return out


def summary(results: list[dict]) -> pd.DataFrame:
    """One row per check: group, id, title, result, verdict."""
    return pd.DataFrame([{k: r[k] for k in ("group", "id", "title", "result", "verdict")} for r in results])


def inputs_table(check: dict) -> pd.DataFrame:
    """The inputs of one check as a table (values as text, so mixed types read cleanly)."""
    df = pd.DataFrame(check["inputs"])
    df["value"] = df["value"].map(lambda v: f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v))
    return df.rename(columns={"input": "Input", "value": "Value", "from": "From (resource, row)"})


# ---------------------------------------------------------------------------
# Display (used by the appendix page)
# ---------------------------------------------------------------------------
VERDICT_COLORS = {"consistent": "#009E73", "tension": "#D55E00", "not checkable": "#999999"}


def verdict_scale():
    """Colours for the three verdicts (Okabe & Ito, as the rest of the book)."""
    import altair as alt
    return alt.Scale(domain=list(VERDICT_COLORS), range=list(VERDICT_COLORS.values()))


def show(results: list[dict], id_: str) -> None:
    """Display one check: verdict, result, computation, reading, then its inputs."""
    from IPython.display import Markdown, display

    c = next(r for r in results if r["id"] == id_)
    display(Markdown(
        f"**Verdict: {c['verdict']}.** Result: {c['result']}.\n\n"
        f"Computation: `{c['computation']}`\n\n"
        f"{c['explanation']}\n\n"
        f"*Check `{c['id']}`; the rule is in `chapters/checks.py`. Inputs:*"))
    display(cx.table(inputs_table(c)))
