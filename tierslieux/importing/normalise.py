"""Stage 4 of ``make import``: each row's cells as front matter values, what spreadsheets do to them undone.

Each cell is given back the letters a conversion garbled (``decode.mended``), then read as its column's kind: a
number, a list (split on ``|``, and on ``, ; /`` in another list's column), a JSON cell of our export, a region,
or a value that ``tierslieux.repairs`` mends (a postal code without its zero, a phone written otherwise…). Every
repair is kept with its row, to be announced; every problem is told at its row and the spreadsheet's own column.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from tierslieux.content import Content
from tierslieux.exports import COLUMNS, PHOTO_KEYS, PHOTO_URL, TRAINING_CERTIFYING, TRAINING_KEYS, Column, split_list
from tierslieux.importing.decode import mended
from tierslieux.importing.mapping import BODY, Sheet
from tierslieux.problems import Problem
from tierslieux.repairs import REPAIRS, Repair, Unrepairable
from tierslieux.scaffold import Refused, region_slug
from tierslieux.schema import load_schema

IMPORTED = {column.name: column for column in COLUMNS if column.field}  # the columns an import reads
COLUMN_OF = {column.field: name for name, column in IMPORTED.items()}
REQUIRED = load_schema("portrait")["required"]
_RECORD_KEYS = {"trainings": dict(TRAINING_KEYS), "photos": dict(PHOTO_KEYS)}
_FOREIGN_LIST = re.compile(r"\s*[|;,/]\s*")  # how other lists separate the items of a cell


@dataclass
class Row:
    """One place of the spreadsheet: its row number, its front matter values, and what to tell about it."""

    number: int
    values: dict[str, object]  # the fields of the spreadsheet's columns; None: an empty cell
    body: str | None = None  # from presentation_detail
    page: str = ""  # the url cell of a row of our own export
    notes: list[str] = field(default_factory=list)
    repairs: list[tuple[str, Repair]] = field(default_factory=list)  # (column, repair)
    slug: str = ""  # of the place it updates, else of the file it creates (``match``)
    existing: bool = False


class Normaliser:
    """The rows of one sheet as front matter values, and the problems of their cells."""

    def __init__(self, content: Content, sheet: Sheet, region: str | None):
        self.content, self.sheet, self.region = content, sheet, region

    def rows(self) -> list[Row]:
        return [self._row(number, cells) for number, cells in self.sheet.rows]

    def _row(self, number: int, cells: dict[str, str]) -> Row:
        row = Row(number, {}, page=cells.get("url", ""))
        for name, text in cells.items():
            column = IMPORTED.get(name)
            if name == BODY:
                row.body = self._text(row, name, text) or None
            elif column is not None:
                row.values[column.field] = self._value(row, column, text)
        if not row.values.get("region") and self.region:
            row.values["region"] = self.region
        self._check_required(row, cells)
        return row

    def _check_required(self, row: Row, cells: dict[str, str]) -> None:
        for field_name in REQUIRED:
            name = COLUMN_OF[field_name]
            if name in cells and not cells[name] and not row.values.get(field_name) and field_name not in (
                    "latitude", "longitude"):
                title = load_schema("portrait")["properties"][field_name]["title"]
                self.sheet.tell(row.number, name, (
                    f"cellule vide (trouvé : rien ; attendu : {title.lower()}). Remplissez la cellule"
                    + (", ou donnez la région de tout le fichier : make import … REGION=<région>."
                       if field_name == "region" else ".")
                ))
        if (row.values.get("latitude") is None) != (row.values.get("longitude") is None):
            self.sheet.tell(row.number, "longitude" if row.values.get("longitude") is None else "latitude", (
                "coordonnée seule (trouvé : une seule des deux ; attendu : la latitude et la longitude, ou aucune "
                "pour que l'adresse soit géocodée). Remplissez les deux cellules, ou videz-les."
            ))
        elif row.values.get("latitude") is not None and "geo_precision" not in row.values:
            row.values["geo_precision"] = None  # given coordinates are the place's own

    def _text(self, row: Row, column: str, text: str) -> str:
        """A cell's text, given back its garbled letters (announced), or refused."""
        try:
            text, repaired = mended(text)
        except Unrepairable as error:
            self.sheet.tell(row.number, column, str(error))
            return ""
        if repaired:
            row.repairs.append((column, repaired))
        return text

    def _value(self, row: Row, column: Column, text: str) -> object:
        """A cell as a front matter value; None for an empty cell."""
        text = self._text(row, column.name, text)
        if not text:
            return None
        if column.field == "region":
            return self._region(row, column, text)
        if column.kind == "number":
            try:
                return float(text.replace(",", "."))  # a French spreadsheet writes 48,1173
            except ValueError:
                return text  # the check says what a number looks like
        if column.kind == "list":
            if column.name in self.sheet.foreign:
                return [item for item in _FOREIGN_LIST.split(text) if item]
            return split_list(text)
        if column.kind == "json":
            return self._json(row.number, column, text)
        return self._repaired(row, column, text)

    def _region(self, row: Row, column: Column, text: str) -> str | None:
        try:
            return region_slug(text, self.content, numbered=False)
        except Refused as refused:
            self.sheet.tell(row.number, column.name, (
                f"{refused}. Corrigez la cellule : les régions sont listées sur la page « Les champs d'une fiche »."
            ))
            return None

    def _repaired(self, row: Row, column: Column, text: str) -> object:
        repair = REPAIRS.get(column.field)
        if repair is None:
            return text
        try:
            if column.field == "phone":
                value, repaired = repair(text, reformat=column.name in self.sheet.foreign)
            else:
                value, repaired = repair(text)
        except Unrepairable as error:
            self.sheet.tell(row.number, column.name, str(error))
            return None
        if repaired:
            row.repairs.append((column.name, repaired))
        return value

    def _json(self, number: int, column: Column, text: str) -> object:
        try:
            value = json.loads(text)
        except ValueError:
            self.sheet.tell(number, column.name, (
                f"cellule illisible (trouvé : « {text[:60]} » ; attendu : le contenu de la colonne {column.name} tel "
                "que l'écrit /data/lieux.csv). Reprenez cette cellule d'un export du site, ou videz-la."
            ))
            return None
        if column.field in _RECORD_KEYS and isinstance(value, list):
            return [_front_matter_record(column.field, record) for record in value]
        return value


def _front_matter_record(field_name: str, record: object) -> object:
    """A training or photo of the open data with the front matter's keys; unknown keys are kept for the check."""
    if not isinstance(record, dict):
        return record
    keys = _RECORD_KEYS[field_name]
    derived = {PHOTO_URL} if field_name == "photos" else {TRAINING_CERTIFYING}
    return {keys.get(key, key): value for key, value in record.items() if key not in derived}


def missing_columns(sheet: Sheet, region: str | None, rows: list[Row]) -> list[Problem]:
    """The required columns a file that creates places lacks; a file that only updates places may hold few."""
    if all(row.existing for row in rows):
        return []
    present = set(sheet.header)
    needed = [name for name, column in IMPORTED.items() if column.field in REQUIRED]
    if "adresse" in present or "commune" in present:  # coordinates can come from the geocoder
        needed = [name for name in needed if name not in ("latitude", "longitude")]
    if region:
        needed.remove("region")
    found = ", ".join(sheet.origins.get(name, name) for name in sheet.header) or "aucune"
    hint = ("" if sheet.has_header else
            " Les colonnes d'un tableau sans ligne d'en-tête se nomment par leur lettre : A, B, C…")
    return [Problem(sheet.name, 1, name, (
        f"colonne absente (trouvé : les colonnes {found} ; attendu : une colonne « {name} »). Ajoutez-la, ou indiquez "
        "dans un fichier de correspondance (CORRESPONDANCE=…) la colonne qui en tient lieu." + hint
    )) for name in needed if name not in present]
