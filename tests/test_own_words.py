"""The book tells the article in its own words: ../shared/tools/check_copying.py finds no copied passage.

One exception is made, visibly: a cell of the article's loss table is data that
data/losses_printed.csv must hold exactly as printed, and the longest cell is
13 words.  A reported passage is accepted only if it is such a cell, in that file.
"""
import re
import subprocess
import sys

from conftest import ARTICLE, ROOT, cx


def test_no_passage_copied_from_the_article(article_raw):
    checker = ARTICLE.parent.parent / "tools" / "check_copying.py"
    proc = subprocess.run([sys.executable, str(checker)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    cells = {" ".join(re.findall(r"[^\W_]+", c.lower())) for c in cx.load("losses_printed").cell}
    copied = []
    for line in proc.stdout.splitlines():
        m = re.match(r'(.+?): \d+ words shared with the article: "(.*)"$', line)
        if not m:
            continue
        path, passage = m.groups()
        if path == "data/losses_printed.csv" and passage in cells:
            continue  # a printed table cell, kept verbatim on purpose
        copied.append(line)
    assert not copied, "\n".join(copied)
    assert re.search(r"^\d+ passage", proc.stdout, re.M), proc.stdout[-500:]


def test_no_paragraph_follows_the_article_clause_by_clause(article_raw):
    """../shared/tools/check_paraphrase.py at its defaults: no paragraph of prose, caption, data
    cell, BibTeX note or Python string keeps 45 % or more of its content words in the article's
    own order (10 or more). A summary reorders, condenses and leaves out."""
    checker = ARTICLE.parent.parent / "tools" / "check_paraphrase.py"
    proc = subprocess.run([sys.executable, str(checker)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    assert re.search(r"^0 of \d+ paragraphs follow the article", proc.stdout, re.M), proc.stdout[-4000:]
