"""``make bench``: validation and the whole site build, at two sizes, to show they grow linearly.

Compare the medians of the small and large runs of one benchmark: a ratio near the ratio of sizes (4)
means linear growth; a ratio near its square (16) would mean quadratic growth.
"""

from __future__ import annotations

import pytest

from projects import build_site, make_project
from synthetic import write_synthetic_portraits
from tierslieux.content import load_content

SIZES = [500, 2000]


@pytest.fixture(scope="module", params=SIZES, ids=lambda size: f"{size}-places")
def project(request, tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp(f"bench-{request.param}"))
    write_synthetic_portraits(root, request.param)
    return root


def test_bench_validate(benchmark, project):
    content = benchmark(load_content, project)
    assert len(content.places) in SIZES


def test_bench_build(benchmark, project, tmp_path):
    result = benchmark.pedantic(build_site, args=(project, tmp_path / "site"), rounds=2, iterations=1)
    assert result.returncode == 0, result.stderr
