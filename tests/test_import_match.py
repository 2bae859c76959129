"""``tierslieux.importing.match``: a row finds its place by our file name, its list's identifier or its name in its
commune; never a place of another list."""

from __future__ import annotations

import csv
import io

import pytest

from importing import FABRIQUE, HEADER, import_project, portraits, run, write_csv
from tierslieux.content import load_content

_portraits, _run, _csv = portraits, run, write_csv


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
        "    departement : déduit du code INSEE de la commune, ligne 2 (34301 donne 34)\n"
        "0 créé, 1 mis à jour, 0 inchangé.\n")


def test_another_list_s_identifier_is_kept_with_its_source_and_finds_the_place_again(project, tmp_path, capsys):
    (tmp_path / "bzh.yml").write_text("source: bzh-fablab\n", encoding="utf-8")
    spreadsheet = _csv(tmp_path, "id,nom,commune,code_postal,latitude,longitude,presentation_resume,siret",
                       "17,Atelier A,Rennes,35000,48.11,-1.68,Un atelier.,90000001900019")
    assert _run(project, spreadsheet, "--region", "bretagne", "--correspondance", str(tmp_path / "bzh.yml")) == 0
    place = load_content(project).places[0]
    # A SIRET is the place's own national number, in its own field: never one list's identifier.
    assert (place.slug, place.identifiers, place.siret) == ("atelier-a", ("bzh-fablab:17",), "90000001900019")
    renamed = _csv(tmp_path, "id,nom,commune,code_postal,latitude,longitude,presentation_resume",
                   "17,Atelier A du centre,Rennes,35000,48.11,-1.68,Un atelier.", name="renomme.csv")
    assert _run(project, renamed, "--region", "bretagne", "--correspondance", str(tmp_path / "bzh.yml")) == 0
    assert capsys.readouterr().out.splitlines()[-4:] == [
        "renomme.csv:2: portraits/atelier-a.md mis à jour",
        "    l'identifiant « bzh-fablab:17 » désigne « Atelier A » : vérifiez qu'il s'agit du même lieu, renommé ; "
        "sinon, videz sa cellule et relancez",
        "    nom : Atelier A → Atelier A du centre",
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


def test_a_bare_identifier_stored_before_sources_existed_gets_its_source(project, tmp_path, capsys):
    (project / "portraits" / "liffab.md").write_text(LIFFAB.replace("bzh-fablab:3", "\"3\""), encoding="utf-8")
    (tmp_path / "bzh.yml").write_text("source: bzh-fablab\n", encoding="utf-8")
    spreadsheet = _csv(tmp_path, "id,nom,commune,code_postal,latitude,longitude,presentation_resume",
                       "3,Liffab,Liffré,35340,48.21,-1.5,Un fablab.")
    assert _run(project, spreadsheet, "--region", "bretagne", "--correspondance", str(tmp_path / "bzh.yml")) == 0
    assert _portraits(project)["liffab.md"] == LIFFAB
    assert capsys.readouterr().out == (
        "lieux.csv:2: portraits/liffab.md mis à jour\n    identifiants : 3 → bzh-fablab:3\n"
        "0 créé, 1 mis à jour, 0 inchangé.\n")
