"""The events since the article (data/later_events.csv, issue 24): dated from 2021 to 2026, each with
a full source entry, and none stated as more than its sources show: an unverified event says so
wherever it appears, a claim names whose it is, a contested event gives each side's account."""
import re

import pandas as pd
import pytest
from pybtex.database import parse_file
from pybtex.richtext import Text

from conftest import ROOT, cx

EVENTS = cx.load("later_events")
ENTRIES = parse_file(str(ROOT / "references-later.bib")).entries
ROLE = re.compile(r"\{later\}`[^`<]*<(LE\d\d)[^`]*>`")
HEDGED = ("claimed", "contested", "unverified", "partly-verified")   # each names whose account it is


def plain(latex: str) -> str:
    return Text.from_latex(latex).render_as("text")


def test_at_least_25_events_from_2021_to_2026_in_date_order_on_three_threads():
    years = EVENTS.date.str[:4].astype(int)
    assert len(EVENTS) >= 25 and years.between(2021, 2026).all()
    assert list(EVENTS.record_id) == [f"LE{n:02d}" for n in range(1, len(EVENTS) + 1)]
    assert list(EVENTS.date) == sorted(EVENTS.date), "record ids follow the order of the dates"
    assert EVENTS.thread.value_counts().to_dict().keys() == set(cx.later.THREADS)
    assert (EVENTS.thread.value_counts() >= 5).all()
    chapters = {p.stem for p in (ROOT / "chapters").glob("0[1-6]_*.md")}
    assert set(";".join(EVENTS.chapters).split(";")) <= chapters


def source_problems(events: pd.DataFrame, entries) -> list[str]:
    """Events whose source entry lacks the outlet, title, date or address, whose date differs from
    the row's, whose copy does not name its agency, or whose own date is dated otherwise against
    the article than its source."""
    problems = []
    for row in events.itertuples():
        entry = entries.get(row.source_key)
        if entry is None:
            problems.append(f"{row.record_id}: no entry {row.source_key!r} in references-later.bib")
            continue
        missing = [f for f in ("howpublished", "title", "date", "url") if not entry.fields.get(f, "").strip()]
        if missing:
            problems.append(f"{row.record_id}: the entry {row.source_key} has no {', '.join(missing)}")
        if entry.fields.get("date") != row.source_date:
            problems.append(f"{row.record_id}: published {row.source_date}, the entry says {entry.fields.get('date')}")
        if plain(entry.fields.get("howpublished", "")) != row.source:
            problems.append(f"{row.record_id}: source {row.source!r} is not the entry's outlet")
        if isinstance(row.agency, str) and row.agency not in plain(entry.fields.get("howpublished", "")):
            problems.append(f"{row.record_id}: a copy of {row.agency}, which the entry does not name")
        if cx.article.relation_to_article(row.date) != row.relation_to_article:
            problems.append(f"{row.record_id}: the event ({row.date}) and its source are dated differently "
                            "against the article")
    return problems


def statement_problems(events: pd.DataFrame) -> list[str]:
    """Events stated as more than they are: an unverified event whose text or headline does not say
    so, a claim without its owner, an owner the text does not name, a contested event with one side."""
    problems = []
    for row in events.itertuples():
        owners = [o.strip() for o in (row.owners if isinstance(row.owners, str) else "").split(";") if o.strip()]
        if row.status in HEDGED and not owners:
            problems.append(f"{row.record_id}: {row.status}, but whose account it is is not said")
        problems += [f"{row.record_id}: the text does not name {o!r}" for o in owners if o.lower() not in row.event.lower()]
        if row.status == "contested" and len(owners) < 2:
            problems.append(f"{row.record_id}: contested, but only one side's account")
        if row.status == "unverified":
            problems += [f"{row.record_id}: unverified, but its {name} does not say so"
                         for name, text in (("text", row.event), ("headline", row.headline))
                         if "unverified" not in text.lower()]
    return problems


def prose_problems(texts: dict[str, str], events: pd.DataFrame) -> list[str]:
    """Paragraphs (of the book's pages, or cells of the risks table) that cite an unverified event
    without saying it is unverified."""
    unverified = set(events[events.status == "unverified"].record_id)
    problems = []
    for page, text in texts.items():
        for para in re.split(r"\n\s*\n|; ", text):
            cited = set(ROLE.findall(para)) & unverified
            if cited and not re.search(r"\bun(?:verified|confirmed)\b", para, re.I):
                problems.append(f"{page}: cites {', '.join(sorted(cited))} as fact: {' '.join(para.split())[:100]}")
    return problems


def book_texts() -> dict[str, str]:
    pages = {p: (ROOT / f"{p}.md").read_text(encoding="utf-8") for p in cx.passages.pages()}
    risks = cx.load("risks")
    return pages | {f"risks table, {r}": cell for r, cell in zip(risks.risk_id, cx.later.sequel(risks.risk_id))}


def test_every_event_has_a_full_source_entry():
    assert not source_problems(EVENTS, ENTRIES), source_problems(EVENTS, ENTRIES)


def test_no_event_is_stated_as_more_than_its_sources_show():
    assert set(EVENTS.status) >= {"verified", "claimed", "contested", "unverified"}
    assert not statement_problems(EVENTS), statement_problems(EVENTS)


def test_no_page_states_an_unverified_event_as_fact():
    texts = book_texts()
    cited = {i for text in texts.values() for i in ROLE.findall(text)}
    assert cited & set(EVENTS[EVENTS.status == "unverified"].record_id), "no page cites an unverified event"
    assert not prose_problems(texts, EVENTS), prose_problems(texts, EVENTS)


def _edited(record: str, **fields) -> pd.DataFrame:
    events = EVENTS.copy()
    for field, value in fields.items():
        events.loc[events.record_id == record, field] = value
    return events


@pytest.mark.parametrize("record, fields", [
    ("LE12", {"event": "Azerbaijan used Turkish-made drones in the clashes, Armenia's defence ministry said."}),
    ("LE25", {"headline": "A TB2 strikes near a Russian base"}),
    ("LE11", {"owners": "Armenia"}),                        # contested, one side only
    ("LE27", {"owners": "Azerbaijan's defence ministry; Karabakh officials"}),   # not the owner the text names
    ("LE44", {"owners": None}),                             # a claim without its owner
])
def test_a_planted_overstatement_is_caught(record, fields):
    assert len(statement_problems(_edited(record, **fields))) == 1


@pytest.mark.parametrize("record, fields", [
    ("LE24", {"source_key": "apa2019sipri"}),               # an entry without an address (or the right date)
    ("LE11", {"agency": "Reuters"}),                        # the copy's agency not in the entry
    ("LE03", {"source_date": "2021-11-17"}),
    ("LE01", {"relation_to_article": "after", "source_key": "ctv2021canada"}),
])
def test_a_planted_source_fault_is_caught(record, fields):
    assert source_problems(_edited(record, **fields), ENTRIES)


def test_a_page_that_states_an_unverified_event_as_fact_is_caught():
    texts = {"page": "Turkish drones struck again in {later}`September 2023 <LE25>`.\n\nThe next paragraph."}
    assert len(prose_problems(texts, EVENTS)) == 1
    texts["page"] = texts["page"].replace("struck again", "struck again, by an unverified claim,")
    assert not prose_problems(texts, EVENTS)


def test_each_risk_lists_its_events_each_a_date_that_states_its_record():
    risks = cx.load("risks")
    for risk, cell in zip(risks.risk_id, cx.later.sequel(risks.risk_id)):
        ids = ROLE.findall(cell)
        assert ids == list(EVENTS[EVENTS.risk == risk].record_id), risk
        for role in re.findall(r"\{later\}`([^`<]*?)\s*<(LE\d\d)>`", cell):
            assert cx.records.agrees(cx.records.resolve("later", role[1]), role[0]), role
