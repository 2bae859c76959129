"""Maps of the tiers-lieux de formation, drawn with Folium.

The MkDocs hook calls ``site_embed_html`` for each embed page of the site (``/embed/`` and ``/embed/<region>/``),
and publishes the map's script as a file beside the page (``EMBED_SCRIPT``): the CSP allows no inline script. Run
alone, this script writes one self-contained HTML map of the portraits of a
folder, libraries and data included:

    python build_map.py --content . --region bretagne -o carte.html

Folium builds the Leaflet map, its tiles and its initial view. The markers are not Folium markers: one per
place would repeat the same JavaScript thousands of times, and Folium's popups and tooltips insert names as
HTML. ``PlacesLayer`` hands the data to ``docs/javascripts/carte.js``, which builds the markers, clusters,
popups and filters in the browser and writes contributor text with ``textContent`` only.
"""

from __future__ import annotations

import argparse
import base64
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import folium
import yaml
from branca.element import CssLink, JavascriptLink
from folium.elements import JSCSSMixin
from folium.template import Template
from jinja2 import Environment, FileSystemLoader
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from tierslieux.content import Content, load_content
from tierslieux.csp import standalone_policy, with_policy
from tierslieux.geodata import INDEX, map_index, places_geojson, region_geojson_path, region_index_path
from tierslieux.maps import (
    OWN_SCRIPT,
    OWN_STYLESHEET,
    SCRIPTS,
    STYLESHEETS,
    MapSetupError,
    MapView,
    Tiles,
    map_views,
    tiles_from_config,
    vendor_files,
)
from tierslieux.model import Region, french_sort_key
from tierslieux.network import Network, NetworkSetupError, network_from_config
from tierslieux.problems import ContentError, format_plain
from tierslieux.schema import theme_labels

REPO = Path(__file__).resolve().parent
EMBED_TEMPLATE = "embed.html"
EMBED_SCRIPT = "carte.js"  # the script that draws an embed page's map, beside the page (/embed/…/carte.js)


@dataclass(frozen=True)
class Sources:
    """Where a map page finds its libraries, its data and the portraits it links to."""

    scripts: tuple[str, ...]
    stylesheets: tuple[str, ...]
    index: str | dict  # the URL of data/carte.json or of a region's index, or the index itself
    details: str | dict  # the URL of a region's GeoJSON with "{region}" in it, or one FeatureCollection
    site: str  # the URL of the site root, ending with "/"


def site_sources(root: str, region: str | None = None) -> Sources:
    """The published site's files, seen from a page ``root`` away from the site root (``".."``).

    A region's map loads the index of its region only: its weight does not grow with the whole country.
    """
    return Sources(
        scripts=tuple(f"{root}/{path}" for path in SCRIPTS),
        stylesheets=tuple(f"{root}/{path}" for path in STYLESHEETS),
        index=f"{root}/{region_index_path(region) if region else INDEX}",
        details=f"{root}/{region_geojson_path('{region}')}",
        site=f"{root}/",
    )


def inline_sources(content: Content, site_url: str, repo: Path = REPO) -> Sources:
    """Everything inside the page, for a map opened from a file: libraries as data: URLs, data as JSON."""
    library = {site_path: path for site_path, path in vendor_files(repo).items()}
    library[OWN_SCRIPT] = repo / "docs" / OWN_SCRIPT
    library[OWN_STYLESHEET] = repo / "docs" / OWN_STYLESHEET
    return Sources(
        scripts=tuple(_data_url(library[path].read_bytes(), "text/javascript") for path in SCRIPTS),
        stylesheets=tuple(_data_url(library[path].read_bytes(), "text/css") for path in STYLESHEETS),
        index=map_index(content),
        details=places_geojson(content.places, content.regions, site_url),
        site=site_url,
    )


def _data_url(data: bytes, media_type: str) -> str:
    return f"data:{media_type};charset=utf-8;base64,{base64.b64encode(data).decode('ascii')}"


class PlacesLayer(JSCSSMixin):
    """The places of a map, drawn in the browser by ``tiersLieux.showPlaces`` from ``options`` (JSON only)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            tiersLieux.showPlaces({{ this._parent.get_name() }}, {{ this.options_json }});
        {% endmacro %}
    """)

    def __init__(self, options: dict, scripts: list[tuple[str, str]], stylesheets: list[tuple[str, str]]):
        super().__init__()
        self._name = "PlacesLayer"
        self.options_json = template_inert_json(options)
        # Per instance: add_js_link would change the class-level list shared by every map of the process.
        self.default_js = scripts
        self.default_css = stylesheets


def template_inert_json(data: object) -> str:
    """``data`` as JSON for a script, that Jinja reads as plain text.

    branca renders the script of each map element, then renders that output again as a Jinja template: contributor
    text holding « {{ … }} » or « {% … %} » would run there, on the machine that draws the map. No « {{ », « {% »
    nor « {# » is ever JSON syntax, so each such « { » is in a string, where ``\\u007b`` writes the same character.
    ``<``, ``>``, ``&`` and ``'`` are escaped too, as by ``tojson``: no text can close the script.
    """
    return _JINJA_OPENING.sub(r"\\u007b", htmlsafe_json_dumps(data, sort_keys=True))  # tojson's own settings


_JINJA_OPENING = re.compile(r"\{(?=[{%#])")


def build_map(view: MapView, regions: dict[str, Region], tiles: Tiles, sources: Sources) -> folium.Map:
    """The Folium map of ``view``: Leaflet within the view's limits, the layer of places, the tiles."""
    (south, west), (north, east) = view.home
    (min_lat, min_lon), (max_lat, max_lon) = view.limits
    carte = folium.Map(
        location=[round((south + north) / 2, 5), round((west + east) / 2, 5)], zoom_start=6, tiles=None,
        zoom_control=False,  # carte.js adds it with French titles
        max_bounds=True, min_lat=min_lat, min_lon=min_lon, max_lat=max_lat, max_lon=max_lon,
    )
    # Only Leaflet, from the site, instead of Folium's 13 files from 5 CDNs; set on this map, not the class.
    carte.default_js = [("leaflet", sources.scripts[0])]
    carte.default_css = [("leaflet_css", sources.stylesheets[0])]
    # The places layer fits the first view before the tiles are added, so that no tile is loaded twice.
    PlacesLayer(
        _layer_options(view, regions, sources),
        scripts=[(f"script_{i}", url) for i, url in enumerate(sources.scripts[1:])],
        stylesheets=[(f"stylesheet_{i}", url) for i, url in enumerate(sources.stylesheets[1:])],
    ).add_to(carte)
    folium.TileLayer(tiles.url, attr=tiles.attribution, max_zoom=tiles.max_zoom).add_to(carte)
    _name_elements(carte)
    return carte


def _layer_options(view: MapView, regions: dict[str, Region], sources: Sources) -> dict:
    return {
        "index": sources.index,
        "details": sources.details,
        "site": sources.site,
        "home": view.home,
        "region": view.region,
        "zones": {zone.slug: zone.bounds for zone in view.zones},
        "bounds": {slug: ((r.south, r.west), (r.north, r.east)) for slug, r in sorted(regions.items())},
    }


def _name_elements(carte: folium.Map) -> None:
    """Name the map and its children by position: Folium's random names would change every build's bytes."""
    carte._id = "carte"
    for index, child in enumerate(carte._children.values()):
        child._id = str(index)


@dataclass(frozen=True)
class MapMarkup:
    """What a page needs to show a rendered map: its container's id, its libraries and its script."""

    id: str
    scripts: list[str]
    stylesheets: list[str]
    script: Markup  # JavaScript written by Folium; every value in it went through tojson


def map_markup(carte: folium.Map) -> MapMarkup:
    figure = carte.get_root()
    carte.render()
    links = list(figure.header._children.values())  # branca offers no public way to list the rendered links
    return MapMarkup(
        id=carte.get_name(),
        scripts=[link.url for link in links if isinstance(link, JavascriptLink)],
        stylesheets=[link.url for link in links if isinstance(link, CssLink)],
        script=Markup(figure.script.render()),
    )


class EmbedPage(NamedTuple):
    """An embed page of the site, and the script of its map, published beside it as ``EMBED_SCRIPT``."""

    html: str
    script: str


def embed_html(
    template, view: MapView, content: Content, markup: MapMarkup, *, site_name: str, home_url: str, icon: str | None,
    script_src: str,
) -> str:
    """The page of one map, filling its window, from the ``embed.html`` template (autoescaped); it loads the map's
    script from ``script_src``."""
    regions = sorted(content.regions.values(), key=lambda region: french_sort_key(region.name))
    return template.render(
        view=view,
        map=markup,
        script_src=script_src,
        regions=[] if view.region else regions,
        themes=theme_labels(),
        site_name=site_name,
        home_url=home_url,
        icon=icon,
    )


def site_embed_html(
    template, view: MapView, content: Content, tiles: Tiles, *, site_name: str, icon: str,
) -> EmbedPage:
    """The embed page of ``view`` in the published site, loading the site's own libraries and data, and its map's
    script."""
    root = "/".join(".." for _ in view.path.strip("/").split("/"))
    markup = map_markup(build_map(view, content.regions, tiles, site_sources(root, view.region)))
    html = embed_html(template, view, content, markup, site_name=site_name, home_url=f"{root}/{view.home_page}",
                      icon=f"{root}/{icon}", script_src=EMBED_SCRIPT)
    return EmbedPage(html, str(markup.script))


def standalone_map(content: Content, region: str | None, *, tiles: Tiles, network: Network, site_name: str,
                   site_url: str) -> str:
    """A self-contained HTML map of ``content``, national or of one region."""
    view = next(view for view in map_views(content, network) if view.region == region)
    carte = build_map(view, content.regions, tiles, inline_sources(content, site_url))
    env = Environment(loader=FileSystemLoader(REPO / "overrides"), autoescape=True)
    markup = map_markup(carte)
    html = embed_html(env.get_template(EMBED_TEMPLATE), view, content, markup, site_name=site_name,
                      home_url=site_url + view.home_page, icon=None,
                      script_src=_data_url(markup.script.encode(), "text/javascript"))
    return with_policy(html, standalone_policy(tiles.url))


def main(argv: list[str] | None = None) -> int:
    site = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    parser = argparse.ArgumentParser(
        prog="python build_map.py",
        description="Écrit une carte autonome (un seul fichier HTML, bibliothèques et données comprises) des "
                    "portraits d'un dossier.",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="affiche cette aide")
    parser.add_argument("--content", type=Path, default=REPO, metavar="DOSSIER",
                        help="dossier qui contient portraits/ et regions/ (par défaut : le dépôt)")
    parser.add_argument("--region", metavar="SLUG", help="n'afficher qu'une région, par exemple bretagne")
    parser.add_argument("-o", "--output", type=Path, default=Path("carte.html"), metavar="FICHIER",
                        help="fichier HTML à écrire (par défaut : carte.html)")
    parser.add_argument("--site-url", default=site.get("site_url"), metavar="URL",
                        help="adresse du site vers lequel mènent les lieux (par défaut : site_url de mkdocs.yml)")
    args = parser.parse_args(argv)
    if not args.site_url:
        parser.error("adresse du site inconnue : indiquez --site-url https://…")
    try:
        content = load_content(args.content)
    except ContentError as error:
        print(format_plain(error.problems), file=sys.stderr)
        return 1
    if args.region is not None and args.region not in content.regions:
        parser.error(f"région inconnue : {args.region!r} (attendu : une de {', '.join(sorted(content.regions))})")
    try:
        extra = site.get("extra") or {}
        html = standalone_map(content, args.region, tiles=tiles_from_config(extra), network=network_from_config(extra),
                              site_name=site["site_name"], site_url=args.site_url.rstrip("/") + "/")
    except (MapSetupError, NetworkSetupError) as error:
        print(error, file=sys.stderr)
        return 1
    args.output.write_text(html, encoding="utf-8")
    count = len(content.places_in(args.region)) if args.region else len(content.places)
    print(f"Carte écrite dans {args.output} ({count} lieu{'x' if count > 1 else ''}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
