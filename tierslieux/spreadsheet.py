"""Spreadsheets as ``make import`` reads them: CSV or .xlsx files as text cells, and the mapping files of other layouts.

One guarded reader for each kind of file, then plain data. A CSV as Excel or LibreOffice save it: UTF-8 with or
without BOM (read strictly: a stray byte is told at its line), else a file wholly in Windows-1252, as the old
« CSV (séparateur : point-virgule) » of Excel writes it; ``;``, ``,`` or tabs, told from the first line; CRLF. An
``.xlsx`` file: its first sheet, read by openpyxl in read-only mode through defusedxml (no DTD, no entity), its
declared dimension ignored, rows, columns and cells capped. A file without a header row has its columns named by
letter (A, B…), as a spreadsheet shows them.

A mapping file (YAML, checked against ``schema/correspondance.schema.json``) gives, for a column of
``/data/lieux.csv``, the spreadsheet's column that fills it (or several, the first filled one winning), a template
that joins several columns (``"{numero} {rue}"``), a value for every row, or the translation of the spreadsheet's
values. Common French headers (Ville, CP, Courriel, Site internet…) need no mapping (``SYNONYMS``).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from tierslieux.content import folded
from tierslieux.exports import COLUMNS, join_list, plain_cell
from tierslieux.files import utf8_text
from tierslieux.frontmatter import read_document
from tierslieux.problems import ContentError, Problem
from tierslieux.schema import schema_problems

MAX_SPREADSHEET_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # an .xlsx is a zip: 5 KB may unpack into gigabytes
MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 128 * 1024
_MAX_CSV_FIELD = 8 * MAX_CELL_CHARS
BODY = "presentation_detail"  # the standard's long presentation: the portrait's body, not a front matter field
HEADER_ROW = "entete"  # mapping key: « non » for a file whose first row is already a place
PROBLEM_COLUMN = "probleme"  # added by PARTIEL=oui to the refused rows, and ignored when they come back
_TERM_SEPARATORS = re.compile(r"[|;,/\n]")
_TEMPLATE_FIELD = re.compile(r"\{([^{}]+)\}")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")  # a letter written in UTF-8: the file is not Windows-1252

# Headers that French spreadsheets and the national standard of *lieux de médiation numérique* use, by our column.
SYNONYMS = {
    "nom": ["Nom du lieu", "Nom de la structure", "Structure", "Nom du tiers-lieu", "Tiers-lieu", "Lieu"],
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
    "identifiants": ["SIRET", "Pivot", "Identifiant"],
    "date_maj": ["Date de mise à jour", "Mise à jour", "Date maj"],
}


class Unreadable(ValueError):
    """A spreadsheet that cannot be read at all: beyond the caps, or broken; the message says so in French."""


@dataclass
class Sheet:
    """A spreadsheet's header and its rows, each with its row number as a spreadsheet shows it (header: 1)."""

    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    notes: list[str] = field(default_factory=list)  # what was assumed about the whole file
    problems: list[Problem] = field(default_factory=list)  # cells that could not be read, at their row
    foreign: frozenset[str] = frozenset()  # our columns filled from another layout: lists split on , ; / too
    has_header: bool = True
    ignored: tuple[str, ...] = ()  # the spreadsheet's columns that fill no column of ours


def read_sheet(path: Path, *, header: bool = True) -> Sheet:
    """A CSV or .xlsx file as text cells; raises ContentError when it cannot be read at all."""
    try:
        if path.stat().st_size > MAX_SPREADSHEET_BYTES:
            raise Unreadable(f"fichier trop gros (trouvé : {path.stat().st_size // 1024 // 1024} Mo ; attendu : "
                           f"{MAX_SPREADSHEET_BYTES // 1024 // 1024} Mo au plus). Coupez le tableau en plusieurs "
                           "fichiers.")
        notes: list[str] = []
        table = _xlsx_table(path) if path.suffix.lower() == ".xlsx" else _csv_table(path, notes)
    except Unreadable as error:
        raise ContentError([Problem(path.name, 1, "fichier", str(error))]) from None
    sheet = _sheet(path.name, table, header)
    sheet.notes += notes
    return sheet


def _sheet(name: str, table: list[list[str]], header: bool) -> Sheet:
    if not header:
        width = max((len(row) for row in table), default=0)
        return _rows(Sheet(name, [column_letter(index) for index in range(width)], [], has_header=False), table, 1)
    if not table or not any(cell.strip() for cell in table[0]):
        raise ContentError([Problem(name, 1, "en-tête", (
            "tableau sans ligne d'en-tête (trouvé : une première ligne vide ; attendu : le nom de chaque colonne, "
            "comme nom, commune, code_postal). Ajoutez la ligne des noms de colonnes en haut du tableau."
        ))])
    names = [cell.strip() for cell in table[0]]
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        raise ContentError([Problem(name, 1, column, (
            f"colonne en double (trouvé : « {column} » {names.count(column)} fois ; attendu : une seule colonne de "
            "ce nom). Renommez ou supprimez l'une d'elles."
        )) for column in repeated])
    return _rows(Sheet(name, names, []), table[1:], 2)


def _rows(sheet: Sheet, table: list[list[str]], first: int) -> Sheet:
    width = len(sheet.header)
    for number, cells in enumerate(table, first):
        if not any(cell.strip() for cell in cells):
            continue
        cells = [*cells, *[""] * (width - len(cells))][:width]  # a short row ends with empty cells
        row = {}
        for name, cell in zip(sheet.header, cells, strict=True):
            if not name:
                continue
            if len(cell) > MAX_CELL_CHARS:
                sheet.problems.append(Problem(sheet.name, number, name, (
                    f"cellule trop longue (trouvé : {len(cell) // 1024} Ko de texte ; attendu : "
                    f"{MAX_CELL_CHARS // 1024} Ko au plus). Raccourcissez le texte de la cellule."
                )))
                cell = ""
            row[name] = plain_cell(cell.strip())
        sheet.rows.append((number, row))
    return sheet


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the names of columns in a spreadsheet."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _csv_table(path: Path, notes: list[str]) -> list[list[str]]:
    text = _decoded(path.read_bytes(), path.name, notes)
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = []
    limit = csv.field_size_limit(_MAX_CSV_FIELD)  # a cell over MAX_CELL_CHARS is told at its row, not as a broken file
    try:
        for row in reader:
            if len(table) > MAX_ROWS:
                raise Unreadable(_too_many_rows())
            if len(row) > MAX_COLUMNS and any(cell.strip() for cell in row[MAX_COLUMNS:]):
                raise Unreadable(_too_many_columns(len(row)))
            table.append(row[:MAX_COLUMNS])
    except csv.Error:
        raise ContentError([Problem(path.name, reader.line_num, "fichier", (
            f"ligne illisible (trouvé : une cellule de plus de {csv.field_size_limit() // 1024} Ko, ou un guillemet "
            "ouvert jamais fermé, ou un caractère nul ; attendu : un CSV comme l'enregistre un tableur). Ouvrez le "
            "fichier dans le tableur, vérifiez cette ligne et enregistrez-le à nouveau."
        ))]) from None
    finally:
        csv.field_size_limit(limit)
    return table


def _decoded(raw: bytes, name: str, notes: list[str]) -> str:
    """The text of a CSV: UTF-8, else a file wholly in Windows-1252 (announced); a mix of both is refused."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if not _UTF8_SEQUENCE.search(raw):
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                pass
            else:
                notes.append("le fichier est enregistré en Windows-1252 (l'ancien « CSV » d'Excel), pas en UTF-8 : "
                             "il a été lu comme tel ; vérifiez les accents des fiches")
                return text
        line = raw[:error.start].count(b"\n") + 1
        column = error.start - raw.rfind(b"\n", 0, error.start)
        raise ContentError([Problem(name, line, "fichier", (
            f"caractère illisible (trouvé : l'octet {raw[error.start]:#04x}, au {column}e octet de la ligne, dans un fichier dont le reste est en UTF-8 ; attendu : un fichier tout entier en UTF-8). "
            "Corrigez le caractère de cette ligne, puis enregistrez le fichier au format « CSV UTF-8 » (Excel : "
            "Fichier, Enregistrer sous ; LibreOffice : jeu de caractères Unicode (UTF-8))."
        ))]) from None


def _xlsx_table(path: Path) -> list[list[str]]:
    import openpyxl  # only an import of .xlsx needs it; it parses with defusedxml, which is installed

    try:
        with zipfile.ZipFile(path) as archive:  # a zip reads no more than the sizes it declares
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise Unreadable(_unreadable_xlsx(error)) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise Unreadable(f"fichier .xlsx trop gros une fois décompressé (trouvé : {unpacked // 1024 // 1024} Mo ; "
                       f"attendu : {MAX_UNPACKED_BYTES // 1024 // 1024} Mo au plus). Enregistrez-le en CSV UTF-8, "
                       "ou coupez-le en plusieurs fichiers.")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # a hostile or broken file may fail anywhere inside openpyxl
        raise Unreadable(_unreadable_xlsx(error)) from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # a declared A1:XFD1048576 would pad every row to 16,384 cells
        table = []
        for row in sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True):
            if len(table) > MAX_ROWS:
                raise Unreadable(_too_many_rows())
            if len(row) > MAX_COLUMNS and row[MAX_COLUMNS] is not None:
                raise Unreadable(_too_many_columns(MAX_COLUMNS + 1))
            cells = list(row[:MAX_COLUMNS])
            while cells and cells[-1] is None:  # the padding of a declared dimension, or of a longer row
                cells.pop()
            table.append([_cell_text(value) for value in cells])
        return table
    except Unreadable:
        raise
    except Exception as error:  # idem, while its rows are parsed
        raise Unreadable(_unreadable_xlsx(error)) from None
    finally:
        workbook.close()


def _unreadable_xlsx(error: Exception) -> str:
    causes = [error]
    while len(causes) < 10 and (causes[-1].__cause__ or causes[-1].__context__):  # openpyxl wraps the parser's error
        causes.append(causes[-1].__cause__ or causes[-1].__context__)
    forbidden = any(type(cause).__module__.startswith("defusedxml") for cause in causes)
    found = ("des déclarations XML (DTD ou entités) qu'aucun tableur n'écrit" if forbidden
             else f"un fichier que openpyxl ne sait pas lire ({type(error).__name__})")
    return (f"fichier .xlsx illisible (trouvé : {found} ; attendu : un classeur enregistré par Excel ou LibreOffice). "
            "Ouvrez-le dans le tableur et enregistrez-le à nouveau en .xlsx, ou en CSV UTF-8.")


def _too_many_rows() -> str:
    return (f"tableau trop long (trouvé : plus de {MAX_ROWS} lignes ; attendu : {MAX_ROWS} au plus). Coupez-le en "
            "plusieurs fichiers.")


def _too_many_columns(count: int) -> str:
    return (f"tableau trop large (trouvé : {count} colonnes ou plus ; attendu : {MAX_COLUMNS} au plus). Supprimez les "
            "colonnes inutiles.")


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a person sees in it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# Mapping files -------------------------------------------------------------------------------------------------


def load_mapping(path: Path):
    """The mapping file as a document checked against its schema; raises ContentError."""
    name = path.name
    text, problem = utf8_text(path.read_bytes().removeprefix(b"\xef\xbb\xbf"), name)
    if problem is not None:
        raise ContentError([problem])
    # Read as a front matter (keys' lines, duplicate keys, safe loader), then shifted back by the added line.
    document, problems = read_document(name, "---\n" + text + "\n---\n")
    if document is not None:
        problems = schema_problems("correspondance", document)
    if problems:
        raise ContentError([Problem(p.path, max(p.line - 1, 1), p.field, p.message) for p in problems])
    return document


def has_header_row(document) -> bool:
    return document is None or document.data.get(HEADER_ROW, "oui") == "oui"


def read_mapping(path: Path, sheet: Sheet) -> dict[str, object]:
    """The mapping file, checked against its schema and against the spreadsheet's columns; raises ContentError."""
    document = load_mapping(path)
    problems = mapping_problems(document, sheet)
    if problems:
        raise ContentError(problems)
    return document.data


def mapping_problems(document, sheet: Sheet) -> list[Problem]:
    """The mapping's sources that the spreadsheet cannot fill, at their line of the mapping file."""
    problems = []
    for target, source in _sources(document.data).items():
        line = max(document.line_of((target,)) - 1, 1)  # the mapping was read after an added « --- » line
        given = [key for key in ("colonne", "modele", "valeur") if key in source]
        if len(given) != 1:
            problems.append(Problem(document.path, line, target, (
                f"source à préciser (trouvé : {', '.join(source) or 'rien'} ; attendu : une seule de colonne, modele "
                "ou valeur). Indiquez la colonne du tableau qui remplit ce champ, un modèle qui en joint plusieurs, "
                "ou une valeur commune à toutes les lignes."
            )))
            continue
        for column in _columns_of(source):
            if column not in sheet.header:
                problems.append(Problem(document.path, line, target, (
                    f"colonne absente du tableau (trouvé : « {column} » ; attendu : une des colonnes "
                    f"{', '.join(name for name in sheet.header if name)}). Recopiez le nom exact de la colonne."
                )))
    return problems


def _sources(mapping: dict[str, object]) -> dict[str, dict]:
    """Each target's source as an object: a column name, or a template when it holds « {…} »."""
    sources = {}
    for target, source in mapping.items():
        if target == HEADER_ROW:
            continue
        if isinstance(source, str):
            source = {"modele": source} if _TEMPLATE_FIELD.search(source) else {"colonne": source}
        sources[target] = source
    return sources


def _columns_of(source: dict) -> list[str]:
    if "modele" in source:
        return _TEMPLATE_FIELD.findall(source["modele"])
    column = source.get("colonne")
    return [] if column is None else [column] if isinstance(column, str) else list(column)


def apply_mapping(sheet: Sheet, mapping: dict[str, object] | None) -> tuple[Sheet, dict[str, str]]:
    """The sheet with our column names, and for each of them the spreadsheet's column it comes from.

    Our own columns (case, accents and spaces aside) are kept; the mapping, then the French synonyms, name the others.
    """
    ours = {column_name(name): name for name in sheet.header if name and column_name(name) in KNOWN}
    sources = _sources(mapping or {})
    if sheet.has_header:  # a file without one has letters for names, which name nothing
        for target, names in _synonyms(sheet.header, set(ours) | set(sources)).items():
            sources[target] = {"colonne": names}
    origins = dict(ours)
    for target, source in sources.items():
        joined = " + " if "modele" in source else " ou "
        origins[target] = joined.join(_columns_of(source)) if "valeur" not in source else target
    rows = []
    for number, cells in sheet.rows:
        mapped = {target: cells[name] for target, name in ours.items()}
        for target, source in sources.items():
            mapped[target] = _value(cells, source)
        rows.append((number, mapped))
    header = [*ours, *sources]
    foreign = frozenset([*(target for target, name in ours.items() if name != target),  # not our export's header
                         *(target for target, source in sources.items() if "valeur" not in source)])
    used = {*ours.values(), *(name for source in sources.values() for name in _columns_of(source))}
    ignored = tuple(name for name in sheet.header if name and name not in used and column_name(name) not in KNOWN)
    return Sheet(sheet.name, header, rows, sheet.notes, sheet.problems, foreign, sheet.has_header, ignored), origins


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
        joined = _TEMPLATE_FIELD.sub(lambda match: cells.get(match[1], ""), source["modele"])
        return " ".join(joined.split()).strip(" ,;-")
    text = next((cells.get(name, "") for name in _columns_of(source) if cells.get(name, "")), "")
    return _translated(text, source.get("valeurs"))


def _translated(text: str, values: dict[str, list[str]] | None) -> str:
    """The spreadsheet's terms replaced by our values; a term that none matches is kept, so the check names it."""
    if not values:
        return text
    ours = {folded(term): value for value, terms in values.items() for term in terms}
    found: list[str] = []
    for term in (item.strip() for item in _TERM_SEPARATORS.split(text)):
        value = ours.get(folded(term), term)
        if term and value not in found:
            found.append(value)
    return join_list(found)


def column_name(header: str) -> str:
    """Our name for a column of the spreadsheet: « Code postal » and « code_postal » are one column."""
    return folded(header).replace(" ", "_").replace("-", "_")


KNOWN = {column.name for column in COLUMNS} | {BODY, PROBLEM_COLUMN}  # exported columns, derived ones included: an export reads back
_SYNONYM_OF = {column_name(synonym): target for target, synonyms in SYNONYMS.items() for synonym in synonyms}
