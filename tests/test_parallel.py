"""Thousands of portraits read by several processes: the same content and the same problems, in the same order."""

from __future__ import annotations

import os
import shutil

import pytest

from projects import FIXTURES, make_project
from synthetic import write_synthetic_portraits
from tierslieux import parallel
from tierslieux.check import main
from tierslieux.content import load_content
from tierslieux.parallel import MIN_ITEMS_PER_PROCESS, available_processors, in_processes
from tierslieux.problems import ContentError


def _with_process(item: int) -> tuple[int, int]:
    return item, os.getpid()


def test_the_items_are_shared_between_processes_and_come_back_in_order():
    results = in_processes(_with_process, range(2 * MIN_ITEMS_PER_PROCESS), 2)
    assert [item for item, _ in results] == list(range(2 * MIN_ITEMS_PER_PROCESS))
    processes = [process for _, process in results]
    assert set(processes[:MIN_ITEMS_PER_PROCESS]) == {os.getpid()}  # this process reads the first share itself
    assert os.getpid() not in processes[MIN_ITEMS_PER_PROCESS:]


@pytest.mark.parametrize(("count", "processes"), [(2 * MIN_ITEMS_PER_PROCESS - 1, 2), (5000, 1)])
def test_a_few_items_or_one_process_stay_in_this_process(count, processes):
    assert {process for _, process in in_processes(_with_process, range(count), processes)} == {os.getpid()}


@pytest.fixture(scope="module")
def thousand_portraits(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("parallel") / "project")
    write_synthetic_portraits(root, 2 * MIN_ITEMS_PER_PROCESS)
    return root


@pytest.mark.parametrize("start_method", ["fork", "spawn"])  # spawn: macOS and Windows
def test_content_read_by_two_processes_is_the_content_read_by_one(thousand_portraits, start_method, monkeypatch):
    monkeypatch.setattr(parallel, "START_METHOD", start_method)
    assert load_content(thousand_portraits, processes=2) == load_content(thousand_portraits)


def test_problems_found_by_another_process_are_reported_as_by_one(thousand_portraits, tmp_path):
    root = shutil.copytree(thousand_portraits, tmp_path / "project", symlinks=True)
    for name in ("zz-blank-texts.md", "zz-alias-bomb.md"):  # sorted last: in the other process's share
        shutil.copy(FIXTURES / "invalid" / name.removeprefix("zz-"), root / "portraits" / name)
    with pytest.raises(ContentError) as by_one:
        load_content(root)
    with pytest.raises(ContentError) as by_two:
        load_content(root, processes=2)
    assert by_two.value.problems == by_one.value.problems
    assert {problem.path for problem in by_two.value.problems} == {
        "portraits/zz-blank-texts.md", "portraits/zz-alias-bomb.md"
    }


def test_make_check_reads_a_thousand_portraits_with_the_processors_it_may_use(thousand_portraits, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert 1 <= available_processors() <= os.cpu_count()
    assert main([str(thousand_portraits)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"{2 * MIN_ITEMS_PER_PROCESS} portraits et 18 régions valides."
