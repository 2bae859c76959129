"""Notices: unfinished but valid content, told to contributors and never shown to visitors."""

from __future__ import annotations

from dataclasses import replace

from projects import REPO
from tierslieux.content import load_content
from tierslieux.legal import legal_from_config, missing_fields
from tierslieux.notices import (
    content_notices,
    format_notices,
    has_text,
    is_placeholder_site,
    public_site_url,
    repository_notice,
    setting_lines,
    settings_notices,
)
from tierslieux.problems import Problem


def test_only_regions_without_text_get_a_notice():
    content = load_content(REPO)
    written = {slug: replace(region, body="\nLa Bretagne forme.\n") for slug, region in content.regions.items()}
    written["corse"] = replace(written["corse"], body="  \n\n")
    notices = content_notices(replace(content, regions=written))
    assert [(notice.path, notice.field) for notice in notices] == [("regions/corse.md", "présentation")]
    assert not has_text(" \n") and has_text("Un mot.")


def test_the_example_repository_is_a_notice_naming_the_line_and_the_fix():
    notice = repository_notice("https://github.com/EXEMPLE/tiers-lieux-formation", 5)
    assert format_notices([notice]) == (
        "Remarque : mkdocs.yml:5: repo_url: adresse d'exemple (trouvé : « https://github.com/EXEMPLE/tiers-lieux-formation"
        " » ; attendu : l'adresse du dépôt du site sur GitHub). Les liens « Modifier cette fiche » sont masqués ; "
        "remplacez EXEMPLE par le propriétaire du dépôt."
    )
    assert repository_notice("https://github.com/region-bretagne/tiers-lieux-formation", 5) is None
    assert repository_notice(None, 5) is None
    assert isinstance(notice, Problem)


def test_a_site_address_on_a_domain_kept_for_examples_is_never_shown():
    for url in ("https://tiers-lieux-formation.example.org/", "https://example.com/", "http://a.b.example/", "", None,
                "pas une adresse"):
        assert is_placeholder_site(url) and public_site_url(url) == "", url
    for url in ("https://tiers-lieux-formation.fr/", "https://notexample.org/", "http://127.0.0.1:8000/"):
        assert not is_placeholder_site(url) and public_site_url(url) == url, url


CONFIG = """site_name: Réseau
site_url: https://reseau.example.org/
repo_url: https://github.com/reseau/site
extra:
  secret: !ENV [SECRET, "rien"]
  reseau:
    nom: Réseau
  editeur:
    nom: Atelier
    contact:
  accessibilite:
    date: 2 décembre 2026
"""


def test_each_setting_is_found_on_its_line_or_its_nearest_parents():
    line = setting_lines(CONFIG)
    assert [line(key) for key in ("site_url", "extra.editeur.nom", "extra.editeur.contact", "extra.editeur.adresse",
                                  "extra.reseau.nom", "extra.absent.nom", "absent")] == [2, 9, 10, 8, 7, 4, 1]


def test_the_settings_notices_name_their_line_and_what_visitors_are_told():
    legal = legal_from_config({"editeur": {"nom": "Atelier"}, "accessibilite": {"date": "2 décembre 2026"}})
    notices = settings_notices(CONFIG, site_url="https://reseau.example.org/", repo_url="https://github.com/reseau/site",
                               missing=missing_fields(legal))
    assert [str(notice) for notice in notices] == [
        "mkdocs.yml:2: site_url: adresse d'exemple (trouvé : « https://reseau.example.org/ » ; attendu : l'adresse où "
        "le site est publié). Le code pour intégrer les cartes, la couverture des livrets et la déclaration "
        "d'accessibilité la taisent aux visiteurs ; remplacez-la par l'adresse du site.",
        "mkdocs.yml:8: extra.editeur.adresse: vide (trouvé : rien ; attendu : l'adresse postale de l'éditeur). Les "
        "pages légales disent aux visiteurs que ce renseignement manque ; complétez-le.",
        "mkdocs.yml:8: extra.editeur.directeur_publication: vide (trouvé : rien ; attendu : le nom du directeur ou de "
        "la directrice de la publication). Les pages légales disent aux visiteurs que ce renseignement manque ; "
        "complétez-le.",
        "mkdocs.yml:10: extra.editeur.contact: vide (trouvé : rien ; attendu : un courriel ou l'adresse d'un "
        "formulaire de contact). Les pages légales disent aux visiteurs que ce renseignement manque ; complétez-le.",
        "mkdocs.yml:8: extra.editeur.hebergeur: vide (trouvé : rien ; attendu : le nom, l'adresse et le téléphone de "
        "l'hébergeur). Les pages légales disent aux visiteurs que ce renseignement manque ; complétez-le.",
    ]
