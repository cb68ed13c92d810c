"""The article's figures set beside figures published after it (the later_* resources).
Computations only: the article cannot be faulted for what its authors could not know."""
from __future__ import annotations

from .reading import inp, num, rows, where
from .registry import Finding, register

GROUP = "The article against later figures"


@register(GROUP, "The 2023 export expectation against the outcome reported later", kind="computation")
def later_exports_outcome(d) -> Finding:
    e = d("exports")
    base = e[(e.measure == "exports_value") & (e.kind == "reported")].iloc[0]
    expected = e[(e.measure == "exports_value") & (e.kind == "expected")].iloc[0]
    later = d("later_exports").query("kind == 'reported'").sort_values(["year", "source_date"])
    outcome = later[later.year == expected.year].iloc[0]
    reached = later[later.value_usd_bn >= float(expected.value)].iloc[0]
    years = int(expected.year) - int(base.year)
    share = 100 * float(outcome.value_usd_bn) / float(expected.value)
    growth = 100 * ((float(outcome.value_usd_bn) / float(base.value)) ** (1 / years) - 1)
    return Finding(
        [inp(f"Exports {base.year} (article)", f"{float(base.value):g} USD bn", where(base, "exports")),
         inp(f"Expected for {expected.year} (article)", f"{float(expected.value):g} USD bn", where(expected, "exports")),
         inp(f"Reported for {outcome.year}", f"{float(outcome.value_usd_bn):g} USD bn",
             f"later_exports {outcome.record_id}: {outcome.source}, {outcome.source_date}"),
         inp("First year at or above the expectation", f"{reached.year}: {float(reached.value_usd_bn):g} USD bn",
             f"later_exports {reached.record_id}: {reached.source}, {reached.source_date}")],
        f"{float(outcome.value_usd_bn):g} ÷ {float(expected.value):g} = {share:.0f} %; "
        f"({float(outcome.value_usd_bn):g} ÷ {float(base.value):g})^(1/{years}) − 1 = {growth:.1f} % a year",
        f"{share:.0f} % of the expectation",
        "The outcome comes from a later press report of official figures, not from the article.",
        values={"share": share, "growth": growth, "reached_year": int(reached.year)})


@register(GROUP, "Later Oryx totals: do their parts add up?", kind="computation")
def later_oryx_totals(d) -> Finding:
    o = d("later_oryx")
    stated = o[o.status == "total"].set_index(["side", "category"])["count"]
    parts = o[o.status != "total"].groupby(["side", "category"])["count"].sum()
    bad = [(s, c, int(stated[(s, c)]), int(parts[(s, c)])) for s, c in stated.index if stated[(s, c)] != parts[(s, c)]]
    return Finding(
        [inp(f"{s}, {c}: stated total", int(n), "later_oryx") for (s, c), n in stated.items()],
        "; ".join(f"{s}, {c}: parts {num(p)} against total {num(t)}" for s, c, t, p in bad) or "every total adds up",
        f"{len(bad)} of {len(stated)} totals differ from the sum of their parts",
        "The later totals are quoted as the copy of the encyclopedia article gives them; both the totals and the "
        "parts are recorded.",
        values={"mismatches": len(bad), "totals": len(stated)})


@register(GROUP, "Official death tolls after the war", kind="computation")
def later_death_tolls(d) -> Finding:
    c = d("later_casualties").sort_values("date")
    first, last = c.groupby("side").head(1).set_index("side"), c.groupby("side").tail(1).set_index("side")
    return Finding(
        [inp(f"{r.side}, {r.date}", f"{num(int(r.killed))} killed", f"later_casualties {r.record_id}: {r.source}")
         for r in rows(c)],
        "; ".join(f"{side}: {num(int(first.loc[side, 'killed']))} ({first.loc[side, 'date']}) to "
                  f"{num(int(last.loc[side, 'killed']))} ({last.loc[side, 'date']})" for side in first.index),
        "each side's official count rose after the war",
        "Official counts from later press reports; the Armenian figure of the last date includes civilians.",
        values={f"{side.lower()}_rise": int(last.loc[side, "killed"]) - int(first.loc[side, "killed"])
                for side in first.index})
