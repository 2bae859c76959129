"""``make import``: spreadsheets as Excel and LibreOffice save them, mapping files, geocoding, all or nothing."""

from __future__ import annotations

import csv
import email.parser
import email.policy
import io
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importing import import_project, portraits, run, write_csv
from projects import REPO, run_make
from tierslieux.content import load_content
from tierslieux.exports import COLUMNS
from tierslieux.importing.mapping import BODY, apply_mapping, load_mapping
from tierslieux.importing.table import read_table
from tierslieux.schema import load_schema

HEADER = "nom,region,commune,code_postal,adresse,latitude,longitude,presentation_resume,themes"


@pytest.fixture
def project(tmp_path) -> Path:
    return import_project(tmp_path)


_portraits, _run, _csv = portraits, run, write_csv


# The geocoder's CSV batch endpoint, played by a local server ---------------------------------------------------


class Geocoder:
    """Answers like the Géoplateforme's /geocodage/search/csv, from a table of known addresses."""

    def __init__(self, known: dict[str, tuple[float, str, float, float]]):
        self.known = known  # "adresse, commune" -> (score, label, latitude, longitude[, type, city[, citycode]])
        self.requests: list[dict[str, list[str]]] = []

    def answer(self, content_type: str, body: bytes) -> str:
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        fields: dict[str, list[str]] = {}
        for part in message.iter_parts():
            fields.setdefault(part.get_param("name", header="content-disposition"), []).append(
                part.get_payload(decode=True).decode("utf-8"))
        self.requests.append(fields)
        rows = list(csv.DictReader(io.StringIO(fields["data"][0])))
        out = io.StringIO()
        writer = csv.DictWriter(out, [*rows[0], "latitude", "longitude", "result_score", "result_label",
                                      "result_type", "result_city", "result_citycode", "result_status"],
                                lineterminator="\n")
        writer.writeheader()
        for row in rows:
            found = self.known.get(f"{row['adresse']}, {row['commune']}")
            kind, city, citycode = (*found[4:], "")[:3] if found and len(found) > 4 else ("housenumber", "", "")
            result = ({"result_score": found[0], "result_label": found[1], "latitude": found[2],
                       "longitude": found[3], "result_type": kind, "result_city": city, "result_citycode": citycode,
                       "result_status": "ok"}
                      if found else {"result_status": "not-found"})
            writer.writerow({**row, **result})
        return out.getvalue()


@pytest.fixture
def geocoder():
    """A local geocoder on 127.0.0.1 and its URL; tests fill ``known``."""
    service = Geocoder({})

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            text = service.answer(self.headers["Content-Type"], body).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/csv; charset=utf-8")
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield service, f"http://127.0.0.1:{server.server_port}/geocodage/search/csv"
    server.shutdown()
    server.server_close()


# Spreadsheets --------------------------------------------------------------------------------------------------


def test_a_windows_1252_file_with_semicolons_and_crlf_as_excel_saves_it(project, tmp_path, capsys):
    text = ("Nom;Région;Commune;Code postal;Latitude;Longitude;presentation_resume;Thèmes\r\n"
            "Forge numérique de l'Orne;Normandie;Alençon;61000;48,4329;0,0913;\"Un atelier; et des ordinateurs.\";"
            "numerique|fabrication\r\n")
    (tmp_path / "lieux.csv").write_bytes(text.encode("cp1252"))
    assert _run(project, tmp_path / "lieux.csv") == 0
    place = load_content(project).places[0]
    assert (place.slug, place.name, place.region, place.commune) == (
        "forge-numerique-de-l-orne", "Forge numérique de l'Orne", "normandie", "Alençon")
    assert (place.latitude, place.longitude, place.themes) == (48.4329, 0.0913, ("numerique", "fabrication"))
    assert capsys.readouterr().out == (
        "lieux.csv: le fichier est enregistré en Windows-1252 (l'ancien « CSV » d'Excel), pas en UTF-8 : il a été "
        "lu comme tel (c'est la seule lecture dont les mots n'ont pas de lettre brouillée) ; vérifiez les accents "
        "des fiches\n"
        "lieux.csv:2: portraits/forge-numerique-de-l-orne.md créé\n"
        "Réparé ou complété en passant (vérifiez au besoin) :\n"
        "    departement : déduit du code postal, ligne 2 (61000 donne 61)\n"
        "1 créé, 0 mis à jour, 0 inchangé.\n")


def test_an_xlsx_file_whose_postal_code_excel_turned_into_a_number(project, tmp_path, capsys):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["nom", "region", "commune", "code_postal", "departement", "telephone", "latitude", "longitude",
                  "presentation_resume", "date_maj"])
    sheet.append(["La Cabane de Bourg", "Auvergne-Rhône-Alpes", "Bourg-en-Bresse", 1000, 1, 474000000, 46.2052,
                  5.2255, "Un atelier de couture.", "4/05/2026"])
    workbook.save(tmp_path / "lieux.xlsx")
    assert _run(project, tmp_path / "lieux.xlsx") == 0
    place = load_content(project).places[0]
    assert (place.region, place.postal_code, place.departement, place.phone, place.latitude, str(place.updated)) == (
        "auvergne-rhone-alpes", "01000", "01", "0474000000", 46.2052, "2026-05-04")
    assert capsys.readouterr().out == (
        "lieux.xlsx:2: portraits/la-cabane-de-bourg.md créé\n"
        "Réparé ou complété en passant (vérifiez au besoin) :\n"
        "    code_postal : zéro initial rétabli (le tableur l'avait effacé), ligne 2 (1000 lu comme 01000)\n"
        "    departement : zéro initial rétabli (le tableur l'avait effacé), ligne 2 (1 lu comme 01)\n"
        "    telephone : zéro initial rétabli (le tableur l'avait effacé), ligne 2 (474000000 lu comme 0474000000)\n"
        "    date_maj : date écrite AAAA-MM-JJ, ligne 2 (4/05/2026 lu comme 2026-05-04)\n"
        "1 créé, 0 mis à jour, 0 inchangé.\n")


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


# Existing places -----------------------------------------------------------------------------------------------


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


# Mapping files -------------------------------------------------------------------------------------------------


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
    assert [name for name in load_schema("correspondance")["properties"] if name not in ("entete", "source", BODY)] == [
        column.name for column in COLUMNS if column.field]


# Geocoding -----------------------------------------------------------------------------------------------------


def test_rows_without_coordinates_are_geocoded_in_one_request_and_doubtful_ones_refused(project, tmp_path,
                                                                                        geocoder, capsys):
    service, url = geocoder
    service.known["12 rue de Paris, Rennes"] = (0.95, "12 Rue de Paris 35000 Rennes", 48.111983, -1.669876)
    service.known["la gare, Brest"] = (0.41, "Rue de la Gare 29200 Brest", 48.3883, -4.4789)
    spreadsheet = _csv(
        tmp_path, HEADER,
        "Atelier A,bretagne,Rennes,35000,12 rue de Paris,,,Un atelier.,",
        "Atelier B,bretagne,Brest,29200,la gare,,,Un autre.,",
        "Atelier C,bretagne,Quimper,29000,,47.99,-4.1,Un troisième.,",
    )
    assert _run(project, spreadsheet, "--geocodeur", url) == 1
    assert capsys.readouterr().err == (
        "lieux.csv:3: adresse: adresse non trouvée avec assez de certitude (trouvé : « la gare, 29200 Brest » ; "
        "le meilleur candidat est « Rue de la Gare 29200 Brest », latitude 48.3883, longitude -4.4789, score 0.41 ; "
        "attendu : un score d'au moins 0.70). Corrigez l'adresse, ou, si ce candidat est le bon lieu, recopiez ses "
        "coordonnées dans les colonnes latitude et longitude.\n"
        "En tout : 1 problème, sur 1 ligne du tableau.\n"
        "  1 × adresse non trouvée avec assez de certitude\n"
        "Lignes à corriger : 3.\n"
        "Rien n'a été écrit : corrigez le tableau et relancez, ou importez les lignes sans problème avec PARTIEL=oui.\n"
    )
    assert _portraits(project) == {}
    assert len(service.requests) == 1
    assert service.requests[0]["columns"] == ["adresse", "commune"] and service.requests[0]["postcode"] == [
        "code_postal"]
    assert service.requests[0]["data"][0].splitlines() == [
        "id,adresse,code_postal,commune", "2,12 rue de Paris,35000,Rennes", "3,la gare,29200,Brest"]

    assert _run(project, spreadsheet, "--geocodeur", url, "--score-min", "0.4") == 0
    places = {place.slug: place for place in load_content(project).places}
    assert (places["atelier-a"].latitude, places["atelier-a"].longitude) == (48.11198, -1.66988)
    assert "    géocodé : 12 Rue de Paris 35000 Rennes (score 0.95)\n" in capsys.readouterr().out


def test_without_network_the_import_says_so_and_writes_nothing(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, HEADER, "Atelier A,bretagne,Rennes,35000,12 rue de Paris,,,Un atelier.,")
    assert _run(project, spreadsheet, "--geocodeur", "http://127.0.0.1:9/geocodage/search/csv") == 1
    assert capsys.readouterr().err.startswith(
        "lieux.csv:2: adresse: géocodage impossible : le service de géocodage ne répond pas (trouvé : pas de "
        "connexion ; attendu : une réponse de http://127.0.0.1:9/geocodage/search/csv). Vérifiez l'accès à Internet "
        "et relancez, ou remplissez les colonnes latitude et longitude.\n")
    assert _portraits(project) == {}


def test_make_import_reads_its_variables(project, tmp_path):
    spreadsheet = _csv(tmp_path, "nom,commune,code_postal,latitude,longitude,presentation_resume",
                       "Atelier du Port,Brest,29200,48.39,-4.49,Un atelier.")
    result = run_make(project, "import", f"FICHIER={spreadsheet}", "REGION=Bretagne")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "lieux.csv:2: portraits/atelier-du-port.md créé\n"
        "Réparé ou complété en passant (vérifiez au besoin) :\n"
        "    departement : déduit du code postal, ligne 2 (29200 donne 29)\n"
        "1 créé, 0 mis à jour, 0 inchangé.\n")
    assert load_content(project).places[0].region == "bretagne"


def test_the_mapping_file_of_contributing_is_valid_for_the_spreadsheet_it_describes(tmp_path):
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = guide.split("```yaml\n# bretagne.correspondance.yml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "bretagne.correspondance.yml").write_text(example, encoding="utf-8")
    spreadsheet = _csv(tmp_path, "Nom de la structure,Ville,CP,Adresse postale,Description courte,Domaines",
                       "Atelier,Rennes,35000,1 rue de Paris,Un atelier.,Fablab ; informatique")
    sheet = apply_mapping(read_table(spreadsheet), load_mapping(tmp_path / "bretagne.correspondance.yml")[0])
    assert sheet.rows[0][1]["themes"] == "fabrication|numerique" and sheet.rows[0][1]["region"] == "bretagne"
    assert sheet.origins["code_postal"] == "CP"


def test_an_unknown_region_given_on_the_command_line_is_refused(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, "nom,commune,code_postal,latitude,longitude,presentation_resume",
                       "Atelier du Port,Brest,29200,48.39,-4.49,Un atelier.")
    assert _run(project, spreadsheet, "--region", "Armorique") == 1
    assert capsys.readouterr().err.startswith(
        "lieux.csv:1: REGION: région inconnue (trouvé : « Armorique » ; attendu : un nom comme Bretagne ou Région "
        "Bretagne, un identifiant comme bretagne, ou un code INSEE de région comme 53). Corrigez REGION=… : les "
        "régions sont listées sur la page « Les champs d'une fiche ».\n")


def test_a_short_row_has_empty_cells_and_one_coordinate_alone_is_refused(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, HEADER, "Atelier A,bretagne,Rennes,35000,,48.11,,Un atelier.,", "Atelier B,bretagne")
    assert _run(project, spreadsheet) == 1
    assert capsys.readouterr().err.splitlines()[:4] == [
        "lieux.csv:2: longitude: coordonnée seule (trouvé : une seule des deux ; attendu : la latitude et la "
        "longitude, ou aucune pour que l'adresse soit géocodée). Remplissez les deux cellules, ou videz-les.",
        "lieux.csv:3: code_postal: cellule vide (trouvé : rien ; attendu : code postal). Remplissez la cellule.",
        "lieux.csv:3: commune: cellule vide (trouvé : rien ; attendu : commune). Remplissez la cellule.",
        "lieux.csv:3: presentation_resume: cellule vide (trouvé : rien ; attendu : résumé). Remplissez la cellule.",
    ]


def test_an_empty_coordinate_cell_keeps_the_place_s_coordinates(project, tmp_path):
    (project / "portraits" / "la-forge.md").write_text(
        "---\nname: La Forge\nregion: bretagne\ncommune: Rennes\npostal_code: \"35000\"\nlatitude: 48.11\n"
        "longitude: -1.68\nsummary: Un atelier.\n---\n", encoding="utf-8")
    spreadsheet = _csv(tmp_path, HEADER, "La Forge,bretagne,Rennes,35000,,,,Un atelier de soudure.,")
    assert _run(project, spreadsheet) == 0
    place = load_content(project).places[0]
    assert (place.latitude, place.longitude, place.summary) == (48.11, -1.68, "Un atelier de soudure.")


def test_a_file_that_only_updates_places_needs_only_their_identifier(project, tmp_path, capsys):
    (project / "portraits" / "la-forge.md").write_text(
        "---\nname: La Forge\nregion: bretagne\ncommune: Rennes\npostal_code: \"35000\"\nlatitude: 48.11\n"
        "longitude: -1.68\nsummary: Un atelier.\n---\n", encoding="utf-8")
    spreadsheet = _csv(tmp_path, "id,telephone", "la-forge,02 99 00 00 00")
    assert _run(project, spreadsheet) == 0
    assert load_content(project).places[0].phone == "02 99 00 00 00"
    assert capsys.readouterr().out == (
        "lieux.csv:2: portraits/la-forge.md mis à jour\n    telephone : (vide) → 02 99 00 00 00\n"
        "0 créé, 1 mis à jour, 0 inchangé.\n")


# Identity: a row is the place of its id, or of its name in its commune, and nothing else ----------------------


FABRIQUE = ("---\nname: La Fabrique\nregion: occitanie\ncommune: Montpellier\npostal_code: \"34000\"\n"
            "latitude: 43.6109\nlongitude: 3.8772\nsummary: Un atelier de Montpellier.\n"
            "email: contact@fabrique-montpellier.example.org\n---\n\nLe portrait écrit à la main.\n")


def test_a_homonym_in_another_town_gets_its_own_file_and_never_touches_the_other(project, tmp_path, capsys):
    (project / "portraits" / "la-fabrique.md").write_text(FABRIQUE, encoding="utf-8")
    spreadsheet = _csv(tmp_path, HEADER + ",site_web",
                       "La Fabrique,provence-alpes-cote-d-azur,Arles,13200,,43.6766,4.6278,Un atelier d'Arles.,,"
                       "https://fabrique-arles.example.org",
                       "Cosens,provence-alpes-cote-d-azur,Arles,13200,,43.677,4.63,Une coopérative.,,",
                       "Cosens,provence-alpes-cote-d-azur,Nice,06000,,43.7,7.27,Une autre coopérative.,,")
    assert _run(project, spreadsheet) == 0
    assert _portraits(project)["la-fabrique.md"] == FABRIQUE
    assert capsys.readouterr().out.splitlines()[:3] == [
        "lieux.csv:2: portraits/la-fabrique-arles.md créé",
        "lieux.csv:3: portraits/cosens.md créé",
        "lieux.csv:4: portraits/cosens-nice.md créé",
    ]
    assert _run(project, spreadsheet) == 0  # a second import finds each place again, and changes nothing
    assert capsys.readouterr().out.endswith("0 créé, 0 mis à jour, 3 inchangés.\n")
    assert _portraits(project)["la-fabrique.md"] == FABRIQUE


def test_a_place_named_like_one_of_the_sites_addresses_gets_its_commune_in_its_file_name(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, HEADER,
                       "Photos,bretagne,Vannes,56000,,47.66,-2.76,Un collectif de photographes.,",
                       "Index,bretagne,Lorient,56100,,47.75,-3.37,Un atelier d'édition.,")
    assert _run(project, spreadsheet) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        "lieux.csv:2: portraits/photos-vannes.md créé",
        "lieux.csv:3: portraits/index-lorient.md créé",
    ]
    assert {place.slug for place in load_content(project).places} >= {"photos-vannes", "index-lorient"}


def test_make_new_gives_a_homonym_the_same_file_name_as_an_import(project, tmp_path):
    from tierslieux.scaffold import main as new

    (project / "portraits" / "la-fabrique.md").write_text(FABRIQUE, encoding="utf-8")
    assert new(["--root", str(project), "--name", "La Fabrique", "--region", "Provence-Alpes-Côte d'Azur", "--commune", "Arles",
                "--postal-code", "13200", "--coordinates", "43.6766, 4.6278", "--summary", "Un atelier."],
               ask=lambda prompt: (_ for _ in ()).throw(EOFError)) == 0
    assert "la-fabrique-arles.md" in _portraits(project)


def test_an_update_by_id_that_moves_a_place_says_so_on_its_own_lines(project, tmp_path, capsys):
    (project / "portraits" / "la-fabrique.md").write_text(FABRIQUE, encoding="utf-8")
    spreadsheet = _csv(tmp_path, "id,commune,code_postal,latitude,longitude", "la-fabrique,Sète,34200,43.4028,3.6928")
    assert _run(project, spreadsheet) == 0
    assert capsys.readouterr().out == (
        "lieux.csv:2: portraits/la-fabrique.md mis à jour\n"
        "    commune : Montpellier → Sète\n"
        "    code_postal : 34000 → 34200\n"
        "    latitude : 43.6109 → 43.4028\n"
        "    longitude : 3.8772 → 3.6928\n"
        "    departement : (vide) → 34\n"
        "Réparé ou complété en passant (vérifiez au besoin) :\n"
        "    departement : déduit du code postal, ligne 2 (34200 donne 34)\n"
        "0 créé, 1 mis à jour, 0 inchangé.\n")


def test_another_list_s_identifier_is_kept_with_its_source_and_finds_the_place_again(project, tmp_path, capsys):
    (tmp_path / "bzh.yml").write_text("source: bzh-fablab\n", encoding="utf-8")
    spreadsheet = _csv(tmp_path, "id,nom,commune,code_postal,latitude,longitude,presentation_resume,siret",
                       "17,Atelier A,Rennes,35000,48.11,-1.68,Un atelier.,12345678900012")
    assert _run(project, spreadsheet, "--region", "bretagne", "--correspondance", str(tmp_path / "bzh.yml")) == 0
    place = load_content(project).places[0]
    assert (place.slug, place.identifiers) == ("atelier-a", ("bzh-fablab:17", "bzh-fablab:12345678900012"))
    renamed = _csv(tmp_path, "id,nom,commune,code_postal,latitude,longitude,presentation_resume",
                   "17,Atelier A du centre,Rennes,35000,48.11,-1.68,Un atelier.", name="renomme.csv")
    assert _run(project, renamed, "--region", "bretagne", "--correspondance", str(tmp_path / "bzh.yml")) == 0
    assert capsys.readouterr().out.splitlines()[-3:] == [
        "renomme.csv:2: portraits/atelier-a.md mis à jour", "    nom : Atelier A → Atelier A du centre",
        "0 créé, 1 mis à jour, 0 inchangé."]


def test_a_refused_row_takes_no_file_name_from_a_valid_homonym(project, tmp_path):
    spreadsheet = _csv(tmp_path, HEADER, "Cosens,provence-alpes-cote-d-azur,Nice,06000,,43.7,7.27,,",
                       "Cosens,provence-alpes-cote-d-azur,Arles,13200,,43.677,4.63,Une coopérative.,")
    assert _run(project, spreadsheet, "--partiel") == 1
    assert list(_portraits(project)) == ["cosens.md"]


def test_a_duplicate_row_names_the_other_row_and_its_town_even_without_one(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, HEADER, "Atelier,bretagne,,35000,,48.11,-1.68,Un atelier.,",
                       "Atelier,bretagne,,35000,,48.11,-1.68,Le même.,")
    assert _run(project, spreadsheet) == 1
    err = capsys.readouterr().err
    assert "None" not in err
    assert ("lieux.csv:3: nom: ligne en double (trouvé : « Atelier » à une commune non précisée, le même lieu que la "
            "ligne 2, « Atelier » à une commune non précisée ; attendu : une ligne par lieu).") in err


# One pass, PARTIEL=oui ------------------------------------------------------------------------------------------


def test_rows_are_geocoded_even_when_others_have_problems_and_every_problem_comes_at_once(project, tmp_path,
                                                                                          geocoder, capsys):
    service, url = geocoder
    service.known["1 rue Haute, Brest"] = (0.3, "Rue Haute 29200 Brest", 48.38, -4.49)
    spreadsheet = _csv(tmp_path, HEADER + ",site_web",
                       "Atelier A,atlantide,Rennes,35000,,48.11,-1.68,Un atelier.,,https://a.example.org",
                       "Atelier B,bretagne,Brest,29200,1 rue Haute,,,Un autre.,,https://exemple fr")
    assert _run(project, spreadsheet, "--geocodeur", url) == 1
    err = capsys.readouterr().err.splitlines()
    assert [line.split(" (")[0] for line in err[:3]] == [
        "lieux.csv:2: region: région inconnue", "lieux.csv:3: adresse: adresse non trouvée avec assez de certitude",
        "lieux.csv:3: site_web: adresse web invalide"]
    assert len(service.requests) == 1


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


# Regions -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "region"), [
    ("11", "ile-de-france"), ("76", "occitanie"), ("Région Occitanie", "occitanie"), ("93", "provence-alpes-cote-d-azur"),
    ("Réunion", "la-reunion"), ("Région Sud", "provence-alpes-cote-d-azur"), ("PACA", "provence-alpes-cote-d-azur"), ("auvergne-rhone-alpes", "auvergne-rhone-alpes"), ("Grand Est", "grand-est"),
])
def test_a_region_is_a_slug_a_name_with_or_without_region_or_an_insee_code(project, tmp_path, given, region):
    spreadsheet = _csv(tmp_path, "nom,region,commune,code_postal,latitude,longitude,presentation_resume",
                       f"Atelier,{given},Ville,35000,,,Un atelier.")
    content = load_content(project)
    from tierslieux.scaffold import region_slug
    assert region_slug(given, content, numbered=False) == region
    assert read_table(spreadsheet).rows[0][1]["region"] == given


# Mapping v2 and the headers of real lists -----------------------------------------------------------------------


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
        "    departement : déduit du code postal, ligne 2 (35000 donne 35)\n"
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


def test_a_headerless_file_without_mapping_is_told_how_to_name_its_columns(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, "Le Bocal,Albi,81000,Un tiers-lieu.")
    assert _run(project, spreadsheet) == 1
    assert capsys.readouterr().err.startswith(
        "lieux.csv:1: colonnes ignorées, qui ne sont ni des colonnes de /data/lieux.csv ni dans une correspondance : "
        "Le Bocal, Albi, 81000, Un tiers-lieu.\n"
        "lieux.csv:1: en-tête: aucune colonne reconnue (trouvé : les colonnes Le Bocal, Albi, 81000, Un tiers-lieu. ; "
        "attendu : des colonnes comme nom, commune, code_postal). Si la première ligne est déjà un lieu, décrivez les "
        "colonnes dans un fichier de correspondance (CORRESPONDANCE=…) avec entete: non : elles se nomment alors par "
        "leur lettre, A, B, C…\n")


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


# Text hygiene ------------------------------------------------------------------------------------------------------


def test_a_stray_windows_byte_in_a_utf_8_file_is_told_at_its_line_and_nothing_is_read(project, tmp_path, capsys):
    (tmp_path / "lieux.csv").write_bytes(
        (HEADER + "\nÉlan,bretagne,Rennes,35000,,48.11,-1.68,Un atelier.,\n").encode("utf-8")
        + b"L\x92Atelier,bretagne,Brest,29200,,48.39,-4.49,Un autre.,\n")
    assert _run(project, tmp_path / "lieux.csv") == 1
    assert capsys.readouterr().err.startswith(
        "lieux.csv:3: fichier: caractère illisible (trouvé : l'octet 0x92, au 2e caractère de la ligne, dans un fichier "
        "dont le reste est en UTF-8 ; attendu : un fichier tout entier en UTF-8). Corrigez le caractère de cette "
        "ligne, puis enregistrez le fichier au format « CSV UTF-8 » (Excel : Fichier, Enregistrer sous ; "
        "LibreOffice : jeu de caractères Unicode (UTF-8)).\n")
    assert _portraits(project) == {}


def test_cells_whose_accents_were_lost_upstream_are_refused(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, HEADER, "Cr\ufffdation num\ufffdrique,bretagne,Rennes,35000,,48.11,-1.68,Un atelier.,")
    assert _run(project, spreadsheet) == 1
    assert capsys.readouterr().err.startswith(
        "lieux.csv:2: nom: accents perdus avant l'import (trouvé : « Cr\ufffdation num\ufffdrique », où \ufffd remplace une "
        "lettre que le logiciel qui a produit le tableau n'a pas su écrire ; attendu : le texte avec ses lettres). "
        "Retapez les lettres manquantes dans la cellule, ou repartez du fichier d'origine.\n")


def test_an_excel_serial_date_gets_one_message_that_says_it_is_a_date(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, HEADER + ",date_maj", "Atelier A,bretagne,Rennes,35000,,48.11,-1.68,Un atelier.,,45292")
    assert _run(project, spreadsheet) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "lieux.csv:2: date_maj: nombre à la place d'une date (trouvé : 45292, qui est la façon dont Excel compte les "
        "jours : le 01/01/2024 ; attendu : une date comme 2024-01-01 ou 01/01/2024). Mettez la colonne au format "
        "« Date » dans le tableur, ou écrivez 2024-01-01 dans la cellule.\nEn tout : 1 problème,")


def test_a_commune_in_capitals_takes_the_official_name_and_a_town_only_result_is_flagged(project, tmp_path,
                                                                                        geocoder, capsys):
    service, url = geocoder
    service.known[", SAINT-LO"] = (0.9, "Saint-Lô", 49.1157, -1.0906, "municipality", "Saint-Lô")
    spreadsheet = _csv(tmp_path, HEADER, "Atelier A,normandie,SAINT-LO,50000,,,,Un atelier.,")
    assert _run(project, spreadsheet, "--geocodeur", url) == 0
    place = load_content(project).places[0]
    assert (place.commune, place.geo_precision) == ("Saint-Lô", "commune")
    assert capsys.readouterr().out == (
        "lieux.csv:2: portraits/atelier-a.md créé\n"
        "    géocodé : Saint-Lô (score 0.90) ; position approximative : seule la commune a été trouvée, le lieu est "
        "placé en son centre\n"
        "Réparé ou complété en passant (vérifiez au besoin) :\n"
        "    commune : écrite comme le nom officiel que donne le géocodeur, ligne 2 (SAINT-LO lu comme Saint-Lô)\n"
        "    departement : déduit du code postal, ligne 2 (50000 donne 50)\n"
        "1 créé, 0 mis à jour, 0 inchangé.\n")


# Safety: hostile or broken spreadsheets and geocoder replies end in a message, never a traceback ----------------


def _xlsx(tmp_path: Path, rows: list[list[object]], *, sheet_xml=None) -> Path:
    """An .xlsx file of ``rows``; ``sheet_xml`` rewrites the first sheet's XML."""
    import zipfile

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    path = tmp_path / "lieux.xlsx"
    workbook.save(path)
    if sheet_xml is not None:
        with zipfile.ZipFile(path) as source:
            parts = {name: source.read(name) for name in source.namelist()}
        parts["xl/worksheets/sheet1.xml"] = sheet_xml(parts["xl/worksheets/sheet1.xml"].decode()).encode()
        with zipfile.ZipFile(path, "w") as target:
            for name, data in parts.items():
                target.writestr(name, data)
    return path


XLSX_ROWS = [["nom", "region", "commune", "code_postal", "latitude", "longitude", "presentation_resume"],
             ["Atelier A", "bretagne", "Rennes", "35000", 48.11, -1.68, "Un atelier."]]


def test_an_xlsx_declaring_a_huge_dimension_is_read_as_the_cells_it_holds(project, tmp_path):
    path = _xlsx(tmp_path, XLSX_ROWS, sheet_xml=lambda xml: re.sub(r'<dimension ref="[^"]*"/>',
                                                                    '<dimension ref="A1:XFD1048576"/>', xml))
    sheet = read_table(path)
    assert (len(sheet.header), len(sheet.rows)) == (7, 1)
    assert _run(project, path) == 0


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
])
def test_an_xlsx_with_xml_entities_is_refused_with_a_message(project, tmp_path, capsys, doctype):
    path = _xlsx(tmp_path, XLSX_ROWS, sheet_xml=lambda xml: doctype + xml)
    assert _run(project, path) == 1
    assert capsys.readouterr().err.startswith(
        "lieux.xlsx:1: fichier: fichier .xlsx illisible (trouvé : des déclarations XML (DTD ou entités) qu'aucun "
        "tableur n'écrit ; attendu : un classeur enregistré par Excel ou LibreOffice). Ouvrez-le dans le tableur et "
        "enregistrez-le à nouveau en .xlsx, ou en CSV UTF-8.\n")


def test_a_file_that_is_not_an_xlsx_is_refused_with_a_message(project, tmp_path, capsys):
    (tmp_path / "lieux.xlsx").write_bytes(b"PK\x03\x04 pas un classeur")
    assert _run(project, tmp_path / "lieux.xlsx") == 1
    assert "fichier .xlsx illisible (trouvé : un fichier que openpyxl ne sait pas lire" in capsys.readouterr().err


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
        "lieux.csv:3: nom: nom trop long pour un nom de fichier (trouvé : 300 caractères ; attendu : 120 au plus). "
        "Raccourcissez le nom.",
        "lieux.csv:4: fiche: fiche trop grosse (trouvé : 295 Ko ; attendu : 256 Ko au plus, la limite de make check). "
        "Raccourcissez les textes longs de cette ligne.",
    ]


def test_a_portrait_is_written_whole_or_not_at_all(project, tmp_path, monkeypatch):
    from tierslieux.importing import write

    (project / "portraits" / "la-forge.md").write_text(FABRIQUE, encoding="utf-8")

    def killed(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(write.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        write.write_atomically(project / "portraits" / "la-forge.md", "---\nname: moitié")
    assert sorted(path.name for path in (project / "portraits").iterdir() if path.is_file()) == ["la-forge.md"]
    assert (project / "portraits" / "la-forge.md").read_text(encoding="utf-8") == FABRIQUE


@pytest.fixture
def raw_geocoder():
    """A local server whose reply the test writes: ``reply(handler)`` is called for each request."""
    replies = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            replies["reply"](self)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield replies, f"http://127.0.0.1:{server.server_port}/geocodage/search/csv"
    server.shutdown()
    server.server_close()


def _send(handler, body: bytes, *, drip: float = 0) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/csv")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    for byte in (body if drip else [body]):
        try:
            handler.wfile.write(bytes([byte]) if drip else byte)
            handler.wfile.flush()
        except OSError:
            return
        time.sleep(drip)


GEOCODED = _csv  # the rows of the tests below need the geocoder


@pytest.mark.parametrize(("reply", "found"), [
    (lambda handler: _send(handler, b"id,latitude\n" * 3, drip=0.3),
     "le service de géocodage ne répond pas (trouvé : pas de réponse complète en 1 secondes ; attendu : une réponse "
     "de {url}). Relancez plus tard, accordez-lui plus de temps (GEOCODEUR_DELAI=300), ou remplissez les colonnes "
     "latitude et longitude."),
    (lambda handler: _send(handler, "id,latitude,longitude,result_score\n2,1,1,\xe9".encode("cp1252")),
     "réponse illisible du service de géocodage (trouvé : l'octet 0xe9, qui n'est pas de l'UTF-8 ; attendu : un CSV "
     "en UTF-8). Vérifiez l'adresse du service : {url}"),
    (lambda handler: _send(handler, b"<html>Maintenance</html>\n"),
     "réponse inattendue du service de géocodage (trouvé : les colonnes <html>Maintenance</html> ; attendu : un CSV "
     "aux colonnes id, latitude, longitude, result_score). Vérifiez l'adresse du service : {url}"),
    (lambda handler: _send(handler, b"x" * 5000),
     "réponse trop grosse du service de géocodage (trouvé : plus de 0 Mo ; attendu : une ligne par adresse). "
     "Vérifiez l'adresse du service : {url}"),
])
def test_a_slow_huge_or_garbled_geocoder_reply_is_told_plainly(project, tmp_path, raw_geocoder, capsys, monkeypatch,
                                                              reply, found):
    from tierslieux import geocoder

    monkeypatch.setattr(geocoder, "MAX_REPLY_BYTES", 4000)
    replies, url = raw_geocoder
    replies["reply"] = reply
    spreadsheet = _csv(tmp_path, HEADER, "Atelier A,bretagne,Rennes,35000,12 rue de Paris,,,Un atelier.,")
    assert _run(project, spreadsheet, "--geocodeur", url, "--delai", "1") == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"lieux.csv:2: adresse: géocodage impossible : {found.format(url=url)}")


def test_communes_in_capitals_with_coordinates_are_renamed_from_the_same_request(project, tmp_path, geocoder, capsys):
    service, url = geocoder
    service.known["38 avenue Françoise Giroud, DIJON"] = (0.95, "38 Avenue Françoise Giroud 21000 Dijon", 47.36, 5.05,
                                                        "housenumber", "Dijon")
    service.known["1 rue Haute, BESANCON"] = (0.93, "1 Rue Haute 25000 Besançon", 47.24, 6.02, "housenumber",
                                            "Besançon")
    spreadsheet = _csv(tmp_path, HEADER, "Atelier A,bourgogne-franche-comte,DIJON,21000,38 avenue Françoise Giroud,"
                                         "47.364205,5.049559,Un atelier.,",
                       "Atelier B,bourgogne-franche-comte,BESANCON,25000,1 rue Haute,,,Un autre.,")
    assert _run(project, spreadsheet, "--geocodeur", url) == 0
    places = {place.slug: place for place in load_content(project).places}
    assert (places["atelier-a"].commune, places["atelier-a"].latitude) == ("Dijon", 47.364205)
    assert (places["atelier-b"].commune, places["atelier-b"].latitude) == ("Besançon", 47.24)
    assert len(service.requests) == 1
    assert ("    commune : écrite comme le nom officiel que donne le géocodeur, lignes 2, 3 (par exemple DIJON lu comme "
            "Dijon)\n") in capsys.readouterr().out


def test_the_insee_code_gives_the_departement_and_a_label_s_escapes_are_shown_not_obeyed(project, tmp_path, geocoder,
                                                                                         capsys):
    service, url = geocoder
    service.known["1 cours Napoléon, AJACCIO"] = (0.9, "\x1b[2J1 Cours Napoléon 20000 Ajaccio", 41.92, 8.74,
                                                 "housenumber", "Ajaccio", "2A004")
    spreadsheet = _csv(tmp_path, HEADER, "U Fabbricu,corse,AJACCIO,20000,1 cours Napoléon,,,Un atelier.,")
    assert _run(project, spreadsheet, "--geocodeur", url) == 0
    assert load_content(project).places[0].departement == "2A"
    assert capsys.readouterr().out == (
        "lieux.csv:2: portraits/u-fabbricu.md créé\n"
        "    géocodé : U+001B[2J1 Cours Napoléon 20000 Ajaccio (score 0.90)\n"
        "Réparé ou complété en passant (vérifiez au besoin) :\n"
        "    commune : écrite comme le nom officiel que donne le géocodeur, ligne 2 (AJACCIO lu comme Ajaccio)\n"
        "    departement : déduit du code INSEE de la commune, ligne 2 (2A004 donne 2A)\n"
        "1 créé, 0 mis à jour, 0 inchangé.\n")


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


def test_an_xlsx_that_unpacks_into_hundreds_of_megabytes_is_refused_before_it_is_parsed(project, tmp_path, capsys):
    import zipfile

    from tierslieux.importing.table import MAX_UNPACKED_BYTES

    path = _xlsx(tmp_path, XLSX_ROWS)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/zeros.bin", "w", force_zip64=True) as member:
            for _ in range(MAX_UNPACKED_BYTES // (1024 * 1024) + 1):
                member.write(bytes(1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    assert _run(project, path) == 1
    assert capsys.readouterr().err.startswith(
        "lieux.xlsx:1: fichier: fichier .xlsx trop gros une fois décompressé (trouvé : 201 Mo ; attendu : 200 Mo au "
        "plus). Enregistrez-le en CSV UTF-8, ou coupez-le en plusieurs fichiers.\n")


def test_messages_for_cells_give_no_advice_on_quotes(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, HEADER + ",telephone,departement", "Atelier A,bretagne,Rennes,35000,,48.11,-1.68,"
                                                                     "Un atelier.,,36 46,3a")
    assert _run(project, spreadsheet) == 1
    err = capsys.readouterr().err
    assert "guillemets" not in err
    assert 'lieux.csv:2: telephone: format incorrect (trouvé : "36 46" ; attendu : par exemple "02 99 00 00 00").' in err


def test_accents_converted_twice_upstream_are_given_back_and_announced(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, HEADER, "Ã‰lan numÃ©rique,bretagne,Rennes,35000,,48.11,-1.68,Un cafÃ© atelier.,")
    assert _run(project, spreadsheet) == 0
    place = load_content(project).places[0]
    assert (place.slug, place.name, place.summary) == ("elan-numerique", "Élan numérique", "Un café atelier.")
    assert capsys.readouterr().out == (
        "lieux.csv:2: portraits/elan-numerique.md créé\n"
        "Réparé ou complété en passant (vérifiez au besoin) :\n"
        "    nom : accents rétablis (le texte avait été converti d'un encodage à l'autre, « Ã© » ou « Ž » pour « é ») :\n"
        "        ligne 2 : « Ã‰lan numÃ©rique » lu comme « Élan numérique »\n"
        "    presentation_resume : accents rétablis (le texte avait été converti d'un encodage à l'autre, « Ã© » ou « Ž » "
        "pour « é ») :\n"
        "        ligne 2 : « Un cafÃ© atelier. » lu comme « Un café atelier. »\n"
        "    departement : déduit du code postal, ligne 2 (35000 donne 35)\n"
        "1 créé, 0 mis à jour, 0 inchangé.\n")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["nom", "commune", "code_postal", "region", "latitude", "45292", "=1+1", "\ufffd", "Ã©", "1000", "+33 6", "NaN",
     "1e999", "-", "{A}", "www.x", "a@b|c", "11", "69", "id", "siret", "Ville"]), max_size=6), max_size=5),
       st.sampled_from([";", ",", "\t"]), st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_no_spreadsheet_ends_in_a_traceback(project, tmp_path, rows, delimiter, encoding):
    text = "\r\n".join(delimiter.join(row) for row in rows)
    path = tmp_path / "lieux.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    assert _run(project, path, "--geocodeur", "http://127.0.0.1:9/", "--delai", "5", "--partiel") in (0, 1)
