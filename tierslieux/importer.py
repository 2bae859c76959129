"""``make import FICHIER=lieux.csv``: portraits from a spreadsheet, checked with every other file, then written.

The stages are the modules of ``tierslieux.importing``, run here in order, each row walking down once: the file is
decoded and read as a table, its columns mapped to ours (a mapping file, ``CORRESPONDANCE=ma-region.yml``, names
another layout's), each cell normalised, each row matched to the place it updates (never a place of another list),
located (coordinates, official commune, département within the region), planned and checked with every other
file, then written. A file with any problem writes nothing, unless ``PARTIEL=oui``: the valid rows are written and
the refused ones copied, with their problems, to ``<nom>.a-corriger.csv``.
"""

from __future__ import annotations

import argparse
import math
import os
import shlex
import sys
from pathlib import Path

import yaml

from tierslieux.content import PORTRAITS_DIR, Content, folded, load_content
from tierslieux.geocoder import DEADLINE, GEOCODER_URL, MIN_SCORE
from tierslieux.importing.locate import Locator
from tierslieux.importing.mapping import (
    PROBLEM_COLUMN,
    Mapping,
    Sheet,
    apply_mapping,
    identifier_source,
    load_mapping,
    mapping_problems,
    recognised,
)
from tierslieux.importing.match import Matcher
from tierslieux.importing.normalise import IMPORTED, Normaliser, missing_columns
from tierslieux.importing.plan import checked
from tierslieux.importing.report import Imported, preamble, report, set_aside_note, summary
from tierslieux.importing.standard import is_standard, standard_sheet
from tierslieux.importing.table import Table, read_table
from tierslieux.importing.write import fresh_temporary_dir, to_fix_path, write_atomically, write_to_fix
from tierslieux.network import NetworkSetupError, network_from_config
from tierslieux.problems import ContentError, Problem, printable
from tierslieux.scaffold import Refused, region_slug


class ImportFailed(ContentError):
    """Nothing was written; ``told`` is what the import assumed about the file, printed before the problems."""

    def __init__(self, problems: list[Problem], told: list[str]):
        super().__init__(problems)
        self.told = told


def import_sheet(root: Path, path: Path, *, region: str | None = None, mapping: Path | None = None,
                 geocoder: str = GEOCODER_URL, min_score: float = MIN_SCORE, deadline: float = DEADLINE,
                 partial: bool = False) -> Imported:
    """Import ``path`` into ``root``; raises ContentError, writing nothing, when a row has a problem.

    With ``partial``, only problems that concern the whole file raise; the rows without problems are written.
    """
    content = load_content(root)
    temporary = fresh_temporary_dir(root)
    loaded, schema_found = load_mapping(mapping) if mapping is not None else (None, [])
    table = _data_sheet(path, loaded)
    found = mapping_problems(loaded, schema_found, table, content) if loaded is not None else []
    if found:
        raise ContentError(found)
    if loaded is None and is_standard(table):
        sheet = standard_sheet(table, _network_name(root), region_given=region is not None)
    else:
        sheet = _mapped(table, loaded)
    if not set(sheet.header) & set(IMPORTED):
        raise ImportFailed([_unknown_columns(table)], _told(sheet))
    region = _region(region, content, sheet.name)
    rows = Normaliser(content, sheet, region).rows()
    matcher = Matcher(content, sheet)
    rows = matcher.matched(rows)
    Locator(content, sheet).locate(rows, geocoder, min_score, deadline)
    matcher.name_files(rows, {problem.line for problem in sheet.problems})
    sheet.notes += [note for note in [set_aside_note(matcher.set_aside)] if note]
    file_problems = missing_columns(sheet, region, rows)
    if file_problems:
        raise ImportFailed(file_problems + sheet.problems, _told(sheet))
    changes = checked(root, [row for row in rows if row.slug], sheet)
    if sheet.problems and not partial:
        raise ImportFailed(sheet.problems, _told(sheet))
    written = {change.row for change in changes if change.text != change.before}
    for change in changes:
        if change.row in written:
            write_atomically(root / PORTRAITS_DIR / f"{change.slug}.md", change.text, temporary)
    to_fix = write_to_fix(path, table, sheet.problems) if partial and sheet.problems else None
    return Imported(
        changes, sheet.ignored, tuple(sheet.notes),
        tuple((row.number, sheet.origins.get(column, column), repair) for row in rows if row.number in written
              for column, repair in row.repairs),
        tuple(sheet.problems), to_fix)


def _data_sheet(path: Path, mapping: Mapping | None) -> Table:
    """The table of the sheet the mapping names; else of the first sheet whose columns are recognised, announced."""
    header = mapping is None or mapping.has_header
    table = read_table(path, header=header, sheet=mapping.sheet if mapping else None)
    if (mapping and mapping.sheet) or recognised(table, mapping):
        return table
    for name in table.sheets[1:]:
        other = read_table(path, header=header, sheet=name)
        if recognised(other, mapping):
            other.notes.append(f"classeur de {len(table.sheets)} feuilles : la feuille « {name} » est lue, la "
                               f"première dont des colonnes sont reconnues (« {table.sheets[0]} » ne l'est pas) ; pour "
                               "en lire une autre, nommez-la dans le fichier de correspondance : feuille: …")
            return other
    return table


def _mapped(table: Table, mapping: Mapping | None) -> Sheet:
    """The table under our column names, its identifiers' source announced when it had to be derived."""
    source, note = identifier_source(mapping)
    sheet = apply_mapping(table, mapping, source)
    if note and ("id" in sheet.header or "identifiants" in sheet.foreign):
        sheet.notes.append(note)
    return sheet


def _network_name(root: Path) -> str | None:
    """The name of the network the site presents (``extra.reseau.nom`` of its mkdocs.yml): the ``source`` of its own
    national file; None for a tree without one."""
    try:
        settings = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
        return network_from_config(settings.get("extra") or {}).name
    except (OSError, yaml.YAMLError, AttributeError, NetworkSetupError):
        return None


def _told(sheet: Sheet) -> list[str]:
    return preamble(tuple(sheet.notes), sheet.ignored, sheet.name)


def _unknown_columns(table: Table) -> Problem:
    return Problem(table.name, 1, "en-tête", (
        f"aucune colonne reconnue (trouvé : les colonnes {', '.join(name for name in table.header if name)} ; "
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


# Command line -------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if not args.fichier:
        print("Indiquez le tableau à importer : make import FICHIER=lieux.csv", file=sys.stderr)
        return 2
    given = {"SCORE_MIN": args.score_min, "GEOCODEUR_DELAI": args.delai}
    numbers = {name: _number(text) for name, text in given.items()}
    for name, number in numbers.items():
        if number is None or number <= 0:
            print(printable(f"{name} : nombre attendu, plus grand que 0 (trouvé : « {given[name]} »)."),
                  file=sys.stderr)
            return 2
    path = Path(args.fichier)
    for file in (path, args.correspondance and Path(args.correspondance)):
        if file and not file.is_file():
            print(printable(f"{file} : fichier introuvable. Vérifiez le chemin (relatif au dossier du dépôt)."),
                  file=sys.stderr)
            return 2
    try:
        imported = import_sheet(args.root, path, region=args.region, geocoder=args.geocodeur,
                                min_score=numbers["SCORE_MIN"], deadline=numbers["GEOCODEUR_DELAI"],
                                mapping=Path(args.correspondance) if args.correspondance else None,
                                partial=args.partiel)
    except ContentError as error:
        told = getattr(error, "told", [])
        print(printable("\n".join([*told, summary(error.problems)]) + "\nRien n'a été écrit : corrigez le tableau et "
                        "relancez" + (", ou importez les lignes sans problème avec PARTIEL=oui." if not args.partiel
                                      else ".")), file=sys.stderr)
        return 1
    print(report(imported, path.name))
    stale = to_fix_path(path)
    if not imported.problems and stale.exists():
        print(printable(f"Toutes les lignes sont importées : {stale}, qui listait des lignes à corriger, peut être "
                        "supprimé."))
    if imported.problems:
        print(printable(f"{summary(list(imported.problems))}\nLes lignes refusées sont recopiées, avec la colonne "
                        f"{PROBLEM_COLUMN}, dans {imported.to_fix} : corrigez-les dans ce fichier, puis importez-le "
                        f"({_again(args, imported.to_fix)})."), file=sys.stderr)
        return 1
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
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
                        help=f"adresse du géocodeur par lot (par défaut {GEOCODER_URL}), ou non pour importer sans "
                             "réseau ; ou GEOCODEUR=…")
    parser.add_argument("--score-min", default=os.environ.get("SCORE_MIN") or str(MIN_SCORE),
                        help=f"score minimal d'un résultat du géocodeur, de 0 à 1 (par défaut {MIN_SCORE}) ; ou SCORE_MIN=…")
    parser.add_argument("--delai", default=os.environ.get("GEOCODEUR_DELAI") or str(DEADLINE),
                        help=f"secondes accordées au géocodeur en tout (par défaut {DEADLINE:g}) ; ou GEOCODEUR_DELAI=…")
    return parser.parse_args(argv)


def _again(args: argparse.Namespace, to_fix: Path) -> str:
    """The command that imports the rows to fix with the same settings as this run."""
    settings = {"FICHIER": str(to_fix), "REGION": args.region, "CORRESPONDANCE": args.correspondance,
                "PARTIEL": "oui", "GEOCODEUR": None if args.geocodeur == GEOCODER_URL else args.geocodeur,
                "SCORE_MIN": None if args.score_min == str(MIN_SCORE) else args.score_min,
                "GEOCODEUR_DELAI": None if args.delai == str(DEADLINE) else args.delai}
    return "make import " + " ".join(f"{name}={shlex.quote(value)}" for name, value in settings.items() if value)


def _yes(text: str | None) -> bool:
    return folded(text or "") in ("oui", "o", "yes", "1", "vrai", "true")


def _number(text: str) -> float | None:
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


if __name__ == "__main__":
    sys.exit(main())
