"""What each map shows and where its pieces come from, independent of Folium and MkDocs.

``build_map.py`` draws these views with Folium; the MkDocs hook publishes one embed page per view and
copies the JavaScript libraries from their XStatic packages (PyPI), with their licences from ``licences/``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from tierslieux.content import Content
from tierslieux.model import Region, french_sort_key
from tierslieux.network import Network

Bounds = tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east)), Leaflet's order

EMBED_DIR = "embed"
MAP_PAGE = "carte/"  # the page of the national map
OSM_ATTRIBUTION = (
    '&copy; les contributeurs d&rsquo;<a href="https://www.openstreetmap.org/copyright" target="_blank" '
    'rel="noopener">OpenStreetMap</a>'
)

# Library files the maps load, from the data folder of their XStatic package (constraints.txt pins the versions).
LEAFLET = "assets/vendor/leaflet"
CLUSTERS = "assets/vendor/leaflet.markercluster"
LEAFLET_PACKAGE = "xstatic.pkg.leaflet"
CLUSTERS_PACKAGE = "xstatic.pkg.leaflet_markercluster"
VENDOR_FILES = {
    f"{LEAFLET}/leaflet.js": (LEAFLET_PACKAGE, "leaflet.js"),
    f"{LEAFLET}/leaflet.css": (LEAFLET_PACKAGE, "leaflet.css"),
    f"{CLUSTERS}/leaflet.markercluster.js": (CLUSTERS_PACKAGE, "leaflet.markercluster.js"),
    f"{CLUSTERS}/MarkerCluster.css": (CLUSTERS_PACKAGE, "MarkerCluster.css"),
    f"{CLUSTERS}/MarkerCluster.Default.css": (CLUSTERS_PACKAGE, "MarkerCluster.Default.css"),
}
# The XStatic packages hold no licence: the texts of the libraries' own, published next to them.
LICENCES = {
    f"{LEAFLET}/LICENSE.txt": "licences/leaflet.txt",
    f"{CLUSTERS}/LICENSE.txt": "licences/leaflet.markercluster.txt",
}
# The site's own map code, in docs/ so that MkDocs publishes it as it is.
OWN_SCRIPT = "javascripts/carte.js"
OWN_STYLESHEET = "stylesheets/carte.css"
# What a map page loads, in order; Leaflet first.
SCRIPTS = (f"{LEAFLET}/leaflet.js", f"{CLUSTERS}/leaflet.markercluster.js", OWN_SCRIPT)
STYLESHEETS = (f"{LEAFLET}/leaflet.css", f"{CLUSTERS}/MarkerCluster.css", f"{CLUSTERS}/MarkerCluster.Default.css",
               OWN_STYLESHEET)


class MapSetupError(Exception):
    """A problem with the map configuration or libraries, told in French to whoever builds the site."""


@dataclass(frozen=True)
class Tiles:
    """The background map: a Leaflet tile URL template and its attribution (HTML written by the site's authors)."""

    url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    attribution: str = OSM_ATTRIBUTION
    max_zoom: int = 19


def tiles_from_config(extra: dict) -> Tiles:
    """The tiles set by ``extra.map`` in mkdocs.yml (``tiles``, ``attribution``, ``max_zoom``), else OpenStreetMap's."""
    settings = extra.get("map") or {}
    if not isinstance(settings, dict):
        raise MapSetupError(
            f"mkdocs.yml : extra.map invalide (trouvé : {settings!r} ; attendu : les champs tiles, attribution "
            "et max_zoom, un par ligne)."
        )
    if "tiles" not in settings:
        return Tiles()
    url, attribution = settings["tiles"], settings.get("attribution")
    if not isinstance(url, str) or not all(part in url for part in ("{z}", "{x}", "{y}")):
        raise MapSetupError(
            f"mkdocs.yml : extra.map.tiles invalide (trouvé : {url!r} ; attendu : une adresse de tuiles avec "
            "{z}, {x} et {y}, par exemple https://tile.openstreetmap.org/{z}/{x}/{y}.png)."
        )
    if not isinstance(attribution, str) or not attribution.strip():
        raise MapSetupError(
            "mkdocs.yml : extra.map.attribution manquant (attendu : la mention exigée par le fournisseur des "
            "tuiles, par exemple « © les contributeurs d'OpenStreetMap »)."
        )
    max_zoom = settings.get("max_zoom", Tiles.max_zoom)
    if not isinstance(max_zoom, int) or not 0 < max_zoom <= 22:
        raise MapSetupError(
            f"mkdocs.yml : extra.map.max_zoom invalide (trouvé : {max_zoom!r} ; attendu : un entier de 1 à 22)."
        )
    return Tiles(url, attribution, max_zoom)


@dataclass(frozen=True)
class Zone:
    """A place the national map can jump to in one click."""

    slug: str
    name: str
    bounds: Bounds


@dataclass(frozen=True)
class MapView:
    """One embeddable map: the whole country, or one region."""

    path: str  # where its embed page lives, under the site root
    title: str
    home: Bounds  # what it shows first
    limits: Bounds  # how far it can be panned
    home_page: str  # the page of the full site it stands for
    region: str | None = None  # the only region whose places it shows
    zones: tuple[Zone, ...] = ()


def embed_path(region: str | None = None) -> str:
    """The public address of an embed page, under the site root: ``embed/`` or ``embed/<region>/``."""
    return f"{EMBED_DIR}/{region}/" if region else f"{EMBED_DIR}/"


def map_title(network: Network, region: Region | None = None) -> str:
    """The title of a map, also the accessible name of its iframe and of its map container."""
    title = f"Carte des {network.places}"
    return f"{title} — {region.name}" if region else title


def is_overseas(region: Region) -> bool:
    """Guadeloupe, Martinique, Guyane, La Réunion and Mayotte have INSEE region codes 01 to 06."""
    return region.code < "10"


def region_bounds(region: Region) -> Bounds:
    return (region.south, region.west), (region.north, region.east)


def union(bounds: list[Bounds]) -> Bounds:
    return (
        (min(b[0][0] for b in bounds), min(b[0][1] for b in bounds)),
        (max(b[1][0] for b in bounds), max(b[1][1] for b in bounds)),
    )


def padded(bounds: Bounds, ratio: float) -> Bounds:
    """``bounds`` grown on every side by ``ratio`` of its size, within the world."""
    (south, west), (north, east) = bounds
    dlat, dlon = (north - south) * ratio, (east - west) * ratio
    return (
        (round(max(south - dlat, -85.0), 5), round(max(west - dlon, -180.0), 5)),
        (round(min(north + dlat, 85.0), 5), round(min(east + dlon, 180.0), 5)),
    )


def national_view(content: Content, network: Network) -> MapView:
    """All places; opens on metropolitan France, with one button per overseas region. A network of overseas regions
    only opens on the first, and one of a single territory has no buttons."""
    regions = sorted(content.regions.values(), key=lambda region: french_sort_key(region.name))
    mainland = [region_bounds(r) for r in regions if not is_overseas(r)]
    home = union(mainland) if mainland else region_bounds(regions[0])
    zones = ((Zone("metropole", "Métropole", home),) if mainland else ()) + tuple(
        Zone(region.slug, region.name, region_bounds(region)) for region in regions if is_overseas(region)
    )
    return MapView(
        path=embed_path(),
        title=map_title(network),
        home=home,
        limits=padded(union([region_bounds(r) for r in regions]), 0.05),
        home_page=MAP_PAGE,
        zones=zones if len(zones) > 1 else (),
    )


def region_view(region: Region, network: Network) -> MapView:
    return MapView(
        path=embed_path(region.slug),
        title=map_title(network, region),
        home=region_bounds(region),
        limits=padded(region_bounds(region), 0.5),
        home_page=region.url,
        region=region.slug,
    )


def map_views(content: Content, network: Network) -> list[MapView]:
    """The national view, then one view per region in slug order: the embed pages of the site."""
    return [national_view(content, network)] + [region_view(content.regions[slug], network)
                                                 for slug in sorted(content.regions)]


def vendor_files(root: Path) -> dict[str, Path]:
    """Site path of each library file the maps load and of its licence, and the file to copy there."""
    files = {site_path: _package_folder(package) / name for site_path, (package, name) in VENDOR_FILES.items()}
    files.update({site_path: root / path for site_path, path in LICENCES.items()})
    missing = [path for path in files.values() if not path.is_file()]
    if missing:
        raise MapSetupError(
            f"Bibliothèques des cartes incomplètes (trouvé : pas de {missing[0]} ; attendu : les fichiers des "
            "paquets XStatic-Leaflet et XStatic-Leaflet-MarkerCluster, et le dossier licences/ du dépôt). "
            "Lancez « make site », qui installe les paquets."
        )
    return files


def _package_folder(package: str) -> Path:
    try:
        return Path(importlib.import_module(package).BASE_DIR)
    except ImportError:
        raise MapSetupError(
            f"Bibliothèques des cartes introuvables (trouvé : pas de module {package} ; attendu : les paquets "
            "XStatic-Leaflet et XStatic-Leaflet-MarkerCluster installés par pip). Lancez « make site », qui les "
            "installe aux versions de constraints.txt."
        ) from None
