"""Independent recomputations of the verdicts of companion.checks, for tests/test_checks.py.

Each ``expected_<check id>`` reads the CSV files of one data directory with the csv module (never
companion.load or companion.checks), picks its records by their ids, applies the rule the check
states (restated here), and returns the verdict it expects. The same functions run on the book's
data and on altered copies, so a check that ignores its inputs disagrees with them somewhere.
The loss-table recomputations are in recompute_losses.py.
"""
import calendar
import csv
import datetime as dt
import math
from pathlib import Path

from recompute_losses import LOSS_TABLE

# The reading rules the checks state (chapters/companion/article.py), restated.
DAYS_PER_MONTH = 365.25 / 12
ABOUT = 0.125          # "about N": within 12.5 % of N
NEARLY = 0.9           # "nearly N": 90 % of N to N
JUST_OVER = 1.25       # "just over N": more than N, up to 1.25 N
DISAGREE = 1.25        # two figures for one quantity disagree if one exceeds the other by more than 25 %
FOOT = 0.3048


def rows(data: Path, name: str) -> list[dict]:
    with (data / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def row(data: Path, name: str, key: str, value: str) -> dict:
    (hit,) = [r for r in rows(data, name) if r[key] == value]
    return hit


def claim(data: Path, claim_id: str) -> dict:
    return row(data, "claims", "claim_id", claim_id)


def event(data: Path, event_id: str) -> dict:
    return row(data, "timeline", "event_id", event_id)


def period(date: str) -> tuple[dt.date, dt.date]:
    """First and last day a partial date ('2020', '2020-06', '2020-06-30') covers."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(*parts, 1), dt.date(*parts, calendar.monthrange(*parts)[1])
    return dt.date(*parts), dt.date(*parts)


def years(start: str, end: str) -> tuple[float, float]:
    """Shortest and longest span in years between two partial dates."""
    return (period(end)[0] - period(start)[1]).days / 365.25, (period(end)[1] - period(start)[0]).days / 365.25


def war(data: Path) -> dict:
    (w,) = [r for r in rows(data, "timeline") if r["category"] == "war" and r["end_date"]]
    return w


def verdict(ok: bool) -> str:
    return "consistent" if ok else "tension"


# ---------------------------------------------------------------------------
# Parts, totals and units
# ---------------------------------------------------------------------------
def expected_inventory_sum(data: Path) -> str:
    inv = rows(data, "uav_inventory")
    (total,) = [int(r["count"]) for r in inv if r["row_kind"] == "total"]
    return verdict(sum(int(r["count"]) for r in inv if r["row_kind"] == "part") == total)


def expected_regions_named_vs_stated(data: Path) -> str:
    return verdict(len(rows(data, "districts")) == float(claim(data, "C022")["value"]))


def expected_feet_and_metres(data: Path) -> str:
    p = {(r["platform"], r["attribute"]): r for r in rows(data, "platforms")}
    pairs = [(float(r["value"]), float(p[(k[0], k[1][:-3] + "_m")]["value"]))
             for k, r in p.items() if k[1].endswith("_ft") and (k[0], k[1][:-3] + "_m") in p]
    assert pairs, "no feet/metre pair in platforms.csv"
    return verdict(all(abs(ft * FOOT - m) < 0.5 for ft, m in pairs))


def expected_record_hours_minutes(data: Path) -> str:
    (r,) = [r for r in rows(data, "platforms") if r["unit"] == "minutes"]
    hours, _, minutes, _ = r["as_written"].split()          # '24 hours 34 minutes'
    return verdict(int(hours) * 60 + int(minutes) == int(r["value"]))


# ---------------------------------------------------------------------------
# Dates and durations
# ---------------------------------------------------------------------------
def _war_days(data: Path) -> int:
    w = war(data)
    return (dt.date.fromisoformat(w["end_date"]) - dt.date.fromisoformat(w["date"])).days


def expected_war_length_days(data: Path) -> str:
    stated = [float(r["value"]) for r in rows(data, "claims")
              if r["kind"] == "duration" and r["unit"] == "days" and "2016" not in r["subject"]]
    return verdict(bool(stated) and all(s == _war_days(data) for s in stated))


def expected_war_length_abstract_months(data: Path) -> str:       # 'less than two months'
    return verdict(_war_days(data) / DAYS_PER_MONTH < float(claim(data, "C003")["value"]))


def expected_war_length_conflict_months(data: Path) -> str:       # 'about one and a half months'
    n = float(claim(data, "C019")["value"])
    return verdict(abs(_war_days(data) / DAYS_PER_MONTH - n) <= ABOUT * n)


def expected_status_quo_years(data: Path) -> str:
    """From the 1994 armistice (E05) to the outbreak; a whole number of years fits up to one more."""
    lo, hi = years(event(data, "E05")["date"], war(data)["date"])
    return verdict(lo <= float(claim(data, "C021")["value"]) <= hi + 1)


def expected_minsk_years(data: Path) -> str:
    """'Nearly 30 years' (C034) from the start of the Minsk Group's mediation (E06) to the outbreak."""
    lo, hi = years(event(data, "E06")["date"], war(data)["date"])
    n = float(claim(data, "C034")["value"])
    return verdict(NEARLY * n <= hi and lo <= n)


def expected_purchase_to_war_weeks(data: Path) -> str:
    """'Just weeks' from the purchase decision (E41) to the outbreak: under two months."""
    days = (dt.date.fromisoformat(war(data)["date"]) - period(event(data, "E41")["date"])[1]).days
    return verdict(days <= 2 * DAYS_PER_MONTH)


def expected_plans_to_use_months(data: Path) -> str:
    """'About four months' (C141) from the decision (E41) to the outbreak or to the end of the war."""
    first, last = period(event(data, "E41")["date"])
    w = war(data)
    months = [(dt.date.fromisoformat(w[k]) - d).days / DAYS_PER_MONTH for k in ("date", "end_date") for d in (first, last)]
    n = float(claim(data, "C141")["value"])
    return verdict(min(months) - ABOUT * n <= n <= max(months) + ABOUT * n)


def _record_minutes(data: Path) -> int:
    return int(row(data, "platforms", "attribute", "first_day_endurance_record")["value"])


def expected_first_day_record(data: Path) -> str:
    return verdict(_record_minutes(data) <= 24 * 60)


def rise_spans(data: Path) -> dict[str, tuple[float, float, float, float]]:
    """The three spans of Turkey's rise: (shortest, longest) the dates allow, and the range each phrase allows."""
    reported = [r for r in rows(data, "timeline") if r["category"] != "goal"]
    now = max((r["date"] for r in reported), key=lambda d: period(d)[1])   # the latest event the article reports
    armed, operator, leading = claim(data, "C050"), claim(data, "C084"), claim(data, "C128")
    ten, decade, fifteen = float(armed["value"]), 10 * float(operator["value"]), float(leading["value"])
    return {
        "armed": (*years(event(data, "E23")["date"], now), 0, ten),                    # TB2 development; 'less than'
        "operator_exporter": (*years(event(data, "E15")["date"], event(data, "E31")["date"]),
                              decade, JUST_OVER * decade),                             # mini in service to 1st TB2 export
        "leading_maker": (*years(event(data, "E13")["date"], now),
                          (1 - ABOUT) * fifteen, (1 + ABOUT) * fifteen),              # mini's launch; about 15
    }


def expected_rise_spans_from_milestones(data: Path) -> str:
    return verdict(all(lo < high and hi > low for lo, hi, low, high in rise_spans(data).values()))


def expected_anka_prototype_year(data: Path) -> str:
    """The prototype year printed beside ANKA (E24) after its first flight (E20)."""
    return verdict(int(event(data, "E24")["date"][:4]) <= int(event(data, "E20")["date"][:4]))


# ---------------------------------------------------------------------------
# Growth, the text against the table, claims against each other, outside figures
# ---------------------------------------------------------------------------
def exports(data: Path):
    ex = rows(data, "exports")
    (v, y), = [(float(r["value"]), int(r["year"])) for r in ex
               if r["measure"] == "exports_value" and r["kind"] == "reported"]
    (g,) = [float(r["value"]) for r in ex if r["measure"] == "growth_over_previous_year"]
    (e, ey), = [(float(r["value"]), int(r["year"])) for r in ex if r["kind"] == "expected"]
    return v, g, e, y, ey


def expected_exports_growth_needed(data: Path) -> str:
    v, g, e, y, ey = exports(data)
    return verdict(math.exp(math.log(e / v) / (ey - y)) - 1 <= g / 100)


def expected_ballistic_text_vs_table(data: Path) -> str:
    table = sum(int(r["count"]) for r in rows(data, "losses") if "Ballistic" in r["category"])
    return verdict(table == float(claim(data, "C165")["value"]))


def _killed(data: Path, about: str) -> list[int]:
    return [int(r["value"]) for r in rows(data, "casualties") if r["measure"] == "killed" and r["about_side"] == about]


def expected_armenian_dead_by_claimant(data: Path) -> str:
    k = _killed(data, "Armenia")
    return verdict(max(k) / min(k) <= DISAGREE)


def expected_azerbaijani_dead_by_claimant(data: Path) -> str:
    k = _killed(data, "Azerbaijan")
    return verdict(max(k) / min(k) <= DISAGREE)


def expected_azerbaijani_killed_vs_injured(data: Path) -> str:
    own = {r["measure"]: int(r["value"]) for r in rows(data, "casualties")
           if r["claimant_side"] == r["about_side"] == "Azerbaijan"}
    return verdict(own["injured"] >= own["killed"])


def expected_thousands_of_casualties(data: Path) -> str:
    return verdict(all(min(_killed(data, side)) >= 1000 for side in ("Armenia", "Azerbaijan")))


def expected_damage_estimates_over_time(data: Path) -> str:
    """The estimates in the order they were made: a dated event, or (for the whole war) the war's end."""
    events = {r["event_id"]: r["date"] for r in rows(data, "timeline")}
    end = dt.date.fromisoformat(war(data)["end_date"])

    def when(r):
        return period(events[r["timeline_event"]])[0] if r["timeline_event"] else end
    money = sorted((when(r), float(r["value"])) for r in rows(data, "damage_estimates")
                   if r["measure"] == "value_destroyed_usd_bn")
    return verdict(money[-1][1] >= money[0][1])


def expected_israel_share_vs_sipri(data: Path) -> str:
    """'Nearly N' per cent against every report of SIPRI's five-year period ending in the war's year."""
    (n,) = [float(r["share_percent"]) for r in rows(data, "arms_imports") if r["supplier"] == "Israel"]
    shares = [float(r["share_percent"]) for r in rows(data, "later_arms_imports")
              if r["supplier"] == "Israel" and r["period"].endswith(war(data)["date"][:4])]
    return verdict(bool(shares) and all(NEARLY * n <= s <= n for s in shares))


EXPECTED = {name[len("expected_"):]: f for name, f in globals().items() if name.startswith("expected_")} | LOSS_TABLE
