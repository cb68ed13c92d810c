"""Search that finds what a reader types, in either spelling, in what a reader reads.

- Folding: readers type "Kinik", "Celik" or "TUSAS" as often as "Kınık", "Çelik"
  or "TUSAŞ". Words are folded (Turkish dotless ı to i, accents and cedillas
  dropped, then lower case) before stemming, both when the index is written
  (:meth:`FoldingEnglish.stem`) and when the browser stems the query (the same
  fold in :data:`JS_FOLD`, prepended to Sphinx's Porter stemmer), so either
  spelling meets the same index term.
- What is indexed: prose, headings and tables, not code. Sphinx indexes every
  text node, the source of notebook cells included; :class:`ReaderIndexHTMLBuilder`
  feeds the index a copy of each page without its code. Replacing the ``html``
  builder class is Sphinx's own extension point (``app.add_builder(...,
  override=True)``); the index builder itself has none.
- Glossary terms (and other index entries): Sphinx lists one as a hit of its own
  by comparing the raw query with the entry, unfolded. The copy of a page the
  index is fed gives each entry spelled with Turkish letters once more in its
  plain spelling ("TUSAS" for "TUSAŞ"), so that either spelling lists the term;
  the page and the book's index keep the one spelling.
- The search page (``_templates/search.html``) loads Sphinx's search tools,
  deferred like every other script of the book, and ``companion-search.js``,
  which builds the result snippets from the text a reader sees.

Loaded by the companion_book extension as an extension of its own, so that its
``env_version`` makes Sphinx rebuild the environment (and the index) when the
folding changes.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.search.en import SearchEnglish

# Languages of literal blocks that are code rather than text for a reader
# (notebook outputs are "myst-ansi", citations "bibtex": those stay searchable).
CODE_LANGUAGES = {"python", "python3", "ipython", "ipython3", "pycon", "bash", "sh", "shell", "console"}


def fold(word: str) -> str:
    """"Kınık" -> "kinik", "TUSAŞ" -> "tusas", "İstanbul" -> "istanbul".

    Compatibility decomposition splits "ş" into "s" and a cedilla, "İ" into "I"
    and a dot; the combining marks are dropped. The dotless ı has no
    decomposition, so it is mapped by hand. Lower case comes last, after "İ"
    has lost its dot (Python would lower it to "i" plus a combining dot).
    """
    decomposed = unicodedata.normalize("NFKD", word)
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return bare.replace("ı", "i").lower()


def plain(word: str) -> str:
    """fold() without the lower case: "TUSAŞ" -> "TUSAS"."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).replace("ı", "i")


# The same fold in the browser, exposed as companionFold for companion-search.js
# (\p{M}: the marks, Unicode category M, that fold() drops).
JS_FOLD = r"""
/* The companion's fold (see _ext/companion_book/search.py): Kınık -> kinik. */
var companionFold = function(word) {
  return word.normalize("NFKD").replace(/\p{M}/gu, "").replace(/ı/g, "i").toLowerCase();
};
"""

# Sphinx's Porter stemmer for English (it defines a class named Stemmer, which
# searchtools.js instantiates), kept as it is under another name; then a
# Stemmer that folds the word before the Porter stemmer sees it.
JS_STEMMER = SearchEnglish.js_stemmer_code + JS_FOLD + """
var PorterStemmer = Stemmer;
Stemmer = function() {
  var porter = new PorterStemmer();
  this.stemWord = function(word) { return porter.stemWord(companionFold(word)); };
};
"""


class FoldingEnglish(SearchEnglish):
    """English search (stop words, Porter stemmer) on folded words."""

    js_stemmer_code = JS_STEMMER

    def stem(self, word: str) -> str:
        return super().stem(fold(word))

    def word_filter(self, word: str) -> bool:
        # Sphinx also tries the unstemmed word when a stem is a stop word; folded
        # here, "In" is then dropped like "in" instead of indexed as it stands.
        return super().word_filter(fold(word))


def is_code(node: nodes.Node) -> bool:
    """The source of a notebook cell, or a literal block in a programming language."""
    if isinstance(node, nodes.container) and "cell_input" in node.get("classes", []):
        return True
    return isinstance(node, nodes.literal_block) and node.get("language") in CODE_LANGUAGES


def for_the_index(doctree: nodes.document) -> nodes.document:
    """A copy of the page for the index, without code and with its index entries also in
    their plain spelling: the page that is written keeps its code and its spellings."""
    copy = doctree.deepcopy()
    for node in list(copy.findall(is_code)):
        node.parent.remove(node)
    for node in copy.findall(addnodes.index):
        node["entries"] = [*node["entries"], *[(kind, plain(value), target, main, key)
                                               for kind, value, target, main, key in node["entries"]
                                               if plain(value) != value]]
    return copy


class ReaderIndexHTMLBuilder(StandaloneHTMLBuilder):
    """The HTML builder, except that the search index is fed pages without code."""

    def index_page(self, pagename: str, doctree: nodes.document, title: str) -> None:
        super().index_page(pagename, for_the_index(doctree), title)

    def load_indexer(self, docnames) -> None:
        """Sphinx 7.4 keeps the words and titles of the pages it does not write again, but not
        their index entries: after an incremental build the glossary's terms were no longer
        hits of their own. They are restored from the index on disk."""
        super().load_indexer(docnames)
        keep = set(self.env.all_docs) - set(docnames)
        try:
            with open(Path(self.outdir, self.searchindex_filename), encoding="utf-8") as f:
                frozen = self.indexer_format.load(f)
        except (OSError, ValueError):
            return      # no index yet: every page is written and fed
        if not isinstance(frozen, dict) or frozen.get("envversion") != self.env.version:
            return
        restored = {}
        for entry, found in frozen.get("indexentries", {}).items():
            for doc, target, main in found:
                if frozen["docnames"][doc] in keep:
                    restored.setdefault(frozen["docnames"][doc], set()).add((entry, target, "main" if main else ""))
        for docname, entries in restored.items():
            self.indexer._index_entries[docname] = sorted(entries | set(self.indexer._index_entries.get(docname, [])))


def _one_search_field(app, config) -> None:
    # pydata-sphinx-theme 0.17 adds a search field to the top bar unless the
    # option is set; the book's sidebar already has one (at narrow widths, the
    # article header's search button opens the same search).
    config.html_theme_options.setdefault("navbar_persistent", [])


def setup(app):
    app.add_search_language(FoldingEnglish)      # replaces "en" for this book
    app.add_builder(ReaderIndexHTMLBuilder, override=True)
    app.connect("config-inited", _one_search_field)
    # Bump env_version when the fold or the choice of indexed nodes changes:
    # Sphinx then re-reads every page and writes a new index. (3: index entries kept across
    # rebuilds; a book built before had lost some and is written again in full.)
    return {"version": "1.0", "env_version": 3, "parallel_read_safe": True, "parallel_write_safe": True}
