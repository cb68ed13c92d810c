"""The consistency checks of chapters/checks.py, recomputed independently.

Each ``expected_*`` function below reads the CSV files directly (csv module,
no companion.load, no checks.py), redoes the arithmetic with the article's
own printed numbers as the reference, and returns the verdict it expects.
The tests then assert that ``checks.run_checks()`` reaches the same verdict.
The same functions are also run on deliberately altered copies of the data,
so a check that ignored its inputs (or a test that copied its outputs) fails.
"""
import csv
import datetime as dt
import json
import math
import re
import shutil
from pathlib import Path

import pytest

from conftest import cx

import checks

DATA = Path(cx.DATA)
ALLOWED = {"consistent", "tension", "not checkable"}


def rows(data: Path, name: str) -> list[dict]:
    with (data / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def verdicts(data: Path) -> dict:
    return {c["id"]: c["verdict"] for c in checks.run_checks(data)}


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


def expected_implied_previous_year(data: Path) -> str:
    v, g, _, y = _exports(data)
    implied = v / (1 + g / 100)
    outside = [float(r["value_usd_bn"]) for r in rows(data, "later_exports")
               if int(r["year"]) == y - 1 and r["kind"] == "reported"]
    return "consistent" if any(abs(o / implied - 1) <= 0.01 for o in outside) else "tension"


def expected_required_growth(data: Path) -> str:
    v, g, (e, ey), y = _exports(data)
    need = math.exp(math.log(e / v) / (ey - y)) - 1
    return "consistent" if need <= g / 100 else "tension"


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
    assert 40000 * 0.3048 == pytest.approx(12192, abs=1e-9)
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
# checks.run_checks() agrees with the recomputations
# ---------------------------------------------------------------------------
INDEPENDENT = {
    "inventory-sum": expected_inventory,
    "dates-war-days": expected_war_days,
    "growth-implied-previous-year": expected_implied_previous_year,
    "growth-required-for-expectation": expected_required_growth,
    "loss-total-cells": expected_total_cells,
    "loss-cell-subcounts": expected_subcount_cell,
    "units-feet-metres": expected_feet_metres,
    "loss-duplicate-label": expected_duplicate_label,
    "loss-implausible-value": expected_outlier,
}


@pytest.fixture(scope="module")
def results():
    return checks.run_checks()


def test_at_least_twenty_checks_with_allowed_verdicts(results):
    assert len(results) >= 20
    assert len({c["id"] for c in results}) == len(results)
    for c in results:
        assert c["verdict"] in ALLOWED, c["id"]
        assert set(c) >= {"id", "title", "inputs", "computation", "result", "verdict", "explanation"}
        assert c["inputs"] and c["computation"] and c["explanation"], c["id"]


@pytest.mark.parametrize("check_id", sorted(INDEPENDENT))
def test_verdict_matches_independent_recomputation(results, check_id):
    got = {c["id"]: c["verdict"] for c in results}
    assert got[check_id] == INDEPENDENT[check_id](DATA)


def test_key_verdicts_on_the_articles_data(results):
    """What the article's printed figures give, stated outright."""
    got = {c["id"]: c for c in results}
    assert got["inventory-sum"]["verdict"] == "consistent"
    assert got["dates-war-days"]["verdict"] == "consistent"
    assert got["growth-implied-previous-year"]["verdict"] == "consistent"
    assert "2.036" in got["growth-implied-previous-year"]["computation"]
    assert got["growth-required-for-expectation"]["verdict"] == "tension"
    assert "38.2%" in got["growth-required-for-expectation"]["computation"]
    assert got["loss-cell-subcounts"]["verdict"] == "consistent"
    assert got["units-feet-metres"]["verdict"] == "consistent"
    assert got["loss-duplicate-label"]["verdict"] == "tension"
    assert got["loss-implausible-value"]["verdict"] == "tension"
    assert got["loss-column-totals"]["verdict"] == "not checkable"
    tot = loss_counts(DATA)
    for side, n in tot.items():
        assert f"{side}: " in got["loss-column-totals"]["computation"]
        assert f"= {n:,}" in got["loss-column-totals"]["computation"]
    # durations: the 1994 armistice gives 26 years, not 28; 44 days are under two months
    assert 2020 - 1994 != 28 and got["dates-status-quo-years"]["verdict"] == "tension"
    assert got["dates-conflict-years"]["verdict"] == "not checkable"
    assert 44 / (365.25 / 12) < 2 and got["dates-abstract-months"]["verdict"] == "consistent"
    assert 24 * 60 + 34 > 24 * 60 and got["dates-first-day-record"]["verdict"] == "tension"
    assert (dt.date(2020, 9, 27) - dt.date(2020, 6, 30)).days / 7 > 12 and got["dates-just-weeks"]["verdict"] == "tension"
    assert 13000 / 2317 > 1.25 and got["claims-armenian-dead"]["verdict"] == "tension"
    assert 7630 / 2783 > 1.25 and got["claims-azerbaijani-dead"]["verdict"] == "tension"


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
    ("uav_inventory", lambda t: t.replace("Heron,10,", "Heron,11,"), "inventory-sum", "tension"),
    ("timeline", lambda t: t.replace(",2020-11-10,war,", ",2020-11-11,war,"), "dates-war-days", "tension"),
    ("exports", lambda t: t.replace("growth_over_previous_year,2019,34.6,", "growth_over_previous_year,2019,25.1,"),
     "growth-implied-previous-year", "consistent"),   # 2.74/1.251 = 2.19: now fits the later report instead
    ("exports", lambda t: t.replace("growth_over_previous_year,2019,34.6,", "growth_over_previous_year,2019,40,"),
     "growth-required-for-expectation", "consistent"),
    ("losses_printed", lambda t: t.replace('"119, of which destroyed: 3,', '"120, of which destroyed: 3,'),
     "loss-cell-subcounts", "tension"),
    ("platforms", lambda t: t.replace("ceiling_m,12192,", "ceiling_m,12129,"), "units-feet-metres", "tension"),
    ("losses_printed", lambda t: t.replace("16,Multiple Rocket Launchers,", "16,Heavy Mortars,"),
     "loss-duplicate-label", "consistent"),
    ("losses", lambda t: t.replace("Armenia,destroyed,717,", "Armenia,destroyed,71,"), "loss-implausible-value", "consistent"),
]


@pytest.mark.parametrize("name,edit,check_id,after", ALTERATIONS, ids=[a[2] for a in ALTERATIONS])
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
