"""Parts against totals, and units against each other."""
from __future__ import annotations

import re

from ..article import FT_TO_M
from .reading import inp, num, rows, where
from .registry import Finding, register


@register("Parts and totals", "Turkey's drone fleet: types against the stated total")
def inventory_sum(d) -> Finding:
    inv = d("uav_inventory")
    parts, total = inv[inv.row_kind == "part"], inv[inv.row_kind == "total"].iloc[0]
    s, stated = int(parts["count"].sum()), int(total["count"])
    ok = s == stated
    return Finding(
        [inp(r.type, int(r["count"]), where(r, "uav_inventory")) for r in rows(parts)]
        + [inp(f"Stated total ({total.type})", stated, where(total, "uav_inventory"))],
        " + ".join(num(int(c)) for c in parts["count"]) + f" = {num(s)}; stated total {num(stated)}",
        f"sum of types {num(s)} against the stated {num(stated)}",
        "The three types the article lists add up exactly to the fleet size it states, so the list is complete."
        if ok else "The listed types do not add up to the stated fleet size; a type is missing or a figure is off.",
        "consistent" if ok else "tension",
        {"sum": s, "total": stated, **{f"share_{t.split()[-1].lower()}": 100 * int(c) / stated
                                       for t, c in zip(parts.type, parts["count"])}})


@register("Parts and totals", "The one loss-table cell with a total and a sub-count")
def loss_cell_subcounts(d) -> Finding:
    printed = d.printed()
    row = printed[printed.parsed.map(lambda p: bool(p["sub"]))].iloc[0]
    p = row.parsed
    parts = sum(p["counts"].values())
    last = list(p["counts"])[-1]          # the sub-count qualifies the status printed just before it
    (label, sub), = p["sub"].items()
    ok = parts == p["total"] and sub <= p["counts"][last]
    return Finding(
        [inp("Printed cell", row.cell, f"losses_printed row {row.row_order}, {row.side}"),
         inp("Stated total", p["total"], "read from the cell")]
        + [inp(s, n, "read from the cell") for s, n in p["counts"].items()]
        + [inp(f"of the {last}: {label}", sub, "read from the cell")],
        " + ".join(num(n) for n in p["counts"].values()) + f" = {num(parts)} (stated {num(p['total'])}); "
        f"{num(sub)} ≤ {num(p['counts'][last])} {last}",
        f"parts {'equal' if parts == p['total'] else 'differ from'} the total; the sub-count "
        f"{'fits within' if sub <= p['counts'][last] else 'exceeds'} its status",
        f"The cell's statuses add up to its stated total, and the {label} items are a subset of the {last} ones, "
        "as the wording says." if ok else "The cell's parts and its stated total disagree.",
        "consistent" if ok else "tension")


@register("Parts and totals", "Loss-table cells printed with a total: do the parts add up?")
def loss_total_cells(d) -> Finding:
    printed = d.printed()
    with_total = printed[printed.parsed.map(lambda p: p["total"] is not None)]
    found = [(r.category, r.side, r.parsed["total"], sum(r.parsed["counts"].values())) for r in rows(with_total)]
    bad = [f for f in found if f[2] != f[3]]
    return Finding(
        [inp(f"{c} ({s})", f"total {num(t)}, parts {num(p)}", "losses_printed (read from the cell)")
         for c, s, t, p in found],
        "; ".join(f"{num(p)} = {num(t)}" if p == t else f"{num(p)} ≠ {num(t)}" for _, _, t, p in found),
        f"{len(found) - len(bad)} of {len(found)} cells with a total add up",
        f"All {len(found)} cells printed in the 'N, of which …' form are internally consistent: the statuses "
        "they list sum to the number in front." if not bad else
        "Some cells printed with a total list statuses that do not add up to it: "
        + ", ".join(f"{c} ({s})" for c, s, _, _ in bad) + ".",
        "consistent" if not bad else "tension")


@register("Parts and totals", "Regions regained: the districts named against the number stated")
def regions_named_vs_stated(d) -> Finding:
    by = d("districts").groupby("how_returned").size()
    claim = d.claim(section="conflict", kind="count", unit="regions")
    ok = int(by.sum()) == int(claim.value)
    return Finding(
        [inp(f"Districts {k.replace('-', ' ')}", int(n), "districts") for k, n in by.items()]
        + [inp("Stated number", claim.as_written, where(claim, "claims", "claim_id"))],
        " + ".join(str(int(n)) for n in by) + f" = {int(by.sum())}; stated {int(claim.value)}",
        f"{int(by.sum())} named, {int(claim.value)} stated",
        "The districts the article names as taken in the fighting and as handed over by agreement add up to "
        "the number of regions it says were regained." if ok else "The named districts do not add up to the stated number.",
        "consistent" if ok else "tension",
        {"named": int(by.sum()), "taken_in_fighting": int(by.get("taken-in-fighting", 0)),
         "handed_over": int(by.get("handed-over-by-agreement", 0))})


@register("Units", "Feet and metres printed side by side")
def feet_and_metres(d) -> Finding:
    p = d("platforms")
    pairs = []
    for r in rows(p[(p.unit == "feet") & p.attribute.str.endswith("_ft")]):
        twin = p[(p.platform == r.platform) & (p.unit == "metres") & (p.attribute == re.sub(r"_ft$", "_m", r.attribute))]
        if len(twin):
            pairs.append((r, twin.iloc[0], float(r.value) * FT_TO_M))
    if not pairs:
        raise LookupError("no feet/metre pair in platforms.csv")
    ok = all(abs(conv - float(m.value)) < 0.5 for _, m, conv in pairs)
    return Finding(
        [x for ft, m, _ in pairs
         for x in (inp(f"{ft.platform} {ft.attribute}", f"{num(float(ft.value))} ft", where(ft, "platforms")),
                   inp(f"{m.platform} {m.attribute}", f"{num(float(m.value))} m", where(m, "platforms")))]
        + [inp("1 foot", f"{FT_TO_M} m", "definition (exact)")],
        "; ".join(f"{num(float(ft.value))} × {FT_TO_M} = {conv:,.1f} m (printed {num(float(m.value))} m)"
                  for ft, m, conv in pairs),
        "; ".join(f"difference {abs(conv - float(m.value)):.1f} m" for _, m, conv in pairs),
        "The metric figure printed in brackets is the exact conversion of the feet figure, to the metre."
        if ok else "The printed metric equivalent does not match the feet figure.",
        "consistent" if ok else "tension",
        {"converted": pairs[0][2], "difference": abs(pairs[0][2] - float(pairs[0][1].value))})


@register("Units", "A height given only in feet", kind="computation")
def feet_only_altitude(d) -> Finding:
    p = d("platforms")
    ft = p[(p.unit == "feet") & ~p.attribute.str.endswith("_ft")].iloc[0]
    record = p[(p.unit == "metres") & p.attribute.str.contains("altitude")].iloc[0]
    metres = float(ft.value) * FT_TO_M
    return Finding(
        [inp(f"{ft.platform} {ft.attribute}", f"{num(float(ft.value))} ft", where(ft, "platforms")),
         inp(f"{record.platform} {record.attribute}", f"{num(float(record.value))} m", where(record, "platforms"))],
        f"{num(float(ft.value))} × {FT_TO_M} = {metres:,.1f} m, "
        f"against the {num(float(record.value))} m of the record flight",
        f"{metres:,.0f} m",
        f"The article gives this altitude in feet only, so there is nothing to check it against. Converted, it is "
        f"about {metres:,.0f} m, {'below' if metres < float(record.value) else 'above'} the altitude the same aircraft "
        "reached on its record flight, which the article gives in metres.",
        values={"metres": metres, "record_feet": float(record.value) / FT_TO_M})


@register("Units", "Hours and minutes of the record flight, as the companion stores them", kind="transcription")
def record_hours_minutes(d) -> Finding:
    r = d("platforms").query("unit == 'minutes'").iloc[0]
    h, m = (int(x) for x in re.match(r"(\d+) hours? (\d+) minutes?", r.as_written).groups())
    ok = h * 60 + m == int(r.value)
    return Finding(
        [inp("As printed", r.as_written, where(r, "platforms")), inp("Stored value (minutes)", int(r.value), "platforms")],
        f"{h} × 60 + {m} = {num(h * 60 + m)} minutes",
        f"{num(h * 60 + m)} minutes",
        "The single number the companion stores for the record equals the printed hours and minutes."
        if ok else "The stored value does not match the printed duration.",
        "consistent" if ok else "tension")
