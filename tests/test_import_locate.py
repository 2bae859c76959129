"""``tierslieux.importing.locate``: the département from the INSEE code or postal code, checked with the region."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from importing import HEADER, geocoder_server, import_project, portraits, run, write_csv
from tierslieux.content import load_content
from tierslieux.departements import DEPARTEMENTS, REGION_OF
from tierslieux.local_server import serving


@pytest.fixture
def project(tmp_path):
    return import_project(tmp_path)


def test_every_departement_has_a_region():
    assert set(REGION_OF) == set(DEPARTEMENTS) and set(REGION_OF.values()) == {
        "01", "02", "03", "04", "06", "11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"}


def test_a_place_outside_the_region_is_refused_at_its_row(project, tmp_path, capsys):
    spreadsheet = write_csv(tmp_path, "nom,commune,code_postal,latitude,longitude,presentation_resume",
                            "Le Garage,Nantes,44000,47.21,-1.55,Un garage.",
                            "La Fabrik,Ajaccio,20000,41.92,8.74,Un atelier.")
    assert run(project, spreadsheet, "--region", "Bretagne", "--partiel") == 1
    assert portraits(project) == {}
    assert capsys.readouterr().err.splitlines()[:2] == [
        "lieux.csv:2: code_postal: département hors de la région (trouvé : Loire-Atlantique (44), d'après le code "
        "INSEE 44109, pour un lieu de la région Bretagne ; attendu : un département de cette région, 22, 29, 35, "
        "56). Corrigez le code postal, ou importez ce lieu avec sa région : une autre valeur de REGION=… ou de la "
        "colonne region.",
        "lieux.csv:3: code_postal: département hors de la région (trouvé : Corse-du-Sud (2A), d'après le code INSEE "
        "2A004, pour un lieu de la région Bretagne ; attendu : un département de cette région, 22, 29, 35, 56). "
        "Corrigez le code postal, ou importez ce lieu avec sa région : une autre valeur de REGION=… ou de la colonne "
        "region.",
    ]


def test_overseas_and_corsica_are_their_own_regions(project, tmp_path):
    spreadsheet = write_csv(tmp_path, "nom,region,commune,code_postal,latitude,longitude,presentation_resume",
                            "Case à outils,La Réunion,Saint-Pierre,97410,-21.34,55.48,Un atelier.",
                            "U Laboratoriu,Corse,Bastia,20200,42.7,9.45,Un fablab.")
    assert run(project, spreadsheet) == 0
    assert {place.slug: place.departement for place in load_content(project).places} == {
        "case-a-outils": "974", "u-laboratoriu": "2B"}


def test_an_update_that_changes_the_postal_code_changes_the_departement(project, tmp_path, capsys):
    (project / "portraits" / "atelier.md").write_text(
        "---\nname: Atelier\nregion: bretagne\ndepartement: \"35\"\ncommune: Rennes\npostal_code: \"35000\"\n"
        "latitude: 48.11\nlongitude: -1.68\nsummary: Un atelier.\n---\n", encoding="utf-8")
    spreadsheet = write_csv(tmp_path, "id,commune,code_postal,latitude,longitude", "atelier,Brest,29200,48.39,-4.49")
    assert run(project, spreadsheet) == 0
    assert load_content(project).places[0].departement == "29"
    assert "    departement : 35 → 29\n" in capsys.readouterr().out


def test_without_geocoder_rows_without_coordinates_are_refused_and_nothing_is_asked(project, tmp_path, capsys):
    spreadsheet = write_csv(tmp_path, "nom,commune,code_postal,adresse,latitude,longitude,presentation_resume",
                            "Atelier,Rennes,35000,1 rue de Paris,,,Un atelier.",
                            "Fablab,BREST,29200,2 rue de Siam,48.39,-4.49,Un fablab.")
    assert run(project, spreadsheet, "--region", "bretagne", "--geocodeur", "non") == 1
    assert capsys.readouterr().err.splitlines()[:2] == [
        "lieux.csv: les communes écrites en capitales le restent : le géocodeur, qui donne leur nom officiel, n'est "
        "pas appelé",
        "lieux.csv:2: adresse: coordonnées absentes (trouvé : une adresse, sans géocodeur (GEOCODEUR=non) ; attendu : "
        "une latitude et une longitude). Remplissez les colonnes latitude et longitude, ou importez avec le géocodeur.",
    ]


_portraits, _run, _csv = portraits, run, write_csv


@pytest.fixture
def geocoder():
    with geocoder_server() as served:
        yield served


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
        "    departement : déduit du code INSEE de la commune, ligne 2 (50502 donne 50)\n"
        "1 créé, 0 mis à jour, 0 inchangé.\n")


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
    with serving(server) as address:
        yield replies, f"{address}/geocodage/search/csv"


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
    place = load_content(project).places[0]
    assert (place.departement, place.code_insee) == ("2A", "2A004")  # the geocoder's citycode, written
    assert capsys.readouterr().out == (
        "lieux.csv:2: portraits/u-fabbricu.md créé\n"
        "    géocodé : U+001B[2J1 Cours Napoléon 20000 Ajaccio (score 0.90)\n"
        "Réparé ou complété en passant (vérifiez au besoin) :\n"
        "    commune : écrite comme le nom officiel que donne le géocodeur, ligne 2 (AJACCIO lu comme Ajaccio)\n"
        "    departement : déduit du code INSEE de la commune, ligne 2 (2A004 donne 2A)\n"
        "1 créé, 0 mis à jour, 0 inchangé.\n")


def test_two_rows_in_one_commune_by_its_insee_code_are_one_place_however_written(project, tmp_path, geocoder, capsys):
    service, url = geocoder
    service.known["5 rue des Papetiers, Bellegarde-sur-Valserine"] = (
        0.9, "5 Rue des Papetiers 01200 Valserhône", 46.1057, 5.8256, "housenumber", "Valserhône", "01033")
    service.known["5 rue des Papetiers, VALSERHÔNE"] = (
        0.9, "5 Rue des Papetiers 01200 Valserhône", 46.1057, 5.8256, "housenumber", "Valserhône", "01033")
    spreadsheet = _csv(tmp_path, HEADER,
                       "France services,auvergne-rhone-alpes,VALSERHÔNE,01200,5 rue des Papetiers,,,Un accueil.,",
                       "France services,auvergne-rhone-alpes,Bellegarde-sur-Valserine,01200,5 rue des Papetiers,,,"
                       "Un accueil.,")
    assert _run(project, spreadsheet, "--geocodeur", url, "--partiel") == 1
    assert [place.commune for place in load_content(project).places] == ["Valserhône"]
    assert capsys.readouterr().err.splitlines()[0] == (
        "lieux.csv:3: nom: ligne en double (trouvé : « France services » à Bellegarde-sur-Valserine, le même lieu que "
        "la ligne 2, « France services » à Valserhône ; attendu : une ligne par lieu). Supprimez l'une des deux "
        "lignes, ou distinguez les noms s'il s'agit de deux lieux.")
