"""The Content-Security-Policy in headless Chromium: every kind of page runs under it, maps and search included, and
hostile headings stay text.

Chromium writes each CSP violation to the console, from any frame, and the log survives navigations (the
redirect page): a clean console is the proof. Map tiles fail to load offline: their errors are expected.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from browser import PAGE_TYPES, chromium, requested_urls, require_chromium
from projects import TILE_HOST

pytestmark = pytest.mark.browser

MAP_FRAMES = {"région", "portrait", "carte"}  # pages that show a map in an iframe of the site


@pytest.fixture(scope="module")
def driver():
    require_chromium()
    with chromium() as browser:
        yield browser


def wait_for(driver, script: str, timeout: float = 10):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: d.execute_script(f"return {script}"))


def console_problems(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser")
            if entry["level"] == "SEVERE" and TILE_HOST not in entry["message"]]


def test_every_page_carries_the_policy_first_in_its_head(hostile_site):
    _, site = hostile_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 60
    for page in pages:
        head = re.split(r"<head\b[^>]*>", page.read_text(encoding="utf-8"), maxsplit=1)[1].lstrip()
        assert head.startswith('<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;; '
                               "script-src &#39;self&#39;"), page


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_page_breaks_the_policy_and_maps_still_draw(driver, hostile_site, kind):
    base, _ = hostile_site
    driver.get("about:blank")
    driver.get_log("browser")
    driver.get(base + PAGE_TYPES[kind])
    if kind == "redirection":  # its script, javascripts/redirection.js, ran
        wait_for(driver, "location.pathname.endsWith('/exemple-fabrique-du-bocage/')")
    if kind == "région":  # a static map first, the interactive one on request
        driver.find_element("css selector", ".tl-region-map__button").click()
    if kind in MAP_FRAMES:
        frame = driver.find_element("css selector", "iframe.tl-map-frame")
        driver.execute_script("arguments[0].scrollIntoView()", frame)
        driver.switch_to.frame(frame)
    if kind in MAP_FRAMES or kind.startswith("intégration"):
        assert int(wait_for(driver, "document.documentElement.dataset.tlMarkers")) > 0
        driver.switch_to.default_content()
    else:  # Material's own script ran: it turns the no-js class into js
        assert wait_for(driver, "document.documentElement.classList.contains('js')")
    assert console_problems(driver) == []


def test_search_works_under_the_policy(driver, hostile_site):
    from selenium.webdriver.common.by import By

    driver.get(hostile_site[0])
    driver.get_log("browser")
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.click()
    box.send_keys("Carhaix")
    assert wait_for(driver, "document.querySelectorAll('.md-search-result__item').length") > 0
    assert console_problems(driver) == []


def test_an_inline_script_the_build_did_not_write_is_refused(driver, hostile_site):
    """The policy is not decorative: a script added to a built page after the fact does not run."""
    base, site = hostile_site
    page = site / "a-propos" / "index.html"
    original = page.read_text(encoding="utf-8")
    page.write_text(original.replace("</body>", "<script>document.title = 'injecté'</script></body>"),
                    encoding="utf-8")
    try:
        driver.get("about:blank")
        driver.get_log("browser")
        driver.get(base + "a-propos/")
        wait_for(driver, "document.documentElement.classList.contains('js')")
        assert driver.title != "injecté"
        assert any("Content Security Policy" in message for message in console_problems(driver))
    finally:
        page.write_text(original, encoding="utf-8")


@pytest.mark.parametrize("slug", ["meta-redirection", "meta-bloc", "id-du-theme"])
def test_a_body_cannot_set_its_page_nor_take_the_themes_ids(driver, hostile_site, slug):
    """Page meta written in a body stays text: no redirect, no alert (Selenium would raise on the next command), no
    console error; the body's ``__`` ids and the theme's classes are dropped, and Material still reads its settings."""
    base, _ = hostile_site
    driver.get("about:blank")
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(f"{base}portraits/{slug}/")
    assert wait_for(driver, "document.documentElement.classList.contains('js')")  # Material's script ran
    assert [url for url in requested_urls(driver) if "evil.example" in url] == []  # no image from another site
    assert driver.execute_script("return JSON.parse(document.getElementById('__config').textContent).base") == "../.."
    assert driver.current_url == f"{base}portraits/{slug}/"
    assert driver.execute_script(
        "return document.querySelectorAll('.tl-body [id^=\"__\"], .tl-body [class*=\"md-\"], .tl-body [class*=\"tl-\"]')"
        ".length") == 0
    assert console_problems(driver) == []


HOSTILE_HEADINGS = ["portraits/titre-commentaire/", "regions/normandie/", "regions/normandie/livret/"]


@pytest.mark.parametrize("path", HOSTILE_HEADINGS)
def test_headings_that_try_to_become_a_script_a_redirect_or_the_settings_are_harmless(driver, hostile_site, path):
    """tests/fixtures/hostile/titre-commentaire.md and regions/normandie.md: no alert (Selenium would raise on the next
    command), no navigation, no request to another site than the tiles', no console error; the search still answers from the site's
    own worker once the page is loaded, and its table of contents shows the heading's text."""
    from selenium.webdriver.common.by import By

    base, _ = hostile_site
    driver.get("about:blank")
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(base + path)
    assert wait_for(driver, "document.readyState === 'complete' && document.documentElement.classList.contains('js')")
    assert driver.execute_script("return document.querySelectorAll('#__config').length") == 1
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.click()
    box.send_keys("Lisieux")
    assert wait_for(driver, "document.querySelectorAll('.md-search-result__item').length") > 0
    assert driver.current_url == base + path
    assert [url for url in requested_urls(driver)
            if not url.startswith((base, "data:")) and urlsplit(url).netloc != TILE_HOST] == []
    assert driver.execute_script(
        "return new URL(JSON.parse(document.getElementById('__config').textContent).search).pathname"
    ) == "/javascripts/recherche-worker.js"
    titles = driver.execute_script(
        "return [...document.querySelectorAll('[data-md-type=toc] .md-ellipsis')].map(e => e.textContent.trim())")
    assert any(title.endswith("ipt>alert(document.domain)ipt>-->") for title in titles)
    assert console_problems(driver) == []


@pytest.mark.parametrize("query", [
    "",
    "?material=https%3A%2F%2Fevil.example%2Fw.js&index=https%3A%2F%2Fevil.example%2Fsearch%2F",
    "?material=data%3Atext%2Fjavascript%2CpostMessage(1)&index=..%2F..%2Fdata%2F",
    "#https://evil.example/",
])
def test_the_search_worker_reads_only_the_site_s_own_files_whatever_its_address_holds(driver, hostile_site, query):
    """recherche-worker.js reads no parameter: the index, racines.js and Lunr's stemmer are found from its own place,
    so an address that names another script or another index changes nothing."""
    base, _ = hostile_site
    driver.get(base)
    driver.get_log("performance")
    outcome = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const worker = new Worker(new URL("javascripts/recherche-worker.js" + arguments[0], location.href));
        worker.onerror = event => { event.preventDefault(); done("erreur : " + event.message); };
        worker.onmessage = event => event.data.type === 3 && done(event.data.data.items.length);
        worker.postMessage({type: 0, data: {config: {lang: ["fr"]}, docs: []}});
        worker.postMessage({type: 2, data: "lisieux"});
        setTimeout(() => done("sans réponse"), 10000);
    """, query)
    assert isinstance(outcome, int) and outcome > 0, outcome
    assert [url for url in requested_urls(driver) if not url.startswith(base)] == []
