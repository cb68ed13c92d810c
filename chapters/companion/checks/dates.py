"""Dates and durations: the spans the article states against the dates it gives."""
from __future__ import annotations

from ..article import ABOUT, DAYS_PER_MONTH, JUST_OVER, NEARLY, WEEKS_MAX, date_span, date_text
from .reading import inp, num, span_days, span_years, where, years_between
from .registry import Finding, register

GROUP = "Dates and durations"


@register(GROUP, "Length of the war in days")
def war_length_days(d) -> Finding:
    start, end, w = d.war()
    days = (end - start).days
    c = d("claims")
    stated = c[(c.kind == "duration") & (c.unit == "days") & ~c.subject.str.contains("2016")]
    ok = bool((stated.value == days).all())
    return Finding(
        [inp("Outbreak", date_text(w.date), where(w, "timeline", "event_id")),
         inp("Agreement ending the war", date_text(w.end_date), where(w, "timeline", "event_id"))]
        + [inp(f"Stated length ({r.subject})", r.as_written, where(r, "claims", "claim_id")) for _, r in stated.iterrows()],
        f"{end:%d %B %Y} − {start:%d %B %Y} = {days} days ({days + 1} counting both end days)",
        f"{days} days",
        f"All {len(stated)} places where the article gives the war's length in days agree with its dates, counting "
        "the days elapsed from the outbreak to the agreement." if ok else
        "At least one stated length in days does not match the dates.",
        "consistent" if ok else "tension",
        {"days": days, "inclusive": days + 1, "months": days / DAYS_PER_MONTH})


def _months(d, section: str) -> Finding:
    start, end, w = d.war()
    months = (end - start).days / DAYS_PER_MONTH
    claim = d.claim(section=section, kind="duration", unit="months")
    stated = float(claim.value)
    if claim.precision == "upper_bound":
        ok, rule = months < stated, f"{months:.2f} < {stated:g}"
    else:
        gap = abs(months - stated)
        ok, rule = gap <= ABOUT * stated, f"|{months:.2f} − {stated:g}| = {gap:.2f} ≤ {ABOUT * stated:.2f}"
    return Finding(
        [inp("Outbreak", date_text(w.date), where(w, "timeline", "event_id")),
         inp("End", date_text(w.end_date), where(w, "timeline", "event_id")),
         inp("Stated length", claim.as_written, where(claim, "claims", "claim_id"))],
        f"{(end - start).days} days ÷ {DAYS_PER_MONTH:.2f} days a month = {months:.2f} months; {rule}",
        f"{months:.2f} months",
        f"The war's {(end - start).days} days are about {months:.2f} average months, which fits '{claim.as_written}'."
        if ok else f"'{claim.as_written}' does not fit {months:.2f} months.",
        "consistent" if ok else "tension", {"months": months})


@register(GROUP, "The abstract's length of the war in months")
def war_length_abstract_months(d) -> Finding:
    return _months(d, "abstract")


@register(GROUP, "The conflict section's length of the war in months")
def war_length_conflict_months(d) -> Finding:
    return _months(d, "conflict")


@register(GROUP, "How long the pre-war status quo lasted")
def status_quo_years(d) -> Finding:
    start, _, w = d.war()
    claim = d.claim(section="conflict", kind="duration", unit="years", subject="status quo")
    n = float(claim.value)
    t = d("timeline")
    starts = t[(t.date.str.len() == 4) & (t.date < w.date[:4]) & (t.category == "ceasefire-agreement")]
    spans = [(r, *span_years(r.date, start)) for _, r in starts.iterrows()]
    fits = [r for r, lo, hi in spans if lo <= n <= hi + 1]
    needed = int(w.date[:4]) - int(n)
    that_year = t[t.date == str(needed)]
    return Finding(
        [inp("Stated", claim.as_written, where(claim, "claims", "claim_id")),
         inp("Outbreak", date_text(w.date), where(w, "timeline", "event_id"))]
        + [inp(f"Candidate start: {r.event}", r.date, where(r, "timeline", "event_id")) for r, _, _ in spans]
        + [inp(f"Start the figure would need ({w.date[:4]} − {n:g})", str(needed),
               "arithmetic; timeline events that year: " + (", ".join(that_year.event_id) or "none"))],
        "; ".join(f"from {r.date} to {date_text(w.date)}: {lo:.1f}–{hi:.1f} years" for r, lo, hi in spans),
        "; ".join(f"{lo:.0f}–{hi:.0f} years from {r.date}" for r, lo, hi in spans),
        "The article gives no start for the status quo. The natural start it does date, the armistice that "
        f"ended the first war, gives about {spans[0][1]:.0f}–{spans[0][2]:.0f} years, short of the stated figure, "
        f"which would need a start in {needed}; the article's events of that year, if any, are unrelated to the "
        "dispute. The stated figure is best read as approximate." if not fits else
        "A start the article dates fits the stated number of years.",
        "consistent" if fits else "tension",
        {"armistice_years": int(w.date[:4]) - int(spans[0][0].date) if spans else float("nan"), "needed_start": needed})


@register(GROUP, "How long the conflict had simmered before the war", kind="computation")
def conflict_years(d) -> Finding:
    _, _, w = d.war()
    claim = d.claim(section="factors", kind="duration", unit="years", subject="conflict had lasted")
    n = float(claim.value)
    needed = int(w.date[:4]) - int(n)
    there = d("timeline")[d("timeline").date.str.startswith(str(needed))]
    status_quo = d.claim(section="conflict", kind="duration", unit="years", subject="status quo")
    return Finding(
        [inp("Stated", claim.as_written, where(claim, "claims", "claim_id")),
         inp("Outbreak", date_text(w.date), where(w, "timeline", "event_id")),
         inp("The status quo's stated length, for comparison", status_quo.as_written,
             where(status_quo, "claims", "claim_id"))],
        f"{w.date[:4]} − {n:g} = {needed}; events the article dates to {needed}: {len(there)}; "
        f"{n:g} − {float(status_quo.value):g} = {n - float(status_quo.value):g} years between the two figures",
        f"start implied: {needed}",
        f"The figure implies a start around {needed}, but the article dates no event to that year and names no start, "
        "so there is nothing in the article to check it against. It measures the conflict as a whole rather than "
        "the post-war order, so its gap with the status-quo figure is not in itself a contradiction.",
        values={"implied_start": needed})


@register(GROUP, "Years of Minsk Group mediation")
def minsk_years(d) -> Finding:
    start, _, w = d.war()
    claim = d.claim(section="factors", kind="duration", unit="years", subject="Minsk Group")
    n = float(claim.value)
    ev = d.event(actor="Minsk Group", category="diplomacy")
    lo, hi = span_years(ev.date, start)
    ok = NEARLY * n <= hi and lo <= n
    return Finding(
        [inp("Stated", claim.as_written, where(claim, "claims", "claim_id")),
         inp("Mediation begins", ev.date, where(ev, "timeline", "event_id")),
         inp("Outbreak", date_text(w.date), where(w, "timeline", "event_id")),
         inp("Rule for 'nearly N'", f"{NEARLY:.0%} of N to N", "this check")],
        f"from {ev.date} to {date_text(w.date)}: {lo:.1f}–{hi:.1f} years; 'nearly {n:g}' needs {NEARLY * n:g}–{n:g}",
        f"{lo:.1f}–{hi:.1f} years",
        f"Counted from the one mediation date the article gives (some initiatives launched in {ev.date}), taken by "
        f"the companion as the start, the span is about "
        f"{lo:.0f}–{hi:.0f} years, somewhat short of 'nearly {n:g}'. An earlier start (the Group's founding) would "
        "fit better, but the article does not date it." if not ok else
        "The span from the dated start of mediation fits the stated figure.",
        "consistent" if ok else "tension", {"low": lo, "high": hi})


@register(GROUP, "From the purchase decision to the war: 'just weeks'?")
def purchase_to_war_weeks(d) -> Finding:
    start, _, w = d.war()
    decision = d.event(category="acquisition", actor="Azerbaijan", precision="month")
    claim = d.claim(section="drones-in-war", kind="duration", unit="weeks")
    lo, hi = span_days(decision.date, start)
    ok = lo / 7 <= WEEKS_MAX
    return Finding(
        [inp("Purchase decision", date_text(decision.date), where(decision, "timeline", "event_id")),
         inp("Outbreak", date_text(w.date), where(w, "timeline", "event_id")),
         inp("Stated gap", claim.as_written, where(claim, "claims", "claim_id")),
         inp("Rule for 'just weeks'", f"under {WEEKS_MAX:.1f} weeks (two months)", "this check")],
        f"{lo}–{hi} days = {lo / 7:.1f}–{hi / 7:.1f} weeks = {lo / DAYS_PER_MONTH:.1f}–{hi / DAYS_PER_MONTH:.1f} months",
        f"{lo / 7:.0f}–{hi / 7:.0f} weeks",
        f"Even from the last day of the month of the decision, about {lo / 7:.0f} weeks passed before the war, "
        "three to four months in all. 'Just weeks' understates the gap, and the same paragraph speaks of about "
        "four months from plans to use." if not ok else "The gap is a matter of weeks.",
        "consistent" if ok else "tension",
        {"days_min": lo, "days_max": hi, "weeks_min": lo / 7, "weeks_max": hi / 7})


@register(GROUP, "From plans to combat use in 'about four months'")
def plans_to_use_months(d) -> Finding:
    start, end, w = d.war()
    decision = d.event(category="acquisition", actor="Azerbaijan", precision="month")
    claim = d.claim(section="drones-in-war", kind="duration", unit="months")
    n = float(claim.value)
    a = [x / DAYS_PER_MONTH for x in span_days(decision.date, start)]
    b = [x / DAYS_PER_MONTH for x in span_days(decision.date, end)]
    lo, hi = min(a + b), max(a + b)
    ok = lo - ABOUT * n <= n <= hi + ABOUT * n
    return Finding(
        [inp("Purchase decision", date_text(decision.date), where(decision, "timeline", "event_id")),
         inp("Outbreak", date_text(w.date), where(w, "timeline", "event_id")),
         inp("End of the war", date_text(w.end_date), where(w, "timeline", "event_id")),
         inp("Stated span", claim.as_written, where(claim, "claims", "claim_id"))],
        f"decision to outbreak {a[0]:.1f}–{a[1]:.1f} months; decision to end of war {b[0]:.1f}–{b[1]:.1f} months",
        f"{lo:.1f}–{hi:.1f} months",
        "The article does not say when the span starts or ends. Read from the decision month to the fighting, the "
        f"dates allow anything from about {lo:.1f} to {hi:.1f} months, which includes 'about four'."
        if ok else "No reading of the dates gives about four months.",
        "consistent" if ok else "tension", {"low": lo, "high": hi})


@register(GROUP, "A record set 'during its first day in the air'")
def first_day_record(d) -> Finding:
    p = d("platforms")
    record = p[p.attribute.str.contains("first_day") & (p.unit == "minutes")].iloc[0]
    flight = d.event(category="first-flight", platform=record.platform)
    day = 24 * 60
    ok = int(record.value) <= day
    return Finding(
        [inp("First flight", date_text(flight.date), where(flight, "timeline", "event_id")),
         inp("Record time aloft", f"{record.as_written} ({num(int(record.value))} min)", where(record, "platforms")),
         inp("Minutes in a day", day, "24 × 60")],
        f"{num(int(record.value))} min {'≤' if ok else '>'} {num(day)} min",
        f"the record {'fits within' if ok else 'is longer than'} one day",
        "A flight of more than 24 hours cannot fit inside one day, so 'first day in the air' cannot be literal. "
        "Read with the first-flight date printed just before it, the sentence would have the maiden flight set a "
        "day-long record; more likely the record came on a later flight that the article does not date."
        if not ok else "The record fits within one day.",
        "consistent" if ok else "tension")


@register(GROUP, "The 2019 endurance records: what 'more than 24 hours' settles", kind="computation")
def endurance_records_2019(d) -> Finding:
    p = d("platforms")
    earlier = p[p.attribute.str.contains("first_day") & (p.unit == "minutes")].iloc[0]
    claim = d.claim(section="drone-power", kind="duration", subject="2019 TB2 and ANKA record")
    bound = float(claim.value) * 60
    return Finding(
        [inp("Earlier TB2 record", f"{earlier.as_written} ({num(int(earlier.value))} min)", where(earlier, "platforms")),
         inp("2019 records, as stated", claim.as_written, where(claim, "claims", "claim_id"))],
        f"'{claim.as_written}' = over {num(bound)} min; earlier record {num(int(earlier.value))} min; "
        f"{num(int(earlier.value))} − {num(bound)} = {num(int(earlier.value) - bound)} min not covered by the bound",
        "a lower bound that neither reaches nor rules out the earlier record",
        "A new record must beat the old one, but the article gives the 2019 flights only a lower bound, 'more than "
        f"24 hours', {num(int(earlier.value) - bound)} minutes short of the {earlier.as_written} it reports earlier "
        "for the TB2. The bound does not contradict the earlier record; it only leaves open by how much, and "
        "whether, the 2019 flights beat it. (The ANKA's record need not be compared with the TB2's at all.)",
        values={"bound_minutes": bound, "earlier_minutes": int(earlier.value)})


def _allowed(claim) -> tuple[float, float, str]:
    """The spans in years a stated length allows, under the reading rules of companion.article."""
    n = float(claim.value) * (10 if claim.unit == "decades" else 1)
    if claim.precision == "upper_bound":
        return 0.0, n, f"'{claim.as_written}': under {n:g} years"
    if "just over" in claim.as_written:
        return n, JUST_OVER * n, f"'{claim.as_written}': {n:g}–{JUST_OVER * n:g} years"
    low, high = (1 - ABOUT) * n, (1 + ABOUT) * n      # a round figure ("just 15 years") read as "about"
    return low, high, f"'{claim.as_written}' as about {n:g}: {low:.1f}–{high:.1f} years"


@register(GROUP, "Turkey's rise in three spans, each measured from a milestone the article dates")
def rise_spans_from_milestones(d) -> Finding:
    t = d("timeline")
    reported = t[t.category != "goal"]          # goals (for 2023) are expectations, not events
    now = reported.loc[reported.date.map(lambda x: date_span(x)[1]).idxmax()]
    tb2_exports = t[(t.category == "export") & (t.platform == "Bayraktar TB2")]
    first_export = tb2_exports.loc[tb2_exports.date.map(lambda x: date_span(x)[0]).idxmin()]
    spans = {   # name: (stated length, start milestone, end milestone)
        "armed": (d.claim(subject="virtually as good"), d.event(category="development", platform="Bayraktar TB2"), now),
        "operator_exporter": (d.claim(subject="operator and exporter"),
                              d.event(category="acquisition", platform="Bayraktar mini"), first_export),
        "leading_maker": (d.claim(subject="leading armed-UAV maker"),
                          d.event(category="development", platform="Bayraktar mini"), now),
    }
    lines, values, misfits, inputs = [], {}, [], []
    for name, (claim, start, end) in spans.items():
        lo, hi = years_between(start.date, end.date)
        low, high, rule = _allowed(claim)
        fits = lo < high and hi > low
        inputs += [inp(f"Stated ({claim.subject})", claim.as_written, where(claim, "claims", "claim_id")),
                   inp(f"From: {start.event}", date_text(start.date), where(start, "timeline", "event_id")),
                   inp(f"To: {end.event}", date_text(end.date), where(end, "timeline", "event_id"))]
        lines.append(f"{date_text(start.date)} to {date_text(end.date)} = {lo:.1f}–{hi:.1f} years; {rule}: "
                     + ("fits" if fits else "does not fit"))
        values |= {f"{name}_years": (lo + hi) / 2, f"{name}_min": lo, f"{name}_max": hi}
        misfits += [] if fits else [f"'{claim.as_written}'"]
    verdict = ("Measured this way, each length fits its own milestones: the three figures describe different stages "
               "of one rise rather than contradict each other." if not misfits else
               f"Measured this way, {', '.join(misfits)} {'does' if len(misfits) == 1 else 'do'} not fit the dates "
               "the article gives.")
    return Finding(
        inputs, "; ".join(lines), f"{len(spans) - len(misfits)} of {len(spans)} spans fit their dates",
        "The article gives three lengths for Turkey's rise, each for a different achievement: armed UAVs nearly as "
        "good as American and Israeli ones, becoming an operator and exporter of high-quality drones, and (citing "
        "Le Monde) becoming one of the world's leading makers of armed UAVs. It dates none of their starts, so the "
        "milestones are the companion's reading: for the armed UAVs, from the start of the TB2's development; for "
        "operator and exporter, from the Bayraktar mini's entry into service (the first indigenous UAV in the "
        "inventory) to the first export of the TB2; for the leading maker, from the mini's launch, which the article "
        "calls the turning point of the domestic programme. Spans that run to the present end at the latest event "
        f"the article reports ({now.event_id}, {date_text(now.date)}; it was published in autumn 2021). Other "
        "milestones give other spans. " + verdict,
        "consistent" if not misfits else "tension", values)


def _interval(start: str, end: str) -> tuple[float, str]:
    """Years between two partial dates at the coarser precision: whole years when either is a
    year only; otherwise whole months (the day dropped), given in years as months ÷ 12."""
    if len(start) == 4 or len(end) == 4:
        n = int(end[:4]) - int(start[:4])
        return n, f"{end[:4]} − {start[:4]} = {n} years (to the year)"
    months = 12 * (int(end[:4]) - int(start[:4])) + int(end[5:7]) - int(start[5:7])
    return months / 12, f"{date_text(start[:7])} to {date_text(end[:7])} = {months} months = {months / 12:.2f} years"


@register(GROUP, "Development intervals the article's dates imply", kind="computation")
def development_intervals(d) -> Finding:
    pairs = {   # name: (category of the start event, category of the end event, platform)
        "mini": ("development", "acquisition", "Bayraktar mini"),
        "malazgirt": ("development", "acquisition", "Malazgirt"),
        "anka": ("development", "first-flight", "ANKA"),
        "tb2": ("development", "first-flight", "Bayraktar TB2"),
        "akinci": ("development", "first-flight", "AKINCI"),
    }
    spans = {name: (d.event(category=a, platform=p), d.event(category=b, platform=p, year_inferred=False))
             for name, (a, b, p) in pairs.items()}
    gnat = d.event(category="acquisition", platform="GNAT-750")
    inputs, lines, results, values = [], [], [], {}
    for name, (start, end) in spans.items():
        years, text = _interval(start.date, end.date)
        inputs += [inp(start.event, date_text(start.date), where(start, "timeline", "event_id")),
                   inp(end.event, date_text(end.date), where(end, "timeline", "event_id"))]
        lines.append(f"{start.platform}: {text}")
        results.append(f"{start.platform} {years:.3g}")
        values[f"{name}_years"] = years
        if len(start.date) > 4 and len(end.date) > 4:
            values[f"{name}_months"] = round(years * 12)
    years, text = _interval(gnat.date, gnat.end_date)
    inputs.append(inp(gnat.event, f"{gnat.date} to {gnat.end_date}", where(gnat, "timeline", "event_id")))
    lines.append(f"GNATs in service: {text}")
    values["gnat_service_years"] = years
    return Finding(
        inputs, "; ".join(lines), ", ".join(results) + f" years to service or first flight; GNATs in service {years} years",
        "Intervals between dates the article gives: from the launch or start of development of each Turkish drone to "
        "its entry into service or first flight, and how long the GNATs served. The companion counts them at the "
        "precision of the coarser date: in whole years when either date is a year only (so each may be a year more "
        "or less), otherwise in whole months, the day dropped, and in years as months ÷ 12. The article does not "
        "set these dates side by side itself.",
        values=values)


@register(GROUP, "ANKA listed as a prototype after its first flight")
def anka_prototype_year(d) -> Finding:
    flight = d.event(category="first-flight", platform="ANKA", year_inferred=False)
    listed = d.event(category="prototype", platform="ANKA")
    begun = d.event(category="development", platform="ANKA")
    gap = int(listed.date[:4]) - int(flight.date[:4])
    return Finding(
        [inp("Project start", begun.date, where(begun, "timeline", "event_id")),
         inp("First flight", date_text(flight.date), where(flight, "timeline", "event_id")),
         inp("Year printed beside ANKA in the prototype list", listed.date, where(listed, "timeline", "event_id"))],
        f"{listed.date} − {flight.date[:4]} = {gap} years",
        f"prototype year {gap} years after the first flight",
        "A prototype normally comes before, or with, the first flight. The article does not say what the year beside "
        "ANKA marks (perhaps a later prototype or the end of testing), so the two dates sit uneasily together."
        if gap > 0 else "The prototype year does not follow the first flight.",
        "tension" if gap > 0 else "consistent", {"gap": gap})
