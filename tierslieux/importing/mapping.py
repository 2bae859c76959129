"""Stage 3 of ``make import``: the spreadsheet's columns as the columns of ``/data/lieux.csv``, its values translated.

Our own columns (case, accents and spaces aside) are read as they are, so that an export imports back. Common French
headers (Ville, CP, Courriel…) need no mapping (``SYNONYMS``); headers that mean different things in different lists
(« Structure », « Type ») are never read by synonym. A mapping file (YAML, checked against
``schema/correspondance.schema.json``) names the others: a column, several (the first filled one wins), a template
that joins several (``"{numero} {rue}"``; all of its columns empty, it gives nothing), a value for every row, or the
translation of the spreadsheet's values (a cell is first looked up whole, then split on ``| ; , /``; a term listed
under several values gives all of them). ``source:`` names the list its identifiers belong to. Every mistake of a
mapping file is told in one run, each once, at its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tierslieux.content import Content, folded, slugify
from tierslieux.exports import COLUMNS, join_list
from tierslieux.files import utf8_text
from tierslieux.frontmatter import read_document
from tierslieux.importing.table import Table
from tierslieux.problems import ContentError, Problem
from tierslieux.scaffold import Refused, region_slug
from tierslieux.schema import load_schema, schema_problems

BODY = "presentation_detail"  # the standard's long presentation: the portrait's body, not a front matter field
HEADER_ROW = "entete"  # mapping key: « non » for a file whose first row is already a place
SOURCE = "source"  # mapping key: the list the spreadsheet's identifiers belong to
SHEET = "feuille"  # mapping key: the sheet of a workbook to read
PROBLEM_COLUMN = "probleme"  # added by PARTIEL=oui to the refused rows, and ignored when they come back
_SETTINGS = (HEADER_ROW, SOURCE, SHEET)
_TERM_SEPARATORS = re.compile(r"[|;,/\n]")
_TEMPLATE_FIELD = re.compile(r"\{([^{}]+)\}")

# Headers that French spreadsheets and the national standard of *lieux de médiation numérique* use, by our column.
# Not « Structure » nor « Type »: one list's name of the place is another's kind of place.
SYNONYMS = {
    "nom": ["Nom du lieu", "Nom de la structure", "Nom du tiers-lieu", "Tiers-lieu", "Lieu"],
    "commune": ["Ville", "Localité"],
    "code_postal": ["CP", "Code postal"],
    "adresse": ["Adresse postale", "Rue", "Voie"],
    "departement": ["Département", "Dept", "Code département"],
    "presentation_resume": ["Résumé", "Description courte", "Présentation"],
    BODY: ["Description", "Description longue", "Présentation détaillée"],
    "site_web": ["Site internet", "Site web", "Site", "Web"],
    "courriels": ["Courriel", "Courriels", "Email", "E-mail", "Mail", "Adresse mail", "Adresse électronique"],
    "telephone": ["Téléphone", "Tél", "Tel", "Numéro de téléphone"],
    "horaires": ["Horaires d'ouverture", "Heures d'ouverture"],
    "themes": ["Thèmes", "Thématiques"],
    "equipements": ["Équipements"],
    "latitude": ["Lat"],
    "longitude": ["Lon", "Lng", "Long"],
    "identifiants": ["Pivot", "Identifiant"],  # a SIRET has its own field, siret
    "date_maj": ["Date de mise à jour", "Mise à jour", "Date maj"],
}


@dataclass
class Sheet:
    """The spreadsheet with our column names; ``origins`` gives, for each, the spreadsheet's column it comes from."""

    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    origins: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    foreign: frozenset[str] = frozenset()  # our columns filled from another layout: lists split on , ; / too
    has_header: bool = True
    ignored: tuple[str, ...] = ()  # the spreadsheet's columns that fill no column of ours
    source: str | None = None  # the list of the spreadsheet's identifiers: ``source:id`` finds a place
    own_ids: bool = False  # its ``id`` cells are this site's file names (``standard``: our own national file)

    def tell(self, number: int, column: str, message: str) -> None:
        """A problem at a row, under the spreadsheet's own name of our column."""
        self.problems.append(Problem(self.name, number, self.origins.get(column, column), message))


@dataclass(frozen=True)
class Mapping:
    """A mapping file's settings and its sources, by our column; ``lines`` locates each key in the file."""

    path: Path
    data: dict
    lines: dict[str, int]

    @property
    def has_header(self) -> bool:
        return self.data.get(HEADER_ROW) != "non"

    @property
    def sheet(self) -> str | None:
        return self.data.get(SHEET) if isinstance(self.data.get(SHEET), str) else None


def load_mapping(path: Path) -> tuple[Mapping, list[Problem]]:
    """The mapping file and the problems its schema finds; raises ContentError if it is no YAML mapping at all."""
    text, problem = utf8_text(path.read_bytes().removeprefix(b"\xef\xbb\xbf"), path.name)
    if problem is not None:
        raise ContentError([problem])
    # Read as a front matter (keys' lines, duplicate keys, safe loader), then shifted back by the added line.
    document, problems = read_document(path.name, "---\n" + text + "\n---\n")
    if document is None:
        raise ContentError([_shifted(problem) for problem in problems])
    lines = {key: max(document.line_of((key,)) - 1, 1) for key in document.data}
    return Mapping(path, document.data, lines), [_shifted(p) for p in schema_problems("correspondance", document)]


def _shifted(problem: Problem) -> Problem:
    return Problem(problem.path, max(problem.line - 1, 1), problem.field, problem.message)


def mapping_problems(mapping: Mapping, known: list[Problem], table: Table, content: Content) -> list[Problem]:
    """Every mistake of the mapping file, each once: its schema's, then what the spreadsheet or the site lacks."""
    problems = list(known)
    told = {(problem.line, problem.field.split(".")[0]) for problem in known}
    for target, source in sources(mapping.data).items():
        line = mapping.lines.get(target, 1)
        if (line, target) in told or not isinstance(source, dict):
            continue
        problems += _source_problems(mapping, target, source, line, table, content)
    return sorted(set(problems))


def _source_problems(mapping: Mapping, target: str, source: dict, line: int, table: Table,
                     content: Content) -> list[Problem]:
    name = mapping.path.name
    given = [key for key in ("colonne", "modele", "valeur") if key in source]
    if len(given) != 1:
        return [Problem(name, line, target, (
            f"source à préciser (trouvé : {', '.join(source) or 'rien'} ; attendu : une seule de colonne, modele ou "
            "valeur). Indiquez la colonne du tableau qui remplit ce champ, un modèle qui en joint plusieurs, ou une "
            "valeur commune à toutes les lignes."
        ))]
    problems = [Problem(name, line, target, (
        f"colonne absente du tableau (trouvé : « {column} » ; attendu : une des colonnes "
        f"{', '.join(header for header in table.header if header)}). Recopiez le nom exact de la colonne."
    )) for column in dict.fromkeys(columns_of(source)) if column not in table.header]
    if target == "region" and "valeur" in source:
        try:
            region_slug(source["valeur"], content, numbered=False)
        except Refused as refused:
            problems.append(Problem(name, line, target, (
                f"{refused}. Corrigez la valeur : les régions sont listées sur la page « Les champs d'une fiche »."
            )))
    allowed = _allowed_values(target)
    for value in source.get("valeurs", {}) if allowed else ():
        if value not in allowed:
            problems.append(Problem(name, line, f"{target}.valeurs", (
                f"valeur inconnue (trouvé : « {value} » ; attendu : une de {', '.join(allowed)}). Corrigez la clé : "
                "c'est la valeur du site, sous laquelle se rangent les écritures du tableau."
            )))
    return problems


def _allowed_values(target: str) -> list[str]:
    """The values a column of ours may take, when the schema lists them (themes); else none to check."""
    field_name = next((column.field for column in COLUMNS if column.name == target), None)
    definition = load_schema("portrait")["properties"].get(field_name or "", {})
    items = definition.get("items", definition)
    reference = items.get("$ref", "").rpartition("/")[2]
    return list(load_schema("portrait")["$defs"].get(reference, items).get("enum", []))


def recognised(table: Table, mapping: Mapping | None) -> bool:
    """Whether a column of the table is one of ours, a common synonym, or named by the mapping."""
    named = {name for source in sources(mapping.data if mapping else {}).values() if isinstance(source, dict)
             for name in columns_of(source)}
    return any(name and (column_name(name) in KNOWN or column_name(name) in _SYNONYM_OF or name in named)
               for name in table.header)


def identifier_source(mapping: Mapping | None) -> tuple[str | None, str | None]:
    """The list the identifiers belong to, and a note when it was derived from the mapping file's name
    (``bretagne.correspondance.yml`` gives ``bretagne``)."""
    if mapping is None:
        return None, None
    if mapping.data.get(SOURCE):
        return str(mapping.data[SOURCE]), None
    derived = slugify(mapping.path.stem.removesuffix(".correspondance"))[:40].strip("-") or "correspondance"
    return derived, (f"le fichier de correspondance {mapping.path.name} ne nomme pas la liste d'où viennent les "
                     f"identifiants : ils sont rangés sous « {derived} », tiré de son nom (par exemple {derived}:17) ; "
                     f"ajoutez la ligne « source: {derived} » au fichier pour que ce nom ne dépende plus de celui du "
                     "fichier")


def sources(mapping: dict) -> dict[str, object]:
    """Each target's source as an object: a column name, or a template when it holds « {…} »."""
    found = {}
    for target, source in mapping.items():
        if target in _SETTINGS:
            continue
        if isinstance(source, str):
            source = {"modele": source} if _TEMPLATE_FIELD.search(source) else {"colonne": source}
        found[target] = source
    return found


def columns_of(source: dict) -> list[str]:
    if "modele" in source:
        return _TEMPLATE_FIELD.findall(source["modele"])
    column = source.get("colonne")
    return [] if column is None else [column] if isinstance(column, str) else list(column)


def apply_mapping(table: Table, mapping: Mapping | None, source: str | None = None) -> Sheet:
    """The table with our column names; our own columns are kept, the mapping, then the synonyms, name the others."""
    ours = {column_name(name): name for name in table.header if name and column_name(name) in KNOWN}
    found = sources(mapping.data if mapping else {})
    if table.has_header:  # a file without one has letters for names, which name nothing
        for target, names in _synonyms(table.header, set(ours) | set(found)).items():
            found[target] = {"colonne": names}
    origins = dict(ours)
    for target, given in found.items():
        joined = " + " if "modele" in given else " ou "
        origins[target] = joined.join(columns_of(given)) if "valeur" not in given else target
    rows = []
    for number, cells in table.rows:
        mapped = {target: cells[name] for target, name in ours.items()}
        for target, given in found.items():
            mapped[target] = _value(cells, given)
        rows.append((number, mapped))
    foreign = frozenset([*(target for target, name in ours.items() if name != target),  # not our export's header
                         *(target for target, given in found.items() if "valeur" not in given)])
    used = {*ours.values(), *(name for given in found.values() for name in columns_of(given))}
    ignored = tuple(name for name in table.header if name and name not in used and column_name(name) not in KNOWN)
    return Sheet(table.name, [*ours, *found], rows, origins, list(table.notes), list(table.problems), foreign,
                 table.has_header, ignored, source)


def _synonyms(header: list[str], taken: set[str]) -> dict[str, list[str]]:
    """Our columns that the spreadsheet's headers name by a common synonym, each with its columns in order."""
    found: dict[str, list[str]] = {}
    for name in header:
        target = _SYNONYM_OF.get(column_name(name)) if name else None
        if target and target not in taken:
            found.setdefault(target, []).append(name)
    return found


def _value(cells: dict[str, str], source: dict) -> str:
    if "valeur" in source:
        return source["valeur"]
    if "modele" in source:
        if not any(cells.get(name, "") for name in columns_of(source)):
            return ""  # a template's own words, « Lundi : », are no value
        joined = _TEMPLATE_FIELD.sub(lambda match: cells.get(match[1], ""), source["modele"])
        return " ".join(joined.split()).strip(" ,;-")
    text = next((cells.get(name, "") for name in columns_of(source) if cells.get(name, "")), "")
    return translated(text, source.get("valeurs"))


def translated(text: str, values: dict[str, list[str]] | None) -> str:
    """The spreadsheet's terms replaced by our values; a term that none matches is kept, so the check names it.

    The whole cell is looked up first: « Tiers-lieu / Coworking » may be one term of the mapping.
    """
    if not values or not text:
        return text
    ours: dict[str, list[str]] = {}
    for value, terms in values.items():
        for term in terms:
            ours.setdefault(folded(term), []).append(value)
    whole = ours.get(folded(text))
    terms = [text] if whole else [item.strip() for item in _TERM_SEPARATORS.split(text)]
    found: list[str] = []
    for term in terms:
        for value in ours.get(folded(term), [term]):
            if term and value not in found:
                found.append(value)
    return join_list(found)


def column_name(header: str) -> str:
    """Our name for a column of the spreadsheet: « Code postal » and « code_postal » are one column."""
    return folded(header).replace(" ", "_").replace("-", "_")


KNOWN = {column.name for column in COLUMNS} | {BODY, PROBLEM_COLUMN}  # exported columns, derived ones too
_SYNONYM_OF = {column_name(synonym): target for target, synonyms in SYNONYMS.items() for synonym in synonyms}
