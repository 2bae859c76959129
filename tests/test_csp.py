"""The Content-Security-Policy: one policy for every page, fixed before content is read, and no inline script."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import material
import pytest

from build_map import main as build_map_main
from page_audit import threats
from projects import REPO, build_site, make_project
from tierslieux.csp import PolicyError, site_policy, standalone_policy, tile_source, with_policy
from tierslieux.theme_scripts import SNIPPETS, ThemeScriptError, theme_script_files, theme_templates

TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
SITE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: "
               "https://tile.openstreetmap.org; object-src 'none'; base-uri 'self'; form-action 'self'")
MATERIAL = Path(material.__file__).parent / "templates"
_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def policies(site: Path) -> dict[str, set[str]]:
    """The policies of a built site's HTML files, each with the files that carry it."""
    found: dict[str, set[str]] = {}
    for path in sorted(site.rglob("*.html")):
        for policy in _POLICY.findall(path.read_text(encoding="utf-8")):
            found.setdefault(policy.replace("&#39;", "'"), set()).add(str(path.relative_to(site)))
    return found


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


def test_a_site_page_gets_the_policy_as_the_first_child_of_head_whatever_it_holds():
    html = '<!doctype html>\n<html lang="fr"><head><meta charset="utf-8"><script>go()</script></head></html>'
    assert site_policy(TILES) == SITE_POLICY
    assert with_policy(html, site_policy(TILES)) == (
        '<!doctype html>\n<html lang="fr"><head>\n<meta http-equiv="Content-Security-Policy" content="'
        f"{SITE_POLICY.replace(chr(39), '&#39;')}"
        '"><meta charset="utf-8"><script>go()</script></head></html>'
    )


def test_the_standalone_map_s_policy_runs_only_data_urls_and_shows_the_tiles():
    assert standalone_policy(TILES) == (
        "default-src 'none'; script-src data:; style-src data:; img-src data: https://tile.openstreetmap.org; "
        "base-uri 'none'; form-action 'none'")


def test_a_page_without_head_is_refused():
    with pytest.raises(PolicyError) as error:
        with_policy("<p>texte</p>", "default-src 'self'")
    assert str(error.value) == "page HTML sans <head> : la politique de sécurité (CSP) ne peut pas y être ajoutée."


def test_the_standalone_map_runs_only_its_data_urls_and_holds_no_inline_script(tmp_path):
    output = tmp_path / "carte.html"
    assert build_map_main(["--content", str(REPO), "--region", "bretagne", "-o", str(output)]) == 0
    html = output.read_text(encoding="utf-8")
    assert standalone_policy(TILES) == (
        "default-src 'none'; script-src data:; style-src data:; "
        "img-src data: https://tile.openstreetmap.org; base-uri 'none'; form-action 'none'"
    )
    assert html.split("<head>", 1)[1].startswith(
        '\n<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src data:; ')
    assert threats(html) == []


def test_the_policies_of_a_hostile_build_are_those_of_a_clean_build(example_site, hostile_site):
    """Built from the examples, then from the examples plus every hostile portrait and region text: one policy, the
    same, on every HTML file, and no inline script a browser would run in any of them."""
    _, hostile = hostile_site
    clean, attacked = policies(example_site), policies(hostile)
    assert list(clean) == list(attacked) == [SITE_POLICY]
    assert clean[SITE_POLICY] == {str(path.relative_to(example_site)) for path in example_site.rglob("*.html")}
    assert attacked[SITE_POLICY] == {str(path.relative_to(hostile)) for path in hostile.rglob("*.html")}
    for site in (example_site, hostile):
        for path in sorted(site.rglob("*.html")):
            assert threats(path.read_text(encoding="utf-8")) == [], path


def test_an_html_file_that_is_not_a_page_gets_the_same_policy(tmp_path):
    root = make_project(tmp_path / "projet")
    (root / "docs").unlink()
    shutil.copytree(REPO / "docs", root / "docs")
    (root / "docs" / "autonome.html").write_text(
        '<!doctype html><html lang="fr"><head><title>Autonome</title><script>go()</script></head></html>',
        encoding="utf-8")
    assert build_site(root, tmp_path / "site").returncode == 0
    html = (tmp_path / "site" / "autonome.html").read_text(encoding="utf-8")
    assert html.startswith('<!doctype html><html lang="fr"><head>\n<meta http-equiv="Content-Security-Policy" '
                           f'content="{SITE_POLICY.replace(chr(39), "&#39;")}">')
    embed = (tmp_path / "site" / "embed" / "index.html").read_text(encoding="utf-8")
    assert html.count("Content-Security-Policy") == 1 and embed.count("Content-Security-Policy") == 1
    assert (tmp_path / "site" / "embed" / "carte.js").read_text(encoding="utf-8").count("tiersLieux.showPlaces(") == 1


def test_material_s_inline_scripts_become_files_made_from_its_own_templates():
    files = theme_script_files(MATERIAL, site_url="https://exemple.org/tiers-lieux/", extra={}, features=[])
    assert list(files) == [f"javascripts/theme/{name}.js" for name in SNIPPETS]
    assert files["javascripts/theme/base.js"].startswith('__md_scope=new URL("/tiers-lieux/",location),__md_hash=')
    assert files["javascripts/theme/palette.js"].startswith('var palette=__md_get("__palette");')
    assert "<" not in "".join(code.replace("(e<<5)", "") for code in files.values())  # no tag left in any
    scoped = theme_script_files(MATERIAL, site_url=None, extra={"scope": "/"}, features=["content.tabs.link"])
    assert scoped["javascripts/theme/base.js"].startswith('__md_scope=new URL("/",location),')
    assert scoped["javascripts/theme/content.js"].startswith('var tabs=__md_get("__tabs");')


def test_the_theme_s_templates_are_found_apart_from_the_overrides_or_the_build_stops(tmp_path):
    assert theme_templates([str(REPO / "overrides"), str(MATERIAL)], str(REPO / "overrides")) == MATERIAL
    with pytest.raises(ThemeScriptError) as error:
        theme_templates([str(REPO / "overrides"), str(tmp_path)], str(REPO / "overrides"))
    assert str(error.value) == ("les gabarits de Material (partials/javascripts/*.html) sont introuvables : "
                                "réinstallez mkdocs-material à la version de constraints.txt.")
    (tmp_path / "partials" / "javascripts").mkdir(parents=True)
    for name in SNIPPETS:
        (tmp_path / "partials" / "javascripts" / f"{name}.html").write_text("<p>x</p>", encoding="utf-8")
    with pytest.raises(ThemeScriptError) as error:
        theme_script_files(tmp_path, site_url=None, extra={}, features=[])
    assert str(error.value) == ("partials/javascripts/base.html de Material ne contient plus seulement des scripts en "
                                "ligne : mettez à jour tierslieux/theme_scripts.py pour cette version.")
