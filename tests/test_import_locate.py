"""``tierslieux.importing.locate``: the département from the INSEE code or postal code, checked with the region."""

from __future__ import annotations

import pytest

from importing import import_project, portraits, run, write_csv
from tierslieux.content import load_content
from tierslieux.departements import DEPARTEMENTS, REGION_OF


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
        "postal 44000, pour un lieu de la région Bretagne ; attendu : un département de cette région, 22, 29, 35, "
        "56). Corrigez le code postal, ou importez ce lieu avec sa région : une autre valeur de REGION=… ou de la "
        "colonne region.",
        "lieux.csv:3: code_postal: département hors de la région (trouvé : Corse-du-Sud (2A), d'après le code postal "
        "20000, pour un lieu de la région Bretagne ; attendu : un département de cette région, 22, 29, 35, 56). "
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
