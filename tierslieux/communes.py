"""The official table of communes: the INSEE code of each commune, its name, its postcodes and its département.

``data/communes.csv.gz`` is derived from ``@etalab/decoupage-administratif`` (INSEE's code officiel géographique and
La Poste's base officielle des codes postaux, Licence Ouverte; see ``licences/communes.txt``) by ``python -m
tierslieux.communes communes.json``. A commune déléguée or associée is a row of its own, under its name and with the
code and postcodes of the commune it belongs to now: « Cherbourg-Octeville » is found as Cherbourg-en-Cotentin.

Read once per process, at the first question, into dictionaries: a check of thousands of portraits asks in constant
time. Called by ``content.py`` (a ``code_insee`` that is not its postcode's), ``notices.py`` (a commune the table does
not know) and the national exports (``place_code_insee``). Nothing is guessed: a name that matches no commune of its
postcode has no code.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tierslieux.characters import commune_key
from tierslieux.model import Place

COMMUNES_FILE = Path(__file__).resolve().parent.parent / "data" / "communes.csv.gz"
HEADER = ("code_insee", "nom", "codes_postaux", "departement", "statut")
CURRENT = "actuelle"  # the ``statut`` of a commune that exists today; the others are « déléguée » or « associée »
_FORMER = {"commune-deleguee": "déléguée", "commune-associee": "associée"}


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    postal_codes: tuple[str, ...]
    departement: str


@dataclass(frozen=True)
class _Table:
    by_code: dict[str, Commune]  # current communes only
    by_postal_code: dict[str, list[tuple[str, str, bool]]]  # postcode -> (name, code, current), former names included


@cache
def _table() -> _Table:
    """The whole table, read once; names are folded only for the postcodes asked about (a tenth of a second less)."""
    by_code: dict[str, Commune] = {}
    by_postal_code: dict[str, list[tuple[str, str, bool]]] = {}
    with gzip.open(COMMUNES_FILE, "rt", encoding="utf-8", newline="") as file:
        rows = csv.reader(file)
        next(rows)  # the header
        for code, name, postal_codes, departement, status in rows:
            codes = tuple(postal_codes.split())
            if status == CURRENT:
                by_code[code] = Commune(code, name, codes, departement)
            for postal_code in codes:
                by_postal_code.setdefault(postal_code, []).append((name, code, status == CURRENT))
    return _Table(by_code, by_postal_code)


@cache
def _codes_by_name(postal_code: str) -> dict[str, str]:
    """Folded name -> INSEE code, for the communes of one postcode (a current commune first, then former names)."""
    found: dict[str, str] = {}
    for name, code, _current in sorted(_table().by_postal_code.get(postal_code, ()), key=lambda row: not row[2]):
        found.setdefault(commune_key(name), code)
    return found


def commune_code(commune: str, postal_code: str) -> str | None:
    """The INSEE code of the commune named ``commune`` that has ``postal_code``, or None when the table has none."""
    return _codes_by_name(postal_code).get(commune_key(commune))


def communes_of(postal_code: str) -> tuple[str, ...]:
    """The names of the current communes that have ``postal_code``, in the table's order."""
    return tuple(name for name, _, current in _table().by_postal_code.get(postal_code, ()) if current)


def commune_by_code(code: str) -> Commune | None:
    """The current commune of an INSEE code, or None (an unknown or former code)."""
    return _table().by_code.get(code)


def place_code_insee(place: Place) -> str | None:
    """The place's ``code_insee``, else the one the table gives for its commune and postcode, else None."""
    return place.code_insee or commune_code(place.commune, place.postal_code)


def table_rows(communes: list[dict]) -> list[tuple[str, str, str, str, str]]:
    """The rows of ``data/communes.csv.gz`` from the ``communes.json`` of ``@etalab/decoupage-administratif``."""
    current = {item["code"]: item for item in communes if item["type"] == "commune-actuelle"}
    rows = [(code, item["nom"], " ".join(item.get("codesPostaux", ())), item["departement"], CURRENT)
            for code, item in current.items()]
    for item in communes:
        parent = current.get(item.get("chefLieu", ""))
        if item["type"] in _FORMER and parent is not None and commune_key(item["nom"]) != commune_key(parent["nom"]):
            rows.append((parent["code"], item["nom"], " ".join(parent.get("codesPostaux", ())), parent["departement"],
                         _FORMER[item["type"]]))
    return sorted(set(rows))


def write_table(source: Path, target: Path = COMMUNES_FILE) -> int:
    """Write the compact table from ``source`` (``communes.json``); the same source gives the same bytes."""
    rows = table_rows(json.loads(source.read_text(encoding="utf-8")))
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    target.write_bytes(gzip.compress(text.getvalue().encode("utf-8"), compresslevel=9, mtime=0))
    return len(rows)


if __name__ == "__main__":
    print(f"{write_table(Path(sys.argv[1]))} lignes écrites dans {COMMUNES_FILE}.")
