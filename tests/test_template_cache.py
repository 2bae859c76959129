"""Material's labels looked up once per build (tierslieux.template_cache.Translations) are Material's own, and the
stand-in that parts rendered once see links like every page of its depth."""

import re
from pathlib import Path
from types import SimpleNamespace

import material
from jinja2 import Environment, FileSystemLoader
from mkdocs.utils import get_relative_url

from tierslieux.template_cache import TITLE_MARK, StandIn, Translations

MATERIAL = Path(material.__file__).parent / "templates"
OVERRIDES = Path(__file__).resolve().parent.parent / "overrides"
CONFIG = SimpleNamespace(theme=SimpleNamespace(language="fr"))


def material_t():
    """Material's own partials/language.html, as its plugins load it, without the site's override."""
    env = Environment(loader=FileSystemLoader([str(MATERIAL)]))
    return env.get_template("partials/language.html", globals={"config": CONFIG}).module.t


def site_env():
    return Environment(loader=FileSystemLoader([str(OVERRIDES), str(MATERIAL)]))


def test_each_label_is_materials_own_but_the_edit_buttons():
    keys = re.findall(r'^\s*"([^"]+)":', (MATERIAL / "partials" / "languages" / "en.html").read_text(), re.M)
    translated, material_label = Translations(site_env(), CONFIG), material_t()
    assert len(keys) > 50
    for key in [*keys, "clé.inconnue"]:
        if key != "action.edit":
            assert translated(key) == str(material_label(key)), key
    assert translated("search.placeholder") == "Rechercher"
    assert translated("clé.inconnue") == "clé.inconnue"


def test_a_key_missing_in_french_falls_back_to_english():
    french = (MATERIAL / "partials" / "languages" / "fr.html").read_text()
    english = re.findall(r'^\s*"([^"]+)": "([^"]*)"', (MATERIAL / "partials" / "languages" / "en.html").read_text(), re.M)
    missing = [(key, label) for key, label in english if f'"{key}"' not in french]
    assert missing, "Material's French file now has every label: this test needs another language"
    key, label = missing[0]
    assert Translations(site_env(), CONFIG)(key) == label


def test_pages_get_the_edit_label_of_a_fiche_or_of_a_page_and_materials_plugins_still_get_materials_labels():
    env = site_env()
    env.globals["translated"] = Translations(env, CONFIG)
    language = env.get_template("partials/language.html")
    fiche = SimpleNamespace(meta={"fiche": True})
    assert str(language.make_module({"page": fiche, "config": CONFIG}).t("action.edit")) == "Modifier cette fiche"
    assert str(language.make_module({"page": None, "config": CONFIG}).t("action.edit")) == "Modifier cette page"
    plugins_own = Environment(loader=FileSystemLoader([str(OVERRIDES), str(MATERIAL)]))
    label = plugins_own.get_template("partials/language.html", globals={"config": CONFIG}).module.t
    assert str(label("search.config.pipeline")) == str(material_t()("search.config.pipeline"))


def test_a_stand_in_links_to_its_page_as_any_page_of_its_depth_would():
    page = SimpleNamespace(url="accessibilite/", meta={"section": "a-propos.md"}, title="Accessibilité", depth=1)
    stand_in = StandIn(page)
    assert get_relative_url("accessibilite/", page.url) == "./"
    assert get_relative_url("accessibilite/", stand_in.url) == "../accessibilite/"
    assert get_relative_url("regions/", StandIn(SimpleNamespace(url="portraits/x/")).url) == "../../regions/"
    assert (stand_in.title, stand_in.meta, stand_in.depth) == (TITLE_MARK, {"section": "a-propos.md",
                                                                            "title": TITLE_MARK}, 1)
