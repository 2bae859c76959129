"""The page « Contribuer »: the repository's forms, edit button and guide once mkdocs.yml names the real repository,
and none of them while it names the example one (tierslieux.contributing)."""

from __future__ import annotations

import html
import re

from tierslieux.contributing import RepositoryLinks, repository_links


def _article(site, path: str) -> str:
    page = (site / path).read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", html.unescape(re.search(r"<article[^>]*>(.*?)</article>", page, re.S)[1]))


def test_the_links_are_those_of_the_repository():
    assert repository_links("https://github.com/reseau/site/") == RepositoryLinks(
        "https://github.com/reseau/site",
        "https://github.com/reseau/site/issues/new?template=proposer-un-lieu.yml",
        "https://github.com/reseau/site/issues/new?template=proposer-une-correction.yml",
        "https://github.com/reseau/site/blob/main/CONTRIBUTING.md",
    )
    assert repository_links(None) is None


def test_with_the_example_repository_the_page_promises_no_form_and_no_button(example_site):
    page = _article(example_site, "contribuer/index.html")
    assert "EXEMPLE" not in page and "github.com" not in page
    assert ("<p> Les fiches s'écrivent dans le dépôt public du site, dont l'adresse n'est pas encore indiquée : les "
            "formulaires « Proposer un lieu » et « Proposer une correction », et le bouton « Modifier cette fiche » des "
            "portraits, apparaîtront dès qu'elle le sera. </p>") in page
    portrait = (example_site / "portraits" / "exemple-fabrique-du-bocage" / "index.html").read_text(encoding="utf-8")
    assert "Modifier cette fiche" not in portrait


def test_with_a_real_repository_the_page_describes_the_button_the_portraits_show(published_site):
    page = _article(published_site, "contribuer/index.html")
    base = "https://github.com/reseau-exemple/tiers-lieux-formation"
    assert f'<a href="{base}/issues/new?template=proposer-un-lieu.yml">dépôt du site</a>' in page
    assert (f'<strong>Le formulaire <a href="{base}/issues/new?template=proposer-une-correction.yml">« Proposer une '
            "correction »</a></strong>, pour faire corriger ou retirer une fiche sans la modifier vous-même.") in page
    assert "<strong>Le bouton « Modifier cette fiche »</strong>, en haut de chaque page de lieu ou de région" in page
    assert f'Le <a href="{base}/blob/main/CONTRIBUTING.md">guide pas à pas</a> détaille chacune.' in page
    for path in ("portraits/exemple-fabrique-du-bocage/index.html", "regions/bretagne/index.html"):
        shown = (published_site / path).read_text(encoding="utf-8")
        assert 'title="Modifier cette fiche"' in shown, path
