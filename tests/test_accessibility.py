"""RGAA checks that axe-core does not make, on every page of a built site (examples plus hostile portraits).

Language, text alternatives of images, iframes and maps, and page titles; the focus and the skip link are
checked in Chromium by test_browser_accessibility.py.
"""

from __future__ import annotations

from collections import Counter

import html5lib
import pytest

from tierslieux.content import load_content

SITE_NAME = "Tiers-lieux de formation"


@pytest.fixture(scope="module")
def pages(hostile_site) -> dict[str, object]:
    """Every HTML page of the site, parsed as a browser would, by its path under the site root."""
    _, site = hostile_site
    return {path.relative_to(site).as_posix(): html5lib.parse(path.read_text(encoding="utf-8"),
                                                              namespaceHTMLElements=False)
            for path in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def content(hostile_project):
    return load_content(hostile_project)


def text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_every_page_is_in_french(pages):
    assert len(pages) > 60
    assert {path: doc.get("lang") for path, doc in pages.items() if doc.get("lang") != "fr"} == {}


def test_every_image_has_a_text_alternative(pages):
    images = [(path, img) for path, doc in pages.items() for img in doc.iter("img")]
    assert images  # the example portraits have photos
    assert [path for path, img in images if "alt" not in img.attrib] == []


def test_every_iframe_has_a_title_the_copied_one_included(pages):
    frames = [(path, frame) for path, doc in pages.items() for frame in doc.iter("iframe")]
    snippets = [(path, snippet) for path, doc in pages.items() for snippet in doc.iterfind(".//pre[@class='tl-snippet']")]
    assert snippets
    for path, snippet in snippets:
        frames += [(path, frame) for frame in html5lib.parse(text(snippet), namespaceHTMLElements=False).iter("iframe")]
    assert len(frames) > len(snippets) * 2
    assert [path for path, frame in frames if not frame.get("title", "").strip()] == []


def test_every_map_has_a_text_alternative(pages, content):
    """Region maps list their places as links, the national map leads to those lists, and a portrait's map names
    the place in its text."""
    for path, doc in pages.items():
        frames = [frame for frame in doc.iter("iframe") if "tl-map-frame" in frame.get("class", "")]
        if not frames:
            continue
        links = {a.get("href", "").rstrip("/").rsplit("/", 1)[-1] for a in doc.iter("a")
                 if "/portraits/" in a.get("href", "")}
        if path == "carte/index.html":
            lists = {a.get("href") for a in doc.iter("a") if a.get("href", "").endswith("/#lieux")}
            assert lists == {f"../{region.url}#lieux" for region in content.regions.values()}
        elif path.startswith("regions/"):
            region = path.split("/")[1]
            assert {place.slug for place in content.places_in(region)} <= links, path
        else:
            slug = path.split("/")[1]
            place = next(place for place in content.places if place.slug == slug)
            facts = text(next(doc.iterfind(".//dl")))
            assert place.commune in facts and frames[0].get("title") == f"Carte : {place.name}, {place.commune}"
    for path, doc in pages.items():
        if path.startswith("embed/"):  # the map itself is named, and links to its page of the site
            box = next(div for div in doc.iter("div") if div.get("class") == "tl-map")
            assert box.get("role") == "region" and box.get("aria-label") == text(doc.find(".//title")), path
            assert any(a.get("class") == "tl-embed__site" for a in doc.iter("a")), path


def test_every_page_has_one_main_region_and_one_heading_of_level_one(pages):
    for path, doc in pages.items():
        assert len(list(doc.iter("main"))) == 1, path
        assert len(list(doc.iter("h1"))) == 1, path


def test_every_page_title_names_the_page(pages):
    titles = {path: text(doc.find(".//title")) for path, doc in pages.items()}
    redirects = {path for path, title in titles.items() if title == f"Page déplacée - {SITE_NAME}"}
    assert redirects == {"portraits/exemple-fabrique-bocage/index.html"}
    others = {path: title for path, title in titles.items() if path not in redirects}
    assert [title for title, count in Counter(others.values()).items() if count > 1] == []
    for path, title in others.items():
        if path.startswith("embed/"):
            assert title.startswith("Carte des tiers-lieux de formation"), path
        else:
            assert title.endswith(f" - {SITE_NAME}") and title != f" - {SITE_NAME}", path
    assert titles["404.html"] == f"Page introuvable - {SITE_NAME}"
    assert titles["portraits/balise-img/index.html"] == f"<img src=x onerror=alert(1)> - {SITE_NAME}"
