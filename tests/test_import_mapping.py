"""``tierslieux.importing.mapping``: a cell matched whole, then split; every mistake of a mapping file told once."""

from __future__ import annotations

import pytest

from importing import import_project, run, write_csv
from tierslieux.content import load_content
from tierslieux.importing.mapping import apply_mapping, translated
from tierslieux.importing.table import read_table


@pytest.fixture
def project(tmp_path):
    return import_project(tmp_path)


def test_a_cell_is_matched_whole_before_it_is_split_and_a_term_gives_all_its_values():
    values = {"numerique": ["Tiers-lieu / Coworking / FabLab", "Numérique"],
              "fabrication": ["Tiers-lieu / Coworking / FabLab", "Fablab"]}
    assert translated("Tiers-lieu / Coworking / FabLab", values) == "numerique|fabrication"
    assert translated("Fablab, numérique ; Autre", values) == "fabrication|numerique|Autre"


def test_every_mistake_of_a_mapping_file_is_told_in_one_run_each_once(project, tmp_path, capsys):
    (tmp_path / "sud.yml").write_text(
        "nom: Nom\ncommune: Commune\ncode_postal:\n  colonne: CP\n  valeur: \"13000\"\nregion:\n  valeur: Provence\n"
        "themes:\n  colonne: Catégorie\n  valeurs:\n    numerik: [Numérique]\nentete: peut-être\n", encoding="utf-8")
    spreadsheet = write_csv(tmp_path, "Nom,Ville,Catégorie", *(f"Lieu {n},Marseille,Numérique" for n in range(158)))
    assert run(project, spreadsheet, "--correspondance", str(tmp_path / "sud.yml")) == 1
    assert capsys.readouterr().err.splitlines()[:5] == [
        "sud.yml:2: commune: colonne absente du tableau (trouvé : « Commune » ; attendu : une des colonnes Nom, Ville, "
        "Catégorie). Recopiez le nom exact de la colonne.",
        "sud.yml:3: code_postal: source à préciser (trouvé : colonne, valeur ; attendu : une seule de colonne, modele "
        "ou valeur). Indiquez la colonne du tableau qui remplit ce champ, un modèle qui en joint plusieurs, ou une "
        "valeur commune à toutes les lignes.",
        "sud.yml:6: region: région inconnue (trouvé : « Provence » ; attendu : un nom comme Bretagne ou Région "
        "Bretagne, un identifiant comme bretagne, ou un code INSEE de région comme 53). Corrigez la valeur : les "
        "régions sont listées sur la page « Les champs d'une fiche ».",
        "sud.yml:8: themes.valeurs: valeur inconnue (trouvé : « numerik » ; attendu : une de numerique, fabrication, "
        "agriculture, batiment, transition-ecologique, artisanat, culture, entrepreneuriat, insertion, sante-social, "
        "tourisme, mobilite). Corrigez la clé : c'est la valeur du site, sous laquelle se rangent les écritures du "
        "tableau.",
        'sud.yml:12: entete: valeur non reconnue (trouvé : "peut-être" ; attendu : une des valeurs oui, non). '
        "Choisissez une des valeurs de la liste.",
    ]


def test_ambiguous_headers_are_never_read_by_synonym(tmp_path):
    table = read_table(write_csv(tmp_path, "Nom du lieu,Structure,Type,Ville", "Liffab,Fablab,Associatif,Liffré"))
    sheet = apply_mapping(table, None)
    assert sheet.rows[0][1] == {"nom": "Liffab", "commune": "Liffré"}
    assert sheet.ignored == ("Structure", "Type")


def test_a_template_whose_columns_are_all_empty_gives_nothing(project, tmp_path):
    (tmp_path / "horaires.yml").write_text("horaires: \"Lundi : {lundi} ; mardi : {mardi}\"\n", encoding="utf-8")
    spreadsheet = write_csv(tmp_path, "nom,commune,code_postal,latitude,longitude,presentation_resume,lundi,mardi",
                            "Atelier,Rennes,35000,48.11,-1.68,Un atelier.,,",
                            "Fablab,Brest,29200,48.39,-4.49,Un fablab.,9h-12h,")
    assert run(project, spreadsheet, "--region", "bretagne", "--correspondance", str(tmp_path / "horaires.yml")) == 0
    assert {place.slug: place.opening_hours for place in load_content(project).places} == {
        "atelier": None, "fablab": "Lundi : 9h-12h ; mardi :"}
