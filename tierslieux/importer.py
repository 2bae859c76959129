"""``make import FICHIER=lieux.csv``: portraits from a spreadsheet, checked with every other file, written all or none.

The spreadsheet, a CSV or an ``.xlsx`` file, is read by ``tierslieux.spreadsheet``. Its columns are those of
``/data/lieux.csv`` (``exports.COLUMNS``; case, accents and spaces aside), so that an export imports back as it
was; a mapping file (``CORRESPONDANCE=ma-region.yml``, checked against
``schema/correspondance.schema.json``) names the columns of another layout and translates its values, in the spirit
of the per-source configuration files of ANCT's ``@gouvfr-anct/mednum`` transformer:

    nom: Nom de la structure          # the column of the spreadsheet that fills « nom »
    region:
      valeur: bretagne                # the same value on every row
    themes:
      colonne: Domaines
      valeurs:                        # our value: the spreadsheet's ways of writing it
        numerique: [Numérique, Informatique]

Each row becomes ``portraits/<slug>.md``, from ``modeles/portrait.md`` like ``make new`` (``scaffold.set_fields``);
a row whose place exists (same identifier, or same name in the same commune) updates the fields of its columns and
keeps the rest of the file. Rows without coordinates are geocoded in one request (``tierslieux.geocoder``). Every
problem is reported at once, as ``lieux.csv:12: code_postal: …``, and a file with any problem writes nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tierslieux.content import PORTRAITS_DIR, SLUG, Content, load_content, problems_if_written, slugify
from tierslieux.exports import COLUMNS, PHOTO_KEYS, PHOTO_URL, TRAINING_KEYS, Column, split_list
from tierslieux.frontmatter import read_document
from tierslieux.geocoder import GEOCODER_URL, MIN_SCORE, Address, Candidate, GeocoderUnavailable, geocode
from tierslieux.geodata import PRECISION
from tierslieux.problems import ContentError, Problem, format_plain
from tierslieux.scaffold import TEMPLATE, Refused, region_slug, set_fields
from tierslieux.schema import load_schema
from tierslieux.spreadsheet import Sheet, apply_mapping, column_name, folded, read_mapping, read_sheet

IMPORTED = {column.name: column for column in COLUMNS if column.field}  # the columns an import reads
DERIVED = {column.name for column in COLUMNS if not column.field}  # exported, and left alone on the way back
COLUMN_OF = {column.field: name for name, column in IMPORTED.items()}
REQUIRED = load_schema("portrait")["required"]
_RECORD_KEYS = {"trainings": dict(TRAINING_KEYS), "photos": dict(PHOTO_KEYS)}


# From rows to front matter values -----------------------------------------------------------------------------


@dataclass
class Row:
    """One place of the spreadsheet: its row number, its front matter values, and what to tell about it."""

    number: int
    slug: str  # of the place it updates, else of the file it creates
    values: dict[str, object]  # the fields of the spreadsheet's columns; None: an empty cell
    notes: list[str] = field(default_factory=list)


class Importer:
    """One import: the spreadsheet, the content it joins, and every problem found on the way."""

    def __init__(self, content: Content, sheet: Sheet, origins: dict[str, str], region: str | None):
        self.content, self.sheet, self.origins, self.region = content, sheet, origins, region
        self.problems: list[Problem] = []
        self.places = {place.slug: place for place in content.places}
        self.by_name = {(folded(place.name), folded(place.commune)): place.slug for place in content.places}

    def problem(self, number: int, column: str, message: str) -> None:
        self.problems.append(Problem(self.sheet.name, number, self.origins.get(column, column), message))

    def rows(self) -> list[Row]:
        """Every row as front matter values; problems of single cells and of duplicate rows are recorded."""
        rows, seen = [], {}
        for number, cells in self.sheet.rows:
            row = self._row(number, cells)
            key = folded(str(row.values.get("name") or "")), folded(str(row.values.get("commune") or ""))
            first = seen.get(row.slug) or seen.get(key)
            if first is not None:
                self.problem(number, "nom", (
                    f"ligne en double (trouvé : « {row.values.get('name')} » à {row.values.get('commune')}, déjà "
                    f"ligne {first} ; attendu : une ligne par lieu). Supprimez l'une des deux lignes, ou "
                    "distinguez les noms s'il s'agit de deux lieux."
                ))
                continue
            seen[row.slug] = seen[key] = number
            rows.append(row)
        if any(row.slug not in self.places for row in rows):  # a file that only updates places may hold few columns
            self._check_columns()
        return rows

    def _check_columns(self) -> None:
        present = {column_name(name) for name in self.sheet.header}
        needed = [name for name, column in IMPORTED.items() if column.field in REQUIRED]
        if "adresse" in present or "commune" in present:  # coordinates can come from the geocoder
            needed = [name for name in needed if name not in ("latitude", "longitude")]
        if self.region:
            needed.remove("region")
        for name in needed:
            if name not in present:
                self.problem(1, name, (
                    f"colonne absente (trouvé : les colonnes {', '.join(h for h in self.sheet.header if h)} ; "
                    f"attendu : une colonne « {name} »). Ajoutez-la, ou indiquez dans un fichier de correspondance "
                    "(CORRESPONDANCE=…) la colonne qui en tient lieu."
                ))

    def _row(self, number: int, cells: dict[str, str]) -> Row:
        values: dict[str, object] = {}
        notes: list[str] = []
        for name, text in cells.items():
            column = IMPORTED.get(column_name(name))
            if column is not None:
                values[column.field] = self._value(number, column, text, notes)
        if not values.get("region") and self.region:
            values["region"] = self.region
        given = {column_name(name): text for name, text in cells.items()}
        for field_name in REQUIRED:
            name = COLUMN_OF[field_name]
            if name in given and not given[name] and not values.get(field_name) and field_name not in (
                    "latitude", "longitude"):
                title = load_schema("portrait")["properties"][field_name]["title"]
                self.problem(number, name, (
                    f"cellule vide (trouvé : rien ; attendu : {title.lower()}). Remplissez la cellule"
                    + (", ou donnez la région de tout le fichier : make import … REGION=<région>."
                       if field_name == "region" else ".")
                ))
        if (values.get("latitude") is None) != (values.get("longitude") is None):
            self.problem(number, "longitude" if values.get("longitude") is None else "latitude", (
                "coordonnée seule (trouvé : une seule des deux ; attendu : la latitude et la longitude, ou aucune "
                "pour que l'adresse soit géocodée). Remplissez les deux cellules, ou videz-les."
            ))
        slug = str(values.pop("slug", None) or slugify(str(values.get("name") or "")))
        if slug not in self.places:  # a place is the one of its identifier, else of its name in its commune
            slug = self.by_name.get((folded(str(values.get("name"))), folded(str(values.get("commune")))), slug)
        if not SLUG.fullmatch(slug):
            self.problem(number, "id", (
                f"identifiant invalide (trouvé : « {slug} » ; attendu : des minuscules sans accent, des chiffres et "
                f"des tirets). Corrigez-le, par exemple « {slugify(slug) or 'mon-lieu'} », ou videz la cellule."
            ))
        return Row(number, slug, values, notes)

    def _value(self, number: int, column: Column, text: str, notes: list[str]) -> object:
        """A cell as a front matter value; None for an empty cell."""
        if not text:
            return None
        if column.field == "region":
            try:
                return region_slug(text, self.content)
            except Refused:
                self.problem(number, column.name, (
                    f"région inconnue (trouvé : « {text} » ; attendu : un identifiant comme bretagne ou un nom comme "
                    "Bretagne). Corrigez la cellule : les régions sont listées sur la page « Les champs d'une fiche »."
                ))
                return None
        if column.kind == "number":
            try:
                return float(text.replace(",", "."))  # a French spreadsheet writes 48,1173
            except ValueError:
                return text  # the check says what a number looks like
        if column.kind == "list":
            return split_list(text)
        if column.kind == "json":
            return self._json(number, column, text)
        return self._repaired(column, text, notes)

    def _repaired(self, column: Column, text: str, notes: list[str]) -> str:
        """What a French spreadsheet did to a value, undone: dropped leading zeros, dates as JJ/MM/AAAA.

        A French postal code of four digits is unambiguous: no code has four digits, 1000 can only be 01000.
        """
        if column.field == "postal_code":
            text = text.replace(" ", "")
        french_date = re.fullmatch(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", text)
        if column.field == "updated" and french_date:
            day, month, year = french_date.groups()
            notes.append(f"{column.name} : {text} lu comme {year}-{int(month):02}-{int(day):02}")
            return f"{year}-{int(month):02}-{int(day):02}"
        shortened = {"postal_code": 4, "departement": 1, "phone": 9}.get(column.field)  # digits without the zero
        if shortened and re.fullmatch(rf"[1-9][0-9]{{{shortened - 1}}}", text):
            notes.append(f"{column.name} : {text} lu comme 0{text} (le tableur avait effacé le zéro initial)")
            return f"0{text}"
        return text

    def _json(self, number: int, column: Column, text: str) -> object:
        try:
            value = json.loads(text)
        except ValueError as error:
            self.problem(number, column.name, (
                f"JSON illisible (trouvé : « {text[:60]} », erreur colonne {error.colno} ; attendu : le format des "
                f"colonnes {column.name} de /data/lieux.csv). Recopiez la cellule depuis l'export, ou videz-la."
            ))
            return None
        if column.field in _RECORD_KEYS and isinstance(value, list):
            return [_front_matter_record(column.field, record) for record in value]
        return value

    def geocode(self, rows: list[Row], url: str, min_score: float) -> None:
        """Coordinates for the rows without any, in one request; raises GeocoderUnavailable.

        A row without coordinates that updates a place keeps the place's own, unless its address changes.
        """
        missing = [row for row in rows if row.values.get("latitude") is None and row.values.get("longitude") is None
                   and row.values.get("commune") and _moved(row, self.places.get(row.slug))]
        if not missing:
            return
        addresses = [Address(str(row.number), str(row.values.get("address") or ""),
                             str(row.values.get("postal_code") or ""), str(row.values["commune"])) for row in missing]
        found = geocode(addresses, url)
        for row, address in zip(missing, addresses, strict=True):
            self._place(row, address, found.get(address.key, Candidate(0.0)), min_score)

    def _place(self, row: Row, address: Address, candidate: Candidate, min_score: float) -> None:
        column = "adresse" if row.values.get("address") else "commune"
        if candidate.score >= min_score:
            row.values["latitude"] = round(candidate.latitude, PRECISION)
            row.values["longitude"] = round(candidate.longitude, PRECISION)
            row.notes.append(f"géocodé : {candidate.label} (score {candidate.score:.2f})")
            self.origins.setdefault("latitude", column)
            return
        best = (f"le meilleur candidat est « {candidate.label} », latitude {candidate.latitude}, longitude "
                f"{candidate.longitude}, score {candidate.score:.2f}" if candidate.label else "aucun candidat")
        self.problem(row.number, column, (
            f"adresse non trouvée avec assez de certitude (trouvé : « {address} » ; {best} ; attendu : un score "
            f"d'au moins {min_score:.2f}). Corrigez l'adresse, ou, si ce candidat est le bon lieu, recopiez ses "
            "coordonnées dans les colonnes latitude et longitude."
        ))


def _front_matter_record(field_name: str, record: object) -> object:
    """A training or photo of the open data with the front matter's keys; unknown keys are kept for the check."""
    if not isinstance(record, dict):
        return record
    keys = _RECORD_KEYS[field_name]
    derived = {PHOTO_URL} if field_name == "photos" else set()
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
    template = (root / TEMPLATE).read_text(encoding="utf-8")
    changes = []
    for row in rows:
        slug = row.slug
        path = root / PORTRAITS_DIR / f"{slug}.md"
        if path.exists():
            before = path.read_text(encoding="utf-8")
            document, _ = read_document(f"{PORTRAITS_DIR}/{slug}.md", before)
            changed = {name: value for name, value in row.values.items()  # an empty cell keeps a required field
                       if document.data.get(name) != value and (value is not None or name not in REQUIRED)}
            changes.append(Change(row.number, slug, set_fields(before, changed), before, tuple(changed),
                                  tuple(row.notes)))
        else:
            given = {name: value for name, value in row.values.items() if value is not None}
            changes.append(Change(row.number, slug, set_fields(template, given), None, tuple(given), tuple(row.notes)))
    return changes


def sheet_problems(problems: list[Problem], changes: list[Change], sheet: Sheet, origins: dict[str, str],
                   ) -> list[Problem]:
    """Problems of the written files told at the spreadsheet's row and column; others kept as they are."""
    rows = {f"{PORTRAITS_DIR}/{change.slug}.md": change.row for change in changes}
    told = []
    for problem in problems:
        if problem.path not in rows:
            told.append(problem)
            continue
        field_name = re.split(r"[.\[]", problem.field, maxsplit=1)[0]
        column = COLUMN_OF.get(field_name, "id")
        told.append(Problem(sheet.name, rows[problem.path], origins.get(column, column), problem.message))
    return told


@dataclass(frozen=True)
class Imported:
    changes: list[Change]
    ignored: list[str]  # columns of the spreadsheet that fill no field


def import_sheet(root: Path, path: Path, *, region: str | None = None, mapping: Path | None = None,
                 geocoder: str = GEOCODER_URL, min_score: float = MIN_SCORE) -> Imported:
    """Import ``path`` into ``root``; raises ContentError or GeocoderUnavailable, writing nothing."""
    content = load_content(root)
    sheet = read_sheet(path)
    header = sheet.header
    origins = {column_name(name): name for name in sheet.header if name}
    if mapping is not None:
        sheet, origins = apply_mapping(sheet, read_mapping(mapping, sheet))
    if region is not None:
        try:
            region = region_slug(region, content)
        except Refused:
            raise ContentError([Problem(sheet.name, 1, "REGION", (
                f"région inconnue (trouvé : « {region} » ; attendu : un identifiant comme bretagne ou un nom comme "
                "Bretagne). Corrigez REGION=… : les régions sont listées sur la page « Les champs d'une fiche »."
            ))]) from None
    importer = Importer(content, sheet, origins, region)
    rows = importer.rows()
    if not importer.problems:
        importer.geocode(rows, geocoder, min_score)
    if importer.problems:
        raise ContentError(importer.problems)
    changes = plan(root, rows)
    texts = {change.slug: change.text for change in changes if change.text != change.before}
    problems = sheet_problems(problems_if_written(root, texts), changes, sheet, origins)
    if problems:
        raise ContentError(problems)
    for slug, text in texts.items():
        (root / PORTRAITS_DIR / f"{slug}.md").write_text(text, encoding="utf-8")
    used = {*IMPORTED, *DERIVED, *(column_name(origins[name]) for name in IMPORTED if name in origins)}
    return Imported(changes, [name for name in header if name and column_name(name) not in used])


# Command line -------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make import", description=(
        "Crée ou met à jour des portraits à partir d'un tableau (CSV ou .xlsx), vérifiés avec toutes les autres "
        "fiches : au moindre problème, rien n'est écrit."
    ))
    parser.add_argument("fichier", nargs="?", default=os.environ.get("FICHIER"), help="le tableau ; ou FICHIER=…")
    parser.add_argument("--root", type=Path, default=Path("."), help="dossier qui contient portraits/ et regions/")
    parser.add_argument("--region", default=os.environ.get("REGION") or None,
                        help="la région de toutes les lignes sans colonne region ; ou REGION=…")
    parser.add_argument("--correspondance", default=os.environ.get("CORRESPONDANCE") or None,
                        help="fichier YAML de correspondance des colonnes ; ou CORRESPONDANCE=…")
    parser.add_argument("--geocodeur", default=os.environ.get("GEOCODEUR") or GEOCODER_URL,
                        help=f"adresse du géocodeur par lot (par défaut {GEOCODER_URL}) ; ou GEOCODEUR=…")
    parser.add_argument("--score-min", type=float, default=float(os.environ.get("SCORE_MIN") or MIN_SCORE),
                        help=f"score minimal d'un résultat du géocodeur, de 0 à 1 (par défaut {MIN_SCORE}) ; ou SCORE_MIN=…")
    args = parser.parse_args(argv)
    if not args.fichier:
        print("Indiquez le tableau à importer : make import FICHIER=lieux.csv", file=sys.stderr)
        return 2
    path = Path(args.fichier)
    for given in (path, args.correspondance and Path(args.correspondance)):
        if given and not given.is_file():
            print(f"{given} : fichier introuvable. Vérifiez le chemin (relatif au dossier du dépôt).", file=sys.stderr)
            return 2
    try:
        imported = import_sheet(args.root, path, region=args.region, geocoder=args.geocodeur, min_score=args.score_min,
                               mapping=Path(args.correspondance) if args.correspondance else None)
    except ContentError as error:
        print(f"{format_plain(error.problems)}\nRien n'a été écrit : corrigez le tableau et relancez.", file=sys.stderr)
        return 1
    except GeocoderUnavailable as error:
        print(f"{path.name}: géocodage : {error}\nRien n'a été écrit.", file=sys.stderr)
        return 1
    print(report(imported, path.name))
    return 0


def report(imported: Imported, name: str) -> str:
    """What the import did, file by file, then the counts."""
    changes = imported.changes
    lines = []
    if imported.ignored:
        lines.append(f"{name}:1: colonnes ignorées, qui ne sont ni des colonnes de /data/lieux.csv ni dans une "
                     f"correspondance : {', '.join(imported.ignored)}")
    for change in changes:
        if change.before is None:
            what = "créé"
        elif change.text != change.before:
            what = f"mis à jour ({', '.join(COLUMN_OF[name] for name in change.fields)})"
        else:
            what = "inchangé"
        lines.append(f"{name}:{change.row}: {PORTRAITS_DIR}/{change.slug}.md {what}")
        lines += [f"    {note}" for note in change.notes]
    created = sum(change.before is None for change in changes)
    updated = sum(change.before is not None and change.text != change.before for change in changes)
    lines.append(f"{created} créé{'s' * (created > 1)}, {updated} mis à jour, "
                 f"{len(changes) - created - updated} inchangé{'s' * (len(changes) - created - updated > 1)}.")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
