"""``python -m tierslieux.check``: validate every region and portrait without building the site."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tierslieux.content import load_content
from tierslieux.notices import commune_notices, content_notices, format_notices
from tierslieux.parallel import available_processors
from tierslieux.placeholder import placeholder_notices
from tierslieux.problems import ContentError, echo, format_github, format_plain


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make check", description="Vérifie les portraits et les régions.")
    parser.add_argument("root", nargs="?", default=".", type=Path, help="dossier qui contient portraits/ et regions/")
    args = parser.parse_args(argv)
    try:
        content = load_content(args.root, processes=available_processors())
    except ContentError as error:
        if os.environ.get("GITHUB_ACTIONS") == "true":
            echo(format_github(error.problems))
        echo(format_plain(error.problems), file=sys.stderr)
        return 1
    places, regions = len(content.places), len(content.regions)
    echo(f"{places} portrait{'s' if places > 1 else ''} et {regions} région{'s' if regions > 1 else ''} valides.")
    notices = content_notices(content) + placeholder_notices(args.root, content.places)
    notices += commune_notices(args.root, content.places)
    if notices:
        if os.environ.get("GITHUB_ACTIONS") == "true":
            echo(format_github(notices, "notice"))
        echo(format_notices(notices))
    return 0


if __name__ == "__main__":
    sys.exit(main())
