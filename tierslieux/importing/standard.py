"""Stage 3 of ``make import`` for a file in the national standard of *lieux de médiation numérique*: its columns as
ours, with no mapping file.

A file is in the standard when its header holds every column the standard requires (``mediation.REQUIRED_FIELDS``:
id, pivot, nom, commune, code_postal, adresse, date_maj), whatever their order or case: a file valid against the
standard always does, and our own ``lieux.csv`` has no ``pivot``. Its columns of our name are read as another list's
(a telephone in ``+33…`` is written the French way, the first of several ``|``-joined addresses is kept);
``pivot`` is a ``siret`` (14 digits) or an ``rna`` (``W…``); ``horaires`` is ``horaires_osm`` when OpenStreetMap's
parser reads it, else the free-text ``horaires``; ``id`` is kept with its producer, the ``source`` column
slugified (``hubik:structure-1``), so that two producers' ids never meet; the rows whose ``source`` is this site's
own network are our own national file, and their ``id`` is the portrait's file name. With no ``REGION=``, each
place's region is its commune's: from ``code_insee``, else from the official table of communes. The standard's
other columns have no field here: they are listed as ignored.
"""

from __future__ import annotations

import re

from tierslieux.communes import commune_code
from tierslieux.content import MAX_SLUG_LENGTH, SLUG, slugify
from tierslieux.departements import REGION_OF
from tierslieux.exports import join_list
from tierslieux.hours import hours_error
from tierslieux.importing.mapping import BODY, PROBLEM_COLUMN, Sheet, column_name
from tierslieux.importing.normalise import IMPORTED, REQUIRED
from tierslieux.importing.report import spans
from tierslieux.importing.table import Table
from tierslieux.mediation import REQUIRED_FIELDS

# The standard's columns that are ours under the same name, read as another list's.
SAME_NAME = ("nom", "commune", "code_postal", "code_insee", "adresse", "latitude", "longitude", "telephone",
             "courriels", "site_web", "presentation_resume", BODY, "date_maj")
# Our columns that the standard's fill by their value: (ours, the standard's).
DERIVED = (("id", "id"), ("identifiants", "id"), ("siret", "pivot"), ("rna", "pivot"), ("horaires_osm", "horaires"),
           ("horaires", "horaires"))
_REQUIRED = {column for column in SAME_NAME if column in IMPORTED and IMPORTED[column].field in REQUIRED}
_SIRET = re.compile(r"[0-9]{14}")
_RNA = re.compile(r"W[0-9A-Z]{9}")
_NO_SIRET = "00000000000000"  # what national lists write for a place without one: no SIRET at all
_PIVOT_SPACES = re.compile(r"[\s\u00a0\u202f.]")


def is_standard(table: Table) -> bool:
    """Whether the table's header holds every column the national standard requires."""
    return table.has_header and set(REQUIRED_FIELDS) <= {column_name(name) for name in table.header if name}


def standard_sheet(table: Table, network: str | None, region_given: bool) -> Sheet:
    """The table with our column names; ``network`` is this site's own name, as its national file's ``source``."""
    names = {column_name(name): name for name in table.header if name}
    ours = [column for column in SAME_NAME if column in names]
    origins = {column: names[column] for column in ours}
    origins.update((target, names[standard]) for target, standard in DERIVED if standard in names)
    if not region_given:
        origins["region"] = names.get("code_insee", names["commune"])
    sheet = Sheet(table.name, list(origins), [], origins, [_announced()], list(table.problems),
                  frozenset(ours), ignored=_ignored(table, origins), own_ids=True)
    unsourced, no_siret = [], []
    for number, cells in table.rows:
        # The standard leaves empty what a producer does not know: an empty cell clears no field of a fiche.
        given = {column: cells[names[column]] for column in ours if cells[names[column]] or column in _REQUIRED}
        standard = {name: cells[names[name]].strip() for name in ("id", "pivot", "horaires", "source")
                    if name in names}
        given.update(_identity(standard, network, unsourced, number))
        given.update(_pivot(sheet, number, standard.get("pivot", ""), no_siret))
        given.update(_hours(standard.get("horaires", "")))
        if not region_given:
            given["region"] = _region(given.get("code_insee", ""), given.get("commune", ""), given["code_postal"])
        sheet.rows.append((number, given))
    sheet.notes += _notes(unsourced, no_siret, origins)
    return sheet


def _announced() -> str:
    return (f"le tableau suit le standard national des lieux de médiation numérique (ses colonnes "
            f"{', '.join(REQUIRED_FIELDS)}) : il est lu comme tel, sans fichier de correspondance")


def _ignored(table: Table, origins: dict[str, str]) -> tuple[str, ...]:
    used = {*origins.values(), *(name for name in table.header if column_name(name) in ("source", PROBLEM_COLUMN))}
    return tuple(name for name in table.header if name and name not in used)


def _identity(standard: dict[str, str], network: str | None, unsourced: list[int], number: int) -> dict[str, str]:
    """Our own file name for a row of this site's national file; else the id with its producer's name."""
    given, source = standard.get("id", ""), slugify(standard.get("source", ""))[:40].strip("-")
    if not given:
        return {}
    if network and source == slugify(network) and len(given) <= MAX_SLUG_LENGTH and SLUG.fullmatch(given):
        return {"id": given}
    if not source:
        unsourced.append(number)
        return {}
    return {"identifiants": join_list([f"{source}:{given}"])}


def _pivot(sheet: Sheet, number: int, text: str, no_siret: list[int]) -> dict[str, str]:
    pivot = _PIVOT_SPACES.sub("", text).upper()
    if pivot == _NO_SIRET:
        no_siret.append(number)
    elif _SIRET.fullmatch(pivot):
        return {"siret": pivot}
    elif _RNA.fullmatch(pivot):
        return {"rna": pivot}
    elif pivot:
        sheet.tell(number, "siret", (
            f"pivot illisible (trouvé : « {text} » ; attendu : le SIRET de l'établissement, 14 chiffres, ou le numéro "
            "RNA d'une association, W suivi de 9 chiffres ou lettres). Corrigez la cellule, ou videz-la si le lieu "
            "n'a ni l'un ni l'autre."
        ))
    return {}


def _hours(text: str) -> dict[str, str]:
    """OpenStreetMap hours when the parser reads them; else the free text, which a portrait shows as written."""
    if not text:
        return {}
    return {"horaires_osm": text} if hours_error(text) is None else {"horaires": text}


def _region(code_insee: str, commune: str, postal_code: str) -> str:
    """The region's INSEE code (``53``), by the département of the commune's INSEE code; empty if none is known."""
    code = code_insee.strip() or commune_code(commune, postal_code.strip()) or ""
    return REGION_OF.get(code[:3] if code.startswith("97") else code[:2], "")


def _notes(unsourced: list[int], no_siret: list[int], origins: dict[str, str]) -> list[str]:
    notes = []
    if unsourced:
        notes.append(f"identifiants mis de côté, ligne{'s' * (len(unsourced) > 1)} {spans(unsourced)} : la colonne "
                     "source, qui nomme le producteur de chaque lieu, y est vide ; leur id ne retrouve aucun lieu et "
                     "n'est pas gardé (les lieux sont retrouvés par leur nom dans leur commune). Pour le garder, "
                     "remplissez la colonne source avec le nom du producteur, puis relancez")
    if no_siret:
        notes.append(f"pivot {_NO_SIRET}, ligne{'s' * (len(no_siret) > 1)} {spans(no_siret)} : c'est ainsi que les "
                     "listes nationales écrivent l'absence de SIRET ; aucun SIRET n'est écrit dans ces fiches")
    if "region" in origins:
        notes.append(f"sans REGION=…, la région de chaque lieu est celle de sa commune, d'après la colonne "
                     f"{origins['region']}")
    return notes
