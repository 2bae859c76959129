"""tierslieux.region_map and map_labels: the static map of a region's places, drawn at build time; and
tools/region_contours.py, which writes the contours it draws."""

from __future__ import annotations

import importlib.util
import math
import re
import xml.etree.ElementTree as ET

import pytest
from jinja2 import Environment, FileSystemLoader

from projects import NETWORK, REPO
from tierslieux.content import load_content
from tierslieux.map_labels import Box, place_labels
from tierslieux.model import Place, Region
from tierslieux.region_map import CONTOURS, MARGIN, SIDE, _decoded, region_map, region_map_svg

SVG = "{http://www.w3.org/2000/svg}"
BRETAGNE = Region(slug="bretagne", source="regions/bretagne.md", name="Bretagne", code="53",
                  south=47.23, west=-5.2, north=48.94, east=-0.96)
NOWHERE = Region(slug="atlantide", source="regions/atlantide.md", name="Atlantide", code="99",  # no contours
                 south=47.2, west=-5.2, north=48.9, east=-1.0)
PREFECTURES = {  # the préfecture of each département, by region: INSEE's chefs-lieux
    "auvergne-rhone-alpes": ["Bourg-en-Bresse", "Moulins", "Privas", "Aurillac", "Valence", "Grenoble",
                             "Saint-Étienne", "Le Puy-en-Velay", "Clermont-Ferrand", "Lyon", "Chambéry", "Annecy"],
    "bourgogne-franche-comte": ["Dijon", "Besançon", "Lons-le-Saunier", "Nevers", "Vesoul", "Mâcon", "Auxerre",
                                "Belfort"],
    "bretagne": ["Saint-Brieuc", "Quimper", "Rennes", "Vannes"],
    "centre-val-de-loire": ["Bourges", "Chartres", "Châteauroux", "Tours", "Blois", "Orléans"],
    "corse": ["Ajaccio", "Bastia"],
    "grand-est": ["Charleville-Mézières", "Troyes", "Châlons-en-Champagne", "Chaumont", "Nancy", "Bar-le-Duc",
                  "Metz", "Strasbourg", "Colmar", "Épinal"],
    "guadeloupe": ["Basse-Terre"],
    "guyane": ["Cayenne"],
    "hauts-de-france": ["Laon", "Lille", "Beauvais", "Arras", "Amiens"],
    "ile-de-france": ["Paris", "Melun", "Versailles", "Évry-Courcouronnes", "Nanterre", "Bobigny", "Créteil",
                      "Pontoise"],
    "la-reunion": ["Saint-Denis"],
    "martinique": ["Fort-de-France"],
    "mayotte": ["Mamoudzou"],
    "normandie": ["Caen", "Évreux", "Saint-Lô", "Alençon", "Rouen"],
    "nouvelle-aquitaine": ["Angoulême", "La Rochelle", "Tulle", "Guéret", "Périgueux", "Bordeaux", "Mont-de-Marsan",
                           "Agen", "Pau", "Niort", "Poitiers", "Limoges"],
    "occitanie": ["Foix", "Carcassonne", "Rodez", "Nîmes", "Toulouse", "Auch", "Montpellier", "Cahors", "Mende",
                  "Tarbes", "Perpignan", "Albi", "Montauban"],
    "pays-de-la-loire": ["Nantes", "Angers", "Laval", "Le Mans", "La Roche-sur-Yon"],
    "provence-alpes-cote-d-azur": ["Digne-les-Bains", "Gap", "Nice", "Marseille", "Toulon", "Avignon"],
}


def place(name: str, latitude: float, longitude: float) -> Place:
    return Place(slug="x", source="portraits/x.md", name=name, region="bretagne", commune="Brest",
                 postal_code="29200", latitude=latitude, longitude=longitude, summary="Un lieu.")


def view_box(drawn) -> list[int]:
    return [int(number) for number in drawn.view_box.split()]


def test_without_contours_the_corners_of_the_region_are_the_corners_of_the_drawing():
    drawn = region_map(NETWORK, NOWHERE, [place("Nord-ouest", 48.9, -5.2), place("Sud-est", 47.2, -1.0)])
    shrink = math.cos(math.radians((48.9 + 47.2) / 2))
    height = round(1.7 * (SIDE - 2 * MARGIN) / (4.2 * shrink)) + 2 * MARGIN
    assert view_box(drawn) == [0, 0, SIDE, height]
    assert [(point.x, point.y, point.number) for point in drawn.points] == [
        (MARGIN, MARGIN, 1), (SIDE - MARGIN, height - MARGIN, 2)]
    assert drawn.outline == f"M{MARGIN} {height - MARGIN}l952 0 0-{height - 2 * MARGIN}-952 0 0 {height - 2 * MARGIN}z"
    assert drawn.land == drawn.outline and drawn.towns == ()
    assert drawn.label == ("Carte des tiers-lieux de formation — Atlantide : 2 lieux, un point numéroté par lieu, "
                           "dans l'ordre de la liste")


def test_bretagne_is_drawn_with_its_outline_its_four_departements_and_their_prefectures_named():
    drawn = region_map(NETWORK, BRETAGNE, [place("Brest", 48.39, -4.49)])
    assert drawn.outline.count("M") >= 4  # the mainland and its largest islands: Belle-Île, Ouessant, Groix
    assert drawn.land.count("M") >= 4 and drawn.land != drawn.outline
    assert [town.name for town in drawn.towns] == PREFECTURES["bretagne"]
    assert all(town.label for town in drawn.towns)
    ((x, y),) = [(point.x, point.y) for point in drawn.points]
    quimper = next(town for town in drawn.towns if town.name == "Quimper")
    assert 0 < x < quimper.x and y < quimper.y  # Brest is west and north of Quimper


@pytest.mark.parametrize("slug", sorted(PREFECTURES))
def test_every_region_has_its_outline_and_its_prefectures_overseas_and_corsica_included(slug):
    region = load_content(REPO).regions[slug]
    drawn = region_map(NETWORK, region, [])
    assert drawn.outline.startswith("M") and drawn.outline.endswith("z")
    assert [town.name for town in drawn.towns] == PREFECTURES[slug]
    left, top, width, height = view_box(drawn)
    assert max(width, height) <= SIDE + 300 and min(width, height) >= SIDE / 2 - 300  # neither a strip nor a tower
    for town in drawn.towns:
        assert left <= town.x <= left + width and top <= town.y <= top + height


def test_the_contours_of_every_region_weigh_300_kb_at_most():
    assert CONTOURS.stat().st_size <= 300_000


def test_the_svg_numbers_and_names_each_point_with_escaped_text_and_is_an_image_with_a_french_name():
    hostile = '<img src=x onerror=alert(1)> & "guillemets"'
    env = Environment(loader=FileSystemLoader(REPO / "overrides"))  # no autoescape: the template turns it on
    svg = region_map_svg(env, NETWORK, BRETAGNE, [place("Brest", 48.39, -4.49), place(hostile, 48.0, -3.0)])
    root = ET.fromstring(svg)  # well-formed XML
    assert root.get("role") == "img"
    assert root.get("aria-label") == ("Carte des tiers-lieux de formation — Bretagne : 2 lieux, un point numéroté par "
                                      "lieu, dans l'ordre de la liste")
    places = root.findall(f"{SVG}g[@class='tl-region-map__places']/{SVG}g")
    assert [(group.find(f"{SVG}title").text, group.find(f"{SVG}text").text) for group in places] == [
        ("1. Brest", "1"), (f"2. {hostile}", "2")]
    assert [text.text for text in root.findall(f"{SVG}g[@class='tl-region-map__towns']/{SVG}g/{SVG}text")] == [
        "Saint-Brieuc", "Quimper", "Rennes", "Vannes"]
    assert "<img" not in svg and "&lt;img src=x onerror=alert(1)&gt; &amp; &#34;guillemets&#34;" in svg
    assert re.fullmatch(r"M[-0-9 lMz]+", root.find(f"{SVG}path").get("d"))  # path data: numbers only


def test_a_region_without_places_draws_its_outline_alone():
    drawn = region_map(NETWORK, BRETAGNE, [])
    assert drawn.points == () and drawn.outline
    assert drawn.label.endswith(" : aucun lieu, un point numéroté par lieu, dans l'ordre de la liste")


@pytest.mark.parametrize(("south", "west", "north", "east"), [
    (0.0, 0.0, 5e-324, 5e-324),  # degenerate: a frame of no size
    (47.2, -1.0, 47.2000001, 4.9e-324),
    (-90.0, -180.0, 90.0, 180.0),  # the whole world, up to the poles
])
def test_a_degenerate_frame_is_widened_rather_than_divided_by_zero(south, west, north, east):
    region = Region(slug="atlantide", source="regions/atlantide.md", name="Atlantide", code="99",
                    south=south, west=west, north=north, east=east)
    drawn = region_map(NETWORK, region, [place("Seul", south, west)])
    left, top, width, height = view_box(drawn)
    assert SIDE / 2 <= min(width, height) and max(width, height) == SIDE
    ((point),) = drawn.points
    assert 0 <= point.x <= width and 0 <= point.y <= height


def test_a_name_goes_beside_its_town_clear_of_the_dots_or_is_left_out_where_nothing_fits():
    drawing, room = Box(0, 0, 1000, 600), Box(-150, -150, 1150, 750)
    labels = place_labels([(500, 300, "Rennes"), (505, 300, "Vannes")], drawing, room, [])
    assert [(label.x, label.anchor) for label in labels] == [(491, "end"), (514, "start")]  # clear of the other dot
    under_a_dot = place_labels([(500, 300, "Rennes")], drawing, room, [Box(474, 274, 526, 326)])
    assert (under_a_dot[0].x, under_a_dot[0].anchor) == (530, "start")  # past the dot of a place in Rennes
    assert place_labels([(500, 300, "Rennes")], drawing, room, [Box(-200, -200, 1200, 800)]) == [None]
    (at_the_edge,) = place_labels([(995, 5, "Belfort")], Box(0, 0, 1000, 40), room, [])
    assert (at_the_edge.x, at_the_edge.anchor) == (1004, "start")  # the drawing grows to hold it
    assert at_the_edge.box.inside(room)


def _contours_tool():
    spec = importlib.util.spec_from_file_location("region_contours", REPO / "tools" / "region_contours.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_tool_simplifies_lines_keeps_their_ends_and_stores_what_the_map_reads():
    tool = _contours_tool()
    line = [[0.0, 0.0], [1.0, 0.01], [2.0, 0.0], [3.0, 2.0], [4.0, 0.0]]
    assert tool.simplified(line, 0.1) == [[0.0, 0.0], [2.0, 0.0], [3.0, 2.0], [4.0, 0.0]]
    ring = [[-4.4861, 48.3904], [-4.1, 47.99], [-2.76, 47.66], [-4.4861, 48.3904]]
    decoded = _decoded(tool.encoded(ring))
    assert [coordinate for point in decoded for coordinate in point] == pytest.approx(sum(ring, []))
    assert tool.area([[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]]) == 2
    assert tool.centroid([[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]]) == (1, 0.5)
