"""Stage 8 of ``make import``: files replaced whole, never written through a link, and the refused rows to fix.

Each portrait is first written to a new file of ``.import-tmp/`` (created by ``mkstemp``: exclusive, never an
existing name nor a link), then renamed over its target, which replaces the directory entry and follows no link:
an interrupted import leaves only whole portraits, and its leftovers in a folder that git ignores and the next
import empties first. ``.a-corriger.csv`` is made the same way beside the spreadsheet; every cell of it, the
header's included, is kept from running as a formula.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import tempfile
from pathlib import Path

from tierslieux.exports import csv_cell
from tierslieux.importing.mapping import PROBLEM_COLUMN
from tierslieux.importing.table import Table
from tierslieux.problems import Problem

TEMPORARY_DIR = ".import-tmp"
TO_FIX = ".a-corriger"  # the refused rows of lieux.csv go to lieux.a-corriger.csv
_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")


def fresh_temporary_dir(root: Path) -> Path:
    """``.import-tmp/`` emptied of what an interrupted import left; a link or a file of that name is removed."""
    folder = root / TEMPORARY_DIR
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.is_dir():
        shutil.rmtree(folder)
    folder.mkdir(mode=0o700)
    return folder


def write_atomically(path: Path, text: str, folder: Path | None = None) -> None:
    """Write ``path`` whole or not at all: a new file in ``folder`` (beside ``path`` if None), then a rename."""
    descriptor, temporary = tempfile.mkstemp(dir=folder or path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(text.encode("utf-8"))
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def to_fix_path(path: Path) -> Path:
    return path.with_name(f"{path.stem.removesuffix(TO_FIX)}{TO_FIX}.csv")


def write_to_fix(path: Path, table: Table, problems: list[Problem]) -> Path:
    """The refused rows as they were, with a column saying what to fix, beside the spreadsheet: to fix and import."""
    target = to_fix_path(path)
    messages: dict[int, list[str]] = {}
    for problem in sorted(problems):
        messages.setdefault(problem.line, []).append(f"{problem.field} : {problem.message}")
    header = [name for name in table.header if name != PROBLEM_COLUMN]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    if table.has_header:
        writer.writerow([csv_cell(name, "text") for name in [*header, PROBLEM_COLUMN]])
    for number, cells in table.rows:
        if number in messages:
            told = f"{path.name}, ligne {number} : " + " | ".join(messages[number])  # its number in the first file
            writer.writerow([_to_fix_cell(cells.get(name, "")) for name in header] + [csv_cell(told, "text")])
    write_atomically(target, "\ufeff" + buffer.getvalue())
    return target


def _to_fix_cell(text: str) -> str:
    """A cell as the spreadsheet had it; a number stays a number, other text is kept from running as a formula."""
    return text if _NUMBER.fullmatch(text) else csv_cell(text, "text")
