"""Outside sources dated against the article (issue 24): every row of a later_* resource and every
entry of references-later.bib has its date, and the relation to the article it states is the one
its date gives (companion.article.relation_to_article, where the article's date is defined). No
source is said to be uncited by the article, which the companion cannot know."""
import csv
import re
import subprocess

import pytest
from pybtex.database import parse_file

from conftest import HTML, LATEX, ROOT, cx

BIB = ROOT / "references-later.bib"
DATE = re.compile(r"\d{4}(?:-\d\d){0,2}")
# The words a bibliography note uses for each relation (companion.article.RELATIONS in short).
IN_WORDS = {"before": "before the article", "after": "after the article", "same-season": "in the article's season"}
STATED = re.compile(r"Published (\S+?), (before the article|after the article|in the article's season)")
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def later_rows(data_dir=ROOT / "data") -> list[tuple[str, dict]]:
    rows = []
    for path in sorted(data_dir.glob("later_*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            rows += [(f"{path.name} line {n}", row) for n, row in enumerate(csv.DictReader(fh), start=2)]
    return rows


def row_problems(rows) -> list[str]:
    """Rows without a publication date, whose relation disagrees with it, or that check an
    article's claim against a source not after the article without saying it may be circular."""
    problems = []
    for where, row in rows:
        date = row.get("source_date") or ""
        if not DATE.fullmatch(date):
            problems.append(f"{where}: no publication date ({date!r})")
            continue
        relation = cx.article.relation_to_article(date)
        if row.get("relation_to_article") != relation:
            problems.append(f"{where}: says {row.get('relation_to_article')!r}, its date {date} gives {relation!r}")
        if row.get("compared_claim") and relation != "after" and "circular" not in (row.get("notes") or ""):
            problems.append(f"{where}: checks {row['compared_claim']} against a source {IN_WORDS[relation]} "
                            "without saying the comparison may be circular")
    return problems


def entry_problems(entries, circular: set[str]) -> list[str]:
    """Entries without a date, whose note states another date or relation, whose year and
    month disagree with the date, or that feed a possibly circular comparison without saying so."""
    problems = []
    for key, entry in entries.items():
        date, note = entry.fields.get("date", ""), " ".join(entry.fields.get("note", "").split())
        if not DATE.fullmatch(date):
            problems.append(f"{key}: no date ({date!r})")
            continue
        stated = STATED.search(note)
        relation = cx.article.relation_to_article(date)
        if not stated:
            problems.append(f"{key}: the note does not say when it was published against the article")
        elif stated.group(1) != date or stated.group(2) != IN_WORDS[relation]:
            problems.append(f"{key}: the note says {stated.group(0)!r}; its date {date} is {IN_WORDS[relation]}")
        if entry.fields.get("year") != date[:4]:
            problems.append(f"{key}: year {entry.fields.get('year')} against date {date}")
        month = entry.fields.get("month", "").lower()[:3]
        if len(date) > 4 and month != MONTHS[int(date[5:7]) - 1]:
            problems.append(f"{key}: month {month!r} against date {date}")
        if key in circular and "circular" not in note:
            problems.append(f"{key}: a source not after the article, compared with it, without saying it may be circular")
    return problems


def circular_keys(rows) -> set[str]:
    return {row["source_key"] for _, row in rows if row.get("compared_claim") and row["relation_to_article"] != "after"}


def test_every_later_row_is_dated_and_states_its_relation_to_the_article():
    rows = later_rows()
    assert len(rows) > 50 and not row_problems(rows), row_problems(rows)


def test_every_outside_source_is_dated_and_states_its_relation_to_the_article():
    entries = parse_file(str(BIB)).entries
    rows = later_rows()
    assert {row["source_key"] for _, row in rows} <= set(entries)
    problems = entry_problems(entries, circular_keys(rows))
    assert len(entries) >= 25 and not problems, problems


def _find(rows, record):
    return next(row for _, row in rows if row["record_id"] == record)


def test_a_wrong_relation_a_missing_date_or_an_unsaid_circularity_is_caught():
    """Planted faults, one at a time, in copies of the rows and entries."""
    for record, field, value in [("LA01", "relation_to_article", "after"),       # 2019: before
                                 ("LT03", "relation_to_article", "before"),      # 2022: after
                                 ("LC07", "relation_to_article", "before"),      # September 2021: the article's season
                                 ("LX14", "source_date", ""),
                                 ("LC01", "notes", "The same figure as in the article.")]:
        rows = [(w, dict(r)) for w, r in later_rows()]
        _find(rows, record)[field] = value
        assert len(row_problems(rows)) == 1, (record, field, row_problems(rows))
    rows = later_rows()
    for key, field, value in [("apa2019sipri", "date", "2022-03-11"), ("memo2022tb2", "date", ""),
                              ("aysor2021", "note", "Published 2021-09-27, before the article (autumn 2021)."),
                              ("azernews2020", "note", "Published 2020-12-03, before the article (autumn 2021).")]:
        entries = parse_file(str(BIB)).entries
        entries[key].fields[field] = value
        assert entry_problems(entries, circular_keys(rows)), (key, field)


def test_the_articles_season_orders_partial_dates():
    relation = cx.article.relation_to_article
    assert [relation(d) for d in ("2021-08-31", "2021-08", "2021-09-01", "2021-11", "2021", "2021-12-01", "2022")] == \
        ["before", "before", "same-season", "same-season", "same-season", "after", "after"]


# --- nothing says a source is uncited -----------------------------------------------------
UNCITED = re.compile(r"not cited by (?:it|the article)|(?:article|it) does not cite|sources? the article did not use", re.I)


def test_no_source_is_said_to_be_uncited_by_the_article():
    """The article's endnote texts are not available: the book cannot know what it did not cite.
    Every tracked text file, and the built book where it exists."""
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    files = [ROOT / f for f in tracked if f.endswith((".md", ".py", ".csv", ".bib", ".json", ".yml", ".cff", ".txt"))
             and f != "tests/test_later.py"]
    built = [*HTML.glob("**/*.html"), LATEX / "book.tex"]
    found = [f"{p.relative_to(ROOT)}: {m.group(0)!r}" for p in files + [b for b in built if b.exists()]
             for m in UNCITED.finditer(p.read_text(encoding="utf-8", errors="replace"))]
    assert len(files) > 50 and not found, found


@pytest.mark.parametrize("text", ["A source after the article, not cited by it.", "which the article does not cite"])
def test_the_uncited_pattern_finds_the_old_wording(text):
    assert UNCITED.search(text)
