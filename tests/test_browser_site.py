"""The site's own pages in headless Chromium: French search, and hostile names that stay text."""

from __future__ import annotations

import pytest

from browser import chromium, require_chromium

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def driver():
    require_chromium()
    with chromium() as browser:
        browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {
            "source": "window.__alerts = []; window.alert = (m) => window.__alerts.push(String(m));",
        })
        yield browser


def search(driver, base: str, query: str) -> list[str]:
    """Type ``query`` in Material's search box of the home page; the titles of the results."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(base)
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.click()
    box.send_keys(query)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item"))

    def titles(d) -> list[str]:
        return [item.text for item in d.find_elements(By.CSS_SELECTOR, ".md-search-result__item h1")]

    # Results come as the query is typed: wait until those of the whole query stay on the screen.
    seen: list[list[str]] = []
    WebDriverWait(driver, 10, poll_frequency=0.3).until(lambda d: seen.append(titles(d)) or seen[-2:] == seen[-1:] * 2)
    return seen[-1]


@pytest.mark.parametrize("query, expected", [
    ("Fabrique du Bocage", "Exemple – La Fabrique du Bocage"),  # by name
    ("Carhaix", "Exemple – La Fabrique du Bocage"),  # by commune
    ("Étampes", "Exemple – Échoppe numérique"),  # accents
    ("écologique", "Exemple – La Fabrique du Bocage"),  # by theme label
    ("formation", "Formations"),  # French stemming: formation(s), the catalogue of trainings
    ("reemploi", "Exemple – La Fabrique du Bocage"),  # a word of its summary, accents folded: réemploi
])
def test_search_finds_a_place_by_name_commune_or_theme(driver, hostile_site, query, expected):
    assert expected in search(driver, hostile_site[0], query)


def test_a_hostile_name_found_by_search_shows_as_text_and_runs_nothing(driver, hostile_site):
    results = search(driver, hostile_site[0], "onerror")
    assert "<img src=x onerror=alert(1)>" in results
    assert driver.execute_script("return document.querySelectorAll('.md-search-result img').length") == 0
    assert driver.execute_script("return window.__alerts") == []
