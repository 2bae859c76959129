"""A quick preview of one region: ``make serve REGION=bretagne`` loads only that region's portraits.

With thousands of portraits in the tree, loading and building them all at each edit takes too long for a
contributor who checks their own fiche. The region comes from the ``TIERSLIEUX_REGION`` environment variable
(set by ``make serve REGION=…``); the other portraits are not read at all, so checks that span regions
(duplicates, former slugs) wait for the full build, which CI runs on every pull request.
"""

from __future__ import annotations

import re
from pathlib import Path

from tierslieux.content import REGION_SLUGS, REGIONS_DIR, Content, load_content_where

PREVIEW_VARIABLE = "TIERSLIEUX_REGION"


class PreviewError(Exception):
    """An unknown preview region, told in French to whoever runs ``make serve``."""


def preview_region(environ: dict[str, str]) -> str | None:
    """The region asked for by ``TIERSLIEUX_REGION``, or None for the whole site; an unknown one is refused."""
    region = environ.get(PREVIEW_VARIABLE, "").strip()
    if not region:
        return None
    if region not in REGION_SLUGS:
        raise PreviewError(
            f"{PREVIEW_VARIABLE} : région inconnue (trouvé : « {region} » ; attendu : le nom d'un fichier de "
            f"{REGIONS_DIR}/ sans .md, parmi {', '.join(sorted(REGION_SLUGS))}). Par exemple : make serve REGION=bretagne"
        )
    return region


def load_region_content(root: Path, region: str) -> Content:
    """``load_content`` of the regions and of the portraits that name ``region``; the others are not parsed."""
    return load_content_where(root, _region_line(region).search)


def _region_line(region: str) -> re.Pattern:
    """The front matter line ``region: <slug>``, quoted or not, with or without a comment."""
    return re.compile(rf"""^region:[ \t]*(["']?){re.escape(region)}\1[ \t]*(#.*)?\r?$""", re.MULTILINE)
