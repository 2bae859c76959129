"""Loading every region and portrait of a content tree, and the checks that span several files."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from tierslieux.frontmatter import Document, read_document
from tierslieux.model import Place, Region, french_sort_key
from tierslieux.problems import ContentError, Problem
from tierslieux.schema import schema_problems

PORTRAITS_DIR = "portraits"
REGIONS_DIR = "regions"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})


@dataclass(frozen=True)
class Content:
    """All regions by slug and all places sorted by slug."""

    regions: dict[str, Region]
    places: tuple[Place, ...]

    def places_in(self, region: str) -> list[Place]:
        """The places of one region, sorted by name in French order."""
        return self.places_by_region()[region]

    def places_by_region(self) -> dict[str, list[Place]]:
        by_region: dict[str, list[Place]] = {slug: [] for slug in self.regions}
        for place in self.places:
            by_region[place.region].append(place)
        for places in by_region.values():
            places.sort(key=lambda place: french_sort_key(place.name))
        return by_region


def load_content(root: Path) -> Content:
    """Read and check ``regions/`` and ``portraits/`` under ``root``; raise ContentError listing every problem."""
    problems: list[Problem] = []
    regions = {region.slug: region for region, _ in _load_all(root, REGIONS_DIR, "region", Region, problems)}
    places = _load_all(root, PORTRAITS_DIR, "portrait", Place, problems)
    broken_regions = {path.stem for path in (root / REGIONS_DIR).glob("*.md")} - set(regions)
    problems += place_problems(root, places, regions, broken_regions)
    if problems:
        raise ContentError(problems)
    return Content(regions, tuple(place for place, _ in places))


def _load_all(root: Path, folder: str, kind: str, model: type, problems: list[Problem]) -> list:
    items = []
    for path in sorted((root / folder).glob("*.md")):
        source = f"{folder}/{path.name}"
        document, found = read_document(source, path.read_text(encoding="utf-8-sig", errors="strict"))
        if document is not None:
            found += schema_problems(kind, document)
        found += _slug_problems(source, path.stem)
        problems += found
        if not found:
            item = model.from_front_matter(path.stem, source, document.data, document.body)
            items.append((item, document))
    return items


def _slug_problems(source: str, stem: str) -> list[Problem]:
    if SLUG.fullmatch(stem):
        return []
    return [Problem(source, 1, "nom du fichier", (
        f"nom de fichier invalide (trouvé : « {stem} » ; attendu : des minuscules sans accent, des chiffres "
        f"et des tirets). Renommez le fichier en {slugify(stem) or 'mon-lieu'}.md"
    ))]


def slugify(text: str) -> str:
    """'Échoppe numérique de l'Ouest' -> 'echoppe-numerique-de-l-ouest'."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    ascii_text = "".join(char for char in folded if not unicodedata.combining(char)).encode("ascii", "ignore").decode()
    return "-".join(SLUG.findall(re.sub(r"[^a-z0-9]+", "-", ascii_text)))


def place_problems(
    root: Path, places: list[tuple[Place, Document]], regions: dict[str, Region], broken_regions: set[str]
) -> list[Problem]:
    """Checks that need more than one file: region bounds, duplicates, photo files."""
    problems = []
    seen: dict[tuple[str, str], tuple[Place, Document]] = {}
    for place, document in places:
        if place.region not in broken_regions:  # a broken region file is reported on its own
            problems += _bounds_problems(place, document, regions.get(place.region))
        problems += _photo_problems(root, place, document)
        key = (_folded(place.name), _folded(place.commune))
        if key in seen:
            other, other_document = seen[key]
            problems.append(Problem(place.source, document.line_of(("name",)), "name", (
                f"ce lieu existe déjà (trouvé : « {place.name} » à {place.commune}, comme dans {other.source} "
                f"ligne {other_document.line_of(('name',))} ; attendu : un seul portrait par lieu). "
                "Complétez le portrait existant, ou distinguez les noms s'il s'agit de deux lieux."
            )))
        else:
            seen[key] = (place, document)
    return problems


def _bounds_problems(place: Place, document: Document, region: Region | None) -> list[Problem]:
    if region is None:
        return [Problem(place.source, document.line_of(("region",)), "region", (
            f"région sans fichier (trouvé : « {place.region} » ; attendu : un fichier regions/{place.region}.md). "
            "Choisissez une région existante."
        ))]
    if region.contains(place.latitude, place.longitude):
        return []
    if region.contains(place.longitude, place.latitude):
        fix = "La latitude et la longitude semblent inversées : échangez leurs valeurs."
    else:
        fix = "Vérifiez les coordonnées (par exemple sur une carte) et la région."
    return [Problem(place.source, document.line_of(("latitude",)), "latitude", (
        f"le lieu est hors de sa région (trouvé : latitude {place.latitude}, longitude {place.longitude} ; "
        f"attendu : dans {region.name}, latitude entre {region.south} et {region.north}, "
        f"longitude entre {region.west} et {region.east}). {fix}"
    ))]


def _photo_problems(root: Path, place: Place, document: Document) -> list[Problem]:
    problems = []
    for index, photo in enumerate(place.photos):
        if not (root / PORTRAITS_DIR / photo.src).is_file():
            problems.append(Problem(place.source, document.line_of(("photos", index, "src")), f"photos[{index}].src", (
                f"image introuvable (trouvé : « {photo.src} » ; attendu : un fichier {PORTRAITS_DIR}/{photo.src}). "
                f"Ajoutez l'image dans {PORTRAITS_DIR}/photos/ ou corrigez le nom (majuscules comprises)."
            )))
    return problems


def _folded(text: str) -> str:
    return " ".join(french_sort_key(text)[0].split())
