""""Cite this chapter": every page ends with a section that cites it.

The section is added when a page is read, so that it takes its place in the
chapter's numbering like any other section; its content (which needs the
chapter's number) is filled in when the page is resolved, from CITATION.cff
and the page's own title.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from docutils import nodes


class cite_placeholder(nodes.General, nodes.Element):
    """Replaced by the reference and BibTeX entry once numbers are known."""


def citation(app) -> dict:
    return yaml.safe_load((Path(app.srcdir) / "CITATION.cff").read_text(encoding="utf-8"))


def book_url(app) -> str | None:
    """https://OWNER.github.io/REPO/ for https://github.com/OWNER/REPO, or None when unknown."""
    repo = (app.config.html_theme_options.get("repository_url") or "").rstrip("/")
    m = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+)", repo)
    return f"https://{m.group(1).lower()}.github.io/{m.group(2)}/" if m else None


def add_section(app, doctree) -> None:
    docname = app.env.docname
    if not docname.startswith("chapters/"):
        return
    top = next((c for c in doctree.children if isinstance(c, nodes.section)), None)
    if top is None:
        return
    heading = "Cite this companion" if docname == app.config.root_doc else "Cite this chapter"
    section = nodes.section(ids=[heading.lower().replace(" ", "-")], names=[heading.lower()], classes=["companion-cite"])
    section += nodes.title(text=heading)
    section += cite_placeholder()
    top += section


def _bib_escape(text: str) -> str:
    return text.replace("{", "").replace("}", "").replace("&", "\\&").replace("%", "\\%")


def fill(app, doctree, docname: str) -> None:
    for placeholder in list(doctree.findall(cite_placeholder)):
        placeholder.replace_self(_content(app, docname))


def _content(app, docname: str) -> list[nodes.Node]:
    cff = citation(app)
    authors = " and ".join(a.get("name") or f"{a.get('family-names')}, {a.get('given-names')}" for a in cff["authors"])
    year, book = str(cff["date-released"])[:4], cff["title"]
    base = book_url(app)
    if docname == app.config.root_doc:
        label, url, entry = None, base, f"@book{{companion{year},"
        fields = [("title", book)]
    else:
        title = app.env.titles[docname].astext()
        number = app.env.toc_secnumbers.get(docname, {}).get("", ())
        label = f"Chapter {'.'.join(map(str, number))}: {title}" if number else title
        url = base + docname + ".html" if base else None
        slug = re.sub(r"[^a-z0-9]+", "-", docname.split("/")[-1].lower()).strip("-")
        entry = f"@incollection{{companion{year}-{slug},"
        fields = [("title", label), ("booktitle", book)]
    fields = [("author", "{" + _bib_escape(authors) + "}")] + [(k, _bib_escape(v)) for k, v in fields] + [
        ("edition", f"version {cff['version']}"), ("year", year)] + ([("url", url)] if url else []) + [
        ("note", "Companion to Kınık and Çelik (2021), Insight Turkey, vol. 23")]
    bibtex = entry + "\n" + ",\n".join(f"  {k:<9} = {{{v}}}" for k, v in fields) + "\n}"
    para = nodes.paragraph()
    para += nodes.Text(f"{authors} ({year}). " + (f"{label}. In " if label else ""))
    para += nodes.emphasis(text=book)
    para += nodes.Text(f", version {cff['version']}." + (" " if url else ""))
    if url:
        para += nodes.reference(url, url, refuri=url)
        para += nodes.Text(".")
    if label:
        para += nodes.Text(" Please cite the article too (see How to cite on the home page).")
    return [para, nodes.literal_block(bibtex, bibtex, language="bibtex")]
