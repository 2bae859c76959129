"""Stage 7 of ``make import``: what each row does to ``portraits/``, checked with every other file before any write.

A new place gets the template's front matter (``modeles/portrait.md``) without its placeholder text; an update sets
the fields whose value changes and keeps the rest of the file, and says, field by field, what it was and what it
becomes. All the new texts are checked together with the other files, in memory (``content.problems_if_written``);
their problems are told at the spreadsheet's row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tierslieux.content import PORTRAITS_DIR, problems_if_written
from tierslieux.files import MAX_FILE_BYTES
from tierslieux.frontmatter import read_document
from tierslieux.importing.mapping import BODY, Sheet
from tierslieux.importing.normalise import COLUMN_OF, REQUIRED, Row
from tierslieux.placeholder import is_unwritten
from tierslieux.problems import ContentError, Problem
from tierslieux.scaffold import TEMPLATE, set_fields

_QUOTES_ADVICE = re.compile(r",? entre guillemets(?= ?[:;)])|(?i:entre guillemets, )(?=par exemple)")
_SHOWN_CHARS = 60  # of a value, in the lines that say what an update changes


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
    front = (root / TEMPLATE).read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n"
    changes = []
    for row in rows:
        if row.existing:
            changes.append(_update(root, row))
        else:
            given = {name: value for name, value in row.values.items() if value is not None}
            text = set_fields(front, given) + (f"\n{row.body.strip()}\n" if row.body else "")
            changes.append(Change(row.number, row.slug, text, None, tuple(given), tuple(row.notes)))
    return changes


def _update(root: Path, row: Row) -> Change:
    before = (root / PORTRAITS_DIR / f"{row.slug}.md").read_text(encoding="utf-8")
    document, _ = read_document(f"{PORTRAITS_DIR}/{row.slug}.md", before)
    changed = {name: value for name, value in row.values.items()  # an empty cell keeps a required field
               if document.data.get(name) != value and (value is not None or name not in REQUIRED)}
    notes = [*row.notes, *(_what_changes(name, document.data.get(name), value) for name, value in changed.items())]
    text = set_fields(before, changed)
    if row.body and row.body.strip() != document.body.strip():
        if is_unwritten(document.body):
            text = _with_body(text, row.body)
            changed[BODY] = row.body
            notes.append(f"{BODY} : le portrait, qui n'était pas écrit, est rempli")
        else:
            notes.append(f"{BODY} : le portrait déjà écrit dans la fiche est gardé")
    return Change(row.number, row.slug, text, before, tuple(changed), tuple(notes))


def _what_changes(name: str, before: object, after: object) -> str:
    """« telephone : 02 99 00 00 00 → 02 99 11 11 11 »: one field of an update, by our column's name."""
    return f"{COLUMN_OF.get(name, name)} : {_shown(before)} → {_shown(after)}"


def _shown(value: object) -> str:
    if value is None or value == []:
        return "(vide)"
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS - 1] + "…"


def _with_body(text: str, body: str) -> str:
    front, _, _ = text.partition("\n---\n")
    return f"{front}\n---\n\n{body.strip()}\n"


def checked(root: Path, rows: list[Row], sheet: Sheet) -> list[Change]:
    """The changes of the rows that pass every check with all the other files; the others' problems are told.

    Every row is checked, even one with problems of its own, so that all of its problems are told at once. Leaving
    refused rows out cannot give the others a problem: the checks across files only find pairs (duplicates, former
    names), and both rows of a pair are refused.
    """
    changes = plan(root, rows)
    found = _size_problems(changes, sheet)
    too_big = {problem.line for problem in found}
    texts = {change.slug: change.text for change in changes if change.text != change.before and change.row not in too_big}
    refused = {problem.line for problem in sheet.problems}
    told = {row.number: row for row in rows if row.number in refused}
    found += sheet_problems(problems_if_written(root, texts), changes, sheet, told)
    if any(problem.path != sheet.name for problem in found):  # another file would break: nothing can be written
        raise ContentError(sheet.problems + found)
    sheet.problems += found
    refused |= {problem.line for problem in found}
    return [change for change in changes if change.row not in refused]


def _size_problems(changes: list[Change], sheet: Sheet) -> list[Problem]:
    return [Problem(sheet.name, change.row, "fiche", (
        f"fiche trop grosse (trouvé : {len(change.text.encode()) // 1024} Ko ; attendu : {MAX_FILE_BYTES // 1024} Ko "
        "au plus, la limite de make check). Raccourcissez les textes longs de cette ligne."
    )) for change in changes if len(change.text.encode()) > MAX_FILE_BYTES]


def sheet_problems(problems: list[Problem], changes: list[Change], sheet: Sheet,
                   told: dict[int, Row] | None = None) -> list[Problem]:
    """Problems of the written files told at the spreadsheet's row and column; others kept as they are.

    A row in ``told`` already has problems of its own: the check's problems that only follow from them (a field
    left empty by a refused cell, coordinates that geocoding could not give) are not told twice.
    """
    rows = {f"{PORTRAITS_DIR}/{change.slug}.md": change.row for change in changes}
    told = told or {}
    kept = []
    for problem in problems:
        if problem.path not in rows:
            kept.append(problem)
            continue
        field_name = re.split(r"[.\[]", problem.field, maxsplit=1)[0]
        row = told.get(rows[problem.path])
        if row is not None and (field_name in ("latitude", "longitude") or row.values.get(field_name) is None):
            continue
        column = COLUMN_OF.get(field_name, "nom")
        kept.append(Problem(sheet.name, rows[problem.path], sheet.origins.get(column, column),
                            _for_cells(problem.message)))
    return kept


def _for_cells(message: str) -> str:
    """A check's message without its advice on YAML quotes, which a spreadsheet cell does not need."""
    return _QUOTES_ADVICE.sub("", message).replace("entre guillemets, par exemple", "par exemple")
