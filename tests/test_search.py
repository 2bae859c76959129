"""The places' search entries: what finds a place, escaped for Material, which pages Material leaves out."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from projects import FIXTURES, REPO, make_project
from tierslieux.content import Content, load_content
from tierslieux.search import LUNR_DIR, departement_label, is_searched_apart, split_search_index, unused_lunr_files


@pytest.fixture(scope="module")
def content():
    return load_content(REPO)


MATERIAL_INDEX = json.dumps({"config": {"lang": ["fr"]}, "docs": [{"location": "", "title": "Accueil", "text": ""}]})


def test_materials_documents_move_to_the_full_index_with_the_places(content):
    startup, full = split_search_index(MATERIAL_INDEX, content)
    assert json.loads(startup) == {"config": {"lang": ["fr"]}, "docs": []}
    docs = json.loads(full)["docs"]
    assert docs[0] == {"location": "", "title": "Accueil", "text": ""}
    assert [doc["location"] for doc in docs[1:]] == [place.url for place in content.places]


def places_search_index(content: Content) -> str:
    return split_search_index(MATERIAL_INDEX, content)[1]


def test_an_entry_holds_name_commune_departement_region_themes_trainings_and_summary(content):
    place = next(place for place in content.places if place.slug == "exemple-ruche-creusoise")
    (_, entry) = json.loads(places_search_index(Content(content.regions, (place,))))["docs"]
    assert entry == {
        "location": "portraits/exemple-ruche-creusoise/",
        "title": "Exemple – La Ruche creusoise",
        "text": "Guéret · Creuse (23) · Nouvelle-Aquitaine. Santé et action sociale · Numérique · Insertion et "
                "orientation · Assistant de vie aux familles · Aidants : les outils numériques du maintien à domicile. "
                f"{place.summary}",
    }


@pytest.mark.parametrize(("departement", "postal_code", "label"), [
    ("23", "23000", "Creuse (23)"),
    (None, "35000", "Ille-et-Vilaine (35)"),
    (None, "20000", "Corse-du-Sud (2A)"),
    (None, "20200", "Haute-Corse (2B)"),
    (None, "97400", "La Réunion (974)"),
    ("975", "97500", "975"),  # Saint-Pierre-et-Miquelon is no département: its code alone
])
def test_the_departement_comes_from_the_front_matter_or_else_the_postal_code(content, departement, postal_code, label):
    place = replace(content.places[0], departement=departement, postal_code=postal_code)
    assert departement_label(place) == label


def test_contributor_text_is_escaped_for_materials_html_results(content, tmp_path):
    root = make_project(tmp_path / "projet", sorted((FIXTURES / "hostile").glob("*.md")), with_examples=True)
    entries = {doc["location"]: doc for doc in json.loads(places_search_index(load_content(root)))["docs"][1:]}
    entry = entries["portraits/balise-img/"]
    assert entry["title"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert "Rennes &lt;script&gt;alert(2)&lt;/script&gt;" in entry["text"] and "<" not in entry["text"]
    assert len(entries) == len(content.places) + len(list((FIXTURES / "hostile").glob("*.md")))


@pytest.mark.parametrize(("src_uri", "apart"), [
    ("portraits/exemple-ruche-creusoise.md", True),
    ("portraits/exemple-fabrique-bocage.md", True),  # the redirect of a former slug
    ("regions/bretagne.md", False),
    ("index.md", False),
    ("carte.md", False),
])
def test_only_portraits_are_left_out_of_materials_index(src_uri, apart):
    assert is_searched_apart(src_uri) is apart


def test_the_site_ships_the_lunr_languages_its_search_loads_and_no_other():
    paths = [f"{LUNR_DIR}{name}" for name in ("tinyseg.js", "wordcut.js", "LICENSE.txt", "min/lunr.fr.min.js",
                                              "min/lunr.ja.min.js", "min/lunr.multi.min.js",
                                              "min/lunr.stemmer.support.min.js")]
    assert unused_lunr_files(paths, ["fr"]) == [f"{LUNR_DIR}{name}" for name in (
        "min/lunr.ja.min.js", "min/lunr.multi.min.js", "tinyseg.js", "wordcut.js")]
    assert unused_lunr_files(paths, ["fr", "ja"]) == [f"{LUNR_DIR}wordcut.js"]
    assert unused_lunr_files(paths, ["en"]) == [path for path in sorted(paths) if path.endswith(".js")]


def test_the_built_site_has_the_french_stemmer_only(example_site):
    shipped = sorted(path.relative_to(example_site / LUNR_DIR).as_posix()
                     for path in (example_site / LUNR_DIR).rglob("*") if path.is_file())
    assert shipped == ["LICENSE.txt", "min/lunr.fr.min.js", "min/lunr.stemmer.support.min.js"]
