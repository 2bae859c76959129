"""tierslieux.region_map: the static map of a region's places, drawn at build time."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from jinja2 import Environment, FileSystemLoader

from projects import NETWORK, REPO
from tierslieux.model import Place, Region
from tierslieux.region_map import MARGIN, WIDTH, region_map, region_map_svg

REGION = Region(slug="bretagne", source="regions/bretagne.md", name="Bretagne", code="53",
                south=47.2, west=-5.2, north=48.9, east=-1.0)


def place(name: str, latitude: float, longitude: float) -> Place:
    return Place(slug="x", source="portraits/x.md", name=name, region="bretagne", commune="Brest",
                 postal_code="29200", latitude=latitude, longitude=longitude, summary="Un lieu.")


def test_the_corners_of_the_region_are_the_corners_of_the_drawing():
    drawn = region_map(NETWORK, REGION, [place("Nord-ouest", 48.9, -5.2), place("Sud-est", 47.2, -1.0)])
    shrink = math.cos(math.radians((48.9 + 47.2) / 2))
    assert drawn.width == WIDTH
    assert drawn.height == round(1.7 * (WIDTH - 2 * MARGIN) / (4.2 * shrink)) + 2 * MARGIN
    assert [(point.x, point.y) for point in drawn.points] == [
        (MARGIN, MARGIN), (WIDTH - MARGIN, drawn.height - MARGIN)]
    assert drawn.label == "Carte des tiers-lieux de formation — Bretagne : 2 lieux, un point par lieu"


def test_the_svg_names_each_point_with_escaped_text_and_is_an_image_with_a_french_name():
    hostile = '<img src=x onerror=alert(1)> & "guillemets"'
    env = Environment(loader=FileSystemLoader(REPO / "overrides"))  # no autoescape: the template turns it on
    svg = region_map_svg(env, NETWORK, REGION, [place(hostile, 48.0, -3.0)])
    root = ET.fromstring(svg)  # well-formed XML
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Carte des tiers-lieux de formation — Bretagne : 1 lieu, un point par lieu"
    titles = [element.text for element in root.iter("{http://www.w3.org/2000/svg}title")]
    assert titles == [hostile]
    assert "<img" not in svg and "&lt;img src=x onerror=alert(1)&gt; &amp; &#34;guillemets&#34;" in svg


def test_a_region_without_places_draws_its_frame_alone():
    drawn = region_map(NETWORK, REGION, [])
    assert drawn.points == () and drawn.label.endswith(" : aucun lieu, un point par lieu")


def test_a_region_too_narrow_to_project_still_draws_without_overflow():
    """make check refuses such bounds; a Region built by other code must not crash the projection either."""
    narrow = Region(slug="x", source="regions/x.md", name="X", code="53", south=47.2, west=0.0, north=48.9,
                    east=4.9e-324)
    drawn = region_map(NETWORK, narrow, [place("Brest", 48.0, 0.0)])
    assert drawn.width == WIDTH and drawn.points[0].x == MARGIN
