"""Stage 2 of ``make import``: a CSV or ``.xlsx`` file as a header and rows of text cells, every size capped.

A CSV is decoded by ``decode``; ``;``, ``,`` or tabs are told from the first line; CRLF. An ``.xlsx`` file is read
twice: first its sheets' XML and shared strings are streamed through expat, which refuses any DTD or entity and
stops at a cap on rows, cells per row, cells in all and text, before openpyxl builds a single cell (a 5 KB file may
declare a million cells in one row); then openpyxl reads one sheet (the first, or the one named) in read-only mode,
one row at a time. A
file without a header row has its columns named by letter (A, B…), as a spreadsheet shows them.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from xml.parsers import expat

from tierslieux.exports import plain_cell
from tierslieux.importing.decode import Undecodable, decoded
from tierslieux.problems import ContentError, Problem, french_number

MAX_SPREADSHEET_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # an .xlsx is a zip: 5 KB may unpack into gigabytes
MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 128 * 1024
MAX_ROW_CELLS = 16_384  # Excel's last column, XFD: cells beyond it are no spreadsheet's
MAX_CELLS = 1_000_000  # every <c> of a sheet, empty ones included: 20,000 rows of 50 columns
MAX_ROW_ELEMENTS = 1_048_576  # Excel's last row
MAX_TEXT_CHARS = 32 * 1024 * 1024  # what openpyxl holds at once: all the shared strings, or one row
# XML elements that openpyxl holds at once: one row, one shared string, or a whole part such as the styles
MAX_UNIT_ELEMENTS = 500_000
_MAX_XML_TEXT = 8 * MAX_CELL_CHARS  # one cell's XML text: a longer cell than MAX_CELL_CHARS is told at its row
MAX_MEMBERS = 10_000  # files in the archive: a workbook has a few dozen; each costs memory before any check
_CHUNK = 64 * 1024
_END_RECORD_SPAN = 22 + 65_535  # the end of central directory record and its longest comment


class Unreadable(ValueError):
    """A spreadsheet that cannot be read at all: beyond the caps, or broken; the message says so in French."""


@dataclass
class Table:
    """A spreadsheet's header and its rows, each with its row number as a spreadsheet shows it (header: 1)."""

    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    notes: list[str] = field(default_factory=list)  # what was assumed about the whole file
    problems: list[Problem] = field(default_factory=list)  # cells that could not be read, at their row
    has_header: bool = True
    sheets: tuple[str, ...] = ()  # the names of a workbook's sheets, the one read first


def read_table(path: Path, *, header: bool = True, sheet: str | None = None) -> Table:
    """A CSV or .xlsx file as text cells (``sheet``: of a workbook, the first if None); raises ContentError when it
    cannot be read at all."""
    notes: list[str] = []
    sheets: list[str] = []
    try:
        if path.stat().st_size > MAX_SPREADSHEET_BYTES:
            raise Unreadable(f"fichier trop gros (trouvé : {path.stat().st_size // 1024 // 1024} Mo ; attendu : "
                             f"{MAX_SPREADSHEET_BYTES // 1024 // 1024} Mo au plus). Coupez le tableau en plusieurs "
                             "fichiers.")
        cells = _xlsx_cells(path, sheet, sheets) if path.suffix.lower() == ".xlsx" else _csv_cells(path, notes)
    except Unreadable as error:
        raise ContentError([Problem(path.name, 1, "fichier", str(error))]) from None
    except Undecodable as error:
        raise ContentError([Problem(path.name, error.line, "fichier", str(error))]) from None
    table = _table(path.name, cells, header)
    table.notes += notes
    table.sheets = tuple(sheets)
    return table


def _table(name: str, cells: list[list[str]], header: bool) -> Table:
    if not header:
        width = max((len(row) for row in cells), default=0)
        return _rows(Table(name, [column_letter(index) for index in range(width)], [], has_header=False), cells, 1)
    if not cells or not any(cell.strip() for cell in cells[0]):
        raise ContentError([Problem(name, 1, "en-tête", (
            "tableau sans ligne d'en-tête (trouvé : une première ligne vide ; attendu : le nom de chaque colonne, "
            "comme nom, commune, code_postal). Ajoutez la ligne des noms de colonnes en haut du tableau."
        ))])
    names = [plain_cell(cell.strip()) for cell in cells[0]]  # .a-corriger.csv's header is escaped too
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        raise ContentError([Problem(name, 1, column, (
            f"colonne en double (trouvé : « {column} » {names.count(column)} fois ; attendu : une seule colonne de "
            "ce nom). Renommez ou supprimez l'une d'elles."
        )) for column in repeated])
    return _rows(Table(name, names, []), cells[1:], 2)


def _rows(table: Table, cells: list[list[str]], first: int) -> Table:
    width = len(table.header)
    for number, row_cells in enumerate(cells, first):
        if not any(cell.strip() for cell in row_cells):
            continue
        row_cells = [*row_cells, *[""] * (width - len(row_cells))][:width]  # a short row ends with empty cells
        row = {}
        for name, cell in zip(table.header, row_cells, strict=True):
            if not name:
                continue
            if len(cell) > MAX_CELL_CHARS:
                table.problems.append(Problem(table.name, number, name, (
                    f"cellule trop longue (trouvé : {len(cell) // 1024} Ko de texte ; attendu : "
                    f"{MAX_CELL_CHARS // 1024} Ko au plus). Raccourcissez le texte de la cellule."
                )))
                cell = ""
            row[name] = plain_cell(cell.strip())
        table.rows.append((number, row))
    return table


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the names of columns in a spreadsheet."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _csv_cells(path: Path, notes: list[str]) -> list[list[str]]:
    text, note = decoded(path.read_bytes())
    if note:
        notes.append(note)
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    cells = []
    limit = csv.field_size_limit(_MAX_XML_TEXT)  # a cell over MAX_CELL_CHARS is told at its row, not as a broken file
    try:
        for row in reader:
            if len(cells) > MAX_ROWS:
                raise Unreadable(_too_many_rows())
            if len(row) > MAX_COLUMNS and any(cell.strip() for cell in row[MAX_COLUMNS:]):
                raise Unreadable(_too_many_columns(len(row)))
            cells.append(row[:MAX_COLUMNS])
    except csv.Error:
        raise ContentError([Problem(path.name, reader.line_num, "fichier", (
            f"ligne illisible (trouvé : une cellule de plus de {csv.field_size_limit() // 1024} Ko, ou un guillemet "
            "ouvert jamais fermé, ou un caractère nul ; attendu : un CSV comme l'enregistre un tableur). Ouvrez le "
            "fichier dans le tableur, vérifiez cette ligne et enregistrez-le à nouveau."
        ))]) from None
    finally:
        csv.field_size_limit(limit)
    return cells


def _xlsx_cells(path: Path, sheet: str | None, sheets: list[str]) -> list[list[str]]:
    members = _declared_members(path)
    if members > MAX_MEMBERS:
        raise Unreadable(f"fichier .xlsx illisible (trouvé : plus de {french_number(MAX_MEMBERS)} fichiers dans "
                         f"l'archive ; attendu : quelques dizaines, comme l'écrit un tableur). Ouvrez-le dans le "
                         "tableur et enregistrez-le à nouveau en .xlsx, ou en CSV UTF-8.")
    try:
        with zipfile.ZipFile(path) as archive:  # a zip reads no more than the sizes it declares
            unpacked = sum(member.file_size for member in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise Unreadable(
                    f"fichier .xlsx trop gros une fois décompressé (trouvé : {unpacked // 1024 // 1024} Mo ; attendu : "
                    f"{MAX_UNPACKED_BYTES // 1024 // 1024} Mo au plus). Enregistrez-le en CSV UTF-8, ou coupez-le en "
                    "plusieurs fichiers.")
            for member in archive.namelist():
                if member.endswith(".xml") or member.endswith(".rels"):
                    _scan(archive, member)
    except Unreadable:
        raise
    except Exception as error:  # a hostile zip may fail anywhere: a bad header, zlib, an unknown compression…
        raise Unreadable(_unreadable_xlsx(error)) from None
    return _openpyxl_cells(path, sheet, sheets)


def _declared_members(path: Path) -> int:
    """How many members the zip's last record declares, read before zipfile lists them all in memory."""
    with path.open("rb") as stream:
        stream.seek(max(path.stat().st_size - _END_RECORD_SPAN, 0))
        tail = stream.read()
    end = tail.rfind(b"PK\x05\x06")  # the end of central directory record; a zip without one is told by zipfile
    return int.from_bytes(tail[end + 10:end + 12], "little") if end >= 0 else 0  # 0xFFFF for Zip64: refused


def _scan(archive: zipfile.ZipFile, member: str) -> None:
    """Stream one XML part of the workbook and stop at the first cap it passes; refuse DTDs and entities."""
    counts = _Counts(keeps_all=not member.startswith("xl/worksheets/"))
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _no_declarations
    parser.EntityDeclHandler = _no_declarations
    parser.StartElementHandler = counts.start
    parser.CharacterDataHandler = counts.text
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise Unreadable(_unreadable_xlsx(error)) from None


class _Counts:
    """What an XML part of a workbook holds so far; raises Unreadable at the first cap passed."""

    def __init__(self, keeps_all: bool):
        self.keeps_all = keeps_all  # openpyxl keeps all the text of the part, not one row at a time
        self.rows = self.cells = self.row_cells = self.strings = self.text_chars = self.run = self.unit = 0

    def start(self, name: str, attributes: dict) -> None:
        local = name.rpartition(":")[2]
        self.run = 0
        if local in ("row", "si"):  # openpyxl builds one at a time
            self.unit = 0
            self.text_chars = self.text_chars if self.keeps_all else 0
        self.unit += 1
        if self.unit > MAX_UNIT_ELEMENTS:
            raise Unreadable(f"fichier .xlsx illisible (trouvé : plus de {french_number(MAX_UNIT_ELEMENTS)} balises XML "
                             "d'un seul tenant ; attendu : un classeur enregistré par Excel ou LibreOffice). Ouvrez-le "
                             "dans le tableur et enregistrez-le à nouveau en .xlsx, ou en CSV UTF-8.")
        if local == "row":
            self.rows += 1
            self.row_cells = 0
            if self.rows > MAX_ROW_ELEMENTS:
                raise Unreadable(_too_many_rows())
        elif local == "c":
            self.cells += 1
            self.row_cells += 1
            if self.row_cells > MAX_ROW_CELLS:
                raise Unreadable(_too_many_columns(MAX_ROW_CELLS + 1))
            if self.cells > MAX_CELLS:
                raise Unreadable(f"tableau trop grand (trouvé : plus de {french_number(MAX_CELLS)} cellules, vides "
                                 f"comprises ; attendu : {french_number(MAX_CELLS)} au plus). Coupez-le en plusieurs "
                                 "fichiers, ou enregistrez-le en CSV UTF-8.")
        elif local == "si":
            self.strings += 1
            if self.strings > MAX_CELLS:  # a shared string serves at least one cell
                raise Unreadable(f"fichier .xlsx trop gros (trouvé : plus de {french_number(MAX_CELLS)} textes "
                                 f"partagés ; attendu : {french_number(MAX_CELLS)} au plus, un par cellule). Coupez "
                                 "le tableau en plusieurs fichiers, ou enregistrez-le en CSV UTF-8.")

    def text(self, data: str) -> None:
        self.run += len(data)
        self.text_chars += len(data)
        if self.run > _MAX_XML_TEXT or self.text_chars > MAX_TEXT_CHARS:
            raise Unreadable(f"fichier .xlsx trop gros (trouvé : plus de {MAX_TEXT_CHARS // 1024 // 1024} millions de "
                             "caractères de texte partagés ou sur une ligne, ou une cellule de plus de "
                             f"{_MAX_XML_TEXT // 1024} Ko ; attendu : moins). Coupez le tableau en plusieurs fichiers.")


def _no_declarations(*_: object) -> None:
    raise Unreadable(_unreadable_xlsx(None))


def _openpyxl_cells(path: Path, name: str | None, sheets: list[str]) -> list[list[str]]:
    import openpyxl  # only an import of .xlsx needs it; it parses with defusedxml, which is installed

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # a hostile or broken file may fail anywhere inside openpyxl
        raise Unreadable(_unreadable_xlsx(error)) from None
    try:
        sheets += workbook.sheetnames
        if name is not None and name not in sheets:
            raise Unreadable(f"feuille absente du classeur (trouvé : « {name} » ; attendu : une des feuilles "
                             f"{', '.join(sheets)}). Corrigez le nom de la feuille dans le fichier de correspondance.")
        sheet = workbook[name] if name is not None else workbook.worksheets[0]
        sheet.reset_dimensions()  # a declared A1:XFD1048576 would pad every row to 16,384 cells
        cells = []
        for row in sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True):
            if len(cells) > MAX_ROWS:
                raise Unreadable(_too_many_rows())
            if len(row) > MAX_COLUMNS and row[MAX_COLUMNS] is not None:
                raise Unreadable(_too_many_columns(MAX_COLUMNS + 1))
            values = list(row[:MAX_COLUMNS])
            while values and values[-1] is None:  # the padding of a declared dimension, or of a longer row
                values.pop()
            cells.append([_cell_text(value) for value in values])
        return cells
    except Unreadable:
        raise
    except Exception as error:  # idem, while its rows are parsed
        raise Unreadable(_unreadable_xlsx(error)) from None
    finally:
        workbook.close()


def _unreadable_xlsx(error: Exception | None) -> str:
    causes = [error] if error is not None else []
    while causes and len(causes) < 10 and (causes[-1].__cause__ or causes[-1].__context__):  # openpyxl wraps errors
        causes.append(causes[-1].__cause__ or causes[-1].__context__)
    forbidden = error is None or any(type(cause).__module__.startswith("defusedxml") for cause in causes)
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
