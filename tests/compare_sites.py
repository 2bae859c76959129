"""Compare two builds of the site: the same files, the same bytes, but for the generator tag of HTML pages.

Run by ``make properdocs`` (and the CI job of the same name) on the sites MkDocs and ProperDocs built from the
same commit, and by tests/test_properdocs.py:

    python tests/compare_sites.py site.mkdocs site.properdocs
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def site_differences(first: Path, second: Path) -> list[str]:
    """What differs between the two site folders, one French line per file, in path order; empty when none."""
    files = {path.relative_to(first).as_posix() for path in first.rglob("*") if path.is_file()}
    others = {path.relative_to(second).as_posix() for path in second.rglob("*") if path.is_file()}
    problems = [f"{name} : seulement dans {first}" for name in sorted(files - others)]
    problems += [f"{name} : seulement dans {second}" for name in sorted(others - files)]
    problems += [f"{name} : contenu différent" for name in sorted(files & others)
                 if _comparable(first / name) != _comparable(second / name)]
    return sorted(problems)


def _comparable(path: Path) -> bytes:
    """The file's bytes, an HTML page's generator tag blanked: it names the engine that built it."""
    data = path.read_bytes()
    return _GENERATOR.sub(b'<meta name="generator">', data) if path.suffix == ".html" else data


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("Usage : python tests/compare_sites.py <site construit par MkDocs> <site construit par ProperDocs>")
        return 2
    differences = site_differences(Path(argv[0]), Path(argv[1]))
    for line in differences:
        print(line)
    print(f"{len(differences)} différence(s)." if differences else "Les deux sites sont identiques, au générateur près.")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
