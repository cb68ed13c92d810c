"""Re-run and cite, the built book: the four citation forms read back as the
record, every page's cite block and <meta> tags, downloads, licences, and two
small builds of a subset of the book in a temporary folder, one with
COMPANION_REPOSITORY set and one without, so that both cases are always checked.
"""
import codecs
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pybtex.database
import pytest
import rispy
import yaml
from bs4 import BeautifulSoup

from conftest import (
    ADDRESS_LIKE,
    CFF,
    DOCS,
    EXAMPLE,
    FALLBACK,
    HTML,
    LATEX,
    NOTEBOOK_CHAPTERS,
    PAGES,
    PLACEHOLDER,
    ROOT,
    TOC,
    cx,
    metas,
    soup,
)

sys.path.insert(0, str(ROOT / "_ext"))
from companion_book import cite  # noqa: E402

# --- The repository ---------------------------------------------------------------

ITEM = {
    "id": "companion2027-x", "type": "chapter", "title": "Chapter 9: Costs & 50% of them, in depth",
    "container-title": "A Book: an executable companion",
    "author": [{"literal": "The Group"}, {"family": "Çelik", "given": "Ayşe"}],
    "issued": {"date-parts": [[2027, 3, 4]]}, "version": "2.1.0", "status": "built 4 March 2027",
    "language": "en", "note": "Companion to an article.", "DOI": "10.5281/zenodo.123",
    "URL": "https://o.github.io/r/chapters/some_page_name.html",
}


def test_bibtex_reads_back_as_the_record():
    text = cite.as_bibtex(ITEM)
    entry = pybtex.database.parse_string(text, "bibtex").entries["companion2027-x"]
    decoded = {k: codecs.decode(v, "ulatex") for k, v in entry.fields.items() if k not in ("url", "doi")}
    assert entry.type == "incollection"
    assert (decoded["title"], decoded["booktitle"]) == (ITEM["title"], ITEM["container-title"])
    assert entry.fields["url"] == ITEM["URL"] and entry.fields["doi"] == "10.5281/zenodo.123"
    assert (decoded["year"], decoded["date"], decoded["version"]) == ("2027", "2027-03-04", "2.1.0")
    assert "2.1.0" in decoded["note"] and "4 March 2027" in decoded["note"]
    assert [str(p) for p in entry.persons["author"]] == ["{The Group}", "Çelik, Ayşe"]
    assert all(len(line) <= 66 for line in text.splitlines() if "url =" not in line)


def test_ris_reads_back_as_the_record():
    (entry,) = rispy.loads(cite.as_ris(ITEM))
    assert entry["type_of_reference"] == "CHAP" and entry["title"] == ITEM["title"]
    assert entry["authors"] == ["The Group", "Çelik, Ayşe"] and entry["secondary_title"] == ITEM["container-title"]
    assert (entry["year"], entry["date"]) == ("2027", "2027/03/04")
    assert (entry["urls"], entry["doi"]) == ([ITEM["URL"]], "10.5281/zenodo.123")
    assert any("2.1.0" in n and "4 March 2027" in n for n in entry["notes"])


def test_csl_json_and_formatted_reference():
    assert json.loads(cite.as_csl_json(ITEM)) == [ITEM]
    text = re.sub(r"<[^>]+>", "", cite.formatted_html(ITEM))
    for part in ("The Group", "Çelik", "2027", "Chapter 9", "A Book", "2.1.0", "4 March 2027", "https://doi.org/10.5281/zenodo.123"):
        assert part in text, (part, text)
    without_doi = {k: v for k, v in ITEM.items() if k != "DOI"}
    assert ITEM["URL"] in cite.formatted_html(without_doi)


# --- The book as built ----------------------------------------------------------------

def built_page(doc: str) -> BeautifulSoup:
    path = HTML / f"{doc}.html"
    if not path.exists():
        pytest.fail(f"{doc} is in _toc.yml but was not built")
    return soup(path)


def check_cite_block(page: BeautifulSoup, base: Path, doc: str) -> dict:
    """The block's four forms parse and agree; returns what they say."""
    block = page.find(id="cite-this-companion" if doc == TOC["root"] else "cite-this-chapter")
    assert block is not None and block.find_next("section") is None, "the block is the page's last section"
    reference = block.find(class_="companion-reference").get_text(" ", strip=True)
    files = {a["href"].rsplit(".", 1)[1]: (base / a["href"]).read_text(encoding="utf-8")
             for a in block.find_all("a", class_="download-link")}
    assert set(files) == {"bib", "ris", "json"}
    assert block.find("pre").get_text() == files["bib"], "the BibTeX shown is the file's"
    (entry,) = pybtex.database.parse_string(files["bib"], "bibtex").entries.values()
    (ris,) = rispy.loads(files["ris"])
    (csl,) = json.loads(files["json"])
    y, m, d = csl["issued"]["date-parts"][0]
    built = date(y, m, d)
    assert entry.fields["date"] == built.isoformat() and ris["date"] == built.strftime("%Y/%m/%d")
    assert f"{built.day} {built:%B %Y}" in reference
    assert csl["version"] == entry.fields["version"] == str(CFF["version"]) and str(CFF["version"]) in reference
    names = [a.get("name") or a["family-names"] for a in CFF["authors"]]
    assert all(n in reference and n in files["bib"] and n in files["ris"] for n in names)
    title = re.sub(r"^[\d.]+\s*", "", page.find("h1").get_text(" ", strip=True).rstrip("#").strip())
    for form in (codecs.decode(entry.fields["title"], "ulatex"), ris["title"], csl["title"]):
        assert (CFF["title"] if doc == TOC["root"] else title) in form
    return {"url": csl.get("URL"), "bib_url": entry.fields.get("url"), "ris_urls": ris.get("urls"), "reference": reference,
            "date": built}


def check_meta_tags(page: BeautifulSoup, doc: str, cited: dict) -> None:
    assert metas(page, "citation_title") and metas(page, "citation_author")
    (published,) = metas(page, "citation_publication_date")
    assert published == cited["date"].strftime("%Y/%m/%d")
    if doc != TOC["root"]:
        assert metas(page, "citation_inbook_title") == [CFF["title"]]
    (linked,) = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    assert linked["@type"] in {"Chapter", "Book"} and linked["version"] == str(CFF["version"])


def page_address(page: BeautifulSoup) -> str | None:
    canonical = page.find("link", rel="canonical")
    return canonical["href"] if canonical else None


def check_links(page: BeautifulSoup, cited: dict, repository: str | None) -> None:
    """Every launch, repository and citation link uses the build's repository, or there is none."""
    urls = {a["href"] for a in page.find_all("a", href=True)} | set(re.findall(r"https?://[^\s\"<>]+", str(page)))
    pointing = {u.lower() for u in urls if ADDRESS_LIKE.match(u)}
    address = page_address(page)
    if repository is None:
        assert not pointing and address is None and cited["url"] is None and cited["bib_url"] is None
        assert not metas(page, "citation_pdf_url") and not page.find("meta", property="og:url")
        return
    owner, name = repository.lower().split("/")
    assert all(f"{owner}/{name}" in u or f"{owner}.github.io/{name}" in u for u in pointing), pointing
    shared = page.find("meta", property="og:url")["content"]
    assert cited["url"] == cited["bib_url"] == address == cited["ris_urls"][0] == shared
    assert address in cited["reference"]


@pytest.mark.parametrize("doc", PAGES)
def test_every_page_cites_itself_in_four_forms_and_in_its_head(doc):
    page = built_page(doc)
    if doc == TOC["root"]:
        assert "How to cite" in page.get_text(" ") and "Insight Turkey" in page.get_text(" ")
    cited = check_cite_block(page, (HTML / doc).parent, doc)
    check_meta_tags(page, doc, cited)
    address = page_address(page)
    # The main build has whatever address make was given; its links must agree with it.
    pages = re.fullmatch(r"https://([^.]+)\.github\.io/([^/]+)/.*", address or "")
    repository = "/".join(pages.groups()) if pages else None
    check_links(page, cited, repository)


def test_no_output_holds_a_placeholder_or_jupyter_books_own_repository():
    offenders = []
    for path in list(HTML.rglob("*")) + list(LATEX.glob("*.tex")):
        if path.is_file() and path.suffix in {".html", ".ipynb", ".js", ".json", ".xml", ".bib", ".ris", ".tex", ".txt"}:
            text = path.read_text(encoding="utf-8", errors="ignore")
            offenders += [f"{path.relative_to(ROOT)}: {w}" for w in (PLACEHOLDER, FALLBACK) if w in text]
    text = subprocess.run(["pdftotext", str(LATEX / "book.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    offenders += [f"book.pdf: {w}" for w in (PLACEHOLDER, FALLBACK) if w in text]
    assert offenders == []


def test_the_pdf_bibtex_copies_out_whole():
    text = subprocess.run(["pdftotext", str(LATEX / "book.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    entries = re.findall(r"^@(?:incollection|book)\{.*?^\}$", text, flags=re.S | re.M)
    assert len(entries) >= len(DOCS)
    sites = set()
    for entry in entries:
        (parsed,) = pybtex.database.parse_string(entry, "bibtex").entries.values()
        assert parsed.fields["version"] == str(CFF["version"]) and re.fullmatch(r"\d{4}-\d\d-\d\d", parsed.fields["date"])
        sites.add(re.sub(r"chapters/.*", "", parsed.fields.get("url", "")))
    assert len(sites) == 1, f"every entry has the same address, or none: {sites}"


@pytest.mark.parametrize("doc", NOTEBOOK_CHAPTERS)
def test_downloads_resolve_to_files_in_the_build(doc):
    page = built_page(doc)
    box = page.find(class_="companion-downloads")
    hrefs = [a["href"] for a in box.find_all("a", href=True)]
    files = [(HTML / doc).parent / h for h in hrefs]
    assert all(f.resolve().exists() for f in files), hrefs
    assert any(h.endswith(".ipynb") for h in hrefs) and any(h.endswith(".csv") for h in hrefs)
    notebook = json.loads(next(f for f in files if f.suffix == ".ipynb").read_text(encoding="utf-8"))
    first = notebook["cells"][0]
    if page_address(page) is None:
        assert first["metadata"].get("companion") != "colab-setup" and "github" not in json.dumps(notebook)
    else:
        assert first["metadata"]["companion"] == "colab-setup" and "git" in "".join(first["source"])


def test_data_zip_holds_the_whole_package():
    with zipfile.ZipFile(HTML / "_static" / "data" / "companion-data.zip") as zf:
        names = {Path(n).name for n in zf.namelist()}
    expected = {r["path"] for r in cx.package()["resources"]} | {"datapackage.json", "LICENSE-CONTENT.md"}
    assert expected <= names, expected - names


@pytest.mark.parametrize("doc", PAGES)
def test_licence_notice_in_every_footer(doc):
    footer = built_page(doc).find(class_="companion-licence")
    assert footer is not None and footer.find_parent("footer") is not None
    text = footer.get_text(" ")
    assert "MIT" in text and "CC BY 4.0" in text and "reproduces its figures, not its text" in text


# --- Two small builds: with and without an address -------------------------------------

SUBSET = ["chapters/01_introduction"]
# A subset misses the pages that the home page and the chapter link to: only these warnings may appear.
SUBSET_WARNINGS = re.compile(r"undefined label|unknown document|term not in glossary|could not find bibtex key")


def subset_build(tmp: Path, repository: str | None) -> tuple[Path, list[str]]:
    book = tmp / "book"
    shutil.copytree(ROOT, book, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", "_build", ".venv*", "node_modules", ".pytest_cache", "screenshots", "benchmarks"))
    if (ROOT / "_build" / ".jupyter_cache").exists():   # executed notebooks, to skip re-running them
        shutil.copytree(ROOT / "_build" / ".jupyter_cache", book / "_build" / ".jupyter_cache")
    toc = {"format": "jb-book", "root": TOC["root"], "parts": [{"caption": "Chapters", "numbered": True,
                                                                  "chapters": [{"file": d} for d in SUBSET]}]}
    (book / "_toc.yml").write_text(yaml.safe_dump(toc))
    env = {k: v for k, v in os.environ.items()
           if k not in {"COMPANION_REPOSITORY", "GITHUB_ACTIONS", "GITHUB_REPOSITORY", "SOURCE_DATE_EPOCH"}}
    env["SOURCE_DATE_EPOCH"] = "1804032000"    # 2027-03-03 UTC
    if repository:
        env["COMPANION_REPOSITORY"] = repository
    jb = str(Path(sys.executable).parent / "jupyter-book")
    warnings = []
    for builder in ("html", "latex"):
        proc = subprocess.run([jb, "build", str(book), "--builder", builder], env=env, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
        warnings += [w for w in re.findall(r"WARNING: .*", re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr))
                     if not SUBSET_WARNINGS.search(w)]
    return book / "_build", warnings


@pytest.fixture(scope="module")
def subset(request, tmp_path_factory):
    """A subset build with the repository request.param (None: no address); built once per module."""
    return subset_build(tmp_path_factory.mktemp("subset"), request.param)


@pytest.mark.parametrize("subset", [EXAMPLE, None], indirect=True, ids=["with-address", "without-address"])
def test_subset_builds_warn_of_nothing_but_the_missing_pages(subset):
    assert subset[1] == []


@pytest.mark.parametrize("subset", [EXAMPLE], indirect=True, ids=["with-address"])
def test_with_an_address_every_link_and_citation_uses_it(subset):
    build, _ = subset
    doc = "chapters/01_introduction"
    page = soup(build / "html" / f"{doc}.html")
    links = {a["href"] for a in page.find_all("a", href=True)}
    assert f"https://mybinder.org/v2/gh/{EXAMPLE}/main?urlpath=lab/tree/{doc}.ipynb" in links   # the reader notebook
    assert f"https://colab.research.google.com/github/{EXAMPLE}/blob/gh-pages/_sources/{doc}.ipynb" in links
    assert f"https://github.com/{EXAMPLE}" in links
    url = f"https://example-owner.github.io/example-repo/{doc}.html"
    cited = check_cite_block(page, build / "html" / "chapters", doc)
    assert cited["date"] == date(2027, 3, 3)
    check_meta_tags(page, doc, cited)
    check_links(page, cited, EXAMPLE)
    assert cited["url"] == url and metas(page, "citation_public_url") == [url]
    (pdf,) = metas(page, "citation_pdf_url")
    assert pdf.startswith("https://example-owner.github.io/example-repo/")
    workflow = (ROOT / ".github" / "workflows" / "book.yml").read_text()
    assert f"_build/html/{pdf.rsplit('/', 1)[1]}" in workflow, "the workflow puts the PDF where the pages say"
    sitemap = ElementTree.parse(build / "html" / "sitemap.xml")
    assert url in [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    notebook = json.loads((build / "html" / "_sources" / f"{doc}.ipynb").read_text())
    assert f"https://github.com/{EXAMPLE}.git" in "".join(notebook["cells"][0]["source"])
    tex = (build / "latex" / "book.tex").read_text(encoding="utf-8")
    for escaped, plain in (("\\sphinxhyphen{}", "-"), ("\\_", "_"), ("\\PYGZhy{}", "-"), ("\\PYGZus{}", "_")):
        tex = tex.replace(escaped, plain)   # Sphinx's and Pygments' escapes
    assert set(re.findall(r"([\w-]+)\.github\.io/([\w-]+)", tex)) == {("example-owner", "example-repo")}


@pytest.mark.parametrize("subset", [None], indirect=True, ids=["without-address"])
def test_without_an_address_nothing_points_anywhere(subset):
    build, _ = subset
    for doc in [TOC["root"]] + SUBSET:
        page = soup(build / "html" / f"{doc}.html")
        cited = check_cite_block(page, (build / "html" / doc).parent, doc)
        assert cited["date"] == date(2027, 3, 3) and str(CFF["version"]) in cited["reference"]
        check_meta_tags(page, doc, cited)
        check_links(page, cited, None)
    assert not (build / "html" / "sitemap.xml").exists()
    notebook = (build / "html" / "_sources" / "chapters" / "01_introduction.ipynb").read_text()
    assert "colab-setup" not in notebook and "github" not in notebook
    everything = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in (build / "html").rglob("*")
                         if p.is_file() and p.suffix in {".html", ".ipynb", ".bib", ".ris", ".json", ".xml"})
    everything += (build / "latex" / "book.tex").read_text(encoding="utf-8")
    assert PLACEHOLDER not in everything and FALLBACK not in everything
    assert not ADDRESS_LIKE.search(everything)
