"""The licences: ours in LICENSE and the package metadata, and one for every third-party file the site ships."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from build_map import EMBED_SCRIPT
from projects import REPO
from tierslieux.booklet import BOOKLET_STYLES_DIR
from tierslieux.licences import DATA_LICENCES, LicenceError, licences_of, theme_licence_files

SHIPPED_CODE = (".js", ".css")


def test_the_code_is_under_the_mit_licence_declared_in_the_package_metadata():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")


def test_every_shipped_script_and_stylesheet_is_ours_or_has_its_licence_next_to_it(example_site):
    own = {path.relative_to(REPO / "docs").as_posix() for path in (REPO / "docs").rglob("*") if path.is_file()}
    shipped = sorted(path.relative_to(example_site).as_posix() for path in example_site.rglob("*")
                     if path.suffix in SHIPPED_CODE)
    third_party = [path for path in shipped  # the booklets' stylesheets and the embeds' scripts are ours too, written
                   if path not in own and not path.startswith(f"{BOOKLET_STYLES_DIR}/")  # by the build
                   and not re.fullmatch(rf"embed/([a-z0-9-]+/)?{EMBED_SCRIPT}", path)]
    assert "javascripts/theme/palette.js" in third_party  # Material's own code, rendered from its templates
    assert "assets/vendor/leaflet/leaflet.js" in third_party
    assert "assets/javascripts/workers/" in " ".join(third_party)
    unlicensed = [path for path in third_party if not licences_of(path)]
    assert unlicensed == []
    missing = {licence for path in third_party for licence in licences_of(path)
               if not (example_site / licence).is_file()}
    assert missing == set()


def test_every_licence_text_of_licences_is_published():
    published = {Path(source).name for source in theme_licence_files(REPO).values()}
    published |= {"leaflet.txt", "leaflet.markercluster.txt"}  # with the maps' libraries, see test_maps.py
    published |= {"contours.txt"}  # credited under each region map, see test_build_maps.py
    recorded = {Path(record).name for record in DATA_LICENCES.values()}  # data read by the build, not published
    assert published | recorded == {path.name for path in (REPO / "licences").iterdir()}


def test_every_shipped_data_file_has_its_record():
    for data, record in DATA_LICENCES.items():
        assert (REPO / data).is_file() and "Licence Ouverte" in (REPO / record).read_text(encoding="utf-8")


def test_a_missing_licence_text_stops_the_build_and_says_which(tmp_path):
    with pytest.raises(LicenceError) as error:
        theme_licence_files(tmp_path)
    assert str(error.value) == (
        f"Licences incomplètes (trouvé : pas de {tmp_path}/licences/material.txt ; attendu : les textes du dossier "
        "licences/ du dépôt). Reprenez ce dossier depuis le dépôt d'origine."
    )
