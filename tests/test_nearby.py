"""The nearest places: exact against all pairs, within each territory, nearest first, in French notation."""

from __future__ import annotations

import math
import random
from dataclasses import replace

import pytest

from projects import REPO
from tierslieux.content import Content, load_content
from tierslieux.nearby import EARTH_RADIUS_KM, Neighbour, nearby_places, nearest_within


def haversine_km(a, b) -> float:
    """The reference: the haversine formula, independent of the chord the module uses."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def all_pairs(places, count, targets=None):
    """The reference: every distance from each of ``targets`` (by default ``places``) to every other place."""
    return {
        place.slug: sorted((haversine_km(place, other), other.slug) for other in places if other is not place)[:count]
        for place in (places if targets is None else targets)
    }


@pytest.fixture(scope="module")
def examples() -> Content:
    return load_content(REPO)


def scattered(content: Content, count: int, seed: int) -> Content:
    """``count`` copies of the examples scattered in their regions' bounds, some of them clustered in a town."""
    rng = random.Random(seed)
    places = []
    for index in range(count):
        model = content.places[index % len(content.places)]
        region = content.regions[model.region]
        if index % 7 == 0:  # a dense town: many places within a few hundred metres
            latitude, longitude = 48.1173 + rng.uniform(-0.01, 0.01), -1.6778 + rng.uniform(-0.01, 0.01)
            model = replace(model, region="bretagne")
        else:
            latitude = rng.uniform(region.south, region.north)
            longitude = rng.uniform(region.west, region.east)
        places.append(replace(model, slug=f"lieu-{index}", name=f"Lieu {index}", latitude=latitude,
                              longitude=longitude))
    return Content(content.regions, tuple(places))


@pytest.mark.parametrize("count, seed", [(2, 0), (6, 1), (40, 2), (700, 3), (2000, 5)])
def test_the_grid_finds_exactly_the_nearest_places_that_all_pairs_find(examples, count, seed):
    """At 2,000 places, the town holds more than ``CROWDED`` places: it is looked at with smaller cubes."""
    content = scattered(examples, count, seed)
    found = nearby_places(content)
    for territory in _territories(content):
        targets = territory[::max(1, len(territory) // 150)]
        expected = all_pairs(territory, 5, targets)
        for place in targets:
            got = found[place.slug]
            assert [n.place.slug for n in got] == [slug for _, slug in expected[place.slug]], place.slug
            assert [n.distance_km for n in got] == pytest.approx([km for km, _ in expected[place.slug]], abs=1e-3)


def _territories(content: Content) -> list[list]:
    overseas = {"guadeloupe", "martinique", "guyane", "la-reunion", "mayotte"}
    groups: dict[str, list] = {}
    for place in content.places:
        groups.setdefault(place.region if place.region in overseas else "metropole", []).append(place)
    return list(groups.values())


def test_overseas_places_find_neighbours_in_their_own_territory_only(examples):
    content = scattered(examples, 400, 4)
    regions = {place.slug: place.region for place in content.places}
    found = nearby_places(content)
    for place in content.places:
        neighbours = {regions[n.place.slug] for n in found[place.slug]}
        if place.region in {"guadeloupe", "martinique", "guyane", "la-reunion", "mayotte"}:
            assert neighbours == {place.region}
        else:
            assert neighbours.isdisjoint({"guadeloupe", "martinique", "guyane", "la-reunion", "mayotte"})


def test_corse_is_in_metropolitan_france_and_a_lone_overseas_place_has_no_neighbour(examples):
    found = nearby_places(examples)
    corse = next(place for place in examples.places if place.region == "corse")
    assert len(found[corse.slug]) == 5
    for place in examples.places:
        if place.region in {"guadeloupe", "martinique", "guyane", "la-reunion", "mayotte"}:
            assert found[place.slug] == []  # the examples have one place per overseas region


def test_neighbours_are_sorted_nearest_first_and_never_the_place_itself(examples):
    for slug, neighbours in nearby_places(examples).items():
        assert slug not in [n.place.slug for n in neighbours]
        assert [n.distance_km for n in neighbours] == sorted(n.distance_km for n in neighbours)


def test_fewer_places_than_asked_gives_every_other_place(examples):
    places = [place for place in examples.places if place.region in {"bretagne", "normandie", "corse"}]
    found = nearest_within(places, 5)
    assert all(len(neighbours) == 2 for neighbours in found.values())


def test_places_at_the_same_spot_are_at_zero_km_and_sorted_by_slug(examples):
    place = examples.places[0]
    twins = [replace(place, slug=f"jumeau-{letter}", name=name) for letter, name in (("b", "Écluse"), ("a", "Zèbre"))]
    found = nearest_within([place, *twins], 5)
    assert [(n.place.slug, n.distance_km) for n in found[place.slug]] == [("jumeau-a", 0.0), ("jumeau-b", 0.0)]


def test_hundreds_of_places_at_the_same_spot_end_the_search(examples):
    place = examples.places[0]
    crowd = [replace(place, slug=f"lieu-{index:03d}") for index in range(300)]
    found = nearest_within(crowd, 5)
    assert [n.place.slug for n in found["lieu-000"]] == [f"lieu-{index:03d}" for index in range(1, 6)]


@pytest.mark.parametrize("km, label", [(12.4, "12,4\u00a0km"), (0.04, "0,0\u00a0km"), (1234.56, "1\u202f234,6\u00a0km")])
def test_distances_are_written_the_french_way(examples, km, label):
    assert Neighbour(examples.places[0], km).distance_label == label
