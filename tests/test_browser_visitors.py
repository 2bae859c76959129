"""The catalogue of trainings and the nearby list in headless Chromium: filters kept in the address, text search
without accents, phones, hostile titles, and the places nearest to an emulated position."""

from __future__ import annotations

import unicodedata
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from test_browser_maps import ALERT_SPY, assert_clean_console_and_network, wait_for, wait_for_markers
from test_nearby import haversine_km

from browser import chromium, require_chromium, serve
from example_copies import write_example_copies
from projects import build_site, make_project
from tierslieux.content import load_content
from tierslieux.departements import departement_label
from tierslieux.search import search_words, stem
from tierslieux.trainings import is_certifying, trainings_of

pytestmark = pytest.mark.browser

RENNES = (48.1113, -1.6800)


@pytest.fixture(scope="module")
def driver():
    require_chromium()
    with chromium() as browser:
        browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": ALERT_SPY})
        yield browser


@pytest.fixture(scope="module")
def entries(hostile_project):
    """Every training in the catalogue's order: region by region, place by place, in French order."""
    content = load_content(hostile_project)
    by_region = content.places_by_region()
    return trainings_of([place for region in content.regions_by_name() for place in by_region[region.slug]])


def fold(text: str) -> str:
    """As formations.js: lower case, without accents."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def shown_count(driver) -> int:
    return int(wait_for(driver, "document.documentElement.dataset.tlTrainings"))


def query_of(driver) -> dict[str, list[str]]:
    return parse_qs(urlsplit(driver.current_url).query)


def test_filters_come_from_the_address_and_go_back_into_it(page, base, entries):
    from selenium.webdriver.support.ui import Select

    page.get(base + "formations/?region=bretagne&modalite=hybride&modalite=distanciel")
    expected = [e for e in entries if e.place.region == "bretagne" and e.training.modality in {"hybride", "distanciel"}]
    assert shown_count(page) == len(expected) > 0
    assert Select(page.find_element("id", "tl-catalogue-region")).first_selected_option.text == "Bretagne"
    boxes = {box.get_attribute("value"): box.is_selected()
             for box in page.find_elements("css selector", "input[name=modalite]")}
    assert boxes == {"présentiel": False, "distanciel": True, "hybride": True}
    assert page.find_element("css selector", ".tl-catalogue__count").text == (
        f"{len(expected)} formations trouvées." if len(expected) > 1 else "1 formation trouvée.")

    page.execute_script("delete document.documentElement.dataset.tlTrainings")
    Select(page.find_element("id", "tl-catalogue-region")).select_by_value("")
    Select(page.find_element("id", "tl-catalogue-certification")).select_by_value("oui")
    expected = [e for e in entries if e.training.modality in {"hybride", "distanciel"} and is_certifying(e.training)]
    assert shown_count(page) == len(expected)
    assert query_of(page) == {"modalite": ["distanciel", "hybride"], "certifiante": ["oui"]}

    page.refresh()  # the address alone gives back the same selection
    assert shown_count(page) == len(expected)
    titles = [item.text for item in page.find_elements("css selector", ".tl-catalogue__results .tl-training__title")]
    assert titles == [e.training.title for e in expected][:50]
    assert page.execute_script("return window.__alerts") == []
    assert_clean_console_and_network(page, base)


def test_free_text_ignores_accents_and_case_and_searches_the_audience_too(page, base, entries):
    page.get(base + "formations/")
    shown_count(page)
    page.execute_script("delete document.documentElement.dataset.tlTrainings")
    page.find_element("id", "tl-mots").send_keys("REEMPLOI")  # « réemploi » in a title
    expected = [e for e in entries if "réemploi" in f"{e.training.title} {e.training.audience or ''}".lower()]
    assert shown_count(page) == len(expected) > 0
    assert query_of(page) == {"mots": ["REEMPLOI"]}
    link = page.find_element("css selector", ".tl-catalogue__results .tl-training__place a")
    assert link.get_attribute("href") == f"{base}{expected[0].url}"

    page.execute_script("delete document.documentElement.dataset.tlTrainings")
    page.find_element("id", "tl-mots").clear()
    page.find_element("id", "tl-mots").send_keys("demandeurs d'emploi")  # an audience, two words
    expected = [e for e in entries if all(w in (e.training.audience or "").lower() for w in ("demandeurs", "d'emploi"))]
    assert shown_count(page) == len(expected) > 0

    page.execute_script("delete document.documentElement.dataset.tlTrainings")
    page.find_element("css selector", ".tl-catalogue button[type=reset]").click()
    assert shown_count(page) == len(entries)
    assert query_of(page) == {}


def test_a_hostile_training_title_shows_as_text(page, base):
    page.get(base + "formations/?mots=onmouseover")
    assert shown_count(page) == 1
    title = page.find_element("css selector", ".tl-catalogue__results .tl-training__title")
    assert title.text == "<b onmouseover=alert(5)>Formation</b>"
    assert page.find_elements("css selector", ".tl-catalogue__results b") == []
    place = page.find_element("css selector", ".tl-catalogue__results .tl-training__place")
    assert place.text == "<img src=x onerror=alert(1)>, Rennes <script>alert(2)</script> (Bretagne)"
    assert page.execute_script("return window.__alerts") == []


@pytest.fixture(scope="module")
def many_trainings(tmp_path_factory):
    """A site of 40 copies of the examples, about 90 trainings: more than one page of results. Yields its URL."""
    root = make_project(tmp_path_factory.mktemp("copies") / "projet")
    write_example_copies(root, 40)
    site = root.parent / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr
    with serve(site) as url:
        yield url, sum(len(place.trainings) for place in load_content(root).places)


def test_long_results_come_fifty_at_a_time_and_the_focus_follows(page, many_trainings):
    base, total = many_trainings
    page.get(base + "formations/")
    assert shown_count(page) == total > 50
    assert len(page.find_elements("css selector", ".tl-catalogue__results > li")) == 50
    more = page.find_element("css selector", ".tl-catalogue__more")
    assert more.text == f"Afficher {total - 50} formations de plus"
    more.click()
    items = page.find_elements("css selector", ".tl-catalogue__results > li")
    assert len(items) == total and not more.is_displayed()
    focused = page.switch_to.active_element
    assert focused == items[50].find_element("css selector", "a")


def test_the_filters_fit_a_phone_and_take_a_thumb(page, base):
    page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                         {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
    page.get(base + "formations/")
    shown_count(page)
    assert page.execute_script("return document.documentElement.scrollWidth") <= 390
    for selector in ("#tl-mots", "#tl-catalogue-region", "#tl-catalogue-theme", "#tl-catalogue-certification",
                     ".tl-catalogue__check", ".tl-catalogue button[type=reset]"):
        for target in page.find_elements("css selector", selector):
            assert target.size["height"] >= 44, selector
    live = page.find_element("css selector", ".tl-catalogue__count")
    assert live.get_attribute("role") == "status"
    for select in page.find_elements("css selector", ".tl-catalogue select"):  # no option cut off
        assert page.execute_script(SELECT_TEXT_FITS, select), select.get_attribute("id")


# Whether the longest option of a select fits in it, beside its arrow (24 px) and its padding.
SELECT_TEXT_FITS = """
const select = arguments[0], style = getComputedStyle(select);
const context = document.createElement("canvas").getContext("2d");
context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;  // style.font is ""
const widest = Math.max(...Array.from(select.options, option => context.measureText(option.text).width));
return widest + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + 24 <= select.clientWidth;
"""


def search_is_open(driver) -> bool:
    return driver.execute_script("return document.getElementById('__search').checked")


@pytest.mark.parametrize(("query", "words"), [
    ("?mots=numerique&region=bretagne", "numerique"),
    ("?region=bretagne&q=numerique", "numerique"),  # a former link, as the README once gave it
    ("?q=numerique&mots=fablab", "fablab"),  # mots= wins over a leftover q=
])
def test_no_catalogue_address_opens_the_site_search(page, base, query, words):
    page.get(base + "formations/" + query)
    shown_count(page)
    assert not search_is_open(page)
    assert page.find_element("id", "tl-mots").get_attribute("value") == words
    assert "q" not in query_of(page) and query_of(page)["mots"] == [words]
    page.refresh()  # the address as the catalogue wrote it: still no search
    shown_count(page)
    assert not search_is_open(page)
    assert page.find_element("id", "tl-mots").get_attribute("value") == words


def catalogue_finds(entry, query: str) -> bool:
    """As formations.js: each word of the query starts a word of the training, or has the same French stem as one."""
    words = list(search_words(f"{entry.training.title} {entry.training.audience or ''} {entry.place.name} "
                              f"{entry.place.commune} {departement_label(entry.place)}"))
    stems = {stem(word) for word in words}
    return all(stem(asked) in stems or any(word.startswith(asked) for word in words) for asked in search_words(query))


def test_words_match_on_their_french_stems(page, base, entries):
    for query in ("réparation", "reparer", "répa", "formations"):
        page.get(base + "formations/?mots=" + quote(query))
        expected = [e for e in entries if catalogue_finds(e, query)]
        assert shown_count(page) == len(expected) > 0, query
        titles = [item.text for item in page.find_elements("css selector", ".tl-training__title")]
        assert titles == [e.training.title for e in expected][:50], query
    page.get(base + "formations/?mots=r%C3%A9paration")  # found letter for letter in no training
    shown_count(page)
    assert "Réparer les appareils du quotidien" in page.find_element("css selector", ".tl-catalogue__results").text


def unknown_values(driver) -> list[str] | None:
    """The values of the address said to be unknown, or None when their list is hidden."""
    return driver.execute_script("const list = document.querySelector('.tl-catalogue__unknown');"
                                 "return list.hidden ? null : Array.from(list.children, item => item.textContent)")


def test_address_values_are_read_without_accents_and_unknown_ones_are_said(page, base, entries):
    from selenium.webdriver.support.ui import Select

    page.get(base + "formations/?modalite=presentiel")
    expected = [e for e in entries if e.training.modality == "présentiel"]
    assert shown_count(page) == len(expected) > 0
    assert page.find_element("css selector", "input[name=modalite][value=présentiel]").is_selected()
    assert unknown_values(page) is None

    page.get(base + "formations/?region=atlantide&modalite=PR%C3%89SENTIEL&modalite=sur-place&theme=Numerique"
                    "&certifiante=peut-%C3%AAtre")
    expected = [e for e in entries if e.training.modality == "présentiel" and "numerique" in e.place.themes]
    assert shown_count(page) == len(expected) > 0
    assert unknown_values(page) == ["Région inconnue : atlantide", "Certification inconnue : peut-être",
                                    "Modalité inconnue : sur-place"]
    assert Select(page.find_element("id", "tl-catalogue-theme")).first_selected_option.text == "Numérique"
    page.execute_script("delete document.documentElement.dataset.tlTrainings")
    Select(page.find_element("id", "tl-catalogue-region")).select_by_value("bretagne")
    shown_count(page)
    assert unknown_values(page) is None  # no longer in the address
    assert query_of(page) == {"region": ["bretagne"], "theme": ["numerique"], "modalite": ["présentiel"]}


def test_each_change_of_the_filters_is_a_step_back(page, base, entries):
    from selenium.webdriver.support.ui import Select

    page.get(base + "formations/")
    shown_count(page)
    start = page.execute_script("return history.length")
    steps = []

    def step(action) -> None:
        page.execute_script("delete document.documentElement.dataset.tlTrainings")
        action()
        count = shown_count(page)  # once the results follow, the address has
        steps.append((query_of(page), count))

    step(lambda: Select(page.find_element("id", "tl-catalogue-region")).select_by_value("bretagne"))
    step(lambda: page.find_element("css selector", "input[name=modalite][value=hybride]").click())
    step(lambda: page.find_element("id", "tl-mots").send_keys("atelier"))  # a burst of typing: one step
    assert [query for query, _ in steps] == [
        {"region": ["bretagne"]}, {"region": ["bretagne"], "modalite": ["hybride"]},
        {"region": ["bretagne"], "modalite": ["hybride"], "mots": ["atelier"]}]
    assert page.execute_script("return history.length") == start + 3
    for query, count in [*reversed(steps[:-1]), ({}, len(entries))]:
        page.execute_script("delete document.documentElement.dataset.tlTrainings")
        page.back()
        assert shown_count(page) == count and query_of(page) == query
    assert Select(page.find_element("id", "tl-catalogue-region")).first_selected_option.get_attribute("value") == ""
    assert page.find_element("id", "tl-mots").get_attribute("value") == ""
    page.execute_script("delete document.documentElement.dataset.tlTrainings")
    page.forward()
    assert shown_count(page) == steps[0][1] and query_of(page) == steps[0][0]
    assert Select(page.find_element("id", "tl-catalogue-region")).first_selected_option.text == "Bretagne"
    assert not page.find_element("css selector", "input[name=modalite][value=hybride]").is_selected()
    assert page.current_url.startswith(base + "formations/")


def test_words_find_places_communes_and_departements(page, base, entries):
    place = next(e.place for e in entries if departement_label(e.place) == "Finistère (29)")
    for words in (place.commune.upper(), "finistere", "(29)", place.name):
        page.get(base + "formations/?mots=" + quote(words))
        expected = [e for e in entries if fold(words) in fold(
            f"{e.training.title} {e.training.audience or ''} {e.place.name} {e.place.commune} "
            f"{departement_label(e.place)}")]
        assert shown_count(page) == len(expected) > 0, words
        assert place.slug in {e.place.slug for e in expected}


def test_around_me_lists_the_ten_nearest_places_in_a_live_region(page, base, hostile_project):
    content = load_content(hostile_project)
    page.execute_cdp_cmd("Browser.grantPermissions", {"permissions": ["geolocation"], "origin": base.rstrip("/")})
    page.execute_cdp_cmd("Emulation.setGeolocationOverride",
                         {"latitude": RENNES[0], "longitude": RENNES[1], "accuracy": 50})
    here = type("Here", (), {"latitude": RENNES[0], "longitude": RENNES[1]})
    try:
        page.get(base + "carte/?theme=numerique")
        page.switch_to.frame(page.find_element("css selector", "iframe.tl-map-frame"))
        wait_for_markers(page)
        nearby = page.find_element("css selector", ".tl-nearby")
        assert nearby.get_attribute("aria-live") == "polite" and nearby.text == ""
        page.find_element("css selector", ".tl-locate").click()
        wait_for(page, "document.querySelectorAll('.tl-nearby li').length")
        numeric = sorted((haversine_km(here, p), p.name) for p in content.places if "numerique" in p.themes)[:10]
        items = page.find_elements("css selector", ".tl-nearby li")
        assert [item.find_element("css selector", "a").text for item in items] == [name for _, name in numeric]
        first = items[0].find_element("css selector", ".tl-nearby__where").text
        assert first.endswith(f"{numeric[0][0]:.1f} km".replace(".", ","))
        assert page.find_element("css selector", ".tl-nearby__title").text == f"Les {len(numeric)} lieux les plus proches"
        assert items[0].find_element("css selector", "a").get_attribute("target") == "_top"

        page.switch_to.default_content()  # another theme: the list follows the filters
        page.get(base + "carte/")
        page.switch_to.frame(page.find_element("css selector", "iframe.tl-map-frame"))
        wait_for_markers(page)
        page.find_element("css selector", ".tl-locate").click()
        wait_for(page, "document.querySelectorAll('.tl-nearby li').length === 10")
        nearest = sorted((haversine_km(here, p), p.name) for p in content.places)[:10]
        names = [a.text for a in page.find_elements("css selector", ".tl-nearby li a")]
        assert names == [name for _, name in nearest]
        assert names[0] == "<img src=x onerror=alert(1)>"  # text, never HTML
        assert page.execute_script("return window.__alerts") == []
    finally:
        page.switch_to.default_content()
        page.execute_cdp_cmd("Emulation.clearGeolocationOverride", {})
        page.execute_cdp_cmd("Browser.resetPermissions", {})


# The boxes of the frame's window, the bar, the map and the nearest places' list, in CSS pixels.
BOXES = """
const box = selector => { const r = document.querySelector(selector).getBoundingClientRect();
                          return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width,
                                  height: r.height}; };
return {width: innerWidth, height: innerHeight, bar: box(".tl-embed__bar"), map: box(".tl-map"),
        list: box(".tl-nearby"), mains: document.querySelectorAll(".tl-embed__main").length,
        scrolls: document.querySelector(".tl-nearby").scrollHeight > document.querySelector(".tl-nearby").clientHeight + 1};
"""


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)])
def test_around_me_puts_the_list_beside_the_map_on_a_desktop_and_below_it_in_the_page_on_a_phone(page, base, width,
                                                                                                 height):
    """Beside the map, the list scrolls in its column; below it, the frame grows so that the list flows in the page."""
    page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                         {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500})
    page.execute_cdp_cmd("Browser.grantPermissions", {"permissions": ["geolocation"], "origin": base.rstrip("/")})
    page.execute_cdp_cmd("Emulation.setGeolocationOverride",
                         {"latitude": RENNES[0], "longitude": RENNES[1], "accuracy": 50})
    try:
        page.get(base + "carte/")
        frame = page.find_element("css selector", "iframe.tl-map-frame")
        first_height = frame.size["height"]
        page.switch_to.frame(frame)
        wait_for_markers(page)
        page.find_element("css selector", ".tl-locate").click()
        wait_for(page, "document.querySelectorAll('.tl-nearby li').length === 10")
        boxes = page.execute_script(BOXES)
        bar, map_box, listing = boxes["bar"], boxes["map"], boxes["list"]
        assert boxes["mains"] == 1  # one landmark; the panes have a class of their own
        below_bar = boxes["height"] - bar["bottom"]
        if boxes["width"] >= 900:  # beside: the map keeps the height and most of the width
            assert listing["left"] >= map_box["right"] - 1 and listing["top"] < map_box["bottom"]
            assert map_box["width"] >= 0.6 * boxes["width"]
            assert map_box["height"] >= below_bar - 1 and listing["height"] >= below_bar - 1
            page.switch_to.default_content()
            assert frame.size["height"] == first_height
        else:  # below: the map keeps the frame's first height, the list the whole width and its own height
            assert listing["top"] >= map_box["bottom"] - 1 and not boxes["scrolls"]
            assert map_box["height"] >= first_height - 2 - bar["bottom"] - 1
            assert listing["width"] >= boxes["width"] - 1 and map_box["width"] >= boxes["width"] - 1
            assert listing["bottom"] <= boxes["height"] + 1
            page.switch_to.default_content()
            assert frame.size["height"] >= first_height + listing["height"] - 1
    finally:
        page.switch_to.default_content()
        page.execute_cdp_cmd("Emulation.clearGeolocationOverride", {})
        page.execute_cdp_cmd("Browser.resetPermissions", {})


def test_the_figures_keep_names_on_one_line_on_a_desktop_and_the_page_short_on_a_phone(page, base):
    page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                         {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
    page.get(base + "chiffres/")
    # It was 8,062 px with five charts; the sixth, « Formations certifiantes », adds some 360 px.
    assert page.execute_script("return document.documentElement.scrollHeight") < 5500
    assert page.execute_script("return document.documentElement.scrollWidth") <= 390
    page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                         {"width": 1366, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    page.get(base + "chiffres/")
    tables = page.find_elements("css selector", "details.tl-chart__table")
    assert tables and not any(table.get_attribute("open") for table in tables)
    for summary in page.find_elements("css selector", "details.tl-chart__table > summary"):
        summary.click()
    lines = page.execute_script("""return Array.from(document.querySelectorAll('.tl-chart__table tbody th'), th => {
        const range = document.createRange(); range.selectNodeContents(th);
        return [th.textContent, new Set(Array.from(range.getClientRects(), r => Math.round(r.top))).size]; })""")
    assert lines and [name for name, count in lines if count > 1] == []
    assert "Auvergne-Rhône-Alpes" in {name for name, _ in lines}


# Each row of each card grid of the page: [left, right] of the grid, then of the row's first and last cards (the
# grid's list is display: contents, as Material makes it).
CARD_ROWS = """
return Array.from(document.querySelectorAll('.grid.cards'), grid => {
  const box = grid.getBoundingClientRect(), rows = new Map();
  for (const card of grid.querySelectorAll(':scope > ul > li')) {
    const r = card.getBoundingClientRect(), row = rows.get(Math.round(r.top)) || [Infinity, -Infinity];
    rows.set(Math.round(r.top), [Math.min(row[0], r.left), Math.max(row[1], r.right)]);
  }
  return [[box.left, box.right], ...rows.values()];
});
"""


@pytest.mark.parametrize("width", [390, 1366])
def test_the_home_page_cards_leave_no_empty_slot(page, base, width):
    page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                         {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 500})
    page.get(base)
    grids = page.execute_script(CARD_ROWS)
    assert len(grids) == 3  # the site's counts, the programme's figures, where to start
    for (left, right), *rows in grids:
        for first, last in rows:
            assert abs(first - left) <= 1 and abs(last - right) <= 1, (width, left, right, rows)
