"""Integration: the map pages, embeds, data files and libraries of real strict builds."""

from __future__ import annotations

import html
import json
import re

from projects import PUBLISHED_SITE_URL, REPO, build_site, make_project
from tierslieux.content import load_content
from tierslieux.geodata import places_geojson
from tierslieux.maps import LICENCES, VENDOR_FILES

SNIPPET = re.compile(r'<pre class="tl-snippet"><code>(.*?)</code></pre>', re.S)


def test_there_is_an_embed_page_for_the_country_and_for_each_of_the_18_regions(example_site):
    regions = load_content(REPO).regions
    assert len(regions) == 18
    national = (example_site / "embed" / "index.html").read_text(encoding="utf-8")
    assert "<title>Carte des tiers-lieux de formation</title>" in national
    for slug, region in regions.items():
        page = (example_site / "embed" / slug / "index.html").read_text(encoding="utf-8")
        title = re.search(r"<title>(.*)</title>", page)[1]
        assert html.unescape(title) == f"Carte des tiers-lieux de formation — {region.name}"


def test_the_map_is_in_the_navigation_between_regions_and_contributing(example_site):
    home = (example_site / "index.html").read_text(encoding="utf-8")
    tabs = re.findall(r'<a href="([^"]*)" class="md-tabs__link">', home)
    assert tabs == [".", "regions/", "carte/", "formations/", "contribuer/", "a-propos/"]


def test_region_pages_show_their_static_map_above_the_list_and_the_snippet_of_their_embed(published_site):
    page = (published_site / "regions" / "bretagne" / "index.html").read_text(encoding="utf-8")
    svg = ('<svg class="tl-region-map__svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 602" role="img" '
           'aria-label="Carte des tiers-lieux de formation — Bretagne : 1 lieu, un point numéroté par lieu, dans '
           'l&#39;ordre de la liste">')
    link = ('<a class="tl-region-map__open" href="../../embed/bretagne/" '
            'data-title="Carte des tiers-lieux de formation — Bretagne">Ouvrir la carte interactive</a>')
    assert page.index(svg) < page.index(link) < page.index('<h2 id="lieux">')
    assert "<iframe" not in page.split('<h2 id="integrer">')[0]  # the interactive map comes on request only
    assert html.unescape(SNIPPET.search(page)[1]) == (
        '<iframe src="https://tiers-lieux-formation.test/embed/bretagne/" '
        'title="Carte des tiers-lieux de formation — Bretagne" style="width:100%;max-width:100%;border:0" '
        'height="450" loading="lazy" allow="geolocation"></iframe>'
    )


def test_the_numbers_of_the_region_map_are_those_of_the_list_under_it(bretagne_site):
    page = (bretagne_site / "regions" / "bretagne" / "index.html").read_text(encoding="utf-8")
    svg, places = page.split('<h2 id="lieux">')
    on_the_map = re.findall(r'<g><title>(\d+)\. ([^<]*)</title>.*?>(\d+)</text></g>', svg)
    # The list's own order numbers it: the stylesheet writes « 3. » before its third name (test_browser_maps.py).
    listed = [(str(number), name) for number, name in enumerate(
        re.findall(r'<li>\s*<a class="tl-card__name" href="[^"]*">([^<]*)</a>', places), start=1)]
    assert [(number, name) for number, name, _ in on_the_map] == listed
    assert [shown for _, _, shown in on_the_map] == [number for number, _ in listed] == ["1", "2", "3", "4"]
    assert [html.unescape(name) for _, name in listed] == [
        "Atelier de l'Odet", "Exemple – La Fabrique du Bocage", "L'Écluse des savoirs", "Zéphyr numérique & Cie"]
    assert '<ol>' in places.split('<div class="grid cards tl-places" data-search-exclude>')[1][:20]
    caption = re.search(r'<div class="tl-region-map" id="carte">.*?<figcaption>(.*?)</figcaption>', svg, re.S)[1]
    assert " ".join(re.sub(r"<[^>]+>", "", caption).split()) == (
        "Un point numéroté par lieu, dans l'ordre de la liste qui suit ; en gris, les préfectures. "
        "Contours : IGN, ADMIN EXPRESS 2018, Licence Ouverte.")


def test_the_readme_shows_the_snippet_the_site_gives(published_site):
    page = (published_site / "regions" / "bretagne" / "index.html").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    snippet = html.unescape(SNIPPET.search(page)[1]).replace(PUBLISHED_SITE_URL, "https://tiers-lieux-formation.example.org/")
    assert f"```html\n{snippet}\n```" in readme


def test_while_the_site_address_is_an_example_no_page_offers_a_code_that_would_not_work(example_site):
    for path in ("regions/bretagne/index.html", "carte/index.html"):
        page = (example_site / path).read_text(encoding="utf-8")
        assert "tl-snippet" not in page and "example.org" not in page.split("<body", 1)[1], path
        assert ("Le code pour intégrer cette carte à votre site sera donné ici dès que l'adresse définitive du\n"
                "site sera indiquée.") in html.unescape(page), path


def test_the_map_page_frames_the_national_embed_lists_every_region_and_offers_its_snippet(published_site):
    content = load_content(REPO)
    page = (published_site / "carte" / "index.html").read_text(encoding="utf-8")
    assert '<iframe class="tl-map-frame tl-map-frame--large" src="../embed/"' in page
    listed = re.findall(r'<a class="tl-card__name" href="\.\./regions/([a-z0-9-]+)/#lieux">[^<]+</a>\s*'
                        r'<span class="tl-count">— (\d+) lieux?</span>', page)
    by_region = content.places_by_region()
    assert sorted(listed) == sorted((slug, str(len(places))) for slug, places in by_region.items() if places)
    assert len(listed) == len(content.regions)  # every example region has places
    assert "portraits/" not in page  # the page does not grow with the places
    assert 'src="https://tiers-lieux-formation.test/embed/"' in html.unescape(SNIPPET.search(page)[1])
    assert '<a href="../data/lieux.geojson">lieux.geojson</a>' in page


def test_portraits_show_a_small_map_centred_on_their_place(example_site):
    page = (example_site / "portraits" / "exemple-fabrique-du-bocage" / "index.html").read_text(encoding="utf-8")
    assert ('<iframe class="tl-map-frame tl-map-frame--small" '
            'src="../../embed/bretagne/?lieu=exemple-fabrique-du-bocage" '
            'title="Carte : Exemple – La Fabrique du Bocage, Carhaix-Plouguer" loading="lazy"></iframe>') in page


def test_the_data_files_and_libraries_are_published(example_site):
    content = load_content(REPO)
    published = json.loads((example_site / "data" / "lieux.geojson").read_text(encoding="utf-8"))
    assert published == places_geojson(content.places, content.regions, "https://tiers-lieux-formation.example.org/")
    assert len(json.loads((example_site / "data" / "carte.json").read_text(encoding="utf-8"))["places"]) == len(
        content.places)
    for site_path in [*VENDOR_FILES, *LICENCES]:
        assert (example_site / site_path).is_file()


def test_hostile_names_stay_text_in_the_map_frame_titles(hostile_site):
    _, site = hostile_site
    portrait = (site / "portraits" / "gabarit-js" / "index.html").read_text(encoding="utf-8")
    assert ('title="Carte : Atelier ${alert(1)} `alert(2)` &lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt;, '
            'Caen ${alert(4)}"') in portrait


def test_without_the_licences_the_build_stops_and_says_what_is_missing(tmp_path):
    root = make_project(tmp_path / "projet")
    (root / "licences").unlink()
    result = build_site(root, tmp_path / "site")
    assert result.returncode != 0
    assert (f"Bibliothèques des cartes incomplètes (trouvé : pas de {root}/licences/leaflet.txt ; attendu : les "
            "fichiers des paquets XStatic-Leaflet et XStatic-Leaflet-MarkerCluster, et le dossier licences/ du "
            "dépôt). Lancez « make site », qui installe les paquets.") in result.stderr
