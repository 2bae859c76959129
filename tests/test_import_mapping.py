"""``tierslieux.importing.mapping``: a cell matched whole, then split; every mistake of a mapping file told once."""

from __future__ import annotations

import pytest

from importing import geocoder_server, import_project, portraits, run, write_csv
from projects import REPO
from tierslieux.content import load_content
from tierslieux.exports import COLUMNS
from tierslieux.importing.mapping import BODY, apply_mapping, load_mapping, translated
from tierslieux.importing.table import read_table
from tierslieux.schema import load_schema


@pytest.fixture
def project(tmp_path):
    return import_project(tmp_path)


def test_a_source_derived_from_the_mapping_file_s_name_leaves_out_its_suffix(tmp_path):
    from tierslieux.importing.mapping import Mapping, identifier_source

    assert identifier_source(Mapping(tmp_path / "Bretagne Sud.correspondance.yml", {}, {}))[0] == "bretagne-sud"
    assert identifier_source(Mapping(tmp_path / "x.yml", {"source": "bzh"}, {})) == ("bzh", None)
    assert identifier_source(None) == (None, None)


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


_portraits, _run, _csv = portraits, run, write_csv


@pytest.fixture
def geocoder():
    with geocoder_server() as served:
        yield served


MAPPING = """\
# Le tableau de la coordination bretonne
nom: Nom de la structure
commune: Ville
code_postal: CP
presentation_resume:
  colonne: Description
region:
  valeur: bretagne
themes:
  colonne: Domaines
  valeurs:
    numerique: [Numérique, Informatique]
    fabrication: [Fablab]
"""


def test_a_mapping_file_names_the_columns_and_translates_the_values(project, tmp_path, geocoder, capsys):
    service, url = geocoder
    service.known["1 place de la Mairie, Lannion"] = (0.93, "1 Place de la Mairie 22300 Lannion", 48.73172, -3.45612)
    (tmp_path / "bretagne.yml").write_text(MAPPING, encoding="utf-8")
    spreadsheet = _csv(tmp_path, "Nom de la structure,Ville,CP,adresse,Description,Domaines,Financeur",
                       'Le Fablab du Trégor,Lannion,22300,1 place de la Mairie,Un fablab.,"fablab; INFORMATIQUE",ANCT')
    assert _run(project, spreadsheet, "--correspondance", str(tmp_path / "bretagne.yml"), "--geocodeur", url) == 0
    place = load_content(project).places[0]
    assert (place.name, place.region, place.postal_code, place.address, place.themes) == (
        "Le Fablab du Trégor", "bretagne", "22300", "1 place de la Mairie", ("fabrication", "numerique"))
    assert (place.latitude, place.longitude) == (48.73172, -3.45612)
    assert len(service.requests) == 1
    assert capsys.readouterr().out.startswith(
        "lieux.csv:1: colonnes ignorées, qui ne sont ni des colonnes de /data/lieux.csv ni dans une correspondance : "
        "Financeur\n")


def test_a_mapping_file_is_checked_against_its_schema_and_the_spreadsheet(project, tmp_path, capsys):
    (tmp_path / "bretagne.yml").write_text("nmo: Nom\ncommune:\n  colonne: Commune\n", encoding="utf-8")
    spreadsheet = _csv(tmp_path, "Nom,Ville", "Atelier,Rennes")
    assert _run(project, spreadsheet, "--correspondance", str(tmp_path / "bretagne.yml")) == 1
    err = capsys.readouterr().err
    assert err.startswith("bretagne.yml:1: nmo: champ inconnu (trouvé : « nmo » ; attendu : un des champs ")
    assert "Vouliez-vous dire « nom » ?" in err
    (tmp_path / "bretagne.yml").write_text("nom: Nom\ncommune:\n  colonne: Commune\n", encoding="utf-8")
    assert _run(project, spreadsheet, "--correspondance", str(tmp_path / "bretagne.yml")) == 1
    assert capsys.readouterr().err.startswith(
        "bretagne.yml:2: commune: colonne absente du tableau (trouvé : « Commune » ; attendu : une des colonnes "
        "Nom, Ville). Recopiez le nom exact de la colonne.\n")


def test_the_mapping_schema_knows_every_column_an_import_reads():
    assert [name for name in load_schema("correspondance")["properties"] if name not in ("entete", "feuille", "source", BODY)] == [
        column.name for column in COLUMNS if column.field]


def test_the_mapping_file_of_contributing_is_valid_for_the_spreadsheet_it_describes(tmp_path):
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = guide.split("```yaml\n# bretagne.correspondance.yml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "bretagne.correspondance.yml").write_text(example, encoding="utf-8")
    spreadsheet = _csv(tmp_path, "Nom de la structure,Ville,CP,Adresse postale,Description courte,Domaines",
                       "Atelier,Rennes,35000,1 rue de Paris,Un atelier.,Fablab ; informatique")
    sheet = apply_mapping(read_table(spreadsheet), load_mapping(tmp_path / "bretagne.correspondance.yml")[0])
    assert sheet.rows[0][1]["themes"] == "fabrication|numerique" and sheet.rows[0][1]["region"] == "bretagne"
    assert sheet.origins["code_postal"] == "CP"


def test_common_french_headers_need_no_mapping_and_their_lists_split_on_commas(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, "Nom du lieu;Ville;CP;Latitude;Longitude;Résumé;Courriel;Site internet;Téléphone;"
                                 "Thématiques;Équipements;Description",
                       "Atelier A;Rennes;35000;48.11;-1.68;Un atelier.;a@example.org | b@example.org;"
                       "www.atelier-a.example.org;+33 2.99.00.00.00;numerique;Imprimante 3D, découpe laser / tour;"
                       "Un atelier ouvert en 2019.")
    assert _run(project, spreadsheet, "--region", "53") == 0
    place = load_content(project).places[0]
    assert (place.name, place.commune, place.postal_code, place.email, place.website, place.phone, place.equipment) == (
        "Atelier A", "Rennes", "35000", "a@example.org", "https://www.atelier-a.example.org", "02 99 00 00 00",
        ("Imprimante 3D", "découpe laser", "tour"))
    assert place.body.strip() == "Un atelier ouvert en 2019."
    assert capsys.readouterr().out == (
        "lieux.csv:2: portraits/atelier-a.md créé\n"
        "Réparé ou complété en passant (vérifiez au besoin) :\n"
        "    Téléphone : écrit à la française, par paires de chiffres, ligne 2 (+33 2.99.00.00.00 lu comme "
        "02 99 00 00 00)\n"
        "    Courriel : une seule adresse gardée (une fiche n'en a qu'une), ligne 2 (a@example.org | b@example.org lu "
        "comme a@example.org)\n"
        "    Site internet : https:// ajouté devant l'adresse, ligne 2 (www.atelier-a.example.org lu comme "
        "https://www.atelier-a.example.org)\n"
        "    departement : déduit du code INSEE de la commune, ligne 2 (35238 donne 35)\n"
        "1 créé, 0 mis à jour, 0 inchangé.\n")


def test_a_file_without_header_row_joins_and_falls_back_through_its_lettered_columns(project, tmp_path, capsys):
    (tmp_path / "occitanie.correspondance.yml").write_text(
        "entete: non\nnom: A\nadresse: \"{B} {C}\"\ncommune: D\ncode_postal: E\npresentation_resume:\n"
        "  colonne: [F, G]\nregion:\n  valeur: Région Occitanie\nthemes:\n  colonne: H\n  valeurs:\n"
        "    numerique: [Numérique]\n    fabrication: [Fablab]\npresentation_detail: I\n", encoding="utf-8")
    spreadsheet = _csv(tmp_path, "Le Bocal,12,rue Haute,Albi,81000,,Un tiers-lieu.,Fablab / numérique,Son histoire.",
                       "La Grange,,,Millau,12100,Un atelier.,Autre texte.,,")
    assert _run(project, spreadsheet, "--correspondance", str(tmp_path / "occitanie.correspondance.yml"),
                "--geocodeur", "http://127.0.0.1:9/") == 1  # no coordinates: the geocoder is asked, and fails
    assert capsys.readouterr().err.splitlines()[:2] == [
        "lieux.csv:1: B + C: géocodage impossible : le service de géocodage ne répond pas (trouvé : pas de connexion ; "
        "attendu : une réponse de http://127.0.0.1:9/). Vérifiez l'accès à Internet et relancez, ou remplissez les "
        "colonnes latitude et longitude.",
        "lieux.csv:2: D: géocodage impossible : le service de géocodage ne répond pas (trouvé : pas de connexion ; "
        "attendu : une réponse de http://127.0.0.1:9/). Vérifiez l'accès à Internet et relancez, ou remplissez les "
        "colonnes latitude et longitude.",
    ]
    sheet = apply_mapping(read_table(spreadsheet, header=False), load_mapping(tmp_path / "occitanie.correspondance.yml")[0])
    assert [cells for _, cells in sheet.rows] == [
        {"region": "Région Occitanie", "nom": "Le Bocal", "adresse": "12 rue Haute", "commune": "Albi",
         "code_postal": "81000", "presentation_resume": "Un tiers-lieu.", "themes": "fabrication|numerique",
         BODY: "Son histoire."},
        {"region": "Région Occitanie", "nom": "La Grange", "adresse": "", "commune": "Millau", "code_postal": "12100",
         "presentation_resume": "Un atelier.", "themes": "", BODY: ""},
    ]
