"""Stage 5 of ``make import``: the place each row updates, or the file it creates; never a place of another list.

In this order: our own ``id`` (the file name); an identifier qualified by its list (``bzh-fablab:17``: the
mapping's ``source:`` and the spreadsheet's ``id``); the same name in the same commune (``content.commune_key``)
and region. A bare identifier of another list (no ``source:``) finds nothing and is set aside, with a note: ids
1, 2, 3 of two lists are not the same places. A row that an identifier leads to a place whose name and commune
both differ is a conflict, refused at its row: nothing is written for it; one whose name only differs is updated,
with a note that asks to check it is the same place, renamed. A new place whose name's file is taken
gets ``<nom>-<commune>`` (``scaffold.free_slug``, as ``make new``).
"""

from __future__ import annotations

from tierslieux.characters import commune_key, name_key
from tierslieux.content import (
    MAX_SLUG_LENGTH,
    PORTRAITS_DIR,
    RESERVED_SLUGS,
    SLUG,
    Content,
    long_slug,
    place_key,
    slugify,
)
from tierslieux.importing.mapping import Sheet
from tierslieux.importing.normalise import Row
from tierslieux.scaffold import free_slug, taken_slugs


class Matcher:
    """Finds the place of each row in the content, and tells the rows that cannot be told apart."""

    def __init__(self, content: Content, sheet: Sheet):
        self.sheet = sheet
        self.places = {place.slug: place for place in content.places}
        self.by_name = {place_key(place.name, place.commune): place.slug for place in content.places}
        self.by_identifier = {identifier: place.slug for place in content.places
                              for identifier in place.identifiers if ":" in identifier}  # bare ones cross lists
        # A place called « Photos » or « Index » gets <nom>-<commune>, as a homonym does: a spreadsheet has no file
        # to rename, and these names are the site's own addresses.
        self.taken = taken_slugs(content) | RESERVED_SLUGS[PORTRAITS_DIR]
        self.set_aside: list[int] = []  # rows whose bare identifiers were left out

    def matched(self, rows: list[Row]) -> list[Row]:
        """The rows with their place or file name; a row that is a conflict or a duplicate is told and left out."""
        kept, seen = [], {}
        for row in rows:
            if self._identify(row) is None:
                continue
            key = row.slug if row.existing else place_key(row.values.get("name"), row.values.get("commune"))
            first = seen.get(key) if row.existing or row.values.get("name") else None
            if first is not None:
                self.sheet.tell(row.number, "nom", duplicate_row(row, first))
                continue
            seen[key] = row
            kept.append(row)
        return kept

    def _identify(self, row: Row) -> Row | None:
        values = row.values
        given = str(values.pop("slug", None) or "")
        name = str(values.get("name") or "")
        ours = given in self.places or _our_file_name(given, name, row.page, self.sheet.own_ids)
        identifiers = self._qualified(row, "" if ours else given)
        if given in self.places:
            return self._update(row, given, f"l'id « {given} »", "id", identifiers)
        if ours:
            row.slug = given  # the file name of a place of our own export, absent here: kept
        known = next((i for i in identifiers if i in self.by_identifier), None)
        if known:
            return self._update(row, self.by_identifier[known], f"l'identifiant « {known} »",
                                "id" if known.endswith(f":{given}") and given else "identifiants", identifiers)
        namesake = self.by_name.get(place_key(name, values.get("commune")))
        if namesake and values.get("region") in (None, self.places[namesake].region):
            return self._update(row, namesake, "", "", identifiers)  # by its name: its commune and region only
        if identifiers:
            values["identifiers"] = identifiers
        return self._new(row, name)

    def _qualified(self, row: Row, foreign_id: str) -> list[str]:
        """The row's identifiers, each with its list: ``source:id``; bare ones of another list are set aside."""
        source = self.sheet.source
        ours = "identifiants" not in self.sheet.foreign  # the identifiants column of our own export
        items = [str(item) for item in row.values.get("identifiers") or []]
        kept = [item for item in items if ours or ":" in item]
        bare = ([foreign_id] if foreign_id else []) + [item for item in items if item not in kept]
        if bare and source is None:
            self.set_aside.append(row.number)
        elif bare:
            kept = [*(f"{source}:{item}" for item in bare), *kept]
        return list(dict.fromkeys(kept))

    def _update(self, row: Row, slug: str, how: str, column: str, identifiers: list[str]) -> Row | None:
        place = self.places[slug]
        name, commune = row.values.get("name"), row.values.get("commune")
        if how and name and commune and name_key(str(name)) != name_key(place.name) \
                and commune_key(str(commune)) != commune_key(place.commune):
            self.sheet.tell(row.number, column, (
                f"conflit d'identité (trouvé : « {name} » à {commune}, alors que {how} désigne "
                f"{PORTRAITS_DIR}/{slug}.md, « {place.name} » à {place.commune} ; attendu : le même lieu, du même nom "
                "ou de la même commune). Rien n'est écrit pour cette ligne : si ce sont deux lieux, videz cette "
                "cellule ; si le lieu a changé de nom et de commune, modifiez d'abord sa fiche."
            ))
            return None
        if how and name and name_key(str(name)) != name_key(place.name):
            row.notes.append(f"{how} désigne « {place.name} » : vérifiez qu'il s'agit du même lieu, renommé ; sinon, "
                             "videz sa cellule et relancez")
        row.slug, row.existing = slug, True
        if identifiers:  # a bare one stored before sources existed gives way to the same one with its source
            kept = [i for i in place.identifiers if f"{self.sheet.source}:{i}" not in identifiers]
            row.values["identifiers"] = [*kept, *(i for i in identifiers if i not in kept)]
        if isinstance(commune, str) and commune_key(commune) == commune_key(place.commune):
            row.values["commune"] = place.commune  # the place's own writing, over RENNES or St-Malo
        return row

    def _new(self, row: Row, name: str) -> Row | None:
        row.slug = row.slug or slugify(name)
        if too_long := long_slug(name, row.slug):
            self.sheet.tell(row.number, "nom", f"{too_long}. Raccourcissez le nom.")
            return None
        if not row.slug and name:
            self.sheet.tell(row.number, "nom", (
                f"nom sans lettre ni chiffre (trouvé : « {name} » ; attendu : le nom du lieu). Corrigez la cellule."
            ))
            return None
        return row  # an empty name is told as an empty cell

    def name_files(self, rows: list[Row], refused: set[int]) -> None:
        """A free file name for each new place, rows without problems first: a refused row takes no name from them."""
        for row in sorted((row for row in rows if not row.existing and row.slug), key=lambda row: row.number in refused):
            row.slug = free_slug(row.slug, str(row.values.get("commune") or ""), self.taken)
            self.taken.add(row.slug)


def _our_file_name(given: str, name: str, page: str, own_ids: bool = False) -> bool:
    """Whether an ``id`` is a file name of this site: a slug that comes from the name, or that the row's page address
    ends with (an export of ours), or any slug of a sheet whose ids are ours (our national file); another list's
    identifier (a number, a UUID, a SIRET) is none of these."""
    if not (given and len(given) <= MAX_SLUG_LENGTH and SLUG.fullmatch(given)):
        return False
    return own_ids or given.startswith(slugify(name) or "-") or page.rstrip("/").endswith(f"portraits/{given}")


def duplicate_row(row: Row, first: Row) -> str:
    return (f"ligne en double (trouvé : « {row.values.get('name')} » à {_town(row)}, le même lieu que la ligne "
            f"{first.number}, « {first.values.get('name')} » à {_town(first)} ; attendu : une ligne par lieu). "
            "Supprimez l'une des deux lignes, ou distinguez les noms s'il s'agit de deux lieux.")


def _town(row: Row) -> str:
    return str(row.values.get("commune") or "une commune non précisée")
