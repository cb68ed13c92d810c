"""The bibliography as the book prints it, with pybtex alone: labels "Kınık and Çelik 2021",
entries in the unsrt layout with titles as given, and in-text citations "Kınık and Çelik, 2021".

The book's Sphinx extension registers the style for sphinxcontrib-bibtex; the reader
notebooks (``companion.notebooks``) format citations and bibliographies with it.
"""
from __future__ import annotations

import functools
import re

from pybtex.richtext import Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle

from .data import ROOT

STYLE = "companion"
LABEL_STYLE = "companion-author-year"
BIB_FILES = ("references.bib", "references-later.bib")


def plain(latex: str) -> str:
    """LaTeX markup of a .bib field as plain text."""
    return Text.from_latex(latex).render_as("text")


def _names(entry) -> list[str]:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    return [plain(" ".join(p.last_names)) for p in people]


def _who(last: list[str]) -> str:
    return " and ".join(last) if len(last) < 3 else f"{last[0]} et al."


class AuthorYearLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        labels = [self._label(entry) for entry in sorted_entries]
        seen = {}
        for label in labels:      # two entries with one label become "... a" and "... b"
            if labels.count(label) > 1:
                seen[label] = seen.get(label, 0) + 1
                yield f"{label} {'abcdefghij'[seen[label] - 1]}"
            else:
                yield label

    @staticmethod
    def _label(entry) -> str:
        if "shorthand" in entry.fields:
            return plain(entry.fields["shorthand"])
        last = _names(entry)
        who = _who(last) if last else re.sub(r"\s*\(.*?\)", "", plain(entry.fields.get("howpublished", entry.key)))
        return f"{who} {entry.fields.get('year', '')}".strip()


class CompanionStyle(UnsrtStyle):
    """The unsrt layout with author-year labels; titles printed as given (never lowercased)."""
    default_label_style = LABEL_STYLE

    def format_title(self, e, which_field, as_sentence=True):
        from pybtex.style.template import field, sentence
        title = field(which_field, apply_func=lambda text: text)
        return sentence[title] if as_sentence else title


def register() -> None:
    """Make the style known to pybtex's plugin system (as sphinxcontrib-bibtex looks it up)."""
    from pybtex.plugin import register_plugin

    register_plugin("pybtex.style.labels", LABEL_STYLE, AuthorYearLabels)
    register_plugin("pybtex.style.formatting", STYLE, CompanionStyle)


@functools.cache
def entries() -> dict:
    """Every entry of the two .bib files, in file order, by key."""
    from pybtex.database import parse_file

    found = {}
    for name in BIB_FILES:
        found.update(parse_file(str(ROOT / name)).entries)
    return found


def citation(key: str) -> str:
    """An in-text citation as the book's pages show it: authors (or else the title) and year."""
    entry = entries()[key]
    last = _names(entry)
    who = _who(last) if last else plain(entry.fields.get("title", key))
    return f"{who}, {entry.fields.get('year', '')}".rstrip(", ")


def formatted(keys: list[str]) -> list[tuple[str, str]]:
    """(label, entry as Markdown) for the entries named, in the book's style."""
    style = CompanionStyle(label_style=AuthorYearLabels)
    return [(item.label, item.text.render_as("markdown")) for item in style.format_entries([entries()[k] for k in keys])]


def listing(later: bool = False):
    """The bibliography as a notebook shows it (Markdown): the article and the sources it names, or
    (``later``) the sources published after it, each with its label, in the book's style."""
    from IPython.display import Markdown

    keys = [key for key, entry in entries().items() if ("later" in entry.fields.get("keywords", "")) == later]
    return Markdown("\n".join(f"- **\\[{label}\\]** {text}" for label, text in formatted(keys)))
