"""What spreadsheets and the lists they come from do to values, undone where the intent is certain, for ``make import``.

Each repair is announced (``Repair``: what was done, and one example) so that the coordinator can check it; a value
that cannot be repaired raises ``Unrepairable`` with the French reason, told at its row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's serial dates, as Excel counts them since 1900-03-01
_SEPARATORS = re.compile(r"[\s\u00a0\u202f.\-/()]+")
_OVERSEAS_CODES = ("262", "269", "590", "594", "596")  # La Réunion, Mayotte, Guadeloupe, Guyane, Martinique
_EMAIL_SEPARATORS = re.compile(r"\s*[|,;]\s*")  # not spaces: « contact@lieu fr » is a typo to be told


@dataclass(frozen=True)
class Repair:
    """A change made to a cell: ``what`` says it in a spreadsheet user's words, ``example`` shows it."""

    what: str
    example: str
    each: bool = False  # every example is told, not only the first: a cell whose letters were given back


class Unrepairable(ValueError):
    """A cell that cannot be read as its column expects; the message says why and how to fix it, in French."""


def postal_code(text: str) -> tuple[str, Repair | None]:
    """Five digits; four are a code whose leading zero the spreadsheet dropped (no French code has four digits)."""
    code = text.replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"[1-9][0-9]{3}", code):
        return f"0{code}", Repair("zéro initial rétabli (le tableur l'avait effacé)", f"{text} lu comme 0{code}")
    return code, None


def departement(text: str) -> tuple[str, Repair | None]:
    if re.fullmatch(r"[1-9]", text):
        return f"0{text}", Repair("zéro initial rétabli (le tableur l'avait effacé)", f"{text} lu comme 0{text}")
    return text, None


def departement_of(code: str) -> str | None:
    """The département of a French postal code: 35000 -> 35, 20200 -> 2B, 97400 -> 974; None if it has none."""
    if not re.fullmatch(r"[0-9]{5}", code) or code.startswith(("00", "98", "99")):
        return None
    if code.startswith("20"):
        return "2A" if code < "20200" else "2B"
    return code[:3] if code.startswith("97") else code[:2]


def phone(text: str, *, reformat: bool = True) -> tuple[str, Repair | None]:
    """A French number written 02 99 00 00 00, from +33, dots, non-breaking spaces or a dropped leading zero.

    Without ``reformat`` (a column of our own export, written as its contributor chose), only the zero is restored.
    """
    if not reformat:
        if re.fullmatch(r"[1-9][0-9]{8}", text):
            return f"0{text}", Repair("zéro initial rétabli (le tableur l'avait effacé)", f"{text} lu comme 0{text}")
        return text, None
    digits = _SEPARATORS.sub("", text)
    international = re.fullmatch(r"(?:\+|00)(33|262|269|590|594|596)([0-9]{9})", digits)
    if international and (international[1] == "33" or international[2].startswith(_OVERSEAS_CODES)):
        digits = f"0{international[2]}"
    elif re.fullmatch(r"[1-9][0-9]{8}", digits):
        digits = f"0{digits}"
    if not re.fullmatch(r"0[1-9][0-9]{8}", digits):
        return text, None
    written = " ".join(digits[i:i + 2] for i in range(0, 10, 2))
    if written == text:
        return text, None
    what = ("zéro initial rétabli (le tableur l'avait effacé)" if len(_SEPARATORS.sub("", text)) == 9
            else "écrit à la française, par paires de chiffres")
    return written, Repair(what, f"{text} lu comme {written}")


def website(text: str) -> tuple[str, Repair | None]:
    """An address without its scheme (www.exemple.fr) given https://; the first of several addresses."""
    addresses = [address for address in re.split(r"[\s|;]+", text) if address]
    if len(addresses) > 1 and all(re.match(r"(?i)https?://", address) for address in addresses):
        return addresses[0], Repair("une seule adresse gardée (une fiche n'en a qu'une)",
                                    f"{text} lu comme {addresses[0]}")
    if re.match(r"(?i)https?://", text) or not re.fullmatch(r"(?i)[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?", text):
        return text, None
    return f"https://{text}", Repair("https:// ajouté devant l'adresse", f"{text} lu comme https://{text}")


def email(text: str) -> tuple[str, Repair | None]:
    """The first address of a cell that holds several (a fiche has one); the others are named in the repair."""
    addresses = [address.removeprefix("mailto:") for address in _EMAIL_SEPARATORS.split(text) if address]
    if len(addresses) <= 1:
        return (addresses[0] if addresses else text), None
    return addresses[0], Repair("une seule adresse gardée (une fiche n'en a qu'une)",
                                f"{text} lu comme {addresses[0]}")


def update_date(text: str) -> tuple[str, Repair | None]:
    """A date as AAAA-MM-JJ, from JJ/MM/AAAA; an Excel serial number (45292) is refused with the date it stands for."""
    french = re.fullmatch(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", text)
    if french:
        day, month, year = french.groups()
        written = f"{year}-{int(month):02}-{int(day):02}"
        return written, Repair("date écrite AAAA-MM-JJ", f"{text} lu comme {written}")
    if re.fullmatch(r"[1-9][0-9]{4}", text) and 20000 <= int(text) <= 80000:
        meant = _EXCEL_EPOCH + timedelta(days=int(text))
        raise Unrepairable(
            f"nombre à la place d'une date (trouvé : {text}, qui est la façon dont Excel compte les jours : le "
            f"{meant.day:02}/{meant.month:02}/{meant.year} ; attendu : une date comme {meant.isoformat()} ou "
            f"{meant.day:02}/{meant.month:02}/{meant.year}). Mettez la colonne au format « Date » dans le tableur, "
            f"ou écrivez {meant.isoformat()} dans la cellule."
        )
    return text, None


REPAIRS = {"postal_code": postal_code, "departement": departement, "phone": phone, "website": website,
           "email": email, "updated": update_date}  # by front matter field
