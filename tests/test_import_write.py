"""``tierslieux.importing.write`` and what ``make import`` prints: no write through a link, no formula in the CSV
of rows to fix, no escape sequence obeyed by the terminal, a re-import command that runs as printed."""

from __future__ import annotations

import csv
import io
import os

import pytest

from importing import FABRIQUE, import_project, portraits, run, write_csv
from tierslieux.importing.write import TEMPORARY_DIR, fresh_temporary_dir


@pytest.fixture
def project(tmp_path):
    return import_project(tmp_path)


def test_the_temporary_folder_is_emptied_at_start_and_a_link_of_its_name_is_removed(tmp_path):
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    (tmp_path / TEMPORARY_DIR).symlink_to(outside, target_is_directory=True)
    folder = fresh_temporary_dir(tmp_path)
    assert folder.is_dir() and not folder.is_symlink() and list(outside.iterdir()) == []
    (folder / ".la-forge.md.x.tmp").write_text("moitié", encoding="utf-8")
    assert list(fresh_temporary_dir(tmp_path).iterdir()) == []


def test_the_temporary_folder_is_ignored_by_git():
    from projects import REPO

    assert f"{TEMPORARY_DIR}/" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_no_file_is_written_through_a_link(project, tmp_path):
    outside = tmp_path / "hors-du-depot"
    outside.mkdir()
    (outside / "lieux.a-corriger.csv").write_text("intact", encoding="utf-8")
    spreadsheet = write_csv(tmp_path, "nom,region,commune,code_postal,latitude,longitude,presentation_resume",
                            "Atelier,bretagne,Rennes,35000,48.11,-1.68,Un atelier.",
                            "Fablab,atlantide,Brest,29200,48.39,-4.49,Un fablab.")
    os.symlink(outside, project / TEMPORARY_DIR)  # where the portraits' temporary files go
    os.symlink(outside / "lieux.a-corriger.csv", tmp_path / "lieux.a-corriger.csv")
    assert run(project, spreadsheet, "--partiel") == 1
    assert [path.name for path in outside.iterdir()] == ["lieux.a-corriger.csv"]
    assert (outside / "lieux.a-corriger.csv").read_text(encoding="utf-8") == "intact"
    assert not (tmp_path / "lieux.a-corriger.csv").is_symlink() and not (project / TEMPORARY_DIR).is_symlink()
    assert list(portraits(project)) == ["atelier.md"]


def test_the_header_of_the_rows_to_fix_is_escaped_like_every_cell(project, tmp_path):
    spreadsheet = write_csv(tmp_path, 'nom,region,commune,code_postal,latitude,longitude,presentation_resume,'
                            '"=HYPERLINK(""x"")"', "Atelier,atlantide,Rennes,35000,48.11,-1.68,Un atelier.,=1+1")
    assert run(project, spreadsheet, "--partiel") == 1
    rows = list(csv.reader(io.StringIO((tmp_path / "lieux.a-corriger.csv").read_text(encoding="utf-8-sig")),
                           delimiter=";"))
    assert rows[0] == ["nom", "region", "commune", "code_postal", "latitude", "longitude", "presentation_resume",
                       "'=HYPERLINK(\"x\")", "probleme"]
    assert rows[1][7] == "'=1+1"


def test_the_printed_command_to_import_the_rows_to_fix_is_complete(project, tmp_path, capsys):
    (tmp_path / "bzh.yml").write_text("source: bzh\nnom: Nom du lieu\n", encoding="utf-8")
    spreadsheet = write_csv(tmp_path, "Nom du lieu,commune,code_postal,latitude,longitude,presentation_resume",
                            "Atelier,Rennes,35000,48.11,-1.68,Un atelier.", "Fablab,Nantes,44000,47.21,-1.55,Un fablab.")
    assert run(project, spreadsheet, "--partiel", "--region", "Bretagne", "--correspondance",
               str(tmp_path / "bzh.yml"), "--geocodeur", "non") == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"Les lignes refusées sont recopiées, avec la colonne probleme, dans {tmp_path}/lieux.a-corriger.csv : "
        "corrigez-les dans ce fichier, puis importez-le (make import "
        f"FICHIER={tmp_path}/lieux.a-corriger.csv REGION=Bretagne CORRESPONDANCE={tmp_path}/bzh.yml PARTIEL=oui "
        "GEOCODEUR=non).")


def test_escape_sequences_of_column_names_reach_the_terminal_as_code_points(project, tmp_path, capsys):
    spreadsheet = write_csv(tmp_path, "nom,region,commune,code_postal,latitude,longitude,presentation_resume,"
                            "\x1b]0;pwned\x07", "Atelier,bretagne,Rennes,35000,48.11,-1.68,Un atelier.,x")
    assert run(project, spreadsheet) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert out.splitlines()[0] == (
        "lieux.csv:1: colonnes ignorées, qui ne sont ni des colonnes de /data/lieux.csv ni dans une correspondance : "
        "U+001B]0;pwnedU+0007")


def test_a_failed_run_still_prints_its_notes_and_ignored_columns(project, tmp_path, capsys):
    (tmp_path / "lieux.csv").write_bytes("nom;commune;Remarque\r\nÉlan;Rennes;à voir\r\n".encode("cp1252"))
    assert run(project, tmp_path / "lieux.csv", "--region", "Provence-Alpes-Côte d’Azur") == 1
    assert capsys.readouterr().err.splitlines()[:3] == [
        "lieux.csv: le fichier est enregistré en Windows-1252 (l'ancien « CSV » d'Excel), pas en UTF-8 : il a été lu "
        "comme tel (c'est la seule lecture dont les mots n'ont pas de lettre brouillée) ; vérifiez les accents des "
        "fiches",
        "lieux.csv:1: colonnes ignorées, qui ne sont ni des colonnes de /data/lieux.csv ni dans une correspondance : "
        "Remarque",
        "lieux.csv:1: code_postal: colonne absente (trouvé : les colonnes nom, commune ; attendu : une colonne "
        "« code_postal »). Ajoutez-la, ou indiquez dans un fichier de correspondance (CORRESPONDANCE=…) la colonne "
        "qui en tient lieu.",
    ]


def test_a_portrait_is_written_whole_or_not_at_all(project, monkeypatch):
    from tierslieux.importing import write

    (project / "portraits" / "la-forge.md").write_text(FABRIQUE, encoding="utf-8")

    def killed(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(write.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        write.write_atomically(project / "portraits" / "la-forge.md", "---\nname: moitié")
    assert sorted(path.name for path in (project / "portraits").iterdir() if path.is_file()) == ["la-forge.md"]
    assert (project / "portraits" / "la-forge.md").read_text(encoding="utf-8") == FABRIQUE
