"""The checks of the article's numbers (companion.checks), recomputed independently.

Each ``expected_*`` function below reads the CSV files directly (csv module,
no companion.load, no companion.checks), redoes the arithmetic with the
article's own printed numbers as the reference, and returns the verdict it
expects. The tests then assert that ``checks.run()`` reaches the same verdict.
The same functions are also run on deliberately altered copies of the data,
so a check that ignored its inputs (or a test that copied its outputs) fails.
"""
import csv
import datetime as dt
import math
import re
import shutil
from pathlib import Path

import pytest

from conftest import cx

checks = cx.checks

DATA = Path(cx.DATA)
ALLOWED = {"consistent", "tension", "not checkable"}


def rows(data: Path, name: str) -> list[dict]:
    with (data / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def verdicts(data: Path) -> dict:
    return {k: r.verdict for k, r in checks.run(data).items()}


# ---------------------------------------------------------------------------
# Independent recomputations (the article's figures as printed are the reference)
# ---------------------------------------------------------------------------
def expected_inventory(data: Path) -> str:
    inv = rows(data, "uav_inventory")
    parts = [int(r["count"]) for r in inv if r["row_kind"] == "part"]
    (total,) = [int(r["count"]) for r in inv if r["row_kind"] == "total"]
    return "consistent" if sum(parts) == total else "tension"


def expected_war_days(data: Path) -> str:
    (war,) = [r for r in rows(data, "timeline") if r["category"] == "war" and r["end_date"]]
    days = (dt.date.fromisoformat(war["end_date"]) - dt.date.fromisoformat(war["date"])).days
    stated = [float(r["value"]) for r in rows(data, "claims")
              if r["kind"] == "duration" and r["unit"] == "days" and "2016" not in r["subject"]]
    return "consistent" if stated and all(s == days for s in stated) else "tension"


def _exports(data: Path):
    ex = rows(data, "exports")
    (v,) = [float(r["value"]) for r in ex if r["measure"] == "exports_value" and r["kind"] == "reported"]
    (g,) = [float(r["value"]) for r in ex if r["measure"] == "growth_over_previous_year"]
    (e,) = [(float(r["value"]), int(r["year"])) for r in ex if r["kind"] == "expected"]
    (y,) = [int(r["year"]) for r in ex if r["measure"] == "exports_value" and r["kind"] == "reported"]
    return v, g, e, y


def expected_required_growth(data: Path) -> str:
    v, g, (e, ey), y = _exports(data)
    need = math.exp(math.log(e / v) / (ey - y)) - 1
    return "consistent" if need <= g / 100 else "tension"


def expected_damage_order(data: Path) -> str:
    """The estimates in the order they were made: a dated event, or (for the whole war) the war's end."""
    events = {r["event_id"]: r["date"] for r in rows(data, "timeline")}
    (war,) = [r for r in rows(data, "timeline") if r["category"] == "war" and r["end_date"]]
    def when(r):
        return events[r["timeline_event"]] if r["timeline_event"] else war["end_date"]
    money = sorted((when(r), float(r["value"])) for r in rows(data, "damage_estimates")
                   if r["measure"] == "value_destroyed_usd_bn")
    return "consistent" if money[-1][1] >= money[0][1] else "tension"


CELL_TOTAL = re.compile(r"^(\d+), (?:of which )?(.*)$")


def expected_total_cells(data: Path) -> str:
    """Every printed 'N, of which …' cell: do the listed statuses sum to N?"""
    ok = True
    for r in rows(data, "losses_printed"):
        m = CELL_TOTAL.match(" ".join(r["cell"].split()))
        if m:
            body = re.sub(r", of which \d+ [a-z ]+$", "", m.group(2))
            parts = [int(n) for n in re.findall(r"(?:destroyed|damaged|abandoned|captured):? (\d+)", body)]
            ok &= sum(parts) == int(m.group(1))
    return "consistent" if ok else "tension"


def expected_subcount_cell(data: Path) -> str:
    """The one cell with a sub-count: total = destroyed + captured, and the sub-count fits in captured."""
    (cell,) = [" ".join(r["cell"].split()) for r in rows(data, "losses_printed") if "launcher" in r["cell"]]
    total, destroyed, captured, sub = (int(x) for x in re.findall(r"\d+", cell))
    return "consistent" if destroyed + captured == total and sub <= captured else "tension"


def expected_feet_metres(data: Path) -> str:
    p = {(r["platform"], r["attribute"]): r for r in rows(data, "platforms")}
    pairs = [(float(r["value"]), float(p[(k[0], k[1][:-3] + "_m")]["value"]))
             for k, r in p.items() if k[1].endswith("_ft") and (k[0], k[1][:-3] + "_m") in p]
    assert pairs, "no feet/metre pair in platforms.csv"
    return "consistent" if all(abs(ft * 0.3048 - m) < 0.5 for ft, m in pairs) else "tension"


def loss_counts(data: Path) -> dict:
    """Sum of items per side, from the tidy table."""
    out = {}
    for r in rows(data, "losses"):
        out[r["side"]] = out.get(r["side"], 0) + int(r["count"])
    return out


def printed_counts(data: Path) -> dict:
    """Sum of items per side, read from the printed cells with a regex of this test's own."""
    out = {}
    for r in rows(data, "losses_printed"):
        cell = " ".join(r["cell"].split())
        m = CELL_TOTAL.match(cell)
        if m:                                         # 'N, of which …': N counts once
            n = int(m.group(1))
        else:                                         # 'a status; b status; c status: c'
            n = sum(int(x) for x in re.findall(r"(\d+) (?:destroyed|damaged|abandoned|captured)", cell))
        out[r["side"]] = out.get(r["side"], 0) + n
    return out


def expected_duplicate_label(data: Path) -> str:
    labels = {}
    for r in rows(data, "losses_printed"):
        labels.setdefault(r["category"], set()).add(r["row_order"])
    return "tension" if any(len(v) > 1 for v in labels.values()) else "consistent"


def expected_outlier(data: Path) -> str:
    cols = {}
    for r in rows(data, "losses"):
        cols.setdefault((r["side"], r["status"]), []).append(int(r["count"]))
    flagged = any(len(v) >= 3 and max(v) > sum(v) - max(v) for v in cols.values())
    return "tension" if flagged else "consistent"


# ---------------------------------------------------------------------------
# The article's own numbers, checked against the CSVs the recomputations read
# ---------------------------------------------------------------------------
def test_the_csvs_hold_the_articles_numbers():
    inv = rows(DATA, "uav_inventory")
    assert sorted(int(r["count"]) for r in inv) == [10, 24, 110, 144]
    assert 110 + 24 + 10 == 144
    (war,) = [r for r in rows(DATA, "timeline") if r["category"] == "war" and r["end_date"]]
    assert (war["date"], war["end_date"]) == ("2020-09-27", "2020-11-10")
    assert (dt.date(2020, 11, 10) - dt.date(2020, 9, 27)).days == 44
    v, g, (e, ey), y = _exports(DATA)
    assert (v, g, e, y, ey) == (2.74, 34.6, 10.0, 2019, 2023)
    assert abs(2.74 / 1.346 - 2.0357) < 1e-4              # implied 2018 exports, USD bn
    assert abs((10 / 2.74) ** 0.25 - 1 - 0.3822) < 1e-3   # growth a year needed for the 2023 expectation
    assert pytest.approx(12192, abs=1e-9) == 40000 * 0.3048
    cell = [r["cell"] for r in rows(DATA, "losses_printed") if "launcher" in r["cell"]][0]
    assert " ".join(cell.split()).startswith("119, of which destroyed: 3, captured 116, of which 19")
    assert 3 + 116 == 119 and 19 <= 116


def test_loss_table_totals_agree_between_tidy_and_printed():
    tidy, printed = loss_counts(DATA), printed_counts(DATA)
    assert tidy == printed
    # the printed cells of the article, column by column
    assert tidy["Armenia"] == (249 + 76 + 2 + 6 + 664 + 17 + 231 + 29 + 3 + 725 + 1 + 54 + 119 + 6 + 3 + 17)
    assert tidy["Azerbaijan"] == (56 + 24 + 2 + 70 + 13 + 26 + 64 + 1)


# ---------------------------------------------------------------------------
# checks.run() agrees with the recomputations
# ---------------------------------------------------------------------------
INDEPENDENT = {
    "inventory_sum": expected_inventory,
    "war_length_days": expected_war_days,
    "exports_growth_needed": expected_required_growth,
    "loss_total_cells": expected_total_cells,
    "loss_cell_subcounts": expected_subcount_cell,
    "feet_and_metres": expected_feet_metres,
    "loss_label_printed_twice": expected_duplicate_label,
    "loss_cell_exceeds_column": expected_outlier,
    "damage_estimates_over_time": expected_damage_order,
}


@pytest.fixture(scope="module")
def results():
    return checks.run()


def test_every_entry_is_complete_and_of_its_kind(results):
    assert sum(r.kind == "check" for r in results.values()) >= 20
    for key, r in results.items():
        assert key == r.id == r.entry.func.__name__, "one id: the function's name"
        assert r.anchor == "check-" + r.id.replace("_", "-")
        assert r.inputs and r.computation and r.explanation and r.result, r.id
        if r.kind == "computation":
            assert r.verdict is None, r.id
        else:
            assert r.verdict in ALLOWED, r.id


def test_a_verdict_that_cannot_vary_is_not_counted_as_a_check():
    """A check whose verdict does not depend on the data is a computation in disguise: each check
    must reach both verdicts on some data. Here: every check of the article is exercised by an
    alteration below, or by the recomputations above on the article's own data."""
    altered = {a[2] for a in ALTERATIONS}
    counted = {k for k, r in checks.run().items() if r.kind == "check"}
    flipped = {k for k in counted if k in altered}
    assert len(flipped) >= 10, sorted(counted - altered)


@pytest.mark.parametrize("check_id", sorted(INDEPENDENT))
def test_verdict_matches_independent_recomputation(results, check_id):
    assert results[check_id].verdict == INDEPENDENT[check_id](DATA)


def test_implied_previous_year_is_shown_with_both_reports(results):
    r = results["exports_implied_previous_year"]
    assert r.kind == "computation" and r.verdict is None, "the article names no source: no verdict on outside reports"
    assert abs(r.values["implied"] - 2.74 / 1.346) < 1e-9
    sources = " ".join(str(i.source) for i in r.inputs)
    assert "LX02" in sources and "LX03" in sources, "the computation names the reports it compares with"


def test_israel_share_names_the_reports_it_compares_with(results):
    r = results["israel_share_vs_sipri"]
    named = [i.source for i in r.inputs if "later_arms_imports" in str(i.source)]
    assert len(named) == 2 and all("2016-2020" in i.label for i in r.inputs[1:]), r.inputs
    assert "2016" in r.explanation, "the check says which period it compares with, and why"


def test_key_verdicts_on_the_articles_data(results):
    """What the article's printed figures give, stated outright."""
    got = {k: r.verdict for k, r in results.items()}
    assert got["inventory_sum"] == got["war_length_days"] == got["feet_and_metres"] == "consistent"
    assert got["loss_cell_subcounts"] == got["war_length_abstract_months"] == "consistent"
    assert "38.2%" in results["exports_growth_needed"].computation and got["exports_growth_needed"] == "tension"
    assert got["loss_label_printed_twice"] == got["loss_cell_exceeds_column"] == "tension"
    totals = results["loss_totals"]
    assert totals.kind == "computation"
    for side, n in loss_counts(DATA).items():
        assert f"{side}: " in totals.computation and f"= {n:,}" in totals.computation
    # durations: the 1994 armistice gives 26 years, not 28; 44 days are under two months
    assert 2020 - 1994 != 28 and got["status_quo_years"] == "tension"
    assert results["conflict_years"].kind == "computation"
    assert 44 / (365.25 / 12) < 2
    assert 24 * 60 + 34 > 24 * 60 and got["first_day_record"] == "tension"
    assert (dt.date(2020, 9, 27) - dt.date(2020, 6, 30)).days / 7 > 12 and got["purchase_to_war_weeks"] == "tension"
    assert 13000 / 2317 > 1.25 and got["armenian_dead_by_claimant"] == "tension"
    assert 7630 / 2783 > 1.25 and got["azerbaijani_dead_by_claimant"] == "tension"
    # the tensions the earlier checks did not cover (issue 15)
    assert 2783 > 1245 and got["azerbaijani_killed_vs_injured"] == "tension"
    assert 24 * 60 < 24 * 60 + 34 and got["endurance_records_2019"] == "tension"
    assert got["thousands_of_casualties"] == "consistent"


def test_transcription_checks_are_kept_apart(results):
    kinds = {k: r.kind for k, r in results.items()}
    transcriptions = ("loss_tidy_matches_printed", "loss_garbled_cell", "record_hours_minutes")
    assert {kinds[k] for k in transcriptions} == {"transcription"}


# ---------------------------------------------------------------------------
# The checks react to their inputs: altered copies of the data
# ---------------------------------------------------------------------------
def _altered(tmp_path: Path, name: str, edit) -> Path:
    d = tmp_path / "data"
    shutil.copytree(DATA, d)
    p = d / f"{name}.csv"
    p.write_text(edit(p.read_text(encoding="utf-8")), encoding="utf-8")
    return d


ALTERATIONS = [
    # (resource, text edit, check id, verdict expected after the edit)
    ("uav_inventory", lambda t: t.replace("Heron,10,", "Heron,11,"), "inventory_sum", "tension"),
    ("timeline", lambda t: t.replace(",2020-11-10,war,", ",2020-11-11,war,"), "war_length_days", "tension"),
    ("exports", lambda t: t.replace("growth_over_previous_year,2019,34.6,", "growth_over_previous_year,2019,40,"),
     "exports_growth_needed", "consistent"),
    ("losses_printed", lambda t: t.replace('"119, of which destroyed: 3,', '"120, of which destroyed: 3,'),
     "loss_cell_subcounts", "tension"),
    ("platforms", lambda t: t.replace("ceiling_m,12192,", "ceiling_m,12129,"), "feet_and_metres", "tension"),
    ("losses_printed", lambda t: t.replace("16,Multiple Rocket Launchers,", "16,Heavy Mortars,"),
     "loss_label_printed_twice", "consistent"),
    ("losses", lambda t: t.replace("Armenia,destroyed,717,", "Armenia,destroyed,71,"), "loss_cell_exceeds_column",
     "consistent"),
    # The damage check orders the estimates by date: made later than the whole-war one, Aliyev's
    # mid-war figure (USD 1 bn) would be a later estimate smaller than an earlier one.
    ("damage_estimates", lambda t: t.replace(",E45,mid-war,", ",E49,mid-war,"), "damage_estimates_over_time", "tension"),
    ("casualties", lambda t: t.replace("injured,1245,", "injured,3245,"), "azerbaijani_killed_vs_injured", "consistent"),
    ("claims", lambda t: t.replace("more than 24 hours,24,hours", "more than 24 hours,25,hours"),
     "endurance_records_2019", "consistent"),
    ("casualties", lambda t: t.replace("killed,13000,", "killed,2900,"), "armenian_dead_by_claimant", "tension"),
    ("claims", lambda t: t.replace(",seven,7,regions,", ",seven,8,regions,"), "regions_named_vs_stated", "tension"),
]


@pytest.mark.parametrize("name,edit,check_id,after", ALTERATIONS, ids=[f"{a[2]}-{a[3]}" for a in ALTERATIONS])
def test_checks_follow_altered_data(tmp_path, name, edit, check_id, after):
    before = (DATA / f"{name}.csv").read_text(encoding="utf-8")
    assert edit(before) != before, "the alteration did not apply; update the test"
    d = _altered(tmp_path, name, edit)
    if name == "losses":              # keep the printed cell in step with the tidy table where the parser reads it
        p = d / "losses_printed.csv"
        p.write_text(p.read_text(encoding="utf-8").replace("717 destroyed", "71 destroyed"), encoding="utf-8")
    got = verdicts(d)
    assert got[check_id] == after
    if check_id in INDEPENDENT:
        assert INDEPENDENT[check_id](d) == after
