"""Growth arithmetic, the text against the table, claims against each other,
and the one comparison with outside figures."""
from __future__ import annotations

from ..article import DISAGREE, NEARLY, date_span, date_text
from .reading import inp, num, rows, where
from .registry import Finding, register


def _exports(d):
    e = d("exports")
    value = e[(e.measure == "exports_value") & (e.kind == "reported")].iloc[0]
    growth = e[(e.measure == "growth_over_previous_year") & (e.year == value.year)].iloc[0]
    expected = e[(e.measure == "exports_value") & (e.kind == "expected")].iloc[0]
    return value, growth, expected


@register("Growth arithmetic", "The previous year's exports implied by the reported value and growth", kind="computation")
def exports_implied_previous_year(d) -> Finding:
    value, growth, _ = _exports(d)
    implied = float(value.value) / (1 + float(growth.value) / 100)
    later = d("later_exports")
    reports = later[(later.year == int(value.year) - 1) & (later.kind == "reported")]
    gaps = [(r, float(r.value_usd_bn) / implied - 1) for r in rows(reports)]
    return Finding(
        [inp(f"Exports {value.year}", f"{float(value.value):g} USD bn", where(value, "exports")),
         inp(f"Growth {growth.year}", f"{float(growth.value):g} %", where(growth, "exports"))]
        + [inp(f"Exports {r.year}, report {r.record_id}", f"{float(r.value_usd_bn):g} USD bn",
               f"later_exports {r.record_id}: {r.source}, {r.source_date}") for r, _ in gaps],
        f"{float(value.value):g} ÷ (1 + {float(growth.value):g}/100) = {implied:.3f}; "
        + "; ".join(f"report {r.record_id} ({float(r.value_usd_bn):g}) differs by {g:+.1%}" for r, g in gaps),
        f"implied {int(value.year) - 1} exports {implied:.3f} USD bn",
        f"The article gives no {int(value.year) - 1} figure, but its two numbers imply one. The later reports of that "
        "year disagree with each other: " + "; ".join(
            f"{r.source} ({r.source_date}) gives {float(r.value_usd_bn):g}, {abs(g):.1%} "
            f"{'above' if g > 0 else 'below'} the implied value" for r, g in gaps)
        + ". The article does not name its source, so the companion shows the arithmetic and both reports rather "
        "than a verdict.",
        values={"implied": implied, **{f"gap_{r.record_id}": 100 * g for r, g in gaps},
                **{f"growth_over_{r.record_id}": 100 * (float(value.value) / float(r.value_usd_bn) - 1) for r, _ in gaps}})


@register("Growth arithmetic", "The yearly growth the export expectation needs")
def exports_growth_needed(d) -> Finding:
    value, growth, expected = _exports(d)
    years = int(expected.year) - int(value.year)
    v0, v1, g = float(value.value), float(expected.value), float(growth.value) / 100
    need = (v1 / v0) ** (1 / years) - 1
    continued = v0 * (1 + g) ** years
    ok = need <= g
    return Finding(
        [inp(f"Exports {value.year}", f"{v0:g} USD bn", where(value, "exports")),
         inp(f"Growth {growth.year}", f"{float(growth.value):g} %", where(growth, "exports")),
         inp(f"Expected exports {expected.year}", f"{v1:g} USD bn", where(expected, "exports"))],
        f"({v1:g} ÷ {v0:g})^(1/{years}) − 1 = {need:.1%} a year, against {float(growth.value):g}% in {value.year}; "
        f"{v0:g} × (1 + {g:.3f})^{years} = {continued:.2f}",
        f"{need:.1%} a year for {years} years",
        f"To reach the expected value, exports would have had to grow by about {need:.0%} every year for {years} "
        f"years, faster than the {float(growth.value):g}% the article reports for {value.year}. The expectation "
        "is ambitious on the article's own figures." if not ok else
        "The expectation needs no more than the reported growth rate.",
        "consistent" if ok else "tension",
        {"need": 100 * need, "need_minus_actual": 100 * (need - g), "multiple": v1 / v0, "years": years,
         "continued": continued, "shortfall": v1 - continued, "previous": v0 / (1 + g)})


@register("Text against table", "The ballistic-missile launcher in the text and in the table")
def ballistic_text_vs_table(d) -> Finding:
    claim = d.claim(kind="count", subject="Ballistic-missile launch")
    losses = d("losses")
    row = losses[losses.category.str.contains("Ballistic")]
    n = int(row["count"].sum())
    ok = n == int(claim.value)
    return Finding(
        [inp("Text", claim.as_written, where(claim, "claims", "claim_id"))]
        + [inp(f"Table: {r.category} ({r.side}, {r.status})", int(r["count"]), f"losses row {r.row_order}")
           for r in rows(row)],
        f"text {int(claim.value)}, table {n}",
        "equal" if ok else "different",
        "The text's single launch vehicle matches the single entry of the table's ballistic-missile row."
        if ok else "The text and the table give different numbers of ballistic-missile vehicles.",
        "consistent" if ok else "tension", {"table": n, "row": int(row.row_order.iloc[0])})


@register("Text against table", "Share of the Armenian equipment inventory lost", kind="computation")
def equipment_share_lost(d) -> Finding:
    r = d("damage_estimates").query("measure == 'share_of_equipment_lost_percent'").iloc[0]
    total = int(d("losses").query("side == @r.about_side")["count"].sum())
    ceiling = total / (float(r.value) / 100)
    return Finding(
        [inp("Stated share", f"more than {float(r.value):g} %", where(r, "damage_estimates", "estimate_id")),
         inp(f"Items the table lists for {r.about_side}", total, "losses (column sum)")],
        f"if the table's {num(total)} items were all the losses, an inventory of at most {num(total)} ÷ "
        f"{float(r.value) / 100:g} = {ceiling:,.0f} items would fit",
        f"inventory of at most {ceiling:,.0f} items implied",
        "The article states no size for the Armenian inventory and does not say which items the share counts, so "
        "the share cannot be checked. The computation only shows the largest inventory that would fit if the "
        "reprinted table, anomalies included, were the whole loss.",
        values={"ceiling": ceiling})


def _spread(d, about: str) -> Finding:
    c = d("casualties")
    killed = c[(c.measure == "killed") & (c.about_side == about)].sort_values("value")
    lo, hi = int(killed.value.min()), int(killed.value.max())
    ratio = hi / lo
    return Finding(
        [inp(f"{r.claimant} ({r.claimant_side})", int(r.value), where(r, "casualties", "figure_id")) for r in rows(killed)],
        f"{num(hi)} ÷ {num(lo)} = {ratio:.2f}",
        f"the largest figure {ratio:.1f} times the smallest",
        f"The {len(killed)} figures the article reports for {about}'s dead disagree: the largest is {ratio:.1f} times "
        "the smallest. They come from " + " and ".join(sorted({str(s) for s in killed.claimant_side})) + " sources, "
        "and the disagreement is among those claimants, not an error of arithmetic. The article picks no single "
        "figure; for Armenia it doubts the lowest and reports analyses that find the middle one too low."
        if ratio > DISAGREE else "The figures agree.",
        "tension" if ratio > DISAGREE else "consistent", {"ratio": ratio, "low": lo, "high": hi})


@register("Claims against each other", "Armenian dead, by claimant")
def armenian_dead_by_claimant(d) -> Finding:
    return _spread(d, "Armenia")


@register("Claims against each other", "Azerbaijani dead: own figure against Armenia's claim")
def azerbaijani_dead_by_claimant(d) -> Finding:
    return _spread(d, "Azerbaijan")


@register("Claims against each other", "Azerbaijan's own casualty figures: dead against wounded")
def azerbaijani_killed_vs_injured(d) -> Finding:
    c = d("casualties").query("claimant_side == 'Azerbaijan' and about_side == 'Azerbaijan'").set_index("measure")
    killed, injured, missing = (int(c.loc[m, "value"]) for m in ("killed", "injured", "missing"))
    ok = injured >= killed
    return Finding(
        [inp(f"{m.capitalize()} ({c.loc[m, 'claimant']})", int(c.loc[m, "value"]),
             where(c.loc[m], "casualties", "figure_id")) for m in ("killed", "injured", "missing")],
        f"{num(killed)} killed ÷ {num(injured)} injured = {killed / injured:.2f}; "
        f"total {num(killed)} + {num(injured)} + more than {num(missing)} = more than {num(killed + injured + missing)}",
        f"{killed / injured:.1f} dead for every wounded",
        "Rule (the companion's): a side's own count of wounded is expected to be at least as large as its count of "
        f"dead. In the ministry's figures the dead outnumber the wounded about {killed / injured:.1f} to 1, and the "
        "article does not comment on it; the wounded figure may cover only part of the wounded."
        if not ok else "The wounded outnumber the dead.",
        "consistent" if ok else "tension",
        {"ratio": killed / injured, "total": killed + injured + missing})


@register("Claims against each other", "'Thousands of casualties on both sides' against the figures")
def thousands_of_casualties(d) -> Finding:
    claim = d.claim(section="conflict", kind="count", subject="Casualties of both sides")
    killed = d("casualties").query("measure == 'killed'")
    lowest = killed.groupby("about_side")["value"].min()
    ok = bool((lowest >= 1000).all())
    return Finding(
        [inp("Stated", claim.as_written, where(claim, "claims", "claim_id"))]
        + [inp(f"Lowest figure for {side}'s dead", int(v), "casualties") for side, v in lowest.items()],
        "; ".join(f"{side}: {num(int(v))} ≥ 1,000" if v >= 1000 else f"{side}: {num(int(v))} < 1,000"
                  for side, v in lowest.items()),
        "every side's lowest death figure is in the thousands" if ok else "a side's lowest figure is under a thousand",
        "Even the lowest figure the article reports for each side's dead is in the thousands, so the loose phrase "
        "of the conflict section fits its later figures." if ok else "The vague phrase overstates a side's figures.",
        "consistent" if ok else "tension")


@register("Claims against each other", "The GNATs: two batches, one purchase year", kind="computation")
def gnat_purchase(d) -> Finding:
    first, later = d.claim(subject="GNAT-750"), d.claim(subject="I-GNAT")
    bought = d.event(category="acquisition", platform="GNAT-750")
    total = int(first.value) + int(later.value)
    return Finding(
        [inp(first.subject, first.as_written, where(first, "claims", "claim_id")),
         inp(later.subject, later.as_written, where(later, "claims", "claim_id")),
         inp("Purchase year", bought.date, where(bought, "timeline", "event_id"))],
        f"{int(first.value)} + {int(later.value)} = {total} GNATs",
        f"{total} aircraft in two batches",
        f"The sentence names {int(first.value)} GNAT-750s and, 'later', {int(later.value)} I-GNATs, and carries the "
        f"year {bought.date}, which may date the purchase (the companion's timeline reads it so) or the aircraft's "
        "production. Nothing in the article says when the second batch came, so there is nothing to check; the "
        "companion only adds the two batches.",
        values={"total": total})


@register("Claims against each other", "Value of Armenian equipment destroyed: the earlier estimate against the later")
def damage_estimates_over_time(d) -> Finding:
    est = d("damage_estimates").query("measure == 'value_destroyed_usd_bn'")
    _, war_end, war = d.war()
    events = d("timeline").set_index("event_id")

    def when(r):    # the day an estimate was made, or the earliest day it can have been made
        if isinstance(r.timeline_event, str):
            date = events.loc[r.timeline_event, "date"]
            return date_span(date)[0], f"{r.timeline_event} ({date_text(date)})"
        if r.period == "whole war":
            return war_end, f"after the war's end ({date_text(war.end_date)}), as it covers the whole war"
        raise LookupError(f"damage estimate {r.estimate_id} has neither a dated event nor a period")
    dated = sorted(((*when(r), r) for r in rows(est)), key=lambda x: x[0])
    (t0, _, early), (t1, _, late) = dated[0], dated[-1]
    ok = float(late.value) >= float(early.value)
    return Finding(
        [inp(f"{r.claimant}", f"{float(r.value):g} USD bn, {r.period}", where(r, "damage_estimates", "estimate_id"))
         for _, _, r in dated] + [inp(f"When {r.estimate_id} was made", w, "timeline") for _, w, r in dated],
        f"ordered by date: {early.estimate_id} ({t0:%d %b %Y}) {float(early.value):g}, then {late.estimate_id} "
        f"({t1:%d %b %Y} or later) {float(late.value):g}; {float(late.value):g} ÷ {float(early.value):g} = "
        f"{float(late.value) / float(early.value):.1f}",
        f"the later estimate is {float(late.value) / float(early.value):.1f} times the earlier",
        "The earlier estimate was given in mid-October, about equipment destroyed by Turkish drones only; the later "
        "one covers Armenian weapons and vehicles over the whole war, and the article does not date it (the companion "
        "places it after the war's end). A later and wider estimate being larger is what one would expect, so they "
        "do not contradict each other, though both come from the Azerbaijani side." if ok else
        "The later estimate, which covers more, is smaller than the earlier one.",
        "consistent" if ok else "tension", {"ratio": float(late.value) / float(early.value)})


@register("Outside figures", "Israel's share of Azerbaijan's arms imports against SIPRI 2016–2020")
def israel_share_vs_sipri(d) -> Finding:
    r = d("arms_imports").query("supplier == 'Israel'").iloc[0]
    n = float(r.share_percent)
    later = d("later_arms_imports").query("supplier == 'Israel'").sort_values(["period", "source"])
    period = max(p for p in later.period if int(p[-4:]) <= 2020)    # the last SIPRI period before the article
    compared = later[later.period == period]
    fit = compared[(compared.share_percent >= NEARLY * n) & (compared.share_percent <= n)]
    ok = len(fit) == len(compared)
    return Finding(
        [inp("Article", f"nearly {n:g} %", where(r, "arms_imports"))]
        + [inp(f"SIPRI {x.period}, report {x.record_id}", f"{float(x.share_percent):g} %",
               f"later_arms_imports {x.record_id}: {x.source}, {x.source_date}") for x in rows(compared)],
        f"'nearly {n:g}' read as {NEARLY * n:g}–{n:g} %; reports for {period}: "
        + ", ".join(f"{x.record_id} {float(x.share_percent):g} %" for x in rows(compared)),
        f"{len(fit)} of {len(compared)} reports for {period} fit",
        f"The article names no period. The companion compares it with SIPRI's five-year period ending in the war "
        f"year ({period}), the last one published before the article, and with every report of that period it "
        "holds: " + ("all of them fit 'nearly' the article's figure, although they disagree with each other."
                     if ok else "not all of them fit."),
        "consistent" if ok else "tension")
