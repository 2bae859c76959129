"""``data/lieux-mediation-numerique.csv``: the places in the national standard of *lieux de médiation numérique*
(LaMednum ``standard-mediation-num``, schema.data.gouv.fr), the format the ANCT's cartographie nationale takes in.

Exactly the standard's columns, in its order, with its formats: comma-separated UTF-8 with a header, list items
joined with ``|``, telephones as ``+33…`` (``+590``, ``+594``, ``+596``, ``+262`` overseas), ``date_maj`` a date,
``horaires`` in OpenStreetMap's syntax. One row per place that has all the standard requires (``REQUIREMENTS``);
the others are left out, and the « Données ouvertes » page and ``make a-completer`` say which and why. Nothing is
invented: a value we do not know is left empty. Every cell goes through ``csv_cell``, like ``lieux.csv``: contributor
text that a spreadsheet would run (« =… », « @… ») gains an apostrophe. The one exception is the telephone, which
we write ourselves as ``+`` and digits only (``national_phone``): a spreadsheet reads it as a number, never a formula.

Called by ``opendata.py`` (the file and its page), ``completeness.py`` (what each place lacks),
``datainclusion.py`` (the telephone format) and ``importing/standard.py`` (a file in the standard, known by the
columns it requires, ``REQUIRED_FIELDS``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from tierslieux.communes import place_code_insee
from tierslieux.content import Content
from tierslieux.exports import csv_cell
from tierslieux.model import Place
from tierslieux.network import Network
from tierslieux.placeholder import is_unwritten

MEDIATION_CSV = "data/lieux-mediation-numerique.csv"
STANDARD = "standard-mediation-num"
STANDARD_VERSION = "1.0.2"  # the version of its schema.json that this file follows (tests/standard-mediation-num/)
# Its Table Schema as schema.data.gouv.fr serves it (the repository has no v1.0.2 tag to point at).
STANDARD_SCHEMA = "https://schema.data.gouv.fr/schemas/LaMednum/standard-mediation-num/latest/schema.json"
STANDARD_PAGE = "https://schema.data.gouv.fr/LaMednum/standard-mediation-num/"
FIELDS = (
    "id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse", "latitude",
    "longitude", "typologie", "telephone", "courriels", "site_web", "horaires", "presentation_resume",
    "presentation_detail", "source", "itinerance", "structure_parente", "date_maj", "services",
    "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
    "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels", "modalites_acces",
    "modalites_accompagnement", "fiche_acces_libre", "prise_rdv",
)
# The columns the standard requires: a file that holds them all is in the standard (``make import`` reads it so).
REQUIRED_FIELDS = ("id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj")
# National numbers by their first digits, and the country code that reaches them (ITU E.164, ARCEP's plan): the
# overseas départements have their own; every other French number is +33.
_OVERSEAS_PREFIXES = {
    "0590": "+590", "0690": "+590", "0691": "+590",  # Guadeloupe, Saint-Martin, Saint-Barthélemy
    "0594": "+594", "0694": "+594",  # Guyane
    "0596": "+596", "0696": "+596", "0697": "+596",  # Martinique
    "0262": "+262", "0263": "+262", "0692": "+262", "0693": "+262",  # La Réunion
    "0269": "+262", "0639": "+262",  # Mayotte
}
_PHONE_SEPARATORS = re.compile(r"[ .\-()]")
_NATIONAL_NUMBER = re.compile(r"0[1-9][0-9]{8}")
_INTERNATIONAL_NUMBER = re.compile(r"\+(33|590|594|596|262)([1-9][0-9]{8})")


@dataclass(frozen=True)
class Requirement:
    """What a place needs for a row of the national file: the standard requires it, and we never invent it."""

    key: str
    lack: str  # in French, as the report and the page say it
    missing: Callable[[Place, date | None], bool]  # given the place and its date (git, else ``updated``)


REQUIREMENTS = (
    Requirement("siret", "ni SIRET ni numéro RNA (siret ou rna)", lambda place, day: not (place.siret or place.rna)),
    Requirement("adresse", "pas d'adresse (address)", lambda place, day: not place.address),
    Requirement("date", "aucune date de mise à jour (ni commit, ni updated)", lambda place, day: day is None),
)


def national_phone(phone: str | None) -> str | None:
    """« 02 99 00 00 00 » -> « +33299000000 », « 0269 61 00 00 » -> « +262269610000 »; None for a number that is
    not a French ten-digit one (it is left out, never guessed)."""
    digits = _PHONE_SEPARATORS.sub("", (phone or "").replace("(0)", ""))
    if _NATIONAL_NUMBER.fullmatch(digits):
        return _OVERSEAS_PREFIXES.get(digits[:4], "+33") + digits[1:]
    return digits if _INTERNATIONAL_NUMBER.fullmatch(digits) else None


def lacks(place: Place, day: date | None) -> tuple[Requirement, ...]:
    """What keeps a place out of the national file; nothing for a place that is in it."""
    return tuple(requirement for requirement in REQUIREMENTS if requirement.missing(place, day))


def mediation_rows(content: Content, dates: dict[str, date], network: Network) -> list[dict[str, object]]:
    """One record per place with all the ``REQUIREMENTS``, by the standard's field names, sorted by ``id``."""
    return [_row(place, dates[place.slug], network) for place in content.places
            if not lacks(place, dates.get(place.slug))]


def _row(place: Place, day: date, network: Network) -> dict[str, object]:
    known = {
        "id": place.slug,
        "pivot": place.siret or place.rna,
        "nom": place.name,
        "commune": place.commune,
        "code_postal": place.postal_code,
        "code_insee": place_code_insee(place),
        "adresse": place.address,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "typologie": "|".join(network.typologies) or None,
        "telephone": national_phone(place.phone),
        "courriels": place.email,
        "site_web": place.website,
        "horaires": place.horaires_osm,
        "presentation_resume": place.summary,
        "presentation_detail": None if is_unwritten(place.body) else place.body.strip(),
        "source": network.name,
        "date_maj": day.isoformat(),
    }
    return {name: known.get(name) for name in FIELDS}


def mediation_csv(rows: list[dict[str, object]]) -> str:
    """The national file's text: a header, then one line per record; empty cells for unknown values."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow([_cell(name, row[name]) for name in FIELDS])
    return buffer.getvalue()


def _cell(name: str, value: object) -> str:
    if value is None or name == "telephone":  # « +33… »: made by national_phone of digits alone
        return value or ""
    return csv_cell(value, "number" if isinstance(value, float) else "text")


@dataclass(frozen=True)
class LeftOut:
    """How many places the national file leaves out, and for each requirement how many lack it."""

    places: int
    by_requirement: tuple[tuple[Requirement, int], ...]


def left_out(content: Content, dates: dict[str, date]) -> LeftOut:
    """The places without a row in the national file, counted per missing requirement (a place may lack several)."""
    gaps = [lacks(place, dates.get(place.slug)) for place in content.places]
    return LeftOut(sum(1 for gap in gaps if gap),
                   tuple((requirement, sum(requirement in gap for gap in gaps)) for requirement in REQUIREMENTS))
