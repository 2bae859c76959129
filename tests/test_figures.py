"""The figures: live counts of the home page and the charts of the « Chiffres » page add up."""

from __future__ import annotations

import re

import pytest

from projects import FIXTURES, make_project
from tierslieux.content import load_content
from tierslieux.figures import charts, live_counts
from tierslieux.trainings import catalogue_data


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("chiffres") / "projet", sorted((FIXTURES / "hostile").glob("*.md")),
                        with_examples=True)
    return load_content(root)


def _chart(content, anchor):
    return next(chart for chart in charts(content) if chart.anchor == anchor)


def test_the_places_per_region_add_up_to_the_number_of_places(content):
    regions = _chart(content, "regions")
    assert regions.total == len(content.places) == live_counts(content).places
    assert len(regions.bars) == len(content.regions)
    assert [bar.count for bar in regions.bars] == sorted((bar.count for bar in regions.bars), reverse=True)
    assert sum(1 for bar in regions.bars if bar.count) == live_counts(content).regions


def test_the_places_per_departement_add_up_under_their_names(content):
    departements = _chart(content, "departements")
    assert departements.total == len(content.places) and departements.adds_up
    labels = {bar.label for bar in departements.bars}
    assert {"Finistère (29)", "Haute-Corse (2B)", "Guadeloupe (971)"} <= labels
    assert all(re.fullmatch(r"[^()]+ \((\d\d|2[AB]|97\d)\)", label) for label in labels), labels


def test_only_the_charts_whose_bars_add_up_show_a_total(content):
    assert {chart.anchor: chart.adds_up for chart in charts(content)} == {
        "regions": True, "themes": False, "departements": True, "modalites": True, "certifiantes": True,
        "types": True}


def test_every_label_starts_with_a_capital(content):
    for chart in charts(content):
        assert all(bar.label[0].isupper() for bar in chart.bars), chart.anchor


def test_the_themes_count_each_theme_of_each_place(content):
    themes = _chart(content, "themes")
    assert themes.total == sum(len(place.themes) for place in content.places)


def test_the_trainings_per_modality_and_per_kind_add_up_to_the_trainings(content):
    trainings = live_counts(content).trainings
    assert trainings == sum(len(place.trainings) for place in content.places) > 0
    assert _chart(content, "modalites").total == trainings
    kinds = _chart(content, "types")
    assert kinds.total == trainings
    labels = [bar.label.casefold() for bar in kinds.bars]
    assert len(labels) == len(set(labels))  # « Qualifiante » and « qualifiante » are one kind


def test_certifying_trainings_are_counted_as_the_catalogue_counts_them(content):
    chart = _chart(content, "certifiantes")
    entries = [training for place in content.places for training in place.trainings]
    assert [(bar.label, bar.count, bar.href) for bar in chart.bars] == [
        ("Certifiantes", 7, "formations/?certifiante=oui"),
        ("Non certifiantes", len(entries) - 7, "formations/?certifiante=non"),
    ]
    rows = catalogue_data(content)["trainings"]
    assert sum(row[8] for row in rows) == 7  # the catalogue's « certifiante » flag: one definition
