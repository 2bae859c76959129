"""The checks of one region or portrait that the schema can't express: names on one line with no invisible
character, no text of spaces only, no date to come, a region's bounds the right way round and wide enough.

Called by ``content.py`` on each document it reads, after the schema's own check.
"""

from __future__ import annotations

from datetime import date, timedelta

from tierslieux.characters import invisible_in_name, invisible_message
from tierslieux.frontmatter import Document, dotted
from tierslieux.model import MIN_SPAN, is_finite_number
from tierslieux.problems import Problem

NAME_FIELDS = ("name", "commune")  # compared to find duplicates: no invisible character
# What a text of spaces only should have held, for the texts a page shows as its title or its first words.
_VISIBLE_FIELDS = {"name": "un nom", "commune": "le nom de la commune", "summary": "une ou deux phrases"}


def document_problems(document: Document) -> list[Problem]:
    """Every problem of these checks in one document."""
    return (_invisible_problems(document) + _blank_problems(document) + _future_problems(document)
            + _bounds_problems(document))


def _invisible_problems(document: Document) -> list[Problem]:
    """Names and communes are one line, with no character that shows nothing: two names that look alike must be
    written alike."""
    problems = []
    for field in NAME_FIELDS:
        value = document.data.get(field) if isinstance(document.data, dict) else None
        message = _name_character_message(value) if isinstance(value, str) else None
        if message is not None:  # only then the line: finding it reads the file's YAML again, node by node
            problems.append(Problem(document.path, document.line_of((field,)), field, message))
    return problems


def _name_character_message(value: str) -> str | None:
    if "\n" in value:
        return ("nom sur plusieurs lignes (trouvé : un retour à la ligne ; attendu : un nom sur une seule ligne). "
                "Écrivez-le d'un seul tenant, avec des espaces entre les mots.")
    if "\t" in value:
        return ("tabulation dans un nom (trouvé : une tabulation ; attendu : des espaces entre les mots). "
                "Remplacez-la par une espace.")
    char = invisible_in_name(value)
    return None if char is None else invisible_message(char)


def _blank_problems(document: Document) -> list[Problem]:
    """Every text holds something to read, not only spaces: a name, a summary, a photo's alternative text…"""
    return [
        Problem(document.path, document.line_of(location), dotted(location), (
            f"valeur vide (trouvé : seulement des espaces ; attendu : {_VISIBLE_FIELDS[location[0]]}). Remplacez les "
            "espaces par le texte."
            if location[0] in _VISIBLE_FIELDS else
            "valeur vide (trouvé : seulement des espaces ; attendu : un texte). Écrivez le texte, ou supprimez la "
            "ligne si le champ est facultatif."
        ))
        for location in _blank_texts(document.data)
    ]


def _blank_texts(data: dict | list, location: tuple = ()) -> list[tuple]:
    """The location of each text of ``data`` made of spaces only (an empty text is the schema's to explain).

    A location is made only for a text found: thousands of portraits hold hundreds of thousands of texts.
    """
    found = []
    for key, value in data.items() if isinstance(data, dict) else enumerate(data):
        if isinstance(value, str):
            if value.isspace():
                found.append((*location, key))
        elif isinstance(value, (dict, list)):
            found += _blank_texts(value, (*location, key))
    return found


def _future_problems(document: Document) -> list[Problem]:
    """An ``updated`` date is not after tomorrow (the contributor's day may be ahead of the build's)."""
    value = document.data.get("updated") if isinstance(document.data, dict) else None
    try:
        day = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:  # the schema says why
        return []
    if day is None or day <= date.today() + timedelta(days=1):
        return []
    return [Problem(document.path, document.line_of(("updated",)), "updated", (
        f"date à venir (trouvé : \"{value}\" ; attendu : la date de la dernière mise à jour, aujourd'hui au plus "
        "tard). Écrivez la date du jour où la fiche a été modifiée, au format AAAA-MM-JJ."
    ))]


def _bounds_problems(document: Document) -> list[Problem]:
    """A region's ``bounds`` go from its south-west corner to its north-east one, at least ``MIN_SPAN`` apart."""
    bounds = document.data.get("bounds") if isinstance(document.data, dict) else None
    try:
        (south, west), (north, east) = bounds
    except (TypeError, ValueError):  # the schema says what is wrong
        return []
    if not all(is_finite_number(value) for value in (south, west, north, east)):
        return []
    found = f"trouvé : [[{south}, {west}], [{north}, {east}]]"
    if not (south < north and west < east):
        return [Problem(document.path, document.line_of(("bounds",)), "bounds", (
            f"emprise à l'envers ({found} ; attendu : le coin sud-ouest, puis le coin nord-est, [[latitude sud, "
            "longitude ouest], [latitude nord, longitude est]]). Échangez les nombres qui sont à l'envers."))]
    if north - south < MIN_SPAN or east - west < MIN_SPAN:
        return [Problem(document.path, document.line_of(("bounds",)), "bounds", (
            f"emprise trop petite ({found} ; attendu : au moins 0,01° de latitude et de longitude entre les deux "
            "coins, environ un kilomètre). Donnez les coins de toute la région."))]
    return []
