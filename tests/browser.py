"""Headless Chromium against a built site served on 127.0.0.1, for browser tests and benchmarks."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import tempfile
from pathlib import Path

from tierslieux.local_server import serving

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None when Chromium and its driver are installed."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.access(path, os.X_OK) or shutil.which(Path(path).name)):
            return f"{path} introuvable : installez chromium et chromium-driver (make system-deps)"
    return None


def require_chromium() -> None:
    """Skip the calling test when Chromium is missing, unless CI=true, where browser tests must run."""
    import pytest

    if missing := chromium_missing():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true : les tests dans le navigateur doivent tourner, mais {missing}")
        pytest.skip(f"tests dans le navigateur ignorés : {missing}")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".geojson": "application/geo+json"}

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on a free port of 127.0.0.1; yields the base URL, ending with "/"."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)) as address:
        yield f"{address}/"


@contextlib.contextmanager
def chromium(width: int = 1280, height: int = 900):
    """A headless Chromium with a fresh profile, recording its console and network logs."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or CHROMIUM
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.add_argument(f"--window-size={width},{height}")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or CHROMEDRIVER), options=options)
        if width < 500:  # headless windows are at least 500 pixels wide: emulate a phone's viewport instead
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": height, "deviceScaleFactor": 2, "mobile": True,
            })
        try:
            yield driver
        finally:
            driver.quit()


def requested_urls(driver) -> list[str]:
    """The URLs the page asked for since the log was last read, from the performance log."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


# One page of each kind a visitor or a region meets, under the site root: checked for CSP and accessibility.
PAGE_TYPES = {
    "accueil": "",
    "régions": "regions/",
    "région": "regions/bretagne/",
    "formations d'une région": "regions/bretagne/formations/",
    "catalogue": "formations/",
    "livret": "regions/bretagne/livret/",
    "chiffres": "chiffres/",
    "portrait": "portraits/exemple-fabrique-du-bocage/",
    "carte": "carte/",
    "intégration": "embed/",
    "intégration d'une région": "embed/bretagne/",
    "redirection": "portraits/exemple-fabrique-bocage/",  # the former address of exemple-fabrique-du-bocage
    "404": "404.html",  # what a host serves for a missing page
    "déclaration d'accessibilité": "accessibilite/",
    "mentions légales": "mentions-legales/",
    "données personnelles": "donnees-personnelles/",
    "à compléter": "contribuer/a-completer/",
    "à compléter d'une région": "contribuer/a-completer/bretagne/",  # lists the hostile <img …> place
}
