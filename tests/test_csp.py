"""The Content-Security-Policy computed from each page: hashes, tile host, insertion, the standalone map."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil

import pytest
from markupsafe import escape

from build_map import main as build_map_main
from projects import REPO, build_site, make_project
from tierslieux.csp import PolicyError, script_hashes, site_policy, standalone_policy, tile_source, with_policy

TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def sha256(code: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()}'"


def test_only_inline_scripts_a_browser_runs_are_hashed_once_each_in_page_order():
    html = (
        '<script>var a = "é";</script>'
        '<script src="x.js"></script>'
        '<script type="application/json" id="__config">{"a": 1}</script>'
        '<script type="application/ld+json">{"@type": "Place"}</script>'
        "<SCRIPT type='module'>\nimport x from './x.js'\n</SCRIPT >"
        '<script>var a = "é";</script>'
    )
    assert script_hashes(html) == [sha256('var a = "é";'), sha256("\nimport x from './x.js'\n")]



def test_a_script_ends_at_its_first_closing_tag_and_an_unclosed_one_runs_nothing_after_it():
    html = ("<script>a = '<script>'</script ><p>x</p><Script defer>b()</script>\n<scripty>z()</script>"
            "<script>c()</SCRIPT>\n<script>d()")
    assert script_hashes(html) == [sha256("a = '<script>'"), sha256("b()"), sha256("c()")]

@pytest.mark.parametrize("url, source", [
    (TILES, "https://tile.openstreetmap.org"),
    ("https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.fr"),
    ("http://localhost:8080/{z}/{x}/{y}.png", "http://localhost:8080"),
])
def test_the_tile_host_becomes_a_source(url, source):
    assert tile_source(url) == source


def test_tiles_whose_host_a_policy_cannot_name_are_refused():
    with pytest.raises(PolicyError) as error:
        tile_source("https://tiles.{s}.example.org/{z}/{x}/{y}.png")
    assert str(error.value) == (
        "mkdocs.yml : extra.map.tiles (trouvé : 'https://tiles.{s}.example.org/{z}/{x}/{y}.png' ; attendu : une "
        "adresse http(s) dont seul le premier nom d'hôte varie, par exemple "
        "https://{s}.tile.example.org/{z}/{x}/{y}.png)."
    )


def test_a_site_page_gets_its_policy_as_the_first_child_of_head():
    html = '<!doctype html>\n<html lang="fr"><head><meta charset="utf-8"><script>go()</script></head></html>'
    assert with_policy(html, site_policy(html, TILES)) == (
        '<!doctype html>\n<html lang="fr"><head>\n<meta http-equiv="Content-Security-Policy" content="'
        f"default-src &#39;self&#39;; script-src &#39;self&#39; {sha256('go()').replace(chr(39), '&#39;')}; "
        "style-src &#39;self&#39;; img-src &#39;self&#39; data: https://tile.openstreetmap.org; "
        "object-src &#39;none&#39;; base-uri &#39;self&#39;; form-action &#39;self&#39;"
        '"><meta charset="utf-8"><script>go()</script></head></html>'
    )


def test_a_page_without_head_is_refused():
    with pytest.raises(PolicyError):
        with_policy("<p>texte</p>", "default-src 'self'")


def test_the_standalone_map_allows_its_data_urls_and_its_own_script_only(tmp_path):
    output = tmp_path / "carte.html"
    assert build_map_main(["--content", str(REPO), "--region", "bretagne", "-o", str(output)]) == 0
    html = output.read_text(encoding="utf-8")
    hashes = script_hashes(html)
    assert len(hashes) == 1  # Folium's script that creates the map
    assert standalone_policy(html, TILES) == (
        f"default-src 'none'; script-src data: {hashes[0]}; style-src data:; "
        "img-src data: https://tile.openstreetmap.org; base-uri 'none'; form-action 'none'"
    )
    assert html.split("<head>", 1)[1].startswith('\n<meta http-equiv="Content-Security-Policy" content="default-src')


def test_built_pages_name_the_hash_of_each_of_their_inline_scripts(example_site):
    for path in ("index.html", "404.html", "embed/index.html", "portraits/exemple-fabrique-bocage/index.html"):
        html = (example_site / path).read_text(encoding="utf-8")
        meta = re.search(r'\n<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        page = html[:meta.start()] + html[meta.end():]  # the page as written before the policy
        policy = meta.group(1).replace("&#39;", "'")
        assert policy == site_policy(page, TILES), path
        assert script_hashes(page), path


def test_an_html_file_that_is_not_a_page_gets_a_policy_that_allows_none_of_its_own_scripts(tmp_path):
    """Map embeds are rendered from our template; any other HTML file gets a policy too, never computed from it."""
    root = make_project(tmp_path / "projet")
    (root / "docs").unlink()
    shutil.copytree(REPO / "docs", root / "docs")
    (root / "docs" / "autonome.html").write_text(
        '<!doctype html><html lang="fr"><head><title>Autonome</title><script>go()</script></head></html>',
        encoding="utf-8")
    assert build_site(root, tmp_path / "site").returncode == 0
    html = (tmp_path / "site" / "autonome.html").read_text(encoding="utf-8")
    assert html.startswith('<!doctype html><html lang="fr"><head>\n<meta http-equiv="Content-Security-Policy" '
                           'content="default-src &#39;self&#39;; script-src &#39;self&#39;; style-src ')
    embed = (tmp_path / "site" / "embed" / "index.html").read_text(encoding="utf-8")
    assert html.count("Content-Security-Policy") == 1 and embed.count("Content-Security-Policy") == 1
    policy = embed.split("Content-Security-Policy", 1)[1].split(">", 1)[0]
    assert script_hashes(embed) and all(escape(source) in policy for source in script_hashes(embed))
