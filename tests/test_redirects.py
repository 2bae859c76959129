"""Former addresses of renamed places: one redirect page per alias, in the built site and in a browser."""

from __future__ import annotations

import json

import pytest

from browser import chromium, require_chromium, serve
from projects import REPO
from tierslieux.content import load_content
from tierslieux.redirects import redirect_pages

RENAMED = "exemple-fabrique-du-bocage"
FORMER = "exemple-fabrique-bocage"


def test_each_alias_becomes_a_page_that_points_to_the_current_one():
    assert redirect_pages(load_content(REPO).places) == [(
        f"portraits/{FORMER}.md",
        f"---\nlocation: ../{RENAMED}/\nsearch:\n  exclude: true\ntemplate: redirect.html\n---\n",
    )]


def test_the_built_site_keeps_the_former_address_and_leaves_it_out_of_search(example_site):
    page = (example_site / "portraits" / FORMER / "index.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="refresh" content="0; url=../{RENAMED}/">' in page
    # javascripts/redirection.js follows this link: the CSP allows no inline script.
    assert f'<a id="nouvelle-adresse" href="../{RENAMED}/">suivez ce lien</a>' in page
    assert page.endswith('<script src="../../javascripts/redirection.js"></script>\n  </body>\n</html>')
    index = json.loads((example_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [doc for doc in index["docs"] if doc["location"].startswith(f"portraits/{FORMER}/")]
    sitemap = (example_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"portraits/{RENAMED}/</loc>" in sitemap and f"portraits/{FORMER}/" not in sitemap  # not a page to index


@pytest.mark.browser
def test_a_browser_opening_the_former_address_lands_on_the_current_page(example_site):
    require_chromium()
    with serve(example_site) as base, chromium() as driver:
        driver.get(f"{base}portraits/{FORMER}/#formations")
        assert driver.current_url == f"{base}portraits/{RENAMED}/#formations"
        assert driver.find_element("css selector", "h1").text == "Exemple – La Fabrique du Bocage"
