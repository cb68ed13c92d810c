"""The checks of the article's numbers (companion.checks), against independent recomputations.

Every registered entry of kind "check" or "transcription" must have
- an ``expected_<id>`` function in recompute.py (or recompute_losses.py), which reads the CSVs with
  the csv module and returns the verdict it expects; the check must reach the same verdict on the
  book's data;
- an alteration below, of a copy of the data, that turns its verdict to the other value; the
  recomputation must follow it there too.
A check added without both fails here: a verdict that cannot change is a computation in disguise.
"""
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, cx
from recompute import EXPECTED, claim, event, exports, rise_spans, rows
from recompute_losses import side_totals

checks = cx.checks
DATA = Path(cx.DATA)
WITH_VERDICT = sorted(k for k, e in checks.REGISTRY.items() if e.kind != "computation")

# check id: (file, [(regular expression, replacement), ...]), each expression matching exactly once.
# The comment gives the verdict on the book's data, then on the altered copy.
ALTERATIONS = {
    "inventory_sum": ("uav_inventory", [(r"Heron,10,", "Heron,11,")]),                       # consistent -> tension
    "loss_cell_subcounts": ("losses_printed", [(r'"119, of which', '"120, of which')]),       # consistent -> tension
    "loss_total_cells": ("losses_printed", [(r'"2, of which destroyed: 2"', '"3, of which destroyed: 2"')]),
    "regions_named_vs_stated": ("claims", [(r",seven,7,regions,", ",seven,8,regions,")]),     # consistent -> tension
    "feet_and_metres": ("platforms", [(r"ceiling_m,12192,", "ceiling_m,12129,")]),            # consistent -> tension
    "record_hours_minutes": ("platforms", [(r"first_day_endurance_record,1474,", "first_day_endurance_record,1475,")]),
    "war_length_days": ("timeline", [(r",2020-11-10,war,", ",2020-11-11,war,")]),            # consistent -> tension
    "war_length_abstract_months": ("claims", [(r"less than two months,2,", "less than two months,1,")]),
    "war_length_conflict_months": ("claims", [(r"one and a half months,1.5,", "one and a half months,2.5,")]),
    "status_quo_years": ("claims", [(r",28 years,28,", ",28 years,26,")]),                   # tension -> consistent
    # Mediation from 1991 would make 'nearly 30 years' fit.                                     tension -> consistent
    "minsk_years": ("timeline", [(r"^E06,1994,", "E06,1991,")]),
    # A decision in August would leave under a month before the war.                           tension -> consistent
    "purchase_to_war_weeks": ("timeline", [(r"^E41,2020-06,", "E41,2020-08,")]),
    "plans_to_use_months": ("claims", [(r"about four months,4,", "about four months,8,")]),   # consistent -> tension
    "first_day_record": ("platforms", [(r"first_day_endurance_record,1474,", "first_day_endurance_record,1400,")]),
    # TB2 development from 2010 would make the armed-UAV span over ten years.                  consistent -> tension
    "rise_spans_from_milestones": ("timeline", [(r"^E23,2012-01,", "E23,2010-01,")]),
    "anka_prototype_year": ("timeline", [(r"^E24,2013,", "E24,2010,")]),                     # tension -> consistent
    "exports_growth_needed": ("exports", [(r"growth_over_previous_year,2019,34.6,", "growth_over_previous_year,2019,40,")]),
    "loss_tidy_matches_printed": ("losses", [(r"Armenia,destroyed,717,", "Armenia,destroyed,716,")]),
    "loss_garbled_cell": ("losses_printed", [(r"1 abandoned: 1", "1 abandoned: 2")]),         # consistent -> tension
    "loss_label_printed_twice": ("losses_printed", [(r"^16,Multiple Rocket Launchers,Armenia,", "16,Heavy Mortars,Armenia,"),
                                                    (r"^16,Multiple Rocket Launchers,Azerbaijan,",
                                                     "16,Heavy Mortars,Azerbaijan,")]),
    "loss_cell_exceeds_column": ("losses", [(r"Armenia,destroyed,717,", "Armenia,destroyed,71,")]),
    # Fewer Armenian trucks than all Azerbaijani losses: the empty Azerbaijani cell is no longer odd.
    "loss_row_empty_for_one_side": ("losses", [(r'Jeeps",Armenia,destroyed,303,', 'Jeeps",Armenia,destroyed,3,'),
                                               (r'Jeeps",Armenia,captured,351,', 'Jeeps",Armenia,captured,51,')]),
    # No abandoned artillery or rocket launchers: only vehicle rows keep all four statuses.
    "loss_weapon_row_vehicle_profile": ("losses", [(r"^7,Towed Artillery,Azerbaijan,abandoned,.*\n", ""),
                                                   (r"^10,Multiple Rocket Launchers,Azerbaijan,abandoned,.*\n", "")]),
    "loss_row_against_pattern": ("losses", [(r"^9,Artillery Support Vehicles,Armenia,destroyed,1,",
                                             "9,Artillery Support Vehicles,Armenia,destroyed,30,")]),
    "ballistic_text_vs_table": ("claims", [(r",count,one,1,vehicles,", ",count,one,2,vehicles,")]),
    # All Armenian death tolls within 25 % of each other.                                      tension -> consistent
    "armenian_dead_by_claimant": ("casualties", [(r",killed,2317,", ",killed,4000,"), (r",killed,13000,", ",killed,4900,")]),
    "azerbaijani_dead_by_claimant": ("casualties", [(r",killed,7630,", ",killed,3000,")]),  # tension -> consistent
    "azerbaijani_killed_vs_injured": ("casualties", [(r",injured,1245,", ",injured,3245,")]),
    "thousands_of_casualties": ("casualties", [(r",killed,2317,", ",killed,900,")]),        # consistent -> tension
    # Aliyev's mid-war estimate dated as late as the House letter: a later estimate, and smaller.
    "damage_estimates_over_time": ("damage_estimates", [(r",E45,mid-war,", ",E49,mid-war,")]),
    "israel_share_vs_sipri": ("arms_imports", [(r"^Azerbaijan,Israel,70,", "Azerbaijan,Israel,65,")]),
}


def altered(tmp_path: Path, name: str, edits) -> Path:
    d = tmp_path / "data"
    shutil.copytree(DATA, d)
    p = d / f"{name}.csv"
    text = p.read_text(encoding="utf-8")
    for pattern, new in edits:
        text, n = re.subn(pattern, lambda m, new=new: new, text, flags=re.M)
        assert n == 1, f"{pattern!r} matched {n} times in {name}.csv; update the alteration"
    p.write_text(text, encoding="utf-8")
    return d


def verdict_on(data: Path, check_id: str) -> str:
    """One check evaluated alone (an altered file may break the parsing other entries need)."""
    return checks.evaluate(checks.REGISTRY[check_id], checks.Data(data)).verdict


@pytest.fixture(scope="module")
def results():
    return checks.run()


def test_every_check_has_a_recomputation_and_an_alteration():
    assert WITH_VERDICT, "no check registered"
    assert sorted(EXPECTED) == WITH_VERDICT, "an expected_<id> per check, and none for an entry without a verdict"
    assert sorted(ALTERATIONS) == WITH_VERDICT, "an alteration per check, and none for an entry without a verdict"


@pytest.mark.parametrize("check_id", WITH_VERDICT)
def test_verdict_on_the_articles_data_matches_the_recomputation(results, check_id):
    assert check_id in EXPECTED, f"add expected_{check_id} to tests/recompute.py"
    assert results[check_id].verdict == EXPECTED[check_id](DATA)


@pytest.mark.parametrize("check_id", WITH_VERDICT)
def test_an_alteration_of_the_data_turns_the_verdict(tmp_path, results, check_id):
    assert check_id in ALTERATIONS, f"add to ALTERATIONS an edit of the data that turns the verdict of {check_id}"
    d = altered(tmp_path, *ALTERATIONS[check_id])
    before, after = results[check_id].verdict, verdict_on(d, check_id)
    assert after != before, f"{check_id} stays {before!r} on the altered data"
    assert after == EXPECTED[check_id](d), "the check and the recomputation part on the altered data"


def test_every_entry_is_complete_and_of_its_kind(results):
    # The README states the registry's size; the two must agree.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"(\d+) checks of the article's numbers.*?\((\d+) more test the companion's own\s+"
                       r"transcription, (\d+) computations", readme, re.S)
    kinds = [r.kind for r in results.values()]
    assert stated and tuple(int(n) for n in stated.groups()) == (
        kinds.count("check"), kinds.count("transcription"), kinds.count("computation")), stated
    for key, r in results.items():
        assert key == r.id == r.entry.func.__name__, "one id: the function's name"
        assert r.anchor == "check-" + r.id.replace("_", "-")
        assert r.inputs and r.computation and r.explanation and r.result, r.id
        if r.kind == "computation":
            assert r.verdict is None, r.id
        else:
            assert r.verdict in checks.VERDICTS, r.id


def test_transcription_checks_are_kept_apart(results):
    kinds = {k: r.kind for k, r in results.items()}
    transcriptions = ("loss_tidy_matches_printed", "loss_garbled_cell", "record_hours_minutes")
    assert {kinds[k] for k in transcriptions} == {"transcription"}


# ---------------------------------------------------------------------------
# Values the checks and computations show, against the CSVs
# ---------------------------------------------------------------------------
def test_exports_growth_needed_shows_the_rate(results):
    v, g, e, y, ey = exports(DATA)
    need = (e / v) ** (1 / (ey - y)) - 1
    r = results["exports_growth_needed"]
    assert f"{need:.1%}" in r.computation and r.values["need"] == pytest.approx(100 * need)


def test_implied_previous_year_is_shown_with_both_reports(results):
    v, g, *_ = exports(DATA)
    r = results["exports_implied_previous_year"]
    assert r.kind == "computation" and r.verdict is None, "the article names no source: no verdict on outside reports"
    assert r.values["implied"] == pytest.approx(v / (1 + g / 100))
    sources = " ".join(str(i.source) for i in r.inputs)
    assert "LX02" in sources and "LX03" in sources, "the computation names the reports it compares with"


def test_israel_share_names_the_reports_it_compares_with(results):
    r = results["israel_share_vs_sipri"]
    named = [i.source for i in r.inputs if "later_arms_imports" in str(i.source)]
    assert len(named) == 2 and all("2016-2020" in i.label for i in r.inputs[1:]), r.inputs
    assert "2016" in r.explanation, "the check says which period it compares with, and why"


def test_loss_totals_show_the_sums_of_the_table(results):
    totals = results["loss_totals"]
    assert totals.kind == "computation"
    for side, n in side_totals(DATA).items():
        assert f"{side}: " in totals.computation and f"= {n:,}" in totals.computation
        assert totals.values[side.lower()] == n


def test_gnat_purchase_adds_the_two_batches(results):
    r = results["gnat_purchase"]
    assert r.kind == "computation" and r.verdict is None, "nothing in the article to check the batches against"
    assert r.values["total"] == float(claim(DATA, "C058")["value"]) + float(claim(DATA, "C059")["value"])
    assert "later" in r.explanation and event(DATA, "E08")["date"] in r.explanation


def test_rise_spans_are_measured_from_their_milestones(results):
    r = results["rise_spans_from_milestones"]
    for name, (lo, hi, _, _) in rise_spans(DATA).items():
        assert (r.values[f"{name}_min"], r.values[f"{name}_max"]) == pytest.approx((lo, hi)), name
        assert r.values[f"{name}_years"] == pytest.approx((lo + hi) / 2), name
    assert "companion's reading" in r.explanation and "latest event the article reports" in r.explanation


def test_development_intervals_follow_the_timeline(results):
    """Whole years where a date is a year only; otherwise whole months (days dropped), in years as months / 12."""
    def months(a, b):
        (y0, m0), (y1, m1) = (map(int, event(DATA, e)["date"].split("-")[:2]) for e in (a, b))
        return 12 * (y1 - y0) + m1 - m0

    def whole_years(a, b):
        return int(event(DATA, b)["date"][:4]) - int(event(DATA, a)["date"][:4])
    gnat = event(DATA, "E08")
    expected = {"mini_years": whole_years("E13", "E15"), "malazgirt_years": whole_years("E14", "E18"),
                "anka_years": whole_years("E12", "E20"), "tb2_months": months("E23", "E25"),
                "tb2_years": months("E23", "E25") / 12, "akinci_months": months("E30", "E36"),
                "akinci_years": months("E30", "E36") / 12,
                "gnat_service_years": int(gnat["end_date"]) - int(gnat["date"])}
    r = results["development_intervals"]
    assert r.kind == "computation" and r.values == pytest.approx(expected)


def test_the_claims_register_counts_its_rows(results):
    claims = rows(DATA, "claims")
    values = results["claims_register_counts"].values
    assert values["claims"] == len(claims)
    assert values["endnote_closes_sentence"] == sum(c["endnote_kind"] == "sentence" for c in claims)
