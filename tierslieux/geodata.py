"""The places as data files: open GeoJSON for reuse, and the compact index every map loads.

Called by the MkDocs hook (files under ``data/``) and by ``build_map.py`` (data inlined in a standalone map).

- ``data/lieux.geojson`` and ``data/lieux/<region>.geojson``: RFC 7946 FeatureCollections, [longitude,
  latitude] order, every property a visitor sees on the map, plus what a reuser needs to place and date it
  (``code_postal``, ``departement``, the region's code and name, ``updated``, the page's absolute ``url``).
  Published as open data; a map fetches one region's file when a popup of that region first needs a summary.
  The property names are a contract with the maps (``carte.js``) and reusers: add, never rename.
- ``data/carte.json``: what the maps need to draw every marker, and nothing more, so that 5,000 places stay
  well under a megabyte (the GeoJSON of 5,000 places weighs about 3.4 MB). Each place is an array
  ``[latitude, longitude, slug, name, commune, region index, [theme indexes]]``, in Leaflet's order.
- ``data/carte/<region>.json``: the same index for one region's places, loaded by the region's maps (region
  pages and portraits), so that their weight does not grow with the number of places in the country.
"""

from __future__ import annotations

from tierslieux.content import Content
from tierslieux.exports import COLUMNS_BY_NAME, column_value, json_text
from tierslieux.model import Place, Region
from tierslieux.schema import theme_labels

GEOJSON = "data/lieux.geojson"
INDEX = "data/carte.json"
PRECISION = 5  # decimal places of coordinates: about a metre


def region_index_path(region: str) -> str:
    return f"data/carte/{region}.json"


def region_geojson_path(region: str) -> str:
    return f"data/lieux/{region}.geojson"


# Each GeoJSON property and the column of lieux.csv that it holds: the first seven are what the maps have
# always read; the others were added for reusers.
PROPERTIES = (
    ("slug", "id"), ("name", "nom"), ("commune", "commune"), ("region", "region"), ("summary", "presentation_resume"),
    ("themes", "themes"), ("url", "url"), ("code_postal", "code_postal"), ("departement", "departement"),
    ("code_region", "code_region"), ("nom_region", "nom_region"), ("updated", "date_maj"),
)


def places_geojson(places: list[Place] | tuple[Place, ...], regions: dict[str, Region], site_url: str | None) -> dict:
    """An RFC 7946 FeatureCollection of ``places``, one Point feature each, in the given order."""
    return _collection([_feature(place, regions, site_url) for place in places])


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def _feature(place: Place, regions: dict[str, Region], site_url: str | None) -> dict:
    region = regions[place.region]
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [_rounded(place.longitude), _rounded(place.latitude)]},
        "properties": {
            name: column_value(COLUMNS_BY_NAME[column], place, region, site_url) for name, column in PROPERTIES
        },
    }


def map_index(content: Content, region: str | None = None) -> dict:
    """The compact index of every place, or of one region's, that the maps draw markers from (see the module docstring)."""
    regions = sorted(content.regions)
    themes = theme_labels()
    region_index = {slug: index for index, slug in enumerate(regions)}
    theme_index = {theme: index for index, theme in enumerate(themes)}
    return {
        "regions": regions,
        "themes": [{"id": theme, "label": label} for theme, label in themes.items()],
        "places": [
            [_rounded(place.latitude), _rounded(place.longitude), place.slug, place.name, place.commune,
             region_index[place.region], [theme_index[theme] for theme in place.themes]]
            for place in content.places if region in (None, place.region)
        ],
    }


def data_files(content: Content, site_url: str | None = None) -> dict[str, str]:
    """Every data file of the maps, by path under the site root, as text."""
    features = {place.slug: _feature(place, content.regions, site_url) for place in content.places}  # made once
    files = {GEOJSON: json_text(_collection([features[place.slug] for place in content.places])),
             INDEX: json_text(map_index(content))}
    for region, places in sorted(content.places_by_region().items()):
        by_slug = sorted(place.slug for place in places)
        files[region_geojson_path(region)] = json_text(_collection([features[slug] for slug in by_slug]))
    for region in sorted(content.regions):
        files[region_index_path(region)] = json_text(map_index(content, region))
    return files


def _rounded(degrees: float) -> float:
    return round(degrees, PRECISION)
