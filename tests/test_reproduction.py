"""Issue 27: the reproduction record. Each page's manifest (what a reader should get), the
comparison with a re-run (exact, floats to a stated tolerance), the re-run of every page in the
book's environment (``make test``'s stand-in for ``make reproduce``, which builds a fresh one:
benchmarks/results.md gives both times), a data cell changed after the build, and the line each
page shows."""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from built_pages import DOCS
from built_pages import article as built_article
from conftest import HTML, ROOT

sys.path.insert(0, str(ROOT / "chapters"))
from companion import comparison  # noqa: E402

BOOK_JSON = HTML / "_static" / "reproduction" / "book.json"
PYTHON = ROOT / ".venv" / "bin" / "python"
RECORD = json.loads((ROOT / "reproduction" / "record.json").read_text(encoding="utf-8"))


def _table(rows):
    return {"id": "table Losses", "kind": "table", "value": {"header": ["System", "Count"], "rows": rows}}


# -- the comparison --------------------------------------------------------------------------
def test_identical_outputs_compare_identical():
    out = [_table([["TB2", 24], ["T-72", 0.25]])]
    result = comparison.compare("p", out, json.loads(json.dumps(out)))
    assert (result.compared, result.identical, result.differences, result.ok) == (1, 1, [], True)


def test_a_float_within_one_part_in_a_billion_is_the_same_and_beyond_it_is_not():
    published = [_table([["T-72", 0.25]])]
    assert comparison.compare("p", published, [_table([["T-72", 0.25 * (1 + 1e-12)]])]).ok
    assert not comparison.compare("p", published, [_table([["T-72", 0.25 * (1 + 1e-7)]])]).ok
    assert not comparison.compare("p", published, [_table([["T-72", 0.2501]])]).ok


def test_an_integer_or_a_text_that_differs_is_named_with_its_place_and_both_values():
    result = comparison.compare("chapters/05", [_table([["TB2", 24], ["T-72", 5]])],
                                [_table([["TB2", 25], ["T-72s", 5]])])
    assert not result.ok and result.identical == 0
    assert [d.line() for d in result.differences] == [
        "table Losses, row 1, column “Count”: published 24, re-run 25",
        'table Losses, row 2, column “System”: published "T-72", re-run "T-72s"']


def test_a_number_is_compared_as_a_number_and_a_missing_or_extra_output_differs():
    assert comparison.differences(24, 24.0) == []            # the same number, whichever type holds it
    assert comparison.differences(24, "24") != []            # not the same value
    gone = comparison.compare("p", [_table([["TB2", 24]])], [])
    assert [d.rerun for d in gone.differences] == ["(not made by the re-run)"]
    extra = comparison.compare("p", [], [_table([["TB2", 24]])])
    assert [d.published for d in extra.differences] == ["(not in the manifest)"] and extra.compared == 1


# -- the published manifests -------------------------------------------------------------------
def _book():
    if not BOOK_JSON.exists():
        pytest.fail(f"no manifest at {BOOK_JSON}: run make html (make test does)", pytrace=False)
    return json.loads(BOOK_JSON.read_text(encoding="utf-8"))


def test_every_page_has_a_manifest_with_its_inputs_fingerprinted():
    book = _book()
    assert sorted(book["pages"]) == sorted(d for d in DOCS if d.startswith("chapters/"))
    data = {f"data/{p.name}": p for p in (ROOT / "data").iterdir()}
    for page, manifest in book["pages"].items():
        for name, digest in manifest["inputs"].items():
            path = data.get(name, ROOT / name)
            assert digest == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest(), f"{page}: {name}"
    assert book["pages"]["chapters/05_drones_in_war"]["inputs"].keys() >= {"data/losses.csv", "requirements.txt"}


def test_a_manifest_holds_what_the_page_shows():
    """Each chart with its data (the Vega-Lite specification, not the drawing), each table and each
    role of the page: counted on the built page, independently of the recording."""
    book = _book()
    for page in ("chapters/03_factors", "chapters/05_drones_in_war", "chapters/appendix_f_since_2021"):
        outputs = book["pages"][page]["outputs"]
        soup = built_article(page)
        charts = [o for o in outputs if o["kind"] == "chart"]
        assert len(charts) == len(soup.select("div.companion-chart")), page
        for chart in charts:
            spec = chart["value"]
            assert spec.keys() & {"mark", "layer", "concat", "hconcat", "vconcat", "facet"}, chart["id"]
            rows = [r for d in spec.get("datasets", {}).values() for r in d] or spec.get("data", {}).get("values")
            assert rows and all(isinstance(r, dict) for r in rows), f"{page}: {chart['id']} has no data"
        source = (ROOT / f"{page}.md").read_text(encoding="utf-8")
        cited = set(re.findall(r"\{(?:art|calc|later|verdict)\}`[^`]+`", re.sub(r"```\{code-cell\}.*?```", "", source,
                                                                                  flags=re.S)))
        roles = {o["id"] for o in outputs if o["kind"] == "role"}
        assert {" ".join(c.split()) for c in cited} == roles, page
        assert all(o["value"].get("agrees", True) for o in outputs if o["kind"] == "role"), page


# -- re-running ----------------------------------------------------------------------------------
def _reproduce(book, *args, cwd=None):
    proc = subprocess.run([str(PYTHON), "-m", "companion.reproduce", *args], cwd=cwd or (book / "chapters"),
                          capture_output=True, text=True, timeout=1800,
                          env={k: v for k, v in os.environ.items() if k != "COMPANION_BOOK_BUILD"})
    return proc.returncode, proc.stdout + proc.stderr


def test_every_page_reproduces_in_the_books_environment(tmp_path):
    book = _book()
    code, out = _reproduce(ROOT, "--report", str(tmp_path / "report.md"))
    assert code == 0, out[-4000:]
    for page, manifest in book["pages"].items():
        n = len(manifest["outputs"])
        assert f"{page}: {n} output{'' if n == 1 else 's'} compared, {n} identical" in out, out[-3000:]


def test_a_data_cell_changed_after_the_build_fails_naming_page_output_and_both_values(tmp_path):
    _book()
    copy = tmp_path / "book"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns("_build", ".venv*", "node_modules", ".git",
                                                              "screenshots", "__pycache__"))
    timeline = copy / "data" / "timeline.csv"
    text = timeline.read_text(encoding="utf-8")
    assert text.count(",2020-07,month,") == 1
    timeline.write_text(text.replace(",2020-07,month,", ",2020-08,month,"), encoding="utf-8")
    code, out = _reproduce(copy, "--manifest", str(BOOK_JSON), "--pages", "chapters/01_introduction",
                           "--report", str(tmp_path / "report.md"))
    assert code == 1, out[-3000:]
    assert re.search(r"^  chapters/01_introduction: \w+ [^\n]*: published [^\n]*2020-07[^\n]*, re-run [^\n]*2020-08",
                     out, re.M), out[-3000:]
    assert "data/timeline.csv: changed" in out
    assert json.loads(BOOK_JSON.read_text(encoding="utf-8")) == _book()     # the manifest is never rewritten


def test_a_page_is_reproduced_only_against_its_present_manifest():
    sys.path.insert(0, str(ROOT / "_ext"))
    from companion_book.reproduction import status

    page = {"page": "chapters/x", "outputs": [{"id": "table T"}], "fingerprint": "sha256:aa"}
    entry = {"fingerprint": "sha256:aa", "compared": 1, "identical": 1}
    assert status(page, {"pages": {"chapters/x": entry}})[0] == "reproduced"
    assert status(page, {"pages": {"chapters/x": {**entry, "fingerprint": "sha256:bb"}}})[0] == "other-version"
    assert status(page, {"pages": {}})[0] == "never"
    assert status({**page, "outputs": []}, {})[0] == "nothing"


# -- what the pages say ----------------------------------------------------------------------------
LINE = re.compile(r"Reproduced from requirements\.txt on \d{1,2} \w+ \d{4} \(Python 3\.\d+, pandas [\d.]+, "
                  r"Altair [\d.]+\): (\d+) of (\d+) outputs identical")


def test_every_page_says_it_was_reproduced_with_its_manifests_count_and_links_it():
    """The committed record (reproduction/record.json, written by make reproduce) must have been made
    against the pages as built: a page whose outputs or data changed since says so, and fails here."""
    book = _book()
    for page, manifest in book["pages"].items():
        line = built_article(page).select_one("p.companion-reproduction")
        assert line is not None, page
        text = " ".join(line.get_text().split())
        n = len(manifest["outputs"])
        if n == 0:
            assert text.startswith("Nothing on this page is computed"), f"{page}: {text}"
            continue
        assert RECORD["pages"].get(page, {}).get("fingerprint") == manifest["fingerprint"], \
            f"{page}: reproduction/record.json was made against another version of the page: run make reproduce"
        match = LINE.search(text)
        assert match and match.groups() == (str(n), str(n)), f"{page}: {text} (the manifest has {n} outputs)"
        link = line.find("a", string="manifest")
        target = (HTML / page).parent / link["href"]
        assert json.loads(target.read_text(encoding="utf-8"))["fingerprint"] == manifest["fingerprint"], page
        report = line.find("a", string="reproduction report")
        assert report["href"].endswith("#reproduction-" + page.split("/")[-1].replace("_", "-")), page


def test_the_report_page_lists_every_page_and_links_the_books_manifest():
    soup = built_article("chapters/appendix_j_reproduction")
    rows = soup.select("table.reproduction-report tbody tr")
    assert len(rows) == len(_book()["pages"])
    assert all(r.get("id", "").startswith("reproduction-") for r in rows)
    assert soup.find("a", href=re.compile(r"_static/reproduction/book\.json$")) is not None
