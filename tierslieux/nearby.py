"""The nearest other places of every place, by great-circle distance, within its own territory.

Called by ``pages.py`` for the « À proximité » list of each portrait. Metropolitan France (Corse included) is
one territory; each overseas region is its own, so that a place in Guadeloupe never lists a place in Paris.

All places of a territory go into a grid of cubes over their unit vectors in 3D: the straight-line (chord)
distance between two unit vectors grows with their great-circle distance, so the nearest by chord are the
nearest on the globe. Each place looks at its own cube, then at rings of cubes around it, and stops as soon
as the ring it has looked at is farther than its ``count``-th nearest candidate: about linear time, where
comparing all pairs would take 25 million distances at 5,000 places.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from itertools import product, repeat

from babel.numbers import format_decimal

from tierslieux.content import Content
from tierslieux.maps import is_overseas
from tierslieux.model import Place, french_sort_key

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)
NEARBY_COUNT = 5
METROPOLE = "metropole"

Vector = tuple[float, float, float]
Cell = tuple[int, int, int]


@dataclass(frozen=True)
class Neighbour:
    place: Place
    distance_km: float

    @property
    def distance_label(self) -> str:
        """The distance as French readers write it: « 12,4 km »."""
        return f"{format_decimal(self.distance_km, format='#,##0.0', locale='fr')}\u00a0km"


def nearby_places(content: Content, count: int = NEARBY_COUNT) -> dict[str, list[Neighbour]]:
    """For each place's slug, its ``count`` nearest other places of its territory, nearest first."""
    territories: dict[str, list[Place]] = defaultdict(list)
    for place in content.places:
        region = content.regions[place.region]
        territories[region.slug if is_overseas(region) else METROPOLE].append(place)
    nearest: dict[str, list[Neighbour]] = {}
    for places in territories.values():
        nearest.update(nearest_within(places, count))
    return nearest


def nearest_within(places: list[Place], count: int) -> dict[str, list[Neighbour]]:
    """For each of ``places``, its ``count`` nearest others among them (see the module docstring)."""
    wanted = min(count, len(places) - 1)
    if wanted <= 0:
        return {place.slug: [] for place in places}
    places = sorted(places, key=lambda place: (french_sort_key(place.name), place.slug))  # equal distances: by name
    points = [_unit_vector(place) for place in places]
    extent = max(max(axis) - min(axis) for axis in zip(*points, strict=True))
    size = max(extent / math.sqrt(len(places) / wanted), 1e-6)  # cubes holding a few places each
    grid: dict[Cell, list[int]] = defaultdict(list)
    for index, point in enumerate(points):
        grid[_cell(point, size)].append(index)
    nearest: dict[str, list[Neighbour]] = {}
    for cell, members in grid.items():
        # Most places find their nearest within the 27 cubes around their own: look there once per cube.
        around = [other for offset in _cube(1) for other in grid.get(_shifted(cell, offset), ())]
        coordinates = [points[other] for other in around]
        for index in members:
            found = _closest(index, points[index], around, coordinates, wanted)
            if len(found) < wanted or found[-1][0] > size:
                found = _nearest_far(index, points, cell, grid, size, wanted)
            nearest[places[index].slug] = [
                Neighbour(places[other], round(_great_circle_km(chord), 3)) for chord, other in found
            ]
    return nearest


def _closest(index: int, point: Vector, others: list[int], coordinates: list[Vector], wanted: int):
    """The ``wanted`` nearest of ``others`` to ``point`` as (chord, index) pairs, ``index`` itself left out."""
    distances = sorted(zip(map(math.dist, repeat(point, len(coordinates)), coordinates), others, strict=True))
    return [pair for pair in distances[:wanted + 1] if pair[1] != index][:wanted]


def _nearest_far(index, points, cell, grid, size, wanted) -> list[tuple[float, int]]:
    """The ``wanted`` nearest of a lonely place, looking ring by ring farther out until none can be nearer."""
    ring = 0
    while True:
        ring += 1
        around = [other for offset in _cube(ring) for other in grid.get(_shifted(cell, offset), ())]
        found = _closest(index, points[index], around, [points[other] for other in around], wanted)
        # Every place outside the cube of ``ring`` is at least ``ring * size`` away.
        if len(found) == wanted and found[-1][0] <= ring * size:
            return found


@cache
def _cube(radius: int) -> tuple[Cell, ...]:
    """The offsets of the cubes at most ``radius`` cubes away from a cube, in each direction."""
    steps = range(-radius, radius + 1)
    return tuple(product(steps, steps, steps))


def _shifted(cell: Cell, offset: Cell) -> Cell:
    return cell[0] + offset[0], cell[1] + offset[1], cell[2] + offset[2]


def _unit_vector(place: Place) -> Vector:
    latitude, longitude = math.radians(place.latitude), math.radians(place.longitude)
    return (math.cos(latitude) * math.cos(longitude), math.cos(latitude) * math.sin(longitude),
            math.sin(latitude))


def _cell(point: Vector, size: float) -> Cell:
    return (math.floor(point[0] / size), math.floor(point[1] / size), math.floor(point[2] / size))


def _great_circle_km(chord: float) -> float:
    return 2 * EARTH_RADIUS_KM * math.asin(min(chord / 2, 1.0))
