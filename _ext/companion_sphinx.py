"""Sphinx glue for the companion book (loaded through _config.yml).

- Ends every page with "Cite this chapter" (a formatted reference and a
  BibTeX entry), generated from CITATION.cff and the page's own title and URL;
  the book's URL is derived from ``repository.url`` in _config.yml, the one
  place where the repository is named.
- Adds to each chapter's HTML page links to its executed notebook and to the
  CSV files it reads, and copies the data (and one zip of it) into the build.
- Marks the build so that chapters output charts for the book
  (offline HTML + vector PDF, see chapters/companion.py).
- Serves vega, vega-lite and vega-embed from the book's own _static folder,
  built from the vl-convert package: no page loads anything from another host.
  The bundle is added only to pages that hold a chart.
"""
from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import yaml
from docutils import nodes
from sphinx import addnodes

BUNDLE = "companion-vega.js"


def _mark_build(app, config):
    # Kernels started by the build inherit this environment variable.
    os.environ["COMPANION_BOOK_BUILD"] = "1"
    # The version on the title page and in the footer comes from CITATION.cff.
    cff = yaml.safe_load((Path(app.srcdir) / "CITATION.cff").read_text(encoding="utf-8"))
    config.version = config.release = str(cff["version"])
    # Added here, not in _config.yml: a sphinx.config html_theme_options there
    # would replace the options Jupyter Book derives (launch buttons, repository).
    config.html_theme_options.update({"search_bar_text": "Search the companion…", "show_toc_level": 2})
    # pydata-sphinx-theme reads the default mode from html_context; left empty
    # it logs "invalid theme mode" on every page. Charts are drawn for light pages.
    config.html_context = {**(config.html_context or {}), "default_mode": "light"}


def _write_bundle(app):
    if app.builder.format != "html":
        return
    import vl_convert as vlc

    target = Path(app.outdir) / "_static" / BUNDLE
    stamp = f"/* vl-convert {vlc.get_vegalite_versions()[-1]} vega {vlc.get_vega_version()} */\n"
    if target.exists() and target.read_text(encoding="utf-8")[: len(stamp)] == stamp:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    # Wrapped in a function so that the bundle's top-level names stay private:
    # a classic deferred script works from file:// too, where modules do not.
    target.write_text(stamp + "(function(){\n" + vlc.javascript_bundle() + "\n})();\n", encoding="utf-8")


ICONS_CSS = "companion-icons.css"


def _write_icons(app):
    """Font Awesome's 1.5 MB script (540 KB gzip) draws about twenty icons.
    Replace it with a small stylesheet holding just the icons the pages use,
    as CSS masks, with the path data read from the theme's own copy."""
    if app.builder.format != "html":
        return
    import pydata_sphinx_theme

    fa = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "scripts" / "fontawesome.js"
    source = fa.read_text(encoding="utf-8")
    rules = [
        ".fa-solid,.fa-brands,.fa-regular{display:inline-block;width:1em;height:1em;vertical-align:-0.125em;"
        "background-color:currentColor;-webkit-mask:var(--icon) no-repeat center/contain;mask:var(--icon) no-repeat center/contain}",
        ".fa-lg{font-size:1.25em;line-height:.05em;vertical-align:-0.2em}",
    ]
    for name in ICON_NAMES:
        found = re.findall(r'(?:"%s"|[{,]%s):\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+",(?:"([^"]+)"|\["([^"]+)")'
                           % (re.escape(name), re.escape(name)), source)
        if not found:
            continue
        w, h, path, duo = found[-1]  # the solid style is defined last
        svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {w} {h}'><path d='{path or duo}'/></svg>"
        rules.append(f'.fa-{name}{{--icon:url("data:image/svg+xml;utf8,{svg.replace("#", "%23")}")}}')
    target = Path(app.outdir) / "_static" / ICONS_CSS
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(rules) + "\n", encoding="utf-8")


ICON_NAMES = ["magnifying-glass", "bars", "sun", "moon", "list", "github", "expand", "circle-half-stroke",
              "arrow-up", "file-pdf", "file", "download", "angle-right", "angle-left", "rocket", "outdent",
              "code", "copy", "check", "xmark", "chevron-down", "chevron-up", "chevron-right", "link",
              "square-caret-down", "caret-down", "caret-right", "book", "list-ul", "arrow-left", "arrow-right"]


def _page_scripts(app, pagename, templatename, context, doctree):
    if "companion-chart" in context.get("body", ""):
        app.add_js_file(BUNDLE, defer="defer")


UNUSED_ASSETS = ("thebe", "fontawesome", "design-tabs.js")  # no Thebe, no tabs; icons: companion-icons.css


def _drop_unused_assets(app, pagename, templatename, context, doctree):
    """Thebe is off, but sphinx-thebe (loaded by Jupyter Book) still adds its
    script twice (a redeclared THEBE_JS_URL, a console error) and a CDN URL;
    the book has no tabs for sphinx-design's tab script to serve."""
    def keep(asset):
        name = getattr(asset, "filename", str(asset)) or ""
        body = getattr(asset, "attributes", {}).get("body", "") or ""
        return not any(u in name for u in UNUSED_ASSETS) and "THEBE_JS_URL" not in body
    context["script_files"] = [js for js in context.get("script_files", []) if keep(js)]
    context["css_files"] = [css for css in context.get("css_files", []) if keep(css)]


def _root(app) -> Path:
    return Path(app.srcdir)


def _citation(app) -> dict:
    if not hasattr(app.env, "_companion_cff"):
        app.env._companion_cff = yaml.safe_load((_root(app) / "CITATION.cff").read_text(encoding="utf-8"))
    return app.env._companion_cff


def book_url(app) -> str:
    """https://OWNER.github.io/REPO/ for https://github.com/OWNER/REPO (the GitHub Pages address)."""
    repo = app.config.html_theme_options.get("repository_url", "").rstrip("/")
    m = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+)", repo)
    if not m:
        return repo + "/"
    return f"https://{m.group(1).lower()}.github.io/{m.group(2)}/"


def _bib_escape(text: str) -> str:
    return text.replace("{", "").replace("}", "").replace("&", "\\&").replace("%", "\\%")


def _cite_section(app, docname: str) -> nodes.section:
    """A formatted reference and a BibTeX entry for one page: a chapter of the
    companion, or (on the home page) the companion as a whole."""
    cff = _citation(app)
    authors = " and ".join(a.get("name") or f"{a.get('family-names')}, {a.get('given-names')}" for a in cff["authors"])
    year = str(cff["date-released"])[:4]
    book = cff["title"]
    if docname == app.config.root_doc:
        heading, url, label = "Cite this companion", book_url(app), None
        fields = [("title", book)]
        entry = f"@book{{companion{year},"
    else:
        title = app.env.titles[docname].astext()
        number = app.env.toc_secnumbers.get(docname, {}).get("", ())
        label = f"Chapter {'.'.join(map(str, number))}: {title}" if number else title
        heading, url = "Cite this chapter", book_url(app) + docname + ".html"
        fields = [("title", label), ("booktitle", book)]
        slug = re.sub(r"[^a-z0-9]+", "-", docname.split("/")[-1].lower()).strip("-")
        entry = f"@incollection{{companion{year}-{slug},"
    fields = [(k, _bib_escape(v)) for k, v in fields]
    # The author is an organisation: one more pair of braces keeps BibTeX from splitting it.
    fields = [("author", "{" + _bib_escape(authors) + "}")] + fields + [
        ("edition", f"version {cff['version']}"), ("year", year), ("url", url),
        ("note", "Companion to Kınık and Çelik (2021), Insight Turkey, vol. 23")]
    bibtex = entry + "\n" + ",\n".join(f"  {k:<9} = {{{v}}}" for k, v in fields) + "\n}"
    slug_id = heading.lower().replace(" ", "-")
    section = nodes.section(ids=[slug_id], names=[heading.lower()], classes=["companion-cite"])
    section += nodes.title(text=heading)
    para = nodes.paragraph()
    para += nodes.Text(f"{authors} ({year}). " + (f"{label}. In " if label else ""))
    para += nodes.emphasis(text=book)
    para += nodes.Text(f", version {cff['version']}. ")
    para += nodes.reference(url, url, refuri=url)
    para += nodes.Text(". Please cite the article too (see How to cite on the home page)." if label else ".")
    section += para
    section += nodes.literal_block(bibtex, bibtex, language="bibtex")
    return section


def _data_links(app, docname: str):
    """Which CSV files a chapter reads: its cx.load() calls and those of a local module it imports."""
    source = Path(app.env.doc2path(docname)).read_text(encoding="utf-8")
    for module in re.findall(r"^\s*import (\w+)", source, re.M):
        path = _root(app) / "chapters" / f"{module}.py"
        if module != "companion" and path.exists():
            source += path.read_text(encoding="utf-8")
    names = sorted(set(re.findall(r"""\bload\(\s*["'](\w+)["']""", source)))
    paths = {r["name"]: r["path"] for r in _package(app)["resources"]}
    return [(n, paths[n]) for n in names if n in paths]


def _package(app) -> dict:
    import json

    return json.loads((_root(app) / "data" / "datapackage.json").read_text(encoding="utf-8"))


def _drop_hidden_code_in_print(app, doctree):
    """The PDF shows a cell's code only where the web page shows it unfolded:
    cells tagged hide-input (folded on the web) lose their source in print."""
    for cell in list(doctree.findall(lambda n: isinstance(n, nodes.container) and "cell" in n["classes"])):
        if "tag_hide-input" in cell["classes"]:
            for child in list(cell.children):
                if "cell_input" in child.get("classes", []):
                    cell.remove(child)


def _home_as_unnumbered_chapter(doctree):
    """In print, the home page's sections would each become a numbered chapter
    and shift every chapter's (and figure's) number away from the web book's.
    Make the home page one unnumbered chapter, "About this companion", with
    its sections as run-in headings."""
    root = next((c for c in doctree.children if isinstance(c, nodes.section)), None)
    if root is None:
        return
    own = [c for c in root.children if isinstance(c, nodes.section) and not any(c.findall(addnodes.start_of_file))]
    if not own:
        return
    heading = nodes.raw("", "\\chapter*{About this companion}\n\\addcontentsline{toc}{chapter}{About this companion}\n",
                        format="latex")
    title = next((i for i, c in enumerate(root.children) if isinstance(c, nodes.title)), -1)
    root.insert(title + 1, heading)
    for sec in own:
        title = sec.next_node(nodes.title)
        rubric = nodes.rubric(title.astext(), title.astext(), ids=list(sec["ids"]))
        at = root.index(sec)
        root.remove(sec)
        for i, child in enumerate([rubric] + [c for c in sec.children if c is not title]):
            root.insert(at + i, child)


def _add_blocks(app, doctree, docname):
    if app.builder.format == "latex":
        # The LaTeX builder resolves one tree for the whole book, in which
        # each chapter sits in a start_of_file node that names its document.
        _drop_hidden_code_in_print(app, doctree)
        _home_as_unnumbered_chapter(doctree)
        for part in list(doctree.findall(addnodes.start_of_file)):
            _append_blocks(app, part, part["docname"])
    else:
        _append_blocks(app, doctree, docname)


def _append_blocks(app, tree, docname):
    if not docname.startswith("chapters/"):
        return
    top = next((c for c in tree.children if isinstance(c, nodes.section)), None)
    if top is None:
        return
    if app.builder.format == "html":
        links = _data_links(app, docname)
        depth = "../" * docname.count("/")
        items = "".join(
            f'<li><a href="{depth}_static/data/{path}" download>{path}</a></li>' for _, path in links)
        notebook = f'<a href="{depth}_sources/{docname}.ipynb" download>{docname.split("/")[-1]}.ipynb</a>'
        html = (f'<div class="companion-downloads"><p><strong>Download:</strong> the executed notebook {notebook}'
                + (f"; the data this page reads:</p><ul>{items}</ul>" if items else ".</p>")
                + f'<p>The whole data package: <a href="{depth}_static/data/companion-data.zip" download>'
                "companion-data.zip</a>.</p></div>")
        top += nodes.raw("", html, format="html")
    top += _cite_section(app, docname)


def _colab_button(app, pagename, templatename, context, doctree):
    """Colab opens .ipynb files only: point its button at the executed notebook
    that the deployment publishes (gh-pages branch, _sources/), which carries a
    first cell that fetches the companion's code and data (see _colab_notebooks)."""
    m = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+)", app.config.html_theme_options.get("repository_url", "").rstrip("/"))
    if not m:
        return

    def walk(buttons):
        for b in buttons:
            if b.get("text") == "Colab":
                b["url"] = (f"https://colab.research.google.com/github/{m.group(1)}/{m.group(2)}"
                            f"/blob/gh-pages/_sources/{pagename}.ipynb")
            walk(b.get("buttons", []))
    walk(context.get("header_buttons", []))


COLAB_CELL = """# Added to the downloadable notebook by the book build: in Colab, fetch the
# companion's code and data first (elsewhere this cell does nothing).
import os, sys
if "google.colab" in sys.modules and not os.path.exists("companion.py"):
    import subprocess
    subprocess.run(["git", "clone", "--depth", "1", "{repo}", "/content/companion"], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", {pins}], check=True)
    os.chdir("/content/companion/chapters")
    sys.path.insert(0, os.getcwd())"""


def _colab_notebooks(app, exception):
    if exception or app.builder.format != "html":
        return
    import nbformat

    repo = app.config.html_theme_options.get("repository_url", "").rstrip("/")
    wanted = ("altair", "vl-convert-python", "myst-nb", "pandas")
    pins = [line.strip() for line in (_root(app) / "requirements.txt").read_text().splitlines()
            if line.split("==")[0].lower() in wanted]
    source = COLAB_CELL.replace("{repo}", repo + ".git").replace("{pins}", ", ".join(f'"{p}"' for p in pins))
    for path in (Path(app.outdir) / "_sources" / "chapters").glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        if nb.cells and nb.cells[0].get("metadata", {}).get("companion") == "colab-setup":
            continue
        cell = nbformat.v4.new_code_cell(source, metadata={"companion": "colab-setup", "tags": ["remove-cell"]})
        nb.cells.insert(0, cell)
        nbformat.write(nb, path)


FONTAWESOME_TAG = re.compile(r'\s*<script defer src="[^"]*scripts/fontawesome\.js[^"]*"></script>')
SEARCH_TAGS = re.compile(r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>')
SUMMARY = re.compile(r'(<summary class="sd-summary-title[^"]*">)(.*?)(</summary>)', re.S)


def _unlink(match):
    # A link inside a dropdown's summary nests one control in another.
    inner = re.sub(r"</?a\b[^>]*>", "", match.group(2))
    return match.group(1) + inner + match.group(3)


def _tidy_pages(app, exception):
    """Fix what the themes write into every page, which no setting reaches:
    - the Font Awesome script tag (companion-icons.css replaces it);
    - the search index and its scripts outside the search page;
    - accessible names that hide the visible text (the search button shows
      "Search Ctrl+K", the code toggles "Show code cell source");
    - links inside dropdown summaries (nested interactive controls);
    - role="list" on the bibliography, whose children are not list items."""
    if exception or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = FONTAWESOME_TAG.sub("", text)
        if page.name != "search.html":
            # The theme loads the search index on every page for search-as-you-type,
            # which is off here: only the search page needs it (saves about 30 KB gzip).
            new = SEARCH_TAGS.sub("", new)
        new = new.replace(' aria-label="Search" data-bs-placement', ' data-bs-placement')
        new = new.replace('<summary aria-label="Toggle hidden content">', "<summary>")
        new = SUMMARY.sub(_unlink, new)
        new = new.replace('<div role="list" class="citation-list">', '<div class="citation-list">')
        if new != text:
            page.write_text(new, encoding="utf-8")


def _copy_data(app, exception):
    if exception or app.builder.format != "html":
        return
    out = Path(app.outdir) / "_static" / "data"
    out.mkdir(parents=True, exist_ok=True)
    data = _root(app) / "data"
    files = sorted(p for p in data.iterdir() if p.suffix in (".csv", ".json", ".md"))
    with zipfile.ZipFile(out / "companion-data.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        for p in files:
            (out / p.name).write_bytes(p.read_bytes())
            zf.write(p, f"companion-data/{p.name}")
        zf.write(_root(app) / "LICENSE-CONTENT.md", "companion-data/LICENSE-CONTENT.md")


def setup(app):
    app.connect("doctree-resolved", _add_blocks)
    app.connect("build-finished", _copy_data)
    app.connect("build-finished", _tidy_pages)
    app.connect("build-finished", _colab_notebooks)
    app.connect("html-page-context", _colab_button, priority=600)
    app.connect("config-inited", _mark_build)
    app.connect("builder-inited", _write_bundle)
    app.connect("builder-inited", _write_icons)
    app.add_css_file(ICONS_CSS)
    app.add_css_file("companion.css")
    app.connect("html-page-context", _page_scripts)
    app.connect("html-page-context", _drop_unused_assets, priority=900)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
