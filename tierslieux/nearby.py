"""The nearest other places of every place, by great-circle distance, within its own territory.

Called by ``pages.py`` for the « À proximité » list of each portrait. Metropolitan France (Corse included) is
one territory; each overseas region is its own, so that a place in Guadeloupe never lists a place in Paris.

All places of a territory go into a grid of cubes over their unit vectors in 3D: the straight-line (chord)
distance between two unit vectors grows with their great-circle distance, so the nearest by chord are the
nearest on the globe. Each place compares itself with the places of the 27 cubes around its own, and is done
when its ``count``-th nearest is nearer than anything outside them; a lonely place looks farther, ring by
ring; the places of a crowded town are looked at again with smaller cubes. About 50 distances per place,
where comparing all pairs would take 25 million distances at 5,000 places. Places at equal distances come
in slug order.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from itertools import product, repeat

from tierslieux.content import Content
from tierslieux.maps import is_overseas
from tierslieux.model import Place

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)
NEARBY_COUNT = 5
METROPOLE = "metropole"
CELL_RATIO = 0.6  # cubes a little smaller than holding ``count`` places each: fewer distances to compare
CROWDED = 200  # places around a cube beyond which its places are looked at with smaller cubes
MIN_CELL = 1e-7  # about 60 cm on the globe: places closer than that are at the same spot

Vector = tuple[float, float, float]
Cell = tuple[int, int, int]


@dataclass(frozen=True)
class Neighbour:
    place: Place
    distance_km: float

    @property
    def distance_label(self) -> str:
        """The distance as French readers write it: « 12,4 km », « 1 234,5 km » (Babel's way, a lot faster)."""
        return f"{self.distance_km:,.1f}".replace(",", "\u202f").replace(".", ",") + "\u00a0km"


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
    places = sorted(places, key=lambda place: place.slug)  # places at equal distances: by slug
    points = [_unit_vector(place) for place in places]
    extent = max(max(axis) - min(axis) for axis in zip(*points, strict=True))
    size = max(extent / math.sqrt(len(places) / wanted) * CELL_RATIO, MIN_CELL)
    everyone = list(range(len(places)))
    found = _nearest(everyone, everyone, points, size, wanted, depth=0)
    return {
        places[index].slug: [Neighbour(places[other], _great_circle_km(chord)) for chord, other in found[index]]
        for index in everyone
    }


def _nearest(targets: list[int], pool: list[int], points: list[Vector], size: float, wanted: int, depth: int):
    """The ``wanted`` nearest in ``pool`` of each of ``targets``, as (chord, index) pairs, using cubes of ``size``.

    A crowded neighbourhood (a town with many places) is looked at again with cubes four times smaller. Below
    the first level, only the places whose answer is sure are returned; the level above settles the others.
    """
    grid: dict[Cell, list[int]] = defaultdict(list)
    for index in pool:
        grid[_cell(points[index], size)].append(index)
    by_cell: dict[Cell, list[int]] = defaultdict(list)
    for index in targets:
        by_cell[_cell(points[index], size)].append(index)
    found: dict[int, list[tuple[float, int]]] = {}
    for cell, members in by_cell.items():
        around = sorted(other for offset in _cube(1) for other in grid.get(_shifted(cell, offset), ()))
        if len(around) > CROWDED and size / 4 >= MIN_CELL:
            found.update(_nearest(members, around, points, size / 4, wanted, depth + 1))
            members = [index for index in members if index not in found]
        coordinates = [points[other] for other in around]
        for index in members:
            nearest = _closest(index, points[index], around, coordinates, wanted)
            if len(nearest) == wanted and nearest[-1][0] <= _reach(points[index], cell, size):
                found[index] = nearest
            elif depth == 0:
                found[index] = _nearest_far(index, points, cell, grid, size, wanted)
    return found


def _reach(point: Vector, cell: Cell, size: float) -> float:
    """How far from ``point`` every place outside the 27 cubes around ``cell`` is, at least."""
    walls = (min(value / size - corner, corner + 1 - value / size) for value, corner in zip(point, cell, strict=True))
    return size * (1 + min(walls))


def _closest(index: int, point: Vector, others: list[int], coordinates: list[Vector], wanted: int):
    """The ``wanted`` nearest of ``others`` to ``point`` as (chord, index) pairs, ``index`` itself left out."""
    distances = list(map(math.dist, repeat(point, len(coordinates)), coordinates))
    # Positions in ``others``; a stable sort keeps equal distances in the order of ``others``.
    nearest = sorted(range(len(distances)), key=distances.__getitem__)[:wanted + 1]
    return [(distances[position], others[position]) for position in nearest if others[position] != index][:wanted]


def _nearest_far(index, points, cell, grid, size, wanted) -> list[tuple[float, int]]:
    """The ``wanted`` nearest of a lonely place, looking ring by ring farther out until none can be nearer."""
    ring = 1
    while True:
        ring += 1
        around = sorted(other for offset in _cube(ring) for other in grid.get(_shifted(cell, offset), ()))
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
