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


def test_no_list_item_follows_the_article_clause_by_clause(article_raw, tmp_path):
    """The same tool, each bullet of the chapters scored alone: it scores a list as one paragraph,
    where one bullet that follows the article is diluted by its neighbours (planted: 47 % alone,
    0.44 within its list)."""
    items = re.compile(r"^(?:[-*]|\d+\.) .*(?:\n[ \t]+\S.*)*", re.M)
    (tmp_path / "shared").symlink_to(ARTICLE.parent.parent.parent)
    book = tmp_path / "book"
    for page in sorted((ROOT / "chapters").glob("*.md")):
        found = items.findall(re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.S | re.M))
        (book / "chapters").mkdir(parents=True, exist_ok=True)
        (book / "chapters" / page.name).write_text("\n\n".join(found) + "\n", encoding="utf-8")
    checker = ARTICLE.parent.parent / "tools" / "check_paraphrase.py"
    proc = subprocess.run([sys.executable, str(checker), "chapters"], cwd=book, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    assert re.search(r"^0 of \d+ paragraphs follow the article", proc.stdout, re.M), proc.stdout[-4000:]


def _words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+(?:['’][^\W_]+)?", text.lower())).replace("’", "'")


def _allowed() -> set[str]:
    """What may repeat the article: a printed loss-table cell, and the article's title (from
    references.bib), which every citation of it repeats."""
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    title = re.search(r"@\w+\{kinik2021,.*?\btitle\s*=\s*\{(.*?)\},\n", bib, re.S).group(1)
    return {_words(c) for c in cx.load("losses_printed").cell} | {_words(re.sub(r"[{}]", "", title))}


def _prose(doc: str) -> str:
    """A built page's running text: paragraphs and list items outside tables, charts and code."""
    from built_pages import article

    page = article(doc)
    blocks = [el for el in page.select("p, li, dd")
              if not el.find_parent(["table", "pre", "figure"]) and not el.find_parent(class_="cell_input")]
    text = "\n\n".join(" ".join(el.get_text(" ").split()) for el in blocks)
    for title in cx.article.SECTION_TITLES.values():      # the chapters' titles are the article's headings
        text = text.replace(title, "[section]").replace(title.replace("'", "’"), "[section]")
    return text


def test_no_passage_of_the_article_in_what_the_reader_sees(article_raw, tmp_path):
    """The sources are checked above; this reads what a reader gets, the running text of every
    built page: a sentence pasted with its figures written as roles reads whole here, where the
    markup in the source splits it into pieces. (Tables are data, checked in their CSV files:
    printed side by side, short cells would join into long runs of the article's own labels.)"""
    from built_pages import DOCS
    from conftest import HTML

    assert (HTML / ".built").exists(), "build the book first (make test does)"
    for doc in DOCS:
        (tmp_path / f"{doc.replace('/', '-')}.txt").write_text(_prose(doc), encoding="utf-8")
    checker = ARTICLE.parent.parent / "tools" / "check_copying.py"
    proc = subprocess.run([sys.executable, str(checker), str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    assert re.search(r"^\d+ passage", proc.stdout, re.M), proc.stdout[-500:]
    allowed = _allowed()
    copied = [line for line in proc.stdout.splitlines()
              if (m := re.match(r'(.+?): \d+ words shared with the article: "(.*)"$', line)) and m.group(2) not in allowed]
    assert not copied, "\n".join(copied)
