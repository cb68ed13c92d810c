"""What the book says about itself: where it lives, when it was built, and how
each page is cited.

- The address comes from the environment of the build, never from a file:
  ``COMPANION_REPOSITORY=owner/repo`` (a local or fork build), or in GitHub
  Actions the repository the workflow runs in. Without it the book names no
  repository and no web address at all (no launch button, no dead link).
- A release has one date, CITATION.cff's ``date-released``: every citation
  gives it as the date of publication, and its keys are made from it, so that
  rebuilding a release changes neither. The build date (``SOURCE_DATE_EPOCH``
  when set, else today, UTC) is only where an access or online date belongs.
- ``record()`` is the ONE description of a page as a citable item, in CSL-JSON,
  made from CITATION.cff and the page's heading; the cite block (cite.py), its
  downloadable files and the ``<meta>`` tags below are all rendered from it.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from sphinx.errors import ConfigError

ADDRESS_VARIABLE = "COMPANION_REPOSITORY"
# GitHub's own rules for account and repository names.
REPOSITORY_FORMAT = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")
# The book's PDF as the web book serves it, in the pages' own folder (pdfs.py).
BOOK_PDF = "book.pdf"


@dataclass(frozen=True)
class Site:
    """The repository ("owner/repo") the book is built from, or None when unknown."""

    repository: str | None

    @property
    def known(self) -> bool:
        return self.repository is not None

    @property
    def repository_url(self) -> str:
        return f"https://github.com/{self.repository}"

    @property
    def pages_url(self) -> str:
        """GitHub Pages' address: https://owner.github.io/repo/ (a user site, owner.github.io, is the root)."""
        owner, name = self.repository.split("/")
        host = f"{owner.lower()}.github.io"
        return f"https://{host}/" if name.lower() == host else f"https://{host}/{name}/"

    def page_url(self, docname: str) -> str:
        return f"{self.pages_url}{docname}.html"


def repository_from_environment(environ=os.environ) -> str | None:
    value = environ.get(ADDRESS_VARIABLE, "").strip()
    if not value and environ.get("GITHUB_ACTIONS") == "true":
        value = environ.get("GITHUB_REPOSITORY", "").strip()
    if not value:
        return None
    value = value.removeprefix("https://github.com/").removesuffix(".git").strip("/")
    if not REPOSITORY_FORMAT.fullmatch(value):
        raise ConfigError(f"{ADDRESS_VARIABLE}={value!r}: expected a GitHub repository as owner/repo")
    return value


def build_date_from_environment(environ=os.environ) -> dt.date:
    epoch = environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.date()


def site(app) -> Site:
    return Site(app.config.companion_repository or None)


def build_date(app) -> dt.date:
    return dt.date.fromisoformat(app.config.companion_build_date)


def configure(app, config) -> None:
    """config-inited: record the address and date, and point the link-sharing extensions at the address."""
    config.companion_repository = repository_from_environment() or ""
    config.companion_build_date = build_date_from_environment().isoformat()
    here = Site(config.companion_repository or None)
    if here.known:
        config.html_baseurl = here.pages_url          # <link rel="canonical">, and the sitemap's base
        config.sitemap_url_scheme = "{link}"         # the default puts language and version in every URL
        config.sitemap_excludes = ["search.html", "genindex.html"]
        config.ogp_site_url = here.pages_url
        config.ogp_social_cards = {"enable": False}  # would need matplotlib, and a picture per page
        config.ogp_type = "article"
        config.ogp_site_name = config.html_title     # Jupyter Book leaves Sphinx's `project` unset


def setup(app) -> None:
    # Registered as settings so that a new address or date rewrites every page.
    app.add_config_value("companion_repository", "", "html", types=[str])
    app.add_config_value("companion_build_date", "", "html", types=[str])
    # Absolute links for shared pages and search engines exist only where the
    # address is known; without it these extensions would emit relative or
    # empty URLs (and sphinx-sitemap a warning), so they are not loaded.
    if repository_from_environment():
        app.setup_extension("sphinx_sitemap")
        app.setup_extension("sphinxext.opengraph")
    app.connect("config-inited", configure, priority=400)   # before launch.configure reads the address
    app.connect("html-page-context", add_page_metadata)


# --- The citation record -----------------------------------------------------

# Names whose capitals every style must keep: BibTeX braces them (a style that sets
# titles in sentence case lowercases every other word), and so does any word with a
# second capital or a digit (UAV, TB2). Titles are in title case throughout, as the
# article's headings are.
PROPER_NOUNS = ("Second Nagorno-Karabakh War", "Second Nagorno-Karabakh Conflict", "Nagorno-Karabakh",
                "Azerbaijan", "Armenia", "Turkey", "Turkish", "Insight Turkey", "Bayraktar", "Jupyter Book")


@lru_cache(maxsize=4)
def _citation_file(path: Path, mtime: float) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def citation_file(app) -> dict:
    path = Path(app.srcdir) / "CITATION.cff"
    return _citation_file(path, path.stat().st_mtime)


def released(cff: dict) -> dt.date:
    """The release's one date (CITATION.cff's date-released)."""
    value = cff["date-released"]
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _csl_name(author: dict) -> dict:
    """A CFF person (family and given names) or entity (one name, e.g. a group or an organisation)."""
    if "family-names" in author:
        return {"family": author["family-names"], "given": author.get("given-names", "")}
    return {"literal": author["name"]}


def page_title(app, docname: str) -> str:
    """The title as the page's heading reads (without its section number)."""
    return app.env.titles[docname].astext()


def _companion_note(cff: dict) -> str:
    """'Companion to Kınık and Çelik (2021), Insight Turkey, vol. 23', from the CFF's first reference."""
    article = cff["references"][0]
    names = " and ".join(a.get("family-names") or a["name"] for a in article["authors"])
    return f"Companion to {names} ({article['year']}), {article['journal']}, vol. {article['volume']}."


def pdf_available(app) -> bool:
    """Whether this build serves PDFs (the LaTeX build has made the book's; pdfs.py)."""
    return bool((app.config.html_context or {}).get("companion_book_pdf"))


def pdf_path(app, docname: str) -> str:
    """Where the web book serves a page's PDF: a chapter's own, cut from the book, or the
    whole book's for the home page and pages outside the book, always in the pages' folder."""
    folder = app.config.root_doc.rpartition("/")[0]
    own = is_cited_page(app, docname) and docname != app.config.root_doc
    name = docname.rpartition("/")[2] + ".pdf" if own else BOOK_PDF
    return f"{folder}/{name}" if folder else name


def record(app, docname: str) -> dict:
    """The page as one CSL-JSON item: the book itself for the home page, a chapter of it otherwise."""
    cff = citation_file(app)
    release = released(cff)
    here = site(app)
    is_book = docname == app.config.root_doc
    slug = "" if is_book else "-" + re.sub(r"[^a-z0-9]+", "-", docname.split("/")[-1].lower()).strip("-")
    item = {
        # The release's year, not the build's: a key does not change when the release is rebuilt.
        "id": f"companion{release.year}{slug}",
        "type": "book" if is_book else "chapter",
        "title": cff["title"] if is_book else page_title(app, docname),
        "author": [_csl_name(a) for a in cff["authors"]],
        "issued": {"date-parts": [[release.year, release.month, release.day]]},
        "version": str(cff["version"]),
        "language": app.config.language or "en",
        "note": _companion_note(cff),
    }
    if not is_book:
        item["container-title"] = cff["title"]
    if cff.get("doi"):   # the companion's DOI, once a release has one (the chapters share it)
        item["DOI"] = str(cff["doi"])
    if here.known:
        built = build_date(app)
        item["URL"] = here.page_url(docname)
        item["accessed"] = {"date-parts": [[built.year, built.month, built.day]]}   # the copy online is this build
    return item


def pdf_url(app, docname: str) -> str | None:
    here = site(app)
    return here.pages_url + pdf_path(app, docname) if here.known and pdf_available(app) else None


def author_names(item: dict) -> list[str]:
    """Names as reference managers expect them: 'Family, Given', or an entity's one name."""
    return [a.get("literal") or f"{a['family']}, {a['given']}".rstrip(", ") for a in item["author"]]


def highwire_authors(item: dict) -> list[str]:
    """citation_author values, in the 'Last, First' form: a group's name is all 'Last',
    with nothing after its comma, so that Zotero keeps it in one field (it splits a
    name without a comma at its last space) and Google Scholar reads it as a surname."""
    return [f"{a['literal']}," if "literal" in a else f"{a['family']}, {a['given']}".rstrip(", ")
            for a in item["author"]]


def is_cited_page(app, pagename: str) -> bool:
    return pagename.startswith("chapters/") and pagename in app.env.titles


def iso(parts: dict, sep: str = "-") -> str:
    y, m, d = parts["date-parts"][0]
    return f"{y:04d}{sep}{m:02d}{sep}{d:02d}"


# --- <meta> tags ----------------------------------------------------------------

def _meta(name: str, content: str) -> str:
    return f'<meta name="{html.escape(name)}" content="{html.escape(content)}" />'


def page_metatags(app, pagename: str) -> str:
    """Highwire Press tags (Zotero, Mendeley, Google Scholar), Dublin Core, PRISM and BIBO
    (which Zotero reads as RDF: the edition, the home page as a book) and schema.org JSON-LD."""
    item = record(app, pagename)
    cff = citation_file(app)
    here = site(app)
    tags = [_meta("citation_title", item["title"])]
    tags += [_meta("citation_author", name) for name in highwire_authors(item)]
    if item["type"] == "chapter":
        # Zotero reads the first, Google Scholar the first or the second.
        tags += [_meta("citation_inbook_title", item["container-title"]),
                 _meta("citation_book_title", item["container-title"])]
    tags += [_meta("citation_publication_date", iso(item["issued"], "/")),
             _meta("citation_language", item["language"])]
    tags += [_meta("citation_keywords", k) for k in cff.get("keywords", [])]
    if "DOI" in item:
        tags.append(_meta("citation_doi", item["DOI"]))
    if here.known:
        tags.append(_meta("citation_public_url", item["URL"]))
    if pdf_url(app, pagename):   # the page's own PDF, in its folder (Google Scholar's rule)
        tags.append(_meta("citation_pdf_url", pdf_url(app, pagename)))
    tags += [_meta("DC.title", item["title"])]
    tags += [_meta("DC.creator", name) for name in author_names(item)]
    tags += [_meta("DC.date", iso(item["issued"])), _meta("DC.type", "Text"),
             _meta("DC.language", item["language"]), _meta("DC.rights", cff.get("license", ""))]
    if item["type"] == "chapter":
        tags.append(_meta("DC.relation.isPartOf", item["container-title"]))
    else:
        tags.append(_meta("bibo.type", "Book"))   # Zotero: a book, not the journal article it guesses
    tags.append(_meta("prism.edition", f"Version {item['version']}"))   # Zotero: the edition
    if here.known:
        tags.append(_meta("DC.identifier", item["URL"]))
    linked = json.dumps(_schema_org(app, item, cff, here), ensure_ascii=False, indent=1).replace("</", "<\\/")
    tags.append(f'<script type="application/ld+json">{linked}</script>')
    return "\n".join(tags) + "\n"


def _schema_org(app, item: dict, cff: dict, here: Site) -> dict:
    def agent(a):
        if "literal" in a:
            return {"@type": "Organization", "name": a["literal"]}
        return {"@type": "Person", "familyName": a["family"], "givenName": a["given"]}

    book = {"@type": "Book", "name": cff["title"], "version": item["version"]}
    if here.known:
        book["url"] = here.pages_url
    described = {"@type": "Chapter", "name": item["title"], "isPartOf": book} if item["type"] == "chapter" else dict(book)
    described.update({
        "@context": "https://schema.org",
        "author": [agent(a) for a in item["author"]],
        "datePublished": iso(item["issued"]),
        "dateModified": build_date(app).isoformat(),   # this build of the release
        "version": item["version"],
        "inLanguage": item["language"],
        "license": f"https://spdx.org/licenses/{cff['license']}" if cff.get("license") else None,
    })
    if here.known:
        described["url"] = item["URL"]
    if "DOI" in item:
        described["identifier"] = f"https://doi.org/{item['DOI']}"
    return {k: v for k, v in described.items() if v is not None}


def add_page_metadata(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html" or not is_cited_page(app, pagename):
        return
    context["metatags"] = context.get("metatags", "") + page_metatags(app, pagename)
