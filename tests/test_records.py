"""The figure check of the roles (companion.records): a figure in the prose must state its record.

The rule for decimals: a figure states its record to the precision it is written in, that is,
the record rounded to the written decimals gives the written figure ("2.7" and "3" state 2.74,
"2.70", "2.8" and "2.47" do not; a record exactly half-way may be rounded either way). Dates may
be written less precisely than the record, never more; vague words must be repeated as written.
"""
import csv

import pytest

from companion import records  # pytest loads conftest.py (which puts chapters/ on the path) first
from conftest import cx

Record = records.Record


def rec(value=None, date=None, words=None) -> Record:
    return Record("art", "T", value, date, words, "", "", "")


def csv_value(name: str, key: str, value: str, column: str) -> str:
    """One cell of a data file, read with the csv module (not the package's loader)."""
    with (cx.DATA / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        (row,) = [r for r in csv.DictReader(fh) if r[key] == value]
    return row[column]


@pytest.mark.parametrize("text,value,ok", [
    ("2.74", 2.74, True), ("$2.74 billion", 2.74, True), ("2.47", 2.74, False),
    ("2.7", 2.74, True), ("2.8", 2.74, False), ("2.70", 2.74, False), ("2.75", 2.74, False),
    ("3", 2.74, True), ("2", 2.74, False),
    ("2.3", 2.25, True), ("2.2", 2.25, True), ("2.4", 2.25, False),
    ("1,350", 1350, True), ("1,351", 1350, False), ("1,400", 1350, False),
    ("8.6", 8.6015625, True), ("8.7", 8.6015625, False),
])
def test_decimals_state_the_record_to_the_precision_written(text, value, ok):
    assert records.agrees(rec(value), text) is ok


@pytest.mark.parametrize("text,date,ok", [
    ("27 September 2020", "2020-09-27", True), ("September 27, 2020", "2020-09-27", True),
    ("September 2020", "2020-09-27", True), ("2020", "2020-09-27", True), ("2020-09-27", "2020-09-27", True),
    ("28 September 2020", "2020-09-27", False), ("September 28, 2020", "2020-09-27", False),
    ("October 2020", "2020-09-27", False), ("2021", "2020-09-27", False),
    ("October 2020", "2020-10", True), ("2020", "2020-10", True), ("15 October 2020", "2020-10", False),
    ("1994", "1994", True), ("1995", "1994", False), ("1,994", "1994", False),
])
def test_dates_day_month_and_year(text, date, ok):
    assert records.agrees(rec(date=date), text) is ok


@pytest.mark.parametrize("text,ok", [("recent years", True), ("Recent  years", True), ("recent year", False),
                                     ("in recent years", False), ("years", False)])
def test_words_are_repeated_as_written(text, ok):
    assert records.agrees(rec(words="recent years"), text) is ok


@pytest.mark.parametrize("text,value,ok", [
    ("24 hours 34 minutes", 24 * 60 + 34, True), ("24 hours 35 minutes", 24 * 60 + 34, False),
    ("24 hours 34 minutes", 24, False),
    ("five", 5, True), ("six", 5, False), ("Five", 5, True),
    ("thirty-two", 32, True), ("thirty-two", 2, False), ("thirty-two", 30, False),
    ("one and a half", 1.5, True), ("one and a half", 1, False), ("a dozen", 12, True), ("two", 2, True),
])
def test_durations_and_number_words(text, value, ok):
    assert records.agrees(rec(value), text) is ok


def test_a_record_without_a_value_agrees_with_nothing():
    assert not records.agrees(rec(), "2") and not records.agrees(rec(2), "no figure here")


# ---------------------------------------------------------------------------
# Each kind of role: the record resolved from the data, and the figure checked against it
# ---------------------------------------------------------------------------
def test_art_claim():
    r = records.resolve("art", "C146")
    assert r.kind == "art" and r.anchor == "claim-c146" and r.page == "chapters/appendix_b_claims"
    assert r.value == float(csv_value("claims", "claim_id", "C146", "value"))
    assert records.agrees(r, csv_value("claims", "claim_id", "C146", "as_written"))
    assert records.agrees(r, "2.74") and not records.agrees(r, "2.47")


def test_art_claim_with_a_date_and_with_words():
    dated = records.resolve("art", "C002")
    assert dated.date == csv_value("claims", "claim_id", "C002", "date") and dated.value is None
    assert records.agrees(dated, "September 27, 2020") and not records.agrees(dated, "September 26, 2020")
    vague = records.resolve("art", "C001")
    assert vague.words == csv_value("claims", "claim_id", "C001", "as_written")
    assert records.agrees(vague, vague.words) and not records.agrees(vague, "3")


def test_art_resource_key():
    r = records.resolve("art", "losses:10/Armenia/destroyed")
    with (cx.DATA / "losses.csv").open(encoding="utf-8", newline="") as fh:
        (count,) = [x["count"] for x in csv.DictReader(fh)
                    if (x["row_order"], x["side"], x["status"]) == ("10", "Armenia", "destroyed")]
    assert r.kind == "art" and r.value == float(count) and r.anchor == "data-losses"
    assert records.agrees(r, count) and not records.agrees(r, count[:-1])
    exports = records.resolve("art", "exports:exports_value/2019#value")
    assert records.agrees(exports, "2.74") and not records.agrees(exports, "2.47")


def test_calc():
    r = records.resolve("calc", "loss_totals.ratio")
    with (cx.DATA / "losses.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    side = {s: sum(int(x["count"]) for x in rows if x["side"] == s) for s in ("Armenia", "Azerbaijan")}
    ratio = side["Armenia"] / side["Azerbaijan"]
    assert r.kind == "calc" and r.value == pytest.approx(ratio) and r.anchor == "check-loss-totals"
    assert records.agrees(r, f"{ratio:.1f}") and not records.agrees(r, f"{ratio + 0.1:.1f}")


def test_later():
    r = records.resolve("later", "LX01")
    value = csv_value("later_exports", "record_id", "LX01", "value_usd_bn")
    assert r.kind == "later" and r.value == float(value) and r.anchor == "later-lx01"
    assert records.agrees(r, value) and not records.agrees(r, value[::-1])
    published = records.resolve("later", "LX01.source_date")
    assert published.date == csv_value("later_exports", "record_id", "LX01", "source_date")
    assert records.agrees(published, "5 January 2018") and not records.agrees(published, "6 January 2018")


@pytest.mark.parametrize("kind,target", [("art", "C999"), ("art", "losses:99/Armenia/destroyed"), ("art", "nothing"),
                                         ("calc", "no_such_check"), ("calc", "loss_totals"),
                                         ("calc", "loss_totals.no_value"), ("later", "ZZ01"), ("later", "LX99"),
                                         ("figure", "C001")])
def test_a_role_without_a_record_is_refused(kind, target):
    with pytest.raises(LookupError):
        records.resolve(kind, target)
