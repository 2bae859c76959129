"""Content trees and sites built from them, in temporary directories, for tests and benchmarks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE_SOURCES = ("mkdocs.yml", "docs", "overrides", "hooks", "node_modules")


def make_project(root: Path, portraits: list[Path] = (), *, with_examples: bool = False) -> Path:
    """A buildable project in ``root``: the repository's site sources and regions, and the given portraits."""
    root.mkdir(parents=True, exist_ok=True)
    for name in SITE_SOURCES:
        if (REPO / name).exists():
            (root / name).symlink_to(REPO / name)
    shutil.copytree(REPO / "regions", root / "regions")
    if with_examples:
        shutil.copytree(REPO / "portraits", root / "portraits")
    else:
        shutil.copytree(REPO / "portraits" / "photos", root / "portraits" / "photos")
    for portrait in portraits:
        shutil.copy(portrait, root / "portraits" / portrait.name)
    return root


def set_site_url(root: Path, url: str) -> None:
    """Give the project in ``root`` its own mkdocs.yml, published at ``url``."""
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").unlink()
    (root / "mkdocs.yml").write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {url}", config), encoding="utf-8")


def build_site(root: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Run a strict MkDocs build of the project in ``root`` into ``site_dir``."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(root / "mkdocs.yml"),
         "--site-dir", str(site_dir)],
        capture_output=True, text=True, env=env, cwd=root,
    )
