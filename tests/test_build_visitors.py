"""Integration: what visitors get in real builds: the catalogue of trainings, each region's trainings, nearby
places on portraits, and the booklets."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from markupsafe import escape

from projects import REPO, search_documents
from tierslieux.content import load_content
from tierslieux.trainings import catalogue_data


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.ids += [value for name, value in attrs if name == "id"]


def ids_of(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return parser.ids


def test_the_catalogue_is_in_the_navigation_and_linked_from_the_home_page(example_site):
    home = (example_site / "index.html").read_text(encoding="utf-8")
    assert '<a href="formations/" class="md-tabs__link">' in home
    assert '<a href="formations/">Les formations</a>' in home


def test_the_catalogue_page_loads_its_data_and_links_each_region_s_trainings_without_javascript(example_site):
    page = (example_site / "formations" / "index.html").read_text(encoding="utf-8")
    assert 'data-source="../data/formations.json"' in page
    assert re.search(r'<form class="tl-catalogue" role="search" aria-label="Filtrer les formations" hidden', page)
    assert '<script src="../javascripts/formations.js"></script>' in page
    content = load_content(REPO)
    for region, places in content.places_by_region().items():
        count = sum(len(place.trainings) for place in places)
        assert re.search(rf'href="\.\./regions/{region}/formations/">[^<]+</a>\s*<span class="tl-count">— '
                         rf'{count} formations</span>', page), region
    for modality in ("présentiel", "distanciel", "hybride"):
        assert f'<input type="checkbox" name="modalite" value="{modality}">' in page


def test_the_catalogue_data_is_published(example_site):
    published = json.loads((example_site / "data" / "formations.json").read_text(encoding="utf-8"))
    assert published == catalogue_data(load_content(REPO))


def test_region_pages_link_their_trainings_page_and_the_catalogue_with_the_count(example_site):
    content = load_content(REPO)
    for region, places in content.places_by_region().items():
        page = (example_site / "regions" / region / "index.html").read_text(encoding="utf-8")
        count = sum(len(place.trainings) for place in places)
        section = page[page.index('<h2 id="formations">'):page.index('<h2 id="integrer">')]
        assert section.startswith(f'<h2 id="formations">{count} formations</h2>')
        assert (f'<a href="../../regions/{region}/formations/">Les {count} formations proposées par les lieux de la '
                'région</a>') in section
        assert f'<a href="../../formations/?region={region}">' in section
        assert 'class="tl-training"' not in page


def test_each_region_s_trainings_page_lists_them_linked_to_anchors_that_exist(example_site):
    content = load_content(REPO)
    for region, places in content.places_by_region().items():
        page = (example_site / "regions" / region / "formations" / "index.html").read_text(encoding="utf-8")
        name = escape(content.regions[region].name)
        assert f"<title>Formations — {name} - " in page
        assert f'<h1 id="contenu">Formations — {name}</h1>' in page
        assert f'<a href="../../../formations/?region={region}">' in page
        links = re.findall(r'<p class="tl-training__place"><a href="\.\./\.\./\.\./portraits/([a-z0-9-]+)/#'
                           r'([a-z0-9-]+)">', page)
        assert links == [(place.slug, f"formation-{number}") for place in places
                         for number in range(1, len(place.trainings) + 1)]
        for slug, anchor in links:
            portrait = (example_site / "portraits" / slug / "index.html").read_text(encoding="utf-8")
            assert anchor in ids_of(portrait)


def test_the_trainings_pages_are_not_in_the_navigation_nor_the_search_index(example_site):
    home = (example_site / "index.html").read_text(encoding="utf-8")
    assert "bretagne/formations/" not in home
    assert [doc["location"] for doc in search_documents(example_site) if doc["location"].endswith("/formations/")] == []


def test_portraits_list_their_five_nearest_places_with_their_distance(example_site):
    page = (example_site / "portraits" / "exemple-fabrique-du-bocage" / "index.html").read_text(encoding="utf-8")
    section = page[page.index('<h2 id="a-proximite">À proximité</h2>'):]
    items = re.findall(r'<a href="\.\./\.\./portraits/([a-z0-9-]+)/">[^<]+</a>\s*'
                       r'<span class="tl-nearby-list__where">[^<]+ — à (\d+,\d)\u00a0km</span>', section)
    assert len(items) == 5
    assert items[0] == ("exemple-ferme-des-possibles", "174,9")
    distances = [float(km.replace(",", ".")) for _, km in items]
    assert distances == sorted(distances)


def test_a_lone_overseas_place_has_no_nearby_list(example_site):
    page = (example_site / "portraits" / "exemple-lakou-des-metiers" / "index.html").read_text(encoding="utf-8")
    assert "Guadeloupe" in page and "À proximité" not in page


def test_every_region_has_a_booklet_linked_from_its_page(example_site):
    for region in load_content(REPO).regions:
        page = (example_site / "regions" / region / "index.html").read_text(encoding="utf-8")
        assert '<a href="../../regions/' + region + '/livret/">Version imprimable</a>' in page
        assert (example_site / "regions" / region / "livret" / "index.html").is_file()


def test_the_booklet_holds_every_portrait_in_french_order_without_maps_and_with_unique_ids(bretagne_site):
    page = (bretagne_site / "regions" / "bretagne" / "livret" / "index.html").read_text(encoding="utf-8")
    articles = re.findall(
        r'<article class="tl-booklet__portrait" id="([a-z0-9-]+)">\s*<h2 class="tl-booklet__name">([^<]+)</h2>', page)
    assert [slug for slug, _ in articles] == [
        "atelier-de-l-odet", "exemple-fabrique-du-bocage", "ecluse-des-savoirs", "zephyr-numerique"]
    assert "<iframe" not in page and "À proximité" not in page and "Modifier cette fiche" not in page
    ids = ids_of(page)
    assert len(ids) == len(set(ids))
    assert "ecluse-des-savoirs-formation-2" in ids
    assert "ecluse-des-savoirs-un-cafe-reparation-devenu-lieu-de-formation" in ids  # a heading of the body
    assert 'href="#ecluse-des-savoirs-un-cafe-reparation-devenu-lieu-de-formation"' in page  # its permalink


def test_in_the_booklet_a_portraits_headings_nest_under_its_name_and_sections(bretagne_site):
    page = (bretagne_site / "regions" / "bretagne" / "livret" / "index.html").read_text(encoding="utf-8")
    article = page.split('<article class="tl-booklet__portrait" id="ecluse-des-savoirs">')[1].split("</article>")[0]
    headings = [(int(level), html.unescape(re.sub(r"<[^>]+>", "", text)).strip(" ¶"))
                for level, text in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", article, re.S)]
    assert headings == [
        (2, "L'Écluse des savoirs"), (3, "Fiche pratique"), (3, "Photos"), (3, "Formations"), (3, "Portrait"),
        (4, "Un café-réparation devenu lieu de formation"), (4, "Former aux métiers du réemploi"),
    ]  # the body's ## are h4 under « Portrait »; « Photos » is a section, never under a body heading
    portrait = (bretagne_site / "portraits" / "ecluse-des-savoirs" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="un-cafe-reparation-devenu-lieu-de-formation">' in portrait  # its own page is unchanged


def test_the_booklet_is_not_in_the_search_index(bretagne_site):
    index = json.loads((bretagne_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [doc["location"] for doc in index["docs"] if "livret" in doc["location"]]


def test_every_address_of_a_booklet_leads_to_a_file_of_the_site(example_site):
    """Each portrait of a booklet is cut from its own page, one folder shallower: its photos and links must be
    re-addressed, or they lead nowhere on paper and on screen."""
    checked = 0
    for booklet in sorted(example_site.glob("regions/*/livret/index.html")):
        folder = booklet.parent
        page = booklet.read_text(encoding="utf-8")
        main = page[page.index("<main"):page.index("</main>")]
        for address in re.findall(r'\s(?:href|src)="([^"#?][^"?#]*)', main):
            if urlsplit(address).scheme:
                continue
            target = (folder / html.unescape(address)).resolve()
            assert target.is_file() or (target / "index.html").is_file(), (booklet, address)
            checked += 1
    assert checked > 50
