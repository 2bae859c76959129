"""``make bench``: the git dates of a whole repository, read with one ``git log``, at two sizes of history."""

from __future__ import annotations

import pytest

from projects import commit, git, make_project
from synthetic import write_synthetic_portraits
from tierslieux.sources import last_commit_dates

SIZES = [500, 2000]


@pytest.fixture(scope="module", params=SIZES, ids=lambda size: f"{size}-places")
def repository(request, tmp_path_factory):
    """Synthetic portraits committed in 20 commits, each one changing a twentieth of them."""
    root = make_project(tmp_path_factory.mktemp(f"bench-git-{request.param}"))
    git(root, "init", "--quiet", "--initial-branch=main")
    write_synthetic_portraits(root, request.param)
    commit(root, {}, "2025-01-01")
    portraits = sorted((root / "portraits").glob("*.md"))
    for round_ in range(20):
        changed = {f"portraits/{path.name}": path.read_text(encoding="utf-8") + f"\nRévision {round_}.\n"
                   for path in portraits[round_::20]}
        commit(root, changed, f"2025-02-{round_ + 1:02d}")
    return root


def test_bench_git_dates(benchmark, repository):
    dates = benchmark(last_commit_dates, repository)
    assert len([path for path in dates if path.startswith("portraits/") and path.endswith(".md")]) in SIZES
