"""The open data files: CSV in the French conventions, JSON records, and the round trip back through ``make import``."""

from __future__ import annotations

import csv
import io
import json

import pytest

from projects import FIXTURES, REPO, make_project
from tierslieux.content import load_content
from tierslieux.exports import COLUMNS, CSV_PATH, JSON_PATH, csv_cell, csv_table, export_files, plain_cell, split_list
from tierslieux.frontmatter import read_document
from tierslieux.importer import import_sheet
from tierslieux.schema import load_schema

SITE = "https://tiers-lieux-formation.example.org/"
TRICKY = FIXTURES / "opendata" / "atelier-virgule.md"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The example portraits, the one whose texts test the CSV, and the hostile ones."""
    portraits = [TRICKY, *sorted((FIXTURES / "hostile").glob("*.md"))]
    return make_project(tmp_path_factory.mktemp("exports") / "projet", portraits, with_examples=True)


@pytest.fixture(scope="module")
def files(project):
    return export_files(load_content(project), SITE)


def _rows(files) -> list[dict[str, str]]:
    text = files[CSV_PATH]
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_the_csv_parses_with_one_row_per_place_and_the_columns_written_once(project, files):
    rows = _rows(files)
    assert list(rows[0]) == [column.name for column in COLUMNS]
    assert [row["id"] for row in rows] == [place.slug for place in load_content(project).places]
    assert files[CSV_PATH].count("\r\n") >= len(rows) + 1  # CRLF, as Excel writes it


def test_the_columns_use_the_names_of_the_mediation_standard_where_it_has_one():
    names = {column.name for column in COLUMNS}
    assert {"id", "nom", "commune", "code_postal", "adresse", "latitude", "longitude", "site_web", "courriels",
            "telephone", "presentation_resume", "horaires", "date_maj"} <= names


def test_every_field_of_the_schema_has_a_column():
    assert {column.field for column in COLUMNS if column.field} - {"slug"} == set(
        load_schema("portrait")["properties"])


def test_a_row_holds_the_place_with_lists_joined_and_records_as_json(files):
    row = next(row for row in _rows(files) if row["id"] == "exemple-atelier-des-deux-rives")
    assert row["themes"] == "fabrication|numerique|artisanat"
    assert row["nom_region"] == "Bourgogne-Franche-Comté" and row["code_region"] == "27"
    assert row["url"] == f"{SITE}portraits/exemple-atelier-des-deux-rives/"
    assert json.loads(row["formations"])[0] == {
        "intitule": "Conception et impression 3D : les bases", "type": "initiation",
        "public": "Tout public, sans prérequis", "duree": "21 heures", "modalite": "présentiel",
        "url": "https://exemple.org/exemple-atelier-des-deux-rives/formations/impression-3d", "certifiante": False,
    }
    assert json.loads(row["photos"])[0]["url"] == f"{SITE}portraits/photos/atelier-impression-3d.svg"
    assert row["latitude"] == "46.6745" and row["date_maj"] == "2026-10-02"


def test_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe(files):
    row = next(row for row in _rows(files) if row["id"] == "atelier-virgule")
    assert row["presentation_resume"].startswith("'=HYPERLINK(")
    assert row["telephone"] == "'+33 2 96 00 00 00"
    assert row["role_programme"] == "'-2 salles, +1 atelier"
    assert row["equipements"] == "Découpe \\| gravure|Un outil \\\\ à barre oblique|@commande"
    assert row["nom"] == "L'Atelier \"du\" Marais, à Zoé"
    assert row["horaires"] == "Le lundi, de 9 h à 12 h ;\nle mardi, sur rendez-vous"  # a cell on two lines
    negative = next(row for row in _rows(files) if row["id"] == "exemple-atelier-des-deux-rives")
    assert negative["longitude"] == "5.5547"


@pytest.mark.parametrize("text", ["=1+1", "+33", "-2", "@SUM(A1)", "\tx", "'=déjà", "''+x", "'texte", "texte"])
def test_the_apostrophe_goes_away_on_the_way_back(text):
    assert plain_cell(csv_cell(text, "text")) == text


def test_every_cell_of_a_table_the_header_included_is_guarded_but_numbers_stay_numbers():
    assert csv_table(["=HYPERLINK(\"http://evil.example\")", "\rx", "nombre"], [["@x", "-1", -1.68]],
                     ["text", "text", "number"]) == (
        '\ufeff"\'=HYPERLINK(""http://evil.example"")","\'\rx",nombre\r\n\'@x,\'-1,-1.68\r\n')


def test_list_items_with_the_separator_or_a_backslash_come_back_whole():
    items = ["a|b", "c\\d", "", "e"]
    assert split_list(csv_cell(items, "list")) == ["a|b", "c\\d", "e"]


def test_the_json_holds_full_records_with_native_types(project, files):
    records = json.loads(files[JSON_PATH])
    assert len(records) == len(load_content(project).places)
    record = next(r for r in records if r["id"] == "exemple-atelier-des-deux-rives")
    assert record["themes"] == ["fabrication", "numerique", "artisanat"] and record["latitude"] == 46.6745
    assert record["reseaux_sociaux"]["mastodon"] == "https://exemple.org/@exemple-atelier-des-deux-rives"
    assert record["photos"][1] == {
        "fichier": "photos/atelier-bois.svg",
        "texte_alternatif": "Un atelier bois : une maquette de charpente et une scie sur un établi, des planches "
                            "empilées à côté.",
        "credit": "Illustration : projet Tiers-lieux de formation",
        "url": f"{SITE}portraits/photos/atelier-bois.svg",
    }
    assert list(record) == [column.name for column in COLUMNS]


def test_without_a_site_address_urls_stay_relative_to_the_site_root(project):
    record = json.loads(export_files(load_content(project), None)[JSON_PATH])[0]
    assert record["url"] == f"portraits/{record['id']}/"


def test_hostile_names_stay_data_in_the_csv_and_the_json(files):
    names = {row["id"]: row["nom"] for row in _rows(files)}
    assert names["balise-img"] == "<img src=x onerror=alert(1)>"
    assert names["gabarit-js"] == "Atelier ${alert(1)} `alert(2)` </script><script>alert(3)</script>"
    records = {record["id"]: record for record in json.loads(files[JSON_PATH])}
    assert records["balise-img"]["formations"][0]["intitule"] == "<b onmouseover=alert(5)>Formation</b>"


def test_export_then_import_into_an_empty_tree_gives_back_every_front_matter(project, files, tmp_path):
    spreadsheet = tmp_path / "lieux.csv"
    spreadsheet.write_bytes(files[CSV_PATH].encode("utf-8"))
    empty = make_project(tmp_path / "vide")
    (empty / "modeles").symlink_to(REPO / "modeles")
    changes = import_sheet(empty, spreadsheet).changes
    assert len(changes) == len(load_content(project).places) and all(c.before is None for c in changes)
    for original in sorted((project / "portraits").glob("*.md")):
        imported = empty / "portraits" / original.name
        expected, _ = read_document(original.name, original.read_text(encoding="utf-8"))
        found, _ = read_document(imported.name, imported.read_text(encoding="utf-8"))
        assert found.data == expected.data, original.name
    assert [change.before is not None and change.text == change.before for change in import_sheet(
        empty, spreadsheet).changes] == [True] * len(changes)
