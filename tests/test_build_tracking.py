"""Incremental builds that stay right: what runs again, and what a rebuild keeps.

Issue 10: the build re-executes a page exactly when what its notebook read
changed. A book of two pages in a temporary folder: chapter 1 (reads the
timeline) and appendix F (reads the later_* files). One edited row of
data/later_exports.csv re-executes appendix F alone; requirements.txt changing
re-executes both; a build with nothing changed executes nothing. (make bench
measures the same on the whole book, benchmarks/results.md.) Issue 28: a moved
checkout still drops a stale run, and a rebuild of some pages keeps the search
hits of the pages it did not write again (the glossary's terms)."""
import json
import re
import sys

from conftest import ROOT, book_copy, build_book

sys.path.insert(0, str(ROOT / "benchmarks"))
from rebuilds import tracked_rebuilds  # noqa: E402

BOTH = ["chapters/01_introduction", "chapters/appendix_f_since_2021"]


def test_only_the_pages_that_read_a_changed_input_run_again(tmp_path):
    book = book_copy(tmp_path, "01_introduction", "appendix_f_since_2021")

    def build() -> str:
        code, log = build_book(book)
        assert code == 0, log[-3000:]
        return log

    first = build()
    assert [p for p in BOTH if f"{p}.md: Executing notebook" in first] == BOTH
    steps = {label: pages for label, _, pages in tracked_rebuilds(book, build)}
    assert steps == {
        "nothing changed": [],
        "one row of data/later_exports.csv edited": ["chapters/appendix_f_since_2021"],
        "the row restored": ["chapters/appendix_f_since_2021"],
        "requirements.txt changed": BOTH,
        "requirements.txt restored": BOTH,
    }


def test_a_moved_checkout_runs_again_what_a_data_edit_touches(tmp_path):
    """The execution cache keeps each run under the notebook's absolute path; a checkout moved
    together with its _build/ must still drop the run of a page whose data changed (issue 28:
    the stale run was reused and the page showed the old data)."""
    book = book_copy(tmp_path / "before", "01_introduction")
    code, log = build_book(book)
    assert code == 0 and "chapters/01_introduction.md: Executing notebook" in log, log[-3000:]
    moved = tmp_path / "elsewhere" / "book"
    moved.parent.mkdir()
    book.rename(moved)
    timeline = moved / "data" / "timeline.csv"
    timeline.write_text(timeline.read_text(encoding="utf-8").replace(",2020-07,month,", ",2020-08,month,", 1),
                        encoding="utf-8")
    code, log = build_book(moved)
    assert code == 0, log[-3000:]
    assert "chapters/01_introduction.md: Executing notebook" in log, "the stale run was reused: " + log[-2000:]


def _index_entries(book) -> dict:
    text = (book / "_build" / "html" / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])["indexentries"]


def test_a_rebuild_keeps_the_glossary_terms_hits_of_their_own(tmp_path):
    """Sphinx 7.4 drops the index entries of the pages an incremental build does not write
    again: after one page of prose was edited, searching TUSAS no longer listed the glossary's
    term (caught by the browser test on the whole book; _ext/companion_book/search.py)."""
    # The glossary between two pages of prose; the edited page is not its neighbour, so the
    # rebuild writes it and its neighbour again, not the glossary.
    book = book_copy(tmp_path, "index", "appendix_d_glossary", "appendix_g_method", "appendix_j_reproduction")
    code, log = build_book(book)
    assert code == 0, log[-3000:]
    before = _index_entries(book)
    assert "tusas" in before and "tusaş" in before, sorted(before)[:20]
    edited = book / "chapters" / "appendix_j_reproduction.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne sentence more.\n", encoding="utf-8")
    code, log = build_book(book)
    assert code == 0, log[-3000:]
    log = re.sub(r"\x1b\[[0-9;]*m", "", log)
    assert "0 added, 1 changed, 0 removed" in log, log[-2000:]
    assert "chapters/appendix_d_glossary" not in "".join(re.findall(r"writing output\.\.\. .*", log)), log[-2000:]
    assert _index_entries(book) == before
