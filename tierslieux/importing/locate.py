"""Stage 6 of ``make import``: where each place is: its coordinates, its commune's official name, its département.

Rows without coordinates are geocoded in one request (``tierslieux.geocoder``), even when other rows have problems;
a row that updates a place keeps the place's coordinates unless its address changes. The same request gives the
official name of the communes (``result_city``) and their INSEE code (``result_citycode``), written as
``code_insee`` (without the geocoder, the official table of communes gives it, for the département alone):
two new rows of one name whose communes have one code are one place, however written. The département comes
from the INSEE code, else from the postal code (Corse 2A and 2B, overseas 971 to 976), is written for a new place
and for an update that changes the postal code, and must lie in the row's region: a Loire-Atlantique place given
as Bretagne is refused at its row. ``GEOCODEUR=non`` imports without network: rows without coordinates are refused.
"""

from __future__ import annotations

from tierslieux.characters import commune_key, name_key
from tierslieux.communes import commune_code
from tierslieux.content import Content, folded
from tierslieux.departements import REGION_OF, code_label
from tierslieux.geocoder import Address, Candidate, GeocoderUnavailable, geocode
from tierslieux.geodata import PRECISION
from tierslieux.importing.mapping import Sheet
from tierslieux.importing.match import duplicate_row
from tierslieux.importing.normalise import Row
from tierslieux.repairs import Repair, departement_of

NO_GEOCODER = "non"  # GEOCODEUR=non: no request at all
_OFFICIAL = "écrite comme le nom officiel que donne le géocodeur"


class Locator:
    """Coordinates, communes and départements for the rows of one sheet."""

    def __init__(self, content: Content, sheet: Sheet):
        self.sheet = sheet
        self.places = {place.slug: place for place in content.places}
        self.regions = content.regions
        self.citycodes: dict[int, str] = {}  # by row number: the INSEE code the geocoder gave

    def locate(self, rows: list[Row], url: str, min_score: float, deadline: float) -> None:
        self._geocode(rows, url, min_score, deadline)
        self._one_commune(rows)
        for row in rows:
            self._departement(row)

    def _one_commune(self, rows: list[Row]) -> None:
        """Two new rows of one name in one commune by its INSEE code, whatever each calls it (an old name, a new)."""
        seen: dict[tuple[str, str], Row] = {}
        for row in rows:
            code = self.citycodes.get(row.number)
            if code and not row.existing and row.values.get("name"):
                first = seen.setdefault((name_key(str(row.values["name"])), code), row)
                if first is not row:
                    self.sheet.tell(row.number, "nom", duplicate_row(row, first))

    def _geocode(self, rows: list[Row], url: str, min_score: float, deadline: float) -> None:
        """Coordinates for every row without any, and the official name of every commune, in one request."""
        missing = [row for row in rows if row.values.get("latitude") is None and row.values.get("longitude") is None
                   and row.values.get("commune") and self._moved(row)]
        located = {row.number for row in missing}
        others = [row for row in rows if row.number not in located and str(row.values.get("commune") or "").isupper()
                  and not self._kept_commune(row)]
        asked = missing + others
        if not asked:
            return
        if url == NO_GEOCODER:
            return self._without(missing, "sans géocodeur (GEOCODEUR=non)", others)
        addresses = [Address(str(row.number), str(row.values.get("address") or ""),
                             str(row.values.get("postal_code") or ""), str(row.values["commune"])) for row in asked]
        try:
            found = geocode(addresses, url, deadline)
        except GeocoderUnavailable as error:
            return self._without(missing, f"géocodage impossible : {error}", others)
        for row, address in zip(asked, addresses, strict=True):
            candidate = found.get(address.key, Candidate(0.0))
            if row.number in located:
                self._place(row, address, candidate, min_score)
            elif candidate.score >= min_score:
                self._rename(row, candidate)

    def _without(self, missing: list[Row], reason: str, others: list[Row]) -> None:
        for row in missing:
            self.sheet.tell(row.number, "adresse" if row.values.get("address") else "commune", (
                reason if reason.startswith("géocodage") else
                f"coordonnées absentes (trouvé : une adresse, {reason} ; attendu : une latitude et une longitude). "
                "Remplissez les colonnes latitude et longitude, ou importez avec le géocodeur."
            ))
        if others:
            self.sheet.notes.append("les communes écrites en capitales le restent : le géocodeur, qui donne leur "
                                    "nom officiel, " + ("n'est pas appelé" if "GEOCODEUR" in reason else "ne répond pas"))

    def _moved(self, row: Row) -> bool:
        """Whether the row is a new place, or gives its place another address (not merely written otherwise)."""
        place = self.places.get(row.slug) if row.existing else None
        if place is None:
            return True
        fields = {"address": place.address, "postal_code": place.postal_code, "commune": place.commune}
        return any(name in row.values and folded(str(row.values[name] or "")) != folded(value or "")
                   for name, value in fields.items())

    def _kept_commune(self, row: Row) -> bool:
        """Whether the row keeps its place's own writing of its commune: no official name to ask for."""
        place = self.places.get(row.slug) if row.existing else None
        return place is not None and row.values.get("commune") == place.commune

    def _rename(self, row: Row, candidate: Candidate) -> None:
        """The commune's official name over another writing of it: SAINT-LO, St-Lô and Saint Lo are Saint-Lô."""
        commune = str(row.values["commune"])
        if candidate.citycode:
            self.citycodes[row.number] = candidate.citycode
        if candidate.city and candidate.city != commune and commune_key(candidate.city) == commune_key(commune):
            row.values["commune"] = candidate.city
            row.repairs.append(("commune", Repair(_OFFICIAL, f"{commune} lu comme {candidate.city}")))

    def _place(self, row: Row, address: Address, candidate: Candidate, min_score: float) -> None:
        column = "adresse" if row.values.get("address") else "commune"
        if candidate.score < min_score:
            best = (f"le meilleur candidat est « {candidate.label} », latitude {candidate.latitude}, longitude "
                    f"{candidate.longitude}, score {candidate.score:.2f}" if candidate.label else "aucun candidat")
            self.sheet.tell(row.number, column, (
                f"adresse non trouvée avec assez de certitude (trouvé : « {address} » ; {best} ; attendu : un score "
                f"d'au moins {min_score:.2f}). Corrigez l'adresse, ou, si ce candidat est le bon lieu, recopiez ses "
                "coordonnées dans les colonnes latitude et longitude."
            ))
            return
        row.values["latitude"] = round(candidate.latitude, PRECISION)
        row.values["longitude"] = round(candidate.longitude, PRECISION)
        approximate = candidate.kind == "municipality"
        row.values["geo_precision"] = "commune" if approximate else None
        row.notes.append(f"géocodé : {candidate.label} (score {candidate.score:.2f})" + (
            " ; position approximative : seule la commune a été trouvée, le lieu est placé en son centre"
            if approximate else ""))
        self._rename(row, candidate)
        self.sheet.origins.setdefault("latitude", column)

    def _citycode(self, row: Row, code: str, changed: bool) -> str:
        """The commune's INSEE code: the row's own, else the geocoder's (written as ``code_insee`` for a new place or
        one whose postal code changes), else the official table's for its commune and postal code (no network; not
        written: the exports derive it the same way, and a round trip gives back the same portrait)."""
        given = row.values.get("code_insee")
        if isinstance(given, str) and given:
            return given
        if geocoded := self.citycodes.get(row.number):
            if changed:
                row.values["code_insee"] = geocoded
            return geocoded
        commune = row.values.get("commune")
        return (commune_code(commune, code) if isinstance(commune, str) and code else None) or ""

    def _departement(self, row: Row) -> None:
        """The département of the INSEE code or postal code, written if the row gives none, checked with the region."""
        place = self.places.get(row.slug) if row.existing else None
        code = row.values.get("postal_code")
        code = code if isinstance(code, str) else ""
        given = row.values.get("departement")
        changed = place is None or (code and code != place.postal_code)
        citycode = self._citycode(row, code, changed)
        derived = (citycode[:3] if citycode.startswith("97") else citycode[:2]) if citycode else departement_of(code)
        if derived and not given and changed and "departement" not in self.sheet.header:
            row.values["departement"] = derived
            row.repairs.append(("departement", Repair(
                "déduit du code INSEE de la commune" if citycode else "déduit du code postal",
                f"{citycode or code} donne {derived}")))
        source = f"le code INSEE {citycode}" if citycode else f"le code postal {code}" if derived else "la cellule"
        self._check_region(row, derived or given, source, place)

    def _check_region(self, row: Row, departement: object, source: str, place) -> None:
        region = self.regions.get(str(row.values.get("region") or (place.region if place else "")))
        if region is None or not isinstance(departement, str) or departement not in REGION_OF:
            return
        if REGION_OF[departement] == region.code:
            return
        inside = ", ".join(code for code, region_code in REGION_OF.items() if region_code == region.code)
        self.sheet.tell(row.number, "code_postal" if row.values.get("postal_code") else "departement", (
            f"département hors de la région (trouvé : {code_label(departement)}, d'après {source}, "
            f"pour un lieu de la région {region.name} ; attendu : un département de cette région, {inside}). "
            "Corrigez le code postal, ou importez ce lieu avec sa région : une autre valeur de REGION=… ou de la "
            "colonne region."
        ))

