"""Stage 1 of ``make import``: a file's bytes as text, and a cell's text given back its letters.

A CSV comes as UTF-8 (with or without a byte order mark), UTF-16 with its mark, Windows-1252 (the old « CSV » of
Excel) or Mac Roman (« CSV (Macintosh) » of Excel for Mac). The readings that decode are judged by the text they
produce: ftfy's badness measure (the marks of UTF-8 read as another encoding, « Ã© », « â€™ ») plus the marks of
the two 8-bit encodings read as each other (« CrŽaTech », « CrÈaTech »: a sign or a capital between small
letters). The reading without such marks wins and is announced; else the one with clearly fewer, whose marked cells
are then refused at their row; a file whose readings tie is refused, never guessed. A cell that holds such marks (pasted from a file converted twice) is given back its letters with
a repair that quotes it before and after, or refused at its row and column.
"""

from __future__ import annotations

import codecs
import re

from ftfy import fix_encoding
from ftfy.badness import badness

from tierslieux.repairs import Repair, Unrepairable

LOST_CHARACTER = "\ufffd"  # what a program writes in place of a letter it could not read
# The 8-bit readings, in the order ties are settled: the most common first. UTF-8 comes before both.
READINGS = (("cp1252", "Windows-1252 (l'ancien « CSV » d'Excel)"),
            ("mac_roman", "Mac Roman (le « CSV (Macintosh) » d'Excel pour Mac)"))
_LOWER = "a-zß-öø-ÿœ"
# A sign or a capital with an accent between two small letters: « CrŽaTech » (Mac Roman read as Windows-1252),
# « CrÈaTech » or « EngagÈ∑e » (Windows-1252 read as Mac Roman). French writes none of these inside a word.
_MISREAD = re.compile(f"(?<=[{_LOWER}])[ŽžŠšƒˆ˜‰™‡∑∂√≈∆∞ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜ](?=[{_LOWER}])")
_WORD_BREAKS = re.compile(r"[ \t\r\n;,\"]+")  # not the no-break space: « Ã\xa0 » is an « à » converted twice
_FIX_ACCENTS = "accents rétablis (le texte avait été converti d'un encodage à l'autre, « Ã© » ou « Ž » pour « é »)"


class Undecodable(ValueError):
    """A file no encoding reads cleanly: ``line`` is where, the message says what and how to fix it, in French."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def misreadings(text: str) -> int:
    """How many marks of a wrong encoding ``text`` holds: 0 for a text that reads right."""
    return badness(text) + len(_MISREAD.findall(text))


def decoded(raw: bytes) -> tuple[str, str | None]:
    """The text of a file, and the note to print when it was not UTF-8; raises Undecodable."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _utf16(raw), "le fichier est enregistré en UTF-16 : il a été lu comme tel"
    if raw.startswith(codecs.BOM_UTF8):
        return _utf8(raw[len(codecs.BOM_UTF8):]), None  # the mark says UTF-8: no other reading is tried
    if raw[:2000].count(b"\x00") > len(raw[:2000]) // 4:
        raise Undecodable(1, (
            "fichier en UTF-16 sans marque d'ordre des octets (trouvé : un octet nul sur deux ; attendu : un CSV en "
            "UTF-8). Enregistrez le fichier au format « CSV UTF-8 » (Excel : Fichier, Enregistrer sous ; LibreOffice : "
            "jeu de caractères Unicode (UTF-8))."
        ))
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        failure = error
    readings = [(_garbled_words(text), index, encoding, label, text)
                for index, (encoding, label) in enumerate(READINGS) if (text := _or_none(raw, encoding)) is not None]
    best, *others = sorted(readings) or [None]
    if best is not None and best[0] == 0:
        return best[4], (f"le fichier est enregistré en {best[3]}, pas en UTF-8 : il a été lu comme tel (c'est la seule "
                         "lecture dont les mots n'ont pas de lettre brouillée) ; vérifiez les accents des fiches")
    if re.search(rb"[\xc2-\xf4][\x80-\xbf]", raw):  # letters written in UTF-8: a stray byte in a UTF-8 file
        raise _stray_byte(raw, failure.start)
    if best is not None and all(best[0] < other[0] for other in others):
        return best[4], (f"le fichier est enregistré en {best[3]}, pas en UTF-8 : il a été lu comme tel (c'est la "
                         "lecture dont le moins de mots ont des lettres brouillées ; ceux-là sont signalés à leur "
                         "cellule) ; vérifiez les accents des fiches")
    raise _uncertain(readings)


def _garbled_words(text: str) -> int:
    """How many of the different words of ``text`` that are not plain ASCII hold marks of a wrong encoding: a file's
    thousand « Rennes » are read once, and its « é » judged in the words that hold them."""
    words = {word for word in _WORD_BREAKS.split(text) if not word.isascii()}
    return misreadings("\n".join(sorted(words)))


def _or_none(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def _utf16(raw: bytes) -> str:
    try:
        return raw.decode("utf-16")  # the mark says which byte comes first, and is removed
    except UnicodeDecodeError:
        raise Undecodable(1, (
            "fichier UTF-16 illisible (trouvé : une marque UTF-16 puis des octets qui n'en sont pas ; attendu : un CSV "
            "en UTF-8). Enregistrez le fichier au format « CSV UTF-8 »."
        )) from None


def _utf8(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _stray_byte(raw, error.start) from None


def _stray_byte(raw: bytes, start: int) -> Undecodable:
    """Where a UTF-8 file holds a byte that is not UTF-8: its line, and its place in characters (after the mark)."""
    line_start = raw.rfind(b"\n", 0, start) + 1
    column = len(raw[line_start:start].decode("utf-8", errors="replace")) + 1
    return Undecodable(raw.count(b"\n", 0, start) + 1, (
        f"caractère illisible (trouvé : l'octet {raw[start]:#04x}, au {column}e caractère de la ligne, dans un fichier "
        "dont le reste est en UTF-8 ; attendu : un fichier tout entier en UTF-8). Corrigez le caractère de cette "
        "ligne, puis enregistrez le fichier au format « CSV UTF-8 » (Excel : Fichier, Enregistrer sous ; "
        "LibreOffice : jeu de caractères Unicode (UTF-8))."
    ))


def _uncertain(readings: list[tuple[int, int, str, str, str]]) -> Undecodable:
    """No reading is clean: each one's first garbled word is shown, at the first line that holds one."""
    words = [(_first_garbled(text), label.split(" (")[0]) for _, _, _, label, text in sorted(readings, key=lambda r: r[1])]
    shown = ", ".join(f"« {word} » en {label}" for (word, _), label in words) or "aucune lecture possible"
    return Undecodable(min((line for (_, line), _ in words), default=1), (
        f"encodage incertain (trouvé : {shown} ; attendu : un fichier dont les lettres se lisent). Ouvrez le fichier "
        "dans le tableur qui l'a produit et enregistrez-le au format « CSV UTF-8 »."
    ))


def _first_garbled(text: str) -> tuple[str, int]:
    """The first word of ``text`` that holds marks of a wrong encoding, and its line."""
    for number, line in enumerate(text.split("\n"), 1):
        for word in line.split():
            if misreadings(word):
                return word[:40], number
    return text.split("\n", 1)[0][:40], 1


def mended(text: str) -> tuple[str, Repair | None]:
    """A cell given back the letters a conversion garbled, with its repair; raises Unrepairable."""
    if LOST_CHARACTER in text:
        position = text.index(LOST_CHARACTER)
        raise Unrepairable(
            f"accents perdus avant l'import (trouvé : « {text[max(position - 20, 0):position + 20]} », où � remplace "
            "une lettre que le logiciel qui a produit le tableau n'a pas su écrire ; attendu : le texte avec ses "
            "lettres). Retapez les lettres manquantes dans la cellule, ou repartez du fichier d'origine."
        )
    found = misreadings(text)
    if not found:
        return text, None
    for letters in (fix_encoding(text), _as_mac_roman(text)):
        if letters and letters != text and not misreadings(letters):
            return letters, Repair(_FIX_ACCENTS, f"« {text} » lu comme « {letters} »", each=True)
    word = _first_garbled(text)[0]
    raise Unrepairable(
        f"lettres brouillées (trouvé : « {word} », la trace d'un texte converti d'un encodage à l'autre ; attendu : "
        "le texte avec ses lettres). Retapez le texte de la cellule, ou repartez du fichier d'origine."
    )


def _as_mac_roman(text: str) -> str | None:
    """A text of Mac Roman bytes that was read as Windows-1252 (« CrŽaTech »), read again as Mac Roman; None unless
    every character it changes becomes a letter."""
    try:
        letters = text.encode("cp1252").decode("mac_roman")
    except UnicodeError:
        return None
    return letters if all(new.isalpha() for old, new in zip(text, letters, strict=True) if old != new) else None
