"""``make bench``: the nearest places and the catalogue of trainings at 5,000 places.

The places are copies of the 18 examples (so about two trainings each, with their real lengths), renamed and
scattered at random within their regions. Targets: the nearest places of all 5,000 in at most 0.5 s; the
catalogue page and its data light enough for a phone. Times are measured, never asserted; sizes are printed.

Baseline, measured in the same run: comparing all pairs in Python, on 1,000 places only (at 5,000 it takes
about 25 times as long), against the grid on the same 1,000. On a machine busy with other work, measure
processor time rather than wall time: ``--benchmark-timer time.process_time``.
"""

from __future__ import annotations

import gzip

import pytest
from test_nearby import all_pairs

from example_copies import write_example_copies
from projects import build_site, make_project
from tierslieux.content import load_content
from tierslieux.nearby import nearby_places, nearest_within

PLACES = 5000
BASELINE_PLACES = 1000
_OVERSEAS = {"guadeloupe", "martinique", "guyane", "la-reunion", "mayotte"}  # the baseline's places: metropolitan


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("bench-visitors") / "projet")
    write_example_copies(root, PLACES)
    return root


@pytest.fixture(scope="module")
def content(project):
    return load_content(project)


def test_bench_nearby_5000_places(benchmark, content):
    nearest = benchmark(nearby_places, content)
    assert len(nearest) == PLACES


def test_bench_nearby_1000_places_grid(benchmark, content):
    places = [place for place in content.places if place.region not in _OVERSEAS][:BASELINE_PLACES]
    nearest = benchmark(nearest_within, places, 5)
    assert len(nearest) == BASELINE_PLACES


def test_bench_nearby_1000_places_all_pairs_baseline(benchmark, content):
    places = [place for place in content.places if place.region not in _OVERSEAS][:BASELINE_PLACES]
    nearest = benchmark.pedantic(all_pairs, args=(places, 5), rounds=2, iterations=1)
    assert len(nearest) == BASELINE_PLACES


def test_bench_catalogue_weight(benchmark, project, content):
    site = project.parent / "site"
    result = benchmark.pedantic(build_site, args=(project, site), rounds=1, iterations=1)
    assert result.returncode == 0, result.stderr
    by_region = content.places_by_region()
    largest = max(by_region, key=lambda slug: len(by_region[slug]))

    def size(path: str) -> tuple[int, int]:
        data = (site / path).read_bytes()
        return len(data), len(gzip.compress(data, 6))

    sizes = {
        "trainings": sum(len(place.trainings) for place in content.places),
        "/formations/ page": size("formations/index.html"),
        "data/formations.json": size("data/formations.json"),
        f"region page ({largest}, {len(by_region[largest])} places)": size(f"regions/{largest}/index.html"),
        f"booklet ({largest})": size(f"regions/{largest}/livret/index.html"),
        "a portrait page": size(f"{content.places[0].url}index.html"),
    }
    benchmark.extra_info.update(sizes)
    print()
    for name, value in sizes.items():
        if isinstance(value, tuple):
            print(f"  {name}: {value[0] / 1e6:.3f} MB, {value[1] / 1e6:.3f} MB compressed (gzip)")
        else:
            print(f"  {name}: {value}")
