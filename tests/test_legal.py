"""The legal pages and the footer: what mkdocs.yml says, nothing more, on every page type."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from projects import PUBLISHED_SITE_URL, REPO, build_site, make_project
from tierslieux.legal import Legal, LegalSetupError, legal_from_config, missing_fields

FILLED = {
    "editeur": {"nom": "France Tiers-Lieux", "adresse": "1 rue de l'Exemple, 75000 Paris",
                "directeur_publication": "Camille Exemple", "contact": "contact@exemple.fr",
                "hebergeur": "GitHub Inc., 88 Colin P. Kelly Jr. Street, San Francisco"},
    "accessibilite": {"statut": "partiellement conforme", "date": "2 décembre 2026",
                      "audit": "L'audit réalisé par Exemple Audit en novembre 2026 révèle que 72 % des critères sont respectés."},
}
EVERY_MISSING_FIELD = [
    ("extra.editeur.nom", "le nom de l'éditeur du site"),
    ("extra.editeur.adresse", "l'adresse postale de l'éditeur"),
    ("extra.editeur.directeur_publication", "le nom du directeur ou de la directrice de la publication"),
    ("extra.editeur.contact", "un courriel ou l'adresse d'un formulaire de contact"),
    ("extra.editeur.hebergeur", "le nom, l'adresse et le téléphone de l'hébergeur"),
    ("extra.accessibilite.date", "la date de la déclaration d'accessibilité"),
]
# What a build of the repository's mkdocs.yml says about it, after the regions' notices.
SETTINGS_NOTICES = [
    "Remarque : mkdocs.yml:3: site_url: adresse d'exemple (trouvé : « https://tiers-lieux-formation.example.org/ » ; "
    "attendu : l'adresse où le site est publié). Le code pour intégrer les cartes, la couverture des livrets et la "
    "déclaration d'accessibilité la taisent aux visiteurs ; remplacez-la par l'adresse du site.",
    "Remarque : mkdocs.yml:5: repo_url: adresse d'exemple (trouvé : « https://github.com/EXEMPLE/tiers-lieux-formation"
    " » ; attendu : l'adresse du dépôt du site sur GitHub). Les liens « Modifier cette fiche » sont masqués ; "
    "remplacez EXEMPLE par le propriétaire du dépôt.",
    *(f"Remarque : mkdocs.yml:{line}: {key}: vide (trouvé : rien ; attendu : {what}). Les pages légales disent aux "
      "visiteurs que ce renseignement manque ; complétez-le."
      for line, (key, what) in zip((65, 66, 67, 68, 69, 72), EVERY_MISSING_FIELD, strict=True)),
]
LEGAL_PAGES = ("accessibilite", "mentions-legales", "donnees-personnelles")
# The footer's links, in order, and the folder of the page each one opens.
FOOTER_LINKS = {"Accessibilité : non conforme": "accessibilite", "Mentions légales": "mentions-legales",
                "Données personnelles": "donnees-personnelles"}
# Every kind of page that has Material's footer (the embeds have none), with its path in the built site.
FOOTED_PAGES = ("index.html", "regions/index.html", "regions/bretagne/index.html",
                "regions/bretagne/formations/index.html", "regions/bretagne/livret/index.html",
                "portraits/exemple-fabrique-du-bocage/index.html", "carte/index.html", "formations/index.html",
                "donnees-ouvertes/index.html", "contribuer/champs/index.html", "chiffres/index.html",
                "a-propos/index.html", "404.html", *(f"{name}/index.html" for name in LEGAL_PAGES))


def test_nothing_set_means_non_conforme_and_every_field_to_complete():
    legal = legal_from_config({"editeur": {"nom": None, "contact": "  "}, "accessibilite": {"statut": None}})
    assert legal == Legal({}, "non conforme")
    assert missing_fields(legal) == EVERY_MISSING_FIELD
    assert legal_from_config({}) == legal


def test_a_filled_config_leaves_nothing_to_complete():
    legal = legal_from_config(FILLED)
    assert legal.status == "partiellement conforme"
    assert legal.contact_href == "mailto:contact@exemple.fr"
    assert missing_fields(legal) == []
    assert legal_from_config({"editeur": {"contact": "https://exemple.fr/contact"}}).contact_href == (
        "https://exemple.fr/contact")


@pytest.mark.parametrize(("extra", "message"), [
    ({"accessibilite": {"statut": "conforme"}},
     "mkdocs.yml : extra.accessibilite.statut invalide (trouvé : « conforme » ; attendu : « non conforme », "
     "« partiellement conforme », « totalement conforme »). Corrigez-le, ou retirez-le : sans audit, le statut est "
     "« non conforme »."),
    ({"accessibilite": {"statut": "totalement conforme"}},
     "mkdocs.yml : extra.accessibilite.statut vaut « totalement conforme » sans audit (trouvé : aucun "
     "extra.accessibilite.audit ; attendu : le résultat de l'audit qui établit ce statut). Ajoutez-le, ou retirez le "
     "statut : sans audit, il est « non conforme »."),
    ({"editeur": {"contact": "javascript:alert(1)"}},
     "mkdocs.yml : extra.editeur.contact invalide (trouvé : « javascript:alert(1) » ; attendu : un courriel ou une "
     "adresse https://). Écrivez par exemple contact@exemple.fr."),
    ({"editeur": {"directeur": "Camille"}},
     "mkdocs.yml : extra.editeur.directeur : champ inconnu (attendu : l'un de nom, adresse, directeur_publication, "
     "contact, hebergeur). Corrigez son nom ou retirez-le."),
    ({"editeur": "France Tiers-Lieux"},
     "mkdocs.yml : extra.editeur invalide (trouvé : 'France Tiers-Lieux' ; attendu : les champs nom, adresse, "
     "directeur_publication, contact, hebergeur). Corrigez-le."),
    ({"editeur": {"adresse": ["1 rue", "Paris"]}},
     "mkdocs.yml : extra.editeur.adresse invalide (trouvé : ['1 rue', 'Paris'] ; attendu : du texte). Corrigez-le."),
])
def test_a_wrong_config_is_refused_with_its_fix(extra, message):
    with pytest.raises(LegalSetupError) as error:
        legal_from_config(extra)
    assert str(error.value) == message


def _footer(page: str) -> str:
    return re.search(r'<div class="md-copyright">(.*?)</footer>', page, re.S)[1]


def _text(page: str) -> str:
    """The page's markup with entities decoded and white space collapsed, as a reader meets its sentences."""
    return re.sub(r"\s+", " ", html.unescape(page))


def _target(site: Path, page: Path, href: str) -> Path:
    """The file a footer link of ``page`` opens: relative to the page, or from the site's root on 404.html."""
    folder = site if href.startswith("/") else page.parent
    return folder.joinpath(href.lstrip("/"), "index.html").resolve()


def test_every_page_type_but_the_embeds_has_the_french_footer_with_the_three_pages(example_site):
    for path in FOOTED_PAGES:
        footer = _footer((example_site / path).read_text(encoding="utf-8"))
        links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', footer)
        assert [text for _, text in links] == list(FOOTER_LINKS), path
        assert "Made with" not in footer and "Propulsé par MkDocs et Material for MkDocs." in footer, path
    assert "md-copyright" not in (example_site / "embed" / "index.html").read_text(encoding="utf-8")


def test_each_footer_link_of_every_page_opens_the_page_it_names(example_site):
    """Even on the legal pages themselves, whose footer is rendered once for every page of their depth."""
    footed = 0
    for page in sorted(example_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if 'class="md-copyright"' not in text:
            continue
        footed += 1
        links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', _footer(text))
        assert {name: _target(example_site, page, href) for href, name in links} == {
            name: (example_site / folder / "index.html").resolve() for name, folder in FOOTER_LINKS.items()
        }, page
    assert footed > 80


def test_unset_fields_are_build_notices_and_the_pages_say_they_are_missing(tmp_path):
    project = make_project(tmp_path / "projet", with_examples=True)
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    notices = [line.split("-  ", 1)[1] for line in result.stderr.splitlines() if "Remarque : mkdocs.yml" in line]
    assert notices == SETTINGS_NOTICES
    for name in LEGAL_PAGES:
        page = (tmp_path / "site" / name / "index.html").read_text(encoding="utf-8")
        assert "compléter" not in page.casefold()
        assert "None" not in re.sub(r"<script.*?</script>", "", page, flags=re.S)
        assert "EXEMPLE" not in page and "Modifier cette fiche" not in page  # the example repository leads nowhere
        assert "example.org" not in page.split("<body", 1)[1], name  # nor does the example address
        assert not re.search(r"<ul>\s*</ul>", page), name
    notice = _text(_article(tmp_path / "site", "mentions-legales"))
    for line in ("<li>Nom : pas encore indiqué</li>", "<li>Adresse : pas encore indiquée</li>",
                 "<li>Contact : pas encore indiqué ; pour faire corriger ou retirer un portrait, voyez la page "
                 '<a href="../donnees-personnelles/#correction-et-retrait">Données personnelles</a></li>',
                 '<h2 id="publication">Directeur ou directrice de la publication</h2> <p>Pas encore indiqué.</p>',
                 "<p>L'hébergeur du site n'est pas encore indiqué.</p>"):
        assert line in notice
    data = _text(_article(tmp_path / "site", "donnees-personnelles"))
    assert ("peut en demander la correction ou le retrait. L'éditeur du site n'a pas encore publié l'adresse où "
            "envoyer ces demandes : elle sera indiquée ici.") in data
    statement = _text(_article(tmp_path / "site", "accessibilite"))
    assert ("Le site est <strong>non conforme</strong> avec le référentiel général d'amélioration de l'accessibilité "
            "(RGAA), version 4.1.2 : aucun audit de conformité n'a encore été réalisé.") in statement
    assert ("Cette déclaration d'accessibilité s'applique au site que vous consultez ; son adresse définitive n'est "
            "pas encore indiquée.") in statement
    assert "<p>La date de cette déclaration n'est pas encore indiquée.</p>" in statement
    assert "<p>L'éditeur du site n'a pas encore publié le moyen de le contacter : il sera indiqué ici.</p>" in statement
    assert "Défenseur des droits" in statement and "Libre réponse 71120" in statement
    assert "ces tests ne remplacent pas un audit" in statement
    assert "par le vérificateur Nu du W3C (critère 8.2) : aucune erreur du site" in statement  # tests/test_markup.py


def _article(site: Path, name: str) -> str:
    """The content of a legal page, without the header, menu and footer that every page has."""
    return re.search(r"<article[^>]*>(.*?)</article>", (site / name / "index.html").read_text(encoding="utf-8"),
                     re.S)[1]


def test_a_real_repository_without_contact_gives_the_correction_form(published_site):
    data = _text(_article(published_site, "donnees-personnelles"))
    assert ('<li> avec le formulaire <a href="https://github.com/reseau-exemple/tiers-lieux-formation/issues/new?'
            'template=proposer-une-correction.yml">« Proposer une correction »</a>, qui demande un compte GitHub '
            "(gratuit) : la demande y est publique, décrivez ce qu'il faut retirer sans le recopier ; </li>") in data
    assert "<li>avec le bouton « Modifier cette fiche » en haut du portrait, qui propose directement la correction.</li>" in data
    assert "écrivant à" not in data
    statement = _text(_article(published_site, "accessibilite"))
    assert ("s'applique au site <a href=\"https://tiers-lieux-formation.test/\">https://tiers-lieux-formation.test/</a>."
            in statement)


def test_the_booklet_cover_gives_the_region_s_address_once_the_site_has_its_own(published_site, example_site):
    cover = '<p class="tl-booklet__address">À jour sur <span class="tl-booklet__url">{}regions/bretagne/</span></p>'
    published = (published_site / "regions" / "bretagne" / "livret" / "index.html").read_text(encoding="utf-8")
    example = (example_site / "regions" / "bretagne" / "livret" / "index.html").read_text(encoding="utf-8")
    assert cover.format(PUBLISHED_SITE_URL) in published
    assert "tl-booklet__address" not in example


def test_filled_fields_are_on_the_pages_escaped(tmp_path):
    project = make_project(tmp_path / "projet", with_examples=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    filled = {**FILLED, "editeur": {**FILLED["editeur"], "nom": "<b>France</b> Tiers-Lieux"}}
    block = "".join(f"  {section}:\n" + "".join(f"    {key}: {value!r}\n" for key, value in values.items())
                    for section, values in filled.items())
    config = re.sub(r"(?ms)^  editeur:\n.*?(?=^  map:)", block, config)
    config = config.replace("github.com/EXEMPLE/", "github.com/reseau-exemple/")
    (project / "mkdocs.yml").unlink()
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "À compléter" not in result.stderr
    site = tmp_path / "site"
    notice = (site / "mentions-legales" / "index.html").read_text(encoding="utf-8")
    assert "<li>Nom : &lt;b&gt;France&lt;/b&gt; Tiers-Lieux</li>\n  <li>Adresse : 1 rue de l&#39;Exemple, 75000 Paris</li>" in notice
    assert '<a href="mailto:contact@exemple.fr">contact@exemple.fr</a>' in notice
    assert "Camille Exemple" in notice and "GitHub Inc., 88 Colin P. Kelly Jr. Street" in notice
    statement = _text((site / "accessibilite" / "index.html").read_text(encoding="utf-8"))
    assert "Le site est <strong>partiellement conforme</strong>" in statement
    assert '<a href="https://github.com/reseau-exemple/tiers-lieux-formation/issues">dépôt du site</a>' in statement
    assert "72 % des critères sont respectés" in statement and "Cette déclaration a été établie le 2 décembre 2026." in statement
    data = _text(_article(site, "donnees-personnelles"))
    assert ('<li>en écrivant à <a href="mailto:contact@exemple.fr">contact@exemple.fr</a>, sans avoir à créer de '
            "compte ;</li>") in data
    assert data.index("contact@exemple.fr") < data.index("« Proposer une correction »")
    assert "Accessibilité : partiellement conforme" in _footer((site / "index.html").read_text(encoding="utf-8"))


def _visible_text(page: str) -> str:
    """What a visitor reads of a page: its body, without scripts, tags or attributes."""
    body = re.sub(r"<script.*?</script>", " ", page.split("<body", 1)[-1], flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_no_page_shows_the_example_address_to_visitors(example_site):
    """While site_url is mkdocs.yml's example, every page keeps it from visitors (tierslieux.notices.public_site_url),
    the booklets' covers included."""
    shown = [page.relative_to(example_site).as_posix() for page in sorted(example_site.rglob("*.html"))
             if "example.org" in _visible_text(page.read_text(encoding="utf-8"))]
    assert shown == []
