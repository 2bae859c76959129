"""Spreadsheets as ``make import`` reads them: CSV or .xlsx files as text cells, and the mapping files of other layouts.

A CSV as Excel or LibreOffice save it: UTF-8 with or without BOM, or Windows-1252; ``;``, ``,`` or tabs, told
from the header line; CRLF. An ``.xlsx`` file: its first sheet, read with openpyxl. A mapping file (YAML, checked
against ``schema/correspondance.schema.json``) gives, for a column of ``/data/lieux.csv``, the spreadsheet's column
that fills it, a value for every row, or the translation of the spreadsheet's values (see ``tierslieux.importer``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from tierslieux.exports import join_list, plain_cell
from tierslieux.files import utf8_text
from tierslieux.frontmatter import read_document
from tierslieux.model import french_sort_key
from tierslieux.problems import ContentError, Problem
from tierslieux.schema import schema_problems

_TERM_SEPARATORS = re.compile(r"[|;,\n]")


@dataclass
class Sheet:
    """A spreadsheet's header and its rows, each with its row number as a spreadsheet shows it (header: 1)."""

    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def read_sheet(path: Path) -> Sheet:
    """A CSV or .xlsx file as text cells; raises ContentError when it cannot be read at all."""
    if path.suffix.lower() == ".xlsx":
        table = _xlsx_table(path)
    else:
        table = _csv_table(path)
    if not table or not any(cell.strip() for cell in table[0]):
        raise ContentError([Problem(path.name, 1, "en-tête", (
            "tableau sans en-tête (trouvé : une première ligne vide ; attendu : le nom de chaque colonne, comme "
            "nom, commune, code_postal). Ajoutez la ligne des noms de colonnes en haut du tableau."
        ))])
    header = [cell.strip() for cell in table[0]]
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise ContentError([Problem(path.name, 1, name, (
            f"colonne en double (trouvé : « {name} » {header.count(name)} fois ; attendu : une seule colonne de ce "
            "nom). Renommez ou supprimez l'une d'elles."
        )) for name in repeated])
    rows = []
    for number, cells in enumerate(table[1:], 2):
        if any(cell.strip() for cell in cells):
            cells = [*cells, *[""] * (len(header) - len(cells))][:len(header)]  # a short row ends with empty cells
            rows.append((number, {name: plain_cell(cell.strip()) for name, cell in zip(header, cells, strict=True)
                                  if name}))
    return Sheet(path.name, header, rows)


def _csv_table(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's « CSV (séparateur : point-virgule) » on Windows
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_table(path: Path) -> list[list[str]]:
    import openpyxl  # only an import of .xlsx needs it

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [[_cell_text(value) for value in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


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


def read_mapping(path: Path, sheet: Sheet) -> dict[str, object]:
    """The mapping file, checked against its schema and against the spreadsheet's columns; raises ContentError."""
    name = path.name
    text, problem = utf8_text(path.read_bytes().removeprefix(b"\xef\xbb\xbf"), name)
    if problem is not None:
        raise ContentError([problem])
    # Read as a front matter (keys' lines, duplicate keys, safe loader), then shifted back by the added line.
    document, problems = read_document(name, "---\n" + text + "\n---\n")
    if document is not None:
        problems = schema_problems("correspondance", document)
    if not problems:
        problems = _mapping_problems(document, sheet)
    if problems:
        raise ContentError([Problem(p.path, max(p.line - 1, 1), p.field, p.message) for p in problems])
    return document.data


def _mapping_problems(document, sheet: Sheet) -> list[Problem]:
    problems = []
    for target, source in document.data.items():
        source = {"colonne": source} if isinstance(source, str) else source
        line = document.line_of((target,))
        if ("colonne" in source) == ("valeur" in source):
            problems.append(Problem(document.path, line, target, (
                f"source à préciser (trouvé : {', '.join(source)} ; attendu : soit colonne, soit valeur). Indiquez "
                "la colonne du tableau qui remplit ce champ, ou une valeur commune à toutes les lignes."
            )))
        elif source.get("colonne") is not None and source["colonne"] not in sheet.header:
            problems.append(Problem(document.path, line, target, (
                f"colonne absente du tableau (trouvé : « {source['colonne']} » ; attendu : une des colonnes "
                f"{', '.join(name for name in sheet.header if name)}). Recopiez le nom exact de la colonne."
            )))
    return problems


def apply_mapping(sheet: Sheet, mapping: dict[str, object]) -> tuple[Sheet, dict[str, str]]:
    """The sheet with our column names, and for each of them the spreadsheet's column it comes from."""
    origins = {column_name(name): name for name in sheet.header if name}
    rows = []
    for number, cells in sheet.rows:
        mapped = dict(cells)
        for target, source in mapping.items():
            source = {"colonne": source} if isinstance(source, str) else source
            if "valeur" in source:
                mapped[target] = source["valeur"]
            else:
                mapped[target] = _translated(cells.get(source["colonne"], ""), source.get("valeurs"))
        rows.append((number, mapped))
    for target, source in mapping.items():
        origins[target] = source if isinstance(source, str) else source.get("colonne", target)
    header = [*sheet.header, *(target for target in mapping if target not in sheet.header)]
    return Sheet(sheet.name, header, rows), origins


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
    return folded(header).replace(" ", "_")


def folded(text: str) -> str:
    """Case, accents and spaces ignored: how names and terms are compared."""
    return " ".join(french_sort_key(text)[0].split())
