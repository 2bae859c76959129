"""``tierslieux.importing.table``: an .xlsx streamed under caps before openpyxl builds a cell, in bounded memory."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from importing import HEADER, import_project, portraits, run, write_csv
from tierslieux.content import load_content
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
    assert _message(hostile_xlsx(tmp_path / "partages.xlsx", ['<row><c t="s"><v>0</v></c></row>'],
                                 "<sst>" + "<si/>" * 1_000_001 + "</sst>")) == (
        "partages.xlsx:1: fichier: fichier .xlsx trop gros (trouvé : plus de 1 000 000 textes partagés ; attendu : "
        "1 000 000 au plus, un par cellule). Coupez le tableau en plusieurs fichiers, ou enregistrez-le en CSV UTF-8.")
    for strings in ("<si><t>" + "x" * 2_000_000 + "</t></si>", ("<si><t>" + "x" * 900_000 + "</t></si>") * 40):
        assert _message(hostile_xlsx(tmp_path / "textes.xlsx", ['<row><c t="s"><v>0</v></c></row>'],
                                     f"<sst>{strings}</sst>")).startswith(
            "textes.xlsx:1: fichier: fichier .xlsx trop gros (trouvé : plus de 32 millions de caractères de texte "
            "partagés ou sur une ligne, ou une cellule de plus de 1024 Ko ; attendu : moins).")


@pytest.mark.parametrize("damage", ["deflate", "compression"])
def test_a_damaged_zip_is_a_message_not_a_traceback(tmp_path, damage):
    raw = bytearray(hostile_xlsx(tmp_path / "lieux.xlsx", ["<row><c t='inlineStr'><is><t>nom</t></is></c></row>"] * 50)
                    .read_bytes())
    if damage == "deflate":  # bytes flipped inside the sheet's compressed data
        start = raw.find(b"xl/worksheets/sheet1.xml") + 60
        raw[start:start + 20] = bytes(byte ^ 0x55 for byte in raw[start:start + 20])
    else:  # a compression method that zipfile does not know, in both headers of the first member
        for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
            at = raw.find(signature) + offset
            raw[at:at + 2] = (99).to_bytes(2, "little")
    (tmp_path / "lieux.xlsx").write_bytes(bytes(raw))
    assert _message(tmp_path / "lieux.xlsx").startswith(
        "lieux.xlsx:1: fichier: fichier .xlsx illisible (trouvé : un fichier que openpyxl ne sait pas lire (")


def test_an_archive_of_too_many_files_is_refused_before_zipfile_lists_them(tmp_path):
    with zipfile.ZipFile(tmp_path / "lieux.xlsx", "w") as archive:
        for number in range(10_001):
            archive.writestr(f"{number}", b"")
    assert _message(tmp_path / "lieux.xlsx") == (
        "lieux.xlsx:1: fichier: fichier .xlsx illisible (trouvé : plus de 10 000 fichiers dans l'archive ; attendu : "
        "quelques dizaines, comme l'écrit un tableur). Ouvrez-le dans le tableur et enregistrez-le à nouveau en .xlsx, "
        "ou en CSV UTF-8.")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="VmHWM: Linux's peak memory of a process")
@pytest.mark.parametrize("rows", [["<row r=\"1\">" + "<c/>" * 1_000_000 + "</row>"],
                                  ["<row>" + "<c><is>" + "<r/>" * 400_000 + "</is></c>" + "</row>"] * 3])
def test_reading_a_hostile_xlsx_stays_under_200_megabytes(tmp_path, rows):
    """Peak memory of a whole process that reads the file: Python, openpyxl and the scan (VmHWM, not ru_maxrss,
    which Linux carries over from the parent process)."""
    path = hostile_xlsx(tmp_path / "lieux.xlsx", rows)
    script = (
        "import re, sys\n"
        "from pathlib import Path\n"
        "from tierslieux.importing.table import read_table\n"
        "from tierslieux.problems import ContentError\n"
        "try:\n    read_table(Path(sys.argv[1]))\nexcept ContentError:\n    pass\n"
        "print(re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text())[1])\n")
    peak_kib = int(subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True,
                                  check=True).stdout)
    assert peak_kib < 200 * 1024


@pytest.fixture
def project(tmp_path) -> Path:
    return import_project(tmp_path)


_portraits, _run, _csv = portraits, run, write_csv


def test_a_windows_1252_file_with_semicolons_and_crlf_as_excel_saves_it(project, tmp_path, capsys):
    text = ("Nom;Région;Commune;Code postal;Latitude;Longitude;presentation_resume;Thèmes\r\n"
            "Forge numérique de l'Orne;Normandie;Alençon;61000;48,4329;0,0913;\"Un atelier; et des ordinateurs.\";"
            "numerique|fabrication\r\n")
    (tmp_path / "lieux.csv").write_bytes(text.encode("cp1252"))
    assert _run(project, tmp_path / "lieux.csv") == 0
    place = load_content(project).places[0]
    assert (place.slug, place.name, place.region, place.commune) == (
        "forge-numerique-de-l-orne", "Forge numérique de l'Orne", "normandie", "Alençon")
    assert (place.latitude, place.longitude, place.themes) == (48.4329, 0.0913, ("numerique", "fabrication"))
    assert capsys.readouterr().out == (
        "lieux.csv: le fichier est enregistré en Windows-1252 (l'ancien « CSV » d'Excel), pas en UTF-8 : il a été "
        "lu comme tel (c'est la seule lecture dont les mots n'ont pas de lettre brouillée) ; vérifiez les accents "
        "des fiches\n"
        "lieux.csv:2: portraits/forge-numerique-de-l-orne.md créé\n"
        "Réparé ou complété en passant (vérifiez au besoin) :\n"
        "    departement : déduit du code INSEE de la commune, ligne 2 (61001 donne 61)\n"
        "1 créé, 0 mis à jour, 0 inchangé.\n")


def test_an_xlsx_file_whose_postal_code_excel_turned_into_a_number(project, tmp_path, capsys):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["nom", "region", "commune", "code_postal", "departement", "telephone", "latitude", "longitude",
                  "presentation_resume", "date_maj"])
    sheet.append(["La Cabane de Bourg", "Auvergne-Rhône-Alpes", "Bourg-en-Bresse", 1000, 1, 474000000, 46.2052,
                  5.2255, "Un atelier de couture.", "4/05/2026"])
    workbook.save(tmp_path / "lieux.xlsx")
    assert _run(project, tmp_path / "lieux.xlsx") == 0
    place = load_content(project).places[0]
    assert (place.region, place.postal_code, place.departement, place.phone, place.latitude, str(place.updated)) == (
        "auvergne-rhone-alpes", "01000", "01", "0474000000", 46.2052, "2026-05-04")
    assert capsys.readouterr().out == (
        "lieux.xlsx:2: portraits/la-cabane-de-bourg.md créé\n"
        "Réparé ou complété en passant (vérifiez au besoin) :\n"
        "    code_postal : zéro initial rétabli (le tableur l'avait effacé), ligne 2 (1000 lu comme 01000)\n"
        "    departement : zéro initial rétabli (le tableur l'avait effacé), ligne 2 (1 lu comme 01)\n"
        "    telephone : zéro initial rétabli (le tableur l'avait effacé), ligne 2 (474000000 lu comme 0474000000)\n"
        "    date_maj : date écrite AAAA-MM-JJ, ligne 2 (4/05/2026 lu comme 2026-05-04)\n"
        "1 créé, 0 mis à jour, 0 inchangé.\n")


def test_a_headerless_file_without_mapping_is_told_how_to_name_its_columns(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, "Le Bocal,Albi,81000,Un tiers-lieu.")
    assert _run(project, spreadsheet) == 1
    assert capsys.readouterr().err.startswith(
        "lieux.csv:1: colonnes ignorées, qui ne sont ni des colonnes de /data/lieux.csv ni dans une correspondance : "
        "Le Bocal, Albi, 81000, Un tiers-lieu.\n"
        "lieux.csv:1: en-tête: aucune colonne reconnue (trouvé : les colonnes Le Bocal, Albi, 81000, Un tiers-lieu. ; "
        "attendu : des colonnes comme nom, commune, code_postal). Si la première ligne est déjà un lieu, décrivez les "
        "colonnes dans un fichier de correspondance (CORRESPONDANCE=…) avec entete: non : elles se nomment alors par "
        "leur lettre, A, B, C…\n")


def test_a_stray_windows_byte_in_a_utf_8_file_is_told_at_its_line_and_nothing_is_read(project, tmp_path, capsys):
    (tmp_path / "lieux.csv").write_bytes(
        (HEADER + "\nÉlan,bretagne,Rennes,35000,,48.11,-1.68,Un atelier.,\n").encode("utf-8")
        + b"L\x92Atelier,bretagne,Brest,29200,,48.39,-4.49,Un autre.,\n")
    assert _run(project, tmp_path / "lieux.csv") == 1
    assert capsys.readouterr().err.startswith(
        "lieux.csv:3: fichier: caractère illisible (trouvé : l'octet 0x92, au 2e caractère de la ligne, dans un fichier "
        "dont le reste est en UTF-8 ; attendu : un fichier tout entier en UTF-8). Corrigez le caractère de cette "
        "ligne, puis enregistrez le fichier au format « CSV UTF-8 » (Excel : Fichier, Enregistrer sous ; "
        "LibreOffice : jeu de caractères Unicode (UTF-8)).\n")
    assert _portraits(project) == {}


def test_cells_whose_accents_were_lost_upstream_are_refused(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, HEADER, "Cr\ufffdation num\ufffdrique,bretagne,Rennes,35000,,48.11,-1.68,Un atelier.,")
    assert _run(project, spreadsheet) == 1
    assert capsys.readouterr().err.startswith(
        "lieux.csv:2: nom: accents perdus avant l'import (trouvé : « Cr\ufffdation num\ufffdrique », où \ufffd remplace une "
        "lettre que le logiciel qui a produit le tableau n'a pas su écrire ; attendu : le texte avec ses lettres). "
        "Retapez les lettres manquantes dans la cellule, ou repartez du fichier d'origine.\n")


def test_accents_converted_twice_upstream_are_given_back_and_announced(project, tmp_path, capsys):
    spreadsheet = _csv(tmp_path, HEADER, "Ã‰lan numÃ©rique,bretagne,Rennes,35000,,48.11,-1.68,Un cafÃ© atelier.,")
    assert _run(project, spreadsheet) == 0
    place = load_content(project).places[0]
    assert (place.slug, place.name, place.summary) == ("elan-numerique", "Élan numérique", "Un café atelier.")
    assert capsys.readouterr().out == (
        "lieux.csv:2: portraits/elan-numerique.md créé\n"
        "Réparé ou complété en passant (vérifiez au besoin) :\n"
        "    nom : accents rétablis (le texte avait été converti d'un encodage à l'autre, « Ã© » ou « Ž » pour « é ») :\n"
        "        ligne 2 : « Ã‰lan numÃ©rique » lu comme « Élan numérique »\n"
        "    presentation_resume : accents rétablis (le texte avait été converti d'un encodage à l'autre, « Ã© » ou « Ž » "
        "pour « é ») :\n"
        "        ligne 2 : « Un cafÃ© atelier. » lu comme « Un café atelier. »\n"
        "    departement : déduit du code INSEE de la commune, ligne 2 (35238 donne 35)\n"
        "1 créé, 0 mis à jour, 0 inchangé.\n")


def _xlsx(tmp_path: Path, rows: list[list[object]], *, sheet_xml=None) -> Path:
    """An .xlsx file of ``rows``; ``sheet_xml`` rewrites the first sheet's XML."""
    import zipfile

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    path = tmp_path / "lieux.xlsx"
    workbook.save(path)
    if sheet_xml is not None:
        with zipfile.ZipFile(path) as source:
            parts = {name: source.read(name) for name in source.namelist()}
        parts["xl/worksheets/sheet1.xml"] = sheet_xml(parts["xl/worksheets/sheet1.xml"].decode()).encode()
        with zipfile.ZipFile(path, "w") as target:
            for name, data in parts.items():
                target.writestr(name, data)
    return path


XLSX_ROWS = [["nom", "region", "commune", "code_postal", "latitude", "longitude", "presentation_resume"],
             ["Atelier A", "bretagne", "Rennes", "35000", 48.11, -1.68, "Un atelier."]]


def test_an_xlsx_declaring_a_huge_dimension_is_read_as_the_cells_it_holds(project, tmp_path):
    path = _xlsx(tmp_path, XLSX_ROWS, sheet_xml=lambda xml: re.sub(r'<dimension ref="[^"]*"/>',
                                                                    '<dimension ref="A1:XFD1048576"/>', xml))
    sheet = read_table(path)
    assert (len(sheet.header), len(sheet.rows)) == (7, 1)
    assert _run(project, path) == 0


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
])
def test_an_xlsx_with_xml_entities_is_refused_with_a_message(project, tmp_path, capsys, doctype):
    path = _xlsx(tmp_path, XLSX_ROWS, sheet_xml=lambda xml: doctype + xml)
    assert _run(project, path) == 1
    assert capsys.readouterr().err.startswith(
        "lieux.xlsx:1: fichier: fichier .xlsx illisible (trouvé : des déclarations XML (DTD ou entités) qu'aucun "
        "tableur n'écrit ; attendu : un classeur enregistré par Excel ou LibreOffice). Ouvrez-le dans le tableur et "
        "enregistrez-le à nouveau en .xlsx, ou en CSV UTF-8.\n")


def test_a_file_that_is_not_an_xlsx_is_refused_with_a_message(project, tmp_path, capsys):
    (tmp_path / "lieux.xlsx").write_bytes(b"PK\x03\x04 pas un classeur")
    assert _run(project, tmp_path / "lieux.xlsx") == 1
    assert "fichier .xlsx illisible (trouvé : un fichier que openpyxl ne sait pas lire" in capsys.readouterr().err


def test_an_xlsx_that_unpacks_into_hundreds_of_megabytes_is_refused_before_it_is_parsed(project, tmp_path, capsys):
    import zipfile

    from tierslieux.importing.table import MAX_UNPACKED_BYTES

    path = _xlsx(tmp_path, XLSX_ROWS)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/zeros.bin", "w", force_zip64=True) as member:
            for _ in range(MAX_UNPACKED_BYTES // (1024 * 1024) + 1):
                member.write(bytes(1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    assert _run(project, path) == 1
    assert capsys.readouterr().err.startswith(
        "lieux.xlsx:1: fichier: fichier .xlsx trop gros une fois décompressé (trouvé : 201 Mo ; attendu : 200 Mo au "
        "plus). Enregistrez-le en CSV UTF-8, ou coupez-le en plusieurs fichiers.\n")


def _workbook(tmp_path: Path) -> Path:
    """A workbook as national lists publish them: a sheet about the data first, then the data."""
    workbook = openpyxl.Workbook()
    workbook.active.title = "Meta"
    workbook.active.append(["Compilation des données :", "une équipe"])
    data = workbook.create_sheet("Lieux")
    data.append(["nom", "region", "commune", "code_postal", "latitude", "longitude", "presentation_resume"])
    data.append(["La Cordée", "53", "Rennes", "35000", 48.11, -1.68, "Un coworking."])
    workbook.save(tmp_path / "lieux.xlsx")
    return tmp_path / "lieux.xlsx"


def test_the_first_sheet_whose_columns_are_recognised_is_read_and_named(project, tmp_path, capsys):
    assert _run(project, _workbook(tmp_path)) == 0
    assert [place.name for place in load_content(project).places] == ["La Cordée"]
    assert capsys.readouterr().out.splitlines()[0] == (
        "lieux.xlsx: classeur de 2 feuilles : la feuille « Lieux » est lue, la première dont des colonnes sont "
        "reconnues (« Meta » ne l'est pas) ; pour en lire une autre, nommez-la dans le fichier de correspondance : "
        "feuille: …")


def test_a_mapping_names_the_sheet_to_read(project, tmp_path, capsys):
    path = _workbook(tmp_path)
    (tmp_path / "feuille.yml").write_text("feuille: Lieux\n", encoding="utf-8")
    assert _run(project, path, "--correspondance", str(tmp_path / "feuille.yml")) == 0
    (tmp_path / "feuille.yml").write_text("feuille: Données\n", encoding="utf-8")
    assert _run(project, path, "--correspondance", str(tmp_path / "feuille.yml")) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "lieux.xlsx:1: fichier: feuille absente du classeur (trouvé : « Données » ; attendu : une des feuilles Meta, "
        "Lieux). Corrigez le nom de la feuille dans le fichier de correspondance.")
