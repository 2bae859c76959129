"""The pages generated from content: where each one lives and what its template needs.

Plain data in, plain data out: the MkDocs hook only turns these into files and rendered pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from tierslieux.booklet import booklet_stylesheet
from tierslieux.content import Content
from tierslieux.maps import embed_path, map_title
from tierslieux.model import Place, Region, french_sort_key
from tierslieux.nearby import Neighbour, nearby_places
from tierslieux.network import Network
from tierslieux.structured_data import place_json_ld, preview_image, region_json_ld
from tierslieux.trainings import MODALITIES, regions_with_trainings, trainings_of

REGIONS_INDEX = "regions/index.md"
MAP_PAGE = "carte.md"
CATALOGUE_PAGE = "formations.md"
BOOKLET_TEMPLATE = "partials/livret.html"


@dataclass(frozen=True)
class PageSpec:
    """A generated page: its source URI, Markdown body, title, and the template that frames it."""

    src_uri: str
    title: str
    template: str
    markdown: str = ""
    description: str = ""
    context: dict = field(default_factory=dict)
    in_nav: bool = False
    source: str | None = None  # the repository file the page shows: its edit link and last-updated date
    updated: date | None = None  # the front matter's date, for when git has none
    json_ld: Callable[[str], dict] | None = None  # its schema.org data, given the site's URL
    preview: Callable[[str], tuple[str, str] | None] | None = None  # its link preview's image (URL, alt)
    gathers: tuple[str, ...] = ()  # the pages whose rendered bodies it shows, by source URI (booklets)
    noindex: bool = False  # for the team only: no search engine, out of the sitemap (overrides/sitemap.xml)
    stylesheet: str | None = None  # one more stylesheet of its own, under the site root (a booklet's footer)
    section: str | None = None  # the page of the navigation it belongs to, by source URI: its header tab is marked


def site_pages(content: Content, network: Network) -> list[PageSpec]:
    """Every generated page: one per portrait, one per region with its booklet and its trainings, the regions
    index, the national map and the catalogue of trainings."""
    by_region = content.places_by_region()
    nearby = nearby_places(content)
    pages = [portrait_page(place, content.regions[place.region], nearby[place.slug]) for place in content.places]
    pages += [region_page(region, by_region[slug], network) for slug, region in sorted(content.regions.items())]
    pages += [booklet_page(region, by_region[slug], network) for slug, region in sorted(content.regions.items())]
    pages += [region_trainings_page(region, by_region[slug], network)
              for slug, region in sorted(content.regions.items())]
    pages.append(regions_index_page(content, by_region, network))
    pages.append(map_page(content, by_region, network))
    pages.append(catalogue_page(content, network))
    return pages


def portrait_page(place: Place, region: Region, nearby: Sequence[Neighbour] = ()) -> PageSpec:
    return PageSpec(
        src_uri=f"portraits/{place.slug}.md",
        title=place.name,
        template="partials/portrait.html",
        markdown=contributor_body(place.body),
        description=place.summary,
        context={"place": place, "region": region, "map": f"{embed_path(region.slug)}?lieu={place.slug}",
                 "nearby": nearby},
        source=place.source,
        updated=place.updated,
        json_ld=partial(place_json_ld, place, region),
        preview=partial(preview_image, place),
        section=REGIONS_INDEX,
    )


def region_page(region: Region, places: list[Place], network: Network) -> PageSpec:
    return PageSpec(
        src_uri=f"regions/{region.slug}.md",
        title=region.name,
        template="partials/region.html",
        markdown=contributor_body(region.body),
        description=f"Les {network.places} en {region.name}.",
        context={"region": region, "places": places, "embed": embed_path(region.slug),
                 "embed_title": map_title(network, region), "trainings": sum(len(place.trainings) for place in places)},
        source=region.source,
        json_ld=partial(region_json_ld, region, places, network),
        section=REGIONS_INDEX,
    )


def contributor_body(body: str) -> str:
    """A portrait's or a region's Markdown as a page that no line of it can configure.

    MkDocs reads page settings (template, location, hide, search…) from a ``---`` block or from ``Key: value``
    lines at the very start of a page, and stops at the first blank line: this one.
    """
    return f"\n{body}"


def booklet_page(region: Region, places: list[Place], network: Network) -> PageSpec:
    """The printable booklet of a region: its presentation, then every portrait in full, in French order."""
    return PageSpec(
        src_uri=f"regions/{region.slug}/livret.md",
        title=f"{region.name} : le livret des lieux",
        template=BOOKLET_TEMPLATE,
        markdown=f"---\nhide:\n  - navigation\n  - toc\nsearch:\n  exclude: true\n---\n\n{region.body}",
        description=f"Les portraits des {network.places} en {region.name}, à imprimer.",
        context={"region": region, "places": places, "trainings": sum(len(place.trainings) for place in places)},
        gathers=tuple(f"portraits/{place.slug}.md" for place in places),
        stylesheet=booklet_stylesheet(region),
        section=REGIONS_INDEX,
    )


def region_trainings_page(region: Region, places: list[Place], network: Network) -> PageSpec:
    """Every training of a region's places, place by place in French order; kept out of the search index, which
    finds them on the portraits. Made for every region, so that its address holds while it has none."""
    return PageSpec(
        src_uri=f"regions/{region.slug}/formations.md",
        title=f"Formations — {region.name}",
        template="partials/region-formations.html",
        markdown="---\nhide:\n  - navigation\n  - toc\nsearch:\n  exclude: true\n---\n",
        description=f"Les formations des {network.places} en {region.name}.",
        context={"region": region, "trainings": trainings_of(places)},
        section=CATALOGUE_PAGE,
    )


def catalogue_page(content: Content, network: Network) -> PageSpec:
    """Every training of every place, filtered in the browser; without JavaScript, links to each region's list."""
    return PageSpec(
        src_uri=CATALOGUE_PAGE,
        title="Formations",
        template="partials/formations.html",
        markdown="---\nhide:\n  - navigation\n  - toc\n---\n",
        description=f"Toutes les formations des {network.places}, à filtrer par région, thème, modalité et "
                    "certification.",
        context={"regions": regions_with_trainings(content), "modalities": MODALITIES},
        in_nav=True,
    )


def regions_index_page(content: Content, by_region: dict[str, list[Place]], network: Network) -> PageSpec:
    regions = _regions_by_name(content)
    return PageSpec(
        src_uri=REGIONS_INDEX,
        title="Régions",
        template="partials/regions-index.html",
        description=f"Les {network.places} de chaque région.",
        context={"regions": [(region, len(by_region[region.slug])) for region in regions]},
        in_nav=True,
    )


def map_page(content: Content, by_region: dict[str, list[Place]], network: Network) -> PageSpec:
    """The national map, with the regions and their number of places as its text alternative: each leads to
    its list of places, so that the page does not grow with them."""
    regions = _regions_by_name(content)
    return PageSpec(
        src_uri=MAP_PAGE,
        title="Carte",
        template="partials/carte.html",
        markdown="---\nhide:\n  - navigation\n  - toc\n---\n",
        description=f"La carte des {network.places}, à filtrer par région et par thème.",
        context={"regions": [(region, len(by_region[region.slug])) for region in regions], "embed": embed_path(),
                 "embed_title": map_title(network)},
        in_nav=True,
    )


def _regions_by_name(content: Content) -> list[Region]:
    return sorted(content.regions.values(), key=lambda region: french_sort_key(region.name))


def page_url(src_uri: str) -> str:
    """``regions/x/livret.md`` -> ``regions/x/livret/``: a generated page's URL, as MkDocs makes it (directory URLs)."""
    return src_uri.removesuffix(".md") + "/"
