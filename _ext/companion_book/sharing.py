"""Shared links and crawlers, where the book has an address (metadata.Site):

- a card for shared links (og:image, 1200 × 630 px, the size link previews crop to),
  drawn at build time from the book's title in the charts' font and written as PNG
  by vl-convert (already the charts' renderer; no other image library);
- ``twitter:card`` so that the card shows large;
- a description (og:description, the description Zotero saves as the abstract)
  whose words read as on the page: pybtex writes a name's letters as separate
  text nodes (K, ı, n, ı, k), which the description's writer spaced apart;
- ``robots.txt`` that allows everything and names the sitemap. Crawlers read it
  at the root of a host only: it takes effect for a user site (owner.github.io),
  and for a project site once the pages move to a custom domain.

Without an address there is nothing to share or crawl, and none of this is written.
"""
from __future__ import annotations

import html
from pathlib import Path

from . import metadata

CARD = "_static/companion-card.png"
WIDTH, HEIGHT = 1200, 630
BACKGROUND, INK, MUTED = "#12263a", "#ffffff", "#c9d6e2"


def setup(app) -> None:
    app.connect("config-inited", configure, priority=410)   # after metadata.configure
    app.connect("builder-inited", write_card)
    app.connect("build-finished", write_robots)
    app.connect("doctree-resolved", join_split_text, priority=900)


def join_split_text(app, doctree, docname) -> None:
    """Adjacent text nodes joined into one (what the reader sees is unchanged)."""
    from docutils import nodes

    for parent in list(doctree.findall(nodes.Element)):
        children = parent.children
        i = 0
        while i < len(children) - 1:
            if isinstance(children[i], nodes.Text) and isinstance(children[i + 1], nodes.Text):
                parent[i] = nodes.Text(children[i] + children[i + 1])   # by place: equal texts recur
                del parent[i + 1]
            else:
                i += 1


def configure(app, config) -> None:
    if not config.companion_repository:
        return
    config.ogp_image = CARD   # relative: made absolute with the site's address
    config.ogp_image_alt = _title_lines(app)[0]
    config.ogp_custom_meta_tags = [*getattr(config, "ogp_custom_meta_tags", []),
                                   '<meta name="twitter:card" content="summary_large_image" />']


def _title_lines(app) -> tuple[str, str]:
    """The book's title and subtitle, as CITATION.cff gives them ("Title: Subtitle")."""
    title = metadata.citation_file(app)["title"]
    main, _, sub = title.partition(": ")
    return main, sub


def _lines(text: str, width: float, size: int) -> list[str]:
    """Words set in lines no wider than ``width`` px, measured in the charts' font (bold)."""
    from companion.chart_fit import text_width

    lines = [""]
    for word in text.split():
        candidate = f"{lines[-1]} {word}".strip()
        if lines[-1] and text_width(candidate, size, bold=True) > width:
            lines.append(word)
        else:
            lines[-1] = candidate
    return lines


def card_svg(title: str, subtitle: str, note: str) -> str:
    """The card: the title set in lines that fit, the subtitle and a note below it."""
    size, left = 64, 80
    lines = _lines(title, WIDTH - 2 * left, size)
    y = 120 + size
    text = []
    for line in lines:
        text.append(f'<text x="{left}" y="{y}" font-size="{size}" font-weight="bold" fill="{INK}">'
                    f'{html.escape(line)}</text>')
        y += round(size * 1.2)
    y += 30
    text.append(f'<text x="{left}" y="{y}" font-size="40" fill="{MUTED}">{html.escape(subtitle)}</text>')
    text.append(f'<text x="{left}" y="{HEIGHT - 70}" font-size="28" fill="{MUTED}">{html.escape(note)}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'font-family="DejaVu Sans"><rect width="100%" height="100%" fill="{BACKGROUND}"/>'
            + "".join(text) + "</svg>")


def write_card(app) -> None:
    if app.builder.format != "html" or not metadata.site(app).known:
        return
    import vl_convert as vlc

    title, subtitle = _title_lines(app)
    cff = metadata.citation_file(app)
    svg = card_svg(title, subtitle[:1].upper() + subtitle[1:], f"Version {cff['version']}")
    from companion.chart_contrast import require_contrast

    for ink in (INK, MUTED):   # the card's text is held to the charts' contrast rule
        require_contrast(ink, BACKGROUND, "the shared-link card")
    target = Path(app.outdir) / CARD
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(vlc.svg_to_png(svg))


def write_robots(app, exception) -> None:
    here = metadata.site(app)
    if exception or app.builder.format != "html" or not here.known:
        return
    (Path(app.outdir) / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\n\nSitemap: {here.pages_url}sitemap.xml\n", encoding="utf-8")
