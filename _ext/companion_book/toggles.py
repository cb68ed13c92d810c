"""The "Show code cell source" toggles: their accessible name is their visible text.

myst-nb writes each toggle as a <summary aria-label="Toggle hidden content">
around the visible "Show code cell source". A name that differs from the
visible text is what axe-core's label-content-name-mismatch rule reports
(a speech user says what they see). This writes the same toggle without the
aria-label, through Sphinx's way to replace how a node is written, and with its
two labels as <span>s: a <p> may not sit in a <summary> (the W3C checker's most
frequent error on the book). companion.css gives the spans myst-nb's <p> rules.
"""
from __future__ import annotations

from html import escape

from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput


def visit_toggle(self, node: HideCodeCellNode) -> None:
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n'
                     f'<span class="collapsed admonition-title">{escape(node["prompt_show"])}</span>\n'
                     f'<span class="expanded admonition-title">{escape(node["prompt_hide"])}</span>\n'
                     "</summary>\n")


def setup(app):
    app.setup_extension("myst_nb")    # its own registration of the node must come first
    app.add_node(HideCodeCellNode, override=True, html=(visit_toggle, depart_HideCellInput))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
