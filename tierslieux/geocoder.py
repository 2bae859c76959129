"""Coordinates for addresses, from the national address geocoder (IGN Géoplateforme, formerly the API Adresse of
the Base Adresse Nationale), in one request for a whole spreadsheet.

Called by ``make import`` (``tierslieux.importer``) for the rows without coordinates. The service's CSV batch
endpoint takes a multipart POST: the CSV in ``data``, the columns to search with in ``columns`` (repeated), and
a column to filter on in ``postcode``; it answers the same CSV with ``latitude``, ``longitude``, ``result_score``
(0 to 1), ``result_label``, ``result_type`` (``housenumber``, ``street``, ``locality``, ``municipality``),
``result_city``, ``result_citycode`` (the INSEE code) and ``result_status`` (``ok``, ``not-found``…) added to each row.

The reply is a guarded input like any other: it must come whole within one overall deadline (a server that sends
a byte now and then cannot hold the import), within a size cap, in UTF-8 and in the expected columns.
"""

from __future__ import annotations

import csv
import io
import math
import threading
import time
from dataclasses import dataclass

import requests

GEOCODER_URL = "https://data.geopf.fr/geocodage/search/csv"
MIN_SCORE = 0.7  # below it, a result is most often the right town but the wrong street
DEADLINE = 120.0  # seconds for the whole answer: the service geocodes thousands of rows in one
MAX_REPLY_BYTES = 2_000 + 2_000 * 20_000  # about 2 KB an address, for the largest spreadsheet an import reads
_ID, _ADDRESS, _POSTAL_CODE, _COMMUNE = "id", "adresse", "code_postal", "commune"
_CHUNK = 64 * 1024


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
    kind: str = ""  # result_type: municipality when only the town was found
    city: str = ""  # the town's official name
    citycode: str = ""  # the town's INSEE code: one commune however written, and its département


class GeocoderUnavailable(Exception):
    """The geocoder could not be reached or did not answer in its format; the message says so in French."""


def geocode(addresses: list[Address], url: str = GEOCODER_URL, deadline: float = DEADLINE) -> dict[str, Candidate]:
    """The best candidate for each address, by key, in one request answered within ``deadline`` seconds."""
    body = io.StringIO()
    writer = csv.writer(body, lineterminator="\n")
    writer.writerow([_ID, _ADDRESS, _POSTAL_CODE, _COMMUNE])
    writer.writerows([a.key, a.address, a.postal_code, a.commune] for a in addresses)
    reply = _post_within(url, body.getvalue().encode("utf-8"), deadline)
    try:
        text = reply.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GeocoderUnavailable(
            f"réponse illisible du service de géocodage (trouvé : l'octet {reply[error.start]:#04x}, qui n'est pas de "
            f"l'UTF-8 ; attendu : un CSV en UTF-8). Vérifiez l'adresse du service : {url}"
        ) from None
    return _candidates(text, url)


def _post_within(url: str, data: bytes, deadline: float) -> bytes:
    """The reply's bytes, read in a thread that is abandoned when the deadline passes."""
    outcome: dict[str, object] = {}
    stop = threading.Event()

    def post() -> None:
        try:
            outcome["reply"] = _post(url, data, deadline, stop)
        except (requests.RequestException, GeocoderUnavailable) as error:
            outcome["error"] = error

    worker = threading.Thread(target=post, daemon=True)  # a daemon: an abandoned reading never holds the exit
    worker.start()
    worker.join(deadline)
    stop.set()
    if worker.is_alive():
        raise GeocoderUnavailable(_too_slow(deadline, url))
    error = outcome.get("error")
    if isinstance(error, GeocoderUnavailable):
        raise error
    if isinstance(error, requests.RequestException):
        raise GeocoderUnavailable(_unavailable(_reason(error), url, (
            "Vérifiez l'accès à Internet et relancez, ou remplissez les colonnes latitude et longitude."
        ))) from None
    return outcome["reply"]


def _post(url: str, data: bytes, deadline: float, stop: threading.Event) -> bytes:
    started = time.monotonic()
    with requests.post(url, files={"data": ("adresses.csv", data, "text/csv")},
                       data={"columns": [_ADDRESS, _COMMUNE], "postcode": _POSTAL_CODE},
                       timeout=deadline, stream=True) as response:
        response.raise_for_status()
        chunks, size = [], 0
        for chunk in response.iter_content(_CHUNK):
            size += len(chunk)
            if size > MAX_REPLY_BYTES:
                raise GeocoderUnavailable(
                    f"réponse trop grosse du service de géocodage (trouvé : plus de {MAX_REPLY_BYTES // 1_000_000} Mo ; "
                    f"attendu : une ligne par adresse). Vérifiez l'adresse du service : {url}"
                )
            if stop.is_set() or time.monotonic() - started > deadline:
                raise GeocoderUnavailable(_too_slow(deadline, url))
            chunks.append(chunk)
        return b"".join(chunks)


def _too_slow(deadline: float, url: str) -> str:
    return _unavailable(f"pas de réponse complète en {deadline:g} secondes", url, (
        "Relancez plus tard, accordez-lui plus de temps (GEOCODEUR_DELAI=300), ou remplissez les colonnes latitude et "
        "longitude."
    ))


def _unavailable(reason: str, url: str, fix: str) -> str:
    return f"le service de géocodage ne répond pas (trouvé : {reason} ; attendu : une réponse de {url}). {fix}"


def _candidates(text: str, url: str) -> dict[str, Candidate]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        columns = reader.fieldnames or []
        rows = list(reader)
    except csv.Error:
        columns, rows = [], []
    if not {_ID, "latitude", "longitude", "result_score"} <= set(columns):
        found = f"les colonnes {', '.join(columns)}" if columns else "une réponse vide, ou qui n'est pas un CSV"
        raise GeocoderUnavailable(
            f"réponse inattendue du service de géocodage (trouvé : {found} ; attendu : un CSV aux colonnes id, "
            f"latitude, longitude, result_score). Vérifiez l'adresse du service : {url}"
        )
    return {row[_ID]: _candidate(row) for row in rows if isinstance(row.get(_ID), str)}


def _candidate(row: dict[str, str]) -> Candidate:
    try:
        numbers = float(row["result_score"]), float(row["latitude"]), float(row["longitude"])
    except (TypeError, ValueError):  # not found: empty score and coordinates
        return Candidate(0.0)
    if not all(math.isfinite(number) for number in numbers):
        return Candidate(0.0)
    score, latitude, longitude = numbers
    return Candidate(score, row.get("result_label") or "", latitude, longitude, row.get("result_type") or "",
                     row.get("result_city") or "", row.get("result_citycode") or "")


def _reason(error: requests.RequestException) -> str:
    if isinstance(error, requests.HTTPError) and error.response is not None:
        return f"l'erreur HTTP {error.response.status_code}"
    if isinstance(error, requests.Timeout):
        return "aucune réponse en temps voulu"
    return "pas de connexion"
