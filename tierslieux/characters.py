"""Characters a contributor's text may not hold, and the key under which two names that look alike are one.

Control characters (C0 and C1, except tab and line feed) make XML outputs such as ``/flux.xml`` invalid and
libyaml refuse the file; bidirectional overrides and isolates make a text read otherwise than it is written;
invisible characters (zero-width space, joiners, soft hyphen…) in a name make two names that look the same
differ. ``frontmatter.read_document`` refuses the first two anywhere in a file, before YAML reads it, and in
values written with YAML escapes (``"\\e"``); ``content.py`` refuses the third in names. Every way in
(a file, ``make new``, ``make import``, the issue form) goes through both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from disarm import skeleton_key

from tierslieux.model import french_sort_key
from tierslieux.problems import Problem

# Control characters but tab and line feed; surrogates and the two non-characters libyaml refuses; bidi controls.
_REFUSED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_INVISIBLE_CATEGORIES = {"Cf", "Cs", "Co", "Cn", "Zl", "Zp"}  # format, private use, unassigned, separators
_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.MULTILINE)
BODY = "texte"  # the field named in problems about the Markdown text under the front matter


def refused_in_file(path: str, text: str, body_start: int, header: str) -> list[Problem]:
    """The first refused character of ``text`` (a whole file), located; from ``body_start`` on, ``text`` is the body."""
    found = _REFUSED.search(text)
    if found is None:
        return []
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - text.rfind("\n", 0, found.start())
    field = BODY if found.start() >= body_start else _key_above(text, found.start()) or header
    return [Problem(path, line, field, refused_message(found[0], f"colonne {column}"))]


def _key_above(text: str, position: int) -> str | None:
    """The top-level front matter key written on the line of ``position``, or on the closest line above."""
    keys = _TOP_LEVEL_KEY.findall(text, 0, text.find("\n", position) + 1 or len(text))
    return keys[-1] if keys else None


def refused_in_values(data: object, location: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(location, character) of each text of ``data``, keys included, that holds a refused character."""
    if isinstance(data, str):
        found = _REFUSED.search(data)
        if found:
            yield location, found[0]
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from refused_in_values(key, location + (key,))
            yield from refused_in_values(value, location + (key,))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from refused_in_values(item, location + (index,))


def refused_message(char: str, where: str = "") -> str:
    """Why ``char`` is refused, and how to remove it."""
    shown = f"{describe(char)}{', ' + where if where else ''}"
    if _BIDI.fullmatch(char):
        return (
            f"caractère de sens d'écriture refusé (trouvé : {shown} ; attendu : du texte sans caractère qui change "
            "le sens de lecture). Supprimez-le : il fait lire le texte autrement qu'il n'est écrit."
        )
    return (
        f"caractère de contrôle refusé (trouvé : {shown} ; attendu : du texte, des tabulations et des retours à "
        "la ligne). Supprimez-le : il vient souvent d'un copier-coller ; au besoin, retapez le texte autour."
    )


def invisible_in_name(text: str) -> str | None:
    """The first character of a name that shows nothing (zero-width space, joiner, soft hyphen…), if any."""
    if text.isprintable():  # Python's printable excludes every category refused here: the usual, quick answer
        return None
    return next((char for char in text if unicodedata.category(char) in _INVISIBLE_CATEGORIES), None)


def invisible_message(char: str) -> str:
    return (
        f"caractère invisible refusé dans un nom (trouvé : {describe(char)} ; attendu : des lettres, des chiffres, "
        "des espaces et des signes visibles). Supprimez-le : deux noms qui s'affichent pareil doivent s'écrire pareil."
    )


def describe(char: str) -> str:
    """'\\x1b' -> 'U+001B', '\\u202e' -> 'U+202E (RIGHT-TO-LEFT OVERRIDE)': never the character itself."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def name_key(text: str) -> str:
    """What a name looks like, for finding duplicates: compatibility forms, case, look-alike letters from other
    scripts (Unicode TR39 confusables), invisible characters, accents and spacing all set aside."""
    skeleton = skeleton_key(unicodedata.normalize("NFKC", text).casefold())  # case first: disarm reads I as l
    return " ".join(french_sort_key(skeleton)[0].split())


_SAINTS = {"st": "saint", "ste": "sainte"}  # how communes abbreviate, « St-Malo »


def commune_key(text: str) -> str:
    """One commune however written: « CHALON SUR SAÔNE », « Chalon-sur-Saône » and « St-Lô », « Saint Lô » are one.

    ``name_key`` without hyphens, spaces and apostrophes, « St » and « Ste » read as « Saint » and « Sainte »."""
    return "".join(_SAINTS.get(word, word) for word in re.findall(r"\w+", name_key(text)))
