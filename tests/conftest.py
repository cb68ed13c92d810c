"""Shared test fixtures: paths, the helper module, the article text, the book's configuration."""
import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "chapters"))

import companion as cx  # noqa: E402

ARTICLE = ROOT.parent / "shared" / "article" / "article.txt"
HTML = ROOT / "_build" / "html"
LATEX = ROOT / "_build" / "latex"


@pytest.fixture(scope="session")
def article_raw() -> str:
    """The article text; skipped (with the reason) where ../shared is absent, failed in CI."""
    if not ARTICLE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the article at {ARTICLE}")
        pytest.skip(f"the article text is not at {ARTICLE} (a reader's clone has no ../shared)")
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def article(article_raw) -> str:
    return cx.fold(article_raw)


JUPYTER_BOOK = ROOT / ".venv" / "bin" / "jupyter-book"


def book_copy(tmp_path, root: str, *pages: str) -> Path:
    """The project's book in a temporary folder, with a table of contents of the pages named."""
    book = tmp_path / "book"
    ignore = shutil.ignore_patterns("_build", ".venv*", "node_modules", ".git", "screenshots", "__pycache__")
    shutil.copytree(ROOT, book, ignore=ignore)
    toc = f"format: jb-book\nroot: chapters/{root}\n"
    if pages:
        toc += "chapters:\n" + "".join(f"- file: chapters/{p}\n" for p in pages)
    (book / "_toc.yml").write_text(toc, encoding="utf-8")
    return book


def build_book(book: Path, **env) -> tuple[int, str]:
    """Build a book copy. No -W: a book of a few pages has dangling links to the others."""
    jb = JUPYTER_BOOK if JUPYTER_BOOK.exists() else shutil.which("jupyter-book")
    proc = subprocess.run([str(jb), "build", str(book)], env=dict(os.environ, **env), capture_output=True,
                          text=True, timeout=900)
    return proc.returncode, proc.stdout + proc.stderr


# --- The book's configuration and pages, for the citing and release tests -------------
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
CFF = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
DOCS = [c["file"] for part in TOC["parts"] for c in part["chapters"]]
PAGES = [TOC["root"]] + DOCS
NOTEBOOK_CHAPTERS = [d for d in DOCS if re.match(r"chapters/0\d_", d)]
PLACEHOLDER = "YOUR" + "-"          # spelled in two parts so that this file does not hold it
FALLBACK = "executablebooks/jupyter-book"
EXAMPLE = "example-owner/example-repo"
# A repository, a Pages site or a launch service (vega.github.io, the chart schema's home, is none).
ADDRESS_LIKE = re.compile(r"https?://(?:github\.com/|(?!vega\.)[\w-]+\.github\.io/|mybinder\.org/|colab\.research\.google\.com/)")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def metas(page: BeautifulSoup, name: str) -> list[str]:
    return [m["content"] for m in page.find_all("meta", attrs={"name": name})]


def figure_calls(code: str) -> list[ast.Call]:
    """The charts a notebook's code draws: its cx.figure(...) calls."""
    return [node for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute) and node.func.attr == "figure"]


def pytest_terminal_summary(terminalreporter):
    """The checks against the article's text skip where ../shared is absent (a reader's clone):
    say so in one visible line rather than among the skips."""
    if not ARTICLE.exists():
        terminalreporter.write_line(f"NOTE: the article text is not at {ARTICLE}: the tests that read it were "
                                    "skipped (they run in CI and wherever ../shared is present).", yellow=True)
