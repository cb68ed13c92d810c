"""The fault catalogue stays in step with the code: each fault still applies (its text occurs exactly
once where it names it) and each test it names still exists. `make faults` plants them; this only
keeps an edit of the code from turning an entry stale unnoticed."""
import subprocess
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "faults"))
import plant as faults  # noqa: E402

CATALOGUE = faults.catalogue()


def test_the_catalogue_covers_the_misses_of_issue_28_and_each_later_promise():
    ids = {f.id for f in CATALOGUE}
    assert len(CATALOGUE) >= 17
    assert {"check-verdict-hard-coded", "check-condition-inverted", "figure-check-loosened", "foreign-keys-ignored",
            "chapter-reads-a-file-directly", "article-pasted-with-roles", "loss-rows-dropped",
            "claim-value-thousandfold", "late-request-to-another-host", "pinpoint-to-an-unknown-passage",
            "locator-outside-its-section", "close-paraphrase", "earlier-source-labelled-after",
            "extension-fails-to-load-in-jupyterlab", "notebooks-sent-to-the-text-editor",
            "reproduction-difference-passes"} <= ids


@pytest.mark.parametrize("fault", CATALOGUE, ids=lambda f: f.id)
def test_each_fault_still_applies_exactly_once(fault):
    for edit in fault.edits:
        path = ROOT / edit.file
        if edit.find is None:
            continue
        assert path.exists(), f"{fault.id}: {edit.file} is gone"
        assert path.read_text(encoding="utf-8").count(edit.find) == 1, f"{fault.id}: {edit.find!r} in {edit.file}"


def test_every_test_the_catalogue_names_exists():
    tests = sorted({t for f in CATALOGUE for t in f.tests})
    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *tests],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    collected = set(proc.stdout.splitlines())
    missing = [t for t in tests if not any(faults.caught_by(t, {c}) for c in collected)]
    assert not missing, missing


def test_a_fault_is_caught_only_when_every_named_test_failed():
    failed = faults.failed_tests("..F\nFAILED tests/a.py::test_x[p1] - AssertionError: no\n"
                                 "FAILED tests/b.py::test_y\nERROR tests/c.py::test_z[key with spaces] - x\n")
    assert failed == {"tests/a.py::test_x[p1]", "tests/b.py::test_y", "tests/c.py::test_z[key with spaces]"}
    assert faults.caught_by("tests/a.py::test_x", failed)
    assert faults.caught_by("tests/a.py::test_x[p1]", failed)
    assert not faults.caught_by("tests/a.py::test_x[p2]", failed)
    assert not faults.caught_by("tests/a.py::test_xy", failed)
