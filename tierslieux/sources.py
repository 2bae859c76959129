"""The repository file behind each page: where to edit it, and when it last changed according to git.

The MkDocs hook asks once per build for every file's date (one ``git log`` for the whole repository), then
looks pages up in that dictionary.
"""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin

from tierslieux.content import PORTRAITS_DIR, REGIONS_DIR

_COMMIT = "\x01"  # starts the header line of each commit in the log below; never part of a file name


def last_commit_dates(root: Path) -> dict[str, date]:
    """The author date of the last commit that changed each file under ``root``, keyed by POSIX path from ``root``.

    Empty when there is no usable history (no git, a tarball, an unreadable repository). In a shallow clone,
    the oldest fetched commit lists every file as if it had just been added: files seen only there are left
    out, so that their page falls back to another date rather than show a wrong one.
    """
    try:
        log = subprocess.run(
            ["git", "-c", "core.quotePath=false", "log", "--relative", "--name-only", f"--format={_COMMIT}%as %D"],
            cwd=root, capture_output=True, text=True, encoding="utf-8", errors="replace", check=False,
        )
    except OSError:
        return {}
    return _parse_log(log.stdout) if log.returncode == 0 else {}


def _parse_log(text: str) -> dict[str, date]:
    """Newest commit first, so the first date seen for a file is its last change."""
    dates: dict[str, date] = {}
    day, grafted = None, False
    for line in text.splitlines():
        if line.startswith(_COMMIT):
            stamp, _, refs = line[1:].partition(" ")
            day, grafted = date.fromisoformat(stamp), "grafted" in refs.split(", ")
        elif line and not grafted:
            dates.setdefault(line, day)
    return dates


def docs_source(src_uri: str, docs_dir: Path, root: Path) -> str:
    """The repository path of a page written by hand in ``docs_dir``: 'contribuer.md' -> 'docs/contribuer.md'."""
    return (PurePosixPath(Path(os.path.relpath(docs_dir, root)).as_posix()) / src_uri).as_posix()


def edit_uri(source: str, docs_dir: Path, root: Path) -> str:
    """What MkDocs appends to the ``edit_uri`` of mkdocs.yml, which points at ``docs_dir``, to reach ``source``.

    'portraits/x.md' -> '../portraits/x.md': the edit link then resolves to the file at the repository root.
    """
    return (PurePosixPath(Path(os.path.relpath(root, docs_dir)).as_posix()) / source).as_posix()


def edit_link(repo_url: str | None, edit_uri_setting: str | None, source: str, docs_dir: Path, root: Path) -> str | None:
    """The address of the editor of ``source``, as MkDocs makes a page's edit link from ``repo_url`` and ``edit_uri``."""
    if not (repo_url and edit_uri_setting):
        return None
    return urljoin(repo_url.rstrip("/") + "/", edit_uri_setting + edit_uri(source, docs_dir, root))


def is_fiche(source: str) -> bool:
    """Whether a page shows one content file, a portrait or a region: its edit button says « Modifier cette fiche »."""
    return PurePosixPath(source).parts[0] in (PORTRAITS_DIR, REGIONS_DIR)
