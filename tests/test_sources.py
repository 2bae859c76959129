"""The source file of each page: its git date (one ``git log``), its fallbacks, and its edit link."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from browser import chromium, requested_urls, require_chromium, serve
from projects import REPO, TILE_HOST, build_site, commit, git, make_project, set_setting
from tierslieux.sources import docs_source, edit_uri, is_fiche, last_commit_dates

DATED = """---
name: Atelier daté
region: bretagne
commune: Rennes
postal_code: "35000"
latitude: 48.1113
longitude: -1.68
summary: Un atelier dont la fiche porte sa propre date.
updated: "2024-09-10"
---
Corps du portrait.
"""


@pytest.fixture
def repo(tmp_path) -> Path:
    repo = tmp_path / "depot"
    repo.mkdir()
    git(repo, "init", "--quiet", "--initial-branch=main")
    commit(repo, {"a.md": "1", "b.md": "1", "docs/é t.md": "1"}, "2024-01-02")
    commit(repo, {"a.md": "2", "docs/é t.md": "2"}, "2025-05-06")
    commit(repo, {"b.md": "3"}, "2025-07-08")
    return repo


def test_each_file_gets_the_date_of_the_last_commit_that_changed_it(repo):
    assert last_commit_dates(repo) == {
        "a.md": date(2025, 5, 6), "b.md": date(2025, 7, 8), "docs/é t.md": date(2025, 5, 6),
    }


def test_paths_are_relative_to_the_folder_asked_for(repo):
    assert last_commit_dates(repo / "docs") == {"é t.md": date(2025, 5, 6)}


def test_a_shallow_clone_keeps_only_the_dates_it_can_trust(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--depth", "2", f"file://{repo}", str(clone)], check=True)
    # The oldest fetched commit (2025-05-06) lists every file as new: only b.md changed after it.
    assert last_commit_dates(clone) == {"b.md": date(2025, 7, 8)}


def test_no_history_gives_no_dates(tmp_path, monkeypatch):
    assert last_commit_dates(tmp_path) == {}  # not a repository: a tarball
    monkeypatch.setenv("PATH", str(tmp_path))  # no git at all
    assert last_commit_dates(REPO) == {}


def test_a_page_of_docs_and_a_content_file_have_their_repository_paths():
    assert docs_source("contribuer.md", REPO / "docs", REPO) == "docs/contribuer.md"
    assert edit_uri("portraits/x.md", REPO / "docs", REPO) == "../portraits/x.md"
    assert is_fiche("portraits/x.md") and is_fiche("regions/bretagne.md")
    assert not is_fiche("docs/index.md") and not is_fiche("schema/portrait.schema.json")


# Built sites --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dated_project(tmp_path_factory) -> Path:
    """A project under git: everything committed on 2025-03-04, then the Bretagne region on 2025-06-07."""
    root = make_project(tmp_path_factory.mktemp("dates") / "projet")
    (root / "docs").unlink()  # a real folder, so that git sees the pages written by hand
    shutil.copytree(REPO / "docs", root / "docs")
    git(root, "init", "--quiet", "--initial-branch=main")
    commit(root, {"portraits/atelier-date.md": DATED}, "2025-03-04")
    bretagne = (root / "regions" / "bretagne.md").read_text(encoding="utf-8")
    commit(root, {"regions/bretagne.md": bretagne + "\nUne phrase de plus.\n"}, "2025-06-07")
    return root


def _updated_line(html: str) -> str | None:
    match = re.search(r'<p class="tl-updated">(Fiche mise à jour le .*?</time>\.)', html)
    return match[1] if match else None


def test_pages_show_the_date_of_their_last_commit(dated_project, tmp_path):
    site = tmp_path / "site"
    assert build_site(dated_project, site).returncode == 0
    portrait = (site / "portraits" / "atelier-date" / "index.html").read_text(encoding="utf-8")
    region = (site / "regions" / "bretagne" / "index.html").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    # Git wins over the front matter's 2024-09-10.
    assert _updated_line(portrait) == 'Fiche mise à jour le <time datetime="2025-03-04">4 mars 2025</time>.'
    assert _updated_line(region) == 'Fiche mise à jour le <time datetime="2025-06-07">7 juin 2025</time>.'
    assert 'Mise à jour le <time datetime="2025-03-04">4 mars 2025</time>' in home  # Material's source-file partial
    assert "md-source-file" not in portrait  # a fiche shows its date once, in its own words
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert re.search(r"regions/bretagne/</loc>\s*<lastmod>2025-06-07</lastmod>", sitemap)


def test_without_history_pages_fall_back_to_the_front_matter_date_or_none(dated_project, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{dated_project}", str(clone)], check=True)
    site = tmp_path / "site"
    result = build_site(clone, site)
    assert result.returncode == 0, result.stderr
    portrait = (site / "portraits" / "atelier-date" / "index.html").read_text(encoding="utf-8")
    region = (site / "regions" / "bretagne" / "index.html").read_text(encoding="utf-8")
    assert _updated_line(portrait) == 'Fiche mise à jour le <time datetime="2024-09-10">10 septembre 2024</time>.'
    assert _updated_line(region) is None  # the only commit fetched lists every file: no date to trust
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "md-source-file" not in home


@pytest.fixture(scope="module")
def edited_site(tmp_path_factory):
    """The examples, published with a real repository address: their edit links show."""
    root = make_project(tmp_path_factory.mktemp("edited") / "projet", with_examples=True)
    set_setting(root, "repo_url", REPOSITORY)
    result = build_site(root, root.parent / "site")
    assert result.returncode == 0, result.stderr
    assert "repo_url: adresse d'exemple" not in result.stderr
    return root.parent / "site"


REPOSITORY = "https://github.com/region-bretagne/tiers-lieux-formation"


def test_edit_links_are_hidden_while_the_repository_is_the_example_one(example_site):
    for page in example_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'rel="edit"' not in html and "EXEMPLE/tiers-lieux-formation/edit/" not in html, page


def test_the_build_tells_that_the_repository_is_the_example_one(tmp_path):
    root = make_project(tmp_path / "projet")
    result = build_site(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "Remarque : mkdocs.yml:5: repo_url: adresse d'exemple (trouvé : « https://github.com/EXEMPLE/" in result.stderr
    assert "Remarque : regions/bretagne.md:1: présentation: pas encore de texte" in result.stderr


def test_portraits_and_regions_link_to_their_own_file_for_editing(edited_site):
    example_site = edited_site
    repository = f"{REPOSITORY}/edit/main/"
    portrait = (example_site / "portraits" / "exemple-fabrique-du-bocage" / "index.html").read_text(encoding="utf-8")
    region = (example_site / "regions" / "bretagne" / "index.html").read_text(encoding="utf-8")
    home = (example_site / "index.html").read_text(encoding="utf-8")
    regions_index = (example_site / "regions" / "index.html").read_text(encoding="utf-8")
    button = '<a href="{}" title="{}" class="md-content__button md-icon" rel="edit">'
    assert button.format(f"{repository}portraits/exemple-fabrique-du-bocage.md", "Modifier cette fiche") in portrait
    assert button.format(f"{repository}regions/bretagne.md", "Modifier cette fiche") in region
    assert button.format(f"{repository}docs/index.md", "Modifier cette page") in home
    assert 'rel="edit"' not in regions_index  # made from every region file: there is no one file to edit
    # Phones show no tooltip: the end of each fiche says it in words.
    footer = f'</time>. <a href="{repository}portraits/exemple-fabrique-du-bocage.md" rel="edit">Modifier cette fiche</a></p>'
    assert footer in portrait


@pytest.mark.browser
def test_the_edit_links_make_no_page_talk_to_the_repository_host(edited_site):
    """Material's repository link would ask the GitHub API for stars and forks on every page: it is left out."""
    require_chromium()
    with serve(edited_site) as base, chromium() as driver:
        for path in ("", "portraits/exemple-fabrique-du-bocage/", "regions/bretagne/"):
            driver.get(base + path)
            assert driver.find_element("css selector", "a.md-content__button[rel=edit]").get_attribute("title") == (
                "Modifier cette fiche" if path else "Modifier cette page"
            )
        requested = {url.split("/")[2] for url in requested_urls(driver) if url.startswith("http")}
        assert requested - {TILE_HOST} == {base.split("/")[2]}  # the maps' tiles, which fail offline
        assert [entry["message"] for entry in driver.get_log("browser")
                if entry["level"] == "SEVERE" and TILE_HOST not in entry["message"]] == []
