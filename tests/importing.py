"""What the tests of ``make import`` share: a project to import into, a spreadsheet, a run of the command."""

from __future__ import annotations

from pathlib import Path

from projects import REPO, make_project
from tierslieux.importer import main


def import_project(tmp_path: Path) -> Path:
    """A tree with the site's regions and template, and no portrait."""
    root = make_project(tmp_path / "projet")
    (root / "modeles").symlink_to(REPO / "modeles")
    return root


def portraits(root: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted((root / "portraits").glob("*.md"))}


def run(project: Path, spreadsheet: Path, *flags: str) -> int:
    return main([str(spreadsheet), "--root", str(project), *flags])


def write_csv(tmp_path: Path, *lines: str, name: str = "lieux.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
