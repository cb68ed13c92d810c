"""Bad input stops the loader, and the build, with the place named: a malformed CSV
(file, row and field), a figure in the prose that disagrees with its record (page,
line and record), a chart that cannot be drawn."""
import csv
import shutil

import jsonschema
import pytest

from conftest import ROOT, book_copy, build_book, cx


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    cx.data._descriptor.cache_clear()
    yield target
    cx.data._descriptor.cache_clear()


def _edit(path, fn):
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows = fn(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _set(rows, rownum, field, value):
    rows[rownum][rows[0].index(field)] = value
    return rows


CASES = {
    "non-numeric count": (lambda r: _set(r, 3, "count", "many"), "row 3 (line 4), field 'count'", "not an integer"),
    "negative count": (lambda r: _set(r, 5, "count", "-2"), "row 5 (line 6), field 'count'", "below the minimum"),
    "unknown side": (lambda r: _set(r, 7, "side", "Armenia "), "row 7 (line 8), field 'side'", "is not one of"),
    "unknown status": (lambda r: _set(r, 2, "status", "lost"), "row 2 (line 3), field 'status'", "is not one of"),
    "empty required": (lambda r: _set(r, 4, "category", ""), "row 4 (line 5), field 'category'", "required"),
    "duplicate key": (lambda r: r + [r[1]], f"row {54} (line 55), field(s) ['row_order', 'side', 'status']", "duplicate"),
    "missing column": (lambda r: [row[:4] + row[5:] for row in r], "header: missing column 'count'", ""),
    "short row": (lambda r: r[:9] + [r[9][:-2]] + r[10:], "row 9 (line 10)", "cells where the header has"),
}


@pytest.mark.parametrize("case", CASES)
def test_loader_names_file_row_and_field(data_copy, case):
    mutate, where, what = CASES[case]
    _edit(data_copy / "losses.csv", mutate)
    with pytest.raises(cx.DataError) as err:
        cx.load("losses", data_copy)
    message = str(err.value)
    assert message.startswith("data/losses.csv"), message
    assert where in message and what in message, message


# (file edited, edit, resource loaded, place named, problem named): other resources and field types
OTHER_CASES = {
    "foreign key pointing nowhere": (
        "damage_estimates.csv", lambda r: _set(r, 1, "timeline_event", "E99"), "damage_estimates",
        "data/damage_estimates.csv, row 1 (line 2), field 'timeline_event'",
        "'E99' matches no event_id of data/timeline.csv"),
    "foreign key of two fields": (   # the printed cell a tidy row comes from is gone
        "losses_printed.csv", lambda r: [x for x in r if x[:3] != ["4", "Unmanned Aerial Vehicles", "Armenia"]], "losses",
        "data/losses.csv, row 17 (line 18), field(s) ['row_order', 'side']",
        "('4', 'Armenia') matches no ('row_order', 'side') of data/losses_printed.csv"),
    "bad boolean": ("timeline.csv", lambda r: _set(r, 5, "year_inferred", "maybe"), "timeline",
                    "data/timeline.csv, row 5 (line 6), field 'year_inferred'", "'maybe' is not a boolean"),
    "bad year": ("later_exports.csv", lambda r: _set(r, 2, "year", "2O18"), "later_exports",
                 "data/later_exports.csv, row 2 (line 3), field 'year'", "'2O18' is not a year"),
}


@pytest.mark.parametrize("case", OTHER_CASES)
def test_loader_names_file_row_and_field_in_other_resources(data_copy, case):
    path, mutate, name, where, what = OTHER_CASES[case]
    _edit(data_copy / path, mutate)
    with pytest.raises(cx.DataError) as err:
        cx.load(name, data_copy)
    message = str(err.value)
    assert where in message and what in message, message


def test_clean_data_loads(data_copy):
    assert len(cx.load("losses", data_copy)) == len(cx.load("losses"))


def test_malformed_csv_in_another_resource(data_copy):
    _edit(data_copy / "exports.csv", lambda r: _set(r, 1, "value", "2,74"))
    with pytest.raises(cx.DataError, match=r"data/exports.csv, row 1 \(line 2\), field 'value': '2,74' is not a number"):
        cx.load("exports", data_copy)


def test_the_build_fails_on_bad_data(tmp_path):
    """A chapter that loads broken data raises, and Jupyter Book stops with the message."""
    book = book_copy(tmp_path, "01_introduction")
    _edit(book / "data" / "timeline.csv", lambda r: _set(r, 3, "date", "sometime"))
    code, out = build_book(book, COMPANION_DATA=str(book / "data"))
    assert code != 0, out[-2000:]
    assert "data/timeline.csv, row 3 (line 4), field 'date'" in out, out[-3000:]


def test_the_build_fails_when_the_prose_and_a_claim_disagree(tmp_path):
    """Issue 11: a claim's value edited in a copy of data/claims.csv stops the build, naming
    the page, the line and the claim."""
    book = book_copy(tmp_path, "01_introduction")
    _edit(book / "data" / "claims.csv", lambda r: _set(r, 7, "value", "45"))     # C007, the "44-day" of the introduction
    code, out = build_book(book, COMPANION_DATA=str(book / "data"))
    assert code != 0, out[-2000:]
    assert "chapters/01_introduction.md:" in out and "C007" in out and "'44-day'" in out, out[-3000:]


def test_a_chart_that_cannot_be_drawn_stops_the_notebook(monkeypatch):
    """IPython only prints an error raised while displaying; the book's charts render when made,
    so the error stops the cell (and the build)."""
    import altair as alt

    monkeypatch.setattr(cx.charts, "BOOK_BUILD", True)

    def broken(width):
        return alt.Chart({"values": [{"a": 1}]}).mark_bar().encode(x="a:Q").properties(width="not a number")
    with pytest.raises(jsonschema.exceptions.ValidationError, match="not a number"):
        cx.charts.Chart(broken, "a broken chart")


def test_a_chart_too_wide_for_its_design_stops_the_notebook(monkeypatch):
    import altair as alt

    monkeypatch.setattr(cx.charts, "BOOK_BUILD", True)
    data = alt.Data(values=[{"a": i, "b": f"label {i}"} for i in range(3)])
    wide = alt.Chart(data).mark_bar().encode(x="a:Q", y="b:N").facet(column="b:N")   # three panels side by side
    with pytest.raises(ValueError, match="px wide"):
        cx.charts.Chart(lambda width: wide, "a chart too wide")


def test_a_chart_whose_text_would_be_cut_stops_the_notebook(monkeypatch):
    """An SVG clips what passes its edge without a word: a title too long for the narrow
    design is refused, named, instead of being printed cut."""
    import altair as alt

    monkeypatch.setattr(cx.charts, "BOOK_BUILD", True)
    data = alt.Data(values=[{"a": 1, "b": "x"}])
    title = "A very long axis title that no narrow column could hold"

    def chart(width):
        axis = alt.Axis(titleLimit=0) if width > 400 else alt.Axis(title=title.replace(" ", "_"), titleLimit=0)
        return alt.Chart(data).mark_bar().encode(x=alt.X("a:Q", axis=axis, title=title), y="b:N")
    with pytest.raises(ValueError, match=r"340-px design .* cuts its text “A_very_long"):
        cx.charts.Chart(chart, "a chart with a title too long")


def test_a_chart_that_shortens_its_text_stops_the_notebook(monkeypatch):
    import altair as alt

    monkeypatch.setattr(cx.charts, "BOOK_BUILD", True)
    data = alt.Data(values=[{"a": 1, "b": "a category name that Vega would end with an ellipsis"}])
    chart = alt.Chart(data).mark_bar().encode(x="a:Q", y=alt.Y("b:N", axis=alt.Axis(labelLimit=60)))
    with pytest.raises(ValueError, match="shortens its text “a category name"):
        cx.charts.Chart(lambda width: chart, "a chart with a label cut to a limit")


def test_a_chart_whose_axis_labels_overlap_stops_the_notebook(monkeypatch):
    """Labels of two lines in bands of one line's height would be drawn over each other."""
    import altair as alt

    monkeypatch.setattr(cx.charts, "BOOK_BUILD", True)
    data = alt.Data(values=[{"a": i, "b": f"first line|second line {i}"} for i in range(3)])
    chart = alt.Chart(data, title="Crowded").mark_bar().encode(
        x="a:Q", y=alt.Y("b:N", axis=alt.Axis(labelExpr="split(datum.label, '|')")))
    with pytest.raises(ValueError, match="draws its axis labels “first line second line 0” and “first line second line 1”"):
        cx.charts.Chart(lambda width: chart.properties(height=alt.Step(18)), "a chart with crowded labels")

