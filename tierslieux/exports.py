"""The places as open data: one row per place in ``data/lieux.csv``, one record per place in ``data/lieux.json``.

Called by the MkDocs hook (files under ``data/``), by ``tierslieux.opendata`` (the fields of each file, on the
« Données ouvertes » page) and by ``make import`` (``tierslieux.importer``), which reads the same columns back:
``COLUMNS`` is the one list of what a place is as data, and its names follow the French standard for *lieux de
médiation numérique* (schema.data.gouv.fr, LaMednum) wherever a field has an equivalent there.

CSV conventions, for Excel as much as for programs: UTF-8 with a byte order mark (so that Excel shows accents),
commas, CRLF line ends, a header row; the items of a list are joined with ``|`` (an item holding ``|`` or ``\\``
has it escaped with ``\\``); trainings, photos and social networks are JSON objects in their cell. A text cell
that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return)
starts with an apostrophe: ``'=1+1``. Spreadsheets then show it as text, and ``make import`` removes the
apostrophe, so that the round trip gives back the exact text (see ``csv_cell`` and ``plain_cell``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

import orjson

from tierslieux.content import Content
from tierslieux.model import Photo, Place, Region, Training
from tierslieux.network import Network, hidden_fields
from tierslieux.trainings import is_certifying

CSV_PATH = "data/lieux.csv"
JSON_PATH = "data/lieux.json"
LIST_SEPARATOR = "|"
_FORMULA = re.compile(r"'*[=+\-@\t\r]")  # what Excel and LibreOffice may run as a formula, after our own apostrophes
# A path under the site root, perhaps with a fragment (a training's anchor): no scheme, ``..`` nor leading /.
_SITE_PATH = re.compile(r"(?!.*\.\.)[\w-]+(?:/[\w.-]+)*/?(?:#[\w-]+)?")


def absolute_url(site_url: str | None, path: str) -> str:
    """``path``, relative to the site root, made absolute when the site's address is known."""
    if not site_url:
        return path
    base = site_url if site_url.endswith("/") else f"{site_url}/"
    if _SITE_PATH.fullmatch(path):  # our own paths: urljoin would give the same, ten times slower
        return base + path
    return urljoin(base, path)


def compact_json(data: object) -> str:
    """Compact, UTF-8, key order as built: two builds of the same content give the same text.

    orjson writes what ``json.dumps(data, ensure_ascii=False, separators=(",", ":"))`` writes, four times faster,
    but for small numbers, written in full (0.00001, not 1e-05). It would write NaN and the infinities as null: the
    validation refuses them in every portrait and region (tierslieux/schema.py).
    """
    return orjson.dumps(data).decode()


def json_text(data: object) -> str:
    """``data`` as a JSON file: compact JSON and a line end."""
    return compact_json(data) + "\n"


@dataclass(frozen=True)
class Column:
    """One column of the CSV, one key of the JSON records.

    ``field`` is the front matter field it holds and that ``make import`` writes back (``slug``: the file name);
    a column without one is derived from others and ignored on import.
    """

    name: str
    field: str | None
    kind: str = "text"  # text, number, list (joined with |), json (an object or a list of objects)
    title: str = ""  # for the columns that the schema does not describe
    description: str = ""
    derive: Callable[[Place, Region, str | None], object] | None = None


# Trainings and photos as records: (key in the open data, key in the front matter).
TRAINING_KEYS = (
    ("intitule", "title"), ("type", "kind"), ("public", "audience"), ("duree", "duration"),
    ("modalite", "modality"), ("certification", "certification"), ("partenaire", "partner"), ("url", "url"),
    ("rncp", "rncp"), ("rs", "rs"),
)
TRAINING_CERTIFYING = "certifiante"  # derived by trainings.is_certifying, the site's one definition; not imported
PHOTO_KEYS = (("fichier", "src"), ("texte_alternatif", "alt"), ("credit", "credit"))
PHOTO_URL = "url"  # derived from ``fichier``: the image's address on the site


COLUMNS: tuple[Column, ...] = (
    Column("id", "slug", title="Identifiant", description=(
        "Le nom du fichier du lieu, et la fin de l'adresse de son portrait : il ne change pas."
    )),
    Column("nom", "name"),
    Column("region", "region"),
    Column("nom_region", None, title="Nom de la région", derive=lambda place, region, site: region.name),
    Column("code_region", None, title="Code de la région", description="Le code INSEE de la région.",
           derive=lambda place, region, site: region.code),
    Column("departement", "departement"),
    Column("commune", "commune"),
    Column("code_postal", "postal_code"),
    Column("code_insee", "code_insee"),
    Column("adresse", "address"),
    Column("latitude", "latitude", "number"),
    Column("longitude", "longitude", "number"),
    Column("presentation_resume", "summary"),
    Column("themes", "themes", "list"),
    Column("site_web", "website"),
    Column("courriels", "email"),
    Column("telephone", "phone"),
    Column("horaires", "opening_hours"),
    Column("horaires_osm", "horaires_osm"),
    Column("accessibilite", "accessibility"),
    Column("equipements", "equipment", "list"),
    Column("formations", "trainings", "json"),
    Column("photos", "photos", "json"),
    Column("reseaux_sociaux", "social", "json"),
    Column("role_programme", "deffinov"),
    Column("anciens_identifiants", "aliases", "list"),
    Column("identifiants", "identifiers", "list"),
    Column("siret", "siret"),
    Column("rna", "rna"),
    Column("precision_geo", "geo_precision"),
    Column("date_maj", "updated"),
    Column("url", None, title="Adresse de la page", description="L'adresse du portrait du lieu sur ce site.",
           derive=lambda place, region, site: absolute_url(site, place.url)),
)


COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}


def column_value(column: Column, place: Place, region: Region, site_url: str | None) -> object:
    """The value of one column for one place, as JSON data: text, number, list, object, or None."""
    if column.derive is not None:
        return column.derive(place, region, site_url)
    return _data(getattr(place, column.field), site_url)


def _data(value: object, site_url: str | None) -> object:
    if isinstance(value, Training):
        record = {key: getattr(value, field) for key, field in TRAINING_KEYS if getattr(value, field) is not None}
        return {**record, TRAINING_CERTIFYING: is_certifying(value)}
    if isinstance(value, Photo):
        record = {key: getattr(value, field) for key, field in PHOTO_KEYS if getattr(value, field) is not None}
        return {**record, PHOTO_URL: absolute_url(site_url, f"portraits/{value.src}")}
    if isinstance(value, tuple):
        return [_data(item, site_url) for item in value]
    if isinstance(value, dict):
        return dict(value) or None
    if isinstance(value, date):
        return value.isoformat()
    return value


def published_columns(network: Network) -> tuple[Column, ...]:
    """The columns of the open data: all but those of the fields the network does not show (its programme's)."""
    hidden = hidden_fields("portrait", network)
    return tuple(column for column in COLUMNS if column.field not in hidden)


def place_record(place: Place, region: Region, site_url: str | None,
                 columns: tuple[Column, ...] = COLUMNS) -> dict[str, object]:
    """Every column of one place, by name, in the order of ``columns``."""
    return {column.name: column_value(column, place, region, site_url) for column in columns}


def places_json(content: Content, site_url: str | None,
                columns: tuple[Column, ...] = COLUMNS) -> list[dict[str, object]]:
    """``data/lieux.json``: the full record of every place, sorted by identifier."""
    return [place_record(place, content.regions[place.region], site_url, columns) for place in content.places]


def places_csv(records: list[dict[str, object]], columns: tuple[Column, ...] = COLUMNS) -> str:
    """``data/lieux.csv`` from the records of ``places_json``, byte order mark included (see the module docstring)."""
    rows = ([record[column.name] for column in columns] for record in records)
    return csv_table([column.name for column in columns], rows, [column.kind for column in columns])


def csv_table(header: Sequence[str], rows: Iterable[Sequence[object]], kinds: Sequence[str] = ()) -> str:
    """A CSV for spreadsheets (UTF-8 with BOM, CRLF): every cell, the header's included, through ``csv_cell``, with
    its column's kind (text when ``kinds`` is not given). The one way this project writes a CSV."""
    kinds = kinds or ["text"] * len(header)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(name, "text") for name in header])
    writer.writerows([csv_cell(value, kind) for value, kind in zip(row, kinds, strict=True)] for row in rows)
    return "\ufeff" + buffer.getvalue()


def csv_cell(value: object, kind: str) -> str:
    """One value as CSV text, safe to open in a spreadsheet."""
    if value is None or value == []:
        return ""
    if kind == "number":
        return repr(value)
    if kind == "json":
        text = compact_json(value)
    elif kind == "list":
        text = join_list(value)
    else:
        text = str(value)
    return f"'{text}" if _FORMULA.match(text) else text


def plain_cell(text: str) -> str:
    """The inverse of the apostrophe added by ``csv_cell``: what the contributor had written."""
    return text[1:] if _FORMULA.match(text) and text.startswith("'") else text


def split_list(text: str) -> list[str]:
    """The items of a ``|``-joined cell, unescaped and stripped, empty ones left out."""
    items, current, chars = [], "", iter(text)
    for char in chars:
        if char == "\\":
            current += next(chars, "")
        elif char == LIST_SEPARATOR:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [item.strip() for item in items if item.strip()]


def join_list(items: list) -> str:
    """Items joined with ``|``, each ``|`` or ``\\`` inside an item escaped with ``\\``: ``split_list`` reverses it."""
    return LIST_SEPARATOR.join(
        str(item).replace("\\", "\\\\").replace(LIST_SEPARATOR, "\\" + LIST_SEPARATOR) for item in items)


def export_files(content: Content, site_url: str | None, columns: tuple[Column, ...] = COLUMNS) -> dict[str, str]:
    """The CSV and JSON files, by path under the site root."""
    records = places_json(content, site_url, columns)  # made once for both files
    return {CSV_PATH: places_csv(records, columns), JSON_PATH: json_text(records)}
