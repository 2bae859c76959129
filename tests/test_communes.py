"""The official table of communes (data/communes.csv.gz): INSEE codes from commune and postcode, never guessed."""

from __future__ import annotations

import gzip
import json

from tierslieux.communes import (
    COMMUNES_FILE,
    HEADER,
    commune_by_code,
    commune_code,
    communes_of,
    table_rows,
    write_table,
)


def test_codes_come_from_the_name_and_the_postcode():
    assert commune_code("Saint-Lô", "50000") == "50502"
    assert commune_code("SAINT LO", "50000") == "50502"  # case, accents and hyphens aside
    assert commune_code("Corte", "20250") == "2B096"
    assert commune_code("Mamoudzou", "97600") == "97611"
    assert commune_code("Paris", "75011") == "75056"


def test_a_former_commune_is_found_as_the_commune_it_belongs_to():
    assert commune_code("Cherbourg-Octeville", "50100") == "50129"
    assert communes_of("50100") == ("Cherbourg-en-Cotentin",)


def test_nothing_is_guessed():
    assert commune_code("Saint-Lô", "35000") is None  # the right name with another postcode
    assert commune_code("Saint-Lo-sur-Mer", "50000") is None
    assert commune_code("Rennes", "99999") is None
    assert commune_by_code("50999") is None


def test_a_code_gives_its_commune_postcodes_and_departement():
    commune = commune_by_code("2A004")
    assert (commune.name, commune.departement, "20000" in commune.postal_codes) == ("Ajaccio", "2A", True)


def test_the_shipped_table_is_small_and_complete():
    assert COMMUNES_FILE.stat().st_size < 1_500_000
    with gzip.open(COMMUNES_FILE, "rt", encoding="utf-8") as file:
        lines = file.read().splitlines()
    assert lines[0] == ",".join(HEADER)
    assert len(lines) > 37_000


def test_the_table_is_derived_the_same_way_every_time(tmp_path):
    source = tmp_path / "communes.json"
    source.write_text(json.dumps([
        {"code": "50129", "nom": "Cherbourg-en-Cotentin", "type": "commune-actuelle", "departement": "50",
         "codesPostaux": ["50100", "50110"]},
        {"code": "50173", "nom": "Cherbourg-Octeville", "type": "commune-deleguee", "chefLieu": "50129",
         "departement": "50"},
        {"code": "50129", "nom": "Cherbourg-en-Cotentin", "type": "commune-deleguee", "chefLieu": "50129",
         "departement": "50"},
        {"code": "13201", "nom": "Marseille 1er Arrondissement", "type": "arrondissement-municipal",
         "departement": "13", "codesPostaux": ["13001"]},
    ]), encoding="utf-8")
    assert table_rows(json.loads(source.read_text(encoding="utf-8"))) == [
        ("50129", "Cherbourg-Octeville", "50100 50110", "50", "déléguée"),
        ("50129", "Cherbourg-en-Cotentin", "50100 50110", "50", "actuelle"),
    ]
    write_table(source, tmp_path / "a.csv.gz")
    write_table(source, tmp_path / "b.csv.gz")
    assert (tmp_path / "a.csv.gz").read_bytes() == (tmp_path / "b.csv.gz").read_bytes()
