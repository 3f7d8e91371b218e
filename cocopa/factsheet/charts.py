"""The factsheet's pictures as inline SVG: a bar chart, a donut and a world map.

Pure functions from plain values to markup that browsers and WeasyPrint both draw: no
JavaScript, no stylesheet, no external reference. Every text that comes from the caller is
escaped; the only unescaped parts are numbers and path data computed here or read from the
committed `data/world.json` (Natural Earth, see `data/README.md`).

Each SVG is an accessible image (`role="img"` named by its own `<title>` and `<desc>`), scales
to its container's width through its `viewBox`, and carries a width and height in pixels for
renderers that need an intrinsic size. The inline style `width: 100%; height: auto` makes it
fill its container in browsers and in WeasyPrint alike (WeasyPrint ignores `max-width` here and
would keep the attribute height), so size the container, not the SVG.
"""

import json
import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypedDict

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

FONT = "Titillium Web, sans-serif"
PRIMARY = "#0066cc"  # Bootstrap Italia primary: 5.6:1 on white
DARK = "#003366"  # markers: white text on it is 12.6:1
TEXT = "#1a1a1a"
MUTED = "#5c6f82"  # notes: 5.0:1 on white
TRACK = "#d9e1e8"  # empty part of the donut, land without initiatives
CHAR_WIDTH = 0.6  # a conservative average glyph width, in font sizes


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    value_label: str
    note: str = ""


def _num(x: float) -> str:
    """A coordinate for SVG: at most one decimal, no trailing zeros."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_WIDTH


def _wrap(text: str, size: float, width: float) -> list[str]:
    return textwrap.wrap(text, max(1, int(width / (size * CHAR_WIDTH)))) or [""]


def _svg(
    content: SafeString,
    *,
    width: float,
    height: float,
    title: str,
    description: str,
    id_prefix: str,
    view_box: tuple[float, float, float, float] | None = None,
) -> SafeString:
    box = view_box or (0.0, 0.0, width, height)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="{}" width="{}" height="{}" '
        'preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="{}-title {}-desc" '
        'font-family="{}" style="width: 100%; height: auto;">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        " ".join(_num(v) for v in box),
        _num(width),
        _num(height),
        id_prefix,
        id_prefix,
        FONT,
        id_prefix,
        title,
        id_prefix,
        description,
        content,
    )


def _lines(
    lines: list[str], *, x: float, y: float, size: float, fill: str, leading: float, weight: str = "normal"
) -> SafeString:
    return mark_safe(
        "".join(
            format_html(
                '<text x="{}" y="{}" font-size="{}" font-weight="{}" fill="{}">{}</text>',
                _num(x),
                _num(y + i * leading),
                _num(size),
                weight,
                fill,
                line,
            )
            for i, line in enumerate(lines)
        )
    )


# ---- bar chart --------------------------------------------------------------------------------------

BAR_WIDTH = 400.0  # drawn at about 8 cm wide in the PDF, labels come out at 8 pt
BAR_HEIGHT = 22.0
LABEL_SIZE = 16.0
NOTE_SIZE = 13.0
VALUE_SIZE = 15.0


def bar_chart(bars: Sequence[Bar], *, title: str, description: str, id_prefix: str = "bars") -> SafeString:
    """Horizontal bars, one per row: the label (and its note) above, the value after the bar.

    Bar lengths are proportional to the values, the longest taking the width left after the
    widest value label. A zero (or negative) value draws no bar but keeps its row and labels.
    """
    top = max((bar.value for bar in bars), default=0)
    value_room = max((_text_width(bar.value_label, VALUE_SIZE) for bar in bars), default=0.0) + 8
    track = BAR_WIDTH - value_room
    parts: list[SafeString] = []
    y = 0.0
    for bar in bars:
        label = _wrap(bar.label, LABEL_SIZE, BAR_WIDTH)
        parts.append(
            _lines(
                label,
                x=0,
                y=y + LABEL_SIZE,
                size=LABEL_SIZE,
                fill=TEXT,
                leading=LABEL_SIZE * 1.25,
                weight="bold",
            )
        )
        y += len(label) * LABEL_SIZE * 1.25
        if bar.note:
            note = _wrap(bar.note, NOTE_SIZE, BAR_WIDTH)
            parts.append(
                _lines(note, x=0, y=y + NOTE_SIZE, size=NOTE_SIZE, fill=MUTED, leading=NOTE_SIZE * 1.25)
            )
            y += len(note) * NOTE_SIZE * 1.25
        y += 4
        # the smallest positive value still shows a sliver of a bar
        length = max(track * bar.value / top, 2.0) if top > 0 and bar.value > 0 else 0.0
        if length > 0:
            parts.append(
                format_html(
                    '<rect x="0" y="{}" width="{}" height="{}" fill="{}"/>',
                    _num(y),
                    _num(length),
                    _num(BAR_HEIGHT),
                    PRIMARY,
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>',
                _num(length + 6),
                _num(y + BAR_HEIGHT / 2 + VALUE_SIZE * 0.35),
                _num(VALUE_SIZE),
                TEXT,
                bar.value_label,
            )
        )
        y += BAR_HEIGHT + 14
    height = max(y - 6, 1.0)
    return _svg(
        mark_safe("".join(parts)),
        width=BAR_WIDTH,
        height=height,
        title=title,
        description=description,
        id_prefix=id_prefix,
    )


# ---- donut -------------------------------------------------------------------------------------------

DONUT_SIZE = 200.0
DONUT_RADIUS = 80.0
DONUT_STROKE = 28.0


def donut_point(fraction: float) -> tuple[float, float]:
    """Where an arc of `fraction` of the ring, starting at the top and running clockwise, ends."""
    angle = 2 * math.pi * fraction
    centre = DONUT_SIZE / 2
    return centre + DONUT_RADIUS * math.sin(angle), centre - DONUT_RADIUS * math.cos(angle)


def donut(
    part: int, whole: int, *, title: str, description: str, centre_label: str, id_prefix: str = "donut"
) -> SafeString:
    """A ring with the share `part / whole` drawn from the top, clockwise, and a label inside.

    The share is clamped to [0, 1]; with `whole <= 0` the ring stays empty.
    """
    fraction = min(max(part / whole, 0.0), 1.0) if whole > 0 else 0.0
    c = _num(DONUT_SIZE / 2)
    ring = '<circle cx="{}" cy="{}" r="{}" fill="none" stroke="{}" stroke-width="{}"/>'
    parts = [format_html(ring, c, c, _num(DONUT_RADIUS), TRACK, _num(DONUT_STROKE))]
    if fraction >= 1:
        parts.append(format_html(ring, c, c, _num(DONUT_RADIUS), PRIMARY, _num(DONUT_STROKE)))
    elif fraction > 0:
        x0, y0 = donut_point(0)
        x1, y1 = donut_point(fraction)
        parts.append(
            format_html(
                '<path d="M{} {}A{} {} 0 {} 1 {} {}" fill="none" stroke="{}" stroke-width="{}"/>',
                _num(x0),
                _num(y0),
                _num(DONUT_RADIUS),
                _num(DONUT_RADIUS),
                int(fraction > 0.5),
                f"{x1:.2f}",
                f"{y1:.2f}",
                PRIMARY,
                _num(DONUT_STROKE),
            )
        )
    inner = 2 * (DONUT_RADIUS - DONUT_STROKE / 2) - 24
    size = min(30.0, inner / max(1, len(centre_label)) / CHAR_WIDTH)
    parts.append(
        format_html(
            '<text x="{}" y="{}" font-size="{}" font-weight="bold" fill="{}" text-anchor="middle">{}</text>',
            c,
            _num(DONUT_SIZE / 2 + size * 0.35),
            _num(size),
            TEXT,
            centre_label,
        )
    )
    return _svg(
        mark_safe("".join(parts)),
        width=DONUT_SIZE,
        height=DONUT_SIZE,
        title=title,
        description=description,
        id_prefix=id_prefix,
    )


# ---- world map ---------------------------------------------------------------------------------------


class Country(TypedDict, total=False):
    d: str  # SVG path data, absent for countries too small for the outlines
    x: float  # label point
    y: float


class World(TypedDict):
    width: float
    height: float
    countries: dict[str, Country]
    land: list[str]  # outlines without an ISO code (Somaliland, Northern Cyprus)


@cache
def world() -> World:
    """The committed outlines, projected (equirectangular) onto a width of 1000."""
    path = Path(__file__).with_name("data") / "world.json"
    data: World = json.loads(path.read_text(encoding="utf-8"))
    return data


# Longitudes -120 .. 155, latitudes 72 N .. 56 S: the Americas to Japan and Australia, at a
# larger scale than the whole world. Markers outside it widen the box.
MAP_BOX = (166.7, 33.3, 930.6, 388.9)
MARKER_SIZE = 12.0


def _marker_radius(text: str) -> float:
    return max(MARKER_SIZE * 0.85, _text_width(text, MARKER_SIZE) / 2 + 4)


def _spread(points: list[tuple[float, float]], radii: list[float]) -> list[tuple[float, float]]:
    """Push overlapping markers apart (a few rounds of pairwise repulsion), deterministically."""
    pos = [list(p) for p in points]
    for _ in range(60):
        moved = False
        for i in range(len(pos)):
            for j in range(i + 1, len(pos)):
                dx, dy = pos[j][0] - pos[i][0], pos[j][1] - pos[i][1]
                gap = radii[i] + radii[j] + 1.5
                dist = math.hypot(dx, dy)
                if dist >= gap:
                    continue
                if dist < 1e-6:
                    dx, dy, dist = 1.0, 0.0, 1.0
                push = (gap - dist) / 2 + 0.01
                pos[i][0] -= dx / dist * push
                pos[i][1] -= dy / dist * push
                pos[j][0] += dx / dist * push
                pos[j][1] += dy / dist * push
                moved = True
        if not moved:
            break
    return [(p[0], p[1]) for p in pos]


def country_map(
    countries: Mapping[str, int],
    *,
    names: Mapping[str, str],
    title: str,
    description: str,
    id_prefix: str = "map",
) -> SafeString:
    """A world map with the given countries (ISO 3166-1 alpha-2 -> count) filled and marked.

    Each known country gets a numbered marker at its label point, because many (Lebanon,
    Palestine, Haiti) are too small to see at this scale; markers that would overlap are
    pushed apart and joined to their point by a thin line. Unknown codes are skipped.
    """
    shapes = world()["countries"]
    wanted = {code.upper(): count for code, count in countries.items() if code.upper() in shapes}
    paths = [
        format_html('<path d="{}" fill="{}"/>', shape["d"], PRIMARY if code in wanted else TRACK)
        for code, shape in shapes.items()
        if "d" in shape
    ]
    paths += [format_html('<path d="{}" fill="{}"/>', d, TRACK) for d in world()["land"]]
    codes = sorted(wanted)
    labels = [str(wanted[code]) for code in codes]
    anchors = [(shapes[code]["x"], shapes[code]["y"]) for code in codes]
    radii = [_marker_radius(label) for label in labels]
    spots = _spread(anchors, radii)
    leaders, markers = [], []
    for code, label, (ax, ay), (mx, my), r in zip(codes, labels, anchors, spots, radii, strict=True):
        if math.hypot(mx - ax, my - ay) > r:
            leaders.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="2" fill="{}"/><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" '
                    'stroke-width="1.2"/>',
                    _num(ax),
                    _num(ay),
                    DARK,
                    _num(ax),
                    _num(ay),
                    _num(mx),
                    _num(my),
                    DARK,
                )
            )
        markers.append(
            format_html(
                '<g><title>{}</title><circle cx="{}" cy="{}" r="{}" fill="{}" stroke="#ffffff" stroke-width="1.5"/>'
                '<text x="{}" y="{}" font-size="{}" font-weight="bold" fill="#ffffff" text-anchor="middle">{}</text></g>',
                names.get(code, code),
                _num(mx),
                _num(my),
                _num(r),
                DARK,
                _num(mx),
                _num(my + MARKER_SIZE * 0.35),
                _num(MARKER_SIZE),
                label,
            )
        )
    left, top, right, bottom = MAP_BOX
    for (mx, my), r in zip(spots, radii, strict=True):
        left, top = min(left, mx - r - 4), min(top, my - r - 4)
        right, bottom = max(right, mx + r + 4), max(bottom, my + r + 4)
    box = (left, top, right - left, bottom - top)
    # WeasyPrint does not clip to the viewBox: outlines beyond the crop are clipped explicitly.
    frame = format_html('<rect x="{}" y="{}" width="{}" height="{}"/>', *(_num(v) for v in box))
    content = format_html(
        '<defs><clipPath id="{}-clip">{}</clipPath></defs><g clip-path="url(#{}-clip)">'
        '<g stroke="#ffffff" stroke-width=".6" stroke-linejoin="round">{}</g>{}</g>',
        id_prefix,
        frame,
        id_prefix,
        mark_safe("".join(paths)),
        mark_safe("".join(leaders + markers)),
    )
    return _svg(
        content,
        width=box[2],
        height=box[3],
        title=title,
        description=description,
        id_prefix=id_prefix,
        view_box=box,
    )
