"""The maps in headless Chromium: markers, hostile names, filters, navigation, phones, the standalone map.

The site (example portraits plus the hostile fixtures) is built once per session and served on 127.0.0.1.
Map tiles fail to load offline: their console errors are expected, every other error fails a test.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from test_build import ENGLISH
from test_nearby import haversine_km

from browser import chromium, requested_urls, require_chromium
from build_map import main as build_map_main
from projects import TILE_HOST
from tierslieux.content import load_content

pytestmark = pytest.mark.browser

ALERT_SPY = """
window.__alerts = [];
window.alert = window.confirm = window.prompt = function (message) { window.__alerts.push(String(message)); };
"""
OVERLAY_MARKUP = (  # elements that hostile text would create if it were parsed as HTML
    "return document.querySelectorAll('.leaflet-popup-pane img, .leaflet-popup-pane script, "
    ".leaflet-tooltip-pane img, .leaflet-tooltip-pane script, .leaflet-marker-pane img').length"
)
HOSTILE = {
    "balise-img": ("embed/bretagne/", "<img src=x onerror=alert(1)>", "Rennes <script>alert(2)</script>",
                   'Résumé "><script>alert(3)</script>'),
    "gabarit-js": ("embed/", "Atelier ${alert(1)} `alert(2)` </script><script>alert(3)</script>", "Caen ${alert(4)}",
                   "Un résumé avec `alert(5)`, ${alert(6)} et </script><img src=x onerror=alert(7)>"),
}


@pytest.fixture(scope="module")
def driver():
    require_chromium()
    with chromium() as browser:
        browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": ALERT_SPY})
        # Clusters then split without animation, so that a marker found is the marker clicked.
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]})
        yield browser


@pytest.fixture(scope="module")
def content(hostile_project):
    return load_content(hostile_project)


def wait_for(driver, script: str, *args, timeout: float = 10):
    """Wait until ``script`` (a JavaScript expression of ``arguments``) is truthy; return its value."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(
        lambda d: d.execute_script(f"return {script}", *args))


def wait_for_still_map(driver) -> None:
    """Wait until the clusters have stopped moving after a change of view."""
    wait_for(driver, "!map_carte._animatingZoom && !document.querySelector('.leaflet-cluster-anim')")


def wait_for_markers(driver) -> int:
    """Wait until the map of the current frame has added its markers; return how many it shows."""
    return int(wait_for(driver, "document.documentElement.dataset.tlMarkers"))


def assert_clean_console_and_network(driver, base: str) -> None:
    errors = [entry["message"] for entry in driver.get_log("browser")
              if entry["level"] == "SEVERE" and TILE_HOST not in entry["message"]]
    assert errors == []
    origins = {urlsplit(url).netloc for url in requested_urls(driver) if url.startswith("http")}
    assert origins <= {urlsplit(base).netloc, TILE_HOST}
    assert urlsplit(base).netloc in origins


@pytest.mark.parametrize("path", ["embed/", "embed/normandie/"])
def test_embeds_draw_their_places_from_the_site_and_the_tiles_only(page, base, content, path):
    page.get(base + path)
    region = path.split("/")[1] or None
    expected = len(content.places_in(region)) if region else len(content.places)
    assert wait_for_markers(page) == expected
    icons = page.find_elements("css selector", ".leaflet-marker-icon")
    assert icons and all(icon.get_attribute("tabindex") == "0" and icon.get_attribute("aria-label") for icon in icons)
    map_box = page.find_element("css selector", ".tl-map")
    assert map_box.get_attribute("role") == "region" and map_box.get_attribute("aria-label").startswith("Carte des")
    assert page.find_element("css selector", ".leaflet-control-attribution").text.endswith(
        "© les contributeurs d’OpenStreetMap")
    assert page.execute_script("return window.__alerts") == []
    assert_clean_console_and_network(page, base)


def test_the_map_page_frames_the_national_embed_and_lists_every_region(page, base, content):
    page.get(base + "carte/")
    frame = page.find_element("css selector", "iframe.tl-map-frame")
    assert frame.get_attribute("title") == "Carte des tiers-lieux de formation"
    links = page.find_elements("css selector", "#liste-des-lieux + .tl-regions li a")
    assert len(links) == len(content.regions)
    copy = page.find_element("css selector", "pre.tl-snippet .md-code__button[data-md-type=copy]")  # Material's
    assert copy.get_attribute("title") == "Copier dans le presse-papier"
    page.switch_to.frame(frame)
    assert wait_for_markers(page) == len(content.places)
    assert not page.find_element("css selector", ".tl-embed__site").is_displayed()  # no "Voir sur" inside the site
    page.switch_to.default_content()
    assert_clean_console_and_network(page, base)


@pytest.mark.parametrize("slug", HOSTILE)
def test_hostile_names_show_literally_in_tooltip_and_popup_and_run_nothing(page, base, content, slug):
    from selenium.webdriver import ActionChains

    path, name, commune, summary = HOSTILE[slug]
    place = next(p for p in content.places if p.slug == slug)
    page.get(base + path)
    wait_for_markers(page)
    page.execute_script("map_carte.setView([arguments[0], arguments[1]], 17, {animate: false})",
                        place.latitude, place.longitude)
    wait_for_still_map(page)
    marker = wait_for(page, "Array.from(document.querySelectorAll('.tl-marker'))"
                            ".find((m) => m.getAttribute('aria-label') === arguments[0])",
                      f"{name}, {commune}")
    ActionChains(page).move_to_element(marker).perform()
    assert wait_for(page, "document.querySelector('.leaflet-tooltip') && "
                          "document.querySelector('.leaflet-tooltip').textContent") == name
    marker.click()
    assert wait_for(page, "(document.querySelector('.tl-popup__summary') || {}).textContent") == summary
    link = page.find_element("css selector", ".tl-popup__name a")
    assert link.get_attribute("textContent") == name and link.get_attribute("target") == "_top"
    assert link.get_attribute("href") == f"{base}portraits/{slug}/"
    assert page.find_element("css selector", ".tl-popup__commune").get_attribute("textContent") == commune
    assert page.execute_script(OVERLAY_MARKUP) == 0
    assert page.execute_script("return window.__alerts") == []
    assert_clean_console_and_network(page, base)


def test_keyboard_users_open_a_popup_land_in_it_and_come_back_to_the_place(page, base, content):
    from selenium.webdriver import ActionChains
    from selenium.webdriver.common.keys import Keys

    place = content.places_in("bretagne")[0]
    page.get(base + "embed/bretagne/")
    wait_for_markers(page)
    page.execute_script("map_carte.setView([arguments[0], arguments[1]], 16, {animate: false})",
                        place.latitude, place.longitude)
    wait_for_still_map(page)
    marker = wait_for(page, "Array.from(document.querySelectorAll('.tl-marker'))"
                            ".find((m) => m.getAttribute('aria-label').startsWith(arguments[0]))",
                      place.name)
    assert marker.get_attribute("role") == "button" and marker.get_attribute("tabindex") == "0"
    page.execute_script("arguments[0].focus()", marker)
    ActionChains(page).send_keys(Keys.ENTER).perform()
    assert wait_for(page, "(document.querySelector('.tl-popup__summary') || {}).textContent") == place.summary
    link = page.find_element("css selector", ".tl-popup__name a")
    assert link.get_attribute("textContent") == place.name and page.switch_to.active_element == link
    ActionChains(page).send_keys(Keys.ESCAPE).perform()
    assert wait_for(page, "!document.querySelector('.leaflet-popup')")
    assert page.switch_to.active_element == marker


def test_filters_come_from_the_address_and_go_back_to_it(page, base, content):
    from selenium.webdriver.support.select import Select

    page.get(base + "embed/?theme=numerique&region=bretagne")
    expected = [p for p in content.places if p.region == "bretagne" and "numerique" in p.themes]
    assert wait_for_markers(page) == len(expected) > 0
    assert page.find_element("id", "tl-region").get_attribute("value") == "bretagne"
    assert page.find_element("id", "tl-theme").get_attribute("value") == "numerique"
    Select(page.find_element("id", "tl-theme")).select_by_value("")
    assert wait_for(page, "location.search === '?region=bretagne'")
    everything = [p for p in content.places if p.region == "bretagne"]
    assert int(wait_for(page, f"document.querySelector('.tl-count').textContent === '{len(everything)} lieux' "
                              "&& document.documentElement.dataset.tlMarkers")) == len(everything)


def test_inside_the_site_the_filters_live_in_the_page_address(page, base):
    from selenium.webdriver.support.select import Select

    page.get(base + "carte/?theme=numerique")
    page.switch_to.frame(page.find_element("css selector", "iframe.tl-map-frame"))
    wait_for_markers(page)
    assert page.find_element("id", "tl-theme").get_attribute("value") == "numerique"
    Select(page.find_element("id", "tl-region")).select_by_value("normandie")
    page.switch_to.default_content()
    assert wait_for(page, "location.search") == "?theme=numerique&region=normandie"


def test_the_map_renders_after_following_the_tab_from_the_home_page_without_the_sitemap(page, base, content):
    page.get(base)
    page.execute_async_script("setTimeout(arguments[0], 300)")
    # No instant navigation: it would download sitemap.xml, 0.8 MB at 5,000 places, on the first page.
    assert page.execute_script("return performance.getEntriesByType('resource').map((r) => r.name)") and not \
        page.execute_script("return performance.getEntriesByType('resource').some((r) => r.name.endsWith('.xml'))")
    page.find_element("css selector", "a.md-tabs__link[href$='carte/']").click()
    frame = wait_for(page, "document.querySelector('iframe.tl-map-frame')")
    page.switch_to.frame(frame)
    assert wait_for_markers(page) == len(content.places)
    page.switch_to.default_content()
    assert_clean_console_and_network(page, base)


@pytest.mark.parametrize("path", ["embed/", "carte/", "regions/bretagne/"])
def test_maps_fit_a_phone(page, base, path):
    page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                         {"width": 375, "height": 740, "deviceScaleFactor": 2, "mobile": True})
    page.get(base + path)
    if path.startswith("regions/"):  # a static map first, the interactive one on request
        page.find_element("css selector", ".tl-region-map__button").click()
    if path != "embed/":
        page.switch_to.frame(page.find_element("css selector", "iframe.tl-map-frame"))
    wait_for_markers(page)
    assert page.execute_script("return document.querySelector('.tl-map').getBoundingClientRect().height") > 250
    assert page.execute_script("return document.documentElement.scrollWidth") <= page.execute_script(
        "return window.innerWidth")
    page.switch_to.default_content()
    assert page.execute_script("return document.documentElement.scrollWidth") <= 375


def test_a_region_page_opens_on_its_static_map_and_puts_the_interactive_one_in_its_place(page, base, content):
    page.get(base + "regions/bretagne/")
    svg = page.find_element("css selector", ".tl-region-map svg[role=img]")
    assert svg.get_attribute("aria-label").startswith("Carte des tiers-lieux de formation — Bretagne : ")
    assert len(svg.find_elements("css selector", ".tl-region-map__places circle")) == len(content.places_in("bretagne"))
    assert len(svg.find_elements("css selector", ".tl-region-map__towns text")) == 4  # the préfectures, named
    numbering = page.execute_script("""
        const items = [...document.querySelectorAll('.tl-places > ol > li')];
        return items.map(item => [getComputedStyle(item).counterIncrement, getComputedStyle(item, '::before').content,
                                  getComputedStyle(item, '::before').color]);""")
    assert len(numbering) == len(content.places_in("bretagne"))  # each card is numbered like its dot on the map
    for increment, shown, color in numbering:
        assert increment == "tl-place 1" and shown.startswith('counter(tl-place) ". "') and color == "rgb(191, 54, 12)"
    assert not page.find_elements("css selector", "iframe.tl-map-frame")
    assert not [url for url in requested_urls(page) if "leaflet" in url or "/data/carte/" in url]
    button = page.find_element("css selector", ".tl-region-map__button")
    assert button.text == "Afficher la carte interactive ici"
    button.click()
    frame = page.find_element("css selector", "iframe.tl-map-frame")
    assert frame.get_attribute("title") == "Carte des tiers-lieux de formation — Bretagne"
    assert page.execute_script("return document.activeElement") == frame
    assert not page.find_elements("css selector", ".tl-region-map")
    page.switch_to.frame(frame)
    assert wait_for_markers(page) == len(content.places_in("bretagne"))
    page.switch_to.default_content()
    assert_clean_console_and_network(page, base)


def test_the_national_map_jumps_overseas_and_never_shows_the_whole_world(page, base, content):
    page.get(base + "embed/")
    wait_for_markers(page)
    assert page.execute_script("return map_carte.getMinZoom()") >= 3
    page.find_element("css selector", "button[data-zone='la-reunion']").click()
    reunion = content.regions["la-reunion"]
    center = wait_for(page, "!map_carte._animatingZoom && map_carte.getCenter()")
    assert reunion.contains(center["lat"], center["lng"])
    page.execute_script("map_carte.setZoom(0, {animate: false})")
    west, east = page.execute_script("var b = map_carte.getBounds(); return [b.getWest(), b.getEast()]")
    assert east - west < 180


IN_VIEW = "return map_carte.getBounds().contains(arguments[0])"
# The box of an element of the map, as fractions of the map's own box: inside it when both corners are in [0, 1].
BOX_IN_MAP = """
const map = map_carte.getContainer().getBoundingClientRect(), box = arguments[0].getBoundingClientRect();
return [(box.left - map.left) / map.width, (box.top - map.top) / map.height,
        (box.right - map.left) / map.width, (box.bottom - map.top) / map.height];
"""


@pytest.mark.parametrize("position, found", [
    ((47.2184, -1.5536), "Carte centrée sur votre position et les lieux les plus proches."),  # Nantes
    ((40.7128, -74.006), "Votre position est en dehors de cette carte."),  # New York
])
def test_around_me_shows_the_visitor_and_the_nearest_places(page, base, content, position, found):
    latitude, longitude = position
    page.execute_cdp_cmd("Browser.grantPermissions", {"permissions": ["geolocation"], "origin": base.rstrip("/")})
    page.execute_cdp_cmd("Emulation.setGeolocationOverride",
                         {"latitude": latitude, "longitude": longitude, "accuracy": 50})
    try:
        page.get(base + "embed/")
        wait_for_markers(page)
        before = page.execute_script("return map_carte.getCenter()")
        page.find_element("css selector", ".tl-locate").click()
        assert wait_for(page, "document.querySelector('.tl-status').textContent.endsWith('.') && "
                              "document.querySelector('.tl-status').textContent") == found
        wait_for_still_map(page)
        center = page.execute_script("return map_carte.getCenter()")
        if found.startswith("Carte"):
            here = type("Here", (), {"latitude": latitude, "longitude": longitude})
            nearest = sorted(content.places, key=lambda place: haversine_km(here, place))[:3]
            for place in nearest:  # as markers or inside a cluster, on screen
                assert page.execute_script(IN_VIEW, [place.latitude, place.longitude]), place.name
            visitor = page.find_element("css selector", ".tl-visitor")
            assert (visitor.get_attribute("role"), visitor.get_attribute("aria-label")) == ("img", "Vous êtes ici")
            assert page.find_element("css selector", ".tl-tooltip--visitor").text == "Vous êtes ici"
            left, top, right, bottom = page.execute_script(BOX_IN_MAP, visitor)
            assert 0 <= left < right <= 1 and 0 <= top < bottom <= 1
            assert page.find_elements("css selector", ".tl-marker--current") == []  # distinct from a place's pin
        else:
            assert center == before
            assert page.find_elements("css selector", ".tl-visitor") == []
    finally:
        page.execute_cdp_cmd("Emulation.clearGeolocationOverride", {})
        page.execute_cdp_cmd("Browser.resetPermissions", {})


def test_the_map_controls_speak_french(page, base):
    page.get(base + "embed/bretagne/")
    wait_for_markers(page)
    page.execute_script("map_carte.setView([48.1113, -1.68], 17, {animate: false})")
    wait_for_still_map(page)
    wait_for(page, "document.querySelector('.tl-marker')").click()
    wait_for(page, "document.querySelector('.leaflet-popup-close-button')")
    names = page.execute_script("""return Array.from(document.querySelectorAll('[title], [aria-label]'),
        node => [node.getAttribute('title'), node.getAttribute('aria-label')]).flat().filter(Boolean)""")
    assert {"Zoom avant", "Zoom arrière", "Fermer", "Une bibliothèque JavaScript de cartes interactives"} <= set(names)
    english = [name for name in names if name in ENGLISH or name.startswith(("Zoom in", "Zoom out", "Close", "A "))]
    assert english == []


# The colours of the map's clusters: the disc, its number, and the lightest tiles around (OpenStreetMap's land).
CLUSTER_COLOURS = """
const disc = document.querySelector('.marker-cluster div'), number = disc.querySelector('span');
return [getComputedStyle(disc).backgroundColor, getComputedStyle(number).color];
"""
LIGHT_TILES = (242, 239, 233)


def _luminance(rgb) -> float:
    channels = [c / 255 for c in rgb]
    return sum(w * (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
               for w, c in zip((0.2126, 0.7152, 0.0722), channels, strict=True))


def _contrast(a, b) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_clusters_take_the_palette_and_stand_out_from_the_tiles(page, base):
    page.get(base + "embed/")
    wait_for_markers(page)
    wait_for(page, "document.querySelector('.marker-cluster div')")
    disc, number = (tuple(int(part) for part in re.findall(r"\d+", colour)[:3])
                    for colour in page.execute_script(CLUSTER_COLOURS))
    assert disc in {(0, 121, 107), (0, 105, 92), (0, 77, 64)}  # the site's teals, opaque
    assert _contrast(disc, LIGHT_TILES) >= 3 and _contrast(disc, (255, 255, 255)) >= 3  # WCAG 1.4.11
    assert _contrast(number, disc) >= 4.5


def test_a_portrait_map_has_no_around_me_button(page, base):
    page.get(base + "embed/bretagne/?lieu=balise-img")
    wait_for_markers(page)
    assert not page.find_element("css selector", ".tl-locate").is_displayed()


def test_a_portrait_shows_a_small_map_centred_on_its_place(page, base, content):
    place = next(p for p in content.places if p.slug == "balise-img")
    page.get(base + f"portraits/{place.slug}/")
    frame = page.find_element("css selector", "iframe.tl-map-frame")
    assert frame.get_attribute("src") == f"{base}embed/bretagne/?lieu=balise-img"
    assert frame.get_attribute("title") == "Carte : <img src=x onerror=alert(1)>, Rennes <script>alert(2)</script>"
    page.execute_script("arguments[0].scrollIntoView()", frame)
    page.switch_to.frame(frame)
    wait_for_markers(page)
    center = page.execute_script("return map_carte.getCenter()")
    assert abs(center["lat"] - place.latitude) < 1e-3 and abs(center["lng"] - place.longitude) < 1e-3
    assert page.find_element("css selector", ".tl-marker--current").get_attribute("aria-label").startswith("<img")
    assert page.find_element("css selector", ".leaflet-tooltip").text == place.name
    assert not page.find_element("css selector", ".tl-embed__bar").is_displayed()
    assert page.execute_script("return window.__alerts") == []


def test_the_standalone_map_works_from_a_file_without_any_server(page, hostile_project, tmp_path, content):
    output = tmp_path / "carte.html"
    assert build_map_main(["--content", str(hostile_project), "-o", str(output)]) == 0
    page.get(output.as_uri())
    assert wait_for_markers(page) == len(content.places)
    page.execute_script("map_carte.setView([48.1113, -1.68], 17, {animate: false})")
    wait_for_still_map(page)
    marker = wait_for(page, "document.querySelector('.tl-marker[aria-label^=\"<img\"]')")
    marker.click()
    summary = wait_for(page, "(document.querySelector('.tl-popup__summary') || {}).textContent")
    assert summary == HOSTILE["balise-img"][3]
    assert page.execute_script(OVERLAY_MARKUP) == 0
    assert page.execute_script("return window.__alerts") == []
    errors = [e["message"] for e in page.get_log("browser") if e["level"] == "SEVERE" and TILE_HOST not in e["message"]]
    assert errors == []
    hosts = {urlsplit(url).netloc for url in requested_urls(page) if url.startswith("http")}
    assert hosts <= {TILE_HOST}


def test_skipping_says_why(monkeypatch):
    """Without Chromium the message names what is missing and how to install it."""
    monkeypatch.setattr("browser.CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr("shutil.which", lambda name: None)
    from browser import chromium_missing as missing

    assert missing() == "/nonexistent/chromium introuvable : installez chromium et chromium-driver (make system-deps)"
