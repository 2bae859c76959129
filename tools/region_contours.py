"""Writes ``tierslieux/contours.json``, the simplified outlines that ``tierslieux/region_map.py`` draws.

Not part of the site's build: run it again only to change the data, from a copy of the public repository
``gregoiredavid/france-geojson`` (IGN ADMIN EXPRESS COG 2018, Licence Ouverte) and the npm package
``@etalab/decoupage-administratif`` (INSEE's Code officiel géographique, Licence Ouverte), as
``licences/contours.txt`` tells:

    python tools/region_contours.py FRANCE_GEOJSON_DIR DECOUPAGE_PACKAGE_DIR

For each region: its outline, its départements (none for a single-département region), and the préfecture of each
département, at the centroid of its commune. Lines are simplified by Douglas-Peucker with a tolerance relative to
the region's size, so that a small island region keeps its shape as a large one does, and islands smaller than a
few pixels of the drawing are left out. Pure Python: the site needs nothing more to read the file.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "tierslieux" / "contours.json"
TOLERANCE = 1 / 450  # of the region's larger side: about two units of the 1000-wide drawing
SMALLEST = (1 / 120) ** 2  # an island's area, as a share of the square of the region's larger side
UNIT = 1e-4  # of a degree, the step of the stored coordinates: about ten metres
DIGITS = 4  # decimal places of a town's coordinates, likewise


def simplified(line: list[list[float]], tolerance: float) -> list[list[float]]:
    """``line`` by Douglas-Peucker: the points farther than ``tolerance`` from the chord of their stretch."""
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            if (away := _distance(line[index], line[first], line[last])) > distance:
                farthest, distance = index, away
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(line, keep, strict=True) if kept]


def _distance(point: list[float], start: list[float], end: list[float]) -> float:
    """From ``point`` to the segment from ``start`` to ``end``."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = dx * dx + dy * dy
    share = 0.0 if length == 0 else max(0.0, min(1.0, ((point[0] - start[0]) * dx + (point[1] - start[1]) * dy) / length))
    return math.hypot(point[0] - start[0] - share * dx, point[1] - start[1] - share * dy)


def area(ring: list[list[float]]) -> float:
    """The unsigned area of a closed ring, in square degrees (shoelace)."""
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False))) / 2


def centroid(ring: list[list[float]]) -> tuple[float, float]:
    """The centroid of a closed ring, as (longitude, latitude)."""
    cross = [(a[0] * b[1] - b[0] * a[1], a, b) for a, b in zip(ring, ring[1:], strict=False)]
    total = sum(c for c, _, _ in cross) * 3
    return (sum(c * (a[0] + b[0]) for c, a, b in cross) / total, sum(c * (a[1] + b[1]) for c, a, b in cross) / total)


def outer_rings(geometry: dict) -> list[list[list[float]]]:
    """The outer ring of each polygon of a Polygon or MultiPolygon (holes are lakes the drawing can do without)."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [polygon[0] for polygon in polygons]


def drawn_rings(geometry: dict, size: float) -> list[list[list[float]]]:
    """The rings of ``geometry`` worth drawing at a region of ``size`` degrees, simplified and rounded."""
    rings = []
    for ring in outer_rings(geometry):
        if area(ring) < SMALLEST * size * size:
            continue
        kept = simplified(ring, TOLERANCE * size)
        if len(kept) >= 4:
            rings.append(encoded(kept))
    return rings


def encoded(ring: list[list[float]]) -> list[int]:
    """``ring`` as TopoJSON quantises a line: integers of ``UNIT`` degree, each point but the first as its step from
    the one before, flattened to ``[x, y, dx, dy, …]``."""
    steps, last = [], (0, 0)
    for x, y in ring:
        point = (round(x / UNIT), round(y / UNIT))
        steps += [point[0] - last[0], point[1] - last[1]]
        last = point
    return steps


def region_size(geometry: dict) -> float:
    """The larger side of the box of ``geometry``, in degrees, longitudes shrunk at its latitude."""
    points = [point for ring in outer_rings(geometry) for point in ring]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    shrink = math.cos(math.radians((max(ys) + min(ys)) / 2))
    return max((max(xs) - min(xs)) * shrink, max(ys) - min(ys))


def prefecture(geodata: Path, code: str, commune: str, communes: dict[str, str]) -> dict:
    """The préfecture of département ``code``: its name and the centroid of its commune's largest polygon."""
    (path,) = geodata.glob(f"departements/{code}-*/communes-{code}-*.geojson")
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    (feature,) = [feature for feature in features if feature["properties"]["code"] == commune]
    x, y = centroid(max(outer_rings(feature["geometry"]), key=area))
    return {"name": communes[commune], "longitude": round(x, DIGITS), "latitude": round(y, DIGITS)}


def region_contours(geodata: Path, decoupage: Path) -> dict:
    """Every region's outline, départements and préfectures, by the region's INSEE code."""
    regions = json.loads((geodata / "regions-avec-outre-mer.geojson").read_text(encoding="utf-8"))["features"]
    departements = json.loads((geodata / "departements-avec-outre-mer.geojson").read_text(encoding="utf-8"))
    shapes = {feature["properties"]["code"]: feature["geometry"] for feature in departements["features"]}
    listed = json.loads((decoupage / "data" / "departements.json").read_text(encoding="utf-8"))
    communes = {commune["code"]: commune["nom"]
                for commune in json.loads((decoupage / "data" / "communes.json").read_text(encoding="utf-8"))
                if commune["type"] == "commune-actuelle"}
    contours = {}
    for feature in sorted(regions, key=lambda feature: feature["properties"]["code"]):
        code, size = feature["properties"]["code"], region_size(feature["geometry"])
        own = sorted((d for d in listed if d["region"] == code), key=lambda d: d["code"])
        contours[code] = {
            "outline": drawn_rings(feature["geometry"], size),
            "departements": [] if len(own) == 1 else [ring for d in own
                                                       for ring in drawn_rings(shapes[d["code"]], size)],
            "towns": [prefecture(geodata, d["code"], d["chefLieu"], communes) for d in own],
        }
    return contours


def main(geodata: str, decoupage: str) -> None:
    """Writes ``OUTPUT`` from the two sources' folders."""
    text = json.dumps(region_contours(Path(geodata), Path(decoupage)), ensure_ascii=False, separators=(",", ":"))
    OUTPUT.write_text(text + "\n", encoding="utf-8")
    print(f"{OUTPUT}: {len(text.encode()) // 1024} Kio")


if __name__ == "__main__":
    main(*sys.argv[1:])
