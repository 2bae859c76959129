"""The open data as the site publishes it: the files under ``data/`` and ``/flux.xml``, and the page that describes them.

Called by the MkDocs hook. The fields of each file are described from the same definitions that write them
(``exports.COLUMNS``, ``geodata.PROPERTIES``) and from the schema, like the page of the fields of a fiche. The
licence is read from ``extra.data.licence`` in mkdocs.yml; until one is set, the page says it is still to be chosen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tierslieux.content import Content, slugify
from tierslieux.datainclusion import DATA_INCLUSION_SCHEMAS, SERVICES, STRUCTURES, data_inclusion_files
from tierslieux.exports import (
    COLUMNS_BY_NAME,
    CSV_PATH,
    JSON_PATH,
    LIST_SEPARATOR,
    PHOTO_KEYS,
    PHOTO_URL,
    TRAINING_CERTIFYING,
    TRAINING_KEYS,
    Column,
    absolute_url,
    export_files,
    json_text,
    published_columns,
)
from tierslieux.feed import FEED_LENGTH, FEED_PATH, atom_feed, place_dates
from tierslieux.geodata import GEOJSON, PROPERTIES, region_geojson_path
from tierslieux.mediation import (
    MEDIATION_CSV,
    STANDARD,
    STANDARD_PAGE,
    STANDARD_SCHEMA,
    STANDARD_VERSION,
    left_out,
    mediation_csv,
    mediation_rows,
)
from tierslieux.network import Network
from tierslieux.pages import PageSpec
from tierslieux.schema import load_schema
from tierslieux.trainings import CERTIFYING_DEFINITION

OPEN_DATA_PAGE = "donnees-ouvertes.md"
DATA_PACKAGE = "data/datapackage.json"
_FORMATS = {"uri": "uri", "email": "email"}  # JSON Schema formats that Table Schema strings also have
# Patterns no CSV cell can break: the other fields' values may start with our anti-formula apostrophe ('+33…).
_ANCHORED_PATTERNS = ("postal_code", "departement", "code_insee", "siret", "rna")
_KINDS = {  # written as they are shown, capital first: the field's description says the rest (WGS84, the point…)
    "text": "Texte",
    "number": "Nombre décimal",
    "list": f"Liste : les éléments sont séparés par « {LIST_SEPARATOR} »",
    "json": "Objet ou liste d'objets JSON ; dans le tableau CSV, la cellule contient son texte JSON",
}


class DataSetupError(ValueError):
    """mkdocs.yml describes the open data wrongly; the message says how to fix it, in French."""


@dataclass(frozen=True)
class Licence:
    name: str
    url: str


@dataclass(frozen=True)
class DataField:
    name: str
    title: str
    kind: str
    description: str = ""


@dataclass(frozen=True)
class DataFile:
    path: str
    title: str
    description: str
    fields: tuple[DataField, ...] = ()


def licence_from_config(extra: dict) -> Licence | None:
    """The licence of ``extra.data.licence`` in mkdocs.yml (``name`` and ``url``), or None when none is chosen yet."""
    licence = (extra.get("data") or {}).get("licence")
    if licence is None:
        return None
    if not (isinstance(licence, dict) and isinstance(licence.get("name"), str)
            and isinstance(licence.get("url"), str) and re.match(r"https?://\S+$", licence["url"])):
        raise DataSetupError(
            f"mkdocs.yml : extra.data.licence invalide (trouvé : {licence!r} ; attendu : les champs name et url, "
            "par exemple name: Licence Ouverte 2.0 et url: https://…). Corrigez-la, ou retirez-la tant que la "
            "licence n'est pas choisie."
        )
    return Licence(licence["name"], licence["url"])


def open_data_files(content: Content, commit_dates: dict[str, date], *, network: Network, site_name: str,
                    site_url: str | None, licence: Licence | None) -> dict[str, str]:
    """The CSV, its Data Package, the JSON and the feed, by path under the site root (the GeoJSON comes with the
    maps' data)."""
    dates = place_dates(content, commit_dates)
    return {**export_files(content, site_url, published_columns(network)),
            MEDIATION_CSV: mediation_csv(mediation_rows(content, dates, network)),
            **{path: json_text(records)
               for path, records in data_inclusion_files(content, commit_dates, network, site_url).items()},
            DATA_PACKAGE: json_text(data_package(network=network, site_url=site_url, licence=licence)),
            FEED_PATH: atom_feed(content, commit_dates, site_name=site_name, site_url=site_url,
                                 author=network.name)}


def data_package(*, network: Network, site_url: str | None, licence: Licence | None) -> dict:
    """``data/datapackage.json``: every data file of ``data/`` as a Frictionless Data Package (v1), each with its
    schema: ``lieux.csv`` with a Table Schema made from the published columns, the national file with the national
    standard's, the JSON files with the JSON Schema they follow. Without a chosen licence, the package names none."""
    package = {
        "profile": "data-package",
        "name": slugify(network.name),
        "title": network.name,
        "description": f"Les {network.places}, un lieu par ligne.",
        "homepage": absolute_url(site_url, "donnees-ouvertes/"),
        "resources": [{
            **_csv_resource("lieux", CSV_PATH, "Les lieux", "\r\n"),
            "encoding": "utf-8",  # with a byte order mark, for Excel; readers skip it
            "schema": {
                "fields": [_table_field(column, site_url) for column in published_columns(network)],
                "primaryKey": ["id"],
                "missingValues": [""],
            },
        }, {
            **_csv_resource("lieux-mediation-numerique", MEDIATION_CSV,
                            f"Les lieux au standard national des lieux de médiation numérique ({STANDARD}, version "
                            f"{STANDARD_VERSION})", "\n"),
            "schema": STANDARD_SCHEMA,
        }, *(_json_resource(*resource) for resource in _JSON_RESOURCES)],
    }
    if licence:
        package["licenses"] = [{"path": licence.url, "title": licence.name}]
    return package


# The JSON files of the package: name, path, title, media type, and the JSON Schema each follows.
_JSON_RESOURCES = (
    ("data-inclusion-structures", STRUCTURES, "Les lieux, structures de data·inclusion (schéma v1)",
     "application/json", f"{DATA_INCLUSION_SCHEMAS}/structure.json"),
    ("data-inclusion-services", SERVICES, "Les formations, services de data·inclusion (schéma v1)",
     "application/json", f"{DATA_INCLUSION_SCHEMAS}/service.json"),
    ("lieux-json", JSON_PATH, "Les lieux en JSON, avec les champs de lieux.csv", "application/json", None),
    ("lieux-geojson", GEOJSON, "Les lieux en GeoJSON", "application/geo+json",
     "https://geojson.org/schema/FeatureCollection.json"),
)


def _csv_resource(name: str, path: str, title: str, line_end: str) -> dict:
    return {
        "profile": "tabular-data-resource", "name": name, "path": path.removeprefix("data/"),  # beside this file
        "title": title, "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "dialect": {"delimiter": ",", "lineTerminator": line_end, "quoteChar": '"', "doubleQuote": True,
                    "header": True},
    }


def _json_resource(name: str, path: str, title: str, mediatype: str, json_schema: str | None) -> dict:
    resource = {"profile": "data-resource", "name": name, "path": path.removeprefix("data/"), "title": title,
                "format": path.rsplit(".", 1)[1], "mediatype": mediatype, "encoding": "utf-8"}
    return {**resource, "jsonSchema": json_schema} if json_schema else resource


def _table_field(column: Column, site_url: str | None) -> dict:
    """One column as a Table Schema field: its type, format and constraints, from the portrait's JSON Schema."""
    schema = load_schema("portrait")
    prop = schema["properties"].get(column.field, {}) if column.field != "slug" else {}
    described = _column_field(column)
    field = {"name": column.name, "title": described.title}
    if described.description:
        field["description"] = described.description
    if column.kind == "number":
        field["type"] = "number"
    elif column.kind == "list":  # Table Schema v1 has no list type: the separator is said in words
        field.update(type="string", description=f"{_KINDS['list']}. {described.description}".strip())
    elif column.kind == "json":
        field["type"] = prop["type"]  # array (trainings, photos) or object (social networks)
    elif prop.get("format") == "date":
        field["type"] = "date"
    else:
        field["type"] = "string"
        if prop.get("format") in _FORMATS:
            field["format"] = _FORMATS[prop["format"]]
        elif column.name == "url" and site_url:
            field["format"] = "uri"
    constraints = {}
    if column.derive is not None or column.field == "slug" or column.field in schema["required"]:
        constraints["required"] = True
    if column.field == "slug":
        constraints["unique"] = True
    for key in ("minimum", "maximum"):  # not the lengths: a cell may gain an apostrophe (see exports.csv_cell)
        if key in prop:
            constraints[key] = prop[key]
    if "enum" in prop and field["type"] == "string":
        constraints["enum"] = prop["enum"]
    if "pattern" in prop and column.field in _ANCHORED_PATTERNS:
        constraints["pattern"] = prop["pattern"].removeprefix("^").removesuffix("$")  # Table Schema anchors them
    if constraints:
        field["constraints"] = constraints
    return field


def open_data_page(content: Content, licence: Licence | None, network: Network,
                   commit_dates: dict[str, date] | None = None) -> PageSpec:
    example_region = min(content.regions, default="bretagne")
    return PageSpec(
        src_uri=OPEN_DATA_PAGE,
        title="Données ouvertes",
        template="partials/donnees-ouvertes.html",
        markdown="---\nsearch:\n  boost: 0.1\n---\n",  # names every field: it must not outrank the places
        description="Les lieux du site en CSV, JSON, GeoJSON et flux Atom : les fichiers, leurs champs, leur mise à jour.",
        context={
            "licence": licence,
            "files": _files(example_region, network),
            "training_fields": (*_record_fields(TRAINING_KEYS, "training"),
                                DataField(TRAINING_CERTIFYING, "Certifiante", "Vrai ou faux", CERTIFYING_DEFINITION)),
            "photo_fields": (*_record_fields(PHOTO_KEYS, "photo"),
                             DataField(PHOTO_URL, "Adresse", _KINDS["text"], "L'adresse de l'image sur ce site.")),
            "csv_path": CSV_PATH,
            "places": len(content.places),
            "left_out": left_out(content, place_dates(content, commit_dates or {})),
            "standard": {"name": STANDARD, "version": STANDARD_VERSION, "page": STANDARD_PAGE},
        },
        in_nav=True,
    )


def _files(example_region: str, network: Network) -> tuple[DataFile, ...]:
    return (
        DataFile(CSV_PATH, "Tableau CSV", (
            "Une ligne par lieu, séparateur virgule, encodé en UTF-8 avec BOM : il s'ouvre tel quel dans un "
            f"tableur. Dans une liste, un « {LIST_SEPARATOR} » ou une barre oblique inverse qui fait partie d'un "
            "élément est précédé d'une barre oblique inverse. Un texte qu'un tableur prendrait pour une formule "
            "(il commence par =, +, -, @) y est précédé d'une apostrophe."
        ), tuple(_column_field(column) for column in published_columns(network))),
        DataFile(DATA_PACKAGE, "Data Package", (
            "La description de chaque fichier pour les programmes, au format Data Package de Frictionless (v1), "
            "avec son schéma : pour le tableau CSV, le type, le format et les contraintes de chaque colonne (Table "
            "Schema), les colonnes obligatoires, l'identifiant unique et la licence ; pour le fichier national, le "
            "schéma du standard publié sur schema.data.gouv.fr ; pour les fichiers de data·inclusion et le GeoJSON, "
            "le JSON Schema qu'ils suivent (jsonSchema). Les outils de validation des données ouvertes "
            "(Frictionless, Validata) lisent ces schémas : « frictionless validate datapackage.json » vérifie les "
            "fichiers."
        )),
        DataFile(MEDIATION_CSV, "Au standard national des lieux de médiation numérique", (
            f"Un lieu par ligne, exactement au format du standard {STANDARD} (version {STANDARD_VERSION}) : ses "
            "colonnes dans son ordre, séparateur virgule, UTF-8, les éléments d'une liste séparés par « | », le "
            "téléphone en +33…, la date de mise à jour en AAAA-MM-JJ, les horaires au format OpenStreetMap. "
            "Chaque colonne est décrite par le standard. Seuls y figurent les lieux qui ont ce qu'il exige "
            "(voir « Les fichiers nationaux ») ; une valeur que le site ne connaît pas y reste vide."
        )),
        DataFile(STRUCTURES, "data·inclusion : les structures", (
            "Les lieux au schéma de l'offre d'insertion de data·inclusion (v1), une structure par lieu daté : son "
            "identifiant (source--nom-du-fichier), son SIRET, son adresse et son code INSEE, ses contacts, ses "
            "horaires au format OpenStreetMap (horaires_accueil)."
        )),
        DataFile(SERVICES, "data·inclusion : les services", (
            "Les formations des lieux au même schéma, un service de type « formation » par formation, rattaché à "
            "sa structure (structure_id), avec ses thématiques, ses modes d'accueil et les horaires du lieu."
        )),
        DataFile(JSON_PATH, "JSON", (
            "Une liste d'objets, un par lieu, avec les mêmes champs que le tableau CSV ; les listes, formations, "
            "photos et réseaux sociaux y sont des listes et des objets JSON, une valeur absente y vaut null."
        )),
        DataFile(GEOJSON, "GeoJSON", (
            "Tous les lieux, un point chacun (RFC 7946, coordonnées [longitude, latitude]), avec ces propriétés. "
            f"Les lieux de chaque région sont aussi dans /{region_geojson_path('<région>')}, par exemple "
            f"/{region_geojson_path(example_region)}."
        ), tuple(_property_field(name, column) for name, column in PROPERTIES)),
        DataFile(FEED_PATH, "Flux Atom", (
            f"Les {FEED_LENGTH} derniers lieux ajoutés ou mis à jour, les plus récents d'abord, datés comme leur "
            "page : par la dernière modification de leur fiche. À suivre dans un lecteur de flux."
        )),
    )


def _column_field(column: Column) -> DataField:
    if column.title:
        return DataField(column.name, column.title, _KINDS[column.kind], column.description)
    prop = load_schema("portrait")["properties"][column.field]
    return DataField(column.name, prop.get("title", column.field), _KINDS[column.kind], prop.get("description", ""))


def _property_field(name: str, column_name: str) -> DataField:
    column = _column_field(COLUMNS_BY_NAME[column_name])
    kind = "Liste" if COLUMNS_BY_NAME[column_name].kind == "list" else column.kind.split(" ;")[0]
    return DataField(name, column.title, kind, f"La colonne {column_name} du tableau CSV.")


def _record_fields(keys: tuple[tuple[str, str], ...], definition: str) -> tuple[DataField, ...]:
    properties = load_schema("portrait")["$defs"][definition]["properties"]
    return tuple(DataField(key, properties[field].get("title", field), _KINDS["text"],
                           properties[field].get("description", ""))
                 for key, field in keys)
