"""The national identifiers of a portrait: SIRET keys, INSEE codes against postcodes, OpenStreetMap hours, and the
schema's formats of siret, rna, code_insee, rncp and rs, each refused with its exact French message."""

from __future__ import annotations

from projects import FIXTURES, make_project
from tierslieux.check import main
from tierslieux.frontmatter import read_document
from tierslieux.registries import registry_problems
from tierslieux.schema import schema_problems

BASE = 'name: A\nregion: normandie\ncommune: Saint-Lô\npostal_code: "50000"\nlatitude: 49.1\nlongitude: -1.1\nsummary: S\n'


def _problems(front_matter: str) -> list[str]:
    """The schema's and the registries' problems of a valid portrait completed by ``front_matter`` (from line 9)."""
    document, problems = read_document("portraits/x.md", f"---\n{BASE}{front_matter}---\n")
    assert problems == []
    return [str(problem) for problem in schema_problems("portrait", document) + registry_problems(document)]


def test_valid_identifiers_pass():
    assert _problems('siret: "43493312300029"\nrna: W123456789\ncode_insee: "50502"\n'
                     'horaires_osm: "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off"\n'
                     "trainings:\n  - title: T\n    rncp: RNCP37674\n    rs: RS6776\n") == []


def test_a_siret_with_a_wrong_key_is_refused():
    assert _problems('siret: "43493312300028"\n') == [
        'portraits/x.md:9: siret: SIRET invalide (trouvé : "43493312300028", dont la clé de contrôle est fausse ; '
        "attendu : les 14 chiffres du SIRET de l'établissement). Recopiez-le depuis "
        "https://annuaire-entreprises.data.gouv.fr/ : un chiffre est faux ou deux sont inversés."
    ]


def test_a_siret_with_spaces_is_refused_by_its_format():
    assert _problems('siret: "434 933 123 00029"\n') == [
        'portraits/x.md:9: siret: format incorrect (trouvé : "434 933 123 00029" ; attendu : le numéro SIRET de '
        "l'établissement qui accueille le lieu : 14 chiffres, sans espace, entre guillemets "
        "(annuaire-entreprises.data.gouv.fr le donne). Les annuaires nationaux reconnaissent le lieu par lui). "
        "Corrigez la valeur."
    ]


def test_an_rna_number_is_w_and_nine_digits():
    assert _problems("rna: W12345678\n") == [
        'portraits/x.md:9: rna: format incorrect (trouvé : "W12345678" ; attendu : pour une association sans SIRET, '
        "son numéro au répertoire national des associations, comme sur son récépissé : W suivi de 9 chiffres (ou "
        "lettres : W2A… et W2B… en Corse)). Corrigez la valeur."
    ]


def test_an_insee_code_of_another_postcode_is_refused():
    assert _problems('code_insee: "35238"\n') == [
        'portraits/x.md:9: code_insee: code INSEE d\'une autre commune (trouvé : "35238", le code de Rennes, qui n\'a '
        'pas le code postal 50000 ; attendu : le code de Saint-Lô, "50502"). Corrigez le code INSEE ou le code postal.'
    ]


def test_an_unknown_insee_code_is_refused():
    assert _problems('code_insee: "50999"\n') == [
        'portraits/x.md:9: code_insee: code INSEE inconnu (trouvé : "50999" ; attendu : le code officiel d\'une '
        "commune d'aujourd'hui). Cherchez-le sur https://www.insee.fr/fr/recherche/recherche-geographique, ou "
        "supprimez la ligne : le site le déduit de la commune et du code postal."
    ]


def test_a_postcode_is_not_an_insee_code():
    assert _problems('code_insee: "2B96"\n') == [
        'portraits/x.md:9: code_insee: format incorrect (trouvé : "2B96" ; attendu : le code officiel de la commune '
        "(code officiel géographique de l'INSEE), entre guillemets : cinq caractères, \"2A\" ou \"2B\" en tête pour "
        "la Corse, \"971\" à \"976\" outre-mer. Ce n'est pas le code postal. Sans lui, le site le déduit de la commune "
        "et du code postal). Corrigez la valeur."
    ]


def test_corsican_and_overseas_codes_are_accepted():
    corse = 'name: A\nregion: corse\ncommune: Corte\npostal_code: "20250"\nlatitude: 42.3\nlongitude: 9.1\nsummary: S\n'
    document, _ = read_document("portraits/x.md", f'---\n{corse}code_insee: "2B096"\n---\n')
    assert schema_problems("portrait", document) + registry_problems(document) == []
    mayotte = 'name: A\nregion: mayotte\ncommune: Mamoudzou\npostal_code: "97600"\nlatitude: -12.8\nlongitude: 45.2\n'
    document, _ = read_document("portraits/x.md", f'---\n{mayotte}summary: S\ncode_insee: "97611"\n---\n')
    assert schema_problems("portrait", document) + registry_problems(document) == []


def test_opening_hours_that_do_not_parse_are_refused():
    assert _problems('horaires_osm: "Lundi 9h-12h"\n') == [
        'portraits/x.md:9: horaires_osm: horaires illisibles au format OpenStreetMap (trouvé : "Lundi 9h-12h", '
        "l'erreur est vers le caractère 1 ; attendu : des règles comme « Mo-Fr 09:00-12:00,14:00-18:00; "
        "Sa 09:00-12:00 », jours Mo Tu We Th Fr Sa Su, heures sur 24 h). Corrigez-les, par exemple avec "
        "https://projets.pavie.info/yohours/, ou écrivez-les en toutes lettres dans opening_hours."
    ]


def test_registered_certifications_have_their_format():
    assert _problems("trainings:\n  - title: T\n    rncp: RNCP 37674\n    rs: '6776'\n") == [
        'portraits/x.md:11: trainings[0].rncp: format incorrect (trouvé : "RNCP 37674" ; attendu : le numéro de la '
        "certification au répertoire national des certifications professionnelles (France Compétences) : RNCP suivi "
        "de chiffres, sans espace. La formation est alors certifiante, et sa fiche renvoie à la page de la "
        "certification). Corrigez la valeur.",
        'portraits/x.md:12: trainings[0].rs: format incorrect (trouvé : "6776" ; attendu : le numéro de la '
        "certification au répertoire spécifique (France Compétences) : RS suivi de chiffres, sans espace. La "
        "formation est alors certifiante, et sa fiche renvoie à la page de la certification). Corrigez la valeur.",
    ]


def test_make_check_refuses_a_wrong_siret_and_names_an_unknown_commune(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root = make_project(tmp_path, [FIXTURES / "national" / "fablab-du-bocage-test.md"])
    for region in (root / "regions").glob("*.md"):  # every region with its presentation: no other notice
        region.write_text(region.read_text(encoding="utf-8") + "\nUne région où se former.\n", encoding="utf-8")
    portrait = root / "portraits" / "fablab-du-bocage-test.md"
    text = portrait.read_text(encoding="utf-8")
    portrait.write_text(text.replace("Saint-Lô", "Saint-Lo-sur-Mer"), encoding="utf-8")
    assert main([str(root)]) == 0
    assert capsys.readouterr().out == (
        "1 portrait et 18 régions valides.\n"
        "Remarque : portraits/fablab-du-bocage-test.md:4: commune: commune inconnue pour son code postal (trouvé : "
        "« Saint-Lo-sur-Mer » au 50000 ; attendu : une commune de ce code postal dans la table officielle : Baudre, "
        "Le Mesnil-Rouxelin, Rampan, Saint-Georges-Montcocq, Saint-Lô). Vérifiez l'orthographe de la commune et le code postal, ou ajoutez la ligne code_insee : sans "
        "code INSEE, le lieu en manque dans les fichiers nationaux.\n"
    )
    portrait.write_text(text.replace('"90000001900019"', '"90000001900018"'), encoding="utf-8")
    assert main([str(root)]) == 1
    assert capsys.readouterr().err.startswith(
        'portraits/fablab-du-bocage-test.md:13: siret: SIRET invalide (trouvé : "90000001900018", dont la clé de '
        "contrôle est fausse ;"
    )
