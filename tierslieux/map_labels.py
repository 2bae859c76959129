"""Where the names of a static map's towns go: beside their dot, clear of the places' dots and of each other.

Called by ``tierslieux/region_map.py``. Greedy: each town in turn takes the first of four spots (right, left, above,
below its dot, then the same a little farther, past a place's dot drawn over the town) that overlaps nothing taken
before and stays inside the drawing, or else inside the room around it that the drawing may grow into; a town with
no such spot is drawn without its name. Sizes are in viewBox units; a name's width is estimated from its length, as
no font is at hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

SIZE = 32  # a name's font size, the largest the stylesheet gives (narrow screens): estimates err on the safe side
WIDTH = 0.58  # of SIZE: the average advance of a letter of the site's sans-serif font
GAPS = (9, 30)  # between a town's dot and its name: close, or past the dot of a place in the same town
TOWN = 6  # half the side of the box kept clear around a town's dot


class Box(NamedTuple):
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)

    def inside(self, other: Box) -> bool:
        return (other.left <= self.left and self.right <= other.right
                and other.top <= self.top and self.bottom <= other.bottom)

    def union(self, other: Box) -> Box:
        return Box(min(self.left, other.left), min(self.top, other.top),
                   max(self.right, other.right), max(self.bottom, other.bottom))


class Label(NamedTuple):
    """Where a name is written: its text's start, its ``text-anchor``, and the box it covers."""

    x: int
    y: int
    anchor: str
    box: Box


def place_labels(towns: Sequence[tuple[int, int, str]], drawing: Box, room: Box,
                 obstacles: Sequence[Box]) -> list[Label | None]:
    """For each town ``(x, y, name)``: where its name goes, inside ``drawing`` if it can, else inside ``room``, or
    None where nothing fits."""
    taken = [*obstacles, *(Box(x - TOWN, y - TOWN, x + TOWN, y + TOWN) for x, y, _ in towns)]
    labels = []
    for x, y, name in towns:
        spots = [spot for gap in GAPS for spot in _spots(x, y, len(name) * WIDTH * SIZE, gap)]
        found = next((spot for limits in (drawing, room) for spot in spots
                      if spot.box.inside(limits) and not any(spot.box.overlaps(other) for other in taken)), None)
        if found:
            taken.append(found.box)
        labels.append(found)
    return labels


def _spots(x: int, y: int, width: float, gap: int) -> list[Label]:
    """The four places of a name of ``width`` at ``gap`` from the dot at ``x``, ``y``: right, left, above, below."""
    baseline = round(y + SIZE * 0.35)  # a name beside its dot is centred on it, given its letters' height
    return [
        Label(x + gap, baseline, "start", Box(x + gap, y - SIZE / 2, x + gap + width, y + SIZE / 2)),
        Label(x - gap, baseline, "end", Box(x - gap - width, y - SIZE / 2, x - gap, y + SIZE / 2)),
        Label(x, y - gap - round(SIZE * 0.25), "middle", Box(x - width / 2, y - gap - SIZE, x + width / 2, y - gap)),
        Label(x, y + gap + round(SIZE * 0.75), "middle", Box(x - width / 2, y + gap, x + width / 2, y + gap + SIZE)),
    ]
