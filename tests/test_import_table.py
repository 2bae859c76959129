"""``tierslieux.importing.table``: an .xlsx streamed under caps before openpyxl builds a cell, in bounded memory."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tierslieux.importing.table import read_table
from tierslieux.problems import ContentError

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships '
         'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
         'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook '
             'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
             '<sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships '
                  'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                  'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                  'Target="worksheets/sheet1.xml"/></Relationships>')


def hostile_xlsx(path: Path, rows: list[str], strings: str = "") -> Path:
    """A workbook whose sheet holds the given ``<row>`` XML, written as a hostile file would be, deflated."""
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet '
             'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             + "".join(rows) + "</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS),
                           ("xl/workbook.xml", _WORKBOOK), ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
                           ("xl/worksheets/sheet1.xml", sheet)):
            archive.writestr(name, text)
        if strings:
            archive.writestr("xl/sharedStrings.xml", strings)
    return path


def _message(path: Path) -> str:
    with pytest.raises(ContentError) as caught:
        read_table(path)
    return str(caught.value.problems[0])


def test_a_row_of_a_million_empty_cells_is_refused_before_openpyxl_reads_it(tmp_path):
    path = hostile_xlsx(tmp_path / "lieux.xlsx", ["<row r=\"1\">" + "<c/>" * 1_000_000 + "</row>"])
    assert path.stat().st_size < 10_000
    assert _message(path) == (
        "lieux.xlsx:1: fichier: tableau trop large (trouvé : 16385 colonnes ou plus ; attendu : 200 au plus). "
        "Supprimez les colonnes inutiles.")


def test_a_sheet_of_millions_of_cells_or_a_huge_text_is_refused(tmp_path):
    rows = ["<row>" + "<c/>" * 10_000 + "</row>"] * 101
    assert _message(hostile_xlsx(tmp_path / "cellules.xlsx", rows)) == (
        "cellules.xlsx:1: fichier: tableau trop grand (trouvé : plus de 1 000 000 cellules, vides comprises ; attendu "
        ": 1 000 000 au plus). Coupez-le en plusieurs fichiers, ou enregistrez-le en CSV UTF-8.")
    strings = "<sst>" + "<si><t>" + "x" * 2_000_000 + "</t></si>" + "</sst>"
    assert _message(hostile_xlsx(tmp_path / "textes.xlsx", ['<row><c t="s"><v>0</v></c></row>'], strings)).startswith(
        "textes.xlsx:1: fichier: fichier .xlsx trop gros (trouvé : plus de 16 millions de caractères de texte, ou une "
        "cellule de plus de 1024 Ko ; attendu : moins).")


def test_reading_a_hostile_xlsx_stays_under_200_megabytes(tmp_path):
    """Peak memory of a whole process that reads the file: Python, openpyxl and the scan."""
    path = hostile_xlsx(tmp_path / "lieux.xlsx", ["<row r=\"1\">" + "<c/>" * 1_000_000 + "</row>"])
    script = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from tierslieux.importing.table import read_table\n"
        "from tierslieux.problems import ContentError\n"
        "try:\n    read_table(Path(sys.argv[1]))\nexcept ContentError:\n    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    peak_kib = int(subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True,
                                  check=True).stdout)
    assert peak_kib < 200 * 1024
