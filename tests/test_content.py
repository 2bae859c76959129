"""Loading content and the checks that span files; one fixture per class of error, exact messages."""

from __future__ import annotations

import shutil
import time

import pytest

from projects import FIXTURES, REPO, make_project
from tierslieux.content import load_content, slugify
from tierslieux.problems import ContentError

EXPECTED = {
    'Bad_Name.md': [
        'portraits/Bad_Name.md:1: nom du fichier: nom de fichier invalide (trouvé : « Bad_Name » ; attendu : des minuscules sans accent, des chiffres et des tirets). Renommez le fichier en bad-name.md',
    ],
    'alias-bomb.md': [
        'portraits/alias-bomb.md:9: a: ancre YAML refusée (trouvé : « &a » ; attendu : une valeur sans ancre). Supprimez « &a », et écrivez la valeur en entier partout où elle sert.',
        "portraits/alias-bomb.md:10: b[0]: renvoi YAML refusé (trouvé : « *a » ; attendu : la valeur écrite en entier). Remplacez « *a » par la valeur elle-même : les ancres et les renvois n'ont pas leur place dans un en-tête.",
    ],
    'boolean-no.md': [
        'portraits/boolean-no.md:9: address: YAML lit NO comme le booléen false (trouvé : un booléen ; attendu : du texte). Mettez la valeur entre guillemets : "NO"',
    ],
    'decimal-comma.md': [
        'portraits/decimal-comma.md:6: latitude: ce n\'est pas un nombre (trouvé : le texte "48,1113" ; attendu : un nombre). Écrivez-le avec un point et sans guillemets : 48.1113',
    ],
    'duplicate-key.md': [
        "portraits/duplicate-key.md:9: commune: clé en double (trouvé : « commune » déjà écrit ligne 4 ; attendu : une seule fois). YAML ne garderait que la dernière valeur : supprimez ou fusionnez l'une des deux.",
    ],
    'latitude-exponent.md': [
        'portraits/latitude-exponent.md:6: latitude: ce n\'est pas un nombre (trouvé : le texte "1e308" ; attendu : un nombre). Écrivez un nombre en degrés décimaux, avec un point, par exemple 48.1173',
    ],
    'latitude-nan.md': [
        "portraits/latitude-nan.md:6: latitude: ce n'est pas un nombre (trouvé : .nan, « pas un nombre » pour YAML ; attendu : un nombre fini). Écrivez un nombre en degrés décimaux, avec un point, par exemple 48.1173",
    ],
    'latitude-quoted.md': [
        'portraits/latitude-quoted.md:6: latitude: ce n\'est pas un nombre (trouvé : le texte "48.1113" ; attendu : un nombre). Enlevez les guillemets : 48.1113',
    ],
    'longitude-infinity.md': [
        "portraits/longitude-infinity.md:7: longitude: ce n'est pas un nombre (trouvé : -.inf, l'infini pour YAML ; attendu : un nombre fini). Écrivez un nombre en degrés décimaux, avec un point, par exemple 48.1173",
    ],
    'missing-required.md': [
        "portraits/missing-required.md:1: commune: champ obligatoire absent : Commune (trouvé : rien ; attendu : une ligne « commune: … »). Ajoutez-la dans l'en-tête.",
        "portraits/missing-required.md:1: postal_code: champ obligatoire absent : Code postal (trouvé : rien ; attendu : une ligne « postal_code: … »). Ajoutez-la dans l'en-tête.",
    ],
    'no-front-matter.md': [
        'portraits/no-front-matter.md:1: en-tête: le fichier ne commence pas par un en-tête YAML (trouvé : « # Atelier Test » ; attendu : une ligne « --- »). Ajoutez en tête du fichier les champs entre deux lignes « --- ».',
    ],
    'outside-region.md': [
        'portraits/outside-region.md:6: latitude: le lieu est hors de sa région (trouvé : latitude 43.6045, longitude 1.444 ; attendu : dans Bretagne, latitude entre 47.23 et 48.94, longitude entre -5.2 et -0.96). Vérifiez les coordonnées (par exemple sur une carte) et la région.',
    ],
    'photo-missing-alt.md': [
        'portraits/photo-missing-alt.md:10: photos[0].alt: champ obligatoire absent : Texte alternatif (trouvé : rien ; attendu : une ligne « alt: … »). Ajoutez-la dans cet élément.',
    ],
    'photo-missing-file.md': [
        "portraits/photo-missing-file.md:10: photos[0].src: image introuvable (trouvé : « photos/absente.jpg » ; attendu : un fichier portraits/photos/absente.jpg). Ajoutez l'image dans portraits/photos/ ou corrigez le nom (majuscules comprises).",
    ],
    'postal-code-octal.md': [
        'portraits/postal-code-octal.md:5: postal_code: YAML lit 01000 comme le nombre 512 (trouvé : un nombre ; attendu : du texte). Mettez la valeur entre guillemets : "01000"',
    ],
    'summary-too-long.md': [
        'portraits/summary-too-long.md:8: summary: texte trop long (trouvé : 299 caractères ; attendu : 280 au plus). Raccourcissez-le de 19 caractères.',
    ],
    'swapped-coordinates.md': [
        'portraits/swapped-coordinates.md:6: latitude: le lieu est hors de sa région (trouvé : latitude -1.68, longitude 48.1113 ; attendu : dans Bretagne, latitude entre 47.23 et 48.94, longitude entre -5.2 et -0.96). La latitude et la longitude semblent inversées : échangez leurs valeurs.',
    ],
    'tag-local.md': [
        'portraits/tag-local.md:4: commune: étiquette YAML refusée (trouvé : « !ville » ; attendu : une valeur sans étiquette). Supprimez « !ville » ; si la valeur elle-même commence par « ! », mettez-la entre guillemets.',
    ],
    'tag-python.md': [
        'portraits/tag-python.md:9: website: étiquette YAML refusée (trouvé : « !!python/object/apply:os.system » ; attendu : une valeur sans étiquette). Supprimez « !!python/object/apply:os.system » ; si la valeur elle-même commence par « ! », mettez-la entre guillemets.',
    ],
    'unclosed-front-matter.md': [
        "portraits/unclosed-front-matter.md:1: en-tête: l'en-tête YAML n'est jamais fermé (trouvé : aucune seconde ligne « --- » ; attendu : une ligne « --- » après le dernier champ). Ajoutez-la avant le texte du portrait.",
    ],
    'unknown-key.md': [
        'portraits/unknown-key.md:6: lattitude: champ inconnu (trouvé : « lattitude » ; attendu : un des champs accessibility, address, aliases, code_insee, commune, deffinov, departement, email, equipment, geo_precision, horaires_osm, identifiers, latitude, longitude, name, opening_hours, phone, photos, postal_code, region, rna, siret, social, summary, themes, trainings, updated, website). Vouliez-vous dire « latitude » ?',
    ],
    'unknown-region.md': [
        'portraits/unknown-region.md:3: region: valeur non reconnue (trouvé : "bretange" ; attendu : une des valeurs auvergne-rhone-alpes, bourgogne-franche-comte, bretagne, centre-val-de-loire, corse, grand-est, guadeloupe, guyane, hauts-de-france, ile-de-france, la-reunion, martinique, mayotte, normandie, nouvelle-aquitaine, occitanie, pays-de-la-loire, provence-alpes-cote-d-azur). Vouliez-vous dire « bretagne » ?',
    ],
    'url-not-http.md': [
        'portraits/url-not-http.md:9: website: adresse web invalide (trouvé : "www.exemple.org" ; attendu : une adresse qui commence par https:// ou http://, sans espace). Recopiez l\'adresse complète depuis la barre du navigateur.',
    ],
    'wrong-type.md': [
        'portraits/wrong-type.md:9: themes: type de valeur incorrect (trouvé : "numerique" ; attendu : une liste). Écrivez un élément par ligne, précédé de « - ».',
    ],
    'yaml-syntax.md': [
        "portraits/yaml-syntax.md:4: en-tête: erreur de syntaxe YAML (trouvé : un « [ » qui n'est pas fermé par « ] » sur la même ligne ; attendu : des lignes « clé: valeur » bien indentées). Vérifiez cette ligne et la précédente : deux-points suivi d'une espace, indentation par espaces, guillemets fermés ; mettez entre guillemets un texte qui contient « : » ou « # ».",
    ],
    'control-character.md': [
        "portraits/control-character.md:8: summary: caractère de contrôle refusé (trouvé : U+001B, colonne 20 ; attendu : du texte, des tabulations et des retours à la ligne). Supprimez-le : il vient souvent d'un copier-coller ; au besoin, retapez le texte autour.",
    ],
    'control-escape.md': [
        "portraits/control-escape.md:9: opening_hours: caractère de contrôle refusé (trouvé : U+000B ; attendu : du texte, des tabulations et des retours à la ligne). Supprimez-le : il vient souvent d'un copier-coller ; au besoin, retapez le texte autour.",
    ],
    'del-character.md': [
        "portraits/del-character.md:2: name: caractère de contrôle refusé (trouvé : U+007F, colonne 14 ; attendu : du texte, des tabulations et des retours à la ligne). Supprimez-le : il vient souvent d'un copier-coller ; au besoin, retapez le texte autour.",
    ],
    'bidi-override.md': [
        "portraits/bidi-override.md:10: texte: caractère de sens d'écriture refusé (trouvé : U+202E (RIGHT-TO-LEFT OVERRIDE), colonne 16 ; attendu : du texte sans caractère qui change le sens de lecture). Supprimez-le : il fait lire le texte autrement qu'il n'est écrit.",
    ],
    'zero-width-name.md': [
        "portraits/zero-width-name.md:2: name: caractère invisible refusé dans un nom (trouvé : U+200B (ZERO WIDTH SPACE) ; attendu : des lettres, des chiffres, des espaces et des signes visibles). Supprimez-le : deux noms qui s'affichent pareil doivent s'écrire pareil.",
    ],
    'nesting-too-deep.md': [
        "portraits/nesting-too-deep.md:9: equipment[0]: imbrication trop profonde (trouvé : plus de 20 niveaux de listes ou de champs les uns dans les autres ; attendu : 20 au plus). Une fiche n'en demande que trois ou quatre : simplifiez cette valeur, ou écrivez-la comme un texte entre guillemets.",
    ],
    'body-brackets.md': [
        "portraits/body-brackets.md:10: texte: trop de « [ » ouverts à la fois (trouvé : plus de 20 « [ » sans leur « ] » ; attendu : 20 au plus). Fermez chaque « [ » par un « ] », ou écrivez « \\[ » pour un « [ » qui n'ouvre rien.",
    ],
    'body-nesting.md': [
        'portraits/body-nesting.md:12: texte: texte trop imbriqué (trouvé : 300 niveaux de listes, de citations ou de retraits les uns dans les autres ; attendu : 12 au plus). Remettez ces lignes à plat : moins de retrait en début de ligne, moins de « - », « > » ou « 1. » à la suite.',
    ],
    'blank-texts.md': [
        "portraits/blank-texts.md:2: name: valeur vide (trouvé : seulement des espaces ; attendu : un nom). Remplacez les espaces par le texte.",
        "portraits/blank-texts.md:4: commune: valeur vide (trouvé : seulement des espaces ; attendu : le nom de la commune). Remplacez les espaces par le texte.",
        "portraits/blank-texts.md:8: summary: valeur vide (trouvé : seulement des espaces ; attendu : une ou deux phrases). Remplacez les espaces par le texte.",
        "portraits/blank-texts.md:10: trainings[0].title: valeur vide (trouvé : seulement des espaces ; attendu : un texte). Écrivez le texte, ou supprimez la ligne si le champ est facultatif.",
        "portraits/blank-texts.md:12: equipment[0]: valeur vide (trouvé : seulement des espaces ; attendu : un texte). Écrivez le texte, ou supprimez la ligne si le champ est facultatif.",
    ],
    'name-two-lines.md': [
        "portraits/name-two-lines.md:2: name: nom sur plusieurs lignes (trouvé : un retour à la ligne ; attendu : un nom sur une seule ligne). Écrivez-le d'un seul tenant, avec des espaces entre les mots.",
        'portraits/name-two-lines.md:4: commune: tabulation dans un nom (trouvé : une tabulation ; attendu : des espaces entre les mots). Remplacez-la par une espace.',
    ],
    'future-date.md': [
        'portraits/future-date.md:9: updated: date à venir (trouvé : "2999-01-01" ; attendu : la date de la dernière mise à jour, aujourd\'hui au plus tard). Écrivez la date du jour où la fiche a été modifiée, au format AAAA-MM-JJ.',
    ],
    'body-emphasis.md': [
        'portraits/body-emphasis.md:13: texte: trop de « * » et de « _ » dans un même paragraphe (trouvé : 10 000 ; attendu : 500 au plus). Ils mettent le texte en italique ou en gras : gardez-en quelques-uns, écrivez « \\* » ou « \\_ » pour le caractère lui-même, ou coupez le paragraphe par une ligne vide.',
    ],
    'body-too-long.md': [
        'portraits/body-too-long.md:10: texte: texte trop long (trouvé : 33 601 caractères ; attendu : 32 000 au plus). Un portrait se lit en quelques minutes : raccourcissez-le, et donnez les détails sur le site du lieu.',
    ],
}

ATELIER_TEST_TWICE = (
    "portraits/atelier-test.md:2: name: ce lieu existe déjà (trouvé : « Atelier Test » à Rennes, comme dans "
    "portraits/atelier-test-bis.md ligne 2 ; attendu : un seul portrait par lieu). Complétez le portrait "
    "existant, ou distinguez les noms s'il s'agit de deux lieux."
)


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_each_class_of_error_is_reported_with_its_file_line_field_and_fix(tmp_path, fixture):
    root = make_project(tmp_path, [FIXTURES / "invalid" / fixture])
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert [str(problem) for problem in caught.value.problems] == EXPECTED[fixture]


def test_every_invalid_fixture_has_its_expected_messages():
    assert sorted(path.name for path in (FIXTURES / "invalid").glob("*.md")) == sorted(EXPECTED)


def test_all_problems_in_all_files_are_reported_in_one_run(tmp_path):
    broken = [FIXTURES / "invalid" / name for name in ("postal-code-octal.md", "unknown-key.md", "yaml-syntax.md")]
    root = make_project(tmp_path, broken)
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert str(caught.value).splitlines() == [
        *EXPECTED["postal-code-octal.md"], *EXPECTED["unknown-key.md"], *EXPECTED["yaml-syntax.md"],
        "3 problèmes dans 3 fichiers.",
    ]


def test_two_portraits_of_one_place_in_one_commune_are_refused(tmp_path):
    root = make_project(tmp_path, sorted((FIXTURES / "duplicate-name").glob("*.md")))
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert [str(problem) for problem in caught.value.problems] == [ATELIER_TEST_TWICE]


def test_a_broken_region_is_reported_once_not_for_each_of_its_places(tmp_path):
    root = make_project(tmp_path, [FIXTURES / "valid" / "crlf-bom.md"])
    (root / "regions" / "bretagne.md").write_text("---\nname: Bretagne\ncode: 53\nbounds: []\n---\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert [(p.path, p.line, p.field) for p in caught.value.problems] == [
        ("regions/bretagne.md", 3, "code"), ("regions/bretagne.md", 4, "bounds"),
    ]


def test_a_region_whose_file_is_missing_is_reported_on_its_places(tmp_path):
    root = make_project(tmp_path, [FIXTURES / "valid" / "crlf-bom.md"])
    (root / "regions" / "bretagne.md").unlink()
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert [str(problem) for problem in caught.value.problems] == [
        "portraits/crlf-bom.md:3: region: région sans fichier (trouvé : « bretagne » ; attendu : un fichier "
        "regions/bretagne.md). Rétablissez le fichier regions/bretagne.md."
    ]


def test_a_file_that_is_not_utf8_is_reported_with_its_line(tmp_path):
    root = make_project(tmp_path)
    text = (FIXTURES / "valid" / "crlf-bom.md").read_text(encoding="utf-8-sig").replace("Windows", "Liège")
    (root / "portraits" / "latin1.md").write_bytes(text.encode("latin-1"))
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert [str(problem) for problem in caught.value.problems] == [
        "portraits/latin1.md:2: en-tête: caractère illisible (trouvé : l'octet 0xe8, qui n'est pas de l'UTF-8 ; "
        "attendu : un fichier enregistré en UTF-8). Enregistrez le fichier en UTF-8 (« Enregistrer sous », "
        "encodage UTF-8)."
    ]


def test_cross_file_checks_also_run_on_portraits_with_other_problems(tmp_path):
    text = (FIXTURES / "invalid" / "swapped-coordinates.md").read_text(encoding="utf-8")
    (tmp_path / "both.md").write_text(text.replace("postal_code: \"35000\"", "postal_code: 35000"), encoding="utf-8")
    root = make_project(tmp_path / "project", [tmp_path / "both.md"])
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert [(p.line, p.field) for p in caught.value.problems] == [(5, "postal_code"), (6, "latitude")]


def test_crlf_line_endings_and_a_byte_order_mark_are_accepted(tmp_path):
    root = make_project(tmp_path, [FIXTURES / "valid" / "crlf-bom.md"])
    content = load_content(root)
    assert [(place.slug, place.name, place.commune) for place in content.places] == [
        ("crlf-bom", "Atelier Windows", "Rennes")
    ]


def test_places_of_a_region_are_sorted_in_french_order(tmp_path):
    root = make_project(tmp_path)
    for slug, name in [("b", "Éclat"), ("a", "Zèbre"), ("c", "eau vive"), ("d", "Atelier")]:
        text = (FIXTURES / "valid" / "crlf-bom.md").read_text(encoding="utf-8-sig").replace("Atelier Windows", name)
        (root / "portraits" / f"{slug}.md").write_text(text, encoding="utf-8")
    content = load_content(root)
    assert [place.name for place in content.places_in("bretagne")] == ["Atelier", "eau vive", "Éclat", "Zèbre"]
    assert content.places_in("corse") == []


def test_the_example_content_is_valid():
    content = load_content(REPO)
    assert len(content.regions) == 18
    assert {place.region for place in content.places} == set(content.regions)


def test_an_empty_content_tree_is_valid(tmp_path):
    (tmp_path / "regions").mkdir()
    shutil.copy(REPO / "regions" / "corse.md", tmp_path / "regions")
    content = load_content(tmp_path)
    assert list(content.regions) == ["corse"] and content.places == ()


@pytest.mark.parametrize("text, slug", [
    ("Échoppe numérique de l'Ouest", "echoppe-numerique-de-l-ouest"),
    ("  La Fabrique -- du Bocage ", "la-fabrique-du-bocage"),
    ("Œuvre 2", "oeuvre-2"),
])
def test_slugify_makes_file_names_from_place_names(text, slug):
    assert slugify(text) == slug


def _portrait_with_aliases(root, slug: str, aliases: list[str]) -> None:
    text = (FIXTURES / "valid" / "crlf-bom.md").read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    text = text.replace("Atelier Windows", f"Atelier {slug}").replace("---\nCorps", "aliases:\n"
                        + "".join(f"  - {alias}\n" for alias in aliases) + "---\nCorps")
    (root / "portraits" / f"{slug}.md").write_text(text, encoding="utf-8")


def test_former_slugs_are_kept_on_the_place(tmp_path):
    root = make_project(tmp_path)
    _portrait_with_aliases(root, "atelier-neuf", ["atelier-ancien", "atelier-tres-ancien"])
    assert load_content(root).places[0].aliases == ("atelier-ancien", "atelier-tres-ancien")


def test_a_former_slug_that_is_a_live_slug_or_another_places_is_refused(tmp_path):
    root = make_project(tmp_path)
    _portrait_with_aliases(root, "atelier-un", ["atelier-un"])
    _portrait_with_aliases(root, "atelier-deux", ["atelier-trois", "ancien-atelier"])
    _portrait_with_aliases(root, "atelier-trois", ["ancien-atelier"])
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert [str(problem) for problem in caught.value.problems] == [
        "portraits/atelier-deux.md:10: aliases[0]: ancien nom encore porté par un autre portrait (trouvé : "
        "« atelier-trois », le nom de portraits/atelier-trois.md ; attendu : un nom qu'aucun portrait ne porte). "
        "Supprimez cette ligne : l'adresse /portraits/atelier-trois/ est celle de portraits/atelier-trois.md.",
        "portraits/atelier-trois.md:10: aliases[0]: ancien nom déjà réclamé (trouvé : « ancien-atelier », déjà "
        "dans portraits/atelier-deux.md ligne 11 ; attendu : chaque ancien nom dans un seul portrait). Gardez-le "
        "seulement dans le portrait du lieu qui portait ce nom.",
        "portraits/atelier-un.md:10: aliases[0]: ancien nom identique au nom actuel (trouvé : « atelier-un » ; "
        "attendu : un nom que le fichier portait avant d'être renommé). Supprimez cette ligne : l'adresse "
        "actuelle n'a pas besoin de redirection.",
    ]


def test_a_portrait_keeps_twenty_former_slugs_at_most(tmp_path):
    root = make_project(tmp_path)
    _portrait_with_aliases(root, "atelier-neuf", [f"atelier-{n}" for n in range(21)])
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert [str(problem) for problem in caught.value.problems] == [
        "portraits/atelier-neuf.md:9: aliases: nombre d'éléments incorrect (trouvé : 21 ; attendu : 20 au plus). "
        "Quand un lieu change de nom de fichier, ses anciens noms (sans .md), 20 au plus : les anciennes adresses de "
        "sa page mènent à la nouvelle.",
    ]


def test_the_alias_check_takes_linear_time(tmp_path):
    """52,000 aliases claimed twice took minutes when each message searched the list again."""
    from tierslieux.content import _alias_problems
    from tierslieux.frontmatter import read_document

    aliases = "".join(f"  - ancien-{n}\n" for n in range(20_000))
    documents = [read_document(f"portraits/{slug}.md", f"---\naliases:\n{aliases}---\n")[0] for slug in "ab"]
    started = time.perf_counter()
    problems = _alias_problems(documents)
    assert len(problems) == 20_000 and time.perf_counter() - started < 2
    assert problems[-1].message.startswith("ancien nom déjà réclamé (trouvé : « ancien-19999 », déjà dans "
                                           "portraits/a.md ligne 20002 ;")


def test_a_former_slug_must_be_a_slug(tmp_path):
    root = make_project(tmp_path)
    _portrait_with_aliases(root, "atelier-neuf", ["Ancien Atelier"])
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert [str(problem) for problem in caught.value.problems] == [
        'portraits/atelier-neuf.md:10: aliases[0]: format incorrect (trouvé : "Ancien Atelier" ; attendu : un ancien '
        "nom de fichier : des minuscules sans accent, des chiffres et des tirets). Corrigez la valeur.",
    ]


def test_a_region_that_is_not_text_is_a_type_problem_not_a_crash(tmp_path):
    root = make_project(tmp_path)
    text = (FIXTURES / "valid" / "crlf-bom.md").read_text(encoding="utf-8-sig").replace("region: bretagne", "region: [bretagne]")
    (root / "portraits" / "liste.md").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert [str(problem) for problem in caught.value.problems] == [
        "portraits/liste.md:3: region: type de valeur incorrect (trouvé : une liste ; attendu : du texte). "
        "Corrigez la valeur."
    ]


@pytest.mark.parametrize("name", [
    "Atelier Tеst",  # a Cyrillic е
    "ＡＴＥＬＩＥＲ ＴＥＳＴ",  # full-width letters
    "Atelier Τest",  # a Greek capital tau
])
def test_names_that_only_look_alike_are_the_same_place(tmp_path, name):
    root = make_project(tmp_path, [FIXTURES / "duplicate-name" / "atelier-test.md"])
    text = (FIXTURES / "duplicate-name" / "atelier-test.md").read_text(encoding="utf-8")
    (root / "portraits" / "atelier-test-bis.md").write_text(text.replace("Atelier Test", name), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert [str(problem) for problem in caught.value.problems] == [ATELIER_TEST_TWICE]


def test_region_bounds_upside_down_are_the_regions_problem_not_its_places(tmp_path):
    root = make_project(tmp_path, [FIXTURES / "duplicate-name" / "atelier-test.md"])
    region = root / "regions" / "bretagne.md"
    region.write_text(region.read_text(encoding="utf-8").replace(
        "bounds: [[47.23, -5.20], [48.94, -0.96]]", "bounds: [[48.94, -5.20], [47.23, -0.96]]"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert [str(problem) for problem in caught.value.problems] == [
        "regions/bretagne.md:4: bounds: emprise à l'envers (trouvé : [[48.94, -5.2], [47.23, -0.96]] ; attendu : le "
        "coin sud-ouest, puis le coin nord-est, [[latitude sud, longitude ouest], [latitude nord, longitude est]]). "
        "Échangez les nombres qui sont à l'envers."
    ]


def test_a_region_name_of_spaces_only_is_refused(tmp_path):
    root = make_project(tmp_path)
    region = root / "regions" / "bretagne.md"
    region.write_text(region.read_text(encoding="utf-8").replace("name: Bretagne", 'name: "   "'), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert [str(problem) for problem in caught.value.problems] == [
        "regions/bretagne.md:2: name: valeur vide (trouvé : seulement des espaces ; attendu : un nom). Remplacez les "
        "espaces par le texte."
    ]


def test_a_name_with_an_invisible_character_is_refused_in_regions_too(tmp_path):
    root = make_project(tmp_path)
    region = root / "regions" / "bretagne.md"
    region.write_text(region.read_text(encoding="utf-8").replace("name: Bretagne", "name: Bre\u00adtagne"),
                      encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert [str(problem) for problem in caught.value.problems] == [
        "regions/bretagne.md:2: name: caractère invisible refusé dans un nom (trouvé : U+00AD (SOFT HYPHEN) ; "
        "attendu : des lettres, des chiffres, des espaces et des signes visibles). Supprimez-le : deux noms qui "
        "s'affichent pareil doivent s'écrire pareil."
    ]


@pytest.mark.parametrize("slug", ["index", "readme", "photos"])
def test_a_portrait_may_not_take_a_name_the_site_uses(tmp_path, slug):
    root = make_project(tmp_path, [FIXTURES / "valid" / "crlf-bom.md"])
    (root / "portraits" / "crlf-bom.md").rename(root / "portraits" / f"{slug}.md")
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert [str(problem) for problem in caught.value.problems] == [
        f"portraits/{slug}.md:1: nom du fichier: nom réservé par le site (trouvé : « {slug} » ; attendu : un autre "
        f"nom que index, photos, readme). L'adresse /portraits/{slug}/ est celle d'une page ou d'un dossier du site : "
        "renommez le fichier d'après le nom du lieu, par exemple en ajoutant la commune."
    ]


def test_a_former_slug_may_not_take_a_name_the_site_uses(tmp_path):
    root = make_project(tmp_path)
    _portrait_with_aliases(root, "atelier", ["photos"])
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert [problem.message for problem in caught.value.problems] == [
        "nom réservé par le site (trouvé : « photos » ; attendu : un autre nom que index, photos, readme). L'adresse "
        "/portraits/photos/ est celle d'une page ou d'un dossier du site : renommez le fichier d'après le nom du "
        "lieu, par exemple en ajoutant la commune."
    ]


@pytest.mark.parametrize(("bounds", "found"), [
    ("[[47.23, 0], [48.94, 4.9e-324]]", "[[47.23, 0], [48.94, 5e-324]]"),
    ("[[47.23, -5.20], [47.235, -0.96]]", "[[47.23, -5.2], [47.235, -0.96]]"),
])
def test_region_bounds_narrower_or_shorter_than_a_hundredth_of_a_degree_are_refused(tmp_path, bounds, found):
    root = make_project(tmp_path)
    region = root / "regions" / "bretagne.md"
    region.write_text(region.read_text(encoding="utf-8").replace(
        "bounds: [[47.23, -5.20], [48.94, -0.96]]", f"bounds: {bounds}"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert [str(problem) for problem in caught.value.problems] == [
        f"regions/bretagne.md:4: bounds: emprise trop petite (trouvé : {found} ; attendu : au moins 0,01° de "
        "latitude et de longitude entre les deux coins, environ un kilomètre). Donnez les coins de toute la région."
    ]


def test_one_commune_written_two_ways_makes_a_duplicate(tmp_path):
    from projects import content_problems

    root = make_project(tmp_path / "projet")
    for slug, name, commune in (("la-source", "La Source", "Chalon-sur-Saône"),
                                ("la-source-bis", "LA SOURCE", "CHALON SUR SAÔNE"),
                                ("le-pre", "Le Pré", "St-Marcel"), ("le-pre-bis", "Le Pré", "Saint Marcel")):
        (root / "portraits" / f"{slug}.md").write_text(
            f"---\nname: {name}\nregion: bourgogne-franche-comte\ncommune: {commune}\npostal_code: \"71100\"\n"
            "latitude: 46.78\nlongitude: 4.85\nsummary: Un tiers-lieu.\n---\n", encoding="utf-8")
    assert content_problems(root) == [
        "portraits/la-source.md:2: name: ce lieu existe déjà (trouvé : « La Source » à Chalon-sur-Saône, comme dans "
        "portraits/la-source-bis.md ligne 2 ; attendu : un seul portrait par lieu). Complétez le portrait existant, "
        "ou distinguez les noms s'il s'agit de deux lieux.",
        "portraits/le-pre.md:2: name: ce lieu existe déjà (trouvé : « Le Pré » à St-Marcel, comme dans "
        "portraits/le-pre-bis.md ligne 2 ; attendu : un seul portrait par lieu). Complétez le portrait existant, ou "
        "distinguez les noms s'il s'agit de deux lieux.",
    ]
