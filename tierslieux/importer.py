"""``make import FICHIER=lieux.csv``: portraits from a spreadsheet, checked with every other file, then written.

The spreadsheet, a CSV or an ``.xlsx`` file, is read by ``tierslieux.spreadsheet``. Its columns are those of
``/data/lieux.csv`` (``exports.COLUMNS``; case, accents and spaces aside), so that an export imports back as it
was, or common French headers (Ville, CP, Courriel…); a mapping file (``CORRESPONDANCE=ma-region.yml``, checked
against ``schema/correspondance.schema.json``) names the columns of another layout and translates its values, in
the spirit of the per-source configuration files of ANCT's ``@gouvfr-anct/mednum`` transformer:

    nom: Nom de la structure          # the column of the spreadsheet that fills « nom »
    adresse: "{numero} {rue}"         # several columns joined
    region:
      valeur: bretagne                # the same value on every row
    themes:
      colonne: Domaines
      valeurs:                        # our value: the spreadsheet's ways of writing it
        numerique: [Numérique, Informatique]

A row updates the place of its ``id`` (our file name, or one of the place's ``identifiers``), else the place of the
same name in the same commune; nothing else. A new place whose name's file is another town's gets
``<nom>-<commune>`` (``scaffold.free_slug``, as ``make new``); another list's identifier (the national standard's
``id``, a SIRET) is kept in ``identifiers``, never used as the file name. New portraits come from
``modeles/portrait.md`` without its placeholder text (``scaffold.set_fields``); an update sets the fields of its
columns and keeps the rest of the file. Rows without coordinates are geocoded in one request
(``tierslieux.geocoder``), even when other rows have problems: every problem of every row is reported in one run,
as ``lieux.csv:12: code_postal: …``, then summed up. A file with any problem writes nothing, unless ``PARTIEL=oui``:
the valid rows are written and the refused ones copied, with their problems, to ``<nom>.a-corriger.csv``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tierslieux.content import (
    PORTRAITS_DIR,
    RESERVED_SLUGS,
    SLUG,
    Content,
    folded,
    load_content,
    place_key,
    problems_if_written,
    slugify,
)
from tierslieux.exports import (
    COLUMNS,
    PHOTO_KEYS,
    PHOTO_URL,
    TRAINING_CERTIFYING,
    TRAINING_KEYS,
    Column,
    csv_cell,
    split_list,
)
from tierslieux.files import MAX_FILE_BYTES
from tierslieux.frontmatter import read_document
from tierslieux.geocoder import (
    DEADLINE,
    GEOCODER_URL,
    MIN_SCORE,
    Address,
    Candidate,
    GeocoderUnavailable,
    geocode,
)
from tierslieux.geodata import PRECISION
from tierslieux.placeholder import is_unwritten
from tierslieux.problems import ContentError, Problem
from tierslieux.repairs import REPAIRS, Repair, Unrepairable, check_text, departement_of, mended
from tierslieux.scaffold import TEMPLATE, Refused, free_slug, region_slug, set_fields, taken_slugs
from tierslieux.schema import load_schema
from tierslieux.spreadsheet import (
    BODY,
    PROBLEM_COLUMN,
    Sheet,
    apply_mapping,
    has_header_row,
    load_mapping,
    mapping_problems,
    read_sheet,
)

IMPORTED = {column.name: column for column in COLUMNS if column.field}  # the columns an import reads
COLUMN_OF = {column.field: name for name, column in IMPORTED.items()}
REQUIRED = load_schema("portrait")["required"]
TO_FIX = ".a-corriger"  # the refused rows of lieux.csv go to lieux.a-corriger.csv
MAX_SLUG_LENGTH = 120  # file names stay far below the 255 bytes that file systems allow
_RECORD_KEYS = {"trainings": dict(TRAINING_KEYS), "photos": dict(PHOTO_KEYS)}
_FOREIGN_LIST = re.compile(r"\s*[|;,/]\s*")  # how other lists separate the items of a cell
_QUOTES_ADVICE = re.compile(r",? entre guillemets(?= ?[:;)])|(?i:entre guillemets, )(?=par exemple)")
_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")
_MOVES = (("region", "région"), ("commune", "commune"), ("latitude", "latitude"), ("longitude", "longitude"))


# From rows to front matter values -----------------------------------------------------------------------------


@dataclass
class Row:
    """One place of the spreadsheet: its row number, its front matter values, and what to tell about it."""

    number: int
    slug: str  # of the place it updates, else of the file it creates
    values: dict[str, object]  # the fields of the spreadsheet's columns; None: an empty cell
    body: str | None = None  # from presentation_detail
    notes: list[str] = field(default_factory=list)
    repairs: list[tuple[str, Repair]] = field(default_factory=list)  # (column, repair)
    existing: bool = False


class Importer:
    """One import: the spreadsheet, the content it joins, and every problem found on the way."""

    def __init__(self, content: Content, sheet: Sheet, origins: dict[str, str], region: str | None):
        self.content, self.sheet, self.origins, self.region = content, sheet, origins, region
        self.problems: list[Problem] = list(sheet.problems)
        self.file_problems: list[Problem] = []  # about the whole file: no row can be imported
        self.places = {place.slug: place for place in content.places}
        self.by_name = {place_key(place.name, place.commune): place.slug for place in content.places}
        self.by_identifier = {identifier: place.slug for place in content.places for identifier in place.identifiers}
        # A place called « Photos » or « Index » gets <nom>-<commune>, as a homonym does: a spreadsheet has no file
        # to rename, and these names are the site's own addresses.
        self.taken = taken_slugs(content) | RESERVED_SLUGS[PORTRAITS_DIR]

    def problem(self, number: int, column: str, message: str) -> None:
        self.problems.append(Problem(self.sheet.name, number, self.origins.get(column, column), message))

    def rows(self) -> list[Row]:
        """Every row as front matter values, its place found; problems of cells and of duplicate rows are recorded."""
        rows, seen = [], {}
        for number, cells in self.sheet.rows:
            row = self._row(number, cells)
            if row is None:
                continue
            key = row.slug if row.existing else place_key(row.values.get("name"), row.values.get("commune"))
            first = seen.get(key) if row.existing or row.values.get("name") else None
            if first is not None:
                self.problem(number, "nom", (
                    f"ligne en double (trouvé : « {row.values.get('name')} » à {_town(row)}, le même lieu que la "
                    f"ligne {first.number}, « {first.values.get('name')} » à {_town(first)} ; attendu : une ligne par "
                    "lieu). Supprimez l'une des deux lignes, ou distinguez les noms s'il s'agit de deux lieux."
                ))
                continue
            seen[key] = row
            rows.append(row)
        if any(not row.existing for row in rows):  # a file that only updates places may hold few columns
            self._check_columns()
        return rows

    def name_files(self, rows: list[Row]) -> None:
        """A free file name for each new place, rows without problems first: a refused row takes no name from them."""
        refused = {problem.line for problem in self.problems}
        for row in sorted((row for row in rows if not row.existing and row.slug), key=lambda row: row.number in refused):
            row.slug = free_slug(row.slug, str(row.values.get("commune") or ""), self.taken)
            self.taken.add(row.slug)

    def _check_columns(self) -> None:
        present = set(self.sheet.header)
        needed = [name for name, column in IMPORTED.items() if column.field in REQUIRED]
        if "adresse" in present or "commune" in present:  # coordinates can come from the geocoder
            needed = [name for name in needed if name not in ("latitude", "longitude")]
        if self.region:
            needed.remove("region")
        missing = [name for name in needed if name not in present]
        found = ", ".join(self.origins.get(name, name) for name in self.sheet.header) or "aucune"
        hint = ("" if self.sheet.has_header or not missing else
                " Les colonnes d'un tableau sans ligne d'en-tête se nomment par leur lettre : A, B, C…")
        for name in missing:
            self.file_problems.append(Problem(self.sheet.name, 1, name, (
                f"colonne absente (trouvé : les colonnes {found} ; attendu : une colonne « {name} »). Ajoutez-la, "
                "ou indiquez dans un fichier de correspondance (CORRESPONDANCE=…) la colonne qui en tient lieu." + hint
            )))

    def _row(self, number: int, cells: dict[str, str]) -> Row | None:
        row = Row(number, "", {})
        for name, text in cells.items():
            column = IMPORTED.get(name)
            if name == BODY:
                row.body = self._text(row, name, text) or None
            elif column is not None:
                row.values[column.field] = self._value(row, column, text)
        if not row.values.get("region") and self.region:
            row.values["region"] = self.region
        self._check_required(row, cells)
        row = self._identify(row, cells.get("url", ""))
        if row is not None and not row.existing and "departement" not in cells:
            self._derive(row)  # an empty cell of a departement column is the coordinator's choice
        return row

    def _derive(self, row: Row) -> None:
        """Fields a coordinator need not write: the département, from the postal code."""
        code = row.values.get("postal_code")
        if row.values.get("departement") or not isinstance(code, str):
            return
        departement = departement_of(code)
        if departement:
            row.values["departement"] = departement
            row.repairs.append(("departement", Repair("déduit du code postal", f"{code} donne {departement}")))

    def _check_required(self, row: Row, cells: dict[str, str]) -> None:
        for field_name in REQUIRED:
            name = COLUMN_OF[field_name]
            if name in cells and not cells[name] and not row.values.get(field_name) and field_name not in (
                    "latitude", "longitude"):
                title = load_schema("portrait")["properties"][field_name]["title"]
                self.problem(row.number, name, (
                    f"cellule vide (trouvé : rien ; attendu : {title.lower()}). Remplissez la cellule"
                    + (", ou donnez la région de tout le fichier : make import … REGION=<région>."
                       if field_name == "region" else ".")
                ))
        if (row.values.get("latitude") is None) != (row.values.get("longitude") is None):
            self.problem(row.number, "longitude" if row.values.get("longitude") is None else "latitude", (
                "coordonnée seule (trouvé : une seule des deux ; attendu : la latitude et la longitude, ou aucune "
                "pour que l'adresse soit géocodée). Remplissez les deux cellules, ou videz-les."
            ))
        elif row.values.get("latitude") is not None and "geo_precision" not in row.values:
            row.values["geo_precision"] = None  # given coordinates are the place's own

    def _identify(self, row: Row, page: str) -> Row | None:
        """The place a row updates: that of its identifier, else of its name in its commune; else a new file name.

        ``page`` is the row's ``url`` cell, which a row of our own export has.
        """
        values = row.values
        given = str(values.pop("slug", None) or "")
        identifiers = list(values.get("identifiers") or [])
        name = str(values.get("name") or "")
        if given in self.places:
            row.slug, row.existing = given, True
            return _kept_writing(row, self.places[given])
        if _our_file_name(given, name, page):
            row.slug = given  # the file name of a place of our own export, absent here: kept
        elif given and given not in identifiers:
            identifiers.insert(0, given)  # another list's identifier, kept as data
        known = next((self.by_identifier[i] for i in identifiers if i in self.by_identifier), None)
        namesake = self.by_name.get(place_key(name, values.get("commune")))
        if not known and namesake and values.get("region") in (None, self.places[namesake].region):
            known = namesake  # by its name, a place of the same commune and region only
        if known:
            row.slug, row.existing = known, True
            identifiers = [*self.places[known].identifiers, *(i for i in identifiers
                                                              if i not in self.places[known].identifiers)]
        if identifiers:
            values["identifiers"] = identifiers
        if row.existing:
            return _kept_writing(row, self.places[row.slug])
        row.slug = row.slug or slugify(name)
        if len(row.slug) > MAX_SLUG_LENGTH:
            self.problem(row.number, "nom", (
                f"nom trop long pour un nom de fichier (trouvé : {len(name)} caractères ; attendu : "
                f"{MAX_SLUG_LENGTH} au plus). Raccourcissez le nom."
            ))
            return None
        if not row.slug:
            if name:
                self.problem(row.number, "nom", (
                    f"nom sans lettre ni chiffre (trouvé : « {name} » ; attendu : le nom du lieu). Corrigez la cellule."
                ))
            return None if name else row  # an empty name is told as an empty cell
        return row

    def _text(self, row: Row, column: str, text: str) -> str:
        """A cell's text, its lost accents refused and its doubly converted ones given back."""
        try:
            check_text(text)
        except Unrepairable as error:
            self.problem(row.number, column, str(error))
            return ""
        text, repaired = mended(text)
        if repaired:
            row.repairs.append((column, repaired))
        return text

    def _value(self, row: Row, column: Column, text: str) -> object:
        """A cell as a front matter value; None for an empty cell."""
        text = self._text(row, column.name, text)
        if not text:
            return None
        if column.field == "region":
            try:
                return region_slug(text, self.content, numbered=False)
            except Refused as refused:
                self.problem(row.number, column.name, (
                    f"{refused}. Corrigez la cellule : les régions sont listées sur la page « Les champs d'une fiche »."
                ))
                return None
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
        repair = REPAIRS.get(column.field)
        if repair is None:
            return text
        try:
            if column.field == "phone":
                value, repaired = repair(text, reformat=column.name in self.sheet.foreign)
            else:
                value, repaired = repair(text)
        except Unrepairable as error:
            self.problem(row.number, column.name, str(error))
            return None
        if repaired:
            row.repairs.append((column.name, repaired))
        return value

    def _json(self, number: int, column: Column, text: str) -> object:
        try:
            value = json.loads(text)
        except ValueError:
            self.problem(number, column.name, (
                f"cellule illisible (trouvé : « {text[:60]} » ; attendu : le contenu de la colonne {column.name} tel "
                "que l'écrit /data/lieux.csv). Reprenez cette cellule d'un export du site, ou videz-la."
            ))
            return None
        if column.field in _RECORD_KEYS and isinstance(value, list):
            return [_front_matter_record(column.field, record) for record in value]
        return value

    def geocode(self, rows: list[Row], url: str, min_score: float, deadline: float) -> None:
        """Coordinates for every row without any, in one request, whatever the problems of other rows; the official
        name of each commune written in capitals (DIJON) from the same request.

        A row without coordinates that updates a place keeps the place's own, unless its address changes.
        """
        missing = [row for row in rows if row.values.get("latitude") is None and row.values.get("longitude") is None
                   and row.values.get("commune") and _moved(row, self.places.get(row.slug) if row.existing else None)]
        located = {row.number for row in missing}
        capitals = [row for row in rows if row.number not in located and str(row.values.get("commune") or "").isupper()]
        asked = missing + capitals
        if not asked:
            return
        addresses = [Address(str(row.number), str(row.values.get("address") or ""),
                             str(row.values.get("postal_code") or ""), str(row.values["commune"])) for row in asked]
        try:
            found = geocode(addresses, url, deadline)
        except GeocoderUnavailable as error:
            for row in missing:
                self.problem(row.number, "adresse" if row.values.get("address") else "commune",
                             f"géocodage impossible : {error}")
            if capitals:
                self.sheet.notes.append("les communes écrites en capitales le restent : le géocodeur, qui donne leur "
                                        "nom officiel, ne répond pas")
            return
        for row, address in zip(asked, addresses, strict=True):
            candidate = found.get(address.key, Candidate(0.0))
            if row.number in located:
                self._place(row, address, candidate, min_score)
            elif candidate.score >= min_score:
                self._rename(row, candidate)

    def _rename(self, row: Row, candidate: Candidate) -> None:
        """The commune's official name over the same name in capitals: SAINT-LO is Saint-Lô."""
        commune = str(row.values["commune"])
        if commune.isupper() and candidate.city and folded(candidate.city) == folded(commune):
            row.values["commune"] = candidate.city
            row.repairs.append(("commune", Repair("écrite comme le nom officiel que donne le géocodeur",
                                                  f"{commune} lu comme {candidate.city}")))

    def _place(self, row: Row, address: Address, candidate: Candidate, min_score: float) -> None:
        column = "adresse" if row.values.get("address") else "commune"
        if candidate.score < min_score:
            best = (f"le meilleur candidat est « {candidate.label} », latitude {candidate.latitude}, longitude "
                    f"{candidate.longitude}, score {candidate.score:.2f}" if candidate.label else "aucun candidat")
            self.problem(row.number, column, (
                f"adresse non trouvée avec assez de certitude (trouvé : « {address} » ; {best} ; attendu : un score "
                f"d'au moins {min_score:.2f}). Corrigez l'adresse, ou, si ce candidat est le bon lieu, recopiez ses "
                "coordonnées dans les colonnes latitude et longitude."
            ))
            return
        row.values["latitude"] = round(candidate.latitude, PRECISION)
        row.values["longitude"] = round(candidate.longitude, PRECISION)
        approximate = candidate.kind == "municipality"
        row.values["geo_precision"] = "commune" if approximate else None
        row.notes.append(f"géocodé : {candidate.label} (score {candidate.score:.2f})" + (
            " ; position approximative : seule la commune a été trouvée, le lieu est placé en son centre"
            if approximate else ""))
        self._rename(row, candidate)
        self.origins.setdefault("latitude", column)


def _our_file_name(given: str, name: str, page: str) -> bool:
    """Whether an ``id`` is a file name of this site: a slug that comes from the name, or that the row's page address
    ends with (an export of ours); another list's identifier (a UUID, a SIRET) is neither."""
    if not (given and len(given) <= MAX_SLUG_LENGTH and SLUG.fullmatch(given)):
        return False
    return given.startswith(slugify(name) or "-") or page.rstrip("/").endswith(f"portraits/{given}")


def _kept_writing(row: Row, place) -> Row:
    """The place's own writing of its commune kept over the same name in capitals (RENNES for Rennes)."""
    commune = row.values.get("commune")
    if isinstance(commune, str) and commune.isupper() and folded(commune) == folded(place.commune):
        row.values["commune"] = place.commune
    return row


def _town(row: Row) -> str:
    return str(row.values.get("commune") or "une commune non précisée")


def _front_matter_record(field_name: str, record: object) -> object:
    """A training or photo of the open data with the front matter's keys; unknown keys are kept for the check."""
    if not isinstance(record, dict):
        return record
    keys = _RECORD_KEYS[field_name]
    derived = {PHOTO_URL} if field_name == "photos" else {TRAINING_CERTIFYING}
    return {keys.get(key, key): value for key, value in record.items() if key not in derived}


def _moved(row: Row, place) -> bool:
    """Whether the row is a new place, or gives its place another address (not merely written otherwise)."""
    if place is None:
        return True
    fields = {"address": place.address, "postal_code": place.postal_code, "commune": place.commune}
    return any(name in row.values and folded(str(row.values[name] or "")) != folded(value or "")
               for name, value in fields.items())


# Planning, checking and writing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    row: int
    slug: str
    text: str
    before: str | None  # None: a new file
    fields: tuple[str, ...]  # the fields that change
    notes: tuple[str, ...] = ()


def plan(root: Path, rows: list[Row]) -> list[Change]:
    """What each row does to ``portraits/``: create a file, or set the fields whose value changes."""
    front = (root / TEMPLATE).read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n"
    changes = []
    for row in rows:
        path = root / PORTRAITS_DIR / f"{row.slug}.md"
        if row.existing:
            before = path.read_text(encoding="utf-8")
            document, _ = read_document(f"{PORTRAITS_DIR}/{row.slug}.md", before)
            changed = {name: value for name, value in row.values.items()  # an empty cell keeps a required field
                       if document.data.get(name) != value and (value is not None or name not in REQUIRED)}
            notes = [*row.notes, *_moves(document.data, changed)]
            text = set_fields(before, changed)
            if row.body and row.body.strip() != document.body.strip():
                if is_unwritten(document.body):
                    text = _with_body(text, row.body)
                    changed[BODY] = row.body
                else:
                    notes.append("presentation_detail : le portrait déjà écrit dans la fiche est gardé")
            changes.append(Change(row.number, row.slug, text, before, tuple(changed), tuple(notes)))
        else:
            given = {name: value for name, value in row.values.items() if value is not None}
            text = set_fields(front, given) + (f"\n{row.body.strip()}\n" if row.body else "")
            changes.append(Change(row.number, row.slug, text, None, tuple(given), tuple(row.notes)))
    return changes


def _moves(data: dict, changed: dict[str, object]) -> list[str]:
    """A line for each change of a place's region, commune or coordinates: they say where it is."""
    return [f"{label} changée : {data.get(name)} → {changed[name]}" for name, label in _MOVES
            if name in changed and data.get(name) is not None and changed[name] is not None]


def _with_body(text: str, body: str) -> str:
    front, _, _ = text.partition("\n---\n")
    return f"{front}\n---\n\n{body.strip()}\n"


def sheet_problems(problems: list[Problem], changes: list[Change], sheet: Sheet, origins: dict[str, str],
                   told: dict[int, Row] | None = None) -> list[Problem]:
    """Problems of the written files told at the spreadsheet's row and column; others kept as they are.

    A row in ``told`` already has problems of its own: the check's problems that only follow from them (a field
    left empty by a refused cell, coordinates that geocoding could not give) are not told twice.
    """
    rows = {f"{PORTRAITS_DIR}/{change.slug}.md": change.row for change in changes}
    told = told or {}
    kept = []
    for problem in problems:
        if problem.path not in rows:
            kept.append(problem)
            continue
        field_name = re.split(r"[.\[]", problem.field, maxsplit=1)[0]
        row = told.get(rows[problem.path])
        if row is not None and (field_name in ("latitude", "longitude") or row.values.get(field_name) is None):
            continue
        column = COLUMN_OF.get(field_name, "nom")
        kept.append(Problem(sheet.name, rows[problem.path], origins.get(column, column), _for_cells(problem.message)))
    return kept


def _for_cells(message: str) -> str:
    """A check's message without its advice on YAML quotes, which a spreadsheet cell does not need."""
    return _QUOTES_ADVICE.sub("", message).replace("entre guillemets, par exemple", "par exemple")


def _size_problems(changes: list[Change], sheet: Sheet) -> list[Problem]:
    return [Problem(sheet.name, change.row, "fiche", (
        f"fiche trop grosse (trouvé : {len(change.text.encode()) // 1024} Ko ; attendu : {MAX_FILE_BYTES // 1024} Ko "
        "au plus, la limite de make check). Raccourcissez les textes longs de cette ligne."
    )) for change in changes if len(change.text.encode()) > MAX_FILE_BYTES]


def write_atomically(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all: a temporary file beside it, then a rename."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # hidden: the content folders skip it
    try:
        temporary.write_bytes(text.encode("utf-8"))
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


@dataclass(frozen=True)
class Imported:
    changes: list[Change]
    ignored: tuple[str, ...]  # columns of the spreadsheet that fill no field
    notes: tuple[str, ...] = ()  # about the whole file
    repairs: tuple[tuple[int, str, Repair], ...] = ()  # (row, column, repair) of the rows written
    problems: tuple[Problem, ...] = ()  # of the rows refused with PARTIEL=oui
    to_fix: Path | None = None  # where those rows were copied


def import_sheet(root: Path, path: Path, *, region: str | None = None, mapping: Path | None = None,
                 geocoder: str = GEOCODER_URL, min_score: float = MIN_SCORE, deadline: float = DEADLINE,
                 partial: bool = False) -> Imported:
    """Import ``path`` into ``root``; raises ContentError, writing nothing, when a row has a problem.

    With ``partial``, only problems that concern the whole file raise; the rows without problems are written.
    """
    content = load_content(root)
    document = load_mapping(mapping) if mapping is not None else None
    original = read_sheet(path, header=has_header_row(document))
    if document is not None:
        found = mapping_problems(document, original)
        if found:
            raise ContentError(found)
    sheet, origins = apply_mapping(original, document.data if document is not None else None)
    if not set(sheet.header) & set(IMPORTED):
        raise ContentError([_unknown_columns(original)])
    importer = Importer(content, sheet, origins, _region(region, content, sheet.name))
    rows = importer.rows()
    importer.geocode(rows, geocoder, min_score, deadline)
    importer.name_files(rows)
    if importer.file_problems:
        raise ContentError(importer.file_problems + importer.problems)
    changes = _checked_changes(root, [row for row in rows if row.slug], importer)
    if importer.problems and not partial:
        raise ContentError(importer.problems)
    for change in changes:
        if change.text != change.before:
            write_atomically(root / PORTRAITS_DIR / f"{change.slug}.md", change.text)
    written = {change.row for change in changes if change.text != change.before}
    to_fix = _write_to_fix(path, original, importer.problems) if partial and importer.problems else None
    return Imported(
        changes, sheet.ignored, tuple(sheet.notes),
        tuple((row.number, origins.get(column, column), repair) for row in rows if row.number in written
              for column, repair in row.repairs),
        tuple(importer.problems), to_fix)


def _unknown_columns(sheet: Sheet) -> Problem:
    return Problem(sheet.name, 1, "en-tête", (
        f"aucune colonne reconnue (trouvé : les colonnes {', '.join(name for name in sheet.header if name)} ; "
        "attendu : des colonnes comme nom, commune, code_postal). Si la première ligne est déjà un lieu, décrivez les "
        "colonnes dans un fichier de correspondance (CORRESPONDANCE=…) avec entete: non : elles se nomment alors par "
        "leur lettre, A, B, C…"
    ))


def _region(region: str | None, content: Content, name: str) -> str | None:
    if region is None:
        return None
    try:
        return region_slug(region, content, numbered=False)
    except Refused as refused:
        raise ContentError([Problem(name, 1, "REGION", (
            f"{refused}. Corrigez REGION=… : les régions sont listées sur la page « Les champs d'une fiche »."
        ))]) from None


def _checked_changes(root: Path, rows: list[Row], importer: Importer) -> list[Change]:
    """The changes of the rows that pass every check with all the other files; the others' problems are recorded.

    Every row is checked, even one with problems of its own, so that all of its problems are told at once. Leaving
    refused rows out cannot give the others a problem: the checks across files only find pairs (duplicates, former
    names), and both rows of a pair are refused.
    """
    changes = plan(root, rows)
    sheet = importer.sheet
    found = _size_problems(changes, sheet)
    too_big = {problem.line for problem in found}
    texts = {change.slug: change.text for change in changes if change.text != change.before and change.row not in too_big}
    refused = {problem.line for problem in importer.problems}
    told = {row.number: row for row in rows if row.number in refused}
    found += sheet_problems(problems_if_written(root, texts), changes, sheet, importer.origins, told)
    if any(problem.path != sheet.name for problem in found):  # another file would break: nothing can be written
        raise ContentError(importer.problems + found)
    importer.problems += found
    refused |= {problem.line for problem in found}
    return [change for change in changes if change.row not in refused]


def _write_to_fix(path: Path, sheet: Sheet, problems: list[Problem]) -> Path:
    """The refused rows as they were, with a column saying what to fix, beside the spreadsheet: to fix and import."""
    stem = path.stem.removesuffix(TO_FIX)
    target = path.with_name(f"{stem}{TO_FIX}.csv")
    messages: dict[int, list[str]] = {}
    for problem in sorted(problems):
        messages.setdefault(problem.line, []).append(f"{problem.field} : {problem.message}")
    header = [name for name in sheet.header if name != PROBLEM_COLUMN]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    if sheet.has_header:
        writer.writerow([*header, PROBLEM_COLUMN])
    for number, cells in sheet.rows:
        if number in messages:
            told = f"{path.name}, ligne {number} : " + " | ".join(messages[number])  # its number in the first file
            writer.writerow([_to_fix_cell(cells.get(name, "")) for name in header] + [csv_cell(told, "text")])
    write_atomically(target, "\ufeff" + buffer.getvalue())
    return target


def _to_fix_cell(text: str) -> str:
    """A cell as the spreadsheet had it; a number stays a number, other text is kept from running as a formula."""
    return text if _NUMBER.fullmatch(text) else csv_cell(text, "text")


# Command line -------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make import", description=(
        "Crée ou met à jour des portraits à partir d'un tableau (CSV ou .xlsx), vérifiés avec toutes les autres "
        "fiches : au moindre problème, rien n'est écrit, sauf avec PARTIEL=oui."
    ))
    parser.add_argument("fichier", nargs="?", default=os.environ.get("FICHIER"), help="le tableau ; ou FICHIER=…")
    parser.add_argument("--root", type=Path, default=Path("."), help="dossier qui contient portraits/ et regions/")
    parser.add_argument("--region", default=os.environ.get("REGION") or None,
                        help="la région de toutes les lignes sans colonne region (nom, identifiant ou code INSEE) ; "
                             "ou REGION=…")
    parser.add_argument("--correspondance", default=os.environ.get("CORRESPONDANCE") or None,
                        help="fichier YAML de correspondance des colonnes ; ou CORRESPONDANCE=…")
    parser.add_argument("--partiel", action="store_true", default=_yes(os.environ.get("PARTIEL")),
                        help="écrire les lignes valides et recopier les autres dans <tableau>.a-corriger.csv ; "
                             "ou PARTIEL=oui")
    parser.add_argument("--geocodeur", default=os.environ.get("GEOCODEUR") or GEOCODER_URL,
                        help=f"adresse du géocodeur par lot (par défaut {GEOCODER_URL}) ; ou GEOCODEUR=…")
    parser.add_argument("--score-min", default=os.environ.get("SCORE_MIN") or str(MIN_SCORE),
                        help=f"score minimal d'un résultat du géocodeur, de 0 à 1 (par défaut {MIN_SCORE}) ; ou SCORE_MIN=…")
    parser.add_argument("--delai", default=os.environ.get("GEOCODEUR_DELAI") or str(DEADLINE),
                        help=f"secondes accordées au géocodeur en tout (par défaut {DEADLINE:g}) ; ou GEOCODEUR_DELAI=…")
    args = parser.parse_args(argv)
    if not args.fichier:
        print("Indiquez le tableau à importer : make import FICHIER=lieux.csv", file=sys.stderr)
        return 2
    given = {"SCORE_MIN": args.score_min, "GEOCODEUR_DELAI": args.delai}
    numbers = {name: _number(text) for name, text in given.items()}
    for name, number in numbers.items():
        if number is None or number <= 0:
            print(f"{name} : nombre attendu, plus grand que 0 (trouvé : « {given[name]} »).", file=sys.stderr)
            return 2
    path = Path(args.fichier)
    for given in (path, args.correspondance and Path(args.correspondance)):
        if given and not given.is_file():
            print(f"{given} : fichier introuvable. Vérifiez le chemin (relatif au dossier du dépôt).", file=sys.stderr)
            return 2
    try:
        imported = import_sheet(args.root, path, region=args.region, geocoder=args.geocodeur,
                                min_score=numbers["SCORE_MIN"], deadline=numbers["GEOCODEUR_DELAI"],
                                mapping=Path(args.correspondance) if args.correspondance else None,
                                partial=args.partiel)
    except ContentError as error:
        print(f"{summary(error.problems)}\nRien n'a été écrit : corrigez le tableau et relancez"
              + (", ou importez les lignes sans problème avec PARTIEL=oui." if not args.partiel else "."),
              file=sys.stderr)
        return 1
    print(report(imported, path.name))
    stale = path.with_name(f"{path.stem.removesuffix(TO_FIX)}{TO_FIX}.csv")
    if not imported.problems and stale.exists():
        print(f"Toutes les lignes sont importées : {stale}, qui listait des lignes à corriger, peut être supprimé.")
    if imported.problems:
        print(f"{summary(list(imported.problems))}\nLes lignes refusées sont recopiées, avec la colonne "
              f"{PROBLEM_COLUMN}, dans {imported.to_fix} : corrigez-les dans ce fichier, puis importez-le "
              f"(make import FICHIER={imported.to_fix} PARTIEL=oui).", file=sys.stderr)
        return 1
    return 0


def _yes(text: str | None) -> bool:
    return folded(text or "") in ("oui", "o", "yes", "1", "vrai", "true")


def _number(text: str) -> float | None:
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def summary(problems: list[Problem]) -> str:
    """Every problem, then how many of each kind, then the rows to fix."""
    kinds = Counter(problem.message.split(" (", 1)[0].split(" : ", 1)[0] for problem in problems)
    files = {problem.path for problem in problems}
    rows = sorted({problem.line for problem in problems if problem.line > 1 or len(files) > 1})
    lines = [str(problem) for problem in sorted(problems)]
    count = len(problems)
    lines.append(f"En tout : {count} problème{'s' * (count > 1)}" + (
        f", sur {len(rows)} ligne{'s' * (len(rows) > 1)} du tableau" if len(files) == 1 and rows else "") + ".")
    lines += [f"  {number} × {kind}" for kind, number in sorted(kinds.items(), key=lambda item: (-item[1], item[0]))]
    if len(files) == 1 and rows:
        lines.append(f"Lignes à corriger : {_spans(rows)}.")
    return "\n".join(lines)


def _spans(numbers: list[int]) -> str:
    """[2, 3, 4, 7] -> '2 à 4, 7'."""
    spans: list[list[int]] = []
    for number in numbers:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ", ".join(f"{first} à {last}" if last > first + 1 else ", ".join(map(str, range(first, last + 1)))
                     for first, last in spans)


def report(imported: Imported, name: str) -> str:
    """What the import did, file by file, then the repairs, then the counts."""
    changes = imported.changes
    lines = [f"{name}: {note}" for note in imported.notes]
    if imported.ignored:
        lines.append(f"{name}:1: colonnes ignorées, qui ne sont ni des colonnes de /data/lieux.csv ni dans une "
                     f"correspondance : {', '.join(imported.ignored)}")
    for change in changes:
        if change.before is None:
            what = "créé"
        elif change.text != change.before:
            what = f"mis à jour ({', '.join(COLUMN_OF.get(name, name) for name in change.fields)})"
        else:
            what = "inchangé"
        lines.append(f"{name}:{change.row}: {PORTRAITS_DIR}/{change.slug}.md {what}")
        lines += [f"    {note}" for note in change.notes]
    lines += _repairs(imported.repairs)
    created = sum(change.before is None for change in changes)
    updated = sum(change.before is not None and change.text != change.before for change in changes)
    same = len(changes) - created - updated
    lines.append(f"{created} créé{'s' * (created > 1)}, {updated} mis à jour, {same} inchangé{'s' * (same > 1)}.")
    return "\n".join(lines)


def _repairs(repairs: tuple[tuple[int, str, Repair], ...]) -> list[str]:
    """Each kind of repair once, with its rows and one example."""
    grouped: dict[tuple[str, str], list[tuple[int, Repair]]] = {}
    for number, column, repair in repairs:
        grouped.setdefault((column, repair.what), []).append((number, repair))
    if not grouped:
        return []
    lines = ["Réparé ou complété en passant (vérifiez au besoin) :"]
    for (column, what), found in grouped.items():
        rows = _spans([number for number, _ in found])
        example = f"par exemple {found[0][1].example}" if len(found) > 1 else found[0][1].example
        lines.append(f"    {column} : {what}, ligne{'s' * (len(found) > 1)} {rows} ({example})")
    return lines


if __name__ == "__main__":
    sys.exit(main())
