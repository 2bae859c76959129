"""The data files of the maps: GeoJSON order and content, the compact index, escaping, determinism."""

from __future__ import annotations

import json

import pytest

from projects import FIXTURES, make_project
from tierslieux.content import load_content
from tierslieux.geodata import (
    GEOJSON,
    INDEX,
    data_files,
    json_text,
    map_index,
    places_geojson,
    region_geojson_path,
    region_index_path,
)
from tierslieux.schema import theme_labels

HOSTILE_NAMES = {
    "balise-img": "<img src=x onerror=alert(1)>",
    "gabarit-js": "Atelier ${alert(1)} `alert(2)` </script><script>alert(3)</script>",
}


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    """The example portraits and the hostile ones."""
    root = make_project(tmp_path_factory.mktemp("geodata"), sorted((FIXTURES / "hostile").glob("*.md")),
                        with_examples=True)
    return load_content(root)


def test_geojson_points_are_longitude_then_latitude(content):
    collection = places_geojson(content.places, content.regions, None)
    assert collection["type"] == "FeatureCollection"
    for place, feature in zip(content.places, collection["features"], strict=True):
        assert feature["type"] == "Feature"
        assert feature["geometry"] == {"type": "Point", "coordinates": [place.longitude, place.latitude]}


def test_the_index_rows_are_latitude_then_longitude_as_leaflet_wants(content):
    index = map_index(content)
    for place, row in zip(content.places, index["places"], strict=True):
        assert row[:2] == [place.latitude, place.longitude]
        assert row[2:5] == [place.slug, place.name, place.commune]


def test_geojson_properties_carry_what_the_popup_shows(content):
    place = next(p for p in content.places if p.slug == "balise-img")
    feature = next(f for f in places_geojson(content.places, content.regions, None)["features"] if f["properties"]["slug"] == "balise-img")
    assert feature["properties"] == {
        "slug": "balise-img",
        "name": "<img src=x onerror=alert(1)>",
        "commune": "Rennes <script>alert(2)</script>",
        "region": "bretagne",
        "summary": place.summary,
        "themes": ["numerique"],
        "url": "portraits/balise-img/",
        "code_postal": place.postal_code,
        "departement": None,
        "code_region": "53",
        "nom_region": "Bretagne",
        "updated": None,
    }


def test_each_place_is_in_the_index_once_with_its_own_region_and_themes(content):
    index = map_index(content)
    assert index["regions"] == sorted(content.regions)
    assert [theme["id"] for theme in index["themes"]] == list(theme_labels())
    slugs = [row[2] for row in index["places"]]
    assert sorted(slugs) == sorted(place.slug for place in content.places) and len(set(slugs)) == len(slugs)
    by_slug = {place.slug: place for place in content.places}
    for row in index["places"]:
        place = by_slug[row[2]]
        assert index["regions"][row[5]] == place.region
        assert [index["themes"][i]["id"] for i in row[6]] == list(place.themes)


def test_each_place_is_in_exactly_one_region_file_the_right_one(content):
    files = data_files(content)
    seen = []
    for region in content.regions:
        features = json.loads(files[region_geojson_path(region)])["features"]
        assert {f["properties"]["region"] for f in features} <= {region}
        seen += [f["properties"]["slug"] for f in features]
    assert sorted(seen) == sorted(place.slug for place in content.places)


def test_hostile_text_round_trips_as_data_and_never_as_markup(content):
    files = data_files(content)
    names = {f["properties"]["slug"]: f["properties"]["name"] for f in json.loads(files[GEOJSON])["features"]}
    assert {slug: names[slug] for slug in HOSTILE_NAMES} == HOSTILE_NAMES
    index_names = {row[2]: row[3] for row in json.loads(files[INDEX])["places"]}
    assert {slug: index_names[slug] for slug in HOSTILE_NAMES} == HOSTILE_NAMES


def test_json_text_is_compact_utf8():
    data = {"b": "Île-de-France", "a": [1.5, "</script>", None, True], "c": "\u2028\x00\"\\", "d": 1e-05}
    assert json_text(data) == '{"b":"Île-de-France","a":[1.5,"</script>",null,true],"c":"\u2028\\u0000\\"\\\\","d":0.00001}\n'
    assert json.loads(json_text(data)) == data


def test_two_builds_of_the_same_content_give_the_same_bytes(content):
    assert data_files(content) == data_files(content)
    assert list(data_files(content)) == [GEOJSON, INDEX] + [region_geojson_path(r) for r in sorted(content.regions)] + [
        region_index_path(r) for r in sorted(content.regions)]


def test_the_geojson_is_rfc_7946_with_one_point_per_place(content):
    collection = json.loads(data_files(content, "https://exemple.org/")[GEOJSON])
    assert set(collection) == {"type", "features"}  # no "crs": RFC 7946 is WGS84 only
    assert len(collection["features"]) == len(content.places)
    for feature in collection["features"]:
        assert set(feature) == {"type", "geometry", "properties"} and feature["type"] == "Feature"
        longitude, latitude = feature["geometry"]["coordinates"]
        assert feature["geometry"]["type"] == "Point" and -180 <= longitude <= 180 and -90 <= latitude <= 90
        assert feature["properties"]["url"] == f"https://exemple.org/portraits/{feature['properties']['slug']}/"


def test_a_region_index_holds_only_the_places_of_its_region(content):
    index = map_index(content, "bretagne")
    assert index["regions"] == map_index(content)["regions"]
    assert [row for row in map_index(content)["places"] if index["regions"][row[5]] == "bretagne"] == index["places"]
    assert index["places"]
