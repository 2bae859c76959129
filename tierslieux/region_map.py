"""The static map of a region's places, drawn at build time: the first view of a region page, and the booklet's cover.

A region page used to open on the interactive map in an iframe: Leaflet, its clusters and the region's index, about
270 KB before the first place. The page now shows this SVG, a point per place over the region's frame (no open
outline of the regions ships with the project), and a link to the interactive map, which
``docs/javascripts/carte-a-la-demande.js`` turns into a button that puts the map in its place. Template:
``overrides/partials/region-map.html``; place names enter it only as escaped text, in each point's ``<title>``.

From a template of the hook's Jinja environment: ``{{ region_map(region, places) }}`` (the network is its global
``reseau``); from Python: ``region_map_svg(env, network, region, places)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from jinja2 import Environment, pass_environment
from markupsafe import Markup

from tierslieux.maps import map_title
from tierslieux.model import MIN_SPAN, Place, Region
from tierslieux.network import Network

REGION_MAP_TEMPLATE = "partials/region-map.html"
WIDTH = 1000  # of the viewBox; the SVG scales to its container
MARGIN = 12  # around the region's frame, so that a point on its edge is drawn whole


@dataclass(frozen=True)
class MapPoint:
    x: int
    y: int
    name: str


@dataclass(frozen=True)
class RegionMap:
    """What the SVG draws: its size in viewBox units, a point per place, and its accessible name."""

    width: int
    height: int
    points: tuple[MapPoint, ...]
    label: str


def region_map(network: Network, region: Region, places: Sequence[Place]) -> RegionMap:
    """The points of ``places`` in the frame of ``region``: an equirectangular projection, longitudes shrunk by the
    cosine of the region's middle latitude, north up."""
    shrink = math.cos(math.radians((region.north + region.south) / 2))
    scale = (WIDTH - 2 * MARGIN) / (max(region.east - region.west, MIN_SPAN) * shrink)  # never a division by ~0
    height = round((region.north - region.south) * scale) + 2 * MARGIN
    points = tuple(
        MapPoint(round(MARGIN + (place.longitude - region.west) * shrink * scale),
                 round(MARGIN + (region.north - place.latitude) * scale), place.name)
        for place in places
    )
    count = "aucun lieu" if not places else "1 lieu" if len(places) == 1 else f"{len(places)} lieux"
    return RegionMap(WIDTH, height, points, f"{map_title(network, region)} : {count}, un point par lieu")


def region_map_svg(env: Environment, network: Network, region: Region, places: Sequence[Place]) -> Markup:
    """The SVG of ``region_map``, rendered by ``env`` (the hook's environment, where ``overrides/`` comes first)."""
    return Markup(env.get_template(REGION_MAP_TEMPLATE).render(map=region_map(network, region, places)))


@pass_environment
def region_map_global(env: Environment, region: Region, places: Sequence[Place]) -> Markup:
    """``region_map_svg`` as the Jinja global ``region_map``, for the network of the global ``reseau``."""
    return region_map_svg(env, env.globals["reseau"], region, places)
