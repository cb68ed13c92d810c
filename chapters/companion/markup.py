"""Markdown that the package writes into a notebook's output, in the form its reader reads.

A book build parses Markdown output as MyST, with labels and roles; JupyterLab,
Binder and Colab render plain Markdown, where the same syntax would show as
raw text. These helpers write the one or the other.
"""
from __future__ import annotations

import html

from .data import BOOK_BUILD


def target(label: str) -> str:
    """A place that links can point to: a MyST label in the book, an HTML anchor elsewhere."""
    return f"({label})=" if BOOK_BUILD else f'<a id="{html.escape(label, quote=True)}"></a>'


def download(text: str, path: str) -> str:
    """A link to a file of the repository (a path relative to chapters/): a download in the book."""
    return f"{{download}}`{text} <{path}>`" if BOOK_BUILD else f"[{text}]({path})"


def plain(text: str) -> str:
    """Text that Markdown shows as it is: no emphasis, code, maths, HTML or table cell break."""
    escaped = html.escape(" ".join(str(text).split()), quote=False)
    return "".join("\\" + ch if ch in "\\|*_`$[]" else ch for ch in escaped)


def pipe_table(header: list[str], rows: list[list[str]], caption: str | None = None) -> str:
    """A table as plain Markdown (a pipe table), with its caption above it."""
    lines = ["| " + " | ".join(map(plain, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(map(plain, row)) + " |" for row in rows]
    return (f"*{plain(caption)}*\n\n" if caption else "") + "\n".join(lines)
