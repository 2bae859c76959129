"""The Data Package of the open data: its Table Schema comes from the published columns and validates the built CSV."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from frictionless import validate

from projects import FIXTURES, NETWORK, build_site, make_project
from tierslieux.exports import published_columns
from tierslieux.mediation import STANDARD_SCHEMA
from tierslieux.opendata import DATA_PACKAGE, Licence, data_package

SITE = "https://tiers-lieux-formation.example.org/"
PINNED = Path(__file__).resolve().parent / "standard-mediation-num" / "schema.json"


def _fields(package: dict) -> dict[str, dict]:
    return {field["name"]: field for field in package["resources"][0]["schema"]["fields"]}


def test_the_table_schema_has_every_column_of_the_csv_in_order():
    package = data_package(network=NETWORK, site_url=SITE, licence=None)
    assert list(_fields(package)) == [column.name for column in published_columns(NETWORK)]
    assert package["resources"][0]["path"] == "lieux.csv"
    assert package["resources"][0]["schema"]["primaryKey"] == ["id"]
    assert "licenses" not in package  # none chosen yet: the package claims none


def test_types_formats_separators_and_required_fields_come_from_the_schema():
    fields = _fields(data_package(network=NETWORK, site_url=SITE, licence=None))
    assert fields["id"]["constraints"] == {"required": True, "unique": True}
    assert fields["nom"]["constraints"] == {"required": True}
    assert "constraints" not in fields["adresse"]
    assert fields["latitude"] == {**fields["latitude"], "type": "number",
                                  "constraints": {"required": True, "minimum": -90, "maximum": 90}}
    assert fields["code_postal"]["constraints"] == {"required": True, "pattern": "[0-9]{5}"}
    assert fields["site_web"]["format"] == fields["url"]["format"] == "uri"
    assert fields["courriels"]["format"] == "email"
    assert fields["date_maj"]["type"] == "date"
    assert fields["formations"]["type"] == fields["photos"]["type"] == "array"
    assert fields["reseaux_sociaux"]["type"] == "object"
    assert fields["themes"]["type"] == "string"
    assert fields["themes"]["description"].startswith("Liste : les éléments sont séparés par « | ».")
    assert fields["url"]["constraints"] == {"required": True}
    assert fields["precision_geo"]["constraints"] == {"enum": ["commune"]}


def test_the_licence_of_mkdocs_yml_is_the_packages():
    licence = Licence("Licence Ouverte 2.0", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/")
    package = data_package(network=NETWORK, site_url=SITE, licence=licence)
    assert package["licenses"] == [{"path": licence.url, "title": "Licence Ouverte 2.0"}]


def test_frictionless_finds_no_error_in_the_built_package_even_with_formulas_and_separators(tmp_path):
    project = make_project(tmp_path / "projet", [FIXTURES / "opendata" / "formules-et-separateurs.md"],
                           with_examples=True)
    site = tmp_path / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr
    report = validate(str(_offline(site)))
    assert report.flatten(["type", "message"]) == []
    assert report.valid and report.stats["tasks"] == 6
    assert report.tasks[0].stats["rows"] == 19
    assert json.loads((site / DATA_PACKAGE).read_text(encoding="utf-8"))["homepage"] == f"{SITE}donnees-ouvertes/"


def _offline(site: Path) -> Path:
    """The built package with the national standard's schema read from its pinned copy, not from the network."""
    package = json.loads((site / DATA_PACKAGE).read_text(encoding="utf-8"))
    (national,) = [resource for resource in package["resources"] if resource["name"] == "lieux-mediation-numerique"]
    assert national["schema"] == STANDARD_SCHEMA
    shutil.copy(PINNED, site / "data" / "standard-mediation-num.json")
    national["schema"] = "standard-mediation-num.json"
    offline = site / "data" / "datapackage-offline.json"
    offline.write_text(json.dumps(package), encoding="utf-8")
    return offline


def test_every_data_file_is_a_resource_with_its_schema():
    package = data_package(network=NETWORK, site_url=SITE, licence=None)
    assert package["profile"] == "data-package"
    assert [(resource["name"], resource["path"], resource.get("schema", resource.get("jsonSchema")) is not None)
            for resource in package["resources"]] == [
        ("lieux", "lieux.csv", True),
        ("lieux-mediation-numerique", "lieux-mediation-numerique.csv", True),
        ("data-inclusion-structures", "data-inclusion/structures.json", True),
        ("data-inclusion-services", "data-inclusion/services.json", True),
        ("lieux-json", "lieux.json", False),  # the fields of lieux.csv, as JSON: no schema of its own
        ("lieux-geojson", "lieux.geojson", True),
    ]


def test_frictionless_validates_the_whole_package_with_the_national_files(national_site):
    report = validate(str(_offline(national_site)))
    assert report.flatten(["type", "message"]) == []
    assert report.valid and report.stats["tasks"] == 6
    national = next(task for task in report.tasks if task.name == "lieux-mediation-numerique")
    assert national.stats["rows"] == 3


def test_the_open_data_page_names_the_package(example_site):
    page = (example_site / "donnees-ouvertes" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../data/datapackage.json">datapackage.json</a>' in page
