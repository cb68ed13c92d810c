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
    "id": "companion2027-x", "type": "chapter", "title": "Costs & 50% of Them, in Depth, for Turkey",
    "container-title": "A Book: An Executable Companion",
    "author": [{"literal": "The Group"}, {"family": "Çelik", "given": "Ayşe"}],
    "issued": {"date-parts": [[2027, 3, 4]]}, "version": "2.1.0", "accessed": {"date-parts": [[2027, 5, 6]]},
    "language": "en", "note": "Companion to an article.", "DOI": "10.5281/zenodo.123",
    "URL": "https://o.github.io/r/chapters/some_page_name.html",
}
RELEASE = date.fromisoformat(str(CFF["date-released"]))


def unbraced(value: str) -> str:
    """A BibTeX value as read: LaTeX decoded, the braces that protect capitals dropped."""
    return codecs.decode(value, "ulatex").replace("{", "").replace("}", "")


def test_bibtex_reads_back_as_the_record():
    text = cite.as_bibtex(ITEM)
    entry = pybtex.database.parse_string(text, "bibtex").entries["companion2027-x"]
    decoded = {k: unbraced(v) for k, v in entry.fields.items() if k not in ("url", "doi")}
    assert entry.type == "incollection"
    assert (decoded["title"], decoded["booktitle"]) == (ITEM["title"], ITEM["container-title"])
    assert "{Turkey}" in entry.fields["title"], "a proper noun keeps its capital in every style"
    assert entry.fields["url"] == ITEM["URL"] and entry.fields["doi"] == "10.5281/zenodo.123"
    assert (decoded["year"], decoded["date"], decoded["urldate"]) == ("2027", "2027-03-04", "2027-05-06")
    assert decoded["edition"] == "Version 2.1.0" and "version" not in entry.fields and "2.1.0" not in decoded["note"]
    assert entry.fields["langid"] == "english" and "language" not in entry.fields
    assert [str(p) for p in entry.persons["author"]] == ["{The Group}", "Çelik, Ayşe"]
    assert all(len(line) <= 66 for line in text.splitlines() if "url =" not in line)


def test_ris_reads_back_as_the_record():
    (entry,) = rispy.loads(cite.as_ris(ITEM))
    assert entry["type_of_reference"] == "CHAP" and entry["title"] == ITEM["title"]
    assert entry["authors"] == ["The Group", "Çelik, Ayşe"] and entry["secondary_title"] == ITEM["container-title"]
    assert (entry["year"], entry["date"], entry["access_date"]) == ("2027", "2027/03/04", "2027/05/06")
    assert (entry["urls"], entry["doi"]) == ([ITEM["URL"]], "10.5281/zenodo.123")
    assert entry["edition"] == "Version 2.1.0"
    (with_pdf,) = rispy.loads(cite.as_ris(ITEM, "https://o.github.io/r/chapters/x.pdf"))
    assert with_pdf["file_attachments1"] == "https://o.github.io/r/chapters/x.pdf"


def test_csl_json_and_formatted_reference():
    assert json.loads(cite.as_csl_json(ITEM)) == [ITEM]
    text = re.sub(r"<[^>]+>", "", cite.formatted_html(ITEM))
    for part in ("The Group", "Çelik", "2027", "Costs", "A Book", "2.1.0", "https://doi.org/10.5281/zenodo.123"):
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
    # One date per release: the issued date is CITATION.cff's date-released, the key is made from it;
    # the build's date is only where the copy online was accessed.
    assert date(*csl["issued"]["date-parts"][0]) == RELEASE and csl["id"].startswith(f"companion{RELEASE.year}")
    assert entry.fields["date"] == RELEASE.isoformat() and ris["date"] == RELEASE.strftime("%Y/%m/%d")
    assert str(RELEASE.year) in reference
    accessed = date(*csl["accessed"]["date-parts"][0]) if "accessed" in csl else None
    assert entry.fields.get("urldate") == (accessed.isoformat() if accessed else None)
    assert ris.get("access_date") == (accessed.strftime("%Y/%m/%d") if accessed else None)
    assert csl["version"] == str(CFF["version"]) and str(CFF["version"]) in reference
    version = f"Version {CFF['version']}"
    assert entry.fields["edition"] == ris["edition"] == version
    names = [a.get("name") or a["family-names"] for a in CFF["authors"]]
    assert all(n in reference and n in files["bib"] and n in files["ris"] for n in names)
    title = re.sub(r"^[\d.]+\s*", "", page.find("h1").get_text(" ", strip=True).rstrip("#").strip())
    for form in (unbraced(entry.fields["title"]), ris["title"], csl["title"]):
        assert form == (CFF["title"] if doc == TOC["root"] else title), "the title as the heading reads"
    return {"url": csl.get("URL"), "bib_url": entry.fields.get("url"), "ris_urls": ris.get("urls"), "reference": reference,
            "date": RELEASE, "accessed": accessed}


def check_meta_tags(page: BeautifulSoup, doc: str, cited: dict) -> None:
    assert metas(page, "citation_title") and metas(page, "citation_author")
    (published,) = metas(page, "citation_publication_date")
    assert published == cited["date"].strftime("%Y/%m/%d")
    (linked,) = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    assert linked["datePublished"] == cited["date"].isoformat()
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
        assert not page.find("meta", property="og:image") and not metas(page, "twitter:card")
        return
    owner, name = repository.lower().split("/")
    assert all(f"{owner}/{name}" in u or f"{owner}.github.io/{name}" in u for u in pointing), pointing
    shared = page.find("meta", property="og:url")["content"]
    card = page.find("meta", property="og:image")["content"]
    assert card.startswith(f"https://{owner}.github.io/{name}/") and metas(page, "twitter:card") == ["summary_large_image"]
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
        assert parsed.fields["edition"] == f"Version {CFF['version']}"
        assert parsed.fields["date"] == RELEASE.isoformat()
        sites.add(re.sub(r"chapters/.*", "", parsed.fields.get("url", "")))
    assert len(sites) == 1, f"every entry has the same address, or none: {sites}"


@pytest.mark.parametrize("doc", NOTEBOOK_CHAPTERS)
def test_downloads_resolve_to_files_in_the_build(doc):
    page = built_page(doc)
    box = page.find(class_="companion-downloads")
    hrefs = [a["href"] for a in box.find_all("a", href=True)]
    files = [(HTML / doc).parent / h.split("#")[0] for h in hrefs]
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
SOURCES_PAGE = "chapters/appendix_c_sources"    # built too: its bibliography resolves the pages' citations
# A subset misses the pages that the home page and the chapter link to: only these warnings may appear.
SUBSET_WARNINGS = re.compile(r"undefined label|unknown document|term not in glossary|could not find bibtex key")


def subset_build(tmp: Path, repository: str | None) -> tuple[Path, list[str]]:
    book = tmp / "book"
    shutil.copytree(ROOT, book, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", "_build", ".venv*", "node_modules", ".pytest_cache", "screenshots", "benchmarks"))
    if (ROOT / "_build" / ".jupyter_cache").exists():   # executed notebooks, to skip re-running them
        shutil.copytree(ROOT / "_build" / ".jupyter_cache", book / "_build" / ".jupyter_cache")
    chapters = [{"file": d} for d in [*SUBSET, SOURCES_PAGE]]
    toc = {"format": "jb-book", "root": TOC["root"], "parts": [{"caption": "Chapters", "numbered": True,
                                                                  "chapters": chapters}]}
    (book / "_toc.yml").write_text(yaml.safe_dump(toc))
    env = {k: v for k, v in os.environ.items()
           if k not in {"COMPANION_REPOSITORY", "GITHUB_ACTIONS", "GITHUB_REPOSITORY", "SOURCE_DATE_EPOCH"}}
    env["SOURCE_DATE_EPOCH"] = "1804032000"    # 2027-03-03 UTC
    if repository:
        env["COMPANION_REPOSITORY"] = repository
    jb = str(Path(sys.executable).parent / "jupyter-book")
    warnings = []
    # With an address, the PDF as make pdf makes it (LaTeX, then the pages again, which then name
    # each chapter's PDF); without, the LaTeX source is enough.
    for builder in ("html", "pdflatex", "html") if repository else ("html", "latex"):
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
    # Rebuilt on another day, the release keeps its date and keys; the day is the access date.
    assert cited["date"] == RELEASE and cited["accessed"] == date(2027, 3, 3)
    check_meta_tags(page, doc, cited)
    check_links(page, cited, EXAMPLE)
    assert cited["url"] == url and metas(page, "citation_public_url") == [url]
    assert metas(page, "citation_pdf_url") == [url.removesuffix(".html") + ".pdf"], "the chapter's own PDF, beside it"
    assert (build / "html" / f"{doc}.pdf").read_bytes()[:5] == b"%PDF-"
    assert (build / "html" / "_static" / "companion-card.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    robots = (build / "html" / "robots.txt").read_text()
    assert "Sitemap: https://example-owner.github.io/example-repo/sitemap.xml" in robots
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
        assert cited["date"] == RELEASE and cited["accessed"] is None and str(CFF["version"]) in cited["reference"]
        check_meta_tags(page, doc, cited)
        check_links(page, cited, None)
    assert not (build / "html" / "sitemap.xml").exists() and not (build / "html" / "robots.txt").exists()
    notebook = (build / "html" / "_sources" / "chapters" / "01_introduction.ipynb").read_text()
    assert "colab-setup" not in notebook and "github" not in notebook
    everything = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in (build / "html").rglob("*")
                         if p.is_file() and p.suffix in {".html", ".ipynb", ".bib", ".ris", ".json", ".xml"})
    everything += (build / "latex" / "book.tex").read_text(encoding="utf-8")
    assert PLACEHOLDER not in everything and FALLBACK not in everything
    assert not ADDRESS_LIKE.search(everything)


@pytest.mark.parametrize("subset", [EXAMPLE], indirect=True, ids=["with-address"])
@pytest.mark.parametrize("doc", [TOC["root"], *SUBSET])
def test_the_description_zotero_saves_reads_as_the_page(subset, doc):
    """The description (Zotero's abstract, a shared link's text) is the page's own words: each of
    its words but the last (cut short) is a word of the page as shown. pybtex's one node per letter
    once gave 'K ı n ı k and Ç elik' for the article's authors."""
    page = soup(subset[0] / "html" / f"{doc}.html")
    shown = set(page.find("article").get_text(" ").split())
    (description,) = [m["content"] for m in page.find_all("meta", attrs={"name": "description"})]
    (og,) = [m["content"] for m in page.find_all("meta", property="og:description")]
    assert og == description and len(description.split()) > 10
    strange = [w for w in description.split()[:-1] if w.strip("[](),.:;") not in {x.strip("[](),.:;") for x in shown}]
    assert not strange, (strange, description)
