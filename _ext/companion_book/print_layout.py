"""The print book: what the LaTeX builder does differently from the web, in one place."""
from __future__ import annotations

from docutils import nodes
from sphinx import addnodes


def drop_folded_code(doctree) -> None:
    """The PDF shows a cell's code only where the web page shows it unfolded:
    cells tagged hide-input (folded on the web) lose their source in print."""
    for cell in list(doctree.findall(lambda n: isinstance(n, nodes.container) and "cell" in n["classes"])):
        if "tag_hide-input" in cell["classes"]:
            for child in list(cell.children):
                if "cell_input" in child.get("classes", []):
                    cell.remove(child)


def home_as_unnumbered_chapter(doctree) -> None:
    """In print, the home page's sections would each become a numbered chapter
    and shift every chapter's (and figure's) number away from the web book's.
    Make the home page one unnumbered chapter, "About this companion", with its
    sections as run-in headings."""
    root = next((c for c in doctree.children if isinstance(c, nodes.section)), None)
    if root is None:
        return
    own = [c for c in root.children if isinstance(c, nodes.section) and not any(c.findall(addnodes.start_of_file))]
    if not own:
        return
    heading = nodes.raw("", "\\chapter*{About this companion}\n\\addcontentsline{toc}{chapter}{About this companion}\n",
                        format="latex")
    title = next((i for i, c in enumerate(root.children) if isinstance(c, nodes.title)), -1)
    root.insert(title + 1, heading)
    for sec in own:
        title = sec.next_node(nodes.title)
        rubric = nodes.rubric(title.astext(), title.astext(), ids=list(sec["ids"]))
        at = root.index(sec)
        root.remove(sec)
        for i, child in enumerate([rubric] + [c for c in sec.children if c is not title]):
            root.insert(at + i, child)
