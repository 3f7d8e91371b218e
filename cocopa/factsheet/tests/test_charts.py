import math
import re

import pytest
from lxml import etree

from cocopa.factsheet.charts import (
    DONUT_RADIUS,
    DONUT_SIZE,
    PRIMARY,
    TRACK,
    Bar,
    bar_chart,
    country_map,
    donut,
    world,
)

NS = {"s": "http://www.w3.org/2000/svg"}
REQUIRED_POINTS = ["PS", "LB", "HT", "IT", "IN", "LK", "BF", "ML", "SN", "MZ"]


def parse(svg: str) -> etree._Element:
    return etree.fromstring(svg.encode())


def text(element: etree._Element) -> str:
    return "".join(str(t) for t in element.itertext())


def texts(root: etree._Element) -> list[str]:
    return [text(t) for t in root.iterfind(".//s:text", NS)]


def attr(element: etree._Element, name: str) -> str:
    value = element.get(name)
    assert value is not None, name
    return str(value)


def one(root: etree._Element, path: str) -> etree._Element:
    found = root.find(path, NS)
    assert found is not None, path
    return found


def num(element: etree._Element, name: str) -> float:
    return float(attr(element, name))


def assert_accessible(root: etree._Element, prefix: str) -> None:
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{prefix}-title {prefix}-desc"
    first, second = list(root)[:2]
    assert first.tag == "{http://www.w3.org/2000/svg}title"
    assert first.get("id") == f"{prefix}-title"
    assert second.tag == "{http://www.w3.org/2000/svg}desc"
    assert second.get("id") == f"{prefix}-desc"
    assert len(root.get("viewBox").split()) == 4


def inside_view_box(root: etree._Element, x: float, y: float) -> bool:
    left, top, width, height = (float(v) for v in root.get("viewBox").split())
    return left <= x <= left + width and top <= y <= top + height


# ---- bars -------------------------------------------------------------------------------------------


def test_bar_lengths_are_proportional_to_the_values():
    root = parse(bar_chart([Bar("large", 8, "8"), Bar("small", 4, "4")], title="T", description="D"))

    widths = [num(r, "width") for r in root.iterfind(".//s:rect", NS)]

    assert widths[0] == pytest.approx(2 * widths[1], abs=0.1)
    assert all(r.get("fill") == PRIMARY for r in root.iterfind(".//s:rect", NS))


def test_a_zero_bar_draws_nothing_but_keeps_its_labels():
    svg = bar_chart(
        [Bar("large", 8, "8"), Bar("none", 0, "0", note="fewer than 1")], title="T", description="D"
    )
    root = parse(svg)

    assert len(root.findall(".//s:rect", NS)) == 1
    assert {"large", "8", "none", "0", "fewer than 1"} <= set(texts(root))


def test_all_zero_or_no_bars_render():
    assert parse(bar_chart([Bar("a", 0, "0")], title="T", description="D")).find(".//s:rect", NS) is None
    assert_accessible(parse(bar_chart([], title="T", description="D")), "bars")


def test_long_labels_wrap_inside_the_view_box():
    label = "a municipality label that goes on and on " * 4
    root = parse(bar_chart([Bar(label, 3, "3", note=label)], title="T", description="D"))

    width = float(root.get("viewBox").split()[2])
    lines = root.findall(".//s:text", NS)
    assert len(lines) > 3
    for line in lines:
        estimate = num(line, "x") + len(text(line)) * num(line, "font-size") * 0.6
        assert estimate <= width
        assert inside_view_box(root, num(line, "x"), num(line, "y"))


def test_bar_chart_is_an_accessible_image():
    root = parse(bar_chart([Bar("a", 1, "1")], title="Members", description="By size", id_prefix="size"))

    assert_accessible(root, "size")
    assert root.find("s:title", NS).text == "Members"
    assert root.find("s:desc", NS).text == "By size"


# ---- donut -------------------------------------------------------------------------------------------


def arc_fraction(root: etree._Element) -> float:
    """The share of the ring the arc path covers, from its end point and large-arc flag."""
    d = attr(one(root, ".//s:path"), "d")
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    large, x, y = numbers[5], numbers[7], numbers[8]
    c = DONUT_SIZE / 2
    assert math.hypot(x - c, y - c) == pytest.approx(DONUT_RADIUS, abs=0.05)
    angle = math.atan2(x - c, c - y) % (2 * math.pi)
    assert (angle > math.pi) == bool(large)
    return angle / (2 * math.pi)


def coloured(root: etree._Element, colour: str) -> list[etree._Element]:
    return [e for e in root.iter() if e.get("stroke") == colour or e.get("fill") == colour]


def test_donut_arc_covers_the_share():
    root = parse(donut(7, 10, title="T", description="D", centre_label="70.0 %"))

    assert arc_fraction(root) == pytest.approx(0.7, abs=0.001)
    assert "70.0 %" in texts(root)
    assert_accessible(root, "donut")


def test_donut_small_share_uses_the_small_arc():
    assert arc_fraction(parse(donut(1, 4, title="T", description="D", centre_label="25 %"))) == pytest.approx(
        0.25
    )


@pytest.mark.parametrize(("part", "whole"), [(0, 10), (3, 0), (3, -1), (-2, 10)])
def test_an_empty_donut_draws_only_the_track(part, whole):
    root = parse(donut(part, whole, title="T", description="D", centre_label="0 %"))

    assert root.find(".//s:path", NS) is None
    assert coloured(root, PRIMARY) == []
    assert len(coloured(root, TRACK)) == 1


@pytest.mark.parametrize(("part", "whole"), [(10, 10), (12, 10)])
def test_a_full_donut_is_a_whole_ring(part, whole):
    root = parse(donut(part, whole, title="T", description="D", centre_label="100.0 %"))

    full = coloured(root, PRIMARY)
    assert len(full) == 1
    assert full[0].tag == "{http://www.w3.org/2000/svg}circle"


def test_a_long_centre_label_shrinks_to_fit():
    root = parse(donut(1, 2, title="T", description="D", centre_label="50.0 % of all municipalities"))

    label = one(root, ".//s:text")
    assert len(text(label)) * num(label, "font-size") * 0.6 <= 2 * DONUT_RADIUS


# ---- map ---------------------------------------------------------------------------------------------


def test_the_shipped_outlines_have_a_point_for_every_country_we_work_in():
    countries = world()["countries"]
    for code in REQUIRED_POINTS:
        assert {"x", "y"} <= set(countries[code]), code
    assert "d" in countries["IT"]
    assert "d" not in countries["CV"]


def markers(root: etree._Element) -> dict[str, str]:
    """Marker title -> the number it shows."""
    return {
        text(one(g, "s:title")): text(one(g, "s:text"))
        for g in root.iterfind(".//s:g", NS)
        if g.find("s:title", NS) is not None
    }


def test_map_highlights_and_marks_the_given_countries():
    names = {"LB": "Lebanon", "SN": "Senegal", "CV": "Cape Verde"}
    root = parse(country_map({"LB": 3, "SN": 12, "CV": 1, "ZZ": 4}, names=names, title="T", description="D"))

    shapes = root.findall(".//s:path", NS)
    highlighted = [p for p in shapes if p.get("fill") == PRIMARY]
    assert len(highlighted) == 2  # Cape Verde has no outline, Lebanon and Senegal have
    assert all(p.get("fill") == TRACK for p in shapes if p not in highlighted)
    assert len(shapes) > 150
    assert markers(root) == {"Lebanon": "3", "Senegal": "12", "Cape Verde": "1"}
    assert_accessible(root, "map")


def test_markers_do_not_overlap_and_stay_in_view():
    crowded = dict.fromkeys(["PS", "LB", "IL", "JO", "SY", "IT", "MT", "TN", "HT", "DO", "IN", "LK"], 100)
    root = parse(country_map(crowded, names={}, title="T", description="D"))

    circles = [one(g, "s:circle") for g in root.iterfind(".//s:g", NS) if g.find("s:title", NS) is not None]
    assert len(circles) == len(crowded)
    spots = [(num(c, "cx"), num(c, "cy"), num(c, "r")) for c in circles]
    for i, (x1, y1, r1) in enumerate(spots):
        assert inside_view_box(root, x1 - r1, y1 - r1)
        assert inside_view_box(root, x1 + r1, y1 + r1)
        for x2, y2, r2 in spots[i + 1 :]:
            assert math.hypot(x2 - x1, y2 - y1) >= r1 + r2
    assert set(markers(root)) == set(crowded)  # no name given: the code stands in


def test_map_without_countries_is_all_grey():
    root = parse(country_map({}, names={}, title="T", description="D", id_prefix="world"))

    assert {p.get("fill") for p in root.iterfind(".//s:path", NS)} == {TRACK}
    assert_accessible(root, "world")


# ---- escaping and rendering ---------------------------------------------------------------------------

EVIL = '<script>alert("x")</script> & Co'


def all_charts(text: str) -> list[str]:
    return [
        bar_chart([Bar(text, 2, text, note=text)], title=text, description=text, id_prefix="b"),
        donut(1, 2, title=text, description=text, centre_label=text, id_prefix="d"),
        country_map({"LB": 2}, names={"LB": text}, title=text, description=text, id_prefix="m"),
    ]


def test_caller_text_is_escaped():
    for svg in all_charts(EVIL):
        assert "<script>" not in svg
        assert "&lt;script&gt;" in svg
        root = parse(svg)
        assert root.find("s:title", NS).text == EVIL
        assert root.find(".//s:script", NS) is None


def test_each_chart_renders_into_a_one_page_pdf():
    from weasyprint import HTML  # type: ignore[import-untyped]

    for svg in all_charts("Iniziative per paese"):
        html = f"<html><head><style>@page {{ size: A4; margin: 2cm }}</style></head><body><div>{svg}</div></body></html>"
        document = HTML(string=html).render()
        assert len(document.pages) == 1
        assert document.write_pdf().startswith(b"%PDF")
