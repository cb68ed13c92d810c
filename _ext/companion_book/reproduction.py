"""Each page's reproduction record: what a reader should get, and whether a re-run got it (issue 27).

- While a page is read, its **manifest**: every output a reader sees that comes from computation
  (``companion.reproduction``): the outputs its notebook recorded, which the execution glued into
  the executed notebook (kept by the execution cache with the rest of its outputs), then the figures
  its prose cites, resolved here; with the fingerprints of the data and pins they came from.
- The build publishes the manifests beside the pages: ``_static/reproduction/<page>.json`` and,
  for the whole book, ``book.json`` (what ``make reproduce`` compares a re-run with).
- Each page's **line**, in its downloads block: when and in which environment it was last
  reproduced and how many of its outputs matched, read from ``reproduction/record.json``, which
  ``make reproduce`` writes. A record made against another manifest (the page's outputs or data
  changed since) is never shown as a success: the line says the page is not yet reproduced.
- The ``{reproduction-report}`` directive (appendix J) lists every page's result.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .execution import reads
from .metadata import build_date
from .numbers import grid_table, row

RECORD = Path("reproduction") / "record.json"
OUT = Path("_static") / "reproduction"
SHOWN_PACKAGES = {"pandas": "pandas", "altair": "Altair"}    # the line names these; the report names all


def manifests(env) -> dict[str, dict]:
    return getattr(env, "companion_manifests", {})


def read_record(srcdir) -> dict:
    path = Path(srcdir) / RECORD
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


# -- the manifest, while the page is read ---------------------------------------------------------
def _glued(app, docname: str) -> dict:
    """The page's glue data, as myst-nb wrote it beside the executed notebook."""
    folder = Path(app.env.mystnb_config.output_folder or Path(app.outdir).parent / "jupyter_execute")
    path = folder.joinpath(*docname.split("/")).with_suffix(".glue.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def record_manifest(app, doctree) -> None:
    from companion import reproduction

    env, docname = app.env, app.env.docname
    if not docname.startswith("chapters/"):
        return
    srcdir = Path(app.srcdir)
    env.note_dependency(str(srcdir / RECORD))
    keys = [k for k in getattr(env, "nb_metadata", {}).get(docname, {}).get("glue", [])
            if k.startswith(reproduction.GLUE_PREFIX)]
    glued = _glued(app, docname) if keys else {}
    made = [json.loads(glued[k]["data"]["text/plain"]) for k in keys]
    cited, files = reproduction.roles(Path(env.doc2path(docname)).read_text(encoding="utf-8"))
    manifest = {"format": 1, "page": docname, "outputs": made + cited,
                "inputs": reproduction.inputs(reads(env, docname), files, srcdir)}
    manifest["fingerprint"] = reproduction.fingerprint(manifest)
    if not hasattr(env, "companion_manifests"):
        env.companion_manifests = {}
    env.companion_manifests[docname] = manifest


def _purge(app, env, docname) -> None:
    manifests(env).pop(docname, None)
    getattr(env, "companion_report_pages", set()).discard(docname)


# -- the published manifests ----------------------------------------------------------------------
def manifest_path(docname: str) -> str:
    return (OUT / f"{docname.split('/')[-1]}.json").as_posix()


def write_manifests(app, exception) -> None:
    from companion import passages, reproduction

    if exception or app.builder.format != "html":
        return
    out = Path(app.outdir) / OUT
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    found = manifests(app.env)
    pages = [p for p in passages.pages(Path(app.srcdir)) if p in found]
    stamp = {"built": build_date(app).isoformat(), "environment": reproduction.environment()}
    for page in pages:
        (Path(app.outdir) / manifest_path(page)).write_text(
            json.dumps({**found[page], **stamp}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    book = {"format": 1, **stamp, "pages": {p: found[p] for p in pages}}
    (out / "book.json").write_text(json.dumps(book, ensure_ascii=False) + "\n", encoding="utf-8")


# -- the line on each page ------------------------------------------------------------------------
def _date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def status(manifest: dict, record: dict) -> tuple[str, dict | None]:
    """How a page stands: 'nothing' (no computed output), 'never' (no reproduction recorded),
    'other-version' (recorded against other outputs or data) or 'reproduced' (against these)."""
    entry = record.get("pages", {}).get(manifest["page"])
    if not manifest["outputs"]:
        return "nothing", entry
    if entry is None:
        return "never", None
    return ("reproduced" if entry["fingerprint"] == manifest["fingerprint"] else "other-version"), entry


def environment_words(record: dict) -> str:
    env = record["environment"]
    python = ".".join(env["python"].split(".")[:2])
    return ", ".join([f"Python {python}"] + [f"{shown} {env['packages'].get(name)}"
                                             for name, shown in SHOWN_PACKAGES.items()])


def sentence(manifest: dict, record: dict) -> str:
    """The page's line, in words (the report's anchor and the manifest's link are added around it)."""
    state, entry = status(manifest, record)
    if state == "nothing":
        return "Nothing on this page is computed, so there is nothing to reproduce"
    if state == "never":
        return f"Not yet reproduced: make reproduce re-runs this page and compares its {len(manifest['outputs'])} outputs"
    if state == "other-version":
        return (f"Not yet reproduced for this version of the page: the last reproduction ({_date(record['date'])}) "
                "was of other outputs or data")
    where = "from requirements.txt" if record.get("as_pinned") else "in an environment unlike requirements.txt"
    return (f"Reproduced {where} on {_date(record['date'])} ({environment_words(record)}): "
            f"{entry['identical']} of {entry['compared']} outputs identical")


def line(app, docname: str) -> nodes.paragraph:
    """One quiet paragraph for the page's downloads block, linking the report and the manifest."""
    manifest = manifests(app.env).get(docname)
    para = nodes.paragraph(classes=["companion-reproduction"])
    if manifest is None:
        return para
    para += nodes.Text(sentence(manifest, read_record(app.srcdir)) + " (")
    report = sorted(getattr(app.env, "companion_report_pages", set()))
    if report:
        uri = app.builder.get_relative_uri(docname, report[0]) + "#" + anchor(docname)
        para += nodes.reference("", "reproduction report", internal=True, refuri=uri)
        para += nodes.Text("; ")
    depth = "../" * docname.count("/")
    para += nodes.reference("", "manifest", refuri=depth + manifest_path(docname), classes=["download-link"])
    para += nodes.Text(")")
    return para


# -- the report page ------------------------------------------------------------------------------
class reproduction_report(nodes.General, nodes.Element):
    """Replaced by the table of every page's last reproduction."""


class ReproductionReport(SphinxDirective):
    def run(self):
        self.env.note_dependency(str(Path(self.env.srcdir) / RECORD))
        if not hasattr(self.env, "companion_report_pages"):
            self.env.companion_report_pages = set()
        self.env.companion_report_pages.add(self.env.docname)
        return [reproduction_report()]


def anchor(docname: str) -> str:
    return "reproduction-" + docname.split("/")[-1].replace("_", "-")


STATES = {"nothing": "nothing computed", "never": "not yet reproduced",
          "other-version": "not yet reproduced for this version", "reproduced": "reproduced"}


def fill_report(app, doctree, docname) -> None:
    from companion import passages

    placeholders = list(doctree.findall(reproduction_report))
    if not placeholders:
        return
    latex = app.builder.format == "latex"
    record, found = read_record(app.srcdir), manifests(app.env)
    pages = [p for p in passages.pages(Path(app.srcdir)) if p in found]
    whole = (nodes.literal(text="book.json") if latex else
             nodes.reference("", "book.json", refuri="../" * docname.count("/") + (OUT / "book.json").as_posix(),
                             classes=["download-link"]))
    blocks: list[nodes.Node] = [_summary(record), nodes.paragraph("", "The whole book's manifest, which make reproduce "
                                                                  "compares a re-run with: ", whole, nodes.Text("."))]
    table, body = grid_table(["Page", "Outputs at the last reproduction", "Manifest"], [44, 30, 26],
                             ["companion-table", "reproduction-report"], ids=["tbl-reproduction"])
    differing = []
    for page in pages:
        state, entry = status(found[page], record)
        title = app.env.titles[page].astext() if page in app.env.titles else page
        name = ([nodes.Text(title)] if latex else
                [nodes.reference("", title, internal=True, refuri=app.builder.get_relative_uri(docname, page))])
        outputs = len(found[page]["outputs"])
        result = (f"{entry['identical']} of {entry['compared']} identical" if state == "reproduced"
                  else STATES[state] + ("" if state == "nothing" else f" ({outputs} outputs)"))
        file = manifest_path(page).split("/")[-1]
        link = (nodes.literal(text=file) if latex else
                nodes.reference("", file, refuri="../" * docname.count("/") + manifest_path(page),
                                classes=["download-link"]))
        line = row([name, nodes.Text(result), link])
        line["ids"] = [anchor(page)]
        body += line
        if state == "reproduced" and entry["differences"]:
            differing.append((title, entry["differences"]))
    blocks.append(table)
    for title, diffs in differing:
        blocks.append(nodes.paragraph("", "", nodes.strong(text=f"{title}: what differed")))
        items = nodes.bullet_list()
        for d in diffs:
            text = f"{d['output']}, {d['where']}: " if d["where"] else f"{d['output']}: "
            items += nodes.list_item("", nodes.paragraph(text=text + f"published {d['published']}, "
                                                               f"re-run {d['rerun']}"))
        blocks.append(items)
    for placeholder in placeholders:
        placeholder.replace_self([b.deepcopy() for b in blocks])


def _summary(record: dict) -> nodes.paragraph:
    if not record:
        return nodes.paragraph(text="No reproduction has been recorded yet: make reproduce writes the first.")
    env = record["environment"]
    packages = ", ".join(f"{k} {v}" for k, v in env["packages"].items())
    pins = ("every package as requirements.txt pins it" if record.get("as_pinned") else
            "unlike requirements.txt: " + "; ".join(record.get("unlike_the_pins", [])))
    return nodes.paragraph(text=f"Last reproduced on {_date(record['date'])} with Python {env['python']} and "
                                f"{packages} ({pins}), in {round(record['seconds'])} seconds, against the book "
                                f"built on {_date(record['manifest']['built'])}.")


def _outdated(app, env, added, changed, removed) -> list[str]:
    """The report lists every page's manifest: read again whenever a page is."""
    pages = getattr(env, "companion_report_pages", set())
    return sorted(p for p in pages if p in env.found_docs) if (added | changed | removed) else []


def setup(app) -> None:
    app.add_node(reproduction_report)
    app.add_directive("reproduction-report", ReproductionReport)
    app.connect("doctree-read", record_manifest)       # after execution's, which notes what the page read
    app.connect("doctree-resolved", fill_report)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("build-finished", write_manifests)
