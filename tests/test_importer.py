"""``make import``: spreadsheets as Excel and LibreOffice save them, mapping files, geocoding, all or nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importing import HEADER, import_project, portraits, run, write_csv
from projects import run_make
from tierslieux.content import load_content
from tierslieux.importing.table import read_table
from tierslieux.schema import load_schema


@pytest.fixture
def project(tmp_path) -> Path:
    return import_project(tmp_path)


_portraits, _run, _csv = portraits, run, write_csv


def test_every_problem_is_listed_at_once_with_row_and_column_and_nothing_is_written(project, tmp_path, capsys):
    spreadsheet = _csv(
        tmp_path, HEADER,
        "Atelier A,bretagne,Rennes,35000,,48.11,-1.68,Un atelier.,numerique",
        "Atelier B,bretagne,Brest,29200,,48.39,-4.49,Un autre atelier.,numerique|robotique",
        "Atelier A,bretagne,Rennes,35000,,48.11,-1.68,Le même atelier.,",
        "Atelier C,atlantide,Vannes,560,,47.66,-2.76,,",
    )
    assert _run(project, spreadsheet) == 1
    themes = ", ".join(load_schema("portrait")["$defs"]["theme"]["enum"])
    assert capsys.readouterr().err == (
        f"lieux.csv:3: themes: valeur non reconnue (trouvé : \"robotique\" ; attendu : une des valeurs {themes}). "
        "Choisissez une des valeurs de la liste.\n"
        "lieux.csv:4: nom: ligne en double (trouvé : « Atelier A » à Rennes, le même lieu que la ligne 2, « Atelier A » "
        "à Rennes ; attendu : une ligne par lieu). Supprimez l'une des deux lignes, ou distinguez les noms s'il "
        "s'agit de deux lieux.\n"
        "lieux.csv:5: code_postal: format incorrect (trouvé : \"560\" ; attendu : cinq chiffres). "
        "Corrigez la valeur.\n"
        "lieux.csv:5: presentation_resume: cellule vide (trouvé : rien ; attendu : résumé). Remplissez la cellule.\n"
        "lieux.csv:5: region: région inconnue (trouvé : « atlantide » ; attendu : un nom comme Bretagne ou Région "
        "Bretagne, un identifiant comme bretagne, ou un code INSEE de région comme 53). Corrigez la cellule : les "
        "régions sont listées sur la page « Les champs d'une fiche ».\n"
        "En tout : 5 problèmes, sur 3 lignes du tableau.\n"
        "  1 × cellule vide\n"
        "  1 × format incorrect\n"
        "  1 × ligne en double\n"
        "  1 × région inconnue\n"
        "  1 × valeur non reconnue\n"
        "Lignes à corriger : 3 à 5.\n"
        "Rien n'a été écrit : corrigez le tableau et relancez, ou importez les lignes sans problème avec PARTIEL=oui.\n"
    )
    assert _portraits(project) == {}


def test_values_the_check_refuses_are_told_at_their_row_and_column(project, tmp_path, capsys):
    themes = ", ".join(load_schema("portrait")["$defs"]["theme"]["enum"])
    spreadsheet = _csv(
        tmp_path, HEADER,
        "Atelier A,bretagne,Rennes,35000,,48.11,-1.68,Un atelier.,numerique",
        "Atelier B,bretagne,Brest,29200,,48.39,-4.49,Un autre atelier.,numerique|robotique",
        "Atelier C,bretagne,Vannes,560,,47.66,-2.76,Un troisième.,",
    )
    assert _run(project, spreadsheet) == 1
    assert capsys.readouterr().err == (
        f"lieux.csv:3: themes: valeur non reconnue (trouvé : \"robotique\" ; attendu : une des valeurs {themes}). "
        "Choisissez une des valeurs de la liste.\n"
        "lieux.csv:4: code_postal: format incorrect (trouvé : \"560\" ; attendu : cinq chiffres). "
        "Corrigez la valeur.\n"
        "En tout : 2 problèmes, sur 2 lignes du tableau.\n"
        "  1 × format incorrect\n"
        "  1 × valeur non reconnue\n"
        "Lignes à corriger : 3, 4.\n"
        "Rien n'a été écrit : corrigez le tableau et relancez, ou importez les lignes sans problème avec PARTIEL=oui.\n"
    )
    assert _portraits(project) == {}


def test_columns_are_told_by_the_spreadsheet_s_own_header(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, "Nom,Commune,Code postal,Latitude,Longitude,Présentation résumé",
                       "Atelier A,Rennes,350,48.11,-1.68,Un atelier.")
    assert _run(project, spreadsheet, "--region", "bretagne") == 1
    assert capsys.readouterr().err.startswith("lieux.csv:2: Code postal: format incorrect (trouvé : \"350\" ;")


def test_a_missing_column_is_named_once(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, "nom,commune,latitude,longitude", "Atelier A,Rennes,48.11,-1.68")
    assert _run(project, spreadsheet, "--region", "bretagne") == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "lieux.csv:1: code_postal: colonne absente (trouvé : les colonnes nom, commune, latitude, longitude ; "
        "attendu : une colonne « code_postal »). Ajoutez-la, ou indiquez dans un fichier de correspondance "
        "(CORRESPONDANCE=…) la colonne qui en tient lieu.\n")
    assert err.count("colonne absente (trouvé") == 2  # code_postal, presentation_resume
    assert "  2 × colonne absente\n" in err


def test_an_existing_place_keeps_its_body_and_comments_and_a_second_import_changes_nothing(project, tmp_path, capsys):
    (project / "portraits" / "la-forge.md").write_text(
        "---\nname: La Forge  # le nom d'usage\nregion: bretagne\ncommune: Rennes\npostal_code: \"35000\"\n"
        "latitude: 48.11\nlongitude: -1.68\nsummary: Ancien résumé.\nthemes:\n  - numerique\n"
        "website: https://la-forge.example.org\n---\n\nLe portrait écrit à la main.\n", encoding="utf-8")
    spreadsheet = _csv(tmp_path, "nom,commune,presentation_resume,themes,code_postal",
                       "la forge,RENNES,Nouveau résumé.,numerique|fabrication,35000")
    assert _run(project, spreadsheet, "--region", "bretagne") == 0
    assert _portraits(project)["la-forge.md"] == (
        "---\nname: \"la forge\"  # le nom d'usage\nregion: bretagne\ncommune: Rennes\npostal_code: \"35000\"\n"
        "latitude: 48.11\nlongitude: -1.68\nsummary: \"Nouveau résumé.\"\nthemes:\n  - numerique\n  - fabrication\n"
        "website: https://la-forge.example.org\n---\n\nLe portrait écrit à la main.\n")
    assert capsys.readouterr().out == (
        "lieux.csv:2: portraits/la-forge.md mis à jour\n"
        "    nom : La Forge → la forge\n"
        "    presentation_resume : Ancien résumé. → Nouveau résumé.\n"
        "    themes : numerique → numerique, fabrication\n"
        "0 créé, 1 mis à jour, 0 inchangé.\n")
    before = _portraits(project)
    assert _run(project, spreadsheet, "--region", "bretagne") == 0
    assert _portraits(project) == before
    assert capsys.readouterr().out.endswith("0 créé, 0 mis à jour, 1 inchangé.\n")


def test_make_import_reads_its_variables(project, tmp_path):
    spreadsheet = _csv(tmp_path, "nom,commune,code_postal,latitude,longitude,presentation_resume",
                       "Atelier du Port,Brest,29200,48.39,-4.49,Un atelier.")
    result = run_make(project, "import", f"FICHIER={spreadsheet}", "REGION=Bretagne")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "lieux.csv:2: portraits/atelier-du-port.md créé\n"
        "Réparé ou complété en passant (vérifiez au besoin) :\n"
        "    departement : déduit du code INSEE de la commune, ligne 2 (29019 donne 29)\n"
        "1 créé, 0 mis à jour, 0 inchangé.\n")
    assert load_content(project).places[0].region == "bretagne"


def test_an_unknown_region_given_on_the_command_line_is_refused(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, "nom,commune,code_postal,latitude,longitude,presentation_resume",
                       "Atelier du Port,Brest,29200,48.39,-4.49,Un atelier.")
    assert _run(project, spreadsheet, "--region", "Armorique") == 1
    assert capsys.readouterr().err.startswith(
        "lieux.csv:1: REGION: région inconnue (trouvé : « Armorique » ; attendu : un nom comme Bretagne ou Région "
        "Bretagne, un identifiant comme bretagne, ou un code INSEE de région comme 53). Corrigez REGION=… : les "
        "régions sont listées sur la page « Les champs d'une fiche ».\n")


def test_partial_writes_the_valid_rows_and_copies_the_others_to_fix(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, "Nom;Région;Commune;CP;Latitude;Longitude;Résumé;Financeur",
                       "Atelier A;bretagne;Rennes;35000;48.11;-1.68;Un atelier.;ANCT",
                       "Atelier B;atlantide;Brest;29200;48.39;-4.49;=Un autre;Région",
                       "Atelier C;bretagne;Vannes;56000;47.66;-2.76;;")
    assert _run(project, spreadsheet, "--partiel") == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[1] == "lieux.csv:2: portraits/atelier-a.md créé"
    assert captured.err.endswith(
        "Lignes à corriger : 3, 4.\n"
        f"Les lignes refusées sont recopiées, avec la colonne probleme, dans {tmp_path / 'lieux.a-corriger.csv'} : "
        f"corrigez-les dans ce fichier, puis importez-le (make import FICHIER={tmp_path / 'lieux.a-corriger.csv'} "
        "PARTIEL=oui).\n")
    assert list(_portraits(project)) == ["atelier-a.md"]
    to_fix = (tmp_path / "lieux.a-corriger.csv").read_text(encoding="utf-8-sig")
    assert list(csv.reader(io.StringIO(to_fix), delimiter=";")) == [
        ["Nom", "Région", "Commune", "CP", "Latitude", "Longitude", "Résumé", "Financeur", "probleme"],
        ["Atelier B", "atlantide", "Brest", "29200", "48.39", "-4.49", "'=Un autre", "Région",
         "lieux.csv, ligne 3 : Région : région inconnue (trouvé : « atlantide » ; attendu : un nom comme Bretagne ou Région Bretagne, un "
         "identifiant comme bretagne, ou un code INSEE de région comme 53). Corrigez la cellule : les régions sont "
         "listées sur la page « Les champs d'une fiche »."],
        ["Atelier C", "bretagne", "Vannes", "56000", "47.66", "-2.76", "", "",
         "lieux.csv, ligne 4 : Résumé : cellule vide (trouvé : rien ; attendu : résumé). Remplissez la cellule."],
    ]
    fixed = to_fix.replace("atlantide", "bretagne").replace("47.66;-2.76;;", "47.66;-2.76;Un troisième.;")
    (tmp_path / "lieux.a-corriger.csv").write_text(fixed, encoding="utf-8")
    assert _run(project, tmp_path / "lieux.a-corriger.csv", "--partiel") == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith("colonnes ignorées, qui ne sont ni des colonnes de /data/lieux.csv ni dans une "
                                        "correspondance : Financeur")
    assert out.endswith(f"Toutes les lignes sont importées : {tmp_path / 'lieux.a-corriger.csv'}, qui listait des "
                        "lignes à corriger, peut être supprimé.\n")
    assert list(_portraits(project)) == ["atelier-a.md", "atelier-b.md", "atelier-c.md"]
    assert load_content(project).places[1].summary == "=Un autre"


def test_without_partial_a_problem_writes_nothing_not_even_the_rows_to_fix(project, tmp_path):
    spreadsheet = _csv(tmp_path, HEADER, "Atelier A,bretagne,Rennes,35000,,48.11,-1.68,Un atelier.,",
                       "Atelier B,atlantide,Brest,29200,,48.39,-4.49,Un autre.,")
    assert _run(project, spreadsheet) == 1
    assert _portraits(project) == {} and not (tmp_path / "lieux.a-corriger.csv").exists()


@pytest.mark.parametrize(("given", "region"), [
    ("11", "ile-de-france"), ("76", "occitanie"), ("Région Occitanie", "occitanie"), ("93", "provence-alpes-cote-d-azur"),
    ("Réunion", "la-reunion"), ("Région Sud", "provence-alpes-cote-d-azur"), ("PACA", "provence-alpes-cote-d-azur"), ("auvergne-rhone-alpes", "auvergne-rhone-alpes"), ("Grand Est", "grand-est"),
    ("Provence-Alpes-Côte d’Azur", "provence-alpes-cote-d-azur"), ("Provence-Alpes-Côte dʼAzur", "provence-alpes-cote-d-azur"),
    ("Provence-Alpes-Côte d'Azur", "provence-alpes-cote-d-azur"),
])
def test_a_region_is_a_slug_a_name_with_or_without_region_or_an_insee_code(project, tmp_path, given, region):
    spreadsheet = _csv(tmp_path, "nom,region,commune,code_postal,latitude,longitude,presentation_resume",
                       f"Atelier,{given},Ville,35000,,,Un atelier.")
    content = load_content(project)
    from tierslieux.scaffold import region_slug
    assert region_slug(given, content, numbered=False) == region
    assert read_table(spreadsheet).rows[0][1]["region"] == given


def test_presentation_detail_fills_an_unwritten_portrait_but_never_replaces_a_written_one(project, tmp_path, capsys):
    template_body = "\n## Le lieu\n\nSon histoire, son équipe, ce qu'on y trouve.\n"
    for slug, body in (("atelier-a", template_body), ("atelier-b", "\nUn texte écrit à la main.\n")):
        (project / "portraits" / f"{slug}.md").write_text(
            f"---\nname: {slug.replace('-', ' ').title()}\nregion: bretagne\ncommune: Rennes\npostal_code: \"35000\"\n"
            f"latitude: 48.11\nlongitude: -1.68\nsummary: Un atelier.\n---\n{body}", encoding="utf-8")
    spreadsheet = _csv(tmp_path, "id,presentation_detail", "atelier-a,Le vrai texte.", "atelier-b,Un autre texte.")
    assert _run(project, spreadsheet) == 0
    portraits = _portraits(project)
    assert portraits["atelier-a.md"].endswith("---\n\nLe vrai texte.\n")
    assert portraits["atelier-b.md"].endswith("---\n\nUn texte écrit à la main.\n")
    assert capsys.readouterr().out == (
        "lieux.csv:2: portraits/atelier-a.md mis à jour\n"
        "    presentation_detail : le portrait, qui n'était pas écrit, est rempli\n"
        "lieux.csv:3: portraits/atelier-b.md inchangé\n"
        "    presentation_detail : le portrait déjà écrit dans la fiche est gardé\n"
        "0 créé, 1 mis à jour, 1 inchangé.\n")


def test_a_new_portrait_holds_no_placeholder_text(project, tmp_path):
    spreadsheet = _csv(tmp_path, HEADER, "Atelier A,bretagne,Rennes,35000,,48.11,-1.68,Un atelier.,")
    assert _run(project, spreadsheet) == 0
    text = _portraits(project)["atelier-a.md"]
    assert text.endswith("---\n") and "Son histoire" not in text and "Comment on y apprend" not in text


def test_an_excel_serial_date_gets_one_message_that_says_it_is_a_date(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, HEADER + ",date_maj", "Atelier A,bretagne,Rennes,35000,,48.11,-1.68,Un atelier.,,45292")
    assert _run(project, spreadsheet) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "lieux.csv:2: date_maj: nombre à la place d'une date (trouvé : 45292, qui est la façon dont Excel compte les "
        "jours : le 01/01/2024 ; attendu : une date comme 2024-01-01 ou 01/01/2024). Mettez la colonne au format "
        "« Date » dans le tableur, ou écrivez 2024-01-01 dans la cellule.\nEn tout : 1 problème,")


def test_huge_cells_long_names_and_oversized_portraits_are_refused_at_their_row(project, tmp_path, capsys):
    place = "bretagne,Rennes,35000,,48.11,-1.68,Un atelier.,"
    spreadsheet = _csv(tmp_path, HEADER + ",equipements,horaires,accessibilite",
                       f"Atelier A,{place},{'x' * 140 * 1024},,",
                       f"{'A' * 300},{place},,,",
                       f"Atelier C,{place},{'|'.join(['y' * 1000] * 100)},{'z' * 100_000},{'w' * 100_000}",
                       "Atelier D,bretagne,Brest,29200,,48.39,-4.49,Un autre.,,,,")
    assert _run(project, spreadsheet, "--partiel") == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == "lieux.csv:5: portraits/atelier-d.md créé"
    assert captured.err.splitlines()[:3] == [
        "lieux.csv:2: equipements: cellule trop longue (trouvé : 140 Ko de texte ; attendu : 128 Ko au plus). "
        "Raccourcissez le texte de la cellule.",
        f"lieux.csv:3: nom: nom trop long pour un nom de fichier (trouvé : « {'A' * 300} », soit 300 caractères en "
        "nom de fichier ; attendu : 120 au plus). Raccourcissez le nom.",
        "lieux.csv:4: fiche: fiche trop grosse (trouvé : 296 Ko ; attendu : 256 Ko au plus, la limite de make check). "
        "Raccourcissez les textes longs de cette ligne.",
    ]


def test_a_departement_given_as_a_region_is_named(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, HEADER, "Atelier A,69,Lyon,69001,,45.76,4.83,Un atelier.,")
    assert _run(project, spreadsheet) == 1
    assert capsys.readouterr().err.startswith(
        "lieux.csv:2: region: région inconnue (trouvé : « 69 », le numéro du département Rhône, pas d'une région ; "
        "attendu : un nom comme Bretagne ou Région Bretagne, un identifiant comme bretagne, ou un code INSEE de région "
        "comme 53).")


def test_partiel_and_the_geocoder_s_deadline_come_from_make_variables(project, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PARTIEL", "oui")
    monkeypatch.setenv("GEOCODEUR_DELAI", "abc")
    spreadsheet = _csv(tmp_path, HEADER, "Atelier A,atlantide,Rennes,35000,,48.11,-1.68,Un atelier.,")
    assert _run(project, spreadsheet) == 2
    assert capsys.readouterr().err == "GEOCODEUR_DELAI : nombre attendu, plus grand que 0 (trouvé : « abc »).\n"
    monkeypatch.setenv("GEOCODEUR_DELAI", "30")
    assert _run(project, spreadsheet) == 1
    assert (tmp_path / "lieux.a-corriger.csv").exists()


def test_messages_for_cells_give_no_advice_on_quotes(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, HEADER + ",telephone,departement", "Atelier A,bretagne,Rennes,35000,,48.11,-1.68,"
                                                                     "Un atelier.,,36 46,3a")
    assert _run(project, spreadsheet) == 1
    err = capsys.readouterr().err
    assert "guillemets" not in err
    assert 'lieux.csv:2: telephone: format incorrect (trouvé : "36 46" ; attendu : par exemple "02 99 00 00 00").' in err


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["nom", "commune", "code_postal", "region", "latitude", "45292", "=1+1", "\ufffd", "Ã©", "1000", "+33 6", "NaN",
     "1e999", "-", "{A}", "www.x", "a@b|c", "11", "69", "id", "siret", "Ville"]), max_size=6), max_size=5),
       st.sampled_from([";", ",", "\t"]), st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "mac_roman", "utf-16"]))
def test_no_spreadsheet_ends_in_a_traceback(project, tmp_path, rows, delimiter, encoding):
    text = "\r\n".join(delimiter.join(row) for row in rows)
    path = tmp_path / "lieux.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    assert _run(project, path, "--geocodeur", "http://127.0.0.1:9/", "--delai", "5", "--partiel") in (0, 1)
