"""The licence of every third-party file the site ships, published next to it; read by the MkDocs hook and tests.

The texts live in ``licences/`` (the packages that bring the files do not all ship theirs); the site's own code is
under the MIT licence of ``LICENSE``.
"""

from __future__ import annotations

from pathlib import Path

from tierslieux.maps import CLUSTERS, LEAFLET

# Material for MkDocs copies its assets into the site; its bundles hold the code of other projects, each under the
# licence published in the folder. clipboard.js and escape-html (MIT) keep their notice inside the bundle;
# focus-visible (W3C Software and Document License) has none there, so its text is published beside the bundle.
THEME_LICENCES = {
    "assets/LICENSE.txt": "licences/material.txt",
    "assets/javascripts/LICENSE-rxjs.txt": "licences/rxjs.txt",
    "assets/javascripts/LICENSE-focus-visible.txt": "licences/focus-visible.txt",
    "assets/javascripts/workers/LICENSE-lunr.txt": "licences/lunr.txt",
    "assets/javascripts/lunr/LICENSE.txt": "licences/lunr-languages.txt",
    "javascripts/theme/LICENSE.txt": "licences/material.txt",  # Material's inline scripts as files (theme_scripts)
}
# Each folder of shipped third-party files, the most specific first, and the licences published for it.
LICENSED_FOLDERS = {
    f"{LEAFLET}/": (f"{LEAFLET}/LICENSE.txt",),
    f"{CLUSTERS}/": (f"{CLUSTERS}/LICENSE.txt",),
    "assets/javascripts/lunr/": ("assets/javascripts/lunr/LICENSE.txt",),
    "assets/javascripts/workers/": ("assets/LICENSE.txt", "assets/javascripts/workers/LICENSE-lunr.txt"),
    "assets/javascripts/": ("assets/LICENSE.txt", "assets/javascripts/LICENSE-rxjs.txt",
                            "assets/javascripts/LICENSE-focus-visible.txt"),
    "assets/": ("assets/LICENSE.txt",),
    "javascripts/theme/": ("javascripts/theme/LICENSE.txt",),
}

# Open data the build and make check read but do not publish, each with the file that records its source, version,
# date and licence.
DATA_LICENCES = {"data/communes.csv.gz": "licences/communes.txt"}


class LicenceError(Exception):
    """A licence text missing from ``licences/``, told in French to whoever builds the site."""


def theme_licence_files(root: Path) -> dict[str, Path]:
    """Site path of each licence of the theme's assets, and the file of ``licences/`` to copy there (the maps'
    libraries come with theirs, see ``maps.vendor_files``)."""
    files = {site_path: root / path for site_path, path in THEME_LICENCES.items()}
    missing = [path for path in files.values() if not path.is_file()]
    if missing:
        raise LicenceError(
            f"Licences incomplètes (trouvé : pas de {missing[0]} ; attendu : les textes du dossier licences/ du "
            "dépôt). Reprenez ce dossier depuis le dépôt d'origine."
        )
    return files


def licences_of(site_path: str) -> tuple[str, ...]:
    """The licences published for a third-party file of the site, by its path; none for the site's own files."""
    return next((licences for folder, licences in LICENSED_FOLDERS.items() if site_path.startswith(folder)), ())
