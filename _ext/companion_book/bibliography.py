"""The bibliography's labels in the form the text cites: "Kınık and Çelik 2021".

sphinxcontrib-bibtex formats the bibliography with a pybtex style; this module
registers, through pybtex's plugin system, the package's style
(``companion.references``), whose labels are author and year (or, for an entry
without author, its outlet and year), matching the author-year citations in the
text, and whose titles keep their capitals.

On the web each entry is a list item: docutils marks it doc-biblioentry, a
role DPUB-ARIA 1.1 deprecated, so that axe-core finds a list without items.
"""
from __future__ import annotations

from docutils import nodes

# The style itself is pybtex alone and lives in the package, where the reader notebooks use it too.
from companion import references


def visit_citation(self, node) -> None:
    """docutils' own visit, with the role a list's item has."""
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def setup(app) -> None:
    from sphinx.writers.html5 import HTML5Translator
    app.add_node(nodes.citation, override=True, html=(visit_citation, HTML5Translator.depart_citation))
    references.register()   # named in _config.yml (bibtex_default_style)
