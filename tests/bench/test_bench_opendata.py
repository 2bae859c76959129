"""``make bench``: the open data files and an import of the whole export, at two sizes, to show they grow linearly.

Compare the medians of the small and large runs: a ratio near the ratio of sizes (10) means linear growth.
"""

from __future__ import annotations

import pytest

from projects import NETWORK, REPO, make_project
from synthetic import write_synthetic_portraits
from tierslieux.content import load_content
from tierslieux.exports import CSV_PATH
from tierslieux.figures import charts
from tierslieux.importer import import_sheet
from tierslieux.opendata import open_data_files

SIZES = [500, 5000]
SITE = "https://tiers-lieux-formation.example.org/"


@pytest.fixture(scope="module", params=SIZES, ids=lambda size: f"{size}-places")
def content(request, tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp(f"bench-opendata-{request.param}"))
    write_synthetic_portraits(root, request.param)
    return load_content(root)


def _open_data(content):
    files = open_data_files(content, {}, network=NETWORK, site_name="Tiers-lieux de formation", site_url=SITE,
                            licence=None)
    return files, charts(content)


def test_bench_open_data_files_and_figures(benchmark, content):
    files, _ = benchmark(_open_data, content)
    sizes = {path: f"{len(text.encode('utf-8')) / 1e6:.2f} Mo" for path, text in files.items()}
    print(f"\n{len(content.places)} lieux : {sizes}")
    assert files[CSV_PATH].startswith("\ufeffid,nom,")


def test_bench_import_of_the_whole_export_into_an_empty_tree(benchmark, content, tmp_path_factory):
    spreadsheet = tmp_path_factory.mktemp("tableau") / "lieux.csv"
    spreadsheet.write_text(_open_data(content)[0][CSV_PATH], encoding="utf-8")

    def empty_tree():
        root = make_project(tmp_path_factory.mktemp("vide") / "projet")
        (root / "modeles").symlink_to(REPO / "modeles")
        return (root, spreadsheet), {}

    changes = benchmark.pedantic(import_sheet, setup=empty_tree, rounds=1, iterations=1).changes
    assert len(changes) == len(content.places) and all(change.before is None for change in changes)
