"""``tierslieux.importing.match``: a row finds its place by our file name, its list's identifier or its name in its
commune; never a place of another list."""

from __future__ import annotations

import csv
import io

import pytest

from importing import import_project
from importing import portraits as _portraits
from importing import run as _run
from importing import write_csv as _csv
from tierslieux.content import load_content


@pytest.fixture
def project(tmp_path):
    return import_project(tmp_path)


LIFFAB = ("---\nname: Liffab\nregion: bretagne\ncommune: Liffré\npostal_code: \"35340\"\nlatitude: 48.21\n"
          "longitude: -1.5\nsummary: Un fablab.\nidentifiers:\n  - bzh-fablab:3\n---\n")


def test_a_bare_id_column_without_source_finds_no_place_and_is_set_aside(project, tmp_path, capsys):
    (project / "portraits" / "liffab.md").write_text(LIFFAB, encoding="utf-8")
    spreadsheet = _csv(tmp_path, "id,nom,commune,code_postal,latitude,longitude,presentation_resume",
                       *(f"{n},France services {n},Caen,14000,49.18,-0.37,Un accueil." for n in (3, 4, 5, 6)))
    assert _run(project, spreadsheet, "--region", "normandie") == 0
    assert _portraits(project)["liffab.md"] == LIFFAB
    out = capsys.readouterr().out
    assert out.startswith(
        "lieux.csv: identifiants mis de côté, lignes 2 à 5 : ce sont ceux d'une autre liste, qui ne nomme pas sa "
        "source ; ils ne retrouvent aucun lieu et ne sont pas gardés (les lieux sont retrouvés par leur nom dans leur "
        "commune). Pour les garder, donnez un fichier de correspondance avec la ligne « source: nom-de-la-liste » "
        "(CORRESPONDANCE=…)\n")
    assert out.endswith("4 créés, 0 mis à jour, 0 inchangé.\n")
    assert all(place.identifiers == () for place in load_content(project).places if place.slug != "liffab")


def test_another_list_s_same_id_never_reaches_a_place_of_the_first(project, tmp_path, capsys):
    (project / "portraits" / "liffab.md").write_text(LIFFAB, encoding="utf-8")
    (tmp_path / "fs.yml").write_text("source: france-services\nid: id_fs\n", encoding="utf-8")
    spreadsheet = _csv(tmp_path, "id_fs,nom,commune,code_postal,latitude,longitude,presentation_resume",
                       "3,France services de Caen,Caen,14000,49.18,-0.37,Un accueil.")
    assert _run(project, spreadsheet, "--region", "normandie", "--correspondance", str(tmp_path / "fs.yml")) == 0
    assert _portraits(project)["liffab.md"] == LIFFAB
    assert load_content(project).places[0].identifiers == ("france-services:3",)


def test_a_row_whose_identifier_leads_to_another_name_in_another_commune_is_a_conflict(project, tmp_path, capsys):
    (project / "portraits" / "liffab.md").write_text(LIFFAB, encoding="utf-8")
    (tmp_path / "bzh.yml").write_text("source: bzh-fablab\n", encoding="utf-8")
    spreadsheet = _csv(tmp_path, "id,nom,commune,code_postal,latitude,longitude,presentation_resume",
                       "3,Le Garage,Vannes,56000,47.66,-2.76,Un garage.",
                       "4,Fablab de Brest,Brest,29200,48.39,-4.49,Un fablab.")
    assert _run(project, spreadsheet, "--correspondance", str(tmp_path / "bzh.yml"), "--region", "bretagne",
                "--partiel") == 1
    assert _portraits(project)["liffab.md"] == LIFFAB
    assert sorted(_portraits(project)) == ["fablab-de-brest.md", "liffab.md"]
    to_fix = list(csv.reader(io.StringIO((tmp_path / "lieux.a-corriger.csv").read_text(encoding="utf-8-sig")),
                             delimiter=";"))
    assert to_fix[1][:7] == ["3", "Le Garage", "Vannes", "56000", "47.66", "-2.76", "Un garage."]
    assert to_fix[1][7] == (
        "lieux.csv, ligne 2 : id : conflit d'identité (trouvé : « Le "
        "Garage » à Vannes, alors que l'identifiant « bzh-fablab:3 » désigne portraits/liffab.md, « Liffab » à Liffré "
        "; attendu : le même lieu, du même nom ou de la même commune). Rien n'est écrit pour cette ligne : si ce sont "
        "deux lieux, videz cette cellule ; si le lieu a changé de nom et de commune, modifiez d'abord sa fiche.")


def test_an_old_mapping_without_source_qualifies_its_ids_by_its_own_name_and_says_so(project, tmp_path, capsys):
    (tmp_path / "bzh-fablab.yml").write_text("nom: Nom\n", encoding="utf-8")
    spreadsheet = _csv(tmp_path, "id,Nom,commune,code_postal,latitude,longitude,presentation_resume",
                       "3,Liffab,Liffré,35340,48.21,-1.5,Un fablab.")
    assert _run(project, spreadsheet, "--region", "bretagne", "--correspondance", str(tmp_path / "bzh-fablab.yml")) == 0
    assert capsys.readouterr().out.startswith(
        "lieux.csv: le fichier de correspondance bzh-fablab.yml ne nomme pas la liste d'où viennent les identifiants : "
        "ils sont rangés sous « bzh-fablab », tiré de son nom (par exemple bzh-fablab:17) ; ajoutez la ligne « source: "
        "bzh-fablab » au fichier pour que ce nom ne dépende plus de celui du fichier\n")
    assert _portraits(project)["liffab.md"].count("bzh-fablab:3") == 1


def test_one_commune_written_two_ways_is_one_place(project, tmp_path, capsys):
    (project / "portraits" / "la-source.md").write_text(
        "---\nname: La Source\nregion: bourgogne-franche-comte\ncommune: Chalon-sur-Saône\npostal_code: \"71100\"\n"
        "latitude: 46.78\nlongitude: 4.85\nsummary: Un tiers-lieu.\n---\n", encoding="utf-8")
    spreadsheet = _csv(tmp_path, "nom,commune,code_postal,latitude,longitude,presentation_resume",
                       "LA SOURCE,CHALON SUR SAÔNE,71100,46.78,4.85,Un tiers-lieu.",
                       "Le Pré,St-Marcel,71380,46.77,4.89,Un autre.")
    assert _run(project, spreadsheet, "--region", "bourgogne-franche-comte") == 0
    out = capsys.readouterr().out
    assert "lieux.csv:2: portraits/la-source.md mis à jour\n    nom : La Source → LA SOURCE\n" in out
    assert "\ncommune: Chalon-sur-Saône\n" in _portraits(project)["la-source.md"]
    assert load_content(project).places[0].commune == "Chalon-sur-Saône"
