"""Chart text a reader can read (chapters/companion/chart_contrast.py): WCAG 2's contrast
ratio, what lies under a text mark in a chart's layout, and the book's charts as built.

The build refuses a chart whose text reads under 4.5:1 on what it is drawn on (like the
text-fit check); here the rule is tried on small charts, one per case it must catch,
and on every design of every chart the built pages load.
"""
import json
import re

import pytest
import vl_convert as vlc

from companion import chart_contrast as cc  # noqa: E402
from conftest import HTML, cx  # noqa: F401  (cx puts the package on the path)


def test_contrast_ratios_are_wcags():
    assert round(cc.ratio((0, 0, 0), (255, 255, 255)), 1) == 21.0
    assert cc.ratio(cc.parse("#777777")[0], cc.parse("white")[0]) < 4.5 < cc.ratio(cc.parse("#767676")[0], (255,) * 3)
    assert cc.parse("transparent") is None and cc.parse("#fff8")[1] == pytest.approx(0x88 / 255)
    with pytest.raises(ValueError, match="not one the contrast check reads"):
        cc.parse("papayawhip")


def graph(layers: list[dict], **extra) -> dict:
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": 200, "height": 100,
            "data": {"values": [{"x": 1, "y": 1, "t": "12"}]}, "layer": layers, **extra}
    return vlc.vega_to_scenegraph(vlc.vegalite_to_vega(spec))


ENC = {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}}


def circle(colour: str, opacity: float = 1) -> dict:
    return {"mark": {"type": "circle", "size": 400, "color": colour, "opacity": opacity}, "encoding": ENC}


def label(colour: str, **mark) -> dict:
    return {"mark": {"type": "text", "color": colour, "fontWeight": "bold", **mark},
            "encoding": {**ENC, "text": {"field": "t"}}}


@pytest.mark.parametrize("layers, readable", [
    ([circle("#0072B2"), label("white")], True),                  # white on the book's blue: 5.1:1
    ([circle("#F0E442"), label("white")], False),                 # white on yellow: the fault of Fig. 4.1
    ([circle("#0072B2", 0.81), label("white")], False),           # a translucent circle is paler than its colour
    ([circle("#0072B2", 0.81), label("#000000")], True),
    ([label("#999999")], False),                                  # grey text on the page
    ([label("#222222", opacity=0.4)], False),                     # dark text made faint
    ([{"mark": {"type": "rule", "strokeWidth": 12, "color": "#D55E00"}, "encoding": {"y": ENC["y"]}},
      label("#ffffff")], False),                                  # a wide line is what the text sits on
    ([{"mark": {"type": "rule", "strokeWidth": 1, "color": "#D55E00"}, "encoding": {"y": ENC["y"]}},
      label("#222222")], True),                                   # a hairline is not
], ids=["white-on-blue", "white-on-yellow", "white-on-pale-blue", "black-on-pale-blue", "grey-text",
        "faint-text", "white-on-wide-rule", "ink-over-hairline"])
def test_the_check_finds_what_the_text_is_drawn_on(layers, readable):
    scene = graph(layers)
    if readable:
        cc.check_contrast(scene, "white", "a test chart")
    else:
        with pytest.raises(ValueError, match="under 4.5:1"):
            cc.check_contrast(scene, "white", "a test chart")


def test_best_ink_picks_what_reads():
    assert cc.best_ink("#F0E442", 0.81, ("#000000", "#ffffff")) == "#000000"
    assert cc.best_ink("#000000", 0.81, ("#000000", "#ffffff")) == "#ffffff"


def built_designs() -> list[tuple[str, dict]]:
    """The designs of every chart a built page loads (its data-spec)."""
    found, specs = [], set()
    for page in HTML.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        specs |= {(page.parent / s).resolve() for s in re.findall(r'data-spec="([^"]+\.json)"', text)}
    for path in sorted(specs):
        for design, vega in json.loads(path.read_text(encoding="utf-8")).items():
            if isinstance(vega, dict) and "marks" in vega:
                found.append((f"{path.stem}:{design}", vega))
    return found


def test_every_text_of_every_built_chart_reads_at_4_5_to_1():
    designs = built_designs()
    assert len(designs) >= 20, "the built pages' charts were not found"
    for name, vega in designs:
        cc.check_contrast(vlc.vega_to_scenegraph(vega), vega.get("background"), name)
