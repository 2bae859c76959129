"""Coordinates for addresses, from the national address geocoder (IGN Géoplateforme, formerly the API Adresse of
the Base Adresse Nationale), in one request for a whole spreadsheet.

Called by ``make import`` (``tierslieux.importer``) for the rows without coordinates. The service's CSV batch
endpoint takes a multipart POST: the CSV in ``data``, the columns to search with in ``columns`` (repeated), and
a column to filter on in ``postcode``; it answers the same CSV with ``latitude``, ``longitude``, ``result_score``
(0 to 1), ``result_label`` and ``result_status`` (``ok``, ``not-found``…) added to each row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import requests

GEOCODER_URL = "https://data.geopf.fr/geocodage/search/csv"
MIN_SCORE = 0.7  # below it, a result is most often the right town but the wrong street
TIMEOUT = 120  # seconds: the service geocodes thousands of rows in one answer
_ID, _ADDRESS, _POSTAL_CODE, _COMMUNE = "id", "adresse", "code_postal", "commune"


@dataclass(frozen=True)
class Address:
    key: str  # given back with the result
    address: str
    postal_code: str
    commune: str

    def __str__(self) -> str:
        return ", ".join(part for part in (self.address, f"{self.postal_code} {self.commune}".strip()) if part)


@dataclass(frozen=True)
class Candidate:
    """The geocoder's best answer for one address; ``score`` is 0 when it found nothing."""

    score: float
    label: str = ""
    latitude: float | None = None
    longitude: float | None = None


class GeocoderUnavailable(Exception):
    """The geocoder could not be reached or did not answer in its format; the message says so in French."""


def geocode(addresses: list[Address], url: str = GEOCODER_URL) -> dict[str, Candidate]:
    """The best candidate for each address, by key, in one request."""
    body = io.StringIO()
    writer = csv.writer(body, lineterminator="\n")
    writer.writerow([_ID, _ADDRESS, _POSTAL_CODE, _COMMUNE])
    writer.writerows([a.key, a.address, a.postal_code, a.commune] for a in addresses)
    try:
        response = requests.post(
            url, files={"data": ("adresses.csv", body.getvalue().encode("utf-8"), "text/csv")},
            data={"columns": [_ADDRESS, _COMMUNE], "postcode": _POSTAL_CODE}, timeout=TIMEOUT,
        )
        response.raise_for_status()
    except requests.RequestException as error:
        raise GeocoderUnavailable(
            f"le service de géocodage ne répond pas (trouvé : {_reason(error)} ; attendu : une réponse de {url}). "
            "Vérifiez l'accès à Internet et relancez, ou remplissez les colonnes latitude et longitude."
        ) from None
    return _candidates(response.content.decode("utf-8-sig"), url)


def _candidates(text: str, url: str) -> dict[str, Candidate]:
    rows = list(csv.DictReader(io.StringIO(text)))
    if rows and not {_ID, "latitude", "longitude", "result_score"} <= set(rows[0]):
        raise GeocoderUnavailable(
            f"réponse inattendue du service de géocodage (trouvé : les colonnes {', '.join(rows[0])} ; attendu : "
            f"id, latitude, longitude, result_score). Vérifiez l'adresse du service : {url}"
        )
    return {row[_ID]: _candidate(row) for row in rows}


def _candidate(row: dict[str, str]) -> Candidate:
    try:
        return Candidate(float(row["result_score"]), row.get("result_label") or "",
                         float(row["latitude"]), float(row["longitude"]))
    except (TypeError, ValueError):  # not found: empty score and coordinates
        return Candidate(0.0)


def _reason(error: requests.RequestException) -> str:
    if isinstance(error, requests.HTTPError) and error.response is not None:
        return f"l'erreur HTTP {error.response.status_code}"
    if isinstance(error, requests.Timeout):
        return "aucune réponse en temps voulu"
    return "pas de connexion"
