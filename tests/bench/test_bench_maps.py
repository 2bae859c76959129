"""``make bench``: the national map of 5,000 generated places, its weight and its time to clusters in Chromium.

Targets: the map page plus its data at most 1 MB uncompressed; clusters visible within 0.5 s on loopback.
The times are measured and reported, never asserted: ``time_to_clusters_ms`` in the benchmark's extra info
is the time from navigation start to the first cluster drawn, as Chromium's own clock tells it, on a cold
cache. The sizes are printed too; tests/test_build_map.py asserts the budget.
"""

from __future__ import annotations

import pytest

from browser import chromium, chromium_missing, serve
from projects import build_site, make_project
from synthetic import write_synthetic_portraits

PLACES = 5000
# Record when the first cluster reaches the page, from the page's own clock.
FIRST_CLUSTER_SPY = """
new MutationObserver(function (records, observer) {
  if (document.querySelector(".marker-cluster")) {
    window.__firstCluster = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("bench-maps") / "projet")
    write_synthetic_portraits(root, PLACES)
    result = build_site(root, root.parent / "site")
    assert result.returncode == 0, result.stderr
    return root.parent / "site"


def _sizes(site) -> dict[str, int]:
    """The bytes a visitor downloads for the national map, uncompressed."""
    def size(*paths: str) -> int:
        return sum((site / path).stat().st_size for path in paths)

    return {
        "embed page": size("embed/index.html"),
        "index of places": size("data/carte.json"),
        "map page with its list of every place": size("carte/index.html"),
        "GeoJSON of every place (open data, not loaded by the maps)": size("data/lieux.geojson"),
        "libraries, once for every map": size(
            "assets/vendor/leaflet/leaflet.js", "assets/vendor/leaflet/leaflet.css",
            "assets/vendor/leaflet.markercluster/leaflet.markercluster.js",
            "assets/vendor/leaflet.markercluster/MarkerCluster.css",
            "assets/vendor/leaflet.markercluster/MarkerCluster.Default.css",
            "javascripts/carte.js", "stylesheets/carte.css"),
    }


def test_bench_time_to_clusters(benchmark, site):
    if missing := chromium_missing():
        pytest.skip(f"mesure dans le navigateur impossible : {missing}")
    from selenium.webdriver.support.ui import WebDriverWait

    with serve(site) as base, chromium() as driver:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FIRST_CLUSTER_SPY})
        times = []

        def load_national_map():
            driver.get("about:blank")
            driver.get(base + "embed/")
            WebDriverWait(driver, 30, poll_frequency=0.02).until(
                lambda d: d.execute_script("return document.documentElement.dataset.tlMarkers"))
            times.append(driver.execute_script("return window.__firstCluster"))
            return int(driver.execute_script("return document.documentElement.dataset.tlMarkers"))

        markers = benchmark.pedantic(load_national_map, rounds=5, iterations=1, warmup_rounds=1)
    assert markers == PLACES
    times = sorted(times[1:])  # the warm-up round is left out
    sizes = _sizes(site)
    benchmark.extra_info.update(time_to_clusters_ms=times, **sizes)
    print(f"\n  time to first cluster (ms, 5 cold loads): {', '.join(f'{t:.0f}' for t in times)}")
    print("\n".join(f"  {name}: {size / 1e6:.3f} MB" for name, size in sizes.items()))
