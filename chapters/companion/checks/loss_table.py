"""The loss table: the companion's transcription of it, and its coherence.

A caution that applies to every entry here: in the text the companion works
from, the table's row labels and its cells come out as separate blocks, so
which cell belongs to which row is the companion's reconstruction by order
(see the chapter on the drones in the war). A "misaligned column" is one
possible reading of the anomalies below, not a finding about the printed page.
"""
from __future__ import annotations

import re

from ..article import STATUSES
from .reading import inp, num, rows
from .registry import Finding, register

GROUP = "The loss table"
# Rows of armoured or soft-skinned vehicles, where every status (abandoned
# included) is expected; the other rows are weapon systems. Labels as printed.
VEHICLE_ROWS = {"Tanks", "Armored Fighting Vehicles", "Infantry Fighting Vehicles", "Trucks, Vehicles, and Jeeps"}


@register(GROUP, "The tidy loss table reproduces the printed cells", kind="transcription")
def loss_tidy_matches_printed(d) -> Finding:
    printed = {(r.row_order, r.side, s): n for r in rows(d.printed()) for s, n in r.parsed["counts"].items()}
    tidy = {(int(r.row_order), r.side, r.status): int(r["count"]) for r in rows(d("losses"))}
    diff = sorted(set(printed.items()) ^ set(tidy.items()))
    return Finding(
        [inp("Counts read from the printed cells", len(printed), "losses_printed"),
         inp("Rows of the tidy table", len(tidy), "losses"),
         inp("Items in the printed cells", sum(printed.values()), "losses_printed"),
         inp("Items in the tidy table", sum(tidy.values()), "losses")],
        f"{len(printed)} counts read against {len(tidy)} tidy rows; {num(sum(printed.values()))} against "
        f"{num(sum(tidy.values()))} items; (row, side, status) entries that differ: {len(diff)}",
        "identical" if not diff else f"{len(diff)} differences",
        "Every count in the tidy table matches a cell of the transcription, so the charts show the cells as "
        "transcribed and nothing else." if not diff else "The tidy table and the transcribed cells disagree.",
        "consistent" if not diff else "tension")


@register(GROUP, "A garbled cell: is the repeated number the same?", kind="transcription")
def loss_garbled_cell(d) -> Finding:
    st = "|".join(STATUSES)
    hits = [(r.category, r.side, r.cell, m.group(0), int(m.group(1)), int(m.group(3)))
            for r in rows(d("losses_printed")) for m in [re.search(rf"(?:^|; )(\d+) ({st}): (\d+)", r.cell)] if m]
    ok = all(a == b for *_, a, b in hits)
    return Finding(
        [inp(f"{c} ({s})", cell, "losses_printed") for c, s, cell, *_ in hits],
        "; ".join(f"'{frag}': {a} {'=' if a == b else '≠'} {b}" for *_, frag, a, b in hits) or "no garbled cell",
        f"{len(hits)} garbled fragment(s); the numbers {'agree' if ok else 'disagree'}",
        f"{len(hits)} cell fragment mixes the table's two forms ('N status' and 'status: N'). Both numbers are the "
        "same, so the companion reads it without guessing and records it once." if ok else
        "A garbled fragment carries two different numbers and cannot be read without a guess.",
        "consistent" if ok else "tension")


@register("Figures the companion derives", "Items in the loss table, by side and status", kind="computation")
def loss_totals(d) -> Finding:
    losses = d("losses")
    by = losses.pivot_table(index="side", columns="status", values="count", aggfunc="sum", fill_value=0).astype(int)
    total = by.sum(axis=1)
    sides = list(by.index)
    values = {f"{side.lower()}_{st}": int(by.loc[side, st]) for side in sides for st in STATUSES if st in by}
    values |= {side.lower(): int(total[side]) for side in sides}
    values["ratio"] = total["Armenia"] / total["Azerbaijan"]
    values["armenia_captured_share"] = 100 * by.loc["Armenia", "captured"] / total["Armenia"]
    tanks = losses[losses.row_order == 1].groupby("side")["count"].sum()
    values |= {"tanks_armenia": int(tanks["Armenia"]), "tanks_azerbaijan": int(tanks["Azerbaijan"]),
               "tanks_ratio": tanks["Armenia"] / tanks["Azerbaijan"]}
    return Finding(
        [inp(f"{side}: {st}", int(by.loc[side, st]), "losses (sum)") for side in sides for st in STATUSES if st in by],
        "; ".join(f"{side}: " + " + ".join(num(int(by.loc[side, st])) for st in STATUSES if st in by)
                  + f" = {num(int(total[side]))}" for side in sides)
        + f"; ratio {num(int(total['Armenia']))} ÷ {num(int(total['Azerbaijan']))} = {values['ratio']:.2f}",
        "; ".join(f"{side} {num(int(v))} items" for side, v in total.items()),
        "The table has no totals row and the article gives no total for either side, so these sums have nothing "
        "in the article to be checked against. They are what a reader gets by adding the cells, anomalies included.",
        values=values)


@register(GROUP, "A row label printed twice")
def loss_label_printed_twice(d) -> Finding:
    printed = d("losses_printed")
    labels = printed.drop_duplicates("row_order")[["row_order", "category"]]
    dup = labels[labels.category.duplicated(keep=False)].sort_values("row_order")
    cells = printed[printed.row_order.isin(dup.row_order)]
    return Finding(
        [inp(f"Row {r.row_order}, {r.side}", f"{r.category}: {r.cell}", "losses_printed") for r in rows(cells)],
        "labels printed at more than one row: " + (", ".join(
            f"{c} (rows {', '.join(str(x) for x in g.row_order)})" for c, g in dup.groupby("category")) or "none"),
        f"{dup.category.nunique()} label(s) repeated",
        "The same label appears twice in the table, once with counts and once with empty cells for both sides. "
        "A label was probably repeated or misplaced; which category the second row was meant to hold cannot be "
        "told from the article." if len(dup) else "Every label occurs once.",
        "tension" if len(dup) else "consistent",
        {"first_row": int(dup.row_order.iloc[0]), "second_row": int(dup.row_order.iloc[-1])} if len(dup) else {})


@register(GROUP, "A single cell larger than the rest of its column")
def loss_cell_exceeds_column(d) -> Finding:
    losses, flagged = d("losses"), []
    for (side, st), g in losses.groupby(["side", "status"]):
        if len(g) < 3:      # a column of one or two cells has no 'rest' to speak of
            continue
        for r in rows(g):
            rest = int(g["count"].sum()) - int(r["count"])
            if int(r["count"]) > rest:
                flagged.append((side, st, r.category, int(r["count"]), rest, int(r.row_order)))
    top = flagged[0] if flagged else None
    return Finding(
        [inp(f"{c} ({s}, {st})", n, "losses") for s, st, c, n, _, _ in flagged]
        + [inp(f"All other {st} items of {s}", rest, "losses (sum)") for s, st, _, _, rest, _ in flagged],
        "; ".join(f"{num(n)} > {num(rest)}" for _, _, _, n, rest, _ in flagged) or "no cell exceeds the rest of its column",
        f"{top[2]} ({top[0]}): {num(top[3])} {top[1]}, more than all other {top[1]} items of that side ({num(top[4])})"
        if top else "none",
        "Rule: a count is flagged when it exceeds the sum of every other count of the same side and status (in a "
        f"column of at least three cells). The flagged cell would mean more {top[2].lower()} {top[1]} than tanks, "
        "vehicles, guns and everything else of that side together, in a category of scarce, costly systems, while "
        "the same row has only a handful of items of other statuses. A misprint or a merged cell is a likely "
        "cause, but the article does not say, and the companion keeps the printed value." if flagged else
        "No single count dominates its column.",
        "tension" if flagged else "consistent",
        _without(losses, top) if top else {})


def _without(losses, top) -> dict:
    """The flagged cell's weight, and the overall ratio with only that one cell left out."""
    side, _, _, count, rest, row = top
    totals = losses.groupby("side")["count"].sum()
    other = next(s for s in totals.index if s != side)
    return {"count": count, "rest": rest, "row": row, "share": 100 * count / totals[side],
            "ratio_without": (totals[side] - count) / totals[other]}


@register(GROUP, "A row empty for one side but larger than that side's whole column")
def loss_row_empty_for_one_side(d) -> Finding:
    losses = d("losses")
    column = losses.groupby("side")["count"].sum()
    by_row = losses.groupby(["row_order", "category", "side"])["count"].sum().unstack("side").fillna(0).astype(int)
    flagged = [(cat, a, b, int(r[b]), int(column[a])) for (_, cat), r in by_row.iterrows()
               for a in column.index for b in column.index if a != b and r[a] == 0 and r[b] > column[a]]
    return Finding(
        [inp(f"{cat}: {b}", n, "losses (sum of row)") for cat, _, b, n, _ in flagged]
        + [inp(f"{cat}: {a}", "— (empty)", "losses_printed") for cat, a, *_ in flagged]
        + [inp(f"All losses of {a}", tot, "losses (column sum)") for _, a, _, _, tot in flagged],
        "; ".join(f"{cat}: {b} {num(n)} > {a}'s whole column {num(tot)}" for cat, a, b, n, tot in flagged) or "none",
        ", ".join(f"{cat} empty for {a}" for cat, a, *_ in flagged) or "no such row",
        "Rule: flag a row that is empty for one side while the other side's count in it exceeds everything the "
        "first side lost. The unarmoured-vehicle row is one side's largest and is blank for the other, although "
        "every army in a six-week war moves on trucks and jeeps. It may mean none were documented at the time, or "
        "that the cells were assigned to the wrong rows; the article does not say." if flagged else
        "No row is empty for one side while dominating the other.",
        "tension" if flagged else "consistent")


@register(GROUP, "Weapon rows with the status profile of vehicles")
def loss_weapon_row_vehicle_profile(d) -> Finding:
    losses = d("losses")
    profile = losses.groupby(["row_order", "category", "side"])["status"].apply(frozenset)
    full = [(cat, side) for (_, cat, side), s in profile.items() if s == frozenset(STATUSES)]
    odd = [(c, s) for c, s in full if c not in VEHICLE_ROWS]
    cells = losses[losses.set_index(["category", "side"]).index.isin(full)]
    return Finding(
        [inp(f"{c} ({s}): {st}", int(n), "losses")
         for c, s, st, n in cells[["category", "side", "status", "count"]].itertuples(index=False)],
        "rows with all four statuses: " + ", ".join(f"{c} ({s})" for c, s in full)
        + "; of these not a vehicle row: " + (", ".join(f"{c} ({s})" for c, s in odd) or "none"),
        f"{len(odd)} weapon row(s) with the full vehicle-like profile",
        "Rule: a row recording all four statuses (destroyed, damaged, abandoned and captured) is typical of vehicles, "
        "which can be hit, left behind or driven off; the table's own vehicle rows show it. "
        f"{len(odd)} weapon row(s) of {', '.join(sorted({s for _, s in odd}))} show this profile while that side's "
        "vehicle row is empty. This is a signal, not proof, that cells and labels of that column may not belong "
        "together." if odd else "Only vehicle rows carry the full four-status profile.",
        "tension" if odd else "consistent")


@register(GROUP, "Rows that run against the rest of the table")
def loss_row_against_pattern(d) -> Finding:
    losses = d("losses")
    column = losses.groupby("side")["count"].sum()
    big, small = column.idxmax(), column.idxmin()
    by_row = losses.groupby(["category", "side"])["count"].sum().unstack("side").fillna(0).astype(int)
    rev = by_row[by_row[small] > by_row[big]]
    return Finding(
        [inp(f"All losses of {s}", int(column[s]), "losses (column sum)") for s in (big, small)]
        + [inp(f"{c}: {s}", int(rev.loc[c, s]), "losses (row sum)") for c in rev.index for s in (big, small)],
        f"{big} lost {column[big] / column[small]:.1f} times as many items as {small} overall; rows where {small} "
        "lost more: " + (", ".join(f"{c} ({num(int(rev.loc[c, small]))} against {num(int(rev.loc[c, big]))})"
                                   for c in rev.index) or "none"),
        f"{len(rev)} row(s) reversed",
        f"Across the table {big}'s losses are several times {small}'s, yet in the row(s) listed {small} lost more. "
        "That is possible, but with the empty vehicle row and the vehicle-like artillery profiles it adds to the "
        "suspicion that cells of one column were assigned to the wrong rows." if len(rev) else
        "No row runs against the overall pattern.",
        "tension" if len(rev) else "consistent")


@register(GROUP, "Which printed Azerbaijani cell looks like Azerbaijan's trucks in a later Oryx count?", kind="computation")
def azerbaijani_cells_against_later_trucks(d) -> Finding:
    later = d("later_oryx").query("side == 'Azerbaijan' and category == 'trucks, vehicles and jeeps' and status != 'total'")
    profile = {r.status: int(r["count"]) for r in rows(later)}
    cells = d.printed().query("side == 'Azerbaijan'")
    gaps = []
    for r in rows(cells):
        counts = r.parsed["counts"]
        if counts:
            gaps.append((sum(abs(counts.get(s, 0) - profile.get(s, 0)) for s in STATUSES), r))
    gaps.sort(key=lambda g: g[0])
    (best_gap, best), (next_gap, _) = gaps[0], gaps[1]
    where_later = "later_oryx " + ", ".join(later.record_id)
    return Finding(
        [inp("Later Oryx count of Azerbaijani trucks, vehicles and jeeps", "; ".join(f"{profile[s]} {s}" for s in STATUSES
                                                                                    if s in profile), where_later)]
        + [inp(f"Printed cell, row {r.row_order} ({r.category})", r.cell, "losses_printed") for _, r in gaps[:3]],
        "; ".join(f"row {r.row_order}: " + " + ".join(f"|{r.parsed['counts'].get(s, 0)} − {profile.get(s, 0)}|"
                                                    for s in STATUSES) + f" = {g}" for g, r in gaps[:3]),
        f"row {best.row_order} ({best.category}) is closest, {best_gap} items off; the next is {next_gap} off",
        "Evidence, not a correction. The Azerbaijani trucks row is empty in the reprinted table, yet a later Oryx "
        f"count (as quoted in {later.source.iloc[0]}, {later.source_date.iloc[0]}) gives Azerbaijan "
        f"{sum(profile.values())} trucks, vehicles and jeeps. Its four statuses nearly repeat the printed Azerbaijani "
        f"cell of row {best.row_order} ({best.category}), which would be odd for rocket launchers. That fits the "
        "reading that the cells of the Azerbaijani column were assigned to the wrong rows, either in the reprint or "
        "in the companion's reconstruction of the extracted table (see the chapter on the drones in the war). The "
        "data keep the order of the extraction.",
        values={"gap": best_gap, "next_gap": next_gap, "row": int(best.row_order),
                **{f"later_{s}": n for s, n in profile.items()},
                **{f"printed_{s}": n for s, n in best.parsed["counts"].items()}})
