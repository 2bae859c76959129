"""The trainings outside their portraits: anchors, certifying trainings, region lists and the catalogue's data."""

from __future__ import annotations

import pytest

from projects import REPO
from tierslieux.content import load_content
from tierslieux.departements import departement_label
from tierslieux.model import Training
from tierslieux.schema import load_schema, theme_labels
from tierslieux.trainings import (
    MODALITIES,
    catalogue_data,
    certification_links,
    is_certifying,
    regions_with_trainings,
    trainings_of,
)


@pytest.fixture(scope="module")
def content():
    return load_content(REPO)


def test_modalities_are_the_schemas():
    assert MODALITIES == ("présentiel", "distanciel", "hybride")
    assert list(MODALITIES) == load_schema("portrait")["$defs"]["training"]["properties"]["modality"]["enum"]


@pytest.mark.parametrize("training, certifying", [
    (Training("A", certification="Titre professionnel de niveau 4"), False),  # a text proves nothing
    (Training("A", certification="Attestation de fin de formation"), False),  # an attestation certifies nothing
    (Training("B", kind="certifiante"), True),
    (Training("C", kind="Certifiante (RNCP)"), True),
    (Training("D", kind="qualifiante", rncp="RNCP37674"), True),
    (Training("E", rs="RS6776"), True),
    (Training("F", kind="qualifiante"), False),
    (Training("G"), False),
])
def test_a_training_is_certifying_by_its_kind_or_a_registered_certification(training, certifying):
    assert is_certifying(training) is certifying


def test_registered_certifications_link_to_france_competences():
    assert certification_links(Training("A", rncp="RNCP37674", rs="RS6776")) == (
        ("RNCP37674", "https://www.francecompetences.fr/recherche/rncp/37674/"),
        ("RS6776", "https://www.francecompetences.fr/recherche/rs/6776/"),
    )
    assert certification_links(Training("B", certification="Attestation")) == ()


def test_the_examples_count_their_certifying_trainings_by_kind(content):
    assert sum(is_certifying(training) for place in content.places for training in place.trainings) == 7


def test_each_training_links_to_its_anchor_on_its_portrait(content):
    place = next(p for p in content.places if len(p.trainings) >= 2)
    entries = trainings_of([place])
    assert [entry.training for entry in entries] == list(place.trainings)
    assert [entry.url for entry in entries] == [
        f"portraits/{place.slug}/#formation-{number}" for number in range(1, len(place.trainings) + 1)
    ]


def test_regions_are_counted_in_french_order(content):
    counts = regions_with_trainings(content)
    assert [region.name for region, _ in counts][:3] == ["Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Bretagne"]
    assert sum(count for _, count in counts) == sum(len(place.trainings) for place in content.places)


def test_the_catalogue_data_holds_every_training_once_with_its_place(content):
    data = catalogue_data(content)
    assert [theme["id"] for theme in data["themes"]] == list(theme_labels())
    assert data["modalities"] == list(MODALITIES)
    rows = {(data["places"][row[0]][0], row[1]): row for row in data["trainings"]}
    assert len(rows) == len(data["trainings"]) == sum(len(place.trainings) for place in content.places)
    for place in content.places:
        slug, name, commune, region, themes, departement = next(row for row in data["places"] if row[0] == place.slug)
        assert (name, commune, data["regions"][region]["id"]) == (place.name, place.commune, place.region)
        assert departement == departement_label(place)
        assert [data["themes"][index]["id"] for index in themes] == list(place.themes)
        for number, training in enumerate(place.trainings, start=1):
            row = rows[(place.slug, number)]
            modality = None if row[4] is None else data["modalities"][row[4]]
            assert row[2:4] + [modality] + row[5:] == [
                training.title, training.kind or "", training.modality, training.duration or "",
                training.certification or "", training.audience or "", int(is_certifying(training)),
            ]


def test_the_catalogue_lists_trainings_region_by_region_in_french_order(content):
    data = catalogue_data(content)
    regions = [data["places"][row[0]][3] for row in data["trainings"]]
    assert regions == sorted(regions)
    assert [region["name"] for region in data["regions"]] == [r.name for r in content.regions_by_name()]
