"""Build world.json from Natural Earth 110m admin-0 countries (dev-time only, never imported).

Usage (in a throwaway virtualenv, not the project's):

    python -m venv /tmp/geo/venv && /tmp/geo/venv/bin/pip install pyshp pycountry
    /tmp/geo/venv/bin/pip download geopandas==0.14.4 --no-deps -d /tmp/geo
    cd /tmp/geo && unzip -o geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*'
    /tmp/geo/venv/bin/python cocopa/factsheet/data/build_world.py \
        /tmp/geo/geopandas/datasets/naturalearth_lowres/naturalearth_lowres

See README.md beside this file for the projection, the hand-added points and the provenance.
"""

import json
import math
import sys
from pathlib import Path

import pycountry
import shapefile  # type: ignore[import-not-found]

# Equirectangular projection, cropped to latitudes 84 N .. 57 S (no Antarctica).
WIDTH = 1000.0
SCALE = WIDTH / 360.0  # px per degree
NORTH = 84.0
SOUTH = -57.0
HEIGHT = round((NORTH - SOUTH) * SCALE, 1)

# Natural Earth codes that pycountry does not know.
EXTRA_ALPHA3 = {"-99": None, "CYN": None, "SOL": None}  # N. Cyprus, Somaliland: land, no code
BY_NAME = {"Kosovo": "XK"}

# Countries (or territories) too small for the 110m outlines: approximate capital, (lat, lon),
# rounded to 0.1 degree. A marker is drawn there; no shape.
EXTRA_POINTS = {
    "AD": (42.5, 1.5),  # Andorra la Vella
    "AG": (17.1, -61.8),  # St John's
    "BB": (13.1, -59.6),  # Bridgetown
    "BH": (26.2, 50.6),  # Manama
    "CV": (14.9, -23.5),  # Praia
    "DM": (15.3, -61.4),  # Roseau
    "GD": (12.1, -61.7),  # St George's
    "KM": (-11.7, 43.3),  # Moroni
    "KN": (17.3, -62.7),  # Basseterre
    "LC": (14.0, -61.0),  # Castries
    "LI": (47.1, 9.5),  # Vaduz
    "MC": (43.7, 7.4),  # Monaco
    "MT": (35.9, 14.5),  # Valletta
    "MU": (-20.2, 57.5),  # Port Louis
    "MV": (4.2, 73.5),  # Malé
    "SC": (-4.6, 55.5),  # Victoria
    "SG": (1.4, 103.8),  # Singapore
    "SM": (43.9, 12.4),  # San Marino
    "ST": (0.3, 6.7),  # São Tomé
    "VA": (41.9, 12.5),  # Vatican City
    "VC": (13.2, -61.2),  # Kingstown
}


def project(lon: float, lat: float) -> tuple[int, int]:
    """Degrees to tenths of a pixel (integers, so relative steps are exact)."""
    x = (lon + 180.0) * SCALE
    y = (NORTH - lat) * SCALE
    return round(x * 10), round(y * 10)


def tenths(v: int) -> str:
    s = f"{v / 10:.1f}"
    s = s.removesuffix(".0")
    if s.startswith("0."):
        s = s[1:]
    elif s.startswith("-0."):
        s = "-" + s[2:]
    return s


def ring_path(ring: list[tuple[int, int]]) -> str:
    pts: list[tuple[int, int]] = []
    for p in ring:
        if not pts or pts[-1] != p:
            pts.append(p)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()
    if len(pts) < 3:
        return ""
    out = [f"M{tenths(pts[0][0])} {tenths(pts[0][1])}"]
    steps = []
    for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
        dx, dy = tenths(x1 - x0), tenths(y1 - y0)
        steps.append(dx + ("" if dy.startswith("-") else " ") + dy)
    out.append("l" + " ".join(steps).replace(" -", "-"))
    out.append("z")
    return "".join(out)


def area(ring: list[tuple[float, float]]) -> float:
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))


def inside(x: float, y: float, ring: list[tuple[float, float]]) -> bool:
    hit = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            hit = not hit
    return hit


def edge_distance(x: float, y: float, ring: list[tuple[float, float]]) -> float:
    best = math.inf
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        dx, dy = x1 - x0, y1 - y0
        t = (
            0.0
            if dx == dy == 0
            else max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)))
        )
        best = min(best, math.hypot(x - (x0 + t * dx), y - (y0 + t * dy)))
    return best


def label_point(ring: list[tuple[float, float]]) -> tuple[float, float]:
    """A point well inside the ring: the grid point farthest from its edges (a coarse polylabel)."""
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    best, best_d = (sum(xs) / len(xs), sum(ys) / len(ys)), -1.0
    n = 40
    for i in range(n + 1):
        for j in range(n + 1):
            x = min(xs) + (max(xs) - min(xs)) * i / n
            y = min(ys) + (max(ys) - min(ys)) * j / n
            if inside(x, y, ring):
                d = edge_distance(x, y, ring)
                if d > best_d:
                    best, best_d = (x, y), d
    return best


def alpha2(iso_a3: str, name: str) -> str | None:
    if name in BY_NAME:
        return BY_NAME[name]
    if iso_a3 in EXTRA_ALPHA3:
        return EXTRA_ALPHA3[iso_a3]
    country = pycountry.countries.get(alpha_3=iso_a3)
    if country is None:
        raise SystemExit(f"unknown code {iso_a3} ({name})")
    return str(country.alpha_2)


def main(shp: str) -> None:
    reader = shapefile.Reader(shp)
    countries: dict[str, dict[str, object]] = {}
    land: list[str] = []
    for item in reader.iterShapeRecords():
        rec = item.record.as_dict()
        if rec["name"] == "Antarctica":
            continue
        shape = item.shape
        parts = list(shape.parts) + [len(shape.points)]
        rings = [shape.points[a:b] for a, b in zip(parts, parts[1:], strict=False)]
        paths = []
        biggest: list[tuple[float, float]] = []
        for ring in rings:
            projected = [project(lon, lat) for lon, lat in ring]
            d = ring_path(projected)
            if d:
                paths.append(d)
            flt = [(x / 10, y / 10) for x, y in projected]
            if not biggest or abs(area(flt)) > abs(area(biggest)):
                biggest = flt
        code = alpha2(rec["iso_a3"], rec["name"])
        if code is None:
            land.append("".join(paths))
            continue
        lx, ly = label_point(biggest)
        countries[code] = {"d": "".join(paths), "x": round(lx, 1), "y": round(ly, 1)}
    for code, (lat, lon) in EXTRA_POINTS.items():
        assert code not in countries, code
        x, y = project(lon, lat)
        countries[code] = {"x": x / 10, "y": y / 10}
    data = {
        "source": "Natural Earth 110m admin-0 countries (public domain), via geopandas 0.14.4",
        "projection": f"equirectangular, lon -180..180, lat {NORTH}..{SOUTH}",
        "width": WIDTH,
        "height": HEIGHT,
        "countries": dict(sorted(countries.items())),
        "land": land,
    }
    out = Path(__file__).with_name("world.json")
    out.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    sys.stdout.write(f"{out}: {len(countries)} countries, {out.stat().st_size} bytes\n")


if __name__ == "__main__":
    main(sys.argv[1])
