"""The network's identity in mkdocs.yml (extra.reseau), and a network of fablabs built from it alone."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from projects import FIXTURES, REPO, build_site
from tierslieux.network import Network, NetworkSetupError, Programme, hidden_fields, network_from_config

FABLABS = {"nom": "Réseau des fablabs bretons", "lieu": {"singulier": "fablab", "pluriel": "fablabs"}}
# Our own network's words, accents folded and case ignored: none may reach another network's site.
OUR_WORDS = re.compile(r"tiers[\s\-‐‑]+lieu|deffinov")  # not the code's tierslieux, tiersLieux


def test_the_network_comes_from_extra_reseau():
    extra = {"reseau": {**FABLABS, "programme": {"nom": "Fabriques de territoire", "url": "https://exemple.org/"}}}
    assert network_from_config(extra) == Network(
        "Réseau des fablabs bretons", "fablab", "fablabs",
        Programme("Fabriques de territoire", "https://exemple.org/"))
    assert network_from_config({"reseau": FABLABS}).programme is None
    assert network_from_config({"reseau": {**FABLABS, "programme": {"nom": "P"}}}).programme == Programme("P")


def test_the_reference_site_names_its_network_and_its_programme():
    network = network_from_config(yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"])
    assert (network.places, network.programme.name) == ("tiers-lieux de formation", "DEFFINOV-Tiers-Lieux")


@pytest.mark.parametrize(("extra", "message"), [
    ({}, "mkdocs.yml : extra.reseau manquant (trouvé : rien ; attendu : le nom du réseau et le genre de ses lieux, "
         "par exemple :\n  reseau:\n    nom: Fablabs de Bretagne\n    lieu:\n      singulier: fablab\n"
         "      pluriel: fablabs). Ajoutez ce bloc sous extra:."),
    ({"reseau": {"nom": "Fablabs", "lieu": "fablab"}},
     "mkdocs.yml : extra.reseau.lieu invalide (trouvé : 'fablab' ; attendu : le genre de lieu au singulier et au "
     "pluriel, sur deux lignes : singulier: fablab et pluriel: fablabs)."),
    ({"reseau": {**FABLABS, "nom": " "}},
     "mkdocs.yml : extra.reseau.nom invalide (trouvé : ' ' ; attendu : le nom du réseau, par exemple Fablabs de "
     "Bretagne)."),
    ({"reseau": {**FABLABS, "lieu": {"singulier": "fablab"}}},
     "mkdocs.yml : extra.reseau.lieu.pluriel manquant (trouvé : rien ; attendu : le genre de lieu au pluriel, par "
     "exemple fablabs)."),
    ({"reseau": {**FABLABS, "programe": {"nom": "P"}}},
     "mkdocs.yml : extra.reseau.programe : champ inconnu (trouvé : « programe » ; attendu : un des champs nom, "
     "lieu, programme, typologie). Corrigez son nom."),
    ({"reseau": {**FABLABS, "lieu": {"singulier": "fablab", "pluriel": "fablabs", "genre": "m"}}},
     "mkdocs.yml : extra.reseau.lieu.genre : champ inconnu (trouvé : « genre » ; attendu : un des champs "
     "singulier, pluriel). Corrigez son nom."),
    ({"reseau": {**FABLABS, "programme": {"name": "P"}}},
     "mkdocs.yml : extra.reseau.programme.name : champ inconnu (trouvé : « name » ; attendu : un des champs nom, "
     "url). Corrigez son nom."),
    ({"reseau": {**FABLABS, "programme": "DEFFINOV"}},
     "mkdocs.yml : extra.reseau.programme invalide (trouvé : 'DEFFINOV' ; attendu : nom, et url si le programme a "
     "une page, un par ligne). Retirez ce bloc si aucun programme ne finance vos lieux."),
    ({"reseau": {**FABLABS, "programme": {"nom": "P", "url": "javascript:alert(1)"}}},
     "mkdocs.yml : extra.reseau.programme.url invalide (trouvé : 'javascript:alert(1)' ; attendu : l'adresse de "
     "la page du programme, qui commence par https://)."),
])
def test_a_wrong_network_is_explained(extra, message):
    with pytest.raises(NetworkSetupError) as error:
        network_from_config(extra)
    assert str(error.value) == message


def test_without_a_programme_its_fields_are_hidden():
    assert hidden_fields("portrait", Network("N", "lieu", "lieux")) == {"deffinov"}
    assert hidden_fields("region", Network("N", "lieu", "lieux")) == {"laureate"}
    assert hidden_fields("portrait", Network("N", "lieu", "lieux", Programme("P"))) == set()


def make_network_project(root: Path, reseau: dict = FABLABS) -> Path:
    """Another network made from this repository by configuration and content alone: fablabs in one region, with
    no programme unless ``reseau`` has one; the site's code and templates are the repository's own."""
    source = FIXTURES / "reseau"
    root.mkdir(parents=True)
    for name in ("overrides", "hooks", "licences"):
        (root / name).symlink_to(REPO / name)
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("*.md"))
    for folder in ("docs", "regions", "portraits"):
        shutil.copytree(source / folder, root / folder, dirs_exist_ok=True)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update({
        "site_name": "Fablabs de Bretagne", "site_description": "Les fablabs de Bretagne et leurs formations.",
        "site_url": "https://fablabs.example.org/", "repo_url": "https://github.com/EXEMPLE/fablabs",
        "copyright": "Association des fablabs de Bretagne",
    })
    config["extra"]["reseau"] = reseau
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def network_site(tmp_path_factory) -> Path:
    project = make_network_project(tmp_path_factory.mktemp("fablabs") / "projet")
    site = project.parent / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr
    return site


def test_without_extra_reseau_the_build_stops_and_says_what_to_write(tmp_path):
    project = make_network_project(tmp_path / "projet")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    del config["extra"]["reseau"]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "mkdocs.yml : extra.reseau manquant (trouvé : rien ; attendu : le nom du réseau" in result.stderr


def _folded(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def _our_words(site: Path) -> dict[str, list[str]]:
    """Each file of the site that holds one of our network's words, with the words; third-party files aside."""
    found = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if path.is_dir() or relative.startswith("assets/") or path.suffix in (".gz", ".png", ".jpg", ".webp"):
            continue
        words = OUR_WORDS.findall(_folded(path.read_text(encoding="utf-8")))
        if words:
            found[relative] = sorted(set(words))
    return found


def test_another_network_builds_strictly_without_a_word_of_ours(network_site):
    pages = {path.relative_to(network_site).as_posix() for path in network_site.rglob("*.html")}
    assert {"index.html", "portraits/fablab-du-port/index.html", "regions/bretagne/livret/index.html",
            "carte/index.html", "embed/bretagne/index.html", "formations/index.html", "404.html",
            "portraits/fablab-de-brest/index.html", "regions/bretagne/formations/index.html", "chiffres/index.html",
            "donnees-ouvertes/index.html", "contribuer/champs/index.html"} <= pages
    for name in ("search/documents/0.json", "data/lieux.csv", "data/lieux.json", "flux.xml", "schema/portrait.json"):
        assert (network_site / name).is_file(), name
    assert _our_words(network_site) == {}


def test_another_network_speaks_of_its_own_places(network_site):
    regions = (network_site / "regions" / "index.html").read_text(encoding="utf-8")
    assert "Les fablabs de ce site, région par région." in regions
    carte = (network_site / "carte" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="contenu">Carte des fablabs</h1>' in carte
    booklet = (network_site / "regions" / "bretagne" / "livret" / "index.html").read_text(encoding="utf-8")
    assert '<p class="tl-booklet__kicker">Réseau des fablabs bretons</p>' in booklet
    assert '<h2 id="sommaire">2 fablabs</h2>' in booklet
    feed = (network_site / "flux.xml").read_text(encoding="utf-8")
    assert "<title>Fablabs de Bretagne : lieux ajoutés ou mis à jour</title>" in feed
    assert "<author>\n    <name>Réseau des fablabs bretons</name>" in feed
    embed = (network_site / "embed" / "index.html").read_text(encoding="utf-8")
    assert "<title>Carte des fablabs</title>" in embed and "data-zone" not in embed  # one region: no « Métropole »
    fields = (network_site / "contribuer" / "champs" / "index.html").read_text(encoding="utf-8")
    assert "Bretagne" in fields and "Normandie" not in fields  # the regions kept, not the schema's eighteen


def test_without_a_programme_no_generated_page_names_one(network_site):
    portrait = (network_site / "portraits" / "fablab-du-port" / "index.html").read_text(encoding="utf-8")
    assert "Plateau technique partagé" not in portrait
    assert "role_programme" not in (network_site / "data" / "lieux.csv").read_text(encoding="utf-8")
    assert "deffinov" not in (network_site / "schema" / "portrait.json").read_text(encoding="utf-8")
    written = {"index.html", "contribuer/index.html", "a-propos/index.html"}  # docs/: the network's own words
    generated = [path for path in network_site.rglob("*.html") if "assets" not in path.parts
                 and path.relative_to(network_site).as_posix() not in written]
    assert len(generated) > 10
    assert [path for path in generated if re.search(r"\bprogramme\b", _folded(path.read_text(encoding="utf-8")))] == []


def test_with_a_programme_its_fields_are_shown_under_its_name(tmp_path):
    programme = {"nom": "Fabriques de territoire", "url": "https://exemple.org/fabriques"}
    project = make_network_project(tmp_path / "projet", {**FABLABS, "programme": programme})
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    portrait = (tmp_path / "site" / "portraits" / "fablab-du-port" / "index.html").read_text(encoding="utf-8")
    assert ('<dt>Dans <a href="https://exemple.org/fabriques">Fabriques de territoire</a></dt>\n'
            "  <dd>Plateau technique partagé par les fablabs du programme.</dd>") in portrait
    assert "role_programme" in (tmp_path / "site" / "data" / "lieux.csv").read_text(encoding="utf-8")
    assert '"deffinov"' in (tmp_path / "site" / "schema" / "portrait.json").read_text(encoding="utf-8")



def test_the_typology_of_the_national_standard_is_one_code_or_a_list():
    assert network_from_config({"reseau": {**FABLABS, "typologie": "TIERS_LIEUX"}}).typologies == ("TIERS_LIEUX",)
    assert network_from_config({"reseau": {**FABLABS, "typologie": ["TIERS_LIEUX", "ASSO"]}}).typologies == (
        "TIERS_LIEUX", "ASSO")
    assert network_from_config({"reseau": FABLABS}).typologies == ()
    with pytest.raises(NetworkSetupError) as error:
        network_from_config({"reseau": {**FABLABS, "typologie": "tiers-lieux"}})
    assert str(error.value) == (
        "mkdocs.yml : extra.reseau.typologie invalide (trouvé : 'tiers-lieux' ; attendu : un code ou une liste de "
        "codes de la typologie des lieux de médiation numérique, en majuscules, par exemple TIERS_LIEUX). "
        "Corrigez-la, ou retirez-la."
    )
