"""The checks of the national identifiers a portrait may hold, beyond their format in the schema: a SIRET's control
key (python-stdnum), a ``code_insee`` that belongs to the postcode (the official table of ``communes.py``), opening
hours that OpenStreetMap's parser reads (``hours.py``).

Called by ``content.py`` for each document, after the schema: a value the schema refuses is the schema's to explain.
"""

from __future__ import annotations

import re

from stdnum.fr import siret

from tierslieux.communes import commune_by_code, commune_code, communes_of
from tierslieux.frontmatter import Document
from tierslieux.hours import hours_error
from tierslieux.problems import Problem

_SIRET = re.compile(r"[0-9]{14}")
_CODE_INSEE = re.compile(r"([013-9][0-9]|2[AB1-9])[0-9]{3}")
_POSTAL_CODE = re.compile(r"[0-9]{5}")
SIRET_DIRECTORY = "https://annuaire-entreprises.data.gouv.fr/"
COMMUNE_SEARCH = "https://www.insee.fr/fr/recherche/recherche-geographique"


def registry_problems(document: Document) -> list[Problem]:
    """The problems of a portrait's ``siret``, ``code_insee`` and ``horaires_osm``."""
    data = document.data if isinstance(document.data, dict) else {}
    found = [
        ("siret", _siret_message(data.get("siret"))),
        ("code_insee", _code_message(data.get("code_insee"), data.get("postal_code"), data.get("commune"))),
        ("horaires_osm", hours_error(data["horaires_osm"]) if _text(data.get("horaires_osm")) else None),
    ]
    return [Problem(document.path, document.line_of((field,)), field, message) for field, message in found if message]


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _siret_message(value: object) -> str | None:
    if not isinstance(value, str) or not _SIRET.fullmatch(value) or siret.is_valid(value):
        return None
    return (
        f"SIRET invalide (trouvé : \"{value}\", dont la clé de contrôle est fausse ; attendu : les 14 chiffres du "
        f"SIRET de l'établissement). Recopiez-le depuis {SIRET_DIRECTORY} : un chiffre est faux ou deux sont inversés."
    )


def _code_message(code: object, postal_code: object, commune: object) -> str | None:
    if not (isinstance(code, str) and _CODE_INSEE.fullmatch(code)):
        return None
    found = commune_by_code(code)
    if found is None:
        return (
            f"code INSEE inconnu (trouvé : \"{code}\" ; attendu : le code officiel d'une commune d'aujourd'hui). "
            f"Cherchez-le sur {COMMUNE_SEARCH}, ou supprimez la ligne : le site le déduit de la commune et du code "
            "postal."
        )
    if not (isinstance(postal_code, str) and _POSTAL_CODE.fullmatch(postal_code)) or postal_code in found.postal_codes:
        return None
    return (
        f"code INSEE d'une autre commune (trouvé : \"{code}\", le code de {found.name}, qui n'a pas le code postal "
        f"{postal_code} ; attendu : {_expected_code(postal_code, commune)}). Corrigez le code INSEE ou le code postal."
    )


def _expected_code(postal_code: str, commune: object) -> str:
    code = commune_code(commune, postal_code) if isinstance(commune, str) else None
    if code is not None:
        return f"le code de {commune}, \"{code}\""
    names = communes_of(postal_code)
    if not names:
        return f"le code d'une commune du code postal {postal_code}, que la table officielle ne connaît pas"
    return f"le code d'une commune du code postal {postal_code} : {', '.join(names)}"
