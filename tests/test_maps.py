"""What each map shows, the tile settings of mkdocs.yml, and the libraries copied from their XStatic packages."""

from __future__ import annotations

import pytest

from projects import NETWORK, REPO
from tierslieux.content import Content, load_content
from tierslieux.maps import (
    LICENCES,
    VENDOR_FILES,
    MapSetupError,
    Tiles,
    embed_path,
    is_overseas,
    map_views,
    national_view,
    padded,
    region_view,
    tiles_from_config,
    vendor_files,
)

OVERSEAS = ["guadeloupe", "guyane", "la-reunion", "martinique", "mayotte"]


@pytest.fixture(scope="module")
def content():
    return load_content(REPO)


def test_the_national_map_opens_on_metropolitan_france_and_offers_each_overseas_region(content):
    view = national_view(content, NETWORK)
    assert sorted(slug for slug, region in content.regions.items() if is_overseas(region)) == OVERSEAS
    metropole = [r for r in content.regions.values() if not is_overseas(r)]
    assert view.home == (
        (min(r.south for r in metropole), min(r.west for r in metropole)),
        (max(r.north for r in metropole), max(r.east for r in metropole)),
    )
    assert 41 < view.home[0][0] < view.home[1][0] < 52 and -6 < view.home[0][1] < view.home[1][1] < 10
    assert [zone.slug for zone in view.zones] == ["metropole", "guadeloupe", "guyane", "la-reunion", "martinique",
                                                  "mayotte"]
    assert [zone.name for zone in view.zones][:2] == ["Métropole", "Guadeloupe"]
    (south, west), (north, east) = view.limits
    for region in content.regions.values():  # every region can be reached, and not the whole world
        assert south < region.south and west < region.west and region.north < north and region.east < east
    assert east - west < 180 and north - south < 90


def _only(content: Content, *slugs: str) -> Content:
    return Content({slug: content.regions[slug] for slug in slugs}, ())


def test_a_network_without_overseas_regions_opens_on_them_with_no_buttons(content):
    view = national_view(_only(content, "bretagne", "normandie"), NETWORK)
    bretagne, normandie = content.regions["bretagne"], content.regions["normandie"]
    assert view.home == ((bretagne.south, bretagne.west), (normandie.north, normandie.east))
    assert view.zones == ()


def test_a_network_of_overseas_regions_opens_on_the_first_and_offers_each(content):
    view = national_view(_only(content, "martinique", "guadeloupe"), NETWORK)
    guadeloupe = content.regions["guadeloupe"]
    assert view.home == ((guadeloupe.south, guadeloupe.west), (guadeloupe.north, guadeloupe.east))
    assert [zone.name for zone in view.zones] == ["Guadeloupe", "Martinique"]
    assert national_view(_only(content, "mayotte"), NETWORK).zones == ()


def test_a_region_map_opens_on_the_region_and_links_back_to_its_page(content):
    view = region_view(content.regions["bretagne"], NETWORK)
    assert view.path == "embed/bretagne/" and view.home_page == "regions/bretagne/" and view.region == "bretagne"
    assert view.title == "Carte des tiers-lieux de formation — Bretagne"
    assert view.home == ((47.23, -5.2), (48.94, -0.96))
    assert view.limits == padded(view.home, 0.5) and view.zones == ()


def test_there_is_one_embed_page_per_region_and_one_national(content):
    paths = [view.path for view in map_views(content, NETWORK)]
    assert paths == ["embed/"] + [f"embed/{slug}/" for slug in sorted(content.regions)]
    assert len(paths) == 19 and embed_path() == "embed/" and embed_path("corse") == "embed/corse/"


def test_padding_grows_the_bounds_within_the_world():
    assert padded(((10.0, 20.0), (12.0, 24.0)), 0.5) == ((9.0, 18.0), (13.0, 26.0))
    assert padded(((-80.0, -170.0), (80.0, 170.0)), 0.5) == ((-85.0, -180.0), (85.0, 180.0))


def test_tiles_default_to_openstreetmap_with_its_attribution():
    tiles = tiles_from_config({})
    assert tiles == Tiles() and tiles.url == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert '<a href="https://www.openstreetmap.org/copyright"' in tiles.attribution


def test_tiles_come_from_extra_map_in_mkdocs_yml():
    extra = {"map": {"tiles": "https://tiles.example.org/{z}/{x}/{y}.png", "attribution": "© Exemple", "max_zoom": 17}}
    assert tiles_from_config(extra) == Tiles("https://tiles.example.org/{z}/{x}/{y}.png", "© Exemple", 17)


def test_a_tile_url_without_placeholders_is_refused_with_an_example():
    with pytest.raises(MapSetupError) as error:
        tiles_from_config({"map": {"tiles": "https://tiles.example.org/fond.png", "attribution": "© Exemple"}})
    assert str(error.value) == (
        "mkdocs.yml : extra.map.tiles invalide (trouvé : 'https://tiles.example.org/fond.png' ; attendu : une "
        "adresse de tuiles avec {z}, {x} et {y}, par exemple https://tile.openstreetmap.org/{z}/{x}/{y}.png)."
    )


def test_tiles_without_attribution_are_refused():
    with pytest.raises(MapSetupError) as error:
        tiles_from_config({"map": {"tiles": "https://tiles.example.org/{z}/{x}/{y}.png"}})
    assert str(error.value) == (
        "mkdocs.yml : extra.map.attribution manquant (attendu : la mention exigée par le fournisseur des tuiles, "
        "par exemple « © les contributeurs d'OpenStreetMap »)."
    )


@pytest.mark.parametrize(("settings", "message"), [
    ("osm", "mkdocs.yml : extra.map invalide (trouvé : 'osm' ; attendu : les champs tiles, attribution et max_zoom, "
            "un par ligne)."),
    ({"tiles": "https://t.example.org/{z}/{x}/{y}.png", "attribution": "© Exemple", "max_zoom": "18"},
     "mkdocs.yml : extra.map.max_zoom invalide (trouvé : '18' ; attendu : un entier de 1 à 22)."),
])
def test_malformed_map_settings_are_refused(settings, message):
    with pytest.raises(MapSetupError) as error:
        tiles_from_config({"map": settings})
    assert str(error.value) == message


def test_the_libraries_come_from_their_xstatic_packages_with_their_licences():
    files = vendor_files(REPO)
    assert sorted(files) == sorted([*VENDOR_FILES, *LICENCES])
    assert files["assets/vendor/leaflet/leaflet.js"].read_text(encoding="utf-8").startswith(
        "/* @preserve\n * Leaflet 1.9.3,")
    assert "xstatic/pkg/leaflet_markercluster/data" in files["assets/vendor/leaflet.markercluster/leaflet.markercluster.js"].as_posix()
    assert files["assets/vendor/leaflet/LICENSE.txt"] == REPO / "licences" / "leaflet.txt"


def test_a_missing_library_package_tells_how_to_install_it(monkeypatch):
    monkeypatch.setitem(VENDOR_FILES, "assets/vendor/leaflet/leaflet.js", ("xstatic.pkg.absent", "leaflet.js"))
    with pytest.raises(MapSetupError) as error:
        vendor_files(REPO)
    assert str(error.value) == (
        "Bibliothèques des cartes introuvables (trouvé : pas de module xstatic.pkg.absent ; attendu : les paquets "
        "XStatic-Leaflet et XStatic-Leaflet-MarkerCluster installés par pip). Lancez « make site », qui les "
        "installe aux versions de constraints.txt."
    )


def test_missing_licences_are_reported(tmp_path):
    with pytest.raises(MapSetupError) as error:
        vendor_files(tmp_path)
    assert str(error.value) == (
        f"Bibliothèques des cartes incomplètes (trouvé : pas de {tmp_path}/licences/leaflet.txt ; attendu : les "
        "fichiers des paquets XStatic-Leaflet et XStatic-Leaflet-MarkerCluster, et le dossier licences/ du dépôt). "
        "Lancez « make site », qui installe les paquets."
    )
