"""Statements that cite their passage: the passage register (data/passages.csv) and the
pinpoints ({passage}`CO05`) in the prose.

The register is checked against the article's text (each locator inside the section its
row names; each endnote the one the article prints after it), the prose against the
register (every pinpoint names a passage, every passage is retold, every paragraph that
reports the article carries a pinpoint), and the built page against both."""
import re

import pytest

from conftest import HTML, ROOT, cx, soup

REGISTER = cx.passages.register()
PROSE_PAGES = ["chapters/index"] + sorted(f"chapters/{p.stem}" for p in ROOT.glob("chapters/0[1-6]_*.md"))
PINPOINT = re.compile(r"\{passage\}`([^`]*)`")
ROLE_TITLE = re.compile(r"\{[\w:-]+\}`([^`<]*?)\s*(?:<[^`]*>)?`")   # a role as the reader sees it


def test_the_register_is_in_the_articles_order_and_numbered_within_sections():
    order = {s: i for i, s in enumerate(cx.SECTIONS)}
    ids = list(REGISTER)
    sections = [REGISTER[i].section for i in ids]
    assert sections == sorted(sections, key=order.get), "rows out of the article's order of sections"
    for prefix in {i[:2] for i in ids}:
        numbers = [int(i[2:]) for i in ids if i[:2] == prefix]
        assert numbers == list(range(1, len(numbers) + 1)), f"{prefix}: numbered {numbers}"


def test_each_locator_is_three_to_eight_words_found_in_its_own_section(article_raw):
    sections = cx.article.sections(article_raw)
    for p in REGISTER.values():
        assert 3 <= len(p.locator.split()) <= 8, f"{p.id}: locator of {len(p.locator.split())} words"
        assert cx.fold(p.locator) in sections[p.section], f"{p.id}: {p.locator!r} is not in the section {p.section!r}"


def _endnote_positions(text: str) -> dict[int, int]:
    """Where each endnote number stands in the folded article: the numbers run 2, 3, ... 79
    in order, glued to the word or punctuation before them ('conflict.2', 'offensive51')."""
    found, at = {}, 0
    for n in range(2, 80):
        m = re.compile(rf"(?<!tb)(?<!mk-)(?<=[a-z.)'\"’”:;,]){n}(?!\d)").search(text, at)
        assert m, f"endnote {n} not found after position {at}"
        found[n], at = m.start(), m.end()
    return found


def test_each_endnote_is_the_first_the_article_prints_after_the_locator(article):
    """The oracle is the article's text, not the register: after the locator (or one of its
    occurrences, when a pull quote repeats it) the next endnote number must be the one recorded."""
    positions = sorted((at, n) for n, at in _endnote_positions(article).items())
    wrong = []
    for p in REGISTER.values():
        if p.endnote is None:
            continue
        starts = [m.start() for m in re.finditer(re.escape(cx.fold(p.locator)), article)]
        following = {next((n for at, n in positions if at >= s), None) for s in starts}
        if p.endnote not in following:
            wrong.append(f"{p.id}: endnote {p.endnote} recorded, the article prints {sorted(following)} next")
    assert not wrong, wrong


def _pinpoints(page: str) -> list[tuple[int, str]]:
    text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    return [(text[: m.start()].count("\n") + 1, pid) for m in PINPOINT.finditer(text)
            for pid in re.split(r"[,\s]+", m.group(1).strip()) if pid]


def test_every_pinpoint_names_a_passage_of_the_register():
    unknown = [f"{page}.md:{line}: {pid}" for page in cx.passages.pages() for line, pid in _pinpoints(page)
               if pid not in REGISTER]
    assert not unknown, unknown


def test_every_passage_is_retold_somewhere():
    retold = {pid for page in cx.passages.pages() if page != cx.passages.REGISTER_PAGE
              for _, pid in _pinpoints(page)}
    assert set(REGISTER) - retold == set(), "passages of the register that no page retells"


# A paragraph that reports what the article, its authors or a source it quotes says: a reporting
# verb after one of those subjects, or a phrase that attributes ("according to", "in the authors' view").
SUBJECT = r"(?:the article|the authors?|they|observers|analysts|the abstract|the introduction|the conclusion|the section)"
VERB = (r"(?:says?|said|writes?|wrote|argues?|adds?|notes?|calls?|describes?|reports?|credits?|counts?|judges?|sees?"
        r"|names?|lists?|holds?|stress(?:es)?|expects?|concludes?|presents?|treats?|explains?|warns?|mentions?"
        r"|quotes?|cites?|relays?|attributes?|suggests?|grants?|announces?|states?|gives?|puts?|thinks?|finds?|doubts?)")
ATTRIBUTION = re.compile(
    rf"\b{SUBJECT}\b[^.;:()]{{0,40}}?\b{VERB}\b"
    r"|\b(?:according to|reportedly|is said to|is regarded as|in (?:the article's|the authors'|their) "
    r"(?:view|account|words|reading|telling|phrase|summary|judgement|forecast|argument))\b", re.I)


def _paragraphs(page: str):
    """The page's prose blocks (paragraphs, list items, notes), without code cells, figure
    captions, table directives or the closing "Sources for this chapter" section."""
    lines = (ROOT / f"{page}.md").read_text(encoding="utf-8").splitlines()
    if lines and lines[0] == "---":                     # the notebook's front matter
        lines = [""] * (lines.index("---", 1) + 1) + lines[lines.index("---", 1) + 1:]
    block, start, fence, skip = [], 0, None, False
    for n, line in enumerate(lines + [""], start=1):
        s = line.strip()
        if fence:
            if s.startswith(fence) and not s[len(fence):].strip():
                fence = None
            continue
        opener = re.match(r"^(`{3,}|:{3,})\s*\{([\w:-]+)\}", s)
        if opener and opener.group(2) not in ("note", "important", "only", "admonition"):
            fence = opener.group(1)        # code cells, figures, tables, raw blocks: not prose
            continue
        if s.startswith("#"):
            skip = s.lstrip("#").strip().startswith("Sources for this")
        if not s or s.startswith(("#", ":::", "```", "%", "|")) or re.fullmatch(r"\([\w-]+\)=", s):
            if block and not skip:
                yield start, " ".join(block)
            block = []
            continue
        if block and re.match(r"(?:[-*]|\d+\.) ", s):     # each list item is a block of its own
            yield start, " ".join(block)
            block = []
        if not block:
            start = n
        block.append(s)


@pytest.mark.parametrize("page", PROSE_PAGES)
def test_every_paragraph_that_reports_the_article_carries_a_pinpoint(page):
    missing = [f"{page}.md:{n}: {text[:90]}…" for n, text in _paragraphs(page)
               if ATTRIBUTION.search(ROLE_TITLE.sub(r"\1", text)) and not PINPOINT.search(text)]
    assert not missing, "\n".join(missing)


# --- the built page ------------------------------------------------------------------
def test_pinpoints_link_to_their_rows_with_a_word_for_screen_readers():
    register = soup(HTML / f"{cx.passages.REGISTER_PAGE}.html")
    rows = {el["id"] for el in register.select("table.passage-register tbody [id]")}
    assert rows == {p.anchor for p in REGISTER.values()}
    for page in PROSE_PAGES:
        pins = soup(HTML / f"{page}.html").select("sup.pin a.pin")
        expected = [pid for _, pid in _pinpoints(page)]
        assert [a.get_text("", strip=True).removeprefix("passage") for a in pins] == expected, page
        for a in pins:
            pid = a.get_text("", strip=True).removeprefix("passage")
            assert a["href"].endswith(f"appendix_h_passages.html#passage-{pid.lower()}"), a
            assert a.select_one(".visually-hidden").get_text() == "passage "
            assert REGISTER[pid].section_title in a["data-tip"] and REGISTER[pid].locator in a["data-tip"]


def test_the_register_links_back_to_each_retelling():
    register = soup(HTML / f"{cx.passages.REGISTER_PAGE}.html")
    for row in register.select("table.passage-register tbody tr"):
        links = row.select("td:last-child a")
        assert links, row.get_text(" ", strip=True)[:80]
        for a in links:
            page, _, ident = a["href"].partition("#")
            target = soup((HTML / cx.passages.REGISTER_PAGE).parent / page)
            assert target.find(id=ident) is not None, a["href"]


# --- figures in the prose ---------------------------------------------------------
STANDALONE_NUMBER = re.compile(r"(?<![\w.,-])\d[\d,.]*(?![\w-])")
ENDNOTES = re.compile(r"\bendnotes? \d+(?:(?:,| and| to|–)\s?\d+)*")


@pytest.mark.parametrize("page", PROSE_PAGES[1:])
def test_no_number_in_the_prose_of_chapters_1_to_6_without_a_role(page):
    """Every number a reader sees in the retelling names its record: a figure of the article
    ({art}), a computation ({calc}) or a later source ({later}). Endnote numbers are locators,
    not figures; names that contain digits (TB2, MK-82, France24) are names."""
    bare = []
    for n, text in _paragraphs(page):
        rest = ENDNOTES.sub("", re.sub(r"\{[\w:-]+\}`[^`]*`|`[^`]*`", "", text))
        bare += [f"{page}.md:{n}: {m.group(0)!r} in “…{rest[max(0, m.start() - 40):m.end() + 20]}…”"
                 for m in STANDALONE_NUMBER.finditer(rest)]
    assert not bare, "\n".join(bare)
