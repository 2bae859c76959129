"""The static map of a region's places, drawn at build time: the first view of a region page, and the booklet's cover.

The SVG draws the region's outline and, faintly, its départements, the préfecture of each département with its name,
and a numbered dot per place: « 3 » on the map is the third place of the list under it. The contours are IGN's ADMIN
EXPRESS, simplified by ``tools/region_contours.py`` into ``tierslieux/contours.json`` (source and licence in
``licences/contours.txt``); a region whose code has no contours there is drawn in its frame alone. A link to the
interactive map follows, which ``docs/javascripts/carte-a-la-demande.js`` turns into a button that puts the map in
its place. Template: ``overrides/partials/region-map.html``; place names enter it only as escaped text, in each
dot's ``<title>``; the paths and positions are numbers computed here.

From a template of the hook's Jinja environment: ``{{ region_map(region, places) }}`` (the network is its global
``reseau``); from Python: ``region_map_svg(env, network, region, places)``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson
from jinja2 import Environment, pass_environment
from markupsafe import Markup

from tierslieux.map_labels import Box, Label, place_labels
from tierslieux.maps import map_title
from tierslieux.model import Place, Region
from tierslieux.network import Network

REGION_MAP_TEMPLATE = "partials/region-map.html"
CONTOURS = Path(__file__).with_name("contours.json")
UNIT = 1e-4  # of a degree: the step of the coordinates stored in CONTOURS
SIDE = 1000  # the larger side of the viewBox; the SVG scales to its container
MARGIN = 24  # around the frame, so that a dot on its edge is drawn whole
ROOM = 150  # how far past the frame the drawing may grow to give a préfecture near its edge its name
MIN_FRAME = 0.02  # degrees: a frame narrower than this (one place, no contours) is widened to it, about 2 km
MAX_RATIO = 2  # a frame longer than twice its width is widened: a strip would be unreadable
DOT, TOWN = 20, 5  # radii of a place's dot and of a préfecture's, in viewBox units
DOT_CLEAR = 26  # kept clear of names around a dot: the radius the stylesheet gives on a phone


@dataclass(frozen=True)
class MapPoint:
    """A place's dot: its position, its number in the list, and its name (contributor text, escaped by the template)."""

    x: int
    y: int
    number: int
    name: str


@dataclass(frozen=True)
class Town:
    """A préfecture: its dot, and where its name is written, unless no room was found for it."""

    x: int
    y: int
    name: str
    label: Label | None


@dataclass(frozen=True)
class RegionMap:
    """What the SVG draws: its viewBox, the land (split by départements where there are several) and the outline as
    path data, the towns, the dots, and its accessible name."""

    view_box: str
    land: str
    outline: str
    towns: tuple[Town, ...]
    points: tuple[MapPoint, ...]
    label: str


@dataclass(frozen=True)
class Projection:
    """Equirectangular, longitudes shrunk by the cosine of the frame's middle latitude, north up."""

    west: float
    north: float
    shrink: float
    scale: float

    def __call__(self, longitude: float, latitude: float) -> tuple[int, int]:
        return (round(MARGIN + (longitude - self.west) * self.shrink * self.scale),
                round(MARGIN + (self.north - latitude) * self.scale))


@functools.cache
def _contours() -> dict:
    return orjson.loads(CONTOURS.read_bytes())


def region_map(network: Network, region: Region, places: Sequence[Place]) -> RegionMap:
    """The map of ``region`` with ``places`` numbered from 1 in their order, framed on its outline and its places."""
    contours = _contours().get(region.code, {"outline": [], "departements": [], "towns": []})
    outline = [_decoded(ring) for ring in contours["outline"]] or [_frame(region)]
    corners = [point for ring in outline for point in ring] + [(place.longitude, place.latitude) for place in places]
    project, width, height = _projection(corners)
    points = tuple(MapPoint(*project(place.longitude, place.latitude), number, place.name)
                   for number, place in enumerate(places, start=1))
    towns = [(*project(town["longitude"], town["latitude"]), town["name"]) for town in contours["towns"]]
    drawing = Box(0, 0, width, height)
    labels = place_labels(towns, drawing, Box(-ROOM, -ROOM, width + ROOM, height + ROOM),
                          [_dot_box(point) for point in points])
    for label in filter(None, labels):
        drawing = drawing.union(label.box)
    outline_path = _path(outline, project)
    count = "aucun lieu" if not places else "1 lieu" if len(places) == 1 else f"{len(places)} lieux"
    return RegionMap(
        _view_box(drawing), _path((_decoded(ring) for ring in contours["departements"]), project) or outline_path,
        outline_path, tuple(Town(x, y, name, label) for (x, y, name), label in zip(towns, labels, strict=True)),
        points, f"{map_title(network, region)} : {count}, un point numéroté par lieu, dans l'ordre de la liste",
    )


def _frame(region: Region) -> list[tuple[float, float]]:
    """The outline of a region that has none in CONTOURS: the frame of its front matter's ``bounds``."""
    return [(region.west, region.south), (region.east, region.south), (region.east, region.north),
            (region.west, region.north), (region.west, region.south)]


def _view_box(drawing: Box) -> str:
    """The SVG ``viewBox`` of ``drawing``, its edges rounded outwards."""
    left, top = math.floor(drawing.left), math.floor(drawing.top)
    return f"{left} {top} {math.ceil(drawing.right) - left} {math.ceil(drawing.bottom) - top}"


def _projection(corners: list[tuple[float, float]]) -> tuple[Projection, int, int]:
    """The projection of the frame around ``corners``, and the width and height of the drawing; the frame is widened
    where it is too thin to draw (a single place, a degenerate bound such as an east edge of 5e-324) or too long."""
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    shrink = max(math.cos(math.radians((max(ys) + min(ys)) / 2)), 0.1)
    wide, tall = _widened(min(xs) * shrink, max(xs) * shrink), _widened(min(ys), max(ys))
    wide = _widened(*wide, (tall[1] - tall[0]) / MAX_RATIO)
    tall = _widened(*tall, (wide[1] - wide[0]) / MAX_RATIO)
    scale = (SIDE - 2 * MARGIN) / max(wide[1] - wide[0], tall[1] - tall[0])
    width = round((wide[1] - wide[0]) * scale) + 2 * MARGIN
    height = round((tall[1] - tall[0]) * scale) + 2 * MARGIN
    return Projection(wide[0] / shrink, tall[1], shrink, scale), width, height


def _widened(low: float, high: float, span: float = MIN_FRAME) -> tuple[float, float]:
    """``low`` and ``high`` moved apart around their middle to be ``span`` apart at least."""
    middle, half = (low + high) / 2, max(high - low, span) / 2
    return middle - half, middle + half


def _decoded(ring: list[int]) -> list[tuple[float, float]]:
    """A ring of CONTOURS, stored as its first point then each step, in UNIT, as (longitude, latitude) pairs."""
    x = y = 0
    points = []
    for index in range(0, len(ring), 2):
        x, y = x + ring[index], y + ring[index + 1]
        points.append((x * UNIT, y * UNIT))
    return points


def _path(rings: Iterable[list[tuple[float, float]]], project: Projection) -> str:
    """SVG path data of closed ``rings``, each step relative to the last point, repeated points left out."""
    parts = []
    for ring in rings:
        start, *rest = [project(*point) for point in ring]
        steps, (x, y) = [], start
        for nx, ny in rest:
            if (nx, ny) != (x, y):
                steps.append(f"{nx - x} {ny - y}")
                x, y = nx, ny
        if len(steps) >= 2:  # a ring smaller than a unit of the drawing is left out
            parts.append(f"M{start[0]} {start[1]}l{' '.join(steps)}z".replace(" -", "-"))
    return "".join(parts)


def _dot_box(point: MapPoint) -> Box:
    return Box(point.x - DOT_CLEAR, point.y - DOT_CLEAR, point.x + DOT_CLEAR, point.y + DOT_CLEAR)


def region_map_svg(env: Environment, network: Network, region: Region, places: Sequence[Place]) -> Markup:
    """The SVG of ``region_map``, rendered by ``env`` (the hook's environment, where ``overrides/`` comes first)."""
    return Markup(env.get_template(REGION_MAP_TEMPLATE).render(map=region_map(network, region, places),
                                                               dot=DOT, town_radius=TOWN))


@pass_environment
def region_map_global(env: Environment, region: Region, places: Sequence[Place]) -> Markup:
    """``region_map_svg`` as the Jinja global ``region_map``, for the network of the global ``reseau``."""
    return region_map_svg(env, env.globals["reseau"], region, places)
