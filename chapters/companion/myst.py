"""MyST Markdown of a chapter as plain Markdown that JupyterLab, Binder and Colab render.

The book's prose uses roles (``{art}`44 <C007>```, ``{verdict}`x```, ``{numref}``...)
and directives (``{glue:figure}``, ``{dropdown}``, ``{figure-sources}``...) that only
a book build understands. ``convert()`` writes each as the text a reader of the
notebook needs: a figure with the record it names (linked to the online book when
the book has an address), a verdict as words marked as the companion's reading, a
caption as a paragraph, notes as quotations. A role or directive it does not know
stops it, naming the page, so that nothing reaches a notebook as raw syntax.

The page's context (numbers, labels, records, the book's address) comes from a
``companion.notebooks.Page``.
"""
from __future__ import annotations

import re
import unicodedata

DIRECTIVE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<arg>.*)$")
CODE_FENCE = re.compile(r"^ *(?P<fence>`{3,}|~{3,})")
OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")
LABEL_LINE = re.compile(r"^\((?P<label>[^()\s]+)\)=\s*$")
INLINE = re.compile(r"\{(?P<role>[a-z][\w:-]*)\}`(?P<body>[^`]*)`|(?P<ticks>`+).+?(?P=ticks)", re.S)
TITLED = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
ADMONITIONS = {"note": "Note", "important": "Important", "tip": "Tip", "warning": "Warning", "hint": "Hint",
               "attention": "Attention", "caution": "Caution", "seealso": "See also", "admonition": ""}
DROPPED = {"only", "raw", "tabularcolumns"}   # content for the page or the print only


class ConversionError(ValueError):
    """A chapter holds MyST that has no notebook form yet."""


def titled(body: str) -> tuple[str | None, str]:
    """(title, target) of a role's text: "2020 <C162>" -> ("2020", "C162"); "C162" -> (None, "C162")."""
    m = TITLED.match(body.strip())
    return (m.group("title"), m.group("target").strip()) if m else (None, body.strip())


def inline(text: str, page) -> str:
    """Every role of the text in its notebook form; code spans stay as they are."""
    def one(match: re.Match) -> str:
        if match.group("role") is None:
            return match.group(0)
        return page.role(match.group("role"), match.group("body"))
    return INLINE.sub(one, text)


def _definition_lists(lines: list[str]) -> list[str]:
    """MyST's "term / : definition" as a paragraph that starts with the term in bold."""
    out = []
    for line in lines:
        if line.startswith(": ") and out and out[-1].strip() and not out[-1].startswith((":", " ")):
            out[-1] = f"**{out[-1].strip()}:** {line[2:]}"
        else:
            out.append(line)
    return out


def _close(lines: list[str], start: int, fence: str) -> int:
    """The index of the line that closes the block opened at ``start`` (nested blocks of the same fence count)."""
    depth = 1
    for i in range(start + 1, len(lines)):
        opened = DIRECTIVE.match(lines[i])
        if opened and opened.group("fence") == fence:
            depth += 1
        elif lines[i].strip() == fence:
            depth -= 1
            if depth == 0:
                return i
    raise ConversionError(f"a block opened with {fence} is never closed")


def _options(body: list[str]) -> tuple[dict[str, str], list[str]]:
    options, i = {}, 0
    while i < len(body) and (m := OPTION.match(body[i].strip())):
        options[m.group("key")] = m.group("value")
        i += 1
    return options, body[i:]


def convert(text: str, page) -> str:
    """A Markdown cell of a chapter in its notebook form ("" when nothing of it is for a notebook)."""
    lines, out, prose = text.split("\n"), [], []

    def flush():
        if prose:
            out.append(inline("\n".join(_definition_lists(prose)), page))
            prose.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        directive, fence = DIRECTIVE.match(line), CODE_FENCE.match(line)
        if directive:
            end = _close(lines, i, directive.group("fence"))
            options, content = _options([body[len(directive.group("indent")):] for body in lines[i + 1:end]])
            flush()
            out.append(_directive(directive.group("name"), directive.group("arg").strip(), options,
                                  "\n".join(content).strip("\n"), page))
            i = end + 1
            continue
        if fence:   # a plain code block: as it is
            end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == fence.group("fence")), len(lines) - 1)
            flush()
            out.append("\n".join(lines[i:end + 1]))
            i = end + 1
            continue
        if not LABEL_LINE.match(line) and not line.startswith("% "):    # labels and comments are for the build
            prose.append(line)
        i += 1
    flush()
    return re.sub(r"\n{3,}", "\n\n", "\n\n".join(part.strip("\n") for part in out if part.strip())).strip()


def _directive(name: str, arg: str, options: dict[str, str], content: str, page) -> str:
    if name in DROPPED:
        return ""
    if name == "glue:figure":
        return page.figure_caption(options.get("name"), convert(content, page))
    if name in ("glue:", "glue"):
        return page.glued(arg)
    if name == "dropdown":
        inner = convert(content, page)
        return f"<details><summary>{inline(arg, page)}</summary>\n\n{inner}\n\n</details>" if inner else ""
    if name in ADMONITIONS:
        heading = inline(arg, page) if name == "admonition" else ADMONITIONS[name]
        inner = convert(content, page)
        return "\n".join("> " + line if line else ">" for line in f"**{heading}**\n\n{inner}".split("\n"))
    if name == "figure-sources":
        return page.figure_sources()
    if name == "passage-register":
        return page.passage_register()
    if name == "reproduction-report":
        return page.reproduction_report()
    if name == "bibliography":
        return page.bibliography(options.get("filter", ""))
    if name == "glossary":
        return glossary(content, "sorted" in options, page)
    raise ConversionError(f"{page.name}: the directive {{{name}}} has no notebook form (companion/myst.py)")


def glossary(content: str, sort: bool, page) -> str:
    """A glossary as a list: each entry's terms in bold, then its definition."""
    entries = []
    for block in re.split(r"\n\s*\n(?=\S)", content.strip()):
        lines = block.split("\n")
        terms = [line.strip() for line in lines if line and not line.startswith(" ")]
        definition = " ".join(line.strip() for line in lines if line.startswith(" "))
        entries.append((terms, inline(definition, page)))
    if sort:
        entries.sort(key=lambda entry: unicodedata.normalize("NFD", entry[0][0].lower()))   # as Sphinx sorts
    return "\n".join(f"- **{terms[0]}**" + (f" ({', '.join(terms[1:])})" if terms[1:] else "") + f": {definition}"
                     for terms, definition in entries)
