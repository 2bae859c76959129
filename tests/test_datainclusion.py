"""data·inclusion v1: every structure and service the site writes is accepted by the models of the
``data-inclusion-schema`` package, with no key the models do not define."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from data_inclusion.schema.v1 import Service, Structure, Thematique

from tierslieux.datainclusion import SCHEMA_VERSION, SERVICES, STRUCTURES, THEMATIQUES
from tierslieux.schema import theme_labels


def _records(site: Path, path: str) -> list[dict]:
    return json.loads((site / path).read_text(encoding="utf-8"))


def _assert_accepted(records: list[dict], model) -> None:
    for record in records:
        assert set(record) <= set(model.model_fields), set(record) - set(model.model_fields)
        model.model_validate(record)


def test_the_package_is_the_version_the_site_names():
    from importlib.metadata import version

    assert version("data-inclusion-schema") == SCHEMA_VERSION


def test_the_thematiques_table_maps_our_themes_to_data_inclusions():
    assert set(THEMATIQUES) <= set(theme_labels())
    assert {value for values in THEMATIQUES.values() for value in values} <= {item.value for item in Thematique}


@pytest.mark.parametrize("site_fixture", ["national_site", "example_site"])
def test_every_structure_and_service_is_accepted_by_the_models(site_fixture, request):
    site = request.getfixturevalue(site_fixture)
    structures, services = _records(site, STRUCTURES), _records(site, SERVICES)
    _assert_accepted(structures, Structure)
    _assert_accepted(services, Service)
    ids = {structure["id"] for structure in structures}
    assert len(ids) == len(structures) and {service["structure_id"] for service in services} <= ids
    assert {service["type"] for service in services} <= {"formation"}


def test_a_place_is_a_structure_and_each_training_a_service(national_site):
    structures = {record["id"]: record for record in _records(national_site, STRUCTURES)}
    assert sorted(structures) == ["tiers-lieux-de-formation--bergerie-corse-test",
                                  "tiers-lieux-de-formation--fablab-du-bocage-test",
                                  "tiers-lieux-de-formation--ilot-mamoudzou-test"]  # the undated place is left out
    fablab = structures["tiers-lieux-de-formation--fablab-du-bocage-test"]
    assert {key: fablab.get(key) for key in ("siret", "code_insee", "telephone", "horaires_accueil", "lien_source")} == {
        "siret": "90000001900019", "code_insee": "50502", "telephone": "+33233000000",
        "horaires_accueil": "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off",
        "lien_source": "https://national.example.org/portraits/fablab-du-bocage-test/",
    }
    services = [record for record in _records(national_site, SERVICES)
                if record["structure_id"] == "tiers-lieux-de-formation--fablab-du-bocage-test"]
    assert services[0] == {
        "source": "tiers-lieux-de-formation",
        "structure_id": "tiers-lieux-de-formation--fablab-du-bocage-test",
        "id": "tiers-lieux-de-formation--fablab-du-bocage-test--formation-1",
        "nom": "Développeur web et web mobile",
        "description": "Formation qualifiante, proposée par Fablab du Bocage (test) (Saint-Lô), durée : 900 heures, "
                       "modalité : hybride, certification enregistrée RNCP37674.",
        "lien_source": "https://national.example.org/portraits/fablab-du-bocage-test/#formation-1",
        "date_maj": "2026-11-02",
        "type": "formation",
        "thematiques": ["numerique--maitriser-les-fondamentaux-du-numerique"],
        "commune": "Saint-Lô", "code_postal": "50000", "code_insee": "50502", "adresse": "1 rue de l'Essai",
        "longitude": -1.0906, "latitude": 49.1157, "telephone": "+33233000000", "courriel": "contact@exemple.org",
        "horaires_accueil": "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off",
        "modes_accueil": ["a-distance", "en-presentiel"],
    }
    assert len(services) == 3
