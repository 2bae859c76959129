"""Content trees and sites built from them, in temporary directories, and git histories, for tests and benchmarks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from tierslieux.content import load_content
from tierslieux.maps import tiles_from_config
from tierslieux.network import network_from_config

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE_SOURCES = ("mkdocs.yml", "docs", "overrides", "hooks", "licences")
# The only other site that pages may ask for something: the map tiles of mkdocs.yml.
TILE_HOST = urlsplit(tiles_from_config(yaml.safe_load((REPO / "mkdocs.yml").read_text())["extra"]).url).netloc
# A published site's addresses: its own domain (a reserved test name, never looked up), its real repository.
PUBLISHED_SITE_URL = "https://tiers-lieux-formation.test/"
PUBLISHED_REPO_URL = "https://github.com/reseau-exemple/tiers-lieux-formation"
# The network of the reference site, for the tests that draw its pages and maps without MkDocs.
NETWORK = network_from_config(yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"])


def make_project(root: Path, portraits: list[Path] = (), *, with_examples: bool = False, source: Path = REPO) -> Path:
    """A buildable project in ``root``: the site sources and regions of ``source`` (the repository, or another
    version of it), and the given portraits."""
    root.mkdir(parents=True, exist_ok=True)
    for name in SITE_SOURCES:
        if (source / name).exists():
            (root / name).symlink_to(source / name)
    shutil.copytree(source / "regions", root / "regions")
    if with_examples:
        shutil.copytree(source / "portraits", root / "portraits")
    else:
        shutil.copytree(source / "portraits" / "photos", root / "portraits" / "photos")
    for portrait in portraits:
        shutil.copy(portrait, root / "portraits" / portrait.name)
    return root


def content_problems(root: Path) -> list[str]:
    """The messages of the problems that refuse the content of ``root``; fails when nothing is refused."""
    import pytest

    from tierslieux.problems import ContentError

    with pytest.raises(ContentError) as caught:
        load_content(root)
    return [str(problem) for problem in caught.value.problems]


def set_site_url(root: Path, url: str) -> None:
    """Give the project in ``root`` its own mkdocs.yml, published at ``url``."""
    set_setting(root, "site_url", url)


def set_setting(root: Path, name: str, value: str) -> None:
    """Give the project in ``root`` its own mkdocs.yml, with the top-level setting ``name`` set to ``value``."""
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").unlink()
    (root / "mkdocs.yml").write_text(re.sub(rf"(?m)^{name}: .*$", f"{name}: {value}", config), encoding="utf-8")


def build_site(root: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Run a strict MkDocs build of the project in ``root`` into ``site_dir``."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(root / "mkdocs.yml"),
         "--site-dir", str(site_dir)],
        capture_output=True, text=True, env=env, cwd=root,
    )


def git(repo: Path, *args: str, day: str | None = None) -> None:
    """Run git in ``repo`` with a fixed identity, ignoring the machine's git configuration."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    if day:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T12:00:00+00:00"
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def commit(repo: Path, files: dict[str, str], day: str) -> None:
    """Write ``files`` in ``repo`` and commit everything, dated ``day`` (AAAA-MM-JJ)."""
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", f"Changes of {day}", day=day)


def run_make(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the repository's Makefile in ``root`` with the Python environment running the tests, installing nothing."""
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        if not (root / name).exists():
            (root / name).symlink_to(REPO / name)
    if not (root / ".venv").exists():
        (root / ".venv").symlink_to(Path(sys.prefix))
    return subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.site-installed", *args], cwd=root, capture_output=True,
        text=True, stdin=subprocess.DEVNULL, env={**os.environ, "MAKEFLAGS": "", **(env or {})},
    )


def search_documents(site: Path) -> list[dict]:
    """Every document of a built site's search index, in index order (see tierslieux.search)."""
    import json

    files = sorted((site / "search" / "documents").glob("*.json"), key=lambda path: int(path.stem))
    return [doc for path in files for doc in json.loads(path.read_text(encoding="utf-8"))]
