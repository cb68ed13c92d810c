"""Figures the companion derives from the article's data for its prose: counts
of lists the article gives, shares and remainders. No verdicts here."""
from __future__ import annotations

from .reading import inp, num, where
from .registry import Finding, register

GROUP = "Figures the companion derives"


@register(GROUP, "Weapon categories the article names for each side's purchases", kind="computation")
def procurement_categories(d) -> Finding:
    p = d("procurement")
    named = {side: set(p.loc[p.side == side, "category"]) for side in ("Azerbaijan", "Armenia")}
    both = named["Azerbaijan"] & named["Armenia"]
    only_az, only_ar = named["Azerbaijan"] - both, named["Armenia"] - both
    return Finding(
        [inp(f"Categories named for {side}", len(cats), "procurement") for side, cats in named.items()],
        f"Azerbaijan {len(named['Azerbaijan'])}, Armenia {len(named['Armenia'])}, both {len(both)}; "
        f"Azerbaijan only: {', '.join(sorted(only_az)) or 'none'}; Armenia only: {', '.join(sorted(only_ar)) or 'none'}",
        f"{len(named['Azerbaijan'])} and {len(named['Armenia'])} categories",
        "The article lists categories only, without quantities; the grouping into common categories is the companion's.",
        values={"azerbaijan": len(named["Azerbaijan"]), "armenia": len(named["Armenia"]), "both": len(both),
                "azerbaijan_only": len(only_az), "armenia_only": len(only_ar)})


@register(GROUP, "Outside actors by stance", kind="computation")
def actor_stance_counts(d) -> Finding:
    s = d("actor_stances")
    counts = s.stance.value_counts()
    quiet = int(s.stance.isin(["neutral", "passive"]).sum())
    return Finding(
        [inp(f"Stance: {k}", int(v), "actor_stances") for k, v in counts.items()],
        "; ".join(f"{k} {int(v)}" for k, v in counts.items()) + f"; neutral or passive {quiet}",
        f"{len(s)} actors",
        "The stances are the companion's summary of the article's account of each actor.",
        values={"actors": len(s), "for_azerbaijan": int(counts.get("supported-azerbaijan", 0)),
                "for_armenia": int(counts.get("supported-armenia", 0)), "neutral_or_passive": quiet})


@register(GROUP, "What Israel's share leaves for all other suppliers", kind="computation")
def israel_share_remainder(d) -> Finding:
    r = d("arms_imports").query("supplier == 'Israel'").iloc[0]
    rest = 100 - float(r.share_percent)
    return Finding(
        [inp("Israel's share, as printed", f"nearly {float(r.share_percent):g} %", where(r, "arms_imports"))],
        f"100 − {float(r.share_percent):g} = {num(rest)} %",
        f"about {num(rest)} % for all other suppliers together",
        "The article says 'nearly', so Israel's true share lies somewhat below the printed figure and the remainder "
        "a little above this value; the article gives neither the exact share nor its period.",
        values={"remainder": rest})


@register(GROUP, "The munitions the article lists for the AKINCI", kind="computation")
def akinci_munition_count(d) -> Finding:
    m = d("akinci_munitions").sort_values("order")
    return Finding(
        [inp("Munitions listed", len(m), "akinci_munitions")],
        f"{len(m)} names: " + ", ".join(m.munition),
        f"{len(m)} munitions",
        "The article lists them without quantities or loadouts.",
        values={"count": len(m)})


@register(GROUP, "Countries the article names as buyers of Turkish drones", kind="computation")
def export_customer_counts(d) -> Finding:
    c = d("export_customers")
    by = c.drop_duplicates(["customer", "status"]).status.value_counts()
    tb2 = c[(c.platform == "Bayraktar TB2") & c.status.isin(["delivered", "contract"])].customer.nunique()
    tb2_named = c[c.platform == "Bayraktar TB2"].customer.nunique()
    return Finding(
        [inp(f"Status: {k}", int(v), "export_customers") for k, v in by.items()],
        f"{c.customer.nunique()} countries; " + "; ".join(f"{k} {int(v)}" for k, v in by.items())
        + f"; TB2 bought or contracted: {tb2}",
        f"{c.customer.nunique()} countries",
        "A country can appear under two statuses (Poland has a contract and is also listed among likely buyers).",
        values={"countries": c.customer.nunique(), "likely": int(by.get("likely", 0)), "tb2_buyers": tb2,
                "tb2_named": tb2_named})


@register(GROUP, "What the claims register holds", kind="computation")
def claims_register_counts(d) -> Finding:
    c = d("claims")
    precision = c.precision.value_counts()
    kinds = c.endnote_kind.value_counts()
    values = {"claims": len(c), "exact": int(precision.get("exact", 0)), "vague": int(precision.get("vague", 0)),
              "ambiguous_dates": int(precision.get("ambiguous_date", 0)), "with_endnote": int(c.endnote.notna().sum()),
              "without_endnote": int(c.endnote.isna().sum()), "in_a_data_file": int(c.resource.notna().sum()),
              "endnote_closes_sentence": int(kinds.get("sentence", 0)),
              "endnote_next_in_paragraph": int(kinds.get("paragraph", 0))}
    return Finding(
        [inp("Claims", len(c), "claims")],
        "; ".join(f"{k.replace('_', ' ')} {v}" for k, v in values.items()),
        f"{len(c)} claims",
        "Counts over the register's rows; each mention of a figure is one claim.",
        values=values)
