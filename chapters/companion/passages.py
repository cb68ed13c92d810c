"""The passage register: which passage of the article a sentence of the prose retells.

A figure of the article has its claim; a statement about the article has its
passage. ``data/passages.csv`` lists the passages the prose retells (section,
endnote, a locator in the article's words, and the companion's one-line gist);
the prose pinpoints them with the role ``{passage}`CO05``` (several as
``{passage}`CO05,CO06```), which the book renders as a link to the passage's
row of the register page.

``resolve()`` finds the passages a pinpoint names (LookupError when one is
unknown); ``retellings()`` reads the book's pages to find where each passage
is retold, for the register's "Retold in" column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from . import data, reproduction
from .article import SECTION_TITLES
from .records import article_place, endnote_place

ROLE = re.compile(r"\{passage\}`([^`]*)`")
REGISTER_PAGE = "chapters/appendix_h_passages"
LABEL = re.compile(r"^\((?P<label>[\w-]+)\)=\s*$", re.M)     # a page's first label, e.g. "(ch-conflict)="


@dataclass(frozen=True)
class Passage:
    id: str
    section: str
    endnote: int | None
    endnote_kind: str | None
    locator: str
    gist: str
    place: str          # 'The article, section “…”, endnote 7 (closes the sentence)'
    note_place: str     # 'endnote 7 (closes the sentence)': the place within its section

    @property
    def anchor(self) -> str:
        return "passage-" + self.id.lower()

    @property
    def section_title(self) -> str:
        return SECTION_TITLES[self.section]

    @property
    def tip(self) -> str:
        return f"Passage {self.id}. {self.place}: “{self.locator} …”"


def register(data_dir=data.DATA) -> dict[str, Passage]:
    """Every passage of the register, by id, in the article's order."""
    out = {}
    for _, row in data.load("passages", data_dir).iterrows():
        note = None if pd.isna(row.endnote) else int(row.endnote)
        out[row.passage_id] = Passage(row.passage_id, row.section, note, row.endnote_kind, row.locator, row.gist,
                                      article_place(row), endnote_place(row))
    return out


def resolve(target: str, data_dir=data.DATA) -> list[Passage]:
    """The passages a pinpoint names ('CO05' or 'CO05,CO06'), or LookupError saying why not."""
    ids = [t for t in re.split(r"[,\s]+", target.strip()) if t]
    if not ids:
        raise LookupError("a pinpoint names no passage")
    if len(set(ids)) != len(ids):
        raise LookupError(f"a pinpoint names a passage twice: {target!r}")
    known = register(data_dir)
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise LookupError(f"no passage {', '.join(unknown)} in data/passages.csv")
    return [known[i] for i in ids]


def pages(root: Path = data.ROOT) -> list[str]:
    """The book's pages in the order of its table of contents, as 'chapters/NN_name'."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    parts = toc.get("parts") or [{"chapters": toc.get("chapters", [])}]     # a book with or without parts
    return [toc["root"]] + [c["file"] for part in parts for c in part["chapters"]]


def retellings(root: Path = data.ROOT) -> dict[str, list[str]]:
    """For each passage id, the pages whose prose pinpoints it, in the book's order."""
    found: dict[str, list[str]] = {}
    for page in pages(root):
        text = (root / f"{page}.md").read_text(encoding="utf-8")
        for target in ROLE.findall(text):
            for pid in re.split(r"[,\s]+", target.strip()):
                if pid and page not in found.setdefault(pid, []):
                    found[pid].append(page)
    return found


def page_link(page: str, root: Path = data.ROOT) -> str:
    """A MyST reference to a page by its label, titled by its number in the book ('Ch. 2')."""
    numbered = pages(root)
    label = LABEL.search((root / f"{page}.md").read_text(encoding="utf-8"))["label"]
    title = "Home" if page == numbered[0] else f"Ch. {numbered.index(page)}"
    return f"{{ref}}`{title} <{label}>`"


def table():
    """The register as a table, each passage with the pages that retell it (for the notebooks;
    the book's page renders it with links, see _ext/companion_book/passages.py)."""
    from .tables import table as book_table

    found, numbered = retellings(), pages()
    frame = data.load("passages").assign(retold_in=lambda d: [
        ", ".join("Home" if page == numbered[0] else f"Ch. {numbered.index(page)}" for page in found.get(pid, []))
        for pid in d.passage_id])
    with reproduction.paused():     # the book's page renders its own register, which no notebook output records
        return book_table(frame[["passage_id", "section", "endnote", "endnote_kind", "locator", "gist", "retold_in"]],
                          "passages", labels={"retold_in": "Retold in"}, caption="The passage register")
