"""The records a figure in the prose cites, and whether the figure as written agrees.

The book's prose writes each number as it reads and names its record:

- ``{art}`44 <C007>``` an article's figure: a claim of the claims register, or
  a row of another article resource as ``resource:key`` (primary-key values
  joined by ``/``, e.g. ``losses:10/Armenia/destroyed``);
- ``{calc}`8.6 <loss_totals.ratio>``` a figure the companion computes: a
  value of a registered check or computation (``companion.checks``);
- ``{later}`5.5 <LX09>``` a figure from an outside source (most published after
  the article, some before it): a row of a ``later_*`` resource, by its record id;
  ``{later}`19 September 2023 <LE24>``` the date of an event since the article.

``resolve()`` finds the record; ``agrees()`` tells whether the written text
states the record's value (digits, number words, dates, "24 hours 34 minutes").
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pandas as pd

from . import data
from .article import RELATIONS, SECTION_TITLES, date_text

KINDS = {"art": "the article's figure", "calc": "the companion's computation", "later": "an outside source's figure"}
# Record-id prefix -> (resource, the field a role states by default). An event states its date.
LATER = {"LX": ("later_exports", "value_usd_bn"), "LO": ("later_oryx", "count"), "LC": ("later_casualties", "killed"),
         "LT": ("later_tb2_reach", "countries"), "LA": ("later_arms_imports", "share_percent"),
         "LE": ("later_events", "date")}
LATER_PAGES = {"later_events": "chapters/appendix_i_what_next"}   # the others: appendix F
DATE_FIELDS = ("date", "end_date", "source_date")
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
         "first": 1, "second": 2, "third": 3,
         "thirty-two": 32, "couple": 2, "dozen": 12, "half": 0.5, "decade": 1}


@dataclass
class Record:
    kind: str                 # art, calc or later
    target: str               # as written in the role
    value: float | None       # the number the text must state, if any
    date: str | None          # or the partial date it must state
    words: str | None         # or, for a vague figure, the words it must repeat
    tip: str                  # where the figure comes from, in one line
    page: str                 # the book page that holds the record
    anchor: str               # its anchor there
    files: list[str] = field(default_factory=list)   # data files the record was read from
    as_written: str | None = None                      # the article's own words for it, if any


def anchor(kind: str, key: str) -> str:
    """The id of a record's row or section in the book: lower case, hyphens (as docutils makes ids)."""
    return f"{kind}-{key}".lower().replace("_", "-")


def endnote_place(row) -> str:
    """Where a row of the article's data sits within its section: 'endnote 7 (closes the sentence)'."""
    note = row.get("endnote")
    if note is None or pd.isna(note):
        return "no endnote"
    kind = data.words("claims", "endnote_kind").get(row.get("endnote_kind") or "", "")
    return f"endnote {int(note)}" + (f" ({kind})" if kind else "")


def article_place(row) -> str:
    """Where a row of the article's data sits: 'The article, section “…”, endnote 7 (closes the sentence)'."""
    return f"The article, section “{SECTION_TITLES[row.section]}”, {endnote_place(row)}"


def _article_tip(row) -> str:
    return f"{article_place(row)}: “{row.locator}”"


def _path(name: str) -> str:
    return str(data.DATA / data.resource(name)["path"])


def resolve(kind: str, target: str) -> Record:
    """The record a role names; LookupError with a reason when there is none."""
    if kind == "art":
        return _article(target)
    if kind == "calc":
        return _computed(target)
    if kind == "later":
        return _later(target)
    raise LookupError(f"unknown kind of figure {kind!r}")


def _article(target: str) -> Record:
    if re.fullmatch(r"C\d{3}", target):
        claims = data.load("claims").set_index("claim_id")
        if target not in claims.index:
            raise LookupError(f"claim {target} is not in data/claims.csv")
        row = claims.loc[target]
        value = None if pd.isna(row.value) else float(row.value)
        date = None if pd.isna(row.date) or row.kind not in ("date", "year") else row.date
        words = row.as_written if value is None and date is None else None
        return Record("art", target, value, date, words, f"Claim {target}. " + _article_tip(row),
                      "chapters/appendix_b_claims", anchor("claim", target), [_path("claims")], row.as_written)
    name, _, rest = target.partition(":")
    key, _, column = rest.partition("#")
    res = data.resource(name) if name in [r["name"] for r in data.package()["resources"]] else None
    if res is None or not key:
        raise LookupError(f"{target!r} is neither a claim id (C001) nor resource:key#field")
    pk = res["schema"]["primaryKey"]
    frame = data.load(name)
    values = key.split("/")
    mask = pd.Series(True, index=frame.index)
    for k, v in zip(pk, values):
        mask &= frame[k].astype(str) == v
    hits = frame[mask]
    if len(hits) != 1 or len(values) != len(pk):
        raise LookupError(f"{target!r}: expected one row of {name} with {dict(zip(pk, values))}, found {len(hits)}")
    row = hits.iloc[0]
    column = column or next(c for c in ("count", "value", "share_percent") if c in frame.columns)
    value = row[column]
    return Record("art", target, None if pd.isna(value) else float(value), None, None,
                  f"{name} {'/'.join(values)}. " + _article_tip(row), "chapters/appendix_a_data", anchor("data", name),
                  [_path(name)])


def _computed(target: str) -> Record:
    from . import checks

    entry, _, key = target.partition(".")
    if entry not in checks.REGISTRY:
        raise LookupError(f"no check or computation named {entry!r} (see companion/checks)")
    result, files = checks.evaluate_one(entry)
    values = result.values
    if not key and len(values) != 1:
        raise LookupError(f"{entry} has several values ({', '.join(values)}): name one, as {entry}.<value>")
    key = key or next(iter(values))
    if key not in values:
        raise LookupError(f"{entry} has no value {key!r} (it has: {', '.join(values)})")
    what = {"check": "a check", "transcription": "a check of the companion's data", "computation": "a computation"}
    return Record("calc", target, float(values[key]), None, None,
                  f"Computed by the companion ({what[result.kind]} “{result.title}”): {result.computation}",
                  "chapters/appendix_e_checks", result.anchor, files)


def _later(target: str) -> Record:
    record, _, column = target.partition(".")
    if record[:2] not in LATER:
        raise LookupError(f"{target!r} is not a later record id ({', '.join(p + '01' for p in LATER)} ...)")
    name, default = LATER[record[:2]]
    frame = data.load(name).set_index("record_id")
    if record not in frame.index:
        raise LookupError(f"{record} is not in data/{data.resource(name)['path']}")
    row = frame.loc[record]
    column = column or default
    if column not in frame.columns:
        raise LookupError(f"{record} has no field {column!r}")
    value = row[column]
    if pd.isna(value):
        raise LookupError(f"{record} has no {column}")
    when = f"published {row.source_date}, {RELATIONS[row.relation_to_article]}"
    if name == "later_events":
        status = data.words(name, "status")[row.status]
        tip = f"Not from the article: an event ({status}), {row.headline}. {row.source}, {when} (record {record})"
    else:
        tip = f"Not from the article: {row.source}, {when} (record {record})"
    page = LATER_PAGES.get(name, "chapters/appendix_f_since_2021")
    if column in DATE_FIELDS:        # a date the text must state (to the day, month or year)
        return Record("later", target, None, value, None, tip, page, anchor("later", record), [_path(name)])
    return Record("later", target, float(value), None, None, tip, page, anchor("later", record), [_path(name)])


# ---------------------------------------------------------------------------
# Does the written text state the record?
# ---------------------------------------------------------------------------
def _number(text: str) -> tuple[float, int] | None:
    """The first number in the text and its decimals: '1,350' -> (1350, 0), 'five' -> (5, 0)."""
    low = text.lower()
    hm = re.search(r"(\d+) hours? (\d+) minutes?", low)
    if hm:
        return int(hm[1]) * 60 + int(hm[2]), 0
    half = re.search(r"\b(\w+) and a half\b", low)
    if half and half[1] in WORDS:
        return WORDS[half[1]] + 0.5, 1
    m = re.search(r"[-−]?\d[\d,]*(?:\.(\d+))?", low)
    if m:
        return float(m.group(0).replace(",", "").replace("−", "-")), len(m.group(1) or "")
    for word, n in sorted(WORDS.items(), key=lambda w: -len(w[0])):
        if re.search(rf"\b{word}\b", low):
            return n, 0
    return None


def agrees(record: Record, text: str) -> bool:
    """Whether the text as written states the record's value, date or words."""
    norm = lambda s: " ".join(s.lower().replace("’", "'").split())    # noqa: E731
    if record.words is not None:
        return norm(text) == norm(record.words)
    if record.date is not None:
        # The text may give the date less precisely than the record ("2020" or "September 2020").
        forms = {norm(f(record.date[:n])) for n in (4, 7, 10) if n <= len(record.date) for f in (date_text, _us_date)}
        return norm(text) in forms | {norm(record.date)}
    found = _number(text)
    if found is None or record.value is None:
        return False
    number, decimals = found
    # Stated to the precision written: the record rounds to the figure ("2.7" and "3" state 2.74, "2.70" does not).
    return math.isclose(number, record.value, abs_tol=0.5 * 10 ** -decimals + 1e-9)


def _us_date(date: str) -> str:
    """'2020-09-27' -> 'September 27, 2020', the article's own form."""
    if len(date) == 10:
        ts = pd.Timestamp(date)
        return f"{ts:%B} {ts.day}, {ts.year}"
    return date_text(date)
