"""The schemas as published for editors, and the field reference page generated from them."""

from __future__ import annotations

import html
import json
import re

from projects import NETWORK
from tierslieux.reference import published_schema, schema_uri
from tierslieux.schema import load_schema, theme_labels


def _schema_fields(kind: str) -> dict[str, list[str]]:
    """Every field of the schema of ``kind``, by section anchor of the reference page."""
    schema = load_schema(kind)
    if kind == "region":
        return {"region": list(schema["properties"])}
    return {
        "portrait": list(schema["properties"]),
        "formation": list(schema["$defs"]["training"]["properties"]),
        "photo": list(schema["$defs"]["photo"]["properties"]),
    }


def test_the_published_schema_is_the_schema_with_an_absolute_id():
    published = json.loads(published_schema("portrait", "https://exemple.fr/tiers-lieux/", NETWORK))
    assert published["$id"] == "https://exemple.fr/tiers-lieux/schema/portrait.json"
    assert {**published, "$id": load_schema("portrait")["$id"]} == load_schema("portrait")
    region = json.loads(published_schema("region", "https://exemple.fr", NETWORK))
    assert region["$id"] == "https://exemple.fr/schema/region.json"
    assert schema_uri("portrait") == "schema/portrait.json"


def test_the_site_serves_both_schemas_at_their_stable_address(example_site):
    for kind in ("portrait", "region"):
        served = json.loads((example_site / "schema" / f"{kind}.json").read_text(encoding="utf-8"))
        assert served["$id"] == f"https://tiers-lieux-formation.example.org/schema/{kind}.json"
        assert served["properties"] == load_schema(kind)["properties"]


def test_every_field_of_both_schemas_is_documented_on_the_reference_page(example_site):
    page = (example_site / "contribuer" / "champs" / "index.html").read_text(encoding="utf-8")
    documented = set(re.findall(r'<dt id="([a-z]+-[a-z_]+)">', page))
    expected = {
        f"{section}-{field}"
        for kind in ("portrait", "region") for section, fields in _schema_fields(kind).items() for field in fields
    }
    assert documented == expected


def test_the_reference_page_shows_what_to_write_and_the_allowed_values(example_site):
    page = html.unescape((example_site / "contribuer" / "champs" / "index.html").read_text(encoding="utf-8"))
    name = page[page.index('<dt id="portrait-name">'):page.index('<dt id="portrait-region">')]
    assert "<code>name</code> — Nom du lieu" in name and "obligatoire" in name
    assert "Texte, 120 caractères au plus. Le nom sous lequel le lieu est connu." in name
    assert "<pre><code>name: La Fabrique du Bocage</code></pre>" in name
    themes = page[page.index('<dt id="portrait-themes">'):page.index('<dt id="portrait-trainings">')]
    for theme, label in theme_labels().items():
        assert f"<li><code>{theme}</code> : {label}</li>" in themes
    assert "<li><code>bretagne</code> : Bretagne</li>" in page
    assert "Nombre entre -90 et 90." in page


def test_the_reference_page_is_under_contribuer_in_the_navigation(example_site):
    page = (example_site / "index.html").read_text(encoding="utf-8")
    nav = page[page.index('<nav class="md-nav md-nav--primary'):]
    assert '<a href="contribuer/champs/" class="md-nav__link">' in nav
