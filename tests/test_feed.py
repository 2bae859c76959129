"""``/flux.xml``: an Atom feed of the places, dated like their pages, newest first, every text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from projects import FIXTURES, make_project
from tierslieux.content import load_content
from tierslieux.feed import ATOM, atom_feed

NS = {"atom": ATOM}
SITE = "https://tiers-lieux-formation.example.org/"


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("flux") / "projet", sorted((FIXTURES / "hostile").glob("*.md")),
                        with_examples=True)
    return load_content(root)


def _entries(feed: str) -> list[ET.Element]:
    root = ET.fromstring(feed.encode("utf-8"))
    assert root.tag == f"{{{ATOM}}}feed"
    return root.findall("atom:entry", NS)


def test_the_feed_parses_as_atom_with_one_entry_per_dated_place(content):
    commits = {"portraits/balise-img.md": date(2026, 11, 27), "portraits/gabarit-js.md": date(2025, 1, 2)}
    feed = atom_feed(content, commits, site_name="Tiers-lieux de formation", site_url=SITE)
    entries = _entries(feed)
    assert len(entries) == len(content.places)
    ids = [entry.findtext("atom:id", namespaces=NS) for entry in entries]
    assert sorted(ids) == sorted(f"{SITE}{place.url}" for place in content.places)
    days = [entry.findtext("atom:updated", namespaces=NS) for entry in entries]
    assert days == sorted(days, reverse=True) and days[0] == "2026-11-27T00:00:00Z"
    root = ET.fromstring(feed.encode("utf-8"))
    assert root.findtext("atom:updated", namespaces=NS) == "2026-11-27T00:00:00Z"
    assert root.find("atom:link[@rel='self']", NS).get("href") == f"{SITE}flux.xml"
    assert root.findtext("atom:author/atom:name", namespaces=NS) == "Tiers-lieux de formation"


def test_a_place_is_dated_by_its_last_commit_else_by_its_updated_field_else_left_out(content):
    commits = {"portraits/exemple-ruche-creusoise.md": date(2020, 1, 1)}
    entries = _entries(atom_feed(content, commits, site_name="Site", site_url=SITE))
    by_id = {entry.findtext("atom:id", namespaces=NS): entry.findtext("atom:updated", namespaces=NS)
             for entry in entries}
    assert by_id[f"{SITE}portraits/exemple-ruche-creusoise/"] == "2020-01-01T00:00:00Z"
    assert by_id[f"{SITE}portraits/exemple-atelier-des-deux-rives/"] == "2026-10-02T00:00:00Z"
    assert f"{SITE}portraits/balise-img/" not in by_id  # no commit and no updated field: no date to list it by
    assert len(entries) == sum(1 for place in content.places if place.updated)


def test_hostile_names_stay_text_in_the_feed(content):
    commits = {"portraits/balise-img.md": date(2026, 1, 1), "portraits/gabarit-js.md": date(2026, 1, 1)}
    feed = atom_feed(content, commits, site_name="<b>Site</b>", site_url=SITE)
    titles = {entry.findtext("atom:title", namespaces=NS) for entry in _entries(feed)}
    assert {"<img src=x onerror=alert(1)>",
            "Atelier ${alert(1)} `alert(2)` </script><script>alert(3)</script>"} <= titles
    assert "<img src=x" not in feed and "&lt;img src=x onerror=alert(1)&gt;" in feed


def test_the_same_content_gives_the_same_bytes(content):
    assert atom_feed(content, {}, site_name="S", site_url=SITE) == atom_feed(content, {}, site_name="S",
                                                                               site_url=SITE)
