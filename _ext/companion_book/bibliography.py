"""The bibliography's labels in the form the text cites: "Kınık and Çelik 2021".

sphinxcontrib-bibtex formats the bibliography with a pybtex style; this module
registers, through pybtex's plugin system, a style whose labels are author and
year (or, for an entry without author, its outlet and year), matching the
author-year citations in the text, and whose titles keep their capitals.
"""
from __future__ import annotations

import re

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle

STYLE = "companion"


def _plain(latex: str) -> str:
    return Text.from_latex(latex).render_as("text")


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
            return _plain(entry.fields["shorthand"])
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        last = [_plain(" ".join(p.last_names)) for p in people]
        who = (" and ".join(last) if len(last) < 3 else f"{last[0]} et al.") if last else \
            re.sub(r"\s*\(.*?\)", "", _plain(entry.fields.get("howpublished", entry.key)))
        return f"{who} {entry.fields.get('year', '')}".strip()


class CompanionStyle(UnsrtStyle):
    """The unsrt layout with author-year labels; titles printed as given (never lowercased)."""
    default_label_style = "companion-author-year"

    def format_title(self, e, which_field, as_sentence=True):
        from pybtex.style.template import field, sentence
        title = field(which_field, apply_func=lambda text: text)
        return sentence[title] if as_sentence else title


def setup(app) -> None:
    register_plugin("pybtex.style.labels", "companion-author-year", AuthorYearLabels)
    register_plugin("pybtex.style.formatting", STYLE, CompanionStyle)   # named in _config.yml
