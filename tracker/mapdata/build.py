"""Build the world map's shapes: ``python -m tracker.mapdata.build`` (run once; its output
is committed, so the app neither projects nor needs this script's dependency).

Reads Natural Earth's 1:110m countries as npm's ``world-atlas`` 2.0.2 ships them
(``countries-110m.json``, TopoJSON, vendored beside this file), projects them with the
Equal Earth projection, simplifies them to whole units of a 1,000-wide drawing and writes
``world.json``: one SVG path per country, keyed by ISO 3166-1 alpha-2 code (Kosovo ``XK``).
Needs ``pycountry`` (the project's dev dependencies) for ISO numeric to alpha-2 codes.
"""

import json
import math
from pathlib import Path

import pycountry

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "countries-110m.json"
TARGET = HERE / "world.json"
WIDTH = 1000

# Natural Earth shapes without an ISO numeric code: Kosovo is a country of its own
# here (XK, as in the Country table); the others are drawn with the state ISO counts
# them in, since the tracker has no page of their own for them.
WITHOUT_NUMERIC_CODE = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}
# Antarctica takes a fifth of the drawing and no government's promise concerns it.
LEFT_OUT = {"AQ"}
# Rings smaller than this (in square units of the drawing) are dropped, unless they are
# a country's largest: small islands vanish, small countries do not.
MIN_RING_AREA = 2.0
# Points closer than this to the line through their neighbours are dropped.
TOLERANCE = 0.35

# Equal Earth (Šavrič, Patterson and Jenny, 2018).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(longitude: float, latitude: float) -> tuple[float, float]:
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, -y  # SVG's y grows downwards


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON's quantised, delta-encoded arcs as longitude and latitude."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def across_the_antimeridian(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that crosses 180° (Russia's east, Fiji) made continuous, once on each side of
    the map: the drawing's edge crops what lies beyond it."""
    unwrapped = [points[0]]
    for lon, lat in points[1:]:
        previous = unwrapped[-1][0]
        while lon - previous > 180:
            lon -= 360
        while previous - lon > 180:
            lon += 360
        unwrapped.append((lon, lat))
    if max(lon for lon, _ in unwrapped) > 180:
        copies = [unwrapped, [(lon - 360, lat) for lon, lat in unwrapped]]
    elif min(lon for lon, _ in unwrapped) < -180:
        copies = [unwrapped, [(lon + 360, lat) for lon, lat in unwrapped]]
    else:
        return [unwrapped]
    clipped = [clip(clip(points, 180, 1), -180, -1) for points in copies]
    return [points for points in clipped if len(points) >= 3]


def clip(points: list[tuple[float, float]], meridian: float, side: int) -> list:
    """The part of a ring on the map's side of ``meridian`` (Sutherland–Hodgman): ``side``
    1 keeps longitudes up to it, -1 those from it."""

    def inside(point) -> bool:
        return (point[0] - meridian) * side <= 0

    def crossing(a, b) -> tuple[float, float]:
        share = (meridian - a[0]) / (b[0] - a[0])
        return meridian, a[1] + share * (b[1] - a[1])

    kept = []
    for index, current in enumerate(points):
        previous = points[index - 1]
        if inside(current):
            if not inside(previous):
                kept.append(crossing(previous, current))
            kept.append(current)
        elif inside(previous):
            kept.append(crossing(previous, current))
    return kept


def code_of(geometry: dict) -> str:
    name = geometry["properties"]["name"]
    if name in WITHOUT_NUMERIC_CODE:
        return WITHOUT_NUMERIC_CODE[name]
    return pycountry.countries.get(numeric=geometry["id"]).alpha_2


def area(points: list[tuple[float, float]]) -> float:
    return abs(
        sum(
            x0 * y1 - x1 * y0
            for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True)
        )
        / 2
    )


def simplify(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Ramer–Douglas–Peucker, then whole units without repeated points."""

    def distance(p, a, b) -> float:
        (px, py), (ax, ay), (bx, by) = p, a, b
        length = math.hypot(bx - ax, by - ay)
        if length == 0:
            return math.hypot(px - ax, py - ay)
        return abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length

    def rdp(segment):
        if len(segment) < 3:
            return segment
        far, index = max(
            (distance(p, segment[0], segment[-1]), i) for i, p in enumerate(segment[1:-1], 1)
        )
        if far <= TOLERANCE:
            return [segment[0], segment[-1]]
        return rdp(segment[: index + 1])[:-1] + rdp(segment[index:])

    kept = rdp(points)
    rounded: list[tuple[int, int]] = []
    for x, y in kept:
        point = (round(x), round(y))
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    if len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    return rounded


def path(rings: list[list[tuple[int, int]]]) -> str:
    """Rings as an SVG path of relative moves, the shortest text for whole numbers."""
    parts = []
    cx = cy = 0
    for points in rings:
        (x, y), rest = points[0], points[1:]
        parts.append(f"m{x - cx} {y - cy}")
        px, py = x, y
        steps = []
        for qx, qy in rest:
            steps.append(f"{qx - px} {qy - py}")
            px, py = qx, qy
        parts.append("l" + " ".join(steps) + "z")
        cx, cy = x, y  # after z, the current point is the ring's start
    return "".join(parts).replace(" -", "-")


def build() -> dict:
    topology = json.loads(SOURCE.read_text())
    arcs = decode_arcs(topology)
    projected: dict[str, list[list[tuple[float, float]]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = code_of(geometry)
        if code in LEFT_OUT:
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        for polygon in polygons:
            for indexes in polygon:
                for points in across_the_antimeridian(ring(arcs, indexes)):
                    projected.setdefault(code, []).append(
                        [equal_earth(lon, lat) for lon, lat in points]
                    )
    ys = [y for rings in projected.values() for r in rings for _, y in r]
    left, right = equal_earth(-180, 0)[0], equal_earth(180, 0)[0]
    scale = WIDTH / (right - left)
    top = min(ys)
    height = math.ceil((max(ys) - top) * scale)
    shapes = {}
    for code, rings in sorted(projected.items()):
        scaled = [[((x - left) * scale, (y - top) * scale) for x, y in r] for r in rings]
        largest = max(scaled, key=area)
        kept = [
            simplified
            for r in scaled
            if (r is largest or area(r) >= MIN_RING_AREA) and len(simplified := simplify(r)) >= 3
        ]
        if not kept:  # a country too small to keep a triangle: a dot where it is
            x, y = (round(v) for v in largest[0])
            kept = [[(x, y), (x + 1, y), (x + 1, y + 1), (x, y + 1)]]
        shapes[code] = path(kept)
    return {
        "source": "world-atlas 2.0.2 countries-110m.json (Natural Earth 1:110m)",
        "projection": "Equal Earth",
        "viewBox": f"0 0 {WIDTH} {height}",
        "shapes": shapes,
    }


if __name__ == "__main__":
    data = build()
    TARGET.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"{len(data['shapes'])} countries, {TARGET.stat().st_size:,} bytes: {TARGET}")
