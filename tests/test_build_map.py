"""build_map.py: the Folium map of each view, its self-hosted libraries, embed pages and the standalone map."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys

import folium
import pytest
from jinja2 import Environment, FileSystemLoader

import build_map
from build_map import (
    EMBED_TEMPLATE,
    embed_html,
    inline_sources,
    main,
    map_markup,
    site_embed_html,
    site_sources,
)
from build_map import (
    build_map as make_map,
)
from projects import FIXTURES, NETWORK, REPO, make_project
from synthetic import write_synthetic_portraits
from tierslieux.content import load_content
from tierslieux.geodata import json_text, map_index
from tierslieux.maps import Tiles, national_view, region_view

FOLIUM_JS = list(folium.Map.default_js)
FOLIUM_CSS = list(folium.Map.default_css)


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("build-map"), sorted((FIXTURES / "hostile").glob("*.md")),
                        with_examples=True)
    return load_content(root)


@pytest.fixture(scope="module")
def template():
    return Environment(loader=FileSystemLoader(REPO / "overrides"), autoescape=True).get_template(EMBED_TEMPLATE)


def test_a_map_loads_only_leaflet_markercluster_and_the_site_s_own_files(content):
    markup = map_markup(make_map(national_view(content, NETWORK), content.regions, Tiles(), site_sources("..")))
    assert markup.scripts == [
        "../assets/vendor/leaflet/leaflet.js",
        "../assets/vendor/leaflet.markercluster/leaflet.markercluster.js",
        "../javascripts/carte.js",
    ]
    assert markup.stylesheets == [
        "../assets/vendor/leaflet/leaflet.css",
        "../assets/vendor/leaflet.markercluster/MarkerCluster.css",
        "../assets/vendor/leaflet.markercluster/MarkerCluster.Default.css",
        "../stylesheets/carte.css",
    ]
    assert re.findall(r"https?://[^\"'\\ ]+", markup.script) == [
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://www.openstreetmap.org/copyright",
    ]


def test_folium_s_own_asset_lists_are_left_untouched(content):
    make_map(national_view(content, NETWORK), content.regions, Tiles(), site_sources(".."))
    assert folium.Map.default_js == FOLIUM_JS and folium.Map.default_css == FOLIUM_CSS
    assert len(folium.Map().default_js) == 4  # a map made elsewhere in the process still gets Folium's defaults


def test_the_places_reach_the_browser_as_json_options(content):
    view = region_view(content.regions["bretagne"], NETWORK)
    script = map_markup(make_map(view, content.regions, Tiles(), site_sources("../.."))).script
    call = re.search(r"tiersLieux\.showPlaces\(map_carte, (\{.*\})\);", script)
    options = json.loads(call[1])
    assert options["index"] == "../../data/carte.json"
    assert options["details"] == "../../data/lieux/{region}.geojson"
    assert options["site"] == "../../" and options["region"] == "bretagne"
    assert options["home"] == [[47.23, -5.2], [48.94, -0.96]]
    assert options["bounds"]["la-reunion"] == [[-21.44, 55.16], [-20.82, 55.89]]


def test_the_same_view_renders_the_same_bytes(content, template):
    pages = [site_embed_html(template, national_view(content, NETWORK), content, Tiles(), site_name="Site",
                             icon="assets/images/favicon.png") for _ in range(2)]
    assert pages[0] == pages[1]
    assert 'id="map_carte"' in pages[0].html and 'L.map(\n                "map_carte"' in pages[0].script
    # The map's script is a file beside the page, after the map's container: the CSP allows no inline script.
    assert '\n  <script src="carte.js"></script>\n</body>' in pages[0].html
    assert "<script>" not in pages[0].html


def test_an_embed_page_names_its_map_links_back_and_offers_the_filters(content, template):
    html = site_embed_html(template, national_view(content, NETWORK), content, Tiles(),
                           site_name="Tiers-lieux de formation",
                           icon="assets/images/favicon.png").html
    assert '<html lang="fr">' in html and '<base target="_top">' in html  # links leave the iframe
    assert ('<div id="map_carte" class="tl-map" role="region" '
            'aria-label="Carte des tiers-lieux de formation"></div>') in html
    assert '<a class="tl-embed__site" href="../carte/" target="_top">Voir sur Tiers-lieux de formation</a>' in html
    assert '<label for="tl-region">Région</label>' in html and '<label for="tl-theme">Thème</label>' in html
    assert '<option value="la-reunion">La Réunion</option>' in html
    assert '<option value="artisanat">Artisanat et métiers d&#39;art</option>' in html
    assert [m for m in re.findall(r'data-zone="([a-z-]+)"', html)] == [
        "metropole", "guadeloupe", "guyane", "la-reunion", "martinique", "mayotte"]
    assert '<link rel="icon" href="../assets/images/favicon.png">' in html


def test_a_region_embed_filters_by_theme_only(content, template):
    html = site_embed_html(template, region_view(content.regions["corse"], NETWORK), content, Tiles(), site_name="Site",
                           icon="favicon.png").html
    assert 'id="tl-theme"' in html and 'id="tl-region"' not in html and "data-zone" not in html
    assert 'href="../../regions/corse/" target="_top">Voir sur Site</a>' in html


def test_the_national_map_and_its_data_stay_under_a_megabyte_at_5000_places(tmp_path, template):
    root = make_project(tmp_path / "projet")
    write_synthetic_portraits(root, 5000)
    content = load_content(root)
    page = site_embed_html(template, national_view(content, NETWORK), content, Tiles(),
                           site_name="Tiers-lieux de formation",
                           icon="assets/images/favicon.png")
    weight = len(page.html.encode()) + len(page.script.encode()) + len(json_text(map_index(content)).encode())
    assert weight <= 1_000_000, f"{weight / 1e6:.2f} MB"


def test_a_standalone_map_holds_its_libraries_and_data_and_hostile_names_stay_data(content, template):
    sources = inline_sources(content, "https://exemple.org/")
    markup = map_markup(make_map(national_view(content, NETWORK), content.regions, Tiles(), sources))
    html = embed_html(template, national_view(content, NETWORK), content, markup, site_name="Site",
                      home_url="https://exemple.org/carte/", icon=None, script_src="data:text/javascript,")
    assert all(url.startswith("data:text/javascript;charset=utf-8;base64,") for url in markup.scripts)
    assert all(url.startswith("data:text/css;charset=utf-8;base64,") for url in markup.stylesheets)
    assert "<img src=x" not in html and "</script><script>alert(3)" not in html
    assert "<img src=x" not in markup.script and "</script>" not in markup.script
    options = json.loads(re.search(r"tiersLieux\.showPlaces\(map_carte, (\{.*\})\);", markup.script)[1])
    names = {row[2]: row[3] for row in options["index"]["places"]}
    assert names["balise-img"] == "<img src=x onerror=alert(1)>"
    assert names["gabarit-js"] == "Atelier ${alert(1)} `alert(2)` </script><script>alert(3)</script>"
    # branca renders a map's script again as a Jinja template: the text must reach it inert, and come out as written.
    assert names["gabarit-jinja"] == (
        "Atelier {{ 7*7 }} {% raw %} {# note #} {{ cycler.__init__.__globals__.os.getcwd() }}"
    )
    assert "Atelier 49" not in markup.script and str(REPO) not in markup.script
    assert options["site"] == "https://exemple.org/" and len(options["details"]["features"]) == len(content.places)
    assert "rel=\"icon\"" not in html


def test_the_command_line_writes_a_national_or_a_region_map(tmp_path, capsys):
    hostile = sorted((FIXTURES / "hostile").glob("*.md"))
    root = make_project(tmp_path / "projet", hostile)
    assert main(["--content", str(root), "-o", str(tmp_path / "france.html")]) == 0
    assert main(["--content", str(root), "--region", "bretagne", "-o", str(tmp_path / "bretagne.html")]) == 0
    assert capsys.readouterr().out == (
        f"Carte écrite dans {tmp_path / 'france.html'} ({len(hostile)} lieux).\n"
        f"Carte écrite dans {tmp_path / 'bretagne.html'} (1 lieu).\n"
    )
    html = (tmp_path / "bretagne.html").read_text(encoding="utf-8")
    assert "<title>Carte des tiers-lieux de formation — Bretagne</title>" in html
    # The map's script, last, is a data: URL like the libraries': the file holds no inline script.
    script = re.findall(r'<script src="data:text/javascript;charset=utf-8;base64,([^"]+)"></script>', html)[-1]
    assert '"site": "https://tiers-lieux-formation.example.org/"' in base64.b64decode(script).decode()
    assert "<script>" not in html


def test_the_command_line_refuses_an_unknown_region(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--region", "atlantide", "-o", str(tmp_path / "x.html")])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.endswith(
        "python build_map.py: error: région inconnue : 'atlantide' (attendu : une de auvergne-rhone-alpes, "
        "bourgogne-franche-comte, bretagne, centre-val-de-loire, corse, grand-est, guadeloupe, guyane, "
        "hauts-de-france, ile-de-france, la-reunion, martinique, mayotte, normandie, nouvelle-aquitaine, occitanie, "
        "pays-de-la-loire, provence-alpes-cote-d-azur)\n"
    )


def test_the_command_line_lists_content_problems(tmp_path, capsys):
    root = make_project(tmp_path / "projet", [FIXTURES / "invalid" / "unknown-region.md"])
    assert main(["--content", str(root), "-o", str(tmp_path / "x.html")]) == 1
    assert capsys.readouterr().err.startswith("portraits/unknown-region.md:")
    assert not (tmp_path / "x.html").exists()


def test_build_map_py_runs_alone_with_a_french_help():
    result = subprocess.run([sys.executable, build_map.__file__, "--help"], capture_output=True, text=True,
                            cwd=REPO)
    assert result.returncode == 0
    assert "Écrit une carte autonome (un seul fichier HTML" in result.stdout
    assert "--region SLUG" in result.stdout and "--site-url URL" in result.stdout
