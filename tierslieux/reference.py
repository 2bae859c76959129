"""The schemas as the site publishes them: JSON files for editors, and the contributor reference of every field.

Both are generated from ``schema/*.schema.json`` at each build, so they never drift from the validation.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from urllib.parse import urljoin

from tierslieux.content import Content
from tierslieux.frontmatter import write_yaml
from tierslieux.network import Network, hidden_fields
from tierslieux.pages import PageSpec
from tierslieux.schema import load_schema, theme_labels

SCHEMA_KINDS = ("portrait", "region")
REFERENCE_PAGE = "contribuer/champs.md"


def schema_uri(kind: str) -> str:
    """Where the site serves a schema, from its ``$id``: 'schema/portrait.json'."""
    return load_schema(kind)["$id"].lstrip("/")


def published_schema(kind: str, site_url: str | None, network: Network) -> str:
    """The schema of ``kind`` as served by the site, its ``$id`` made absolute so editors can resolve it, without
    the fields the network does not show."""
    schema = copy.deepcopy(load_schema(kind))
    for name in hidden_fields(kind, network):
        del schema["properties"][name]
    if site_url:
        schema["$id"] = urljoin(site_url if site_url.endswith("/") else f"{site_url}/", schema_uri(kind))
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class FieldDoc:
    """One field as a contributor needs it: name, meaning, what to write, an example."""

    name: str
    title: str
    required: bool
    kind: str
    description: str = ""
    example: str = ""  # a line of YAML
    values: tuple[tuple[str, str], ...] = ()  # the allowed values and their French labels


@dataclass(frozen=True)
class FieldSection:
    anchor: str
    title: str
    intro: str
    fields: tuple[FieldDoc, ...]


def field_reference_page(content: Content, network: Network) -> PageSpec:
    """The page /contribuer/champs/: every field of a portrait, of its trainings and photos, and of a region, but
    those the network does not show."""
    portrait, region = load_schema("portrait"), load_schema("region")
    region_names = {slug: content.regions[slug].name for slug in sorted(content.regions)}
    labels = {"region": region_names, "theme": theme_labels()}
    sections = (
        FieldSection("portrait", "L'en-tête d'un portrait", (
            "Le fichier portraits/<nom-du-lieu>.md commence par ces champs, entre deux lignes « --- »."
        ), _fields(portrait, portrait, labels, hidden_fields("portrait", network))),
        FieldSection("formation", "Chaque formation (trainings)", (
            "Chaque élément de la liste trainings décrit une formation ; seul son intitulé est obligatoire."
        ), _fields(portrait["$defs"]["training"], portrait, labels)),
        FieldSection("photo", "Chaque photo (photos)", (
            "Chaque élément de la liste photos décrit une image rangée dans portraits/photos/."
        ), _fields(portrait["$defs"]["photo"], portrait, labels)),
        FieldSection("region", "L'en-tête d'une région", (
            "Le fichier regions/<nom-de-la-region>.md commence par ces champs ; "
            "la présentation de la région suit l'en-tête."
        ), _fields(region, region, labels, hidden_fields("region", network))),
    )
    return PageSpec(
        src_uri=REFERENCE_PAGE,
        title="Les champs d'une fiche",
        template="partials/field-reference.html",
        description="Chaque champ de l'en-tête d'un portrait et d'une région : sens, format et exemple.",
        context={"sections": sections, "schema_uris": [schema_uri(kind) for kind in SCHEMA_KINDS]},
        in_nav=True,
        source="schema/portrait.schema.json",
    )


def _fields(schema: dict, root: dict, labels: dict[str, dict[str, str]],
            hidden: frozenset[str] = frozenset()) -> tuple[FieldDoc, ...]:
    required = set(schema.get("required", ()))
    return tuple(
        FieldDoc(
            name=name,
            title=prop.get("title", name),
            required=name in required,
            kind=_kind(prop, root),
            description=prop.get("description", ""),
            example=_example(name, prop),
            values=_values(name, prop, root, labels),
        )
        for name, prop in schema["properties"].items() if name not in hidden
    )


def _kind(prop: dict, root: dict) -> str:
    """What to write, in words: 'texte, 120 caractères au plus'."""
    prop = _resolved(prop, root)
    kind = prop.get("type")
    if kind == "array":
        items = prop.get("items", {})
        if items.get("$ref"):
            names = {"theme": "liste de thèmes", "training": "liste de formations", "photo": "liste de photos"}
            return names.get(items["$ref"].rsplit("/", 1)[-1], "liste")
        return "liste de coins [latitude, longitude]" if items.get("type") == "array" else "liste de textes"
    if kind == "object":
        return "un réseau par ligne : son nom, deux-points, l'adresse de la page"
    if kind == "number":
        return f"nombre entre {prop['minimum']} et {prop['maximum']}"
    if kind == "boolean":
        return "true ou false"
    if "enum" in prop:
        return "une valeur de la liste ci-dessous"
    return _text_kind(prop)


def _text_kind(prop: dict) -> str:
    if prop.get("format") == "date":
        return "date AAAA-MM-JJ, entre guillemets"
    if prop.get("format") == "email":
        return "adresse de courriel"
    if prop.get("format") == "uri":
        return "adresse web complète (https://…)"
    if "maxLength" in prop:
        return f"texte, {prop['maxLength']} caractères au plus"
    return "texte"


def _resolved(prop: dict, root: dict) -> dict:
    """The property with a local ``$ref`` to ``$defs`` replaced by its definition (plus its own keys)."""
    ref = prop.get("$ref")
    if not ref:
        return prop
    merged = dict(root["$defs"][ref.rsplit("/", 1)[-1]])
    merged.update({key: value for key, value in prop.items() if key != "$ref"})
    return merged


def _values(name: str, prop: dict, root: dict, labels: dict[str, dict[str, str]]) -> tuple[tuple[str, str], ...]:
    items = prop.get("items", {})
    if items.get("$ref", "").endswith("/theme"):
        return tuple(labels["theme"].items())
    enum = prop.get("enum", ())
    named = labels.get(name)  # the regions: only those of regions/, a network may keep a few
    return tuple((value, named[value]) for value in enum if value in named) if named else tuple(
        (value, value) for value in enum)


def _example(name: str, prop: dict) -> str:
    examples = prop.get("examples")
    if not examples:
        return ""
    return write_yaml({name: examples[0]}).strip()
