"""The data package: valid, loadable, and faithful to the article's own numbers."""
import csv
import json
import re

import frictionless
import pandas as pd
import pytest

from conftest import ROOT, cx

RESOURCES = [r["name"] for r in cx.package()["resources"]]


def test_package_validates_with_frictionless():
    report = frictionless.validate(str(ROOT / "data" / "datapackage.json"))
    errors = [e.message for task in report.tasks for e in task.errors] + [e.message for e in report.errors]
    assert report.valid, errors[:10]


def test_required_resources_present():
    for name in ["losses", "losses_printed", "exports", "uav_inventory", "timeline", "casualties", "claims"]:
        assert name in RESOURCES


@pytest.mark.parametrize("name", RESOURCES)
def test_resource_loads_and_has_provenance(name):
    df = cx.load(name)
    assert len(df) > 0
    if not name.startswith("later_"):
        for col in ("section", "endnote", "locator"):
            assert col in df.columns, f"{name} lacks provenance column {col}"
        assert df["locator"].notna().all()
    else:
        assert {"source", "source_date"} <= set(df.columns)
        assert df["source"].notna().all() and df["source_date"].notna().all()


@pytest.mark.parametrize("name", [n for n in RESOURCES if not n.startswith("later_")])
def test_locators_occur_in_the_article_in_the_section_named(name, article_raw):
    """A locator finds its row in the article, inside the section the row names (the
    article cut at its own headings), not merely somewhere in the text."""
    sections = cx.article.sections(article_raw)
    df = cx.load(name)
    for i, (loc, section) in enumerate(zip(df["locator"], df["section"]), start=1):
        assert len(loc.split()) <= 10, f"{name} row {i}: locator longer than 10 words"
        assert cx.fold(loc) in sections[section], f"{name} row {i}: locator not in the section {section!r}: {loc!r}"


def _near(article: str, locator: str, needle: str, window: int = 200) -> bool:
    loc, needle = cx.fold(locator), cx.fold(needle)
    start = article.find(loc)
    while start != -1:
        if needle in article[max(0, start - window): start + len(loc) + window]:
            return True
        start = article.find(loc, start + 1)
    return False


WORDS = {"one": [1], "two": [2], "three": [3], "four": [4], "five": [5], "six": [6], "seven": [7],
         "eight": [8], "nine": [9], "ten": [10], "fifteen": [15], "twenty": [20], "thirty": [30],
         "thirty-two": [32], "first": [1], "second": [2], "third": [3], "couple": [2], "dozen": [12],
         "decade": [1, 10], "decades": [10], "a": [1]}


def _numbers_in(text: str) -> list[float]:
    """Every value a short written figure can stand for: digits, number words,
    "one and a half" (1.5) and "24 hours 34 minutes" (1474 minutes)."""
    low = text.lower()
    nums = [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", low)]
    for w in re.findall(r"[a-z]+(?:-[a-z]+)?", low):
        nums += WORDS.get(w, [])
    if "and a half" in low:
        nums += [n + 0.5 for n in nums]
    hm = re.search(r"(\d+) hours? (\d+) minutes?", low)
    if hm:
        nums.append(int(hm[1]) * 60 + int(hm[2]))
    return nums


def _claim_problems(claims: pd.DataFrame, article: str) -> list[str]:
    """Claims whose as_written is not near their locator, or whose value is not a number the
    words state (as written: a value a thousand times larger or smaller is a problem too)."""
    problems = []
    for row in claims.itertuples():
        if not _near(article, row.locator, row.as_written):
            problems.append(f"{row.claim_id}: {row.as_written!r} not within reach of {row.locator!r}")
        if not pd.isna(row.value):
            nums = _numbers_in(row.as_written)
            if nums and not any(abs(n - float(row.value)) < 1e-9 for n in nums):
                problems.append(f"{row.claim_id}: value {row.value} not in {row.as_written!r}")
    return problems


def test_claims_as_written_next_to_locator_and_value_agrees(article):
    claims = cx.load("claims")
    assert len(claims) > 100, "the register should hold well over 100 claims"
    problems = _claim_problems(claims, article)
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("factor", [1000, 1 / 1000])
def test_a_claim_value_a_thousand_times_off_is_caught(article, factor):
    claims = cx.load("claims")
    i = claims.index[claims.claim_id == "C146"][0]            # $2.74 billion
    claims.loc[i, "value"] = claims.loc[i, "value"] * factor
    assert _claim_problems(claims, article) == [f"C146: value {claims.loc[i, 'value']} not in '$2.74 billion'"]


def test_claims_flag_vague_amounts(article):
    claims = cx.load("claims")
    vague = claims[claims.as_written.str.lower().isin(["scores", "thousands"])]
    assert len(vague) >= 2 and set(vague.precision) == {"vague"}


def test_exports_match_the_article(article_raw):
    # Read the sentence independently of the data files.
    text = " ".join(article_raw.split())
    m = re.search(r"increased by ([\d.]+) percent in (\d{4}) compared to the previous year, "
                  r"reaching \$([\d.]+) billion\. In (\d{4}), this figure is expected to reach \$(\d+) billion", text)
    assert m, "export sentence not found in the article"
    ex = cx.load("exports").set_index(["measure", "year"])
    assert float(ex.loc[("growth_over_previous_year", int(m[2])), "value"]) == float(m[1]) == 34.6
    assert float(ex.loc[("exports_value", int(m[2])), "value"]) == float(m[3]) == 2.74
    assert float(ex.loc[("exports_value", int(m[4])), "value"]) == float(m[5])
    assert ex.loc[("exports_value", int(m[4])), "kind"] == "expected"


def test_inventory_matches_the_article_and_sums(article_raw):
    text = " ".join(article_raw.split())
    m = re.search(r"has reached (\d+) with the latest deliveries \((\d+) Bayraktar TB2, (\d+) ANKA, "
                  r"and (\d+) Gözcü-1 Heron\)", text)
    assert m, "inventory sentence not found in the article"
    inv = cx.load("uav_inventory")
    parts = dict(zip(inv[inv.row_kind == "part"]["type"], inv[inv.row_kind == "part"]["count"]))
    total = int(inv.loc[inv.row_kind == "total", "count"].iloc[0])
    assert total == int(m[1]) == 144
    assert parts == {"Bayraktar TB2": int(m[2]), "ANKA": int(m[3]), "Gözcü-1 Heron": int(m[4])}
    assert sum(parts.values()) == total


def _article_table(article_raw: str):
    """The loss table's labels and cells, read from the article text itself."""
    block = article_raw.split("Type of Vehicle/Unit Armenia Azerbaijan", 1)[1]
    block = block.split("Source: Stijn Mitzer and Joost Oliemans", 1)[0]
    items = [" ".join(p.split()) for p in re.split(r"\n\s*\n", block) if p.strip()]
    labels, cells = items[:18], items[18:]
    return labels, cells


def test_loss_table_cells_match_the_article(article_raw):
    labels, cells = _article_table(article_raw)
    assert len(labels) == 18 and len(cells) == 36, (len(labels), len(cells))
    printed = cx.load("losses_printed")
    for side, chunk in (("Armenia", cells[:18]), ("Azerbaijan", cells[18:])):
        mine = printed[printed.side == side].sort_values("row_order")
        assert list(mine.category) == labels
        assert list(mine.cell) == chunk, side


def test_losses_equal_the_parse_of_the_printed_cells():
    printed = cx.load("losses_printed")
    parsed = set()
    for row in printed.itertuples():
        for status, n in cx.parse_loss_cell(row.cell)["counts"].items():
            parsed.add((row.row_order, row.category, row.side, status, n))
    losses = cx.load("losses")
    stored = set(zip(losses.row_order, losses.category, losses.side, losses.status, losses["count"]))
    assert len(stored) == len(losses), "duplicate rows in losses.csv"
    assert stored == parsed, {"only in losses.csv": stored - parsed, "only in the printed cells": parsed - stored}


def test_loss_table_key_cells():
    # The article's table, first row and the row label printed twice.
    losses = cx.load("losses").set_index(["row_order", "side", "status"])["count"]
    assert losses[(1, "Armenia", "destroyed")] == 144
    assert losses[(1, "Armenia", "captured")] == 100
    printed = cx.load("losses_printed")
    assert (printed[printed.side == "Armenia"].category == "Multiple Rocket Launchers").sum() == 2


def test_claims_with_a_resource_point_to_an_existing_file():
    claims = cx.load("claims")
    files = {r["path"] for r in cx.package()["resources"]}
    missing = sorted(set(claims.resource.dropna()) - files)
    assert not missing, f"claims name resources that do not exist: {missing}"


def test_dated_risks_point_to_timeline_events():
    events = set(cx.load("timeline").event_id)
    refs = set(cx.load("risks").timeline_event.dropna())
    assert refs and refs <= events, refs - events


def test_every_article_row_says_where_its_endnote_stands():
    """An endnote number glued to a sentence, a paragraph or a table's source line reads
    differently (chapter text prints the kind); every article resource says which."""
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        if res["name"].startswith("later_"):
            continue
        field = next((f for f in res["schema"]["fields"] if f["name"] == "endnote_kind"), None)
        assert field is not None, f"{res['path']}: no endnote_kind field"
        allowed = set(field["constraints"]["enum"])
        with open(ROOT / "data" / res["path"], encoding="utf-8", newline="") as fh:
            for row_no, row in enumerate(csv.DictReader(fh), start=2):
                assert row["endnote_kind"] in allowed | {""}, f"{res['path']} row {row_no}: {row['endnote_kind']!r}"


def test_later_figures_cite_entries_of_the_later_bibliography():
    """Every later figure has its own record id and a source in references-later.bib;
    the article's bibliography (references.bib) holds none of them."""
    later_keys = set(re.findall(r"@\w+\{([^,]+),", (ROOT / "references-later.bib").read_text(encoding="utf-8")))
    article_keys = set(re.findall(r"@\w+\{([^,]+),", (ROOT / "references.bib").read_text(encoding="utf-8")))
    ids = []
    for path in sorted((ROOT / "data").glob("later_*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for row_no, row in enumerate(csv.DictReader(fh), start=2):
                assert row["source_key"] in later_keys, f"{path.name} row {row_no}: {row['source_key']!r} not in the bib"
                assert re.fullmatch(r"L[A-Z]\d\d", row["record_id"]), f"{path.name} row {row_no}: {row['record_id']!r}"
                ids.append(row["record_id"])
    assert len(ids) == len(set(ids)) and len(ids) > 20
    assert not later_keys & article_keys


def test_glossary_states_no_unsourced_outside_facts():
    """Issue 15: the glossary once carried facts from nowhere (makers, origins, sizes)."""
    text = (ROOT / "chapters" / "appendix_d_glossary.md").read_text(encoding="utf-8")
    for phrase in ("British", "Canadian", "Predator", "IAI", "state-owned", "population", "Gustav"):
        assert phrase not in text, phrase
