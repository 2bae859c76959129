"""The places' search entries: what finds a place, escaped for Material, which pages Material leaves out."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from projects import FIXTURES, REPO, make_project
from tierslieux.content import Content, load_content
from tierslieux.departements import departement_label
from tierslieux.model import french_sort_key
from tierslieux.search import (
    DOCUMENTS_PER_FILE,
    LUNR_DIR,
    MATERIAL_INDEX,
    is_searched_apart,
    search_files,
    search_words,
    stem,
    unused_lunr_files,
)


@pytest.fixture(scope="module")
def content():
    return load_content(REPO)


MATERIAL_DOCS = {"config": {"lang": ["fr"]}, "docs": [
    {"location": "", "title": "Accueil", "text": "<p>Bienvenue &amp; bonjour</p>"},
    {"location": "#kiosque", "title": "Le kiosque", "text": "<p>Un lieu.</p>"},
    {"location": "contribuer/", "title": "Contribuer", "text": "<p>" + "Écrivez-nous. " * 40 + "</p>"}]}


def files_of(content: Content) -> dict[str, object]:
    return {path: json.loads(text) for path, text in search_files(json.dumps(MATERIAL_DOCS), content)}


def documents(files: dict) -> list[dict]:
    paths = sorted((path for path in files if path.startswith("search/documents/")),
                   key=lambda path: int(path.rsplit("/", 1)[1].removesuffix(".json")))
    return [doc for path in paths for doc in files[path]]


def holders(files: dict, word: str) -> dict[int, int]:
    """The documents holding ``word`` or another of the same stem, with its weight in each."""
    postings = files[f"search/termes/{stem(word)[:2]}.json"]["words"][stem(word)]
    return dict(zip(postings[::2], postings[1::2], strict=True))


def test_materials_settings_stay_without_documents_and_its_pages_come_first_shortened_as_text(content):
    files = files_of(content)
    assert files[MATERIAL_INDEX] == {"config": {"lang": ["fr"]}, "docs": []}
    docs = documents(files)
    assert docs[0] == {"location": "", "title": "Accueil", "text": "Bienvenue &amp; bonjour Le kiosque Un lieu."}
    assert docs[1]["text"].endswith(" …") and len(docs[1]["text"]) <= 302
    regions = [region.url for region in content.regions_by_name()]
    assert [doc["location"] for doc in docs[2:2 + len(regions)]] == regions
    bretagne = docs[2 + regions.index("regions/bretagne/")]
    assert bretagne == {"location": "regions/bretagne/", "title": "Bretagne", "text": ""}  # no presentation yet
    by_region = sorted(content.places, key=lambda place: (place.region, french_sort_key(place.name)))
    assert [doc["location"] for doc in docs[2 + len(regions):]] == [place.url for place in by_region]
    assert all(len(files[path]) <= DOCUMENTS_PER_FILE for path in files if path.startswith("search/documents/"))


def test_a_region_s_entry_holds_its_presentation_without_markdown(content):
    bretagne = content.regions["bretagne"]
    written = replace(content, regions={**content.regions, "bretagne": replace(
        bretagne, body="## Se former en `Bretagne`\n\nDes *ateliers* partout.\n")})
    entry = next(doc for doc in documents(files_of(written)) if doc["location"] == "regions/bretagne/")
    assert entry["text"] == "Se former en Bretagne Des ateliers partout."


def test_a_word_of_a_portraits_text_alone_finds_it_and_weighs_more_in_a_short_title(content):
    files = files_of(content)
    docs = documents(files)
    alambics = holders(files, "alambics")  # in the portrait of one place only
    assert [docs[number]["location"] for number in alambics] == ["portraits/exemple-distillerie-des-idees/"]
    creusoise = holders(files, "creusoise")  # in the name of one place, in the text of none
    assert [docs[number]["location"] for number in creusoise] == ["portraits/exemple-ruche-creusoise/"]
    assert max(creusoise.values()) > max(alambics.values()) >= 1
    assert list(holders(files, "kiosque")) == [0]  # a section's title counts in its page's text


def test_the_departement_is_found_by_its_number_and_its_folded_name(content):
    files = files_of(content)
    docs = documents(files)
    for word in ("29", "finistere"):
        assert "portraits/exemple-fabrique-du-bocage/" in [docs[number]["location"] for number in holders(files, word)]
    assert "search/termes/fi.json" in files and "search/termes/29.json" in files


def test_words_are_indexed_by_their_french_stem(content):
    files = files_of(content)
    assert stem("reparation") == stem("reparer") == stem("repare") == "repar" and stem("29") == "29"
    assert holders(files, "reparation") == holders(files, "reparer")
    terms = files["search/termes/re.json"]["words"]
    assert "repar" in terms and "reparer" not in terms and "reparation" not in terms


def test_the_whole_text_of_each_document_comes_apart_as_plain_text(content):
    files = files_of(content)
    docs = documents(files)
    texts = [text for number in range(len(files)) if f"search/textes/{number}.json" in files
             for text in files[f"search/textes/{number}.json"]]
    assert len(texts) == len(docs)
    assert texts[1] == " ".join(["Écrivez-nous."] * 40)  # whole, not shortened
    distillery = docs.index(next(doc for doc in docs if doc["location"] == "portraits/exemple-distillerie-des-idees/"))
    assert "alambics" in texts[distillery] and "##" not in texts[distillery] and "<" not in texts[distillery]


def test_words_are_folded_and_short_or_common_ones_left_out():
    assert list(search_words("L'Écluse des Savoirs, Finistère (29), Corse-du-Sud (2A) : 3 ateliers œcuméniques")) == [
        "ecluse", "savoirs", "finistere", "29", "corse", "sud", "2a", "ateliers", "oecumeniques"]


def test_an_entry_holds_name_commune_departement_region_themes_trainings_and_summary(content):
    place = next(place for place in content.places if place.slug == "exemple-ruche-creusoise")
    entry = documents(files_of(Content(content.regions, (place,))))[-1]
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
    entries = {doc["location"]: doc for doc in documents(files_of(load_content(root)))
               if doc["location"].startswith("portraits/")}
    entry = entries["portraits/balise-img/"]
    assert entry["title"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert "Rennes &lt;script&gt;alert(2)&lt;/script&gt;" in entry["text"] and "<" not in entry["text"]
    assert len(entries) == len(content.places) + len(list((FIXTURES / "hostile").glob("*.md")))


@pytest.mark.parametrize(("src_uri", "apart"), [
    ("portraits/exemple-ruche-creusoise.md", True),
    ("portraits/exemple-fabrique-bocage.md", True),  # the redirect of a former slug
    ("regions/bretagne.md", True),  # its presentation, in its own entry
    ("regions/index.md", False),
    ("regions/bretagne/livret.md", False),  # excluded by its own front matter
    ("index.md", False),
    ("carte.md", False),
])
def test_only_portraits_and_region_pages_are_left_out_of_materials_index(src_uri, apart):
    assert is_searched_apart(src_uri) is apart


def test_the_site_ships_the_lunr_languages_its_search_loads_and_no_other():
    paths = [f"{LUNR_DIR}{name}" for name in ("tinyseg.js", "wordcut.js", "LICENSE.txt", "min/lunr.fr.min.js",
                                              "min/lunr.ja.min.js", "min/lunr.multi.min.js",
                                              "min/lunr.stemmer.support.min.js")]
    assert unused_lunr_files(paths, ["fr"]) == [f"{LUNR_DIR}{name}" for name in (
        "min/lunr.ja.min.js", "min/lunr.multi.min.js", "tinyseg.js", "wordcut.js")]
    assert unused_lunr_files(paths, ["fr", "ja"]) == [f"{LUNR_DIR}wordcut.js"]
    french = [f"{LUNR_DIR}min/lunr.fr.min.js", f"{LUNR_DIR}min/lunr.stemmer.support.min.js"]  # racines.js
    assert unused_lunr_files(paths, ["en"]) == [path for path in sorted(paths) if path.endswith(".js")
                                                and path not in french]


def test_the_built_site_has_the_french_stemmer_only(example_site):
    shipped = sorted(path.relative_to(example_site / LUNR_DIR).as_posix()
                     for path in (example_site / LUNR_DIR).rglob("*") if path.is_file())
    assert shipped == ["LICENSE.txt", "min/lunr.fr.min.js", "min/lunr.stemmer.support.min.js"]
