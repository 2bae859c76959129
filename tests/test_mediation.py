"""``data/lieux-mediation-numerique.csv`` against the national standard's own Table Schema (pinned in
tests/standard-mediation-num/), validated by frictionless: its columns, formats and required fields."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from frictionless import Resource, Schema

from projects import REPO
from tierslieux.mediation import FIELDS, MEDIATION_CSV, STANDARD_VERSION, mediation_csv, national_phone

PINNED = REPO / "tests" / "standard-mediation-num"


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.removeprefix("v").split("."))


def _errors(csv_file: Path) -> list:
    schema = Schema.from_descriptor(json.loads((PINNED / "schema.json").read_text(encoding="utf-8")))
    report = Resource(path=csv_file.name, basepath=str(csv_file.parent), schema=schema).validate()
    return report.flatten(["rowNumber", "fieldName", "type", "note"])


def _rows(site: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((site / MEDIATION_CSV).read_text(encoding="utf-8"))))


def test_the_columns_are_the_standards_in_its_order():
    pinned = json.loads((PINNED / "schema.json").read_text(encoding="utf-8"))
    assert FIELDS == tuple(field["name"] for field in pinned["fields"])
    with (PINNED / "exemple-valide.csv").open(encoding="utf-8") as example:  # the standard's own valid file
        assert tuple(next(csv.reader(example))) == FIELDS
    assert _errors(PINNED / "exemple-valide.csv") == []


def test_the_pinned_schema_is_not_older_than_the_readme_says():
    pinned = json.loads((PINNED / "schema.json").read_text(encoding="utf-8"))["version"]
    named = re.search(r"standard-mediation-num`?, version (\d+\.\d+\.\d+)", (REPO / "README.md").read_text("utf-8"))
    assert named, "the README names the version of the national standard the file follows"
    assert _version(pinned) >= _version(named[1]) == _version(STANDARD_VERSION)


@pytest.mark.parametrize("written, national", [
    ("02 99 00 00 00", "+33299000000"),
    ("06.12.34.56.78", "+33612345678"),
    ("+33 (0)2 33 00 00 00", "+33233000000"),
    ("+33 2 96 00 00 00", "+33296000000"),
    ("0590 00 00 00", "+590590000000"),
    ("0694 12 34 56", "+594694123456"),
    ("0596 00 00 00", "+596596000000"),
    ("0262 00 00 00", "+262262000000"),
    ("0269 61 00 00", "+262269610000"),
    ("3631", None),  # a short number: not in the standard's format, left out
    ("+44 20 7946 0000", None),
    (None, None),
])
def test_telephones_take_the_standards_international_form(written, national):
    assert national_phone(written) == national


def test_the_built_file_validates_against_the_standard_with_no_error(national_site):
    assert _errors(national_site / MEDIATION_CSV) == []
    rows = _rows(national_site)
    assert [row["id"] for row in rows] == ["bergerie-corse-test", "fablab-du-bocage-test", "ilot-mamoudzou-test"]
    fablab = rows[1]
    assert {key: fablab[key] for key in ("pivot", "code_insee", "telephone", "horaires", "typologie", "date_maj",
                                         "source", "presentation_detail", "services", "itinerance")} == {
        "pivot": "90000001900019", "code_insee": "50502", "telephone": "+33233000000",
        "horaires": "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off", "typologie": "TIERS_LIEUX",
        "date_maj": "2026-11-02", "source": "Tiers-lieux de formation", "presentation_detail": "Un portrait de test.",
        "services": "", "itinerance": "",  # unknown: left empty, never invented
    }
    assert (rows[0]["pivot"], rows[0]["code_insee"], rows[0]["telephone"]) == ("W2B1000001", "2B096", "+33495000000")
    assert (rows[2]["code_insee"], rows[2]["telephone"]) == ("97611", "+262269610000")  # derived from the commune


def test_the_examples_give_a_valid_file_with_no_row(example_site):
    assert _errors(example_site / MEDIATION_CSV) == []
    assert _rows(example_site) == []  # no example portrait has a SIRET: identifiers are never invented


def test_the_open_data_page_says_how_many_places_are_left_out_and_why(national_site):
    page = (national_site / "donnees-ouvertes" / "index.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert ("1 lieu sur 4 n'y figure pas encore, faute de ce que le standard exige : ni SIRET ni numéro RNA "
            "(siret ou rna) : 1 lieu pas d&#39;adresse (address) : 1 lieu aucune date de mise à jour (ni commit, ni "
            "updated) : 1 lieu") in text


def test_contributor_text_that_a_spreadsheet_would_run_gains_an_apostrophe_but_our_telephones_do_not():
    row = dict.fromkeys(FIELDS)
    row.update(id="lieu", nom='=HYPERLINK("https://evil.example","clic")', commune="@SUM(1)", latitude=-4.5,
               telephone="+33299000000", presentation_detail="- une liste")
    written = dict(zip(FIELDS, list(csv.reader(io.StringIO(mediation_csv([row]))))[1], strict=True))
    assert {name: value for name, value in written.items() if value} == {
        "id": "lieu", "nom": "'=HYPERLINK(\"https://evil.example\",\"clic\")", "commune": "'@SUM(1)",
        "latitude": "-4.5", "telephone": "+33299000000", "presentation_detail": "'- une liste"}
