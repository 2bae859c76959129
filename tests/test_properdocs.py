"""ProperDocs, the continuation of MkDocs 1.6, builds the very same site: the way off MkDocs stays open."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from compare_sites import main, site_differences
from projects import REPO, build_site, make_project, run_make


def _properdocs_build(root: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """The strict build of ``build_site``, by ProperDocs (pinned in pyproject.toml's test dependencies)."""
    properdocs = Path(sys.executable).with_name("properdocs")
    return subprocess.run(
        [str(properdocs), "build", "--strict", "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(site_dir)],
        capture_output=True, text=True, cwd=root, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )


def test_properdocs_builds_the_same_site_as_mkdocs_but_for_the_generator_tag(example_site, tmp_path):
    result = _properdocs_build(REPO, tmp_path / "properdocs")
    assert result.returncode == 0, result.stderr
    assert site_differences(example_site, tmp_path / "properdocs") == []
    page = (tmp_path / "properdocs" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material-' in page


def test_the_comparison_names_each_missing_or_changed_file(tmp_path, capsys):
    first, second = tmp_path / "a", tmp_path / "b"
    for site, generator, body in ((first, "mkdocs-1.6.1", "Bonjour"), (second, "mkdocs-ProperDocs 1.6.7", "Salut")):
        (site / "p").mkdir(parents=True)
        (site / "index.html").write_text(f'<meta name="generator" content="{generator}"><p>Même</p>')
        (site / "p" / "index.html").write_text(f"<p>{body}</p>")
    (first / "seul.json").write_text("{}")
    assert site_differences(first, second) == ["p/index.html : contenu différent",
                                               f"seul.json : seulement dans {first}"]
    assert main([str(first), str(second)]) == 1
    assert capsys.readouterr().out.endswith("2 différence(s).\n")


def test_a_strict_build_failure_is_a_failure_for_both_engines(tmp_path):
    project = tmp_path / "projet"
    project.mkdir()
    (project / "mkdocs.yml").write_text("site_name: x\nnav:\n  - absente.md\n", encoding="utf-8")
    (project / "docs").mkdir()
    assert build_site(project, tmp_path / "mkdocs").returncode == 1
    assert _properdocs_build(project, tmp_path / "properdocs").returncode == 1


def test_the_one_line_switch_builds_the_published_site_with_properdocs(tmp_path):
    project = make_project(tmp_path / "projet", with_examples=True)
    result = run_make(project, "site", f"BUILDER={Path(sys.executable).with_name('properdocs')}",
                      env={"NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="generator" content="mkdocs-ProperDocs 1.6.7, ' in page
    assert "BUILDER := $(BIN)/mkdocs\n" in (REPO / "Makefile").read_text(encoding="utf-8")
