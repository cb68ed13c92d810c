"""Reading the built PDF and web pages as text, for the print tests."""
import re
import subprocess

from bs4 import BeautifulSoup

from conftest import HTML, LATEX

PDF = LATEX / "book.pdf"


def squash(text: str) -> str:
    """Text with all white space removed, for matching across lines. A word
    hyphenated at a line end keeps its hyphen, so it does not match the whole word."""
    return re.sub(r"\s+", "", text.replace("\u00ad", "")).replace("’", "'").replace("‘", "'")


def pdftotext(*options: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *options, str(PDF), "-"],
                          capture_output=True, text=True, check=True).stdout


def html_pages() -> list:
    return [(page, BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"))
            for page in sorted((HTML / "chapters").glob("*.html"))]
