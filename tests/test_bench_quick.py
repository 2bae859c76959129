"""``make bench-quick`` inside ``make test``: the scale table at 200 places, every row measured, sizes in budget.

A smoke test of tests/bench/scale.py: it asserts that each figure is measured and that sizes keep their budgets,
never a time (timed tests fail on a busy machine and pass on a fast one).
"""

from __future__ import annotations

from bench.scale import PAGE_BUDGETS, QUICK_SIZE, measure, over_budget, table
from browser import chromium_missing


def test_the_quick_bench_measures_every_row_and_keeps_the_size_budgets(tmp_path):
    measures = measure(QUICK_SIZE, tmp_path)
    assert measures.build.returncode == measures.bare.returncode == measures.check.returncode == 0
    assert measures.search_files_kb > measures.search_index_kb > 0 and measures.sitemap_kb > 0
    if not chromium_missing():
        assert set(measures.first_views) == set(PAGE_BUDGETS)
        assert "—" not in table([measures])
        # A first view downloads Material's settings, never the full index (loaded at the first search); the
        # embeds have no search box.
        searched = {name: view["search"] for name, view in measures.first_views.items()}
        assert searched.pop("embed") == searched.pop("embed région") == 0
        assert set(searched.values()) == {round(measures.search_index_kb * 1e3)}
        # Both searches find places: the second by a word of one portrait's text only.
        assert [query["results"] > 0 for query in measures.queries] == [True, True]
    assert over_budget(measures) == []
