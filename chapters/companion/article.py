"""The article's conventions, written down once: its sections, the statuses
and cell forms of its loss table, its partial dates, the units it mixes, and
how the companion reads its hedged words ("nearly", "about", "just weeks")."""
from __future__ import annotations

import re

import pandas as pd

# Sections in the article's order (the `section` field of every article resource).
SECTIONS = ("abstract", "introduction", "conflict", "factors", "drone-power", "drones-in-war", "conclusion")
SECTION_TITLES = {
    "abstract": "Abstract", "introduction": "Introduction", "conflict": "The Nagorno-Karabakh Conflict",
    "factors": "Factors behind Azerbaijan's Decisive Victory", "drone-power": "Turkey's Rise as a Drone Power",
    "drones-in-war": "The Role of Turkish Drones in the Second Nagorno-Karabakh Conflict", "conclusion": "Conclusion",
}

# ---------------------------------------------------------------------------
# Units and reading rules
# ---------------------------------------------------------------------------
DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12   # an average calendar month
FT_TO_M = 0.3048                      # the international foot, exact by definition
NEARLY = 0.9                          # "nearly N": at least 90 % of N and at most N
ABOUT = 0.125                         # "about N": within 12.5 % of N (3.5-4.5 months for "about four")
WEEKS_MAX = 2 * DAYS_PER_MONTH / 7    # "just weeks": under two months (about 8.7 weeks)
# "just over N": more than N but nearer N than one and a half N (a decade: 10 to 12.5 years);
# past that, a writer would round to the next figure ("nearly 15") rather than say "just over".
JUST_OVER = 1.25
DISAGREE = 1.25                       # two figures for one quantity disagree if one exceeds the other by > 25 %


# ---------------------------------------------------------------------------
# Partial dates ('YYYY', 'YYYY-MM', 'YYYY-MM-DD')
# ---------------------------------------------------------------------------
def date_text(date: str) -> str:
    """'2020-09-27' -> '27 September 2020', '2020-07' -> 'July 2020', '1994' -> '1994'."""
    parts = len(date.split("-"))
    if parts == 3:
        ts = pd.Timestamp(date)
        return f"{ts.day} {ts:%B %Y}"
    if parts == 2:
        return f"{pd.Timestamp(date + '-01'):%B %Y}"
    return date


def date_span(date: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day a partial date covers (a year covers the whole year)."""
    parts = len(date.split("-"))
    start = pd.Timestamp({1: date + "-01-01", 2: date + "-01", 3: date}[parts])
    end = {1: start + pd.offsets.YearEnd(0), 2: start + pd.offsets.MonthEnd(0), 3: start}[parts]
    return start, end


# ---------------------------------------------------------------------------
# The article's date: every outside source and later event is dated against it
# ---------------------------------------------------------------------------
# Defined here and nowhere else. The article appeared in Insight Turkey's "2021 Fall" issue; the
# companion knows no day of publication (the text it works from has no dates of receipt or
# acceptance, and no DOI). Its latest dated event is the House letter of August 2021 (timeline
# E49), so it went to press after that. The companion therefore dates the article to its season:
# autumn 2021, read as September to November (the meteorological autumn of the northern
# hemisphere, where the journal is published). A source or event wholly before that season came
# before the article; wholly after it, after; one within the season cannot be ordered against it.
PUBLISHED = ("2021-09-01", "2021-11-30")
PUBLISHED_TEXT = "autumn 2021"
RELATIONS = {"before": "before the article", "same-season": "in the article's season (autumn 2021), order unknown",
             "after": "after the article"}


def relation_to_article(date: str) -> str:
    """'before', 'same-season' or 'after': where a partial date ('2019', '2021-03', '2022-02-13')
    falls against the article's season (PUBLISHED). A date that covers part of the season
    (the year 2021, say) cannot be ordered: 'same-season'."""
    start, end = date_span(date)
    if end < pd.Timestamp(PUBLISHED[0]):
        return "before"
    if start > pd.Timestamp(PUBLISHED[1]):
        return "after"
    return "same-season"


# ---------------------------------------------------------------------------
# The loss table: cells as printed -> statuses and counts
# ---------------------------------------------------------------------------
STATUSES = ("destroyed", "damaged", "abandoned", "captured")
EMPTY_CELL = "—"


def parse_loss_cell(cell: str) -> dict:
    """Read one printed cell of the loss table.

    Returns ``{"counts": {status: n}, "total": stated total or None,
    "sub": {label: n}}`` for the printed forms "144 destroyed; 5 damaged; 100
    captured", "2, of which destroyed: 2", "1, destroyed: 1", the garbled
    "1 abandoned: 1", and a total with a sub-count ("N, of which destroyed: a,
    captured b, of which c launcher or optic"). Anything else raises ValueError.
    """
    cell = " ".join(cell.split())
    out = {"counts": {}, "total": None, "sub": {}}
    if cell == EMPTY_CELL:
        return out
    st = "|".join(STATUSES)
    total = re.match(r"^(\d+), (.*)$", cell)
    if total:
        out["total"] = int(total.group(1))
        rest = total.group(2)
        sub = re.search(r", of which (\d+) ([a-z ]+)$", rest)
        if sub:
            out["sub"][sub.group(2)] = int(sub.group(1))
            rest = rest[: sub.start()]
        for part in re.sub(r"^of which ", "", rest).split(", "):
            m = re.fullmatch(rf"({st}):? (\d+)", part)
            if not m:
                raise ValueError(f"cannot read {part!r} in loss-table cell {cell!r}")
            _add(out, m.group(1), int(m.group(2)), cell)
        return out
    for part in cell.split("; "):      # "N status", or the garbled "N status: N"
        m = re.fullmatch(rf"(\d+) ({st})(?:: (\d+))?", part)
        if not m or (m.group(3) and m.group(3) != m.group(1)):
            raise ValueError(f"cannot read {part!r} in loss-table cell {cell!r}")
        _add(out, m.group(2), int(m.group(1)), cell)
    return out


def _add(out: dict, status: str, n: int, cell: str) -> None:
    if status in out["counts"]:
        raise ValueError(f"status {status!r} twice in loss-table cell {cell!r}")
    out["counts"][status] = n


# ---------------------------------------------------------------------------
# The article's text, folded for matching (locators, quoted phrases)
# ---------------------------------------------------------------------------
def fold(text: str) -> str:
    """Case-fold, join words the PDF hyphenated across lines, unify quotes, collapse spaces."""
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def sections(text: str) -> dict[str, str]:
    """The article text cut at its section headings, each part folded.

    A heading is a line that reads exactly as a section's title (the abstract
    runs from the start to the introduction's heading). Pull quotes and page
    headers stay where the extraction put them, inside the section they
    interrupt. Raises ValueError when a heading is not found once, in order.
    """
    lines = text.splitlines()
    starts = {"abstract": 0}
    for name in SECTIONS[1:]:
        title = fold(SECTION_TITLES[name])
        found = [i for i, line in enumerate(lines) if fold(line) == title]
        if len(found) != 1 or found[0] <= max(starts.values()):
            raise ValueError(f"the heading {SECTION_TITLES[name]!r} is not found once, after the one before it")
        starts[name] = found[0]
    ends = [*list(starts.values())[1:], len(lines)]
    return {name: fold("\n".join(lines[start:end])) for (name, start), end in zip(starts.items(), ends)}
