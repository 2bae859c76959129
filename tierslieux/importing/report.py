"""What ``make import`` prints: each row's file and what changes in it, the repairs, the problems summed up.

Every line printed goes through ``problems.printable``: a column name or a geocoder's label that holds an escape
sequence is shown as « U+001B », never obeyed by the terminal.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tierslieux.content import PORTRAITS_DIR
from tierslieux.importing.plan import Change
from tierslieux.problems import Problem, printable
from tierslieux.repairs import Repair


@dataclass(frozen=True)
class Imported:
    changes: list[Change]  # one per row written or unchanged
    ignored: tuple[str, ...]  # columns of the spreadsheet that fill no field
    notes: tuple[str, ...] = ()  # about the whole file
    repairs: tuple[tuple[int, str, Repair], ...] = ()  # (row, column, repair) of the rows written
    problems: tuple[Problem, ...] = ()  # of the rows refused with PARTIEL=oui
    to_fix: Path | None = None  # where those rows were copied


def spans(numbers: list[int]) -> str:
    """[2, 3, 4, 7] -> '2 à 4, 7'."""
    found: list[list[int]] = []
    for number in sorted(numbers):
        if found and number == found[-1][1] + 1:
            found[-1][1] = number
        else:
            found.append([number, number])
    return ", ".join(f"{first} à {last}" if last > first + 1 else ", ".join(map(str, range(first, last + 1)))
                     for first, last in found)


def set_aside_note(rows: list[int]) -> str | None:
    """What became of the bare identifiers of another list (``match``), once for the file."""
    if not rows:
        return None
    return (f"identifiants mis de côté, lignes {spans(rows)} : ce sont ceux d'une autre liste, qui ne nomme pas sa "
            "source ; ils ne retrouvent aucun lieu et ne sont pas gardés (les lieux sont retrouvés par leur nom dans "
            "leur commune). Pour les garder, donnez un fichier de correspondance avec la ligne « source: "
            "nom-de-la-liste » (CORRESPONDANCE=…)")


def summary(problems: list[Problem]) -> str:
    """Every problem, then how many of each kind, then the rows to fix."""
    kinds = Counter(problem.message.split(" (", 1)[0].split(" : ", 1)[0] for problem in problems)
    files = {problem.path for problem in problems}
    rows = sorted({problem.line for problem in problems if problem.line > 1 or len(files) > 1})
    lines = [str(problem) for problem in sorted(problems)]
    count = len(problems)
    lines.append(f"En tout : {count} problème{'s' * (count > 1)}" + (
        f", sur {len(rows)} ligne{'s' * (len(rows) > 1)} du tableau" if len(files) == 1 and rows else "") + ".")
    lines += [f"  {number} × {kind}" for kind, number in sorted(kinds.items(), key=lambda item: (-item[1], item[0]))]
    if len(files) == 1 and rows:
        lines.append(f"Lignes à corriger : {spans(rows)}.")
    return printable("\n".join(lines))


def preamble(notes: tuple[str, ...], ignored: tuple[str, ...], name: str) -> list[str]:
    """What the import assumed about the whole file: printed whether it succeeds or fails."""
    lines = [f"{name}: {note}" for note in notes]
    if ignored:
        lines.append(f"{name}:1: colonnes ignorées, qui ne sont ni des colonnes de /data/lieux.csv ni dans une "
                     f"correspondance : {', '.join(ignored)}")
    return lines


def report(imported: Imported, name: str) -> str:
    """What the import did, file by file and field by field, then the repairs, then the counts."""
    changes = imported.changes
    lines = preamble(imported.notes, imported.ignored, name)
    for change in changes:
        what = "créé" if change.before is None else "mis à jour" if change.text != change.before else "inchangé"
        lines.append(f"{name}:{change.row}: {PORTRAITS_DIR}/{change.slug}.md {what}")
        lines += [f"    {note}" for note in change.notes]
    lines += _repairs(imported.repairs)
    created = sum(change.before is None for change in changes)
    updated = sum(change.before is not None and change.text != change.before for change in changes)
    same = len(changes) - created - updated
    lines.append(f"{created} créé{'s' * (created > 1)}, {updated} mis à jour, {same} inchangé{'s' * (same > 1)}.")
    return printable("\n".join(lines))


def _repairs(repairs: tuple[tuple[int, str, Repair], ...]) -> list[str]:
    """Each kind of repair once, with its rows and one example; or every example, for garbled letters."""
    grouped: dict[tuple[str, str], list[tuple[int, Repair]]] = {}
    for number, column, repair in repairs:
        grouped.setdefault((column, repair.what), []).append((number, repair))
    if not grouped:
        return []
    lines = ["Réparé ou complété en passant (vérifiez au besoin) :"]
    for (column, what), found in grouped.items():
        if found[0][1].each:
            lines.append(f"    {column} : {what} :")
            lines += [f"        ligne {number} : {repair.example}" for number, repair in found]
            continue
        rows = spans([number for number, _ in found])
        example = f"par exemple {found[0][1].example}" if len(found) > 1 else found[0][1].example
        lines.append(f"    {column} : {what}, ligne{'s' * (len(found) > 1)} {rows} ({example})")
    return lines
