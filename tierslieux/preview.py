"""A quick preview of one region: ``make serve REGION=bretagne`` loads only that region's portraits.

With thousands of portraits in the tree, loading and building them all at each edit takes too long for a
contributor who checks their own fiche. The region comes from the ``TIERSLIEUX_REGION`` environment variable
(set by ``make serve REGION=…``); the other portraits are not read at all, so checks that span regions
(duplicates, former slugs) wait for the full build, which CI runs on every pull request. After the first build, an
edit rebuilds only the saved portrait's page and its region's pages (``PageSources``).
"""

from __future__ import annotations

import os
import re
import tempfile
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


class PageSources:
    """The Markdown of each portrait page of a region preview, in files whose time is that of the portrait's file.

    ``make serve REGION=…`` runs ``mkdocs serve --dirty``: MkDocs then rebuilds a page only if its source file is
    newer than the page it built before. A generated page held in memory always counts as changed; one read from a
    file of this folder counts as changed only when its portrait's file was saved since. An edit thus rebuilds the
    portrait's page and the pages made from its whole region (its page, booklet, trainings), not the region's other
    portraits. Their booklet parts, made when they were last built, are kept here for the booklet. Imported once per
    ``serve`` process, this outlives the rebuilds (MkDocs reloads the hook before each one).
    """

    def __init__(self) -> None:
        self._folder: Path | None = None  # made at the first preview only
        self.parts: dict[str, bytes] = {}  # what the booklet shows of each portrait page, by source URI

    def source_of(self, src_uri: str, markdown: str, portrait: Path) -> Path:
        """The file holding ``markdown``, dated like ``portrait``: a page is rebuilt once its portrait is saved."""
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="tierslieux-apercu-"))
        path = self._folder / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        text = "\n" + markdown  # never read as front matter: the body may start with a horizontal rule, ``---``
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        stamp = portrait.stat().st_mtime_ns
        os.utime(path, ns=(stamp, stamp))
        return path


PAGE_SOURCES = PageSources()
