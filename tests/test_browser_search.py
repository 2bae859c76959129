"""Search in headless Chromium: the places' index loads at the first search only, finds places by their words' French
stems, shows the passage that holds a word, stays text; and the browser stems words as the index does.

Every request is counted by the server, so that the search worker's own requests are seen too.
"""

from __future__ import annotations

import pytest

from bench.scale import counting_server
from browser import chromium, require_chromium
from projects import REPO
from tierslieux.content import folded_words
from tierslieux.search import stem

pytestmark = pytest.mark.browser

ALERT_SPY = """
window.__alerts = [];
window.alert = window.confirm = window.prompt = function (message) { window.__alerts.push(String(message)); };
"""


@pytest.fixture(scope="module")
def driver():
    require_chromium()
    with chromium() as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": ALERT_SPY})
        yield driver


def search(driver, base: str, query: str) -> list[tuple[str, str]]:
    """Type ``query`` in the search box of the home page; the (link, title) of each result, once there are some."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(base)
    box = driver.find_element("css selector", "input[data-md-component=search-query]")
    box.click()
    box.send_keys(query)
    WebDriverWait(driver, 15, poll_frequency=0.05).until(
        lambda d: d.execute_script("return document.querySelector('.md-search-result__item')"))
    return [(link.get_attribute("href").removeprefix(base), link.find_element("css selector", "h1, h2").text)
            for link in driver.find_elements("css selector", ".md-search-result__item > a")]


def test_a_first_view_downloads_neither_the_index_nor_the_search_engine_and_a_query_only_its_pieces(
        driver, example_site):
    with counting_server(example_site) as (base, sent):
        driver.get(base)
        driver.execute_async_script("setTimeout(arguments[0], 1000)")
        paths = [path.split("?")[0] for path, _ in sent]
        assert "/search/search_index.json" in paths and "/javascripts/recherche-worker.js" in paths
        assert not [path for path in paths if path.startswith(("/search/termes/", "/search/documents/"))]
        assert not [path for path in paths if "/workers/search." in path or "/lunr/" in path]
        search(driver, base, "creuse")
        searched = {path.split("?")[0] for path, _ in sent} - set(paths)
        assert [path for path in searched if path.startswith("/search/termes/")] == ["/search/termes/cr.json"]
        assert {path for path in searched if "/lunr/min/" in path} == {
            "/assets/javascripts/lunr/min/lunr.stemmer.support.min.js", "/assets/javascripts/lunr/min/lunr.fr.min.js"}
        documents = [path for path in searched if path.startswith("/search/documents/")]
        assert 0 < len(documents) <= len(list((example_site / "search" / "documents").iterdir()))


@pytest.mark.parametrize(("query", "portrait"), [
    ("ecole", "exemple-ferme-des-possibles"),  # « École », accents folded
    ("École", "exemple-fournil-des-competences"),
    ("gueret", "exemple-ruche-creusoise"),  # the commune, Guéret
    ("Creuse", "exemple-ruche-creusoise"),  # the département, from its code
    ("assistant de vie", "exemple-ruche-creusoise"),  # a training title
    ("creusoise", "exemple-ruche-creusoise"),  # the name
    ("alambic", "exemple-distillerie-des-idees"),  # « alambics », a word of its portrait's text only, stemmed
    ("réparation", "exemple-fabrique-du-bocage"),  # « Réparer les appareils… », the same stem
    ("ressourcerie", "exemple-fabrique-du-bocage"),  # a word of its portrait's text only
    ("29", "exemple-fabrique-du-bocage"),  # its département: number, name, name without accent
    ("Finistère", "exemple-fabrique-du-bocage"),
    ("finistere", "exemple-fabrique-du-bocage"),
])
def test_search_finds_a_place_by_name_commune_departement_or_training(driver, example_site, query, portrait):
    with counting_server(example_site) as (base, _):
        links = [link for link, _ in search(driver, base, query)]
    assert f"portraits/{portrait}/?h=" in " ".join(links)


def test_search_still_finds_the_hand_written_pages(driver, example_site):
    with counting_server(example_site) as (base, _):
        links = [link for link, _ in search(driver, base, "contribuer")]
    assert any(link.startswith("contribuer/") for link in links)


def test_hostile_names_are_shown_as_text_in_search_results(driver, hostile_site):
    _, site = hostile_site
    with counting_server(site) as (base, _):
        results = search(driver, base, "rennes")
        assert ("portraits/balise-img/?h=rennes", "<img src=x onerror=alert(1)>") in results
        assert driver.execute_script("return document.querySelectorAll('.md-search-result img, "
                                     ".md-search-result script, .md-search-result b').length") == 0
        assert driver.execute_script("return window.__alerts") == []


def test_a_word_of_a_portraits_text_alone_shows_the_passage_around_it(driver, example_site):
    with counting_server(example_site) as (base, _):
        assert search(driver, base, "pirogues")[0] == ("portraits/exemple-degrad-des-savoirs/?h=pirogues",
                                                      "Exemple – Le Dégrad des savoirs")
        shown = driver.execute_script("return document.querySelector('.md-search-result__item article').innerHTML")
    assert ("</h1>… l'on accoste En Guyane, le dégrad est l'endroit où les <mark>pirogues</mark> accostent. Le lieu "
            "porte ce nom parce qu'il veut être un point d'arrivée pour celles et ceux qui …") in shown


def test_a_passage_of_a_hostile_portraits_text_is_shown_as_text(driver, hostile_site):
    _, site = hostile_site
    with counting_server(site) as (base, _):
        assert ("portraits/balise-img/?h=clic", "<img src=x onerror=alert(1)>") in search(driver, base, "clic")
        shown = driver.execute_script("return document.querySelector('.md-search-result__item article').textContent")
        assert "Texte alert(6) et lien et clic ." in shown
        assert driver.execute_script("return document.querySelectorAll('.md-search-result img, "
                                     ".md-search-result script, .md-search-result a[onclick]').length") == 0
        assert driver.execute_script("return window.__alerts") == []


# Endings that French words take and that Snowball's French stemmer cuts: each word of the examples gets each.
ENDINGS = ("", "s", "es", "ation", "ations", "ement", "ais", "aise", "euse", "ites", "iques", "ance", "ence", "amment",
           "emment", "ier", "iere", "ive", "issent", "eraient", "logie", "atrice", "abilite")


def french_words() -> list[str]:
    """Every folded word of the example portraits, the hand-written pages and the guides, and the same with each of
    ENDINGS in place of its last two letters: tens of thousands of words."""
    texts = [path.read_text(encoding="utf-8") for path in (*sorted((REPO / "portraits").glob("*.md")),
                                                           *sorted((REPO / "docs").rglob("*.md")),
                                                           REPO / "README.md", REPO / "CONTRIBUTING.md")]
    words = {word for text in texts for word in folded_words(text) if word.isalpha()}
    return sorted({word[:max(3, len(word) - 2)] + ending for word in words for ending in ENDINGS} | words)


def test_the_browser_stems_french_words_as_the_index_does(driver, example_site):
    """Lunr's French stemmer (racines.js, in the catalogue and the search worker) and snowballstemmer, which stems the
    index, are the same algorithm in the same version: a word the browser stems differently would find nothing."""
    from selenium.webdriver.support.ui import WebDriverWait

    words = french_words()
    assert len(words) > 30_000
    with counting_server(example_site) as (base, _):
        driver.get(base + "formations/")
        WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.documentElement.dataset.tlTrainings"))
        stems = driver.execute_script("return arguments[0].map(self.tlRacines.stem)", words)
    assert [(word, browser) for word, browser in zip(words, stems, strict=True) if browser != stem(word)] == []
    assert stem("francaise") == "francais" and stem("mauvais") == "mauv"  # Snowball 3 would give franc, mauvais
