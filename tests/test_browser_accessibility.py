"""axe-core in headless Chromium on each kind of page, phone and desktop; the focus outline and the skip link.

axe-core 4.9.1 comes pinned with axe-selenium-python-nhsuk (the same module as axe-selenium-python, whose
release with axe-core 4 needs Python 3.12). No rule is turned off. axe does not enter the iframes: the maps they
frame are checked on their own, as the « intégration » pages.

The browser asks for reduced motion, as some visitors' do: the maps then move without animation or fade
(carte.js, carte.css), and axe measures each colour once it has settled, never mid-fade.
"""

from __future__ import annotations

import pytest

from browser import PAGE_TYPES, chromium, require_chromium

pytestmark = pytest.mark.browser

VIEWPORTS = {"téléphone": (390, 844), "ordinateur": (1280, 900)}


@pytest.fixture(scope="module", params=VIEWPORTS)
def driver(request):
    require_chromium()
    with chromium(*VIEWPORTS[request.param]) as browser:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]})
        yield browser


def wait_for(driver, script: str, *args, timeout: float = 10):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(
        lambda d: d.execute_script(f"return {script}", *args))


def wait_for_steady_map(driver) -> None:
    """Wait until the map has stopped: no zoom nor cluster animation under way, no CSS transition or animation
    running (a fading label has the colour of neither its start nor its end)."""
    wait_for(driver, "!document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim') && "
                     "document.getAnimations().every(animation => animation.playState !== 'running')")


def serious_violations(driver) -> list[str]:
    from axe_selenium_python import Axe

    axe = Axe(driver)
    axe.inject()
    results = axe.run(options='{"resultTypes": ["violations"]}')
    return [f"{violation['id']} ({violation['impact']}) : {node['target']} {node['failureSummary']}"
            for violation in results["violations"] if violation["impact"] in ("serious", "critical")
            for node in violation["nodes"]]


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_finds_no_serious_violation(driver, hostile_site, kind):
    driver.get(hostile_site[0] + PAGE_TYPES[kind])
    if kind.startswith("intégration"):
        wait_for(driver, "document.documentElement.dataset.tlMarkers")  # popups and clusters are in the page
        wait_for_steady_map(driver)
    else:
        wait_for(driver, "document.documentElement.classList.contains('js')")
    assert serious_violations(driver) == []


@pytest.mark.parametrize("kind", ["accueil", "régions", "région", "formations d'une région", "portrait", "carte",
                                  "404"])
def test_the_first_tab_reaches_a_skip_link_to_the_page_heading(driver, hostile_site, kind):
    from selenium.webdriver import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver.get(hostile_site[0] + PAGE_TYPES[kind])
    wait_for(driver, "document.documentElement.classList.contains('js')")
    ActionChains(driver).send_keys(Keys.TAB).perform()
    link = driver.switch_to.active_element
    assert link.get_attribute("textContent").strip() == "Aller au contenu"
    assert wait_for(driver, "arguments[0].getBoundingClientRect().height > 1", link)
    target = link.get_attribute("href").split("#", 1)[1]
    assert driver.find_element("id", target) == driver.find_element("css selector", ".md-content h1")


@pytest.mark.parametrize("kind, selector", [
    ("portrait", ".md-content a[href*='regions/']"),
    ("intégration", "#tl-theme"),
    ("intégration", ".tl-embed__site"),
])
def test_the_keyboard_focus_is_outlined(driver, hostile_site, kind, selector):
    from selenium.webdriver import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver.get(hostile_site[0] + PAGE_TYPES[kind])
    element = driver.find_element("css selector", selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    # Focus the element before it, then Tab: the keyboard's focus, which :focus-visible outlines.
    driver.execute_script("""
        const all = [...document.querySelectorAll('a[href], select, button, input')].filter((e) => e.offsetParent);
        all[all.indexOf(arguments[0]) - 1].focus();""", element)
    ActionChains(driver).send_keys(Keys.TAB).perform()
    assert driver.switch_to.active_element == element
    style = driver.execute_script(
        "const s = getComputedStyle(arguments[0]); return [s.outlineStyle, parseFloat(s.outlineWidth)]", element)
    assert style[0] != "none" and style[1] >= 2


def test_axe_finds_no_serious_violation_after_around_me(driver, hostile_site):
    """The visitor's marker, its tooltip and the list of the nearest places, as « Autour de moi » adds them."""
    base = hostile_site[0]
    driver.execute_cdp_cmd("Browser.grantPermissions", {"permissions": ["geolocation"], "origin": base.rstrip("/")})
    driver.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": 48.1113, "longitude": -1.68, "accuracy": 50})
    try:
        driver.get(base + "embed/")
        wait_for(driver, "document.documentElement.dataset.tlMarkers")
        driver.find_element("css selector", ".tl-locate").click()
        wait_for(driver, "document.querySelector('.tl-visitor') && document.querySelectorAll('.tl-nearby li').length")
        wait_for_steady_map(driver)
        assert serious_violations(driver) == []
    finally:
        driver.execute_cdp_cmd("Emulation.clearGeolocationOverride", {})
        driver.execute_cdp_cmd("Browser.resetPermissions", {})
